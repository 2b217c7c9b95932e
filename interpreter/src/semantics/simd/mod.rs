//! The fixed-width SIMD operators of WebAssembly 2.0 on `v128` values.
//!
//! A `v128` is a `u128` whose lane 0 is in the low bits (the wasm memory
//! layout read as little-endian). Every operator is built from three
//! helpers over the [`Lane`] trait: [`lane`] reads lane `i` of a shape,
//! [`build`] assembles a vector from a per-lane function, and [`replace`]
//! overwrites one lane. Float lanes use the scalar functions of
//! [`float`](super::float), so NaN rules are the scalar ones.
//!
//! ```text
//!   lanes.rs    splat, extract/replace lane, shuffle, swizzle, load helpers
//!   bitwise.rs  v128 not/and/andnot/or/xor/bitselect/any_true
//!   int.rs      integer lane arithmetic, shifts, all_true, bitmask
//!   widen.rs    narrow, extend, extmul, extadd_pairwise, dot, q15mulr
//!   cmp.rs      integer and float lane comparisons (all-ones / zero lanes)
//!   float.rs    float lane arithmetic and the lane conversions
//! ```

mod bitwise;
mod cmp;
mod float;
mod int;
mod lanes;
mod widen;

pub(crate) use bitwise::*;
pub(crate) use cmp::*;
pub(crate) use float::*;
pub(crate) use int::*;
pub(crate) use lanes::*;
pub(crate) use widen::*;

/// A lane type of some `v128` shape.
pub(crate) trait Lane: Copy {
    /// The lane width in bits; `128 / BITS` lanes fill a vector.
    const BITS: u32;
    /// The lane whose bits are the low `BITS` bits of `bits`.
    fn from_bits(bits: u128) -> Self;
    /// The lane's bits, zero-extended.
    fn to_bits(self) -> u128;
}

macro_rules! int_lane {
    ($($t:ty, $u:ty;)*) => {$(
        impl Lane for $t {
            const BITS: u32 = <$t>::BITS;
            #[inline]
            fn from_bits(bits: u128) -> Self {
                bits as $t
            }
            #[inline]
            fn to_bits(self) -> u128 {
                u128::from(self as $u)
            }
        }
    )*};
}

int_lane! {
    i8, u8; u8, u8; i16, u16; u16, u16; i32, u32; u32, u32; i64, u64; u64, u64;
}

impl Lane for f32 {
    const BITS: u32 = 32;
    #[inline]
    fn from_bits(bits: u128) -> Self {
        f32::from_bits(bits as u32)
    }
    #[inline]
    fn to_bits(self) -> u128 {
        u128::from(f32::to_bits(self))
    }
}

impl Lane for f64 {
    const BITS: u32 = 64;
    #[inline]
    fn from_bits(bits: u128) -> Self {
        f64::from_bits(bits as u64)
    }
    #[inline]
    fn to_bits(self) -> u128 {
        u128::from(f64::to_bits(self))
    }
}

/// The number of `T` lanes in a vector.
#[inline]
pub(crate) const fn count<T: Lane>() -> u32 {
    128 / T::BITS
}

/// Lane `i` of `v` read as `T`. `i` is reduced modulo the lane count.
#[inline]
pub(crate) fn lane<T: Lane>(v: u128, i: u32) -> T {
    T::from_bits(v >> ((i % count::<T>()) * T::BITS))
}

/// The vector whose lane `i` is `f(i)`.
#[inline]
pub(crate) fn build<T: Lane>(f: impl Fn(u32) -> T) -> u128 {
    let mut out = 0;
    for i in 0..count::<T>() {
        out |= f(i).to_bits() << (i * T::BITS);
    }
    out
}

/// `v` with lane `i` (modulo the lane count) set to `x`.
#[inline]
pub(crate) fn replace<T: Lane>(v: u128, i: u32, x: T) -> u128 {
    let shift = (i % count::<T>()) * T::BITS;
    let ones = u128::MAX >> (128 - T::BITS);
    (v & !(ones << shift)) | (x.to_bits() << shift)
}

/// Applies `f` to every `T` lane.
#[inline]
pub(crate) fn map<T: Lane, U: Lane>(v: u128, f: impl Fn(T) -> U) -> u128 {
    build(|i| f(lane(v, i)))
}

/// Applies `f` to every pair of corresponding `T` lanes.
#[inline]
pub(crate) fn zip<T: Lane, U: Lane>(a: u128, b: u128, f: impl Fn(T, T) -> U) -> u128 {
    build(|i| f(lane(a, i), lane(b, i)))
}

/// All-ones lanes where `f` holds, zero lanes elsewhere.
#[inline]
pub(crate) fn mask<T: Lane>(a: u128, b: u128, f: impl Fn(T, T) -> bool) -> u128 {
    let ones = u128::MAX >> (128 - T::BITS);
    let mut out = 0;
    for i in 0..count::<T>() {
        if f(lane(a, i), lane(b, i)) {
            out |= ones << (i * T::BITS);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_are_little_endian() {
        let v = u128::from_le_bytes(core::array::from_fn(|i| i as u8));
        assert_eq!(lane::<u8>(v, 0), 0);
        assert_eq!(lane::<u8>(v, 15), 15);
        assert_eq!(lane::<u16>(v, 1), 0x0302);
        assert_eq!(lane::<u32>(v, 3), 0x0f0e_0d0c);
        assert_eq!(lane::<i64>(v, 1), 0x0f0e_0d0c_0b0a_0908);
        assert_eq!(
            build::<u16>(|i| i as u16),
            0x0007_0006_0005_0004_0003_0002_0001_0000
        );
        assert_eq!(replace::<u32>(0, 2, 0xdead_beef), 0xdead_beef << 64);
        assert_eq!(replace::<i8>(u128::MAX, 1, 0), !0xff00);
        assert_eq!(mask::<i16>(0, build(|_| 1i16), |a, b| a < b), u128::MAX);
        assert_eq!(mask::<i16>(0, 1, |a, b| a < b), 0xffff);
    }
}
