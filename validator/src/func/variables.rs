//! Variable instructions: `local.*` against the function's locals,
//! `global.*` against the module's globals.

use super::FuncValidator;
use crate::error::Result;

impl FuncValidator<'_> {
    #[cold]
    fn unknown_local(&self, index: u32) -> crate::Error {
        self.err_fmt(format_args!("unknown local {index}"))
    }

    #[inline]
    pub(super) fn visit_local_get(&mut self, local_index: u32) -> Result<()> {
        match self.locals.get(local_index) {
            Some(ty) => {
                self.push(ty);
                Ok(())
            }
            None => Err(self.unknown_local(local_index)),
        }
    }

    #[inline]
    pub(super) fn visit_local_set(&mut self, local_index: u32) -> Result<()> {
        match self.locals.get(local_index) {
            Some(ty) => self.pop(ty).map(drop),
            None => Err(self.unknown_local(local_index)),
        }
    }

    #[inline]
    pub(super) fn visit_local_tee(&mut self, local_index: u32) -> Result<()> {
        match self.locals.get(local_index) {
            Some(ty) => self.unary(ty, ty),
            None => Err(self.unknown_local(local_index)),
        }
    }

    #[inline]
    pub(super) fn visit_global_get(&mut self, global_index: u32) -> Result<()> {
        match self.ctx.globals.get(global_index as usize) {
            Some(g) => {
                self.push(g.ty);
                Ok(())
            }
            None => Err(self.err_fmt(format_args!("unknown global {global_index}"))),
        }
    }

    #[inline]
    pub(super) fn visit_global_set(&mut self, global_index: u32) -> Result<()> {
        match self.ctx.globals.get(global_index as usize) {
            Some(g) if g.mutable => self.pop(g.ty).map(drop),
            Some(_) => Err(self.err_fmt(format_args!("global is immutable: {global_index}"))),
            None => Err(self.err_fmt(format_args!("unknown global {global_index}"))),
        }
    }
}
