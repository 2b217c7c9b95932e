//! Operators that change the lane width: saturating narrowing, extension
//! of the low or high half, extended multiplication, pairwise extended
//! addition, and the two multiplications that combine products
//! (`i32x4.dot_i16x8_s`, `i16x8.q15mulr_sat_s`).

use super::{build, count, lane};

/// Narrowing: lanes of `a` then lanes of `b`, each clamped to the narrow
/// type's range.
macro_rules! narrow {
    ($name:ident, $wide:ty => $narrow:ty) => {
        #[inline]
        pub(crate) fn $name(a: u128, b: u128) -> u128 {
            let half = count::<$wide>();
            build(|i| {
                let x: $wide = if i < half {
                    lane(a, i)
                } else {
                    lane(b, i - half)
                };
                x.clamp(<$wide>::from(<$narrow>::MIN), <$wide>::from(<$narrow>::MAX)) as $narrow
            })
        }
    };
}

narrow!(i8x16_narrow_i16x8_s, i16 => i8);
narrow!(i8x16_narrow_i16x8_u, i16 => u8);
narrow!(i16x8_narrow_i32x4_s, i32 => i16);
narrow!(i16x8_narrow_i32x4_u, i32 => u16);

/// Extension, extended multiplication and pairwise addition from lanes of
/// `$narrow` to lanes of `$wide` (one signedness).
macro_rules! widen {
    ($narrow:ty => $wide:ty;
     $ext_low:ident $ext_high:ident $mul_low:ident $mul_high:ident $($pairwise:ident)?) => {
        #[inline]
        pub(crate) fn $ext_low(a: u128) -> u128 {
            build(|i| <$wide>::from(lane::<$narrow>(a, i)))
        }
        #[inline]
        pub(crate) fn $ext_high(a: u128) -> u128 {
            let half = count::<$wide>();
            build(|i| <$wide>::from(lane::<$narrow>(a, i + half)))
        }
        #[inline]
        pub(crate) fn $mul_low(a: u128, b: u128) -> u128 {
            build(|i| <$wide>::from(lane::<$narrow>(a, i)).wrapping_mul(<$wide>::from(lane::<$narrow>(b, i))))
        }
        #[inline]
        pub(crate) fn $mul_high(a: u128, b: u128) -> u128 {
            let half = count::<$wide>();
            build(|i| {
                <$wide>::from(lane::<$narrow>(a, i + half)).wrapping_mul(<$wide>::from(lane::<$narrow>(b, i + half)))
            })
        }
        $(
            /// Sums of adjacent lane pairs, extended.
            #[inline]
            pub(crate) fn $pairwise(a: u128) -> u128 {
                build(|i| {
                    <$wide>::from(lane::<$narrow>(a, 2 * i)).wrapping_add(<$wide>::from(lane::<$narrow>(a, 2 * i + 1)))
                })
            }
        )?
    };
}

widen!(i8 => i16; i16x8_extend_low_i8x16_s i16x8_extend_high_i8x16_s
    i16x8_extmul_low_i8x16_s i16x8_extmul_high_i8x16_s i16x8_extadd_pairwise_i8x16_s);
widen!(u8 => u16; i16x8_extend_low_i8x16_u i16x8_extend_high_i8x16_u
    i16x8_extmul_low_i8x16_u i16x8_extmul_high_i8x16_u i16x8_extadd_pairwise_i8x16_u);
widen!(i16 => i32; i32x4_extend_low_i16x8_s i32x4_extend_high_i16x8_s
    i32x4_extmul_low_i16x8_s i32x4_extmul_high_i16x8_s i32x4_extadd_pairwise_i16x8_s);
widen!(u16 => u32; i32x4_extend_low_i16x8_u i32x4_extend_high_i16x8_u
    i32x4_extmul_low_i16x8_u i32x4_extmul_high_i16x8_u i32x4_extadd_pairwise_i16x8_u);
widen!(i32 => i64; i64x2_extend_low_i32x4_s i64x2_extend_high_i32x4_s
    i64x2_extmul_low_i32x4_s i64x2_extmul_high_i32x4_s);
widen!(u32 => u64; i64x2_extend_low_i32x4_u i64x2_extend_high_i32x4_u
    i64x2_extmul_low_i32x4_u i64x2_extmul_high_i32x4_u);

/// Lane `i` is `a[2i]*b[2i] + a[2i+1]*b[2i+1]` of the signed 16-bit lanes,
/// wrapping (only `2 * (-32768)^2` wraps).
#[inline]
pub(crate) fn i32x4_dot_i16x8_s(a: u128, b: u128) -> u128 {
    let p = |j| i32::from(lane::<i16>(a, j)) * i32::from(lane::<i16>(b, j));
    build(|i| p(2 * i).wrapping_add(p(2 * i + 1)))
}

/// Q15 fixed-point multiplication, rounded and saturated:
/// `sat((a * b + 2^14) >> 15)`.
#[inline]
pub(crate) fn i16x8_q15mulr_sat_s(a: u128, b: u128) -> u128 {
    build(|i| {
        let p = i32::from(lane::<i16>(a, i)) * i32::from(lane::<i16>(b, i));
        ((p + 0x4000) >> 15).clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
    })
}

#[cfg(test)]
mod tests {
    use super::super::{i8x16_splat, i16x8_splat, i32x4_splat, i64x2_splat};
    use super::*;

    #[test]
    fn narrowing_saturates() {
        let a = i16x8_splat(300);
        let b = i16x8_splat(-300);
        assert_eq!(
            i8x16_narrow_i16x8_s(a, b),
            u128::from_le_bytes([[127; 8], [0x80; 8]].concat().try_into().unwrap())
        );
        assert_eq!(
            i8x16_narrow_i16x8_u(a, b),
            u128::from_le_bytes([[255; 8], [0; 8]].concat().try_into().unwrap())
        );
        assert_eq!(
            i16x8_narrow_i32x4_u(i32x4_splat(-1), i32x4_splat(65536)),
            i64x2_splat(-1) << 64
        );
    }

    #[test]
    fn widening() {
        assert_eq!(i16x8_extend_high_i8x16_s(0x80 << 64), 0xff80);
        assert_eq!(i16x8_extend_high_i8x16_u(0x80 << 64), 0x0080);
        assert_eq!(
            i64x2_extmul_low_i32x4_u(u128::MAX, u128::MAX),
            i64x2_splat(0xffff_fffe_0000_0001u64 as i64)
        );
        assert_eq!(
            i16x8_extadd_pairwise_i8x16_s(i8x16_splat(-128)),
            i16x8_splat(-256)
        );
        assert_eq!(
            i32x4_extadd_pairwise_i16x8_u(i16x8_splat(-1)),
            i32x4_splat(0x1fffe)
        );
        assert_eq!(
            i32x4_dot_i16x8_s(i16x8_splat(-32768), i16x8_splat(-32768)),
            i32x4_splat(i32::MIN)
        );
        assert_eq!(
            i16x8_q15mulr_sat_s(i16x8_splat(-32768), i16x8_splat(-32768)),
            i16x8_splat(32767)
        );
        assert_eq!(
            i16x8_q15mulr_sat_s(i16x8_splat(16384), i16x8_splat(1)),
            i16x8_splat(1)
        );
    }
}
