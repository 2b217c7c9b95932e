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
use crate::{CodeOptions, ModuleCode};

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
    let (result, suspensions, _) = run_loop_with(n, CodeOptions::default());
    (result, suspensions)
}

/// [`run_loop`] translated with `options`, starting with `i64::MAX` fuel;
/// also returns the fuel consumed.
fn run_loop_with(n: i32, options: CodeOptions) -> (i32, u64, i64) {
    let wasm = wat::parse_str(LOOP).expect("parses");
    let module = Arc::new(OwnedModule::new(wasm).expect("validates"));
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    store.set_fuel(i64::MAX);
    let id = store
        .instantiate(Arc::new(ModuleCode::with_options(module, options)), &[])
        .expect("instantiates");
    let f = store.instance(id).canonical_func_ref(1);
    let mut vals = [ValRaw::i32(n)];
    let before = host_stack_suspensions();
    store.call(f, &mut vals).expect("runs");
    let used = i64::MAX - store.fuel();
    (vals[0].get_i32(), host_stack_suspensions() - before, used)
}

/// While the handler chain runs, the fuel lives only in the handlers'
/// argument register; every way back to `run`'s loop must hand it over.
/// Here the chain is sent back thousands of times (release: the stack
/// net; debug: every instruction) and the fuel must still add up: the
/// loop's branches repeat every 12 iterations, so `n = 12k + 1` costs
/// `f(1) + k * (f(13) - f(1))`, with `f(1)` and `f(13)` measured on runs
/// too short to reach the stack floor.
#[test]
fn fuel_survives_every_return_to_the_dispatch_loop() {
    let fuel = CodeOptions {
        consume_fuel: true,
        interruptible: false,
    };
    let f = |n| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || run_loop_with(n, fuel))
            .expect("thread starts")
            .join()
            .expect("no stack overflow")
    };
    let (r1, _, f1) = f(1);
    let (r13, _, f13) = f(13);
    let k = 20_000;
    let (result, suspensions, used) = f(12 * k + 1);
    // The same results as without fuel, and fuel that adds up.
    assert_eq!(r1, run_loop(1).0);
    assert_eq!(r13, run_loop(13).0);
    assert_eq!(result, run_loop(12 * k + 1).0);
    assert!(f1 > 0 && f13 > f1, "f(1) = {f1}, f(13) = {f13}");
    assert_eq!(used, f1 + i64::from(k) * (f13 - f1));
    if cfg!(not(debug_assertions)) {
        assert!(suspensions > 100, "only {suspensions} suspensions");
    }
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
