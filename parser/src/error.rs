//! Decode errors.
//!
//! A [`ParseError`] is one pointer wide (the payload is boxed) so that
//! `Result<T, ParseError>` stays small on the hot decoding paths; its
//! constructors are `#[cold]`. Messages use the specification's wording
//! ("unexpected end", "integer too large", "malformed section id", ...) so
//! that `assert_malformed` expectations in the spec testsuite match them by
//! substring.

use std::borrow::Cow;
use std::fmt;

/// A malformed-module error: what is wrong and the byte offset where it was
/// found (from the start of the module's bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct ParseError {
    inner: Box<Inner>,
}

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    offset: usize,
    message: Cow<'static, str>,
    needed_more: bool,
}

/// `Result` with [`ParseError`].
pub type Result<T, E = ParseError> = std::result::Result<T, E>;

impl ParseError {
    /// An error with a fixed message at `offset`.
    #[cold]
    pub fn new(message: &'static str, offset: usize) -> Self {
        Self::with_message(Cow::Borrowed(message), offset)
    }

    /// An error with a formatted message at `offset`.
    #[cold]
    pub fn fmt(args: fmt::Arguments<'_>, offset: usize) -> Self {
        Self::with_message(Cow::Owned(args.to_string()), offset)
    }

    #[cold]
    fn with_message(message: Cow<'static, str>, offset: usize) -> Self {
        ParseError {
            inner: Box::new(Inner {
                offset,
                message,
                needed_more: false,
            }),
        }
    }

    /// The input ended before a complete item could be read.
    #[cold]
    pub fn eof(offset: usize) -> Self {
        let mut e = Self::new("unexpected end", offset);
        e.inner.needed_more = true;
        e
    }

    /// Byte offset of the error from the start of the module.
    pub fn offset(&self) -> usize {
        self.inner.offset
    }

    /// The message, without the offset.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// Whether the error only says the input ended too early (more bytes
    /// could make it decode).
    pub fn is_eof(&self) -> bool {
        self.inner.needed_more
    }

    /// Replaces the message, keeping the offset (used where a caller knows a
    /// more specific wording, e.g. "unexpected end of section or function").
    #[cold]
    pub fn with_context(mut self, message: &'static str) -> Self {
        self.inner.message = Cow::Borrowed(message);
        self
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "offset {:#x}: {}", self.inner.offset, self.inner.message)
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_stays_one_word() {
        assert_eq!(
            std::mem::size_of::<ParseError>(),
            std::mem::size_of::<usize>()
        );
        assert_eq!(
            std::mem::size_of::<Result<u32>>(),
            2 * std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn display_has_offset_and_message() {
        let e = ParseError::new("integer too large", 0x1a3);
        assert_eq!(e.to_string(), "offset 0x1a3: integer too large");
        assert!(!e.is_eof());
        assert!(ParseError::eof(3).is_eof());
    }
}
