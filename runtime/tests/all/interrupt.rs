//! Interruption: from another thread, by deadline, and between calls;
//! the trap says "interrupted" and the store keeps working afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use brisk_runtime::*;

const GUEST: &str = r#"(module
    (func (export "spin") (loop (br 0)))
    (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))"#;

/// Kills the test process if a test is still running after `secs` (an
/// interrupt that never lands must fail the test, not hang CI).
struct Watchdog(Arc<AtomicBool>);

impl Watchdog {
    fn new(secs: u64) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let d = done.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(secs));
            if !d.load(Ordering::Relaxed) {
                eprintln!("interrupt test still running after {secs}s: the interrupt never landed");
                std::process::exit(101);
            }
        });
        Watchdog(done)
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

type Spin = TypedFunc<(), ()>;
type Add = TypedFunc<(i32, i32), i32>;

fn setup() -> (Store<()>, Spin, Add) {
    let mut config = Config::new();
    config.interruptible(true);
    let engine = Engine::new(&config);
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let spin = i.get_typed_func(&mut store, "spin").unwrap();
    let add = i.get_typed_func(&mut store, "add").unwrap();
    (store, spin, add)
}

fn assert_interrupted(r: Result<()>) {
    let err = r.unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted), "{err}");
    assert!(err.to_string().starts_with("interrupted"), "{err}");
}

#[test]
fn another_thread_stops_an_infinite_loop() {
    let _guard = Watchdog::new(60);
    let (mut store, spin, add) = setup();
    let handle = store.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    assert_interrupted(spin.call(&mut store, ()));
    t.join().unwrap();
    assert_eq!(
        add.call(&mut store, (2, 3)).unwrap(),
        5,
        "store still works"
    );
    // And it can be interrupted again.
    let handle = store.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(20));
        handle.interrupt();
    });
    assert_interrupted(spin.call(&mut store, ()));
    t.join().unwrap();
}

#[test]
fn a_deadline_stops_an_infinite_loop() {
    let _guard = Watchdog::new(60);
    let (mut store, spin, add) = setup();
    let start = Instant::now();
    store.set_deadline(Some(start + Duration::from_millis(100)));
    assert_interrupted(spin.call(&mut store, ()));
    assert!(start.elapsed() >= Duration::from_millis(100));
    assert_eq!(
        add.call(&mut store, (4, 5)).unwrap(),
        9,
        "store still works"
    );
    // A cancelled deadline does not fire.
    store.set_deadline(Some(Instant::now() + Duration::from_millis(20)));
    store.set_deadline(None);
    std::thread::sleep(Duration::from_millis(60));
    assert_eq!(add.call(&mut store, (1, 1)).unwrap(), 2);
}

#[test]
fn an_interrupt_between_calls_stops_the_next_call_only() {
    let _guard = Watchdog::new(60);
    let (mut store, _spin, add) = setup();
    store.interrupt_handle().interrupt();
    let err = add.call(&mut store, (1, 2)).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Interrupted), "{err}");
    assert_eq!(add.call(&mut store, (1, 2)).unwrap(), 3);
}

#[test]
fn without_interruptible_nothing_is_checked() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let mut store = Store::new(&engine, ());
    let i = Linker::new(&engine)
        .instantiate(&mut store, &module)
        .unwrap();
    let add = i
        .get_typed_func::<(i32, i32), i32>(&mut store, "add")
        .unwrap();
    store.interrupt_handle().interrupt();
    assert_eq!(add.call(&mut store, (1, 2)).unwrap(), 3);
}
