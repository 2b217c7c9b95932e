//! Calls from compiled code to the runtime's builtins (`brisk_vm::builtins`).
//!
//! Compiled code embeds no host address: a builtin is reached through
//! `vmctx.header.builtins`, a pointer to the one `VMBuiltins` table, at
//! `VMOffsets::builtin(i)`. Each call's Cranelift signature is derived
//! from `BUILTIN_SIGNATURES`, the same list that generates the table, so
//! parameters cannot drift. Builtins that can fail return a trap pointer;
//! [`FuncTranslator::call_builtin_checked`] hands a non-null one to
//! `raise`, which unwinds to the wasm entry and never returns.

use brisk_vm::builtins::{AbiType, BUILTIN_SIGNATURES, BuiltinIndex};
use brisk_vm::{TrapCode, VMOffsets};
use cranelift_codegen::ir::{self, AbiParam, InstBuilder, Signature, Value, types};

use super::env::PTR;
use super::{FuncTranslator, user_trap, vm_const};

fn abi(t: AbiType) -> ir::Type {
    match t {
        AbiType::I32 => types::I32,
        AbiType::I64 => types::I64,
        AbiType::Ptr => PTR,
    }
}

impl FuncTranslator<'_, '_> {
    /// The imported signature of builtin `index`.
    fn builtin_sigref(&mut self, index: BuiltinIndex) -> ir::SigRef {
        if let Some(&s) = self.builtin_sigs.get(&(index as u32)) {
            return s;
        }
        let (_, params, result) = BUILTIN_SIGNATURES[index as usize];
        let mut sig = Signature::new(self.env.isa.default_call_conv());
        sig.params
            .extend(params.iter().map(|&t| AbiParam::new(abi(t))));
        sig.returns.extend(result.map(|t| AbiParam::new(abi(t))));
        let s = self.b.import_signature(sig);
        self.builtin_sigs.insert(index as u32, s);
        s
    }

    /// Calls builtin `index` with the calling instance's vmctx and `args`;
    /// returns its result, if it has one.
    pub(crate) fn call_builtin(&mut self, index: BuiltinIndex, args: &[Value]) -> Option<Value> {
        let sig = self.builtin_sigref(index);
        let table = self.b.ins().load(
            PTR,
            vm_const(),
            self.vmctx,
            VMOffsets::HEADER_BUILTINS as i32,
        );
        let f = self
            .b
            .ins()
            .load(PTR, vm_const(), table, VMOffsets::builtin(index) as i32);
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.vmctx);
        all.extend_from_slice(args);
        let call = self.b.ins().call_indirect(sig, f, &all);
        self.b.inst_results(call).first().copied()
    }

    /// Calls a builtin that returns a trap pointer, raising a non-null one.
    pub(crate) fn call_builtin_checked(&mut self, index: BuiltinIndex, args: &[Value]) {
        let trap = self
            .call_builtin(index, args)
            .expect("checked builtins return a trap pointer");
        self.raise_if_nonnull(trap);
    }

    /// `raise(trap)` when `trap` is not null; continues otherwise.
    pub(crate) fn raise_if_nonnull(&mut self, trap: Value) {
        let raise = self.b.create_block();
        let cont = self.b.create_block();
        self.b.set_cold_block(raise);
        self.b.ins().brif(trap, raise, &[], cont, &[]);
        self.b.switch_to_block(raise);
        self.b.seal_block(raise);
        self.call_builtin(BuiltinIndex::raise, &[trap]);
        // `raise` never returns.
        self.b.ins().trap(user_trap(TrapCode::Unreachable));
        self.b.switch_to_block(cont);
        self.b.seal_block(cont);
    }
}
