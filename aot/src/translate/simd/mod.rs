//! SIMD: every operator of the `simd` proposal (WebAssembly 2.0's fixed
//! 128-bit vectors), translated to Cranelift's vector instructions.
//!
//! # One representation between operators
//!
//! A `v128` is `i8x16` wherever the translator keeps it: on the operand
//! stack, in locals, block parameters, calls and memory. Each operator
//! bitcasts its operands to the lane type it works on (`i16x8`, `f32x4`,
//! ...) and its result back to `i8x16`. The bitcasts carry little-endian
//! flags (Cranelift's verifier asks for an explicit byte order when the
//! lane count changes), which is wasm's lane order: lane 0 is the low
//! bytes. They cost nothing in machine code (one register class), and
//! keeping one type means control flow never needs to know what a vector
//! holds.
//!
//! # Semantics
//!
//! Cranelift's vector instructions were shaped after wasm's, so most
//! operators are one instruction: shifts take the count modulo the lane
//! width, `swizzle` gives 0 for an index past 15, `snarrow`/`unarrow`
//! saturate, `fmin`/`fmax` propagate NaNs and order -0 below +0,
//! `fcvt_to_*_sat` map NaN to 0 and clamp. Where wasm's operator is a
//! composition (extmul, extadd_pairwise, dot, the `_zero` and `_low`
//! conversions, pmin/pmax) the family file builds it from the exact
//! shape the x86-64 backend recognises and lowers to one instruction
//! (`pmaddwd`, `cvtdq2pd`, `cvttpd2dq`, `minps`...): each such place says
//! so. The interpreter (`brisk_interp`'s `semantics/simd`) is the
//! reference; tests in `aot/tests/all/simd.rs` compare both tiers.
//!
//! ```text
//!   memory.rs   v128 loads/stores, extending, splat, zero and lane loads
//!   lanes.rs    const, shuffle, swizzle, splat, extract/replace lane
//!   bitwise.rs  not/and/andnot/or/xor/bitselect, any/all_true, bitmask,
//!               integer and float lane comparisons
//!   int.rs      integer lane arithmetic, shifts, min/max, saturation
//!   widen.rs    narrow, extend, extmul, extadd_pairwise, dot
//!   float.rs    float lane arithmetic and the lane conversions
//! ```

mod bitwise;
mod float;
mod int;
mod lanes;
mod memory;
mod widen;

use brisk_parser::Operator;
use cranelift_codegen::ir::{Endianness, InstBuilder, MemFlagsData, Type, Value, types};
use cranelift_frontend::FunctionBuilder;

use super::FuncTranslator;
use crate::CompileError;

/// The type every `v128` has between operators.
pub(super) const V128: Type = types::I8X16;

/// Flags of a lane-reinterpreting bitcast: wasm's lane order.
const LANE_ORDER: MemFlagsData = MemFlagsData::new().with_endianness(Endianness::Little);

/// Translates one SIMD operator.
pub(super) fn translate(
    t: &mut FuncTranslator<'_, '_>,
    op: Operator<'_>,
) -> Result<(), CompileError> {
    let handled = t.simd_memory(&op)
        || t.simd_lanes(&op)
        || t.simd_bitwise(&op)
        || t.simd_int(&op)
        || t.simd_widen(&op)
        || t.simd_float(&op);
    if handled {
        Ok(())
    } else {
        Err(t.unsupported(&op))
    }
}

/// `v` (a 128-bit vector of any shape) reinterpreted as `ty`.
fn cast(b: &mut FunctionBuilder<'_>, ty: Type, v: Value) -> Value {
    if b.func.dfg.value_type(v) == ty {
        v
    } else {
        b.ins().bitcast(ty, LANE_ORDER, v)
    }
}

impl FuncTranslator<'_, '_> {
    /// Pops a `v128` as lanes of `ty`.
    fn pop_as(&mut self, ty: Type) -> Value {
        let v = self.pop();
        cast(&mut self.b, ty, v)
    }

    /// Pops two `v128`s (the second on top) as lanes of `ty`.
    fn pop2_as(&mut self, ty: Type) -> (Value, Value) {
        let y = self.pop_as(ty);
        let x = self.pop_as(ty);
        (x, y)
    }

    /// Pushes a vector of any shape as a `v128`.
    fn push_v128(&mut self, v: Value) {
        let v = cast(&mut self.b, V128, v);
        self.push(v);
    }

    /// A lane-wise operator of one `ty` operand.
    fn v_unary(&mut self, ty: Type, f: impl FnOnce(&mut FunctionBuilder<'_>, Value) -> Value) {
        let x = self.pop_as(ty);
        let v = f(&mut self.b, x);
        self.push_v128(v);
    }

    /// A lane-wise operator of two `ty` operands.
    fn v_binary(
        &mut self,
        ty: Type,
        f: impl FnOnce(&mut FunctionBuilder<'_>, Value, Value) -> Value,
    ) {
        let (x, y) = self.pop2_as(ty);
        let v = f(&mut self.b, x, y);
        self.push_v128(v);
    }
}
