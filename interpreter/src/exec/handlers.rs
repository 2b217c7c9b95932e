//! One handler per instruction: the hand-written ones for the `special`
//! rows of the list, the derived ones (`derive_handlers!`), and the table
//! [`HANDLERS`] the dispatch indexes by discriminant.
//!
//! ```text
//!  run ──▶ HANDLERS[tag](ip, fp, mem_base, mem_len, st) ──next!──▶ HANDLERS[tag'](...) ──▶ ...
//!            │ the hot state travels in argument registers         │
//!            └ the rest (frames, module, vmctx, trap) in `Exec` ◀──┘ Return / trap: back to run
//! ```
//!
//! Every handler has the signature [`Handler`]; `ip` in a body points past
//! the instruction (and past its `Arg` word once read), as the backtrace
//! expects.

use std::ptr;
use std::sync::atomic::Ordering;

use brisk_vm::{
    Trap as VmTrap, TrapCode, VMFuncRef, VMGlobalDefinition, VMSharedTypeIndex, VMTableDefinition,
};

use super::bulk;
use super::run::{
    Callee, Exec, Exit, Frame, Num, addr, call_native, charge, classify, enter_frame, func_ref,
    memory0, num_trap, stack_pointer, suspend, translate_failure, vmctx_read,
};
// Not `Arg`: the handler of `Instr::Arg` is a function of that name.
use crate::bytecode::{Arg as ArgWord, Instr};
#[allow(clippy::wildcard_imports)]
use crate::semantics::{convert::*, float::*, int::*, simd::*};
use crate::translate::FuncCode;

/// An instruction's handler: the instruction, the frame base, memory 0's
/// base and length, the rest of the executor's state, and the fuel
/// remaining (see `next!`).
pub(super) type Handler =
    unsafe fn(*const Instr, *mut u128, *mut u8, usize, *mut Exec, i64) -> Exit;

/// Records a trap at `ip` (one past the trapping instruction) with `fuel`
/// remaining, and leaves the handler chain.
///
/// # Safety
/// `st` must be the running executor's state.
#[cold]
#[inline(never)]
pub(super) unsafe fn fail(st: *mut Exec, ip: *const Instr, fuel: i64, code: TrapCode) -> Exit {
    // SAFETY: caller's contract.
    unsafe { fail_with(st, ip, fuel, VmTrap::new(code)) }
}

/// [`fail`] with a ready trap.
///
/// # Safety
/// As [`fail`].
#[cold]
#[inline(never)]
pub(super) unsafe fn fail_with(st: *mut Exec, ip: *const Instr, fuel: i64, trap: VmTrap) -> Exit {
    // SAFETY: caller's contract.
    unsafe {
        (*st).ip = ip;
        (*st).fuel = fuel;
        (*st).trap = Some(trap);
    }
    Exit::Trap
}

for_each_instr!(derive_handlers);

/// Enters interpreted function `$cf` of module `$cm` / instance `$cv`,
/// whose frame starts at slot `$base` of the current one (arguments are
/// already there): the one path of `Call` and `CallIndirect`. Pushes the
/// caller's frame, switches the state to the callee and reloads memory 0
/// when the instance changes.
macro_rules! enter_interp {
    ($ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident, $base:expr, $cm:expr, $cv:expr, $cf:expr) => {{
        let (cm, cv, cf) = ($cm, $cv, $cf);
        let callee_func = match (*cm).func(cf) {
            Ok(f) => f as *const FuncCode,
            Err(e) => return fail_with($st, $ip, $fuel, translate_failure(e)),
        };
        let new_fp = $fp.byte_add($base as usize);
        if let Err(code) = enter_frame(&*callee_func, new_fp, (*$st).stack_end, (*$st).store) {
            return fail($st, $ip, $fuel, code);
        }
        let s = &mut *$st;
        (*s.frames).push(Frame {
            ip: $ip,
            fp: $fp,
            func: s.func,
            module: s.module,
            vmctx: s.vmctx,
            func_index: s.func_index,
        });
        let switched = cv != s.vmctx;
        $fp = new_fp;
        s.func = callee_func;
        s.module = cm;
        s.vmctx = cv;
        s.func_index = cf;
        $ip = (*callee_func).code.as_ptr();
        if switched {
            ($mb, $ml) = memory0(&*cm, cv);
        }
    }};
}

handler! { Arg(_) |ip, fp, mem_base, mem_len, st, fuel| { unreachable!("argument words are skipped by their instruction") } }
handler! { Trap(code) |ip, fp, mem_base, mem_len, st, fuel| { return fail(st, ip, fuel, code) } }
handler! { Copy(x) |ip, fp, mem_base, mem_len, st, fuel| { wr!(fp, x.dst, i64, rd!(fp, x.src, i64)) } }
handler! { CopyV128(x) |ip, fp, mem_base, mem_len, st, fuel| {
    *fp.byte_add(x.dst as usize) = *fp.byte_add(x.src as usize);
} }
handler! { Const32(x) |ip, fp, mem_base, mem_len, st, fuel| { *fp.byte_add(x.dst as usize) = u128::from(x.value) } }
handler! { Const64(x) |ip, fp, mem_base, mem_len, st, fuel| {
    *fp.byte_add(x.dst as usize) = u128::from(x.value());
} }
handler! { ConstV128(x) |ip, fp, mem_base, mem_len, st, fuel| {
    *fp.byte_add(x.dst as usize) = (&(*(*st).func).pool)[x.index as usize];
} }
handler! { Br(b) |ip, fp, mem_base, mem_len, st, fuel| {
    ip = ip.offset(b.offset as isize - 1);
    check_stack!(ip, fp, mem_base, mem_len, st, fuel);
} }
handler! { BrIfNez(b) |ip, fp, mem_base, mem_len, st, fuel| {
    if rd!(fp, b.cond, i32) != 0 {
        ip = ip.offset(b.offset as isize - 1);
        check_stack!(ip, fp, mem_base, mem_len, st, fuel);
    }
} }
handler! { BrIfEqz(b) |ip, fp, mem_base, mem_len, st, fuel| {
    if rd!(fp, b.cond, i32) == 0 {
        ip = ip.offset(b.offset as isize - 1);
        check_stack!(ip, fp, mem_base, mem_len, st, fuel);
    }
} }
handler! { BrIfNezFuel(b) |ip, fp, mem_base, mem_len, st, fuel| {
    let taken = rd!(fp, b.cond, i32) != 0;
    fuel_branch!(taken, b, ip, fp, mem_base, mem_len, st, fuel);
} }
handler! { BrIfEqzFuel(b) |ip, fp, mem_base, mem_len, st, fuel| {
    let taken = rd!(fp, b.cond, i32) == 0;
    fuel_branch!(taken, b, ip, fp, mem_base, mem_len, st, fuel);
} }
handler! { BrTable(t) |ip, fp, mem_base, mem_len, st, fuel| {
    // Jump straight to the chosen `Br` word's target.
    let i = (rd!(fp, t.index, i32) as u32).min(t.len);
    let word = ip.add(i as usize);
    let Instr::Br(b) = *word else {
        unreachable!("br_table words are Br")
    };
    ip = word.offset(b.offset as isize);
    check_stack!(ip, fp, mem_base, mem_len, st, fuel);
} }
handler! { ConsumeFuel(x) |ip, fp, mem_base, mem_len, st, fuel| {
    if !charge(&mut fuel, x.cost) {
        return fail(st, ip, fuel, TrapCode::OutOfFuel);
    }
} }
handler! { ConsumeFuelMerged(b) |ip, fp, mem_base, mem_len, st, fuel| {
    if !charge(&mut fuel, b.cost) {
        // To the separate charges, which pay what fits and trap.
        ip = ip.offset(b.offset as isize - 1);
        check_stack!(ip, fp, mem_base, mem_len, st, fuel);
    }
} }
handler! { BrFuel(b) |ip, fp, mem_base, mem_len, st, fuel| {
    if !charge(&mut fuel, b.cost) {
        return fail(st, ip, fuel, TrapCode::OutOfFuel);
    }
    ip = ip.offset(b.offset as isize - 1);
    check_stack!(ip, fp, mem_base, mem_len, st, fuel);
} }
handler! { CheckInterrupt |ip, fp, mem_base, mem_len, st, fuel| {
    if (*(*st).store).interrupt.load(Ordering::Relaxed) != 0 {
        return fail(st, ip, fuel, TrapCode::Interrupted);
    }
} }
handler! { BrCheck(b) |ip, fp, mem_base, mem_len, st, fuel| {
    if (*(*st).store).interrupt.load(Ordering::Relaxed) != 0 {
        return fail(st, ip, fuel, TrapCode::Interrupted);
    }
    ip = ip.offset(b.offset as isize - 1);
    check_stack!(ip, fp, mem_base, mem_len, st, fuel);
} }
handler! { Return |ip, fp, mem_base, mem_len, st, fuel| {
    let s = &mut *st;
    (*s.store).call_depth -= 1;
    if (*s.frames).len() == s.base_frames {
        s.fuel = fuel;
        return Exit::Return;
    }
    let f = (*s.frames).pop().expect("checked above");
    let switched = f.vmctx != s.vmctx;
    ip = f.ip;
    fp = f.fp;
    s.func = f.func;
    s.module = f.module;
    s.vmctx = f.vmctx;
    s.func_index = f.func_index;
    if switched {
        (mem_base, mem_len) = memory0(&*s.module, s.vmctx);
    }
    check_stack!(ip, fp, mem_base, mem_len, st, fuel);
} }
/// The callee's entry charge, paid by the call that just entered it
/// (`enter_interp!`), which then starts it past the charge; when it does
/// not fit, the callee starts at the charge, which traps there with the
/// fuel unchanged, as without the folding.
macro_rules! pay_entry {
    ($ip:ident, $st:ident, $fuel:ident) => {{
        let cost = (*(*$st).func).entry_fuel;
        if cost != 0 && charge(&mut $fuel, cost) {
            $ip = $ip.add(1);
        }
    }};
}

/// A call of `$f` (of type `$fty`, arguments at `$base`) through its
/// uniform entry: a host function or another tier's code. The callee may
/// use or set the fuel, or grow memory, so the fuel travels through the
/// store context and memory 0 is reloaded after.
macro_rules! call_other_tier {
    ($f:ident, $fty:ident, $m:ident, $vmctx:ident, $base:expr,
     $ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident) => {{
        (*(*$st).store).fuel_remaining = $fuel;
        if let Err(t) = call_native(
            $f,
            $vmctx,
            $fp.byte_add($base as usize),
            $fty,
            (*$st).stack_end,
        ) {
            return fail_with($st, $ip, (*(*$st).store).fuel_remaining, t);
        }
        $fuel = (*(*$st).store).fuel_remaining;
        ($mb, $ml) = memory0($m, $vmctx);
    }};
}

/// The body of `Call` (`$pay` false) and `CallFuel` (true).
macro_rules! call {
    ($c:ident, $ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident, $pay:expr) => {{
        let (module, vmctx) = ((*$st).module, (*$st).vmctx);
        let m = &*module;
        let callee = if $c.func >= m.offsets.shape().num_imported_funcs {
            Callee::Interp {
                module,
                vmctx,
                func_index: $c.func,
            }
        } else {
            let o = m.offsets.imported_function($c.func);
            classify(vmctx_read::<*const VMFuncRef>(vmctx, o))
        };
        match callee {
            Callee::Interp {
                module: cm,
                vmctx: cv,
                func_index: cf,
            } => {
                enter_interp!($ip, $fp, $mb, $ml, $st, $fuel, $c.base, cm, cv, cf);
                if $pay {
                    pay_entry!($ip, $st, $fuel);
                }
            }
            Callee::Native(f) => {
                let ty = m.module().validated().module.functions[$c.func as usize];
                let fty = &m.module().validated().module.types[ty as usize];
                call_other_tier!(f, fty, m, vmctx, $c.base, $ip, $fp, $mb, $ml, $st, $fuel);
            }
        }
        check_stack!($ip, $fp, $mb, $ml, $st, $fuel);
    }};
}

/// The body of `CallIndirect` (`$pay` false) and `CallIndirectFuel` (true).
macro_rules! call_indirect {
    ($c:ident, $ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident, $pay:expr) => {{
        let (module, vmctx) = ((*$st).module, (*$st).vmctx);
        let m = &*module;
        let arity = m.type_arity[$c.type_index as usize];
        let index = rd!($fp, $c.base + arity.0 * 16, i32) as u32;
        let table = vmctx_read::<*mut VMTableDefinition>(vmctx, m.offsets.table($c.table));
        if u64::from(index) >= (*table).current_elements {
            return fail($st, $ip, $fuel, TrapCode::UndefinedElement);
        }
        let f = *(*table).base.add(index as usize) as *const VMFuncRef;
        if f.is_null() {
            return fail($st, $ip, $fuel, TrapCode::UninitializedElement);
        }
        let type_ids = (*vmctx).header.type_ids;
        let expected: VMSharedTypeIndex = *type_ids.add($c.type_index as usize);
        if (*f).type_index != expected {
            return fail($st, $ip, $fuel, TrapCode::IndirectCallTypeMismatch);
        }
        match classify(f) {
            Callee::Interp {
                module: cm,
                vmctx: cv,
                func_index: cf,
            } => {
                enter_interp!($ip, $fp, $mb, $ml, $st, $fuel, $c.base, cm, cv, cf);
                if $pay {
                    pay_entry!($ip, $st, $fuel);
                }
            }
            Callee::Native(f) => {
                let fty = &m.module().validated().module.types[$c.type_index as usize];
                call_other_tier!(f, fty, m, vmctx, $c.base, $ip, $fp, $mb, $ml, $st, $fuel);
            }
        }
        check_stack!($ip, $fp, $mb, $ml, $st, $fuel);
    }};
}

handler! { Call(c) |ip, fp, mem_base, mem_len, st, fuel| {
    call!(c, ip, fp, mem_base, mem_len, st, fuel, false);
} }
handler! { CallFuel(c) |ip, fp, mem_base, mem_len, st, fuel| {
    call!(c, ip, fp, mem_base, mem_len, st, fuel, true);
} }
handler! { CallIndirect(c) |ip, fp, mem_base, mem_len, st, fuel| {
    call_indirect!(c, ip, fp, mem_base, mem_len, st, fuel, false);
} }
handler! { CallIndirectFuel(c) |ip, fp, mem_base, mem_len, st, fuel| {
    call_indirect!(c, ip, fp, mem_base, mem_len, st, fuel, true);
} }
handler! { Select(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let Instr::Arg(ArgWord(cond, _)) = *ip else {
        unreachable!()
    };
    ip = ip.add(1);
    let src = if rd!(fp, cond, i32) != 0 {
        x.lhs
    } else {
        x.rhs
    };
    *fp.byte_add(x.dst as usize) = *fp.byte_add(src as usize);
} }
handler! { RefIsNull(x) |ip, fp, mem_base, mem_len, st, fuel| {
    wr!(fp, x.dst, i32, i32::from(rd!(fp, x.src, i64) == 0));
} }
handler! { RefFunc(x) |ip, fp, mem_base, mem_len, st, fuel| {
    wr!(
        fp,
        x.dst,
        i64,
        func_ref(&*(*st).module, (*st).vmctx, x.index) as i64
    );
} }

/// The definition of global `$index` of the running instance.
macro_rules! global {
    ($st:ident, $index:expr) => {
        vmctx_read::<*mut VMGlobalDefinition>((*$st).vmctx, (*(*$st).module).offsets.global($index))
    };
}

/// The definition of table `$index` of the running instance.
macro_rules! table {
    ($st:ident, $index:expr) => {
        vmctx_read::<*mut VMTableDefinition>((*$st).vmctx, (*(*$st).module).offsets.table($index))
    };
}

handler! { GlobalGet(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let g = global!(st, x.index);
    wr!(fp, x.dst, i64, *(*g).storage.as_ptr().cast::<i64>());
} }
handler! { GlobalSet(x) |ip, fp, mem_base, mem_len, st, fuel| {
    // The high 8 bytes of a scalar global stay zero.
    let g = global!(st, x.index);
    *(*g).storage.as_mut_ptr().cast::<i64>() = rd!(fp, x.dst, i64);
} }
handler! { GlobalGetV128(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let g = global!(st, x.index);
    *fp.byte_add(x.dst as usize) = u128::from_le_bytes((*g).storage);
} }
handler! { GlobalSetV128(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let g = global!(st, x.index);
    (*g).storage = (*fp.byte_add(x.dst as usize)).to_le_bytes();
} }
handler! { TableGet(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let t = table!(st, x.index);
    let i = rd!(fp, x.src, i32) as u32;
    if u64::from(i) >= (*t).current_elements {
        return fail(st, ip, fuel, TrapCode::TableOutOfBounds);
    }
    wr!(fp, x.dst, i64, *(*t).base.add(i as usize) as i64);
} }
handler! { TableSet(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let t = table!(st, x.index);
    let i = rd!(fp, x.base, i32) as u32;
    if u64::from(i) >= (*t).current_elements {
        return fail(st, ip, fuel, TrapCode::TableOutOfBounds);
    }
    *(*t).base.add(i as usize) = rd!(fp, x.base + 16, i64) as usize;
} }
handler! { TableSize(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let t = table!(st, x.index);
    wr!(fp, x.dst, i32, (*t).current_elements as i32);
} }
handler! { TableGrow(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let (delta, init) = (
        rd!(fp, x.base + 16, i32) as u32,
        rd!(fp, x.base, i64) as usize,
    );
    let r = bulk::table_grow((*st).vmctx, x.index, delta, init);
    wr!(fp, x.base, i32, r);
} }
handler! { TableFill(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let t = table!(st, x.index);
    let (d, v, n) = (
        rd!(fp, x.base, i32) as u32,
        rd!(fp, x.base + 16, i64) as usize,
        rd!(fp, x.base + 32, i32) as u32,
    );
    if let Err(code) = bulk::table_fill(t, d, v, n) {
        return fail(st, ip, fuel, code);
    }
} }
handler! { TableCopy(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let Instr::Arg(ArgWord(src_table, _)) = *ip else {
        unreachable!()
    };
    ip = ip.add(1);
    let (dt, stab) = (table!(st, x.index), table!(st, src_table));
    let (d, s, n) = (
        rd!(fp, x.base, i32) as u32,
        rd!(fp, x.base + 16, i32) as u32,
        rd!(fp, x.base + 32, i32) as u32,
    );
    if let Err(code) = bulk::table_copy(dt, stab, d, s, n) {
        return fail(st, ip, fuel, code);
    }
} }
handler! { TableInit(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let Instr::Arg(ArgWord(elem, _)) = *ip else {
        unreachable!()
    };
    ip = ip.add(1);
    let t = table!(st, x.index);
    let (d, s, n) = (
        rd!(fp, x.base, i32) as u32,
        rd!(fp, x.base + 16, i32) as u32,
        rd!(fp, x.base + 32, i32) as u32,
    );
    if let Err(code) = bulk::table_init((*st).vmctx, t, elem, d, s, n) {
        return fail(st, ip, fuel, code);
    }
} }
handler! { ElemDrop(x) |ip, fp, mem_base, mem_len, st, fuel| { bulk::elem_drop((*st).vmctx, x.index) } }
handler! { MemorySize(x) |ip, fp, mem_base, mem_len, st, fuel| {
    wr!(fp, x.dst, i32, (mem_len / brisk_vm::WASM_PAGE_SIZE) as i32);
} }
handler! { MemoryGrow(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let r = bulk::memory_grow((*st).vmctx, rd!(fp, x.src, i32) as u32);
    wr!(fp, x.dst, i32, r);
    (mem_base, mem_len) = memory0(&*(*st).module, (*st).vmctx);
} }
handler! { MemoryFill(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let (d, v, n) = (
        rd!(fp, x.base, i32) as u32,
        rd!(fp, x.base + 16, i32) as u8,
        rd!(fp, x.base + 32, i32) as u32,
    );
    let Some(ea) = addr(d as i32, 0, n as usize, mem_len) else {
        return fail(st, ip, fuel, TrapCode::MemoryOutOfBounds);
    };
    ptr::write_bytes(mem_base.add(ea), v, n as usize);
} }
handler! { MemoryCopy(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let (d, s, n) = (
        rd!(fp, x.base, i32),
        rd!(fp, x.base + 16, i32),
        rd!(fp, x.base + 32, i32) as u32,
    );
    let (Some(d), Some(s)) = (
        addr(d, 0, n as usize, mem_len),
        addr(s, 0, n as usize, mem_len),
    ) else {
        return fail(st, ip, fuel, TrapCode::MemoryOutOfBounds);
    };
    ptr::copy(mem_base.add(s), mem_base.add(d), n as usize);
} }
handler! { MemoryInit(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let (d, s, n) = (
        rd!(fp, x.base, i32),
        rd!(fp, x.base + 16, i32) as u32,
        rd!(fp, x.base + 32, i32) as u32,
    );
    if let Err(code) = bulk::memory_init((*st).vmctx, x.index, mem_base, mem_len, d, s, n) {
        return fail(st, ip, fuel, code);
    }
} }
handler! { DataDrop(x) |ip, fp, mem_base, mem_len, st, fuel| { bulk::data_drop((*st).vmctx, x.index) } }
handler! { I8x16Shuffle(x) |ip, fp, mem_base, mem_len, st, fuel| {
    let Instr::Arg(ArgWord(index, _)) = *ip else {
        unreachable!()
    };
    ip = ip.add(1);
    let lanes = (&(*(*st).func).pool)[index as usize].to_le_bytes();
    wr!(
        fp,
        x.dst,
        v128,
        i8x16_shuffle(rd!(fp, x.lhs, v128), rd!(fp, x.rhs, v128), lanes)
    );
} }
handler! { I8x16ExtractLaneS(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, i8x16_extract_lane_s, i32) } }
handler! { I8x16ExtractLaneU(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, i8x16_extract_lane_u, i32) } }
handler! { I16x8ExtractLaneS(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, i16x8_extract_lane_s, i32) } }
handler! { I16x8ExtractLaneU(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, i16x8_extract_lane_u, i32) } }
handler! { I32x4ExtractLane(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, i32x4_extract_lane, i32) } }
handler! { I64x2ExtractLane(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, i64x2_extract_lane, i64) } }
handler! { F32x4ExtractLane(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, f32x4_extract_lane, f32) } }
handler! { F64x2ExtractLane(x) |ip, fp, mb, ml, st, fuel| { extract_lane!(fp, ip, x, f64x2_extract_lane, f64) } }
handler! { I8x16ReplaceLane(x) |ip, fp, mb, ml, st, fuel| { replace_lane!(fp, ip, x, i8x16_replace_lane, i32) } }
handler! { I16x8ReplaceLane(x) |ip, fp, mb, ml, st, fuel| { replace_lane!(fp, ip, x, i16x8_replace_lane, i32) } }
handler! { I32x4ReplaceLane(x) |ip, fp, mb, ml, st, fuel| { replace_lane!(fp, ip, x, i32x4_replace_lane, i32) } }
handler! { I64x2ReplaceLane(x) |ip, fp, mb, ml, st, fuel| { replace_lane!(fp, ip, x, i64x2_replace_lane, i64) } }
handler! { F32x4ReplaceLane(x) |ip, fp, mb, ml, st, fuel| { replace_lane!(fp, ip, x, f32x4_replace_lane, f32) } }
handler! { F64x2ReplaceLane(x) |ip, fp, mb, ml, st, fuel| { replace_lane!(fp, ip, x, f64x2_replace_lane, f64) } }
handler! { V128Load8Lane(x) |ip, fp, mb, ml, st, fuel| { load_lane!(fp, ip, x, mb, ml, st, fuel, u8, i8x16_replace_lane, i32) } }
handler! { V128Load16Lane(x) |ip, fp, mb, ml, st, fuel| { load_lane!(fp, ip, x, mb, ml, st, fuel, u16, i16x8_replace_lane, i32) } }
handler! { V128Load32Lane(x) |ip, fp, mb, ml, st, fuel| { load_lane!(fp, ip, x, mb, ml, st, fuel, u32, i32x4_replace_lane, i32) } }
handler! { V128Load64Lane(x) |ip, fp, mb, ml, st, fuel| { load_lane!(fp, ip, x, mb, ml, st, fuel, u64, i64x2_replace_lane, i64) } }
handler! { V128Store8Lane(x) |ip, fp, mb, ml, st, fuel| { store_lane!(fp, ip, x, mb, ml, st, fuel, u8, i8x16_extract_lane_u) } }
handler! { V128Store16Lane(x) |ip, fp, mb, ml, st, fuel| { store_lane!(fp, ip, x, mb, ml, st, fuel, u16, i16x8_extract_lane_u) } }
handler! { V128Store32Lane(x) |ip, fp, mb, ml, st, fuel| { store_lane!(fp, ip, x, mb, ml, st, fuel, u32, i32x4_extract_lane) } }
handler! { V128Store64Lane(x) |ip, fp, mb, ml, st, fuel| { store_lane!(fp, ip, x, mb, ml, st, fuel, u64, i64x2_extract_lane) } }
