//! Instantiation: what a serverless host pays per request once the module
//! is compiled.
//!
//! `instantiate/<case>` times, per iteration, a new [`Store`], one
//! [`Instance::new`] of a module compiled once beforehand (compiled tier,
//! [`Strategy::Compiled`]), [`Instance::get_typed_func`] of its export
//! `f`, one call of `f` (which returns 42: checked) and dropping the
//! store (which frees the instance and unmaps its memory). The cases:
//!
//! - `no-memory`: just `f`;
//! - `memory-data`: `f` plus a one-page memory with a small data segment
//!   (a copy-on-write image on Linux);
//! - `memory-data-64k`: `f` plus a 17-page memory whose data segments
//!   fill 64 KiB (the image is mapped, not copied);
//! - `memory-touch`: like `memory-data` but `f` also writes to the image
//!   page (the copy-on-write fault is part of the time).
//!
//! `instantiate-artifact/<case>` does the same with the module loaded
//! from an artifact file (`brisk compile` output, through
//! [`Module::deserialize_file`]); `load-artifact/<case>` times that load
//! alone (map the file, check it, make the code executable).
//!
//! The issue's target is under 10 µs per instantiate + call. Under
//! `cargo bench` each case runs with criterion's default sampling; anywhere
//! else (for instance `cargo test --all-targets`, which runs each benchmark
//! once) the same code runs once, so tests stay fast.

use std::hint::black_box;

use brisk::runtime::{Config, Engine, Instance, Module, Store, Strategy};
use criterion::Criterion;

/// `(name, wat)` of each case.
fn cases() -> Vec<(&'static str, String)> {
    let f = r#"(func (export "f") (result i32) i32.const 42)"#;
    let big_data: String = (0..64)
        .map(|i| {
            format!(
                "(data (i32.const {}) \"{}\")\n",
                0x10000 + i * 1024,
                "\\aa".repeat(1024)
            )
        })
        .collect();
    vec![
        ("no-memory", format!("(module {f})")),
        (
            "memory-data",
            format!(
                "(module (memory (export \"m\") 1) (data (i32.const 1024) \"hello, world\") {f})"
            ),
        ),
        (
            "memory-data-64k",
            format!("(module (memory (export \"m\") 17) {big_data} {f})"),
        ),
        (
            "memory-touch",
            r#"(module (memory 1) (data (i32.const 1024) "hello, world")
                 (func (export "f") (result i32)
                   (i32.store8 (i32.const 1024) (i32.const 42))
                   (i32.load8_u (i32.const 1024))))"#
                .to_owned(),
        ),
    ]
}

/// One instantiate + call + drop; returns `f()`.
fn instantiate_and_call(engine: &Engine, module: &Module) -> i32 {
    let mut store = Store::new(engine, ());
    let instance = Instance::new(&mut store, module, &[]).unwrap_or_else(|e| panic!("{e}"));
    let f = instance
        .get_typed_func::<(), i32>(&mut store, "f")
        .unwrap_or_else(|e| panic!("{e}"));
    f.call(&mut store, ()).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let engine = Engine::new(Config::new().strategy(Strategy::Compiled));
    let mut group = c.benchmark_group("instantiate");
    for (name, wat) in cases() {
        let module = Module::new(&engine, &wat).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(instantiate_and_call(&engine, &module), 42, "{name}");
        group.bench_function(name, |b| {
            b.iter(|| instantiate_and_call(black_box(&engine), black_box(&module)))
        });
    }
    group.finish();

    // The same from artifacts: each module compiled, written as a file
    // and mapped back with `Module::deserialize_file`, as a host that
    // deploys `brisk compile` output does; plus the load itself.
    let dir = std::env::temp_dir().join(format!("brisk-bench-instantiate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("instantiate-artifact");
    for (name, wat) in cases() {
        let compiled = Module::new(&engine, &wat).unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = dir.join(format!("{name}.so"));
        std::fs::write(
            &path,
            compiled.serialize().unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let module = Module::deserialize_file(&engine, &path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(instantiate_and_call(&engine, &module), 42, "{name}");
        group.bench_function(name, |b| {
            b.iter(|| instantiate_and_call(black_box(&engine), black_box(&module)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("load-artifact");
    for (name, _) in cases() {
        let path = dir.join(format!("{name}.so"));
        group.bench_function(name, |b| {
            b.iter(|| Module::deserialize_file(black_box(&engine), &path).map(drop))
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
    c.final_summary();
}
