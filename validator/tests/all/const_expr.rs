//! Constant expressions.

use crate::support::{invalid, valid};

#[test]
fn allowed_instructions() {
    valid(
        "(module (global i32 (i32.const 1)) (global i64 (i64.const 1)) (global f32 (f32.const 1)) (global f64 (f64.const 1)))",
    );
    valid("(module (global v128 (v128.const i64x2 1 2)) (global externref (ref.null extern)))");
    valid("(module (func $f) (global funcref (ref.func $f)))");
    valid("(module (import \"m\" \"g\" (global i32)) (global i32 (global.get 0)))");
}

#[test]
fn constant_expression_required() {
    invalid(
        "(module (global i32 (i32.ctz (i32.const 0))))",
        "constant expression required",
    );
    invalid(
        "(module (global i32 (nop)))",
        "constant expression required",
    );
    invalid(
        "(module (global i32 (i32.const 0) (nop)))",
        "constant expression required",
    );
    invalid(
        "(module (global f32 (f32.neg (f32.const 1))))",
        "constant expression required",
    );
    invalid(
        "(module (global i32 (i32.add (i32.const 0) (i32.const 1))))",
        "constant expression required",
    );
    invalid(
        "(module (global (import \"m\" \"g\") (mut i32)) (global i32 (global.get 0)))",
        "constant expression required",
    );
    invalid(
        "(module (memory 1) (data (offset (nop) (i32.const 0))))",
        "constant expression required",
    );
    invalid(
        "(module (table 1 funcref) (elem (i32.ctz (i32.const 0))))",
        "constant expression required",
    );
}

#[test]
fn types() {
    invalid("(module (global i32 (f32.const 0)))", "type mismatch");
    invalid(
        "(module (global i32 (i32.const 0) (i32.const 0)))",
        "type mismatch",
    );
    invalid("(module (global i32))", "type mismatch");
    invalid(
        "(module (global (import \"\" \"\") externref) (global funcref (global.get 0)))",
        "type mismatch",
    );
}

#[test]
fn only_imported_globals() {
    invalid("(module (global i32 (global.get 0)))", "unknown global 0");
    invalid(
        "(module (global i32 (i32.const 0)) (global i32 (global.get 0)))",
        "unknown global",
    );
    invalid(
        "(module (memory 1) (data (global.get 0)))",
        "unknown global 0",
    );
    invalid(
        "(module (global (import \"m\" \"g\") i32) (memory 1) (data (global.get 1)))",
        "unknown global 1",
    );
}
