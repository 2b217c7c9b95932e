//! `brisk run --interp --invoke NAME FILE [ARGS...]`.

use super::{brisk, scratch};

#[test]
fn invoke_prints_each_result_on_its_own_line() {
    let dir = scratch("run_results");
    std::fs::write(
        dir.join("m.wat"),
        r#"(module
          (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
          (func (export "many") (result f32 v128 f64 i64)
            f32.const -nan:0x200000 v128.const i32x4 1 2 3 -1 f64.const -1.5 i64.const -1))"#,
    )
    .unwrap();
    let run = brisk(
        &dir,
        &["run", "--interp", "--invoke", "add", "m.wat", "2", "-5"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "-3\n"),
        "{run:?}"
    );
    let run = brisk(&dir, &["run", "--invoke", "many", "m.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "-nan:0x200000\ni32x4 1 2 3 -1\n-1.5\n-1\n");
}

#[test]
fn a_trap_prints_message_and_backtrace_and_exits_3() {
    let dir = scratch("run_trap");
    std::fs::write(
        dir.join("t.wat"),
        r#"(module (func $boom unreachable) (func (export "f") (call $boom)))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["run", "--interp", "--invoke", "f", "t.wat"]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: unreachable\nwasm backtrace:\n"),
        "{run:?}"
    );
    assert!(run.stderr.contains("boom (func 0)"), "{run:?}");
}

#[test]
fn bad_arguments_and_missing_exports_exit_1() {
    let dir = scratch("run_bad");
    std::fs::write(
        dir.join("m.wat"),
        r#"(module (func (export "f") (param i32)))"#,
    )
    .unwrap();
    for args in [
        &["run", "--invoke", "f", "m.wat"][..],
        &["run", "--invoke", "f", "m.wat", "x"],
        &["run", "--invoke", "g", "m.wat", "1"],
        &["run", "--invoke", "f", "missing.wat", "1"],
    ] {
        let run = brisk(&dir, args);
        assert_eq!(run.code, Some(1), "{args:?}: {run:?}");
        assert!(run.stderr.starts_with("brisk: "), "{args:?}: {run:?}");
    }
}
