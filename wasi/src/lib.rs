//! # brisk-wasi — WASI preview1 as a host module
//!
//! Runs WASI commands (`wasi_snapshot_preview1` imports) under brisk's
//! runtime: [`Wasi`] is a [`HostModule`] that links all 46 preview1
//! functions into a [`Linker`], each reaching its store's [`WasiCtx`]
//! through an accessor, the way the runtime's host modules work.
//!
//! Capabilities: a [`WasiCtx`] grants nothing unless its
//! [`WasiCtxBuilder`] says so — arguments, environment variables, stdio,
//! preopened directories ([`DirPerms`] read-only or read-write) and
//! listening sockets. Paths resolve beneath a preopened directory and
//! nowhere else ([`sandbox`]). `proc_exit(n)` ends the guest with
//! [`I32Exit`]`(n)`, which the embedder reads with
//! [`Error::exit_code`](brisk_runtime::Error::exit_code); it is not a trap.
//!
//! ```text
//! guest ─call─▶ link (decode params, Caller) ─▶ Mem (checked guest memory) + WasiCtx
//!                                               ├─ env, clock, fd, dir, poll, sock
//!                                               └─ path ─▶ sandbox (openat2 BENEATH / walk)
//! ```
//!
//! ```
//! use brisk_runtime::{Engine, Linker, Module, Store};
//! use brisk_wasi::{Wasi, WasiCtx, WasiCtxBuilder};
//! use std::sync::{Arc, Mutex};
//!
//! #[derive(Clone, Default)]
//! struct Captured(Arc<Mutex<Vec<u8>>>);
//! impl std::io::Write for Captured {
//!     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { self.0.lock().unwrap().extend_from_slice(b); Ok(b.len()) }
//!     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
//! }
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
//!     (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
//!     (memory (export "memory") 1)
//!     (data (i32.const 16) "hello\n")
//!     (func (export "_start")
//!         (i32.store (i32.const 0) (i32.const 16)) (i32.store (i32.const 4) (i32.const 6))
//!         (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
//!         (call $exit (i32.const 3))))"#)?;
//! let out = Captured::default();
//! let ctx = WasiCtxBuilder::new().arg("hello.wasm").stdout(out.clone()).build()?;
//! let mut linker = Linker::new(&engine);
//! linker.add_host_module(&Wasi::new(|c: &mut WasiCtx| c))?;
//! let mut store = Store::new(&engine, ctx);
//! let instance = linker.instantiate(&mut store, &module)?;
//! let start = instance.get_typed_func::<(), ()>(&mut store, "_start")?;
//! let err = start.call(&mut store, ()).unwrap_err();
//! assert_eq!(err.exit_code(), Some(3));
//! assert_eq!(&*out.0.lock().unwrap(), b"hello\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

pub mod abi;
mod clock;
mod ctx;
mod dir;
mod env;
pub mod errno;
mod fd;
mod link;
mod mem;
mod path;
mod poll;
pub mod sandbox;
mod sock;
mod table;

pub use brisk_runtime::I32Exit;
pub use ctx::{DirPerms, WasiCtx, WasiCtxBuilder};
pub use errno::Errno;

use brisk_runtime::{Accessor, HostModule, Linker, Result, ValType};

/// The import module name of WASI preview1.
pub const MODULE: &str = "wasi_snapshot_preview1";

/// WASI preview1 as a host module; see the [crate docs](crate).
pub struct Wasi<T> {
    ctx: Accessor<T, WasiCtx>,
}

impl<T> std::fmt::Debug for Wasi<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Wasi")
    }
}

impl<T> Wasi<T> {
    /// WASI whose per-store state is `accessor(store data)`.
    pub fn new(accessor: Accessor<T, WasiCtx>) -> Wasi<T> {
        Wasi { ctx: accessor }
    }
}

impl<T: 'static> HostModule<T> for Wasi<T> {
    fn name(&self) -> &str {
        MODULE
    }

    fn add_to_linker(&self, linker: &mut Linker<T>) -> Result<()> {
        link::define(linker, MODULE, self.ctx);
        Ok(())
    }
}

/// Links WASI into `linker` (`linker.add_host_module(&Wasi::new(accessor))`).
pub fn add_to_linker<T: 'static>(
    linker: &mut Linker<T>,
    accessor: Accessor<T, WasiCtx>,
) -> Result<()> {
    linker.add_host_module(&Wasi::new(accessor))?;
    Ok(())
}

/// Every preview1 function this crate defines: its name, parameter
/// types, and whether it returns an errno (all but `proc_exit`).
pub fn functions() -> impl Iterator<Item = (&'static str, &'static [ValType], bool)> {
    link::FUNCTIONS.iter().map(|f| (f.0, f.1, f.2))
}
