//! Array trampolines: from the uniform `ValRaw` array to the native
//! convention and back, one per function signature of a module.
//!
//! ```text
//!  array_call (module.rs, Rust) ──▶ trampoline(vmctx, wasm_call, args) ──▶ wasm_call(vmctx, params...)
//!                                    loads params from args[i],
//!                                    stores results to args[i] as ValRaw
//! ```
//!
//! A trampoline has the ISA's default (C) calling convention and the
//! signature `fn(vmctx: ptr, wasm_call: ptr, args_and_results: ptr)`.
//! Slots are 16 bytes; a result is stored with its value zero-extended
//! over the whole slot, the encoding `ValRaw`'s constructors produce, so
//! results compare equal byte for byte whatever the slot held before.

use brisk_parser::FuncType;
use cranelift_codegen::ir::{self, AbiParam, InstBuilder, MemFlagsData, Signature, UserFuncName};
use cranelift_codegen::isa::{CallConv, TargetIsa};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

use crate::translate::env::{PTR, clif_type, wasm_signature};
use crate::translate::store_valraw;

/// Size of one `ValRaw` slot.
const SLOT: i32 = 16;

/// The trampoline's own signature.
pub(crate) fn trampoline_signature(call_conv: CallConv) -> Signature {
    let mut sig = Signature::new(call_conv);
    sig.params.extend([AbiParam::new(PTR); 3]);
    sig
}

/// Builds the array trampoline of `ty` into a fresh function named
/// `(1, index)`.
pub(crate) fn build(
    isa: &dyn TargetIsa,
    ty: &FuncType,
    index: u32,
    fbc: &mut FunctionBuilderContext,
) -> ir::Function {
    let call_conv = isa.default_call_conv();
    let mut func = ir::Function::with_name_signature(
        UserFuncName::user(1, index),
        trampoline_signature(call_conv),
    );
    let mut b = FunctionBuilder::new(&mut func, fbc);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let (vmctx, callee, args) = {
        let p = b.block_params(entry);
        (p[0], p[1], p[2])
    };
    let flags = MemFlagsData::trusted();
    let mut call_args = Vec::with_capacity(ty.params().len() + 1);
    call_args.push(vmctx);
    for (i, &t) in ty.params().iter().enumerate() {
        call_args.push(b.ins().load(clif_type(t), flags, args, i as i32 * SLOT));
    }
    let sig = b.import_signature(wasm_signature(call_conv, ty.params(), ty.results()));
    let call = b.ins().call_indirect(sig, callee, &call_args);
    let results = b.inst_results(call).to_vec();
    for (i, (&t, v)) in ty.results().iter().zip(results).enumerate() {
        store_valraw(&mut b, t, v, args, i as i32 * SLOT);
    }
    b.ins().return_(&[]);
    b.finalize(isa.frontend_config());
    func
}
