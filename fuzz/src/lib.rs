//! Shared pieces of brisk's fuzz targets.
//!
//! The targets in `fuzz_targets/` are thin: they turn libFuzzer's bytes
//! into a module and hand it to the checks here, so a regression input can
//! be replayed by anything that links this crate.
//!
//! ```text
//! fuzz input ─┬─ raw bytes ───────────────────────────┐
//!             └─ wasm-smith (WebAssembly 2.0 Config) ─┴─▶ brisk vs wasmparser
//! fuzz input ─── wasm-smith (2.0, canonical NaNs) ───────▶ interpreter vs compiled ([`tiers`])
//! fuzz input ─── a seed artifact, damaged ───────────────▶ the AOT loader ([`artifacts`])
//! ```
//!
//! wasmparser is the oracle: it decides nothing inside brisk, it only
//! tells the fuzzer when brisk's verdict looks wrong. The tier comparison
//! needs no oracle: the two tiers must agree with each other.

pub mod artifacts;
pub mod tiers;

use arbitrary::{Result, Unstructured};
use wasmparser::{Validator, WasmFeatures};

/// A `wasm_smith::Config` drawn from `u`, then restricted to WebAssembly
/// 2.0: every 2.0 proposal on, everything later off, at most one memory.
/// With `invalid_bodies`, some function bodies are arbitrary bytes.
pub fn wasm2_config(u: &mut Unstructured<'_>, invalid_bodies: bool) -> Result<wasm_smith::Config> {
    let mut c: wasm_smith::Config = u.arbitrary()?;
    // WebAssembly 2.0.
    c.saturating_float_to_int_enabled = true;
    c.sign_extension_ops_enabled = true;
    c.multi_value_enabled = true;
    c.bulk_memory_enabled = true;
    c.reference_types_enabled = true;
    c.simd_enabled = true;
    // Nothing from 3.0 or later.
    c.relaxed_simd_enabled = false;
    c.exceptions_enabled = false;
    c.threads_enabled = false;
    c.shared_everything_threads_enabled = false;
    c.tail_call_enabled = false;
    c.gc_enabled = false;
    c.compact_imports_enabled = false;
    c.memory64_enabled = false;
    c.extended_const_enabled = false;
    c.custom_page_sizes_enabled = false;
    c.wide_arithmetic_enabled = false;
    c.acquire_release_atomics_enabled = false;
    c.multibyte_array_access_enabled = false;
    c.custom_descriptors_enabled = false;
    c.max_memories = c.max_memories.min(1);
    c.allow_invalid_funcs = invalid_bodies;
    debug_assert!(
        WasmFeatures::WASM2.contains(c.features()),
        "wasm-smith config outside 2.0: {:?}",
        c.features().difference(WasmFeatures::WASM2)
    );
    Ok(c)
}

/// A verdict: `Ok` for accepted, `Err` with the reason for rejected.
pub type Verdict = std::result::Result<(), String>;

/// brisk's verdict: decode and validate with the default (2.0) features.
pub fn brisk_verdict(bytes: &[u8]) -> Verdict {
    brisk_validator::validate(bytes).map(drop).map_err(|e| {
        let kind = if e.is_malformed() {
            "malformed"
        } else {
            "invalid"
        };
        format!("{kind}: {} (offset {:#x})", e.message(), e.offset())
    })
}

/// wasmparser's verdict with `WasmFeatures::WASM2`.
pub fn wasmparser_verdict(bytes: &[u8]) -> Verdict {
    Validator::new_with_features(WasmFeatures::WASM2)
        .validate_all(bytes)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// How a module was made, which decides what both validators must say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Arbitrary bytes, or a valid module with one byte changed: the two
    /// validators must agree.
    Arbitrary,
    /// A wasm-smith module that may contain arbitrary function bodies:
    /// the two must agree.
    SmithMaybeInvalid,
    /// A wasm-smith module built to be valid: both must accept.
    SmithValid,
}

/// The module a `validate_differential` input stands for. Its first byte
/// picks the kind: raw bytes, a valid wasm-smith module, one with some
/// arbitrary function bodies, or a valid one with one byte changed.
pub fn module_from_input(data: &[u8]) -> Result<(Vec<u8>, Origin)> {
    let Some((&mode, rest)) = data.split_first() else {
        return Ok((Vec::new(), Origin::Arbitrary));
    };
    if mode % 4 == 0 {
        return Ok((rest.to_vec(), Origin::Arbitrary));
    }
    let mut u = Unstructured::new(rest);
    let invalid_bodies = mode % 4 == 2;
    let config = wasm2_config(&mut u, invalid_bodies)?;
    let mut bytes = wasm_smith::Module::new(config, &mut u)?.to_bytes();
    match mode % 4 {
        1 => Ok((bytes, Origin::SmithValid)),
        2 => Ok((bytes, Origin::SmithMaybeInvalid)),
        _ => {
            if !bytes.is_empty() {
                let at = u.choose_index(bytes.len())?;
                let with: u8 = u.arbitrary()?;
                bytes[at] = with;
            }
            Ok((bytes, Origin::Arbitrary))
        }
    }
}

/// Checks brisk against wasmparser on `bytes`; `Err` describes a
/// disagreement.
pub fn check_differential(bytes: &[u8], origin: Origin) -> std::result::Result<(), String> {
    let ours = brisk_verdict(bytes);
    let theirs = wasmparser_verdict(bytes);
    let show = |v: &Verdict| match v {
        Ok(()) => "accepts".to_string(),
        Err(e) => format!("rejects: {e}"),
    };
    if origin == Origin::SmithValid && theirs.is_err() {
        // A wasm-smith or configuration bug, not brisk's: say so loudly.
        return Err(format!(
            "wasm-smith made a module wasmparser rejects ({}); fix the Config",
            show(&theirs)
        ));
    }
    if ours.is_ok() != theirs.is_ok() {
        return Err(format!(
            "brisk and wasmparser disagree ({origin:?} module, {} bytes)\n  brisk:      {}\n  wasmparser: {}",
            bytes.len(),
            show(&ours),
            show(&theirs)
        ));
    }
    Ok(())
}

/// Writes `bytes` to `$TMPDIR/brisk-disagreement-<hash>.wasm` (the hash
/// is FNV-1a of the bytes) and returns the path; on failure the path is
/// returned anyway, for the message.
pub fn save_module(bytes: &[u8]) -> std::path::PathBuf {
    let hash = fnv1a(bytes);
    let path = std::env::temp_dir().join(format!("brisk-disagreement-{hash:016x}.wasm"));
    let _ = std::fs::write(&path, bytes);
    path
}

/// FNV-1a of `bytes`: a name for a saved input.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// `len` pseudo-random bytes from `seed` (xorshift64*): fixed inputs for
/// tests and seeds without a dependency.
pub fn pseudo_random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}
