//! Per-store limits: linear-memory bytes, table elements, fuel,
//! interruption and deadlines.
//!
//! | limit | set with | when exceeded |
//! |---|---|---|
//! | memory bytes | [`StoreLimitsBuilder::memory_size`] | `memory.grow` gives -1 (no trap); instantiation fails with [`brisk_vm::Error::MemoryLimit`] naming the memory, the requested and the allowed bytes |
//! | table elements | [`StoreLimitsBuilder::table_elements`] | `table.grow` gives -1; instantiation fails with [`brisk_vm::Error::TableLimit`] |
//! | fuel | [`Config::consume_fuel`](crate::Config::consume_fuel) + [`Store::set_fuel`] | trap "all fuel consumed" ([`TrapCode::OutOfFuel`](crate::TrapCode::OutOfFuel)); the counting rule is [`brisk_vm::fuel`] |
//! | interrupt | [`Config::interruptible`](crate::Config::interruptible) + [`Store::interrupt_handle`] | trap "interrupted" at the next function entry or loop header |
//! | deadline | [`Config::interruptible`](crate::Config::interruptible) + [`Store::set_deadline`] | as an interrupt, when the instant passes |
//! | call depth | [`Config::max_call_depth`](crate::Config::max_call_depth) | trap "call stack exhausted" |
//!
//! Limits are enforced in brisk-vm (memory and tables, on the grow path
//! every tier calls and at instantiation) and by the tiers (fuel,
//! interruption, depth), so every tier behaves the same. After any of
//! these traps the store stays usable: the interrupt flag is cleared when
//! the outermost call returns the `Interrupted` trap; fuel stays at what
//! was left (refill with [`Store::set_fuel`]).
//!
//! ```
//! use brisk_runtime::{Engine, Linker, Module, Store, StoreLimitsBuilder};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module (memory (export "m") 1)
//!     (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#)?;
//! let mut store = Store::new(&engine, ());
//! store.limiter(StoreLimitsBuilder::new().memory_size(2 << 16).build());
//! let i = Linker::new(&engine).instantiate(&mut store, &module)?;
//! let grow = i.get_typed_func::<i32, i32>(&mut store, "grow")?;
//! assert_eq!(grow.call(&mut store, 1)?, 1);   // 2 pages: at the limit
//! assert_eq!(grow.call(&mut store, 1)?, -1);  // 3 pages: refused
//! # Ok::<(), brisk_runtime::Error>(())
//! ```

use std::time::Instant;

use crate::{InterruptHandle, Result, Store};

/// Builds [`StoreLimits`]; every limit defaults to none.
#[derive(Clone, Copy, Debug, Default)]
pub struct StoreLimitsBuilder(StoreLimits);

/// Memory and table limits of a store; see the [module docs](self).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreLimits {
    memory_size: Option<u64>,
    table_elements: Option<u64>,
}

impl StoreLimitsBuilder {
    /// No limits yet.
    pub fn new() -> StoreLimitsBuilder {
        StoreLimitsBuilder::default()
    }

    /// The most bytes each linear memory may have.
    pub fn memory_size(mut self, bytes: u64) -> StoreLimitsBuilder {
        self.0.memory_size = Some(bytes);
        self
    }

    /// The most elements each table may have.
    pub fn table_elements(mut self, elements: u64) -> StoreLimitsBuilder {
        self.0.table_elements = Some(elements);
        self
    }

    /// The limits.
    pub fn build(self) -> StoreLimits {
        self.0
    }
}

impl StoreLimits {
    /// The memory limit in bytes, if any.
    pub fn memory_size(&self) -> Option<u64> {
        self.memory_size
    }

    /// The table limit in elements, if any.
    pub fn table_elements(&self) -> Option<u64> {
        self.table_elements
    }
}

impl<T: 'static> Store<T> {
    /// Applies `limits` to every memory and table of the store, including
    /// those of later instantiations (existing ones are not shrunk).
    pub fn limiter(&mut self, limits: StoreLimits) {
        self.vm.set_limits(
            limits.memory_size.unwrap_or(u64::MAX),
            limits.table_elements.unwrap_or(u64::MAX),
        );
    }

    /// The store's current limits.
    pub fn limits(&self) -> StoreLimits {
        let (m, t) = self.vm.limits();
        StoreLimits {
            memory_size: (m != u64::MAX).then_some(m),
            table_elements: (t != u64::MAX).then_some(t),
        }
    }

    /// Sets the fuel left. An error if the engine does not meter fuel
    /// ([`Config::consume_fuel`](crate::Config::consume_fuel)).
    pub fn set_fuel(&mut self, fuel: u64) -> Result<()> {
        crate::store::set_fuel(&mut self.vm, &self.state.shared, fuel)
    }

    /// The fuel left. An error if the engine does not meter fuel.
    pub fn get_fuel(&self) -> Result<u64> {
        crate::store::get_fuel(&self.vm, &self.state.shared)
    }

    /// A handle another thread can use to stop this store's wasm (with
    /// [`Config::interruptible`](crate::Config::interruptible) on; without
    /// it the tiers never check).
    pub fn interrupt_handle(&self) -> InterruptHandle {
        self.vm.interrupt_handle()
    }

    /// Interrupts the store's wasm when `deadline` passes (`None` cancels
    /// a pending deadline). One process-wide watchdog thread, started on
    /// first use, sets the store's interrupt flag at the instant, exactly
    /// as [`InterruptHandle::interrupt`] would; a deadline fires once. If
    /// it passes while no wasm runs, the next call traps at its first
    /// check.
    pub fn set_deadline(&mut self, deadline: Option<Instant>) {
        let shared = &mut self.state.shared;
        match deadline {
            Some(at) => {
                crate::deadline::set(shared.id, at, self.vm.interrupt_handle());
                shared.deadline = true;
            }
            None if shared.deadline => {
                crate::deadline::cancel(shared.id);
                shared.deadline = false;
            }
            None => {}
        }
    }
}
