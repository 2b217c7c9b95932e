//! Host functions behind the uniform call entry.
//!
//! A host function is a boxed Rust closure over raw values. The store
//! keeps it at a stable address with a [`VMFuncRef`] whose `vmctx` points
//! back at it, and whose `array_call` is [`host_array_call`], so wasm (any
//! tier) and the host call it exactly like a wasm function. Panics are
//! caught and become traps (unwinding out of `extern "C"` would abort),
//! and `funcref` results are checked to belong to the store, so a closure
//! cannot hand wasm a dangling reference.

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use brisk_parser::{FuncType, HeapType, ValType};

use crate::{Trap, VMContext, VMFuncRef, ValRaw};

/// A host function's body: arguments in `[..n_params]`, results written to
/// `[..n_results]` (the slice is at least as long as both).
pub type HostFn = Box<dyn Fn(&mut [ValRaw]) -> Result<(), Trap> + Send + Sync>;

/// A host function at a stable address; see the [module docs](self).
pub(crate) struct VMHostFunc {
    // INVARIANT: func_ref.vmctx points to this VMHostFunc, cast.
    pub func_ref: VMFuncRef,
    pub callback: HostFn,
    pub ty: Arc<FuncType>,
    /// The store's set of valid funcref addresses (lives as long as the
    /// store, like this function).
    pub funcrefs: *const HashSet<usize>,
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
/// `callee` must be the `VMFuncRef` of a live [`VMHostFunc`], and
/// `args_and_results` valid for `capacity` values.
pub(crate) unsafe extern "C" fn host_array_call(
    callee: *const VMFuncRef,
    _caller_vmctx: *mut VMContext,
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
    match catch_unwind(AssertUnwindSafe(|| (host.callback)(vals))) {
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
