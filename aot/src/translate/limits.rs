//! The store's limits in compiled code, as the interpreter applies them:
//! call depth on every function entry and exit, the interrupt flag at
//! function entry and loop headers (only with
//! [`CompileOptions::interruptible`](crate::CompileOptions)), fuel (only
//! with `consume_fuel`).
//!
//! ```text
//!  entry:  depth = store.call_depth + 1; trap StackOverflow if depth > store.max_call_depth
//!          store.call_depth = depth
//!          [interruptible] trap Interrupted if store.interrupt != 0
//!  exit:   store.call_depth -= 1
//!  loop:   [interruptible] trap Interrupted if store.interrupt != 0
//! ```
//!
//! A trap leaves `call_depth` as it is; `catch_traps` restores the value
//! it had when wasm was entered.

use brisk_vm::{TrapCode, VMOffsets};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, types};

use super::{FuncTranslator, user_trap, vm_flags};
use crate::CompileError;

impl FuncTranslator<'_, '_> {
    /// Emitted once, in the entry block.
    pub(super) fn function_entry(&mut self) -> Result<(), CompileError> {
        let store = self.store_context();
        let depth = self.b.ins().load(
            types::I32,
            vm_flags(),
            store,
            VMOffsets::STORE_CALL_DEPTH as i32,
        );
        let max = self.b.ins().load(
            types::I32,
            vm_flags(),
            store,
            VMOffsets::STORE_MAX_CALL_DEPTH as i32,
        );
        let depth = self.b.ins().iadd_imm_s(depth, 1);
        let over = self.b.ins().icmp(IntCC::UnsignedGreaterThan, depth, max);
        self.b
            .ins()
            .trapnz(over, user_trap(TrapCode::StackOverflow));
        self.b
            .ins()
            .store(vm_flags(), depth, store, VMOffsets::STORE_CALL_DEPTH as i32);
        if self.env.options.consume_fuel {
            return Err(CompileError::Codegen {
                func_index: self.func_index,
                message: "fuel metering is not implemented in the compiled tier yet".into(),
            });
        }
        self.check_interrupt();
        Ok(())
    }

    /// Emitted before every return.
    pub(super) fn function_exit(&mut self) {
        let store = self.store_context();
        let depth = self.b.ins().load(
            types::I32,
            vm_flags(),
            store,
            VMOffsets::STORE_CALL_DEPTH as i32,
        );
        let depth = self.b.ins().iadd_imm_s(depth, -1);
        self.b
            .ins()
            .store(vm_flags(), depth, store, VMOffsets::STORE_CALL_DEPTH as i32);
    }

    /// Emitted at the start of every loop body (the loop header).
    pub(super) fn loop_header(&mut self) -> Result<(), CompileError> {
        self.check_interrupt();
        Ok(())
    }

    fn check_interrupt(&mut self) {
        if !self.env.options.interruptible {
            return;
        }
        let store = self.store_context();
        let flag = self.b.ins().load(
            types::I32,
            vm_flags(),
            store,
            VMOffsets::STORE_INTERRUPT as i32,
        );
        self.b.ins().trapnz(flag, user_trap(TrapCode::Interrupted));
    }
}
