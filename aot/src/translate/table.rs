//! SANDBOX-CRITICAL: references and tables.
//!
//! # The property this file protects
//!
//! **No table access of compiled code reads or writes outside the table's
//! `current_elements`.** `table.get`/`table.set` compare the index with
//! the current length (reloaded at each access: tables grow and move)
//! and trap `TableOutOfBounds` first; the bulk operations (`table.grow`,
//! `fill`, `copy`, `init`) and `elem.drop` are the vm's checked builtins.
//!
//! A table element is one pointer-sized word: a `*mut VMFuncRef` for
//! `funcref` (null = `ref.null func`), the runtime's id for `externref`
//! (0 = null). `ref.func` is the function's canonical func ref, inline:
//! the exporter's own for an import (read from `imported_functions`), the
//! one in this vmctx's `func_refs` otherwise — what
//! `Instance::canonical_func_ref` gives.

use brisk_parser::Operator;
use brisk_vm::builtins::BuiltinIndex;
use brisk_vm::{TrapCode, VMOffsets};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Value, types};

use super::env::PTR;
use super::{FuncTranslator, user_trap, vm_const, vm_flags};
use crate::CompileError;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_table(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        use Operator as O;
        use types::I32;
        match *op {
            O::RefNull { .. } => {
                let v = self.b.ins().iconst(PTR, 0);
                self.push(v);
            }
            O::RefIsNull => {
                let r = self.pop();
                let c = self.b.ins().icmp_imm_u(IntCC::Equal, r, 0);
                self.push_bool(c);
            }
            O::RefFunc { function_index } => {
                let v = self.canonical_func_ref(function_index);
                self.push(v);
            }
            O::TableGet { table } => {
                let index = self.pop();
                let slot = self.table_slot(table, index, TrapCode::TableOutOfBounds);
                let v = self.b.ins().load(PTR, vm_flags(), slot, 0);
                self.push(v);
            }
            O::TableSet { table } => {
                let (index, v) = self.pop2();
                let slot = self.table_slot(table, index, TrapCode::TableOutOfBounds);
                self.b.ins().store(vm_flags(), v, slot, 0);
            }
            O::TableSize { table } => {
                let def = self.table_definition(table);
                let len = self.table_length(def);
                let v = self.b.ins().ireduce(I32, len);
                self.push(v);
            }
            O::TableGrow { table } => {
                let (init, delta) = self.pop2();
                let t = self.b.ins().iconst(I32, i64::from(table));
                let old = self
                    .call_builtin(BuiltinIndex::table_grow, &[t, init, delta])
                    .expect("table_grow returns the old size");
                self.push(old);
            }
            O::TableFill { table } => {
                let (dst, val, len) = self.pop3();
                let t = self.b.ins().iconst(I32, i64::from(table));
                self.call_builtin_checked(BuiltinIndex::table_fill, &[t, dst, val, len]);
            }
            O::TableCopy {
                dst_table,
                src_table,
            } => {
                let (dst, src, len) = self.pop3();
                let d = self.b.ins().iconst(I32, i64::from(dst_table));
                let s = self.b.ins().iconst(I32, i64::from(src_table));
                self.call_builtin_checked(BuiltinIndex::table_copy, &[d, s, dst, src, len]);
            }
            O::TableInit { elem_index, table } => {
                let (dst, src, len) = self.pop3();
                let t = self.b.ins().iconst(I32, i64::from(table));
                let e = self.b.ins().iconst(I32, i64::from(elem_index));
                self.call_builtin_checked(BuiltinIndex::table_init, &[t, e, dst, src, len]);
            }
            O::ElemDrop { elem_index } => {
                let e = self.b.ins().iconst(I32, i64::from(elem_index));
                self.call_builtin(BuiltinIndex::elem_drop, &[e]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The canonical `VMFuncRef` of function `index`.
    pub(crate) fn canonical_func_ref(&mut self, index: u32) -> Value {
        let o = &self.env.offsets;
        if index < o.shape().num_imported_funcs {
            let off = o.imported_function(index) as i32;
            self.b.ins().load(PTR, vm_const(), self.vmctx, off)
        } else {
            let off = i64::from(o.func_ref(index));
            self.b.ins().iadd_imm_s(self.vmctx, off)
        }
    }

    /// The `VMTableDefinition` of table `index`.
    pub(crate) fn table_definition(&mut self, index: u32) -> Value {
        let o = &self.env.offsets;
        match index.checked_sub(o.shape().num_imported_tables) {
            Some(d) => {
                let off = i64::from(o.defined_table(d));
                self.b.ins().iadd_imm_s(self.vmctx, off)
            }
            None => {
                let off = o.table(index) as i32;
                self.b.ins().load(PTR, vm_const(), self.vmctx, off)
            }
        }
    }

    fn table_length(&mut self, def: Value) -> Value {
        self.b.ins().load(
            types::I64,
            vm_flags(),
            def,
            VMOffsets::TABLE_CURRENT_ELEMENTS as i32,
        )
    }

    /// The address of element `index` (an `i32`) of `table`, trapping
    /// `oob` when it is not below the table's current length.
    pub(crate) fn table_slot(&mut self, table: u32, index: Value, oob: TrapCode) -> Value {
        let def = self.table_definition(table);
        let len = self.table_length(def);
        let index = self.b.ins().uextend(types::I64, index);
        let out = self
            .b
            .ins()
            .icmp(IntCC::UnsignedGreaterThanOrEqual, index, len);
        self.b.ins().trapnz(out, user_trap(oob));
        let base = self
            .b
            .ins()
            .load(PTR, vm_flags(), def, VMOffsets::TABLE_BASE as i32);
        let offset = self.b.ins().ishl_imm_u(index, 3i64);
        self.b.ins().iadd(base, offset)
    }
}
