//! [`compile`]: every defined function translated and compiled in
//! parallel, the array trampolines, and the layout of all of it in one
//! [`CodeMemory`].
//!
//! ```text
//!  OwnedModule ─▶ ModuleEnv ─rayon─▶ per function: translate ─▶ Cranelift ─▶ CompiledFunc
//!                            └─────▶ per signature: trampoline ─▶ Cranelift ─┘
//!                                       layout (16-byte aligned), patch direct calls
//!                                       ─▶ CodeMemory (r-x) ─▶ CompiledModule
//! ```
//!
//! Direct calls between the module's functions are Cranelift relocations
//! against `(FUNC_NAMESPACE, callee index)`; once every function has its
//! place in the buffer they are patched here as plain pc-relative
//! displacements (x86-64 `call rel32`, aarch64 `bl imm26`), before the
//! buffer is made executable. Any other relocation is an error: compiled
//! code reaches the host only through the `VMContext`.

use std::collections::HashMap;
use std::sync::Arc;

use brisk_parser::FuncType;
use brisk_validator::{OwnedModule, ValidatedModule};
use brisk_vm::TrapCode;
use cranelift_codegen::binemit::Reloc;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::{ExternalName, UserFuncName};
use cranelift_codegen::isa::TargetIsa;
use cranelift_codegen::{Context, FinalizedRelocTarget};
use cranelift_frontend::FunctionBuilderContext;
use rayon::prelude::*;

use crate::code_info::FunctionCode;
use crate::code_memory::CodeMemory;
use crate::isa::host_isa;
use crate::module::CompiledModule;
use crate::translate::env::ModuleEnv;
use crate::{CompileError, CompileOptions, trampoline, translate};

/// Alignment of every function in the code buffer.
const FUNCTION_ALIGN: usize = 16;

/// A direct call to patch.
struct CallReloc {
    /// Offset of the patched field in the function.
    offset: u32,
    kind: Reloc,
    callee: u32,
    addend: i64,
}

/// One function's machine code and metadata, before layout.
struct CompiledFunc {
    code: Vec<u8>,
    relocs: Vec<CallReloc>,
    traps: Vec<(u32, TrapCode)>,
    srclocs: Vec<(u32, u32)>,
}

/// A module's machine code, laid out and with direct calls patched, not
/// yet mapped: what [`compile`] maps executable and what an artifact
/// stores.
#[derive(Debug)]
pub(crate) struct CodeObject {
    /// Every function, then every trampoline, each 16-byte aligned.
    pub text: Vec<u8>,
    pub num_imported_funcs: u32,
    /// One per defined function, in index order.
    pub functions: Vec<FunctionCode>,
}

/// Compiles every function `module` defines for the host and maps the
/// code executable.
///
/// Functions compile in parallel on rayon's pool, each worker reusing one
/// Cranelift context. The module must have been validated (an
/// [`OwnedModule`] always is).
pub fn compile(
    module: Arc<OwnedModule>,
    options: &CompileOptions,
) -> Result<CompiledModule, CompileError> {
    let isa = host_isa()?;
    let object = compile_object(module.validated(), options, &**isa)?;
    let code = CodeMemory::new(&object.text)?;
    let images = crate::module::memory_images(&module.validated().module);
    Ok(CompiledModule::new(
        module,
        code,
        object.num_imported_funcs,
        object.functions,
        *options,
        images,
    ))
}

/// Compiles every function of `validated` for `isa` and lays the code
/// out; see [`CodeObject`].
pub(crate) fn compile_object(
    validated: &ValidatedModule<'_>,
    options: &CompileOptions,
    isa: &dyn TargetIsa,
) -> Result<CodeObject, CompileError> {
    let env = ModuleEnv::new(validated, *options, isa)?;
    let m = env.module();
    let first = m.function_imports;
    let defined: Vec<u32> = (first..m.functions.len() as u32).collect();
    let funcs = defined
        .par_iter()
        .map_init(
            || (Context::new(), FunctionBuilderContext::new()),
            |(ctx, fbc), &index| compile_function(&env, ctx, fbc, index),
        )
        .collect::<Result<Vec<_>, _>>()?;

    // One trampoline per distinct signature of a defined function.
    let mut tramp_types: Vec<&FuncType> = Vec::new();
    let mut tramp_of: HashMap<&FuncType, usize> = HashMap::new();
    let mut func_tramp = Vec::with_capacity(defined.len());
    for &index in &defined {
        let ty = &m.types[env.func_type_index(index) as usize];
        let t = *tramp_of.entry(ty).or_insert_with(|| {
            tramp_types.push(ty);
            tramp_types.len() - 1
        });
        func_tramp.push(t);
    }
    let tramps = tramp_types
        .par_iter()
        .enumerate()
        .map_init(
            || (Context::new(), FunctionBuilderContext::new()),
            |(ctx, fbc), (i, ty)| {
                ctx.clear();
                ctx.func = trampoline::build(isa, ty, i as u32, fbc);
                emit(ctx, isa, u32::MAX)
            },
        )
        .collect::<Result<Vec<_>, _>>()?;

    // Layout.
    let mut buf: Vec<u8> = Vec::new();
    let mut place = |code: &[u8]| -> Result<u32, CompileError> {
        buf.resize(buf.len().next_multiple_of(FUNCTION_ALIGN), 0);
        let start = u32::try_from(buf.len()).map_err(|_| CompileError::TooLarge("code"))?;
        buf.extend_from_slice(code);
        i32::try_from(buf.len()).map_err(|_| CompileError::TooLarge("code"))?;
        Ok(start)
    };
    let func_starts = funcs
        .iter()
        .map(|f| place(&f.code))
        .collect::<Result<Vec<_>, _>>()?;
    let tramp_starts = tramps
        .iter()
        .map(|t| place(&t.code))
        .collect::<Result<Vec<_>, _>>()?;
    for (f, &start) in funcs.iter().zip(&func_starts) {
        for r in &f.relocs {
            let target = func_starts[(r.callee - first) as usize];
            patch(&mut buf, start + r.offset, target, r)?;
        }
    }

    let functions = funcs
        .into_iter()
        .zip(func_starts)
        .zip(func_tramp)
        .map(|((f, start), t)| FunctionCode {
            start,
            len: f.code.len() as u32,
            trampoline: tramp_starts[t],
            traps: f.traps.into_boxed_slice(),
            srclocs: f.srclocs.into_boxed_slice(),
        })
        .collect();
    Ok(CodeObject {
        text: buf,
        num_imported_funcs: first,
        functions,
    })
}

/// The Cranelift IR the translator makes for defined function
/// `func_index` of `module` with `options`, before Cranelift optimizes it,
/// in Cranelift's text format: what the golden tests (`tests/golden/`)
/// compare, and a debugging aid.
#[doc(hidden)]
pub fn clif(
    module: &OwnedModule,
    func_index: u32,
    options: &CompileOptions,
) -> Result<String, CompileError> {
    let isa = host_isa()?;
    let validated = module.validated();
    let env = ModuleEnv::new(validated, *options, &**isa)?;
    if validated.func_info(func_index).is_none() {
        return Err(CompileError::Codegen {
            func_index,
            message: "not a function the module defines".into(),
        });
    }
    let mut ctx = Context::new();
    ctx.func.signature = env.signatures[env.func_type_index(func_index) as usize].clone();
    ctx.func.name = UserFuncName::user(translate::FUNC_NAMESPACE, func_index);
    translate::translate_function(
        &env,
        &mut ctx.func,
        &mut FunctionBuilderContext::new(),
        func_index,
    )?;
    Ok(ctx.func.display().to_string())
}

/// Translates and compiles defined function `index`.
fn compile_function(
    env: &ModuleEnv<'_>,
    ctx: &mut Context,
    fbc: &mut FunctionBuilderContext,
    index: u32,
) -> Result<CompiledFunc, CompileError> {
    ctx.clear();
    ctx.func.signature = env.signatures[env.func_type_index(index) as usize].clone();
    ctx.func.name = UserFuncName::user(translate::FUNC_NAMESPACE, index);
    translate::translate_function(env, &mut ctx.func, fbc, index)?;
    emit(ctx, env.isa, index)
}

/// Compiles the function in `ctx` and collects its code and metadata.
fn emit(ctx: &mut Context, isa: &dyn TargetIsa, index: u32) -> Result<CompiledFunc, CompileError> {
    if let Err(e) = ctx.compile(isa, &mut ControlPlane::default()) {
        return Err(CompileError::Codegen {
            func_index: index,
            message: cranelift_codegen::print_errors::pretty_error(e.func, e.inner),
        });
    }
    let compiled = ctx.compiled_code().expect("compiled above");
    let buffer = &compiled.buffer;
    let names = ctx.func.params.user_named_funcs();
    let mut relocs = Vec::new();
    for r in buffer.relocs() {
        let callee = match &r.target {
            FinalizedRelocTarget::ExternalName(ExternalName::User(name))
                if names[*name].namespace == translate::FUNC_NAMESPACE =>
            {
                names[*name].index
            }
            other => {
                return Err(CompileError::Codegen {
                    func_index: index,
                    message: format!("unexpected relocation {:?} against {other:?}", r.kind),
                });
            }
        };
        relocs.push(CallReloc {
            offset: r.offset,
            kind: r.kind,
            callee,
            addend: r.addend,
        });
    }
    let traps = buffer
        .traps()
        .iter()
        .filter_map(|t| crate::module::brisk_trap(t.code).map(|c| (t.offset, c)))
        .collect();
    let srclocs = buffer
        .get_srclocs_sorted()
        .iter()
        .filter(|s| !s.loc.is_default())
        .map(|s| (s.start, s.loc.bits()))
        .collect();
    Ok(CompiledFunc {
        code: buffer.data().to_vec(),
        relocs,
        traps,
        srclocs,
    })
}

/// Writes the displacement from the field at `at` to `target` (both
/// offsets in `buf`).
fn patch(buf: &mut [u8], at: u32, target: u32, r: &CallReloc) -> Result<(), CompileError> {
    let at_usize = at as usize;
    let delta = i64::from(target) - i64::from(at) + r.addend;
    match r.kind {
        Reloc::X86CallPCRel4 | Reloc::X86PCRel4 | Reloc::X86CallPLTRel4 => {
            let v = i32::try_from(delta).map_err(|_| CompileError::TooLarge("call distance"))?;
            buf[at_usize..at_usize + 4].copy_from_slice(&v.to_le_bytes());
        }
        Reloc::Arm64Call => {
            if delta % 4 != 0 || !(-(1 << 27)..(1 << 27)).contains(&delta) {
                return Err(CompileError::TooLarge("call distance"));
            }
            let field = &mut buf[at_usize..at_usize + 4];
            let insn = u32::from_le_bytes([field[0], field[1], field[2], field[3]]);
            let imm26 = ((delta >> 2) as u32) & 0x03ff_ffff;
            field.copy_from_slice(&((insn & !0x03ff_ffff) | imm26).to_le_bytes());
        }
        other => {
            return Err(CompileError::Codegen {
                func_index: r.callee,
                message: format!("unsupported relocation kind {other:?}"),
            });
        }
    }
    Ok(())
}
