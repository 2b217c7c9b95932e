//! Translates every function of a module (lazy translation forced
//! eagerly) and reports validation and translation time, bytecode size and
//! the number of functions:
//!
//! ```text
//! cargo run --release -p brisk-interp --example translate_all -- benches/data/python.wasm
//! ```

use std::sync::Arc;
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: translate_all FILE.wasm|FILE.wat");
    let bytes = std::fs::read(&path).expect("readable module");
    let wasm = if path.ends_with(".wat") {
        wat::parse_bytes(&bytes).expect("parses").into_owned()
    } else {
        bytes
    };
    let t = Instant::now();
    let module = Arc::new(brisk_validator::OwnedModule::new(wasm).expect("validates"));
    let validate = t.elapsed();
    let m = &module.validated().module;
    let (first, count) = (m.function_imports, m.functions.len() as u32);
    let code = brisk_interp::ModuleCode::new(module.clone());
    let t = Instant::now();
    let mut lines = 0usize;
    for f in first..count {
        lines += code.disassemble(f).expect("translates").lines().count();
    }
    let with_listing = t.elapsed();
    // Again on fresh code, without building the text listing.
    let code = brisk_interp::ModuleCode::new(module.clone());
    let t = Instant::now();
    for f in first..count {
        code.translate(f).expect("translates");
    }
    let translate = t.elapsed();
    println!(
        "{path}: {} functions, validate {:.1} ms, translate {:.1} ms ({} instructions; {:.1} ms with the listing)",
        count - first,
        validate.as_secs_f64() * 1e3,
        translate.as_secs_f64() * 1e3,
        lines,
        with_listing.as_secs_f64() * 1e3,
    );
}
