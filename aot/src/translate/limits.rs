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
//!  segment start (cost c > 0, consume_fuel):
//!          trap OutOfFuel if store.fuel_remaining < c   (fuel unchanged)
//!          store.fuel_remaining -= c
//! ```
//!
//! Fuel follows `brisk_vm::fuel` exactly, as the interpreter does: a
//! pre-scan ([`scan_segments`]) cuts the body into the rule's segments and
//! sums their costs; the translator charges a segment's whole cost where
//! it starts (the function's first instruction, and after every
//! instruction `ends_segment` names, so every branch target), before the
//! segment's first instruction, in reachable code only. Interrupt checks
//! come before the charge at function entry and loop headers, as in the
//! interpreter. Fuel lives in the store context, so host functions and
//! the interpreter see it directly when called.
//!
//! A trap leaves `call_depth` as it is; `catch_traps` restores the value
//! it had when wasm was entered.

use brisk_parser::FunctionBody;
use brisk_vm::fuel::{ends_segment, fuel_cost};
use brisk_vm::{TrapCode, VMOffsets};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, types};

use super::env::PTR;
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
        self.check_interrupt();
        Ok(())
    }

    /// Emitted before every return.
    pub(super) fn function_exit(&mut self) {
        // Reloaded from the vmctx (a plain load, which Cranelift does not
        // merge with the entry's): keeping the entry's value alive across
        // the body's calls would hold a callee-saved register for it.
        let store = self
            .b
            .ins()
            .load(PTR, vm_flags(), self.vmctx, VMOffsets::HEADER_STORE as i32);
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

    /// Pays for a segment of cost `cost` (> 0) at its start.
    pub(super) fn charge_fuel(&mut self, cost: u64) {
        let store = self.store_context();
        let fuel = self.b.ins().load(
            types::I64,
            vm_flags(),
            store,
            VMOffsets::STORE_FUEL_REMAINING as i32,
        );
        let cost = i64::try_from(cost).unwrap_or(i64::MAX);
        let short = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, fuel, cost);
        self.b.ins().trapnz(short, user_trap(TrapCode::OutOfFuel));
        let left = self.b.ins().iadd_imm_s(fuel, -cost);
        self.b.ins().store(
            vm_flags(),
            left,
            store,
            VMOffsets::STORE_FUEL_REMAINING as i32,
        );
    }

    fn check_interrupt(&mut self) {
        if !self.env.options.interruptible {
            return;
        }
        // An atomic load: another thread sets the flag, and a plain load
        // would let Cranelift reuse the value read at function entry for
        // every later check (nothing in between stores to it).
        let store = self.store_context();
        let addr = self
            .b
            .ins()
            .iadd_imm_s(store, i64::from(VMOffsets::STORE_INTERRUPT));
        let flag = self.b.ins().atomic_load(types::I32, vm_flags(), addr);
        self.b.ins().trapnz(flag, user_trap(TrapCode::Interrupted));
    }
}

/// The cost of every segment of `body`, in order (see the module docs).
pub(super) fn scan_segments(
    body: &FunctionBody<'_>,
    func_index: u32,
) -> Result<Vec<u64>, CompileError> {
    let mut costs = Vec::new();
    let mut reader = body
        .operators_reader()
        .map_err(|e| CompileError::body(func_index, e))?;
    let mut cost = 0;
    while !reader.eof() {
        let op = reader
            .read()
            .map_err(|e| CompileError::body(func_index, e))?;
        cost += fuel_cost(&op);
        if ends_segment(&op) {
            costs.push(cost);
            cost = 0;
        }
    }
    costs.push(cost);
    Ok(costs)
}
