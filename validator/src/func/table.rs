//! Table and reference instructions: `table.*`, `elem.drop`, `ref.null`,
//! `ref.is_null`, `ref.func`.
//!
//! WebAssembly 2.0 has no subtyping between `funcref` and `externref`, so
//! element types must match exactly ("type mismatch").

use brisk_parser::HeapType;

use super::FuncValidator;
use crate::context::TableInfo;
use crate::error::Result;
use crate::types::{StackType, heap_type};

impl FuncValidator<'_> {
    fn table(&self, index: u32) -> Result<TableInfo> {
        match self.ctx.tables.get(index as usize) {
            Some(&t) => Ok(t),
            None => Err(self.err_fmt(format_args!("unknown table {index}"))),
        }
    }

    /// Element type of element segment `index`.
    fn elem_segment(&self, index: u32) -> Result<StackType> {
        match self.ctx.elements.get(index as usize) {
            Some(&ty) => Ok(ty),
            None => Err(self.err_fmt(format_args!("unknown elem segment {index}"))),
        }
    }

    pub(super) fn visit_table_get(&mut self, table: u32) -> Result<()> {
        let t = self.table(table)?;
        self.unary(t.index, t.elem)
    }

    pub(super) fn visit_table_set(&mut self, table: u32) -> Result<()> {
        let t = self.table(table)?;
        self.pop(t.elem)?;
        self.pop(t.index)?;
        Ok(())
    }

    pub(super) fn visit_table_size(&mut self, table: u32) -> Result<()> {
        let t = self.table(table)?;
        self.push(t.index);
        Ok(())
    }

    pub(super) fn visit_table_grow(&mut self, table: u32) -> Result<()> {
        let t = self.table(table)?;
        self.pop(t.index)?;
        self.pop(t.elem)?;
        self.push(t.index);
        Ok(())
    }

    pub(super) fn visit_table_fill(&mut self, table: u32) -> Result<()> {
        let t = self.table(table)?;
        self.pop(t.index)?;
        self.pop(t.elem)?;
        self.pop(t.index)?;
        Ok(())
    }

    pub(super) fn visit_table_copy(&mut self, dst_table: u32, src_table: u32) -> Result<()> {
        let dst = self.table(dst_table)?;
        let src = self.table(src_table)?;
        if src.elem != dst.elem {
            return Err(self.err_mismatch(dst.elem, src.elem));
        }
        let len_ty = if dst.index == StackType::I64 && src.index == StackType::I64 {
            StackType::I64
        } else {
            StackType::I32
        };
        self.pop(len_ty)?;
        self.pop(src.index)?;
        self.pop(dst.index)?;
        Ok(())
    }

    pub(super) fn visit_table_init(&mut self, elem_index: u32, table: u32) -> Result<()> {
        let t = self.table(table)?;
        let elem = self.elem_segment(elem_index)?;
        if elem != t.elem {
            return Err(self.err_mismatch(t.elem, elem));
        }
        self.pop(StackType::I32)?;
        self.pop(StackType::I32)?;
        self.pop(t.index)?;
        Ok(())
    }

    pub(super) fn visit_elem_drop(&mut self, elem_index: u32) -> Result<()> {
        self.elem_segment(elem_index).map(drop)
    }

    pub(super) fn visit_ref_null(&mut self, hty: HeapType) -> Result<()> {
        let ty = heap_type(hty, self.features).map_err(|m| self.err(m))?;
        self.push(ty);
        Ok(())
    }

    pub(super) fn visit_ref_is_null(&mut self) -> Result<()> {
        let ty = self.pop_any()?;
        if !ty.is_ref() && ty != StackType::Bottom {
            return Err(self.err_fmt(format_args!(
                "type mismatch: expected a reference, found {ty}"
            )));
        }
        self.push(StackType::I32);
        Ok(())
    }

    pub(super) fn visit_ref_func(&mut self, function_index: u32) -> Result<()> {
        if self.ctx.func_sig(function_index).is_none() {
            return Err(self.err_fmt(format_args!("unknown function {function_index}")));
        }
        if !self.ctx.is_declared(function_index) {
            return Err(self.err("undeclared function reference"));
        }
        self.push(StackType::FuncRef);
        Ok(())
    }
}
