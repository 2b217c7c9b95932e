//! The descriptor checks and the call path, on in-process descriptors
//! (the `.so` path is tested end to end by the CLI's tests).

use std::ffi::{c_char, c_void};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

const I32: u8 = 0x7f;
const I64: u8 = 0x7e;

static I32_I32: [u8; 2] = [I32, I32];
static ONE_I64: [u8; 1] = [I64];
static LIVE_STATES: AtomicUsize = AtomicUsize::new(0);

/// Sums the bytes in `[args[0], args[0] + args[1])` of the memory plus the
/// number of calls on this state.
unsafe extern "C" fn sum(
    state: *mut c_void,
    args: *const ExtVal,
    results: *mut ExtVal,
    memory: *mut u8,
    memory_len: usize,
) -> i32 {
    // SAFETY: the loader passes two i32 arguments and room for one result.
    let (ptr, len) = unsafe { ((*args).i32 as usize, (*args.add(1)).i32 as usize) };
    if memory.is_null() || ptr + len > memory_len {
        return 7;
    }
    // SAFETY: in bounds of the memory the loader passed.
    let bytes = unsafe { std::slice::from_raw_parts(memory.add(ptr), len) };
    // SAFETY: `state` is the `u64` counter `init` made.
    let calls = unsafe { &mut *state.cast::<u64>() };
    *calls += 1;
    let total: u64 = bytes.iter().map(|&b| u64::from(b)).sum::<u64>() + *calls;
    // SAFETY: room for one result.
    unsafe { (*results).i64 = total as i64 };
    0
}

unsafe extern "C" fn init() -> *mut c_void {
    LIVE_STATES.fetch_add(1, Ordering::SeqCst);
    Box::into_raw(Box::new(0u64)).cast()
}

unsafe extern "C" fn drop_state(state: *mut c_void) {
    LIVE_STATES.fetch_sub(1, Ordering::SeqCst);
    // SAFETY: made by `init`, dropped once.
    drop(unsafe { Box::from_raw(state.cast::<u64>()) });
}

unsafe extern "C" fn message(status: i32) -> *const c_char {
    if status == 7 {
        c"range out of bounds".as_ptr()
    } else {
        std::ptr::null()
    }
}

fn function(name: &'static CStr, params: &'static [u8], results: &'static [u8]) -> RawFunction {
    RawFunction {
        name: name.as_ptr(),
        params: params.as_ptr(),
        params_len: params.len(),
        results: results.as_ptr(),
        results_len: results.len(),
        callback: Some(sum),
    }
}

fn descriptor(functions: &[RawFunction]) -> RawDescriptor {
    RawDescriptor {
        abi_version: ABI_VERSION,
        module_name: c"test".as_ptr(),
        functions: functions.as_ptr(),
        functions_len: functions.len(),
        init: Some(init),
        drop: Some(drop_state),
        status_message: Some(message),
    }
}

fn check(d: &RawDescriptor) -> Result<Extension, ExtensionError> {
    // SAFETY: every pointer in the test descriptors is to statics or to
    // the `functions` slice, which outlives the call and the result.
    unsafe { Extension::from_descriptor(d, Path::new("<test>")) }
}

fn error(d: &RawDescriptor) -> String {
    check(d).unwrap_err().to_string()
}

#[test]
fn a_good_descriptor_loads_and_calls_with_memory_and_state() {
    let fs = [function(c"sum", &I32_I32, &ONE_I64)];
    let ext = Arc::new(check(&descriptor(&fs)).unwrap());
    assert_eq!(ext.module_name(), "test");
    assert_eq!(ext.functions()[0].name, "sum");
    assert_eq!(
        ext.functions()[0].ty.to_string(),
        FuncType::new([ValType::I32, ValType::I32], [ValType::I64]).to_string()
    );
    let before = LIVE_STATES.load(Ordering::SeqCst);
    let mut state = ext.new_state();
    let mut memory = vec![0u8; 16];
    memory[4..7].copy_from_slice(&[1, 2, 3]);
    for calls in 1..=2 {
        let mut vals = [ValRaw::i32(4), ValRaw::i32(3)];
        state.call(0, &mut vals, Some(&mut memory)).unwrap();
        assert_eq!(vals[0].get_i64(), 6 + calls);
    }
    let mut other = ext.new_state();
    let mut vals = [ValRaw::i32(4), ValRaw::i32(3)];
    other.call(0, &mut vals, Some(&mut memory)).unwrap();
    assert_eq!(vals[0].get_i64(), 7, "a fresh state counts from zero");
    drop((state, other));
    assert_eq!(LIVE_STATES.load(Ordering::SeqCst), before);
}

#[test]
fn a_failing_call_is_a_trap_with_the_extensions_message() {
    let fs = [function(c"sum", &I32_I32, &ONE_I64)];
    let ext = Arc::new(check(&descriptor(&fs)).unwrap());
    let mut state = ext.new_state();
    let mut vals = [ValRaw::i32(10), ValRaw::i32(10)];
    let trap = state.call(0, &mut vals, Some(&mut [0u8; 16])).unwrap_err();
    assert_eq!(
        trap.to_string(),
        "extension function `test::sum` failed: range out of bounds (status 7)"
    );
    let trap = state.call(0, &mut vals, None).unwrap_err();
    assert!(trap.to_string().contains("status 7"), "{trap}");
    assert!(
        state.call(0, &mut [ValRaw::ZERO], None).is_err(),
        "too few slots"
    );
    assert!(state.call(1, &mut vals, None).is_err(), "no such function");
}

#[test]
fn version_mismatch_names_both_versions() {
    let mut d = descriptor(&[]);
    d.abi_version = 2;
    assert_eq!(
        error(&d),
        "extension <test> uses extension ABI version 2, but this brisk supports version 1"
    );
    assert!(matches!(
        check(&d),
        Err(ExtensionError::VersionMismatch {
            found: 2,
            expected: 1,
            ..
        })
    ));
}

#[test]
fn a_null_descriptor_is_refused() {
    // SAFETY: null is allowed by the contract.
    let e = unsafe { Extension::from_descriptor(std::ptr::null(), Path::new("x.so")) };
    assert!(e.unwrap_err().to_string().contains("returned null"));
}

#[test]
fn malformed_descriptors_are_refused_with_the_reason() {
    let mut d = descriptor(&[]);
    d.module_name = std::ptr::null();
    assert!(error(&d).ends_with("module name: null"), "{}", error(&d));

    let mut d = descriptor(&[]);
    d.module_name = c"\xff".as_ptr();
    assert!(
        error(&d).contains("module name: not UTF-8"),
        "{}",
        error(&d)
    );

    let fs = [function(c"f", &[0x7b], &[])];
    assert!(
        error(&descriptor(&fs)).contains("function `f`: parameters: unknown value type byte 0x7b")
    );

    let fs = [function(c"f", &[], &[0x70])];
    assert!(error(&descriptor(&fs)).contains("results: unknown value type byte 0x70"));

    let mut f = function(c"f", &[], &[]);
    f.callback = None;
    assert!(error(&descriptor(&[f])).ends_with("function `f`: null callback"));

    let mut f = function(c"f", &[], &[]);
    f.params_len = 1;
    f.params = std::ptr::null();
    assert!(error(&descriptor(&[f])).contains("null type list"));

    let mut f = function(c"f", &[], &[]);
    f.results_len = MAX_VALUES + 1;
    assert!(error(&descriptor(&[f])).contains("at most 1000"));

    let fs = [function(c"f", &[], &[]), function(c"f", &[], &[])];
    assert!(error(&descriptor(&fs)).ends_with("function `f` is declared twice"));

    let fs = [function(c"\xc3", &[], &[])];
    assert!(error(&descriptor(&fs)).contains("function 0: name: not UTF-8"));

    let mut d = descriptor(&[]);
    d.functions_len = 3;
    d.functions = std::ptr::null();
    assert!(error(&d).ends_with("null function list"));

    let mut d = descriptor(&[]);
    d.functions_len = MAX_FUNCTIONS + 1;
    assert!(error(&d).contains("functions (at most"));
}

#[test]
fn loading_missing_and_non_library_files_fails_cleanly() {
    let e = Extension::load("/nonexistent/libnothing.so").unwrap_err();
    assert!(matches!(e, ExtensionError::Io { .. }), "{e}");
    assert!(
        e.to_string()
            .starts_with("cannot load extension /nonexistent/libnothing.so: "),
        "{e}"
    );

    let dir = std::env::temp_dir().join(format!("brisk-vm-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("not-a-library.so");
    std::fs::write(&file, b"this is text, not ELF").unwrap();
    let e = Extension::load(&file).unwrap_err();
    assert!(matches!(e, ExtensionError::Open { .. }), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}
