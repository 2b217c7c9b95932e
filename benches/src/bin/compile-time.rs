//! `compile-time [--reps N] FILE.wasm`: how long brisk's compiled tier takes
//! to turn one module into machine code, the number `compare-compile.sh`
//! sets beside wasmtime's `Module(engine, bytes)` (decode, validate,
//! compile) for CPython's python.wasm.
//!
//! Per repetition, timed apart: decode + validate
//! ([`brisk_validator::OwnedModule::new`], a copy of the bytes made before
//! the clock starts) and compile ([`brisk_aot::compile`] with the default
//! [`brisk_aot::CompileOptions`]: no fuel, no interruption, guard-page
//! bounds, every function in parallel on rayon's pool, one thread per
//! core). Prints the best of N of each and of their per-repetition sum as
//! one line of `key=value` fields:
//!
//! ```text
//! validate_ms=812.4 compile_ms=5123.0 total_ms=5935.9 functions=11448 threads=2 reps=3
//! ```
//!
//! A module brisk cannot compile (or a host it cannot compile for) is an
//! `error:` line and exit status 1, never a number.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use brisk_aot::CompileOptions;
use brisk_validator::OwnedModule;

fn main() -> ExitCode {
    match run() {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Parses the arguments, times the module, formats the result line.
fn run() -> Result<String, String> {
    let mut reps = 3u32;
    let mut file = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--reps" => {
                reps = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--reps needs a positive number")?;
            }
            "-h" | "--help" => {
                return Err("usage: compile-time [--reps N] FILE.wasm".into());
            }
            _ if file.is_none() => file = Some(arg),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let file = file.ok_or("usage: compile-time [--reps N] FILE.wasm")?;
    let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
    brisk_aot::host_supported().map_err(|e| e.to_string())?;

    let options = CompileOptions::default();
    let (mut validate, mut compile, mut total) = (Duration::MAX, Duration::MAX, Duration::MAX);
    let mut functions = 0;
    for _ in 0..reps {
        let copy = bytes.clone();
        let start = Instant::now();
        let module = OwnedModule::new(copy).map_err(|e| format!("{file}: {e}"))?;
        let validated = start.elapsed();
        functions = module.validated().functions.len();
        let module = Arc::new(module);
        let start = Instant::now();
        let code = brisk_aot::compile(module, &options).map_err(|e| format!("{file}: {e}"))?;
        let compiled = start.elapsed();
        // Unmapping the code is not part of compiling it.
        drop(code);
        validate = validate.min(validated);
        compile = compile.min(compiled);
        total = total.min(validated + compiled);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    Ok(format!(
        "validate_ms={:.1} compile_ms={:.1} total_ms={:.1} functions={functions} threads={threads} reps={reps}",
        ms(validate),
        ms(compile),
        ms(total),
    ))
}
