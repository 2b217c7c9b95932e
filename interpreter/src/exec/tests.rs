//! The host-stack safety net under the worst case: this crate's unit-test
//! build makes every handler's call to the next one a plain call with work
//! after it (release `cfg(test)`, see `next!`), so nothing becomes a jump
//! and only `check_stack!` keeps the host stack bounded. A million-
//! iteration loop with calls, a `br_table`, an `if` and memory traffic
//! must still finish on a small thread stack (without the net it would
//! need gigabytes), and the net must have acted.

use std::sync::Arc;

use brisk_validator::OwnedModule;
use brisk_vm::{TypeRegistry, VMStore, ValRaw};

use super::run::host_stack_suspensions;
use crate::ModuleCode;

const LOOP: &str = r#"(module
  (memory 1)
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (loop $top
      (local.set $acc (call $inc (i32.xor (local.get $acc) (local.get $i))))
      (i32.store (i32.and (local.get $i) (i32.const 1020)) (local.get $acc))
      (block $b2 (block $b1 (block $b0
        (br_table $b0 $b1 $b2 (i32.rem_u (local.get $i) (i32.const 3))))
        (local.set $acc (i32.sub (local.get $acc) (i32.const 1))))
        (local.set $acc (i32.rotl (local.get $acc) (i32.const 3))))
      (if (i32.eqz (i32.and (local.get $i) (i32.const 2)))
        (then (local.set $acc (i32.add (local.get $acc)
                (i32.load (i32.and (local.get $acc) (i32.const 1020)))))))
      (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $acc)))"#;

/// Runs `run(n)` of [`LOOP`] in a fresh store; returns the result and how
/// often the handler chain went back to `run`'s loop.
fn run_loop(n: i32) -> (i32, u64) {
    let wasm = wat::parse_str(LOOP).expect("parses");
    let module = Arc::new(OwnedModule::new(wasm).expect("validates"));
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let id = store
        .instantiate(Arc::new(ModuleCode::new(module)), &[])
        .expect("instantiates");
    let f = store.instance(id).canonical_func_ref(1);
    let mut vals = [ValRaw::i32(n)];
    let before = host_stack_suspensions();
    store.call(f, &mut vals).expect("runs");
    (vals[0].get_i32(), host_stack_suspensions() - before)
}

#[test]
fn a_million_iterations_without_tail_calls_run_on_a_small_stack() {
    let small = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| run_loop(1_000_000))
        .expect("thread starts");
    let (result, suspensions) = small.join().expect("no stack overflow");
    // The same loop counted in Rust.
    let mut mem = [0i32; 256];
    let (mut acc, mut i) = (0i32, 0i32);
    loop {
        acc = (acc ^ i).wrapping_add(1);
        mem[((i & 1020) / 4) as usize] = acc;
        match (i as u32) % 3 {
            0 => acc = acc.wrapping_sub(1).rotate_left(3),
            1 => acc = acc.rotate_left(3),
            _ => {}
        }
        if i & 2 == 0 {
            acc = acc.wrapping_add(mem[((acc & 1020) / 4) as usize]);
        }
        i += 1;
        if (i as u32) >= 1_000_000 {
            break;
        }
    }
    assert_eq!(result, acc);
    if cfg!(not(debug_assertions)) {
        // Every handler kept its frame, so the chain must have been sent
        // back to `run` over and over (debug builds return after each
        // instruction and never get near the floor).
        assert!(suspensions > 1000, "only {suspensions} suspensions");
    }
}
