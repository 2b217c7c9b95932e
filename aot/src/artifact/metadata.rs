//! The `.brisk.meta` section: what an artifact was compiled from, for
//! what, and how ([`ArtifactInfo`]).
//!
//! It is UTF-8 text, one `key: value` line per field in a fixed order, so
//! `readelf -p .brisk.meta out.so` shows it as it is. Decoding is strict:
//! every key once, in order, nothing else; the format version comes first
//! so a future layout is reported as a version mismatch, not as damage.
//!
//! The hash binding: `wasm-sha256` is the SHA-256 of the exact wasm bytes
//! compiled; `binding-sha256` is the SHA-256 of every line above it (the
//! format and engine versions, target, CPU features, optimization level,
//! wasm features, compile options, function counts) followed by the wasm
//! hash. [`ArtifactInfo::verify`] recomputes both from a wasm file.
//!
//! The integrity check: `sections-sha256`, the last line, is the SHA-256
//! of the other sections the loader reads (the declarations and the
//! function, trap, address-map and image tables, each with its length) and
//! of where `.text` and the memory image data lie. The loader
//! recomputes it, so a damaged declaration or table entry, which could
//! still decode and validate but would no longer describe the code, is
//! refused. It is not part of the binding: it covers the file's layout,
//! not what was compiled.

use std::fmt::Write as _;

use brisk_parser::Features;
use brisk_validator::OwnedModule;
use sha2::{Digest, Sha256};

use super::{ArtifactError, ENGINE_VERSION, FORMAT_VERSION};
use crate::isa::{OptLevel, host_has_features, same_platform};
use crate::{CompileOptions, host_supported};

/// An artifact's metadata; see the [module docs](self).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtifactInfo {
    /// The artifact format version ([`FORMAT_VERSION`](super::FORMAT_VERSION)).
    pub format_version: u32,
    /// The engine that wrote it, e.g. `brisk 0.1.0`.
    pub engine_version: String,
    /// The target triple the code is for.
    pub target: String,
    /// The CPU features the code may use (Cranelift's ISA flag names).
    pub cpu_features: Vec<String>,
    /// Cranelift's optimization level.
    pub opt_level: OptLevel,
    /// The WebAssembly features the module was validated with.
    pub wasm_features: Features,
    /// What the code does besides the program: fuel, interrupts, bounds.
    pub options: CompileOptions,
    /// How many functions the module imports.
    pub imported_functions: u32,
    /// How many functions it defines (each has code and a symbol).
    pub defined_functions: u32,
    /// SHA-256 of the wasm bytes compiled.
    pub wasm_sha256: [u8; 32],
    /// SHA-256 binding the settings above to `wasm_sha256`.
    pub binding_sha256: [u8; 32],
    /// SHA-256 of the declarations and tables and of the places of `.text`
    /// and the memory image in the file, checked on every load (see the
    /// [module docs](self)).
    pub sections_sha256: [u8; 32],
}

impl ArtifactInfo {
    pub(crate) fn new(
        module: &OwnedModule,
        options: CompileOptions,
        target: String,
        opt_level: OptLevel,
        cpu_features: Vec<String>,
    ) -> ArtifactInfo {
        let m = &module.validated().module;
        let mut info = ArtifactInfo {
            format_version: FORMAT_VERSION,
            engine_version: ENGINE_VERSION.to_string(),
            target,
            cpu_features,
            opt_level,
            wasm_features: m.features,
            options,
            imported_functions: m.function_imports,
            defined_functions: m.functions.len() as u32 - m.function_imports,
            wasm_sha256: Sha256::digest(module.bytes()).into(),
            binding_sha256: [0; 32],
            // Filled in by the writer once the layout is known.
            sections_sha256: [0; 32],
        };
        info.binding_sha256 = info.binding(&info.wasm_sha256);
        info
    }

    /// Whether this artifact was compiled from exactly `wasm` with the
    /// settings it records (and those were not altered since).
    pub fn verify(&self, wasm: &[u8]) -> bool {
        let hash: [u8; 32] = Sha256::digest(wasm).into();
        hash == self.wasm_sha256 && self.binding(&hash) == self.binding_sha256
    }

    /// Whether this host can run the artifact's code: same architecture
    /// and OS, every CPU feature it uses; the error says what differs.
    pub fn host_can_run(&self) -> Result<(), String> {
        self.check_host().map_err(|e| e.to_string())
    }

    pub(crate) fn check_host(&self) -> Result<(), ArtifactError> {
        let host = target_lexicon::Triple::host();
        let target: target_lexicon::Triple = self
            .target
            .parse()
            .map_err(|e| ArtifactError::corrupted(format!("target `{}`: {e}", self.target)))?;
        if !same_platform(&target, &host) {
            return Err(ArtifactError::Target {
                artifact: self.target.clone(),
                host: host.to_string(),
            });
        }
        host_supported().map_err(|e| ArtifactError::Cpu(e.to_string()))?;
        host_has_features(&self.cpu_features).map_err(ArtifactError::Cpu)
    }

    /// Refuses the artifact unless it was compiled with `options` and
    /// `features`, the engine's.
    pub(crate) fn check_settings(
        &self,
        options: &CompileOptions,
        features: Features,
    ) -> Result<(), ArtifactError> {
        let mut diffs = Vec::new();
        let mut cmp = |name: &str, artifact: bool, engine: bool| {
            if artifact != engine {
                diffs.push(format!(
                    "{name} is {artifact} in the artifact, {engine} in the engine"
                ));
            }
        };
        cmp(
            "consume-fuel",
            self.options.consume_fuel,
            options.consume_fuel,
        );
        cmp(
            "interruptible",
            self.options.interruptible,
            options.interruptible,
        );
        cmp(
            "explicit-bounds-checks",
            self.options.explicit_bounds_checks,
            options.explicit_bounds_checks,
        );
        if self.wasm_features != features {
            diffs.push(format!(
                "wasm features are [{}] in the artifact, [{}] in the engine",
                names(self.wasm_features),
                names(features)
            ));
        }
        if diffs.is_empty() {
            Ok(())
        } else {
            Err(ArtifactError::Settings(diffs.join("; ")))
        }
    }

    /// Every line the binding covers.
    fn settings_text(&self) -> String {
        let mut s = String::new();
        let o = &self.options;
        let _ = write!(
            s,
            "format: {}\nengine: {}\ntarget: {}\ncpu-features: {}\nopt-level: {}\n\
             wasm-features: {}\nconsume-fuel: {}\ninterruptible: {}\n\
             explicit-bounds-checks: {}\nimported-functions: {}\ndefined-functions: {}\n",
            self.format_version,
            self.engine_version,
            self.target,
            self.cpu_features.join(" "),
            self.opt_level,
            names(self.wasm_features),
            o.consume_fuel,
            o.interruptible,
            o.explicit_bounds_checks,
            self.imported_functions,
            self.defined_functions,
        );
        s
    }

    fn binding(&self, wasm_sha256: &[u8; 32]) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.settings_text().as_bytes());
        h.update(wasm_sha256);
        h.finalize().into()
    }

    /// The section's text.
    pub(crate) fn encode(&self) -> String {
        format!(
            "{}wasm-sha256: {}\nbinding-sha256: {}\nsections-sha256: {}\n",
            self.settings_text(),
            hex(&self.wasm_sha256),
            hex(&self.binding_sha256),
            hex(&self.sections_sha256)
        )
    }

    /// Reads the section's text back; see the [module docs](self).
    pub(crate) fn decode(bytes: &[u8]) -> Result<ArtifactInfo, ArtifactError> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| ArtifactError::corrupted("metadata is not UTF-8"))?;
        let mut lines = Lines(text.lines());
        let format_version = lines.field("format")?;
        let format_version = format_version
            .parse::<u32>()
            .map_err(|_| ArtifactError::corrupted(format!("format `{format_version}`")))?;
        if format_version != FORMAT_VERSION {
            return Err(ArtifactError::Version(format!(
                "artifact format {format_version}, this brisk reads format {FORMAT_VERSION}"
            )));
        }
        let engine_version = lines.field("engine")?.to_string();
        if engine_version != ENGINE_VERSION {
            return Err(ArtifactError::Version(format!(
                "compiled by {engine_version}, this is {ENGINE_VERSION}; recompile the module"
            )));
        }
        let target = lines.field("target")?.to_string();
        let cpu_features = lines
            .field("cpu-features")?
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let opt_level = lines
            .field("opt-level")?
            .parse()
            .map_err(ArtifactError::corrupted)?;
        let mut wasm_features = Features::MVP;
        for name in lines.field("wasm-features")?.split_whitespace() {
            let f = Features::from_name(name).ok_or_else(|| {
                ArtifactError::corrupted(format!("unknown wasm feature `{name}`"))
            })?;
            wasm_features = wasm_features.union(f);
        }
        let options = CompileOptions {
            consume_fuel: lines.bool("consume-fuel")?,
            interruptible: lines.bool("interruptible")?,
            explicit_bounds_checks: lines.bool("explicit-bounds-checks")?,
        };
        let imported_functions = lines.u32("imported-functions")?;
        let defined_functions = lines.u32("defined-functions")?;
        let wasm_sha256 = lines.hash("wasm-sha256")?;
        let binding_sha256 = lines.hash("binding-sha256")?;
        let sections_sha256 = lines.hash("sections-sha256")?;
        if let Some(extra) = lines.0.next() {
            return Err(ArtifactError::corrupted(format!(
                "unexpected metadata line `{extra}`"
            )));
        }
        Ok(ArtifactInfo {
            format_version,
            engine_version,
            target,
            cpu_features,
            opt_level,
            wasm_features,
            options,
            imported_functions,
            defined_functions,
            wasm_sha256,
            binding_sha256,
            sections_sha256,
        })
    }
}

impl std::fmt::Display for ArtifactInfo {
    /// The metadata as `brisk inspect` shows it: the section's own text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.encode())
    }
}

/// The snake_case names of `features`, space-separated.
fn names(features: Features) -> String {
    features.names().collect::<Vec<_>>().join(" ")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The metadata lines, read in their fixed order.
struct Lines<'a>(std::str::Lines<'a>);

impl<'a> Lines<'a> {
    fn field(&mut self, key: &str) -> Result<&'a str, ArtifactError> {
        let line = self
            .0
            .next()
            .ok_or_else(|| ArtifactError::corrupted(format!("metadata ends before `{key}`")))?;
        line.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(": "))
            .map(|v| v.trim_end_matches(' '))
            .ok_or_else(|| {
                ArtifactError::corrupted(format!("metadata line `{line}` where `{key}` belongs"))
            })
    }

    fn bool(&mut self, key: &str) -> Result<bool, ArtifactError> {
        match self.field(key)? {
            "true" => Ok(true),
            "false" => Ok(false),
            other => Err(ArtifactError::corrupted(format!("{key}: `{other}`"))),
        }
    }

    fn u32(&mut self, key: &str) -> Result<u32, ArtifactError> {
        let v = self.field(key)?;
        v.parse()
            .map_err(|_| ArtifactError::corrupted(format!("{key}: `{v}`")))
    }

    fn hash(&mut self, key: &str) -> Result<[u8; 32], ArtifactError> {
        let v = self.field(key)?;
        let mut out = [0u8; 32];
        let ok = v.len() == 64
            && v.is_ascii()
            && out.iter_mut().enumerate().all(|(i, b)| {
                u8::from_str_radix(&v[2 * i..2 * i + 2], 16)
                    .map(|x| *b = x)
                    .is_ok()
            });
        if ok {
            Ok(out)
        } else {
            Err(ArtifactError::corrupted(format!("{key}: `{v}`")))
        }
    }
}
