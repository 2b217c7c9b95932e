//! # brisk-interp — the interpreter tier
//!
//! The third stage of brisk's pipeline for the interpreter tier (see
//! `DESIGN.md`):
//!
//! ```text
//! ValidatedModule ──translate (lazily, per function)──▶ bytecode ──execute──▶ brisk-vm instances
//! ```
//!
//! Each validated function is translated, on its first call, into brisk's
//! own instruction set (`bytecode/list.rs`: a slot machine with resolved
//! branch targets, immediate operands, fused compare-and-branch and no
//! LEB128 at run time), then executed by threaded handlers (each
//! instruction's handler jumps to the next one's, the hot state in
//! registers) with the frames on the heap.
//!
//! # How the runtime uses it
//!
//! ```text
//!  Arc<OwnedModule> ──ModuleCode::new──▶ Arc<ModuleCode> ──VMStore::instantiate──▶ instance
//!                                          (TierCode)        vmctx.code = Arc::as_ptr(code)
//!                                                            func_refs[i].array_call = brisk_interp::array_call
//! ```
//!
//! - [`ModuleCode`] implements [`brisk_vm::TierCode`]: hand an
//!   `Arc<ModuleCode>` to `brisk_vm::VMStore::instantiate`, which builds
//!   the instance from [`TierCode::module`](brisk_vm::TierCode::module) and
//!   stores the code pointer and [`array_call`] in every func ref.
//! - [`array_call`] is the [`VMArrayCallFn`](brisk_vm::VMArrayCallFn) of
//!   every interpreted function: the entry from the host and from other
//!   tiers. Calls between interpreted functions (same instance or not)
//!   stay inside the interpreter loop (a heap frame each, never host
//!   recursion); host functions and other tiers are called through their
//!   `array_call`. Depth is bounded by `VMStoreContext::max_call_depth`
//!   and the interpreter's 16 MiB slot stack, both trapping with "call
//!   stack exhausted"; `call_depth` is restored on every exit.
//! - Traps are [`brisk_vm::Trap`]s with the spec's messages and a wasm
//!   backtrace (function index, name-section name, module byte offset of
//!   the instruction), innermost frame first.
//! - Linear memory accesses are bounds-checked explicitly (the
//!   interpreter does not rely on guard pages), so any `LinearMemory` works.
//!
//! `unsafe` lives only in `exec/` (the executor), each block with its
//! `SAFETY:` reason; the module docs of `exec/run.rs` give the invariants
//! they rely on.
//!
//! ```
//! use std::sync::Arc;
//! let wasm = wat::parse_str(r#"(module (func (param i32 i32) (result i32)
//!     local.get 0 local.get 1 i32.mul))"#)?;
//! let code = brisk_interp::ModuleCode::new(Arc::new(brisk_validator::OwnedModule::new(wasm)?));
//! // One instruction reads both parameters and writes the result slot.
//! assert_eq!(code.disassemble(0)?, "   0: I32Mul dst=0 lhs=0 rhs=1\n   1: Return\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#[macro_use]
mod bytecode;
mod code;
mod exec;
mod semantics;
mod translate;

pub use code::{CodeOptions, ModuleCode};
pub use exec::array_call;
#[doc(hidden)]
pub use exec::host_stack_suspensions;
