//! The slow, rare instructions of the executor: growing, bulk table and
//! memory operations with segments, and segment drops.
//!
//! Sandbox-critical, but the checks are not here: every operation is
//! `brisk_vm::bulk`, the same checked code the compiled tier's builtins
//! run (every range checked against the current table, memory or segment
//! size before anything is touched), so both tiers trap on exactly the
//! same inputs. This file only adapts the interpreter's operands
//! (memory 0, as the executor caches it) to those functions.

use brisk_vm::VMContext;
use brisk_vm::bulk;

pub(super) use brisk_vm::bulk::{
    data_drop, elem_drop, table_copy, table_fill, table_grow, table_init,
};

/// `memory.grow` of memory 0: the old size in pages, or -1.
///
/// # Safety
/// `vmctx` must be a live instance context with a memory.
pub(super) unsafe fn memory_grow(vmctx: *mut VMContext, delta: u32) -> i32 {
    // SAFETY: the caller's contract is `bulk::memory_grow`'s for memory 0.
    unsafe { bulk::memory_grow(vmctx, 0, delta) }
}

/// `memory.init` of data segment `data` into memory 0 (`base`, `len`).
///
/// # Safety
/// `vmctx` must be a live instance context whose memory 0 is `base..len`.
pub(super) unsafe fn memory_init(
    vmctx: *mut VMContext,
    data: u32,
    base: *mut u8,
    len: usize,
    d: i32,
    s: u32,
    n: u32,
) -> Result<(), brisk_vm::TrapCode> {
    // SAFETY: the caller's contract is `bulk::memory_init`'s; the address
    // operand is the i32 reinterpreted as unsigned, as the vm expects.
    unsafe { bulk::memory_init(vmctx, data, base, len, d as u32, s, n) }
}
