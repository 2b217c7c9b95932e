//! Decoding errors found while validating function bodies: they make the
//! module malformed, not invalid. Inputs are the spec testsuite's.

use brisk_parser::{FuncType, FunctionBody, Module, ValType};

use crate::support::malformed_bytes;

const HEADER: [u8; 8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];

fn module(sections: &[&[u8]]) -> Vec<u8> {
    let mut bytes = HEADER.to_vec();
    for s in sections {
        bytes.extend_from_slice(s);
    }
    bytes
}

const ONE_TYPE: &[u8] = &[1, 4, 1, 0x60, 0, 0];

#[test]
fn missing_end_between_bodies() {
    let bytes = module(&[
        ONE_TYPE,
        &[3, 3, 2, 0, 0],
        &[10, 0x0c, 2, 4, 0, 0x41, 1, 0x1a, 5, 0, 0x41, 1, 0x1a, 0x0b],
    ]);
    malformed_bytes(&bytes, "END opcode expected");
}

#[test]
fn missing_end_at_end_of_module() {
    let bytes = module(&[ONE_TYPE, &[3, 2, 1, 0], &[10, 6, 1, 4, 0, 0x41, 1, 0x1a]]);
    malformed_bytes(&bytes, "unexpected end of section or function");
}

#[test]
fn missing_end_before_another_section() {
    let bytes = module(&[
        ONE_TYPE,
        &[3, 2, 1, 0],
        &[10, 6, 1, 4, 0, 0x41, 1, 0x1a],
        &[11, 3, 1, 1, 0],
    ]);
    malformed_bytes(&bytes, "section size mismatch");
}

#[test]
fn truncated_immediate() {
    // `i32.const` with its LEB cut off by the end of the body.
    let bytes = module(&[ONE_TYPE, &[3, 2, 1, 0], &[10, 5, 1, 3, 0, 0x41, 0x80]]);
    malformed_bytes(&bytes, "unexpected end");
}

#[test]
fn operators_after_end() {
    let bytes = module(&[ONE_TYPE, &[3, 2, 1, 0], &[10, 5, 1, 3, 0, 0x0b, 0x01]]);
    malformed_bytes(&bytes, "operators remaining after end of function");
}

#[test]
fn illegal_opcodes() {
    let bytes = module(&[ONE_TYPE, &[3, 2, 1, 0], &[10, 5, 1, 3, 0, 0xff, 0x0b]]);
    malformed_bytes(&bytes, "illegal opcode 0xff");
    let bytes = module(&[
        ONE_TYPE,
        &[3, 2, 1, 0],
        &[10, 7, 1, 5, 0, 0xfc, 0x7f, 0x0b, 0x0b],
    ]);
    malformed_bytes(&bytes, "illegal opcode 0xfc 127");
}

#[test]
fn too_many_locals_with_params() {
    // 1000 parameters plus 49,500 declared locals exceed 50,000.
    let body = [1, 0xdc, 0x82, 0x03, 0x7f, 0x0b];
    let module = Module {
        types: vec![FuncType::new(vec![ValType::I32; 1000], [])],
        functions: vec![0],
        code: vec![FunctionBody::new(&body, 0, Default::default())],
        ..Module::default()
    };
    let e = brisk_validator::validate_module(module).unwrap_err();
    assert!(e.is_malformed(), "{e:?}");
    assert_eq!(e.message(), "too many locals");
}
