//! Entering and leaving the interpreter: the executor's state, frames,
//! calls out of it, the unwinding of a trap, and the helpers the handlers
//! (`handlers.rs`) share.
//!
//! Execution is threaded: each instruction's handler ends by calling the
//! next instruction's handler in tail position, with the hot state (`ip`,
//! `fp` the frame base slot, memory 0's base and length) in argument
//! registers; the rest lives in [`Exec`]. The current function, module and
//! instance are saved in a heap [`Frame`] on a call and restored on
//! return; memory 0 is re-read after anything that may grow it (calls,
//! `memory.grow`). Release builds rely on LLVM turning those tail calls
//! into jumps (the `flat_stack` test runs a long mixed loop on a small
//! stack to hold it to that), with a safety net for when it does not (see
//! "Host stack" below); debug builds return to [`dispatch`]'s loop after
//! every instruction instead.
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
//! - **Host stack.** Nothing a guest does may overflow the host stack, and
//!   stable Rust does not promise that a call in tail position becomes a
//!   jump. So every handler that can run an unbounded number of times
//!   without another of its kind in between — every branch (`Br`,
//!   `BrIf*`, `BrTable`, `BrFuel`, `ConsumeFuelMerged`, the fused
//!   compare-and-branch rows),
//!   `Call`, `CallIndirect` and `Return` — runs `check_stack!` (a
//!   conditional branch on its taken path only: not taken, it just
//!   continues the straight line) before dispatching the next: when
//!   the host stack pointer is below `Exec::stack_floor` ([`STACK_BUDGET`]
//!   below `run`'s frame), it saves `ip`, `fp` and memory 0 in [`Exec`]
//!   and returns [`Exit::Next`]; every frame above unwinds with that
//!   value, and [`dispatch`]'s loop, in `run`'s frame, continues at the
//!   saved `ip` on an empty handler stack. Between two checks only
//!   straight-line code of one function runs (every taken jump, call and
//!   return passes a check), so even if no handler's call were a jump, the stack
//!   reaches at most `STACK_BUDGET` plus one handler frame per instruction
//!   of the longest branch-free stretch of a function below `run`, however
//!   long the guest runs. The unit test `exec::tests` builds the crate
//!   with every handler's call deliberately *not* a tail call (release
//!   `cfg(test)`, see `next!`) and runs a million-iteration loop with calls
//!   on a small thread stack; the `flat_stack` integration test holds the
//!   shipped build to real tail calls (the check never fires there).

use std::ptr;

use brisk_vm::{Trap, TrapCode, VMContext, VMFuncRef, VMMemoryDefinition, VMStoreContext, ValRaw};

use super::handlers::HANDLERS;
use super::{STACK_SLOTS, Stack};
use crate::bytecode::Instr;
use crate::code::ModuleCode;
use crate::semantics::NumTrap;
use crate::translate::FuncCode;

/// A suspended caller.
#[derive(Debug)]
pub(crate) struct Frame {
    pub(super) ip: *const Instr,
    pub(super) fp: *mut u128,
    pub(super) func: *const FuncCode,
    pub(super) module: *const ModuleCode,
    pub(super) vmctx: *mut VMContext,
    pub(super) func_index: u32,
}

/// Turns the result of a semantics function, trapping or not, into a
/// `Result`, so derived arms treat both alike.
pub(super) trait Num<T> {
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

pub(super) fn num_trap(t: NumTrap) -> TrapCode {
    match t {
        NumTrap::DivByZero => TrapCode::IntegerDivisionByZero,
        NumTrap::Overflow => TrapCode::IntegerOverflow,
        NumTrap::BadConversion => TrapCode::BadConversionToInteger,
    }
}

/// The effective address of a memory access if `size` bytes fit in
/// memory 0, else `None`.
#[inline(always)]
pub(super) fn addr(ptr: i32, offset: u32, size: usize, len: usize) -> Option<usize> {
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
pub(super) unsafe fn memory0(module: &ModuleCode, vmctx: *mut VMContext) -> (*mut u8, usize) {
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
pub(super) unsafe fn vmctx_read<T: Copy>(vmctx: *mut VMContext, offset: u32) -> T {
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
pub(super) unsafe fn func_ref(
    module: &ModuleCode,
    vmctx: *mut VMContext,
    index: u32,
) -> *mut VMFuncRef {
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
pub(super) enum Callee {
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
pub(super) unsafe fn classify(f: *const VMFuncRef) -> Callee {
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
pub(super) unsafe fn enter_frame(
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

/// Pays `cost` out of `fuel` if it fits (true), else leaves `fuel` as it
/// was (false). `fuel` is never negative, so the difference cannot
/// overflow.
///
/// Written for the hot path of every charge to be `sub fuel, cost; js`:
/// paying is the likely case (else LLVM may choose the next `ip` with a
/// conditional move on the result, putting the fuel arithmetic on the
/// dispatch's critical path instead of a predicted branch), and the
/// unlikely side adds the cost back to the difference through an opaque
/// value (else LLVM keeps a copy of the old fuel alive, two more moves on
/// every charge).
#[inline(always)]
pub(super) fn charge(fuel: &mut i64, cost: u32) -> bool {
    let rest = *fuel - i64::from(cost);
    if rest >= 0 {
        *fuel = rest;
        true
    } else {
        *fuel = out_of_fuel(rest) + i64::from(cost);
        false
    }
}

/// The unlikely side of [`charge`]: `rest`, hidden from the optimizer by
/// an empty `asm!` that claims to change the register holding it
/// (`black_box` would put it in memory, and give every handler that
/// charges a stack frame, turning its tail call into a call).
#[cold]
#[inline(always)]
fn out_of_fuel(mut rest: i64) -> i64 {
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    // SAFETY: an empty template: no instruction runs, no memory, stack or
    // flags are touched; the register is only declared as rewritten.
    unsafe {
        std::arch::asm!("/* {0} */", inout(reg) rest, options(pure, nomem, nostack, preserves_flags));
    }
    rest
}

/// Why the handler chain stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Exit {
    /// The entry frame returned; its results are in its first slots.
    Return,
    /// A trap, recorded in [`Exec::trap`] with [`Exec::ip`] past the
    /// trapping instruction.
    Trap,
    /// Continue at [`Exec::ip`] with the state saved in [`Exec`]: after
    /// every instruction in debug builds (see `next!`), and in release
    /// builds when the host stack reached [`Exec::stack_floor`]
    /// (`check_stack!`).
    Next,
}

/// The executor's state that does not travel in argument registers.
pub(super) struct Exec {
    /// The suspended callers of this run and of enclosing runs.
    pub frames: *mut Vec<Frame>,
    /// `frames.len()` when this run started: a `Return` at that depth ends it.
    pub base_frames: usize,
    pub stack_end: *mut u128,
    pub store: *mut VMStoreContext,
    /// The running function, its module and instance.
    pub module: *const ModuleCode,
    pub vmctx: *mut VMContext,
    pub func: *const FuncCode,
    pub func_index: u32,
    /// On a trap, one past the trapping instruction; on [`Exit::Next`],
    /// the next instruction (with `fp` and memory 0, which handlers
    /// otherwise keep in registers only).
    pub ip: *const Instr,
    pub fp: *mut u128,
    pub mem_base: *mut u8,
    pub mem_len: usize,
    /// The host stack pointer below which `check_stack!` hands control back
    /// to `run`'s loop: [`STACK_BUDGET`] below the stack pointer of `run`.
    pub stack_floor: usize,
    /// The fuel remaining when the handler chain last left (see `next!`:
    /// while it runs, the fuel lives in the handlers' `fuel` argument
    /// only, and this holds [`FUEL_IN_CHAIN`]);
    /// `VMStoreContext::fuel_remaining` gets it back when `run` ends.
    pub fuel: i64,
    /// The trap, once one happened.
    pub trap: Option<Trap>,
}

#[cold]
pub(super) fn translate_failure(e: &crate::translate::TranslateError) -> Trap {
    Trap::host(format!("interpreter translation failed: {}", e.0).into())
}

/// Runs the handler chain from the entry function; see [`enter`].
///
/// # Safety
/// As [`enter`]; `store` is the instance's store context.
unsafe fn run(
    stack: &mut Stack,
    entry_module: &ModuleCode,
    entry_vmctx: *mut VMContext,
    entry_func: u32,
    store: *mut VMStoreContext,
) -> Result<(), Trap> {
    let stack_start = stack.slots.as_mut_ptr();
    let func: *const FuncCode = match entry_module.func(entry_func) {
        Ok(f) => f,
        Err(e) => return Err(translate_failure(e)),
    };
    let mut st = Exec {
        frames: &mut stack.frames,
        base_frames: stack.frames.len(),
        // SAFETY: one past the end of the slot array.
        stack_end: unsafe { stack_start.add(STACK_SLOTS) },
        store,
        module: entry_module,
        vmctx: entry_vmctx,
        func,
        func_index: entry_func,
        ip: ptr::null(),
        fp: stack_start,
        mem_base: ptr::null_mut(),
        mem_len: 0,
        stack_floor: stack_pointer().saturating_sub(STACK_BUDGET),
        // SAFETY: `store` is the live store context (caller's contract).
        fuel: unsafe { (*store).fuel_remaining },
        trap: None,
    };
    // SAFETY: `func` is a live translation (owned by `module`, which the
    // instance keeps alive); the stack start is in bounds.
    if let Err(code) = unsafe { enter_frame(&*func, stack_start, st.stack_end, store) } {
        return Err(Trap::new(code));
    }
    // SAFETY: as above; `vmctx` is live and of `module` (caller's contract).
    let (ip, (mem_base, mem_len)) =
        unsafe { ((*func).code.as_ptr(), memory0(entry_module, entry_vmctx)) };
    // SAFETY: see the module's safety argument: every handler keeps `ip`
    // inside the current function's code (branch offsets were resolved by
    // the translator within the function; a two-word instruction is always
    // followed by its `Arg`) and `fp` at a frame that `enter_frame`
    // checked; the table maps each discriminant to its variant's handler.
    let exit = unsafe { dispatch(ip, stack_start, mem_base, mem_len, &mut st) };
    // SAFETY: as above.
    unsafe { (*store).fuel_remaining = st.fuel };
    match exit {
        Exit::Return => Ok(()),
        Exit::Next => unreachable!("dispatch runs until Return or Trap"),
        Exit::Trap => {
            let mut trap = st.trap.take().expect("a trap exit records its trap");
            // Unwind: record the trapping frame and every suspended caller.
            // SAFETY: `func` and the frames' functions are live
            // translations; `ip` is one past the trapping instruction of
            // `func`.
            unsafe {
                let pc = st.ip.offset_from((*st.func).code.as_ptr()) - 1;
                push_frame(&mut trap, &*st.module, st.func_index, &*st.func, pc);
                let frames = &mut *st.frames;
                while frames.len() > st.base_frames {
                    let f = frames.pop().expect("checked");
                    let pc = f.ip.offset_from((*f.func).code.as_ptr()) - 1;
                    push_frame(&mut trap, &*f.module, f.func_index, &*f.func, pc);
                }
            }
            Err(trap)
        }
    }
}

/// Runs handlers from `ip` until one returns or traps. Release builds: the
/// first handler's chain of tail calls runs to the end, coming back here
/// only if the stack check saw the host stack reach its floor; debug
/// builds loop here, one handler per iteration.
///
/// # Safety
/// `ip` must be the first instruction of the function whose frame, entered
/// by `enter_frame`, starts at `fp`; `st` describes that function.
#[inline(always)]
unsafe fn dispatch(
    ip: *const Instr,
    fp: *mut u128,
    mem_base: *mut u8,
    mem_len: usize,
    st: *mut Exec,
) -> Exit {
    // SAFETY: caller's contract; the discriminant of an `Instr` is its
    // first u16 (`#[repr(u16)]`) and below the table's length.
    unsafe {
        let tag = *ip.cast::<u16>();
        // Every way out of the chain leaves the fuel in `Exec` (see
        // `next!`), so it is current here at the start and after every
        // return to this loop. While the chain runs it is stale, so it
        // holds `FUEL_IN_CHAIN` instead: a way out that forgot to write
        // it back shows as fuel -1 (and a resumed chain traps at its next
        // charge), in debug builds too, where every instruction leaves.
        let fuel = (*st).fuel;
        (*st).fuel = FUEL_IN_CHAIN;
        let mut exit = HANDLERS.get_unchecked(tag as usize)(ip, fp, mem_base, mem_len, st, fuel);
        while exit == Exit::Next {
            let s = &mut *st;
            let tag = *s.ip.cast::<u16>();
            let fuel = s.fuel;
            s.fuel = FUEL_IN_CHAIN;
            exit =
                HANDLERS.get_unchecked(tag as usize)(s.ip, s.fp, s.mem_base, s.mem_len, st, fuel);
        }
        exit
    }
}

/// What [`Exec::fuel`] holds while the handler chain runs (the fuel is in
/// the handlers' `fuel` argument then): never a valid amount, so a way
/// out of the chain that does not write the fuel back is seen at once.
const FUEL_IN_CHAIN: i64 = -1;

/// How far below `run`'s own frame the handler chain may take the host
/// stack before `check_stack!` sends it back to `run`'s loop.
pub(super) const STACK_BUDGET: usize = 64 * 1024;

/// The host stack pointer (an address in the current frame on targets
/// without a register read).
#[inline(always)]
pub(super) fn stack_pointer() -> usize {
    let sp: usize;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: reads a register into another; touches no memory or flags.
    unsafe {
        std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags));
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: as above.
    unsafe {
        std::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags));
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        let marker = 0u8;
        sp = std::hint::black_box(ptr::addr_of!(marker)) as usize;
    }
    sp
}

/// Saves the handler state (fuel included) in `st` and leaves the handler chain with
/// [`Exit::Next`], so `dispatch`'s loop continues at `ip` from its own
/// frame (debug builds, after every instruction).
///
/// # Safety
/// `st` must be the running executor's state.
#[inline(always)]
pub(super) unsafe fn save_state(
    st: *mut Exec,
    ip: *const Instr,
    fp: *mut u128,
    mem_base: *mut u8,
    mem_len: usize,
    fuel: i64,
) -> Exit {
    // SAFETY: caller's contract.
    let s = unsafe { &mut *st };
    s.ip = ip;
    s.fp = fp;
    s.mem_base = mem_base;
    s.mem_len = mem_len;
    s.fuel = fuel;
    Exit::Next
}

/// [`save_state`] when the host stack reached its floor (`check_stack!`),
/// counted in [`host_stack_suspensions`].
///
/// # Safety
/// As [`save_state`].
#[cold]
#[inline(never)]
pub(super) unsafe fn suspend(
    st: *mut Exec,
    ip: *const Instr,
    fp: *mut u128,
    mem_base: *mut u8,
    mem_len: usize,
    fuel: i64,
) -> Exit {
    SUSPENSIONS.with(|n| n.set(n.get() + 1));
    // SAFETY: caller's contract.
    unsafe { save_state(st, ip, fp, mem_base, mem_len, fuel) }
}

thread_local! {
    static SUSPENSIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How often handler chains on this thread were sent back to `run`'s loop
/// because the host stack reached its floor. Always 0 when every handler's
/// call to the next is a jump (the shipped release build); tests use it to
/// tell that apart from the safety net doing its work.
#[doc(hidden)]
pub fn host_stack_suspensions() -> u64 {
    SUSPENSIONS.with(|n| n.get())
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
pub(super) unsafe fn call_native(
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
