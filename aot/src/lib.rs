//! # brisk-aot — the compiled tier
//!
//! The third stage of brisk's pipeline for the compiled tier (see
//! `DESIGN.md`): validated functions are translated to Cranelift IR by
//! brisk's own translator (`translate/`, not `cranelift-wasm`), compiled
//! in parallel for the host, and laid out in one executable mapping that
//! runs on `brisk-vm` instances, exactly like the interpreter's code.
//!
//! ```text
//! Arc<OwnedModule> ──compile──▶ CompiledModule ──VMStore::instantiate──▶ instance
//!                                 (TierCode)     vmctx.code = Arc::as_ptr(module)
//!                                                func_refs[i].array_call = brisk_aot::array_call
//! ```
//!
//! - [`compile`] translates and compiles every defined function
//!   ([`CompileOptions`] adds fuel metering, interrupt checks or explicit
//!   bounds checks), [`host_supported`] says whether this host can run
//!   compiled code at all.
//! - [`CompiledModule`] implements [`brisk_vm::TierCode`]; [`array_call`]
//!   is the uniform entry of every compiled function (host → wasm, and
//!   other tiers → compiled code). Calls between functions of one module
//!   are direct native calls.
//!
//! - [`compile_artifact`] writes a module's code for any supported
//!   [`Target`] as an ELF shared object, which
//!   [`CompiledModule::from_artifact_file`] maps back in microseconds
//!   (the format, and what is and is not trusted, in [`artifact`]).
//!
//! `unsafe` lives only in `code_memory.rs` (making code executable, cache
//! maintenance on aarch64) and `module.rs` (mapping artifacts, entering
//! compiled code), each block with its reason.
//!
//! ```
//! use std::sync::Arc;
//! use brisk_vm::{TypeRegistry, VMStore, ValRaw};
//!
//! let wasm = wat::parse_str(r#"(module (func (export "mul") (param i32 i32) (result i32)
//!     local.get 0 local.get 1 i32.mul))"#)?;
//! let module = Arc::new(brisk_validator::OwnedModule::new(wasm)?);
//! if brisk_aot::host_supported().is_ok() {
//!     let code = Arc::new(brisk_aot::compile(module, &Default::default())?);
//!     let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
//!     let id = store.instantiate(code, &[])?;
//!     let f = store.instance(id).canonical_func_ref(0);
//!     let mut vals = [ValRaw::i32(6), ValRaw::i32(7)];
//!     store.call(f, &mut vals)?;
//!     assert_eq!(vals[0].get_i32(), 42);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod artifact;
mod code_info;
mod code_memory;
mod compile;
mod error;
mod isa;
mod module;
mod trampoline;
mod translate;

pub use artifact::{ArtifactError, ArtifactInfo, artifact_info, compile_artifact, is_artifact};
pub use compile::{clif, compile};
pub use error::CompileError;
pub use isa::{OptLevel, Target, host_supported};
pub use module::{CompiledModule, array_call};

/// What compiled code does besides running the program; each option off
/// (the default) adds nothing to the code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CompileOptions {
    /// Meter fuel by the rule of `brisk_vm::fuel`, exactly as the
    /// interpreter does.
    pub consume_fuel: bool,
    /// Check `VMStoreContext::interrupt` at function entry and loop
    /// headers, trapping `Interrupted` when it is set.
    pub interruptible: bool,
    /// Compare every memory access against the memory's current length
    /// instead of relying on the 4 GiB reservation and its guard pages.
    pub explicit_bounds_checks: bool,
}
