//! SANDBOX-CRITICAL: linear memory accesses, `memory.size`/`grow` and
//! bulk memory.
//!
//! # The property this file protects
//!
//! **No load or store of compiled code reaches outside the accessed
//! memory's accessible bytes without trapping `MemoryOutOfBounds`.**
//!
//! Two ways to get there:
//!
//! - **Guard mode** (the default). A 32-bit memory's base is followed by
//!   its 4 GiB reservation and `GUARD_SIZE_32` (4 GiB + 64 KiB) of guard,
//!   all inaccessible past `current_length` (`brisk_vm::memory`). The
//!   effective address `base + zext(addr) + offset` is below
//!   `base + 2^32 + 2^32`, and the access at most 16 bytes long, so it
//!   lies inside reservation + guard whatever the operands: an
//!   out-of-bounds access faults, and the fault's pc is a trap site
//!   (`HEAP_OUT_OF_BOUNDS`) the signal handler maps to the trap. So no
//!   check is emitted. [`GUARD_COVERS`] states the arithmetic and a
//!   compile-time assertion holds brisk-vm's constants to it.
//! - **Explicit mode** (`CompileOptions::explicit_bounds_checks`). Every
//!   access compares `zext(addr) + offset + size` (computed in 64 bits, so
//!   it cannot wrap) against the memory's `current_length`, reloaded at
//!   each access (it changes when any memory grows), and traps before
//!   touching memory.
//!
//! The base of a memory never changes (memories are never moved), so it
//! is loaded with `readonly` flags and Cranelift may reuse it across the
//! function; the length is never cached.

use brisk_parser::{MemArg, Operator};
use brisk_vm::builtins::BuiltinIndex;
use brisk_vm::{GUARD_SIZE_32, RESERVATION_32, TrapCode, VMOffsets};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Type, Value, types};

use super::env::PTR;
use super::{FuncTranslator, user_trap, vm_const, vm_flags};
use crate::CompileError;

/// The largest wasm access (a `v128`), in bytes.
const MAX_ACCESS: u64 = 16;

/// Guard mode needs no check: the largest effective address end,
/// `u32::MAX + u32::MAX + MAX_ACCESS`, stays inside reservation + guard.
pub(crate) const GUARD_COVERS: bool =
    (u32::MAX as u64) * 2 + MAX_ACCESS <= (RESERVATION_32 + GUARD_SIZE_32) as u64;
const _: () = assert!(GUARD_COVERS, "the guard must cover every wasm access");

/// Flags of a wasm heap access: may trap (out of bounds), unaligned.
pub(super) fn heap_flags() -> MemFlagsData {
    MemFlagsData::new().with_trap_code(Some(cranelift_codegen::ir::TrapCode::HEAP_OUT_OF_BOUNDS))
}

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_memory(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        use Operator as O;
        use types::{F32, F64, I8, I16, I32, I64};
        match *op {
            O::I32Load { memarg } => self.load(memarg, I32, I32, None),
            O::I64Load { memarg } => self.load(memarg, I64, I64, None),
            O::F32Load { memarg } => self.load(memarg, F32, F32, None),
            O::F64Load { memarg } => self.load(memarg, F64, F64, None),
            O::I32Load8S { memarg } => self.load(memarg, I8, I32, Some(true)),
            O::I32Load8U { memarg } => self.load(memarg, I8, I32, Some(false)),
            O::I32Load16S { memarg } => self.load(memarg, I16, I32, Some(true)),
            O::I32Load16U { memarg } => self.load(memarg, I16, I32, Some(false)),
            O::I64Load8S { memarg } => self.load(memarg, I8, I64, Some(true)),
            O::I64Load8U { memarg } => self.load(memarg, I8, I64, Some(false)),
            O::I64Load16S { memarg } => self.load(memarg, I16, I64, Some(true)),
            O::I64Load16U { memarg } => self.load(memarg, I16, I64, Some(false)),
            O::I64Load32S { memarg } => self.load(memarg, I32, I64, Some(true)),
            O::I64Load32U { memarg } => self.load(memarg, I32, I64, Some(false)),
            O::I32Store { memarg }
            | O::F32Store { memarg }
            | O::I64Store { memarg }
            | O::F64Store { memarg } => self.store(memarg, None),
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(memarg, Some(I8)),
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(memarg, Some(I16)),
            O::I64Store32 { memarg } => self.store(memarg, Some(I32)),
            O::MemorySize { mem } => {
                let def = self.memory_definition(mem);
                let len = self.b.ins().load(
                    PTR,
                    vm_flags(),
                    def,
                    VMOffsets::MEMORY_CURRENT_LENGTH as i32,
                );
                let pages = self.b.ins().ushr_imm_u(len, 16i64);
                let pages = self.b.ins().ireduce(I32, pages);
                self.push(pages);
            }
            O::MemoryGrow { mem } => {
                let delta = self.pop();
                let mem = self.b.ins().iconst(I32, i64::from(mem));
                let old = self
                    .call_builtin(BuiltinIndex::memory_grow, &[mem, delta])
                    .expect("memory_grow returns the old size");
                self.push(old);
            }
            O::MemoryFill { mem } => {
                let (dst, val, len) = self.pop3();
                let mem = self.b.ins().iconst(I32, i64::from(mem));
                self.call_builtin_checked(BuiltinIndex::memory_fill, &[mem, dst, val, len]);
            }
            O::MemoryCopy { dst_mem, src_mem } => {
                let (dst, src, len) = self.pop3();
                let d = self.b.ins().iconst(I32, i64::from(dst_mem));
                let s = self.b.ins().iconst(I32, i64::from(src_mem));
                self.call_builtin_checked(BuiltinIndex::memory_copy, &[d, s, dst, src, len]);
            }
            O::MemoryInit { data_index, mem } => {
                let (dst, src, len) = self.pop3();
                let m = self.b.ins().iconst(I32, i64::from(mem));
                let d = self.b.ins().iconst(I32, i64::from(data_index));
                self.call_builtin_checked(BuiltinIndex::memory_init, &[m, d, dst, src, len]);
            }
            O::DataDrop { data_index } => {
                let d = self.b.ins().iconst(I32, i64::from(data_index));
                self.call_builtin(BuiltinIndex::data_drop, &[d]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The `VMMemoryDefinition` of memory `index`: inside this vmctx for a
    /// defined memory, through the pointer array for an import.
    pub(crate) fn memory_definition(&mut self, index: u32) -> Value {
        let o = &self.env.offsets;
        match index.checked_sub(o.shape().num_imported_memories) {
            Some(d) => {
                let off = i64::from(o.defined_memory(d));
                self.b.ins().iadd_imm_s(self.vmctx, off)
            }
            None => {
                let off = o.memory(index) as i32;
                self.b.ins().load(PTR, vm_const(), self.vmctx, off)
            }
        }
    }

    /// The native address of an access of `size` bytes at `addr` (an
    /// `i32`) + `memarg.offset`, and the static offset left for the
    /// instruction; traps first in explicit mode (see the module docs).
    pub(super) fn heap_address(&mut self, memarg: MemArg, addr: Value, size: u64) -> (Value, i32) {
        let def = self.memory_definition(memarg.memory);
        let base = self
            .b
            .ins()
            .load(PTR, vm_const(), def, VMOffsets::MEMORY_BASE as i32);
        let addr = self.b.ins().uextend(types::I64, addr);
        if self.env.options.explicit_bounds_checks {
            let len = self.b.ins().load(
                PTR,
                vm_flags(),
                def,
                VMOffsets::MEMORY_CURRENT_LENGTH as i32,
            );
            let end = self.b.ins().iadd_imm_u(addr, (memarg.offset + size) as i64);
            let out = self.b.ins().icmp(IntCC::UnsignedGreaterThan, end, len);
            self.b
                .ins()
                .trapnz(out, user_trap(TrapCode::MemoryOutOfBounds));
        }
        let at = self.b.ins().iadd(base, addr);
        match i32::try_from(memarg.offset) {
            Ok(offset) => (at, offset),
            Err(_) => (self.b.ins().iadd_imm_u(at, memarg.offset as i64), 0),
        }
    }

    /// A load of `mem_ty`, extended to `ty` (`Some(signed)`) when narrower.
    fn load(&mut self, memarg: MemArg, mem_ty: Type, ty: Type, extend: Option<bool>) {
        let addr = self.pop();
        let (at, offset) = self.heap_address(memarg, addr, u64::from(mem_ty.bytes()));
        let v = match extend {
            None => self.b.ins().load(ty, heap_flags(), at, offset),
            Some(true) => match mem_ty {
                types::I8 => self.b.ins().sload8(ty, heap_flags(), at, offset),
                types::I16 => self.b.ins().sload16(ty, heap_flags(), at, offset),
                _ => self.b.ins().sload32(heap_flags(), at, offset),
            },
            Some(false) => match mem_ty {
                types::I8 => self.b.ins().uload8(ty, heap_flags(), at, offset),
                types::I16 => self.b.ins().uload16(ty, heap_flags(), at, offset),
                _ => self.b.ins().uload32(heap_flags(), at, offset),
            },
        };
        self.push(v);
    }

    /// A store of the value on top, truncated to `narrow` if given.
    fn store(&mut self, memarg: MemArg, narrow: Option<Type>) {
        let (addr, v) = self.pop2();
        let ty = narrow.unwrap_or(self.b.func.dfg.value_type(v));
        let (at, offset) = self.heap_address(memarg, addr, u64::from(ty.bytes()));
        match narrow {
            None => self.b.ins().store(heap_flags(), v, at, offset),
            Some(types::I8) => self.b.ins().istore8(heap_flags(), v, at, offset),
            Some(types::I16) => self.b.ins().istore16(heap_flags(), v, at, offset),
            Some(_) => self.b.ins().istore32(heap_flags(), v, at, offset),
        };
    }
}
