//! Times the benchmark kernels (`benches/kernels/*.wat`, each declaring
//! `;; bench: arg=N expect=X`) on the interpreter and checks each result:
//!
//! ```text
//! cargo run --release -p brisk-interp --example kernels [-- KERNEL.wat...]
//! ```
//!
//! Reports the best of three runs (see `RUNS`), translation included (the first call
//! translates lazily). `OPTIONS=fuel`, `OPTIONS=interrupt` or
//! `OPTIONS=fuel,interrupt` translate with those `CodeOptions` (fuel starts
//! at `i64::MAX`; the fuel consumed is printed), to measure their cost.
//! `RUNS=n` times `n` runs instead of three (`RUNS=1` under callgrind,
//! whose instruction counts are the steadiest measure on a shared machine).

mod embed;

use std::time::Instant;

use brisk_vm::ValRaw;
use embed::Script;

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/kernels");
        let mut found: Vec<String> = std::fs::read_dir(dir)
            .expect("benches/kernels exists")
            .map(|e| e.expect("entry").path().display().to_string())
            .filter(|p| p.ends_with(".wat"))
            .collect();
        found.sort();
        files = found;
    }
    let opts = std::env::var("OPTIONS").unwrap_or_default();
    let options = brisk_interp::CodeOptions {
        consume_fuel: opts.contains("fuel"),
        interruptible: opts.contains("interrupt"),
    };
    let runs: usize = std::env::var("RUNS").map_or(3, |r| r.parse().expect("RUNS is a count"));
    let mut wrong = false;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable kernel");
        let spec = text
            .lines()
            .find_map(|l| l.strip_prefix(";; bench: "))
            .expect("bench line");
        let field = |k: &str| {
            spec.split_whitespace()
                .find_map(|f| f.strip_prefix(k))
                .expect("bench field")
                .to_string()
        };
        let (arg, expect) = (field("arg="), field("expect="));
        let wasm = wat::parse_str(&text).expect("kernel parses");
        if let Some(dir) = std::env::var_os("DUMP_WASM") {
            // For timing the same binaries on other engines.
            let name = path
                .rsplit('/')
                .next()
                .unwrap_or(&path)
                .replace(".wat", ".wasm");
            std::fs::write(std::path::Path::new(&dir).join(name), &wasm).expect("dump");
        }
        if std::env::var_os("DISASSEMBLE").is_some() {
            let module = std::sync::Arc::new(
                brisk_validator::OwnedModule::new(wasm.clone()).expect("valid"),
            );
            let m = &module.validated().module;
            let (first, count) = (m.function_imports, m.functions.len() as u32);
            let code = brisk_interp::ModuleCode::with_options(module.clone(), options);
            for f in first..count {
                println!("func {f}:\n{}", code.disassemble(f).expect("translates"));
            }
        }
        let mut best = f64::MAX;
        let mut result = String::new();
        let mut fuel = 0;
        for _ in 0..runs.max(1) {
            let mut s = Script::new();
            s.options = options;
            s.store.set_fuel(i64::MAX);
            s.instantiate(wasm.clone(), None).expect("instantiates");
            let t = Instant::now();
            let r = s.invoke(None, "run", &[ValRaw::i32(arg.parse().expect("i32 arg"))]);
            best = best.min(t.elapsed().as_secs_f64());
            fuel = i64::MAX - s.store.fuel();
            let v = r.expect("runs")[0];
            // i64 results print as such; i32 results fit either way.
            result = if expect.parse::<i32>().is_ok() || v.get_i64() >> 32 == 0 {
                v.get_i32().to_string()
            } else {
                v.get_i64().to_string()
            };
            if result != expect {
                result = v.get_i64().to_string();
            }
        }
        let ok = result == expect;
        wrong |= !ok;
        let name = path.rsplit('/').next().unwrap_or(&path);
        let fuel = if options.consume_fuel {
            format!("  fuel {fuel}")
        } else {
            String::new()
        };
        println!(
            "{name:16} {:9.1} ms  {}{fuel}",
            best * 1000.0,
            if ok {
                "ok".into()
            } else {
                format!("WRONG {result} != {expect}")
            }
        );
    }
    if wrong {
        std::process::exit(1);
    }
}
