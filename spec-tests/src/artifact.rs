//! The artifact tier's round trip: every module a script makes goes
//! through a file, as a deployed artifact would.
//!
//! ```text
//! bytes ─Module::new─▶ Module ─serialize─▶ ELF bytes ─write─▶ <dir>/<n>.so
//!                                                               │
//!        instance ◀─Linker::instantiate─ Module ◀─deserialize_file┘
//! ```
//!
//! [`ArtifactDir`] is one [`Runner`](crate::Runner)'s folder for them,
//! made in the system temp folder on first use and named after the
//! process and the runner (`brisk-spec-artifacts-<pid>-<n>`), so runners
//! on other threads or in other processes never share a file. It is
//! removed, with its artifacts, when the runner is dropped (also when a
//! panic unwinds through it). An artifact stays on disk while its module
//! may run: the loaded code is a mapping of the file, as in deployment.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use brisk::runtime::{Engine, Module};

/// Distinguishes the folders of the runners of one process.
static NEXT_DIR: AtomicU64 = AtomicU64::new(0);

/// One runner's folder of artifacts; removed on drop.
#[derive(Debug, Default)]
pub struct ArtifactDir {
    /// The folder, once made.
    dir: Option<PathBuf>,
    /// How many artifacts were written (names the next file).
    written: u64,
}

impl ArtifactDir {
    /// A folder that is made on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// The folder, if an artifact was written.
    pub fn path(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// `module` serialized to an artifact, written to a new file of this
    /// folder, and loaded back from that file into `engine`. The error
    /// says which step failed.
    pub fn round_trip(&mut self, engine: &Engine, module: &Module) -> Result<Module, String> {
        let bytes = module
            .serialize()
            .map_err(|e| format!("cannot serialize the module to an artifact: {e}"))?;
        let path = self.next_file()?;
        std::fs::write(&path, &bytes)
            .map_err(|e| format!("cannot write the artifact {}: {e}", path.display()))?;
        Module::deserialize_file(engine, &path)
            .map_err(|e| format!("cannot load the artifact {}: {e}", path.display()))
    }

    /// The path of the next artifact, making the folder if needed.
    fn next_file(&mut self) -> Result<PathBuf, String> {
        let dir = match &self.dir {
            Some(dir) => dir,
            None => {
                let n = NEXT_DIR.fetch_add(1, Ordering::Relaxed);
                let dir = std::env::temp_dir()
                    .join(format!("brisk-spec-artifacts-{}-{n}", std::process::id()));
                std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
                self.dir.insert(dir)
            }
        };
        let path = dir.join(format!("{}.so", self.written));
        self.written += 1;
        Ok(path)
    }
}

impl Drop for ArtifactDir {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            // Mapped artifacts stay valid after their files are removed;
            // a folder that cannot be removed is only litter in /tmp.
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tier;
    use brisk::runtime::{Linker, Store};

    #[test]
    fn a_module_runs_from_its_file_and_the_folder_is_removed() {
        let engine = Tier::Artifact.engine();
        let module = Module::new(
            &engine,
            r#"(module (func (export "f") (result i32) i32.const 7))"#,
        )
        .unwrap();
        let mut artifacts = ArtifactDir::new();
        assert!(artifacts.path().is_none(), "made before first use");
        let loaded = artifacts.round_trip(&engine, &module).unwrap();
        let dir = artifacts.path().unwrap().to_path_buf();
        let file = dir.join("0.so");
        let bytes = std::fs::read(&file).unwrap();
        assert!(bytes.starts_with(b"\x7fELF"), "not an artifact");
        assert!(!Module::same(&module, &loaded));

        let mut store = Store::new(&engine, ());
        let instance = Linker::new(&engine)
            .instantiate(&mut store, &loaded)
            .unwrap();
        let f = instance.get_typed_func::<(), i32>(&mut store, "f").unwrap();
        assert_eq!(f.call(&mut store, ()).unwrap(), 7);

        drop(artifacts);
        assert!(!dir.exists(), "{} left behind", dir.display());
        // The code is a mapping of the removed file: it still runs.
        assert_eq!(f.call(&mut store, ()).unwrap(), 7);
    }

    #[test]
    fn an_interpreted_module_is_refused_with_the_reason() {
        let engine = Tier::Interpreter.engine();
        let module = Module::new(&engine, "(module)").unwrap();
        let err = ArtifactDir::new().round_trip(&engine, &module).unwrap_err();
        assert!(err.contains("cannot serialize"), "{err}");
    }
}
