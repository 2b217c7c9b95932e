//! The Cranelift target: which machine code is made for, with brisk's
//! flags.
//!
//! A [`Target`] is a triple and an [`OptLevel`]. [`Target::host`] is the
//! machine brisk runs on, with every CPU feature cranelift-native detects
//! (what in-memory compilation uses: the code never leaves this machine).
//! A target named by its triple ([`Target::parse`]) gets the
//! architecture's baseline instead, so an artifact compiled for
//! `x86_64-unknown-linux-gnu` runs on any x86-64 Linux host with SSE4.1;
//! the artifact records the features its code assumes and the loader
//! refuses it on a CPU without them (see `artifact/`).
//!
//! Every function and trampoline is compiled with the same flags:
//! `opt_level` from the target, frame pointers kept in every function
//! (the trap handler walks them for backtraces), multi-value returns
//! through Cranelift's implicit struct-return pointer, no stack probes
//! (stack overflow is caught by the prologue check against
//! `VMStoreContext::stack_limit`), and the IR verifier in debug builds.
//! ISAs are built once per target and process.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use cranelift_codegen::isa::{self, OwnedTargetIsa};
use cranelift_codegen::settings::{self, Configurable};
use target_lexicon::{Architecture, OperatingSystem, Triple};

use crate::CompileError;

/// How hard Cranelift optimizes; recorded in artifacts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OptLevel {
    /// No optimization: fastest compilation.
    None,
    /// Optimize for speed (the default).
    #[default]
    Speed,
    /// Optimize for speed and code size.
    SpeedAndSize,
}

impl OptLevel {
    /// The name brisk's CLI, artifacts and Cranelift use:
    /// `none`, `speed`, `speed_and_size`.
    pub fn name(self) -> &'static str {
        match self {
            OptLevel::None => "none",
            OptLevel::Speed => "speed",
            OptLevel::SpeedAndSize => "speed_and_size",
        }
    }
}

impl FromStr for OptLevel {
    type Err = String;

    /// Accepts `none`, `speed`, and `speed_and_size` or `speed-and-size`.
    fn from_str(s: &str) -> Result<OptLevel, String> {
        match s {
            "none" => Ok(OptLevel::None),
            "speed" => Ok(OptLevel::Speed),
            "speed_and_size" | "speed-and-size" => Ok(OptLevel::SpeedAndSize),
            other => Err(format!(
                "unknown optimization level `{other}` (expected none, speed or speed-and-size)"
            )),
        }
    }
}

impl fmt::Display for OptLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What to compile for: a triple, whether to use the host CPU's own
/// features, and an optimization level.
///
/// ```
/// use brisk_aot::{OptLevel, Target};
/// let t = Target::parse("aarch64-unknown-linux-gnu")?.with_opt_level(OptLevel::None);
/// assert_eq!(t.triple(), "aarch64-unknown-linux-gnu");
/// assert!(Target::parse("riscv64gc-unknown-linux-gnu").is_err());
/// # Ok::<(), brisk_aot::CompileError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Target {
    triple: Triple,
    // INVARIANT: only for `Triple::host()`.
    native: bool,
    opt_level: OptLevel,
}

impl Target {
    /// This machine, with every CPU feature it has.
    pub fn host() -> Target {
        Target {
            triple: Triple::host(),
            native: true,
            opt_level: OptLevel::default(),
        }
    }

    /// A target named by its triple, with the architecture's baseline
    /// CPU features. brisk compiles for x86-64 and aarch64 Linux.
    pub fn parse(triple: &str) -> Result<Target, CompileError> {
        let triple = Triple::from_str(triple)
            .map_err(|e| CompileError::UnsupportedTarget(format!("`{triple}`: {e}")))?;
        check_supported(&triple)?;
        Ok(Target {
            triple,
            native: false,
            opt_level: OptLevel::default(),
        })
    }

    /// The same target with another optimization level.
    pub fn with_opt_level(mut self, opt_level: OptLevel) -> Target {
        self.opt_level = opt_level;
        self
    }

    /// The triple, e.g. `x86_64-unknown-linux-gnu`.
    pub fn triple(&self) -> String {
        self.triple.to_string()
    }

    /// The optimization level.
    pub fn opt_level(&self) -> OptLevel {
        self.opt_level
    }
}

fn check_supported(triple: &Triple) -> Result<(), CompileError> {
    let arch_ok = matches!(
        triple.architecture,
        Architecture::X86_64 | Architecture::Aarch64(_)
    );
    if !arch_ok || triple.operating_system != OperatingSystem::Linux {
        return Err(CompileError::UnsupportedTarget(format!(
            "`{triple}`: brisk compiles for x86-64 and aarch64 Linux only"
        )));
    }
    Ok(())
}

/// Same architecture and OS: code for `a` runs on `b` given the features.
pub(crate) fn same_platform(a: &Triple, b: &Triple) -> bool {
    a.architecture == b.architecture
        && a.operating_system == b.operating_system
        && a.pointer_width() == b.pointer_width()
}

/// Whether compiled code can run on this host; the error says why not.
///
/// brisk targets 64-bit x86 and aarch64 hosts; on x86-64 the CPU must
/// have SSE4.1 (`roundss`/`roundsd` implement `ceil`, `floor`, `trunc` and
/// `nearest` without library calls).
///
/// ```
/// # #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
/// assert!(brisk_aot::host_supported().is_ok() || cfg!(target_arch = "x86_64"));
/// ```
pub fn host_supported() -> Result<(), CompileError> {
    host_isa().map(|_| ())
}

/// The process-wide ISA for the host.
pub(crate) fn host_isa() -> Result<&'static OwnedTargetIsa, CompileError> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(|| {
        host_check()?;
        build(&Target::host())
    })
    .as_ref()
    .map_err(|e| CompileError::UnsupportedHost(e.clone()))
}

/// The ISA for `target`, built once per process and target.
pub(crate) fn target_isa(target: &Target) -> Result<OwnedTargetIsa, CompileError> {
    if *target == Target::host() {
        return host_isa().cloned();
    }
    static ISAS: OnceLock<Mutex<HashMap<Target, OwnedTargetIsa>>> = OnceLock::new();
    let mut isas = ISAS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(isa) = isas.get(target) {
        return Ok(isa.clone());
    }
    if target.native {
        host_check().map_err(CompileError::UnsupportedHost)?;
    }
    let isa = build(target).map_err(CompileError::UnsupportedTarget)?;
    isas.insert(target.clone(), isa.clone());
    Ok(isa)
}

/// The names of the CPU features `isa`'s code may use (its boolean ISA
/// flags that are on), sorted.
pub(crate) fn cpu_features(isa: &dyn isa::TargetIsa) -> Vec<String> {
    let mut names: Vec<String> = isa
        .isa_flags()
        .iter()
        .filter(|v| v.as_bool() == Some(true))
        .map(|v| v.name.to_string())
        .collect();
    names.sort();
    names
}

/// Whether this host can run code that assumes `features` (names as
/// [`cpu_features`] gives them); the error names what is missing.
pub(crate) fn host_has_features(features: &[String]) -> Result<(), String> {
    let host = host_isa().map_err(|e| e.to_string())?;
    let have = cpu_features(&**host);
    let missing: Vec<&str> = features
        .iter()
        .filter(|f| !have.contains(f))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "this CPU lacks feature(s) the code was compiled to use: {}",
            missing.join(", ")
        ))
    }
}

/// Why this host cannot run compiled code at all, if it cannot.
fn host_check() -> Result<(), String> {
    if cfg!(not(target_pointer_width = "64")) {
        return Err("brisk needs a 64-bit host".into());
    }
    if !brisk_vm::traphandlers::TRAPS_SUPPORTED {
        return Err(format!(
            "no trap handling for compiled code on {}-{} (Linux on x86-64 or aarch64 only)",
            std::env::consts::OS,
            std::env::consts::ARCH
        ));
    }
    if cfg!(not(any(target_arch = "x86_64", target_arch = "aarch64"))) {
        return Err(format!(
            "no compiled tier for {} (x86-64 and aarch64 only)",
            std::env::consts::ARCH
        ));
    }
    #[cfg(target_arch = "x86_64")]
    if !std::arch::is_x86_feature_detected!("sse4.1") {
        return Err("x86-64 CPU without SSE4.1".into());
    }
    Ok(())
}

fn build(target: &Target) -> Result<OwnedTargetIsa, String> {
    let mut flags = settings::builder();
    let set = |flags: &mut dyn Configurable, name: &str, value: &str| {
        flags
            .set(name, value)
            .map_err(|e| format!("cranelift setting {name}={value}: {e}"))
    };
    set(&mut flags, "opt_level", target.opt_level.name())?;
    set(&mut flags, "preserve_frame_pointers", "true")?;
    set(&mut flags, "enable_multi_ret_implicit_sret", "true")?;
    set(&mut flags, "enable_probestack", "false")?;
    set(
        &mut flags,
        "enable_verifier",
        if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        },
    )?;
    let mut builder = if target.native {
        cranelift_native::builder().map_err(|e| e.to_string())?
    } else {
        isa::lookup(target.triple.clone()).map_err(|e| format!("`{}`: {e}", target.triple))?
    };
    if !target.native && matches!(target.triple.architecture, Architecture::X86_64) {
        // brisk's x86-64 code needs SSE4.1 (see `host_supported`); the
        // baseline otherwise stays at what every x86-64 CPU has.
        set(&mut builder, "has_sse3", "true")?;
        set(&mut builder, "has_ssse3", "true")?;
        set(&mut builder, "has_sse41", "true")?;
    }
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| format!("cranelift ISA: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isa_is_built_once_with_our_flags() {
        let isa = host_isa().expect("test hosts support the compiled tier");
        assert!(isa.flags().preserve_frame_pointers());
        assert!(isa.flags().enable_multi_ret_implicit_sret());
        assert!(std::ptr::eq(isa, host_isa().unwrap()));
    }

    #[test]
    fn named_targets_use_the_baseline() {
        let x86 = target_isa(&Target::parse("x86_64-unknown-linux-gnu").unwrap()).unwrap();
        let features = cpu_features(&*x86);
        assert!(features.contains(&"has_sse41".to_string()), "{features:?}");
        assert!(!features.contains(&"has_avx2".to_string()), "{features:?}");
        let arm = Target::parse("aarch64-unknown-linux-gnu")
            .unwrap()
            .with_opt_level(OptLevel::None);
        let isa = target_isa(&arm).unwrap();
        assert_eq!(isa.triple().to_string(), "aarch64-unknown-linux-gnu");
        assert_eq!(isa.flags().opt_level(), settings::OptLevel::None);
    }

    #[test]
    fn unsupported_targets_and_levels_are_refused() {
        for t in [
            "x86_64-pc-windows-msvc",
            "wasm32-unknown-unknown",
            "nonsense",
        ] {
            assert!(Target::parse(t).is_err(), "{t}");
        }
        assert_eq!("speed-and-size".parse(), Ok(OptLevel::SpeedAndSize));
        assert!("fast".parse::<OptLevel>().is_err());
    }

    #[test]
    fn missing_features_are_named() {
        assert!(host_has_features(&[]).is_ok());
        let err = host_has_features(&["has_imaginary".into()]).unwrap_err();
        assert!(err.contains("has_imaginary"), "{err}");
    }
}
