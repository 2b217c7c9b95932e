//! Loads, stores and memory instructions.

use crate::support::{invalid, invalid_func, malformed_bytes, valid, valid_func, wat};

#[test]
fn loads_and_stores() {
    valid_func("(result i32) i32.const 0 i32.load");
    valid_func("(result i64) i32.const 0 i64.load32_u offset=8 align=4");
    valid_func("i32.const 0 f64.const 1 f64.store");
    valid_func("i32.const 0 i64.const 1 i64.store8");
    invalid_func("(result i32) i64.const 0 i32.load", "type mismatch");
    invalid_func("i32.const 0 i32.const 1 f32.store", "type mismatch");
    invalid_func("(result i64) i32.const 0 i32.load", "type mismatch");
}

#[test]
fn unknown_memory() {
    invalid(
        "(module (func (drop (f32.load (i32.const 0)))))",
        "unknown memory 0",
    );
    invalid(
        "(module (func (i32.store8 (i32.const 0) (i32.const 0))))",
        "unknown memory",
    );
    invalid("(module (func (drop (memory.size))))", "unknown memory");
    invalid(
        "(module (func (drop (memory.grow (i32.const 0)))))",
        "unknown memory",
    );
    invalid(
        "(module (func (memory.copy (i32.const 10) (i32.const 20) (i32.const 30))))",
        "unknown memory 0",
    );
    invalid(
        "(module (func (memory.fill (i32.const 10) (i32.const 20) (i32.const 30))))",
        "unknown memory 0",
    );
}

#[test]
fn alignment() {
    valid_func("(result i32) i32.const 0 i32.load16_u align=2");
    invalid_func(
        "(result i32) i32.const 0 i32.load align=8",
        "alignment must not be larger than natural",
    );
    invalid_func(
        "(result i32) i32.const 0 i32.load8_s align=2",
        "alignment must not be larger than natural",
    );
    invalid_func(
        "i32.const 0 i64.const 0 i64.store32 align=8",
        "alignment must not be larger than natural",
    );
    invalid_func(
        "(result v128) i32.const 0 v128.load align=32",
        "alignment must not be larger than natural",
    );
}

#[test]
fn size_and_grow() {
    valid_func("(result i32) memory.size");
    valid_func("(result i32) i32.const 1 memory.grow");
    invalid_func("(result i32) i64.const 1 memory.grow", "type mismatch");
}

#[test]
fn bulk_memory() {
    valid(
        "(module (memory 1) (data \"abc\")
           (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 3)) (data.drop 0)))",
    );
    valid_func("(memory.copy (i32.const 0) (i32.const 1) (i32.const 2))");
    valid_func("(memory.fill (i32.const 0) (i32.const 1) (i32.const 2))");
    invalid_func(
        "(memory.fill (i32.const 0) (i64.const 1) (i32.const 2))",
        "type mismatch",
    );
    invalid(
        "(module (memory 1) (data \"a\")
           (func (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 0))))",
        "unknown data segment 1",
    );
    invalid("(module (func (data.drop 0)))", "unknown data segment");
    invalid(
        "(module (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))) (data \"\"))",
        "unknown memory 0",
    );
}

/// Strips the data count section (id 12) out of a module.
fn without_data_count(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes[..8].to_vec();
    let mut i = 8;
    while i < bytes.len() {
        let id = bytes[i];
        // Section sizes in these small modules fit one LEB byte.
        let size = bytes[i + 1] as usize;
        assert!(size < 0x80);
        if id != 12 {
            out.extend_from_slice(&bytes[i..i + 2 + size]);
        }
        i += 2 + size;
    }
    out
}

#[test]
fn data_count_required() {
    let bytes = wat("(module (memory 1) (func (data.drop 0)) (data \"\"))");
    malformed_bytes(&without_data_count(&bytes), "data count section required");
    let bytes = wat(
        "(module (memory 1) (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))) (data \"\"))",
    );
    malformed_bytes(&without_data_count(&bytes), "data count section required");
}
