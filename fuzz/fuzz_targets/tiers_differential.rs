//! The interpreter against compiled code on wasm-smith modules
//! (WebAssembly 2.0, NaNs canonicalised, fuel-bounded; see
//! `brisk_fuzz::tiers`): results, trap codes, fuel left, memories,
//! globals and tables must be identical.
//!
//! On a difference the module is written to
//! `$TMPDIR/brisk-disagreement-<hash>.wasm` before the target panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((bytes, rest)) = brisk_fuzz::tiers::module_from_input(data) else {
        return;
    };
    let args = rest.take_rest();
    if let Err(difference) = brisk_fuzz::tiers::check_tiers(&bytes, args) {
        let path = brisk_fuzz::save_module(&bytes);
        panic!("{difference}\n  module saved to {}", path.display());
    }
});
