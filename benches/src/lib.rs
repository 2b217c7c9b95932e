//! # brisk-benches — criterion benchmarks and peer comparisons
//!
//! Benchmarks sit outside the pipeline: they time its stages on real and
//! generated inputs and compare them with peers. Peers are compared by the
//! scripts beside this crate, never by timed unit tests (see `DESIGN.md`).
//!
//! - `benches/validate.rs`: decode + validate, brisk
//!   ([`brisk_validator::validate`]) and wasmparser side by side on the
//!   same bytes, with the same WebAssembly 2.0 features.
//! - `fetch-python-wasm.sh`: downloads the real-world inputs into `data/`.
//! - `compare-validate.sh`: runs the bench and prints brisk/wasmparser
//!   ratios from criterion's estimates.
//! - `kernels/*.wat`: the interpreter kernels ([`kernels`]), each with its
//!   default size and checksum; `benches/interp.rs` times them (and
//!   translation of whole modules) with criterion, `compare-interp.sh`
//!   times them on brisk, wasmi and wasm3, `compare-compiled.sh` on
//!   brisk's compiled tier, wasmtime and as native C (`kernels/native/`).
//! - `compare-compile.sh`: compile time of a whole module (CPython) on
//!   brisk's compiled tier (the `compile-time` bin) against wasmtime.
//!
//! This library holds what the benches share: the inputs and the
//! generated module ([`generate`]).
//!
//! ```
//! let bytes = brisk_benches::generate::generated_module(64);
//! assert!(bytes.starts_with(b"\0asm"));
//! ```

pub mod generate;
pub mod kernels;

use std::path::{Path, PathBuf};

/// Where fetched inputs live: `benches/data/` (gitignored).
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// One benchmark input.
#[derive(Debug)]
pub struct Input {
    /// Short name, used as the criterion group suffix.
    pub name: &'static str,
    /// The module's bytes.
    pub bytes: Vec<u8>,
}

/// Functions in the full-size generated module (about 3 MB of code).
pub const GENERATED_FUNCS: u32 = 4000;

/// The inputs that exist: the files under [`data_dir`] that have been
/// fetched (a missing one is skipped with a note on stderr) and the
/// generated module, `generated_funcs` functions large.
pub fn inputs(generated_funcs: u32) -> Vec<Input> {
    let mut inputs = Vec::new();
    for (name, file) in [("python", "python.wasm"), ("quickjs", "quickjs.wasm")] {
        let path = data_dir().join(file);
        match std::fs::read(&path) {
            Ok(bytes) => inputs.push(Input { name, bytes }),
            Err(e) => eprintln!(
                "note: skipping input `{name}`: {} ({e}); run benches/fetch-python-wasm.sh",
                path.display()
            ),
        }
    }
    inputs.push(Input {
        name: "generated",
        bytes: generate::generated_module(generated_funcs),
    });
    inputs
}

/// The inputs for one bench run: under `cargo bench` (`full`) all of
/// [`inputs`] at full size; otherwise (for instance `cargo test
/// --all-targets`, which runs each benchmark once) only a small generated
/// module, so tests stay fast. Says which on stderr.
pub fn bench_inputs(full: bool) -> Vec<Input> {
    if full {
        inputs(GENERATED_FUNCS)
    } else {
        eprintln!("note: not under `cargo bench`: small inputs only");
        vec![Input {
            name: "generated-small",
            bytes: generate::generated_module(64),
        }]
    }
}
