//! The `#[repr(C)]` structures compiled code and the interpreter read.
//!
//! Every type here has a fixed layout that [`VMOffsets`](crate::VMOffsets)
//! names field by field; the tests at the bottom of `offsets.rs` check each
//! named offset against `offset_of!`, `size_of` and `align_of`, so a field
//! moved here without updating the offsets fails the build's tests, not a
//! guest.
//!
//! ```text
//!            VMStoreContext (one per Store: fuel, limits, call depth)
//!                  ▲
//!   VMContext ─────┘ header.store
//!   ├ header { magic, store, instance ─▶ vm::Instance, code ─▶ tier code, type_ids,
//!   │          builtins ─▶ the static VMBuiltins table }
//!   ├ imported_functions [*const VMFuncRef] ─▶ the exporter's VMFuncRef
//!   ├ memories [*mut VMMemoryDefinition]  ─▶ defined_memories below, or the exporter's
//!   ├ tables   [*mut VMTableDefinition]   ─▶ defined_tables below, or the exporter's
//!   ├ globals  [*mut VMGlobalDefinition]  ─▶ defined_globals below, or the exporter's
//!   ├ defined_memories [VMMemoryDefinition { base, current_length }]
//!   ├ defined_tables   [VMTableDefinition { base, current_elements }]
//!   ├ defined_globals  [VMGlobalDefinition { 16 bytes }]
//!   └ func_refs [VMFuncRef { array_call, wasm_call, type_index, func_index, vmctx }]
//! ```

use std::ffi::c_void;
use std::sync::atomic::AtomicU32;

use crate::builtins::VMBuiltins;
use crate::{VMSharedTypeIndex, ValRaw};

/// The uniform call entry: how the host calls wasm, how wasm calls the
/// host, and how one tier calls another.
///
/// - `callee`: the [`VMFuncRef`] being called; one entry function serves
///   every function of a tier by reading `func_index` and `vmctx` from it.
/// - `caller_vmctx`: the calling instance's context, or null when the
///   caller is the host.
/// - `args_and_results`: the arguments in `[..n_params]` on entry, the
///   results in `[..n_results]` on successful return.
/// - `capacity`: the length of `args_and_results`, at least
///   `max(n_params, n_results)`.
///
/// Returns null on success, or a trap made by
/// [`Trap::into_raw`](crate::Trap::into_raw), which the caller takes back
/// with [`Trap::from_raw`](crate::Trap::from_raw).
///
/// # Safety
/// `callee` must point to a live `VMFuncRef` whose `vmctx` is live;
/// `args_and_results` must be valid for `capacity` reads and writes; the
/// arguments must have the types of the callee's signature.
pub type VMArrayCallFn = unsafe extern "C" fn(
    callee: *const VMFuncRef,
    caller_vmctx: *mut VMContext,
    args_and_results: *mut ValRaw,
    capacity: usize,
) -> *mut u8;

/// A function reference: everything needed to call a function, whatever
/// made it. `funcref` values and table elements are pointers to these.
///
/// # Invariants
/// A `VMFuncRef` reachable from wasm lives at least as long as its store:
/// those of wasm functions sit in their instance's `VMContext`
/// (`func_refs`), those of host functions in the store.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct VMFuncRef {
    /// The uniform entry for this function.
    pub array_call: VMArrayCallFn,
    /// The native-convention entry of compiled code; null until the
    /// compiled tier exists.
    pub wasm_call: *const u8,
    /// The function's canonical type.
    pub type_index: VMSharedTypeIndex,
    /// The function's index in its module (for a host function, whatever
    /// its maker chooses).
    pub func_index: u32,
    /// The callee's context: its instance's `VMContext`, or for a host
    /// function the host-function context, cast.
    pub vmctx: *mut VMContext,
}

/// A linear memory as code sees it.
///
/// # Invariants
/// `base[..current_length]` is readable and writable; for a 32-bit memory,
/// the 4 GiB after `base` plus the guard are reserved, so `base` never
/// changes (see `memory.rs`).
#[repr(C)]
#[derive(Debug)]
pub struct VMMemoryDefinition {
    /// Start of the memory.
    pub base: *mut u8,
    /// Accessible length in bytes (a multiple of the 64 KiB page).
    pub current_length: usize,
}

/// A table as code sees it.
///
/// Elements are one `usize` each: a `funcref` is a `*mut VMFuncRef` (0 =
/// null), an `externref` the runtime's id (0 = null).
///
/// # Invariants
/// `base[..current_elements]` are initialised elements. `base` may change
/// when the table grows, so code must reload it after any call.
#[repr(C)]
#[derive(Debug)]
pub struct VMTableDefinition {
    /// The elements.
    pub base: *mut usize,
    /// How many elements there are.
    pub current_elements: u64,
}

/// A global's storage, in the [`ValRaw`] encoding.
#[repr(C, align(16))]
#[derive(Clone, Copy, Debug, Default)]
pub struct VMGlobalDefinition {
    /// The value's bytes, as [`ValRaw::to_bytes`] gives them.
    pub storage: [u8; 16],
}

impl VMGlobalDefinition {
    /// The value.
    #[inline]
    pub fn get(&self) -> ValRaw {
        ValRaw::from_bytes(self.storage)
    }

    /// Stores a value.
    #[inline]
    pub fn set(&mut self, v: ValRaw) {
        self.storage = v.to_bytes();
    }
}

/// The default limit on nested wasm calls in a store.
pub const DEFAULT_MAX_CALL_DEPTH: u32 = 20_000;

/// Per-store execution state every `VMContext` of the store points to.
///
/// Tiers enforce `call_depth`/`max_call_depth` (trap
/// [`TrapCode::StackOverflow`](crate::TrapCode::StackOverflow) past it),
/// `fuel_remaining` (the rule in [`fuel`](crate::fuel)) and `interrupt`
/// (checked at function entry and loop headers); the vm's grow and
/// instantiate paths enforce `memory_limit` and `table_limit`.
///
/// # Concurrency
/// The context lives in a shared allocation so that an
/// [`InterruptHandle`](crate::InterruptHandle) can outlive the store; the
/// only field ever touched from another thread is `interrupt`, and only
/// atomically. Everything else is read and written by the thread running
/// the store, through raw pointers (tiers) or the store's accessors.
#[repr(C)]
#[derive(Debug)]
pub struct VMStoreContext {
    /// Fuel left; execution traps with `OutOfFuel` when it goes negative.
    /// `i64::MAX` when fuel is not metered.
    pub fuel_remaining: i64,
    /// Lowest native stack address compiled code may use (0 = unchecked).
    pub stack_limit: usize,
    /// Reserved for an epoch-style deadline (`u64::MAX` = none); unused:
    /// deadlines are enforced by a watchdog that sets `interrupt`.
    pub deadline: u64,
    /// Current number of nested wasm calls.
    pub call_depth: u32,
    /// Limit for `call_depth`.
    pub max_call_depth: u32,
    /// Set to non-zero (from any thread) to ask running code to trap with
    /// `Interrupted` at its next check.
    pub interrupt: AtomicU32,
    /// Most bytes any linear memory of the store may have (`u64::MAX` =
    /// no store limit; the memory's own maximum still applies).
    pub memory_limit: u64,
    /// Most elements any table of the store may have (`u64::MAX` = no
    /// store limit).
    pub table_limit: u64,
}

impl Default for VMStoreContext {
    fn default() -> Self {
        VMStoreContext {
            fuel_remaining: i64::MAX,
            stack_limit: 0,
            deadline: u64::MAX,
            call_depth: 0,
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            interrupt: AtomicU32::new(0),
            memory_limit: u64::MAX,
            table_limit: u64::MAX,
        }
    }
}

/// The fixed start of every `VMContext`.
#[repr(C)]
#[derive(Debug)]
pub struct VMContextHeader {
    /// [`VMCONTEXT_MAGIC`], to catch a pointer that is not a vmctx in
    /// debug assertions.
    pub magic: u32,
    /// The store's shared state.
    pub store: *mut VMStoreContext,
    /// The owning `Instance`.
    pub instance: *mut c_void,
    /// The tier's code for the module: for the interpreter a
    /// `*const brisk_interp::ModuleCode`.
    pub code: *const c_void,
    /// Module type index → canonical id, one entry per type.
    pub type_ids: *const VMSharedTypeIndex,
    /// The runtime services compiled code calls ([`BUILTINS`](crate::builtins::BUILTINS)),
    /// so that code needs no relocations against the host.
    pub builtins: *const VMBuiltins,
}

/// The value of [`VMContextHeader::magic`]: "brsk" in little-endian.
pub const VMCONTEXT_MAGIC: u32 = u32::from_le_bytes(*b"brsk");

/// An instance's context: an opaque, 16-byte-aligned allocation whose
/// layout [`VMOffsets`](crate::VMOffsets) describes (see the [module
/// docs](self)). Only ever used behind a pointer.
#[repr(C, align(16))]
#[derive(Debug)]
pub struct VMContext {
    /// The header; the variable-size arrays follow it.
    pub header: VMContextHeader,
}
