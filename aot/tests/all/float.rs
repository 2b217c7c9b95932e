//! f32/f64 arithmetic, comparisons and conversions against Rust, with
//! the spec's corner cases: NaN propagation in min/max, signed zeros,
//! round-half-to-even `nearest`, saturating truncations, and NaN
//! payloads kept by abs/neg/copysign/reinterpret.

use super::harness::Harness;
use brisk_vm::ValRaw;

const F64_VALUES: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    1.5,
    2.5,
    -2.5,
    3.7,
    -3.7,
    1e300,
    -1e-300,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::MAX,
    f64::MIN_POSITIVE,
    4294967296.5,
    -2147483648.9,
    9.3e18,
];

type Bin = fn(f64, f64) -> f64;
type Un = fn(f64) -> f64;
type Cmp = fn(f64, f64) -> bool;

const BIN: &[(&str, Bin)] = &[
    ("add", |a, b| a + b),
    ("sub", |a, b| a - b),
    ("mul", |a, b| a * b),
    ("div", |a, b| a / b),
    ("min", wasm_min),
    ("max", wasm_max),
    ("copysign", f64::copysign),
];

const UN: &[(&str, Un)] = &[
    ("abs", f64::abs),
    ("neg", |a| -a),
    ("ceil", f64::ceil),
    ("floor", f64::floor),
    ("trunc", f64::trunc),
    ("nearest", f64::round_ties_even),
    ("sqrt", f64::sqrt),
];

fn wasm_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a == 0.0 && b == 0.0 {
        if a.is_sign_negative() { a } else { b }
    } else {
        a.min(b)
    }
}

fn wasm_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if a == 0.0 && b == 0.0 {
        if a.is_sign_positive() { a } else { b }
    } else {
        a.max(b)
    }
}

fn module() -> String {
    let mut m = String::from("(module\n");
    for t in ["f32", "f64"] {
        for (op, _) in BIN {
            m += &format!(
                "(func (export \"{t}.{op}\") (param {t} {t}) (result {t}) local.get 0 local.get 1 {t}.{op})\n"
            );
        }
        for (op, _) in UN {
            m += &format!(
                "(func (export \"{t}.{op}\") (param {t}) (result {t}) local.get 0 {t}.{op})\n"
            );
        }
        for op in ["eq", "ne", "lt", "gt", "le", "ge"] {
            m += &format!(
                "(func (export \"{t}.{op}\") (param {t} {t}) (result i32) local.get 0 local.get 1 {t}.{op})\n"
            );
        }
    }
    m += r#"
      (func (export "sat_i32_s") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_s)
      (func (export "sat_i32_u") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_u)
      (func (export "sat_i64_s") (param f64) (result i64) local.get 0 i64.trunc_sat_f64_s)
      (func (export "sat_i64_u") (param f64) (result i64) local.get 0 i64.trunc_sat_f64_u)
      (func (export "sat_f32_i32_s") (param f32) (result i32) local.get 0 i32.trunc_sat_f32_s)
      (func (export "trunc_i64_s") (param f64) (result i64) local.get 0 i64.trunc_f64_s)
      (func (export "trunc_i32_u") (param f32) (result i32) local.get 0 i32.trunc_f32_u)
      (func (export "u64_to_f64") (param i64) (result f64) local.get 0 f64.convert_i64_u)
      (func (export "u64_to_f32") (param i64) (result f32) local.get 0 f32.convert_i64_u)
      (func (export "s32_to_f32") (param i32) (result f32) local.get 0 f32.convert_i32_s)
      (func (export "u32_to_f64") (param i32) (result f64) local.get 0 f64.convert_i32_u)
      (func (export "demote") (param f64) (result f32) local.get 0 f32.demote_f64)
      (func (export "promote") (param f32) (result f64) local.get 0 f64.promote_f32)
      (func (export "bits32") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
      (func (export "from_bits64") (param i64) (result f64) local.get 0 f64.reinterpret_i64)
      (func (export "nan_const") (result i32) f32.const nan:0x200001 i32.reinterpret_f32)
      (func (export "neg_nan") (param i32) (result i32)
        local.get 0 f32.reinterpret_i32 f32.neg i32.reinterpret_f32)
    )"#;
    m
}

fn f64_call(h: &mut Harness, name: &str, args: &[f64]) -> f64 {
    let args: Vec<ValRaw> = args.iter().map(|a| ValRaw::f64(a.to_bits())).collect();
    f64::from_bits(h.call(name, &args).unwrap()[0].get_f64())
}

fn f32_call(h: &mut Harness, name: &str, args: &[f32]) -> f32 {
    let args: Vec<ValRaw> = args.iter().map(|a| ValRaw::f32(a.to_bits())).collect();
    let r = h.call(name, &args).unwrap()[0];
    assert_eq!(r, ValRaw::f32(r.get_f32()), "{name}: high bytes zeroed");
    f32::from_bits(r.get_f32())
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

#[test]
fn arithmetic_matches_ieee() {
    let mut h = Harness::new(&module());
    let mut values = F64_VALUES.to_vec();
    values.push(f64::NAN);
    for &(op, f) in BIN {
        for &a in &values {
            for &b in &values {
                let got = f64_call(&mut h, &format!("f64.{op}"), &[a, b]);
                assert!(same(got, f(a, b)), "f64.{op} {a} {b} = {got}");
                let (a32, b32) = (a as f32, b as f32);
                let got = f32_call(&mut h, &format!("f32.{op}"), &[a32, b32]);
                let want = f(f64::from(a32), f64::from(b32)) as f32;
                assert!(
                    same(f64::from(got), f64::from(want)),
                    "f32.{op} {a32} {b32} = {got}"
                );
            }
        }
    }
    for &(op, f) in UN {
        for &a in &values {
            let got = f64_call(&mut h, &format!("f64.{op}"), &[a]);
            assert!(same(got, f(a)), "f64.{op} {a} = {got}");
            let got = f32_call(&mut h, &format!("f32.{op}"), &[a as f32]);
            let want = f(f64::from(a as f32)) as f32;
            assert!(
                same(f64::from(got), f64::from(want)),
                "f32.{op} {a} = {got}"
            );
        }
    }
}

#[test]
fn comparisons_are_ordered_except_ne() {
    let mut h = Harness::new(&module());
    let cases: &[(&str, Cmp)] = &[
        ("eq", |a, b| a == b),
        ("ne", |a, b| a != b),
        ("lt", |a, b| a < b),
        ("gt", |a, b| a > b),
        ("le", |a, b| a <= b),
        ("ge", |a, b| a >= b),
    ];
    for &(op, f) in cases {
        for &a in &[0.0, -0.0, 1.0, f64::NAN, f64::INFINITY] {
            for &b in &[0.0, -0.0, 1.0, f64::NAN, f64::NEG_INFINITY] {
                let args = [ValRaw::f64(a.to_bits()), ValRaw::f64(b.to_bits())];
                let r = h.call(&format!("f64.{op}"), &args).unwrap()[0];
                assert_eq!(r, ValRaw::i32(f(a, b) as i32), "f64.{op} {a} {b}");
                let args = [
                    ValRaw::f32((a as f32).to_bits()),
                    ValRaw::f32((b as f32).to_bits()),
                ];
                let r = h.call(&format!("f32.{op}"), &args).unwrap()[0];
                assert_eq!(r, ValRaw::i32(f(a, b) as i32), "f32.{op} {a} {b}");
            }
        }
    }
}

#[test]
fn conversions() {
    let mut h = Harness::new(&module());
    let f = |v: f64| [ValRaw::f64(v.to_bits())];
    for &v in F64_VALUES.iter().chain(&[f64::NAN]) {
        assert_eq!(
            h.call("sat_i32_s", &f(v)).unwrap()[0].get_i32(),
            v as i32,
            "{v}"
        );
        assert_eq!(
            h.call("sat_i32_u", &f(v)).unwrap()[0].get_i32(),
            v as u32 as i32,
            "{v}"
        );
        assert_eq!(
            h.call("sat_i64_s", &f(v)).unwrap()[0].get_i64(),
            v as i64,
            "{v}"
        );
        assert_eq!(
            h.call("sat_i64_u", &f(v)).unwrap()[0].get_i64(),
            v as u64 as i64,
            "{v}"
        );
        let r = h
            .call("sat_f32_i32_s", &[ValRaw::f32((v as f32).to_bits())])
            .unwrap()[0];
        assert_eq!(r.get_i32(), v as f32 as i32);
        let d = f32::from_bits(h.call("demote", &f(v)).unwrap()[0].get_f32());
        assert!(same(f64::from(d), f64::from(v as f32)), "demote {v}");
    }
    assert_eq!(
        h.call("trunc_i64_s", &f(-9.2e18)).unwrap()[0].get_i64(),
        -9.2e18 as i64
    );
    assert_eq!(
        h.call("trunc_i32_u", &[ValRaw::f32(4e9f32.to_bits())])
            .unwrap()[0]
            .get_i32(),
        4e9f32 as u32 as i32
    );
    for &v in &[0i64, 1, -1, i64::MAX, i64::MIN, 0x20_0000_0000_0001] {
        let r = h.call("u64_to_f64", &[ValRaw::i64(v)]).unwrap()[0];
        assert_eq!(f64::from_bits(r.get_f64()), v as u64 as f64, "{v}");
        let r = h.call("u64_to_f32", &[ValRaw::i64(v)]).unwrap()[0];
        assert_eq!(f32::from_bits(r.get_f32()), v as u64 as f32, "{v}");
    }
    for &v in &[0i32, -1, i32::MIN, i32::MAX, 16_777_217] {
        let r = h.call("s32_to_f32", &[ValRaw::i32(v)]).unwrap()[0];
        assert_eq!(f32::from_bits(r.get_f32()), v as f32);
        let r = h.call("u32_to_f64", &[ValRaw::i32(v)]).unwrap()[0];
        assert_eq!(f64::from_bits(r.get_f64()), f64::from(v as u32));
    }
    let r = h.call("promote", &[ValRaw::f32(1.1f32.to_bits())]).unwrap()[0];
    assert_eq!(f64::from_bits(r.get_f64()), f64::from(1.1f32));
}

#[test]
fn bit_patterns_survive() {
    let mut h = Harness::new(&module());
    assert_eq!(h.i32("nan_const", &[]), Ok(0x7fa0_0001));
    assert_eq!(h.i32("neg_nan", &[0x7fa0_0001]), Ok(0xffa0_0001_u32 as i32));
    let r = h.call("bits32", &[ValRaw::f32(0x7f80_0001)]).unwrap()[0];
    assert_eq!(r, ValRaw::i32(0x7f80_0001));
    let r = h
        .call("from_bits64", &[ValRaw::i64(0x7ff0_0000_0000_0001)])
        .unwrap()[0];
    assert_eq!(r.get_f64(), 0x7ff0_0000_0000_0001);
}
