//! Blocks, branches, calls, `drop` and `select`.

use crate::support::{invalid, invalid_func, valid, valid_func};

#[test]
fn blocks_and_results() {
    valid_func("(result i32) (block (result i32) i32.const 1)");
    valid_func("(result i32) (loop (result i32) i32.const 1)");
    valid_func(
        "(result i32) (if (result i32) (i32.const 1) (then i32.const 2) (else i32.const 3))",
    );
    invalid_func("(result i32) (block (result i32))", "type mismatch");
    invalid_func("(block (result i32) i64.const 1)", "type mismatch");
    invalid_func("(block i32.const 1)", "type mismatch");
    invalid_func(
        "(result i32) (block (result i32) i32.const 1 i32.const 2)",
        "type mismatch",
    );
}

#[test]
fn multi_value_blocks() {
    valid(
        "(module (type $t (func (param i32) (result i32 i32)))
           (func (result i32 i32) i32.const 1 (block (type $t) i32.const 2)))",
    );
    valid(
        "(module (func (result i32) i32.const 1 i32.const 2
            (block (param i32 i32) (result i32) i32.add)))",
    );
    invalid(
        "(module (func (result i32) i32.const 1 (block (param i32 i32) (result i32) i32.add)))",
        "type mismatch",
    );
    // Block type index out of range.
    let bytes = [
        0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // header
        1, 4, 1, 0x60, 0, 0, // type section: [] -> []
        3, 2, 1, 0, // function section
        10, 7, 1, 5, 0, 0x02, 0x05, 0x0b, 0x0b, // block (type 5) end end
    ];
    let e = crate::support::validate_bytes_with(&bytes, Default::default()).unwrap_err();
    assert!(e.message().contains("unknown type"), "{e:?}");
}

#[test]
fn if_without_else() {
    valid_func("(if (i32.const 1) (then nop))");
    valid_func("(result i32) i32.const 5 (if (param i32) (result i32) (i32.const 1) (then))");
    invalid_func(
        "(result i32) (if (result i32) (i32.const 1) (then i32.const 1))",
        "type mismatch",
    );
    invalid_func("(if (i64.const 1) (then nop))", "type mismatch");
}

#[test]
fn else_branch() {
    invalid_func(
        "(result i32) (if (result i32) (i32.const 1) (then i32.const 1) (else i64.const 1))",
        "type mismatch",
    );
    invalid_func(
        "(if (i32.const 1) (then i32.const 1) (else))",
        "type mismatch",
    );
}

#[test]
fn branches() {
    valid_func("(block br 0)");
    valid_func("(result i32) (block (result i32) i32.const 1 br 0)");
    valid_func("(result i32) (loop (result i32) br 0)");
    valid_func(
        "(result i32) i32.const 7 (block (param i32) (result i32) (loop (param i32) (result i32) br 0))",
    );
    valid_func("(result i32) (block (result i32) i32.const 1 i32.const 0 br_if 0)");
    invalid_func("(block (br 2))", "unknown label");
    invalid_func("br 1", "unknown label: branch depth 1 too large");
    invalid_func("(result i32) (block (result i32) br 0)", "type mismatch");
    invalid_func("(block (br_if 0 (i64.const 0)))", "type mismatch");
}

#[test]
fn br_table() {
    valid_func("(block (block (br_table 0 1 0 (i32.const 3))))");
    valid_func(
        "(result i32) (block (result i32) (block (result i32) i32.const 1 i32.const 0 br_table 0 1))",
    );
    invalid_func("(block (br_table 0 2 (i32.const 3)))", "unknown label");
    invalid_func("(block (br_table 2 0 (i32.const 3)))", "unknown label");
    invalid_func(
        "(block (result i32) (block (result i64) unreachable br_table 0 1)) drop",
        "type mismatch",
    );
    invalid_func(
        "(block (result i32) (block i32.const 0 i32.const 0 br_table 0 1)) drop",
        "type mismatch",
    );
    // Repeated labels with values (checked once per distinct label).
    valid_func(
        "(result i32) (block (result i32) (block (result i32) i32.const 1 i32.const 0 br_table 0 1 0 1 1 0))",
    );
    invalid_func(
        "(block (result i32) (block (result i64) i64.const 1 i32.const 0 br_table 0 0 1 0)) drop",
        "type mismatch",
    );
    // Labels of different types with the same arity are fine in
    // unreachable code (the operand is bottom).
    valid_func(
        "(block (result f64) (block (result f32) unreachable (br_table 0 1 1 (i32.const 1))) drop f64.const 0) drop",
    );
}

#[test]
fn unreachable_makes_the_stack_polymorphic() {
    valid_func("(result i32) unreachable");
    valid_func("(result i32) unreachable i32.add");
    valid_func("(result f64) unreachable select");
    valid_func("(result i64) i64.const 0 return i64.const 1 i64.add");
    valid_func("(block br 0 i32.add drop)");
    invalid_func(
        "(result i32) unreachable i64.const 1 i32.add",
        "type mismatch",
    );
    invalid_func("unreachable i32.const 1", "type mismatch");
    // The polymorphism ends with the block.
    invalid_func("(block unreachable) i32.add drop", "type mismatch");
}

#[test]
fn returns() {
    valid_func("(result i32) i32.const 1 return");
    invalid_func("(result i32) return", "type mismatch");
    invalid_func("(result i32) f32.const 1 return", "type mismatch");
}

#[test]
fn calls() {
    valid(
        "(module (func $f (param i32 f64) (result i64) i64.const 0)
           (func (result i64) i32.const 1 f64.const 2 call $f))",
    );
    invalid(
        "(module (func $f (param i32 f64)) (func i32.const 1 call $f))",
        "type mismatch",
    );
    invalid("(module (func call 7))", "unknown function 7");
}

#[test]
fn call_indirect() {
    valid(
        "(module (type $t (func (param i32) (result i32))) (table 1 funcref)
           (func (result i32) i32.const 1 i32.const 0 call_indirect (type $t)))",
    );
    invalid(
        "(module (type $t (func)) (func i32.const 0 call_indirect (type $t)))",
        "unknown table",
    );
    invalid(
        "(module (type $t (func (param i32))) (table 1 funcref)
           (func i32.const 0 call_indirect (type $t)))",
        "type mismatch",
    );
    invalid(
        "(module (type $t (func)) (table 1 externref) (func i32.const 0 call_indirect (type $t)))",
        "type mismatch",
    );
}

#[test]
fn drop_and_select() {
    valid_func("i32.const 1 drop");
    invalid_func("drop", "type mismatch");
    valid_func("(result i64) i64.const 1 i64.const 2 i32.const 0 select");
    valid_func(
        "(result v128) v128.const i32x4 0 0 0 0 v128.const i32x4 0 0 0 0 i32.const 0 select",
    );
    invalid_func(
        "(result i64) i64.const 1 i32.const 2 i32.const 0 select",
        "type mismatch",
    );
    invalid_func(
        "(result funcref) ref.null func ref.null func i32.const 0 select",
        "type mismatch",
    );
    valid_func("(result funcref) ref.null func ref.null func i32.const 0 select (result funcref)");
    invalid_func(
        "(result funcref) ref.null func ref.null extern i32.const 0 select (result funcref)",
        "type mismatch",
    );
    invalid_func(
        "unreachable select (result i32 i32) drop",
        "invalid result arity",
    );
}

#[test]
fn trailing_values() {
    invalid_func("i32.const 1", "type mismatch");
    invalid_func("(result i32) i32.const 1 i32.const 2", "type mismatch");
}
