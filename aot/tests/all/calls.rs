//! Direct calls inside a module: recursion, mutual recursion, argument
//! order, many parameters and many results (the implicit struct return).

use super::harness::Harness;

const CALLS: &str = r#"(module
  (func $fac (export "fac") (param i64) (result i64)
    local.get 0 i64.const 2 i64.lt_u
    if (result i64) i64.const 1
    else local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul end)
  (func $even (export "even") (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 1
    else local.get 0 i32.const 1 i32.sub call $odd end)
  (func $odd (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 0
    else local.get 0 i32.const 1 i32.sub call $even end)
  (func (export "args") (param i32 i32 i32) (result i32)
    local.get 2 local.get 1 local.get 0 call $three)
  (func $three (param i32 i32 i32) (result i32)
    local.get 0 i32.const 100 i32.mul local.get 1 i32.const 10 i32.mul i32.add local.get 2 i32.add)
  (func $many (param i32 i64 i32 i64 i32 i64 i32 i64 i32 i64 i32 i64) (result i64)
    local.get 0 i64.extend_i32_u local.get 1 i64.add
    local.get 2 i64.extend_i32_u i64.add local.get 3 i64.add
    local.get 4 i64.extend_i32_u i64.add local.get 5 i64.add
    local.get 6 i64.extend_i32_u i64.add local.get 7 i64.add
    local.get 8 i64.extend_i32_u i64.add local.get 9 i64.add
    local.get 10 i64.extend_i32_u i64.add local.get 11 i64.mul)
  (func (export "many_params") (result i64)
    i32.const 1 i64.const 2 i32.const 3 i64.const 4 i32.const 5 i64.const 6
    i32.const 7 i64.const 8 i32.const 9 i64.const 10 i32.const 11 i64.const 2
    call $many)
  (func $spread (param i32) (result i32 i64 i32 i64 i32 i64 i32 i64)
    local.get 0 i32.const 1 i32.add
    local.get 0 i64.extend_i32_s i64.const 2 i64.mul
    local.get 0 i32.const 3 i32.add
    local.get 0 i64.extend_i32_s i64.const 4 i64.mul
    local.get 0 i32.const 5 i32.add
    local.get 0 i64.extend_i32_s i64.const 6 i64.mul
    local.get 0 i32.const 7 i32.add
    local.get 0 i64.extend_i32_s i64.const 8 i64.mul)
  (func (export "many_results") (param i32) (result i64) (local $h i64)
    ;; keeps results 0 and 7, (x+1) and 8x, so that order matters
    local.get 0 call $spread
    local.set $h drop drop drop drop drop drop
    i64.extend_i32_u i64.const 1000 i64.mul local.get $h i64.add)
  (func (export "spread") (param i32) (result i32 i64 i32 i64 i32 i64 i32 i64)
    local.get 0 call $spread)
)"#;

#[test]
fn recursion_and_argument_order() {
    let mut h = Harness::new(CALLS);
    assert_eq!(h.i64("fac", &[20]), Ok(2_432_902_008_176_640_000));
    assert_eq!(h.i32("even", &[1001]), Ok(0));
    assert_eq!(h.i32("even", &[1000]), Ok(1));
    assert_eq!(h.i32("args", &[1, 2, 3]), Ok(321));
}

#[test]
fn many_parameters_and_results() {
    let mut h = Harness::new(CALLS);
    assert_eq!(h.i64("many_params", &[]), Ok((1..=11).sum::<i64>() * 2));
    let r = h.call("spread", &[brisk_vm::ValRaw::i32(10)]).unwrap();
    let got: Vec<i64> = r
        .iter()
        .enumerate()
        .map(|(i, v)| {
            if i % 2 == 0 {
                i64::from(v.get_i32())
            } else {
                v.get_i64()
            }
        })
        .collect();
    assert_eq!(got, [11, 20, 13, 40, 15, 60, 17, 80]);
    for (i, v) in r.iter().enumerate().step_by(2) {
        assert_eq!(
            *v,
            brisk_vm::ValRaw::i32(v.get_i32()),
            "result {i} zero-extended"
        );
    }
    assert_eq!(h.i64("many_results", &[10]), Ok(11_080));
}
