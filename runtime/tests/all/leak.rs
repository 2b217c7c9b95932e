//! Acceptance: no leak across instantiate–call–drop cycles.
//!
//! 8 threads × 1,000 cycles, each with a fresh `Store` (and a deadline,
//! so the watchdog's bookkeeping is exercised too), instantiating a module
//! with a memory, a table, a host import and a data segment, calling into
//! it (wasm → host → `call_indirect`), then dropping everything. Resident
//! memory after all cycles must be within 10% of what it was after the
//! first 100 cycles of every thread.
//!
//! Both figures are taken after `malloc_trim(0)`, so they count memory in
//! use rather than free pages the allocator keeps cached. The asserted run
//! also sets `MALLOC_ARENA_MAX=1`: with its default, glibc gives each of
//! the 8 threads an arena of its own, and each arena keeps warming up to
//! its own high-water mark well past 100 cycles (+10..12% in release
//! builds, flattening out after a few thousand cycles: allocator caching,
//! not a leak). With one arena the resident set tracks live memory, so a
//! real leak shows and caching does not. The default-arena figures are
//! printed beside it. (Dropping the stores instead of recycling them turns
//! either run into a failure, several-fold growth.)
//!
//! The measurement runs in a child process (this test binary re-run with
//! only this test), so other tests running in parallel cannot disturb the
//! resident-set figures.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use brisk_runtime::*;

const THREADS: usize = 8;
const CYCLES: usize = 1_000;
const WARMUP: usize = 100;

const GUEST: &str = r#"(module
    (import "host" "add" (func $add (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (table 2 funcref)
    (elem (i32.const 0) $double $add)
    (data (i32.const 0) "\07\00\00\00")
    (type $bin (func (param i32 i32) (result i32)))
    (func $double (param i32 i32) (result i32) (i32.shl (local.get 0) (i32.const 1)))
    (func (export "run") (param i32) (result i32)
      (i32.store (i32.const 4)
        (call_indirect (type $bin) (local.get 0) (i32.const 1) (i32.load (i32.const 0))))
      (call $add (i32.load (i32.const 4)) (local.get 0))))"#;

/// Returns the heap's free pages to the kernel, so the resident figures
/// count memory still in use, not pages glibc keeps cached in its
/// per-thread arenas (without this the figure drifts up by a few percent
/// as 8 arenas warm up, with or without a leak).
fn trim_heap() {
    // SAFETY: malloc_trim only releases free memory of the allocator's
    // own arenas; it touches no memory the program uses.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Resident set size in KiB (`VmRSS` of `/proc/self/status`).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS line")
}

/// Resident pages from `/proc/self/statm`.
fn statm_resident_pages() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
    statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .expect("statm resident field")
}

/// One cycle; an error message instead of a panic, so a failing thread
/// still reaches the barriers and the test reports instead of hanging.
fn cycle(engine: &Engine, module: &Module, linker: &Linker<u32>, n: i32) -> Result<(), String> {
    let mut store = Store::new(engine, 0u32);
    store.set_deadline(Some(Instant::now() + Duration::from_secs(3600)));
    let i = linker
        .instantiate(&mut store, module)
        .map_err(|e| e.to_string())?;
    let run = i
        .get_typed_func::<i32, i32>(&mut store, "run")
        .map_err(|e| e.to_string())?;
    // table[7] is out of bounds: "undefined element" on the first call.
    match run.call(&mut store, n) {
        Err(e) if e.trap_code() == Some(TrapCode::UndefinedElement) => {}
        other => return Err(format!("expected undefined element, got {other:?}")),
    }
    let mem = i.get_memory(&mut store, "memory").ok_or("no memory")?;
    mem.write(&mut store, 0, &1u32.to_le_bytes())
        .map_err(|e| e.to_string())?;
    // table[1] is the host's add: add(add(n, 1), n).
    let got = run.call(&mut store, n).map_err(|e| e.to_string())?;
    if got != n.wrapping_mul(2).wrapping_add(1) || *store.data() != 2 {
        return Err(format!("run({n}) = {got}, host calls {}", store.data()));
    }
    Ok(())
}

const TEST_NAME: &str = "leak::instantiate_call_drop_cycles_do_not_grow_resident_memory";
const CHILD_ENV: &str = "BRISK_LEAK_TEST_CHILD";

#[test]
fn instantiate_call_drop_cycles_do_not_grow_resident_memory() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return measure();
    }
    // The asserted run uses one malloc arena; a second run with glibc's
    // default arenas is reported for comparison (see the module docs).
    let default = run_child(None);
    let one_arena = run_child(Some("1"));
    println!(
        "default malloc arenas: {}",
        default.as_deref().unwrap_or("(no figures)")
    );
    println!(
        "MALLOC_ARENA_MAX=1:    {}",
        one_arena.as_deref().unwrap_or("(no figures)")
    );
    if let Err(report) = one_arena {
        panic!("leak check failed:\n{report}");
    }
}

/// Runs [`measure`] in a child process; its figures line, or everything
/// it printed when it failed.
fn run_child(arena_max: Option<&str>) -> Result<String, String> {
    let exe = std::env::current_exe().expect("test binary path");
    let mut cmd = std::process::Command::new(exe);
    cmd.args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1");
    match arena_max {
        Some(n) => cmd.env("MALLOC_ARENA_MAX", n),
        None => cmd.env_remove("MALLOC_ARENA_MAX"),
    };
    let out = cmd.output().expect("re-running the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let figures = stdout
        .lines()
        .find_map(|l| l.find("resident after").map(|at| l[at..].to_string()));
    match figures {
        Some(f) if out.status.success() => Ok(f),
        _ => Err(format!(
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn measure() {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let warm = Arc::new(Barrier::new(THREADS + 1));
    let measured = Arc::new(Barrier::new(THREADS + 1));
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let (engine, module) = (engine.clone(), module.clone());
            let (warm, measured) = (warm.clone(), measured.clone());
            std::thread::spawn(move || {
                let mut linker = Linker::new(&engine);
                linker.func_wrap("host", "add", |mut c: Caller<'_, u32>, a: i32, b: i32| {
                    *c.data_mut() += 1;
                    a.wrapping_add(b)
                });
                let mut failure = None;
                for k in 0..CYCLES {
                    if k == WARMUP {
                        warm.wait();
                        measured.wait();
                    }
                    if failure.is_none() {
                        let n = (t * CYCLES + k) as i32;
                        failure = cycle(&engine, &module, &linker, n).err();
                    }
                }
                failure
            })
        })
        .collect();
    warm.wait();
    trim_heap();
    let (warm_kib, warm_pages) = (rss_kib(), statm_resident_pages());
    measured.wait();
    for h in threads {
        if let Some(failure) = h.join().expect("thread") {
            panic!("a cycle failed: {failure}");
        }
    }
    trim_heap();
    let (end_kib, end_pages) = (rss_kib(), statm_resident_pages());
    println!(
        "resident after {WARMUP} cycles/thread: {warm_kib} KiB ({warm_pages} pages); \
         after {CYCLES} cycles/thread × {THREADS} threads: {end_kib} KiB ({end_pages} pages)"
    );
    assert!(
        end_pages * 10 <= warm_pages * 11,
        "resident memory grew more than 10%: {warm_pages} -> {end_pages} pages"
    );
}
