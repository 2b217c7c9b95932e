//! What `brisk inspect` prints for an artifact from `brisk compile`, and
//! `brisk inspect --verify`.
//!
//! Everything comes from [`brisk::aot::artifact_info`], which checks the
//! ELF structure and reads the metadata section without mapping or
//! running anything, so a damaged file is an error line, never a crash:
//!
//! ```text
//! app.so: brisk artifact (ELF shared object), 5328 bytes
//!   engine:           brisk 0.1.0
//!   format version:   1
//!   target:           x86_64-unknown-linux-gnu
//!   CPU features:     has_sse3, has_ssse3, has_sse41, ...
//!   optimization:     speed
//!   wasm features:    mutable-global, sign extension, ...
//!   compile options:  none (for brisk run without --fuel or --timeout)
//!   functions:        3 (1 imported, 2 defined)
//!   wasm SHA-256:     9f86d081884c7d65...
//!   binding SHA-256:  60303ae22b998861...
//! Runs on this host: yes
//! ```
//!
//! `--verify` checks the hash binding ([`ArtifactInfo::verify`]): that the
//! artifact was compiled from exactly the given module's bytes, with the
//! settings it records.

use std::fmt::Write as _;
use std::path::Path;

use brisk::aot::{ArtifactInfo, artifact_info};
use brisk::parser::Features;

/// The report for the artifact `bytes`, or the error line.
pub fn report(name: &str, bytes: &[u8]) -> Result<String, String> {
    let info = artifact_info(bytes).map_err(|e| format!("{name}: {e}"))?;
    let mut out = String::new();
    // `write!` to a `String` cannot fail.
    let _ = writeln!(
        out,
        "{name}: brisk artifact (ELF shared object), {} bytes",
        bytes.len()
    );
    let mut field = |key: &str, value: &str| {
        let key = format!("{key}:");
        let _ = writeln!(out, "  {key:<width$} {value}", width = VALUE_COLUMN - 3);
    };
    field("engine", &info.engine_version);
    field("format version", &info.format_version.to_string());
    field("target", &info.target);
    field("CPU features", &cpu_features(&info.cpu_features));
    field("optimization", info.opt_level.name());
    field("wasm features", &feature_names(info.wasm_features));
    field("compile options", &options(&info));
    let functions = u64::from(info.imported_functions) + u64::from(info.defined_functions);
    field(
        "functions",
        &format!(
            "{functions} ({} imported, {} defined)",
            info.imported_functions, info.defined_functions
        ),
    );
    field("wasm SHA-256", &hex(&info.wasm_sha256));
    field("binding SHA-256", &hex(&info.binding_sha256));
    match info.host_can_run() {
        Ok(()) => {
            let _ = writeln!(out, "Runs on this host: yes");
        }
        Err(why) => {
            let _ = writeln!(out, "Runs on this host: no: {why}");
        }
    }
    Ok(out)
}

/// Why `--verify` did not succeed.
pub enum VerifyError {
    /// The files could not be read, or the artifact is not one.
    BadInput(String),
    /// A sound artifact, but not of this module (or altered since).
    Mismatch(String),
}

/// Checks that the artifact at `artifact` was compiled from the module at
/// `wasm` (binary, or text encoded the way `brisk compile` encodes it);
/// the line to print when it was.
pub fn verify(artifact: &Path, wasm: &Path) -> Result<String, VerifyError> {
    let name = artifact.display();
    let bytes = std::fs::read(artifact)
        .map_err(|e| VerifyError::BadInput(format!("brisk: cannot read {name}: {e}")))?;
    if !brisk::aot::is_artifact(&bytes) {
        return Err(VerifyError::BadInput(format!(
            "{name}: not a brisk artifact (--verify checks an artifact from brisk compile \
             against a module)"
        )));
    }
    let info = artifact_info(&bytes).map_err(|e| VerifyError::BadInput(format!("{name}: {e}")))?;
    let module = super::read_module(wasm).map_err(VerifyError::BadInput)?;
    let wasm = wasm.display();
    if info.verify(&module.bytes) {
        Ok(format!(
            "{name} matches {wasm}: compiled from it (wasm SHA-256 {}) with the settings it records\n",
            hex(&info.wasm_sha256)
        ))
    } else {
        Err(VerifyError::Mismatch(format!(
            "brisk: {name} does not match {wasm}: it was compiled from a module whose SHA-256 is \
             {}, or its metadata was altered since",
            hex(&info.wasm_sha256)
        )))
    }
}

/// Where a field's value starts: two spaces, the key column, a space.
const VALUE_COLUMN: usize = 20;

/// The CPU feature names, or what an empty list means.
fn cpu_features(features: &[String]) -> String {
    if features.is_empty() {
        return "none beyond the architecture's baseline".to_owned();
    }
    wrapped(features)
}

/// `items` separated by commas, wrapped under the value column so that
/// no line passes 80 columns (unless one item alone does).
fn wrapped(items: &[impl AsRef<str>]) -> String {
    let mut out = String::new();
    let mut line = 0;
    for (i, item) in items.iter().enumerate() {
        let item = item.as_ref();
        let last = i + 1 == items.len();
        let len = item.len() + usize::from(!last);
        if line > 0 && VALUE_COLUMN + line + 1 + len > 80 {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', VALUE_COLUMN));
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(item);
        if !last {
            out.push(',');
        }
        line += len;
    }
    out
}

/// The enabled proposals by name.
fn feature_names(features: Features) -> String {
    let names: Vec<&str> = features
        .iter()
        .filter(|&(_, on)| on)
        .map(|(name, _)| name)
        .collect();
    if names.is_empty() {
        "none beyond WebAssembly 1.0".to_owned()
    } else {
        wrapped(&names)
    }
}

/// The code options compiled in, and the `brisk run` they are for (a run
/// whose settings differ refuses the artifact).
fn options(info: &ArtifactInfo) -> String {
    let options = &info.options;
    let mut on = Vec::new();
    if options.consume_fuel {
        on.push("fuel metering");
    }
    if options.interruptible {
        on.push("interruption checks");
    }
    if options.explicit_bounds_checks {
        on.push("explicit bounds checks");
    }
    let run = match (options.consume_fuel, options.interruptible) {
        (false, false) => "brisk run without --fuel or --timeout",
        (true, false) => "brisk run --fuel N, without --timeout",
        (false, true) => "brisk run --timeout D, without --fuel",
        (true, true) => "brisk run --fuel N --timeout D",
    };
    if on.is_empty() {
        format!("none (for {run})")
    } else {
        format!("{} (for {run})", on.join(", "))
    }
}

/// Lowercase hexadecimal.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0x00, 0x0f, 0xab, 0xff]), "000fabff");
        assert_eq!(hex(&[]), "");
    }

    #[test]
    fn empty_lists_say_what_they_mean() {
        assert_eq!(cpu_features(&[]), "none beyond the architecture's baseline");
        assert_eq!(
            cpu_features(&["has_sse3".into(), "has_avx".into()]),
            "has_sse3, has_avx"
        );
        // Long lists wrap under the value column, no line past 80.
        let many: Vec<String> = (0..30).map(|i| format!("has_feature{i}")).collect();
        let wrapped = cpu_features(&many);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(lines.len() > 1, "{wrapped}");
        assert!(lines[0].len() + VALUE_COLUMN <= 80, "{wrapped}");
        for line in &lines[1..] {
            assert!(line.len() <= 80, "{wrapped}");
            assert!(line.starts_with(&" ".repeat(VALUE_COLUMN)), "{wrapped}");
            assert!(!line[VALUE_COLUMN..].starts_with(' '), "{wrapped}");
        }
        let rejoined: Vec<&str> = wrapped.split(',').map(str::trim).collect();
        assert_eq!(rejoined, many);
        assert_eq!(feature_names(Features::MVP), "none beyond WebAssembly 1.0");
        assert_eq!(
            feature_names(Features::SIMD.union(Features::MULTI_VALUE)),
            "multi-value, SIMD"
        );
    }
}
