//! The store context's shared allocation, and interrupting a store from
//! another thread.
//!
//! Tiers check [`VMStoreContext::interrupt`] (a relaxed load) at function
//! entry and at loop headers when interruption is compiled in, and trap
//! [`TrapCode::Interrupted`](crate::TrapCode::Interrupted) on a non-zero
//! value. Another thread sets it through an [`InterruptHandle`], which
//! must stay usable after the store is gone, so the context lives in a
//! reference-counted cell (`ContextCell`) that the store and every
//! handle share:
//!
//! ```text
//!   VMStore ──Arc──▶ ContextCell(UnsafeCell<VMStoreContext>) ◀──Arc── InterruptHandle
//!      ▲                    ▲ header.store (raw)                        (any thread:
//!   owner thread:        every VMContext of the store                  atomic store
//!   plain fields                                                       to `interrupt`)
//! ```
//!
//! The store clears the flag when its outermost call returns the
//! `Interrupted` trap (see [`VMStore::call_with`](crate::VMStore::call_with)),
//! so the store stays usable; a request made between calls makes the next
//! call trap at its first check.

use std::cell::UnsafeCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::VMStoreContext;

/// A [`VMStoreContext`] shared between its store and interrupt handles.
///
/// # Invariants
/// The owning store's thread is the only one that touches fields other
/// than `interrupt`; `interrupt` is only ever accessed atomically.
#[derive(Debug)]
pub(crate) struct ContextCell(UnsafeCell<VMStoreContext>);

// SAFETY: the only field accessed from several threads is the
// `AtomicU32` `interrupt`, and only through atomic operations (type
// invariant); the other fields are used by the one thread that owns the
// store (moving the store moves that role with it).
unsafe impl Sync for ContextCell {}
// SAFETY: `VMStoreContext` holds only integers and an atomic.
unsafe impl Send for ContextCell {}

impl ContextCell {
    pub(crate) fn new() -> Arc<ContextCell> {
        Arc::new(ContextCell(UnsafeCell::new(VMStoreContext::default())))
    }

    /// The context, for the store and the `VMContext` headers.
    pub(crate) fn get(&self) -> *mut VMStoreContext {
        self.0.get()
    }

    /// The interrupt flag.
    pub(crate) fn interrupt_flag(&self) -> &AtomicU32 {
        // SAFETY: the cell is live while `self` is; a shared reference to
        // the atomic field alone is what every other thread uses, and the
        // store's thread also accesses it only atomically (invariant).
        unsafe { &(*self.0.get()).interrupt }
    }
}

/// Asks a store's running (or next) wasm code to trap with
/// [`TrapCode::Interrupted`](crate::TrapCode::Interrupted). Cheap to clone,
/// usable from any thread, and harmless after the store is dropped.
///
/// ```
/// use std::sync::Arc;
/// use brisk_vm::{TypeRegistry, VMStore};
///
/// let store = VMStore::new(Arc::new(TypeRegistry::new()));
/// let handle = store.interrupt_handle();
/// std::thread::spawn(move || handle.interrupt()).join().unwrap();
/// assert!(store.interrupt_requested());
/// ```
#[derive(Clone, Debug)]
pub struct InterruptHandle(pub(crate) Arc<ContextCell>);

impl InterruptHandle {
    /// Sets the store's interrupt flag.
    pub fn interrupt(&self) {
        self.0.interrupt_flag().store(1, Ordering::Relaxed);
    }

    /// Whether two handles interrupt the same store.
    pub fn same_store(&self, other: &InterruptHandle) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
