//! Whole-vector bit operations (`v128.not/and/andnot/or/xor/bitselect`),
//! the reductions to an `i32` (`any_true`, `all_true`, `bitmask`) and the
//! lane comparisons.
//!
//! A comparison gives all ones in a lane where it holds and zeros where
//! it does not, in the shape compared: Cranelift's vector `icmp`/`fcmp`
//! do exactly that. Float comparisons are ordered except `ne`, which
//! holds for unordered lanes, as in the scalar `float.rs`.
//! `v128.bitselect(a, b, c)` takes bits of `a` where `c` is set and of
//! `b` elsewhere: Cranelift's `bitselect(c, a, b)`. `any_true` and
//! `all_true` give an `i8` boolean, widened to wasm's `i32`; `bitmask`
//! is `vhigh_bits`, the lanes' sign bits gathered into an `i32`.

use brisk_parser::Operator;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{InstBuilder, Type, types};

use super::V128;
use crate::translate::FuncTranslator;

impl FuncTranslator<'_, '_> {
    pub(super) fn simd_bitwise(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        use types::{F32X4, F64X2, I8X16, I16X8, I32X4, I64X2};
        match *op {
            O::V128Not => self.v_unary(V128, |b, x| b.ins().bnot(x)),
            O::V128And => self.v_binary(V128, |b, x, y| b.ins().band(x, y)),
            O::V128AndNot => self.v_binary(V128, |b, x, y| b.ins().band_not(x, y)),
            O::V128Or => self.v_binary(V128, |b, x, y| b.ins().bor(x, y)),
            O::V128Xor => self.v_binary(V128, |b, x, y| b.ins().bxor(x, y)),
            O::V128Bitselect => {
                let (x, y, c) = self.pop3();
                let v = self.b.ins().bitselect(c, x, y);
                self.push(v);
            }
            O::V128AnyTrue => {
                let x = self.pop();
                let c = self.b.ins().vany_true(x);
                self.push_bool(c);
            }
            O::I8x16AllTrue => self.all_true(I8X16),
            O::I16x8AllTrue => self.all_true(I16X8),
            O::I32x4AllTrue => self.all_true(I32X4),
            O::I64x2AllTrue => self.all_true(I64X2),
            O::I8x16Bitmask => self.bitmask(I8X16),
            O::I16x8Bitmask => self.bitmask(I16X8),
            O::I32x4Bitmask => self.bitmask(I32X4),
            O::I64x2Bitmask => self.bitmask(I64X2),

            O::I8x16Eq => self.v_icmp(I8X16, IntCC::Equal),
            O::I8x16Ne => self.v_icmp(I8X16, IntCC::NotEqual),
            O::I8x16LtS => self.v_icmp(I8X16, IntCC::SignedLessThan),
            O::I8x16LtU => self.v_icmp(I8X16, IntCC::UnsignedLessThan),
            O::I8x16GtS => self.v_icmp(I8X16, IntCC::SignedGreaterThan),
            O::I8x16GtU => self.v_icmp(I8X16, IntCC::UnsignedGreaterThan),
            O::I8x16LeS => self.v_icmp(I8X16, IntCC::SignedLessThanOrEqual),
            O::I8x16LeU => self.v_icmp(I8X16, IntCC::UnsignedLessThanOrEqual),
            O::I8x16GeS => self.v_icmp(I8X16, IntCC::SignedGreaterThanOrEqual),
            O::I8x16GeU => self.v_icmp(I8X16, IntCC::UnsignedGreaterThanOrEqual),
            O::I16x8Eq => self.v_icmp(I16X8, IntCC::Equal),
            O::I16x8Ne => self.v_icmp(I16X8, IntCC::NotEqual),
            O::I16x8LtS => self.v_icmp(I16X8, IntCC::SignedLessThan),
            O::I16x8LtU => self.v_icmp(I16X8, IntCC::UnsignedLessThan),
            O::I16x8GtS => self.v_icmp(I16X8, IntCC::SignedGreaterThan),
            O::I16x8GtU => self.v_icmp(I16X8, IntCC::UnsignedGreaterThan),
            O::I16x8LeS => self.v_icmp(I16X8, IntCC::SignedLessThanOrEqual),
            O::I16x8LeU => self.v_icmp(I16X8, IntCC::UnsignedLessThanOrEqual),
            O::I16x8GeS => self.v_icmp(I16X8, IntCC::SignedGreaterThanOrEqual),
            O::I16x8GeU => self.v_icmp(I16X8, IntCC::UnsignedGreaterThanOrEqual),
            O::I32x4Eq => self.v_icmp(I32X4, IntCC::Equal),
            O::I32x4Ne => self.v_icmp(I32X4, IntCC::NotEqual),
            O::I32x4LtS => self.v_icmp(I32X4, IntCC::SignedLessThan),
            O::I32x4LtU => self.v_icmp(I32X4, IntCC::UnsignedLessThan),
            O::I32x4GtS => self.v_icmp(I32X4, IntCC::SignedGreaterThan),
            O::I32x4GtU => self.v_icmp(I32X4, IntCC::UnsignedGreaterThan),
            O::I32x4LeS => self.v_icmp(I32X4, IntCC::SignedLessThanOrEqual),
            O::I32x4LeU => self.v_icmp(I32X4, IntCC::UnsignedLessThanOrEqual),
            O::I32x4GeS => self.v_icmp(I32X4, IntCC::SignedGreaterThanOrEqual),
            O::I32x4GeU => self.v_icmp(I32X4, IntCC::UnsignedGreaterThanOrEqual),
            O::I64x2Eq => self.v_icmp(I64X2, IntCC::Equal),
            O::I64x2Ne => self.v_icmp(I64X2, IntCC::NotEqual),
            O::I64x2LtS => self.v_icmp(I64X2, IntCC::SignedLessThan),
            O::I64x2GtS => self.v_icmp(I64X2, IntCC::SignedGreaterThan),
            O::I64x2LeS => self.v_icmp(I64X2, IntCC::SignedLessThanOrEqual),
            O::I64x2GeS => self.v_icmp(I64X2, IntCC::SignedGreaterThanOrEqual),
            O::F32x4Eq => self.v_fcmp(F32X4, FloatCC::Equal),
            O::F32x4Ne => self.v_fcmp(F32X4, FloatCC::NotEqual),
            O::F32x4Lt => self.v_fcmp(F32X4, FloatCC::LessThan),
            O::F32x4Gt => self.v_fcmp(F32X4, FloatCC::GreaterThan),
            O::F32x4Le => self.v_fcmp(F32X4, FloatCC::LessThanOrEqual),
            O::F32x4Ge => self.v_fcmp(F32X4, FloatCC::GreaterThanOrEqual),
            O::F64x2Eq => self.v_fcmp(F64X2, FloatCC::Equal),
            O::F64x2Ne => self.v_fcmp(F64X2, FloatCC::NotEqual),
            O::F64x2Lt => self.v_fcmp(F64X2, FloatCC::LessThan),
            O::F64x2Gt => self.v_fcmp(F64X2, FloatCC::GreaterThan),
            O::F64x2Le => self.v_fcmp(F64X2, FloatCC::LessThanOrEqual),
            O::F64x2Ge => self.v_fcmp(F64X2, FloatCC::GreaterThanOrEqual),
            _ => return false,
        }
        true
    }

    fn all_true(&mut self, ty: Type) {
        let x = self.pop_as(ty);
        let c = self.b.ins().vall_true(x);
        self.push_bool(c);
    }

    fn bitmask(&mut self, ty: Type) {
        let x = self.pop_as(ty);
        let m = self.b.ins().vhigh_bits(types::I32, x);
        self.push(m);
    }

    fn v_icmp(&mut self, ty: Type, cc: IntCC) {
        self.v_binary(ty, |b, x, y| b.ins().icmp(cc, x, y));
    }

    fn v_fcmp(&mut self, ty: Type, cc: FloatCC) {
        self.v_binary(ty, |b, x, y| b.ins().fcmp(cc, x, y));
    }
}
