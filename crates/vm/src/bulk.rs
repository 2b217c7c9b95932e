//! The checked slow operations both tiers share: growing memories and
//! tables, the bulk memory and table instructions, and segment drops.
//!
//! # Sandbox property
//!
//! **Every range is checked against the current size of its memory, table
//! or segment before a single byte or element is touched**, so a guest can
//! only reach its own memories and tables, and a failing operation changes
//! nothing (the spec's bulk-memory semantics: trap before any write).
//!
//! The interpreter calls these from its executor (`exec/bulk.rs`); the
//! compiled tier reaches them through the [`builtins`](crate::builtins)
//! its code calls via the `VMContext`. One implementation means one set
//! of trap conditions, so both tiers trap on exactly the same inputs.
//!
//! ```text
//!   interpreter handler ──┐
//!                         ├─▶ brisk_vm::bulk ─▶ Instance (grow, segments)
//!   compiled code ─▶ builtins ┘                 VMMemoryDefinition / VMTableDefinition
//! ```
//!
//! Addresses, indices and lengths are the wasm `i32` operands
//! reinterpreted as unsigned (`u32`), as the instructions define them.

use std::ptr;

use crate::{Instance, TrapCode, VMContext, VMTableDefinition};

/// Whether `[start, start + n)` fits in `len` (no overflow: computed in
/// 64 bits from 32-bit operands).
#[inline]
fn in_bounds(start: u32, n: u32, len: u64) -> bool {
    u64::from(start) + u64::from(n) <= len
}

/// `memory.grow` of memory `index` by `delta` pages: the old size in
/// pages, or -1 (and no change) past the memory's or the store's limit.
///
/// # Safety
/// `vmctx` must be a live instance context with memory `index`, and no
/// reference to its instance may be in use.
pub unsafe fn memory_grow(vmctx: *mut VMContext, index: u32, delta: u32) -> i32 {
    // SAFETY: the instance is live and not otherwise borrowed (caller);
    // the reference ends with this function.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    match inst.memory_grow(index, u64::from(delta)) {
        // At most 65536 pages for a 32-bit memory: fits in i32.
        Some(old) => old as i32,
        None => -1,
    }
}

/// `table.grow` of table `index` by `delta` elements set to `init`: the
/// old size, or -1 (and no change) past the table's or the store's limit.
///
/// # Safety
/// As [`memory_grow`], with table `index`; `init` must be a valid element
/// of that table (a value of its type from wasm).
pub unsafe fn table_grow(vmctx: *mut VMContext, index: u32, delta: u32, init: usize) -> i32 {
    // SAFETY: as in `memory_grow`.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    // SAFETY: `init` is valid for the table (caller).
    match unsafe { inst.table_grow(index, u64::from(delta), init) } {
        // Tables hold at most `MAX_TABLE_ELEMENTS` (10 million): fits.
        Some(old) => old as i32,
        None => -1,
    }
}

/// `memory.fill` of `[dst, dst + n)` with `val` in the memory `base`,
/// `len` bytes long.
///
/// # Safety
/// `base[..len]` must be a live linear memory's accessible bytes.
pub unsafe fn memory_fill(
    base: *mut u8,
    len: usize,
    dst: u32,
    val: u8,
    n: u32,
) -> Result<(), TrapCode> {
    if !in_bounds(dst, n, len as u64) {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    // SAFETY: the range is inside `base[..len]` (checked), which is
    // writable (caller).
    unsafe { ptr::write_bytes(base.add(dst as usize), val, n as usize) };
    Ok(())
}

/// `memory.copy` of `n` bytes from `src` in the source memory to `dst` in
/// the destination memory (the same memory or not; ranges may overlap).
///
/// # Safety
/// `dst_base[..dst_len]` and `src_base[..src_len]` must be live linear
/// memories' accessible bytes.
pub unsafe fn memory_copy(
    dst_base: *mut u8,
    dst_len: usize,
    src_base: *const u8,
    src_len: usize,
    dst: u32,
    src: u32,
    n: u32,
) -> Result<(), TrapCode> {
    if !in_bounds(dst, n, dst_len as u64) || !in_bounds(src, n, src_len as u64) {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    // SAFETY: both ranges checked against live memories (caller);
    // `ptr::copy` allows them to overlap.
    unsafe {
        ptr::copy(
            src_base.add(src as usize),
            dst_base.add(dst as usize),
            n as usize,
        )
    };
    Ok(())
}

/// `memory.init`: copies `[src, src + n)` of data segment `data` (empty
/// once dropped) to `[dst, dst + n)` of the memory `base`, `len` bytes.
///
/// # Safety
/// `vmctx` must be a live instance context (no reference to its instance
/// in use); `base[..len]` a live linear memory's accessible bytes.
pub unsafe fn memory_init(
    vmctx: *mut VMContext,
    data: u32,
    base: *mut u8,
    len: usize,
    dst: u32,
    src: u32,
    n: u32,
) -> Result<(), TrapCode> {
    // SAFETY: as in `memory_grow`.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    let seg = inst.data_segment(data);
    if !in_bounds(src, n, seg.len() as u64) || !in_bounds(dst, n, len as u64) {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    // SAFETY: both ranges checked; the segment's bytes live in the tier's
    // module, never in linear memory, so they do not overlap.
    unsafe {
        ptr::copy_nonoverlapping(
            seg.as_ptr().add(src as usize),
            base.add(dst as usize),
            n as usize,
        );
    }
    Ok(())
}

/// `data.drop`.
///
/// # Safety
/// As [`memory_grow`].
pub unsafe fn data_drop(vmctx: *mut VMContext, data: u32) {
    // SAFETY: as in `memory_grow`.
    unsafe { Instance::from_vmctx(vmctx) }.drop_data(data);
}

/// `table.fill` of `[dst, dst + n)` with `val`.
///
/// # Safety
/// `t` must be a live table definition; `val` a valid element for it.
pub unsafe fn table_fill(
    t: *mut VMTableDefinition,
    dst: u32,
    val: usize,
    n: u32,
) -> Result<(), TrapCode> {
    // SAFETY: `t` is live (caller); the range is checked before writing,
    // and `base[..current_elements]` is the table's storage.
    unsafe {
        if !in_bounds(dst, n, (*t).current_elements) {
            return Err(TrapCode::TableOutOfBounds);
        }
        std::slice::from_raw_parts_mut((*t).base.add(dst as usize), n as usize).fill(val);
    }
    Ok(())
}

/// `table.copy` of `n` elements from `src` of table `st` to `dst` of
/// table `dt` (the same table or not; ranges may overlap).
///
/// # Safety
/// `dt` and `st` must be live table definitions of the same element type.
pub unsafe fn table_copy(
    dt: *mut VMTableDefinition,
    st: *const VMTableDefinition,
    dst: u32,
    src: u32,
    n: u32,
) -> Result<(), TrapCode> {
    // SAFETY: both live (caller); both ranges checked first; `ptr::copy`
    // allows overlap.
    unsafe {
        if !in_bounds(dst, n, (*dt).current_elements) || !in_bounds(src, n, (*st).current_elements)
        {
            return Err(TrapCode::TableOutOfBounds);
        }
        ptr::copy(
            (*st).base.add(src as usize),
            (*dt).base.add(dst as usize),
            n as usize,
        );
    }
    Ok(())
}

/// `table.init`: copies `[src, src + n)` of element segment `elem` (empty
/// once dropped) to `[dst, dst + n)` of table `t`.
///
/// # Safety
/// `vmctx` must be a live instance context (no reference to its instance
/// in use) and `t` the definition of one of its tables, of the segment's
/// element type.
pub unsafe fn table_init(
    vmctx: *mut VMContext,
    t: *mut VMTableDefinition,
    elem: u32,
    dst: u32,
    src: u32,
    n: u32,
) -> Result<(), TrapCode> {
    // SAFETY: as in `memory_grow`.
    let inst = unsafe { Instance::from_vmctx(vmctx) };
    let seg = inst.elem_segment(elem);
    // SAFETY: `t` is live (caller); both ranges checked before the copy;
    // the segment (boxed in the instance) and the table's storage are
    // different allocations.
    unsafe {
        if !in_bounds(src, n, seg.len() as u64) || !in_bounds(dst, n, (*t).current_elements) {
            return Err(TrapCode::TableOutOfBounds);
        }
        ptr::copy_nonoverlapping(
            seg.as_ptr().add(src as usize),
            (*t).base.add(dst as usize),
            n as usize,
        );
    }
    Ok(())
}

/// `elem.drop`.
///
/// # Safety
/// As [`memory_grow`].
pub unsafe fn elem_drop(vmctx: *mut VMContext, elem: u32) {
    // SAFETY: as in `memory_grow`.
    unsafe { Instance::from_vmctx(vmctx) }.drop_elem(elem);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_ranges_are_checked_before_writing() {
        let mut mem = vec![0u8; 16];
        let (base, len) = (mem.as_mut_ptr(), mem.len());
        // SAFETY: `base[..len]` is the vector, alive for the whole test.
        unsafe {
            assert_eq!(memory_fill(base, len, 10, 7, 6), Ok(()));
            assert_eq!(
                memory_fill(base, len, 11, 9, 6),
                Err(TrapCode::MemoryOutOfBounds)
            );
            assert_eq!(
                memory_fill(base, len, u32::MAX, 9, 2),
                Err(TrapCode::MemoryOutOfBounds)
            );
            assert_eq!(memory_fill(base, len, 16, 9, 0), Ok(()), "empty at the end");
            assert_eq!(
                memory_fill(base, len, 17, 9, 0),
                Err(TrapCode::MemoryOutOfBounds)
            );
            assert_eq!(memory_copy(base, len, base, len, 0, 10, 6), Ok(()));
            assert_eq!(
                memory_copy(base, len, base, len, 0, 11, 6),
                Err(TrapCode::MemoryOutOfBounds)
            );
            assert_eq!(
                memory_copy(base, len, base, len, 1, 0, 15),
                Ok(()),
                "overlap"
            );
        }
        assert_eq!(&mem[..8], &[7, 7, 7, 7, 7, 7, 7, 0]);
        assert_eq!(&mem[10..], &[0, 7, 7, 7, 7, 7], "moved as by memmove");
    }

    #[test]
    fn table_ranges_are_checked_before_writing() {
        let mut elems = vec![0usize; 4];
        let mut def = VMTableDefinition {
            base: elems.as_mut_ptr(),
            current_elements: 4,
        };
        let t: *mut VMTableDefinition = &mut def;
        // SAFETY: `t` describes `elems`, alive for the whole test.
        unsafe {
            assert_eq!(table_fill(t, 1, 5, 3), Ok(()));
            assert_eq!(table_fill(t, 2, 6, 3), Err(TrapCode::TableOutOfBounds));
            assert_eq!(table_copy(t, t, 0, 1, 3), Ok(()));
            assert_eq!(table_copy(t, t, 0, 2, 3), Err(TrapCode::TableOutOfBounds));
            assert_eq!(table_copy(t, t, 4, 0, 0), Ok(()));
        }
        assert_eq!(elems, [5, 5, 5, 5]);
    }
}
