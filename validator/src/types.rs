//! The validator's own one-byte value type, and the checks that turn the
//! parser's [`ValType`]s into it.
//!
//! The operand stack is the hottest data structure of validation, so its
//! element is a one-byte `Copy` enum compared with a single instruction,
//! rather than the parser's [`ValType`] (which has room for the typed
//! references of later proposals). WebAssembly 2.0 has seven value types;
//! [`StackType::Bottom`] is the spec algorithm's `Unknown`, the type of a
//! value popped from the polymorphic stack of unreachable code, which
//! matches every type.
//!
//! Every [`ValType`] the module mentions is converted once, where it is
//! declared (types, locals, globals, tables, block types, `select`), and
//! the conversion is where feature gating of types happens: `v128` needs
//! SIMD, reference-typed values need reference types, and anything outside
//! 2.0 (non-nullable or concrete references) is rejected.

use std::fmt;

use brisk_parser::{Features, HeapType, RefType, ValType};

/// A value type as the validator tracks it. See the module docs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[repr(u8)]
pub(crate) enum StackType {
    I32 = 0,
    I64 = 1,
    F32 = 2,
    F64 = 3,
    V128 = 4,
    FuncRef = 5,
    ExternRef = 6,
    /// The spec's `Unknown`: matches anything.
    Bottom = 7,
}

impl StackType {
    /// The seven real types, in discriminant order: `ALL[t as usize] == t`.
    pub(crate) const ALL: [StackType; 7] = [
        StackType::I32,
        StackType::I64,
        StackType::F32,
        StackType::F64,
        StackType::V128,
        StackType::FuncRef,
        StackType::ExternRef,
    ];

    /// Whether this is a reference type (`Bottom` is not).
    #[inline]
    pub(crate) fn is_ref(self) -> bool {
        matches!(self, StackType::FuncRef | StackType::ExternRef)
    }

    /// The parser's type for it (`Bottom` has none).
    pub(crate) fn to_val_type(self) -> Option<ValType> {
        Some(match self {
            StackType::I32 => ValType::I32,
            StackType::I64 => ValType::I64,
            StackType::F32 => ValType::F32,
            StackType::F64 => ValType::F64,
            StackType::V128 => ValType::V128,
            StackType::FuncRef => ValType::FUNCREF,
            StackType::ExternRef => ValType::EXTERNREF,
            StackType::Bottom => return None,
        })
    }
}

impl fmt::Display for StackType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_val_type() {
            Some(t) => t.fmt(f),
            None => f.write_str("unknown"),
        }
    }
}

/// Converts a value type (of a local, parameter, global, block, `select`)
/// under `features`; the error is the message to report.
#[inline]
pub(crate) fn val_type(ty: ValType, features: Features) -> Result<StackType, &'static str> {
    match ty {
        ValType::I32 => Ok(StackType::I32),
        ValType::I64 => Ok(StackType::I64),
        ValType::F32 => Ok(StackType::F32),
        ValType::F64 => Ok(StackType::F64),
        ValType::V128 if features.simd() => Ok(StackType::V128),
        ValType::V128 => Err("SIMD support is not enabled"),
        ValType::Ref(r) if features.reference_types() => ref_type(r, features),
        ValType::Ref(_) => Err("reference types support is not enabled"),
    }
}

/// Converts a reference type (a table's or element segment's element
/// type, where `funcref` is allowed even in the MVP).
pub(crate) fn ref_type(ty: RefType, features: Features) -> Result<StackType, &'static str> {
    match (ty.nullable, ty.heap_type) {
        (true, HeapType::Func) => Ok(StackType::FuncRef),
        (true, HeapType::Extern) if features.reference_types() => Ok(StackType::ExternRef),
        (true, HeapType::Extern) => Err("reference types support is not enabled"),
        _ if !features.function_references() => Err("function references support is not enabled"),
        _ => Err("typed function references are not supported by this validator"),
    }
}

/// The type of `ref.null ht`.
pub(crate) fn heap_type(ty: HeapType, features: Features) -> Result<StackType, &'static str> {
    ref_type(
        RefType {
            nullable: true,
            heap_type: ty,
        },
        features,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_byte_and_ordered() {
        assert_eq!(std::mem::size_of::<StackType>(), 1);
        for (i, t) in StackType::ALL.iter().enumerate() {
            assert_eq!(*t as usize, i);
        }
    }

    #[test]
    fn gating() {
        let mvp = Features::MVP;
        let all = Features::default();
        assert_eq!(val_type(ValType::V128, all), Ok(StackType::V128));
        assert_eq!(
            val_type(ValType::V128, mvp),
            Err("SIMD support is not enabled")
        );
        assert!(val_type(ValType::FUNCREF, mvp).is_err());
        assert_eq!(ref_type(RefType::FUNCREF, mvp), Ok(StackType::FuncRef));
        assert!(ref_type(RefType::EXTERNREF, mvp).is_err());
        let nonnull = RefType {
            nullable: false,
            heap_type: HeapType::Func,
        };
        assert!(ref_type(nonnull, all).is_err());
        assert_eq!(StackType::ExternRef.to_string(), "externref");
        assert_eq!(StackType::Bottom.to_string(), "unknown");
    }
}
