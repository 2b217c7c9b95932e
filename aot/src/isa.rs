//! The Cranelift target: the host's ISA with brisk's flags.
//!
//! Every function and trampoline of every module is compiled for the same
//! ISA, built once per process: the native CPU (cranelift-native detects
//! its features), `opt_level=speed`, frame pointers kept in every function
//! (the trap handler walks them for backtraces), multi-value returns
//! through Cranelift's implicit struct-return pointer, no stack probes
//! (stack overflow is caught by the prologue check against
//! `VMStoreContext::stack_limit`), and the IR verifier in debug builds.

use std::sync::OnceLock;

use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};

use crate::CompileError;

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

/// The process-wide ISA.
pub(crate) fn host_isa() -> Result<&'static OwnedTargetIsa, CompileError> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(build)
        .as_ref()
        .map_err(|e| CompileError::UnsupportedHost(e.clone()))
}

fn build() -> Result<OwnedTargetIsa, String> {
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
    let mut flags = settings::builder();
    let set = |flags: &mut settings::Builder, name: &str, value: &str| {
        flags
            .set(name, value)
            .map_err(|e| format!("cranelift setting {name}={value}: {e}"))
    };
    set(&mut flags, "opt_level", "speed")?;
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
    let builder = cranelift_native::builder().map_err(|e| e.to_string())?;
    builder
        .finish(settings::Flags::new(flags))
        .map_err(|e| format!("cranelift ISA: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn isa_is_built_once_with_our_flags() {
        let isa = super::host_isa().expect("test hosts support the compiled tier");
        assert!(isa.flags().preserve_frame_pointers());
        assert!(isa.flags().enable_multi_ret_implicit_sret());
        assert!(std::ptr::eq(isa, super::host_isa().unwrap()));
    }
}
