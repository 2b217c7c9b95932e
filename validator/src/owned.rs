//! A validated module that owns its bytes.
//!
//! [`ValidatedModule`] borrows the input (names, constant expressions,
//! function bodies and data stay slices of it), which is what decoding
//! wants. An engine wants the opposite: a `Module` it can keep in an
//! `Arc`, share between threads and translate lazily long after the caller
//! dropped its buffer. [`OwnedModule`] is both at once: the bytes, and the
//! validated module borrowing them, in one value. The self-reference is
//! `self_cell`'s job (a small, widely used crate that does exactly this),
//! so no `unsafe` is written here.
//!
//! ```
//! let wasm = wat::parse_str(r#"(module (func (export "f") (result i32) i32.const 7))"#)?;
//! let owned = brisk_validator::OwnedModule::new(wasm)?;
//! let valid = owned.validated();
//! assert_eq!(valid.module.exports[0].name, "f");
//! assert_eq!(valid.functions.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::{Features, Result, ValidatedModule, validate_with_features};

self_cell::self_cell!(
    struct Cell {
        owner: Box<[u8]>,
        #[covariant]
        dependent: ValidatedModule,
    }
    impl {Debug}
);

/// The bytes of a module and its validated form, together; `Send + Sync`.
#[derive(Debug)]
pub struct OwnedModule(Cell);

impl OwnedModule {
    /// Decodes and validates `bytes` with WebAssembly 2.0 features.
    pub fn new(bytes: impl Into<Box<[u8]>>) -> Result<Self> {
        Self::with_features(bytes, Features::default())
    }

    /// Decodes and validates `bytes` with the given features.
    pub fn with_features(bytes: impl Into<Box<[u8]>>, features: Features) -> Result<Self> {
        Cell::try_new(bytes.into(), |bytes| {
            validate_with_features(bytes, features)
        })
        .map(Self)
    }

    /// Decodes and validates a module's declarations only (a module
    /// without its code section; see
    /// [`validate_declarations_only`](crate::validate_declarations_only)).
    /// Its [`validated`](Self::validated) form has no
    /// [`FuncInfo`](crate::FuncInfo)s: only a tier with code made
    /// elsewhere (an AOT artifact) can run it.
    pub fn declarations_only(bytes: impl Into<Box<[u8]>>, features: Features) -> Result<Self> {
        Cell::try_new(bytes.into(), |bytes| {
            crate::validate_declarations_only(bytes, features)
        })
        .map(Self)
    }

    /// The module's bytes.
    pub fn bytes(&self) -> &[u8] {
        self.0.borrow_owner()
    }

    /// The validated module, borrowing [`bytes`](Self::bytes).
    pub fn validated(&self) -> &ValidatedModule<'_> {
        self.0.borrow_dependent()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_send_and_sync() {
        fn check<T: Send + Sync + 'static>() {}
        check::<OwnedModule>();
    }

    #[test]
    fn errors_are_those_of_validate() {
        let err = OwnedModule::new(b"\0asm\x02\0\0\0".to_vec()).unwrap_err();
        assert!(err.is_malformed());
        assert_eq!(err.message(), "unknown binary version");
    }
}
