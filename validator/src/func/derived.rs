//! The part of function validation derived from the parser's operator
//! table ([`brisk_parser::for_each_operator!`]): one `match` on the opcode
//! that every instruction goes through, decoding and checking it at once.
//!
//! This is a decoder of its own, derived from the same rows as the
//! parser's: it decodes each immediate with the same
//! [`Immediate`](brisk_parser::Immediate) impl or reader method, but never
//! materialises an [`Operator`](brisk_parser::Operator) value, so an
//! instruction's bytes go straight to its check (the shape of wasmparser's
//! `VisitOperator`).
//!
//! For each row it generates, in the row's arm:
//!
//! - the decoding of its immediates;
//! - the feature gate from `@proposal` (nothing for `@mvp`): an
//!   instruction of a disabled proposal is invalid, "SIMD support is not
//!   enabled";
//! - for `[a b -> c]` rows, the pops and pushes of that signature (with
//!   fast paths for the unary and binary shapes);
//! - for `[load N T]` / `[store N T]` rows, the memory, alignment and
//!   operand checks of an `N`-byte access of a `T`;
//! - for `[special]` rows, a call to the row's own visitor method (named
//!   by the row, e.g. `visit_br_table`), hand-written in `control.rs`,
//!   `variables.rs`, `memory.rs`, `table.rs` or `simd.rs`.
//!
//! The `match` has one arm per row (its only wildcard is for opcodes the
//! table does not have), so a `[special]` row added to the table without a
//! visitor here fails to compile instead of slipping by.

// The immediate types the table's rows name, unqualified.
#[allow(unused_imports)]
use brisk_parser::{
    BinaryReader, BlockType, BrTable, HeapType, Ieee32, Ieee64, Immediate, MemArg, SelectType, V128,
};

use super::FuncValidator;
use crate::error::Result;
use crate::types::StackType;

/// A type name of a signature, as a [`StackType`].
macro_rules! ty {
    (i32) => {
        StackType::I32
    };
    (i64) => {
        StackType::I64
    };
    (f32) => {
        StackType::F32
    };
    (f64) => {
        StackType::F64
    };
    (v128) => {
        StackType::V128
    };
    (funcref) => {
        StackType::FuncRef
    };
    (externref) => {
        StackType::ExternRef
    };
}

/// The feature gate of a row.
macro_rules! gate {
    ($v:ident, mvp) => {};
    ($v:ident, $proposal:ident) => {
        if !$v.features.$proposal() {
            return Err($v.err_feature(stringify!($proposal)));
        }
    };
}

/// The check of one row, by signature.
macro_rules! check {
    ($v:ident, $visit:ident, [special], $($field:ident)*) => {
        $v.$visit($($field),*)
    };
    ($v:ident, $visit:ident, [load $bytes:literal $t:ident], $memarg:ident) => {
        $v.check_load($memarg, $bytes, ty!($t))
    };
    ($v:ident, $visit:ident, [store $bytes:literal $t:ident], $memarg:ident) => {
        $v.check_store($memarg, $bytes, ty!($t))
    };
    ($v:ident, $visit:ident, [$a:ident -> $out:ident], $($field:ident)*) => {{
        $(let _ = $field;)*
        $v.unary(ty!($a), ty!($out))
    }};
    ($v:ident, $visit:ident, [$a:ident $b:ident -> $out:ident], $($field:ident)*) => {{
        $(let _ = $field;)*
        $v.binary(ty!($a), ty!($b), ty!($out))
    }};
    ($v:ident, $visit:ident, [$($in:ident)* -> $($out:ident)*], $($field:ident)*) => {{
        $(let _ = $field;)*
        $v.pop_all(&[$(ty!($in)),*])?;
        $($v.push(ty!($out));)*
        Ok(())
    }};
}

/// Decodes one immediate: with the type's [`Immediate`] impl, or with the
/// reader method a row names after `as` (as the parser's decoder does).
macro_rules! decode_imm {
    ($r:ident, $ty:ty) => {
        <$ty as Immediate<'a>>::decode($r)?
    };
    ($r:ident, $ty:ty, $method:ident) => {
        $r.$method()?
    };
}

macro_rules! define_step {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal $sig:tt
    )*) => {
        impl FuncValidator<'_> {
            /// Decodes and validates the instruction at `r`.
            #[inline]
            pub(super) fn step<'a>(&mut self, r: &mut BinaryReader<'a>) -> Result<()> {
                let b = match r.read_u8() {
                    Ok(b) => b,
                    Err(e) => return Err(self.body_ended(e)),
                };
                let (prefix, code) = if b == 0xfc || b == 0xfd {
                    (b, r.read_var_u32()?)
                } else {
                    (0u8, u32::from(b))
                };
                match (prefix, code) {
                    $(
                        ($prefix, $code) => {
                            $($(let $field = decode_imm!(r, $ty $(, $method)?);)*)?
                            gate!(self, $proposal);
                            check!(self, $visit, $sig, $($($field)*)?)
                        }
                    )*
                    _ => Err(self.illegal_opcode(prefix, code)),
                }
            }
        }
    };
}

brisk_parser::for_each_operator!(define_step);
