//! Feature gating of instructions and types.

use brisk_parser::Features;

use crate::support::{check_with, invalid_with};

#[test]
fn disabled_proposals_are_invalid() {
    let no_simd = Features::default().difference(Features::SIMD);
    invalid_with(
        "(module (func (result v128) v128.const i64x2 0 0))",
        no_simd,
        "SIMD support is not enabled",
    );
    invalid_with(
        "(module (func (local v128)))",
        no_simd,
        "SIMD support is not enabled",
    );
    let no_sat = Features::default().difference(Features::SATURATING_FLOAT_TO_INT);
    invalid_with(
        "(module (func (result i32) f32.const 0 i32.trunc_sat_f32_s))",
        no_sat,
        "saturating float to int support is not enabled",
    );
    let no_sign = Features::default().difference(Features::SIGN_EXTENSION);
    invalid_with(
        "(module (func (result i32) i32.const 0 i32.extend8_s))",
        no_sign,
        "sign extension support is not enabled",
    );
}

#[test]
fn mvp() {
    assert!(
        check_with(
            "(module (func (result i32) i32.const 1 i32.const 2 i32.add))",
            Features::MVP
        )
        .is_ok()
    );
    invalid_with(
        "(module (func (result i32 i32) unreachable))",
        Features::MVP,
        "multi-value",
    );
    invalid_with(
        "(module (func (result i32) unreachable ref.is_null))",
        Features::MVP,
        "reference types support is not enabled",
    );
    invalid_with(
        "(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))))",
        Features::MVP,
        "bulk memory support is not enabled",
    );
}
