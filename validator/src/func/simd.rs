//! SIMD instructions with lane immediates; the other 200-odd SIMD
//! instructions have fixed signatures and are derived (`derived.rs`).
//!
//! A lane index must be below the shape's lane count ("invalid lane
//! index"); `i8x16.shuffle` picks from the 32 lanes of its two operands.

use brisk_parser::MemArg;

use super::FuncValidator;
use crate::error::Result;
use crate::types::StackType;

use StackType::{F32, F64, I32, I64, V128};

impl FuncValidator<'_> {
    #[inline]
    fn check_lane(&self, lane: u8, lanes: u8) -> Result<()> {
        if lane < lanes {
            Ok(())
        } else {
            Err(self.err_fmt(format_args!("invalid lane index {lane}")))
        }
    }

    /// `T.extract_lane`: `[v128] -> [T]`.
    fn extract_lane(&mut self, lane: u8, lanes: u8, ty: StackType) -> Result<()> {
        self.check_lane(lane, lanes)?;
        self.unary(V128, ty)
    }

    /// `T.replace_lane`: `[v128 T] -> [v128]`.
    fn replace_lane(&mut self, lane: u8, lanes: u8, ty: StackType) -> Result<()> {
        self.check_lane(lane, lanes)?;
        self.binary(V128, ty, V128)
    }

    /// `v128.loadN_lane`: `[addr v128] -> [v128]`.
    fn load_lane(&mut self, memarg: MemArg, lane: u8, bytes: u32) -> Result<()> {
        let index_ty = self.check_memarg(memarg, bytes)?;
        self.check_lane(lane, (16 / bytes) as u8)?;
        self.binary(index_ty, V128, V128)
    }

    /// `v128.storeN_lane`: `[addr v128] -> []`.
    fn store_lane(&mut self, memarg: MemArg, lane: u8, bytes: u32) -> Result<()> {
        let index_ty = self.check_memarg(memarg, bytes)?;
        self.check_lane(lane, (16 / bytes) as u8)?;
        self.pop(V128)?;
        self.pop(index_ty)?;
        Ok(())
    }

    pub(super) fn visit_i8x16_shuffle(&mut self, lanes: [u8; 16]) -> Result<()> {
        for lane in lanes {
            self.check_lane(lane, 32)?;
        }
        self.binary(V128, V128, V128)
    }

    pub(super) fn visit_i8x16_extract_lane_s(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 16, I32)
    }

    pub(super) fn visit_i8x16_extract_lane_u(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 16, I32)
    }

    pub(super) fn visit_i8x16_replace_lane(&mut self, lane: u8) -> Result<()> {
        self.replace_lane(lane, 16, I32)
    }

    pub(super) fn visit_i16x8_extract_lane_s(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 8, I32)
    }

    pub(super) fn visit_i16x8_extract_lane_u(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 8, I32)
    }

    pub(super) fn visit_i16x8_replace_lane(&mut self, lane: u8) -> Result<()> {
        self.replace_lane(lane, 8, I32)
    }

    pub(super) fn visit_i32x4_extract_lane(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 4, I32)
    }

    pub(super) fn visit_i32x4_replace_lane(&mut self, lane: u8) -> Result<()> {
        self.replace_lane(lane, 4, I32)
    }

    pub(super) fn visit_i64x2_extract_lane(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 2, I64)
    }

    pub(super) fn visit_i64x2_replace_lane(&mut self, lane: u8) -> Result<()> {
        self.replace_lane(lane, 2, I64)
    }

    pub(super) fn visit_f32x4_extract_lane(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 4, F32)
    }

    pub(super) fn visit_f32x4_replace_lane(&mut self, lane: u8) -> Result<()> {
        self.replace_lane(lane, 4, F32)
    }

    pub(super) fn visit_f64x2_extract_lane(&mut self, lane: u8) -> Result<()> {
        self.extract_lane(lane, 2, F64)
    }

    pub(super) fn visit_f64x2_replace_lane(&mut self, lane: u8) -> Result<()> {
        self.replace_lane(lane, 2, F64)
    }

    pub(super) fn visit_v128_load8_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.load_lane(memarg, lane, 1)
    }

    pub(super) fn visit_v128_load16_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.load_lane(memarg, lane, 2)
    }

    pub(super) fn visit_v128_load32_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.load_lane(memarg, lane, 4)
    }

    pub(super) fn visit_v128_load64_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.load_lane(memarg, lane, 8)
    }

    pub(super) fn visit_v128_store8_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.store_lane(memarg, lane, 1)
    }

    pub(super) fn visit_v128_store16_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.store_lane(memarg, lane, 2)
    }

    pub(super) fn visit_v128_store32_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.store_lane(memarg, lane, 4)
    }

    pub(super) fn visit_v128_store64_lane(&mut self, memarg: MemArg, lane: u8) -> Result<()> {
        self.store_lane(memarg, lane, 8)
    }
}
