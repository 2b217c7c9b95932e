//! Float lane arithmetic and the conversions between lane shapes.
//!
//! Arithmetic, `sqrt`, the roundings (SSE4.1 `roundps`/`roundpd`, which
//! `isa.rs` requires) and `abs`/`neg` are the vector forms of the scalar
//! instructions in `translate/float.rs`, with the same NaN behaviour:
//! hardware NaNs are arithmetic NaNs, canonical when no operand was a
//! NaN; `fabs`/`fneg` touch only sign bits. `fmin`/`fmax` are wasm's
//! `min`/`max` (a NaN operand gives a NaN, -0 < +0; the backend builds
//! that around `minps`, which alone is neither). `pmin(a, b)` is
//! `b < a ? b : a` and `pmax(a, b)` is `a < b ? b : a`, written as
//! `bitselect` of an `fcmp`, the shape x86-64 lowers to one
//! `minps`/`maxps` (whose operand order gives exactly that choice).
//!
//! Conversions: `trunc_sat` is `fcvt_to_*_sat` (NaN → 0, clamped);
//! `convert` is `fcvt_from_*`; `demote_f64x2_zero` and
//! `promote_low_f32x4` are `fvdemote`/`fvpromote_low`. The `f64x2`
//! forms that go through 64-bit lanes are written as the backend's
//! patterns: `trunc_sat_f64x2_*_zero` narrows the `i64x2` saturation
//! against a zero vector (`snarrow`/`uunarrow`, lowered as
//! `cvttpd2dq` and its unsigned sequence) and `convert_low_i32x4_*`
//! converts the widened low half (`cvtdq2pd` and its unsigned sequence).

use brisk_parser::Operator;
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{ConstantData, InstBuilder, Type, Value, types};
use cranelift_frontend::FunctionBuilder;

use super::LANE_ORDER;
use crate::translate::FuncTranslator;

impl FuncTranslator<'_, '_> {
    pub(super) fn simd_float(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        use types::{F32X4, F64X2, I32X4, I64X2};
        match *op {
            O::F32x4Add => self.v_binary(F32X4, |b, x, y| b.ins().fadd(x, y)),
            O::F64x2Add => self.v_binary(F64X2, |b, x, y| b.ins().fadd(x, y)),
            O::F32x4Sub => self.v_binary(F32X4, |b, x, y| b.ins().fsub(x, y)),
            O::F64x2Sub => self.v_binary(F64X2, |b, x, y| b.ins().fsub(x, y)),
            O::F32x4Mul => self.v_binary(F32X4, |b, x, y| b.ins().fmul(x, y)),
            O::F64x2Mul => self.v_binary(F64X2, |b, x, y| b.ins().fmul(x, y)),
            O::F32x4Div => self.v_binary(F32X4, |b, x, y| b.ins().fdiv(x, y)),
            O::F64x2Div => self.v_binary(F64X2, |b, x, y| b.ins().fdiv(x, y)),
            O::F32x4Min => self.v_binary(F32X4, |b, x, y| b.ins().fmin(x, y)),
            O::F64x2Min => self.v_binary(F64X2, |b, x, y| b.ins().fmin(x, y)),
            O::F32x4Max => self.v_binary(F32X4, |b, x, y| b.ins().fmax(x, y)),
            O::F64x2Max => self.v_binary(F64X2, |b, x, y| b.ins().fmax(x, y)),
            O::F32x4PMin => self.v_binary(F32X4, |b, x, y| pick_if_less(b, y, x)),
            O::F64x2PMin => self.v_binary(F64X2, |b, x, y| pick_if_less(b, y, x)),
            O::F32x4PMax => self.v_binary(F32X4, |b, x, y| pick_if_greater(b, y, x)),
            O::F64x2PMax => self.v_binary(F64X2, |b, x, y| pick_if_greater(b, y, x)),
            O::F32x4Abs => self.v_unary(F32X4, |b, x| b.ins().fabs(x)),
            O::F64x2Abs => self.v_unary(F64X2, |b, x| b.ins().fabs(x)),
            O::F32x4Neg => self.v_unary(F32X4, |b, x| b.ins().fneg(x)),
            O::F64x2Neg => self.v_unary(F64X2, |b, x| b.ins().fneg(x)),
            O::F32x4Sqrt => self.v_unary(F32X4, |b, x| b.ins().sqrt(x)),
            O::F64x2Sqrt => self.v_unary(F64X2, |b, x| b.ins().sqrt(x)),
            O::F32x4Ceil => self.v_unary(F32X4, |b, x| b.ins().ceil(x)),
            O::F64x2Ceil => self.v_unary(F64X2, |b, x| b.ins().ceil(x)),
            O::F32x4Floor => self.v_unary(F32X4, |b, x| b.ins().floor(x)),
            O::F64x2Floor => self.v_unary(F64X2, |b, x| b.ins().floor(x)),
            O::F32x4Trunc => self.v_unary(F32X4, |b, x| b.ins().trunc(x)),
            O::F64x2Trunc => self.v_unary(F64X2, |b, x| b.ins().trunc(x)),
            O::F32x4Nearest => self.v_unary(F32X4, |b, x| b.ins().nearest(x)),
            O::F64x2Nearest => self.v_unary(F64X2, |b, x| b.ins().nearest(x)),

            O::I32x4TruncSatF32x4S => {
                self.v_unary(F32X4, |b, x| b.ins().fcvt_to_sint_sat(I32X4, x));
            }
            O::I32x4TruncSatF32x4U => {
                self.v_unary(F32X4, |b, x| b.ins().fcvt_to_uint_sat(I32X4, x));
            }
            O::I32x4TruncSatF64x2SZero => self.v_unary(F64X2, |b, x| {
                let wide = b.ins().fcvt_to_sint_sat(I64X2, x);
                let zero = zero_vector(b, I64X2);
                b.ins().snarrow(wide, zero)
            }),
            O::I32x4TruncSatF64x2UZero => self.v_unary(F64X2, |b, x| {
                let wide = b.ins().fcvt_to_uint_sat(I64X2, x);
                let zero = zero_vector(b, I64X2);
                b.ins().uunarrow(wide, zero)
            }),
            O::F32x4ConvertI32x4S => {
                self.v_unary(I32X4, |b, x| b.ins().fcvt_from_sint(F32X4, x));
            }
            O::F32x4ConvertI32x4U => {
                self.v_unary(I32X4, |b, x| b.ins().fcvt_from_uint(F32X4, x));
            }
            O::F64x2ConvertLowI32x4S => self.v_unary(I32X4, |b, x| {
                let wide = b.ins().swiden_low(x);
                b.ins().fcvt_from_sint(F64X2, wide)
            }),
            O::F64x2ConvertLowI32x4U => self.v_unary(I32X4, |b, x| {
                let wide = b.ins().uwiden_low(x);
                b.ins().fcvt_from_uint(F64X2, wide)
            }),
            O::F32x4DemoteF64x2Zero => self.v_unary(F64X2, |b, x| b.ins().fvdemote(x)),
            O::F64x2PromoteLowF32x4 => self.v_unary(F32X4, |b, x| b.ins().fvpromote_low(x)),
            _ => return false,
        }
        true
    }
}

/// `x < y ? x : y` lane-wise (`pmin(y, x)` in wasm's operand order).
fn pick_if_less(b: &mut FunctionBuilder<'_>, x: Value, y: Value) -> Value {
    let ty = b.func.dfg.value_type(x);
    let c = b.ins().fcmp(FloatCC::LessThan, x, y);
    let c = b.ins().bitcast(ty, LANE_ORDER, c);
    b.ins().bitselect(c, x, y)
}

/// `y < x ? x : y` lane-wise (`pmax(y, x)` in wasm's operand order).
fn pick_if_greater(b: &mut FunctionBuilder<'_>, x: Value, y: Value) -> Value {
    let ty = b.func.dfg.value_type(x);
    let c = b.ins().fcmp(FloatCC::LessThan, y, x);
    let c = b.ins().bitcast(ty, LANE_ORDER, c);
    b.ins().bitselect(c, x, y)
}

/// A vector of zeros of type `ty`, as a constant (the shape the
/// narrowing patterns above match).
fn zero_vector(b: &mut FunctionBuilder<'_>, ty: Type) -> Value {
    let c = b
        .func
        .dfg
        .constants
        .insert(ConstantData::from(&[0u8; 16][..]));
    b.ins().vconst(ty, c)
}
