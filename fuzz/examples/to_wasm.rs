//! Turns a `validate_differential` fuzz input (e.g. a crash artifact) into
//! the module it stands for, and prints both verdicts:
//!
//! ```text
//! cargo run --example to_wasm -- artifacts/validate_differential/crash-... out.wasm
//! ```

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output] = &args[..] else {
        eprintln!("usage: to_wasm <fuzz input> <out.wasm>");
        std::process::exit(2);
    };
    let data = std::fs::read(input).unwrap_or_else(|e| panic!("{input}: {e}"));
    let Ok((bytes, origin)) = brisk_fuzz::module_from_input(&data) else {
        eprintln!("{input}: not enough data for a module");
        std::process::exit(1);
    };
    std::fs::write(output, &bytes).unwrap_or_else(|e| panic!("{output}: {e}"));
    println!(
        "{origin:?} module, {} bytes, written to {output}",
        bytes.len()
    );
    match brisk_fuzz::check_differential(&bytes, origin) {
        Ok(()) => println!("brisk and wasmparser agree"),
        Err(e) => println!("{e}"),
    }
}
