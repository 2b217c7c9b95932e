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
