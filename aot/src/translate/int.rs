//! Integer instructions of both widths: constants, arithmetic, bit
//! counts, shifts and rotates, comparisons, and the sign extensions.
//!
//! Cranelift's integer semantics match wasm's where it matters: shift
//! and rotate counts are taken modulo the width, `srem` of `MIN` by `-1`
//! is 0, and `sdiv`/`udiv`/`srem`/`urem` trap on a zero divisor
//! (`INTEGER_DIVISION_BY_ZERO`) and `sdiv` on `MIN / -1`
//! (`INTEGER_OVERFLOW`), which the trap table maps to the spec's codes.
//! Comparisons give an `i8` that is widened to the wasm `i32` 0 or 1.

use brisk_parser::Operator;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};

use super::FuncTranslator;
use crate::CompileError;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_int(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        use Operator as O;
        use types::{I32, I64};
        match *op {
            O::I32Const { value } => {
                let v = self.b.ins().iconst(I32, i64::from(value as u32));
                self.push(v);
            }
            O::I64Const { value } => {
                let v = self.b.ins().iconst(I64, value);
                self.push(v);
            }
            O::I32Eqz | O::I64Eqz => {
                let x = self.pop();
                let c = self.b.ins().icmp_imm_u(IntCC::Equal, x, 0);
                self.push_bool(c);
            }
            O::I32Eq | O::I64Eq => self.compare(IntCC::Equal),
            O::I32Ne | O::I64Ne => self.compare(IntCC::NotEqual),
            O::I32LtS | O::I64LtS => self.compare(IntCC::SignedLessThan),
            O::I32LtU | O::I64LtU => self.compare(IntCC::UnsignedLessThan),
            O::I32GtS | O::I64GtS => self.compare(IntCC::SignedGreaterThan),
            O::I32GtU | O::I64GtU => self.compare(IntCC::UnsignedGreaterThan),
            O::I32LeS | O::I64LeS => self.compare(IntCC::SignedLessThanOrEqual),
            O::I32LeU | O::I64LeU => self.compare(IntCC::UnsignedLessThanOrEqual),
            O::I32GeS | O::I64GeS => self.compare(IntCC::SignedGreaterThanOrEqual),
            O::I32GeU | O::I64GeU => self.compare(IntCC::UnsignedGreaterThanOrEqual),
            O::I32Clz | O::I64Clz => self.unary(|b, x| b.ins().clz(x)),
            O::I32Ctz | O::I64Ctz => self.unary(|b, x| b.ins().ctz(x)),
            O::I32Popcnt | O::I64Popcnt => self.unary(|b, x| b.ins().popcnt(x)),
            O::I32Add | O::I64Add => self.binary(|b, x, y| b.ins().iadd(x, y)),
            O::I32Sub | O::I64Sub => self.binary(|b, x, y| b.ins().isub(x, y)),
            O::I32Mul | O::I64Mul => self.binary(|b, x, y| b.ins().imul(x, y)),
            O::I32DivS | O::I64DivS => self.binary(|b, x, y| b.ins().sdiv(x, y)),
            O::I32DivU | O::I64DivU => self.binary(|b, x, y| b.ins().udiv(x, y)),
            O::I32RemS | O::I64RemS => self.binary(|b, x, y| b.ins().srem(x, y)),
            O::I32RemU | O::I64RemU => self.binary(|b, x, y| b.ins().urem(x, y)),
            O::I32And | O::I64And => self.binary(|b, x, y| b.ins().band(x, y)),
            O::I32Or | O::I64Or => self.binary(|b, x, y| b.ins().bor(x, y)),
            O::I32Xor | O::I64Xor => self.binary(|b, x, y| b.ins().bxor(x, y)),
            O::I32Shl | O::I64Shl => self.binary(|b, x, y| b.ins().ishl(x, y)),
            O::I32ShrS | O::I64ShrS => self.binary(|b, x, y| b.ins().sshr(x, y)),
            O::I32ShrU | O::I64ShrU => self.binary(|b, x, y| b.ins().ushr(x, y)),
            O::I32Rotl | O::I64Rotl => self.binary(|b, x, y| b.ins().rotl(x, y)),
            O::I32Rotr | O::I64Rotr => self.binary(|b, x, y| b.ins().rotr(x, y)),
            O::I32Extend8S => self.sign_extend(types::I8, I32),
            O::I32Extend16S => self.sign_extend(types::I16, I32),
            O::I64Extend8S => self.sign_extend(types::I8, I64),
            O::I64Extend16S => self.sign_extend(types::I16, I64),
            O::I64Extend32S => self.sign_extend(I32, I64),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Pushes an `i8` condition as a wasm `i32` 0 or 1.
    pub(crate) fn push_bool(&mut self, c: Value) {
        let v = self.b.ins().uextend(types::I32, c);
        self.push(v);
    }

    fn compare(&mut self, cc: IntCC) {
        let (x, y) = self.pop2();
        let c = self.b.ins().icmp(cc, x, y);
        self.push_bool(c);
    }

    pub(crate) fn unary(
        &mut self,
        f: impl FnOnce(&mut cranelift_frontend::FunctionBuilder<'_>, Value) -> Value,
    ) {
        let x = self.pop();
        let v = f(&mut self.b, x);
        self.push(v);
    }

    pub(crate) fn binary(
        &mut self,
        f: impl FnOnce(&mut cranelift_frontend::FunctionBuilder<'_>, Value, Value) -> Value,
    ) {
        let (x, y) = self.pop2();
        let v = f(&mut self.b, x, y);
        self.push(v);
    }

    /// `extendN_s`: the low `from` bits, sign-extended to `to`.
    fn sign_extend(&mut self, from: Type, to: Type) {
        self.unary(|b, x| {
            let low = b.ins().ireduce(from, x);
            b.ins().sextend(to, low)
        });
    }
}
