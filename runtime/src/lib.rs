//! # brisk-runtime — the embedding API
//!
//! What a Rust embedder uses, shaped like wasmtime's API so code moves
//! between them easily: [`Engine`] and [`Config`], [`Module`] (binary or
//! text), [`Store<T>`], [`Linker<T>`], [`Instance`], [`Func`] and
//! [`TypedFunc`], [`Memory`], [`Table`], [`Global`], and the [`spectest`]
//! host module.
//!
//! - Host functions are typed closures ([`Func::wrap`],
//!   [`Linker::func_wrap`]) that may take a [`Caller`] first: the store's
//!   data, the calling instance's exports (its memory), fuel, and re-entry
//!   into wasm. Returning `Err(`[`Error`]`)` traps with the error inside
//!   ([`Error::downcast_ref`] gets it back). See [`caller`].
//! - Every handle method takes `impl` [`AsContext`] / [`AsContextMut`],
//!   so it works with `&mut store` and with `&mut caller` ([`context`]).
//! - Limits per store ([`limits`]): memory bytes and table elements
//!   ([`StoreLimitsBuilder`], [`Store::limiter`]), fuel
//!   ([`Config::consume_fuel`], [`Store::set_fuel`]), interruption from
//!   another thread ([`Store::interrupt_handle`]) and deadlines
//!   ([`Store::set_deadline`]), call depth ([`Config::max_call_depth`]).
//! - Host modules ([`HostModule`], [`Linker::add_host_module`]): a named
//!   set of host functions with per-store state reached through an
//!   [`Accessor`], linked in one call (WASI is one). Native extensions
//!   ([`Extension::load`]) are shared libraries implementing the C ABI of
//!   `include/brisk_extension.h`, linked as host modules
//!   ([`extension`]).
//! - A guest's request to exit ([`I32Exit`], WASI's `proc_exit`) unwinds
//!   wasm and comes back as an error with [`Error::exit_code`], not as a
//!   fault; [`Error::is_limit`] tells a store limit from a guest fault.
//! - Host modules ([`host_module`]) and native extensions ([`extension`]).
//! - [`Engine`] and [`Module`] are `Send + Sync` and cheap to clone;
//!   [`Store<T>`] is `Send` when `T` is; each store is independent, so
//!   instances run on many threads at once.
//!
//! - Two tiers ([`Strategy`]): Cranelift-compiled native code (the
//!   default where the host supports it) and the interpreter; the same
//!   results, traps and fuel counts, and instances of either can import
//!   each other's functions.
//!
//! ```text
//! Module::new ─▶ OwnedModule (validated) + tier code (compiled or interpreted; fuel/interrupt checks per Config)
//! Linker::instantiate ─▶ imports by name ─▶ brisk-vm VMStore::instantiate (limits checked)
//!                     ─▶ globals, element and data segments, start
//! Func::call ─▶ VMStore::call_with(store data) ─▶ VMFuncRef.array_call (compiled, interpreter or host)
//!                                                   host: HostContext ─▶ Caller<'_, T>
//! ```
//!
//! It sits on top of the pipeline (parser, validator, vm, interpreter, aot)
//! and contains no `unsafe`: every raw pointer is the vm's business,
//! behind the checked [`brisk_vm::VMStore`] API.
//!
//! ```
//! use brisk_runtime::{Engine, Linker, Module, Store, Val};
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"
//!     (module
//!       (import "host" "double" (func $double (param i32) (result i32)))
//!       (memory (export "mem") 1 2)
//!       (data (i32.const 8) "hi")
//!       (global (export "answer") i32 (i32.const 42))
//!       (export "double" (func $double)))
//! "#)?;
//! let mut store = Store::new(&engine, ());
//! let mut linker = Linker::new(&engine);
//! linker.func_wrap("host", "double", |x: i32| x * 2);
//! let instance = linker.instantiate(&mut store, &module)?;
//!
//! let double = instance.get_func(&mut store, "double").unwrap();
//! let mut out = [Val::I32(0)];
//! double.call(&mut store, &[Val::I32(21)], &mut out)?;
//! assert_eq!(out[0], Val::I32(42));
//!
//! let mem = instance.get_memory(&mut store, "mem").unwrap();
//! assert_eq!(&mem.data_mut(&mut store)[8..10], b"hi");
//! let answer = instance.get_global(&mut store, "answer").unwrap();
//! assert_eq!(answer.get(&store), Val::I32(42));
//! # Ok::<(), brisk_runtime::Error>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod caller;
pub mod context;
mod deadline;
pub mod engine;
pub mod error;
pub mod extension;
pub mod externals;
pub mod func;
pub mod host_module;
pub mod instance;
pub mod limits;
pub mod linker;
pub mod module;
pub mod spectest;
pub mod store;
pub mod typed;
pub mod types;
pub mod values;

/// The compiled tier and its artifacts (`brisk-aot`):
/// [`aot::compile_artifact`] writes what `brisk compile` writes,
/// [`aot::artifact_info`] reads an artifact's metadata; load artifacts with
/// [`Module::deserialize_file`].
pub use brisk_aot as aot;
pub use brisk_parser::{FuncType, GlobalType, MemoryType, RefType, TableType, ValType};
pub use brisk_vm::{Error as VmError, FrameInfo, InterruptHandle, Trap, TrapCode};
pub use caller::Caller;
pub use context::{AsContext, AsContextMut, StoreContext, StoreContextMut};
pub use engine::{Config, Engine, Strategy};
pub use error::{Error, I32Exit, Result};
pub use extension::{Extension, ExtensionError, ExtensionModule, ExtensionStates};
pub use externals::{Extern, Global, Memory, Table};
pub use func::{Func, IntoFunc, WasmResults, WasmTy};
pub use host_module::{Accessor, HostModule};
pub use instance::Instance;
pub use limits::{StoreLimits, StoreLimitsBuilder};
pub use linker::Linker;
pub use module::Module;
pub use store::Store;
pub use typed::{TypedFunc, WasmParams, WasmRets};
pub use types::ExternType;
pub use values::{ExternRef, Val};
