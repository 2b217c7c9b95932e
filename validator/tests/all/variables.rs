//! Locals and globals.

use crate::support::{invalid, invalid_func, valid, valid_func};

#[test]
fn locals() {
    valid_func("(param i32) (result i32) local.get 0");
    valid_func("(param i32) (result f64) (local f64) local.get 1");
    valid_func("(local i64) i64.const 1 local.set 0");
    valid_func("(result f32) (local f32) f32.const 1 local.tee 0");
    invalid_func("(param i32) (result i64) local.get 0", "type mismatch");
    invalid_func("(local i64) i32.const 1 local.set 0", "type mismatch");
    invalid_func(
        "(result f32) (local f32) f64.const 1 local.tee 0",
        "type mismatch",
    );
}

#[test]
fn unknown_locals() {
    invalid_func(
        "(param i32) (local i64) local.get 2 drop",
        "unknown local 2",
    );
    invalid_func("i32.const 0 local.set 0", "unknown local");
    invalid_func("(result i32) local.tee 4294967295", "unknown local");
}

#[test]
fn many_locals_use_runs() {
    // Past the eagerly indexed prefix, lookups go through the runs.
    valid_func(&format!(
        "(result f32) (local i32) {} (local f32) local.get 1001",
        "(local i64)".repeat(1000)
    ));
    valid_func(&format!(
        "(result i64) (local i32) {} (local f32) local.get 1000",
        "(local i64)".repeat(1000)
    ));
    invalid_func(
        &format!(
            "(local i32) {} (local f32) local.get 1002 drop",
            "(local i64)".repeat(1000)
        ),
        "unknown local",
    );
    invalid_func(
        &format!(
            "(result i32) (local i32) {} local.get 500",
            "(local i64)".repeat(1000)
        ),
        "type mismatch",
    );
}

#[test]
fn globals() {
    valid_func("(result i32) global.get $g");
    valid_func("i32.const 1 global.set $g");
    invalid_func("i64.const 1 global.set $g", "type mismatch");
    invalid_func("global.get 9 drop", "unknown global 9");
    invalid_func("i32.const 0 global.set 9", "unknown global");
    invalid(
        "(module (global f32 (f32.const 0)) (func (global.set 0 (f32.const 1))))",
        "global is immutable",
    );
    invalid(
        "(module (import \"m\" \"g\" (global i32)) (func (global.set 0 (i32.const 1))))",
        "global is immutable",
    );
    valid("(module (import \"m\" \"g\" (global (mut i64))) (func (global.set 0 (i64.const 1))))");
}
