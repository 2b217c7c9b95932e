//! Integer lane arithmetic: add/sub/mul/neg/abs, the saturating add and
//! sub, min/max, `avgr_u`, `popcnt`, `q15mulr_sat_s` and the shifts.
//!
//! Each is one Cranelift instruction with wasm's lane semantics:
//! arithmetic wraps, `iabs` of the lane minimum is the minimum,
//! `avg_round` is `(x + y + 1) >> 1` computed without overflow,
//! `sqmul_round_sat` is `(x * y + 0x4000) >> 15` saturated (only
//! `-32768 * -32768` saturates; x86-64's `pmulhrsw` gives `0x8000`
//! there and the backend corrects it). A shift count is the wasm `i32`
//! operand as is: Cranelift's vector shifts take it modulo the lane
//! width, as wasm does (the backend masks it before `psllw`...; `i8x16`
//! shifts, which x86-64 lacks, become 16-bit shifts and a mask).

use brisk_parser::Operator;
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};
use cranelift_frontend::FunctionBuilder;

use crate::translate::FuncTranslator;

impl FuncTranslator<'_, '_> {
    pub(super) fn simd_int(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        use types::{I8X16, I16X8, I32X4, I64X2};
        match *op {
            O::I8x16Add => self.v_binary(I8X16, |b, x, y| b.ins().iadd(x, y)),
            O::I16x8Add => self.v_binary(I16X8, |b, x, y| b.ins().iadd(x, y)),
            O::I32x4Add => self.v_binary(I32X4, |b, x, y| b.ins().iadd(x, y)),
            O::I64x2Add => self.v_binary(I64X2, |b, x, y| b.ins().iadd(x, y)),
            O::I8x16Sub => self.v_binary(I8X16, |b, x, y| b.ins().isub(x, y)),
            O::I16x8Sub => self.v_binary(I16X8, |b, x, y| b.ins().isub(x, y)),
            O::I32x4Sub => self.v_binary(I32X4, |b, x, y| b.ins().isub(x, y)),
            O::I64x2Sub => self.v_binary(I64X2, |b, x, y| b.ins().isub(x, y)),
            O::I16x8Mul => self.v_binary(I16X8, |b, x, y| b.ins().imul(x, y)),
            O::I32x4Mul => self.v_binary(I32X4, |b, x, y| b.ins().imul(x, y)),
            O::I64x2Mul => self.v_binary(I64X2, |b, x, y| b.ins().imul(x, y)),
            O::I8x16Neg => self.v_unary(I8X16, |b, x| b.ins().ineg(x)),
            O::I16x8Neg => self.v_unary(I16X8, |b, x| b.ins().ineg(x)),
            O::I32x4Neg => self.v_unary(I32X4, |b, x| b.ins().ineg(x)),
            O::I64x2Neg => self.v_unary(I64X2, |b, x| b.ins().ineg(x)),
            O::I8x16Abs => self.v_unary(I8X16, |b, x| b.ins().iabs(x)),
            O::I16x8Abs => self.v_unary(I16X8, |b, x| b.ins().iabs(x)),
            O::I32x4Abs => self.v_unary(I32X4, |b, x| b.ins().iabs(x)),
            O::I64x2Abs => self.v_unary(I64X2, |b, x| b.ins().iabs(x)),
            O::I8x16Popcnt => self.v_unary(I8X16, |b, x| b.ins().popcnt(x)),

            O::I8x16AddSatS => self.v_binary(I8X16, |b, x, y| b.ins().sadd_sat(x, y)),
            O::I8x16AddSatU => self.v_binary(I8X16, |b, x, y| b.ins().uadd_sat(x, y)),
            O::I16x8AddSatS => self.v_binary(I16X8, |b, x, y| b.ins().sadd_sat(x, y)),
            O::I16x8AddSatU => self.v_binary(I16X8, |b, x, y| b.ins().uadd_sat(x, y)),
            O::I8x16SubSatS => self.v_binary(I8X16, |b, x, y| b.ins().ssub_sat(x, y)),
            O::I8x16SubSatU => self.v_binary(I8X16, |b, x, y| b.ins().usub_sat(x, y)),
            O::I16x8SubSatS => self.v_binary(I16X8, |b, x, y| b.ins().ssub_sat(x, y)),
            O::I16x8SubSatU => self.v_binary(I16X8, |b, x, y| b.ins().usub_sat(x, y)),
            O::I8x16AvgrU => self.v_binary(I8X16, |b, x, y| b.ins().avg_round(x, y)),
            O::I16x8AvgrU => self.v_binary(I16X8, |b, x, y| b.ins().avg_round(x, y)),
            O::I16x8Q15MulrSatS => {
                self.v_binary(I16X8, |b, x, y| b.ins().sqmul_round_sat(x, y));
            }

            O::I8x16MinS => self.v_binary(I8X16, |b, x, y| b.ins().smin(x, y)),
            O::I8x16MinU => self.v_binary(I8X16, |b, x, y| b.ins().umin(x, y)),
            O::I8x16MaxS => self.v_binary(I8X16, |b, x, y| b.ins().smax(x, y)),
            O::I8x16MaxU => self.v_binary(I8X16, |b, x, y| b.ins().umax(x, y)),
            O::I16x8MinS => self.v_binary(I16X8, |b, x, y| b.ins().smin(x, y)),
            O::I16x8MinU => self.v_binary(I16X8, |b, x, y| b.ins().umin(x, y)),
            O::I16x8MaxS => self.v_binary(I16X8, |b, x, y| b.ins().smax(x, y)),
            O::I16x8MaxU => self.v_binary(I16X8, |b, x, y| b.ins().umax(x, y)),
            O::I32x4MinS => self.v_binary(I32X4, |b, x, y| b.ins().smin(x, y)),
            O::I32x4MinU => self.v_binary(I32X4, |b, x, y| b.ins().umin(x, y)),
            O::I32x4MaxS => self.v_binary(I32X4, |b, x, y| b.ins().smax(x, y)),
            O::I32x4MaxU => self.v_binary(I32X4, |b, x, y| b.ins().umax(x, y)),

            O::I8x16Shl => self.v_shift(I8X16, |b, x, n| b.ins().ishl(x, n)),
            O::I16x8Shl => self.v_shift(I16X8, |b, x, n| b.ins().ishl(x, n)),
            O::I32x4Shl => self.v_shift(I32X4, |b, x, n| b.ins().ishl(x, n)),
            O::I64x2Shl => self.v_shift(I64X2, |b, x, n| b.ins().ishl(x, n)),
            O::I8x16ShrS => self.v_shift(I8X16, |b, x, n| b.ins().sshr(x, n)),
            O::I16x8ShrS => self.v_shift(I16X8, |b, x, n| b.ins().sshr(x, n)),
            O::I32x4ShrS => self.v_shift(I32X4, |b, x, n| b.ins().sshr(x, n)),
            O::I64x2ShrS => self.v_shift(I64X2, |b, x, n| b.ins().sshr(x, n)),
            O::I8x16ShrU => self.v_shift(I8X16, |b, x, n| b.ins().ushr(x, n)),
            O::I16x8ShrU => self.v_shift(I16X8, |b, x, n| b.ins().ushr(x, n)),
            O::I32x4ShrU => self.v_shift(I32X4, |b, x, n| b.ins().ushr(x, n)),
            O::I64x2ShrU => self.v_shift(I64X2, |b, x, n| b.ins().ushr(x, n)),
            _ => return false,
        }
        true
    }

    /// A shift of `ty` lanes by the `i32` count on top.
    fn v_shift(
        &mut self,
        ty: Type,
        f: impl FnOnce(&mut FunctionBuilder<'_>, Value, Value) -> Value,
    ) {
        let n = self.pop();
        let x = self.pop_as(ty);
        let v = f(&mut self.b, x, n);
        self.push_v128(v);
    }
}
