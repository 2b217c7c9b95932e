//! SIMD lane instructions and a sample of the derived ones.

use crate::support::{invalid_func, valid_func};

#[test]
fn derived_simd() {
    valid_func("(result v128) v128.const i32x4 1 2 3 4 v128.const i32x4 1 2 3 4 i32x4.add");
    valid_func("(result v128) i32.const 1 i8x16.splat");
    valid_func("(result v128) f64.const 1 f64x2.splat");
    valid_func("(result i32) v128.const i64x2 0 0 i64x2.all_true");
    valid_func("(result v128) v128.const i64x2 0 0 i32.const 3 i64x2.shl");
    valid_func(
        "(result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 v128.const i64x2 0 0 v128.bitselect",
    );
    valid_func("(result v128) i32.const 0 v128.load8x8_s");
    valid_func("(result v128) i32.const 0 v128.load32_zero align=4");
    invalid_func("(result v128) i64.const 1 i8x16.splat", "type mismatch");
    invalid_func(
        "(result v128) v128.const i64x2 0 0 i64x2.all_true",
        "type mismatch",
    );
    invalid_func(
        "(result v128) i32.const 0 v128.load64_splat align=16",
        "alignment must not be larger than natural",
    );
}

#[test]
fn lanes() {
    valid_func("(result i32) v128.const i64x2 0 0 i8x16.extract_lane_s 15");
    valid_func("(result i64) v128.const i64x2 0 0 i64x2.extract_lane 1");
    valid_func("(result v128) v128.const i64x2 0 0 f32.const 1 f32x4.replace_lane 3");
    invalid_func(
        "(result i32) v128.const i64x2 0 0 i8x16.extract_lane_u 16",
        "invalid lane index",
    );
    invalid_func(
        "(result i32) v128.const i64x2 0 0 i16x8.extract_lane_s 8",
        "invalid lane index",
    );
    invalid_func(
        "(result f64) v128.const i64x2 0 0 f64x2.extract_lane 2",
        "invalid lane index",
    );
    invalid_func(
        "(result v128) v128.const i64x2 0 0 i64.const 1 i64x2.replace_lane 2",
        "invalid lane index",
    );
    invalid_func(
        "(result v128) v128.const i64x2 0 0 i32.const 1 i64x2.replace_lane 0",
        "type mismatch",
    );
}

#[test]
fn shuffle() {
    valid_func(
        "(result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 \
         i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31",
    );
    invalid_func(
        "(result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 \
         i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32",
        "invalid lane index",
    );
}

#[test]
fn load_store_lane() {
    valid_func("(result v128) i32.const 0 v128.const i64x2 0 0 v128.load8_lane 15");
    valid_func("i32.const 0 v128.const i64x2 0 0 v128.store64_lane align=8 1");
    invalid_func(
        "(result v128) i32.const 0 v128.const i64x2 0 0 v128.load32_lane 4",
        "invalid lane index",
    );
    invalid_func(
        "i32.const 0 v128.const i64x2 0 0 v128.store16_lane align=4 0",
        "alignment must not be larger than natural",
    );
    invalid_func(
        "(result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 v128.load8_lane 0",
        "type mismatch",
    );
}
