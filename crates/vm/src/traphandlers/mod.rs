//! SANDBOX-CRITICAL: turning faults and raised traps of compiled wasm code
//! into [`Trap`] values, and getting back to the host.
//!
//! Protects: (1) a guest can only end its own execution: every trap of
//! compiled code, whether a hardware fault at a registered trap site or a
//! `raise` from a builtin, unwinds to the innermost [`catch_traps`] of its
//! thread, restoring the host's registers and stack exactly; (2) a fault
//! that is not a registered wasm trap site is never swallowed (see
//! `signals.rs`).
//!
//! ```text
//!  host ─▶ catch_traps(store, f) ─ push Activation (thread-local list)
//!           └ brisk_vm_setjmp_call(jmp_buf, f) ─▶ f ─▶ wasm ─▶ wasm ...
//!                                                       │ fault: signal handler ─▶ brisk_vm_trap_resume
//!                                                       │ builtin trap: raise ─▶ raise_impl
//!                                                       ▼
//!                       unwind: backtrace by frame pointers, store the Trap
//!                               in the activation, brisk_vm_longjmp(jmp_buf)
//!           ◀── setjmp_call "returns" 1 ── catch_traps returns Err(trap)
//! ```
//!
//! # Why jumping over frames is sound
//!
//! `brisk_vm_longjmp` discards every frame between the faulting or raising
//! code and `brisk_vm_setjmp_call`, without running anything in them. Those
//! frames are: wasm frames (compiled code holds no Rust values), the
//! `raise` entry and `raise_impl`/`unwind_signal` (which have moved the
//! trap into the activation and hold nothing else with a destructor when
//! they jump), the tier's trampoline, and `call_closure` with the closure
//! `f` it took by value: skipping `f`'s frames leaks what it owns, which is
//! safe, and is why an entry into wasm must not rely on a destructor in
//! `f` for soundness. Host frames are never skipped, as long as every
//! entry into wasm (including wasm → host → wasm) goes through
//! `catch_traps`, which makes the innermost activation the right target.
//! For Rust, `brisk_vm_setjmp_call` is an ordinary call that returns once
//! (0, or 1 after a jump) with callee-saved registers intact: no
//! returns-twice function is visible to the compiler.
//!
//! # Platforms
//!
//! Linux on x86-64 and AArch64 ([`TRAPS_SUPPORTED`]). Elsewhere the crate
//! builds, but [`catch_traps`] refuses to run compiled code and returns a
//! host trap saying so; the compiled tier checks [`TRAPS_SUPPORTED`] first
//! and reports an unsupported host.

mod registry;

pub use registry::{CodeInfo, CodeRegistration, is_wasm_code, register_code};

#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
use crate::VMContext;
use crate::{Trap, VMStoreContext};

/// Whether compiled code's traps can be caught on this platform.
pub const TRAPS_SUPPORTED: bool = cfg!(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
));

/// How much native stack wasm may use below the outermost `catch_traps`:
/// it sets `VMStoreContext::stack_limit` this far below its own frame when
/// the limit is unset.
pub const MAX_WASM_STACK: usize = 1024 * 1024;

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[path = "arch/x86_64.rs"]
mod arch;
#[cfg(all(target_os = "linux", target_arch = "aarch64"))]
#[path = "arch/aarch64.rs"]
mod arch;

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod activation;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod backtrace;
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod signals;

/// Runs `f`, which may run compiled wasm code, and returns the trap that
/// unwound out of it, if any.
///
/// Pushes an activation on this thread's list (so nested calls
/// wasm → host → wasm each catch their own traps), installs the signal
/// handlers (once per process) and this thread's alternate signal stack
/// (once per thread), sets `stack_limit` to [`MAX_WASM_STACK`] below the
/// current stack pointer if it is 0 (and back to 0 on exit), and restores
/// `call_depth` to its value at entry when a trap unwinds (the frames that
/// would have decremented it were skipped). A panic in `f` (outside wasm
/// frames) propagates normally. On an unsupported platform
/// ([`TRAPS_SUPPORTED`] false) it does not run `f` and returns a host trap.
///
/// # Safety
/// `store` must be the live store context of the wasm code `f` runs. Every
/// wasm frame `f` creates must be compiled code registered with
/// [`register_code`], with frame pointers, and `f` must not rely on
/// destructors of values it owns running if a trap unwinds out of it
/// (they are skipped; see the module docs).
pub unsafe fn catch_traps(store: *mut VMStoreContext, f: impl FnOnce()) -> Result<(), Trap> {
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    // SAFETY: the same contract.
    return unsafe { activation::catch_traps(store, f) };
    #[cfg(not(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    )))]
    {
        let _ = (store, f);
        Err(Trap::host(
            "compiled code is not supported on this platform (traps need Linux on x86-64 or aarch64)"
                .into(),
        ))
    }
}

/// The `raise` builtin as stored in [`BUILTINS`](crate::builtins::BUILTINS):
/// the assembly entry itself (`brisk_vm_raise`), so the return address it
/// captures is the calling wasm function's.
///
/// # Safety
/// Called by compiled wasm code only, inside [`catch_traps`], with `trap`
/// from [`Trap::into_raw`] (or null). Never returns.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub(crate) use activation::brisk_vm_raise as raise_entry;

/// `raise` where compiled code cannot run: [`catch_traps`] never runs it
/// here, so this is unreachable; it aborts.
///
/// # Safety
/// None needed; never returns.
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
pub(crate) unsafe extern "C" fn raise_entry(_vmctx: *mut VMContext, _trap: *mut u8) {
    std::process::abort()
}
