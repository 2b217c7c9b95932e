//! The AOT artifact loader on damaged artifacts (see
//! `brisk_fuzz::artifacts`): raw bytes, or a seed artifact with edits
//! outside `.text`. Loading (`artifact_info`, `Module::deserialize` in two
//! engines) must return `Ok` or an error, never crash; a damaged seed that
//! loads must have the seed's imports and exports. Nothing loaded runs.
//!
//! On a wrong load the artifact is written to
//! `$TMPDIR/brisk-damaged-<hash>.so` before the target panics.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| brisk_fuzz::artifacts::fuzz_one(data));
