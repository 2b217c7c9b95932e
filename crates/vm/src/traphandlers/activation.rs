//! SANDBOX-CRITICAL: activations (entries into wasm) and unwinding to
//! them.
//!
//! Protects: a trap always lands in the innermost `catch_traps` of its
//! thread, with the host's registers and stack exactly as they were; see
//! the [parent module](super) for why the jump is sound.

use std::any::Any;
use std::cell::{Cell, UnsafeCell};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};

use super::{MAX_WASM_STACK, backtrace, signals};
use crate::{Trap, TrapCode, VMContext, VMStoreContext};

/// Saved registers (see the arch files for the layout of each target).
#[repr(C, align(16))]
struct JmpBuf([usize; 24]);

/// One entry into wasm on this thread.
///
/// # Invariants
/// While `ACTIVATION` points to it, it is alive and pinned on the stack of
/// the `catch_traps` call that made it, and `jmp_buf` holds that call's
/// registers.
struct Activation {
    jmp_buf: UnsafeCell<JmpBuf>,
    prev: *const Activation,
    trap: Cell<Option<Trap>>,
}

thread_local! {
    /// The innermost activation of this thread, or null. `const`, no
    /// destructor: read by the signal handler as a plain TLS load.
    static ACTIVATION: Cell<*const Activation> = const { Cell::new(std::ptr::null()) };
}

/// Whether this thread is inside `catch_traps`.
pub(super) fn in_activation() -> bool {
    !ACTIVATION.with(|a| a.get()).is_null()
}

unsafe extern "C" {
    /// See `arch/*.rs`.
    fn brisk_vm_setjmp_call(
        buf: *mut JmpBuf,
        callback: unsafe extern "C" fn(*mut u8),
        data: *mut u8,
    ) -> i32;
    /// See `arch/*.rs`.
    fn brisk_vm_longjmp(buf: *const JmpBuf) -> !;
    /// See `arch/*.rs`; only its address is used.
    fn brisk_vm_trap_resume();
    /// See `arch/*.rs`: the `raise` builtin.
    pub(crate) fn brisk_vm_raise(vmctx: *mut VMContext, trap: *mut u8);
}

/// The address the signal handler resumes a trapping thread at.
pub(super) fn trap_resume_address() -> usize {
    brisk_vm_trap_resume as *const () as usize
}

/// `super::catch_traps` on a supported platform.
///
/// # Safety
/// As `super::catch_traps`.
pub(super) unsafe fn catch_traps<F: FnOnce()>(
    store: *mut VMStoreContext,
    f: F,
) -> Result<(), Trap> {
    signals::ensure_installed()
        .and_then(|()| signals::ensure_alt_stack())
        .map_err(|e| Trap::host(format!("cannot set up trap handling: {e}").into()))?;
    // SAFETY: `store` is live (caller); plain fields of this thread's store.
    let (saved_depth, set_limit) = unsafe { ((*store).call_depth, (*store).stack_limit == 0) };
    if set_limit {
        let here = &saved_depth as *const u32 as usize;
        // SAFETY: as above.
        unsafe { (*store).stack_limit = here.saturating_sub(MAX_WASM_STACK) };
    }
    let activation = Activation {
        jmp_buf: UnsafeCell::new(JmpBuf([0; 24])),
        prev: ACTIVATION.with(|a| a.get()),
        trap: Cell::new(None),
    };
    ACTIVATION.with(|a| a.set(&activation));
    let mut call: Call<F> = Call {
        f: Some(f),
        panic: None,
    };
    // SAFETY: the buffer is the activation's, alive for the whole call;
    // `call_closure::<F>` is given a `Call<F>` of the same `F`. See the
    // module docs for why returning through a jump is sound.
    let unwound = unsafe {
        brisk_vm_setjmp_call(
            activation.jmp_buf.get(),
            call_closure::<F>,
            (&mut call as *mut Call<F>).cast(),
        )
    };
    ACTIVATION.with(|a| a.set(activation.prev));
    // SAFETY: as above.
    unsafe {
        if set_limit {
            (*store).stack_limit = 0;
        }
        if unwound != 0 {
            (*store).call_depth = saved_depth;
        }
    }
    if unwound != 0 {
        return Err(activation
            .trap
            .take()
            .unwrap_or_else(|| Trap::host("internal error: unwound without a trap".into())));
    }
    if let Some(panic) = call.panic {
        resume_unwind(panic);
    }
    Ok(())
}

/// The closure and a panic escaping it, between `catch_traps` and
/// `call_closure`.
struct Call<F> {
    f: Option<F>,
    panic: Option<Box<dyn Any + Send>>,
}

/// Runs the closure of a `Call<F>`; a panic is caught (it must not unwind
/// through the assembly frame) and handed back to `catch_traps`.
///
/// # Safety
/// `data` must point to a live `Call<F>`.
unsafe extern "C" fn call_closure<F: FnOnce()>(data: *mut u8) {
    // SAFETY: caller's contract.
    let call = unsafe { &mut *data.cast::<Call<F>>() };
    if let Some(f) = call.f.take()
        && let Err(panic) = catch_unwind(AssertUnwindSafe(f))
    {
        call.panic = Some(panic);
    }
}

/// The Rust half of `raise`: `pc` is the return address into the calling
/// wasm function, `fp` its frame pointer.
///
/// # Safety
/// Called only by `brisk_vm_raise`, under `raise_entry`'s contract.
pub(super) unsafe extern "C" fn raise_impl(
    _vmctx: *mut VMContext,
    trap: *mut u8,
    pc: usize,
    fp: usize,
) -> ! {
    let trap = if trap.is_null() {
        Trap::host("internal error: raise called without a trap".into())
    } else {
        // SAFETY: a non-null `trap` is from `Trap::into_raw`, handed over.
        unsafe { Trap::from_raw(trap) }
    };
    // SAFETY: `fp` is the frame pointer of the wasm function at `pc - 1`,
    // whose frames are all still on the stack (we run below them).
    unsafe { unwind(trap, pc.wrapping_sub(1), fp) }
}

/// Where a trapping thread resumes after the signal handler (through
/// `brisk_vm_trap_resume`): ordinary code again, on the thread's stack
/// below the faulting frame.
///
/// # Safety
/// Called only by `brisk_vm_trap_resume` as the handler set it up: `pc` a
/// registered trap site in an activation, `fp` that function's frame
/// pointer.
pub(super) unsafe extern "C" fn unwind_signal(code: usize, pc: usize, fp: usize) -> ! {
    let code = TrapCode::from_u8(code as u8).unwrap_or(TrapCode::Unreachable);
    // SAFETY: caller's contract; the faulting frames are above us.
    unsafe { unwind(Trap::new(code), pc, fp) }
}

/// Adds the wasm backtrace from (`pc`, `fp`) to `trap`, stores it in the
/// innermost activation and jumps there. Nothing with a destructor is
/// live in this frame or its callers when it jumps (module docs).
///
/// # Safety
/// As `backtrace::collect`; the thread must be in an activation.
unsafe fn unwind(mut trap: Trap, pc: usize, fp: usize) -> ! {
    let activation = ACTIVATION.with(|a| a.get());
    if activation.is_null() {
        eprintln!("brisk-vm: a wasm trap was raised outside catch_traps: {trap}");
        std::process::abort();
    }
    // SAFETY: caller's contract.
    unsafe { backtrace::collect(&mut trap, pc, fp) };
    // SAFETY: the activation is alive (its invariant: it is on the list);
    // its buffer was filled by its `brisk_vm_setjmp_call`, whose frame is
    // still on the stack above us.
    unsafe {
        (*activation).trap.set(Some(trap));
        brisk_vm_longjmp((*activation).jmp_buf.get())
    }
}
