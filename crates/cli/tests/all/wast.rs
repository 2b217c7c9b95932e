//! `brisk wast FILE...`.

use super::{brisk, scratch};

#[test]
fn a_passing_script_prints_its_summary_and_exits_0() {
    let dir = scratch("wast_pass");
    std::fs::write(
        dir.join("ok.wast"),
        r#"(module (func (export "f") (result i32) i32.const 1))
           (assert_invalid (module (func (result i32) f64.const 1)) "type mismatch")
           (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
           (assert_return (invoke "f") (i32.const 1))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["wast", "ok.wast"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with("ok.wast"))
        .unwrap();
    let numbers: Vec<&str> = row.split_whitespace().skip(1).take(3).collect();
    assert_eq!(numbers, ["4", "0", "0"], "passed, failed, not-run: {run:?}");
}

#[test]
fn a_failing_script_exits_1_and_says_which_directive() {
    let dir = scratch("wast_fail");
    // A valid module asserted invalid: brisk (rightly) accepts it, so the
    // directive fails.
    std::fs::write(
        dir.join("bad.wast"),
        "(assert_invalid (module (func (result i32) i32.const 1)) \"type mismatch\")",
    )
    .unwrap();
    let run = brisk(&dir, &["wast", "bad.wast"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("bad.wast:1"), "{run:?}");
}

#[test]
fn a_missing_script_fails_cleanly() {
    let dir = scratch("wast_missing");
    let run = brisk(&dir, &["wast", "nope.wast"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
}

/// A script exercising every way the runner makes a module: a named
/// module registered for imports, one importing it, a module whose start
/// function traps, and an unlinkable one.
const LINKING: &str = r#"
(module $a
  (global (export "g") i32 (i32.const 42))
  (memory (export "mem") 1)
  (data (i32.const 8) "\2a")
  (func (export "f") (result i32) i32.const 7))
(register "a" $a)
(module
  (import "a" "f" (func $f (result i32)))
  (import "a" "g" (global $g i32))
  (import "a" "mem" (memory 1))
  (func (export "sum") (result i32)
    (i32.add (i32.add (call $f) (global.get $g)) (i32.load8_u (i32.const 8)))))
(assert_return (invoke "sum") (i32.const 91))
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_unlinkable (module (import "a" "nope" (func))) "unknown import")
(assert_invalid (module (func (result i32) f64.const 1)) "type mismatch")
"#;

/// Runs `brisk wast ARGS...` in `dir` with `TMPDIR` set to `tmp`.
fn brisk_with_tmpdir(dir: &std::path::Path, tmp: &std::path::Path, args: &[&str]) -> super::Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_brisk"))
        .args(args)
        .current_dir(dir)
        .env("TMPDIR", tmp)
        .output()
        .expect("the brisk binary runs");
    super::Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn artifact_runs_every_module_from_a_file_and_cleans_up() {
    let dir = scratch("wast_artifact");
    std::fs::write(dir.join("link.wast"), LINKING).unwrap();
    let tmp = dir.join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let run = brisk_with_tmpdir(&dir, &tmp, &["wast", "--artifact", "link.wast"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("tier: artifact"), "{run:?}");
    let row = run
        .stdout
        .lines()
        .find(|l| l.starts_with("link.wast"))
        .unwrap();
    let numbers: Vec<&str> = row.split_whitespace().skip(1).take(3).collect();
    assert_eq!(numbers, ["7", "0", "0"], "passed, failed, not-run: {run:?}");
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "artifacts left behind: {left:?}");
}

#[test]
fn artifact_modules_really_go_through_the_temp_folder() {
    // TMPDIR names a file, so no artifact can be written: every directive
    // that makes a module fails, saying so, while assert_invalid (judged
    // before anything is compiled) still passes.
    let dir = scratch("wast_artifact_no_tmp");
    std::fs::write(dir.join("link.wast"), LINKING).unwrap();
    let tmp = dir.join("not-a-folder");
    std::fs::write(&tmp, "").unwrap();
    let run = brisk_with_tmpdir(&dir, &tmp, &["wast", "--artifact", "link.wast"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("cannot make"), "{run:?}");
    assert!(!run.stdout.contains("link.wast:17"), "{run:?}");
    // The same script in the compiled tier never touches TMPDIR.
    let run = brisk_with_tmpdir(&dir, &tmp, &["wast", "--compiled", "link.wast"]);
    assert_eq!(run.code, Some(0), "{run:?}");
}
