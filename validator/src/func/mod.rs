//! Function bodies: the spec's validation algorithm (appendix "Validation
//! Algorithm") over an operand stack and a control stack, in one pass that
//! decodes each instruction once.
//!
//! ```text
//!  FunctionBody ─LocalsReader─▶ Locals
//!        └─OperatorsReader─▶ Operator ─dispatch (derived.rs)─┬─▶ fixed signatures: pop/push inline
//!                                                            └─▶ visit_* (control, variables,
//!                                                                memory, table, simd .rs)
//!  FuncValidator: operands: Vec<StackType>, control: Vec<Frame>, blocks: Vec<BlockInfo>
//!        │                 (buffers borrowed from FuncValidatorAllocations, reused)
//!        └─▶ FuncInfo
//! ```
//!
//! This file holds the state and the stack primitives; `derived.rs` turns
//! the parser's operator table into the dispatch `match` and the checks of
//! every fixed-signature instruction; the other files hand-write the
//! `[special]` rows by family.
//!
//! # Performance
//!
//! The operand stack holds one-byte [`StackType`]s; a pop that finds the
//! expected type above the current frame's height is one compare and a
//! length decrement, everything else (empty stack, polymorphic stack,
//! errors) takes an out-of-line path. The current frame's height is cached
//! in a field. The maximum stack height is sampled once per instruction
//! rather than on every push: an instruction pops before it pushes, so the
//! height between two instructions is where the maxima are. Buffers are
//! taken from a [`FuncValidatorAllocations`] and given back, so a module's
//! functions reuse one set.

mod control;
mod derived;
mod memory;
mod simd;
mod table;
mod variables;

use std::fmt;

use brisk_parser::limits::{MAX_WASM_CONTROL_DEPTH, MAX_WASM_FUNCTION_LOCALS};
use brisk_parser::{BinaryReader, Features, FunctionBody, ParseError};

use crate::context::{ModuleCtx, Sig};
use crate::error::{Error, Result};
use crate::info::{BlockInfo, FuncInfo};
use crate::types::{StackType, val_type};

/// Operand stack height above which a function is rejected, so that a
/// small body cannot make validation (or a backend) allocate without
/// bound: `block (type $t) unreachable end` pushes up to 1000 values for
/// four bytes.
pub(crate) const MAX_OPERAND_STACK_HEIGHT: usize = 1 << 20;

/// How many locals are kept in an array indexed directly; the rest are
/// found by binary search over their declaration runs, so a declaration
/// like `(local 50000 i32)` costs one entry, not 50000.
const EAGER_LOCALS: usize = 64;

/// Marks the function frame, which has no [`BlockInfo`].
const NO_BLOCK: u32 = u32::MAX;

/// Buffers for validating function bodies, reused from one function to the
/// next.
#[derive(Debug, Default)]
pub(crate) struct FuncValidatorAllocations {
    operands: Vec<StackType>,
    control: Vec<Frame>,
    locals: Locals,
    blocks: Vec<BlockInfo>,
    marks: LabelMarks,
}

/// Which labels the current `br_table` has already checked the operand
/// stack against, so that a table naming the same label many times costs
/// one check per distinct label, not per entry: `marks[i] == epoch` for
/// control frame `i` once checked. A new `br_table` starts a new epoch, so
/// nothing needs clearing.
#[derive(Debug, Default)]
struct LabelMarks {
    marks: Vec<u32>,
    epoch: u32,
}

impl LabelMarks {
    /// Starts the epoch of a new `br_table` over `frames` control frames.
    fn next_epoch(&mut self, frames: usize) -> u32 {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.marks.clear();
            self.epoch = 1;
        }
        if self.marks.len() < frames {
            self.marks.resize(frames, 0);
        }
        self.epoch
    }
}

/// What opened a control frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FrameKind {
    Function,
    Block,
    Loop,
    If,
    /// An `if` after its `else`.
    Else,
}

/// One entry of the control stack.
#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: FrameKind,
    /// Whether the rest of the frame is unreachable (its operand stack is
    /// polymorphic below `height`).
    unreachable: bool,
    /// Operand stack height when the frame was entered, params excluded.
    height: u32,
    sig: Sig,
    /// Index of the frame's entry in `blocks`, or `NO_BLOCK`.
    block: u32,
}

/// The local index space: parameters, then declared locals.
///
/// # Invariants
///
/// `first` holds the types of locals `0..min(num, EAGER_LOCALS)`; `runs`
/// holds `(end, type)` for every run of locals, `end` exclusive and
/// strictly increasing, the last one equal to `num`.
#[derive(Debug, Default)]
struct Locals {
    num: u32,
    first: Vec<StackType>,
    runs: Vec<(u32, StackType)>,
}

impl Locals {
    fn clear(&mut self) {
        self.num = 0;
        self.first.clear();
        self.runs.clear();
    }

    /// Appends `count` locals of type `ty`; `false` when the total would
    /// exceed the implementation limit.
    fn push(&mut self, count: u32, ty: StackType) -> bool {
        if count == 0 {
            return true;
        }
        let end = match self.num.checked_add(count) {
            Some(end) if end as usize <= MAX_WASM_FUNCTION_LOCALS => end,
            _ => return false,
        };
        let eager = EAGER_LOCALS
            .saturating_sub(self.first.len())
            .min(count as usize);
        self.first.extend(std::iter::repeat_n(ty, eager));
        self.runs.push((end, ty));
        self.num = end;
        true
    }

    #[inline]
    fn get(&self, index: u32) -> Option<StackType> {
        match self.first.get(index as usize) {
            Some(&ty) => Some(ty),
            None => self.get_slow(index),
        }
    }

    #[inline(never)]
    fn get_slow(&self, index: u32) -> Option<StackType> {
        if index >= self.num {
            return None;
        }
        let run = self.runs.partition_point(|&(end, _)| end <= index);
        self.runs.get(run).map(|&(_, ty)| ty)
    }
}

/// Validates function `func_index`'s body against `ctx`, reusing `alloc`.
pub(crate) fn validate_function(
    ctx: &ModuleCtx,
    func_index: u32,
    body: &FunctionBody<'_>,
    alloc: &mut FuncValidatorAllocations,
) -> Result<FuncInfo> {
    let mut v = FuncValidator {
        ctx,
        features: ctx.features,
        operands: std::mem::take(&mut alloc.operands),
        control: std::mem::take(&mut alloc.control),
        locals: std::mem::take(&mut alloc.locals),
        blocks: std::mem::take(&mut alloc.blocks),
        marks: std::mem::take(&mut alloc.marks),
        height: 0,
        offset: body.offset(),
        body_offset: body.offset(),
        max_depth: 0,
    };
    v.operands.clear();
    v.control.clear();
    v.locals.clear();
    v.blocks.clear();
    let result = v.run(func_index, body);
    *alloc = FuncValidatorAllocations {
        operands: v.operands,
        control: v.control,
        locals: v.locals,
        blocks: v.blocks,
        marks: v.marks,
    };
    result
}

/// The state of one function's validation.
pub(crate) struct FuncValidator<'c> {
    ctx: &'c ModuleCtx,
    features: Features,
    operands: Vec<StackType>,
    control: Vec<Frame>,
    locals: Locals,
    blocks: Vec<BlockInfo>,
    marks: LabelMarks,
    /// `control.last().height`, cached.
    height: usize,
    /// Offset of the instruction being validated, for errors.
    offset: usize,
    /// Offset of the body's first byte; `BlockInfo` offsets are relative
    /// to it.
    body_offset: usize,
    max_depth: usize,
}

impl<'c> FuncValidator<'c> {
    fn run(&mut self, func_index: u32, body: &FunctionBody<'_>) -> Result<FuncInfo> {
        let ctx = self.ctx;
        let (type_index, sig) = match ctx.funcs.get(func_index as usize) {
            Some(&ty) => match ctx.type_sig(ty) {
                Some(sig) => (ty, sig),
                None => return Err(self.err_fmt(format_args!("unknown type {ty}"))),
            },
            None => return Err(self.err_fmt(format_args!("unknown function {func_index}"))),
        };
        let body_len = body.bytes().len();
        if u32::try_from(body_len).is_err() {
            return Err(self.err("function body too large"));
        }

        // Locals: parameters, then the declarations.
        for &param in ctx.params(sig) {
            if !self.locals.push(1, param) {
                return Err(Error::malformed("too many locals", self.offset));
            }
        }
        let mut locals_reader = body.locals_reader()?;
        let mut declared = Vec::with_capacity(locals_reader.remaining() as usize);
        for _ in 0..locals_reader.remaining() {
            let (count, ty) = locals_reader.read()?;
            let st = val_type(ty, self.features).map_err(|m| self.err(m))?;
            if !self.locals.push(count, st) {
                return Err(Error::malformed("too many locals", self.offset));
            }
            declared.push((count, ty));
        }
        // The instructions are decoded by `step` (derived.rs) from here.
        let start = locals_reader.into_operators_reader().original_position();
        let code = body
            .bytes()
            .get(start.wrapping_sub(body.offset())..)
            .unwrap_or(&[]);
        let mut reader = BinaryReader::new(code, start, self.features);

        self.control.push(Frame {
            kind: FrameKind::Function,
            unreachable: false,
            height: 0,
            sig,
            block: NO_BLOCK,
        });
        self.height = 0;
        self.max_depth = 1;
        let mut max_height = 0;
        loop {
            if self.operands.len() > max_height {
                max_height = self.operands.len();
                if max_height > MAX_OPERAND_STACK_HEIGHT {
                    return Err(self.err("operand stack too deep"));
                }
            }
            self.offset = reader.original_position();
            self.step(&mut reader)?;
            if self.control.is_empty() {
                break;
            }
        }
        max_height = max_height.max(self.operands.len());
        if !reader.eof() {
            return Err(Error::malformed(
                "operators remaining after end of function",
                reader.original_position(),
            ));
        }
        Ok(FuncInfo {
            func_index,
            type_index,
            locals: declared,
            num_locals: self.locals.num,
            // Both bounded by the checks above.
            max_stack_height: max_height.min(MAX_OPERAND_STACK_HEIGHT) as u32,
            max_control_depth: self.max_depth.min(MAX_WASM_CONTROL_DEPTH) as u32,
            blocks: self.blocks.to_vec(),
        })
    }

    /// The body ran out of bytes where an instruction should start: it
    /// lacks its final `end`. The reference interpreter reads on past the
    /// body and words that by what follows: another body gives "END opcode
    /// expected", the end of the module "unexpected end of section or
    /// function", another section "section size mismatch"; so do we.
    #[cold]
    fn body_ended(&self, e: ParseError) -> Error {
        if !e.is_eof() {
            return Error::Malformed(e);
        }
        let message = match self.ctx.code_section_end {
            Some(end) if end == self.offset && self.ctx.sections_after_code => {
                "section size mismatch: END opcode expected"
            }
            Some(end) if end == self.offset => "unexpected end of section or function",
            _ => "END opcode expected",
        };
        Error::malformed(message, self.offset)
    }

    /// An opcode the table does not have, worded as the parser's decoder
    /// words it.
    #[cold]
    fn illegal_opcode(&self, prefix: u8, code: u32) -> Error {
        let message = if prefix == 0 {
            format!("illegal opcode {code:#04x}")
        } else {
            format!("illegal opcode {prefix:#04x} {code}")
        };
        Error::Malformed(ParseError::fmt(format_args!("{message}"), self.offset))
    }

    // ---- operand stack ----------------------------------------------------

    #[inline]
    fn push(&mut self, ty: StackType) {
        self.operands.push(ty);
    }

    #[inline]
    fn push_all(&mut self, tys: &[StackType]) {
        self.operands.extend_from_slice(tys);
    }

    /// Pops a value of type `expected`, returning the actual type (which
    /// is `Bottom` when it came from a polymorphic stack).
    #[inline]
    fn pop(&mut self, expected: StackType) -> Result<StackType> {
        if let Some(&top) = self.operands.last()
            && top == expected
            && self.operands.len() > self.height
        {
            self.operands.pop();
            return Ok(top);
        }
        self.pop_slow(expected)
    }

    #[inline(never)]
    fn pop_slow(&mut self, expected: StackType) -> Result<StackType> {
        if self.operands.len() <= self.height {
            if self.is_unreachable() {
                return Ok(StackType::Bottom);
            }
            return Err(self.err_empty(Some(expected)));
        }
        let actual = self.operands.pop().unwrap_or(StackType::Bottom);
        if actual == expected || actual == StackType::Bottom || expected == StackType::Bottom {
            Ok(actual)
        } else {
            Err(self.err_mismatch(expected, actual))
        }
    }

    /// Pops a value of any type.
    #[inline]
    fn pop_any(&mut self) -> Result<StackType> {
        if self.operands.len() > self.height {
            return Ok(self.operands.pop().unwrap_or(StackType::Bottom));
        }
        self.pop_slow(StackType::Bottom)
    }

    /// Pops `tys`, last first.
    #[inline]
    fn pop_all(&mut self, tys: &[StackType]) -> Result<()> {
        for &ty in tys.iter().rev() {
            self.pop(ty)?;
        }
        Ok(())
    }

    /// `[a] -> [out]`.
    #[inline]
    fn unary(&mut self, a: StackType, out: StackType) -> Result<()> {
        if self.operands.len() > self.height
            && let Some(top) = self.operands.last_mut()
            && *top == a
        {
            *top = out;
            return Ok(());
        }
        self.pop_slow(a)?;
        self.push(out);
        Ok(())
    }

    /// `[a b] -> [out]`.
    #[inline]
    fn binary(&mut self, a: StackType, b: StackType, out: StackType) -> Result<()> {
        if self.operands.len().saturating_sub(self.height) >= 2
            && let [.., x, y] = self.operands.as_mut_slice()
            && *x == a
            && *y == b
        {
            *x = out;
            self.operands.pop();
            return Ok(());
        }
        self.pop(b)?;
        self.pop(a)?;
        self.push(out);
        Ok(())
    }

    /// Checks, without popping, that the top of the stack matches `tys`
    /// (as `pop_all` then pushing back what was popped would).
    fn check_top(&self, tys: &[StackType]) -> Result<()> {
        let len = self.operands.len();
        for (depth, &expected) in tys.iter().rev().enumerate() {
            let slot = len.checked_sub(depth + 1).filter(|&i| i >= self.height);
            match slot.and_then(|i| self.operands.get(i)) {
                Some(&actual) => {
                    if actual != expected && actual != StackType::Bottom {
                        return Err(self.err_mismatch(expected, actual));
                    }
                }
                None if self.is_unreachable() => return Ok(()),
                None => return Err(self.err_empty(Some(expected))),
            }
        }
        Ok(())
    }

    // ---- control stack ----------------------------------------------------

    fn is_unreachable(&self) -> bool {
        self.control.last().is_some_and(|f| f.unreachable)
    }

    /// The spec's `unreachable()`: drops the frame's operands and makes its
    /// stack polymorphic.
    fn set_unreachable(&mut self) {
        if let Some(frame) = self.control.last_mut() {
            frame.unreachable = true;
        }
        self.operands.truncate(self.height);
    }

    /// Opens a frame (its params already popped), then pushes the params.
    fn push_frame(&mut self, kind: FrameKind, sig: Sig) -> Result<()> {
        if self.control.len() >= MAX_WASM_CONTROL_DEPTH {
            return Err(self.err("control frames nested too deeply"));
        }
        let block = u32::try_from(self.blocks.len()).unwrap_or(NO_BLOCK);
        let start = self.relative(self.offset);
        self.blocks.push(BlockInfo {
            start,
            else_: None,
            end: start,
        });
        let height = self.operands.len();
        self.control.push(Frame {
            kind,
            unreachable: false,
            // Bounded by MAX_OPERAND_STACK_HEIGHT plus one instruction.
            height: height as u32,
            sig,
            block,
        });
        self.height = height;
        self.max_depth = self.max_depth.max(self.control.len());
        let ctx = self.ctx;
        self.push_all(ctx.params(sig));
        Ok(())
    }

    /// The frame `depth` labels out from the innermost.
    #[inline]
    fn label(&self, depth: u32) -> Result<Frame> {
        let len = self.control.len();
        match len
            .checked_sub(1 + depth as usize)
            .and_then(|i| self.control.get(i))
        {
            Some(frame) => Ok(*frame),
            None => Err(self.err_fmt(format_args!(
                "unknown label: branch depth {depth} too large"
            ))),
        }
    }

    /// The types a branch to `frame` carries.
    #[inline]
    fn label_types(&self, frame: &Frame) -> &'c [StackType] {
        let ctx: &'c ModuleCtx = self.ctx;
        if frame.kind == FrameKind::Loop {
            ctx.params(frame.sig)
        } else {
            ctx.results(frame.sig)
        }
    }

    /// Offset relative to the body start (fits: the body is < 4 GiB).
    #[inline]
    fn relative(&self, offset: usize) -> u32 {
        offset.wrapping_sub(self.body_offset) as u32
    }

    // ---- errors -------------------------------------------------------------

    #[cold]
    fn err(&self, message: &'static str) -> Error {
        Error::invalid(message, self.offset)
    }

    #[cold]
    fn err_fmt(&self, args: fmt::Arguments<'_>) -> Error {
        Error::invalid_fmt(args, self.offset)
    }

    #[cold]
    fn err_mismatch(&self, expected: StackType, actual: StackType) -> Error {
        self.err_fmt(format_args!(
            "type mismatch: expected {expected}, found {actual}"
        ))
    }

    #[cold]
    fn err_empty(&self, expected: Option<StackType>) -> Error {
        match expected {
            Some(t) if t != StackType::Bottom => self.err_fmt(format_args!(
                "type mismatch: expected {t} but nothing on stack"
            )),
            _ => self.err("type mismatch: expected a value but nothing on stack"),
        }
    }

    /// An instruction of a disabled proposal.
    #[cold]
    fn err_feature(&self, proposal: &'static str) -> Error {
        self.err_fmt(format_args!(
            "{} support is not enabled",
            crate::error::proposal_name(proposal)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_eager_and_runs() {
        let mut l = Locals::default();
        assert!(l.push(2, StackType::I32));
        assert!(l.push(0, StackType::F32));
        assert!(l.push(100, StackType::I64));
        assert!(l.push(1, StackType::V128));
        assert_eq!(l.num, 103);
        assert_eq!(l.first.len(), EAGER_LOCALS);
        assert_eq!(l.get(1), Some(StackType::I32));
        assert_eq!(l.get(2), Some(StackType::I64));
        assert_eq!(l.get(101), Some(StackType::I64));
        assert_eq!(l.get(102), Some(StackType::V128));
        assert_eq!(l.get(103), None);
        assert_eq!(l.get(u32::MAX), None);
        assert!(!l.push(u32::MAX, StackType::I32));
        assert!(!l.push(MAX_WASM_FUNCTION_LOCALS as u32, StackType::I32));
    }

    #[test]
    fn frames_stay_small() {
        assert!(std::mem::size_of::<Frame>() <= 24);
    }
}
