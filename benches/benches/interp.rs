//! The interpreter: the kernels of `kernels/` run through the embedding
//! API, and translation of whole modules to interpreter bytecode.
//!
//! - `interp-kernels/<name>`: one call of the kernel's `run(arg)` on an
//!   instance made once (the first call, outside the timing, translates
//!   the functions lazily). Every result is checked against the kernel's
//!   declared checksum first, so a wrong interpreter cannot post a time.
//! - `interp-translate/<input>`: translating every function of a module
//!   (`ModuleCode::translate`, forced eagerly; validation excluded) for
//!   the fetched real-world inputs (`fetch-python-wasm.sh`: CPython 3.12,
//!   QuickJS) and the generated module.
//!
//! Under `cargo bench` everything runs at full size; anywhere else (for
//! instance `cargo test --all-targets`, which runs each benchmark once)
//! the kernels run with their `small=` argument and only a small
//! generated module is translated, so tests stay fast.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use brisk::runtime::{Engine, Func, Linker, Module, Store, Val};
use brisk_benches::Input;
use brisk_benches::kernels::{Kernel, kernels};
use brisk_validator::OwnedModule;
use criterion::Criterion;

/// An instance of `kernel` and its `run` export.
fn instantiate(engine: &Engine, kernel: &Kernel) -> (Store<()>, Func) {
    let wasm = kernel.wasm().unwrap_or_else(|e| panic!("{e}"));
    let module = Module::new(engine, wasm).unwrap_or_else(|e| panic!("{}: {e}", kernel.name));
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine)
        .instantiate(&mut store, &module)
        .unwrap_or_else(|e| panic!("{}: {e}", kernel.name));
    let run = instance
        .get_func(&mut store, "run")
        .unwrap_or_else(|| panic!("{}: no `run` export", kernel.name));
    (store, run)
}

/// `run(arg)`'s result as the kernel header writes it.
fn call(store: &mut Store<()>, run: &Func, arg: i64) -> i64 {
    let mut out = [Val::I32(0)];
    run.call(store, &[Val::I32(arg as i32)], &mut out)
        .unwrap_or_else(|e| panic!("run({arg}) trapped: {e}"));
    match out[0] {
        Val::I32(v) => i64::from(v),
        Val::I64(v) => v,
        ref other => panic!("run returned {other:?}"),
    }
}

fn bench_kernels(c: &mut Criterion, full: bool) {
    let engine = Engine::default();
    let mut group = c.benchmark_group("interp-kernels");
    if full {
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(5));
    }
    for kernel in kernels().unwrap_or_else(|e| panic!("{e}")) {
        let (mut store, run) = instantiate(&engine, &kernel);
        let arg = if full { kernel.arg } else { kernel.small };
        let got = call(&mut store, &run, arg);
        if full {
            assert_eq!(got, kernel.expect, "{}: wrong checksum", kernel.name);
        }
        group.bench_function(&kernel.name, |b| {
            b.iter(|| call(&mut store, &run, black_box(arg)))
        });
    }
    group.finish();
}

fn bench_translate(c: &mut Criterion, inputs: &[Input]) {
    let mut group = c.benchmark_group("interp-translate");
    for input in inputs {
        let module = match OwnedModule::new(input.bytes.clone()) {
            Ok(m) => Arc::new(m),
            Err(e) => {
                eprintln!("note: skipping `{}`: {e}", input.name);
                continue;
            }
        };
        let m = &module.validated().module;
        let defined = m.function_imports..m.functions.len() as u32;
        if input.bytes.len() > 1 << 20 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(10));
        }
        group.bench_function(input.name, |b| {
            b.iter(|| {
                let code = brisk_interp::ModuleCode::new(module.clone());
                for f in defined.clone() {
                    code.translate(f)
                        .unwrap_or_else(|e| panic!("{}: func {f}: {e}", input.name));
                }
                code
            })
        });
    }
    group.finish();
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let inputs = brisk_benches::bench_inputs(full);
    let mut c = Criterion::default().configure_from_args();
    bench_kernels(&mut c, full);
    bench_translate(&mut c, &inputs);
    c.final_summary();
}
