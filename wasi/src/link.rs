//! Linking: the table of preview1 functions and the one adapter that
//! turns each into a host function of the runtime.
//!
//! Every WASI function here is a plain `fn(&mut WasiCtx, &mut Mem, &[u64])
//! -> Result<(), Fail>`: its parameters arrive zero-extended in a `u64`
//! slice (i32 and i64 alike), memory is the caller's exported `memory`.
//! `Ok` returns errno 0, `Err(Fail::Errno(e))` returns `e`, and
//! `Err(Fail::Exit(n))` (only `proc_exit`) unwinds the guest with
//! [`I32Exit`](brisk_runtime::I32Exit).
//!
//! The functions are defined from this table, so the adapter is one
//! dynamically typed host function per entry ([`Linker::func_new`]): it
//! turns the [`Val`] parameters into `u64`s, lends the body the caller's
//! memory and the [`WasiCtx`] together
//! ([`Memory::data_and_store_mut`](brisk_runtime::Memory::data_and_store_mut))
//! and writes the errno result.

use brisk_runtime::{Caller, Error, FuncType, I32Exit, Linker, Val, ValType};

use crate::WasiCtx;
use crate::errno::Errno;
use crate::mem::Mem;

/// Why a WASI function did not succeed.
#[derive(Debug)]
pub(crate) enum Fail {
    /// Return this errno to the guest.
    Errno(Errno),
    /// `proc_exit(n)`.
    Exit(i32),
}

impl From<Errno> for Fail {
    fn from(e: Errno) -> Fail {
        Fail::Errno(e)
    }
}

impl From<rustix::io::Errno> for Fail {
    fn from(e: rustix::io::Errno) -> Fail {
        Fail::Errno(e.into())
    }
}

impl From<std::io::Error> for Fail {
    fn from(e: std::io::Error) -> Fail {
        Fail::Errno(e.into())
    }
}

/// A `u8`/`u16` parameter (passed as an `i32`): `EINVAL` if its upper
/// bits are set.
pub(crate) fn narrow<T: TryFrom<u64>>(v: u64) -> Result<T, Errno> {
    T::try_from(v).map_err(|_| Errno::INVAL)
}

/// A WASI function body.
pub(crate) type Body = fn(&mut WasiCtx, &mut Mem<'_>, &[u64]) -> Result<(), Fail>;

const I: ValType = ValType::I32;
const L: ValType = ValType::I64;

/// Every preview1 function: name, parameter types, whether it returns an
/// errno (all but `proc_exit`), body.
pub(crate) const FUNCTIONS: &[(&str, &[ValType], bool, Body)] = &[
    ("args_get", &[I, I], true, crate::env::args_get),
    ("args_sizes_get", &[I, I], true, crate::env::args_sizes_get),
    ("environ_get", &[I, I], true, crate::env::environ_get),
    (
        "environ_sizes_get",
        &[I, I],
        true,
        crate::env::environ_sizes_get,
    ),
    ("clock_res_get", &[I, I], true, crate::clock::clock_res_get),
    (
        "clock_time_get",
        &[I, L, I],
        true,
        crate::clock::clock_time_get,
    ),
    ("random_get", &[I, I], true, crate::env::random_get),
    ("proc_exit", &[I], false, crate::env::proc_exit),
    ("proc_raise", &[I], true, crate::env::proc_raise),
    ("sched_yield", &[], true, crate::env::sched_yield),
    ("fd_advise", &[I, L, L, I], true, crate::fd::fd_advise),
    ("fd_allocate", &[I, L, L], true, crate::fd::fd_allocate),
    ("fd_close", &[I], true, crate::fd::fd_close),
    ("fd_datasync", &[I], true, crate::fd::fd_datasync),
    ("fd_fdstat_get", &[I, I], true, crate::fd::fd_fdstat_get),
    (
        "fd_fdstat_set_flags",
        &[I, I],
        true,
        crate::fd::fd_fdstat_set_flags,
    ),
    (
        "fd_fdstat_set_rights",
        &[I, L, L],
        true,
        crate::fd::fd_fdstat_set_rights,
    ),
    ("fd_filestat_get", &[I, I], true, crate::fd::fd_filestat_get),
    (
        "fd_filestat_set_size",
        &[I, L],
        true,
        crate::fd::fd_filestat_set_size,
    ),
    (
        "fd_filestat_set_times",
        &[I, L, L, I],
        true,
        crate::fd::fd_filestat_set_times,
    ),
    ("fd_pread", &[I, I, I, L, I], true, crate::fd::fd_pread),
    ("fd_prestat_get", &[I, I], true, crate::fd::fd_prestat_get),
    (
        "fd_prestat_dir_name",
        &[I, I, I],
        true,
        crate::fd::fd_prestat_dir_name,
    ),
    ("fd_pwrite", &[I, I, I, L, I], true, crate::fd::fd_pwrite),
    ("fd_read", &[I, I, I, I], true, crate::fd::fd_read),
    ("fd_readdir", &[I, I, I, L, I], true, crate::dir::fd_readdir),
    ("fd_renumber", &[I, I], true, crate::fd::fd_renumber),
    ("fd_seek", &[I, L, I, I], true, crate::fd::fd_seek),
    ("fd_sync", &[I], true, crate::fd::fd_sync),
    ("fd_tell", &[I, I], true, crate::fd::fd_tell),
    ("fd_write", &[I, I, I, I], true, crate::fd::fd_write),
    (
        "path_create_directory",
        &[I, I, I],
        true,
        crate::path::path_create_directory,
    ),
    (
        "path_filestat_get",
        &[I, I, I, I, I],
        true,
        crate::path::path_filestat_get,
    ),
    (
        "path_filestat_set_times",
        &[I, I, I, I, L, L, I],
        true,
        crate::path::path_filestat_set_times,
    ),
    (
        "path_link",
        &[I, I, I, I, I, I, I],
        true,
        crate::path::path_link,
    ),
    (
        "path_open",
        &[I, I, I, I, I, L, L, I, I],
        true,
        crate::path::path_open,
    ),
    (
        "path_readlink",
        &[I, I, I, I, I, I],
        true,
        crate::path::path_readlink,
    ),
    (
        "path_remove_directory",
        &[I, I, I],
        true,
        crate::path::path_remove_directory,
    ),
    (
        "path_rename",
        &[I, I, I, I, I, I],
        true,
        crate::path::path_rename,
    ),
    (
        "path_symlink",
        &[I, I, I, I, I],
        true,
        crate::path::path_symlink,
    ),
    (
        "path_unlink_file",
        &[I, I, I],
        true,
        crate::path::path_unlink_file,
    ),
    ("poll_oneoff", &[I, I, I, I], true, crate::poll::poll_oneoff),
    ("sock_accept", &[I, I, I], true, crate::sock::sock_accept),
    (
        "sock_recv",
        &[I, I, I, I, I, I],
        true,
        crate::sock::sock_recv,
    ),
    ("sock_send", &[I, I, I, I, I], true, crate::sock::sock_send),
    ("sock_shutdown", &[I, I], true, crate::sock::sock_shutdown),
];

/// The most parameters a WASI function has (`path_open`).
const MAX_PARAMS: usize = 9;

/// Defines every function of [`FUNCTIONS`] under `module` in `linker`.
pub(crate) fn define<T: 'static>(
    linker: &mut Linker<T>,
    module: &str,
    ctx: fn(&mut T) -> &mut WasiCtx,
) {
    for &(name, params, returns_errno, body) in FUNCTIONS {
        let results: &[ValType] = if returns_errno { &[I] } else { &[] };
        let ty = FuncType::new(params.iter().copied(), results.iter().copied());
        linker.func_new(module, name, ty, move |caller, args, results| {
            call(caller, args, results, body, ctx)
        });
    }
}

/// Runs `body` for one call: parameters zero-extended to `u64`, the
/// caller's exported `memory` (none: an empty one, so every pointer is
/// `EFAULT`), the errno (if the function returns one) into `results`.
fn call<T: 'static>(
    mut caller: Caller<'_, T>,
    params: &[Val],
    results: &mut [Val],
    body: Body,
    ctx: fn(&mut T) -> &mut WasiCtx,
) -> Result<(), Error> {
    let mut args = [0u64; MAX_PARAMS];
    for (a, v) in args.iter_mut().zip(params) {
        *a = match *v {
            Val::I64(x) => x as u64,
            Val::I32(x) => u64::from(x as u32),
            // The table declares only i32 and i64 parameters, and the
            // runtime checks arguments against the declared types.
            ref other => return Err(Error::msg(format!("WASI parameter of type {}", other.ty()))),
        };
    }
    let memory = caller.get_export("memory").and_then(|e| e.into_memory());
    let mut no_memory = [0u8; 0];
    let (bytes, data): (&mut [u8], &mut T) = match memory {
        Some(m) => m.data_and_store_mut(&mut caller),
        None => (&mut no_memory, caller.data_mut()),
    };
    let mut mem = Mem::new(bytes);
    let errno = match body(ctx(data), &mut mem, &args[..params.len().min(MAX_PARAMS)]) {
        Ok(()) => 0,
        Err(Fail::Errno(e)) => i32::from(e.0),
        Err(Fail::Exit(code)) => return Err(Error::new(I32Exit(code))),
    };
    if let Some(r) = results.first_mut() {
        *r = Val::I32(errno);
    }
    Ok(())
}
