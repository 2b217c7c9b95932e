//! Module-level rules: types, limits, exports, start, segments.

use crate::support::{invalid, valid};

#[test]
fn unknown_types() {
    invalid("(module (func (type 42)))", "unknown type");
    invalid(
        "(module (type (func (result i32))) (import \"m\" \"f\" (func (type 1))))",
        "unknown type",
    );
}

#[test]
fn limits() {
    valid("(module (memory 0 65536))");
    invalid(
        "(module (memory 1 0))",
        "size minimum must not be greater than maximum",
    );
    invalid(
        "(module (memory 65537))",
        "memory size must be at most 65536 pages (4GiB)",
    );
    invalid(
        "(module (memory 0 65537))",
        "memory size must be at most 65536 pages (4GiB)",
    );
    invalid(
        "(module (table 1 0 funcref))",
        "size minimum must not be greater than maximum",
    );
    valid("(module (table 0 4294967295 funcref))");
}

#[test]
fn multiple_memories_and_tables() {
    invalid("(module (memory 1) (memory 1))", "multiple memories");
    invalid(
        "(module (import \"m\" \"m\" (memory 1)) (memory 1))",
        "multiple memories",
    );
    valid("(module (table 1 funcref) (table 1 externref))");
}

#[test]
fn exports() {
    valid("(module (func (export \"a\")) (global (export \"b\") (mut i32) (i32.const 0)))");
    invalid(
        "(module (func) (export \"a\" (func 0)) (export \"a\" (func 0)))",
        "duplicate export name",
    );
    invalid(
        "(module (func) (export \"a\" (func 1)))",
        "unknown function 1",
    );
    invalid("(module (export \"a\" (table 0)))", "unknown table 0");
    invalid("(module (export \"a\" (memory 0)))", "unknown memory 0");
    invalid("(module (export \"a\" (global 0)))", "unknown global 0");
}

#[test]
fn start() {
    valid("(module (func $s) (start $s))");
    invalid(
        "(module (func $s (result i32) i32.const 0) (start $s))",
        "start function",
    );
    invalid(
        "(module (func $s (param i32)) (start $s))",
        "start function",
    );
    invalid("(module (start 3))", "unknown function 3");
}

#[test]
fn element_segments() {
    valid("(module (table 2 funcref) (func $f) (elem (i32.const 1) $f))");
    valid("(module (table 2 externref) (elem (i32.const 1) externref (ref.null extern)))");
    invalid(
        "(module (func $f) (elem (i32.const 0) $f))",
        "unknown table",
    );
    invalid(
        "(module (table 1 funcref) (elem (i32.const 0) 0 0))",
        "unknown function",
    );
    invalid(
        "(module (table 1 funcref) (elem (i64.const 0)))",
        "type mismatch",
    );
    invalid(
        "(module (table 1 externref) (func $f) (elem (i32.const 0) funcref (ref.func $f)))",
        "type mismatch",
    );
    invalid(
        "(module (table 1 funcref) (elem (i32.const 0) funcref (ref.null extern)))",
        "type mismatch",
    );
}

#[test]
fn data_segments() {
    valid("(module (memory 1) (data (i32.const 0) \"abc\") (data \"passive\"))");
    invalid("(module (data (i32.const 0) \"\"))", "unknown memory 0");
    invalid(
        "(module (memory 1) (data (i64.const 0) \"\"))",
        "type mismatch",
    );
}

#[test]
fn inconsistent_lengths() {
    use brisk_parser::{FuncType, Module};
    // A function declared without a body.
    let module = Module {
        types: vec![FuncType::new([], [])],
        functions: vec![0],
        ..Module::default()
    };
    let e = brisk_validator::validate_module(module).unwrap_err();
    assert!(e.is_malformed());
    assert_eq!(
        e.message(),
        "function and code section have inconsistent lengths"
    );
}
