//! SANDBOX-CRITICAL: the SIGSEGV/SIGBUS/SIGILL/SIGFPE handlers.
//!
//! Protects two things at once: a fault at a registered trap site of wasm
//! code running in an activation becomes a trap (the guest cannot crash
//! the host through a guard page, `ud2` or a division), and **every other
//! fault is forwarded** to the handler that was installed before ours (or
//! to the default action), so host bugs still crash instead of being
//! turned into wasm traps.
//!
//! ```text
//!   fault ─▶ handler (alternate stack)
//!             ├ thread in an activation, pc a trap site ─▶ edit ucontext:
//!             │      pc = brisk_vm_trap_resume(code, pc, fp); return
//!             │      └▶ (after sigreturn, normal context) backtrace, longjmp
//!             └ anything else ─▶ previous handler, or default action
//! ```
//!
//! Installed once per process, on the first `catch_traps`, with
//! `SA_SIGINFO | SA_ONSTACK`. Not `SA_NODEFER`: the handler never leaves by
//! a jump (it returns, and `sigreturn` restores the signal mask), so the
//! signal is never left blocked, and a fault inside the handler itself is
//! fatal rather than recursive. `SA_ONSTACK` because a wasm stack
//! overflow may leave no room on the thread's own stack; each thread that
//! enters `catch_traps` gets an alternate stack ([`ensure_alt_stack`]).

use std::cell::RefCell;
use std::io;
use std::mem::MaybeUninit;
use std::ptr;
use std::sync::OnceLock;

use super::{arch, registry};

/// The signals whose faults can be wasm traps.
const SIGNALS: [libc::c_int; 4] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGILL, libc::SIGFPE];

/// The handlers installed before ours, in [`SIGNALS`] order. Set before
/// ours are installed, never changed after, so the handler can read it.
static PREVIOUS: OnceLock<[libc::sigaction; 4]> = OnceLock::new();

/// Whether installation succeeded (or why not).
static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();

/// Installs the handlers once per process.
pub(super) fn ensure_installed() -> Result<(), String> {
    INSTALLED.get_or_init(install).clone()
}

fn install() -> Result<(), String> {
    let mut previous = [const { MaybeUninit::<libc::sigaction>::uninit() }; 4];
    for (slot, &sig) in previous.iter_mut().zip(&SIGNALS) {
        // SAFETY: querying (null new action) writes the current action to
        // a valid, writable `sigaction`.
        if unsafe { libc::sigaction(sig, ptr::null(), slot.as_mut_ptr()) } != 0 {
            return Err(format!("sigaction: {}", io::Error::last_os_error()));
        }
    }
    // SAFETY: every slot was written by the successful queries above.
    let previous = previous.map(|p| unsafe { p.assume_init() });
    if PREVIOUS.set(previous).is_err() {
        return Err("signal handlers installed twice".into());
    }
    for &sig in &SIGNALS {
        // SAFETY: a zeroed `sigaction` is a valid value (empty mask, no
        // flags); the fields are then set to our handler. `sigaction`
        // only reads it.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = handler as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            if libc::sigaction(sig, &action, ptr::null_mut()) != 0 {
                return Err(format!("sigaction: {}", io::Error::last_os_error()));
            }
        }
    }
    Ok(())
}

/// The handler of the four signals.
///
/// Async-signal-safe: it reads thread-locals without destructors, takes
/// the registry's read lock (see `registry.rs` on why that is safe here),
/// edits the context, or forwards; it does not allocate.
unsafe extern "C" fn handler(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    // SAFETY: errno is thread-local; the handler must leave it as found.
    let errno = unsafe { *libc::__errno_location() };
    // SAFETY: the kernel passes a valid ucontext to an SA_SIGINFO handler.
    let regs = unsafe { arch::fault_regs(ctx) };
    let code = if super::activation::in_activation() {
        registry::trap_code_in_handler(regs.pc)
    } else {
        None
    };
    match code {
        // SAFETY: the thread is in an activation (checked), which
        // `brisk_vm_trap_resume` unwinds to; `ctx` is the kernel's.
        Some(code) => unsafe { arch::resume_at_unwind(ctx, code as u8 as usize, &regs) },
        // SAFETY: the arguments are the kernel's, passed on unchanged.
        None => unsafe { forward(sig, info, ctx) },
    }
    // SAFETY: as above.
    unsafe { *libc::__errno_location() = errno };
}

/// Hands a fault that is not a wasm trap to the previous handler, or
/// restores the default action so the fault kills the process when the
/// faulting instruction runs again.
///
/// # Safety
/// The arguments must be the kernel's for this signal delivery.
unsafe fn forward(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    let Some(i) = SIGNALS.iter().position(|&s| s == sig) else {
        return;
    };
    let Some(previous) = PREVIOUS.get() else {
        return;
    };
    let prev = &previous[i];
    // SAFETY: `info` is the kernel's siginfo.
    let sent_by_process = unsafe { (*info).si_code } <= 0;
    match prev.sa_sigaction {
        libc::SIG_IGN if sent_by_process => {}
        libc::SIG_DFL | libc::SIG_IGN => {
            // A real fault re-executes after we return and now takes the
            // default action (the kernel does not ignore synchronous
            // faults either). A signal sent with kill() does not re-occur:
            // send it again; it is delivered once the handler returns.
            // SAFETY: a zeroed sigaction is SIG_DFL with no flags.
            unsafe {
                let mut dfl: libc::sigaction = std::mem::zeroed();
                dfl.sa_sigaction = libc::SIG_DFL;
                libc::sigaction(sig, &dfl, ptr::null_mut());
                if sent_by_process {
                    libc::raise(sig);
                }
            }
        }
        f if prev.sa_flags & libc::SA_SIGINFO != 0 => {
            // SAFETY: with SA_SIGINFO the previous handler has this
            // signature; it was installed by someone expecting these calls.
            unsafe {
                let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                    std::mem::transmute(f);
                f(sig, info, ctx)
            }
        }
        f => {
            // SAFETY: without SA_SIGINFO the previous handler takes only
            // the signal number.
            unsafe {
                let f: extern "C" fn(libc::c_int) = std::mem::transmute(f);
                f(sig)
            }
        }
    }
}

/// Size of the alternate signal stack we give threads whose own is missing
/// or smaller: the handler and a forwarded-to handler run there.
const ALT_STACK_SIZE: usize = 64 * 1024;

/// This thread's alternate signal stack, if we made it.
struct AltStack {
    /// The mapping: one guard page, then the stack.
    base: *mut libc::c_void,
    len: usize,
    stack: *mut libc::c_void,
}

impl Drop for AltStack {
    fn drop(&mut self) {
        // SAFETY: querying writes a valid `stack_t`; disabling is done only
        // if the installed stack is still ours (the thread may have
        // replaced or disabled it, e.g. std's thread exit disables it);
        // then nothing refers to the mapping, which we made and unmap once.
        unsafe {
            let mut cur: libc::stack_t = std::mem::zeroed();
            if libc::sigaltstack(ptr::null(), &mut cur) == 0 && cur.ss_sp == self.stack {
                let disable = libc::stack_t {
                    ss_sp: ptr::null_mut(),
                    ss_flags: libc::SS_DISABLE,
                    ss_size: 0,
                };
                libc::sigaltstack(&disable, ptr::null_mut());
            }
            libc::munmap(self.base, self.len);
        }
    }
}

thread_local! {
    /// `Some(None)`: the thread already had a large enough alternate
    /// stack; `Some(Some(_))`: ours, freed at thread exit.
    static ALT_STACK: RefCell<Option<Option<AltStack>>> = const { RefCell::new(None) };
}

/// Makes sure this thread has an alternate signal stack of at least
/// [`ALT_STACK_SIZE`] bytes (keeping one it already has).
pub(super) fn ensure_alt_stack() -> Result<(), String> {
    ALT_STACK
        .try_with(|slot| {
            let mut slot = slot.borrow_mut();
            if slot.is_none() {
                *slot = Some(new_alt_stack()?);
            }
            Ok(())
        })
        .map_err(|_| "thread is exiting".to_string())?
}

fn new_alt_stack() -> Result<Option<AltStack>, String> {
    // SAFETY: querying writes a valid `stack_t`.
    let mut old: libc::stack_t = unsafe { std::mem::zeroed() };
    // SAFETY: as above.
    if unsafe { libc::sigaltstack(ptr::null(), &mut old) } != 0 {
        return Err(format!("sigaltstack: {}", io::Error::last_os_error()));
    }
    if old.ss_flags & libc::SS_DISABLE == 0 && old.ss_size >= ALT_STACK_SIZE {
        return Ok(None);
    }
    // SAFETY: sysconf has no preconditions.
    let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    let len = page + ALT_STACK_SIZE;
    // SAFETY: an anonymous private mapping at a kernel-chosen address
    // touches no existing memory.
    let base = unsafe {
        libc::mmap(
            ptr::null_mut(),
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        return Err(format!("mmap: {}", io::Error::last_os_error()));
    }
    // SAFETY: `[base + page, base + len)` is inside the fresh mapping; the
    // first page stays PROT_NONE as a guard against the handler
    // overflowing its stack.
    let stack = unsafe { base.cast::<u8>().add(page).cast::<libc::c_void>() };
    let alt = AltStack { base, len, stack };
    // SAFETY: as above.
    if unsafe { libc::mprotect(stack, ALT_STACK_SIZE, libc::PROT_READ | libc::PROT_WRITE) } != 0 {
        return Err(format!("mprotect: {}", io::Error::last_os_error()));
    }
    let new = libc::stack_t {
        ss_sp: stack,
        ss_flags: 0,
        ss_size: ALT_STACK_SIZE,
    };
    // SAFETY: `new` describes readable, writable memory owned by `alt`,
    // which lives until thread exit (it goes into the thread-local) and
    // uninstalls itself before unmapping.
    if unsafe { libc::sigaltstack(&new, ptr::null_mut()) } != 0 {
        return Err(format!("sigaltstack: {}", io::Error::last_os_error()));
    }
    Ok(Some(alt))
}
