//! `Store<T>`: the owner of every instance, function, memory, table and
//! global made in it, plus the embedder's data `T` and the store's limits.
//!
//! Everything wasm can reach lives until the store is dropped (the vm's
//! [`VMStore`] keeps it), so handles ([`Func`],
//! [`Memory`](crate::Memory), ...) are plain copyable ids used together
//! with the store. Externref payloads live here too: wasm only ever sees
//! their non-zero ids.
//!
//! ```text
//! Store<T> ┬ vm: VMStore ─────────────── instances, host funcs, VMStoreContext (fuel, limits, interrupt)
//!          └ state: StoreState<T> ┬ data: T
//!                                 └ engine, externs, linker cache, deadline
//! ```
//!
//! The two halves are separate so a host function can get both at once:
//! during a call the vm hands the running host function `&mut VMStore`
//! and the `StoreState<T>` (as `&mut dyn Any`, downcast by
//! [`Caller`](crate::Caller)); see [`StoreContextMut`](crate::StoreContextMut).

use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use brisk_vm::VMStore;

use crate::{Engine, Error, Func, Result};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A store; see the [module docs](self).
///
/// `Store<T>` is `Send` when `T` is, so a store (with its instances) can
/// move to another thread; it is never `Sync`.
#[derive(Debug)]
pub struct Store<T> {
    pub(crate) vm: VMStore,
    pub(crate) state: StoreState<T>,
}

/// The part of a store host functions reach as `dyn Any`.
#[derive(Debug)]
pub(crate) struct StoreState<T> {
    pub shared: StoreShared,
    pub data: T,
}

/// The part of [`StoreState`] that does not depend on `T`.
pub(crate) struct StoreShared {
    /// Unique among all stores of the process.
    pub id: u64,
    pub engine: Engine,
    // INVARIANT: externref id `i + 1` is `externs[i]`.
    pub externs: Vec<Arc<dyn Any + Send + Sync>>,
    /// Host functions made from a linker definition, by the definition's
    /// address (kept alive by the function, so never reused).
    pub linker_funcs: HashMap<usize, Func>,
    /// Whether a deadline is registered with the watchdog.
    pub deadline: bool,
}

impl std::fmt::Debug for StoreShared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreShared")
            .field("id", &self.id)
            .field("externs", &self.externs.len())
            .finish()
    }
}

impl<T: 'static> Store<T> {
    /// An empty store for `engine`, holding `data`. With fuel metering on
    /// ([`Config::consume_fuel`](crate::Config::consume_fuel)) it starts
    /// with no fuel.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        let mut vm = VMStore::new(engine.registry().clone());
        vm.set_max_call_depth(engine.config().max_call_depth);
        if engine.config().consume_fuel {
            vm.set_fuel(0);
        }
        Store {
            vm,
            state: StoreState {
                shared: StoreShared {
                    id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                    engine: engine.clone(),
                    externs: Vec::new(),
                    linker_funcs: HashMap::new(),
                    deadline: false,
                },
                data,
            },
        }
    }

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

    /// Consumes the store, returning its data.
    pub fn into_data(self) -> T {
        self.state.data
    }
}

impl Drop for StoreShared {
    fn drop(&mut self) {
        if self.deadline {
            crate::deadline::cancel(self.id);
        }
    }
}

/// Sets the remaining fuel.
pub(crate) fn set_fuel(vm: &mut VMStore, shared: &StoreShared, fuel: u64) -> Result<()> {
    fuel_enabled(shared)?;
    vm.set_fuel(i64::try_from(fuel).unwrap_or(i64::MAX));
    Ok(())
}

/// The remaining fuel.
pub(crate) fn get_fuel(vm: &VMStore, shared: &StoreShared) -> Result<u64> {
    fuel_enabled(shared)?;
    Ok(vm.fuel().max(0) as u64)
}

fn fuel_enabled(shared: &StoreShared) -> Result<()> {
    if shared.engine.config().consume_fuel {
        Ok(())
    } else {
        Err(Error::Invalid(
            "fuel is not enabled in this engine (Config::consume_fuel)".into(),
        ))
    }
}
