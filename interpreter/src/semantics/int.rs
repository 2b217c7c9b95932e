//! Integer operators on `i32` and `i64`: tests, comparisons, bit counts,
//! arithmetic (division and remainder trap), bitwise, shifts and rotates
//! (count taken modulo the width), and the sign-extension operators.
//!
//! Both widths come from one macro so they cannot drift apart; unsigned
//! operators reinterpret the signed operands.

use super::NumTrap;

/// `1` for true, `0` for false: the wasm encoding of a comparison result.
#[inline]
fn b(x: bool) -> i32 {
    i32::from(x)
}

macro_rules! int_ops {
    ($s:ty, $u:ty,
     $eqz:ident $eq:ident $ne:ident $lt_s:ident $lt_u:ident $gt_s:ident $gt_u:ident
     $le_s:ident $le_u:ident $ge_s:ident $ge_u:ident
     $clz:ident $ctz:ident $popcnt:ident $add:ident $sub:ident $mul:ident
     $div_s:ident $div_u:ident $rem_s:ident $rem_u:ident $and:ident $or:ident $xor:ident
     $shl:ident $shr_s:ident $shr_u:ident $rotl:ident $rotr:ident
     $ext8:ident $ext16:ident) => {
        #[inline]
        pub(crate) fn $eqz(a: $s) -> i32 {
            b(a == 0)
        }
        #[inline]
        pub(crate) fn $eq(a: $s, c: $s) -> i32 {
            b(a == c)
        }
        #[inline]
        pub(crate) fn $ne(a: $s, c: $s) -> i32 {
            b(a != c)
        }
        #[inline]
        pub(crate) fn $lt_s(a: $s, c: $s) -> i32 {
            b(a < c)
        }
        #[inline]
        pub(crate) fn $lt_u(a: $s, c: $s) -> i32 {
            b((a as $u) < (c as $u))
        }
        #[inline]
        pub(crate) fn $gt_s(a: $s, c: $s) -> i32 {
            b(a > c)
        }
        #[inline]
        pub(crate) fn $gt_u(a: $s, c: $s) -> i32 {
            b((a as $u) > (c as $u))
        }
        #[inline]
        pub(crate) fn $le_s(a: $s, c: $s) -> i32 {
            b(a <= c)
        }
        #[inline]
        pub(crate) fn $le_u(a: $s, c: $s) -> i32 {
            b((a as $u) <= (c as $u))
        }
        #[inline]
        pub(crate) fn $ge_s(a: $s, c: $s) -> i32 {
            b(a >= c)
        }
        #[inline]
        pub(crate) fn $ge_u(a: $s, c: $s) -> i32 {
            b((a as $u) >= (c as $u))
        }

        #[inline]
        pub(crate) fn $clz(a: $s) -> $s {
            a.leading_zeros() as $s
        }
        #[inline]
        pub(crate) fn $ctz(a: $s) -> $s {
            a.trailing_zeros() as $s
        }
        #[inline]
        pub(crate) fn $popcnt(a: $s) -> $s {
            a.count_ones() as $s
        }

        #[inline]
        pub(crate) fn $add(a: $s, c: $s) -> $s {
            a.wrapping_add(c)
        }
        #[inline]
        pub(crate) fn $sub(a: $s, c: $s) -> $s {
            a.wrapping_sub(c)
        }
        #[inline]
        pub(crate) fn $mul(a: $s, c: $s) -> $s {
            a.wrapping_mul(c)
        }

        /// Signed division, truncating toward zero; traps on a zero divisor
        /// and on `MIN / -1` (the quotient is not representable).
        #[inline]
        pub(crate) fn $div_s(a: $s, c: $s) -> Result<$s, NumTrap> {
            if c == 0 {
                return Err(NumTrap::DivByZero);
            }
            a.checked_div(c).ok_or(NumTrap::Overflow)
        }
        /// Unsigned division; traps on a zero divisor.
        #[inline]
        pub(crate) fn $div_u(a: $s, c: $s) -> Result<$s, NumTrap> {
            match (a as $u).checked_div(c as $u) {
                Some(q) => Ok(q as $s),
                None => Err(NumTrap::DivByZero),
            }
        }
        /// Signed remainder, with the dividend's sign; traps on a zero
        /// divisor only (`MIN % -1` is 0).
        #[inline]
        pub(crate) fn $rem_s(a: $s, c: $s) -> Result<$s, NumTrap> {
            if c == 0 {
                return Err(NumTrap::DivByZero);
            }
            Ok(a.wrapping_rem(c))
        }
        /// Unsigned remainder; traps on a zero divisor.
        #[inline]
        pub(crate) fn $rem_u(a: $s, c: $s) -> Result<$s, NumTrap> {
            match (a as $u).checked_rem(c as $u) {
                Some(r) => Ok(r as $s),
                None => Err(NumTrap::DivByZero),
            }
        }

        #[inline]
        pub(crate) fn $and(a: $s, c: $s) -> $s {
            a & c
        }
        #[inline]
        pub(crate) fn $or(a: $s, c: $s) -> $s {
            a | c
        }
        #[inline]
        pub(crate) fn $xor(a: $s, c: $s) -> $s {
            a ^ c
        }
        /// Shift left; the count is taken modulo the bit width.
        #[inline]
        pub(crate) fn $shl(a: $s, c: $s) -> $s {
            a.wrapping_shl(c as u32)
        }
        /// Arithmetic shift right; the count is taken modulo the bit width.
        #[inline]
        pub(crate) fn $shr_s(a: $s, c: $s) -> $s {
            a.wrapping_shr(c as u32)
        }
        /// Logical shift right; the count is taken modulo the bit width.
        #[inline]
        pub(crate) fn $shr_u(a: $s, c: $s) -> $s {
            (a as $u).wrapping_shr(c as u32) as $s
        }
        /// Rotate left; the count is taken modulo the bit width.
        #[inline]
        pub(crate) fn $rotl(a: $s, c: $s) -> $s {
            a.rotate_left((c as u32) % <$s>::BITS)
        }
        /// Rotate right; the count is taken modulo the bit width.
        #[inline]
        pub(crate) fn $rotr(a: $s, c: $s) -> $s {
            a.rotate_right((c as u32) % <$s>::BITS)
        }

        /// Sign-extends the low 8 bits.
        #[inline]
        pub(crate) fn $ext8(a: $s) -> $s {
            a as i8 as $s
        }
        /// Sign-extends the low 16 bits.
        #[inline]
        pub(crate) fn $ext16(a: $s) -> $s {
            a as i16 as $s
        }
    };
}

int_ops!(i32, u32,
    i32_eqz i32_eq i32_ne i32_lt_s i32_lt_u i32_gt_s i32_gt_u i32_le_s i32_le_u i32_ge_s i32_ge_u
    i32_clz i32_ctz i32_popcnt i32_add i32_sub i32_mul
    i32_div_s i32_div_u i32_rem_s i32_rem_u i32_and i32_or i32_xor
    i32_shl i32_shr_s i32_shr_u i32_rotl i32_rotr
    i32_extend8_s i32_extend16_s);

int_ops!(i64, u64,
    i64_eqz i64_eq i64_ne i64_lt_s i64_lt_u i64_gt_s i64_gt_u i64_le_s i64_le_u i64_ge_s i64_ge_u
    i64_clz i64_ctz i64_popcnt i64_add i64_sub i64_mul
    i64_div_s i64_div_u i64_rem_s i64_rem_u i64_and i64_or i64_xor
    i64_shl i64_shr_s i64_shr_u i64_rotl i64_rotr
    i64_extend8_s i64_extend16_s);

/// Sign-extends the low 32 bits.
#[inline]
pub(crate) fn i64_extend32_s(a: i64) -> i64 {
    a as i32 as i64
}

/// `i32.wrap_i64`: keeps the low 32 bits.
#[inline]
pub(crate) fn i32_wrap_i64(a: i64) -> i32 {
    a as i32
}

/// `i64.extend_i32_s`: sign extension.
#[inline]
pub(crate) fn i64_extend_i32_s(a: i32) -> i64 {
    i64::from(a)
}

/// `i64.extend_i32_u`: zero extension.
#[inline]
pub(crate) fn i64_extend_i32_u(a: i32) -> i64 {
    i64::from(a as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_traps_and_boundaries() {
        assert_eq!(i32_div_s(i32::MIN, -1), Err(NumTrap::Overflow));
        assert_eq!(i64_div_s(i64::MIN, -1), Err(NumTrap::Overflow));
        assert_eq!(i32_div_s(1, 0), Err(NumTrap::DivByZero));
        assert_eq!(i32_div_u(1, 0), Err(NumTrap::DivByZero));
        assert_eq!(i64_rem_s(1, 0), Err(NumTrap::DivByZero));
        assert_eq!(i64_rem_u(1, 0), Err(NumTrap::DivByZero));
        // Division by zero wins over overflow: MIN / 0 is a divide by zero.
        assert_eq!(i32_div_s(i32::MIN, 0), Err(NumTrap::DivByZero));
        assert_eq!(i32_rem_s(i32::MIN, -1), Ok(0));
        assert_eq!(i64_rem_s(i64::MIN, -1), Ok(0));
        assert_eq!(i32_div_s(-7, 2), Ok(-3));
        assert_eq!(i32_rem_s(-7, 2), Ok(-1));
        assert_eq!(i32_rem_s(7, -2), Ok(1));
        assert_eq!(i32_div_u(-1, 2), Ok(0x7fff_ffff));
        assert_eq!(i32_rem_u(-1, 10), Ok(5));
        assert_eq!(i64_div_u(-1, -1), Ok(1));
    }

    #[test]
    fn shifts_and_rotates_take_count_modulo_width() {
        assert_eq!(i32_shl(1, 33), 2);
        assert_eq!(i32_shl(1, -1), i32::MIN);
        assert_eq!(i32_shr_s(i32::MIN, 31), -1);
        assert_eq!(i32_shr_s(i32::MIN, 32), i32::MIN);
        assert_eq!(i32_shr_u(i32::MIN, 31), 1);
        assert_eq!(i64_shr_u(-1, 64 + 63), 1);
        assert_eq!(i32_rotl(0x8000_0001u32 as i32, 1), 3);
        assert_eq!(i32_rotr(3, -31), 0x8000_0001u32 as i32);
        assert_eq!(i64_rotl(1, 65), 2);
        assert_eq!(i64_rotr(1, i64::MIN + 1), i64::MIN);
    }

    #[test]
    fn counts_extensions_and_comparisons() {
        assert_eq!(i32_clz(0), 32);
        assert_eq!(i64_ctz(0), 64);
        assert_eq!(i32_popcnt(-1), 32);
        assert_eq!(i32_extend8_s(0x80), -128);
        assert_eq!(i32_extend16_s(0x1_7fff), 0x7fff);
        assert_eq!(i64_extend32_s(0xffff_ffff), -1);
        assert_eq!(i64_extend_i32_u(-1), 0xffff_ffff);
        assert_eq!(i32_wrap_i64(0x1_0000_0005), 5);
        assert_eq!(i32_lt_u(-1, 0), 0);
        assert_eq!(i32_lt_s(-1, 0), 1);
        assert_eq!(i64_ge_u(i64::MIN, i64::MAX), 1);
        assert_eq!(i64_eqz(0), 1);
    }
}
