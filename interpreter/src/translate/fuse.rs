//! Peephole fusion of an integer comparison into the conditional jump that
//! consumes it (`i32.lt_s; br_if` becomes one `BrI32LtS`), and the
//! immediate forms of binary operators (`i32.const 1; i32.add` becomes
//! `I32AddImm`). Both are brisk's own instructions (the list's `br_cmp`
//! section and `Imm` rows).

use brisk_parser::Operator;

use super::{Operand, Translator};
use crate::bytecode::{Bin, BranchCmp, BranchIf, Instr, Slot, Store};

/// A popped branch condition.
#[derive(Clone, Copy, Debug)]
pub(super) enum Cond {
    /// An i32 in a slot.
    Slot(Slot),
    /// A comparison taken out of the code: the jumps taken when it holds
    /// and when it does not.
    Fused { when_true: Instr, when_false: Instr },
}

fn cmp(b: Bin) -> BranchCmp {
    BranchCmp {
        lhs: b.lhs,
        rhs: b.rhs,
        offset: 0,
    }
}

macro_rules! fusions {
    ($( $cmp:ident => $t:ident / $f:ident ),* $(,)?) => {
        /// The jumps (if true, if false) fusing comparison `i`.
        fn fused(i: &Instr) -> Option<(Slot, Instr, Instr)> {
            match *i {
                $( Instr::$cmp(b) => Some((b.dst, Instr::$t(cmp(b)), Instr::$f(cmp(b)))), )*
                Instr::I32Eqz(u) => Some((
                    u.dst,
                    Instr::BrIfEqz(BranchIf { cond: u.src, offset: 0 }),
                    Instr::BrIfNez(BranchIf { cond: u.src, offset: 0 }),
                )),
                Instr::I64Eqz(u) => Some((
                    u.dst,
                    Instr::BrI64EqImm(BranchCmp { lhs: u.src, rhs: 0, offset: 0 }),
                    Instr::BrI64NeImm(BranchCmp { lhs: u.src, rhs: 0, offset: 0 }),
                )),
                _ => None,
            }
        }
    };
}

fusions! {
    I32Eq => BrI32Eq / BrI32Ne, I32Ne => BrI32Ne / BrI32Eq,
    I32LtS => BrI32LtS / BrI32GeS, I32LtU => BrI32LtU / BrI32GeU,
    I32GtS => BrI32GtS / BrI32LeS, I32GtU => BrI32GtU / BrI32LeU,
    I32LeS => BrI32LeS / BrI32GtS, I32LeU => BrI32LeU / BrI32GtU,
    I32GeS => BrI32GeS / BrI32LtS, I32GeU => BrI32GeU / BrI32LtU,
    I64Eq => BrI64Eq / BrI64Ne, I64Ne => BrI64Ne / BrI64Eq,
    I64LtS => BrI64LtS / BrI64GeS, I64LtU => BrI64LtU / BrI64GeU,
    I64GtS => BrI64GtS / BrI64LeS, I64GtU => BrI64GtU / BrI64LeU,
    I64LeS => BrI64LeS / BrI64GtS, I64LeU => BrI64LeU / BrI64GtU,
    I64GeS => BrI64GeS / BrI64LtS, I64GeU => BrI64GeU / BrI64LtU,
    I32EqImm => BrI32EqImm / BrI32NeImm, I32NeImm => BrI32NeImm / BrI32EqImm,
    I32LtSImm => BrI32LtSImm / BrI32GeSImm, I32LtUImm => BrI32LtUImm / BrI32GeUImm,
    I32GtSImm => BrI32GtSImm / BrI32LeSImm, I32GtUImm => BrI32GtUImm / BrI32LeUImm,
    I32LeSImm => BrI32LeSImm / BrI32GtSImm, I32LeUImm => BrI32LeUImm / BrI32GtUImm,
    I32GeSImm => BrI32GeSImm / BrI32LtSImm, I32GeUImm => BrI32GeUImm / BrI32LtUImm,
    I64EqImm => BrI64EqImm / BrI64NeImm, I64NeImm => BrI64NeImm / BrI64EqImm,
    I64LtSImm => BrI64LtSImm / BrI64GeSImm, I64LtUImm => BrI64LtUImm / BrI64GeUImm,
    I64GtSImm => BrI64GtSImm / BrI64LeSImm, I64GtUImm => BrI64GtUImm / BrI64LeUImm,
    I64LeSImm => BrI64LeSImm / BrI64GtSImm, I64LeUImm => BrI64LeUImm / BrI64GtUImm,
    I64GeSImm => BrI64GeSImm / BrI64LtSImm, I64GeUImm => BrI64GeUImm / BrI64LtUImm,
    F32Eq => BrF32Eq / BrNotF32Eq, F32Ne => BrF32Ne / BrNotF32Ne,
    F32Lt => BrF32Lt / BrNotF32Lt, F32Gt => BrF32Gt / BrNotF32Gt,
    F32Le => BrF32Le / BrNotF32Le, F32Ge => BrF32Ge / BrNotF32Ge,
    F64Eq => BrF64Eq / BrNotF64Eq, F64Ne => BrF64Ne / BrNotF64Ne,
    F64Lt => BrF64Lt / BrNotF64Lt, F64Gt => BrF64Gt / BrNotF64Gt,
    F64Le => BrF64Le / BrNotF64Le, F64Ge => BrF64Ge / BrNotF64Ge,
}

/// `(Imm form, commutative, 64-bit)` of a binary operator that has one.
type ImmForm = (fn(Bin) -> Instr, bool, bool);

macro_rules! imm_forms {
    ($( $op:ident => $imm:ident $comm:literal $wide:literal ),* $(,)?) => {
        fn imm_form(op: &Operator<'_>) -> Option<ImmForm> {
            match op {
                $( Operator::$op => Some((Instr::$imm, $comm, $wide)), )*
                _ => None,
            }
        }
    };
}

imm_forms! {
    I32Add => I32AddImm true false, I32Sub => I32SubImm false false,
    I32Mul => I32MulImm true false, I32And => I32AndImm true false,
    I32Or => I32OrImm true false, I32Xor => I32XorImm true false,
    I32Shl => I32ShlImm false false, I32ShrS => I32ShrSImm false false,
    I32ShrU => I32ShrUImm false false, I32Rotl => I32RotlImm false false,
    I32Rotr => I32RotrImm false false,
    I32Eq => I32EqImm true false, I32Ne => I32NeImm true false,
    I32LtS => I32LtSImm false false, I32LtU => I32LtUImm false false,
    I32GtS => I32GtSImm false false, I32GtU => I32GtUImm false false,
    I32LeS => I32LeSImm false false, I32LeU => I32LeUImm false false,
    I32GeS => I32GeSImm false false, I32GeU => I32GeUImm false false,
    I64Add => I64AddImm true true, I64Sub => I64SubImm false true,
    I64Mul => I64MulImm true true, I64And => I64AndImm true true,
    I64Or => I64OrImm true true, I64Xor => I64XorImm true true,
    I64Shl => I64ShlImm false true, I64ShrS => I64ShrSImm false true,
    I64ShrU => I64ShrUImm false true, I64Rotl => I64RotlImm false true,
    I64Rotr => I64RotrImm false true,
    I64Eq => I64EqImm true true, I64Ne => I64NeImm true true,
    I64LtS => I64LtSImm false true, I64LtU => I64LtUImm false true,
    I64GtS => I64GtSImm false true, I64GtU => I64GtUImm false true,
    I64LeS => I64LeSImm false true, I64LeU => I64LeUImm false true,
    I64GeS => I64GeSImm false true, I64GeU => I64GeUImm false true,
}

impl Translator<'_, '_> {
    /// Pops a branch condition, taking the comparison that computed it out
    /// of the code when it was the last instruction.
    pub(super) fn take_cond(&mut self) -> Cond {
        let h = self.height() - 1;
        if self.a.stack[h as usize] == Operand::Temp
            && let Some(pc) = self.last_result
            && pc + 1 == self.pc()
            && let Some((dst, when_true, when_false)) = fused(&self.a.code[pc])
            && dst == self.home(h)
        {
            self.a.code.pop();
            self.a.offsets.pop();
            self.last_result = None;
            self.a.stack.pop();
            return Cond::Fused {
                when_true,
                when_false,
            };
        }
        Cond::Slot(self.pop())
    }

    /// Emits a jump taken when `cond` is `when` (true: non-zero); returns
    /// its pc for patching.
    pub(super) fn cond_jump(&mut self, cond: Cond, when: bool) -> usize {
        match cond {
            Cond::Slot(s) => self.jump(Some((s, when))),
            Cond::Fused {
                when_true,
                when_false,
            } => self.emit(if when { when_true } else { when_false }),
        }
    }

    /// Translates a binary operator, using its `Imm` form when an operand
    /// is a pending constant that fits.
    pub(super) fn binary(&mut self, op: &Operator<'_>, make: fn(Bin) -> Instr) {
        let h = self.height() as usize;
        if let Some((imm, commutative, wide)) = imm_form(op) {
            let fits = |v: u64| !wide || v as i64 == i64::from(v as i64 as i32);
            match (self.a.stack[h - 2], self.a.stack[h - 1]) {
                (_, Operand::Const(v)) if fits(v) => {
                    self.a.stack.pop();
                    let lhs = self.pop();
                    let dst = self.push_temp();
                    self.emit_result(imm(Bin {
                        dst,
                        lhs,
                        rhs: v as u32,
                    }));
                    return;
                }
                (Operand::Const(v), top)
                    if commutative && fits(v) && !matches!(top, Operand::Const(_)) =>
                {
                    let lhs = self.pop();
                    self.a.stack.pop();
                    let dst = self.push_temp();
                    self.emit_result(imm(Bin {
                        dst,
                        lhs,
                        rhs: v as u32,
                    }));
                    return;
                }
                _ => {}
            }
        }
        let rhs = self.pop();
        let lhs = self.pop();
        let dst = self.push_temp();
        self.emit_result(make(Bin { dst, lhs, rhs }));
    }
}

/// `(Imm form, 64-bit)` of a store that has one.
type StoreImmForm = (fn(Store) -> Instr, bool);

macro_rules! store_imm_forms {
    ($( $op:ident => $imm:ident $wide:literal ),* $(,)?) => {
        fn store_imm_form(op: &Operator<'_>) -> Option<StoreImmForm> {
            match op {
                $( Operator::$op { .. } => Some((Instr::$imm, $wide)), )*
                _ => None,
            }
        }
    };
}

store_imm_forms! {
    I32Store => I32StoreImm false, I32Store8 => I32Store8Imm false,
    I32Store16 => I32Store16Imm false, I64Store => I64StoreImm true,
    I64Store8 => I64Store8Imm true, I64Store16 => I64Store16Imm true,
    I64Store32 => I64Store32Imm true,
}

impl Translator<'_, '_> {
    /// Translates a store, using its `Imm` form when the value is a
    /// pending constant that fits.
    pub(super) fn store(&mut self, op: &Operator<'_>, offset: u32, make: fn(Store) -> Instr) {
        let h = self.height() as usize;
        if let Some((imm, wide)) = store_imm_form(op)
            && let Operand::Const(v) = self.a.stack[h - 1]
            && (!wide || v as i64 == i64::from(v as i64 as i32))
        {
            self.a.stack.pop();
            let ptr = self.pop();
            self.emit(imm(Store {
                ptr,
                val: v as u32,
                offset,
            }));
            return;
        }
        let val = self.pop();
        let ptr = self.pop();
        self.emit(make(Store { ptr, val, offset }));
    }
}
