//! SANDBOX-CRITICAL: the wasm backtrace of a compiled-code trap, by
//! walking frame pointers.
//!
//! Protects: the walk reads a frame record only after proving the frame
//! belongs to registered wasm code (compiled with frame pointers
//! preserved), so it never follows a host frame's fp, which may not be a
//! frame pointer at all.
//!
//! ```text
//!   higher addresses
//!   ┌──────────────────┐
//!   │ return address   │ fp + 8   ─▶ pc in the caller (wasm? keep going)
//!   │ caller's fp      │ fp       ─▶ next record
//!   ├──────────────────┤
//!   │ locals, spills   │
//!   lower addresses
//! ```
//!
//! Frames come out innermost first, as the interpreter pushes them, with
//! the module offset of the executing instruction (the trapping one for
//! the innermost frame, the call for the others), so messages and
//! backtraces match across tiers.

use super::arch::RETURN_ADDRESS_OFFSET;
use super::registry;
use crate::Trap;

/// Appends to `trap` the frame at `pc` (the faulting instruction, or a
/// return address minus one) and then every wasm caller reached through
/// the frame-pointer chain from `fp`, the frame pointer of the function
/// executing at `pc`. Stops at the first pc that is not in a wasm
/// function.
///
/// # Safety
/// If `pc` is in a registered wasm function, `fp` must be that function's
/// live frame pointer, and every wasm frame up the chain must still be on
/// this thread's stack (not yet unwound).
pub(super) unsafe fn collect(trap: &mut Trap, pc: usize, fp: usize) {
    let map = registry::read();
    let Some(frame) = registry::info_at(&map, pc).and_then(|i| i.frame(pc)) else {
        return;
    };
    trap.push_frame(frame);
    let mut fp = fp;
    while fp != 0 && fp.is_multiple_of(8) {
        // SAFETY: `fp` is the frame pointer of a wasm function (the first
        // by the caller's contract, the others because their return
        // addresses were in wasm functions below), compiled with frame
        // pointers: it points at a live frame record of two words.
        let (caller_fp, ret) = unsafe {
            (
                *(fp as *const usize),
                *((fp + RETURN_ADDRESS_OFFSET) as *const usize),
            )
        };
        let pc = ret.wrapping_sub(1);
        match registry::info_at(&map, pc).and_then(|i| i.frame(pc)) {
            Some(frame) => trap.push_frame(frame),
            None => break,
        }
        // Callers' frames are at higher addresses: anything else is a
        // corrupt chain, and the walk stops rather than loop or stray.
        if caller_fp <= fp {
            break;
        }
        fp = caller_fp;
    }
}
