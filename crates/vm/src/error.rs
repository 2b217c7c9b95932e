//! Why the vm could not build a memory, table or instance.
//!
//! These are resource and shape failures at instantiation time (traps are
//! [`Trap`](crate::Trap)s); the runtime wraps them in its own error.

use thiserror::Error;

/// A failure to create vm-level state.
#[derive(Debug, Error)]
pub enum Error {
    /// The operating system refused the address-space reservation.
    #[error("failed to reserve {bytes} bytes of address space for a linear memory: {source}")]
    Reserve {
        /// How much was asked for.
        bytes: usize,
        /// The OS error.
        source: std::io::Error,
    },
    /// Changing page protection failed.
    #[error("failed to change linear memory protection: {0}")]
    Protect(#[from] region::Error),
    /// A memory's initial size exceeds what it may ever have.
    #[error("memory minimum size of {pages} pages exceeds the limit of {limit} pages")]
    MemoryTooLarge {
        /// The requested initial size.
        pages: u64,
        /// The effective maximum.
        limit: u64,
    },
    /// A table's initial size exceeds the implementation limit or its
    /// memory could not be allocated.
    #[error("table minimum size of {elements} elements exceeds the limit of {limit} elements")]
    TableTooLarge {
        /// The requested initial size.
        elements: u64,
        /// The effective maximum.
        limit: u64,
    },
    /// A memory's minimum size exceeds the store's memory limit.
    #[error(
        "memory {index} needs {requested} bytes at instantiation, more than the store's limit of {allowed} bytes"
    )]
    MemoryLimit {
        /// The memory's index in its module.
        index: u32,
        /// Its minimum size in bytes.
        requested: u64,
        /// The store's limit in bytes.
        allowed: u64,
    },
    /// A table's minimum size exceeds the store's table limit.
    #[error(
        "table {index} needs {requested} elements at instantiation, more than the store's limit of {allowed} elements"
    )]
    TableLimit {
        /// The table's index in its module.
        index: u32,
        /// Its minimum size in elements.
        requested: u64,
        /// The store's limit in elements.
        allowed: u64,
    },
    /// A feature the vm does not implement yet.
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
    /// Allocation of an instance's context failed.
    #[error("out of memory allocating an instance")]
    OutOfMemory,
    /// An import does not match what the module declares.
    #[error("import #{index}: {message}")]
    Import {
        /// Index in the module's import section.
        index: u32,
        /// What is wrong.
        message: String,
    },
    /// A value is not valid where it was used (e.g. a function reference
    /// from another store, or a value of the wrong type for a global).
    #[error("invalid value: {0}")]
    InvalidValue(&'static str),
    /// An index is out of range.
    #[error("{0} index out of range")]
    OutOfRange(&'static str),
    /// Mapping or copying a memory image failed.
    #[error("failed to initialise a linear memory from its image: {0}")]
    Image(std::io::Error),
    /// The instance parameters disagree with the module shape.
    #[error("instance parameters do not match the module shape: {0}")]
    Shape(&'static str),
}
