//! The part of function validation derived from the parser's operator
//! table ([`brisk_parser::for_each_operator!`]): the one `match` over
//! [`Operator`] that every instruction goes through.
//!
//! For each row it generates, in the row's arm:
//!
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
//! The `match` has one arm per row and no wildcard, so a row added to the
//! table without a visitor here fails to compile instead of slipping by.

use brisk_parser::Operator;

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

macro_rules! define_dispatch {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal $sig:tt
    )*) => {
        impl FuncValidator<'_> {
            /// Validates one instruction.
            #[inline]
            pub(super) fn dispatch(&mut self, op: Operator<'_>) -> Result<()> {
                match op {
                    $(
                        Operator::$op $({ $($field),* })? => {
                            gate!(self, $proposal);
                            check!(self, $visit, $sig, $($($field)*)?)
                        }
                    )*
                }
            }
        }
    };
}

brisk_parser::for_each_operator!(define_dispatch);
