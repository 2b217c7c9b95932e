//! Host functions behind the uniform call entry.
//!
//! A host function is a boxed Rust closure over raw values. The store
//! keeps it at a stable address with a [`VMFuncRef`] whose `vmctx` points
//! back at it, and whose `array_call` is [`host_array_call`], so wasm (any
//! tier) and the host call it exactly like a wasm function. Panics are
//! caught and become traps (unwinding out of `extern "C"` would abort),
//! and `funcref` results are checked to belong to the store, so a closure
//! cannot hand wasm a dangling reference.
//!
//! # Reaching the store from a host function
//!
//! A [`HostFnCx`] closure receives a [`HostContext`]: `&mut` the
//! [`VMStore`] that is running it, the embedder's data passed to the
//! outermost [`VMStore::call_with`], and the calling instance. This is
//! how the runtime's `Caller` reads the caller's memory, mutates store
//! data and calls back into wasm, without `unsafe` of its own.
//!
//! ```text
//!  VMStore::call_with(&mut self, data, f)          host_array_call(callee, caller_vmctx)
//!    ├ active := { self as *mut, data as *mut } ──▶  reads host.active
//!    ├ f.array_call(...)  ─ wasm ─ call ──────────▶  HostContext { &mut *store, &mut *data, caller }
//!    └ active := previous                            (may call_with again: nested, restored)
//! ```
//!
//! Why this is sound: the pointers in [`Active`] are derived from the
//! `&mut VMStore` and `&mut dyn Any` that `call_with` holds, and are set
//! only for the duration of that call. While wasm runs, `call_with` does
//! not use its own borrows: the outer `&mut` is suspended, and the host
//! function's `&mut` is a reborrow of it through the pointer, live only
//! while the host function runs (which is while wasm is suspended in the
//! call instruction, touching nothing of the store). Tiers never hold a
//! Rust reference into the store's instances across a call (see
//! [`Instance::from_vmctx`](crate::Instance::from_vmctx)), and they reload
//! table bases after calls, so whatever the host does through its `&mut`
//! (grow a table, instantiate, write memory) invalidates nothing they use.
//! A nested `call_with` saves and restores the pointers, so the outer host
//! function sees its own again when the inner call returns. Outside any
//! call the pointers are null and a host function traps instead of
//! touching them.

use std::any::Any;
use std::cell::Cell;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;
use std::sync::Arc;

use brisk_parser::{FuncType, HeapType, ValType};

use crate::{InstanceId, Trap, VMContext, VMFuncRef, VMStore, ValRaw};

/// A host function's body: arguments in `[..n_params]`, results written to
/// `[..n_results]` (the slice is at least as long as both).
pub type HostFn = Box<dyn Fn(&mut [ValRaw]) -> Result<(), Trap> + Send + Sync>;

/// A host function's body with access to the store running it; see
/// [`HostContext`] and [`VMStore::host_func_cx`].
pub type HostFnCx = Box<dyn Fn(HostContext<'_>, &mut [ValRaw]) -> Result<(), Trap> + Send + Sync>;

/// What a [`HostFnCx`] can reach while it runs.
///
/// [`VMStore::call_with`] records raw pointers to its `&mut VMStore` and
/// `&mut dyn Any` data for the duration of the call; the host trampoline
/// turns them back into these references while the host function runs.
/// That is sound because the outer borrows are suspended (the call does
/// not touch them until wasm returns), the references are reborrows of
/// them, live only while wasm is suspended in a call instruction, and
/// tiers hold no Rust reference into the store across calls (they reload
/// table bases afterwards). A nested `call_with` saves and restores the
/// record, so each host function sees its own call's store and data.
#[derive(Debug)]
pub struct HostContext<'a> {
    /// The store running the host function.
    pub store: &'a mut VMStore,
    /// The data passed to the outermost [`VMStore::call_with`] (`()` for
    /// [`VMStore::call`]).
    pub data: &'a mut dyn Any,
    /// The calling wasm instance, or `None` when the host called the
    /// function directly.
    pub caller: Option<InstanceId>,
}

/// The store and data of the call in progress; null outside calls.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Active {
    pub store: *mut VMStore,
    pub data: Option<NonNull<dyn Any>>,
}

impl Active {
    pub(crate) const NONE: Active = Active {
        store: std::ptr::null_mut(),
        data: None,
    };
}

/// The store's [`Active`] record, at a stable address host functions
/// point to.
pub(crate) type ActiveCell = Cell<Active>;

/// A host function at a stable address; see the [module docs](self).
pub(crate) struct VMHostFunc {
    // INVARIANT: func_ref.vmctx points to this VMHostFunc, cast.
    pub func_ref: VMFuncRef,
    pub callback: HostFnCx,
    pub ty: Arc<FuncType>,
    /// The store's set of valid funcref addresses (lives as long as the
    /// store, like this function).
    pub funcrefs: *const HashSet<usize>,
    /// The store's record of the call in progress (lives as long as the
    /// store).
    pub active: *const ActiveCell,
}

/// Whether `v` of type `ty` is acceptable in this store: any number, and a
/// funcref only if null or one of `funcrefs`.
pub(crate) fn valid_in_store(ty: ValType, v: ValRaw, funcrefs: &HashSet<usize>) -> bool {
    match ty {
        ValType::Ref(r) if r.heap_type != HeapType::Extern => {
            let p = v.get_funcref() as usize;
            p == 0 || funcrefs.contains(&p)
        }
        _ => true,
    }
}

/// The `array_call` of every host function.
///
/// # Safety
/// `callee` must be the `VMFuncRef` of a live [`VMHostFunc`],
/// `caller_vmctx` null or the live context of an instance (of the same
/// store, as every caller is), and `args_and_results` valid for
/// `capacity` values.
pub(crate) unsafe extern "C" fn host_array_call(
    callee: *const VMFuncRef,
    caller_vmctx: *mut VMContext,
    args_and_results: *mut ValRaw,
    capacity: usize,
) -> *mut u8 {
    // SAFETY: by this function's contract `callee` belongs to a live
    // VMHostFunc, whose func_ref.vmctx points back at it.
    let host = unsafe { &*(*callee).vmctx.cast::<VMHostFunc>() };
    // SAFETY: by the contract, valid for `capacity` values, and nothing
    // else uses them during the call.
    let vals = unsafe { std::slice::from_raw_parts_mut(args_and_results, capacity) };
    if vals.len() < host.ty.params().len().max(host.ty.results().len()) {
        return Trap::host("host function called with too few value slots".into()).into_raw();
    }
    // SAFETY: the cell lives as long as the store, which outlives every
    // call into it.
    let active = unsafe { (*host.active).get() };
    let (Some(data), false) = (active.data, active.store.is_null()) else {
        return Trap::host("host function called outside a call of its store".into()).into_raw();
    };
    // SAFETY: `active` was set by `VMStore::call_with` of this function's
    // store, from the `&mut` borrows it holds for the whole call, which
    // is still in progress (it restores the previous record before it
    // returns); nothing else uses them while the host function runs. See
    // the module docs.
    let (store, data) = unsafe { (&mut *active.store, &mut *data.as_ptr()) };
    let caller = store.instance_id_of(caller_vmctx);
    let cx = HostContext {
        store,
        data,
        caller,
    };
    match catch_unwind(AssertUnwindSafe(|| (host.callback)(cx, vals))) {
        Ok(Ok(())) => {
            // SAFETY: the set lives as long as the store, which outlives
            // every call into it.
            let funcrefs = unsafe { &*host.funcrefs };
            let ok = host
                .ty
                .results()
                .iter()
                .zip(vals.iter())
                .all(|(&t, &v)| valid_in_store(t, v, funcrefs));
            if ok {
                std::ptr::null_mut()
            } else {
                Trap::host("host function returned a function reference of another store".into())
                    .into_raw()
            }
        }
        Ok(Err(trap)) => trap.into_raw(),
        Err(_) => Trap::host("host function panicked".into()).into_raw(),
    }
}
