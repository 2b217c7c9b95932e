//! Tables and references.

use crate::support::{invalid, invalid_func, valid, valid_func};

#[test]
fn table_instructions() {
    valid_func("(result funcref) i32.const 0 table.get 0");
    valid_func("i32.const 0 ref.null func table.set 0");
    valid_func("(result i32) ref.null func i32.const 1 table.grow 0");
    valid_func("(result i32) table.size 0");
    valid_func("i32.const 0 ref.null func i32.const 1 table.fill 0");
    invalid_func("i32.const 0 ref.null extern table.set 0", "type mismatch");
    invalid_func("(result i32) i32.const 0 table.get 0", "type mismatch");
    invalid_func("table.size 3 drop", "unknown table 3");
}

#[test]
fn table_copy_and_init() {
    valid(
        "(module (table $a 1 funcref) (table $b 1 funcref) (elem $e func)
           (func (table.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))
                 (table.init $b $e (i32.const 0) (i32.const 0) (i32.const 0))
                 (elem.drop $e)))",
    );
    invalid(
        "(module (table $a 1 funcref) (table $b 1 externref)
           (func (table.copy $a $b (i32.const 0) (i32.const 0) (i32.const 0))))",
        "type mismatch",
    );
    invalid(
        "(module (table 1 externref) (elem $e func)
           (func (table.init 0 $e (i32.const 0) (i32.const 0) (i32.const 0))))",
        "type mismatch",
    );
    invalid(
        "(module (table 1 funcref) (func (table.init 0 4 (i32.const 0) (i32.const 0) (i32.const 0))))",
        "unknown elem segment 4",
    );
    invalid("(module (func (elem.drop 0)))", "unknown elem segment 0");
    invalid(
        "(module (func (table.copy (i32.const 0) (i32.const 0) (i32.const 0))))",
        "unknown table 0",
    );
}

#[test]
fn references() {
    valid_func("(result i32) ref.null extern ref.is_null");
    valid_func("(result funcref) ref.func $f");
    valid_func("(result i32) unreachable ref.is_null");
    invalid_func("(result i32) i32.const 0 ref.is_null", "type mismatch");
    invalid(
        "(module (func $f) (func (result funcref) ref.func $f))",
        "undeclared function reference",
    );
    invalid(
        "(module (func (result funcref) ref.func 9))",
        "unknown function 9",
    );
    // Exports, global initialisers and element segments declare.
    valid("(module (func $f (export \"f\")) (func (result funcref) ref.func $f))");
    valid("(module (func $f) (global funcref (ref.func $f)) (func (result funcref) ref.func $f))");
    valid("(module (func $f) (elem declare func $f) (func (result funcref) ref.func $f))");
    valid(
        "(module (table 1 funcref) (func $f) (elem (i32.const 0) $f) (func (result funcref) ref.func $f))",
    );
}
