//! The runner fails when it should.
//!
//! Each test takes a small snippet of the spec testsuite, alters it so the
//! assertion is wrong, and checks the runner reports a failure rather than
//! a pass (a runner that passes everything would otherwise look perfect).
//! The originals are checked too, so each test shows the alteration is
//! what flips the result.

use brisk_spec_tests::{DirectiveKind, FileReport, KnownFailures, Outcome, TextOutcome, run_text};

fn run(script: &str) -> FileReport {
    run_text(brisk_spec_tests::Tier::Interpreter, "honesty.wast", script)
}

/// The outcome of a one-directive script.
fn only(script: &str) -> Outcome {
    let report = run(script);
    assert_eq!(report.results.len(), 1, "{report:?}");
    report.results[0].outcome.clone()
}

fn assert_failed(outcome: Outcome, why_contains: &str) {
    match outcome {
        Outcome::Failed(why) => assert!(why.contains(why_contains), "{why}"),
        other => panic!("expected a failure ({why_contains}), got {other:?}"),
    }
}

#[test]
fn assert_invalid_of_a_valid_module_fails() {
    // local_get.wast: `(result i64)` with an i32 local is a type mismatch.
    let original = r#"(assert_invalid
      (module (func $type-local-num-vs-num (result i64) (local i32) (local.get 0)))
      "type mismatch")"#;
    assert_eq!(only(original), Outcome::Passed);
    // Altered: the result type now matches, so the module is valid.
    let altered = original.replace("(result i64)", "(result i32)");
    assert_failed(only(&altered), "brisk accepted it");
}

#[test]
fn assert_malformed_of_a_well_formed_binary_fails() {
    // binary.wast: version 0x0d is unknown.
    let original =
        r#"(assert_malformed (module binary "\00asm" "\0d\00\00\00") "unknown binary version")"#;
    assert_eq!(only(original), Outcome::Passed);
    // Altered: version 1, an empty but well-formed (and valid) module.
    let altered = original.replace(r"\0d\00\00\00", r"\01\00\00\00");
    assert_failed(only(&altered), "brisk accepted it");
}

#[test]
fn assert_malformed_of_an_invalid_but_well_formed_binary_fails() {
    // A function section naming type 0 with no type section decodes fine
    // and is invalid ("unknown type"), not malformed.
    let script = r#"(assert_malformed
      (module binary "\00asm" "\01\00\00\00" "\03\02\01\00" "\0a\04\01\02\00\0b")
      "unknown type")"#;
    assert_failed(only(script), "rejected it as invalid");
}

#[test]
fn assert_invalid_of_a_malformed_binary_fails() {
    // binary.wast's truncated header, asserted invalid instead of malformed.
    let script = r#"(assert_invalid (module binary "\00asm\01") "unexpected end")"#;
    assert_failed(only(script), "rejected it as malformed");
}

#[test]
fn module_that_is_invalid_fails() {
    // br.wast's `type-i32` function, altered to return an i64 constant.
    let original =
        r#"(module (func $type-i32 (result i32) (block (result i32) (br 0 (i32.const 0)))))"#;
    assert_eq!(only(original), Outcome::Passed);
    let altered = original.replace("(br 0 (i32.const 0))", "(br 0 (i64.const 0))");
    assert_failed(only(&altered), "expected a valid module");
}

#[test]
fn module_that_is_malformed_fails() {
    let script = r#"(module binary "\00asm" "\01\00\00\00" "\0b")"#;
    assert_failed(only(script), "rejected it as malformed");
}

#[test]
fn text_assert_malformed_is_never_a_brisk_pass() {
    // A quoted module wat rejects: reported in the text column.
    let rejected = r#"(assert_malformed (module quote "(func (result i32) (i32.const 0x))") "unknown operator")"#;
    assert!(matches!(
        only(rejected),
        Outcome::Text(TextOutcome::RejectedByWat(_))
    ));
    // A quoted module that is fine: still only a text outcome, not a pass
    // and not a brisk failure.
    let accepted = r#"(assert_malformed (module quote "(func (result i32) (i32.const 0))") "unknown operator")"#;
    assert_eq!(
        only(accepted),
        Outcome::Text(TextOutcome::AcceptedByWat("brisk accepted it".into()))
    );
    let counts = run(&format!("{rejected}\n{accepted}")).counts();
    assert_eq!((counts.passed, counts.failed), (0, 0));
    assert_eq!(
        (counts.text_rejected_by_wat, counts.text_accepted_by_wat),
        (1, 1)
    );
}

#[test]
fn execution_directives_run_and_each_kind_is_judged() {
    let script = r#"
      (module $m (func (export "f") (result i32) (i32.const 1)))
      (register "m" $m)
      (invoke "f")
      (assert_return (invoke "f") (i32.const 1))
      (module (func (export "u") unreachable) (func (export "r") (call 1)))
      (assert_trap (invoke "u") "unreachable")
      (assert_exhaustion (invoke "r") "call stack exhausted")
      (assert_unlinkable (module (import "m" "g" (func))) "unknown import")
      (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
    "#;
    let report = run(script);
    let failed: Vec<_> = report.results.iter().filter(|r| r.failed()).collect();
    assert!(failed.is_empty(), "{failed:?}");
    let counts = report.counts();
    assert_eq!((counts.passed, counts.failed, counts.not_run), (9, 0, 0));
}

/// spec file `i32.wast`, `add`: the original passes; a wrong expected value
/// fails.
#[test]
fn assert_return_with_a_wrong_value_fails() {
    let module = r#"(module (func (export "add") (param $x i32) (param $y i32) (result i32)
      (i32.add (local.get $x) (local.get $y))))"#;
    let original = format!(
        r#"{module} (assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i32.const 2))"#
    );
    assert_eq!(run(&original).counts().failed, 0);
    let altered = original.replace("(i32.const 2))", "(i32.const 3))");
    let report = run(&altered);
    assert_failed(
        report.results[1].outcome.clone(),
        "expected [i32:3], got [i32:2]",
    );
}

/// spec file `f32.wast`: `nan:canonical` must not accept a payload-carrying
/// NaN.
#[test]
fn assert_return_nan_patterns_are_checked() {
    let module = r#"(module (func (export "id") (param f32) (result f32) local.get 0))"#;
    let ok = format!(
        r#"{module} (assert_return (invoke "id" (f32.const nan)) (f32.const nan:canonical))"#
    );
    assert_eq!(run(&ok).counts().failed, 0);
    let altered = format!(
        r#"{module} (assert_return (invoke "id" (f32.const nan:0x200001)) (f32.const nan:canonical))"#
    );
    assert_failed(
        run(&altered).results[1].outcome.clone(),
        "expected [nan:canonical]",
    );
}

/// spec file `int_exprs.wast`: `i32.div_s` by zero traps; the same
/// directive against a division that does not trap fails.
#[test]
fn assert_trap_without_a_trap_fails() {
    let module = r#"(module (func (export "div") (param i32 i32) (result i32)
      (i32.div_s (local.get 0) (local.get 1))))"#;
    let original = format!(
        r#"{module} (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")"#
    );
    assert_eq!(run(&original).counts().failed, 0);
    let altered = original.replace("(i32.const 0))", "(i32.const 1))");
    assert_failed(run(&altered).results[1].outcome.clone(), "expected a trap");
}

#[test]
fn assert_trap_with_the_wrong_message_fails() {
    let module = r#"(module (func (export "div") (param i32 i32) (result i32)
      (i32.div_s (local.get 0) (local.get 1))))"#;
    let altered = format!(
        r#"{module} (assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer overflow")"#
    );
    assert_failed(
        run(&altered).results[1].outcome.clone(),
        "got: integer divide by zero",
    );
}

#[test]
fn a_different_message_is_recorded_but_passes() {
    let script = r#"(assert_invalid
      (module (func (result i64) (local i32) (local.get 0)))
      "unknown memory")"#;
    let report = run(script);
    let result = &report.results[0];
    assert_eq!(result.outcome, Outcome::Passed);
    let diff = result.message_differs.as_ref().expect("message differs");
    assert_eq!(diff.expected, "unknown memory");
    assert!(diff.actual.contains("type mismatch"), "{}", diff.actual);
    assert_eq!(report.counts().message_differs, 1);
}

#[test]
fn a_script_that_does_not_parse_fails() {
    let report = run("(module (func)\n(assert_return (invoke \"f\")");
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.results[0].kind, DirectiveKind::Script);
    assert_failed(report.results[0].outcome.clone(), "does not parse");
}

#[test]
fn lines_are_one_based_and_known_failures_match_them() {
    let script = "\n(module (func (result i32) (i64.const 0)))\n(module)\n";
    let report = run(script);
    assert_eq!(report.results[0].line, 2);
    assert!(report.results[0].failed());

    let listed = KnownFailures::parse("honesty.wast:2 module\n").unwrap();
    assert!(listed.check(&report).is_ok());
    let unlisted = KnownFailures::default().check(&report);
    assert_eq!(unlisted.unexpected.len(), 1);
    // Listing the passing `(module)` on line 3 is stale.
    let stale = KnownFailures::parse("honesty.wast:2 module\nhonesty.wast:3 module\n").unwrap();
    let check = stale.check(&report);
    assert!(
        check
            .to_string()
            .contains("stale known failure: remove it: honesty.wast:3 module")
    );
}
