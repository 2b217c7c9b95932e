//! `brisk inspect FILE`: what is in a module or an artifact, without
//! running it; `brisk inspect --verify ARTIFACT WASM`: was this artifact
//! compiled from that module?
//!
//! For a module (binary `.wasm` or text `.wat`) it prints a summary in the
//! spirit of `wasm-objdump -h` and `wasm-tools print`'s headers: every
//! section with its offset and size, the imports and exports with their
//! types, how many functions are imported and defined, the tables,
//! memories and globals with their limits and types, the start function,
//! the element and data segments, the custom sections, and the
//! WebAssembly proposals the module actually uses
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
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("brisk: cannot read {name}: {e}"))?;
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
