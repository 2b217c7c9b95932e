//! SANDBOX-CRITICAL: turning faults of compiled wasm code into traps.
//!
//! (Interim: only the `raise` entry's placeholder exists yet; the
//! activation list, signal handlers and code registry follow.)

use crate::VMContext;

/// The `raise` builtin. Placeholder until the unwinder lands: compiled
/// code cannot run yet, so reaching this is a bug; it aborts loudly.
///
/// # Safety
/// Never returns; callable with any arguments.
pub(crate) unsafe extern "C" fn raise_entry(_vmctx: *mut VMContext, _trap: *mut u8) {
    eprintln!("brisk-vm: raise called before trap unwinding exists");
    std::process::abort()
}
