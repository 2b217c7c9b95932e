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

/// The same library embedded through `brisk::runtime`: one linker, stores
/// on several threads at once, each with its own extension state.
#[test]
fn each_store_has_its_own_state_across_threads() {
    use brisk::runtime::{Engine, Extension, ExtensionStates, Linker, Module, Store};

    let ext = Extension::load(&libraries().example).unwrap();
    assert_eq!(ext.module_name(), "text");
    let names: Vec<_> = ext.functions().map(|(n, _)| n.to_owned()).collect();
    assert_eq!(names, ["upper", "fnv1a", "calls"]);
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    linker
        .add_host_module(&ext.host_module(|s: &mut ExtensionStates| s))
        .unwrap();
    let module = Module::new(
        &engine,
        r#"(module
          (import "text" "fnv1a" (func $h (param i32 i32) (result i64)))
          (import "text" "calls" (func $calls (result i64)))
          (memory (export "memory") 1)
          (func (export "hash_n_times") (param $n i32) (result i64)
            (block $done (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (drop (call $h (i32.const 0) (i32.const 64)))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
            (call $calls)))"#,
    )
    .unwrap();
    std::thread::scope(|scope| {
        let threads: Vec<_> = (1..=4)
            .map(|t: i32| {
                let (engine, linker, module) = (&engine, &linker, &module);
                scope.spawn(move || {
                    let mut store = Store::new(engine, ExtensionStates::default());
                    let instance = linker.instantiate(&mut store, module).unwrap();
                    let f = instance
                        .get_typed_func::<i32, i64>(&mut store, "hash_n_times")
                        .unwrap();
                    // Each store counts only its own calls, however the
                    // threads interleave.
                    let first = f.call(&mut store, 100 * t).unwrap();
                    let second = f.call(&mut store, t).unwrap();
                    (first, second, i64::from(t))
                })
            })
            .collect();
        for th in threads {
            let (first, second, t) = th.join().unwrap();
            assert_eq!((first, second), (100 * t, 101 * t));
        }
    });
}
