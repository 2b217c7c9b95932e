//! Validation errors.
//!
//! [`Error`] tells the two ways a module can be rejected apart, because the
//! spec testsuite does: `assert_malformed` expects a decoding failure
//! ([`Error::Malformed`], which wraps the parser's [`ParseError`]) and
//! `assert_invalid` a typing failure ([`Error::Invalid`]). Function bodies
//! and constant expressions are decoded here, during validation, so both
//! kinds come out of this crate.
//!
//! Both payloads are one boxed pointer, so `Result<(), Error>` is two words
//! on the hot path; every constructor is `#[cold]`. Messages use the
//! specification's wording ("type mismatch", "unknown local", ...) so the
//! spec runner can match them by substring.

use std::borrow::Cow;
use std::fmt;

use brisk_parser::ParseError;

/// Why a module was rejected.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The bytes do not decode (the spec's "malformed"): bad encodings,
    /// truncated function bodies, "data count section required", ...
    #[error("{0}")]
    Malformed(ParseError),
    /// The module decodes but does not type-check (the spec's "invalid").
    #[error("{0}")]
    Invalid(InvalidError),
}

impl Error {
    /// Byte offset of the error from the start of the module.
    pub fn offset(&self) -> usize {
        match self {
            Error::Malformed(e) => e.offset(),
            Error::Invalid(e) => e.offset(),
        }
    }

    /// The message, without the offset.
    pub fn message(&self) -> &str {
        match self {
            Error::Malformed(e) => e.message(),
            Error::Invalid(e) => e.message(),
        }
    }

    /// Whether the module is malformed (as opposed to invalid).
    pub fn is_malformed(&self) -> bool {
        matches!(self, Error::Malformed(_))
    }

    /// An [`Error::Invalid`] with a fixed message.
    #[cold]
    pub(crate) fn invalid(message: &'static str, offset: usize) -> Self {
        Error::Invalid(InvalidError::new(Cow::Borrowed(message), offset))
    }

    /// An [`Error::Invalid`] with a formatted message.
    #[cold]
    pub(crate) fn invalid_fmt(args: fmt::Arguments<'_>, offset: usize) -> Self {
        Error::Invalid(InvalidError::new(Cow::Owned(args.to_string()), offset))
    }

    /// An [`Error::Malformed`] with a fixed message.
    #[cold]
    pub(crate) fn malformed(message: &'static str, offset: usize) -> Self {
        Error::Malformed(ParseError::new(message, offset))
    }
}

impl From<ParseError> for Error {
    #[cold]
    fn from(e: ParseError) -> Self {
        Error::Malformed(e)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_malformed() {
            "malformed"
        } else {
            "invalid"
        };
        write!(f, "{kind}: {self}")
    }
}

/// A validation failure: what is wrong and the byte offset of the
/// instruction or module item where it was found.
#[derive(Clone, PartialEq, Eq)]
pub struct InvalidError {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    offset: usize,
    message: Cow<'static, str>,
}

impl InvalidError {
    #[cold]
    fn new(message: Cow<'static, str>, offset: usize) -> Self {
        InvalidError {
            inner: Box::new(Inner { offset, message }),
        }
    }

    /// Byte offset of the error from the start of the module.
    pub fn offset(&self) -> usize {
        self.inner.offset
    }

    /// The message, without the offset.
    pub fn message(&self) -> &str {
        &self.inner.message
    }
}

impl fmt::Display for InvalidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "offset {:#x}: {}", self.inner.offset, self.inner.message)
    }
}

impl fmt::Debug for InvalidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for InvalidError {}

/// The human name of a proposal, from the snake_case name the operator
/// table tags instructions with (`"bulk_memory"` -> `"bulk memory"`).
#[cold]
pub(crate) fn proposal_name(proposal: &'static str) -> &'static str {
    brisk_parser::Features::from_name(proposal)
        .and_then(|flag| flag.iter().find(|&(_, on)| on))
        .map_or(proposal, |(name, _)| name)
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_is_two_words() {
        assert_eq!(
            std::mem::size_of::<InvalidError>(),
            std::mem::size_of::<usize>()
        );
        assert!(std::mem::size_of::<Result<()>>() <= 16);
    }

    #[test]
    fn display_and_accessors() {
        let e = Error::invalid("type mismatch: expected i32, found f64", 0x1a3);
        assert_eq!(
            e.to_string(),
            "offset 0x1a3: type mismatch: expected i32, found f64"
        );
        assert_eq!(e.offset(), 0x1a3);
        assert!(!e.is_malformed());
        let m = Error::malformed("data count section required", 7);
        assert!(m.is_malformed());
        assert_eq!(m.message(), "data count section required");
        assert_eq!(
            format!("{m:?}"),
            "malformed: offset 0x7: data count section required"
        );
        assert_eq!(proposal_name("bulk_memory"), "bulk memory");
        assert_eq!(proposal_name("simd"), "SIMD");
        assert_eq!(proposal_name("nonsense"), "nonsense");
    }
}
