//! [`CompiledModule`]: a module's machine code and what the vm needs to
//! run it, and the compiled tier's uniform entry ([`array_call`]).
//!
//! ```text
//!  VMFuncRef { array_call = module::array_call, vmctx } ──▶ array_call
//!     vmctx.header.code ──▶ CompiledModule ──▶ (trampoline, wasm_call) of func_index
//!     trampoline(vmctx, wasm_call, args)  ── compiled code ──▶ results in args
//! ```
//!
//! The vm stores `Arc::as_ptr` of the `CompiledModule` in the `code` field
//! of every `VMContext` it builds from it (see `brisk_vm::tier`), so the
//! entry finds the module, and through it the function's code and its
//! signature's trampoline, from the callee's func ref alone.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use brisk_parser::{Features, Module};
use brisk_validator::OwnedModule;
use brisk_vm::traphandlers::{CodeRegistration, catch_traps, register_code};
use brisk_vm::{
    MemoryImage, TierCode, Trap, TrapCode, VMArrayCallFn, VMContext, VMFuncRef, ValRaw,
    plan_memory_images,
};
use cranelift_codegen::ir;

use memmap2::{Mmap, MmapMut, MmapOptions};

use crate::artifact::{self, ArtifactError, ArtifactInfo};
use crate::code_info::{CodeTables, FunctionCode};
use crate::code_memory::CodeMemory;
use crate::isa::{OptLevel, Target, cpu_features, host_isa};
use crate::translate::user_trap;
use crate::{CompileError, CompileOptions};

/// A module compiled to machine code; implements [`TierCode`].
///
/// Hand an `Arc<CompiledModule>` to `brisk_vm::VMStore::instantiate`; the
/// code stays mapped as long as any instance (or other holder) keeps the
/// `Arc`.
///
/// # Invariants
/// `tables` describes the functions of `module`, compiled for the host
/// with brisk's native convention and mapped in `code`, and is registered
/// with the vm's code registry for `code`'s range as long as `code` is
/// mapped (`registration` is dropped first: fields drop in order).
#[derive(Debug)]
pub struct CompiledModule {
    /// Held only to keep the code registered (unregistered on drop).
    _registration: CodeRegistration,
    tables: Arc<CodeTables>,
    code: CodeMemory,
    options: CompileOptions,
    /// Per defined memory, its copy-on-write image (what the active data
    /// segments write), when `brisk_vm::plan_memory_images` allows one.
    memory_images: Box<[Option<MemoryImage>]>,
}

/// The signature of a trampoline (see `trampoline.rs`).
type TrampolineFn = unsafe extern "C" fn(*mut VMContext, *const u8, *mut ValRaw);

impl CompiledModule {
    pub(crate) fn new(
        module: Arc<OwnedModule>,
        code: CodeMemory,
        num_imported_funcs: u32,
        functions: Vec<FunctionCode>,
        options: CompileOptions,
        memory_images: Box<[Option<MemoryImage>]>,
    ) -> CompiledModule {
        let tables = Arc::new(CodeTables {
            module,
            base: code.base() as usize,
            num_imported_funcs,
            functions: functions.into_boxed_slice(),
        });
        let registration = register_code(code.range(), tables.clone());
        CompiledModule {
            _registration: registration,
            tables,
            code,
            options,
            memory_images,
        }
    }

    /// Loads the artifact at `path` (see [`crate::artifact`] for the
    /// format and what is checked): maps the file, makes its code
    /// executable in place and decodes its tables and declarations; no
    /// function body is decoded, validated or compiled.
    ///
    /// `options` and `features` are the engine's; an artifact compiled
    /// with others is refused, as is one for another target or CPU, from
    /// another brisk version, or damaged. The code itself is trusted once
    /// its structure checks out, like a native shared library's: load
    /// only artifacts from a source you trust.
    pub fn from_artifact_file(
        path: impl AsRef<Path>,
        options: &CompileOptions,
        features: Features,
    ) -> Result<CompiledModule, ArtifactError> {
        let path = path.as_ref();
        let io = |source| ArtifactError::Io {
            path: path.display().to_string(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        // SAFETY: a private, read-only mapping: the process never writes
        // through it. Like any mapped file (and like dlopen), its contents
        // change if someone modifies the file on disk while it is loaded;
        // artifacts are deployed, not edited in place.
        let map = unsafe { MmapOptions::new().map_copy_read_only(&file) }.map_err(io)?;
        CompiledModule::from_artifact_map(map, Some(Arc::new(file)), options, features)
    }

    /// Loads an artifact held in memory (see
    /// [`from_artifact_file`](Self::from_artifact_file)): the bytes are
    /// copied into a fresh mapping whose code pages become executable.
    pub fn from_artifact_bytes(
        bytes: &[u8],
        options: &CompileOptions,
        features: Features,
    ) -> Result<CompiledModule, ArtifactError> {
        // Check the structure and metadata before allocating: most
        // refusals need no mapping. The sections' hash is checked once,
        // on the copy, by `from_artifact_map`.
        artifact::with_aligned(bytes, |b| artifact::find_sections(b).map(drop))?;
        let io = |source| ArtifactError::Io {
            path: "<memory>".into(),
            source,
        };
        let mut map = MmapMut::map_anon(bytes.len().max(1)).map_err(io)?;
        map[..bytes.len()].copy_from_slice(bytes);
        let map = map.make_read_only().map_err(io)?;
        CompiledModule::from_artifact_map(map, None, options, features)
    }

    /// Loads the artifact mapped at `map`; memory images are mapped from
    /// `file` (the artifact's file) when given, else copied into memfds.
    fn from_artifact_map(
        map: Mmap,
        file: Option<Arc<File>>,
        options: &CompileOptions,
        features: Features,
    ) -> Result<CompiledModule, ArtifactError> {
        let sections = artifact::read_sections(&map)?;
        let loaded = artifact::check_and_decode(&sections, options, features)?;
        let text = sections.text_offset..sections.text_offset + sections.text.len();
        let images = artifact::load_images(
            &loaded.images,
            &loaded.module.validated().module,
            file.as_ref(),
            &map,
        )?;
        let code = CodeMemory::from_artifact(map, text)
            .map_err(|e| ArtifactError::corrupted(format!("cannot map `.text`: {e}")))?;
        Ok(CompiledModule::new(
            loaded.module,
            code,
            loaded.num_imported_funcs,
            loaded.functions,
            loaded.info.options,
            images,
        ))
    }

    /// This module as an artifact for this host (what
    /// [`from_artifact_bytes`](Self::from_artifact_bytes) reads back): the
    /// artifact it was loaded from, or a new one written from its code.
    pub fn serialize(&self) -> Result<Vec<u8>, CompileError> {
        if let Some(bytes) = self.code.artifact_bytes() {
            return Ok(bytes.to_vec());
        }
        let isa = host_isa()?;
        let info = ArtifactInfo::new(
            &self.tables.module,
            self.options,
            Target::host().triple(),
            OptLevel::default(),
            cpu_features(&**isa),
        );
        artifact::write(
            &self.tables.module,
            &info,
            self.code.text(),
            &self.tables.functions,
        )
    }

    /// The settings the code was compiled with.
    pub fn options(&self) -> &CompileOptions {
        &self.options
    }

    /// The validated module this code was compiled from.
    pub fn owned_module(&self) -> &Arc<OwnedModule> {
        &self.tables.module
    }

    #[cfg(test)]
    pub(crate) fn tables(&self) -> &CodeTables {
        &self.tables
    }

    /// The size of the machine code, trampolines included.
    pub fn code_size(&self) -> usize {
        self.code.range().len()
    }

    fn function(&self, func_index: u32) -> Option<&FunctionCode> {
        let i = func_index.checked_sub(self.tables.num_imported_funcs)?;
        self.tables.functions.get(i as usize)
    }

    /// Address of defined function `func_index`'s native entry.
    pub(crate) fn native_entry(&self, f: &FunctionCode) -> *const u8 {
        self.code.base().wrapping_add(f.start as usize)
    }
}

// SAFETY: `array_call` reads the callee's `CompiledModule` from its
// vmctx's `code` field (this value, as the vm instantiates it), and runs
// only code compiled from `module()` for an instance whose layout the vm
// derived from that same module; `module()` never changes. `wasm_call`
// gives the function's native entry (brisk's native convention, see
// `translate/env.rs`) inside `code`, which lives as long as `self`.
// `memory_image` gives images made from `plan_memory_images(module())`.
unsafe impl TierCode for CompiledModule {
    fn module(&self) -> &Module<'_> {
        &self.tables.module.validated().module
    }

    fn array_call(&self) -> VMArrayCallFn {
        array_call
    }

    fn wasm_call(&self, func_index: u32) -> *const u8 {
        match self.function(func_index) {
            Some(f) => self.native_entry(f),
            None => std::ptr::null(),
        }
    }

    fn memory_image(&self, memory_index: u32) -> Option<&MemoryImage> {
        let d = memory_index.checked_sub(self.module().memory_imports)?;
        self.memory_images.get(d as usize)?.as_ref()
    }
}

/// The copy-on-write image of each defined memory of `module` that
/// allows one (a memfd on Linux); a memory whose image cannot be made
/// keeps segment-by-segment initialisation.
pub(crate) fn memory_images(module: &Module<'_>) -> Box<[Option<MemoryImage>]> {
    plan_memory_images(module)
        .into_iter()
        .map(|plan| {
            let plan = plan?;
            MemoryImage::from_bytes(plan.linear_memory_offset, &plan.bytes).ok()
        })
        .collect()
}

/// The uniform entry of every compiled function: runs the callee's
/// trampoline on the argument array.
///
/// # Safety
/// As [`VMArrayCallFn`]: `callee` is a live func ref of an instance built
/// from a [`CompiledModule`] (so its vmctx's `code` field points to it),
/// `args_and_results` holds `capacity` slots with arguments of the
/// callee's type.
pub unsafe extern "C" fn array_call(
    callee: *const VMFuncRef,
    _caller_vmctx: *mut VMContext,
    args_and_results: *mut ValRaw,
    capacity: usize,
) -> *mut u8 {
    // SAFETY: `callee` and its vmctx are live (this function's contract);
    // the vm stored `Arc::as_ptr` of this tier's `CompiledModule` in the
    // header's `code` field, and the instance keeps that `Arc` alive.
    let (vmctx, func_index, module) = unsafe {
        let vmctx = (*callee).vmctx;
        let module = &*(*vmctx).header.code.cast::<CompiledModule>();
        (vmctx, (*callee).func_index, module)
    };
    let Some(f) = module.function(func_index) else {
        return Trap::host("compiled tier: function is not defined by its module".into())
            .into_raw();
    };
    let ty = module
        .owned_module()
        .validated()
        .module
        .func_type(func_index)
        .expect("a defined function has a type");
    if capacity < ty.params().len().max(ty.results().len()) {
        return Trap::host("compiled tier: too few value slots for the call".into()).into_raw();
    }
    let entry = module.native_entry(f);
    // SAFETY: `f.trampoline` is the offset of a trampoline in the code
    // memory (FunctionCode's invariant), which Cranelift compiled with the
    // default C convention and the signature `TrampolineFn`.
    let trampoline: TrampolineFn = unsafe {
        std::mem::transmute::<*const u8, TrampolineFn>(
            module.code.base().add(f.trampoline as usize),
        )
    };
    // SAFETY: the header of a live vmctx points to its store's context.
    let store = unsafe { (*vmctx).header.store };
    // SAFETY: the trampoline reads the callee's parameters from and writes
    // its results to `args_and_results`, which has room for both (checked
    // above), and calls `entry`, the callee's code, with its own vmctx.
    // Every wasm frame it creates is code of a registered `CompiledModule`
    // (this one, or another reached through a func ref's `wasm_call`),
    // compiled with frame pointers; the closure owns nothing with a
    // destructor. `store` is the callee's live store context.
    let result = unsafe { catch_traps(store, || trampoline(vmctx, entry, args_and_results)) };
    match result {
        Ok(()) => std::ptr::null_mut(),
        Err(trap) => trap.into_raw(),
    }
}

/// The brisk trap code a Cranelift trap code stands for.
pub(crate) fn brisk_trap(code: ir::TrapCode) -> Option<TrapCode> {
    Some(match code {
        ir::TrapCode::HEAP_OUT_OF_BOUNDS => TrapCode::MemoryOutOfBounds,
        ir::TrapCode::INTEGER_OVERFLOW => TrapCode::IntegerOverflow,
        ir::TrapCode::INTEGER_DIVISION_BY_ZERO => TrapCode::IntegerDivisionByZero,
        ir::TrapCode::BAD_CONVERSION_TO_INTEGER => TrapCode::BadConversionToInteger,
        ir::TrapCode::STACK_OVERFLOW => TrapCode::StackOverflow,
        user => {
            return TrapCode::ALL
                .iter()
                .copied()
                .find(|&c| user_trap(c) == user);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trap_code_round_trips() {
        for &c in TrapCode::ALL {
            assert_eq!(brisk_trap(user_trap(c)), Some(c));
        }
        assert_eq!(
            brisk_trap(ir::TrapCode::HEAP_OUT_OF_BOUNDS),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(brisk_trap(ir::TrapCode::unwrap_user(200)), None);
    }
}
