//! Integer instructions against Rust's own arithmetic, over values that
//! hit the edges (0, ±1, MIN, MAX, shift counts past the width).

use super::harness::Harness;

const I32_VALUES: &[i32] = &[
    0,
    1,
    -1,
    2,
    7,
    -7,
    31,
    32,
    33,
    0x1234_5678,
    i32::MIN,
    i32::MAX,
    -0x8000,
    0xff,
];
const I64_VALUES: &[i64] = &[
    0,
    1,
    -1,
    2,
    7,
    -7,
    63,
    64,
    65,
    0x1234_5678_9abc_def0,
    i64::MIN,
    i64::MAX,
    -0x8000_0000,
    0xffff_ffff,
];

type Bin32 = fn(i32, i32) -> Option<i32>;
type Bin64 = fn(i64, i64) -> Option<i64>;
type Cmp64 = fn(i64, i64) -> bool;
type Un32 = fn(i32) -> i32;
type Un64 = fn(i64) -> i64;

const BIN32: &[(&str, Bin32)] = &[
    ("add", |a, b| Some(a.wrapping_add(b))),
    ("sub", |a, b| Some(a.wrapping_sub(b))),
    ("mul", |a, b| Some(a.wrapping_mul(b))),
    ("div_s", |a, b| a.checked_div(b)),
    ("div_u", |a, b| {
        (a as u32).checked_div(b as u32).map(|v| v as i32)
    }),
    ("rem_s", |a, b| {
        if b == 0 {
            None
        } else {
            Some(a.wrapping_rem(b))
        }
    }),
    ("rem_u", |a, b| {
        (a as u32).checked_rem(b as u32).map(|v| v as i32)
    }),
    ("and", |a, b| Some(a & b)),
    ("or", |a, b| Some(a | b)),
    ("xor", |a, b| Some(a ^ b)),
    ("shl", |a, b| Some(a.wrapping_shl(b as u32))),
    ("shr_s", |a, b| Some(a.wrapping_shr(b as u32))),
    ("shr_u", |a, b| {
        Some((a as u32).wrapping_shr(b as u32) as i32)
    }),
    ("rotl", |a, b| Some(a.rotate_left(b as u32 % 32))),
    ("rotr", |a, b| Some(a.rotate_right(b as u32 % 32))),
    ("eq", |a, b| Some((a == b) as i32)),
    ("ne", |a, b| Some((a != b) as i32)),
    ("lt_s", |a, b| Some((a < b) as i32)),
    ("lt_u", |a, b| Some(((a as u32) < b as u32) as i32)),
    ("gt_s", |a, b| Some((a > b) as i32)),
    ("gt_u", |a, b| Some((a as u32 > b as u32) as i32)),
    ("le_s", |a, b| Some((a <= b) as i32)),
    ("le_u", |a, b| Some((a as u32 <= b as u32) as i32)),
    ("ge_s", |a, b| Some((a >= b) as i32)),
    ("ge_u", |a, b| Some((a as u32 >= b as u32) as i32)),
];

const BIN64: &[(&str, Bin64)] = &[
    ("add", |a, b| Some(a.wrapping_add(b))),
    ("sub", |a, b| Some(a.wrapping_sub(b))),
    ("mul", |a, b| Some(a.wrapping_mul(b))),
    ("div_s", |a, b| a.checked_div(b)),
    ("div_u", |a, b| {
        (a as u64).checked_div(b as u64).map(|v| v as i64)
    }),
    ("rem_s", |a, b| {
        if b == 0 {
            None
        } else {
            Some(a.wrapping_rem(b))
        }
    }),
    ("rem_u", |a, b| {
        (a as u64).checked_rem(b as u64).map(|v| v as i64)
    }),
    ("and", |a, b| Some(a & b)),
    ("or", |a, b| Some(a | b)),
    ("xor", |a, b| Some(a ^ b)),
    ("shl", |a, b| Some(a.wrapping_shl(b as u32))),
    ("shr_s", |a, b| Some(a.wrapping_shr(b as u32))),
    ("shr_u", |a, b| {
        Some((a as u64).wrapping_shr(b as u32) as i64)
    }),
    ("rotl", |a, b| Some(a.rotate_left((b as u64 % 64) as u32))),
    ("rotr", |a, b| Some(a.rotate_right((b as u64 % 64) as u32))),
];

/// i64 comparisons return i32.
const CMP64: &[(&str, Cmp64)] = &[
    ("eq", |a, b| a == b),
    ("ne", |a, b| a != b),
    ("lt_s", |a, b| a < b),
    ("lt_u", |a, b| (a as u64) < b as u64),
    ("gt_s", |a, b| a > b),
    ("gt_u", |a, b| a as u64 > b as u64),
    ("le_s", |a, b| a <= b),
    ("le_u", |a, b| a as u64 <= b as u64),
    ("ge_s", |a, b| a >= b),
    ("ge_u", |a, b| a as u64 >= b as u64),
];

const UN32: &[(&str, Un32)] = &[
    ("clz", |a| a.leading_zeros() as i32),
    ("ctz", |a| a.trailing_zeros() as i32),
    ("popcnt", |a| a.count_ones() as i32),
    ("eqz", |a| (a == 0) as i32),
    ("extend8_s", |a| a as i8 as i32),
    ("extend16_s", |a| a as i16 as i32),
];

const UN64: &[(&str, Un64)] = &[
    ("clz", |a| i64::from(a.leading_zeros())),
    ("ctz", |a| i64::from(a.trailing_zeros())),
    ("popcnt", |a| i64::from(a.count_ones())),
    ("extend8_s", |a| a as i8 as i64),
    ("extend16_s", |a| a as i16 as i64),
    ("extend32_s", |a| a as i32 as i64),
];

fn module() -> String {
    let mut m = String::from("(module\n");
    for (op, _) in BIN32 {
        m += &format!(
            "(func (export \"i32.{op}\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.{op})\n"
        );
    }
    for (op, _) in BIN64 {
        m += &format!(
            "(func (export \"i64.{op}\") (param i64 i64) (result i64) local.get 0 local.get 1 i64.{op})\n"
        );
    }
    for (op, _) in CMP64 {
        m += &format!(
            "(func (export \"i64.{op}\") (param i64 i64) (result i32) local.get 0 local.get 1 i64.{op})\n"
        );
    }
    for (op, _) in UN32 {
        m += &format!(
            "(func (export \"i32.{op}\") (param i32) (result i32) local.get 0 i32.{op})\n"
        );
    }
    for (op, _) in UN64 {
        m += &format!(
            "(func (export \"i64.{op}\") (param i64) (result i64) local.get 0 i64.{op})\n"
        );
    }
    m += r#"
      (func (export "i64.eqz") (param i64) (result i32) local.get 0 i64.eqz)
      (func (export "wrap") (param i64) (result i32) local.get 0 i32.wrap_i64)
      (func (export "extend_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)
      (func (export "extend_u") (param i32) (result i64) local.get 0 i64.extend_i32_u)
      (func (export "consts") (result i32) i32.const -1 i32.const 0x7fffffff i32.add)
      (func (export "const64") (result i64) i64.const -81985529216486896)
    )"#;
    m
}

#[test]
fn integer_ops_match_rust() {
    let mut h = Harness::new(&module());
    for &(op, f) in BIN32 {
        for &a in I32_VALUES {
            for &b in I32_VALUES {
                let Some(want) = f(a, b) else { continue };
                assert_eq!(
                    h.i32(&format!("i32.{op}"), &[a, b]),
                    Ok(want),
                    "i32.{op} {a} {b}"
                );
            }
        }
    }
    for &(op, f) in BIN64 {
        for &a in I64_VALUES {
            for &b in I64_VALUES {
                let Some(want) = f(a, b) else { continue };
                assert_eq!(
                    h.i64(&format!("i64.{op}"), &[a, b]),
                    Ok(want),
                    "i64.{op} {a} {b}"
                );
            }
        }
    }
    for &(op, f) in CMP64 {
        for &a in I64_VALUES {
            for &b in I64_VALUES {
                let r = h.call(
                    &format!("i64.{op}"),
                    &[brisk_vm::ValRaw::i64(a), brisk_vm::ValRaw::i64(b)],
                );
                assert_eq!(
                    r.unwrap()[0],
                    brisk_vm::ValRaw::i32(f(a, b) as i32),
                    "i64.{op} {a} {b}"
                );
            }
        }
    }
    for &(op, f) in UN32 {
        for &a in I32_VALUES {
            assert_eq!(h.i32(&format!("i32.{op}"), &[a]), Ok(f(a)), "i32.{op} {a}");
        }
    }
    for &(op, f) in UN64 {
        for &a in I64_VALUES {
            assert_eq!(h.i64(&format!("i64.{op}"), &[a]), Ok(f(a)), "i64.{op} {a}");
        }
    }
}

#[test]
fn width_conversions_and_constants() {
    let mut h = Harness::new(&module());
    for &a in I64_VALUES {
        let r = h.call("wrap", &[brisk_vm::ValRaw::i64(a)]).unwrap();
        assert_eq!(r[0], brisk_vm::ValRaw::i32(a as i32));
        let r = h.call("i64.eqz", &[brisk_vm::ValRaw::i64(a)]).unwrap();
        assert_eq!(r[0].get_i32(), (a == 0) as i32);
    }
    for &a in I32_VALUES {
        let r = h.call("extend_s", &[brisk_vm::ValRaw::i32(a)]).unwrap();
        assert_eq!(r[0].get_i64(), i64::from(a));
        let r = h.call("extend_u", &[brisk_vm::ValRaw::i32(a)]).unwrap();
        assert_eq!(r[0].get_i64(), i64::from(a as u32));
    }
    assert_eq!(h.i32("consts", &[]), Ok(0x7fff_fffe));
    assert_eq!(h.i64("const64", &[]), Ok(-81985529216486896));
}
