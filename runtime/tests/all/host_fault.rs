//! A fault in host code is the host's bug, not a wasm trap: the compiled
//! tier's signal handler must forward it, so the process still dies.
//!
//! The test re-runs itself in a child process whose host function,
//! called from compiled wasm, reads through a null pointer. The child must
//! be killed by SIGSEGV; had the handler turned the fault into a trap, the
//! child would print the trap and exit normally.

use std::os::unix::process::ExitStatusExt;

use brisk_runtime::*;

const TEST_NAME: &str = "host_fault::a_host_fault_under_compiled_wasm_kills_the_process";
const CHILD_ENV: &str = "BRISK_HOST_FAULT_CHILD";

fn compiled() -> Engine {
    let mut config = Config::new();
    config.strategy(Strategy::Compiled);
    Engine::new(&config)
}

/// The child: wasm calls a host function that dereferences null.
fn fault_in_host() {
    let engine = compiled();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "crash" (func $crash (param i64) (result i32)))
            (func (export "run") (result i32) (call $crash (i64.const 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "crash", |addr: i64| -> i32 {
        let p = std::hint::black_box(addr as usize as *const i32);
        // SAFETY: not safe at all, on purpose: `p` is null, so this read
        // faults in host code; the test checks the fault kills the process.
        unsafe { p.read_volatile() }
    });
    let mut store = Store::new(&engine, ());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<(), i32>(&mut store, "run")
        .unwrap();
    let r = run.call(&mut store, ());
    // Reaching this line means the fault was swallowed.
    println!("host fault came back as {r:?}");
    std::process::exit(0);
}

#[test]
fn a_host_fault_under_compiled_wasm_kills_the_process() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return fault_in_host();
    }
    let exe = std::env::current_exe().expect("test binary path");
    let out = std::process::Command::new(exe)
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .output()
        .expect("re-running the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGSEGV),
        "the child should die of SIGSEGV; status {:?}, stdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_wasm_fault_under_compiled_wasm_is_a_trap() {
    // The counterpart: the same kind of fault in wasm code (out of bounds)
    // is a trap, and the process goes on.
    let engine = compiled();
    let module = Module::new(
        &engine,
        r#"(module (memory 1)
            (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))"#,
    )
    .unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let load = instance
        .get_typed_func::<i32, i32>(&mut store, "load")
        .unwrap();
    for _ in 0..100 {
        let err = load.call(&mut store, 70_000).unwrap_err();
        assert_eq!(err.trap_code(), Some(TrapCode::MemoryOutOfBounds), "{err}");
    }
    assert_eq!(load.call(&mut store, 0).unwrap(), 0);
}
