//! Where the spec testsuite lives and which scripts it holds.
//!
//! The `.wast` files are data, not part of this repository: the runner
//! finds them through `BRISK_SPEC_TESTSUITE`, or beside the workspace at
//! `../shared/spec-testsuite`, and says how to get them when neither
//! exists. Scripts are named by their path relative to the root
//! (`2.0/binary.wast`), which is also how the known-failures files name them.

use std::path::{Path, PathBuf};

/// The environment variable that points at the testsuite root.
pub const TESTSUITE_ENV: &str = "BRISK_SPEC_TESTSUITE";

/// The folder, under the root, holding the WebAssembly 2.0 scripts.
pub const WASM2: &str = "2.0";

/// How to get the testsuite; part of every "not found" message.
pub const HOW_TO_GET: &str = "\
The spec testsuite is not part of this repository. Get the official one from \
https://github.com/WebAssembly/testsuite: the `.wast` files at its root at commit \
a8101597d3c3c660086c3cd1eedee608ff18d3c3 (the last before WebAssembly 3.0 was merged) \
are the WebAssembly 2.0 suite; copy them into a `2.0/` folder and point \
BRISK_SPEC_TESTSUITE at the folder holding `2.0/` (see README.md, \"The spec testsuite\"):
    git clone https://github.com/WebAssembly/testsuite /tmp/wasm-testsuite
    git -C /tmp/wasm-testsuite checkout a8101597d3c3c660086c3cd1eedee608ff18d3c3
    mkdir -p ../shared/spec-testsuite/2.0
    cp /tmp/wasm-testsuite/*.wast ../shared/spec-testsuite/2.0/
    export BRISK_SPEC_TESTSUITE=\"$(cd ../shared/spec-testsuite && pwd)\"";

/// Why the scripts could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// The root, or its `2.0/` folder, does not exist or cannot be read.
    #[error("spec testsuite not found: cannot read {} ({source}); {origin}\n{HOW_TO_GET}", .path.display())]
    NotFound {
        /// The folder that was looked for.
        path: PathBuf,
        /// Where that path came from.
        origin: &'static str,
        /// What reading it said.
        #[source]
        source: std::io::Error,
    },
    /// The folder exists but holds no `.wast` file.
    #[error("spec testsuite at {} holds no .wast files; {origin}\n{HOW_TO_GET}", .path.display())]
    Empty {
        /// The folder that was listed.
        path: PathBuf,
        /// Where that path came from.
        origin: &'static str,
    },
}

/// One `.wast` script of the testsuite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// Where it is on disk.
    pub path: PathBuf,
    /// How reports and the known-failures files name it: its path relative to
    /// the testsuite root (`2.0/binary.wast`), or the path as given for a
    /// script outside the suite.
    pub name: String,
}

impl Script {
    /// A script named by its path as given.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let name = path.display().to_string();
        Script { path, name }
    }
}

/// The testsuite root when `BRISK_SPEC_TESTSUITE` is unset:
/// `../shared/spec-testsuite` relative to the workspace root.
pub fn default_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec-testsuite")
}

/// The testsuite root and where it came from: `BRISK_SPEC_TESTSUITE` if
/// set (and not empty), else [`default_root`]. Whether it exists is
/// checked by [`scripts`].
pub fn root() -> (PathBuf, &'static str) {
    match std::env::var_os(TESTSUITE_ENV) {
        Some(dir) if !dir.is_empty() => (PathBuf::from(dir), "taken from BRISK_SPEC_TESTSUITE"),
        _ => (
            default_root(),
            "BRISK_SPEC_TESTSUITE is unset, so the default ../shared/spec-testsuite beside the \
             workspace was tried",
        ),
    }
}

/// Every `.wast` file directly in `root/folder`, sorted by name, named
/// `folder/file.wast`.
pub fn scripts(root: &Path, folder: &str, origin: &'static str) -> Result<Vec<Script>, SuiteError> {
    let dir = root.join(folder);
    let entries = std::fs::read_dir(&dir).map_err(|source| SuiteError::NotFound {
        path: dir.clone(),
        origin,
        source,
    })?;
    let mut scripts: Vec<Script> = entries
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wast") && path.is_file())
        .filter_map(|path| {
            let file = path.file_name()?.to_str()?.to_owned();
            Some(Script {
                name: format!("{folder}/{file}"),
                path,
            })
        })
        .collect();
    if scripts.is_empty() {
        return Err(SuiteError::Empty { path: dir, origin });
    }
    scripts.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(scripts)
}

/// The WebAssembly 2.0 scripts of the testsuite found by [`root`].
pub fn wasm2_scripts() -> Result<Vec<Script>, SuiteError> {
    let (root, origin) = root();
    scripts(&root, WASM2, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_suite_says_how_to_get_it() {
        let err = scripts(Path::new("/nonexistent/brisk"), WASM2, "test").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/nonexistent/brisk/2.0"), "{text}");
        assert!(text.contains("BRISK_SPEC_TESTSUITE"), "{text}");
        assert!(text.contains("github.com/WebAssembly/testsuite"), "{text}");
    }
}
