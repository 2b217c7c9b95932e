//! Access to a store through a [`Store`] or a [`Caller`]: the
//! `AsContext`/`AsContextMut` pattern (wasmtime's).
//!
//! Every operation on handles ([`Memory`](crate::Memory),
//! [`Global`](crate::Global), [`Table`](crate::Table),
//! [`Func`](crate::Func), ...) takes `impl AsContext` or
//! `impl AsContextMut`, so the same call works with `&mut store` in the
//! embedder and with `&mut caller` inside a host function:
//!
//! ```text
//!  &Store<T>, &Caller<T>          ─ AsContext    ─▶ StoreContext<'_, T>    { &VMStore,     &StoreState<T> }
//!  &mut Store<T>, &mut Caller<T>  ─ AsContextMut ─▶ StoreContextMut<'_, T> { &mut VMStore, &mut StoreState<T> }
//! ```

use brisk_vm::VMStore;

use crate::store::StoreState;
use crate::{Caller, Engine, Store};

/// Shared access to a store; see the [module docs](self).
#[derive(Debug)]
pub struct StoreContext<'a, T> {
    pub(crate) vm: &'a VMStore,
    pub(crate) state: &'a StoreState<T>,
}

/// Exclusive access to a store; see the [module docs](self).
#[derive(Debug)]
pub struct StoreContextMut<'a, T> {
    pub(crate) vm: &'a mut VMStore,
    pub(crate) state: &'a mut StoreState<T>,
}

impl<T> Clone for StoreContext<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for StoreContext<'_, T> {}

impl<'a, T: 'static> StoreContext<'a, T> {
    /// The engine.
    pub fn engine(&self) -> &'a Engine {
        &self.state.shared.engine
    }

    /// The embedder's data.
    pub fn data(&self) -> &'a T {
        &self.state.data
    }

    /// Fuel left; an error if the engine does not meter fuel.
    pub fn get_fuel(&self) -> crate::Result<u64> {
        crate::store::get_fuel(self.vm, &self.state.shared)
    }
}

impl<'a, T: 'static> StoreContextMut<'a, T> {
    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.state.shared.engine
    }

    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.state.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.state.data
    }

    /// Fuel left; an error if the engine does not meter fuel.
    pub fn get_fuel(&self) -> crate::Result<u64> {
        crate::store::get_fuel(self.vm, &self.state.shared)
    }

    /// Sets the fuel left; an error if the engine does not meter fuel.
    pub fn set_fuel(&mut self, fuel: u64) -> crate::Result<()> {
        crate::store::set_fuel(self.vm, &self.state.shared, fuel)
    }

    /// A shorter-lived copy of this context.
    pub fn reborrow(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut {
            vm: self.vm,
            state: self.state,
        }
    }

    /// Calls `f` with `vals`, giving host functions this store's data.
    pub(crate) fn call_raw(
        &mut self,
        f: *mut brisk_vm::VMFuncRef,
        vals: &mut [brisk_vm::ValRaw],
    ) -> Result<(), brisk_vm::Trap> {
        self.vm.call_with(self.state, f, vals)
    }
}

/// Something that gives shared access to a store: `Store<T>`, `Caller<T>`,
/// their contexts, and references to any of these.
pub trait AsContext {
    /// The store's data type.
    type Data: 'static;
    /// The store.
    fn as_context(&self) -> StoreContext<'_, Self::Data>;
}

/// Something that gives exclusive access to a store.
pub trait AsContextMut: AsContext {
    /// The store.
    fn as_context_mut(&mut self) -> StoreContextMut<'_, Self::Data>;
}

impl<T: 'static> AsContext for Store<T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            vm: &self.vm,
            state: &self.state,
        }
    }
}

impl<T: 'static> AsContextMut for Store<T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        StoreContextMut {
            vm: &mut self.vm,
            state: &mut self.state,
        }
    }
}

impl<T: 'static> AsContext for Caller<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        self.cx.as_context()
    }
}

impl<T: 'static> AsContextMut for Caller<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        self.cx.reborrow()
    }
}

impl<T: 'static> AsContext for StoreContext<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        *self
    }
}

impl<T: 'static> AsContext for StoreContextMut<'_, T> {
    type Data = T;
    fn as_context(&self) -> StoreContext<'_, T> {
        StoreContext {
            vm: self.vm,
            state: self.state,
        }
    }
}

impl<T: 'static> AsContextMut for StoreContextMut<'_, T> {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, T> {
        self.reborrow()
    }
}

impl<C: AsContext + ?Sized> AsContext for &C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        C::as_context(self)
    }
}

impl<C: AsContext + ?Sized> AsContext for &mut C {
    type Data = C::Data;
    fn as_context(&self) -> StoreContext<'_, C::Data> {
        C::as_context(self)
    }
}

impl<C: AsContextMut + ?Sized> AsContextMut for &mut C {
    fn as_context_mut(&mut self) -> StoreContextMut<'_, C::Data> {
        C::as_context_mut(self)
    }
}

impl<'a, T: 'static> From<&'a mut Store<T>> for StoreContextMut<'a, T> {
    fn from(s: &'a mut Store<T>) -> Self {
        StoreContextMut {
            vm: &mut s.vm,
            state: &mut s.state,
        }
    }
}

impl<'a, 'b: 'a, T: 'static> From<&'a mut Caller<'b, T>> for StoreContextMut<'a, T> {
    fn from(c: &'a mut Caller<'b, T>) -> Self {
        c.cx.reborrow()
    }
}

impl<'a, 'b: 'a, T: 'static> From<&'a mut StoreContextMut<'b, T>> for StoreContextMut<'a, T> {
    fn from(c: &'a mut StoreContextMut<'b, T>) -> Self {
        c.reborrow()
    }
}

impl<'a, T: 'static> From<&'a Store<T>> for StoreContext<'a, T> {
    fn from(s: &'a Store<T>) -> Self {
        s.as_context()
    }
}

impl<'a, T: 'static> From<&'a mut Store<T>> for StoreContext<'a, T> {
    fn from(s: &'a mut Store<T>) -> Self {
        StoreContext {
            vm: &s.vm,
            state: &s.state,
        }
    }
}

impl<'a, 'b: 'a, T: 'static> From<&'a Caller<'b, T>> for StoreContext<'a, T> {
    fn from(c: &'a Caller<'b, T>) -> Self {
        c.as_context()
    }
}

impl<'a, 'b: 'a, T: 'static> From<&'a mut Caller<'b, T>> for StoreContext<'a, T> {
    fn from(c: &'a mut Caller<'b, T>) -> Self {
        StoreContext {
            vm: c.cx.vm,
            state: c.cx.state,
        }
    }
}
