//! Building and taking apart vectors: `v128.const`, `i8x16.shuffle`,
//! `i8x16.swizzle`, the splats and `extract_lane`/`replace_lane`.
//!
//! Constants and shuffle masks go into the function's constant pool as
//! their 16 bytes in lane order. Cranelift's `shuffle` has wasm's
//! semantics (indexes 0–15 pick from the first operand, 16–31 from the
//! second; validation rejects anything larger) and `swizzle` wasm's too
//! (an index past 15 selects 0; x86-64 adds a saturating 0x70 before
//! `pshufb` for that). Narrow integer lanes meet wasm's `i32` operands by
//! `ireduce` (splat, replace) and `sextend`/`uextend` (extract).

use brisk_parser::Operator;
use cranelift_codegen::ir::{ConstantData, InstBuilder, Type, types};

use super::V128;
use super::memory::vector_of;
use crate::translate::FuncTranslator;

impl FuncTranslator<'_, '_> {
    pub(super) fn simd_lanes(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        use types::{F32, F64, I8, I16, I32, I64};
        match *op {
            O::V128Const { value } => {
                let c = self
                    .b
                    .func
                    .dfg
                    .constants
                    .insert(ConstantData::from(&value.0[..]));
                let v = self.b.ins().vconst(V128, c);
                self.push(v);
            }
            O::I8x16Shuffle { lanes } => {
                let (x, y) = self.pop2();
                let mask = self
                    .b
                    .func
                    .dfg
                    .immediates
                    .push(ConstantData::from(&lanes[..]));
                let v = self.b.ins().shuffle(x, y, mask);
                self.push(v);
            }
            O::I8x16Swizzle => {
                let (x, indexes) = self.pop2();
                let v = self.b.ins().swizzle(x, indexes);
                self.push(v);
            }
            O::I8x16Splat => self.splat(I8),
            O::I16x8Splat => self.splat(I16),
            O::I32x4Splat => self.splat(I32),
            O::I64x2Splat => self.splat(I64),
            O::F32x4Splat => self.splat(F32),
            O::F64x2Splat => self.splat(F64),
            O::I8x16ExtractLaneS { lane } => self.extract_lane(I8, lane, Some(true)),
            O::I8x16ExtractLaneU { lane } => self.extract_lane(I8, lane, Some(false)),
            O::I16x8ExtractLaneS { lane } => self.extract_lane(I16, lane, Some(true)),
            O::I16x8ExtractLaneU { lane } => self.extract_lane(I16, lane, Some(false)),
            O::I32x4ExtractLane { lane } => self.extract_lane(I32, lane, None),
            O::I64x2ExtractLane { lane } => self.extract_lane(I64, lane, None),
            O::F32x4ExtractLane { lane } => self.extract_lane(F32, lane, None),
            O::F64x2ExtractLane { lane } => self.extract_lane(F64, lane, None),
            O::I8x16ReplaceLane { lane } => self.replace_lane(I8, lane),
            O::I16x8ReplaceLane { lane } => self.replace_lane(I16, lane),
            O::I32x4ReplaceLane { lane } => self.replace_lane(I32, lane),
            O::I64x2ReplaceLane { lane } => self.replace_lane(I64, lane),
            O::F32x4ReplaceLane { lane } => self.replace_lane(F32, lane),
            O::F64x2ReplaceLane { lane } => self.replace_lane(F64, lane),
            _ => return false,
        }
        true
    }

    /// The scalar on top, narrowed to `lane` when that is an `i8`/`i16`.
    fn pop_lane_scalar(&mut self, lane: Type) -> cranelift_codegen::ir::Value {
        let x = self.pop();
        if lane == types::I8 || lane == types::I16 {
            self.b.ins().ireduce(lane, x)
        } else {
            x
        }
    }

    fn splat(&mut self, lane: Type) {
        let x = self.pop_lane_scalar(lane);
        let v = self.b.ins().splat(vector_of(lane), x);
        self.push_v128(v);
    }

    /// `extract_lane`, extended to `i32` (`Some(signed)`) for narrow lanes.
    fn extract_lane(&mut self, lane_ty: Type, lane: u8, extend: Option<bool>) {
        let v = self.pop_as(vector_of(lane_ty));
        let x = self.b.ins().extractlane(v, lane);
        let x = match extend {
            None => x,
            Some(true) => self.b.ins().sextend(types::I32, x),
            Some(false) => self.b.ins().uextend(types::I32, x),
        };
        self.push(x);
    }

    fn replace_lane(&mut self, lane_ty: Type, lane: u8) {
        let x = self.pop_lane_scalar(lane_ty);
        let v = self.pop_as(vector_of(lane_ty));
        let v = self.b.ins().insertlane(v, x, lane);
        self.push_v128(v);
    }
}
