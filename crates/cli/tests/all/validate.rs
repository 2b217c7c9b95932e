//! `brisk validate FILE...`.

use super::{brisk, scratch, wasm};

const ADD: &str = r#"(module
    (func (export "add") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.add))"#;

/// `add` with its `i32.add` replaced by `f64.add`: decodes, but fails to
/// type-check at the `f64.add`.
fn type_mismatched() -> Vec<u8> {
    let mut bytes = wasm(ADD);
    let at = bytes.iter().rposition(|&b| b == 0x6a).unwrap();
    bytes[at] = 0xa0; // f64.add
    bytes
}

#[test]
fn a_valid_module_exits_0_silently() {
    let dir = scratch("valid");
    std::fs::write(dir.join("add.wasm"), wasm(ADD)).unwrap();
    std::fs::write(dir.join("add.wat"), ADD).unwrap();
    let run = brisk(&dir, &["validate", "add.wasm", "add.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
}

#[test]
fn a_type_mismatch_names_file_offset_and_types() {
    let dir = scratch("type_mismatch");
    let bytes = type_mismatched();
    let at = bytes.iter().rposition(|&b| b == 0xa0).unwrap();
    std::fs::write(dir.join("add.wasm"), bytes).unwrap();
    let run = brisk(&dir, &["validate", "add.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        format!("add.wasm: offset {at:#x}: type mismatch: expected f64, found i32\n")
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_type_mismatch_in_text_is_reported_too() {
    let dir = scratch("type_mismatch_text");
    std::fs::write(
        dir.join("bad.wat"),
        "(module (func (result i32) f64.const 1))",
    )
    .unwrap();
    let run = brisk(&dir, &["validate", "bad.wat"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.starts_with("bad.wat: offset 0x"), "{run:?}");
    assert!(
        run.stderr
            .ends_with(": type mismatch: expected i32, found f64\n"),
        "{run:?}"
    );
}

#[test]
fn garbage_is_not_webassembly() {
    let dir = scratch("garbage");
    std::fs::write(
        dir.join("garbage.wasm"),
        b"\x7fELF\x02\x01\x01 not wasm at all",
    )
    .unwrap();
    let run = brisk(&dir, &["validate", "garbage.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.stderr,
        "garbage.wasm: offset 0x0: magic header not detected\n"
    );
}

#[test]
fn every_truncation_of_a_module_is_rejected_cleanly() {
    let dir = scratch("truncated");
    let bytes = wasm(ADD);
    // Cut inside the code section's body: the section claims more bytes
    // than the file has.
    std::fs::write(dir.join("cut.wasm"), &bytes[..bytes.len() - 3]).unwrap();
    let run = brisk(&dir, &["validate", "cut.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.starts_with("cut.wasm: offset 0x"), "{run:?}");
    // The spec interpreter's message for a section longer than the input.
    assert!(run.stderr.ends_with(": length out of bounds\n"), "{run:?}");

    // Every other proper prefix fails with one line and exit 1, never a
    // panic. The exceptions are the header alone and the header plus the
    // type section: cut at those section boundaries, the rest is a valid
    // module. (Cut after the function section, it is not: functions
    // without code.)
    let after_types = 8 + 2 + usize::from(bytes[9]);
    assert_eq!(bytes[8], 1, "the type section comes first");
    for len in (0..bytes.len()).filter(|&len| len != 8 && len != after_types) {
        std::fs::write(dir.join("prefix.wasm"), &bytes[..len]).unwrap();
        let run = brisk(&dir, &["validate", "prefix.wasm"]);
        assert_eq!(run.code, Some(1), "prefix of {len} bytes: {run:?}");
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "prefix of {len} bytes: {run:?}"
        );
    }
}

#[test]
fn missing_and_unreadable_files_are_reported_and_the_rest_still_checked() {
    let dir = scratch("missing");
    std::fs::write(dir.join("add.wasm"), wasm(ADD)).unwrap();
    std::fs::create_dir(dir.join("folder.wasm")).unwrap();
    std::fs::write(dir.join("bad.wasm"), type_mismatched()).unwrap();
    let run = brisk(
        &dir,
        &[
            "validate",
            "missing.wasm",
            "add.wasm",
            "folder.wasm",
            "bad.wasm",
        ],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{run:?}");
    assert!(
        lines[0].starts_with("brisk: cannot read missing.wasm: "),
        "{run:?}"
    );
    assert!(
        lines[1].starts_with("brisk: cannot read folder.wasm: "),
        "{run:?}"
    );
    assert!(lines[2].starts_with("bad.wasm: offset 0x"), "{run:?}");
}

#[test]
fn text_that_does_not_parse_names_the_file() {
    let dir = scratch("bad_text");
    std::fs::write(dir.join("broken.wat"), "(module (func").unwrap();
    let run = brisk(&dir, &["validate", "broken.wat"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.starts_with("broken.wat: "), "{run:?}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("usage");
    let run = brisk(&dir, &["validate"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    let run = brisk(&dir, &["no-such-command"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    let run = brisk(&dir, &[]);
    assert_eq!(run.code, Some(2), "{run:?}");
}
