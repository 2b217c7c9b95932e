//! # A brisk native extension, written against the C ABI only
//!
//! Builds `libbrisk_example_extension.so`, which implements
//! `include/brisk_extension.h` (ABI version 1) without depending on any
//! brisk crate, as an extension written in C would. Its import module is
//! `text`:
//!
//! | function | type | does |
//! |---|---|---|
//! | `upper` | `(ptr i32, len i32) -> i32` | upper-cases ASCII letters of guest memory `[ptr, ptr+len)` in place; returns how many bytes changed |
//! | `fnv1a` | `(ptr i32, len i32) -> i64` | the 64-bit FNV-1a hash of those bytes |
//! | `calls` | `() -> i64` | how many `upper`/`fnv1a` calls this store made (the extension's per-store state) |
//!
//! A range outside the guest's memory fails with status 1 and a guest
//! without an exported `memory` with status 2; brisk turns both into
//! traps with the text from `status_message`.
//!
//! ```text
//! cargo build -p brisk-example-extension
//! brisk run --extension target/debug/libbrisk_example_extension.so \
//!     examples/extension/guest.wat
//! ```
//!
//! `guest.wat` beside this crate calls all three and checks the results
//! itself (it traps on a wrong one); `.ci/run` runs it.

use std::ffi::{c_char, c_void};

/// `BRISK_EXTENSION_ABI_VERSION`.
const ABI_VERSION: u32 = 1;
const I32: u8 = 0x7f;
const I64: u8 = 0x7e;

/// `brisk_val`.
#[repr(C)]
#[derive(Clone, Copy)]
union Val {
    i32: i32,
    i64: i64,
}

type Callback = unsafe extern "C" fn(*mut c_void, *const Val, *mut Val, *mut u8, usize) -> i32;

/// `brisk_function`.
#[repr(C)]
struct Function {
    name: *const c_char,
    params: *const u8,
    params_len: usize,
    results: *const u8,
    results_len: usize,
    callback: Callback,
}

/// `brisk_extension`.
#[repr(C)]
struct Descriptor {
    abi_version: u32,
    module_name: *const c_char,
    functions: *const Function,
    functions_len: usize,
    init: Option<unsafe extern "C" fn() -> *mut c_void>,
    drop: Option<unsafe extern "C" fn(*mut c_void)>,
    status_message: Option<unsafe extern "C" fn(i32) -> *const c_char>,
}

/// The descriptor with its pointers, shareable because it is immutable
/// and every pointer is to static data.
struct Static<T>(T);
// SAFETY: the wrapped descriptors and tables are never mutated and point
// only to statics, so sharing them between threads is sound.
unsafe impl<T> Sync for Static<T> {}

const OUT_OF_BOUNDS: i32 = 1;
const NO_MEMORY: i32 = 2;

static PTR_LEN: [u8; 2] = [I32, I32];
static RET_I32: [u8; 1] = [I32];
static RET_I64: [u8; 1] = [I64];

static FUNCTIONS: Static<[Function; 3]> = Static([
    Function {
        name: c"upper".as_ptr(),
        params: PTR_LEN.as_ptr(),
        params_len: 2,
        results: RET_I32.as_ptr(),
        results_len: 1,
        callback: upper,
    },
    Function {
        name: c"fnv1a".as_ptr(),
        params: PTR_LEN.as_ptr(),
        params_len: 2,
        results: RET_I64.as_ptr(),
        results_len: 1,
        callback: fnv1a,
    },
    Function {
        name: c"calls".as_ptr(),
        params: std::ptr::null(),
        params_len: 0,
        results: RET_I64.as_ptr(),
        results_len: 1,
        callback: calls,
    },
]);

static DESCRIPTOR: Static<Descriptor> = Static(Descriptor {
    abi_version: ABI_VERSION,
    module_name: c"text".as_ptr(),
    functions: FUNCTIONS.0.as_ptr(),
    functions_len: 3,
    init: Some(init),
    drop: Some(drop_state),
    status_message: Some(status_message),
});

/// The entry point brisk looks up.
#[unsafe(no_mangle)]
pub extern "C" fn brisk_extension_v1() -> *const c_void {
    (&raw const DESCRIPTOR.0).cast()
}

/// The per-store state: a call counter.
struct State {
    calls: i64,
}

unsafe extern "C" fn init() -> *mut c_void {
    Box::into_raw(Box::new(State { calls: 0 })).cast()
}

unsafe extern "C" fn drop_state(state: *mut c_void) {
    // SAFETY: brisk passes back what `init` returned, once.
    drop(unsafe { Box::from_raw(state.cast::<State>()) });
}

unsafe extern "C" fn status_message(status: i32) -> *const c_char {
    match status {
        OUT_OF_BOUNDS => c"range outside the guest's memory".as_ptr(),
        NO_MEMORY => c"the calling module exports no memory".as_ptr(),
        _ => std::ptr::null(),
    }
}

/// The guest bytes `[args[0], args[0] + args[1])`, checked, and the state.
///
/// # Safety
/// Arguments as brisk passes them to a `(i32, i32)` function: two values,
/// the state `init` made, and `memory` valid for `len` bytes (or null).
unsafe fn range<'a>(
    state: *mut c_void,
    args: *const Val,
    memory: *mut u8,
    len: usize,
) -> Result<(&'a mut State, &'a mut [u8]), i32> {
    if memory.is_null() {
        return Err(NO_MEMORY);
    }
    // SAFETY: two i32 arguments (the declared parameter types).
    let (ptr, n) = unsafe { ((*args).i32 as u32 as u64, (*args.add(1)).i32 as u32 as u64) };
    if ptr + n > len as u64 {
        return Err(OUT_OF_BOUNDS);
    }
    // SAFETY: `[ptr, ptr + n)` is inside the `len` bytes brisk passed,
    // valid and unaliased for the call; the state is ours.
    unsafe {
        Ok((
            &mut *state.cast::<State>(),
            std::slice::from_raw_parts_mut(memory.add(ptr as usize), n as usize),
        ))
    }
}

unsafe extern "C" fn upper(
    state: *mut c_void,
    args: *const Val,
    results: *mut Val,
    memory: *mut u8,
    len: usize,
) -> i32 {
    // SAFETY: called by brisk as the ABI documents.
    let (state, bytes) = match unsafe { range(state, args, memory, len) } {
        Ok(x) => x,
        Err(status) => return status,
    };
    state.calls += 1;
    let mut changed = 0;
    for b in bytes.iter_mut().filter(|b| b.is_ascii_lowercase()) {
        b.make_ascii_uppercase();
        changed += 1;
    }
    // SAFETY: room for the one declared result.
    unsafe { (*results).i32 = changed };
    0
}

unsafe extern "C" fn fnv1a(
    state: *mut c_void,
    args: *const Val,
    results: *mut Val,
    memory: *mut u8,
    len: usize,
) -> i32 {
    // SAFETY: called by brisk as the ABI documents.
    let (state, bytes) = match unsafe { range(state, args, memory, len) } {
        Ok(x) => x,
        Err(status) => return status,
    };
    state.calls += 1;
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    // SAFETY: room for the one declared result.
    unsafe { (*results).i64 = hash as i64 };
    0
}

unsafe extern "C" fn calls(
    state: *mut c_void,
    _args: *const Val,
    results: *mut Val,
    _memory: *mut u8,
    _len: usize,
) -> i32 {
    // SAFETY: the state `init` made; room for the one declared result.
    unsafe { (*results).i64 = (*state.cast::<State>()).calls };
    0
}
