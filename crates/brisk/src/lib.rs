//! # brisk — a WebAssembly engine for running untrusted code fast
//!
//! The crate users add. Today it exposes the front end: decoding and
//! validating modules. The embedding API (`Engine`, `Module`, `Store`,
//! `Linker`, `Instance`) and WASI arrive with the runtime and WASI issues
//! and will be re-exported from here.
//!
//! ```text
//! bytes ─parser─▶ Module ─validator─▶ ValidatedModule ─▶ (interpreter | AOT, later)
//! ```
//!
//! - [`parser`] is `brisk-parser`: bytes to [`parser::Module`], the
//!   [`Features`] set and the opcode table.
//! - [`validator`] is `brisk-validator`: `Module` to [`ValidatedModule`],
//!   with what the backends need to know per function.
//! - [`validate`] does both, with WebAssembly 2.0 ([`Features::default`]);
//!   [`validate_with_features`] takes another feature set.
//! - [`Error`] is the one error type of the facade: it wraps each crate's
//!   error (`#[from]`), so `?` works across all of them.
//!
//! ```
//! // (module (func (param i32) (result i32) local.get 0 i32.const 1 i32.add))
//! let wasm = [
//!     0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // header
//!     0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, // type 0: [i32] -> [i32]
//!     0x03, 0x02, 0x01, 0x00, // function 0 has type 0
//!     0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b, // code
//! ];
//! let valid = brisk::validate(&wasm)?;
//! assert_eq!(valid.functions.len(), 1);
//!
//! // `i32.add` (0x6a) replaced by `i64.add` (0x7c): decodes, but does not type-check.
//! let mut bad = wasm;
//! bad[29] = 0x7c;
//! let err = brisk::validate(&bad).unwrap_err();
//! assert!(!err.is_malformed());
//! assert!(err.message().starts_with("type mismatch"));
//!
//! // Not WebAssembly at all.
//! let err = brisk::validate(b"hello").unwrap_err();
//! assert!(err.is_malformed());
//! assert_eq!(err.message(), "magic header not detected");
//! # Ok::<(), brisk::Error>(())
//! ```
//!
//! The crate has no `unsafe`, and nothing reachable from input panics.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use brisk_parser as parser;
pub use brisk_runtime as runtime;
pub use brisk_validator as validator;

pub use brisk_parser::{Features, ParseError};
pub use brisk_validator::ValidatedModule;

/// Every error brisk returns, whichever stage found it.
///
/// Each variant wraps one crate's error type and converts from it
/// (`#[from]`), so code that calls the crates directly can still use `?`
/// into a `brisk::Error`. Runtime errors (link errors, traps) join when the
/// runtime lands; the enum is `#[non_exhaustive]` for that reason.
///
/// `Display` is the wrapped error's, e.g.
/// `offset 0x1a3: type mismatch: expected i32, found f64`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes did not decode ([`brisk_parser::parse`]).
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// Decoding or validation failed ([`validate`]); the wrapped error
    /// tells a malformed module from an invalid one.
    #[error(transparent)]
    Validation(#[from] brisk_validator::Error),
}

impl Error {
    /// Whether the module is malformed (does not decode), as opposed to
    /// invalid (decodes but does not type-check). This is the distinction
    /// the spec testsuite's `assert_malformed` and `assert_invalid` draw.
    pub fn is_malformed(&self) -> bool {
        match self {
            Error::Parse(_) => true,
            Error::Validation(e) => e.is_malformed(),
        }
    }

    /// Byte offset in the module where the problem was found, when the
    /// error is about a module's bytes.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Error::Parse(e) => Some(e.offset()),
            Error::Validation(e) => Some(e.offset()),
        }
    }

    /// The message without the offset, in the specification's words
    /// (`"unexpected end"`, `"type mismatch: ..."`).
    pub fn message(&self) -> &str {
        match self {
            Error::Parse(e) => e.message(),
            Error::Validation(e) => e.message(),
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Decodes and validates a module as WebAssembly 2.0.
///
/// The result borrows `bytes` (names, data segments and function bodies
/// are slices of it).
pub fn validate(bytes: &[u8]) -> Result<ValidatedModule<'_>> {
    Ok(brisk_validator::validate(bytes)?)
}

/// Decodes and validates a module with the given proposals enabled.
pub fn validate_with_features(bytes: &[u8], features: Features) -> Result<ValidatedModule<'_>> {
    Ok(brisk_validator::validate_with_features(bytes, features)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_stays_small() {
        assert!(std::mem::size_of::<Result<()>>() <= 2 * std::mem::size_of::<usize>());
    }

    #[test]
    fn errors_convert_and_keep_their_kind() {
        let parse = ParseError::new("unexpected end", 8);
        let e = Error::from(parse.clone());
        assert!(e.is_malformed());
        assert_eq!(e.offset(), Some(8));
        assert_eq!(e.to_string(), "offset 0x8: unexpected end");

        let e = Error::from(brisk_validator::Error::Malformed(parse));
        assert!(e.is_malformed());
        assert_eq!(e.message(), "unexpected end");
    }

    #[test]
    fn validate_reports_the_spec_wording() {
        let e = validate(b"\0asm\x01\0\0").unwrap_err();
        assert!(e.is_malformed());
        assert_eq!(e.message(), "unexpected end");
        let e = validate(b"\0asm\x02\0\0\0").unwrap_err();
        assert_eq!(e.message(), "unknown binary version");
        assert!(validate(b"\0asm\x01\0\0\0").is_ok());
        assert!(validate_with_features(b"\0asm\x01\0\0\0", Features::MVP).is_ok());
    }
}
