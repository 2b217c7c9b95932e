//! Decode + validate throughput, brisk against wasmparser on the same
//! bytes with the same WebAssembly 2.0 features.
//!
//! One criterion group per input, `validate-<input>`, with the functions
//! `brisk` and `wasmparser`; `compare-validate.sh` reads their estimates.
//! Under `cargo bench` every input runs at full size; anywhere else (for
//! instance `cargo test --all-targets`, which runs each benchmark once) only
//! a small generated module is used, so tests stay fast.

use std::hint::black_box;
use std::time::Duration;

use brisk_benches::Input;
use criterion::{Criterion, Throughput};
use wasmparser::{Validator, WasmFeatures};

fn bench_validate(c: &mut Criterion, inputs: &[Input]) {
    for input in inputs {
        let bytes = &input.bytes[..];
        // Both must accept the input, or the comparison means nothing.
        if let Err(e) = Validator::new_with_features(WasmFeatures::WASM2).validate_all(bytes) {
            eprintln!(
                "note: skipping `{}`: wasmparser rejects it: {e}",
                input.name
            );
            continue;
        }
        if let Err(e) = brisk_validator::validate(bytes) {
            eprintln!("note: skipping `{}`: brisk rejects it: {e}", input.name);
            continue;
        }
        let mut group = c.benchmark_group(format!("validate-{}", input.name));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        if bytes.len() > 1 << 20 {
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(15));
        }
        group.bench_function("brisk", |b| {
            b.iter(|| brisk_validator::validate(black_box(bytes)).map(drop))
        });
        group.bench_function("wasmparser", |b| {
            b.iter(|| {
                Validator::new_with_features(WasmFeatures::WASM2)
                    .validate_all(black_box(bytes))
                    .map(drop)
            })
        });
        group.finish();
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let inputs = brisk_benches::bench_inputs(full);
    let mut c = Criterion::default().configure_from_args();
    bench_validate(&mut c, &inputs);
    c.final_summary();
}
