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

/// The target triple `brisk compile` uses by default here, and one this
/// host cannot run.
fn host_and_foreign_triples() -> (String, &'static str) {
    let host = format!("{}-unknown-linux-gnu", std::env::consts::ARCH);
    let foreign = if std::env::consts::ARCH == "aarch64" {
        "x86_64-unknown-linux-gnu"
    } else {
        "aarch64-unknown-linux-gnu"
    };
    (host, foreign)
}

/// The value of the field `key` in an artifact report, continuation lines
/// joined.
fn field(report: &str, key: &str) -> String {
    let start = format!("  {key}:");
    let mut lines = report.lines().skip_while(|l| !l.starts_with(&start));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no {key} in\n{report}"));
    let mut value = first[start.len()..].trim().to_owned();
    for more in lines.take_while(|l| l.starts_with("                    ")) {
        value.push(' ');
        value.push_str(more.trim());
    }
    value
}

/// Writes DEMO as demo.wasm and compiles it to demo.so with `extra`
/// options.
fn compile_demo(dir: &std::path::Path, extra: &[&str]) -> Vec<u8> {
    std::fs::write(dir.join("demo.wasm"), wasm(DEMO)).unwrap();
    let mut args = vec!["compile", "demo.wasm", "-o", "demo.so"];
    args.extend(extra);
    let run = brisk(dir, &args);
    assert_eq!(run.code, Some(0), "{run:?}");
    std::fs::read(dir.join("demo.so")).unwrap()
}

#[test]
fn an_artifact_is_described() {
    let dir = scratch("inspect_artifact");
    let artifact = compile_demo(&dir, &[]);
    let run = brisk(&dir, &["inspect", "demo.so"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stderr, "");
    let out = &run.stdout;
    assert_eq!(
        out.lines().next().unwrap(),
        format!(
            "demo.so: brisk artifact (ELF shared object), {} bytes",
            artifact.len()
        )
    );
    let (host, _) = host_and_foreign_triples();
    assert_eq!(
        field(out, "engine"),
        format!("brisk {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(field(out, "format version"), "1");
    assert_eq!(field(out, "target"), host);
    assert_eq!(field(out, "optimization"), "speed");
    assert_eq!(
        field(out, "wasm features"),
        "mutable-global, saturating float to int, sign extension, multi-value, bulk memory, \
         reference types, SIMD"
    );
    assert_eq!(
        field(out, "compile options"),
        "none (for brisk run without --fuel or --timeout)"
    );
    assert_eq!(field(out, "functions"), "3 (1 imported, 2 defined)");
    for key in ["wasm SHA-256", "binding SHA-256"] {
        let hash = field(out, key);
        assert_eq!(hash.len(), 64, "{key}: {hash}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{key}: {hash}");
    }
    assert_ne!(field(out, "wasm SHA-256"), field(out, "binding SHA-256"));
    for line in out.lines() {
        assert!(line.len() <= 80 || line.contains("SHA-256"), "{line:?}");
    }
    assert!(out.ends_with("\nRuns on this host: yes\n"), "{out}");
}

#[test]
fn an_artifact_records_its_settings() {
    let dir = scratch("inspect_artifact_settings");
    compile_demo(
        &dir,
        &[
            "--fuel",
            "--interruptible",
            "--explicit-bounds-checks",
            "--opt-level",
            "none",
        ],
    );
    let run = brisk(&dir, &["inspect", "demo.so"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(field(&run.stdout, "optimization"), "none");
    assert_eq!(
        field(&run.stdout, "compile options"),
        "fuel metering, interruption checks, explicit bounds checks \
         (for brisk run --fuel N --timeout D)"
    );
}

#[test]
fn an_artifact_for_another_architecture_says_why_it_cannot_run() {
    let dir = scratch("inspect_artifact_foreign");
    let (host, foreign) = host_and_foreign_triples();
    compile_demo(&dir, &["--target", foreign]);
    let run = brisk(&dir, &["inspect", "demo.so"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(field(&run.stdout, "target"), foreign);
    assert_eq!(
        field(&run.stdout, "CPU features"),
        "none beyond the architecture's baseline"
    );
    assert!(
        run.stdout.ends_with(&format!(
            "\nRuns on this host: no: artifact target mismatch: compiled for {foreign}, \
             this host is {host}\n"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn a_damaged_artifact_is_refused_cleanly() {
    let dir = scratch("inspect_artifact_damaged");
    let artifact = compile_demo(&dir, &[]);
    std::fs::write(dir.join("cut.so"), &artifact[..artifact.len() / 2]).unwrap();
    let run = brisk(&dir, &["inspect", "cut.so"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("cut.so: corrupted or truncated artifact: "),
        "{run:?}"
    );
    // An ELF file that is not an artifact.
    std::fs::write(dir.join("elf.so"), b"\x7fELF\x02\x01\x01\0 not an artifact").unwrap();
    let run = brisk(&dir, &["inspect", "elf.so"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.starts_with("elf.so: "), "{run:?}");
    // Every prefix, and the metadata's format version changed: one line,
    // exit 1, never a crash.
    let step = artifact.len() / 60;
    for len in (0..artifact.len()).step_by(step.max(1)).skip(1) {
        std::fs::write(dir.join("prefix.so"), &artifact[..len]).unwrap();
        let run = brisk(&dir, &["inspect", "prefix.so"]);
        assert_eq!(run.code, Some(1), "prefix of {len} bytes: {run:?}");
        assert_eq!(run.stderr.lines().count(), 1, "prefix of {len}: {run:?}");
        assert_eq!(run.stdout, "", "prefix of {len}: {run:?}");
    }
    let mut bytes = artifact.clone();
    let at = find(&bytes, b"format: 1\n");
    bytes[at + 8] = b'9';
    std::fs::write(dir.join("version.so"), &bytes).unwrap();
    let run = brisk(&dir, &["inspect", "version.so"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.starts_with("version.so: "), "{run:?}");
    assert!(run.stderr.contains('9'), "{run:?}");
}

/// Where `needle` starts in `haystack` (it must be there).
fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{:?} not found", String::from_utf8_lossy(needle)))
}

#[test]
fn verify_checks_the_hash_binding() {
    let dir = scratch("inspect_verify");
    let artifact = compile_demo(&dir, &[]);
    std::fs::write(dir.join("demo.wat"), DEMO).unwrap();
    let described = brisk(&dir, &["inspect", "demo.so"]);
    let hash = field(&described.stdout, "wasm SHA-256");

    // The module it was compiled from, binary or as the text it encodes.
    for module in ["demo.wasm", "demo.wat"] {
        let run = brisk(&dir, &["inspect", "--verify", "demo.so", module]);
        assert_eq!(run.code, Some(0), "{run:?}");
        assert_eq!(
            run.stdout,
            format!(
                "demo.so matches {module}: compiled from it (wasm SHA-256 {hash}) with the \
                 settings it records\n"
            )
        );
        assert_eq!(run.stderr, "");
    }

    // Another module, even one that differs only in a name.
    let other = wasm(&DEMO.replace("\"answer\"", "\"answe2\""));
    std::fs::write(dir.join("other.wasm"), other).unwrap();
    let run = brisk(&dir, &["inspect", "--verify", "demo.so", "other.wasm"]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "brisk: demo.so does not match other.wasm: it was compiled from a module whose \
             SHA-256 is {hash}, or its metadata was altered since\n"
        )
    );

    // The right module, but metadata altered after compiling: the settings
    // no longer hash to the binding.
    let mut bytes = artifact.clone();
    let at = find(&bytes, b"binding-sha256: ") + "binding-sha256: ".len();
    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(dir.join("altered.so"), &bytes).unwrap();
    let run = brisk(&dir, &["inspect", "--verify", "altered.so", "demo.wasm"]);
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr
            .starts_with("brisk: altered.so does not match demo.wasm: "),
        "{run:?}"
    );
}

#[test]
fn verify_needs_an_artifact_and_a_module() {
    let dir = scratch("inspect_verify_bad");
    compile_demo(&dir, &[]);
    let run = brisk(&dir, &["inspect", "--verify", "demo.wasm", "demo.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.starts_with("demo.wasm: not a brisk artifact"),
        "{run:?}"
    );
    let run = brisk(&dir, &["inspect", "--verify", "demo.so", "missing.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.starts_with("brisk: cannot read missing.wasm: "),
        "{run:?}"
    );
    let run = brisk(&dir, &["inspect", "--verify", "missing.so", "demo.wasm"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.starts_with("brisk: cannot read missing.so: "),
        "{run:?}"
    );
    // Usage errors: --verify without the module, a module without --verify.
    for args in [
        &["inspect", "--verify", "demo.so"][..],
        &["inspect", "demo.so", "demo.wasm"],
    ] {
        let run = brisk(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
    }
}

#[test]
fn toolchain_sections_are_decoded() {
    let dir = scratch("inspect_producers");
    std::fs::write(
        dir.join("p.wat"),
        r#"(module
            (@producers (language "C11" "") (processed-by "clang" "16.0.0") (processed-by "rustc" "1.69.0"))
            (@custom "target_features" "\02+\0fmutable-globals+\08sign-ext")
            (func (result i32) i32.const 1 i32.extend8_s))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["inspect", "p.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        block(&run.stdout, "Producers:"),
        [
            "  language      C11",
            "  processed-by  clang 16.0.0, rustc 1.69.0"
        ]
    );
    for line in [
        "Target features (as the producer compiled it): +mutable-globals, +sign-ext",
        "Features used: sign extension",
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "no {line:?} in\n{}",
            run.stdout
        );
    }

    // A damaged one is said to be, and the rest is described as usual.
    std::fs::write(
        dir.join("bad.wat"),
        r#"(module (@custom "target_features" "\02*\04simd"))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["inspect", "bad.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains(
            "\nTarget features (as the producer compiled it): the section does not decode \
             (offset 0x1b: unknown target feature prefix)\n"
        ),
        "{}",
        run.stdout
    );
}
