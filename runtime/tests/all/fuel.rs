//! Fuel: get/set, the counting rule through the real interpreter path,
//! "all fuel consumed", fuel readable after, and the store still usable.

use brisk_runtime::*;

fn metered() -> Engine {
    let mut config = Config::new();
    config.consume_fuel(true);
    Engine::new(&config)
}

const GUEST: &str = r#"(module
    (import "host" "refill" (func $refill (param i64)))
    (func (export "add") (result i32) (i32.add (i32.const 1) (i32.const 2)))
    (func (export "spin") (loop (br 0)))
    (func (export "count") (param i32)
      (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
    (func (export "refill_then_add") (param i64) (result i32)
      (call $refill (local.get 0))
      (i32.add (i32.const 1) (i32.const 2))))"#;

fn setup(engine: &Engine) -> (Store<()>, Instance) {
    let module = Module::new(engine, GUEST).unwrap();
    let mut linker = Linker::new(engine);
    linker.func_wrap(
        "host",
        "refill",
        |mut caller: Caller<'_, ()>, fuel: i64| -> Result<(), Error> {
            let before = caller.get_fuel()?;
            caller.set_fuel(before + fuel as u64)
        },
    );
    let mut store = Store::new(engine, ());
    let i = linker.instantiate(&mut store, &module).unwrap();
    (store, i)
}

#[test]
fn fuel_needs_the_engine_to_meter_it() {
    let mut store = Store::new(&Engine::default(), ());
    assert!(store.get_fuel().is_err());
    assert!(store.set_fuel(10).is_err());
}

#[test]
fn counting_follows_the_rule_and_running_out_traps() {
    let engine = metered();
    let (mut store, i) = setup(&engine);
    assert_eq!(store.get_fuel().unwrap(), 0, "a new store has no fuel");
    let add = i.get_typed_func::<(), i32>(&mut store, "add").unwrap();
    let err = add.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel), "{err}");
    assert!(err.to_string().starts_with("all fuel consumed"), "{err}");
    assert_eq!(store.get_fuel().unwrap(), 0);

    // One segment: i32.const, i32.const, i32.add (1 each), end (0).
    store.set_fuel(10).unwrap();
    assert_eq!(add.call(&mut store, ()).unwrap(), 3);
    assert_eq!(store.get_fuel().unwrap(), 7);
    // Too little for the whole segment: trap before it runs, fuel kept.
    store.set_fuel(2).unwrap();
    assert_eq!(
        add.call(&mut store, ()).unwrap_err().trap_code(),
        Some(TrapCode::OutOfFuel)
    );
    assert_eq!(store.get_fuel().unwrap(), 2);

    // `count n`: `loop` (0) ends a segment; each iteration is one segment
    // of local.get, i32.const, i32.sub, local.tee, br_if = 5; then `end`.
    let count = i.get_typed_func::<i32, ()>(&mut store, "count").unwrap();
    store.set_fuel(1000).unwrap();
    count.call(&mut store, 10).unwrap();
    assert_eq!(store.get_fuel().unwrap(), 1000 - 10 * 5);
}

#[test]
fn an_infinite_loop_runs_out_and_the_store_keeps_working() {
    let engine = metered();
    let (mut store, i) = setup(&engine);
    let spin = i.get_typed_func::<(), ()>(&mut store, "spin").unwrap();
    store.set_fuel(100_000).unwrap();
    let err = spin.call(&mut store, ()).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel), "{err}");
    // Each iteration is `br 0` alone (cost 1): all of it was used.
    assert_eq!(store.get_fuel().unwrap(), 0);
    store.set_fuel(3).unwrap();
    let add = i.get_typed_func::<(), i32>(&mut store, "add").unwrap();
    assert_eq!(add.call(&mut store, ()).unwrap(), 3);
    assert_eq!(store.get_fuel().unwrap(), 0);
}

#[test]
fn a_host_function_reads_and_refills_fuel_through_its_caller() {
    let engine = metered();
    let (mut store, i) = setup(&engine);
    let f = i
        .get_typed_func::<i64, i32>(&mut store, "refill_then_add")
        .unwrap();
    // Calls do not end a segment: the body is one segment of local.get,
    // call, i32.const, i32.const, i32.add = 5, paid before the call.
    store.set_fuel(4).unwrap();
    let err = f.call(&mut store, 100).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::OutOfFuel), "{err}");
    assert_eq!(store.get_fuel().unwrap(), 4, "not run, so not refilled");
    store.set_fuel(5).unwrap();
    assert_eq!(f.call(&mut store, 7).unwrap(), 3);
    assert_eq!(store.get_fuel().unwrap(), 7, "0 left after paying, then +7");
}
