//! `brisk run [OPTIONS] FILE [ARGS...]`: `_start` and `--invoke`, each exit
//! status, the limit options and their usage errors.

use std::time::Duration;

use super::{brisk, brisk_within, scratch};

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

/// Writes `text` to `dir/name` and returns `name`.
fn write<'a>(dir: &std::path::Path, name: &'a str, text: &str) -> &'a str {
    std::fs::write(dir.join(name), text).unwrap();
    name
}

#[test]
fn start_runs_by_default_and_takes_the_guest_arguments() {
    let dir = scratch("run_start");
    let m = write(
        &dir,
        "m.wat",
        r#"(module (global $g (mut i32) (i32.const 0))
             (func (export "_start") (global.set $g (i32.const 1))))"#,
    );
    for args in [&["run", m][..], &["run", m, "--flag", "x", "-y"]] {
        let run = brisk(&dir, args);
        assert_eq!(
            (run.code, run.stdout.as_str()),
            (Some(0), ""),
            "{args:?}: {run:?}"
        );
    }
    let m = write(&dir, "none.wat", r#"(module (func (export "main")))"#);
    let run = brisk(&dir, &["run", m]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("no exported function `_start`"),
        "{run:?}"
    );
    assert!(run.stderr.contains("--invoke"), "{run:?}");
}

#[test]
fn traps_and_stack_exhaustion_exit_3() {
    let dir = scratch("run_start_trap");
    let m = write(
        &dir,
        "m.wat",
        r#"(module
             (func $deep (call $deep))
             (func $div (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
             (func (export "_start") (drop (call $div (i32.const 0))))
             (func (export "deep") (call $deep)))"#,
    );
    let run = brisk(&dir, &["run", m]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: integer divide by zero\nwasm backtrace:\n"),
        "{run:?}"
    );
    assert!(run.stderr.contains("div (func 1)"), "{run:?}");
    let run = brisk(&dir, &["run", "--invoke", "deep", m]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr.starts_with("error: call stack exhausted"),
        "{run:?}"
    );
}

const SPIN: &str = r#"(module (func $spin (export "_start") (loop (br 0))))"#;

#[test]
fn timeout_stops_an_infinite_loop_with_the_limit_status() {
    let dir = scratch("run_timeout");
    let m = write(&dir, "spin.wat", SPIN);
    let start = std::time::Instant::now();
    let run = brisk_within(
        &dir,
        &["run", "--timeout", "1.5s", m],
        Duration::from_secs(20),
    );
    let took = start.elapsed();
    assert_eq!(run.code, Some(4), "{run:?}");
    assert!(
        run.stderr
            .starts_with("error: limit exceeded: interrupted (--timeout 1.5s)\nwasm backtrace:\n"),
        "{run:?}"
    );
    assert!(
        took >= Duration::from_millis(1400),
        "stopped after {took:?}"
    );
    assert!(took < Duration::from_secs(6), "stopped only after {took:?}");
}

#[test]
fn fuel_runs_out_with_the_limit_status_and_suffices_when_enough() {
    let dir = scratch("run_fuel");
    let m = write(&dir, "spin.wat", SPIN);
    let run = brisk_within(
        &dir,
        &["run", "--fuel", "100000", m],
        Duration::from_secs(20),
    );
    assert_eq!(run.code, Some(4), "{run:?}");
    assert!(
        run.stderr.starts_with(
            "error: limit exceeded: all fuel consumed (--fuel 100000)\nwasm backtrace:\n"
        ),
        "{run:?}"
    );
    let m = write(
        &dir,
        "count.wat",
        r#"(module (func (export "count") (param $n i32) (result i32) (local $i i32)
             (loop $l
               (local.set $i (i32.add (local.get $i) (i32.const 1)))
               (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
             (local.get $i)))"#,
    );
    let run = brisk(
        &dir,
        &["run", "--fuel", "100000", "--invoke", "count", m, "100"],
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "100\n"),
        "{run:?}"
    );
    let run = brisk(
        &dir,
        &["run", "--fuel", "100", "--invoke", "count", m, "100"],
    );
    assert_eq!(run.code, Some(4), "{run:?}");
}

#[test]
fn max_memory_caps_growth_and_instantiation() {
    let dir = scratch("run_max_memory");
    let m = write(
        &dir,
        "grow.wat",
        r#"(module (memory 1)
             (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#,
    );
    let grow = |limit: &str, pages: &str| {
        let run = brisk(
            &dir,
            &["run", "--max-memory", limit, "--invoke", "grow", m, pages],
        );
        assert_eq!(run.code, Some(0), "{run:?}");
        run.stdout
    };
    assert_eq!(grow("128KiB", "1"), "1\n");
    assert_eq!(grow("128KiB", "2"), "-1\n");
    assert_eq!(grow("131072", "2"), "-1\n");
    assert_eq!(grow("1MiB", "15"), "1\n");
    assert_eq!(grow("1MiB", "16"), "-1\n");

    let big = write(
        &dir,
        "big.wat",
        r#"(module (memory 4) (func (export "_start")))"#,
    );
    let run = brisk(&dir, &["run", "--max-memory", "64KiB", big]);
    assert_eq!(run.code, Some(4), "{run:?}");
    assert_eq!(
        run.stderr,
        "error: limit exceeded: memory 0 needs 262144 bytes at instantiation, \
         more than the store's limit of 65536 bytes (--max-memory 65536)\n"
    );
    let run = brisk(&dir, &["run", "--max-memory", "256KiB", big]);
    assert_eq!(run.code, Some(0), "{run:?}");
}

#[test]
fn link_errors_exit_5_naming_module_field_and_types() {
    let dir = scratch("run_link");
    let m = write(
        &dir,
        "m.wat",
        r#"(module (import "env" "log" (func (param i32))) (func (export "_start")))"#,
    );
    let run = brisk(&dir, &["run", m]);
    assert_eq!(run.code, Some(5), "{run:?}");
    assert!(run.stderr.starts_with("brisk: link error: "), "{run:?}");
    assert_eq!(
        run.stderr,
        "brisk: link error: unknown import: `env::log` has not been defined \
         (expected func [i32] -> [], found nothing)\n"
    );
}

#[test]
fn bad_option_values_are_usage_errors() {
    let dir = scratch("run_usage");
    let m = write(&dir, "m.wat", r#"(module (func (export "_start")))"#);
    for (args, says) in [
        (
            &["run", "--max-memory", "12XB", m][..],
            "invalid size `12XB`",
        ),
        (&["run", "--timeout", "abc", m], "invalid duration `abc`"),
        (&["run", "--timeout", "10", m], "invalid duration `10`"),
        (&["run", "--fuel", "lots", m], "invalid digit"),
        (&["run", "--no-such-option", m], "unexpected argument"),
        (&["run"], "FILE"),
    ] {
        let run = brisk(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
        assert!(run.stderr.contains(says), "{args:?}: {run:?}");
    }
}

#[test]
fn help_documents_every_exit_status() {
    let run = brisk(std::path::Path::new("."), &["run", "--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for line in [
        "  0  success",
        "  1  bad input",
        "  2  usage error",
        "  3  the guest trapped",
        "  4  a limit stopped the guest",
        "  5  link error",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing {line:?} in {}",
            run.stdout
        );
    }
}
