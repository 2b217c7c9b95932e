//! Operators that change the lane width: `narrow`, `extend_low/high`,
//! `extmul_low/high`, `extadd_pairwise` and `i32x4.dot_i16x8_s`.
//!
//! `snarrow`/`unarrow` read both operands' lanes as signed and saturate
//! to the narrow signed/unsigned range, the first operand's lanes first:
//! wasm's `narrow_*_s`/`_u`. The widening ones are Cranelift's
//! `swiden_*`/`uwiden_*`. The rest are compositions written in the exact
//! shape x86-64's backend folds into one instruction:
//!
//! - `extmul_low(a, b)` = `imul(widen_low a, widen_low b)` (`pmuldq`,
//!   `pmullw`/`pmulhw` pairs...);
//! - `extadd_pairwise(a)` = `iadd_pairwise(widen_low a, widen_high a)`
//!   (`pmaddubsw`/`pmaddwd` with a vector of ones);
//! - `dot(a, b)` = `iadd_pairwise(imul(swiden_low a, swiden_low b),
//!   imul(swiden_high a, swiden_high b))` (`pmaddwd`).
//!
//! Each is exact in the wider type (no product or sum of two widened
//! lanes overflows it, except `dot`'s `-32768² * 2`, which wraps to
//! `i32::MIN` in both wasm and `pmaddwd`).

use brisk_parser::Operator;
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};
use cranelift_frontend::FunctionBuilder;

use crate::translate::FuncTranslator;

/// Which half of the lanes a widening operator reads.
#[derive(Clone, Copy)]
enum Half {
    Low,
    High,
}

/// Widens half of `x`'s lanes, sign-extending when `signed`.
fn widen(b: &mut FunctionBuilder<'_>, x: Value, half: Half, signed: bool) -> Value {
    match (half, signed) {
        (Half::Low, true) => b.ins().swiden_low(x),
        (Half::Low, false) => b.ins().uwiden_low(x),
        (Half::High, true) => b.ins().swiden_high(x),
        (Half::High, false) => b.ins().uwiden_high(x),
    }
}

impl FuncTranslator<'_, '_> {
    pub(super) fn simd_widen(&mut self, op: &Operator<'_>) -> bool {
        use Half::{High, Low};
        use Operator as O;
        use types::{I8X16, I16X8, I32X4};
        match *op {
            O::I8x16NarrowI16x8S => self.v_binary(I16X8, |b, x, y| b.ins().snarrow(x, y)),
            O::I8x16NarrowI16x8U => self.v_binary(I16X8, |b, x, y| b.ins().unarrow(x, y)),
            O::I16x8NarrowI32x4S => self.v_binary(I32X4, |b, x, y| b.ins().snarrow(x, y)),
            O::I16x8NarrowI32x4U => self.v_binary(I32X4, |b, x, y| b.ins().unarrow(x, y)),

            O::I16x8ExtendLowI8x16S => self.extend(I8X16, Low, true),
            O::I16x8ExtendHighI8x16S => self.extend(I8X16, High, true),
            O::I16x8ExtendLowI8x16U => self.extend(I8X16, Low, false),
            O::I16x8ExtendHighI8x16U => self.extend(I8X16, High, false),
            O::I32x4ExtendLowI16x8S => self.extend(I16X8, Low, true),
            O::I32x4ExtendHighI16x8S => self.extend(I16X8, High, true),
            O::I32x4ExtendLowI16x8U => self.extend(I16X8, Low, false),
            O::I32x4ExtendHighI16x8U => self.extend(I16X8, High, false),
            O::I64x2ExtendLowI32x4S => self.extend(I32X4, Low, true),
            O::I64x2ExtendHighI32x4S => self.extend(I32X4, High, true),
            O::I64x2ExtendLowI32x4U => self.extend(I32X4, Low, false),
            O::I64x2ExtendHighI32x4U => self.extend(I32X4, High, false),

            O::I16x8ExtMulLowI8x16S => self.extmul(I8X16, Low, true),
            O::I16x8ExtMulHighI8x16S => self.extmul(I8X16, High, true),
            O::I16x8ExtMulLowI8x16U => self.extmul(I8X16, Low, false),
            O::I16x8ExtMulHighI8x16U => self.extmul(I8X16, High, false),
            O::I32x4ExtMulLowI16x8S => self.extmul(I16X8, Low, true),
            O::I32x4ExtMulHighI16x8S => self.extmul(I16X8, High, true),
            O::I32x4ExtMulLowI16x8U => self.extmul(I16X8, Low, false),
            O::I32x4ExtMulHighI16x8U => self.extmul(I16X8, High, false),
            O::I64x2ExtMulLowI32x4S => self.extmul(I32X4, Low, true),
            O::I64x2ExtMulHighI32x4S => self.extmul(I32X4, High, true),
            O::I64x2ExtMulLowI32x4U => self.extmul(I32X4, Low, false),
            O::I64x2ExtMulHighI32x4U => self.extmul(I32X4, High, false),

            O::I16x8ExtAddPairwiseI8x16S => self.extadd_pairwise(I8X16, true),
            O::I16x8ExtAddPairwiseI8x16U => self.extadd_pairwise(I8X16, false),
            O::I32x4ExtAddPairwiseI16x8S => self.extadd_pairwise(I16X8, true),
            O::I32x4ExtAddPairwiseI16x8U => self.extadd_pairwise(I16X8, false),
            O::I32x4DotI16x8S => self.v_binary(I16X8, |b, x, y| {
                let lo = {
                    let (x, y) = (b.ins().swiden_low(x), b.ins().swiden_low(y));
                    b.ins().imul(x, y)
                };
                let hi = {
                    let (x, y) = (b.ins().swiden_high(x), b.ins().swiden_high(y));
                    b.ins().imul(x, y)
                };
                b.ins().iadd_pairwise(lo, hi)
            }),
            _ => return false,
        }
        true
    }

    /// `extend_{low,high}` of `from` lanes.
    fn extend(&mut self, from: Type, half: Half, signed: bool) {
        self.v_unary(from, |b, x| widen(b, x, half, signed));
    }

    /// `extmul_{low,high}` of `from` lanes.
    fn extmul(&mut self, from: Type, half: Half, signed: bool) {
        self.v_binary(from, |b, x, y| {
            let x = widen(b, x, half, signed);
            let y = widen(b, y, half, signed);
            b.ins().imul(x, y)
        });
    }

    /// `extadd_pairwise` of `from` lanes: lane `i` of the result is
    /// `x[2i] + x[2i+1]`, widened.
    fn extadd_pairwise(&mut self, from: Type, signed: bool) {
        self.v_unary(from, |b, x| {
            let lo = widen(b, x, Half::Low, signed);
            let hi = widen(b, x, Half::High, signed);
            b.ins().iadd_pairwise(lo, hi)
        });
    }
}
