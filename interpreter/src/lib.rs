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
//! own instruction set (`bytecode::list`: a slot machine with resolved
//! branch targets and no LEB128 at run time), then executed by a loop
//! that keeps its state in locals and its frames on the heap.
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

pub use code::ModuleCode;
pub use exec::array_call;
