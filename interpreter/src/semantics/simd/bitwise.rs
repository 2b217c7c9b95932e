//! Whole-vector bitwise operators and `v128.any_true`.

#[inline]
pub(crate) fn v128_not(a: u128) -> u128 {
    !a
}
#[inline]
pub(crate) fn v128_and(a: u128, b: u128) -> u128 {
    a & b
}
/// `a & !b`.
#[inline]
pub(crate) fn v128_andnot(a: u128, b: u128) -> u128 {
    a & !b
}
#[inline]
pub(crate) fn v128_or(a: u128, b: u128) -> u128 {
    a | b
}
#[inline]
pub(crate) fn v128_xor(a: u128, b: u128) -> u128 {
    a ^ b
}
/// Bits of `a` where `c` is 1, bits of `b` where `c` is 0.
#[inline]
pub(crate) fn v128_bitselect(a: u128, b: u128, c: u128) -> u128 {
    (a & c) | (b & !c)
}
/// 1 if any bit is set.
#[inline]
pub(crate) fn v128_any_true(a: u128) -> i32 {
    i32::from(a != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitwise() {
        assert_eq!(v128_andnot(0b1100, 0b1010), 0b0100);
        assert_eq!(
            v128_bitselect(0xff00, 0x0ff0, 0xf0f0),
            0xf0f0 & 0xff00 | 0x0ff0 & !0xf0f0
        );
        assert_eq!(v128_any_true(1 << 127), 1);
        assert_eq!(v128_any_true(0), 0);
        assert_eq!(v128_not(0), u128::MAX);
    }
}
