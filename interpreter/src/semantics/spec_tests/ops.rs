//! The test's dispatch table: every semantics function by operator name,
//! callable on dynamically typed values. The `every_numeric_row_has_a_function`
//! test checks it against the parser's opcode table, so a row without a
//! function (or with a differently named one) fails.

use super::Val;
use crate::semantics::NumTrap;
use crate::semantics::convert::*;
use crate::semantics::float::*;
use crate::semantics::int::*;
use crate::semantics::simd::*;

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
    (@row lane1 $name:ident) => {
        (stringify!($name), 1, |a: &[Val], imm: &[u8]| {
            Some($name(FromVal::from_val(a[0])?, *imm.first()?).into_val())
        })
    };
    (@row lane2 $name:ident) => {
        (stringify!($name), 2, |a: &[Val], imm: &[u8]| {
            Some($name(FromVal::from_val(a[0])?, FromVal::from_val(a[1])?, *imm.first()?).into_val())
        })
    };
    (@row shuffle $name:ident) => {
        (stringify!($name), 2, |a: &[Val], imm: &[u8]| {
            Some($name(FromVal::from_val(a[0])?, FromVal::from_val(a[1])?, imm.try_into().ok()?).into_val())
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
    SCALAR.iter().chain(SIMD)
}

/// SIMD operators (the memory ones belong to the executor).
pub(super) const SIMD: &[(&str, usize, Op)] = ops! {
    shuffle: i8x16_shuffle;
    lane1: i8x16_extract_lane_s i8x16_extract_lane_u i16x8_extract_lane_s i16x8_extract_lane_u
        i32x4_extract_lane i64x2_extract_lane f32x4_extract_lane f64x2_extract_lane;
    lane2: i8x16_replace_lane i16x8_replace_lane i32x4_replace_lane i64x2_replace_lane
        f32x4_replace_lane f64x2_replace_lane;
    1: i8x16_splat i16x8_splat i32x4_splat i64x2_splat f32x4_splat f64x2_splat;
    2: i8x16_swizzle
       i8x16_eq i8x16_ne i8x16_lt_s i8x16_lt_u i8x16_gt_s i8x16_gt_u i8x16_le_s i8x16_le_u i8x16_ge_s i8x16_ge_u
       i16x8_eq i16x8_ne i16x8_lt_s i16x8_lt_u i16x8_gt_s i16x8_gt_u i16x8_le_s i16x8_le_u i16x8_ge_s i16x8_ge_u
       i32x4_eq i32x4_ne i32x4_lt_s i32x4_lt_u i32x4_gt_s i32x4_gt_u i32x4_le_s i32x4_le_u i32x4_ge_s i32x4_ge_u
       i64x2_eq i64x2_ne i64x2_lt_s i64x2_gt_s i64x2_le_s i64x2_ge_s
       f32x4_eq f32x4_ne f32x4_lt f32x4_gt f32x4_le f32x4_ge
       f64x2_eq f64x2_ne f64x2_lt f64x2_gt f64x2_le f64x2_ge
       v128_and v128_andnot v128_or v128_xor;
    1: v128_not v128_any_true;
    3: v128_bitselect;
    1: i8x16_abs i8x16_neg i8x16_popcnt i8x16_all_true i8x16_bitmask
       i16x8_abs i16x8_neg i16x8_all_true i16x8_bitmask
       i32x4_abs i32x4_neg i32x4_all_true i32x4_bitmask
       i64x2_abs i64x2_neg i64x2_all_true i64x2_bitmask;
    2: i8x16_shl i8x16_shr_s i8x16_shr_u i8x16_add i8x16_add_sat_s i8x16_add_sat_u
       i8x16_sub i8x16_sub_sat_s i8x16_sub_sat_u i8x16_min_s i8x16_min_u i8x16_max_s i8x16_max_u i8x16_avgr_u
       i16x8_shl i16x8_shr_s i16x8_shr_u i16x8_add i16x8_add_sat_s i16x8_add_sat_u
       i16x8_sub i16x8_sub_sat_s i16x8_sub_sat_u i16x8_mul
       i16x8_min_s i16x8_min_u i16x8_max_s i16x8_max_u i16x8_avgr_u i16x8_q15mulr_sat_s
       i32x4_shl i32x4_shr_s i32x4_shr_u i32x4_add i32x4_sub i32x4_mul
       i32x4_min_s i32x4_min_u i32x4_max_s i32x4_max_u i32x4_dot_i16x8_s
       i64x2_shl i64x2_shr_s i64x2_shr_u i64x2_add i64x2_sub i64x2_mul
       i8x16_narrow_i16x8_s i8x16_narrow_i16x8_u i16x8_narrow_i32x4_s i16x8_narrow_i32x4_u
       i16x8_extmul_low_i8x16_s i16x8_extmul_high_i8x16_s i16x8_extmul_low_i8x16_u i16x8_extmul_high_i8x16_u
       i32x4_extmul_low_i16x8_s i32x4_extmul_high_i16x8_s i32x4_extmul_low_i16x8_u i32x4_extmul_high_i16x8_u
       i64x2_extmul_low_i32x4_s i64x2_extmul_high_i32x4_s i64x2_extmul_low_i32x4_u i64x2_extmul_high_i32x4_u;
    1: i16x8_extadd_pairwise_i8x16_s i16x8_extadd_pairwise_i8x16_u
       i32x4_extadd_pairwise_i16x8_s i32x4_extadd_pairwise_i16x8_u
       i16x8_extend_low_i8x16_s i16x8_extend_high_i8x16_s i16x8_extend_low_i8x16_u i16x8_extend_high_i8x16_u
       i32x4_extend_low_i16x8_s i32x4_extend_high_i16x8_s i32x4_extend_low_i16x8_u i32x4_extend_high_i16x8_u
       i64x2_extend_low_i32x4_s i64x2_extend_high_i32x4_s i64x2_extend_low_i32x4_u i64x2_extend_high_i32x4_u;
    1: f32x4_ceil f32x4_floor f32x4_trunc f32x4_nearest f32x4_abs f32x4_neg f32x4_sqrt
       f64x2_ceil f64x2_floor f64x2_trunc f64x2_nearest f64x2_abs f64x2_neg f64x2_sqrt
       f32x4_demote_f64x2_zero f64x2_promote_low_f32x4
       i32x4_trunc_sat_f32x4_s i32x4_trunc_sat_f32x4_u f32x4_convert_i32x4_s f32x4_convert_i32x4_u
       i32x4_trunc_sat_f64x2_s_zero i32x4_trunc_sat_f64x2_u_zero
       f64x2_convert_low_i32x4_s f64x2_convert_low_i32x4_u;
    2: f32x4_add f32x4_sub f32x4_mul f32x4_div f32x4_min f32x4_max f32x4_pmin f32x4_pmax
       f64x2_add f64x2_sub f64x2_mul f64x2_div f64x2_min f64x2_max f64x2_pmin f64x2_pmax;
};
