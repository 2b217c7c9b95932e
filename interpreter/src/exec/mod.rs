//! The executor: the one place in brisk-interp with `unsafe`.
//!
//! ```text
//!  host / other tier ──VMArrayCallFn──▶ array_call ──▶ enter ──▶ run ──▶ handler ──▶ handler ...  (threaded)
//!                                          │                      │ interp → interp: push a heap Frame
//!                                          │ Stack (slots, frames) │ anything else: callee.array_call
//!                                          └── thread-local cache  └ trap: Trap + wasm backtrace
//! ```
//!
//! A call from outside takes the thread's cached [`Stack`] (or a fresh
//! one when calls nest through the host), copies the arguments into its
//! first slots and runs until the entry frame returns. Calls between
//! interpreted functions, in the same instance or another, never recurse
//! on the host stack: they push a [`Frame`](run::Frame) on the stack's
//! frame list. Depth is bounded by `VMStoreContext::max_call_depth` and by
//! the slot array's size, both trapping with "call stack exhausted".

mod bulk;
#[macro_use]
mod macros;
mod handlers;
mod run;

pub use run::host_stack_suspensions;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::ptr;

use brisk_parser::ValType;
use brisk_vm::{Trap, VMContext, VMFuncRef, ValRaw};

use crate::code::ModuleCode;

/// Slots in one execution stack: 16 MiB of address space, committed by the
/// OS only as deep calls touch it.
const STACK_SLOTS: usize = 1 << 20;

/// The value slots and the frame list of one (outermost) call into the
/// interpreter.
///
/// # Invariants
/// `slots` never moves or shrinks while a call runs on it (frames hold raw
/// pointers into it).
pub(crate) struct Stack {
    // INVARIANT: allocated once with STACK_SLOTS zeroed entries.
    slots: Box<[u128]>,
    frames: Vec<run::Frame>,
}

impl Stack {
    fn new() -> Stack {
        Stack {
            // `vec![0; n]` allocates zeroed memory lazily (calloc).
            slots: vec![0u128; STACK_SLOTS].into_boxed_slice(),
            frames: Vec::with_capacity(64),
        }
    }
}

thread_local! {
    static CACHED_STACK: RefCell<Option<Stack>> = const { RefCell::new(None) };
}

/// The interpreter's [`VMArrayCallFn`](brisk_vm::VMArrayCallFn): runs the
/// interpreted function `callee` with its arguments in
/// `args_and_results[..params]`, writing its results to
/// `args_and_results[..results]`. Returns null, or a trap from
/// [`Trap::into_raw`].
///
/// # Safety
/// `callee` must be a live `VMFuncRef` of an instance the vm built from a
/// [`ModuleCode`] (so its `vmctx.header.code` points to that code), for a
/// function the module defines; `args_and_results` must hold `capacity >=
/// max(params, results)` values, the arguments valid for the callee's
/// parameter types.
pub unsafe extern "C" fn array_call(
    callee: *const VMFuncRef,
    _caller_vmctx: *mut VMContext,
    args_and_results: *mut ValRaw,
    capacity: usize,
) -> *mut u8 {
    // SAFETY: the caller guarantees `callee` is a live func ref of an
    // interpreted instance, whose header's `code` is the `ModuleCode` the
    // instance holds an `Arc` of (alive as long as the instance).
    let (vmctx, func_index, code) = unsafe {
        let vmctx = (*callee).vmctx;
        let code = &*(*vmctx).header.code.cast::<ModuleCode>();
        (vmctx, (*callee).func_index, code)
    };
    let ty = match code.module().validated().module.func_type(func_index) {
        Some(ty) => ty,
        None => return Trap::host("no such function".into()).into_raw(),
    };
    let (np, nr) = (ty.params().len(), ty.results().len());
    if capacity < np.max(nr) {
        return Trap::host("too few value slots for the call".into()).into_raw();
    }
    let mut stack = CACHED_STACK
        .with(|c| c.borrow_mut().take())
        .unwrap_or_else(Stack::new);
    // SAFETY: `args_and_results` holds `capacity >= np` values (caller's
    // contract) and the stack has STACK_SLOTS > np slots; ValRaw and u128
    // have the same size and alignment.
    unsafe {
        ptr::copy_nonoverlapping(
            args_and_results,
            stack.slots.as_mut_ptr().cast::<ValRaw>(),
            np,
        );
    }
    // SAFETY: `vmctx` is the live context of the instance `code` belongs to
    // and `func_index` one of its functions; the parameters are in slots
    // 0..np.
    let result = unsafe { run::enter(&mut stack, code, vmctx, func_index) };
    if result.is_ok() {
        for (i, t) in ty.results().iter().enumerate() {
            let mut bytes = stack.slots[i].to_le_bytes();
            if *t != ValType::V128 {
                // Scalars live in the low 8 bytes; the rest may be stale.
                bytes[8..].fill(0);
            }
            // SAFETY: `i < nr <= capacity` (checked above).
            unsafe { args_and_results.add(i).write(ValRaw::from_bytes(bytes)) };
        }
    }
    stack.frames.clear();
    CACHED_STACK.with(|c| *c.borrow_mut() = Some(stack));
    match result {
        Ok(()) => ptr::null_mut(),
        Err(trap) => trap.into_raw(),
    }
}
