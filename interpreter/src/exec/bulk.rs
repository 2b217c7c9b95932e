//! The slow, rare instructions of the executor: growing, bulk table and
//! memory operations with segments. Sandbox-critical: every range is
//! checked against the current table or memory size (and segment length)
//! before anything is touched, so a guest can only reach its own
//! memories and tables.

use std::ptr;

use brisk_vm::{Instance, TrapCode, VMContext, VMTableDefinition};

/// `table.grow`: the old size, or -1.
///
/// # Safety
/// `vmctx` must be a live instance context with table `index`; `init` a
/// valid element of that table (a value of its type from wasm).
pub(super) unsafe fn table_grow(vmctx: *mut VMContext, index: u32, delta: u32, init: usize) -> i32 {
    // SAFETY: the instance is live; the reference is not held across
    // anything that could re-enter it.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    // SAFETY: `init` is valid for the table (caller).
    match unsafe { inst.table_grow(index, u64::from(delta), init) } {
        Some(old) => old as i32,
        None => -1,
    }
}

/// `memory.grow` of memory 0: the old size in pages, or -1.
///
/// # Safety
/// `vmctx` must be a live instance context with a memory.
pub(super) unsafe fn memory_grow(vmctx: *mut VMContext, delta: u32) -> i32 {
    // SAFETY: as in `table_grow`.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    match inst.memory_grow(0, u64::from(delta)) {
        Some(old) => old as i32,
        None => -1,
    }
}

fn in_bounds(start: u32, n: u32, len: u64) -> bool {
    u64::from(start) + u64::from(n) <= len
}

/// `table.fill`.
///
/// # Safety
/// `t` must be a live table definition; `val` a valid element for it.
pub(super) unsafe fn table_fill(
    t: *mut VMTableDefinition,
    start: u32,
    val: usize,
    n: u32,
) -> Result<(), TrapCode> {
    // SAFETY: `t` is live (caller); the range is checked first.
    unsafe {
        if !in_bounds(start, n, (*t).current_elements) {
            return Err(TrapCode::TableOutOfBounds);
        }
        for i in 0..n as usize {
            *(*t).base.add(start as usize + i) = val;
        }
    }
    Ok(())
}

/// `table.copy` (the tables may be the same; ranges may overlap).
///
/// # Safety
/// `dt` and `st` must be live table definitions of the same element type.
pub(super) unsafe fn table_copy(
    dt: *mut VMTableDefinition,
    st: *mut VMTableDefinition,
    d: u32,
    s: u32,
    n: u32,
) -> Result<(), TrapCode> {
    // SAFETY: both live (caller); both ranges checked first; `ptr::copy`
    // allows overlap.
    unsafe {
        if !in_bounds(d, n, (*dt).current_elements) || !in_bounds(s, n, (*st).current_elements) {
            return Err(TrapCode::TableOutOfBounds);
        }
        ptr::copy(
            (*st).base.add(s as usize),
            (*dt).base.add(d as usize),
            n as usize,
        );
    }
    Ok(())
}

/// `table.init` from element segment `elem`.
///
/// # Safety
/// `vmctx` must be a live instance context, `t` its table definition of
/// the segment's element type.
pub(super) unsafe fn table_init(
    vmctx: *mut VMContext,
    t: *mut VMTableDefinition,
    elem: u32,
    d: u32,
    s: u32,
    n: u32,
) -> Result<(), TrapCode> {
    // SAFETY: as in `table_grow`.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    let seg = inst.elem_segment(elem);
    // SAFETY: `t` live (caller); ranges checked before the copy; the
    // segment and the table are different allocations.
    unsafe {
        if !in_bounds(s, n, seg.len() as u64) || !in_bounds(d, n, (*t).current_elements) {
            return Err(TrapCode::TableOutOfBounds);
        }
        ptr::copy_nonoverlapping(
            seg.as_ptr().add(s as usize),
            (*t).base.add(d as usize),
            n as usize,
        );
    }
    Ok(())
}

/// `elem.drop`.
///
/// # Safety
/// `vmctx` must be a live instance context.
pub(super) unsafe fn elem_drop(vmctx: *mut VMContext, elem: u32) {
    // SAFETY: as in `table_grow`.
    unsafe { Instance::from_vmctx(vmctx) }.drop_elem(elem);
}

/// `data.drop`.
///
/// # Safety
/// `vmctx` must be a live instance context.
pub(super) unsafe fn data_drop(vmctx: *mut VMContext, data: u32) {
    // SAFETY: as in `table_grow`.
    unsafe { Instance::from_vmctx(vmctx) }.drop_data(data);
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
) -> Result<(), TrapCode> {
    // SAFETY: as in `table_grow`.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    let seg = inst.data_segment(data);
    if !in_bounds(s, n, seg.len() as u64) || !in_bounds(d as u32, n, len as u64) {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    // SAFETY: both ranges checked; the segment is not in linear memory.
    unsafe {
        ptr::copy_nonoverlapping(
            seg.as_ptr().add(s as usize),
            base.add(d as u32 as usize),
            n as usize,
        );
    }
    Ok(())
}
