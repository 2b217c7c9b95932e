//! The runtime's one error type.
//!
//! Compilation errors come from the validator (with the spec's wording
//! and byte offset), link errors name the import's module and field and
//! both types, and a trap during instantiation or a call is a
//! [`Trap`](crate::Trap) with its wasm backtrace.
//!
//! A host function's error travels inside the trap: a closure returning
//! `Err(e)` (an [`enum@Error`], e.g. [`Error::new`]`(my_error)` or
//! [`Error::msg`]) makes the call trap with a [`Trap`](crate::Trap)
//! carrying `e`, and the embedder gets it back with
//! [`Error::downcast_ref`]. A trap the host function got from calling
//! back into wasm and returned with `?` passes through unchanged (its code
//! kept), so "out of fuel" or "interrupted" stay what they are.
//!
//! ```
//! use brisk_runtime::{Engine, Error, Func, Store};
//!
//! #[derive(Debug)]
//! struct Quota(u32);
//! impl std::fmt::Display for Quota {
//!     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
//!         write!(f, "quota of {} exceeded", self.0)
//!     }
//! }
//! impl std::error::Error for Quota {}
//!
//! let mut store = Store::new(&Engine::default(), ());
//! let f = Func::wrap(&mut store, || -> Result<(), Error> { Err(Error::new(Quota(3))) });
//! let err = f.call(&mut store, &[], &mut []).unwrap_err();
//! assert!(err.as_trap().is_some());
//! assert_eq!(err.downcast_ref::<Quota>().map(|q| q.0), Some(3));
//! assert_eq!(err.to_string(), "quota of 3 exceeded");
//! ```

use thiserror::Error;

/// Anything the embedding API can fail with.
#[derive(Debug, Error)]
pub enum Error {
    /// The module did not decode or validate.
    #[error(transparent)]
    Compile(#[from] brisk_validator::Error),
    /// The compiled tier could not compile the module (or does not run on
    /// this host).
    #[error(transparent)]
    Codegen(#[from] brisk_aot::CompileError),
    /// An AOT artifact was refused: damaged, or compiled by another
    /// version, for another target or CPU, or with other settings.
    #[error(transparent)]
    Artifact(#[from] brisk_aot::ArtifactError),
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
    #[error(
        "unknown import: `{module}::{field}` has not been defined (expected {expected}, found nothing)"
    )]
    UnknownImport {
        /// Import module name.
        module: String,
        /// Import field name.
        field: String,
        /// The type the module declares for it.
        expected: String,
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
    /// An error of the embedder's (typically returned by a host function).
    #[error(transparent)]
    Host(Box<dyn std::error::Error + Send + Sync>),
}

/// A guest's request to end the program with a status (WASI's
/// `proc_exit`): a host function returns `Err(Error::new(I32Exit(n)))`,
/// which unwinds wasm like a trap, and the embedder reads the status with
/// [`Error::exit_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct I32Exit(pub i32);

impl std::fmt::Display for I32Exit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit with status {}", self.0)
    }
}

impl std::error::Error for I32Exit {}

/// `Result` with [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

type DynError = dyn std::error::Error + Send + Sync + 'static;

impl Error {
    /// Wraps an embedder's error (to return from a host function).
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::Host(Box::new(e))
    }

    /// An error with just a message.
    pub fn msg(message: impl std::fmt::Display) -> Error {
        Error::Host(message.to_string().into())
    }

    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&brisk_vm::Trap> {
        match self {
            Error::Trap(t) => Some(t),
            _ => None,
        }
    }

    /// Whether this is a resource limit of the store being hit rather than
    /// a fault of the guest: out of fuel, interrupted (or past the
    /// deadline), or a memory or table over the store's limits at
    /// instantiation. (`memory.grow` past a limit is not an error: it
    /// returns -1 to the guest.)
    pub fn is_limit(&self) -> bool {
        matches!(
            self.trap_code(),
            Some(brisk_vm::TrapCode::OutOfFuel | brisk_vm::TrapCode::Interrupted)
        ) || matches!(
            self,
            Error::Vm(brisk_vm::Error::MemoryLimit { .. } | brisk_vm::Error::TableLimit { .. })
        )
    }

    /// The exit status, if the guest asked to exit: a host function (WASI's
    /// `proc_exit`) returned [`I32Exit`]. This is not a fault; a command
    /// line host exits with the status.
    pub fn exit_code(&self) -> Option<i32> {
        self.downcast_ref::<I32Exit>().map(|e| e.0)
    }

    /// The trap code, if this error is a trap with one (not a host error).
    pub fn trap_code(&self) -> Option<brisk_vm::TrapCode> {
        self.as_trap().and_then(|t| t.code())
    }

    /// The embedder's error of type `E` inside this error: a host error
    /// ([`Error::Host`]), or the error a host function returned, carried
    /// by a trap (looking through nested traps of re-entrant calls).
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        fn inner<E: std::error::Error + 'static>(e: &DynError) -> Option<&E> {
            if let Some(found) = e.downcast_ref::<E>() {
                return Some(found);
            }
            if let Some(err) = e.downcast_ref::<Error>() {
                return err.downcast_ref::<E>();
            }
            e.downcast_ref::<brisk_vm::Trap>()
                .and_then(|t| t.host_error())
                .and_then(inner::<E>)
        }
        match self {
            Error::Host(e) => inner::<E>(&**e),
            Error::Trap(t) => t.host_error().and_then(inner::<E>),
            _ => None,
        }
    }
}

impl From<Error> for brisk_vm::Trap {
    /// A trap carrying `e`; a trap stays itself.
    fn from(e: Error) -> brisk_vm::Trap {
        match e {
            Error::Trap(t) => t,
            e => brisk_vm::Trap::host(Box::new(e)),
        }
    }
}
