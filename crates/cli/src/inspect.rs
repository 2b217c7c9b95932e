//! `brisk inspect FILE`: what is in a module or an artifact, without
//! running it; `brisk inspect --verify ARTIFACT WASM`: was this artifact
//! compiled from that module?
//!
//! For a module (binary `.wasm` or text `.wat`) it prints a summary in the
//! spirit of `wasm-objdump -h` and `wasm-tools print`'s headers: every
//! section with its offset and size, the imports and exports with their
//! types, how many functions are imported and defined, the tables,
//! memories and globals with their limits and types, the start function,
//! the element and data segments, the custom sections (with what the
//! toolchain's `producers` and `target_features` sections say,
//! [`producers`]), and the WebAssembly proposals the module actually uses
//! ([`brisk::validator::features_used`]: every declaration and every
//! instruction of every function body is read). The layout is in
//! [`wasm`].
//!
//! The module is decoded, not validated (`brisk validate` does that). A
//! module that does not decode as WebAssembly 2.0 is decoded again with
//! every proposal brisk knows, so one that needs, say, memory64 is still
//! described (its features line says it is beyond 2.0); when that fails
//! too, the 2.0 error is printed, exactly as `brisk validate` prints it.
//!
//! For an artifact (an ELF file, [`brisk::aot::is_artifact`]) it prints
//! the metadata `brisk compile` recorded and whether this host can run
//! the code ([`artifact`]).
//!
//! Exit status: 0 when the file was described (or, with `--verify`, the
//! artifact matches), 1 when a file cannot be read or does not decode (as
//! `brisk validate`), 2 for usage errors (clap), 3 when `--verify` finds
//! that the artifact was not compiled from the module.

mod artifact;
mod producers;
mod wasm;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use brisk::parser::Features;

/// Exit status for a file that cannot be read or decoded, as `brisk
/// validate` uses for bad input.
pub const EXIT_BAD_INPUT: u8 = 1;
// 2 is clap's, for usage errors.
/// Exit status when `--verify` finds that the artifact was not compiled
/// from the module (or its metadata was altered).
pub const EXIT_MISMATCH: u8 = 3;

/// Describe a WebAssembly module or a brisk artifact without running it.
///
/// For a module: its sections (offset and size), imports, exports,
/// function count, tables, memories and globals with their types and
/// limits, start function, element and data segments, custom sections,
/// and the WebAssembly proposals it actually uses (found by reading every
/// declaration and every instruction). For an artifact from `brisk
/// compile`: the engine version, target, CPU and wasm features, compile
/// options, function counts and hashes it records, and whether this host
/// can run it.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
A module is decoded, not validated (see brisk validate).

Exit status:
  0  the file was described; with --verify, the artifact matches the module
  1  bad input: a file cannot be read or does not decode, or is not the
     kind of file expected
  2  usage error
  3  --verify: the artifact was not compiled from this module (or its
     metadata was altered since)

Examples:
  brisk inspect app.wasm
  brisk inspect app.so
  brisk inspect --verify app.so app.wasm")]
pub struct Args {
    /// Check that the artifact FILE was compiled from the module WASM with
    /// the settings it records (its hash binding) instead of describing it.
    #[arg(long, requires = "wasm")]
    verify: bool,
    /// The file to describe: a module (`.wasm` or `.wat`) or an artifact
    /// (`brisk compile`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// With --verify: the module (`.wasm` or `.wat`) the artifact should
    /// have been compiled from.
    #[arg(value_name = "WASM", requires = "verify")]
    wasm: Option<PathBuf>,
}

/// Describes the file (or verifies the artifact) on stdout; errors are
/// one `brisk: ...` or `FILE: ...` line on stderr.
pub fn run(args: &Args) -> ExitCode {
    let result = match &args.wasm {
        Some(wasm) if args.verify => artifact::verify(&args.file, wasm).map_err(|e| match e {
            artifact::VerifyError::BadInput(m) => (m, EXIT_BAD_INPUT),
            artifact::VerifyError::Mismatch(m) => (m, EXIT_MISMATCH),
        }),
        _ => describe(&args.file).map_err(|m| (m, EXIT_BAD_INPUT)),
    };
    match result {
        Ok(report) => {
            // A closed pipe (`brisk inspect x.wasm | head`) is not an error
            // worth a message.
            let _ = std::io::stdout().lock().write_all(report.as_bytes());
            ExitCode::SUCCESS
        }
        Err((message, code)) => {
            eprintln!("{message}");
            ExitCode::from(code)
        }
    }
}

/// A module's binary encoding, read from a file.
struct Wasm {
    /// The binary module.
    bytes: Vec<u8>,
    /// Whether the file was text, encoded to `bytes`.
    text: bool,
}

/// Reads the module at `path`, encoding text to binary; the error is the
/// line to print.
fn read_module(path: &Path) -> Result<Wasm, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("brisk: cannot read {}: {e}", path.display()))?;
    to_binary(path, bytes)
}

/// `bytes` (read from `path`) as a binary module.
fn to_binary(path: &Path, bytes: Vec<u8>) -> Result<Wasm, String> {
    if !crate::validate::is_text(path, &bytes) {
        return Ok(Wasm { bytes, text: false });
    }
    let wasm = wat::Parser::new()
        .parse_bytes(Some(path), &bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Wasm {
        bytes: wasm.into_owned(),
        text: true,
    })
}

/// The report for the file at `path`, or the error line.
fn describe(path: &Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("brisk: cannot read {}: {e}", path.display()))?;
    describe_bytes(path, bytes)
}

/// The report for `bytes`, read from `path`, or the error line.
fn describe_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, String> {
    let name = path.display().to_string();
    if brisk::aot::is_artifact(&bytes) {
        return artifact::report(&name, &bytes);
    }
    let wasm = to_binary(path, bytes)?;
    let module = match brisk::parser::parse(&wasm.bytes) {
        Ok(module) => module,
        Err(error) => brisk::parser::parse_with_features(&wasm.bytes, Features::ALL)
            .map_err(|_| format!("{name}: {error}"))?,
    };
    let used = brisk::validator::features_used(&module).map_err(|e| format!("{name}: {e}"))?;
    let source = wasm::Source {
        name: &name,
        len: wasm.bytes.len(),
        text: wasm.text,
    };
    Ok(wasm::report(&source, &module, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every construct the report prints, in a module small enough to
    /// mutate byte by byte.
    const MODULE: &str = r#"(module $m
        (import "env" "f" (func $f (param i32) (result i32)))
        (import "env" "t" (table 1 funcref))
        (import "env" "g" (global (mut i32)))
        (memory (export "mem") 1 2)
        (global $h (export "h") (mut i64) (i64.const 0))
        (func $run (export "run") (param v128) (result i32 i32)
            local.get 0 i32x4.extract_lane 0 i32.const 1 i32.extend8_s)
        (func $start i32.const 0 i32.const 0 i32.const 1 memory.fill)
        (start $start)
        (elem (i32.const 0) $run)
        (elem func $f)
        (data (i32.const 0) "abc")
        (data "passive"))"#;

    /// A damaged module is described or refused, never a panic: the
    /// report assumes nothing the decoder does not check (indices that
    /// point nowhere, types that do not exist, names with escapes).
    #[test]
    fn every_one_byte_change_is_described_or_refused() {
        let wasm = wat::parse_str(MODULE).unwrap();
        let path = Path::new("m.wasm");
        let whole = describe_bytes(path, wasm.clone()).unwrap();
        assert!(
            whole.contains("\nFunctions: 3 (1 imported, 2 defined)\n"),
            "{whole}"
        );
        let (mut described, mut refused) = (0, 0);
        for at in 0..wasm.len() {
            for change in [0x01, 0x80, 0xff] {
                let mut bytes = wasm.clone();
                bytes[at] ^= change;
                match describe_bytes(path, bytes) {
                    Ok(report) => {
                        assert!(report.starts_with("m.wasm: WebAssembly module"));
                        described += 1;
                    }
                    Err(line) => {
                        assert!(line.starts_with("m.wasm: "), "{line}");
                        assert!(!line.trim_end().contains('\n'), "{line}");
                        refused += 1;
                    }
                }
            }
        }
        // Both outcomes happen (names, constants and indices change
        // without breaking the encoding; lengths and opcodes do not).
        assert!(described > 50 && refused > 50, "{described} {refused}");
    }

    /// The same for an artifact's ELF header and metadata: each change is
    /// reported as an error or described.
    #[test]
    fn a_changed_artifact_is_described_or_refused() {
        let wasm = wat::parse_str(MODULE).unwrap();
        let module = brisk::validator::OwnedModule::new(wasm).unwrap();
        let target = brisk::aot::Target::parse("aarch64-unknown-linux-gnu").unwrap();
        let artifact = brisk::aot::compile_artifact(&module, &Default::default(), &target).unwrap();
        let path = Path::new("m.so");
        let whole = describe_bytes(path, artifact.clone()).unwrap();
        assert!(
            whole.contains("  functions:        3 (1 imported, 2 defined)\n"),
            "{whole}"
        );
        let meta = artifact
            .windows(10)
            .position(|w| w == b"format: 1\n")
            .expect("the metadata is in the file");
        let header = 0..64;
        let metadata = meta..(meta + 700).min(artifact.len());
        for at in header.chain(metadata) {
            let mut bytes = artifact.clone();
            bytes[at] ^= 0xff;
            match describe_bytes(path, bytes) {
                Ok(report) => assert!(report.starts_with("m.so: brisk artifact"), "{report}"),
                Err(line) => assert!(line.starts_with("m.so: "), "{line}"),
            }
        }
    }
}
