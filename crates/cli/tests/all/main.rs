//! End-to-end tests of the `brisk` binary: exit codes and the exact lines
//! users see. Inputs are written to a per-test folder under cargo's
//! `CARGO_TARGET_TMPDIR`.

mod aarch64;
mod compile;
mod extension;
mod inspect;
mod run;
mod validate;
mod wasi;
mod wast;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of `brisk` produced.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `brisk ARGS...` in `dir`.
pub fn brisk(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_brisk"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the brisk binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `brisk ARGS...` in `dir`, killing it after `limit` (a guest that
/// should have been stopped must fail the test, not hang it).
pub fn brisk_within(dir: &Path, args: &[&str], limit: std::time::Duration) -> Run {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_brisk"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the brisk binary runs");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("brisk {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    Run {
        code: status.code(),
        stdout,
        stderr,
    }
}

/// A fresh, empty folder named after the test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary encoding of a text module.
pub fn wasm(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap()
}
