//! Control instructions and the parametric ones: structured blocks,
//! branches, calls, `drop` and `select`.
//!
//! Blocks also record their [`BlockInfo`](crate::BlockInfo): the entry is
//! pushed when the block opens (so entries are in order of appearance) and
//! completed by its `else` and `end`.

use brisk_parser::{BlockType, BrTable, SelectType};

use super::{FrameKind, FuncValidator};
use crate::context::Sig;
use crate::error::Result;
use crate::types::{StackType, val_type};

impl FuncValidator<'_> {
    /// The signature of a block type.
    fn block_sig(&self, ty: BlockType) -> Result<Sig> {
        match ty {
            BlockType::Empty => Ok(Sig::EMPTY),
            BlockType::Type(t) => val_type(t, self.features)
                .map(Sig::single)
                .map_err(|m| self.err(m)),
            BlockType::FuncType(index) => {
                if !self.features.multi_value() {
                    return Err(self.err("multi-value support is not enabled"));
                }
                match self.ctx.type_sig(index) {
                    Some(sig) => Ok(sig),
                    None => Err(self.err_fmt(format_args!("unknown type {index}"))),
                }
            }
        }
    }

    /// Pops a block's params and opens it.
    fn enter(&mut self, kind: FrameKind, blockty: BlockType) -> Result<()> {
        let sig = self.block_sig(blockty)?;
        let ctx = self.ctx;
        self.pop_all(ctx.params(sig))?;
        self.push_frame(kind, sig)
    }

    pub(super) fn visit_unreachable(&mut self) -> Result<()> {
        self.set_unreachable();
        Ok(())
    }

    pub(super) fn visit_nop(&mut self) -> Result<()> {
        Ok(())
    }

    pub(super) fn visit_block(&mut self, blockty: BlockType) -> Result<()> {
        self.enter(FrameKind::Block, blockty)
    }

    pub(super) fn visit_loop(&mut self, blockty: BlockType) -> Result<()> {
        self.enter(FrameKind::Loop, blockty)
    }

    pub(super) fn visit_if(&mut self, blockty: BlockType) -> Result<()> {
        self.pop(StackType::I32)?;
        self.enter(FrameKind::If, blockty)
    }

    pub(super) fn visit_else(&mut self) -> Result<()> {
        let frame = match self.control.last() {
            Some(f) if f.kind == FrameKind::If => *f,
            _ => return Err(self.err("else found outside of an `if` block")),
        };
        let ctx = self.ctx;
        self.pop_all(ctx.results(frame.sig))?;
        if self.operands.len() != self.height {
            return Err(self.err("type mismatch: values remaining on stack at end of block"));
        }
        let at = self.relative(self.offset);
        if let Some(b) = self.blocks.get_mut(frame.block as usize) {
            b.else_ = Some(at);
        }
        if let Some(f) = self.control.last_mut() {
            f.kind = FrameKind::Else;
            f.unreachable = false;
        }
        self.push_all(ctx.params(frame.sig));
        Ok(())
    }

    pub(super) fn visit_end(&mut self) -> Result<()> {
        let Some(&frame) = self.control.last() else {
            return Err(self.err("end found outside of a block"));
        };
        let ctx = self.ctx;
        let results = ctx.results(frame.sig);
        self.pop_all(results)?;
        if self.operands.len() != self.height {
            return Err(self.err("type mismatch: values remaining on stack at end of block"));
        }
        // An `if` without `else` has an implicit empty else branch, which
        // turns the params into the results unchanged.
        if frame.kind == FrameKind::If && ctx.params(frame.sig) != results {
            return Err(self.err("type mismatch: if without else must not change the stack"));
        }
        self.control.pop();
        self.height = self.control.last().map_or(0, |f| f.height as usize);
        let at = self.relative(self.offset);
        if let Some(b) = self.blocks.get_mut(frame.block as usize) {
            b.end = at;
        }
        self.push_all(results);
        Ok(())
    }

    pub(super) fn visit_br(&mut self, relative_depth: u32) -> Result<()> {
        let frame = self.label(relative_depth)?;
        self.pop_all(self.label_types(&frame))?;
        self.set_unreachable();
        Ok(())
    }

    pub(super) fn visit_br_if(&mut self, relative_depth: u32) -> Result<()> {
        self.pop(StackType::I32)?;
        let frame = self.label(relative_depth)?;
        let tys = self.label_types(&frame);
        self.pop_all(tys)?;
        self.push_all(tys);
        Ok(())
    }

    pub(super) fn visit_br_table(&mut self, targets: BrTable<'_>) -> Result<()> {
        self.pop(StackType::I32)?;
        let default = self.label(targets.default())?;
        let default_tys = self.label_types(&default);
        if default_tys.is_empty() {
            // The common case: no values travel, only arities to compare.
            for target in targets.targets() {
                let frame = self.label(target?)?;
                if !self.label_types(&frame).is_empty() {
                    return Err(self.err_arity());
                }
            }
        } else {
            let epoch = self.marks.next_epoch(self.control.len());
            for target in targets.targets() {
                let depth = target?;
                let frame = self.label(depth)?;
                let tys = self.label_types(&frame);
                if tys.len() != default_tys.len() {
                    return Err(self.err_arity());
                }
                // `label` succeeded, so the frame index is in range.
                let index = self
                    .control
                    .len()
                    .wrapping_sub(1)
                    .wrapping_sub(depth as usize);
                if self.marks.marks.get(index) != Some(&epoch) {
                    self.check_top(tys)?;
                    if let Some(mark) = self.marks.marks.get_mut(index) {
                        *mark = epoch;
                    }
                }
            }
        }
        self.pop_all(default_tys)?;
        self.set_unreachable();
        Ok(())
    }

    #[cold]
    fn err_arity(&self) -> crate::Error {
        self.err("type mismatch: br_table target labels have inconsistent arity")
    }

    pub(super) fn visit_return(&mut self) -> Result<()> {
        let ctx = self.ctx;
        let results = self.control.first().map_or(&[][..], |f| ctx.results(f.sig));
        self.pop_all(results)?;
        self.set_unreachable();
        Ok(())
    }

    pub(super) fn visit_call(&mut self, function_index: u32) -> Result<()> {
        let ctx = self.ctx;
        let Some(sig) = ctx.func_sig(function_index) else {
            return Err(self.err_fmt(format_args!("unknown function {function_index}")));
        };
        self.pop_all(ctx.params(sig))?;
        self.push_all(ctx.results(sig));
        Ok(())
    }

    pub(super) fn visit_call_indirect(&mut self, type_index: u32, table_index: u32) -> Result<()> {
        let ctx = self.ctx;
        let Some(table) = ctx.tables.get(table_index as usize) else {
            return Err(self.err_fmt(format_args!("unknown table {table_index}")));
        };
        if table.elem != StackType::FuncRef {
            return Err(
                self.err("type mismatch: indirect calls must go through a table of funcref")
            );
        }
        let Some(sig) = ctx.type_sig(type_index) else {
            return Err(self.err_fmt(format_args!("unknown type {type_index}")));
        };
        self.pop(table.index)?;
        self.pop_all(ctx.params(sig))?;
        self.push_all(ctx.results(sig));
        Ok(())
    }

    pub(super) fn visit_drop(&mut self) -> Result<()> {
        self.pop_any()?;
        Ok(())
    }

    /// Untyped `select`: both operands of one numeric or vector type.
    pub(super) fn visit_select(&mut self) -> Result<()> {
        self.pop(StackType::I32)?;
        let t1 = self.pop_any()?;
        let t2 = self.pop_any()?;
        if t1.is_ref() || t2.is_ref() {
            return Err(
                self.err("type mismatch: select without a type needs numeric or vector operands")
            );
        }
        if t1 != t2 && t1 != StackType::Bottom && t2 != StackType::Bottom {
            return Err(self.err_mismatch(t1, t2));
        }
        self.push(if t1 == StackType::Bottom { t2 } else { t1 });
        Ok(())
    }

    /// `select t`: exactly one type, any type.
    pub(super) fn visit_typed_select(&mut self, ty: SelectType) -> Result<()> {
        let t = match ty.ty {
            Some(t) if ty.count == 1 => val_type(t, self.features).map_err(|m| self.err(m))?,
            _ => return Err(self.err("invalid result arity")),
        };
        self.pop(StackType::I32)?;
        self.pop(t)?;
        self.pop(t)?;
        self.push(t);
        Ok(())
    }
}
