//! `brisk inspect FILE`: what is in a module, without running it.
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
//! Exit status: 0 when the file was described, 1 when it cannot be read
//! or does not decode (as `brisk validate`), 2 for usage errors (clap).

mod wasm;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use brisk::parser::Features;

/// Exit status for a file that cannot be read or decoded, as `brisk
/// validate` uses for bad input.
pub const EXIT_BAD_INPUT: u8 = 1;

/// Describe a WebAssembly module without running it.
///
/// Prints its sections (offset and size), imports, exports, function
/// count, tables, memories and globals with their types and limits, start
/// function, element and data segments, custom sections, and the
/// WebAssembly proposals it actually uses (found by reading every
/// declaration and every instruction).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The module is decoded, not validated (see brisk validate).

Exit status:
  0  the file was described
  1  bad input: the file cannot be read or does not decode
  2  usage error

Example:
  brisk inspect app.wasm")]
pub struct Args {
    /// The file to describe: a module (`.wasm` or `.wat`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// Describes the file on stdout; errors are one `brisk: ...` or
/// `FILE: offset ...` line on stderr.
pub fn run(args: &Args) -> ExitCode {
    match describe(&args.file) {
        Ok(report) => {
            // A closed pipe (`brisk inspect x.wasm | head`) is not an error
            // worth a message.
            let _ = std::io::stdout().lock().write_all(report.as_bytes());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

/// The report for the file at `path`, or the error line.
fn describe(path: &Path) -> Result<String, String> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("brisk: cannot read {name}: {e}"))?;
    let (wasm, text) = if crate::validate::is_text(path, &bytes) {
        let wasm = wat::Parser::new()
            .parse_bytes(Some(path), &bytes)
            .map_err(|e| format!("{name}: {e}"))?;
        (wasm.into_owned(), true)
    } else {
        (bytes, false)
    };
    let module = match brisk::parser::parse(&wasm) {
        Ok(module) => module,
        Err(error) => brisk::parser::parse_with_features(&wasm, Features::ALL)
            .map_err(|_| format!("{name}: {error}"))?,
    };
    let used = brisk::validator::features_used(&module).map_err(|e| format!("{name}: {e}"))?;
    let display_name = name.to_string();
    let source = wasm::Source {
        name: &display_name,
        len: wasm.len(),
        text,
    };
    Ok(wasm::report(&source, &module, used))
}
