//! Moving values between scalars and lanes: splats, lane extraction and
//! replacement, `i8x16.shuffle`/`swizzle`, and the lane-building helpers the
//! executor needs for SIMD loads and lane stores (the memory access itself
//! is the executor's; these take and return the bytes read or written).
//!
//! Lane immediates come last and are reduced modulo the lane count (the
//! validator already rejected out-of-range ones).

use super::{build, lane, replace};

#[inline]
pub(crate) fn i8x16_splat(x: i32) -> u128 {
    build(|_| x as u8)
}
#[inline]
pub(crate) fn i16x8_splat(x: i32) -> u128 {
    build(|_| x as u16)
}
#[inline]
pub(crate) fn i32x4_splat(x: i32) -> u128 {
    build(|_| x)
}
#[inline]
pub(crate) fn i64x2_splat(x: i64) -> u128 {
    build(|_| x)
}
#[inline]
pub(crate) fn f32x4_splat(x: f32) -> u128 {
    build(|_| x)
}
#[inline]
pub(crate) fn f64x2_splat(x: f64) -> u128 {
    build(|_| x)
}

#[inline]
pub(crate) fn i8x16_extract_lane_s(v: u128, i: u8) -> i32 {
    i32::from(lane::<i8>(v, u32::from(i)))
}
#[inline]
pub(crate) fn i8x16_extract_lane_u(v: u128, i: u8) -> i32 {
    i32::from(lane::<u8>(v, u32::from(i)))
}
#[inline]
pub(crate) fn i16x8_extract_lane_s(v: u128, i: u8) -> i32 {
    i32::from(lane::<i16>(v, u32::from(i)))
}
#[inline]
pub(crate) fn i16x8_extract_lane_u(v: u128, i: u8) -> i32 {
    i32::from(lane::<u16>(v, u32::from(i)))
}
#[inline]
pub(crate) fn i32x4_extract_lane(v: u128, i: u8) -> i32 {
    lane(v, u32::from(i))
}
#[inline]
pub(crate) fn i64x2_extract_lane(v: u128, i: u8) -> i64 {
    lane(v, u32::from(i))
}
/// The lane's bits unchanged (a NaN keeps its payload).
#[inline]
pub(crate) fn f32x4_extract_lane(v: u128, i: u8) -> f32 {
    lane(v, u32::from(i))
}
/// The lane's bits unchanged (a NaN keeps its payload).
#[inline]
pub(crate) fn f64x2_extract_lane(v: u128, i: u8) -> f64 {
    lane(v, u32::from(i))
}

#[inline]
pub(crate) fn i8x16_replace_lane(v: u128, x: i32, i: u8) -> u128 {
    replace(v, u32::from(i), x as u8)
}
#[inline]
pub(crate) fn i16x8_replace_lane(v: u128, x: i32, i: u8) -> u128 {
    replace(v, u32::from(i), x as u16)
}
#[inline]
pub(crate) fn i32x4_replace_lane(v: u128, x: i32, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}
#[inline]
pub(crate) fn i64x2_replace_lane(v: u128, x: i64, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}
#[inline]
pub(crate) fn f32x4_replace_lane(v: u128, x: f32, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}
#[inline]
pub(crate) fn f64x2_replace_lane(v: u128, x: f64, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}

/// Byte `i` of the result is byte `lanes[i]` of the 32-byte concatenation
/// `a ++ b` (indices modulo 32; validation keeps them below 32).
#[inline]
pub(crate) fn i8x16_shuffle(a: u128, b: u128, lanes: [u8; 16]) -> u128 {
    let (a, b) = (a.to_le_bytes(), b.to_le_bytes());
    u128::from_le_bytes(core::array::from_fn(|i| {
        let j = usize::from(lanes[i] & 31);
        if j < 16 { a[j] } else { b[j - 16] }
    }))
}

/// Byte `i` of the result is byte `s[i]` of `a`, or 0 when `s[i] >= 16`.
#[inline]
pub(crate) fn i8x16_swizzle(a: u128, s: u128) -> u128 {
    let (a, s) = (a.to_le_bytes(), s.to_le_bytes());
    u128::from_le_bytes(core::array::from_fn(|i| {
        a.get(usize::from(s[i])).copied().unwrap_or(0)
    }))
}

// Loads: the executor reads the bytes (little-endian) and builds the vector.

/// `v128.load8x8_s`: eight bytes, each sign-extended to 16 bits.
#[inline]
pub(crate) fn v128_load8x8_s(bytes: u64) -> u128 {
    build(|i| i16::from(lane::<i8>(u128::from(bytes), i)))
}
/// `v128.load8x8_u`: eight bytes, each zero-extended to 16 bits.
#[inline]
pub(crate) fn v128_load8x8_u(bytes: u64) -> u128 {
    build(|i| u16::from(lane::<u8>(u128::from(bytes), i)))
}
/// `v128.load16x4_s`: four 16-bit values, sign-extended to 32 bits.
#[inline]
pub(crate) fn v128_load16x4_s(bytes: u64) -> u128 {
    build(|i| i32::from(lane::<i16>(u128::from(bytes), i)))
}
/// `v128.load16x4_u`: four 16-bit values, zero-extended to 32 bits.
#[inline]
pub(crate) fn v128_load16x4_u(bytes: u64) -> u128 {
    build(|i| u32::from(lane::<u16>(u128::from(bytes), i)))
}
/// `v128.load32x2_s`: two 32-bit values, sign-extended to 64 bits.
#[inline]
pub(crate) fn v128_load32x2_s(bytes: u64) -> u128 {
    build(|i| i64::from(lane::<i32>(u128::from(bytes), i)))
}
/// `v128.load32x2_u`: two 32-bit values, zero-extended to 64 bits.
#[inline]
pub(crate) fn v128_load32x2_u(bytes: u64) -> u128 {
    build(|i| u64::from(lane::<u32>(u128::from(bytes), i)))
}
#[inline]
pub(crate) fn v128_load8_splat(x: u8) -> u128 {
    build(|_| x)
}
#[inline]
pub(crate) fn v128_load16_splat(x: u16) -> u128 {
    build(|_| x)
}
#[inline]
pub(crate) fn v128_load32_splat(x: u32) -> u128 {
    build(|_| x)
}
#[inline]
pub(crate) fn v128_load64_splat(x: u64) -> u128 {
    build(|_| x)
}
/// `v128.load32_zero`: the value in lane 0, zeros elsewhere.
#[inline]
pub(crate) fn v128_load32_zero(x: u32) -> u128 {
    u128::from(x)
}
/// `v128.load64_zero`: the value in lane 0, zeros elsewhere.
#[inline]
pub(crate) fn v128_load64_zero(x: u64) -> u128 {
    u128::from(x)
}
#[inline]
pub(crate) fn v128_load8_lane(v: u128, x: u8, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}
#[inline]
pub(crate) fn v128_load16_lane(v: u128, x: u16, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}
#[inline]
pub(crate) fn v128_load32_lane(v: u128, x: u32, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}
#[inline]
pub(crate) fn v128_load64_lane(v: u128, x: u64, i: u8) -> u128 {
    replace(v, u32::from(i), x)
}
/// `v128.store8_lane`: the byte to store.
#[inline]
pub(crate) fn v128_store8_lane(v: u128, i: u8) -> u8 {
    lane(v, u32::from(i))
}
#[inline]
pub(crate) fn v128_store16_lane(v: u128, i: u8) -> u16 {
    lane(v, u32::from(i))
}
#[inline]
pub(crate) fn v128_store32_lane(v: u128, i: u8) -> u32 {
    lane(v, u32::from(i))
}
#[inline]
pub(crate) fn v128_store64_lane(v: u128, i: u8) -> u64 {
    lane(v, u32::from(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_and_swizzle() {
        let a = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
        let b = u128::from_le_bytes(core::array::from_fn(|i| 0x10 + i as u8));
        let rev: [u8; 16] = core::array::from_fn(|i| 31 - i as u8);
        assert_eq!(
            i8x16_shuffle(a, b, rev).to_le_bytes(),
            core::array::from_fn(|i| 0x1f - i as u8)
        );
        let s = u128::from_le_bytes([0, 15, 16, 255, 128, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
        assert_eq!(
            i8x16_swizzle(b, s).to_le_bytes(),
            [
                0x10, 0x1f, 0, 0, 0, 0x11, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
                0x13
            ]
        );
    }

    #[test]
    fn loads_and_lane_stores() {
        assert_eq!(v128_load8x8_s(0x80ff), 0xff80_ffff);
        assert_eq!(v128_load8x8_u(0x80ff), 0x0080_00ff);
        assert_eq!(v128_load32x2_s(0x8000_0000), 0xffff_ffff_8000_0000);
        assert_eq!(v128_load16x4_u(0x8000_0000_0000_0001), 0x8000 << 96 | 1);
        assert_eq!(
            v128_load16_splat(0xabcd),
            u128::from_le_bytes([0xcd, 0xab].repeat(8).try_into().unwrap())
        );
        assert_eq!(
            v128_load16x4_s(0x8000_0000_0000_0001),
            0xffff_8000 << 96 | 1
        );
        assert_eq!(
            v128_load32x2_u(0x8000_0000_0000_0001),
            0x8000_0000 << 64 | 1
        );
        assert_eq!(v128_load8_splat(0xab), u128::from_le_bytes([0xab; 16]));
        assert_eq!(
            v128_load32_splat(0x8000_0001),
            u128::from_le_bytes([1, 0, 0, 0x80].repeat(4).try_into().unwrap())
        );
        assert_eq!(v128_load64_splat(u64::MAX - 1), u128::MAX - 1 - (1 << 64));
        assert_eq!(v128_load32_zero(u32::MAX), u128::from(u32::MAX));
        assert_eq!(v128_load64_zero(u64::MAX), u128::from(u64::MAX));
        assert_eq!(v128_load8_lane(u128::MAX, 0, 15), u128::MAX >> 8);
        assert_eq!(v128_load16_lane(0, 0xffff, 1), 0xffff_0000);
        assert_eq!(v128_load32_lane(0, 5, 3), 5 << 96);
        assert_eq!(v128_load64_lane(0, 7, 1), 7 << 64);
        assert_eq!(v128_store8_lane(0xab << 120, 15), 0xab);
        assert_eq!(v128_store32_lane(0x1234_5678 << 32, 1), 0x1234_5678);
        assert_eq!(v128_store64_lane(u128::MAX - 1, 0), u64::MAX - 1);
        assert_eq!(v128_store16_lane(0x1234 << 112, 7), 0x1234);
        assert_eq!(i8x16_extract_lane_s(0x80 << 8, 1), -128);
        assert_eq!(i8x16_extract_lane_u(0x80 << 8, 1), 128);
        assert_eq!(
            f32x4_extract_lane(0x7fa0_0001 << 32, 1).to_bits(),
            0x7fa0_0001
        );
        assert_eq!(i16x8_replace_lane(u128::MAX, 0x1_0000, 0), u128::MAX << 16);
        assert_eq!(i64x2_splat(-2), u128::MAX - 1 - (1 << 64));
    }
}
