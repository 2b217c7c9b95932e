//! # brisk — a WebAssembly engine for running untrusted code fast
//!
//! The crate users add: the embedding API of `brisk-runtime` (shaped like
//! wasmtime's: [`Engine`], [`Module`], [`Store`], [`Linker`],
//! [`Instance`], [`Func`]/[`TypedFunc`], [`Memory`], [`Table`],
//! [`Global`], host functions with a [`Caller`]), per-store limits (fuel,
//! interruption and deadlines, memory and table sizes), and the front end
//! (decoding and validating modules) on its own.
//!
//! ```text
//! bytes ─parser─▶ Module ─validator─▶ ValidatedModule ─▶ interpreter (AOT later)
//!                                                           ▲
//! Engine ─▶ Module::new ─▶ Linker::instantiate(&mut Store<T>) ─▶ Instance ─▶ TypedFunc::call
//! ```
//!
//! A host function reads the guest's memory through its [`Caller`], and a
//! fuel budget bounds what the guest may run:
//!
//! ```
//! use brisk::{Caller, Config, Engine, Linker, Module, Store, TrapCode};
//!
//! let mut config = Config::new();
//! config.consume_fuel(true);
//! let engine = Engine::new(&config);
//! let module = Module::new(&engine, r#"(module
//!     (import "host" "print" (func $print (param i32 i32)))
//!     (memory (export "memory") 1)
//!     (data (i32.const 0) "hello from wasm")
//!     (func (export "greet") (call $print (i32.const 0) (i32.const 15)))
//!     (func (export "spin") (loop (br 0))))"#)?;
//!
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "print",
//!     |mut caller: Caller<'_, Vec<String>>, ptr: u32, len: u32| -> brisk::runtime::Result<()> {
//!         let memory = caller.get_export("memory").and_then(|e| e.into_memory())
//!             .ok_or_else(|| brisk::runtime::Error::msg("guest exports no memory"))?;
//!         let mut text = vec![0; len as usize];
//!         memory.read(&caller, ptr as usize, &mut text)?;
//!         caller.data_mut().push(String::from_utf8_lossy(&text).into_owned());
//!         Ok(())
//!     });
//!
//! let mut store = Store::new(&engine, Vec::new());
//! store.set_fuel(10_000)?;
//! let instance = linker.instantiate(&mut store, &module)?;
//! instance.get_typed_func::<(), ()>(&mut store, "greet")?.call(&mut store, ())?;
//! assert_eq!(store.data(), &["hello from wasm"]);
//!
//! // An infinite loop stops when the fuel runs out; the store stays usable.
//! let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
//! let err = spin.call(&mut store, ()).unwrap_err();
//! assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
//! assert_eq!(store.get_fuel()?, 0);
//! store.set_fuel(100)?;
//! instance.get_typed_func::<(), ()>(&mut store, "greet")?.call(&mut store, ())?;
//! assert_eq!(store.data().len(), 2);
//! # Ok::<(), brisk::Error>(())
//! ```
//!
//! - [`wasi`] is `brisk-wasi`: WASI preview1 as a host module, with a
//!   capability sandbox (nothing granted by default).
//! - [`runtime`] is `brisk-runtime`, re-exported item by item here;
//!   [`runtime::limits`] documents every limit, [`runtime::caller`] host
//!   functions, [`runtime::host_module`] host modules.
//! - [`parser`] is `brisk-parser`: bytes to [`parser::Module`], the
//!   [`Features`] set and the opcode table.
//! - [`validator`] is `brisk-validator`: `Module` to [`ValidatedModule`],
//!   with what the backends need to know per function.
//! - [`validate`] does both, with WebAssembly 2.0 ([`Features::default`]);
//!   [`validate_with_features`] takes another feature set.
//! - [`Error`] is the one error type of the facade: it wraps each crate's
//!   error (`From`), so `?` works across all of them.
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
pub use brisk_runtime::aot;
pub use brisk_validator as validator;
/// WASI preview1 (`brisk-wasi`): [`wasi::WasiCtxBuilder`] grants a guest
/// its arguments, environment, stdio and preopened directories;
/// [`wasi::add_to_linker`] links the `wasi_snapshot_preview1` functions.
pub use brisk_wasi as wasi;

pub use brisk_parser::{Features, ParseError};
pub use brisk_runtime::{
    AsContext, AsContextMut, Caller, Config, Engine, Extern, ExternRef, Func, Global, Instance,
    InterruptHandle, Linker, Memory, Module, Store, StoreContext, StoreContextMut, StoreLimits,
    StoreLimitsBuilder, Table, Trap, TrapCode, TypedFunc, Val,
};
pub use brisk_validator::ValidatedModule;

use std::borrow::Cow;

/// Every error brisk returns, whichever stage found it.
///
/// Each variant wraps one crate's error type and converts from it
/// (`From`), so code that calls the crates directly can still use `?`
/// into a `brisk::Error`. The enum is `#[non_exhaustive]`: WASI and the
/// compiled tier will add theirs.
///
/// `Display` is the wrapped error's, e.g.
/// `offset 0x1a3: type mismatch: expected i32, found f64`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes did not decode ([`brisk_parser::parse`]).
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// Decoding or validation failed ([`validate`]); the wrapped error
    /// tells a malformed module from an invalid one.
    #[error(transparent)]
    Validation(#[from] brisk_validator::Error),
    /// The embedding API failed: a module that does not compile, a link
    /// error, a limit, a trap (boxed, so `Result` stays small).
    #[error(transparent)]
    Runtime(Box<brisk_runtime::Error>),
}

impl From<brisk_runtime::Error> for Error {
    fn from(e: brisk_runtime::Error) -> Error {
        Error::Runtime(Box::new(e))
    }
}

impl Error {
    /// Whether the module is malformed (does not decode), as opposed to
    /// invalid (decodes but does not type-check). This is the distinction
    /// the spec testsuite's `assert_malformed` and `assert_invalid` draw.
    pub fn is_malformed(&self) -> bool {
        match self {
            Error::Parse(_) => true,
            Error::Validation(e) => e.is_malformed(),
            Error::Runtime(e) => {
                matches!(&**e, brisk_runtime::Error::Compile(v) if v.is_malformed())
            }
        }
    }

    /// Byte offset in the module where the problem was found, when the
    /// error is about a module's bytes.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Error::Parse(e) => Some(e.offset()),
            Error::Validation(e) => Some(e.offset()),
            Error::Runtime(e) => match &**e {
                brisk_runtime::Error::Compile(v) => Some(v.offset()),
                _ => None,
            },
        }
    }

    /// The message without the offset, in the specification's words
    /// (`"unexpected end"`, `"type mismatch: ..."`); for other runtime
    /// errors, their `Display`.
    pub fn message(&self) -> Cow<'_, str> {
        match self {
            Error::Parse(e) => Cow::Borrowed(e.message()),
            Error::Validation(e) => Cow::Borrowed(e.message()),
            Error::Runtime(e) => match &**e {
                brisk_runtime::Error::Compile(v) => Cow::Borrowed(v.message()),
                other => Cow::Owned(other.to_string()),
            },
        }
    }

    /// The trap, if this error is one.
    pub fn as_trap(&self) -> Option<&Trap> {
        match self {
            Error::Runtime(e) => e.as_trap(),
            _ => None,
        }
    }

    /// The trap code, if this error is a trap with one.
    pub fn trap_code(&self) -> Option<TrapCode> {
        self.as_trap().and_then(Trap::code)
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
    fn runtime_errors_convert() {
        let engine = Engine::default();
        let e = Error::from(Module::new(&engine, b"\0asm\x01\0\0").unwrap_err());
        assert!(e.is_malformed());
        assert_eq!(e.message(), "unexpected end");
        let e = Error::from(brisk_runtime::Error::from(Trap::new(TrapCode::Unreachable)));
        assert_eq!(e.trap_code(), Some(TrapCode::Unreachable));
        assert_eq!(e.message(), "unreachable");
        assert_eq!(e.offset(), None);
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
