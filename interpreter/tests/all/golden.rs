//! Golden translation tests: each `tests/golden/*.wat` module's defined
//! functions are disassembled and compared with the `;;` comment block at
//! the end of the file. `BLESS=1 cargo test -p brisk-interp --test all`
//! rewrites the block after a deliberate change; review the diff.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use brisk_interp::ModuleCode;
use brisk_validator::OwnedModule;

const MARKER: &str = ";; ---- bytecode (BLESS=1 to refresh) ----";

fn disassemble_all(text: &str) -> String {
    let wasm = wat::parse_str(text).expect("golden input parses");
    let module = Arc::new(OwnedModule::new(wasm).expect("golden input validates"));
    let m = &module.validated().module;
    let (first, count) = (m.function_imports, m.functions.len() as u32);
    let code = ModuleCode::new(module.clone());
    let mut out = String::new();
    for f in first..count {
        out.push_str(&format!("func {f}:\n"));
        out.push_str(&code.disassemble(f).expect("translates"));
    }
    out
}

/// Compares `source`'s bytecode with the commented `expected` block.
fn compare(source: &str, expected: &str) -> Result<(), String> {
    let commented = commented(source);
    if expected.trim() != commented.trim() {
        return Err(format!(
            "bytecode differs\n--- expected\n{}\n--- actual\n{}",
            expected.trim(),
            commented.trim()
        ));
    }
    Ok(())
}

fn commented(source: &str) -> String {
    disassemble_all(source)
        .lines()
        .map(|l| format!(";; {l}\n"))
        .collect()
}

fn check(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (source, expected) = match text.find(MARKER) {
        Some(i) => (&text[..i], &text[i + MARKER.len()..]),
        None => (text.as_str(), ""),
    };
    if std::env::var_os("BLESS").is_some() {
        let new = format!("{}\n{MARKER}\n{}", source.trim_end(), commented(source));
        std::fs::write(path, new).map_err(|e| e.to_string())?;
        return Ok(());
    }
    compare(source, expected).map_err(|e| format!("{}: {e}", path.display()))
}

fn golden_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/golden exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    files.sort();
    files
}

#[test]
fn golden_translations() {
    let files = golden_files();
    assert!(!files.is_empty(), "no golden inputs found");
    let failures: Vec<String> = files.iter().filter_map(|p| check(p).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_wrong_expectation_fails() {
    let source = "(module (func (param i32) (result i32) local.get 0 i32.const 1 i32.add))";
    let right = commented(source);
    assert_eq!(compare(source, &right), Ok(()));
    let wrong = right.replace("rhs=1", "rhs=2");
    assert_ne!(wrong, right);
    assert!(compare(source, &wrong).is_err());
    assert!(compare(source, "").is_err());
}
