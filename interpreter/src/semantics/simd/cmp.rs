//! Lane comparisons: each result lane is all ones when the comparison
//! holds and zero otherwise. Float lanes compare as IEEE (any NaN makes
//! every comparison but `ne` false).

use super::mask;

macro_rules! cmp {
    ($($t:ty: $($name:ident $op:tt),*;)*) => {$($(
        #[inline]
        pub(crate) fn $name(a: u128, b: u128) -> u128 {
            mask(a, b, |x: $t, y: $t| x $op y)
        }
    )*)*};
}

cmp! {
    u8: i8x16_eq ==, i8x16_ne !=, i8x16_lt_u <, i8x16_gt_u >, i8x16_le_u <=, i8x16_ge_u >=;
    i8: i8x16_lt_s <, i8x16_gt_s >, i8x16_le_s <=, i8x16_ge_s >=;
    u16: i16x8_eq ==, i16x8_ne !=, i16x8_lt_u <, i16x8_gt_u >, i16x8_le_u <=, i16x8_ge_u >=;
    i16: i16x8_lt_s <, i16x8_gt_s >, i16x8_le_s <=, i16x8_ge_s >=;
    u32: i32x4_eq ==, i32x4_ne !=, i32x4_lt_u <, i32x4_gt_u >, i32x4_le_u <=, i32x4_ge_u >=;
    i32: i32x4_lt_s <, i32x4_gt_s >, i32x4_le_s <=, i32x4_ge_s >=;
    u64: i64x2_eq ==, i64x2_ne !=;
    i64: i64x2_lt_s <, i64x2_gt_s >, i64x2_le_s <=, i64x2_ge_s >=;
    f32: f32x4_eq ==, f32x4_ne !=, f32x4_lt <, f32x4_gt >, f32x4_le <=, f32x4_ge >=;
    f64: f64x2_eq ==, f64x2_ne !=, f64x2_lt <, f64x2_gt >, f64x2_le <=, f64x2_ge >=;
}

#[cfg(test)]
mod tests {
    use super::super::{f32x4_splat, i8x16_splat};
    use super::*;

    #[test]
    fn comparisons_make_masks() {
        assert_eq!(i8x16_lt_s(i8x16_splat(-1), 0), u128::MAX);
        assert_eq!(i8x16_lt_u(i8x16_splat(-1), 0), 0);
        assert_eq!(i64x2_ge_s(1, 0), u128::MAX);
        assert_eq!(i64x2_ge_s(u128::MAX << 64, 0), u128::from(u64::MAX));
        let nan = f32x4_splat(f32::NAN);
        assert_eq!(f32x4_eq(nan, nan), 0);
        assert_eq!(f32x4_ne(nan, nan), u128::MAX);
        assert_eq!(f32x4_le(f32x4_splat(-0.0), 0), u128::MAX);
    }
}
