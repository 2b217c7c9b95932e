//! Conversions between the numeric types: trapping and saturating
//! float-to-integer truncation, integer-to-float conversion, demotion and
//! promotion, and reinterpretation.
//!
//! A trapping truncation accepts exactly the inputs whose truncated value
//! fits. The bounds are the nearest values outside the range that the float
//! type can hold, compared strictly: for `i32.trunc_f64_s` the input must be
//! in `(-2^31 - 1, 2^31)`. For `f32` inputs the comparison is done in `f64`,
//! which holds every `f32` and every bound exactly.

use super::NumTrap;
use super::float::{F32_QUIET, F64_QUIET};

/// Checks `x` against the open interval `(lo, hi)` before truncating it.
#[inline]
fn check(x: f64, lo: f64, hi: f64) -> Result<f64, NumTrap> {
    if x.is_nan() {
        Err(NumTrap::BadConversion)
    } else if x > lo && x < hi {
        Ok(x)
    } else {
        Err(NumTrap::Overflow)
    }
}

/// Exclusive bounds of the truncations: `-2^31 - 1`, `2^31`, `2^32`, `-1`,
/// `2^63`, `2^64` (all exact in `f64`).
const I32_LO: f64 = -2_147_483_649.0;
const I32_HI: f64 = 2_147_483_648.0;
const U32_HI: f64 = 4_294_967_296.0;
const U_LO: f64 = -1.0;
const I64_HI: f64 = 9_223_372_036_854_775_808.0;
const U64_HI: f64 = 18_446_744_073_709_551_616.0;

/// Truncation of `x` to `i64` when `x` is in `[-2^63, 2^63)`.
///
/// `-2^63 - 1` is not an `f64`, so the signed 64-bit lower bound is
/// inclusive; handled apart from [`check`].
#[inline]
fn check_i64(x: f64) -> Result<f64, NumTrap> {
    if x.is_nan() {
        Err(NumTrap::BadConversion)
    } else if (-I64_HI..I64_HI).contains(&x) {
        Ok(x)
    } else {
        Err(NumTrap::Overflow)
    }
}

// Inside each checked range, Rust's `as` truncates toward zero exactly.

#[inline]
pub(crate) fn i32_trunc_f32_s(x: f32) -> Result<i32, NumTrap> {
    check(f64::from(x), I32_LO, I32_HI).map(|x| x as i32)
}
#[inline]
pub(crate) fn i32_trunc_f32_u(x: f32) -> Result<i32, NumTrap> {
    check(f64::from(x), U_LO, U32_HI).map(|x| x as u32 as i32)
}
#[inline]
pub(crate) fn i32_trunc_f64_s(x: f64) -> Result<i32, NumTrap> {
    check(x, I32_LO, I32_HI).map(|x| x as i32)
}
#[inline]
pub(crate) fn i32_trunc_f64_u(x: f64) -> Result<i32, NumTrap> {
    check(x, U_LO, U32_HI).map(|x| x as u32 as i32)
}
#[inline]
pub(crate) fn i64_trunc_f32_s(x: f32) -> Result<i64, NumTrap> {
    check_i64(f64::from(x)).map(|x| x as i64)
}
#[inline]
pub(crate) fn i64_trunc_f32_u(x: f32) -> Result<i64, NumTrap> {
    check(f64::from(x), U_LO, U64_HI).map(|x| x as u64 as i64)
}
#[inline]
pub(crate) fn i64_trunc_f64_s(x: f64) -> Result<i64, NumTrap> {
    check_i64(x).map(|x| x as i64)
}
#[inline]
pub(crate) fn i64_trunc_f64_u(x: f64) -> Result<i64, NumTrap> {
    check(x, U_LO, U64_HI).map(|x| x as u64 as i64)
}

// Saturating truncation is exactly Rust's `as`: NaN gives 0, out-of-range
// values clamp to the nearest bound.

#[inline]
pub(crate) fn i32_trunc_sat_f32_s(x: f32) -> i32 {
    x as i32
}
#[inline]
pub(crate) fn i32_trunc_sat_f32_u(x: f32) -> i32 {
    x as u32 as i32
}
#[inline]
pub(crate) fn i32_trunc_sat_f64_s(x: f64) -> i32 {
    x as i32
}
#[inline]
pub(crate) fn i32_trunc_sat_f64_u(x: f64) -> i32 {
    x as u32 as i32
}
#[inline]
pub(crate) fn i64_trunc_sat_f32_s(x: f32) -> i64 {
    x as i64
}
#[inline]
pub(crate) fn i64_trunc_sat_f32_u(x: f32) -> i64 {
    x as u64 as i64
}
#[inline]
pub(crate) fn i64_trunc_sat_f64_s(x: f64) -> i64 {
    x as i64
}
#[inline]
pub(crate) fn i64_trunc_sat_f64_u(x: f64) -> i64 {
    x as u64 as i64
}

// Integer to float: Rust's `as` rounds to nearest, ties to even, as the
// spec requires (including u64 -> f32, which is not a double rounding).

#[inline]
pub(crate) fn f32_convert_i32_s(x: i32) -> f32 {
    x as f32
}
#[inline]
pub(crate) fn f32_convert_i32_u(x: i32) -> f32 {
    x as u32 as f32
}
#[inline]
pub(crate) fn f32_convert_i64_s(x: i64) -> f32 {
    x as f32
}
#[inline]
pub(crate) fn f32_convert_i64_u(x: i64) -> f32 {
    x as u64 as f32
}
#[inline]
pub(crate) fn f64_convert_i32_s(x: i32) -> f64 {
    f64::from(x)
}
#[inline]
pub(crate) fn f64_convert_i32_u(x: i32) -> f64 {
    f64::from(x as u32)
}
#[inline]
pub(crate) fn f64_convert_i64_s(x: i64) -> f64 {
    x as f64
}
#[inline]
pub(crate) fn f64_convert_i64_u(x: i64) -> f64 {
    x as u64 as f64
}

/// Rounds to nearest; a NaN becomes a quiet NaN with the same sign and the
/// top of its payload (canonical stays canonical).
#[inline]
pub(crate) fn f32_demote_f64(x: f64) -> f32 {
    if x.is_nan() {
        let bits = x.to_bits();
        let sign = ((bits >> 63) as u32) << 31;
        let payload = ((bits & 0x000f_ffff_ffff_ffff) >> 29) as u32;
        f32::from_bits(sign | 0x7f80_0000 | F32_QUIET | payload)
    } else {
        x as f32
    }
}

/// Exact; a NaN becomes a quiet NaN with the same sign and payload.
#[inline]
pub(crate) fn f64_promote_f32(x: f32) -> f64 {
    if x.is_nan() {
        let bits = x.to_bits();
        let sign = u64::from(bits >> 31) << 63;
        let payload = u64::from(bits & 0x007f_ffff) << 29;
        f64::from_bits(sign | 0x7ff0_0000_0000_0000 | F64_QUIET | payload)
    } else {
        f64::from(x)
    }
}

#[inline]
pub(crate) fn i32_reinterpret_f32(x: f32) -> i32 {
    x.to_bits() as i32
}
#[inline]
pub(crate) fn i64_reinterpret_f64(x: f64) -> i64 {
    x.to_bits() as i64
}
#[inline]
pub(crate) fn f32_reinterpret_i32(x: i32) -> f32 {
    f32::from_bits(x as u32)
}
#[inline]
pub(crate) fn f64_reinterpret_i64(x: i64) -> f64 {
    f64::from_bits(x as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trapping_truncation_boundaries() {
        use NumTrap::{BadConversion, Overflow};
        assert_eq!(i32_trunc_f32_s(-2_147_483_648.0), Ok(i32::MIN));
        assert_eq!(i32_trunc_f32_s(2_147_483_648.0), Err(Overflow));
        assert_eq!(i32_trunc_f32_s(2_147_483_520.0), Ok(2_147_483_520));
        assert_eq!(i32_trunc_f32_s(-2_147_483_904.0), Err(Overflow));
        assert_eq!(i32_trunc_f64_s(-2_147_483_648.9), Ok(i32::MIN));
        assert_eq!(i32_trunc_f64_s(-2_147_483_649.0), Err(Overflow));
        assert_eq!(i32_trunc_f64_s(2_147_483_647.9), Ok(i32::MAX));
        assert_eq!(i32_trunc_f64_u(-0.9), Ok(0));
        assert_eq!(i32_trunc_f64_u(-1.0), Err(Overflow));
        assert_eq!(i32_trunc_f64_u(4_294_967_295.9), Ok(-1));
        assert_eq!(i32_trunc_f64_u(4_294_967_296.0), Err(Overflow));
        assert_eq!(i64_trunc_f64_s(-9_223_372_036_854_775_808.0), Ok(i64::MIN));
        assert_eq!(i64_trunc_f64_s(9_223_372_036_854_775_808.0), Err(Overflow));
        assert_eq!(i64_trunc_f32_s(-9_223_373_136_366_403_584.0), Err(Overflow));
        assert_eq!(i64_trunc_f64_u(18_446_744_073_709_549_568.0), Ok(-2048));
        assert_eq!(i64_trunc_f64_u(18_446_744_073_709_551_616.0), Err(Overflow));
        assert_eq!(i64_trunc_f32_u(-0.99), Ok(0));
        assert_eq!(i32_trunc_f32_u(f32::NAN), Err(BadConversion));
        assert_eq!(i64_trunc_f64_s(-f64::NAN), Err(BadConversion));
        assert_eq!(i64_trunc_f64_s(f64::INFINITY), Err(Overflow));
    }

    #[test]
    fn saturating_truncation() {
        assert_eq!(i32_trunc_sat_f32_s(f32::NAN), 0);
        assert_eq!(i32_trunc_sat_f64_s(-1e300), i32::MIN);
        assert_eq!(i32_trunc_sat_f64_u(-5.0), 0);
        assert_eq!(i32_trunc_sat_f64_u(1e300), -1);
        assert_eq!(i64_trunc_sat_f32_u(f32::INFINITY), -1);
        assert_eq!(i64_trunc_sat_f64_s(f64::NEG_INFINITY), i64::MIN);
    }

    #[test]
    fn conversions_round_to_nearest_even() {
        // 2^24 + 1 is a tie between 2^24 and 2^24 + 2: even wins.
        assert_eq!(f32_convert_i32_s(16_777_217), 16_777_216.0);
        assert_eq!(f32_convert_i32_u(-1), 4_294_967_296.0);
        // Just above the tie: a two-step conversion via f64 would round to the tie and then down.
        assert_eq!(
            f32_convert_i64_u(0x8000_0080_0000_0001u64 as i64),
            9_223_373_136_366_403_584.0
        );
        assert_eq!(f64_convert_i64_u(-1), 18_446_744_073_709_551_616.0);
        assert_eq!(f64_convert_i32_u(-1), 4_294_967_295.0);
    }

    #[test]
    fn demote_promote_nans_and_reinterpret() {
        assert_eq!(
            f32_demote_f64(f64::from_bits(0x7ff8_0000_0000_0000)).to_bits(),
            0x7fc0_0000
        );
        assert_eq!(
            f32_demote_f64(f64::from_bits(0xfff4_0000_0000_0000)).to_bits(),
            0xffe0_0000
        );
        assert_eq!(
            f64_promote_f32(f32::from_bits(0x7fa0_0000)).to_bits(),
            0x7ffc_0000_0000_0000
        );
        assert_eq!(
            f64_promote_f32(f32::from_bits(0xffc0_0000)).to_bits(),
            0xfff8_0000_0000_0000
        );
        assert_eq!(f32_demote_f64(1e300), f32::INFINITY);
        assert_eq!(f32_demote_f64(-1e-300).to_bits(), (-0.0f32).to_bits());
        assert_eq!(f32_reinterpret_i32(0x7fa0_0001).to_bits(), 0x7fa0_0001);
        assert_eq!(i64_reinterpret_f64(-0.0), i64::MIN);
    }
}
