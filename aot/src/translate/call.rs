//! Calls. A `call` of a function the module defines is a direct native
//! call (a relocation `compile.rs` patches when it lays the code out);
//! calls of imports and `call_indirect` go through the callee's
//! `VMFuncRef`.

use brisk_parser::Operator;
use cranelift_codegen::ir::{self, ExtFuncData, ExternalName, InstBuilder, UserExternalName};

use super::FuncTranslator;
use crate::CompileError;

/// The namespace of [`UserExternalName`]s naming wasm functions (the
/// index is the function index).
pub(crate) const FUNC_NAMESPACE: u32 = 0;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_call(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        match *op {
            Operator::Call { function_index } => {
                if function_index < self.env.module().function_imports {
                    return Err(self.unsupported(op));
                }
                self.call_direct(function_index);
            }
            Operator::CallIndirect { .. } => return Err(self.unsupported(op)),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// A direct call of defined function `index`.
    fn call_direct(&mut self, index: u32) {
        let type_index = self.env.func_type_index(index);
        let callee = self.callee(index, type_index);
        let n = self.env.module().types[type_index as usize].params().len();
        let mut args = Vec::with_capacity(n + 1);
        args.push(self.vmctx);
        args.extend_from_slice(self.peekn(n));
        self.stack.truncate(self.stack.len() - n);
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
}
