//! `brisk compile` and running its artifacts: a real ELF shared object
//! with one symbol per function, and each way an artifact can be refused
//! with its own message and exit status.

use super::{brisk, scratch};

const WAT: &str = r#"(module
  (memory (export "memory") 1)
  (data (i32.const 64) "\07")
  (func $seven (export "seven") (result i32) i32.const 64 i32.load8_u)
  (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $spin (export "spin") (loop br 0))
  (func $boom (export "boom") unreachable))"#;

/// `dir/m.wat` compiled to `dir/m.so` with `extra` options.
fn compiled(name: &str, extra: &[&str]) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::write(dir.join("m.wat"), WAT).unwrap();
    let mut args = vec!["compile", "m.wat", "-o", "m.so"];
    args.extend_from_slice(extra);
    let run = brisk(&dir, &args);
    assert_eq!(run.code, Some(0), "{run:?}");
    dir
}

#[test]
fn writes_an_elf_shared_object_that_runs() {
    let dir = compiled("compile_runs", &[]);
    let elf = std::fs::read(dir.join("m.so")).unwrap();
    // ELF64, little-endian, ET_DYN.
    assert_eq!(&elf[..6], b"\x7fELF\x02\x01");
    assert_eq!(u16::from_le_bytes([elf[16], elf[17]]), 3);
    let run = brisk(&dir, &["run", "--invoke", "seven", "m.so"]);
    assert_eq!((run.code, run.stdout.as_str()), (Some(0), "7\n"), "{run:?}");
    let run = brisk(&dir, &["run", "--invoke", "add", "m.so", "40", "2"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "42\n"),
        "{run:?}"
    );
    let run = brisk(&dir, &["run", "--invoke", "boom", "m.so"]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr.contains("unreachable") && run.stderr.contains("boom"),
        "{run:?}"
    );
    // Every optimization level; the default output name is FILE.so.
    for level in ["none", "speed", "speed-and-size"] {
        let out = format!("{level}.so");
        let run = brisk(
            &dir,
            &["compile", "--opt-level", level, "m.wat", "-o", &out],
        );
        assert_eq!(run.code, Some(0), "{run:?}");
        let run = brisk(&dir, &["run", "--invoke", "add", &out, "1", "2"]);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (Some(0), "3\n"),
            "{level}: {run:?}"
        );
    }
    std::fs::remove_file(dir.join("m.so")).unwrap();
    let run = brisk(&dir, &["compile", "m.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(dir.join("m.so").exists());
}

#[test]
fn symbols_name_every_function() {
    let dir = compiled("compile_symbols", &[]);
    let Ok(out) = std::process::Command::new("readelf")
        .args(["-s", "-W"])
        .arg(dir.join("m.so"))
        .output()
    else {
        panic!("readelf (binutils) is needed for this test");
    };
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["seven", "add", "spin", "boom"] {
        assert!(
            text.lines()
                .any(|l| l.contains(" FUNC ") && l.ends_with(&format!(" {name}"))),
            "{name} missing in\n{text}"
        );
    }
}

#[test]
fn limits_need_matching_artifacts() {
    let dir = compiled("compile_limits", &["--fuel", "--interruptible"]);
    let run = brisk(
        &dir,
        &[
            "run",
            "--fuel",
            "1000",
            "--timeout",
            "5s",
            "--invoke",
            "spin",
            "m.so",
        ],
    );
    assert_eq!(run.code, Some(4), "{run:?}");
    assert!(run.stderr.contains("all fuel consumed"), "{run:?}");
    // Without --fuel the run's engine differs from the artifact's.
    let run = brisk(&dir, &["run", "--invoke", "seven", "m.so"]);
    assert_eq!(run.code, Some(6), "{run:?}");
    assert!(
        run.stderr
            .contains("consume-fuel is true in the artifact, false in the engine"),
        "{run:?}"
    );
}

/// `bytes` with the first `from` replaced by `to`.
fn patched(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes.windows(from.len()).position(|w| w == from).unwrap();
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn refuses_bad_artifacts_with_clear_errors() {
    let dir = compiled("compile_refused", &[]);
    let good = std::fs::read(dir.join("m.so")).unwrap();
    let cases: [(&str, Vec<u8>, i32, &str); 5] = [
        (
            "truncated.so",
            good[..good.len() / 2].to_vec(),
            1,
            "corrupted or truncated artifact",
        ),
        (
            "tiny.so",
            good[..20].to_vec(),
            1,
            "corrupted or truncated artifact",
        ),
        (
            "corrupted.so",
            patched(&good, b"defined-functions: 4", b"defined-functions: 9"),
            1,
            "corrupted or truncated artifact",
        ),
        (
            "version.so",
            patched(&good, b"engine: brisk ", b"engine: brisk 9"),
            6,
            "artifact version mismatch: compiled by brisk 9",
        ),
        (
            "format.so",
            patched(&good, b"format: 1", b"format: 2"),
            6,
            "artifact format 2",
        ),
    ];
    for (name, bytes, code, message) in cases {
        std::fs::write(dir.join(name), bytes).unwrap();
        let run = brisk(&dir, &["run", "--invoke", "seven", name]);
        assert_eq!(run.code, Some(code), "{name}: {run:?}");
        assert!(run.stderr.contains(message), "{name}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{name}: {run:?}");
    }
    let run = brisk(
        &dir,
        &[
            "compile",
            "--target",
            "aarch64-unknown-linux-gnu",
            "m.wat",
            "-o",
            "arm.so",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    if cfg!(target_arch = "x86_64") {
        let run = brisk(&dir, &["run", "--invoke", "seven", "arm.so"]);
        assert_eq!(run.code, Some(6), "{run:?}");
        assert!(
            run.stderr
                .contains("compiled for aarch64-unknown-linux-gnu, this host is x86_64"),
            "{run:?}"
        );
    }
    let run = brisk(
        &dir,
        &[
            "compile",
            "--target",
            "riscv64gc-unknown-linux-gnu",
            "m.wat",
        ],
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    let run = brisk(&dir, &["compile", "missing.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("cannot read missing.wasm"), "{run:?}");
    let run = brisk(&dir, &["run", "--interp", "m.so"]);
    assert_eq!(run.code, Some(1), "{run:?}");
}
