//! Native extensions as host modules: a shared library implementing the
//! C ABI of `include/brisk_extension.h`, loaded at run time (the way
//! WasmEdge plugins work) and linked like any [`HostModule`].
//!
//! [`Extension::load`] opens and checks the library (all of that, and all
//! `unsafe`, is `brisk_vm::extension`'s); [`Extension::host_module`] makes
//! a [`HostModule`] of it given an [`Accessor`] to an [`ExtensionStates`]
//! in the store's data, where each store keeps the extension's state
//! (made by the extension's `init` on the store's first call into it,
//! freed by its `drop` with the store).
//!
//! ```text
//! Extension::load("libfoo.so") ─▶ Extension ─ host_module(|d| &mut d.ext) ─▶ linker.add_host_module
//! wasm call foo.f(args) ─▶ ExtensionStates (per store) ─▶ state.call(f, args, caller's "memory")
//! ```
//!
//! ```no_run
//! use brisk_runtime::{Engine, Extension, ExtensionStates, Linker, Module, Store};
//!
//! let engine = Engine::default();
//! let ext = Extension::load("target/debug/libbrisk_example_extension.so")?;
//! let mut linker = Linker::new(&engine);
//! linker.add_host_module(&ext.host_module(|states: &mut ExtensionStates| states))?;
//! let module = Module::from_file(&engine, "examples/extension/guest.wat")?;
//! let mut store = Store::new(&engine, ExtensionStates::default());
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&mut store, "_start")?.call(&mut store, ())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::Path;
use std::sync::Arc;

use brisk_parser::FuncType;
use brisk_vm::{ExtensionState, HostContext, HostFnCx, Trap, ValRaw};

pub use brisk_vm::ExtensionError;

use crate::{Accessor, Caller, HostModule, IntoFunc, Linker, Result};

/// A loaded, checked native extension; cheap to clone. See the
/// [module docs](self).
#[derive(Clone, Debug)]
pub struct Extension(Arc<brisk_vm::Extension>);

impl Extension {
    /// Loads the shared library at `path` and checks its descriptor (ABI
    /// version, names, types). A path without `/` is relative to the
    /// current directory, not searched on the library path.
    pub fn load(path: impl AsRef<Path>) -> Result<Extension, ExtensionError> {
        brisk_vm::Extension::load(path).map(|e| Extension(Arc::new(e)))
    }

    /// The import module name of its functions.
    pub fn module_name(&self) -> &str {
        self.0.module_name()
    }

    /// The file it was loaded from.
    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Its functions: field name and type, in declaration order.
    pub fn functions(&self) -> impl ExactSizeIterator<Item = (&str, &FuncType)> + '_ {
        self.0.functions().iter().map(|f| (f.name.as_str(), &f.ty))
    }

    /// A host module defining its functions, with each store's state in
    /// the [`ExtensionStates`] that `states` finds in the store's data.
    pub fn host_module<T>(&self, states: Accessor<T, ExtensionStates>) -> ExtensionModule<T> {
        ExtensionModule {
            ext: self.clone(),
            states,
        }
    }
}

/// The states of every extension one store has called; put one in the
/// store's data (see [`Extension::host_module`]). Dropping it (with the
/// store) frees each state with its extension's `drop`.
#[derive(Debug, Default)]
pub struct ExtensionStates {
    // INVARIANT: at most one state per extension (by `Arc` address).
    states: Vec<ExtensionState>,
}

impl ExtensionStates {
    /// Takes `ext`'s state out (making it on first use), so the store can
    /// be borrowed while the extension runs; [`put`](Self::put) returns it.
    fn take(&mut self, ext: &Arc<brisk_vm::Extension>) -> ExtensionState {
        match self
            .states
            .iter()
            .position(|s| Arc::ptr_eq(s.extension(), ext))
        {
            Some(i) => self.states.swap_remove(i),
            None => ext.new_state(),
        }
    }

    fn put(&mut self, state: ExtensionState) {
        self.states.push(state);
    }

    /// How many extensions have a state in this store.
    pub fn len(&self) -> usize {
        self.states.len()
    }

    /// Whether no extension has been called in this store yet.
    pub fn is_empty(&self) -> bool {
        self.states.is_empty()
    }
}

/// An [`Extension`] as a [`HostModule`]; made by
/// [`Extension::host_module`].
#[derive(Debug)]
pub struct ExtensionModule<T> {
    ext: Extension,
    states: Accessor<T, ExtensionStates>,
}

impl<T: 'static> HostModule<T> for ExtensionModule<T> {
    fn name(&self) -> &str {
        self.ext.module_name()
    }

    fn add_to_linker(&self, linker: &mut Linker<T>) -> Result<()> {
        for (index, f) in self.ext.0.functions().iter().enumerate() {
            let body = ExtensionFunc {
                ext: self.ext.0.clone(),
                index,
                states: self.states,
            };
            linker.func_wrap(self.ext.module_name(), &f.name, body);
        }
        Ok(())
    }
}

/// One extension function as a host function body (its type is only
/// known at run time, so it implements [`IntoFunc`] directly).
struct ExtensionFunc<T> {
    ext: Arc<brisk_vm::Extension>,
    index: usize,
    states: Accessor<T, ExtensionStates>,
}

/// [`IntoFunc`] marker for functions typed at run time.
#[doc(hidden)]
#[derive(Debug)]
pub enum Dynamic {}

impl<T: 'static> IntoFunc<T, Dynamic, Dynamic> for ExtensionFunc<T> {
    fn into_func(self) -> (FuncType, HostFnCx) {
        let ty = self.ext.functions()[self.index].ty.clone();
        let host = move |cx: HostContext<'_>, vals: &mut [ValRaw]| {
            let mut caller = crate::func::caller::<T>(cx)?;
            self.call(&mut caller, vals)
        };
        (ty, Box::new(host))
    }
}

impl<T: 'static> ExtensionFunc<T> {
    fn call(&self, caller: &mut Caller<'_, T>, vals: &mut [ValRaw]) -> Result<(), Trap> {
        let mut state = (self.states)(caller.data_mut()).take(&self.ext);
        let memory = caller.get_export("memory").and_then(|e| e.into_memory());
        let result = match memory {
            Some(m) => state.call(self.index, vals, Some(m.data_mut(&mut *caller))),
            None => state.call(self.index, vals, None),
        };
        (self.states)(caller.data_mut()).put(state);
        result
    }
}
