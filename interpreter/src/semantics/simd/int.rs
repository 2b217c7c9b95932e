//! Integer lane arithmetic: wrapping and saturating add/sub, mul, min/max,
//! `avgr_u`, abs/neg, `popcnt`, shifts (count modulo the lane width),
//! `all_true` and `bitmask`.

use super::{Lane, build, count, lane, map, zip};

/// The operators every integer shape has: `$s`/`$u` are its signed and
/// unsigned lane types.
macro_rules! common {
    ($s:ty, $u:ty; $abs:ident $neg:ident $all_true:ident $bitmask:ident
     $shl:ident $shr_s:ident $shr_u:ident $add:ident $sub:ident) => {
        /// Lane-wise absolute value; `MIN` stays `MIN`.
        #[inline]
        pub(crate) fn $abs(a: u128) -> u128 {
            map(a, <$s>::wrapping_abs)
        }
        #[inline]
        pub(crate) fn $neg(a: u128) -> u128 {
            map(a, <$s>::wrapping_neg)
        }
        /// 1 if every lane is non-zero.
        #[inline]
        pub(crate) fn $all_true(a: u128) -> i32 {
            i32::from((0..count::<$u>()).all(|i| lane::<$u>(a, i) != 0))
        }
        /// Bit `i` of the result is the sign bit of lane `i`.
        #[inline]
        pub(crate) fn $bitmask(a: u128) -> i32 {
            (0..count::<$s>()).fold(0, |m, i| m | (i32::from(lane::<$s>(a, i) < 0) << i))
        }
        /// Shift left by `c` modulo the lane width.
        #[inline]
        pub(crate) fn $shl(a: u128, c: i32) -> u128 {
            let c = (c as u32) % <$u as Lane>::BITS;
            map(a, |x: $u| x << c)
        }
        /// Arithmetic shift right by `c` modulo the lane width.
        #[inline]
        pub(crate) fn $shr_s(a: u128, c: i32) -> u128 {
            let c = (c as u32) % <$u as Lane>::BITS;
            map(a, |x: $s| x >> c)
        }
        /// Logical shift right by `c` modulo the lane width.
        #[inline]
        pub(crate) fn $shr_u(a: u128, c: i32) -> u128 {
            let c = (c as u32) % <$u as Lane>::BITS;
            map(a, |x: $u| x >> c)
        }
        #[inline]
        pub(crate) fn $add(a: u128, b: u128) -> u128 {
            zip(a, b, <$u>::wrapping_add)
        }
        #[inline]
        pub(crate) fn $sub(a: u128, b: u128) -> u128 {
            zip(a, b, <$u>::wrapping_sub)
        }
    };
}

/// Saturating add/sub and the rounding average (8- and 16-bit lanes).
macro_rules! saturating {
    ($s:ty, $u:ty; $add_s:ident $add_u:ident $sub_s:ident $sub_u:ident $avgr:ident) => {
        #[inline]
        pub(crate) fn $add_s(a: u128, b: u128) -> u128 {
            zip(a, b, <$s>::saturating_add)
        }
        #[inline]
        pub(crate) fn $add_u(a: u128, b: u128) -> u128 {
            zip(a, b, <$u>::saturating_add)
        }
        #[inline]
        pub(crate) fn $sub_s(a: u128, b: u128) -> u128 {
            zip(a, b, <$s>::saturating_sub)
        }
        #[inline]
        pub(crate) fn $sub_u(a: u128, b: u128) -> u128 {
            zip(a, b, <$u>::saturating_sub)
        }
        /// Unsigned `(a + b + 1) / 2` without overflow.
        #[inline]
        pub(crate) fn $avgr(a: u128, b: u128) -> u128 {
            zip(a, b, |x: $u, y: $u| (x >> 1) + (y >> 1) + ((x | y) & 1))
        }
    };
}

/// Lane-wise min/max, signed and unsigned (8-, 16- and 32-bit lanes).
macro_rules! min_max {
    ($s:ty, $u:ty; $min_s:ident $min_u:ident $max_s:ident $max_u:ident) => {
        #[inline]
        pub(crate) fn $min_s(a: u128, b: u128) -> u128 {
            zip(a, b, <$s>::min)
        }
        #[inline]
        pub(crate) fn $min_u(a: u128, b: u128) -> u128 {
            zip(a, b, <$u>::min)
        }
        #[inline]
        pub(crate) fn $max_s(a: u128, b: u128) -> u128 {
            zip(a, b, <$s>::max)
        }
        #[inline]
        pub(crate) fn $max_u(a: u128, b: u128) -> u128 {
            zip(a, b, <$u>::max)
        }
    };
}

common!(i8, u8; i8x16_abs i8x16_neg i8x16_all_true i8x16_bitmask
    i8x16_shl i8x16_shr_s i8x16_shr_u i8x16_add i8x16_sub);
common!(i16, u16; i16x8_abs i16x8_neg i16x8_all_true i16x8_bitmask
    i16x8_shl i16x8_shr_s i16x8_shr_u i16x8_add i16x8_sub);
common!(i32, u32; i32x4_abs i32x4_neg i32x4_all_true i32x4_bitmask
    i32x4_shl i32x4_shr_s i32x4_shr_u i32x4_add i32x4_sub);
common!(i64, u64; i64x2_abs i64x2_neg i64x2_all_true i64x2_bitmask
    i64x2_shl i64x2_shr_s i64x2_shr_u i64x2_add i64x2_sub);

saturating!(i8, u8; i8x16_add_sat_s i8x16_add_sat_u i8x16_sub_sat_s i8x16_sub_sat_u i8x16_avgr_u);
saturating!(i16, u16; i16x8_add_sat_s i16x8_add_sat_u i16x8_sub_sat_s i16x8_sub_sat_u i16x8_avgr_u);

min_max!(i8, u8; i8x16_min_s i8x16_min_u i8x16_max_s i8x16_max_u);
min_max!(i16, u16; i16x8_min_s i16x8_min_u i16x8_max_s i16x8_max_u);
min_max!(i32, u32; i32x4_min_s i32x4_min_u i32x4_max_s i32x4_max_u);

#[inline]
pub(crate) fn i16x8_mul(a: u128, b: u128) -> u128 {
    zip(a, b, u16::wrapping_mul)
}
#[inline]
pub(crate) fn i32x4_mul(a: u128, b: u128) -> u128 {
    zip(a, b, u32::wrapping_mul)
}
#[inline]
pub(crate) fn i64x2_mul(a: u128, b: u128) -> u128 {
    zip(a, b, u64::wrapping_mul)
}

/// The number of set bits of each byte.
#[inline]
pub(crate) fn i8x16_popcnt(a: u128) -> u128 {
    build(|i| lane::<u8>(a, i).count_ones() as u8)
}

#[cfg(test)]
mod tests {
    use super::super::i8x16_splat;
    use super::*;

    #[test]
    fn lane_arithmetic_edges() {
        assert_eq!(i8x16_abs(i8x16_splat(-128)), i8x16_splat(-128));
        assert_eq!(
            i8x16_add_sat_s(i8x16_splat(100), i8x16_splat(100)),
            i8x16_splat(127)
        );
        assert_eq!(i8x16_sub_sat_u(i8x16_splat(1), i8x16_splat(2)), 0);
        assert_eq!(
            i8x16_avgr_u(i8x16_splat(255), i8x16_splat(254)),
            i8x16_splat(255)
        );
        assert_eq!(i8x16_avgr_u(i8x16_splat(1), i8x16_splat(2)), i8x16_splat(2));
        assert_eq!(i8x16_shl(i8x16_splat(1), 9), i8x16_splat(2));
        assert_eq!(i8x16_shr_s(i8x16_splat(-128), -1), i8x16_splat(-1));
        assert_eq!(i64x2_shr_u(u128::MAX, 127), (1 << 64) | 1);
        assert_eq!(i8x16_min_u(i8x16_splat(-1), i8x16_splat(1)), i8x16_splat(1));
        assert_eq!(
            i8x16_min_s(i8x16_splat(-1), i8x16_splat(1)),
            i8x16_splat(-1)
        );
        assert_eq!(i8x16_popcnt(i8x16_splat(0x55)), i8x16_splat(4));
    }

    #[test]
    fn all_true_and_bitmask() {
        assert_eq!(i32x4_all_true(u128::MAX), 1);
        assert_eq!(i32x4_all_true(u128::MAX >> 32), 0);
        assert_eq!(i8x16_all_true(u128::MAX >> 8), 0);
        assert_eq!(i8x16_bitmask(0x80 << 120 | 0x80), 0x8001);
        assert_eq!(i64x2_bitmask(1 << 127), 2);
        assert_eq!(i16x8_bitmask(u128::MAX), 0xff);
    }
}
