//! `Store<T>`: the owner of every instance, function, memory, table and
//! global made in it, plus the embedder's data `T`.
//!
//! Everything wasm can reach lives until the store is dropped (the vm's
//! [`VMStore`] keeps it), so handles ([`Func`](crate::Func),
//! [`Memory`](crate::Memory), ...) are plain copyable ids used together
//! with the store. Externref payloads live here too: wasm only ever sees
//! their non-zero ids.

use std::any::Any;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

use brisk_vm::VMStore;

use crate::Engine;

/// A store; see the [module docs](self).
#[derive(Debug)]
pub struct Store<T> {
    pub(crate) inner: StoreInner,
    data: T,
}

/// The part of a store that does not depend on `T`.
pub(crate) struct StoreInner {
    /// Unique among all stores of the process, for per-store caches.
    pub id: u64,
    pub engine: Engine,
    pub vm: VMStore,
    // INVARIANT: externref id `i + 1` is `externs[i]`.
    pub externs: Vec<Arc<dyn Any + Send + Sync>>,
}

impl std::fmt::Debug for StoreInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreInner")
            .field("vm", &self.vm)
            .field("externs", &self.externs.len())
            .finish()
    }
}

impl<T> Store<T> {
    /// An empty store for `engine`, holding `data`.
    pub fn new(engine: &Engine, data: T) -> Store<T> {
        let mut vm = VMStore::new(engine.registry().clone());
        vm.context().max_call_depth = engine.config().max_call_depth;
        Store {
            inner: StoreInner {
                id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
                engine: engine.clone(),
                vm,
                externs: Vec::new(),
            },
            data,
        }
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// The embedder's data.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The embedder's data, mutably.
    pub fn data_mut(&mut self) -> &mut T {
        &mut self.data
    }

    /// Consumes the store, returning its data.
    pub fn into_data(self) -> T {
        self.data
    }
}
