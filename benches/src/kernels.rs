//! The interpreter benchmark kernels: the `.wat` files in `benches/kernels/`.
//!
//! Each kernel exports `run(n) -> checksum` and names its default size and
//! the checksum for that size in one header line,
//!
//! ```text
//! ;; bench: arg=32 expect=2178309 small=15
//! ```
//!
//! which is the single source of truth for everyone who runs it: the
//! criterion benches (through [`kernels`]), `compare-interp.sh` (through the
//! `kernels` binary, which writes the `.wasm` files the peers load and prints
//! this table), and the test that recomputes every checksum with a plain Rust
//! model of the kernel (`tests/kernels.rs`).

use std::fmt;
use std::path::{Path, PathBuf};

/// `benches/kernels/`, where the kernel sources live.
pub fn kernels_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("kernels")
}

/// One benchmark kernel, read from its `.wat` file.
#[derive(Debug, Clone)]
pub struct Kernel {
    /// The file stem, e.g. `fib`.
    pub name: String,
    /// The `.wat` file.
    pub path: PathBuf,
    /// The module's text.
    pub wat: String,
    /// The default argument to `run` (its size or repetition count).
    pub arg: i64,
    /// What `run(arg)` returns, as a signed integer of the result's width.
    pub expect: i64,
    /// A much smaller argument for quick runs (the benches outside
    /// `cargo bench`); `arg` when the header has no `small=`.
    pub small: i64,
}

impl Kernel {
    /// Reads one kernel file and its `;; bench:` header.
    pub fn load(path: &Path) -> Result<Kernel, KernelError> {
        let err = |message: String| KernelError {
            path: path.to_owned(),
            message,
        };
        let wat = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let Header { arg, expect, small } = parse_header(&wat)
            .ok_or_else(|| err("no `;; bench: arg=N expect=V [small=M]` line".into()))?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| err("file name is not UTF-8".into()))?
            .to_owned();
        Ok(Kernel {
            name,
            path: path.to_owned(),
            wat,
            arg,
            expect,
            small: small.unwrap_or(arg),
        })
    }

    /// The binary module, assembled from the text.
    pub fn wasm(&self) -> Result<Vec<u8>, KernelError> {
        wat::parse_str(&self.wat).map_err(|e| KernelError {
            path: self.path.clone(),
            message: e.to_string(),
        })
    }
}

/// Every kernel in [`kernels_dir`], sorted by name.
pub fn kernels() -> Result<Vec<Kernel>, KernelError> {
    let dir = kernels_dir();
    let entries = std::fs::read_dir(&dir).map_err(|e| KernelError {
        path: dir.clone(),
        message: e.to_string(),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "wat"))
        .collect();
    paths.sort();
    paths.iter().map(|path| Kernel::load(path)).collect()
}

/// The fields of a `;; bench:` header line.
#[derive(Debug, PartialEq)]
struct Header {
    arg: i64,
    expect: i64,
    small: Option<i64>,
}

/// `arg`, `expect` and the optional `small` from the first
/// `;; bench: arg=N expect=V [small=M]` line.
fn parse_header(wat: &str) -> Option<Header> {
    let line = wat
        .lines()
        .find_map(|line| line.trim().strip_prefix(";; bench:"))?;
    let (mut arg, mut expect, mut small) = (None, None, None);
    for field in line.split_whitespace() {
        let (key, value) = field.split_once('=')?;
        let value = Some(value.parse().ok()?);
        match key {
            "arg" => arg = value,
            "expect" => expect = value,
            "small" => small = value,
            _ => return None,
        }
    }
    Some(Header {
        arg: arg?,
        expect: expect?,
        small,
    })
}

/// A kernel file that cannot be read, lacks its header, or does not assemble.
#[derive(Debug)]
pub struct KernelError {
    /// The file (or directory) concerned.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for KernelError {}

#[cfg(test)]
mod tests {
    use super::{Header, parse_header};

    #[test]
    fn header_is_parsed() {
        assert_eq!(
            parse_header("(module)\n  ;; bench: arg=30 expect=-832040\n"),
            Some(Header {
                arg: 30,
                expect: -832040,
                small: None
            })
        );
        assert_eq!(
            parse_header(";; bench: arg=30 expect=1 small=5"),
            Some(Header {
                arg: 30,
                expect: 1,
                small: Some(5)
            })
        );
    }

    #[test]
    fn bad_headers_are_rejected() {
        assert_eq!(parse_header(";; bench: arg=30"), None);
        assert_eq!(parse_header(";; bench: arg=30 expect=1 small=z"), None);
        assert_eq!(parse_header(";; bench: arg=x expect=1"), None);
        assert_eq!(parse_header(";; bench: arg=1 expect=1 size=3"), None);
        assert_eq!(parse_header("(module)"), None);
    }
}
