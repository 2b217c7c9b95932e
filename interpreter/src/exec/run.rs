//! The interpreter loop.
//!
//! State lives in locals the compiler can keep in registers: `ip` (next
//! instruction), `fp` (frame base slot), memory 0's base and length, the
//! current function and instance. They are saved in a heap [`Frame`] on a
//! call and restored on return; memory 0 is re-read after anything that
//! may grow it (calls, `memory.grow`).
//!
//! # Safety argument (referenced by the `SAFETY:` comments below)
//!
//! - **Slots.** Every slot index in a function's bytecode is below its
//!   `frame_slots` (the translator sizes frames from the validator's
//!   maximum stack height), and a frame is entered only after checking
//!   `fp + frame_slots` is inside the stack. Slots are 16-byte aligned
//!   `u128`s, so reading any scalar type at a slot's start is aligned.
//! - **Memory.** Every access to linear memory checks `address + size <=
//!   current length` first (no reliance on guard pages); `base`/`len` are
//!   re-read after anything that can change them.
//! - **VMContext.** `vmctx` is the live context of the instance running
//!   (its `ModuleCode` is the one whose bytecode runs, so every index in
//!   the bytecode is valid for its layout — the module was validated), and
//!   it stays alive for the call (the caller of `array_call` holds it).
//! - **Tables.** Table indices are checked against `current_elements`
//!   before use; elements are func-ref pointers or externref ids that
//!   came from wasm values of the table's type.

use std::ptr;

use brisk_vm::{
    Trap, TrapCode, VMContext, VMFuncRef, VMGlobalDefinition, VMMemoryDefinition,
    VMSharedTypeIndex, VMStoreContext, VMTableDefinition, ValRaw,
};

use super::{STACK_SLOTS, Stack, bulk};
use crate::bytecode::{Arg, Instr};
use crate::code::ModuleCode;
use crate::semantics::NumTrap;
#[allow(clippy::wildcard_imports)]
use crate::semantics::{convert::*, float::*, int::*, simd::*};
use crate::translate::FuncCode;

/// A suspended caller.
#[derive(Debug)]
pub(crate) struct Frame {
    ip: *const Instr,
    fp: *mut u128,
    func: *const FuncCode,
    module: *const ModuleCode,
    vmctx: *mut VMContext,
    func_index: u32,
}

/// Turns the result of a semantics function, trapping or not, into a
/// `Result`, so derived arms treat both alike.
trait Num<T> {
    fn num(self) -> Result<T, NumTrap>;
}

macro_rules! num_impls {
    ($($t:ty)*) => {$(
        impl Num<$t> for $t {
            #[inline(always)]
            fn num(self) -> Result<$t, NumTrap> { Ok(self) }
        }
        impl Num<$t> for Result<$t, NumTrap> {
            #[inline(always)]
            fn num(self) -> Result<$t, NumTrap> { self }
        }
    )*};
}
num_impls!(i32 i64 f32 f64 u128);

fn num_trap(t: NumTrap) -> TrapCode {
    match t {
        NumTrap::DivByZero => TrapCode::IntegerDivisionByZero,
        NumTrap::Overflow => TrapCode::IntegerOverflow,
        NumTrap::BadConversion => TrapCode::BadConversionToInteger,
    }
}

/// The effective address of a memory access if `size` bytes fit in
/// memory 0, else `None`.
#[inline(always)]
fn addr(ptr: i32, offset: u32, size: usize, len: usize) -> Option<usize> {
    let ea = u64::from(ptr as u32) + u64::from(offset);
    if ea + size as u64 <= len as u64 {
        Some(ea as usize)
    } else {
        None
    }
}

/// Memory 0 of `vmctx` as `(base, length)`, or `(null, 0)` without one.
///
/// # Safety
/// `vmctx` must be the live context of an instance of `module`.
#[inline]
unsafe fn memory0(module: &ModuleCode, vmctx: *mut VMContext) -> (*mut u8, usize) {
    if module.offsets.shape().num_memories == 0 {
        return (ptr::null_mut(), 0);
    }
    // SAFETY: the module has a memory, so the pointer array entry 0 exists
    // and points to a live definition (caller's contract).
    unsafe {
        let def = vmctx_read::<*mut VMMemoryDefinition>(vmctx, module.offsets.memory(0));
        ((*def).base, (*def).current_length)
    }
}

/// Reads a `T` at byte `offset` of `vmctx`.
///
/// # Safety
/// `offset` must be a field of type `T` in `vmctx`'s layout.
#[inline(always)]
unsafe fn vmctx_read<T: Copy>(vmctx: *mut VMContext, offset: u32) -> T {
    // SAFETY: by the caller's contract the field exists and is a `T`.
    unsafe { vmctx.cast::<u8>().add(offset as usize).cast::<T>().read() }
}

/// Address of the field at byte `offset` of `vmctx`.
///
/// # Safety
/// `offset` must be inside `vmctx`'s layout.
#[inline(always)]
unsafe fn vmctx_field<T>(vmctx: *mut VMContext, offset: u32) -> *mut T {
    // SAFETY: in bounds of the allocation by the caller's contract.
    unsafe { vmctx.cast::<u8>().add(offset as usize).cast::<T>() }
}

/// The canonical func ref of function `index` (the exporter's own for an
/// import), as `ref.func` and tables hold it.
///
/// # Safety
/// `vmctx` must be the live context of an instance of `module`, `index`
/// one of its functions.
unsafe fn func_ref(module: &ModuleCode, vmctx: *mut VMContext, index: u32) -> *mut VMFuncRef {
    let o = &module.offsets;
    // SAFETY: `index` is a function of the module (validated), so the
    // imported-function entry or the func ref slot exists.
    unsafe {
        if index < o.shape().num_imported_funcs {
            vmctx_read::<*const VMFuncRef>(vmctx, o.imported_function(index)).cast_mut()
        } else {
            vmctx_field::<VMFuncRef>(vmctx, o.func_ref(index))
        }
    }
}

/// What a call resolves to.
enum Callee {
    /// An interpreted function: push a frame.
    Interp {
        module: *const ModuleCode,
        vmctx: *mut VMContext,
        func_index: u32,
    },
    /// Anything else: through its `array_call`.
    Native(*const VMFuncRef),
}

/// Classifies the func ref `f`.
///
/// # Safety
/// `f` must be a live func ref.
#[inline]
unsafe fn classify(f: *const VMFuncRef) -> Callee {
    // SAFETY: `f` is live (caller); an interpreted function's vmctx header
    // holds its `ModuleCode` (the vm stores `Arc::as_ptr` of our TierCode).
    unsafe {
        if (*f).array_call as *const () == super::array_call as *const () {
            let vmctx = (*f).vmctx;
            Callee::Interp {
                module: (*vmctx).header.code.cast::<ModuleCode>(),
                vmctx,
                func_index: (*f).func_index,
            }
        } else {
            Callee::Native(f)
        }
    }
}

/// Runs function `func_index` of `module` with its parameters in the
/// stack's first slots, leaving its results there.
///
/// # Safety
/// `vmctx` must be the live context of an instance built from `module`,
/// `func_index` a function it defines, and the stack's first slots must
/// hold arguments valid for its type.
pub(crate) unsafe fn enter(
    stack: &mut Stack,
    module: &ModuleCode,
    vmctx: *mut VMContext,
    func_index: u32,
) -> Result<(), Trap> {
    // SAFETY: the header of a live vmctx points to its store's context.
    let store: *mut VMStoreContext = unsafe { (*vmctx).header.store };
    // SAFETY: as above; the store context outlives every call into it.
    let depth0 = unsafe { (*store).call_depth };
    // SAFETY: the caller's contract is `run`'s.
    let r = unsafe { run(stack, module, vmctx, func_index, store) };
    // SAFETY: as above.
    unsafe { (*store).call_depth = depth0 };
    r
}

/// Prepares the frame of `func` at `fp`: checks the stack and depth,
/// zeroes the declared locals.
///
/// # Safety
/// `fp` must point into `stack_start..stack_end`.
#[inline(always)]
unsafe fn enter_frame(
    func: &FuncCode,
    fp: *mut u128,
    stack_end: *mut u128,
    store: *mut VMStoreContext,
) -> Result<(), TrapCode> {
    // SAFETY: `store` is the live store context (see `enter`).
    unsafe {
        let depth = (*store).call_depth + 1;
        if depth > (*store).max_call_depth {
            return Err(TrapCode::StackOverflow);
        }
        (*store).call_depth = depth;
    }
    let room = (stack_end as usize - fp as usize) / 16;
    if func.frame_slots as usize > room {
        return Err(TrapCode::StackOverflow);
    }
    // SAFETY: the frame fits (checked), so its locals are in bounds.
    unsafe {
        for i in func.num_params..func.num_locals {
            *fp.add(i as usize) = 0;
        }
        for &(slot, v) in &func.consts {
            *fp.add(slot as usize) = u128::from(v);
        }
    }
    Ok(())
}

#[cold]
fn translate_failure(e: &crate::translate::TranslateError) -> Trap {
    Trap::host(format!("interpreter translation failed: {}", e.0).into())
}

/// The loop; see [`enter`].
///
/// # Safety
/// As [`enter`]; `store` is the instance's store context.
#[allow(clippy::too_many_lines)]
unsafe fn run(
    stack: &mut Stack,
    entry_module: &ModuleCode,
    entry_vmctx: *mut VMContext,
    entry_func: u32,
    store: *mut VMStoreContext,
) -> Result<(), Trap> {
    let stack_start = stack.slots.as_mut_ptr();
    // SAFETY: one past the end of the slot array.
    let stack_end = unsafe { stack_start.add(STACK_SLOTS) };
    let frames = &mut stack.frames;
    let base_frames = frames.len();

    let mut module: *const ModuleCode = entry_module;
    let mut vmctx = entry_vmctx;
    let mut func_index = entry_func;
    let mut func: *const FuncCode = match entry_module.func(entry_func) {
        Ok(f) => f,
        Err(e) => return Err(translate_failure(e)),
    };
    let mut fp = stack_start;
    // SAFETY: `func` is a live translation (owned by `module`, which the
    // instance keeps alive); the stack start is in bounds.
    if let Err(code) = unsafe { enter_frame(&*func, fp, stack_end, store) } {
        return Err(Trap::new(code));
    }
    // SAFETY: as above.
    let mut ip: *const Instr = unsafe { (*func).code.as_ptr() };
    // SAFETY: `vmctx` is live and of `module` (caller's contract).
    let (mut mem_base, mut mem_len) = unsafe { memory0(&*module, vmctx) };

    /// Enters interpreted function `$cf` of module `$cm` / instance `$cv`,
    /// whose frame starts at slot `$base` of the current one (arguments
    /// are already there): the one path of the `call` and `call_indirect`
    /// arms. Pushes the caller's frame, switches the loop state to the
    /// callee and reloads memory 0 when the instance changes. Expands
    /// inside the loop's `unsafe` block.
    macro_rules! enter_interp {
        ($label:lifetime, $base:expr, $cm:expr, $cv:expr, $cf:expr) => {{
            let (cm, cv, cf) = ($cm, $cv, $cf);
            let callee_func = match (*cm).func(cf) {
                Ok(f) => f as *const FuncCode,
                Err(e) => break $label translate_failure(e),
            };
            let new_fp = fp.add($base as usize);
            if let Err(code) = enter_frame(&*callee_func, new_fp, stack_end, store) {
                break $label Trap::new(code);
            }
            frames.push(Frame { ip, fp, func, module, vmctx, func_index });
            let switched = cv != vmctx;
            fp = new_fp;
            func = callee_func;
            module = cm;
            vmctx = cv;
            func_index = cf;
            ip = (*func).code.as_ptr();
            if switched {
                (mem_base, mem_len) = memory0(&*module, vmctx);
            }
        }};
    }

    let mut trap: Trap = 'run: loop {
        // SAFETY: see the module's safety argument: slots, memory, vmctx
        // and tables are accessed only as described there. Each arm keeps
        // `ip` inside the current function's code (branch offsets were
        // resolved by the translator within the function; a two-word
        // instruction is always followed by its `Arg`) and `fp` at a frame
        // that `enter_frame` checked.
        unsafe {
            let instr = *ip;
            ip = ip.add(1);
            for_each_instr!(execute_match [instr, fp, ip, mem_base, mem_len, 'run] {
                Instr::Arg(_) => unreachable!("argument words are skipped by their instruction"),
                Instr::Trap(code) => break 'run Trap::new(code),
                Instr::Copy(x) => wr!(fp, x.dst, i64, rd!(fp, x.src, i64)),
                Instr::CopyV128(x) => *fp.add(x.dst as usize) = *fp.add(x.src as usize),
                Instr::Const32(x) => *fp.add(x.dst as usize) = u128::from(x.value),
                Instr::Const64(x) => *fp.add(x.dst as usize) = u128::from(x.value()),
                Instr::ConstV128(x) => {
                    *fp.add(x.dst as usize) = (&(*func).pool)[x.index as usize];
                }
                Instr::Br(b) => ip = ip.offset(b.offset as isize - 1),
                Instr::BrIfNez(b) => {
                    if rd!(fp, b.cond, i32) != 0 {
                        ip = ip.offset(b.offset as isize - 1);
                    }
                }
                Instr::BrIfEqz(b) => {
                    if rd!(fp, b.cond, i32) == 0 {
                        ip = ip.offset(b.offset as isize - 1);
                    }
                }
                Instr::BrTable(t) => {
                    // Jump straight to the chosen `Br` word's target.
                    let i = (rd!(fp, t.index, i32) as u32).min(t.len);
                    let word = ip.add(i as usize);
                    let Instr::Br(b) = *word else { unreachable!("br_table words are Br") };
                    ip = word.offset(b.offset as isize);
                }
                Instr::Return => {
                    (*store).call_depth -= 1;
                    if frames.len() == base_frames {
                        return Ok(());
                    }
                    let f = frames.pop().expect("checked above");
                    let switched = f.vmctx != vmctx;
                    ip = f.ip;
                    fp = f.fp;
                    func = f.func;
                    module = f.module;
                    vmctx = f.vmctx;
                    func_index = f.func_index;
                    if switched {
                        (mem_base, mem_len) = memory0(&*module, vmctx);
                    }
                }
                Instr::Call(c) => {
                    let m = &*module;
                    let callee = if c.func >= m.offsets.shape().num_imported_funcs {
                        Callee::Interp { module, vmctx, func_index: c.func }
                    } else {
                        let o = m.offsets.imported_function(c.func);
                        classify(vmctx_read::<*const VMFuncRef>(vmctx, o))
                    };
                    match callee {
                        Callee::Interp { module: cm, vmctx: cv, func_index: cf } => {
                            enter_interp!('run, c.base, cm, cv, cf);
                        }
                        Callee::Native(f) => {
                            let ty = m.module().validated().module.functions[c.func as usize];
                            let fty = &m.module().validated().module.types[ty as usize];
                            if let Err(t) = call_native(f, vmctx, fp.add(c.base as usize), fty, stack_end) {
                                break 'run t;
                            }
                            (mem_base, mem_len) = memory0(&*module, vmctx);
                        }
                    }
                }
                Instr::CallIndirect(c) => {
                    let m = &*module;
                    let arity = m.type_arity[c.type_index as usize];
                    let index = rd!(fp, c.base + arity.0, i32) as u32;
                    let table = vmctx_read::<*mut VMTableDefinition>(vmctx, m.offsets.table(c.table));
                    if u64::from(index) >= (*table).current_elements {
                        break 'run Trap::new(TrapCode::UndefinedElement);
                    }
                    let f = *(*table).base.add(index as usize) as *const VMFuncRef;
                    if f.is_null() {
                        break 'run Trap::new(TrapCode::UninitializedElement);
                    }
                    let type_ids = (*vmctx).header.type_ids;
                    let expected: VMSharedTypeIndex = *type_ids.add(c.type_index as usize);
                    if (*f).type_index != expected {
                        break 'run Trap::new(TrapCode::IndirectCallTypeMismatch);
                    }
                    match classify(f) {
                        Callee::Interp { module: cm, vmctx: cv, func_index: cf } => {
                            enter_interp!('run, c.base, cm, cv, cf);
                        }
                        Callee::Native(f) => {
                            let fty = &m.module().validated().module.types[c.type_index as usize];
                            if let Err(t) = call_native(f, vmctx, fp.add(c.base as usize), fty, stack_end) {
                                break 'run t;
                            }
                            (mem_base, mem_len) = memory0(&*module, vmctx);
                        }
                    }
                }
                Instr::Select(x) => {
                    let Instr::Arg(Arg(cond, _)) = *ip else { unreachable!() };
                    ip = ip.add(1);
                    let src = if rd!(fp, cond, i32) != 0 { x.lhs } else { x.rhs };
                    *fp.add(x.dst as usize) = *fp.add(src as usize);
                }
                Instr::RefIsNull(x) => wr!(fp, x.dst, i32, i32::from(rd!(fp, x.src, i64) == 0)),
                Instr::RefFunc(x) => {
                    wr!(fp, x.dst, i64, func_ref(&*module, vmctx, x.index) as i64);
                }
                Instr::GlobalGet(x) => {
                    let g = vmctx_read::<*mut VMGlobalDefinition>(vmctx, (*module).offsets.global(x.index));
                    wr!(fp, x.dst, i64, *(*g).storage.as_ptr().cast::<i64>());
                }
                Instr::GlobalSet(x) => {
                    // The high 8 bytes of a scalar global stay zero.
                    let g = vmctx_read::<*mut VMGlobalDefinition>(vmctx, (*module).offsets.global(x.index));
                    *(*g).storage.as_mut_ptr().cast::<i64>() = rd!(fp, x.dst, i64);
                }
                Instr::GlobalGetV128(x) => {
                    let g = vmctx_read::<*mut VMGlobalDefinition>(vmctx, (*module).offsets.global(x.index));
                    *fp.add(x.dst as usize) = u128::from_le_bytes((*g).storage);
                }
                Instr::GlobalSetV128(x) => {
                    let g = vmctx_read::<*mut VMGlobalDefinition>(vmctx, (*module).offsets.global(x.index));
                    (*g).storage = (*fp.add(x.dst as usize)).to_le_bytes();
                }
                Instr::TableGet(x) => {
                    let t = vmctx_read::<*mut VMTableDefinition>(vmctx, (*module).offsets.table(x.index));
                    let i = rd!(fp, x.src, i32) as u32;
                    if u64::from(i) >= (*t).current_elements {
                        break 'run Trap::new(TrapCode::TableOutOfBounds);
                    }
                    wr!(fp, x.dst, i64, *(*t).base.add(i as usize) as i64);
                }
                Instr::TableSet(x) => {
                    let t = vmctx_read::<*mut VMTableDefinition>(vmctx, (*module).offsets.table(x.index));
                    let i = rd!(fp, x.base, i32) as u32;
                    if u64::from(i) >= (*t).current_elements {
                        break 'run Trap::new(TrapCode::TableOutOfBounds);
                    }
                    *(*t).base.add(i as usize) = rd!(fp, x.base + 1, i64) as usize;
                }
                Instr::TableSize(x) => {
                    let t = vmctx_read::<*mut VMTableDefinition>(vmctx, (*module).offsets.table(x.index));
                    wr!(fp, x.dst, i32, (*t).current_elements as i32);
                }
                Instr::TableGrow(x) => {
                    let r = bulk::table_grow(vmctx, x.index, rd!(fp, x.base + 1, i32) as u32, rd!(fp, x.base, i64) as usize);
                    wr!(fp, x.base, i32, r);
                }
                Instr::TableFill(x) => {
                    let t = vmctx_read::<*mut VMTableDefinition>(vmctx, (*module).offsets.table(x.index));
                    if let Err(code) = bulk::table_fill(t, rd!(fp, x.base, i32) as u32, rd!(fp, x.base + 1, i64) as usize, rd!(fp, x.base + 2, i32) as u32) {
                        break 'run Trap::new(code);
                    }
                }
                Instr::TableCopy(x) => {
                    let Instr::Arg(Arg(src_table, _)) = *ip else { unreachable!() };
                    ip = ip.add(1);
                    let o = &(*module).offsets;
                    let dt = vmctx_read::<*mut VMTableDefinition>(vmctx, o.table(x.index));
                    let st = vmctx_read::<*mut VMTableDefinition>(vmctx, o.table(src_table));
                    let (d, s, n) = (rd!(fp, x.base, i32) as u32, rd!(fp, x.base + 1, i32) as u32, rd!(fp, x.base + 2, i32) as u32);
                    if let Err(code) = bulk::table_copy(dt, st, d, s, n) {
                        break 'run Trap::new(code);
                    }
                }
                Instr::TableInit(x) => {
                    let Instr::Arg(Arg(elem, _)) = *ip else { unreachable!() };
                    ip = ip.add(1);
                    let t = vmctx_read::<*mut VMTableDefinition>(vmctx, (*module).offsets.table(x.index));
                    let (d, s, n) = (rd!(fp, x.base, i32) as u32, rd!(fp, x.base + 1, i32) as u32, rd!(fp, x.base + 2, i32) as u32);
                    if let Err(code) = bulk::table_init(vmctx, t, elem, d, s, n) {
                        break 'run Trap::new(code);
                    }
                }
                Instr::ElemDrop(x) => bulk::elem_drop(vmctx, x.index),
                Instr::MemorySize(x) => {
                    wr!(fp, x.dst, i32, (mem_len / brisk_vm::WASM_PAGE_SIZE) as i32);
                }
                Instr::MemoryGrow(x) => {
                    let r = bulk::memory_grow(vmctx, rd!(fp, x.src, i32) as u32);
                    wr!(fp, x.dst, i32, r);
                    (mem_base, mem_len) = memory0(&*module, vmctx);
                }
                Instr::MemoryFill(x) => {
                    let (d, v, n) = (rd!(fp, x.base, i32) as u32, rd!(fp, x.base + 1, i32) as u8, rd!(fp, x.base + 2, i32) as u32);
                    let Some(ea) = addr(d as i32, 0, n as usize, mem_len) else {
                        break 'run Trap::new(TrapCode::MemoryOutOfBounds);
                    };
                    ptr::write_bytes(mem_base.add(ea), v, n as usize);
                }
                Instr::MemoryCopy(x) => {
                    let (d, s, n) = (rd!(fp, x.base, i32), rd!(fp, x.base + 1, i32), rd!(fp, x.base + 2, i32) as u32);
                    let (Some(d), Some(s)) = (addr(d, 0, n as usize, mem_len), addr(s, 0, n as usize, mem_len)) else {
                        break 'run Trap::new(TrapCode::MemoryOutOfBounds);
                    };
                    ptr::copy(mem_base.add(s), mem_base.add(d), n as usize);
                }
                Instr::MemoryInit(x) => {
                    let (d, s, n) = (rd!(fp, x.base, i32), rd!(fp, x.base + 1, i32) as u32, rd!(fp, x.base + 2, i32) as u32);
                    if let Err(code) = bulk::memory_init(vmctx, x.index, mem_base, mem_len, d, s, n) {
                        break 'run Trap::new(code);
                    }
                }
                Instr::DataDrop(x) => bulk::data_drop(vmctx, x.index),
                Instr::I8x16Shuffle(x) => {
                    let Instr::Arg(Arg(index, _)) = *ip else { unreachable!() };
                    ip = ip.add(1);
                    let lanes = (&(*func).pool)[index as usize].to_le_bytes();
                    wr!(fp, x.dst, v128, i8x16_shuffle(rd!(fp, x.lhs, v128), rd!(fp, x.rhs, v128), lanes));
                }
                Instr::I8x16ExtractLaneS(x) => extract_lane!(fp, ip, x, i8x16_extract_lane_s, i32),
                Instr::I8x16ExtractLaneU(x) => extract_lane!(fp, ip, x, i8x16_extract_lane_u, i32),
                Instr::I16x8ExtractLaneS(x) => extract_lane!(fp, ip, x, i16x8_extract_lane_s, i32),
                Instr::I16x8ExtractLaneU(x) => extract_lane!(fp, ip, x, i16x8_extract_lane_u, i32),
                Instr::I32x4ExtractLane(x) => extract_lane!(fp, ip, x, i32x4_extract_lane, i32),
                Instr::I64x2ExtractLane(x) => extract_lane!(fp, ip, x, i64x2_extract_lane, i64),
                Instr::F32x4ExtractLane(x) => extract_lane!(fp, ip, x, f32x4_extract_lane, f32),
                Instr::F64x2ExtractLane(x) => extract_lane!(fp, ip, x, f64x2_extract_lane, f64),
                Instr::I8x16ReplaceLane(x) => replace_lane!(fp, ip, x, i8x16_replace_lane, i32),
                Instr::I16x8ReplaceLane(x) => replace_lane!(fp, ip, x, i16x8_replace_lane, i32),
                Instr::I32x4ReplaceLane(x) => replace_lane!(fp, ip, x, i32x4_replace_lane, i32),
                Instr::I64x2ReplaceLane(x) => replace_lane!(fp, ip, x, i64x2_replace_lane, i64),
                Instr::F32x4ReplaceLane(x) => replace_lane!(fp, ip, x, f32x4_replace_lane, f32),
                Instr::F64x2ReplaceLane(x) => replace_lane!(fp, ip, x, f64x2_replace_lane, f64),
                Instr::V128Load8Lane(x) => load_lane!(fp, ip, x, mem_base, mem_len, 'run, u8, i8x16_replace_lane, i32),
                Instr::V128Load16Lane(x) => load_lane!(fp, ip, x, mem_base, mem_len, 'run, u16, i16x8_replace_lane, i32),
                Instr::V128Load32Lane(x) => load_lane!(fp, ip, x, mem_base, mem_len, 'run, u32, i32x4_replace_lane, i32),
                Instr::V128Load64Lane(x) => load_lane!(fp, ip, x, mem_base, mem_len, 'run, u64, i64x2_replace_lane, i64),
                Instr::V128Store8Lane(x) => store_lane!(fp, ip, x, mem_base, mem_len, 'run, u8, i8x16_extract_lane_u),
                Instr::V128Store16Lane(x) => store_lane!(fp, ip, x, mem_base, mem_len, 'run, u16, i16x8_extract_lane_u),
                Instr::V128Store32Lane(x) => store_lane!(fp, ip, x, mem_base, mem_len, 'run, u32, i32x4_extract_lane),
                Instr::V128Store64Lane(x) => store_lane!(fp, ip, x, mem_base, mem_len, 'run, u64, i64x2_extract_lane),
            })
        }
    };

    // Unwind: record the trapping frame and every suspended caller.
    // SAFETY: `func` and the frames' functions are live translations;
    // `ip` is one past the trapping instruction of `func`.
    unsafe {
        let pc = ip.offset_from((*func).code.as_ptr()) - 1;
        push_frame(&mut trap, &*module, func_index, &*func, pc);
        while frames.len() > base_frames {
            let f = frames.pop().expect("checked");
            let pc = f.ip.offset_from((*f.func).code.as_ptr()) - 1;
            push_frame(&mut trap, &*f.module, f.func_index, &*f.func, pc);
        }
    }
    Err(trap)
}

#[cold]
fn push_frame(trap: &mut Trap, module: &ModuleCode, func_index: u32, func: &FuncCode, pc: isize) {
    let offset = usize::try_from(pc)
        .ok()
        .and_then(|pc| func.offsets.get(pc).copied());
    trap.push_frame(brisk_vm::FrameInfo {
        func_index,
        func_name: module.func_name(func_index),
        module_offset: offset,
    });
}

/// Calls a non-interpreted function of type `ty` with its arguments in the
/// slots at `args` (results written there).
///
/// # Safety
/// `f` must be a live func ref of the caller's store whose type is `ty`;
/// `args` must point into the stack, below `stack_end`.
#[inline(never)]
unsafe fn call_native(
    f: *const VMFuncRef,
    caller: *mut VMContext,
    args: *mut u128,
    ty: &brisk_parser::FuncType,
    stack_end: *mut u128,
) -> Result<(), Trap> {
    let n = ty.params().len().max(ty.results().len());
    if (stack_end as usize - args as usize) / 16 < n {
        return Err(Trap::new(TrapCode::StackOverflow));
    }
    // SAFETY: the `n` slots are in bounds (checked); `f` is live and its
    // `array_call` accepts `n >= max(params, results)` values (caller).
    let raw = unsafe {
        for (i, t) in ty.params().iter().enumerate() {
            // Keep ValRaw's promise at the boundary: scalars' high bytes
            // are zero (slots may hold stale ones).
            if *t != brisk_parser::ValType::V128 {
                *args.add(i) &= u128::from(u64::MAX);
            }
        }
        ((*f).array_call)(f, caller, args.cast::<ValRaw>(), n)
    };
    if raw.is_null() {
        Ok(())
    } else {
        // SAFETY: a non-null return is a trap from `Trap::into_raw`.
        Err(unsafe { Trap::from_raw(raw) })
    }
}
