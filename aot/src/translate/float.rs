//! f32/f64 constants, arithmetic and comparisons.
//!
//! Cranelift's float instructions have wasm's semantics: IEEE 754
//! arithmetic with the hardware's NaNs (an arithmetic NaN whenever an
//! operand is a NaN, a canonical one otherwise, as the spec allows);
//! `fmin`/`fmax` return NaN when either operand is NaN and order -0 below
//! +0; `nearest` rounds half to even; `fabs`/`fneg`/`fcopysign` only
//! touch the sign bit (NaN payloads survive). Constants are built from
//! their bit patterns so NaN payloads survive too. Comparisons are
//! ordered except `ne`, which is true for unordered operands.

use brisk_parser::Operator;
use cranelift_codegen::ir::InstBuilder;
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::immediates::{Ieee32, Ieee64};

use super::FuncTranslator;
use crate::CompileError;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_float(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        use Operator as O;
        match *op {
            O::F32Const { value } => {
                let v = self.b.ins().f32const(Ieee32::with_bits(value.0));
                self.push(v);
            }
            O::F64Const { value } => {
                let v = self.b.ins().f64const(Ieee64::with_bits(value.0));
                self.push(v);
            }
            O::F32Eq | O::F64Eq => self.fcompare(FloatCC::Equal),
            O::F32Ne | O::F64Ne => self.fcompare(FloatCC::NotEqual),
            O::F32Lt | O::F64Lt => self.fcompare(FloatCC::LessThan),
            O::F32Gt | O::F64Gt => self.fcompare(FloatCC::GreaterThan),
            O::F32Le | O::F64Le => self.fcompare(FloatCC::LessThanOrEqual),
            O::F32Ge | O::F64Ge => self.fcompare(FloatCC::GreaterThanOrEqual),
            O::F32Abs | O::F64Abs => self.unary(|b, x| b.ins().fabs(x)),
            O::F32Neg | O::F64Neg => self.unary(|b, x| b.ins().fneg(x)),
            O::F32Ceil | O::F64Ceil => self.unary(|b, x| b.ins().ceil(x)),
            O::F32Floor | O::F64Floor => self.unary(|b, x| b.ins().floor(x)),
            O::F32Trunc | O::F64Trunc => self.unary(|b, x| b.ins().trunc(x)),
            O::F32Nearest | O::F64Nearest => self.unary(|b, x| b.ins().nearest(x)),
            O::F32Sqrt | O::F64Sqrt => self.unary(|b, x| b.ins().sqrt(x)),
            O::F32Add | O::F64Add => self.binary(|b, x, y| b.ins().fadd(x, y)),
            O::F32Sub | O::F64Sub => self.binary(|b, x, y| b.ins().fsub(x, y)),
            O::F32Mul | O::F64Mul => self.binary(|b, x, y| b.ins().fmul(x, y)),
            O::F32Div | O::F64Div => self.binary(|b, x, y| b.ins().fdiv(x, y)),
            O::F32Min | O::F64Min => self.binary(|b, x, y| b.ins().fmin(x, y)),
            O::F32Max | O::F64Max => self.binary(|b, x, y| b.ins().fmax(x, y)),
            O::F32Copysign | O::F64Copysign => self.binary(|b, x, y| b.ins().fcopysign(x, y)),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn fcompare(&mut self, cc: FloatCC) {
        let (x, y) = self.pop2();
        let c = self.b.ins().fcmp(cc, x, y);
        self.push_bool(c);
    }
}
