//! `local.get`/`set`/`tee` (Cranelift variables) and `global.get`/`set`
//! (`VMGlobalDefinition`s, whose bytes are the value in `ValRaw`'s
//! encoding: the value little-endian in the low bytes).
//!
//! A defined global is read straight from the instance's own `VMContext`;
//! an imported one through its pointer in the `globals` array. The
//! exporter only ever stores values of the global's type, so storing just
//! the value's width keeps the zero high bytes `ValRaw` promises.

use brisk_parser::Operator;
use cranelift_codegen::ir::{InstBuilder, Value};

use super::env::{PTR, clif_type};
use super::{FuncTranslator, vm_const, vm_flags};
use crate::CompileError;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_variable(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        match *op {
            Operator::LocalGet { local_index } => {
                let v = self.b.use_var(self.locals[local_index as usize].0);
                self.push(v);
            }
            Operator::LocalSet { local_index } => {
                let v = self.pop();
                self.b.def_var(self.locals[local_index as usize].0, v);
            }
            Operator::LocalTee { local_index } => {
                let v = *self.stack.last().expect("validated");
                self.b.def_var(self.locals[local_index as usize].0, v);
            }
            Operator::GlobalGet { global_index } => {
                let (base, offset) = self.global_addr(global_index);
                let ty = clif_type(self.env.module().globals[global_index as usize].content_type);
                let v = self.b.ins().load(ty, vm_flags(), base, offset);
                self.push(v);
            }
            Operator::GlobalSet { global_index } => {
                let v = self.pop();
                let (base, offset) = self.global_addr(global_index);
                self.b.ins().store(vm_flags(), v, base, offset);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Base and offset of global `index`'s storage.
    fn global_addr(&mut self, index: u32) -> (Value, i32) {
        let o = &self.env.offsets;
        match index.checked_sub(o.shape().num_imported_globals) {
            Some(defined) => (self.vmctx, o.defined_global(defined) as i32),
            None => {
                let off = o.global(index) as i32;
                let ptr = self.b.ins().load(PTR, vm_const(), self.vmctx, off);
                (ptr, 0)
            }
        }
    }
}
