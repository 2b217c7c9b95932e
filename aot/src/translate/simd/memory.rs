//! `v128` loads and stores: whole vectors, the extending loads
//! (`load8x8_s`...), the splatting and zeroing loads, and the lane loads
//! and stores.
//!
//! Every access goes through [`FuncTranslator::heap_address`] (the
//! sandbox-critical address computation of `translate/memory.rs`) with
//! the number of bytes it touches: 16 for a whole vector, 8 for an
//! extending load, the lane's width for the others. So the guard-page
//! and explicit-check modes hold for vectors exactly as for scalars.
//! Lanes move through memory as integers, whatever the shape, so no
//! float instruction ever sees (and could quiet) a NaN payload on its way.

use brisk_parser::{MemArg, Operator};
use cranelift_codegen::ir::{InstBuilder, Type, types};

use super::V128;
use crate::translate::FuncTranslator;
use crate::translate::memory::heap_flags;

/// How a load builds its vector from the bytes it reads.
#[derive(Clone, Copy)]
enum Load {
    /// 8 bytes, each half-width lane sign-extended (`true`) or not.
    Extend(Type, bool),
    /// One scalar of this type in every lane.
    Splat(Type),
    /// One scalar of this type in lane 0, zeros elsewhere.
    Zero(Type),
}

impl FuncTranslator<'_, '_> {
    pub(super) fn simd_memory(&mut self, op: &Operator<'_>) -> bool {
        use Operator as O;
        use types::{I8, I16, I32, I64};
        match *op {
            O::V128Load { memarg } => {
                let addr = self.pop();
                let (at, offset) = self.heap_address(memarg, addr, 16);
                let v = self.b.ins().load(V128, heap_flags(), at, offset);
                self.push(v);
            }
            O::V128Store { memarg } => {
                let (addr, v) = self.pop2();
                let (at, offset) = self.heap_address(memarg, addr, 16);
                self.b.ins().store(heap_flags(), v, at, offset);
            }
            O::V128Load8x8S { memarg } => self.v_load(memarg, Load::Extend(I8, true)),
            O::V128Load8x8U { memarg } => self.v_load(memarg, Load::Extend(I8, false)),
            O::V128Load16x4S { memarg } => self.v_load(memarg, Load::Extend(I16, true)),
            O::V128Load16x4U { memarg } => self.v_load(memarg, Load::Extend(I16, false)),
            O::V128Load32x2S { memarg } => self.v_load(memarg, Load::Extend(I32, true)),
            O::V128Load32x2U { memarg } => self.v_load(memarg, Load::Extend(I32, false)),
            O::V128Load8Splat { memarg } => self.v_load(memarg, Load::Splat(I8)),
            O::V128Load16Splat { memarg } => self.v_load(memarg, Load::Splat(I16)),
            O::V128Load32Splat { memarg } => self.v_load(memarg, Load::Splat(I32)),
            O::V128Load64Splat { memarg } => self.v_load(memarg, Load::Splat(I64)),
            O::V128Load32Zero { memarg } => self.v_load(memarg, Load::Zero(I32)),
            O::V128Load64Zero { memarg } => self.v_load(memarg, Load::Zero(I64)),
            O::V128Load8Lane { memarg, lane } => self.load_lane(memarg, I8, lane),
            O::V128Load16Lane { memarg, lane } => self.load_lane(memarg, I16, lane),
            O::V128Load32Lane { memarg, lane } => self.load_lane(memarg, I32, lane),
            O::V128Load64Lane { memarg, lane } => self.load_lane(memarg, I64, lane),
            O::V128Store8Lane { memarg, lane } => self.store_lane(memarg, I8, lane),
            O::V128Store16Lane { memarg, lane } => self.store_lane(memarg, I16, lane),
            O::V128Store32Lane { memarg, lane } => self.store_lane(memarg, I32, lane),
            O::V128Store64Lane { memarg, lane } => self.store_lane(memarg, I64, lane),
            _ => return false,
        }
        true
    }

    /// The loads that read less than 16 bytes and build a whole vector.
    fn v_load(&mut self, memarg: MemArg, kind: Load) {
        let addr = self.pop();
        let size = match kind {
            Load::Extend(..) => 8,
            Load::Splat(ty) | Load::Zero(ty) => ty.bytes(),
        };
        let (at, offset) = self.heap_address(memarg, addr, u64::from(size));
        let flags = heap_flags();
        let ins = self.b.ins();
        let v = match kind {
            Load::Extend(types::I8, true) => ins.sload8x8(flags, at, offset),
            Load::Extend(types::I8, false) => ins.uload8x8(flags, at, offset),
            Load::Extend(types::I16, true) => ins.sload16x4(flags, at, offset),
            Load::Extend(types::I16, false) => ins.uload16x4(flags, at, offset),
            Load::Extend(_, true) => ins.sload32x2(flags, at, offset),
            Load::Extend(_, false) => ins.uload32x2(flags, at, offset),
            Load::Splat(ty) => {
                let x = ins.load(ty, flags, at, offset);
                self.b.ins().splat(vector_of(ty), x)
            }
            Load::Zero(ty) => {
                let x = ins.load(ty, flags, at, offset);
                self.b.ins().scalar_to_vector(vector_of(ty), x)
            }
        };
        self.push_v128(v);
    }

    /// `v128.loadN_lane`: the vector on top, with lane `lane` (of `ty`
    /// lanes) replaced by the scalar at the address below it.
    fn load_lane(&mut self, memarg: MemArg, ty: Type, lane: u8) {
        let v = self.pop_as(vector_of(ty));
        let addr = self.pop();
        let (at, offset) = self.heap_address(memarg, addr, u64::from(ty.bytes()));
        let x = self.b.ins().load(ty, heap_flags(), at, offset);
        let v = self.b.ins().insertlane(v, x, lane);
        self.push_v128(v);
    }

    /// `v128.storeN_lane`: stores lane `lane` (of `ty` lanes) of the
    /// vector on top at the address below it.
    fn store_lane(&mut self, memarg: MemArg, ty: Type, lane: u8) {
        let v = self.pop_as(vector_of(ty));
        let addr = self.pop();
        let (at, offset) = self.heap_address(memarg, addr, u64::from(ty.bytes()));
        let x = self.b.ins().extractlane(v, lane);
        self.b.ins().store(heap_flags(), x, at, offset);
    }
}

/// The 128-bit vector of `lane` lanes.
pub(super) fn vector_of(lane: Type) -> Type {
    lane.by(128 / lane.bits())
        .expect("lane types divide 128 bits")
}

#[cfg(test)]
mod tests {
    use cranelift_codegen::ir::types;

    #[test]
    fn vector_of_fills_128_bits() {
        assert_eq!(super::vector_of(types::I8), types::I8X16);
        assert_eq!(super::vector_of(types::I16), types::I16X8);
        assert_eq!(super::vector_of(types::F32), types::F32X4);
        assert_eq!(super::vector_of(types::I64), types::I64X2);
    }
}
