//! The error type's shape and wording.

use brisk_validator::Error;

use crate::support::check;

#[test]
fn result_is_at_most_two_words() {
    assert!(std::mem::size_of::<Result<(), Error>>() <= 16);
}

#[test]
fn display_offset_and_message() {
    let text = "(module (func (result i32) i32.const 1 f64.const 2 i32.add))";
    let e = check(text).unwrap_err();
    assert!(!e.is_malformed());
    assert_eq!(e.message(), "type mismatch: expected i32, found f64");
    // The offset is that of the `i32.add` opcode.
    let bytes = crate::support::wat(text);
    assert_eq!(bytes[e.offset()], 0x6a);
    assert_eq!(
        e.to_string(),
        format!("offset {:#x}: {}", e.offset(), e.message())
    );
    assert!(matches!(e, Error::Invalid(_)));
}

#[test]
fn errors_are_send_and_sync() {
    fn check<T: Send + Sync + std::error::Error>() {}
    check::<Error>();
}
