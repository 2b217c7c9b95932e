//! Conversions between number types: wrap and extend, float ↔ integer
//! (trapping and saturating), demote and promote, reinterpretations.
//!
//! The trapping truncations are Cranelift's `fcvt_to_sint`/`fcvt_to_uint`,
//! which trap `BAD_CONVERSION_TO_INTEGER` on NaN and `INTEGER_OVERFLOW`
//! when the truncated value does not fit: exactly the spec's "invalid
//! conversion to integer" and "integer overflow". The saturating ones map
//! NaN to 0 and clamp, as `trunc_sat` requires.

use brisk_parser::Operator;
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Type, types};

use super::FuncTranslator;
use crate::CompileError;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_convert(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        use Operator as O;
        use types::{F32, F64, I32, I64};
        match *op {
            O::I32WrapI64 => self.unary(|b, x| b.ins().ireduce(I32, x)),
            O::I64ExtendI32S => self.unary(|b, x| b.ins().sextend(I64, x)),
            O::I64ExtendI32U => self.unary(|b, x| b.ins().uextend(I64, x)),
            O::I32TruncF32S | O::I32TruncF64S => self.unary(|b, x| b.ins().fcvt_to_sint(I32, x)),
            O::I32TruncF32U | O::I32TruncF64U => self.unary(|b, x| b.ins().fcvt_to_uint(I32, x)),
            O::I64TruncF32S | O::I64TruncF64S => self.unary(|b, x| b.ins().fcvt_to_sint(I64, x)),
            O::I64TruncF32U | O::I64TruncF64U => self.unary(|b, x| b.ins().fcvt_to_uint(I64, x)),
            O::I32TruncSatF32S | O::I32TruncSatF64S => {
                self.unary(|b, x| b.ins().fcvt_to_sint_sat(I32, x))
            }
            O::I32TruncSatF32U | O::I32TruncSatF64U => {
                self.unary(|b, x| b.ins().fcvt_to_uint_sat(I32, x))
            }
            O::I64TruncSatF32S | O::I64TruncSatF64S => {
                self.unary(|b, x| b.ins().fcvt_to_sint_sat(I64, x))
            }
            O::I64TruncSatF32U | O::I64TruncSatF64U => {
                self.unary(|b, x| b.ins().fcvt_to_uint_sat(I64, x))
            }
            O::F32ConvertI32S | O::F32ConvertI64S => {
                self.unary(|b, x| b.ins().fcvt_from_sint(F32, x))
            }
            O::F32ConvertI32U | O::F32ConvertI64U => {
                self.unary(|b, x| b.ins().fcvt_from_uint(F32, x))
            }
            O::F64ConvertI32S | O::F64ConvertI64S => {
                self.unary(|b, x| b.ins().fcvt_from_sint(F64, x))
            }
            O::F64ConvertI32U | O::F64ConvertI64U => {
                self.unary(|b, x| b.ins().fcvt_from_uint(F64, x))
            }
            O::F32DemoteF64 => self.unary(|b, x| b.ins().fdemote(F32, x)),
            O::F64PromoteF32 => self.unary(|b, x| b.ins().fpromote(F64, x)),
            O::I32ReinterpretF32 => self.reinterpret(I32),
            O::I64ReinterpretF64 => self.reinterpret(I64),
            O::F32ReinterpretI32 => self.reinterpret(F32),
            O::F64ReinterpretI64 => self.reinterpret(F64),
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn reinterpret(&mut self, to: Type) {
        self.unary(|b, x| b.ins().bitcast(to, MemFlagsData::new(), x));
    }
}
