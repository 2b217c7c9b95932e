//! Trap handling of compiled code without a compiler: a page of
//! hand-assembled x86-64 "wasm functions" (frame pointers kept, as
//! Cranelift is told to), registered with a `CodeInfo` that maps each
//! function's byte range to a function index and each trap site to a trap
//! code, called inside `catch_traps`.
//!
//! Faults that must not become traps (a host function's null dereference,
//! a fault in wasm code that is not a trap site) are checked in a child
//! process, re-running this test binary with `BRISK_VM_CHILD` set: the
//! child must die of SIGSEGV.

use std::ops::Range;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::sync::Arc;

use brisk_vm::traphandlers::{
    CodeInfo, CodeRegistration, catch_traps, is_wasm_code, register_code,
};
use brisk_vm::{BUILTINS, FrameInfo, Trap, TrapCode, VMStoreContext};

/// The functions: (start, end, name). Each starts `push rbp; mov rbp, rsp`.
const FUNCS: &[(usize, usize, &str)] = &[
    (0x00, 0x20, "outer"),
    (0x20, 0x40, "load"),
    (0x40, 0x60, "unreachable"),
    (0x60, 0x80, "div"),
    (0x80, 0xa0, "call_host"),
    (0xa0, 0xc0, "raise"),
    (0xc0, 0xe0, "load_no_site"),
];

/// Trap sites: (offset, code).
const SITES: &[(usize, TrapCode)] = &[
    (0x24, TrapCode::MemoryOutOfBounds),
    (0x44, TrapCode::Unreachable),
    (0x6c, TrapCode::IntegerDivisionByZero),
];

const PROLOGUE: [u8; 4] = [0x55, 0x48, 0x89, 0xe5]; // push rbp; mov rbp, rsp

fn machine_code() -> Vec<u8> {
    let mut code = vec![0xcc; 0x100]; // int3 padding
    let mut put = |at: usize, bytes: &[u8]| code[at..at + bytes.len()].copy_from_slice(bytes);
    // outer(rdi, rsi, rdx, rcx, r8): calls r8 with its arguments.
    put(0x00, &PROLOGUE);
    put(0x04, &[0x41, 0xff, 0xd0, 0x5d, 0xc3]); // call r8; pop rbp; ret
    // load(rdi): mov rax, [rdi] (a trap site).
    put(0x20, &PROLOGUE);
    put(0x24, &[0x48, 0x8b, 0x07, 0x5d, 0xc3]);
    // unreachable: ud2.
    put(0x40, &PROLOGUE);
    put(0x44, &[0x0f, 0x0b]);
    // div: ecx = 0; eax = 1; cdq; idiv ecx.
    put(0x60, &PROLOGUE);
    put(0x64, &[0x31, 0xc9, 0xb8, 1, 0, 0, 0, 0x99]);
    put(0x6c, &[0xf7, 0xf9, 0x5d, 0xc3]);
    // call_host(rdi, rsi = host fn): call rsi.
    put(0x80, &PROLOGUE);
    put(0x84, &[0xff, 0xd6, 0x5d, 0xc3]);
    // raise(rdi = vmctx, rsi = trap, rdx = raise): call rdx; ud2.
    put(0xa0, &PROLOGUE);
    put(0xa4, &[0xff, 0xd2, 0x0f, 0x0b]);
    // load_no_site(rdi): mov rax, [rdi], not declared as a trap site.
    put(0xc0, &PROLOGUE);
    put(0xc4, &[0x48, 0x8b, 0x07, 0x5d, 0xc3]);
    code
}

struct TestCode {
    start: usize,
}

impl CodeInfo for TestCode {
    fn trap_code(&self, pc: usize) -> Option<TrapCode> {
        let off = pc.checked_sub(self.start)?;
        SITES.iter().find(|s| s.0 == off).map(|s| s.1)
    }

    fn frame(&self, pc: usize) -> Option<FrameInfo> {
        let off = pc.checked_sub(self.start)?;
        let i = FUNCS.iter().position(|f| (f.0..f.1).contains(&off))?;
        Some(FrameInfo {
            func_index: i as u32,
            func_name: Some(FUNCS[i].2.into()),
            module_offset: Some(off as u32),
        })
    }
}

/// The mapped, registered test code.
struct Code {
    map: memmap2::Mmap,
    _registration: CodeRegistration,
}

type Entry = unsafe extern "C" fn(usize, usize, usize, usize, usize) -> usize;

impl Code {
    fn new() -> Code {
        let bytes = machine_code();
        let mut map = memmap2::MmapMut::map_anon(bytes.len()).unwrap();
        map.copy_from_slice(&bytes);
        let map = map.make_exec().unwrap();
        let start = map.as_ptr() as usize;
        let registration = register_code(start..start + map.len(), Arc::new(TestCode { start }));
        Code {
            map,
            _registration: registration,
        }
    }

    fn range(&self) -> Range<usize> {
        let start = self.map.as_ptr() as usize;
        start..start + self.map.len()
    }

    fn func(&self, name: &str) -> Entry {
        let f = FUNCS.iter().find(|f| f.2 == name).unwrap();
        // SAFETY: the offset is the start of a function in the executable
        // mapping, which follows the System V convention.
        unsafe { std::mem::transmute::<*const u8, Entry>(self.map.as_ptr().add(f.0)) }
    }

    /// Calls function `name` with `args` inside `catch_traps`.
    fn run(&self, store: &mut VMStoreContext, name: &str, args: [usize; 5]) -> Result<usize, Trap> {
        let f = self.func(name);
        let mut out = 0;
        // SAFETY: `store` is live; the test functions keep frame pointers
        // and are registered; the closure owns nothing with a destructor.
        unsafe {
            catch_traps(store, || {
                out = f(args[0], args[1], args[2], args[3], args[4])
            })?;
        }
        Ok(out)
    }
}

fn frames(t: &Trap) -> Vec<(&str, u32)> {
    t.backtrace()
        .iter()
        .map(|f| (f.func_name.as_deref().unwrap(), f.module_offset.unwrap()))
        .collect()
}

fn code() -> &'static Code {
    static CODE: std::sync::OnceLock<Code> = std::sync::OnceLock::new();
    CODE.get_or_init(Code::new)
}

#[test]
fn faults_at_trap_sites_become_traps_with_backtraces() {
    let code = code();
    let mut store = VMStoreContext::default();
    let t = code.run(&mut store, "unreachable", [0; 5]).unwrap_err();
    assert_eq!(t.code(), Some(TrapCode::Unreachable));
    assert_eq!(frames(&t), [("unreachable", 0x44)]);
    assert_eq!(
        t.to_string(),
        "unreachable\nwasm backtrace:\n    0: unreachable (func 2) @ 0x44"
    );

    let t = code.run(&mut store, "load", [0; 5]).unwrap_err();
    assert_eq!(t.code(), Some(TrapCode::MemoryOutOfBounds));
    assert_eq!(frames(&t), [("load", 0x24)]);

    let t = code.run(&mut store, "div", [0; 5]).unwrap_err();
    assert_eq!(t.code(), Some(TrapCode::IntegerDivisionByZero));

    // Through a caller: the call's offset (return address - 1) for it.
    let inner = code.func("unreachable") as usize;
    let t = code
        .run(&mut store, "outer", [0, 0, 0, 0, inner])
        .unwrap_err();
    assert_eq!(frames(&t), [("unreachable", 0x44), ("outer", 0x06)]);
}

#[test]
fn a_guard_page_fault_is_out_of_bounds() {
    let code = code();
    let mem = brisk_vm::LinearMemory::new(&brisk_parser::MemoryType {
        initial: 1,
        maximum: None,
        memory64: false,
        shared: false,
    })
    .unwrap();
    let mut store = VMStoreContext::default();
    let inside = mem.base() as usize + 8;
    assert!(code.run(&mut store, "load", [inside, 0, 0, 0, 0]).is_ok());
    let past = mem.base() as usize + brisk_vm::WASM_PAGE_SIZE;
    let t = code
        .run(&mut store, "load", [past, 0, 0, 0, 0])
        .unwrap_err();
    assert_eq!(t.code(), Some(TrapCode::MemoryOutOfBounds));
    let far = mem.base() as usize + brisk_vm::RESERVATION_32 + 4096;
    let t = code.run(&mut store, "load", [far, 0, 0, 0, 0]).unwrap_err();
    assert_eq!(t.code(), Some(TrapCode::MemoryOutOfBounds));
}

#[test]
fn raise_unwinds_with_the_callers_frames() {
    let code = code();
    let mut store = VMStoreContext::default();
    let raise = BUILTINS.raise as *const () as usize;
    let trap = Trap::new(TrapCode::TableOutOfBounds).into_raw() as usize;
    let t = code
        .run(&mut store, "raise", [0, trap, raise, 0, 0])
        .unwrap_err();
    assert_eq!(t.code(), Some(TrapCode::TableOutOfBounds));
    assert_eq!(frames(&t), [("raise", 0xa5)]);

    // A trap that already has frames (from an inner activation) keeps
    // them, innermost first, and gains this activation's.
    let mut inner = Trap::new(TrapCode::StackOverflow);
    inner.push_frame(FrameInfo {
        func_index: 9,
        func_name: Some("deeper".into()),
        module_offset: Some(1),
    });
    let trap = inner.into_raw() as usize;
    let via = code.func("raise") as usize;
    let t = code
        .run(&mut store, "outer", [0, trap, raise, 0, via])
        .unwrap_err();
    assert_eq!(t.code(), Some(TrapCode::StackOverflow));
    assert_eq!(
        frames(&t),
        [("deeper", 1), ("raise", 0xa5), ("outer", 0x06)]
    );

    // A null trap is an internal error, not a crash.
    let t = code
        .run(&mut store, "raise", [0, 0, raise, 0, 0])
        .unwrap_err();
    assert!(t.to_string().contains("without a trap"), "{t}");
}

#[test]
fn many_traps_leave_the_host_working() {
    let code = code();
    let mut store = VMStoreContext::default();
    let names = ["unreachable", "load", "div"];
    for i in 0..10_000 {
        let t = code.run(&mut store, names[i % 3], [0; 5]).unwrap_err();
        assert!(t.code().is_some());
    }
    let word = 7u64;
    let ok = code.run(
        &mut store,
        "load",
        [&word as *const u64 as usize, 0, 0, 0, 0],
    );
    assert_eq!(ok.unwrap(), 7);
    // Traps on several threads at once, each with its own alternate stack.
    let threads: Vec<_> = (0..4)
        .map(|_| {
            std::thread::spawn(|| {
                let mut store = VMStoreContext::default();
                for _ in 0..1000 {
                    let t = self::code()
                        .run(&mut store, "unreachable", [0; 5])
                        .unwrap_err();
                    assert_eq!(t.code(), Some(TrapCode::Unreachable));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn store_limits_are_set_and_restored() {
    let code = code();
    let mut store = VMStoreContext {
        call_depth: 5,
        ..VMStoreContext::default()
    };
    let sp = &store as *const _ as usize;
    let p: *mut VMStoreContext = &mut store;
    let mut seen_limit = 0;
    let f = code.func("unreachable");
    // SAFETY: as in `Code::run`; `p` is the live store.
    let r = unsafe {
        catch_traps(p, || {
            seen_limit = (*p).stack_limit;
            (*p).call_depth = 40;
            f(0, 0, 0, 0, 0);
        })
    };
    assert_eq!(r.unwrap_err().code(), Some(TrapCode::Unreachable));
    assert!(seen_limit < sp && sp - seen_limit <= brisk_vm::traphandlers::MAX_WASM_STACK + 4096);
    assert_eq!(store.stack_limit, 0, "restored");
    assert_eq!(store.call_depth, 5, "restored after a trap");

    // A limit already set (an outer activation's) is kept.
    store.stack_limit = 1234;
    assert!(code.run(&mut store, "load", [sp, 0, 0, 0, 0]).is_ok());
    assert_eq!(store.stack_limit, 1234);
}

thread_local! {
    static INNER: std::cell::RefCell<Option<Result<usize, Trap>>> = const { std::cell::RefCell::new(None) };
}

/// A host function called from "wasm": enters wasm again, which traps.
extern "C" fn host_reenters(_: usize) {
    let mut store = VMStoreContext::default();
    let r = code().run(&mut store, "unreachable", [0; 5]);
    INNER.with(|i| *i.borrow_mut() = Some(r));
}

#[test]
fn nested_activations_catch_their_own_traps() {
    let code = code();
    let mut store = VMStoreContext::default();
    let host = host_reenters as *const () as usize;
    // wasm → host → wasm (trap): the inner catch_traps gets it, the outer
    // call returns normally.
    assert!(
        code.run(&mut store, "call_host", [0, host, 0, 0, 0])
            .is_ok()
    );
    let inner = INNER.with(|i| i.borrow_mut().take()).unwrap().unwrap_err();
    assert_eq!(
        frames(&inner),
        [("unreachable", 0x44)],
        "stops at the host frame"
    );

    // Nested directly: each level catches its own.
    let f = code.func("unreachable");
    let mut inner = None;
    // SAFETY: as in `Code::run`.
    let outer = unsafe {
        catch_traps(&mut store, || {
            let mut s2 = VMStoreContext::default();
            inner = Some(catch_traps(&mut s2, || {
                f(0, 0, 0, 0, 0);
            }));
            f(0, 0, 0, 0, 0);
        })
    };
    assert_eq!(
        inner.unwrap().unwrap_err().code(),
        Some(TrapCode::Unreachable)
    );
    assert_eq!(outer.unwrap_err().code(), Some(TrapCode::Unreachable));
}

#[test]
fn panics_propagate_and_leave_no_activation() {
    let code = code();
    let mut store = VMStoreContext::default();
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: nothing runs but the panicking closure.
        unsafe { catch_traps(&mut store, || panic!("host panic")) }
    }));
    assert_eq!(*r.unwrap_err().downcast::<&str>().unwrap(), "host panic");
    assert!(code.run(&mut store, "unreachable", [0; 5]).is_err());
}

#[test]
fn registry_lookup_and_unregistration() {
    let code = code();
    assert!(is_wasm_code(code.range().start + 0x44));
    assert!(!is_wasm_code(code.range().end));
    let page = [0u8; 64];
    let start = page.as_ptr() as usize;
    let reg = register_code(start..start + 64, Arc::new(TestCode { start }));
    assert!(is_wasm_code(start + 63));
    let overlap = std::panic::catch_unwind(|| {
        let _r = register_code(start + 8..start + 9, Arc::new(TestCode { start }));
    });
    assert!(overlap.is_err(), "overlapping ranges are refused");
    // An empty range (a module without code) registers nothing, even
    // inside a registered one, and unregisters nothing when dropped.
    let empty = register_code(start + 8..start + 8, Arc::new(TestCode { start }));
    assert!(!is_wasm_code(start + 64));
    drop(empty);
    assert!(is_wasm_code(start + 8));
    drop(reg);
    assert!(!is_wasm_code(start));
}

/// A host function (Rust, called from wasm) with a null dereference.
extern "C" fn host_null_deref(_: usize) {
    let p = std::hint::black_box(0usize) as *const u64;
    // SAFETY: not safe at all: this is the host bug the test needs (the
    // address is hidden from the optimiser; the load must happen).
    let v = unsafe { std::ptr::read_volatile(p) };
    std::hint::black_box(v);
}

/// In the child: run the scenario `what`; returning means the fault was
/// swallowed (the parent then sees exit code 0, not SIGSEGV).
fn child(what: &str) {
    let code = code();
    let mut store = VMStoreContext::default();
    match what {
        "host_null" => {
            let host = host_null_deref as *const () as usize;
            let _ = code.run(&mut store, "call_host", [0, host, 0, 0, 0]);
        }
        "wasm_not_a_site" => {
            let _ = code.run(&mut store, "load_no_site", [0; 5]);
        }
        "outside" => {
            let _ = code.run(&mut store, "unreachable", [0; 5]); // installs handlers
            host_null_deref(0);
        }
        "previous_handler" => {
            extern "C" fn previous(_: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
                // SAFETY: _exit is async-signal-safe.
                unsafe { libc::_exit(42) }
            }
            // SAFETY: installs a plain SA_SIGINFO handler before brisk's.
            unsafe {
                let mut a: libc::sigaction = std::mem::zeroed();
                a.sa_sigaction = previous as *const () as usize;
                a.sa_flags = libc::SA_SIGINFO;
                libc::sigaction(libc::SIGSEGV, &a, std::ptr::null_mut());
            }
            let host = host_null_deref as *const () as usize;
            let _ = code.run(&mut store, "call_host", [0, host, 0, 0, 0]);
        }
        other => panic!("unknown child scenario {other}"),
    }
}

/// Runs this test binary's `test` in a child process with scenario `what`.
fn run_child(test: &str, what: &str) -> std::process::ExitStatus {
    if let Ok(w) = std::env::var("BRISK_VM_CHILD") {
        child(&w);
        std::process::exit(0);
    }
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("BRISK_VM_CHILD", what)
        .status()
        .unwrap()
}

#[test]
fn host_fault_called_from_wasm_still_crashes() {
    let status = run_child(
        "traps::host_fault_called_from_wasm_still_crashes",
        "host_null",
    );
    assert_eq!(status.signal(), Some(libc::SIGSEGV), "{status:?}");
}

#[test]
fn wasm_fault_that_is_not_a_trap_site_still_crashes() {
    let status = run_child(
        "traps::wasm_fault_that_is_not_a_trap_site_still_crashes",
        "wasm_not_a_site",
    );
    assert_eq!(status.signal(), Some(libc::SIGSEGV), "{status:?}");
}

#[test]
fn fault_outside_wasm_still_crashes() {
    let status = run_child("traps::fault_outside_wasm_still_crashes", "outside");
    assert_eq!(status.signal(), Some(libc::SIGSEGV), "{status:?}");
}

#[test]
fn host_faults_go_to_the_previous_handler() {
    let status = run_child(
        "traps::host_faults_go_to_the_previous_handler",
        "previous_handler",
    );
    assert_eq!(status.code(), Some(42), "{status:?}");
}
