//! The test's dispatch table: every semantics function by operator name,
//! callable on dynamically typed values. The `every_numeric_row_has_a_function`
//! test checks it against the parser's opcode table, so a row without a
//! function (or with a differently named one) fails.

use super::Val;
use crate::semantics::NumTrap;
use crate::semantics::convert::*;
use crate::semantics::float::*;
use crate::semantics::int::*;

/// Evaluates one operator: operands, then the immediate lane bytes
/// (`extract_lane`/`replace_lane`: one; `shuffle`: sixteen). `None` when an
/// operand has the wrong type.
pub(super) type Op = fn(&[Val], &[u8]) -> Option<Result<Val, NumTrap>>;

/// A wasm value type as a Rust operand type.
pub(super) trait FromVal: Sized {
    fn from_val(v: Val) -> Option<Self>;
}

/// A function's result (or its trap) as a value.
pub(super) trait IntoVal {
    fn into_val(self) -> Result<Val, NumTrap>;
}

macro_rules! val_conv {
    ($($t:ty => $var:ident, $to:expr, $from:expr;)*) => {$(
        impl FromVal for $t {
            fn from_val(v: Val) -> Option<Self> {
                match v {
                    Val::$var(x) => Some($from(x)),
                    _ => None,
                }
            }
        }
        impl IntoVal for $t {
            fn into_val(self) -> Result<Val, NumTrap> {
                Ok(Val::$var($to(self)))
            }
        }
    )*};
}

val_conv! {
    i32 => I32, |x| x, |x| x;
    i64 => I64, |x| x, |x| x;
    f32 => F32, f32::to_bits, f32::from_bits;
    f64 => F64, f64::to_bits, f64::from_bits;
    u128 => V128, |x| x, |x| x;
}

impl<T: IntoVal> IntoVal for Result<T, NumTrap> {
    fn into_val(self) -> Result<Val, NumTrap> {
        self.and_then(IntoVal::into_val)
    }
}

/// `(name, operand count, evaluator)` rows for plain operators.
macro_rules! ops {
    ($($arity:tt: $($name:ident)*;)*) => {
        &[$($( ops!(@row $arity $name), )*)*]
    };
    (@row 1 $name:ident) => {
        (stringify!($name), 1, |a: &[Val], _: &[u8]| {
            Some($name(FromVal::from_val(a[0])?).into_val())
        })
    };
    (@row 2 $name:ident) => {
        (stringify!($name), 2, |a: &[Val], _: &[u8]| {
            Some($name(FromVal::from_val(a[0])?, FromVal::from_val(a[1])?).into_val())
        })
    };
    (@row 3 $name:ident) => {
        (stringify!($name), 3, |a: &[Val], _: &[u8]| {
            let (x, y, z) = (FromVal::from_val(a[0])?, FromVal::from_val(a[1])?, FromVal::from_val(a[2])?);
            Some($name(x, y, z).into_val())
        })
    };
}

/// Scalar operators: integer, float, conversion.
pub(super) const SCALAR: &[(&str, usize, Op)] = ops! {
    1: i32_eqz i32_clz i32_ctz i32_popcnt i32_extend8_s i32_extend16_s
       i64_eqz i64_clz i64_ctz i64_popcnt i64_extend8_s i64_extend16_s i64_extend32_s
       i32_wrap_i64 i64_extend_i32_s i64_extend_i32_u;
    2: i32_eq i32_ne i32_lt_s i32_lt_u i32_gt_s i32_gt_u i32_le_s i32_le_u i32_ge_s i32_ge_u
       i32_add i32_sub i32_mul i32_div_s i32_div_u i32_rem_s i32_rem_u
       i32_and i32_or i32_xor i32_shl i32_shr_s i32_shr_u i32_rotl i32_rotr
       i64_eq i64_ne i64_lt_s i64_lt_u i64_gt_s i64_gt_u i64_le_s i64_le_u i64_ge_s i64_ge_u
       i64_add i64_sub i64_mul i64_div_s i64_div_u i64_rem_s i64_rem_u
       i64_and i64_or i64_xor i64_shl i64_shr_s i64_shr_u i64_rotl i64_rotr;
    1: f32_abs f32_neg f32_ceil f32_floor f32_trunc f32_nearest f32_sqrt
       f64_abs f64_neg f64_ceil f64_floor f64_trunc f64_nearest f64_sqrt;
    2: f32_eq f32_ne f32_lt f32_gt f32_le f32_ge
       f32_add f32_sub f32_mul f32_div f32_min f32_max f32_copysign
       f64_eq f64_ne f64_lt f64_gt f64_le f64_ge
       f64_add f64_sub f64_mul f64_div f64_min f64_max f64_copysign;
    1: i32_trunc_f32_s i32_trunc_f32_u i32_trunc_f64_s i32_trunc_f64_u
       i64_trunc_f32_s i64_trunc_f32_u i64_trunc_f64_s i64_trunc_f64_u
       i32_trunc_sat_f32_s i32_trunc_sat_f32_u i32_trunc_sat_f64_s i32_trunc_sat_f64_u
       i64_trunc_sat_f32_s i64_trunc_sat_f32_u i64_trunc_sat_f64_s i64_trunc_sat_f64_u
       f32_convert_i32_s f32_convert_i32_u f32_convert_i64_s f32_convert_i64_u f32_demote_f64
       f64_convert_i32_s f64_convert_i32_u f64_convert_i64_s f64_convert_i64_u f64_promote_f32
       i32_reinterpret_f32 i64_reinterpret_f64 f32_reinterpret_i32 f64_reinterpret_i64;
};

/// Every row of every table.
pub(super) fn all() -> impl Iterator<Item = &'static (&'static str, usize, Op)> {
    SCALAR.iter()
}
