//! The runtime's one error type.
//!
//! Compilation errors come from the validator (with the spec's wording
//! and byte offset), link errors name the import's module and field and
//! both types, and a trap during instantiation or a call is a
//! [`Trap`](crate::Trap) with its wasm backtrace.

use thiserror::Error;

/// Anything the embedding API can fail with.
#[derive(Debug, Error)]
pub enum Error {
    /// The module did not decode or validate.
    #[error(transparent)]
    Compile(#[from] brisk_validator::Error),
    /// The `.wat` text did not parse.
    #[error("{0}")]
    Wat(String),
    /// Reading a module file failed.
    #[error("failed to read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// An import is not defined.
    #[error("unknown import: `{module}::{field}` has not been defined")]
    UnknownImport {
        /// Import module name.
        module: String,
        /// Import field name.
        field: String,
    },
    /// An import is defined with the wrong type.
    #[error("incompatible import type for `{module}::{field}`: expected {expected}, found {found}")]
    IncompatibleImport {
        /// Import module name.
        module: String,
        /// Import field name.
        field: String,
        /// What the module declares.
        expected: String,
        /// What was supplied.
        found: String,
    },
    /// Wasm trapped (during instantiation or a call).
    #[error(transparent)]
    Trap(#[from] brisk_vm::Trap),
    /// The vm could not build something (memory reservation, limits).
    #[error(transparent)]
    Vm(#[from] brisk_vm::Error),
    /// Arguments or results do not match the function's type.
    #[error("type mismatch: {0}")]
    TypeMismatch(String),
    /// Setting an immutable global, or similar misuse.
    #[error("{0}")]
    Invalid(String),
}

/// `Result` with [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&brisk_vm::Trap> {
        match self {
            Error::Trap(t) => Some(t),
            _ => None,
        }
    }
}
