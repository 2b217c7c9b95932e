//! Float operators on `f32` and `f64` with the spec's exact semantics.
//!
//! - `add`/`sub`/`mul`/`div`/`sqrt` are IEEE 754 round-to-nearest, which
//!   Rust's operators are. Their NaN results already meet the spec's rule
//!   (a NaN result is a quiet NaN; canonical when every NaN operand was):
//!   Rust guarantees the same choice, either the preferred (canonical) NaN
//!   or a quieted operand NaN.
//! - `min`/`max` differ from Rust's: any NaN operand gives NaN, and
//!   `-0 < +0`.
//! - `ceil`/`floor`/`trunc`/`nearest` quiet a NaN operand explicitly, so the
//!   result is an arithmetic NaN even where the rounding is done in
//!   software; `nearest` rounds half to even.
//! - `abs`/`neg`/`copysign` touch only the sign bit and keep NaN payloads,
//!   signalling ones included.

macro_rules! float_ops {
    ($f:ty, $bits:ty, $q:ident,
     $eq:ident $ne:ident $lt:ident $gt:ident $le:ident $ge:ident
     $abs:ident $neg:ident $ceil:ident $floor:ident $trunc:ident $nearest:ident $sqrt:ident
     $add:ident $sub:ident $mul:ident $div:ident $min:ident $max:ident $copysign:ident) => {
        #[inline]
        pub(crate) fn $eq(a: $f, c: $f) -> i32 {
            i32::from(a == c)
        }
        #[inline]
        pub(crate) fn $ne(a: $f, c: $f) -> i32 {
            i32::from(a != c)
        }
        #[inline]
        pub(crate) fn $lt(a: $f, c: $f) -> i32 {
            i32::from(a < c)
        }
        #[inline]
        pub(crate) fn $gt(a: $f, c: $f) -> i32 {
            i32::from(a > c)
        }
        #[inline]
        pub(crate) fn $le(a: $f, c: $f) -> i32 {
            i32::from(a <= c)
        }
        #[inline]
        pub(crate) fn $ge(a: $f, c: $f) -> i32 {
            i32::from(a >= c)
        }

        /// Clears the sign bit; NaN payloads are kept.
        #[inline]
        pub(crate) fn $abs(a: $f) -> $f {
            <$f>::from_bits(a.to_bits() & !(1 << (<$bits>::BITS - 1)))
        }
        /// Flips the sign bit; NaN payloads are kept.
        #[inline]
        pub(crate) fn $neg(a: $f) -> $f {
            <$f>::from_bits(a.to_bits() ^ (1 << (<$bits>::BITS - 1)))
        }
        /// `a`'s magnitude and payload with `c`'s sign bit.
        #[inline]
        pub(crate) fn $copysign(a: $f, c: $f) -> $f {
            let sign: $bits = 1 << (<$bits>::BITS - 1);
            <$f>::from_bits((a.to_bits() & !sign) | (c.to_bits() & sign))
        }

        /// Rounds toward +inf; a NaN operand comes back quieted.
        #[inline]
        pub(crate) fn $ceil(a: $f) -> $f {
            if a.is_nan() {
                <$f>::from_bits(a.to_bits() | $q)
            } else {
                a.ceil()
            }
        }
        #[inline]
        pub(crate) fn $floor(a: $f) -> $f {
            if a.is_nan() {
                <$f>::from_bits(a.to_bits() | $q)
            } else {
                a.floor()
            }
        }
        #[inline]
        pub(crate) fn $trunc(a: $f) -> $f {
            if a.is_nan() {
                <$f>::from_bits(a.to_bits() | $q)
            } else {
                a.trunc()
            }
        }
        /// Rounds to the nearest integer, ties to even.
        #[inline]
        pub(crate) fn $nearest(a: $f) -> $f {
            if a.is_nan() {
                <$f>::from_bits(a.to_bits() | $q)
            } else {
                a.round_ties_even()
            }
        }
        #[inline]
        pub(crate) fn $sqrt(a: $f) -> $f {
            a.sqrt()
        }

        #[inline]
        pub(crate) fn $add(a: $f, c: $f) -> $f {
            a + c
        }
        #[inline]
        pub(crate) fn $sub(a: $f, c: $f) -> $f {
            a - c
        }
        #[inline]
        pub(crate) fn $mul(a: $f, c: $f) -> $f {
            a * c
        }
        #[inline]
        pub(crate) fn $div(a: $f, c: $f) -> $f {
            a / c
        }

        /// The lesser operand; NaN if either is NaN; `-0` is less than `+0`.
        #[inline]
        pub(crate) fn $min(a: $f, c: $f) -> $f {
            if a.is_nan() || c.is_nan() {
                // The sum propagates (and quiets) the NaN operand.
                a + c
            } else if a == c {
                // Equal values differ at most in the sign of a zero: OR-ing
                // the bits picks -0.
                <$f>::from_bits(a.to_bits() | c.to_bits())
            } else if a < c {
                a
            } else {
                c
            }
        }
        /// The greater operand; NaN if either is NaN; `+0` is greater than
        /// `-0`.
        #[inline]
        pub(crate) fn $max(a: $f, c: $f) -> $f {
            if a.is_nan() || c.is_nan() {
                a + c
            } else if a == c {
                // AND-ing the bits of equal values picks +0.
                <$f>::from_bits(a.to_bits() & c.to_bits())
            } else if a > c {
                a
            } else {
                c
            }
        }
    };
}

/// The quiet bit of an `f32` NaN (the payload's top bit).
pub(crate) const F32_QUIET: u32 = 0x0040_0000;
/// The quiet bit of an `f64` NaN (the payload's top bit).
pub(crate) const F64_QUIET: u64 = 0x0008_0000_0000_0000;

float_ops!(f32, u32, F32_QUIET,
    f32_eq f32_ne f32_lt f32_gt f32_le f32_ge
    f32_abs f32_neg f32_ceil f32_floor f32_trunc f32_nearest f32_sqrt
    f32_add f32_sub f32_mul f32_div f32_min f32_max f32_copysign);

float_ops!(f64, u64, F64_QUIET,
    f64_eq f64_ne f64_lt f64_gt f64_le f64_ge
    f64_abs f64_neg f64_ceil f64_floor f64_trunc f64_nearest f64_sqrt
    f64_add f64_sub f64_mul f64_div f64_min f64_max f64_copysign);

#[cfg(test)]
mod tests {
    use super::*;

    fn is_arith32(x: f32) -> bool {
        x.is_nan() && x.to_bits() & F32_QUIET != 0
    }

    const SNAN32: f32 = f32::from_bits(0x7fa0_0000);
    const NEG_NAN64: f64 = f64::from_bits(0xfff8_0000_0000_0001);

    #[test]
    fn min_max_nan_and_signed_zero() {
        assert!(is_arith32(f32_min(1.0, SNAN32)));
        assert!(is_arith32(f32_max(SNAN32, 1.0)));
        assert!(f64_min(NEG_NAN64, 0.0).is_nan());
        assert_eq!(f32_min(0.0, -0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(f32_min(-0.0, 0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(f32_max(-0.0, 0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(f64_max(0.0, -0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(f64_min(-1.0, f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert_eq!(f64_max(-1.0, 2.0), 2.0);
    }

    #[test]
    fn sign_operators_keep_payloads() {
        assert_eq!(f32_neg(SNAN32).to_bits(), 0xffa0_0000);
        assert_eq!(f32_abs(f32::from_bits(0xffa0_0001)).to_bits(), 0x7fa0_0001);
        assert_eq!(f32_copysign(SNAN32, -1.0).to_bits(), 0xffa0_0000);
        assert_eq!(f64_abs(NEG_NAN64).to_bits(), 0x7ff8_0000_0000_0001);
        assert_eq!(f64_copysign(1.0, -0.0), -1.0);
        assert_eq!(f64_neg(0.0).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn rounding() {
        assert_eq!(f32_nearest(2.5), 2.0);
        assert_eq!(f32_nearest(3.5), 4.0);
        assert_eq!(f32_nearest(-0.5).to_bits(), (-0.0f32).to_bits());
        assert_eq!(
            f64_nearest(4_503_599_627_370_497.0),
            4_503_599_627_370_497.0
        );
        assert_eq!(f64_ceil(-0.5).to_bits(), (-0.0f64).to_bits());
        assert_eq!(f64_floor(-0.5), -1.0);
        assert_eq!(f32_trunc(-1.9), -1.0);
        assert_eq!(f32_ceil(SNAN32).to_bits(), 0x7fe0_0000);
        assert!(is_arith32(f32_nearest(SNAN32)));
        assert!(f32_sqrt(-1.0).is_nan());
        assert_eq!(f64_sqrt(-0.0).to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn arithmetic_nans_are_quiet() {
        assert!(is_arith32(f32_add(SNAN32, 1.0)));
        assert!(is_arith32(f32_mul(f32::INFINITY, 0.0)));
        assert!(is_arith32(f32_div(0.0, 0.0)));
        assert_eq!(f32_lt(SNAN32, 1.0), 0);
        assert_eq!(f32_ne(SNAN32, SNAN32), 1);
        assert_eq!(f64_le(-0.0, 0.0), 1);
    }
}
