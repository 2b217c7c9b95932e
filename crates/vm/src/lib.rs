//! # brisk-vm — the execution model both tiers share
//!
//! Everything the interpreter and the compiled tier must agree on bit for
//! bit (see `DESIGN.md`, "One instance model for both tiers"):
//!
//! ```text
//! parser ─▶ validator ─▶ interp / aot ─▶ runtime
//!    └──── types ────▶ brisk-vm ◀── both tiers and the runtime
//! ```
//!
//! - raw values ([`ValRaw`]) and the uniform call entry ([`VMArrayCallFn`]);
//! - [`TrapCode`] and [`Trap`] with its wasm backtrace;
//! - engine-wide canonical type ids ([`TypeRegistry`]);
//! - the `#[repr(C)]` structures compiled code reads ([`VMFuncRef`],
//!   [`VMMemoryDefinition`], [`VMTableDefinition`], [`VMGlobalDefinition`],
//!   [`VMStoreContext`], [`VMContext`]) and their named offsets
//!   ([`VMOffsets`]);
//! - linear memories ([`LinearMemory`]: 4 GiB + guard reserved for 32-bit
//!   memories, grown by changing protection, never moved), tables
//!   ([`Table`]) and the vm-level [`Instance`] that owns a `VMContext`;
//! - what compiled code needs at run time: the [`builtins`] it calls
//!   through the `VMContext` (one list, [`for_each_builtin!`](crate::for_each_builtin)), the checked
//!   [`bulk`] operations both tiers share, and [`traphandlers`]:
//!   [`catch_traps`](traphandlers::catch_traps), the signal handlers, the
//!   code registry ([`register_code`](traphandlers::register_code)) and
//!   frame-pointer backtraces.
//!
//! It depends on `brisk-parser` for types only; it knows nothing of
//! validation or of any tier.
//!
//! ## How the pieces are used
//!
//! - **An embedder** (brisk-runtime) owns a [`VMStore`] per store: it
//!   builds instances with [`VMStore::instantiate`] (imports as
//!   [`VMExtern`]s, checked against the module's declarations),
//!   [`VMStore::host_instance`] and [`VMStore::host_func`], reads and
//!   writes memories, tables and globals through the store (every index
//!   and every `funcref` checked), and calls with [`VMStore::call`]. None
//!   of that is `unsafe`.
//! - **A tier** implements [`TierCode`] for its per-module code (its
//!   `array_call` entry serves every function it defines) and, inside that
//!   entry, goes from the callee's `vmctx` to the [`Instance`] with
//!   [`Instance::from_vmctx`]: memories, tables and globals through
//!   [`Instance::memory_definition`] / [`Instance::table_definition`] /
//!   [`Instance::global_definition`] (or the raw [`VMOffsets`]), direct
//!   calls through [`Instance::func_ref`], `ref.func` with
//!   [`Instance::canonical_func_ref`], `call_indirect` type checks against
//!   [`Instance::type_ids`], `memory.grow`/`table.grow` with
//!   [`Instance::memory_grow`]/[`Instance::table_grow`], bulk operations'
//!   segments with [`Instance::data_segment`]/[`Instance::elem_segment`]
//!   and their drops, and call depth, fuel and the interrupt flag in the
//!   [`VMStoreContext`] of [`Instance::store_context`]. Traps leave as
//!   [`Trap::into_raw`].
//! - **Host functions** made with [`VMStore::host_func_cx`] receive a
//!   [`HostContext`]: `&mut` the running store, the embedder data given
//!   to the outermost [`VMStore::call_with`], and the calling instance.
//!   The vm derives those references from the borrows `call_with` holds
//!   and suspends; the reasoning is in the docs of [`HostContext`].
//! - **Limits** live in the store context: memory bytes and table
//!   elements ([`VMStore::set_limits`], enforced by
//!   [`Instance::memory_grow`]/[`Instance::table_grow`] and at
//!   instantiation), fuel ([`VMStore::set_fuel`], the rule in [`fuel`]),
//!   and the interrupt flag ([`InterruptHandle`], usable from any thread
//!   and after the store is gone).
//!
//! ```
//! use brisk_vm::{ValRaw, Trap, TrapCode, VMOffsets, ModuleShape};
//!
//! let v = ValRaw::i32(-7);
//! assert_eq!(v.get_i32(), -7);
//!
//! let trap = Trap::new(TrapCode::MemoryOutOfBounds);
//! assert_eq!(trap.to_string(), "out of bounds memory access");
//!
//! let shape = ModuleShape { num_funcs: 2, num_memories: 1, ..Default::default() };
//! let offsets = VMOffsets::new(&shape).unwrap();
//! assert_eq!(offsets.func_ref(1) - offsets.func_ref(0), VMOffsets::FUNC_REF_SIZE);
//! ```

#![warn(missing_docs)]

pub mod builtins;
pub mod bulk;
pub mod error;
pub mod extension;
pub mod fuel;
mod host;
pub mod instance;
pub mod interrupt;
pub mod memory;
pub mod memory_image;
pub mod offsets;
pub mod store;
pub mod table;
pub mod tier;
pub mod trap;
pub mod traphandlers;
pub mod type_registry;
pub mod val;
pub mod vmcontext;

pub use builtins::{AbiType, BUILTIN_SIGNATURES, BUILTINS, BuiltinIndex, VMBuiltins};
pub use error::Error;
pub use extension::{Extension, ExtensionError, ExtensionState};
pub use host::{HostContext, HostFn, HostFnCx};
pub use instance::Instance;
pub use interrupt::InterruptHandle;
pub use memory::{GUARD_SIZE_32, LinearMemory, MAX_PAGES_32, RESERVATION_32, WASM_PAGE_SIZE};
pub use memory_image::{IMAGE_ALIGN, ImagePlan, MemoryImage, plan_memory_images};
pub use store::{InstanceId, VMExtern, VMStore};
pub use table::{MAX_TABLE_ELEMENTS, Table};
pub use tier::{ModuleSource, NoCode, TierCode};

pub use offsets::{ModuleShape, VMOffsets};
pub use trap::{FrameInfo, Trap, TrapCode};
pub use traphandlers::{
    CodeInfo, CodeRegistration, MAX_WASM_STACK, TRAPS_SUPPORTED, catch_traps, register_code,
};
pub use type_registry::{TypeRegistry, VMSharedTypeIndex};
pub use val::ValRaw;
pub use vmcontext::{
    DEFAULT_MAX_CALL_DEPTH, VMArrayCallFn, VMCONTEXT_MAGIC, VMContext, VMContextHeader, VMFuncRef,
    VMGlobalDefinition, VMMemoryDefinition, VMStoreContext, VMTableDefinition,
};
