//! Replays every module kept under `fuzz/regressions/` (`.wasm` files the
//! differential fuzzer once found brisk and wasmparser disagreeing on):
//! they must agree now.

use std::path::Path;

#[test]
fn kept_disagreements_now_agree() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut failures = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.extension().is_some_and(|x| x == "wasm") {
            let bytes = std::fs::read(&path).unwrap();
            if let Err(e) = brisk_fuzz::check_differential(&bytes, brisk_fuzz::Origin::Arbitrary) {
                failures.push(format!("{}: {e}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
