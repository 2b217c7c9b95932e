//! The executor's handler chain must not grow the host stack: release
//! builds rely on every handler's call to the next one becoming a jump
//! (threaded dispatch), debug builds on the loop. A long loop over many
//! instruction kinds runs on a thread with a small stack, and must never
//! have needed the stack safety net (`check_stack!`, which would otherwise
//! rescue a handler that kept a frame per executed instruction at a cost):
//! so this test fails if any handler on the path is not a tail call.

use super::harness::Harness;

const MIXED: &str = r#"(module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (global $h (mut i64) (i64.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $twice $inc)
  (type $un (func (param i32) (result i32)))
  (func $twice (param i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $f f64) (local $x i64) (local $v v128)
    (loop $top
      ;; integer and float arithmetic, conversions
      (local.set $acc (i32.xor (local.get $acc) (i32.mul (local.get $i) (i32.const 7))))
      (local.set $x (i64.add (local.get $x) (i64.extend_i32_u (local.get $i))))
      (local.set $f (f64.add (local.get $f) (f64.convert_i32_s (local.get $i))))
      (local.set $acc (i32.add (local.get $acc) (i32.trunc_f64_s (f64.sqrt (local.get $f)))))
      ;; memory
      (i32.store (i32.and (local.get $i) (i32.const 1020)) (local.get $acc))
      (i64.store8 (i32.const 2000) (local.get $x))
      (f64.store (i32.const 2008) (local.get $f))
      (local.set $acc (i32.add (local.get $acc) (i32.load8_u (i32.const 2000))))
      (local.set $acc (i32.add (local.get $acc) (i32.load (i32.and (local.get $i) (i32.const 1020)))))
      (local.set $acc (i32.add (local.get $acc) (memory.size)))
      ;; globals, select, calls
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (global.set $h (i64.add (global.get $h) (local.get $x)))
      (local.set $acc (select (local.get $acc) (global.get $g) (i32.and (local.get $i) (i32.const 1))))
      (local.set $acc (call $inc (local.get $acc)))
      (local.set $acc
        (call_indirect (type $un) (local.get $acc) (i32.and (local.get $i) (i32.const 1))))
      ;; br_table and if/else
      (block $b2 (block $b1 (block $b0
        (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))
        (local.set $acc (i32.sub (local.get $acc) (i32.const 1))))
        (local.set $acc (i32.rotl (local.get $acc) (i32.const 3))))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 2)))
        (then (local.set $acc (i32.or (local.get $acc) (i32.const 16))))
        (else (local.set $acc (i32.and (local.get $acc) (i32.const -17)))))
      ;; SIMD
      (local.set $v (i32x4.add (local.get $v) (i32x4.splat (local.get $i))))
      (local.set $acc (i32.add (local.get $acc) (i32x4.extract_lane 2 (local.get $v))))
      (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc)))"#;

#[test]
fn a_million_iterations_run_on_a_small_stack() {
    let small = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut h = Harness::new(MIXED);
            let r = h.i32("run", &[1_000_000]).expect("runs");
            (r, brisk_interp::host_stack_suspensions())
        })
        .expect("thread starts");
    let big = Harness::new(MIXED).i32("run", &[1_000_000]).expect("runs");
    let (small, suspensions) = small.join().expect("no stack overflow");
    assert_eq!(small, big);
    assert_eq!(suspensions, 0, "a handler on the path is not a tail call");
}
