//! `Caller<'_, T>`: what a host function sees of the store calling it.
//!
//! A host function made with [`Func::wrap`](crate::Func::wrap) or
//! [`Linker::func_wrap`](crate::Linker::func_wrap) may take a `Caller` as
//! its first parameter. Through it the function reads and changes the
//! store's data, reaches the calling instance's exports (typically its
//! `"memory"`), reads or refills fuel, and calls back into wasm: `Caller`
//! is [`AsContextMut`](crate::AsContextMut), so every handle method takes
//! `&mut caller` where it would take `&mut store`.
//!
//! ```
//! use brisk_runtime::{Caller, Engine, Error, Linker, Module, Store};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "host" "log" (func $log (param i32 i32)))
//!     (memory (export "memory") 1)
//!     (data (i32.const 16) "hello")
//!     (func (export "run") (call $log (i32.const 16) (i32.const 5))))"#)?;
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "log", |mut caller: Caller<'_, Vec<String>>, ptr: u32, len: u32| -> Result<(), Error> {
//!     let mem = caller.get_export("memory").and_then(|e| e.into_memory())
//!         .ok_or_else(|| Error::msg("no memory export"))?;
//!     let mut buf = vec![0; len as usize];
//!     mem.read(&caller, ptr as usize, &mut buf)?;
//!     caller.data_mut().push(String::from_utf8_lossy(&buf).into_owned());
//!     Ok(())
//! });
//! let mut store = Store::new(&engine, Vec::new());
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&mut store, "run")?.call(&mut store, ())?;
//! assert_eq!(store.data(), &["hello"]);
//! # Ok::<(), brisk_runtime::Error>(())
//! ```

use brisk_vm::InstanceId;

use crate::{Engine, Extern, Result, StoreContextMut};

/// The calling store and instance of a host function; see the
/// [module docs](self).
#[derive(Debug)]
pub struct Caller<'a, T> {
    pub(crate) cx: StoreContextMut<'a, T>,
    /// The calling wasm instance; `None` when the host called directly.
    pub(crate) instance: Option<InstanceId>,
}

impl<'a, T: 'static> Caller<'a, T> {
    /// The store's data.
    pub fn data(&self) -> &T {
        &self.cx.state.data
    }

    /// The store's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.cx.state.data
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.cx.state.shared.engine
    }

    /// The calling instance's export `name` (`None` if there is none, or
    /// if the host called the function directly).
    pub fn get_export(&mut self, name: &str) -> Option<Extern> {
        crate::instance::export_by_name(self.cx.vm, self.instance?, name)
    }

    /// Fuel left; an error if the engine does not meter fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        self.cx.get_fuel()
    }

    /// Sets the fuel left; an error if the engine does not meter fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        self.cx.set_fuel(fuel)
    }
}
