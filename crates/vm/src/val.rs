//! `ValRaw`: one WebAssembly value, untyped, in a fixed 16-byte slot.
//!
//! Everything that moves values between tiers and the host without knowing
//! their types uses this encoding: the uniform call entry's
//! `args_and_results` array, globals ([`VMGlobalDefinition`] stores the
//! same bytes) and the interpreter's operand stack. The type is always
//! known from context (a function or global type), so no tag is stored.
//!
//! Encoding: little-endian, the value in the low bytes, the rest zero.
//! Floats are stored as their bit patterns (so NaN payloads survive), a
//! `funcref` as the address of its [`VMFuncRef`] (null = `ref.null func`),
//! an `externref` as a non-zero id handed out by the runtime (0 = `ref.null
//! extern`).
//!
//! [`VMGlobalDefinition`]: crate::VMGlobalDefinition

use std::fmt;

use crate::VMFuncRef;

/// One untyped WebAssembly value; see the [module docs](self).
///
/// # Invariants
/// Bytes past the value's width are zero when built by a constructor, so
/// two slots holding the same value compare equal byte for byte.
#[repr(C, align(16))]
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ValRaw([u8; 16]);

impl ValRaw {
    /// The all-zero slot: `0` of every numeric type, and null for both
    /// reference types.
    pub const ZERO: ValRaw = ValRaw([0; 16]);

    #[inline]
    const fn from_u128(v: u128) -> ValRaw {
        ValRaw(v.to_le_bytes())
    }

    /// An `i32` (sign is irrelevant: the bits are stored zero-extended).
    #[inline]
    pub const fn i32(v: i32) -> ValRaw {
        Self::from_u128(v as u32 as u128)
    }

    /// An `i64`.
    #[inline]
    pub const fn i64(v: i64) -> ValRaw {
        Self::from_u128(v as u64 as u128)
    }

    /// An `f32` from its bits.
    #[inline]
    pub const fn f32(bits: u32) -> ValRaw {
        Self::from_u128(bits as u128)
    }

    /// An `f64` from its bits.
    #[inline]
    pub const fn f64(bits: u64) -> ValRaw {
        Self::from_u128(bits as u128)
    }

    /// A `v128`.
    #[inline]
    pub const fn v128(v: u128) -> ValRaw {
        Self::from_u128(v)
    }

    /// A `funcref`; null is `ref.null func`.
    #[inline]
    pub fn funcref(f: *mut VMFuncRef) -> ValRaw {
        Self::from_u128(f as usize as u128)
    }

    /// An `externref` id; 0 is `ref.null extern`.
    #[inline]
    pub const fn externref(id: u64) -> ValRaw {
        Self::from_u128(id as u128)
    }

    #[inline]
    const fn as_u128(self) -> u128 {
        u128::from_le_bytes(self.0)
    }

    /// The low 32 bits as an `i32`.
    #[inline]
    pub const fn get_i32(self) -> i32 {
        self.as_u128() as u32 as i32
    }

    /// The low 64 bits as an `i64`.
    #[inline]
    pub const fn get_i64(self) -> i64 {
        self.as_u128() as u64 as i64
    }

    /// The bits of an `f32`.
    #[inline]
    pub const fn get_f32(self) -> u32 {
        self.as_u128() as u32
    }

    /// The bits of an `f64`.
    #[inline]
    pub const fn get_f64(self) -> u64 {
        self.as_u128() as u64
    }

    /// All 128 bits.
    #[inline]
    pub const fn get_v128(self) -> u128 {
        self.as_u128()
    }

    /// A `funcref` (null for `ref.null func`).
    #[inline]
    pub fn get_funcref(self) -> *mut VMFuncRef {
        self.as_u128() as usize as *mut VMFuncRef
    }

    /// An `externref` id (0 for `ref.null extern`).
    #[inline]
    pub const fn get_externref(self) -> u64 {
        self.as_u128() as u64
    }

    /// The 16 raw bytes.
    #[inline]
    pub const fn to_bytes(self) -> [u8; 16] {
        self.0
    }

    /// A slot from 16 raw bytes.
    #[inline]
    pub const fn from_bytes(bytes: [u8; 16]) -> ValRaw {
        ValRaw(bytes)
    }
}

impl fmt::Debug for ValRaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ValRaw({:#034x})", self.as_u128())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        assert_eq!(std::mem::size_of::<ValRaw>(), 16);
        assert_eq!(std::mem::align_of::<ValRaw>(), 16);
    }

    #[test]
    fn round_trips_and_zero_upper_bytes() {
        let v = ValRaw::i32(-1);
        assert_eq!(v.get_i32(), -1);
        assert_eq!(v.get_i64(), 0xffff_ffff, "i32 is zero-extended");
        assert_eq!(ValRaw::i64(i64::MIN).get_i64(), i64::MIN);
        assert_eq!(ValRaw::i64(-1).get_v128(), u64::MAX as u128);
        let nan = 0x7fc0_0001;
        assert_eq!(ValRaw::f32(nan).get_f32(), nan);
        assert_eq!(
            ValRaw::f64(0xfff8_0000_0000_0001).get_f64(),
            0xfff8_0000_0000_0001
        );
        let v = 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10_u128;
        assert_eq!(ValRaw::v128(v).get_v128(), v);
        assert_eq!(ValRaw::v128(v).to_bytes()[0], 0x10, "little-endian");
        assert_eq!(ValRaw::externref(7).get_externref(), 7);
        assert!(
            ValRaw::funcref(std::ptr::null_mut())
                .get_funcref()
                .is_null()
        );
        assert_eq!(ValRaw::ZERO, ValRaw::externref(0));
        assert_eq!(ValRaw::i32(5), ValRaw::i64(5));
    }
}
