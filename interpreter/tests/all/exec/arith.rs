//! Integer and float arithmetic, comparisons, conversions and their traps.

use super::harness::Harness;
use brisk_vm::ValRaw;

const ARITH: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "rem_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_u)
  (func (export "poly") (param i32) (result i32)
    ;; 3x^2 - 2x + 7 with a local and a tee
    (local i32)
    local.get 0 local.get 0 i32.mul local.tee 1
    i32.const 3 i32.mul
    local.get 0 i32.const 2 i32.mul i32.sub
    i32.const 7 i32.add)
  (func (export "i64ops") (param i64 i64) (result i64)
    local.get 0 local.get 1 i64.rotl
    local.get 0 i64.popcnt i64.add
    local.get 1 i64.const 3 i64.shr_s i64.xor)
  (func (export "ext") (param i32) (result i64) local.get 0 i64.extend_i32_s i64.extend32_s)
  (func (export "trunc") (param f64) (result i32) local.get 0 i32.trunc_f64_s)
  (func (export "trunc_sat") (param f64) (result i32) local.get 0 i32.trunc_sat_f64_u)
  (func (export "fmath") (param f64 f64) (result f64)
    local.get 0 local.get 1 f64.min f64.nearest local.get 1 f64.sqrt f64.add)
  (func (export "f32demote") (param f64) (result f32) local.get 0 f32.demote_f64)
  (func (export "cmp") (param f32 f32) (result i32)
    local.get 0 local.get 1 f32.lt local.get 0 local.get 1 f32.ne i32.const 1 i32.shl i32.or)
  (func (export "swap_sub") (param i32) (result i32)
    ;; local.set of a local still pending on the stack
    local.get 0 i32.const 1 local.set 0 local.get 0 i32.sub)
)"#;

#[test]
fn integer_arithmetic() {
    let mut h = Harness::new(ARITH);
    assert_eq!(h.i32("add", &[2, 40]), Ok(42));
    assert_eq!(h.i32("add", &[i32::MAX, 1]), Ok(i32::MIN));
    assert_eq!(h.i32("div_s", &[-7, 2]), Ok(-3));
    assert_eq!(h.i32("rem_u", &[-1, 10]), Ok(5));
    assert_eq!(h.i32("poly", &[5]), Ok(3 * 25 - 10 + 7));
    assert_eq!(h.i32("swap_sub", &[10]), Ok(9));
    let (a, b) = (0x1234_5678_9abc_def0_i64, 12_i64);
    assert_eq!(
        h.i64("i64ops", &[a, b]),
        Ok(a.rotate_left(12).wrapping_add(i64::from(a.count_ones())) ^ (b >> 3))
    );
    let r = h.call("ext", &[ValRaw::i32(-5)]).unwrap();
    assert_eq!(r[0].get_i64(), -5);
}

#[test]
fn integer_traps_use_the_spec_messages() {
    let mut h = Harness::new(ARITH);
    assert_eq!(h.trap("div_s", &[1, 0]), "integer divide by zero");
    assert_eq!(h.trap("div_s", &[i32::MIN, -1]), "integer overflow");
    assert_eq!(h.trap("rem_u", &[1, 0]), "integer divide by zero");
}

fn f64s(h: &mut Harness, name: &str, args: &[f64]) -> Result<ValRaw, String> {
    let args: Vec<ValRaw> = args.iter().map(|a| ValRaw::f64(a.to_bits())).collect();
    h.call(name, &args).map(|r| r[0]).map_err(|t| t.to_string())
}

#[test]
fn floats_and_conversions() {
    let mut h = Harness::new(ARITH);
    assert_eq!(f64s(&mut h, "trunc", &[-3.9]).unwrap().get_i32(), -3);
    assert!(
        f64s(&mut h, "trunc", &[f64::NAN])
            .unwrap_err()
            .starts_with("invalid conversion to integer")
    );
    assert!(
        f64s(&mut h, "trunc", &[3e9])
            .unwrap_err()
            .starts_with("integer overflow")
    );
    assert_eq!(f64s(&mut h, "trunc_sat", &[-1.0]).unwrap().get_i32(), 0);
    assert_eq!(f64s(&mut h, "trunc_sat", &[1e20]).unwrap().get_i32(), -1);
    let r = f64s(&mut h, "fmath", &[2.5, 4.0]).unwrap();
    assert_eq!(f64::from_bits(r.get_f64()), 2.0 + 2.0);
    let r = f64s(&mut h, "f32demote", &[1.5]).unwrap();
    assert_eq!(f32::from_bits(r.get_f32()), 1.5);
    // Results cross the boundary with clean high bytes.
    assert_eq!(r.to_bytes()[4..], [0; 12]);
    let cmp = |h: &mut Harness, a: f32, b: f32| {
        h.call("cmp", &[ValRaw::f32(a.to_bits()), ValRaw::f32(b.to_bits())])
            .unwrap()[0]
            .get_i32()
    };
    assert_eq!(cmp(&mut h, 1.0, 2.0), 3);
    assert_eq!(cmp(&mut h, f32::NAN, f32::NAN), 2);
    assert_eq!(cmp(&mut h, 2.0, 2.0), 0);
}
