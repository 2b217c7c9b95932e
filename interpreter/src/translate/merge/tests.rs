//! Merged charges and calls paying their callee's entry charge
//! (`CallFuel`, `CallIndirectFuel`), against the code without them (the
//! `ENABLED` switch turns both off): for every fuel
//! budget from zero to past what a call needs, the result or trap (its
//! message and backtrace, so the place it is reported at), the fuel left,
//! and the fuel a host function sees each time wasm calls it must be the
//! same with merging on and off. The functions put quiet segments behind
//! every kind of way in (`br_if`, `if`/`else`, `br_table` words, plain
//! `br`, fall-through, a rotated loop) and traps, calls and host calls in
//! the segments whose charges get merged away.

use std::sync::{Arc, Mutex};

use brisk_parser::{FuncType, ValType};
use brisk_validator::OwnedModule;
use brisk_vm::{TypeRegistry, VMExtern, VMStore, ValRaw};

use super::ENABLED;
use crate::{CodeOptions, ModuleCode};

const MODULE: &str = r#"(module
  (import "env" "probe" (func $probe (param i32)))
  (memory 1)
  (func $callee (param i32) (result i32)
    (call $probe (local.get 0))
    (i32.add (local.get 0) (i32.const 1)))
  ;; A while loop whose if/else arms are quiet and run into a segment
  ;; with a call, a host call and a store that traps when $i = $trap_at.
  (func (export "arms") (param $n i32) (param $trap_at i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $exit
      (loop $top
        (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.and (local.get $i) (i32.const 1))
          (then (local.set $acc (i32.add (local.get $acc) (i32.const 3))))
          (else (local.set $acc (i32.sub (local.get $acc) (i32.const 1)))))
        (local.set $acc (call $callee (local.get $acc)))
        (i32.store
          (select (i32.const 65536) (i32.const 0)
            (i32.eq (local.get $i) (local.get $trap_at)))
          (local.get $acc))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  ;; Quiet segments entered by br_table words, one leaving with a br and
  ;; one falling through, into a segment that divides by $k (traps at 0)
  ;; and calls the host; then an if without else (its not-taken edge
  ;; enters the join: no merge there), a br_if and a plain br into the
  ;; same quiet segment (whose trap a `BrFuel` reports at the br, so it
  ;; may not absorb the host call after it), and a quiet segment running
  ;; into a loop header that the back edge enters too.
  (func (export "entries") (param $k i32) (result i32) (local $x i32)
    (block $done
      (block $b
        (block $a (br_table $a $b (local.get $k)))
        (local.set $x (i32.const 7))
        (br $done))
      (local.set $x (i32.const 9)))
    (local.set $x (i32.add (local.get $x) (i32.div_u (i32.const 12) (local.get $k))))
    (call $probe (local.get $x))
    (if (i32.gt_u (local.get $k) (i32.const 2))
      (then (local.set $x (i32.mul (local.get $x) (i32.const 5)))))
    (block $c
      (br_if $c (i32.eq (local.get $k) (i32.const 3)))
      (local.set $x (i32.xor (local.get $x) (i32.const 1)))
      (br $c))
    (block $e (local.set $x (i32.add (local.get $x) (i32.const 2))))
    (call $probe (local.get $x))
    (local.set $x (i32.add (local.get $x) (i32.const 2)))
    (loop $l
      (call $probe (local.get $x))
      (local.set $x (i32.sub (local.get $x) (i32.const 4)))
      (br_if $l (i32.gt_s (local.get $x) (i32.const 0))))
    (local.get $x))
  (table 3 funcref)
  (func $leaf (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  ;; Its entry segment is quiet and absorbs the next one's charge, so a
  ;; call pays the merged charge on entry.
  (func $quiet_entry (param i32) (result i32)
    (block (local.set 0 (i32.add (local.get 0) (i32.const 1))))
    (call $probe (local.get 0))
    (local.get 0))
  ;; call_indirect of table[$k] (set to $callee, $leaf, $quiet_entry):
  ;; out of range from 3 on.
  (func (export "indirect") (param $k i32) (result i32)
    (i32.add
      (call_indirect (param i32) (result i32) (local.get $k) (local.get $k))
      (call $quiet_entry (local.get $k))))
)"#;

/// Function indices: the import is 0.
const CALLEE: u32 = 1;
const LEAF: u32 = 4;
const QUIET_ENTRY: u32 = 5;

/// What one call did: its result or trap, the fuel left after it, and the
/// fuel the host saw at each probe.
#[derive(Debug, PartialEq)]
struct Outcome {
    result: Result<i32, String>,
    fuel_left: i64,
    probes: Vec<i64>,
}

/// Calls export function `func` (by index) with `budget` fuel, translated
/// with merging on or off; the outcome and the function's bytecode.
fn run(func: u32, args: &[i32], budget: i64, merge: bool) -> (Outcome, String) {
    ENABLED.with(|e| e.set(merge));
    let wasm = wat::parse_str(MODULE).expect("parses");
    let module = Arc::new(OwnedModule::new(wasm).expect("validates"));
    let options = CodeOptions {
        consume_fuel: true,
        interruptible: false,
    };
    let code = Arc::new(ModuleCode::with_options(module, options));
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let probes = Arc::new(Mutex::new(Vec::new()));
    let seen = probes.clone();
    let probe = store.host_func_cx(
        &FuncType::new([ValType::I32], []),
        Box::new(move |cx, _| {
            seen.lock().expect("probe log").push(cx.store.fuel());
            Ok(())
        }),
    );
    let id = store
        .instantiate(code.clone(), &[VMExtern::Func(probe)])
        .expect("instantiates");
    for (i, g) in [CALLEE, LEAF, QUIET_ENTRY].into_iter().enumerate() {
        let r = store.instance(id).canonical_func_ref(g) as usize;
        store.table_set(id, 0, i as u64, r).expect("in range");
    }
    let f = store.instance(id).canonical_func_ref(func);
    let mut vals: Vec<ValRaw> = args.iter().map(|&a| ValRaw::i32(a)).collect();
    store.set_fuel(budget);
    let result = store
        .call(f, &mut vals)
        .map(|()| vals[0].get_i32())
        .map_err(|t| t.to_string());
    let bytecode = code.disassemble(func).expect("translates");
    ENABLED.with(|e| e.set(true));
    let probes = probes.lock().expect("probe log").clone();
    let outcome = Outcome {
        result,
        fuel_left: store.fuel(),
        probes,
    };
    (outcome, bytecode)
}

/// Every budget up to past what `func(args)` needs behaves the same with
/// and without merges; returns how many charges the merged code merged.
fn same_for_every_budget(func: u32, args: &[i32]) -> usize {
    let (full, merged_code) = run(func, args, 1 << 20, true);
    let (plain, plain_code) = run(func, args, 1 << 20, false);
    assert_eq!(full, plain, "{args:?}");
    assert!(!plain_code.contains("ConsumeFuelMerged"), "{plain_code}");
    let used = (1 << 20) - full.fuel_left;
    assert!(used > 0);
    for budget in 0..=used + 1 {
        let (merged, _) = run(func, args, budget, true);
        let (unmerged, _) = run(func, args, budget, false);
        assert_eq!(merged, unmerged, "func {func}{args:?} with {budget} fuel");
    }
    merged_code.matches("ConsumeFuelMerged").count()
}

#[test]
fn merged_charges_trap_and_pay_exactly_as_unmerged_ones() {
    // "arms": both arms of the if/else absorb the join's charge.
    let (arms, entries) = (2, 3);
    for args in [[0, 9], [3, 9], [4, 1], [5, 4]] {
        assert_eq!(same_for_every_budget(arms, &args), 2, "arms{args:?}");
    }
    for k in [0, 1, 2, 3, 4] {
        assert!(same_for_every_budget(entries, &[k]) >= 2, "entries({k})");
    }
    // Calls paying their callee's entry charge, one of them merged.
    for k in [0, 1, 2, 3] {
        same_for_every_budget(6, &[k]);
    }
    let (_, quiet) = run(QUIET_ENTRY, &[1], 100, true);
    assert!(quiet.starts_with("   0: ConsumeFuelMerged"), "{quiet}");
}

#[test]
fn a_segment_that_can_trap_or_call_absorbs_nothing() {
    let wat = r#"(module
      (func $f)
      (func (export "run") (param i32) (result i32)
        (if (local.get 0)
          (then (local.set 0 (i32.div_u (i32.const 1) (local.get 0))))
          (else (call $f)))
        (local.get 0)))"#;
    let wasm = wat::parse_str(wat).expect("parses");
    let module = Arc::new(OwnedModule::new(wasm).expect("validates"));
    let options = CodeOptions {
        consume_fuel: true,
        interruptible: false,
    };
    let code = ModuleCode::with_options(module, options);
    let d = code.disassemble(1).expect("translates");
    assert!(!d.contains("ConsumeFuelMerged"), "{d}");
}
