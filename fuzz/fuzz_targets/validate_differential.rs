//! brisk's validator against wasmparser's, on arbitrary bytes and on
//! wasm-smith modules restricted to WebAssembly 2.0 (see
//! `brisk_fuzz::module_from_input`): the two must agree on accept or
//! reject, and wasm-smith's valid modules must be accepted.
//!
//! On a disagreement the module is written to
//! `$TMPDIR/brisk-disagreement-<hash>.wasm` before the target panics, so it
//! can be kept under `fuzz/regressions/`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((bytes, origin)) = brisk_fuzz::module_from_input(data) else {
        return;
    };
    if let Err(disagreement) = brisk_fuzz::check_differential(&bytes, origin) {
        let path = brisk_fuzz::save_module(&bytes);
        panic!("{disagreement}\n  module saved to {}", path.display());
    }
});
