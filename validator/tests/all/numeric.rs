//! Fixed-signature instructions (derived from the operator table).

use crate::support::{invalid_func, valid_func};

#[test]
fn arithmetic_and_comparisons() {
    valid_func("(result i32) i32.const 1 i32.const 2 i32.add");
    valid_func("(result i32) i64.const 1 i64.const 2 i64.lt_s");
    valid_func("(result i32) i64.const 1 i64.eqz");
    valid_func("(result f64) f64.const 1 f64.const 2 f64.copysign");
    valid_func("(result f32) f32.const 1 f32.sqrt");
    valid_func("(result i64) i32.const 1 i64.extend_i32_u");
    valid_func("(result i32) f64.const 1 i32.trunc_sat_f64_s");
    valid_func("(result i32) i32.const 1 i32.extend8_s");
    valid_func("(result f32) i32.const 1 f32.reinterpret_i32");
}

#[test]
fn operand_type_mismatch() {
    invalid_func(
        "(result i32) i32.const 1 i64.const 2 i32.add",
        "type mismatch",
    );
    invalid_func(
        "(result i32) f32.const 1 i32.const 2 i32.add",
        "type mismatch",
    );
    invalid_func("(result i64) i64.const 1 i64.eqz", "type mismatch");
    invalid_func(
        "(result i32) i64.const 1 i32.wrap_i64 f32.neg",
        "type mismatch",
    );
}

#[test]
fn empty_stack() {
    invalid_func("(result i32) i32.add", "type mismatch");
    invalid_func("(result i32) i32.const 0 i32.add", "type mismatch");
    invalid_func("i32.eqz drop", "type mismatch");
}

#[test]
fn message_names_both_types() {
    let e = crate::support::check("(module (func (result i32) i32.const 1 f64.const 2 i32.add))")
        .unwrap_err();
    assert_eq!(e.message(), "type mismatch: expected i32, found f64");
    assert!(e.to_string().starts_with("offset 0x"));
}

#[test]
fn operands_do_not_cross_blocks() {
    invalid_func(
        "(result i32) i32.const 1 (block (result i32) i32.const 2 i32.add)",
        "type mismatch",
    );
    invalid_func("i32.const 1 (block (drop))", "type mismatch");
}

#[test]
fn constants() {
    valid_func("(result i64) i64.const -1");
    valid_func("(result f32) f32.const nan:0x200000");
    invalid_func("(result f32) f64.const 0", "type mismatch");
}
