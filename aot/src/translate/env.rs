//! What every function's translation needs to know about its module:
//! types and their Cranelift signatures, the `VMContext` layout, the
//! options and the ISA. Built once per module, shared by the (parallel)
//! function translations.
//!
//! # The native convention
//!
//! A compiled function's `wasm_call` entry has the ISA's default calling
//! convention and the signature `fn(callee_vmctx: i64, params...) ->
//! results`: `v128` values are `i8x16`, references pointers (`i64`: a
//! `*mut VMFuncRef` or an externref id, 0 = null). More results than the
//! ABI has registers for go through Cranelift's implicit struct-return
//! pointer (`enable_multi_ret_implicit_sret`). Any two modules compiled
//! by this crate in one process agree on it, which is what lets
//! `call_indirect` and imports call another module's code natively.

use brisk_parser::{Module, ValType};
use brisk_validator::ValidatedModule;
use brisk_vm::{ModuleShape, VMOffsets};
use cranelift_codegen::ir::{AbiParam, ArgumentPurpose, Signature, Type, types};
use cranelift_codegen::isa::{CallConv, TargetIsa};

use crate::{CompileError, CompileOptions};

/// The pointer type (brisk runs on 64-bit hosts only).
pub(crate) const PTR: Type = types::I64;

/// The Cranelift type of a wasm value type.
pub(crate) fn clif_type(t: ValType) -> Type {
    match t {
        ValType::I32 => types::I32,
        ValType::I64 => types::I64,
        ValType::F32 => types::F32,
        ValType::F64 => types::F64,
        ValType::V128 => types::I8X16,
        ValType::Ref(_) => PTR,
    }
}

/// A module as the translator sees it; see the [module docs](self).
pub(crate) struct ModuleEnv<'m> {
    pub validated: &'m ValidatedModule<'m>,
    pub offsets: VMOffsets,
    pub options: CompileOptions,
    pub isa: &'m dyn TargetIsa,
    /// The native signature of each type of the type section.
    pub signatures: Vec<Signature>,
}

impl<'m> ModuleEnv<'m> {
    pub(crate) fn new(
        validated: &'m ValidatedModule<'m>,
        options: CompileOptions,
        isa: &'m dyn TargetIsa,
    ) -> Result<ModuleEnv<'m>, CompileError> {
        let module = &validated.module;
        let offsets = VMOffsets::new(&ModuleShape::of(module))
            .ok_or(CompileError::TooLarge("VMContext layout"))?;
        let call_conv = isa.default_call_conv();
        let signatures = module
            .types
            .iter()
            .map(|t| wasm_signature(call_conv, t.params(), t.results()))
            .collect();
        Ok(ModuleEnv {
            validated,
            offsets,
            options,
            isa,
            signatures,
        })
    }

    pub(crate) fn module(&self) -> &'m Module<'m> {
        &self.validated.module
    }

    /// Type index of function `func_index`.
    pub(crate) fn func_type_index(&self, func_index: u32) -> u32 {
        self.module().functions[func_index as usize]
    }
}

/// The native signature of a function with these params and results.
pub(crate) fn wasm_signature(
    call_conv: CallConv,
    params: &[ValType],
    results: &[ValType],
) -> Signature {
    let mut sig = Signature::new(call_conv);
    sig.params
        .push(AbiParam::special(PTR, ArgumentPurpose::VMContext));
    sig.params
        .extend(params.iter().map(|&t| AbiParam::new(clif_type(t))));
    sig.returns
        .extend(results.iter().map(|&t| AbiParam::new(clif_type(t))));
    sig
}
