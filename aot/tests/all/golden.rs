//! Golden tests of the translator's output: each `tests/golden/*.wat`
//! holds a module and, in its trailing comments, the Cranelift IR of
//! every function it defines as `brisk_aot::clif` gives it (before
//! Cranelift's optimizations), so a change in what the translator emits
//! shows up as a diff. `BLESS=1` rewrites the comments from the current
//! output. A first line `;; options: fuel interrupt explicit-bounds`
//! (any of them) sets the compile options.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use brisk_aot::CompileOptions;
use brisk_validator::OwnedModule;

const MARKER: &str = ";; ---- translated (BLESS=1 rewrites everything below) ----";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn options(source: &str) -> CompileOptions {
    let mut o = CompileOptions::default();
    if let Some(line) = source
        .lines()
        .next()
        .and_then(|l| l.strip_prefix(";; options:"))
    {
        for word in line.split_whitespace() {
            match word {
                "fuel" => o.consume_fuel = true,
                "interrupt" => o.interruptible = true,
                "explicit-bounds" => o.explicit_bounds_checks = true,
                other => panic!("unknown option {other}"),
            }
        }
    }
    o
}

/// The expected-output section for `wat`'s functions.
fn translate(wat: &str) -> String {
    let module = Arc::new(
        OwnedModule::new(wat::parse_str(wat).expect("golden module parses")).expect("validates"),
    );
    let m = &module.validated().module;
    let mut out = String::from(MARKER);
    out.push('\n');
    for index in m.function_imports..m.functions.len() as u32 {
        let clif = brisk_aot::clif(&module, index, &options(wat)).expect("translates");
        for line in clif.lines() {
            out.push_str(";; ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.replace(";; \n", ";;\n")
}

#[test]
fn translations_match_the_golden_files() {
    let bless = std::env::var("BLESS").is_ok_and(|v| v == "1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wat"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let (source, expected) = match text.find(MARKER) {
            Some(at) => (&text[..at], &text[at..]),
            None => (&text[..], ""),
        };
        let got = translate(source);
        if bless {
            std::fs::write(&path, format!("{}\n{got}", source.trim_end())).unwrap();
        } else if got != expected {
            failures.push(format!(
                "{}: translation differs (BLESS=1 rewrites it)\n--- expected\n{expected}\n--- got\n{got}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
