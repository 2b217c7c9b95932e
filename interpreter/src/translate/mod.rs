//! Translation of one validated function into bytecode, in one forward
//! pass over its instructions.
//!
//! ```text
//!  FunctionBody ──OperatorsReader──▶ Translator ──▶ FuncCode { code, pool, offsets }
//!                                      │  virtual operand stack (Local | Temp)
//!                                      │  control frames (branch fix-ups)
//!                                      └─ TranslateAllocations (reused buffers)
//! ```
//!
//! The translator keeps a *virtual* operand stack: each entry is either a
//! `Temp` living in its home slot (`locals + height`) or a pending
//! `local.get` (`Local(i)`), which the next consumer reads straight from
//! slot `i`. Pending entries are copied to their home slot
//! ("materialised") wherever that shortcut would be wrong: before a
//! `local.set` of the same local, at every block boundary, and for call
//! arguments (which must be contiguous). Branches copy their values into
//! the target's home slots, then jump; forward jumps are patched when the
//! target's `end` is reached. The module is valid, so the translator never
//! re-checks types; it only needs arities.

mod control;
mod fuse;
mod merge;
mod meter;
mod ops;
mod rotate;

use brisk_parser::{BlockType, FuncType, Operator, ValType};
use brisk_validator::{FuncInfo, ValidatedModule};
use brisk_vm::TrapCode;

use crate::bytecode::{Arg, Branch, BranchIf, Const32, Const64, Instr, Slot, Un};
use crate::code::CodeOptions;

/// Bytes per frame slot: the executor's instructions hold slot operands
/// as byte offsets (`slot * SLOT_BYTES`), so a handler adds them to the
/// frame base without scaling.
pub(crate) const SLOT_BYTES: u32 = 16;

/// The translated form of one function.
#[derive(Debug)]
pub(crate) struct FuncCode {
    /// The instructions, slot operands as byte offsets ([`SLOT_BYTES`]).
    pub code: Box<[Instr]>,
    /// For each instruction, the module offset of the wasm instruction it
    /// came from (for trap backtraces).
    pub offsets: Box<[u32]>,
    /// v128 constants and shuffle masks.
    pub pool: Box<[u128]>,
    /// Parameters.
    pub num_params: u32,
    /// Parameters and declared locals.
    pub num_locals: u32,
    /// Slots the frame needs: locals, operand stack, scratch, constants.
    pub frame_slots: u32,
    /// Constant slots and their values, written when the frame is entered
    /// (operands that are constants without an `Imm` form read them from
    /// there instead of a per-use `Const` instruction).
    pub consts: Box<[(Slot, u64)]>,
    /// The cost of the charge at `code[0]`, 0 if it does not start with
    /// one: `CallFuel` pays it and enters at `code[1]` when it fits.
    pub entry_fuel: u32,
}

/// Buffers reused from one translation to the next.
#[derive(Debug, Default)]
pub(crate) struct TranslateAllocations {
    code: Vec<Instr>,
    offsets: Vec<u32>,
    pool: Vec<u128>,
    stack: Vec<Operand>,
    ctrl: Vec<Ctrl>,
    fixups: Vec<Vec<usize>>,
    copies: Vec<(Slot, Src, bool)>,
    /// Whether each local (parameters first) is a `v128`.
    local_v128: Vec<bool>,
    consts: Vec<(Slot, u64)>,
    /// Fuel cost of each segment, in order (only with fuel metering).
    segments: Vec<u64>,
}

/// Where a value to copy comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Src {
    Slot(Slot),
    Const(u64),
}

/// An entry of the virtual operand stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operand {
    /// A value in its home slot.
    Temp,
    /// A pending `local.get`: the value is in this local's slot.
    Local(Slot),
    /// A pending constant (scalar bits, zero-extended): consumers with an
    /// `Imm` form take it as an immediate, others get it written to the
    /// home slot first.
    Const(u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Func,
    Block,
    Loop,
    If,
    Else,
}

/// An open control frame.
#[derive(Debug)]
struct Ctrl {
    kind: Kind,
    /// The block's type (the function's type index for the function).
    ty: BlockType,
    /// Stack height below the block's parameters.
    height: u32,
    params: u32,
    results: u32,
    /// For a loop, the pc of its header (branches go back there).
    start: usize,
    /// For an `if`, the pc of its conditional jump to the `else`.
    else_jump: Option<usize>,
    /// For an `if` with parameters, the scratch slots that keep them for
    /// the `else` branch.
    saved_params: Option<Slot>,
    /// Index into `fixups` of this frame's pending forward branches.
    fixups: usize,
    /// Whether the code after the last branch/return is unreachable.
    unreachable: bool,
}

/// Translation failed: only possible for input the validator accepted but
/// the translator cannot represent (a frame beyond `u32` slots), or a
/// decoding error in a module that should not have validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TranslateError(pub String);

pub(crate) struct Translator<'m, 'a> {
    module: &'m ValidatedModule<'a>,
    a: &'m mut TranslateAllocations,
    /// Slot of operand-stack height 0.
    locals: u32,
    /// Scratch slots after the operand stack.
    extra: u32,
    max_stack: u32,
    /// Module offset of the wasm instruction being translated.
    pos: u32,
    /// pc of the last instruction whose `dst` may be retargeted.
    last_result: Option<usize>,
    /// Nesting depth of blocks skipped in unreachable code.
    skip_depth: u32,
    num_results: u32,
    options: CodeOptions,
    /// Whether the next instruction starts a fuel segment.
    segment_start: bool,
    /// Index into `segments` of the next segment to start.
    next_segment: usize,
}

/// Translates defined function `func_index` of `module`.
pub(crate) fn translate(
    module: &ValidatedModule<'_>,
    func_index: u32,
    options: CodeOptions,
    a: &mut TranslateAllocations,
) -> Result<FuncCode, TranslateError> {
    let info = module
        .func_info(func_index)
        .ok_or_else(|| TranslateError(format!("function {func_index} is not defined")))?;
    let body = module.module.code[(func_index - module.module.function_imports) as usize];
    let ty = module
        .module
        .func_type(func_index)
        .ok_or_else(|| TranslateError("missing function type".into()))?;
    let consts = scan_constants(body, &mut a.consts)?;
    for (i, c) in a.consts.iter_mut().enumerate() {
        c.0 = info.num_locals + i as u32;
    }
    if options.consume_fuel {
        meter::scan_segments(body, &mut a.segments)?;
    }
    let mut t = Translator::new(module, info, ty, a);
    t.options = options;
    // The operand stack starts after the constant slots.
    t.locals += consts;
    let mut reader = body
        .operators_reader()
        .map_err(|e| TranslateError(e.to_string()))?;
    let mut first = true;
    while !reader.eof() {
        let (op, pos) = reader
            .read_with_offset()
            .map_err(|e| TranslateError(e.to_string()))?;
        t.pos = pos as u32;
        t.meter_before(first)?;
        first = false;
        t.operator(&op)?;
        t.meter_after(&op);
    }
    t.finish(info, ty)
}

/// Collects the constants that no `Imm` form can take (float constants,
/// and `i64` constants beyond 32 bits) into `consts`, sorted and each
/// given a slot after the declared locals; returns how many. They are
/// written once per call instead of once per use (loops reuse them).
fn scan_constants(
    body: brisk_parser::FunctionBody<'_>,
    consts: &mut Vec<(Slot, u64)>,
) -> Result<u32, TranslateError> {
    consts.clear();
    let mut reader = body
        .operators_reader()
        .map_err(|e| TranslateError(e.to_string()))?;
    while !reader.eof() {
        let v = match reader.read().map_err(|e| TranslateError(e.to_string()))? {
            Operator::F32Const { value } => u64::from(value.0),
            Operator::F64Const { value } => value.0,
            Operator::I64Const { value } if i64::from(value as i32) != value => value as u64,
            _ => continue,
        };
        consts.push((0, v));
    }
    consts.sort_unstable_by_key(|&(_, v)| v);
    consts.dedup_by_key(|&mut (_, v)| v);
    Ok(consts.len() as u32)
}

impl<'m, 'a> Translator<'m, 'a> {
    fn new(
        module: &'m ValidatedModule<'a>,
        info: &FuncInfo,
        ty: &FuncType,
        a: &'m mut TranslateAllocations,
    ) -> Self {
        a.code.clear();
        a.offsets.clear();
        a.pool.clear();
        a.stack.clear();
        a.ctrl.clear();
        a.copies.clear();
        a.local_v128.clear();
        a.local_v128
            .extend(ty.params().iter().map(|t| *t == ValType::V128));
        for &(n, t) in &info.locals {
            a.local_v128
                .extend(std::iter::repeat_n(t == ValType::V128, n as usize));
        }
        for f in &mut a.fixups {
            f.clear();
        }
        let mut t = Translator {
            module,
            a,
            locals: info.num_locals,
            extra: 0,
            max_stack: info.max_stack_height,
            pos: 0,
            last_result: None,
            skip_depth: 0,
            num_results: ty.results().len() as u32,
            options: CodeOptions::default(),
            segment_start: true,
            next_segment: 0,
        };
        let fty = BlockType::FuncType(info.type_index);
        t.push_ctrl(Kind::Func, fty, 0, ty.results().len() as u32);
        t
    }

    fn finish(self, info: &FuncInfo, ty: &FuncType) -> Result<FuncCode, TranslateError> {
        rotate::rotate_loops(&mut self.a.code);
        if self.options.consume_fuel {
            meter::fuse_charges(&mut self.a.code, &mut self.a.offsets);
        }
        if self.options.interruptible {
            meter::fold_checks(&mut self.a.code);
        }
        let frame_slots =
            u64::from(self.locals) + u64::from(self.max_stack) + u64::from(self.extra);
        let frame_slots = u32::try_from(frame_slots.max(ty.results().len() as u64))
            .ok()
            .filter(|&n| n <= u32::MAX / SLOT_BYTES)
            .ok_or_else(|| TranslateError("function frame too large".into()))?;
        // Slot operands are stored as byte offsets from the frame base.
        crate::bytecode::map_slots(&mut self.a.code, |s| s * SLOT_BYTES);
        let entry_fuel = match self.a.code.first() {
            Some(Instr::ConsumeFuel(f)) => f.cost,
            Some(Instr::ConsumeFuelMerged(f)) => f.cost,
            _ => 0,
        };
        Ok(FuncCode {
            entry_fuel,
            code: self.a.code.as_slice().into(),
            offsets: self.a.offsets.as_slice().into(),
            pool: self.a.pool.as_slice().into(),
            num_params: ty.params().len() as u32,
            num_locals: info.num_locals,
            frame_slots,
            consts: self.a.consts.as_slice().into(),
        })
    }

    // --- emission ---

    fn pc(&self) -> usize {
        self.a.code.len()
    }

    fn emit(&mut self, i: Instr) -> usize {
        self.last_result = None;
        self.a.code.push(i);
        self.a.offsets.push(self.pos);
        self.a.code.len() - 1
    }

    /// Emits an instruction whose `dst` a following `local.set` may retarget.
    fn emit_result(&mut self, i: Instr) {
        let pc = self.emit(i);
        self.last_result = Some(pc);
    }

    fn emit_arg(&mut self, a: u32, b: u32) {
        self.emit(Instr::Arg(Arg(a, b)));
    }

    fn pool(&mut self, v: u128) -> u32 {
        self.a.pool.push(v);
        (self.a.pool.len() - 1) as u32
    }

    /// Emits `dst = src` of a scalar, or of a `v128` when `wide`.
    fn copy(&mut self, dst: Slot, src: Slot, wide: bool) {
        if dst != src {
            let u = Un { dst, src };
            self.emit(if wide {
                Instr::CopyV128(u)
            } else {
                Instr::Copy(u)
            });
        }
    }

    /// Whether parameter (or result) `i` of a block type is a `v128`.
    fn label_v128(&self, ty: BlockType, params: bool, i: u32) -> bool {
        let t = match ty {
            BlockType::Empty => return false,
            BlockType::Type(t) => t,
            BlockType::FuncType(idx) => {
                let ft = &self.module.module.types[idx as usize];
                let list = if params { ft.params() } else { ft.results() };
                list[i as usize]
            }
        };
        t == ValType::V128
    }

    /// Points the jump at `pc` to `target`.
    fn patch(&mut self, pc: usize, target: usize) {
        let offset = target as i32 - pc as i32;
        let i = &mut self.a.code[pc];
        *i.branch_offset_mut().expect("only jumps are patched") = offset;
    }

    // --- virtual operand stack ---

    fn height(&self) -> u32 {
        self.a.stack.len() as u32
    }

    fn home(&self, h: u32) -> Slot {
        self.locals + h
    }

    /// Where the value at height `h` is, without emitting anything.
    fn src_at(&self, h: u32) -> Src {
        match self.a.stack[h as usize] {
            Operand::Temp => Src::Slot(self.home(h)),
            Operand::Local(i) => Src::Slot(i),
            Operand::Const(v) => Src::Const(v),
        }
    }

    /// The slot of the value at height `h`, writing a pending constant to
    /// its home slot first.
    fn slot_at(&mut self, h: u32) -> Slot {
        match self.a.stack[h as usize] {
            Operand::Temp => self.home(h),
            Operand::Local(i) => i,
            Operand::Const(v) => self.const_slot(h, v),
        }
    }

    /// The slot of a pending constant: its constant slot if the pre-scan
    /// gave it one, else its home slot, written now.
    fn const_slot(&mut self, h: u32, v: u64) -> Slot {
        match self.a.consts.binary_search_by_key(&v, |&(_, c)| c) {
            Ok(i) => self.a.consts[i].0,
            Err(_) => {
                self.materialize(h);
                self.home(h)
            }
        }
    }

    /// Allocates `n` slots past the operand stack (constants, saved `if`
    /// parameters); returns the first.
    fn scratch(&mut self, n: u32) -> Slot {
        let s = self.locals + self.max_stack + self.extra;
        self.extra += n;
        s
    }

    /// Emits `dst = src`.
    fn copy_src(&mut self, dst: Slot, src: Src, wide: bool) {
        match src {
            Src::Slot(s) => self.copy(dst, s, wide),
            Src::Const(v) => match u32::try_from(v) {
                Ok(value) => {
                    self.emit(Instr::Const32(Const32 { dst, value }));
                }
                Err(_) => {
                    let (lo, hi) = (v as u32, (v >> 32) as u32);
                    self.emit(Instr::Const64(Const64 { dst, lo, hi }));
                }
            },
        }
    }

    fn pop(&mut self) -> Slot {
        let h = self.height() - 1;
        let s = self.slot_at(h);
        self.a.stack.pop();
        s
    }

    fn push_temp(&mut self) -> Slot {
        let h = self.height();
        self.a.stack.push(Operand::Temp);
        self.home(h)
    }

    fn materialize(&mut self, h: u32) {
        let dst = self.home(h);
        match self.a.stack[h as usize] {
            Operand::Temp => return,
            Operand::Local(i) => {
                let wide = self.a.local_v128[i as usize];
                self.copy(dst, i, wide);
            }
            Operand::Const(v) => self.copy_src(dst, Src::Const(v), false),
        }
        self.a.stack[h as usize] = Operand::Temp;
    }

    fn materialize_all(&mut self) {
        for h in 0..self.height() {
            self.materialize(h);
        }
    }

    /// Materialises the top `n` entries and pops them; returns the slot of
    /// the lowest (they are contiguous from there).
    fn pop_contiguous(&mut self, n: u32) -> Slot {
        let h = self.height();
        for i in h - n..h {
            self.materialize(i);
        }
        self.a.stack.truncate((h - n) as usize);
        self.home(h - n)
    }

    /// `(params, results)` of a block type.
    fn block_arity(&self, ty: BlockType) -> (u32, u32) {
        match ty {
            BlockType::Empty => (0, 0),
            BlockType::Type(_) => (0, 1),
            BlockType::FuncType(i) => self.type_arity(i),
        }
    }

    fn type_arity(&self, type_index: u32) -> (u32, u32) {
        let ty = &self.module.module.types[type_index as usize];
        (ty.params().len() as u32, ty.results().len() as u32)
    }

    fn trap(&mut self, code: TrapCode) {
        self.emit(Instr::Trap(code));
        self.set_unreachable();
    }

    fn jump(&mut self, cond: Option<(Slot, bool)>) -> usize {
        match cond {
            None => self.emit(Instr::Br(Branch { offset: 0 })),
            Some((cond, true)) => self.emit(Instr::BrIfNez(BranchIf { cond, offset: 0 })),
            Some((cond, false)) => self.emit(Instr::BrIfEqz(BranchIf { cond, offset: 0 })),
        }
    }

    fn operator(&mut self, op: &Operator<'_>) -> Result<(), TranslateError> {
        if self.skip_depth > 0 || self.ctrl().unreachable {
            return self.unreachable_operator(op);
        }
        self.reachable_operator(op)
    }
}
