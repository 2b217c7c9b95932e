//! `brisk run --extension PATH`: the example extension
//! (`examples/extension`) called from wasm, and every way loading fails.
//! The libraries are built by the test itself (`cargo build` into a
//! target folder of its own), so a clean `cargo test` needs no other step.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::{brisk, scratch};

/// The example extension and the wrong-ABI fixture, built once.
struct Libraries {
    example: PathBuf,
    wrong_abi: PathBuf,
    no_entry: PathBuf,
}

fn libraries() -> &'static Libraries {
    static BUILT: OnceLock<Libraries> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR")).join("extensions");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "--locked"])
            .args(["-p", "brisk-example-extension"])
            .args(["-p", "brisk-example-extension-wrong-abi"])
            .env("CARGO_TARGET_DIR", &tmp)
            .current_dir(&root)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the extensions failed");
        let lib = |name: &str| {
            let file = format!(
                "{}{name}{}",
                std::env::consts::DLL_PREFIX,
                std::env::consts::DLL_SUFFIX
            );
            tmp.join("debug").join(file)
        };
        // A real shared library without the entry point.
        let source = tmp.join("no_entry.rs");
        std::fs::write(
            &source,
            "#[unsafe(no_mangle)]\npub extern \"C\" fn not_brisk() {}\n",
        )
        .unwrap();
        let no_entry = lib("no_entry");
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let status = Command::new(rustc)
            .args(["--edition", "2024", "--crate-type", "cdylib", "-o"])
            .arg(&no_entry)
            .arg(&source)
            .status()
            .expect("rustc runs");
        assert!(status.success(), "building the entry-less library failed");
        Libraries {
            example: lib("brisk_example_extension"),
            wrong_abi: lib("brisk_example_extension_wrong_abi"),
            no_entry,
        }
    })
}

fn guest() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/extension/guest.wat");
    path.to_str().unwrap().to_owned()
}

#[test]
fn the_example_extension_runs_its_self_checking_guest() {
    let dir = scratch("ext_example");
    let lib = libraries().example.to_str().unwrap();
    let run = brisk(&dir, &["run", "--extension", lib, &guest()]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (Some(0), "", "")
    );
}

#[test]
fn extension_functions_see_the_callers_memory_and_keep_state() {
    let dir = scratch("ext_memory");
    std::fs::write(
        dir.join("m.wat"),
        r#"(module
          (import "text" "upper" (func $upper (param i32 i32) (result i32)))
          (import "text" "calls" (func $calls (result i64)))
          (memory (export "memory") 1)
          (data (i32.const 100) "abc-DEF-ghi")
          (func (export "go") (result i32 i64 i64)
            (call $upper (i32.const 100) (i32.const 11))
            (i64.load (i32.const 100))
            (drop (call $upper (i32.const 0) (i32.const 0)))
            (call $calls)))"#,
    )
    .unwrap();
    let lib = libraries().example.to_str().unwrap();
    let run = brisk(
        &dir,
        &["run", "--extension", lib, "--invoke", "go", "m.wat"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    // 6 letters changed; "ABC-DEF-" little-endian; two calls counted.
    let abc = i64::from_le_bytes(*b"ABC-DEF-");
    assert_eq!(run.stdout, format!("6\n{abc}\n2\n"));
}

#[test]
fn a_failing_extension_call_traps_with_its_message() {
    let dir = scratch("ext_trap");
    let lib = libraries().example.to_str().unwrap();
    let run = brisk(
        &dir,
        &[
            "run",
            "--extension",
            lib,
            "--invoke",
            "out_of_bounds",
            &guest(),
        ],
    );
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr.starts_with(
            "error: extension function `text::upper` failed: range outside the guest's memory (status 1)"
        ),
        "{run:?}"
    );
    std::fs::write(
        dir.join("nomem.wat"),
        r#"(module (import "text" "fnv1a" (func $h (param i32 i32) (result i64)))
             (func (export "_start") (drop (call $h (i32.const 0) (i32.const 0)))))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["run", "--extension", lib, "nomem.wat"]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr.contains("exports no memory (status 2)"),
        "{run:?}"
    );
}

#[test]
fn an_import_of_the_wrong_type_is_a_link_error_naming_both_types() {
    let dir = scratch("ext_link");
    std::fs::write(
        dir.join("m.wat"),
        r#"(module (import "text" "upper" (func (param i64) (result i32))) (func (export "_start")))"#,
    )
    .unwrap();
    let lib = libraries().example.to_str().unwrap();
    let run = brisk(&dir, &["run", "--extension", lib, "m.wat"]);
    assert_eq!(run.code, Some(5), "{run:?}");
    assert!(run.stderr.contains("text::upper"), "{run:?}");
    assert!(
        run.stderr.contains("expected func [i64] -> [i32]"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("found func [i32 i32] -> [i32]"),
        "{run:?}"
    );
}

#[test]
fn loading_failures_are_clear_and_exit_1() {
    let dir = scratch("ext_load");
    let libs = libraries();
    std::fs::write(dir.join("m.wat"), r#"(module (func (export "_start")))"#).unwrap();
    std::fs::write(dir.join("text.so"), "not a shared library").unwrap();
    let cases: [(&str, &[&str]); 4] = [
        (
            libs.wrong_abi.to_str().unwrap(),
            &[
                "uses extension ABI version 2",
                "this brisk supports version 1",
            ],
        ),
        (
            libs.no_entry.to_str().unwrap(),
            &["is not a brisk extension: it has no symbol `brisk_extension_v1`"],
        ),
        ("text.so", &["cannot load extension text.so: "]),
        (
            "missing.so",
            &["cannot load extension missing.so: ", "No such file"],
        ),
    ];
    for (lib, says) in cases {
        let run = brisk(&dir, &["run", "--extension", lib, "m.wat"]);
        assert_eq!(run.code, Some(1), "{lib}: {run:?}");
        assert!(run.stderr.starts_with("brisk: "), "{lib}: {run:?}");
        for s in says {
            assert!(run.stderr.contains(s), "{lib}: expected {s:?} in {run:?}");
        }
    }
}
