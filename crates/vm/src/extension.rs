//! Native extensions: host functions loaded from a shared library at run
//! time, through one versioned C ABI (`include/brisk_extension.h`).
//!
//! # What this file protects
//!
//! An extension is trusted native code: once loaded it runs with the
//! host's privileges, and nothing here can sandbox it. What this file
//! guarantees is that brisk never misreads the library: the entry point
//! is looked up by its one name, the ABI version (the descriptor's first
//! field, read before anything else) must be [`ABI_VERSION`], and every
//! field of the descriptor is checked (non-null pointers, UTF-8 names,
//! known value types, no duplicate function names, sane counts) before
//! any function can be called. A bad library is an [`ExtensionError`],
//! never a panic. Calls pass exactly the values the descriptor declared
//! and the caller's memory as a pointer and length valid for the call.
//!
//! ```text
//! Extension::load(path) ─ dlopen ─ dlsym("brisk_extension_v1") ─▶ *const descriptor
//!      │  check abi_version, then names, types, callbacks (copied into Rust values)
//!      ▼
//! Arc<Extension> ─ new_state() ─▶ ExtensionState (init(); drop() when dropped)
//!                                    └ call(i, &mut [ValRaw], memory) ─▶ callback(state, args, results, mem, len)
//! ```
//!
//! The library stays loaded while the [`Extension`] or any of its
//! [`ExtensionState`]s lives. All `unsafe` of the feature is here; the
//! runtime wraps it as a host module without any.

use std::collections::HashSet;
use std::ffi::{CStr, CString, c_char, c_void};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use brisk_parser::{FuncType, ValType};

use crate::{Trap, ValRaw};

/// The ABI version this brisk implements (`BRISK_EXTENSION_ABI_VERSION`).
pub const ABI_VERSION: u32 = 1;

/// The one symbol an extension exports: `const brisk_extension
/// *brisk_extension_v1(void)`.
pub const ENTRY_SYMBOL: &str = "brisk_extension_v1";

/// Most functions one extension may declare.
pub const MAX_FUNCTIONS: usize = 10_000;
/// Most parameters or results of one function (the wasm limit is 1000).
pub const MAX_VALUES: usize = 1_000;

/// One value crossing the C ABI (`brisk_val`): which field is meaningful
/// comes from the function's declared types.
#[repr(C)]
#[derive(Clone, Copy)]
pub union ExtVal {
    /// `BRISK_I32`.
    pub i32: i32,
    /// `BRISK_I64`.
    pub i64: i64,
    /// `BRISK_F32`, as bits so NaN payloads survive.
    pub f32: u32,
    /// `BRISK_F64`, as bits.
    pub f64: u64,
}

impl std::fmt::Debug for ExtVal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // SAFETY: every field is plain integer bits and `i64` covers all
        // 8 bytes of the union, so any bit pattern is a valid `i64`.
        write!(f, "ExtVal({:#x})", unsafe { self.i64 })
    }
}

/// `brisk_callback`: state, `params` values in, `results` values out, the
/// caller's exported `memory` (null and 0 when it has none); 0 = success.
pub type ExtCallback = unsafe extern "C" fn(
    state: *mut c_void,
    args: *const ExtVal,
    results: *mut ExtVal,
    memory: *mut u8,
    memory_len: usize,
) -> i32;

/// `brisk_function` as the library lays it out.
#[repr(C)]
#[derive(Debug)]
pub struct RawFunction {
    /// NUL-terminated UTF-8 field name.
    pub name: *const c_char,
    /// Parameter type bytes (wasm encoding: 0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64).
    pub params: *const u8,
    /// Number of parameters.
    pub params_len: usize,
    /// Result type bytes.
    pub results: *const u8,
    /// Number of results.
    pub results_len: usize,
    /// The function body.
    pub callback: Option<ExtCallback>,
}

/// `brisk_extension` as the library lays it out; `abi_version` first.
#[repr(C)]
#[derive(Debug)]
pub struct RawDescriptor {
    /// Must be [`ABI_VERSION`].
    pub abi_version: u32,
    /// NUL-terminated UTF-8 import module name.
    pub module_name: *const c_char,
    /// The functions.
    pub functions: *const RawFunction,
    /// Number of functions.
    pub functions_len: usize,
    /// Makes a fresh state (one per store); null = state is null.
    pub init: Option<unsafe extern "C" fn() -> *mut c_void>,
    /// Frees a state made by `init`; may be null.
    pub drop: Option<unsafe extern "C" fn(*mut c_void)>,
    /// Describes a non-zero status (static NUL-terminated text, or null).
    pub status_message: Option<unsafe extern "C" fn(i32) -> *const c_char>,
}

/// Why an extension could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ExtensionError {
    /// The file does not exist or cannot be read.
    #[error("cannot load extension {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The dynamic loader refused the file (not a shared library, wrong
    /// architecture, missing dependency).
    #[error("cannot load extension {path}: {reason}")]
    Open {
        /// The file.
        path: PathBuf,
        /// The loader's message.
        reason: String,
    },
    /// The library has no `brisk_extension_v1` symbol.
    #[error("{path} is not a brisk extension: it has no symbol `{ENTRY_SYMBOL}`")]
    MissingEntry {
        /// The file.
        path: PathBuf,
    },
    /// The library was built for another version of the ABI.
    #[error(
        "extension {path} uses extension ABI version {found}, but this brisk supports version {expected}"
    )]
    VersionMismatch {
        /// The file.
        path: PathBuf,
        /// The version the library declares.
        found: u32,
        /// [`ABI_VERSION`].
        expected: u32,
    },
    /// The descriptor is malformed.
    #[error("extension {path} has an invalid descriptor: {reason}")]
    Invalid {
        /// The file (or `<memory>` for an in-process descriptor).
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// An open `dlopen` handle, closed when dropped.
#[derive(Debug)]
struct Library(*mut c_void);

// SAFETY: a dlopen handle is a process-wide token; dlsym/dlclose may be
// used on it from any thread.
unsafe impl Send for Library {}
// SAFETY: as above; the handle is never mutated.
unsafe impl Sync for Library {}

impl Drop for Library {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the handle came from a successful dlopen and is
            // closed once; every callback pointer into the library lives
            // in an `Extension` that owns this `Library` (directly or
            // through the `Arc` its states hold), so none outlives it.
            unsafe { libc::dlclose(self.0) };
        }
    }
}

/// The last `dlerror` message.
fn dl_error() -> String {
    // SAFETY: dlerror returns null or a NUL-terminated string valid until
    // the next dl* call on this thread; it is copied at once.
    let p = unsafe { libc::dlerror() };
    if p.is_null() {
        "unknown dynamic loader error".to_owned()
    } else {
        // SAFETY: non-null, NUL-terminated (see above).
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

/// One function of an extension, checked.
#[derive(Debug)]
pub struct ExtFunction {
    /// Its field name.
    pub name: String,
    /// Its type.
    pub ty: FuncType,
    callback: ExtCallback,
}

/// A loaded, checked extension; see the [module docs](self).
#[derive(Debug)]
pub struct Extension {
    path: PathBuf,
    module: String,
    functions: Vec<ExtFunction>,
    init: Option<unsafe extern "C" fn() -> *mut c_void>,
    drop: Option<unsafe extern "C" fn(*mut c_void)>,
    status_message: Option<unsafe extern "C" fn(i32) -> *const c_char>,
    // Declared last: dropped after everything pointing into it.
    _library: Option<Library>,
}

impl Extension {
    /// Loads the shared library at `path` and checks its descriptor. A
    /// path without a `/` is taken relative to the current directory (not
    /// searched on the library path).
    pub fn load(path: impl AsRef<Path>) -> Result<Extension, ExtensionError> {
        let path = path.as_ref();
        let owned = path.to_path_buf();
        std::fs::File::open(path).map_err(|source| ExtensionError::Io {
            path: owned.clone(),
            source,
        })?;
        let mut bytes = path.as_os_str().as_bytes().to_vec();
        if !bytes.contains(&b'/') {
            bytes.splice(0..0, *b"./");
        }
        let c_path = CString::new(bytes).map_err(|_| ExtensionError::Open {
            path: owned.clone(),
            reason: "the path contains a NUL byte".into(),
        })?;
        // SAFETY: `c_path` is NUL-terminated. Loading runs the library's
        // initialisers: loading an extension means trusting its code,
        // which is the documented contract of `--extension`.
        let handle = unsafe { libc::dlopen(c_path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if handle.is_null() {
            return Err(ExtensionError::Open {
                path: owned,
                reason: dl_error(),
            });
        }
        let library = Library(handle);
        let symbol = CString::new(ENTRY_SYMBOL).expect("no NUL in the symbol name");
        // SAFETY: `handle` is a live dlopen handle, `symbol` NUL-terminated.
        let entry = unsafe { libc::dlsym(handle, symbol.as_ptr()) };
        if entry.is_null() {
            return Err(ExtensionError::MissingEntry { path: owned });
        }
        // SAFETY: the ABI defines `brisk_extension_v1` as
        // `const brisk_extension *(void)` with the C calling convention;
        // a library exporting the symbol promises that signature.
        let entry: unsafe extern "C" fn() -> *const RawDescriptor =
            unsafe { std::mem::transmute::<*mut c_void, _>(entry) };
        // SAFETY: calling the entry point as documented; it takes nothing.
        let desc = unsafe { entry() };
        // SAFETY: the pointer comes from the entry point, which the ABI
        // says returns null or a descriptor valid while the library is
        // loaded; `library` is kept alive in the result.
        let mut ext = unsafe { Extension::from_descriptor(desc, &owned) }?;
        ext._library = Some(library);
        Ok(ext)
    }

    /// Checks an in-process descriptor (what [`load`](Self::load) does
    /// after `dlsym`; also how tests and statically linked extensions get
    /// an `Extension`).
    ///
    /// # Safety
    /// `desc` must be null or point to a readable `u32`; if that `u32` is
    /// [`ABI_VERSION`], to a whole [`RawDescriptor`] whose non-null
    /// pointers are valid as `include/brisk_extension.h` documents
    /// (NUL-terminated strings, arrays of the stated lengths, callbacks
    /// with the stated signatures), for as long as the result lives.
    pub unsafe fn from_descriptor(
        desc: *const RawDescriptor,
        path: &Path,
    ) -> Result<Extension, ExtensionError> {
        let invalid = |reason: String| ExtensionError::Invalid {
            path: path.to_path_buf(),
            reason,
        };
        if desc.is_null() {
            return Err(invalid(format!("`{ENTRY_SYMBOL}` returned null")));
        }
        // SAFETY: non-null, and by the contract a readable `u32` (the
        // first field of every version's descriptor); nothing else is
        // read before the version matches.
        let found = unsafe { desc.cast::<u32>().read_unaligned() };
        if found != ABI_VERSION {
            return Err(ExtensionError::VersionMismatch {
                path: path.to_path_buf(),
                found,
                expected: ABI_VERSION,
            });
        }
        // SAFETY: the version matches, so by the contract `desc` points
        // to a whole, valid `RawDescriptor`.
        let d = unsafe { &*desc };
        // SAFETY: by the contract, null or NUL-terminated.
        let module =
            unsafe { c_str(d.module_name) }.map_err(|e| invalid(format!("module name: {e}")))?;
        if d.functions_len > MAX_FUNCTIONS {
            return Err(invalid(format!(
                "{} functions (at most {MAX_FUNCTIONS})",
                d.functions_len
            )));
        }
        if d.functions.is_null() && d.functions_len > 0 {
            return Err(invalid("null function list".into()));
        }
        let raw: &[RawFunction] = if d.functions_len == 0 {
            &[]
        } else {
            // SAFETY: non-null and, by the contract, an array of
            // `functions_len` entries.
            unsafe { std::slice::from_raw_parts(d.functions, d.functions_len) }
        };
        let mut seen = HashSet::new();
        let mut functions = Vec::with_capacity(raw.len());
        for (i, f) in raw.iter().enumerate() {
            // SAFETY: by the contract, null or NUL-terminated.
            let name = unsafe { c_str(f.name) }
                .map_err(|e| invalid(format!("function {i}: name: {e}")))?;
            let at = |e: String| invalid(format!("function `{name}`: {e}"));
            // SAFETY: by the contract, null or `params_len` bytes.
            let params = unsafe { types(f.params, f.params_len) }
                .map_err(|e| at(format!("parameters: {e}")))?;
            // SAFETY: by the contract, null or `results_len` bytes.
            let results = unsafe { types(f.results, f.results_len) }
                .map_err(|e| at(format!("results: {e}")))?;
            let callback = f.callback.ok_or_else(|| at("null callback".into()))?;
            if !seen.insert(name.clone()) {
                return Err(invalid(format!("function `{name}` is declared twice")));
            }
            functions.push(ExtFunction {
                name,
                ty: FuncType::new(params, results),
                callback,
            });
        }
        Ok(Extension {
            path: path.to_path_buf(),
            module,
            functions,
            init: d.init,
            drop: d.drop,
            status_message: d.status_message,
            _library: None,
        })
    }

    /// The file it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The import module name its functions are defined under.
    pub fn module_name(&self) -> &str {
        &self.module
    }

    /// Its functions, in declaration order.
    pub fn functions(&self) -> &[ExtFunction] {
        &self.functions
    }

    /// A fresh state (the extension's `init`), freed (its `drop`) when the
    /// result is dropped.
    pub fn new_state(self: &Arc<Self>) -> ExtensionState {
        let ptr = match self.init {
            // SAFETY: a validated descriptor's `init`, called as the ABI
            // documents (no arguments, returns the state or null).
            Some(init) => unsafe { init() },
            None => std::ptr::null_mut(),
        };
        ExtensionState {
            ext: self.clone(),
            ptr,
        }
    }

    fn status_text(&self, status: i32) -> String {
        let Some(f) = self.status_message else {
            return format!("status {status}");
        };
        // SAFETY: a validated descriptor's `status_message`, which the ABI
        // says returns null or static NUL-terminated text.
        let p = unsafe { f(status) };
        if p.is_null() {
            return format!("status {status}");
        }
        // SAFETY: non-null, NUL-terminated and static (see above).
        let text = unsafe { CStr::from_ptr(p) }.to_string_lossy();
        format!("{text} (status {status})")
    }
}

/// Reads a NUL-terminated UTF-8 string.
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string.
unsafe fn c_str(p: *const c_char) -> Result<String, String> {
    if p.is_null() {
        return Err("null".into());
    }
    // SAFETY: non-null and NUL-terminated by the contract.
    let s = unsafe { CStr::from_ptr(p) };
    s.to_str()
        .map(str::to_owned)
        .map_err(|_| format!("not UTF-8: {:?}", s.to_string_lossy()))
}

/// Reads `len` type bytes.
///
/// # Safety
/// `p` must be null or point to `len` readable bytes.
unsafe fn types(p: *const u8, len: usize) -> Result<Vec<ValType>, String> {
    if len > MAX_VALUES {
        return Err(format!("{len} values (at most {MAX_VALUES})"));
    }
    if len == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err("null type list".into());
    }
    // SAFETY: non-null, `len` readable bytes by the contract.
    let bytes = unsafe { std::slice::from_raw_parts(p, len) };
    bytes
        .iter()
        .map(|&b| match b {
            0x7f => Ok(ValType::I32),
            0x7e => Ok(ValType::I64),
            0x7d => Ok(ValType::F32),
            0x7c => Ok(ValType::F64),
            _ => Err(format!(
                "unknown value type byte {b:#04x} (expected 0x7f i32, 0x7e i64, 0x7d f32 or 0x7c f64)"
            )),
        })
        .collect()
}

/// One extension's state in one store; see [`Extension::new_state`].
#[derive(Debug)]
pub struct ExtensionState {
    ext: Arc<Extension>,
    // INVARIANT: what `ext.init` returned (or null), not yet dropped.
    ptr: *mut c_void,
}

// SAFETY: the ABI requires a state to be usable from any thread, one call
// at a time; `call` takes `&mut self`, so calls on one state never overlap.
unsafe impl Send for ExtensionState {}

impl Drop for ExtensionState {
    fn drop(&mut self) {
        if let Some(drop) = self.ext.drop {
            // SAFETY: the descriptor's `drop`, given the state its `init`
            // made, exactly once.
            unsafe { drop(self.ptr) };
        }
    }
}

impl ExtensionState {
    /// The extension.
    pub fn extension(&self) -> &Arc<Extension> {
        &self.ext
    }

    /// Calls function `index` on `vals` (parameters in, results out, as a
    /// host function's slots), with the caller's memory if it has one.
    pub fn call(
        &mut self,
        index: usize,
        vals: &mut [ValRaw],
        memory: Option<&mut [u8]>,
    ) -> Result<(), Trap> {
        let ext = &self.ext;
        let f = ext
            .functions
            .get(index)
            .ok_or_else(|| Trap::host(format!("extension has no function {index}").into()))?;
        let (params, results) = (f.ty.params(), f.ty.results());
        if vals.len() < params.len().max(results.len()) {
            return Err(Trap::host(
                "extension called with too few value slots".into(),
            ));
        }
        let args: Vec<ExtVal> = params
            .iter()
            .zip(&*vals)
            .map(|(&t, &v)| to_ext(t, v))
            .collect();
        let mut outs = vec![ExtVal { i64: 0 }; results.len()];
        let (mem, mem_len) = match memory {
            Some(m) => (m.as_mut_ptr(), m.len()),
            None => (std::ptr::null_mut(), 0),
        };
        // SAFETY: a validated callback of the loaded library (kept loaded
        // by `self.ext`), called with this extension's state, exactly
        // `params.len()` arguments and room for `results.len()` results as
        // its descriptor declared, and `mem`/`mem_len` from a `&mut [u8]`
        // borrowed for the whole call (or null/0).
        let status =
            unsafe { (f.callback)(self.ptr, args.as_ptr(), outs.as_mut_ptr(), mem, mem_len) };
        if status != 0 {
            return Err(Trap::host(
                format!(
                    "extension function `{}::{}` failed: {}",
                    ext.module,
                    f.name,
                    ext.status_text(status)
                )
                .into(),
            ));
        }
        for ((slot, &t), v) in vals.iter_mut().zip(results).zip(outs) {
            *slot = from_ext(t, v);
        }
        Ok(())
    }
}

fn to_ext(t: ValType, v: ValRaw) -> ExtVal {
    match t {
        ValType::I32 => ExtVal { i32: v.get_i32() },
        ValType::F32 => ExtVal { f32: v.get_f32() },
        ValType::F64 => ExtVal { f64: v.get_f64() },
        _ => ExtVal { i64: v.get_i64() },
    }
}

fn from_ext(t: ValType, v: ExtVal) -> ValRaw {
    // SAFETY: every field of the union is plain integer bits, valid for any
    // bit pattern, and `v` was fully initialised (zeroed before the call),
    // so reading any field is defined; the declared type picks which.
    unsafe {
        match t {
            ValType::I32 => ValRaw::i32(v.i32),
            ValType::F32 => ValRaw::f32(v.f32),
            ValType::F64 => ValRaw::f64(v.f64),
            _ => ValRaw::i64(v.i64),
        }
    }
}

#[cfg(test)]
mod tests;
