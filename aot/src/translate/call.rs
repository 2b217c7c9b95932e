//! Calls.
//!
//! - `call` of a function the module defines: a direct native call (a
//!   relocation `compile.rs` patches when it lays the code out).
//! - `call` of an import and `call_indirect`: through the callee's
//!   `VMFuncRef`. When its `wasm_call` is non-null (compiled code, any
//!   module) it is called natively with the ref's `vmctx`; otherwise (the
//!   interpreter, host functions) through its uniform `array_call` with
//!   the arguments in a stack slot of `ValRaw`s, raising a returned trap.
//! - `call_indirect` checks, in the spec's order: index below the table's
//!   length (`UndefinedElement`), non-null entry (`UninitializedElement`),
//!   and one compare of the callee's canonical type id with the expected
//!   one from `vmctx.type_ids` (`IndirectCallTypeMismatch`).
//!
//! ```text
//!  ref ─▶ wasm_call != 0 ? call wasm_call(ref.vmctx, args...)            ─┐
//!                        : slot[i] = args; t = array_call(ref, vmctx,       ├─▶ results
//!                          slot, n); raise t if non-null; results = slot[i] ┘
//! ```

use brisk_parser::{FuncType, Operator, ValType};
use brisk_vm::{TrapCode, VMOffsets};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, AbiParam, ExtFuncData, ExternalName, InstBuilder, MemFlagsData, Signature, StackSlotData,
    StackSlotKind, UserExternalName, Value, types,
};

use super::control::block_args;
use super::env::{PTR, clif_type};
use super::{FuncTranslator, user_trap, vm_const, vm_flags};
use crate::CompileError;

/// The namespace of [`UserExternalName`]s naming wasm functions (the
/// index is the function index).
pub(crate) const FUNC_NAMESPACE: u32 = 0;

/// Size of one `ValRaw` slot.
const SLOT: u32 = 16;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_call(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        match *op {
            Operator::Call { function_index } => {
                if function_index < self.env.module().function_imports {
                    let off = i64::from(self.env.offsets.func_ref(function_index));
                    let func_ref = self.b.ins().iadd_imm_s(self.vmctx, off);
                    let ty = self.env.func_type_index(function_index);
                    self.call_ref(func_ref, ty);
                } else {
                    self.call_direct(function_index);
                }
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let index = self.pop();
                let slot = self.table_slot(table_index, index, TrapCode::UndefinedElement);
                let func_ref = self.b.ins().load(PTR, vm_flags(), slot, 0);
                self.b
                    .ins()
                    .trapz(func_ref, user_trap(TrapCode::UninitializedElement));
                let type_ids = self.b.ins().load(
                    PTR,
                    vm_const(),
                    self.vmctx,
                    VMOffsets::HEADER_TYPE_IDS as i32,
                );
                let expected =
                    self.b
                        .ins()
                        .load(types::I32, vm_const(), type_ids, (type_index * 4) as i32);
                let actual = self.b.ins().load(
                    types::I32,
                    vm_flags(),
                    func_ref,
                    VMOffsets::FUNC_REF_TYPE_INDEX as i32,
                );
                let differ = self.b.ins().icmp(IntCC::NotEqual, expected, actual);
                self.b
                    .ins()
                    .trapnz(differ, user_trap(TrapCode::IndirectCallTypeMismatch));
                self.call_ref(func_ref, type_index);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Pops the arguments of a call of type `type_index`.
    fn pop_args(&mut self, type_index: u32) -> Vec<Value> {
        let n = self.env.module().types[type_index as usize].params().len();
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }

    /// A direct call of defined function `index`.
    fn call_direct(&mut self, index: u32) {
        let type_index = self.env.func_type_index(index);
        let callee = self.callee(index, type_index);
        let mut args = vec![self.vmctx];
        args.extend(self.pop_args(type_index));
        let call = self.b.ins().call(callee, &args);
        let results = self.b.inst_results(call).to_vec();
        self.stack.extend(results);
    }

    fn callee(&mut self, index: u32, type_index: u32) -> ir::FuncRef {
        if let Some(&f) = self.callees.get(&index) {
            return f;
        }
        let signature = self.sigref(type_index);
        let name = self
            .b
            .func
            .declare_imported_user_function(UserExternalName::new(FUNC_NAMESPACE, index));
        let f = self.b.import_function(ExtFuncData {
            name: ExternalName::user(name),
            signature,
            colocated: true,
            patchable: false,
        });
        self.callees.insert(index, f);
        f
    }

    /// A call through the `VMFuncRef` at `func_ref`, whose type is
    /// `type_index` (checked by the caller).
    fn call_ref(&mut self, func_ref: Value, type_index: u32) {
        let ty = self.env.module().types[type_index as usize].clone();
        let args = self.pop_args(type_index);
        let results: Vec<ir::Type> = ty.results().iter().map(|&t| clif_type(t)).collect();

        let wasm_call = self.b.ins().load(
            PTR,
            vm_flags(),
            func_ref,
            VMOffsets::FUNC_REF_WASM_CALL as i32,
        );
        let native = self.b.create_block();
        let array = self.b.create_block();
        let merge = self.b.create_block();
        for &r in &results {
            self.b.append_block_param(merge, r);
        }
        self.b.ins().brif(wasm_call, native, &[], array, &[]);

        self.b.switch_to_block(native);
        self.b.seal_block(native);
        let callee_vmctx =
            self.b
                .ins()
                .load(PTR, vm_flags(), func_ref, VMOffsets::FUNC_REF_VMCTX as i32);
        let sig = self.sigref(type_index);
        let mut native_args = vec![callee_vmctx];
        native_args.extend_from_slice(&args);
        let call = self.b.ins().call_indirect(sig, wasm_call, &native_args);
        let values = self.b.inst_results(call).to_vec();
        self.b.ins().jump(merge, &block_args(&values));

        self.b.switch_to_block(array);
        self.b.seal_block(array);
        let values = self.call_array(func_ref, &ty, &args);
        self.b.ins().jump(merge, &block_args(&values));

        self.b.switch_to_block(merge);
        self.b.seal_block(merge);
        let values = self.b.block_params(merge).to_vec();
        self.stack.extend(values);
    }

    /// Calls `func_ref`'s `array_call` with `args` in a stack slot of
    /// `ValRaw`s; returns the results read back from it.
    fn call_array(&mut self, func_ref: Value, ty: &FuncType, args: &[Value]) -> Vec<Value> {
        let n = ty.params().len().max(ty.results().len()).max(1) as u32;
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            n * SLOT,
            4,
        ));
        let base = self.b.ins().stack_addr(PTR, slot, 0);
        let flags = MemFlagsData::trusted();
        for (i, (&t, &v)) in ty.params().iter().zip(args).enumerate() {
            store_valraw(&mut self.b, t, v, base, i as i32 * SLOT as i32);
        }
        let array_call = self.b.ins().load(
            PTR,
            vm_flags(),
            func_ref,
            VMOffsets::FUNC_REF_ARRAY_CALL as i32,
        );
        let sig = self.array_call_sigref();
        let capacity = self.b.ins().iconst(PTR, i64::from(n));
        let call =
            self.b
                .ins()
                .call_indirect(sig, array_call, &[func_ref, self.vmctx, base, capacity]);
        let trap = self.b.inst_results(call)[0];
        self.raise_if_nonnull(trap);
        ty.results()
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                self.b
                    .ins()
                    .load(clif_type(t), flags, base, i as i32 * SLOT as i32)
            })
            .collect()
    }

    /// The signature of `VMArrayCallFn`.
    fn array_call_sigref(&mut self) -> ir::SigRef {
        if let Some(s) = self.array_sig {
            return s;
        }
        let mut sig = Signature::new(self.env.isa.default_call_conv());
        sig.params.extend([AbiParam::new(PTR); 4]);
        sig.returns.push(AbiParam::new(PTR));
        let s = self.b.import_signature(sig);
        self.array_sig = Some(s);
        s
    }
}

/// Stores `v` of type `t` as a `ValRaw` at `base + at`: the value
/// zero-extended over the whole 16-byte slot, as `ValRaw`'s constructors
/// encode it.
pub(crate) fn store_valraw(
    b: &mut cranelift_frontend::FunctionBuilder<'_>,
    t: ValType,
    v: Value,
    base: Value,
    at: i32,
) {
    let flags = MemFlagsData::trusted();
    let low = match t {
        ValType::V128 => {
            b.ins().store(flags, v, base, at);
            return;
        }
        ValType::I32 => b.ins().uextend(types::I64, v),
        ValType::F32 => {
            let bits = b.ins().bitcast(types::I32, MemFlagsData::new(), v);
            b.ins().uextend(types::I64, bits)
        }
        ValType::F64 => b.ins().bitcast(types::I64, MemFlagsData::new(), v),
        ValType::I64 | ValType::Ref(_) => v,
    };
    let zero = b.ins().iconst(types::I64, 0);
    b.ins().store(flags, low, base, at);
    b.ins().store(flags, zero, base, at + 8);
}
