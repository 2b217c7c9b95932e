//! AOT artifacts: a compiled module as an ELF64 shared object, written by
//! [`compile_artifact`] (`brisk compile`) and mapped back by
//! [`CompiledModule::from_artifact_file`](crate::CompiledModule::from_artifact_file)
//! in microseconds.
//!
//! ```text
//!  offset 0   ELF header, program headers          ┐
//!             .brisk.meta     metadata (text)      │ PT_LOAD r--
//!             .brisk.wasm     the module's declarations (a wasm module
//!                             without its code section: types, imports,
//!                             exports, globals, segments, names)
//!             .brisk.funcs    per function: code range, trampoline, table ranges
//!             .brisk.traps    trap sites: (code offset, trap code)
//!             .brisk.addrmap  address map: (code offset, wasm offset)
//!             .brisk.images   where each memory image is           ┘
//!  page       .text           every function, then the trampolines    PT_LOAD r-x
//!  page       .brisk.image    copy-on-write memory images             PT_LOAD r--
//!             .symtab .strtab .shstrtab, section headers
//! ```
//!
//! The code needs no relocations: calls between the module's functions
//! are pc-relative and were patched when it was laid out, and everything
//! else is reached through the `VMContext`. Loading maps the file
//! privately, makes `.text` executable in place (it starts on a page
//! boundary), and reads the small tables; the declarations are decoded and
//! validated (`brisk_validator::OwnedModule::declarations_only`) but no
//! function body is decoded, validated or compiled again.
//!
//! # Trust
//!
//! The loader checks every structure it reads: the ELF header, that each
//! section lies inside the file, the metadata (format and engine version,
//! target, the CPU features the code uses, the compile settings, which
//! must match the engine's), that the declarations, the tables and the
//! places of `.text` and the memory image hash to the metadata's
//! `sections-sha256` (so damage that would still decode is caught), the function and trap tables (every
//! range inside `.text`, sorted), and the declarations, validated like any
//! module. Any mismatch or damage is refused with an [`ArtifactError`]
//! that says what differs. The machine code itself cannot be checked:
//! like a native shared library, an artifact's code is trusted once its
//! structure checks out, so load only artifacts you (or a build you
//! trust) compiled. [`ArtifactInfo::verify`] checks that an artifact was
//! compiled from given wasm bytes with the settings it records.
//!
//! # aarch64
//!
//! `brisk compile --target aarch64-unknown-linux-gnu` makes an aarch64
//! artifact on any host (the baseline ISA, 64 KiB-aligned `.text`). What
//! has been tested, all from an x86-64 machine:
//!
//! - Produced and disassembled, in CI (`crates/cli/tests/all/aarch64`):
//!   the ELF header (ELF64, little-endian, `ET_DYN`, `EM_AARCH64`), and
//!   `aarch64-linux-gnu-objdump -d` over every function symbol, which must
//!   be real aarch64 instructions apart from literal pools, `br_table`
//!   jump tables and alignment, with every trap-table site on a
//!   `udf #0xc11f` or a load/store; for a module using most of the
//!   translator at each optimization level and with fuel, interruption
//!   and explicit bounds checks, and for all 1716 valid modules of the 2.0
//!   spec testsuite (each compiled four ways: no Cranelift aarch64
//!   lowering error).
//! - Run under emulation, by hand (`.ci/aarch64-qemu`): brisk itself
//!   cross-built for aarch64 and run with qemu-user passes brisk-vm's and
//!   brisk-aot's tests (all but one, below; doc tests are not run for
//!   another target) and every directive of the 2.0 testsuite in the
//!   compiled, artifact and explicit-bounds-check tiers, and runs
//!   artifacts cross-compiled on x86-64 (results, traps, WASI). That
//!   executes the aarch64-only runtime code: the trap handler's register
//!   context and unwinding assembly (`brisk_vm::traphandlers`) and the
//!   instruction-cache flush (`code_memory.rs`).
//! - Found there: a store that straddles the end of a memory (guard
//!   pages, the default) may write its in-bounds bytes before it traps.
//!   qemu-user does so for `v128.store` (two 8-byte halves), and the Arm
//!   architecture allows it for misaligned and vector stores on hardware
//!   (wasmtime#7237, WebAssembly/design#1490); the spec wants nothing
//!   written. brisk-aot's `simd::vector_accesses_at_the_end_of_memory`
//!   catches it (skipped by the script). Explicit bounds checks avoid it;
//!   a fix for guard pages would probe the last byte before such stores.
//! - Not tested: real aarch64 hardware and kernels. qemu-user translates
//!   instructions and forwards signals; it does not model weak memory
//!   ordering or incoherent instruction caches (so a missing cache flush
//!   would go unnoticed), and runs with 4 KiB pages only.

mod elf;
mod images;
mod metadata;
mod skeleton;
mod tables;

use std::sync::Arc;

use brisk_validator::OwnedModule;

pub(crate) use elf::{ArtifactSections, find_sections, read_sections};
pub(crate) use images::load as load_images;
pub use metadata::ArtifactInfo;
pub(crate) use tables::decode_functions;

use crate::code_info::FunctionCode;
use crate::compile::compile_object;
use crate::isa::{Target, cpu_features, target_isa};
use crate::{CompileError, CompileOptions};

/// The format version this brisk writes and reads. Any change to the
/// layout of a section bumps it.
pub const FORMAT_VERSION: u32 = 1;

/// The engine version recorded in (and required of) artifacts.
pub const ENGINE_VERSION: &str = concat!("brisk ", env!("CARGO_PKG_VERSION"));

/// Why an artifact was refused; each variant says what differs.
#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    /// The bytes are not an ELF file at all.
    #[error("not a brisk artifact: {0}")]
    NotAnArtifact(String),
    /// The file is truncated or damaged: a structure does not check out.
    #[error("corrupted or truncated artifact: {0}")]
    Corrupted(String),
    /// Written by another format or engine version.
    #[error("artifact version mismatch: {0}")]
    Version(String),
    /// Compiled for another architecture or OS.
    #[error("artifact target mismatch: compiled for {artifact}, this host is {host}")]
    Target {
        /// The artifact's target triple.
        artifact: String,
        /// This host's triple.
        host: String,
    },
    /// The code needs CPU features this host lacks, or the host cannot run
    /// compiled code at all.
    #[error("artifact cannot run on this CPU: {0}")]
    Cpu(String),
    /// Compiled with settings that differ from the engine's.
    #[error("artifact settings mismatch: {0}")]
    Settings(String),
    /// Reading or mapping the file failed.
    #[error("cannot load artifact {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
}

impl ArtifactError {
    /// Whether the artifact is sound but does not fit this engine or host
    /// (version, target, CPU, settings): compiling the module again
    /// fixes it, unlike damage.
    pub fn needs_recompile(&self) -> bool {
        matches!(
            self,
            ArtifactError::Version(_)
                | ArtifactError::Target { .. }
                | ArtifactError::Cpu(_)
                | ArtifactError::Settings(_)
        )
    }

    #[cold]
    pub(crate) fn corrupted(what: impl Into<String>) -> ArtifactError {
        ArtifactError::Corrupted(what.into())
    }
}

/// Whether `bytes` looks like an artifact (an ELF file) rather than a wasm
/// module; [`artifact_info`] tells whether it really is one.
pub fn is_artifact(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x7fELF")
}

/// The metadata of an artifact, after checking its structure, without
/// mapping or running anything.
pub fn artifact_info(bytes: &[u8]) -> Result<ArtifactInfo, ArtifactError> {
    with_aligned(bytes, |bytes| Ok(read_sections(bytes)?.info))
}

/// Calls `f` with `bytes`, or with a copy of them at an 8-byte aligned
/// address when they are not: the ELF reader needs its headers aligned,
/// and a valid artifact must not be refused for where it sits in memory.
pub(crate) fn with_aligned<T>(bytes: &[u8], f: impl FnOnce(&[u8]) -> T) -> T {
    let misaligned = bytes.as_ptr() as usize % 8;
    if misaligned == 0 {
        return f(bytes);
    }
    let mut copy = vec![0u8; bytes.len() + 7];
    let at = (8 - copy.as_ptr() as usize % 8) % 8;
    copy[at..at + bytes.len()].copy_from_slice(bytes);
    f(&copy[at..at + bytes.len()])
}

/// Compiles `module` for `target` into an artifact: the bytes of an ELF64
/// shared object (see the [module docs](self)).
///
/// ```
/// let wasm = wat::parse_str(r#"(module (func $answer (export "f") (result i32) i32.const 42))"#)?;
/// let module = brisk_validator::OwnedModule::new(wasm.clone())?;
/// let target = brisk_aot::Target::parse("aarch64-unknown-linux-gnu")?;
/// let elf = brisk_aot::compile_artifact(&module, &Default::default(), &target)?;
/// let info = brisk_aot::artifact_info(&elf)?;
/// assert_eq!(info.target, "aarch64-unknown-linux-gnu");
/// assert!(info.verify(&wasm));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compile_artifact(
    module: &OwnedModule,
    options: &CompileOptions,
    target: &Target,
) -> Result<Vec<u8>, CompileError> {
    let isa = target_isa(target)?;
    let object = compile_object(module.validated(), options, &*isa)?;
    let info = ArtifactInfo::new(
        module,
        *options,
        target.triple(),
        target.opt_level(),
        cpu_features(&*isa),
    );
    write(module, &info, &object.text, &object.functions)
}

/// Writes the artifact of already compiled code.
pub(crate) fn write(
    module: &OwnedModule,
    info: &ArtifactInfo,
    text: &[u8],
    functions: &[FunctionCode],
) -> Result<Vec<u8>, CompileError> {
    let declarations = skeleton::declarations(module);
    let tables = tables::encode(functions);
    let images = images::plan(&module.validated().module);
    elf::write(&elf::Parts {
        info,
        module: &module.validated().module,
        declarations: &declarations,
        tables: &tables,
        text,
        functions,
        images: &images,
    })
}

/// What [`CompiledModule`](crate::CompiledModule) needs from a checked
/// artifact.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub module: Arc<OwnedModule>,
    pub functions: Vec<FunctionCode>,
    pub num_imported_funcs: u32,
    pub info: ArtifactInfo,
    pub images: Vec<images::ImageRef>,
}

/// Checks `sections` against this host and the engine's settings and
/// decodes the module and tables.
pub(crate) fn check_and_decode(
    sections: &ArtifactSections<'_>,
    options: &CompileOptions,
    features: brisk_parser::Features,
) -> Result<Loaded, ArtifactError> {
    let info = &sections.info;
    info.check_host()?;
    info.check_settings(options, features)?;
    let module = OwnedModule::declarations_only(sections.declarations, info.wasm_features)
        .map_err(|e| ArtifactError::corrupted(format!("module declarations: {e}")))?;
    let m = &module.validated().module;
    let num_imported_funcs = m.function_imports;
    let defined = m.functions.len() as u32 - num_imported_funcs;
    if (num_imported_funcs, defined) != (info.imported_functions, info.defined_functions) {
        return Err(ArtifactError::corrupted(format!(
            "the metadata counts {} imported and {} defined functions, the declarations {} and {}",
            info.imported_functions, info.defined_functions, num_imported_funcs, defined
        )));
    }
    let functions = decode_functions(sections.tables, sections.text.len(), defined)?;
    let (data_offset, data_len) = sections.image_data;
    let images = images::decode(sections.image_table, data_offset, data_len, m)?;
    Ok(Loaded {
        images,
        module: Arc::new(module),
        functions,
        num_imported_funcs,
        info: info.clone(),
    })
}

#[cfg(test)]
mod tests;
