//! # Limits: fuel, a deadline, an interrupt from another thread, memory
//!
//! Untrusted code gets a budget per store. This example stops the same
//! infinite loop three ways, each with its own trap, and shows the store
//! is still usable afterwards; then it caps linear memory.
//!
//! ```text
//! cargo run -p brisk-example-limits
//! ```
//!
//! It checks every result itself (and panics on a wrong one).

use std::time::{Duration, Instant};

use brisk::runtime::{Config, Engine, Error, Linker, Module, Store, StoreLimitsBuilder, TrapCode};

const WAT: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "spin") (loop (br 0)))
  (func (export "sum") (param $n i32) (result i64) (local $s i64)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $s))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#;

fn main() -> Result<(), Error> {
    // If a limit failed to stop a loop, fail instead of spinning forever.
    std::thread::spawn(|| {
        std::thread::sleep(Duration::from_secs(30));
        eprintln!("limits example: a loop was not stopped within 30s");
        std::process::exit(1);
    });
    let mut config = Config::new();
    config.consume_fuel(true).interruptible(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, ());
    store.limiter(StoreLimitsBuilder::new().memory_size(4 << 16).build());
    store.set_fuel(1_000_000)?;
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;
    let spin = instance.get_typed_func::<(), ()>(&mut store, "spin")?;
    let sum = instance.get_typed_func::<i32, i64>(&mut store, "sum")?;

    // 1. Fuel: a deterministic budget, counted in wasm instructions.
    let before = store.get_fuel()?;
    assert_eq!(sum.call(&mut store, 1000)?, 500_500);
    let used = before - store.get_fuel()?;
    assert!(used > 1000, "each iteration costs fuel");
    println!("sum(1000) used {used} fuel");
    let err = spin.call(&mut store, ()).expect_err("fuel runs out");
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel));
    println!("spin with fuel: {}", first_line(&err));

    // Refill: the store works again, and counts the same way.
    store.set_fuel(1_000_000)?;
    assert_eq!(sum.call(&mut store, 1000)?, 500_500);
    assert_eq!(1_000_000 - store.get_fuel()?, used);

    // 2. A deadline (fuel is plenty: only time stops it).
    store.set_fuel(u64::MAX)?;
    let start = Instant::now();
    store.set_deadline(Some(start + Duration::from_millis(200)));
    let err = spin.call(&mut store, ()).expect_err("the deadline passes");
    let took = start.elapsed();
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
    assert!(took >= Duration::from_millis(200) && took < Duration::from_secs(5));
    println!(
        "spin with a 200ms deadline: {} after {took:?}",
        first_line(&err)
    );
    store.set_deadline(None);

    // 3. An interrupt from another thread.
    let handle = store.interrupt_handle();
    let interrupter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        handle.interrupt();
    });
    let err = spin
        .call(&mut store, ())
        .expect_err("the other thread interrupts");
    interrupter.join().expect("the interrupting thread ends");
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted));
    println!("spin interrupted by another thread: {}", first_line(&err));

    // The store is still usable after all three.
    assert_eq!(sum.call(&mut store, 10)?, 55);

    // 4. Memory: 4 pages allowed; growing past returns -1, no trap.
    let grow = instance.get_typed_func::<i32, i32>(&mut store, "grow")?;
    assert_eq!(grow.call(&mut store, 3)?, 1);
    assert_eq!(grow.call(&mut store, 1)?, -1);
    println!("memory.grow past the 256 KiB limit returned -1");

    // A module that needs more than the limit does not instantiate.
    let big = Module::new(&engine, "(module (memory 5))")?;
    let err = Linker::new(&engine)
        .instantiate(&mut store, &big)
        .expect_err("5 pages exceed the limit");
    println!("instantiating a 5-page memory: {err}");
    assert!(err.to_string().contains("327680"), "{err}");
    Ok(())
}

fn first_line(e: &Error) -> String {
    e.to_string().lines().next().unwrap_or_default().to_owned()
}
