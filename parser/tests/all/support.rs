//! Helpers shared by the tests: building modules byte by byte, and the
//! two assertions everything reduces to.

use brisk_parser::Module;

/// Magic number and version 1.
pub const HEADER: &[u8] = b"\0asm\x01\0\0\0";

/// `n` as unsigned LEB128.
pub fn leb(mut n: u32) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// A length-prefixed name.
pub fn name(s: &str) -> Vec<u8> {
    let mut out = leb(s.len() as u32);
    out.extend_from_slice(s.as_bytes());
    out
}

/// A module of the given `(section id, payload)`s, sizes filled in.
pub fn module(sections: &[(u8, &[u8])]) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    for &(id, payload) in sections {
        out.push(id);
        out.extend(leb(payload.len() as u32));
        out.extend_from_slice(payload);
    }
    out
}

/// Concatenates byte strings.
pub fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// The binary of a `.wat` module.
pub fn wat(text: &str) -> Vec<u8> {
    wat::parse_str(text).expect("test module should assemble")
}

/// Asserts that `bytes` fail to decode with a message containing
/// `expected`; `at` names the case.
#[track_caller]
pub fn assert_malformed(at: &str, bytes: &[u8], expected: &str) {
    match brisk_parser::parse(bytes) {
        Ok(_) => panic!("{at}: decoded, expected {expected:?}"),
        Err(e) => assert!(
            e.message().contains(expected),
            "{at}: expected {expected:?}, got {e}"
        ),
    }
}

/// Asserts that `bytes` decode, and returns the module.
#[track_caller]
pub fn assert_parses<'a>(at: &str, bytes: &'a [u8]) -> Module<'a> {
    match brisk_parser::parse(bytes) {
        Ok(m) => m,
        Err(e) => panic!("{at}: {e}"),
    }
}
