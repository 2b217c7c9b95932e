//! Replays every module kept under `fuzz/regressions/`: brisk and
//! wasmparser must agree on each.
//!
//! The folder holds the modules the differential fuzzer once found brisk
//! and wasmparser disagreeing on (`NNN-short-name.wasm`, see README.md), and
//! hand-made `NNN-seed-*.wasm` edge cases of the rules where they are most
//! likely to part ways: LEB128 unused bits, the data-count check,
//! `ref.func` declarations, `br_table` label arities under a polymorphic
//! stack.

use std::path::Path;

#[test]
fn kept_modules_agree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut modules: Vec<_> = entries
        .map(|e| e.unwrap().path())
        .filter(|path| path.extension().is_some_and(|x| x == "wasm"))
        .collect();
    modules.sort();
    assert!(!modules.is_empty(), "no .wasm under {}", dir.display());

    let mut failures = Vec::new();
    for path in &modules {
        let bytes = std::fs::read(path).unwrap();
        if let Err(e) = brisk_fuzz::check_differential(&bytes, brisk_fuzz::Origin::Arbitrary) {
            failures.push(format!("{}: {e}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_seeds_exercise_both_verdicts() {
    // The seeds hold valid and invalid modules alike, so the replay above
    // compares real verdicts, not only rejections.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let verdict = |name: &str| brisk_fuzz::brisk_verdict(&std::fs::read(dir.join(name)).unwrap());
    assert!(verdict("003-seed-exported-ref-func.wasm").is_ok());
    assert!(verdict("002-seed-undeclared-ref-func.wasm").is_err());
    assert!(verdict("000-seed-leb-unused-bits.wasm").is_err());
}
