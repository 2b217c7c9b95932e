//! `brisk validate FILE...`: is each module valid WebAssembly 2.0?
//!
//! Each file is read, turned into bytes (text is encoded by the `wat`
//! crate first), then decoded and validated by [`brisk::validate`]. Good
//! files print nothing; each bad one prints one line on stderr:
//!
//! ```text
//! add.wasm: offset 0x1a3: type mismatch: expected i32, found f64
//! brisk: cannot read missing.wasm: No such file or directory (os error 2)
//! ```
//!
//! A file is text when its name ends in `.wat`, or when it does not start
//! with the binary magic `\0asm` and its first meaningful character opens
//! an s-expression or a comment; anything else is handed to the binary
//! decoder, which says "magic header not detected" for garbage.

use std::path::Path;
use std::process::ExitCode;

/// Check that WebAssembly modules are valid (WebAssembly 2.0).
///
/// Accepts binary modules and the text format (`.wat`). For text, error
/// offsets are positions in the binary that the text encodes to.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The modules to check (`.wasm` or `.wat`).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<std::path::PathBuf>,
}

/// Checks every file; exit 0 only if all are valid.
pub fn run(args: &Args) -> ExitCode {
    let mut ok = true;
    for path in &args.files {
        if let Err(message) = check(path) {
            eprintln!("{message}");
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Checks one file; the error is the whole line to print.
fn check(path: &Path) -> Result<(), String> {
    let name = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("brisk: cannot read {name}: {e}"))?;
    let wasm = if is_text(path, &bytes) {
        wat::Parser::new()
            .parse_bytes(Some(path), &bytes)
            .map_err(|e| format!("{name}: {e}"))?
    } else {
        bytes.into()
    };
    brisk::validate(&wasm)
        .map(drop)
        .map_err(|e| format!("{name}: {e}"))
}

/// Whether `bytes` should be read as the text format.
pub(crate) fn is_text(path: &Path, bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\0asm") {
        return false;
    }
    if path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("wat"))
    {
        return true;
    }
    // `(module`, `(func`, `;; comment` or `(; comment ;)`, after optional
    // whitespace and byte-order mark.
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    match start.map(|i| &text[i..]) {
        Some(rest) => rest.starts_with(b"(") || rest.starts_with(b";;"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_told_from_binary() {
        let wasm = Path::new("m.wasm");
        let wat = Path::new("m.wat");
        assert!(is_text(wat, b"garbage"));
        assert!(!is_text(wat, b"\0asm\x01\0\0\0"));
        assert!(is_text(wasm, b"  (module)"));
        assert!(is_text(wasm, b";; a comment\n(module)"));
        assert!(is_text(wasm, b"\xef\xbb\xbf(module)"));
        assert!(!is_text(wasm, b"garbage"));
        assert!(!is_text(wasm, b""));
        assert!(!is_text(wasm, b"\xff\xfe("));
    }
}
