//! `brisk inspect FILE`.

use super::{brisk, scratch, wasm};

/// Imports of every kind, exports, a memory with limits, SIMD, a
/// multi-value result, sign extension, bulk memory, a start function and
/// both kinds of data segment.
const DEMO: &str = r#"(module $demo
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "counter" (global $c (mut i32)))
  (import "env" "table" (table 2 10 funcref))
  (memory (export "memory") 1 2)
  (global $g (mut i64) (i64.const 0))
  (global (export "answer") i32 (i32.const 42))
  (func $dot (export "dot") (param v128 v128) (result i32 i32)
    local.get 0 local.get 1 i32x4.dot_i16x8_s i32x4.extract_lane 0
    i32.const 7 i32.extend8_s)
  (func $main
    i32.const 0 i32.const 0 i32.const 16 memory.fill)
  (start $main)
  (elem (i32.const 0) $dot $main)
  (data (i32.const 8) "hello, world")
  (data "passive"))"#;

/// The lines of `text` between the line `header` and the next blank line
/// or heading (a line that does not start with a space).
fn block<'a>(text: &'a str, header: &str) -> Vec<&'a str> {
    let mut lines = text.lines().skip_while(|l| *l != header);
    assert!(lines.next().is_some(), "no {header:?} in\n{text}");
    lines.take_while(|l| l.starts_with("  ")).collect()
}

#[test]
fn a_module_is_described() {
    let dir = scratch("inspect_demo");
    let bytes = wasm(DEMO);
    std::fs::write(dir.join("demo.wasm"), &bytes).unwrap();
    let run = brisk(&dir, &["inspect", "demo.wasm"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stderr, "");
    let out = &run.stdout;
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "demo.wasm: WebAssembly module (binary version 1), {} bytes",
            bytes.len()
        )
    );
    assert!(out.contains("\nModule name: demo\n"), "{out}");

    // The section table: every section, in order, at its real offset.
    let sections = block(out, "Sections (11):");
    assert_eq!(sections.len(), 12, "{out}");
    let ids: Vec<&str> = sections[1..]
        .iter()
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "type", "import", "function", "memory", "global", "export", "start", "element", "code",
            "data", "custom"
        ]
    );
    let code = sections.iter().find(|l| l.contains(" code ")).unwrap();
    let fields: Vec<&str> = code.split_whitespace().collect();
    let offset = usize::from_str_radix(fields[2].trim_start_matches("0x"), 16).unwrap();
    let size: usize = fields[3].parse().unwrap();
    // The code section's payload starts with its count (2 bodies) and
    // ends where the data section's id byte is.
    assert_eq!(bytes[offset], 2, "{code}");
    assert_eq!(bytes[offset + size], 11, "{code}");
    assert!(code.ends_with("2 bodies"), "{code}");
    assert!(sections.last().unwrap().ends_with("\"name\""), "{out}");

    assert_eq!(
        block(out, "Imports (3):"),
        [
            "  func    wasi_snapshot_preview1.fd_write  type 0: [i32 i32 i32 i32] -> [i32]",
            "  global  env.counter                      mut i32",
            "  table   env.table                        funcref, 2 elements, max 10",
        ]
    );
    assert_eq!(
        block(out, "Exports (3):"),
        [
            "  memory  memory  memory 0: 1 page (64 KiB), max 2 pages (128 KiB)",
            "  global  answer  global 2: i32",
            "  func    dot     func 1 $dot: type 1: [v128 v128] -> [i32 i32]",
        ]
    );
    for line in [
        "Functions: 3 (1 imported, 2 defined)",
        "Start: func 2 $main: type 2: [] -> []",
        "Element segments: 1 (1 active, 0 passive, 0 declarative)",
        "Data segments: 2 (1 active, 1 passive), 19 bytes",
        "Features used: mutable-global, sign extension, multi-value, bulk memory, SIMD",
    ] {
        assert!(out.lines().any(|l| l == line), "no {line:?} in\n{out}");
    }
    assert_eq!(
        block(out, "Tables (1):"),
        ["  table 0 (imported): funcref, 2 elements, max 10"]
    );
    assert_eq!(
        block(out, "Memories (1):"),
        ["  memory 0: 1 page (64 KiB), max 2 pages (128 KiB)"]
    );
    assert_eq!(
        block(out, "Globals (3):"),
        [
            "  global 0 (imported): mut i32",
            "  global 1: mut i64",
            "  global 2: i32"
        ]
    );
    // The payload follows the section's name (a length byte and "name").
    let custom = sections.last().unwrap().split_whitespace().nth(3).unwrap();
    let name_payload = custom.parse::<usize>().unwrap() - 5;
    assert_eq!(
        block(out, "Custom sections (1):"),
        [format!("  \"name\"  {name_payload} bytes")]
    );
    // Nothing beyond 2.0 here.
    assert!(!out.contains("beyond"), "{out}");
}

#[test]
fn text_gives_the_same_description() {
    let dir = scratch("inspect_text");
    std::fs::write(dir.join("demo.wasm"), wasm(DEMO)).unwrap();
    std::fs::write(dir.join("demo.wat"), DEMO).unwrap();
    let binary = brisk(&dir, &["inspect", "demo.wasm"]);
    let text = brisk(&dir, &["inspect", "demo.wat"]);
    assert_eq!(text.code, Some(0), "{text:?}");
    let (first, rest) = text.stdout.split_once('\n').unwrap();
    assert!(
        first.starts_with("demo.wat: WebAssembly module (text, encoded to binary version 1), "),
        "{first}"
    );
    assert_eq!(rest, binary.stdout.split_once('\n').unwrap().1);
}

#[test]
fn a_1_0_module_uses_no_proposal() {
    let dir = scratch("inspect_mvp");
    std::fs::write(
        dir.join("add.wat"),
        r#"(module (func (export "add") (param i32 i32) (result i32)
            local.get 0 local.get 1 i32.add))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["inspect", "add.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    for line in [
        "Imports (0):",
        "Functions: 1 (0 imported, 1 defined)",
        "Memories (0):",
        "Start: none",
        "Data segments: 0 (0 active, 0 passive), 0 bytes",
        "Custom sections (0):",
        "Features used: none beyond WebAssembly 1.0",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "no {line:?} in\n{}",
            run.stdout
        );
    }
}

#[test]
fn a_module_beyond_2_0_is_described_and_flagged() {
    let dir = scratch("inspect_beyond");
    // memory64 and a shared memory do not decode as WebAssembly 2.0.
    std::fs::write(
        dir.join("m.wat"),
        "(module (memory i64 1) (memory 1 4 shared) (data (i32.const 0) \"x\"))",
    )
    .unwrap();
    let run = brisk(&dir, &["inspect", "m.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let memories = block(&run.stdout, "Memories (2):");
    assert_eq!(
        memories,
        [
            "  memory 0: 1 page (64 KiB), no maximum, 64-bit",
            "  memory 1: 1 page (64 KiB), max 4 pages (256 KiB), shared",
        ]
    );
    assert!(
        run.stdout
            .contains("\nFeatures used: multi-memory, memory64, threads\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "\n  beyond WebAssembly 2.0, which brisk runs: multi-memory, memory64, threads\n"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_malformed_module_fails_as_validate_does() {
    let dir = scratch("inspect_malformed");
    let bytes = wasm(DEMO);
    std::fs::write(dir.join("cut.wasm"), &bytes[..bytes.len() - 40]).unwrap();
    std::fs::write(dir.join("garbage.wasm"), b"\x01\x02 not wasm").unwrap();
    for file in ["cut.wasm", "garbage.wasm"] {
        let run = brisk(&dir, &["inspect", file]);
        let validate = brisk(&dir, &["validate", file]);
        assert_eq!(run.code, Some(1), "{run:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr, validate.stderr);
        assert!(
            run.stderr.starts_with(&format!("{file}: offset 0x")),
            "{run:?}"
        );
    }
    let run = brisk(&dir, &["inspect", "garbage.wasm"]);
    assert_eq!(
        run.stderr,
        "garbage.wasm: offset 0x0: magic header not detected\n"
    );
}

#[test]
fn a_body_that_does_not_decode_is_malformed() {
    // The parser only slices bodies; reading the features decodes them.
    let dir = scratch("inspect_bad_body");
    let mut bytes = wasm("(module (func nop))");
    let at = bytes.iter().rposition(|&b| b == 0x01).unwrap();
    bytes[at] = 0xff;
    std::fs::write(dir.join("body.wasm"), &bytes).unwrap();
    let run = brisk(&dir, &["inspect", "body.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!("body.wasm: offset {at:#x}: illegal opcode 0xff\n")
    );
}

#[test]
fn a_missing_file_is_an_error() {
    let dir = scratch("inspect_missing");
    let run = brisk(&dir, &["inspect", "missing.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("brisk: cannot read missing.wasm: No such file or directory"),
        "{run:?}"
    );
    let run = brisk(&dir, &["inspect"]);
    assert_eq!(run.code, Some(2), "{run:?}");
}

#[test]
fn help_lists_inspect() {
    let dir = scratch("inspect_help");
    let run = brisk(&dir, &["--help"]);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("inspect ")),
        "{}",
        run.stdout
    );
    let run = brisk(&dir, &["inspect", "--help"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("Exit status:"), "{}", run.stdout);
}
