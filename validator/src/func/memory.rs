//! Memory instructions: the `[load N T]` / `[store N T]` rows of the
//! table (called from `derived.rs`), `memory.size`/`grow`, and bulk memory
//! (`memory.init`/`copy`/`fill`, `data.drop`).
//!
//! The address operand has the memory's index type (`i32`, or `i64` for a
//! memory64 memory). `memory.init` and `data.drop` need the data count
//! section, whose absence makes the module malformed, not invalid.

use brisk_parser::MemArg;

use super::FuncValidator;
use crate::error::{Error, Result};
use crate::types::StackType;

impl FuncValidator<'_> {
    /// Index type of memory `index`.
    #[inline]
    pub(super) fn memory(&self, index: u32) -> Result<StackType> {
        match self.ctx.memories.get(index as usize) {
            Some(&ty) => Ok(ty),
            None => Err(self.err_fmt(format_args!("unknown memory {index}"))),
        }
    }

    /// Checks a memory immediate of an access of `bytes` bytes and returns
    /// the memory's index type.
    #[inline]
    pub(super) fn check_memarg(&self, memarg: MemArg, bytes: u32) -> Result<StackType> {
        let index_ty = self.memory(memarg.memory)?;
        if memarg.align > bytes.trailing_zeros() {
            return Err(self.bad_alignment(memarg.align));
        }
        if index_ty == StackType::I32 && memarg.offset > u64::from(u32::MAX) {
            return Err(self.err("offset out of range: must be <= 2**32"));
        }
        Ok(index_ty)
    }

    /// An alignment exponent that does not fit the access; from 32 up the
    /// reference interpreter already fails to decode it.
    #[cold]
    fn bad_alignment(&self, align: u32) -> Error {
        if align >= 32 {
            return Error::malformed("malformed memop flags", self.offset);
        }
        self.err("alignment must not be larger than natural")
    }

    /// `[load N T]`: `[addr] -> [T]`.
    #[inline]
    pub(super) fn check_load(&mut self, memarg: MemArg, bytes: u32, ty: StackType) -> Result<()> {
        let index_ty = self.check_memarg(memarg, bytes)?;
        self.unary(index_ty, ty)
    }

    /// `[store N T]`: `[addr T] -> []`.
    #[inline]
    pub(super) fn check_store(&mut self, memarg: MemArg, bytes: u32, ty: StackType) -> Result<()> {
        let index_ty = self.check_memarg(memarg, bytes)?;
        self.pop(ty)?;
        self.pop(index_ty)?;
        Ok(())
    }

    pub(super) fn visit_memory_size(&mut self, mem: u32) -> Result<()> {
        let index_ty = self.memory(mem)?;
        self.push(index_ty);
        Ok(())
    }

    pub(super) fn visit_memory_grow(&mut self, mem: u32) -> Result<()> {
        let index_ty = self.memory(mem)?;
        self.unary(index_ty, index_ty)
    }

    /// Checks a data segment index (needs the data count section).
    fn data_segment(&self, data_index: u32) -> Result<()> {
        match self.ctx.data_count {
            None => Err(Error::malformed("data count section required", self.offset)),
            Some(n) if data_index < n => Ok(()),
            Some(_) => Err(self.err_fmt(format_args!("unknown data segment {data_index}"))),
        }
    }

    pub(super) fn visit_memory_init(&mut self, data_index: u32, mem: u32) -> Result<()> {
        let index_ty = self.memory(mem)?;
        self.data_segment(data_index)?;
        self.pop(StackType::I32)?;
        self.pop(StackType::I32)?;
        self.pop(index_ty)?;
        Ok(())
    }

    pub(super) fn visit_data_drop(&mut self, data_index: u32) -> Result<()> {
        self.data_segment(data_index)
    }

    pub(super) fn visit_memory_copy(&mut self, dst_mem: u32, src_mem: u32) -> Result<()> {
        let dst_ty = self.memory(dst_mem)?;
        let src_ty = self.memory(src_mem)?;
        // The length is 64-bit only when both memories are.
        let len_ty = if dst_ty == StackType::I64 && src_ty == StackType::I64 {
            StackType::I64
        } else {
            StackType::I32
        };
        self.pop(len_ty)?;
        self.pop(src_ty)?;
        self.pop(dst_ty)?;
        Ok(())
    }

    pub(super) fn visit_memory_fill(&mut self, mem: u32) -> Result<()> {
        let index_ty = self.memory(mem)?;
        self.pop(index_ty)?;
        self.pop(StackType::I32)?;
        self.pop(index_ty)?;
        Ok(())
    }
}
