//! Float lane arithmetic and the lane conversions. Each lane is computed by
//! the scalar function of the same operator, so NaN propagation, signed
//! zeros and rounding are exactly the scalar ones; `pmin`/`pmax` are the
//! exception, defined by the spec as a plain comparison and select.

use super::super::convert::{f32_demote_f64, f64_promote_f32};
use super::super::float::*;
use super::{build, lane, map, zip};

macro_rules! float_lanes {
    ($f:ty; $($name:ident = $scalar:ident / $arity:tt),*) => {$(
        float_lanes!(@one $f, $name, $scalar, $arity);
    )*};
    (@one $f:ty, $name:ident, $scalar:ident, 1) => {
        #[inline]
        pub(crate) fn $name(a: u128) -> u128 {
            map(a, |x: $f| $scalar(x))
        }
    };
    (@one $f:ty, $name:ident, $scalar:ident, 2) => {
        #[inline]
        pub(crate) fn $name(a: u128, b: u128) -> u128 {
            zip(a, b, |x: $f, y: $f| $scalar(x, y))
        }
    };
}

float_lanes!(f32;
    f32x4_ceil = f32_ceil / 1, f32x4_floor = f32_floor / 1, f32x4_trunc = f32_trunc / 1,
    f32x4_nearest = f32_nearest / 1, f32x4_abs = f32_abs / 1, f32x4_neg = f32_neg / 1,
    f32x4_sqrt = f32_sqrt / 1, f32x4_add = f32_add / 2, f32x4_sub = f32_sub / 2,
    f32x4_mul = f32_mul / 2, f32x4_div = f32_div / 2, f32x4_min = f32_min / 2,
    f32x4_max = f32_max / 2);
float_lanes!(f64;
    f64x2_ceil = f64_ceil / 1, f64x2_floor = f64_floor / 1, f64x2_trunc = f64_trunc / 1,
    f64x2_nearest = f64_nearest / 1, f64x2_abs = f64_abs / 1, f64x2_neg = f64_neg / 1,
    f64x2_sqrt = f64_sqrt / 1, f64x2_add = f64_add / 2, f64x2_sub = f64_sub / 2,
    f64x2_mul = f64_mul / 2, f64x2_div = f64_div / 2, f64x2_min = f64_min / 2,
    f64x2_max = f64_max / 2);

/// Pseudo-minimum: `b < a ? b : a` (a NaN or equal zeros give `a`).
#[inline]
pub(crate) fn f32x4_pmin(a: u128, b: u128) -> u128 {
    zip(a, b, |x: f32, y: f32| if y < x { y } else { x })
}
/// Pseudo-maximum: `a < b ? b : a` (a NaN or equal zeros give `a`).
#[inline]
pub(crate) fn f32x4_pmax(a: u128, b: u128) -> u128 {
    zip(a, b, |x: f32, y: f32| if x < y { y } else { x })
}
/// Pseudo-minimum: `b < a ? b : a` (a NaN or equal zeros give `a`).
#[inline]
pub(crate) fn f64x2_pmin(a: u128, b: u128) -> u128 {
    zip(a, b, |x: f64, y: f64| if y < x { y } else { x })
}
/// Pseudo-maximum: `a < b ? b : a` (a NaN or equal zeros give `a`).
#[inline]
pub(crate) fn f64x2_pmax(a: u128, b: u128) -> u128 {
    zip(a, b, |x: f64, y: f64| if x < y { y } else { x })
}

/// Both `f64` lanes demoted into lanes 0 and 1; lanes 2 and 3 are zero.
#[inline]
pub(crate) fn f32x4_demote_f64x2_zero(a: u128) -> u128 {
    build(|i| {
        if i < 2 {
            f32_demote_f64(lane(a, i))
        } else {
            0.0
        }
    })
}
/// The low two `f32` lanes promoted.
#[inline]
pub(crate) fn f64x2_promote_low_f32x4(a: u128) -> u128 {
    build(|i| f64_promote_f32(lane(a, i)))
}
/// Saturating truncation (NaN gives 0).
#[inline]
pub(crate) fn i32x4_trunc_sat_f32x4_s(a: u128) -> u128 {
    map(a, |x: f32| x as i32)
}
/// Saturating truncation (NaN and negatives give 0).
#[inline]
pub(crate) fn i32x4_trunc_sat_f32x4_u(a: u128) -> u128 {
    map(a, |x: f32| x as u32)
}
/// Both `f64` lanes truncated (saturating) into lanes 0 and 1; lanes 2 and
/// 3 are zero.
#[inline]
pub(crate) fn i32x4_trunc_sat_f64x2_s_zero(a: u128) -> u128 {
    build(|i| if i < 2 { lane::<f64>(a, i) as i32 } else { 0 })
}
/// As [`i32x4_trunc_sat_f64x2_s_zero`], unsigned.
#[inline]
pub(crate) fn i32x4_trunc_sat_f64x2_u_zero(a: u128) -> u128 {
    build(|i| if i < 2 { lane::<f64>(a, i) as u32 } else { 0 })
}
/// Round to nearest, ties to even.
#[inline]
pub(crate) fn f32x4_convert_i32x4_s(a: u128) -> u128 {
    map(a, |x: i32| x as f32)
}
/// Round to nearest, ties to even.
#[inline]
pub(crate) fn f32x4_convert_i32x4_u(a: u128) -> u128 {
    map(a, |x: u32| x as f32)
}
/// The low two `i32` lanes converted (exact).
#[inline]
pub(crate) fn f64x2_convert_low_i32x4_s(a: u128) -> u128 {
    build(|i| f64::from(lane::<i32>(a, i)))
}
/// The low two `i32` lanes, unsigned, converted (exact).
#[inline]
pub(crate) fn f64x2_convert_low_i32x4_u(a: u128) -> u128 {
    build(|i| f64::from(lane::<u32>(a, i)))
}

#[cfg(test)]
mod tests {
    use super::super::{f32x4_splat, f64x2_splat, i32x4_splat};
    use super::*;

    #[test]
    fn pmin_pmax_are_not_min_max() {
        let (nan, one) = (f32x4_splat(f32::NAN), f32x4_splat(1.0));
        assert_eq!(f32x4_pmin(one, nan), one);
        assert_eq!(f32x4_pmin(nan, one), nan);
        assert_eq!(
            f32x4_pmax(f32x4_splat(-0.0), f32x4_splat(0.0)),
            f32x4_splat(-0.0)
        );
        assert_eq!(
            f64x2_pmin(f64x2_splat(0.0), f64x2_splat(-0.0)),
            f64x2_splat(0.0)
        );
        assert_eq!(
            f32x4_min(f32x4_splat(0.0), f32x4_splat(-0.0)),
            f32x4_splat(-0.0)
        );
    }

    #[test]
    fn lane_conversions() {
        let v = f64x2_splat(1e10);
        assert_eq!(
            i32x4_trunc_sat_f64x2_s_zero(v),
            i32x4_splat(i32::MAX) & u64::MAX as u128
        );
        assert_eq!(i32x4_trunc_sat_f32x4_u(f32x4_splat(-1.5)), 0);
        assert_eq!(
            f32x4_demote_f64x2_zero(f64x2_splat(1.5)),
            u128::from(1.5f32.to_bits()) * (1 | 1 << 32)
        );
        assert_eq!(
            f64x2_convert_low_i32x4_u(i32x4_splat(-1)),
            f64x2_splat(4_294_967_295.0)
        );
        assert_eq!(f64x2_promote_low_f32x4(f32x4_splat(0.5)), f64x2_splat(0.5));
        assert_eq!(
            f32x4_convert_i32x4_u(i32x4_splat(-1)),
            f32x4_splat(4_294_967_296.0)
        );
    }
}
