//! Host functions with a `Caller`: the caller's memory, store data,
//! errors that come back as traps, re-entry into wasm.

use brisk_runtime::*;

#[derive(Default)]
struct State {
    log: Vec<String>,
    calls: u32,
}

const GUEST: &str = r#"(module
    (import "host" "upper" (func $upper (param i32 i32)))
    (import "host" "fail" (func $fail (param i32) (result i32)))
    (import "host" "again" (func $again (param i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 32) "hello")
    (func (export "shout") (result i32)
      (call $upper (i32.const 32) (i32.const 5))
      (i32.load8_u (i32.const 32)))
    (func (export "try") (param i32) (result i32) (call $fail (local.get 0)))
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add
          (call $again (i32.sub (local.get 0) (i32.const 1)))
          (call $again (i32.sub (local.get 0) (i32.const 2))))))))"#;

#[derive(Debug)]
struct Refused(i32);
impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused {}", self.0)
    }
}
impl std::error::Error for Refused {}

fn setup() -> (Store<State>, Instance) {
    let engine = Engine::default();
    let module = Module::new(&engine, GUEST).unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap(
        "host",
        "upper",
        |mut caller: Caller<'_, State>, ptr: u32, len: u32| -> Result<(), Error> {
            let mem = caller
                .get_export("memory")
                .and_then(Extern::into_memory)
                .ok_or_else(|| Error::msg("no memory"))?;
            let mut buf = vec![0; len as usize];
            mem.read(&caller, ptr as usize, &mut buf)?;
            caller
                .data_mut()
                .log
                .push(String::from_utf8_lossy(&buf).into_owned());
            buf.make_ascii_uppercase();
            mem.write(&mut caller, ptr as usize, &buf)?;
            caller.data_mut().calls += 1;
            Ok(())
        },
    );
    linker.func_wrap("host", "fail", |x: i32| -> Result<i32, Error> {
        if x < 0 {
            Err(Error::new(Refused(x)))
        } else {
            Ok(x * 2)
        }
    });
    linker.func_wrap(
        "host",
        "again",
        |mut caller: Caller<'_, State>, n: i32| -> Result<i32, Error> {
            caller.data_mut().calls += 1;
            // Re-enter the calling instance's own export.
            let fib = caller
                .get_export("fib")
                .and_then(Extern::into_func)
                .ok_or_else(|| Error::msg("no fib"))?;
            fib.typed::<i32, i32>(&caller)?.call(&mut caller, n)
        },
    );
    let mut store = Store::new(&engine, State::default());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    (store, instance)
}

#[test]
fn host_reads_and_writes_the_callers_memory_and_store_data() {
    let (mut store, i) = setup();
    let shout = i.get_typed_func::<(), i32>(&mut store, "shout").unwrap();
    assert_eq!(shout.call(&mut store, ()).unwrap(), i32::from(b'H'));
    let mem = i.get_memory(&mut store, "memory").unwrap();
    assert_eq!(&mem.data(&store)[32..37], b"HELLO");
    assert_eq!(store.data().log, ["hello"]);
    shout.call(&mut store, ()).unwrap();
    assert_eq!(store.data().log, ["hello", "HELLO"]);
    assert_eq!(store.data().calls, 2);
}

#[test]
fn host_errors_come_back_as_traps_holding_the_error() {
    let (mut store, i) = setup();
    let f = i.get_typed_func::<i32, i32>(&mut store, "try").unwrap();
    assert_eq!(f.call(&mut store, 21).unwrap(), 42);
    let err = f.call(&mut store, -5).unwrap_err();
    let trap = err.as_trap().expect("a trap");
    assert_eq!(trap.code(), None);
    assert_eq!(trap.message(), "refused -5");
    assert!(!trap.backtrace().is_empty(), "{trap}");
    assert_eq!(err.downcast_ref::<Refused>().map(|r| r.0), Some(-5));
    assert!(err.downcast_ref::<std::io::Error>().is_none());
    // The store still works.
    assert_eq!(f.call(&mut store, 1).unwrap(), 2);
}

#[test]
fn host_calls_back_into_wasm_through_the_caller() {
    let (mut store, i) = setup();
    let fib = i.get_typed_func::<i32, i32>(&mut store, "fib").unwrap();
    assert_eq!(fib.call(&mut store, 10).unwrap(), 55);
    // fib(n) for n >= 2 makes two host calls; fib(10) makes 176.
    assert_eq!(store.data().calls, 176);
}

#[test]
fn nested_host_errors_and_traps_propagate() {
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
            (import "host" "call" (func $call (param i32) (result i32)))
            (func (export "outer") (param i32) (result i32) (call $call (local.get 0)))
            (func (export "inner") (param i32) (result i32)
              (if (i32.eqz (local.get 0)) (then unreachable))
              (i32.div_u (i32.const 100) (local.get 0))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap(
        "host",
        "call",
        |mut caller: Caller<'_, ()>, x: i32| -> Result<i32, Error> {
            let inner = caller
                .get_export("inner")
                .and_then(Extern::into_func)
                .ok_or_else(|| Error::msg("no inner"))?;
            let mut out = [Val::I32(0)];
            inner.call(&mut caller, &[Val::I32(x)], &mut out)?;
            Ok(out[0].i32().unwrap_or(0) + 1)
        },
    );
    let mut store = Store::new(&engine, ());
    let i = linker.instantiate(&mut store, &module).unwrap();
    let outer = i.get_typed_func::<i32, i32>(&mut store, "outer").unwrap();
    assert_eq!(outer.call(&mut store, 4).unwrap(), 26);
    let err = outer.call(&mut store, 0).unwrap_err();
    assert_eq!(err.trap_code(), Some(TrapCode::Unreachable), "{err}");
    assert_eq!(outer.call(&mut store, 50).unwrap(), 3);
}

#[test]
fn func_wrap_with_caller_outside_wasm_and_handles_through_caller() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 7u64);
    let g = Global::new(
        &mut store,
        GlobalType {
            content_type: ValType::I64,
            mutable: true,
        },
        Val::I64(1),
    )
    .unwrap();
    let f = Func::wrap(&mut store, move |mut caller: Caller<'_, u64>, x: i64| {
        // No calling instance when the host calls directly.
        assert!(caller.get_export("anything").is_none());
        *caller.data_mut() += 1;
        let old = g.get(&caller).i64().unwrap_or(0);
        g.set(&mut caller, Val::I64(old + x)).map(|()| old)
    });
    let typed = f.typed::<i64, i64>(&store).unwrap();
    assert_eq!(typed.call(&mut store, 10).unwrap(), 1);
    assert_eq!(typed.call(&mut store, 10).unwrap(), 11);
    assert_eq!(g.get(&store), Val::I64(21));
    assert_eq!(*store.data(), 9);
}

#[test]
fn memory_and_store_data_borrowed_together() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, Vec::<u8>::new());
    let mut linker = Linker::new(&engine);
    // Copies guest bytes [ptr, ptr+len) into the store data and overwrites
    // them with '*' — both borrows live at once.
    linker.func_wrap(
        "host",
        "take",
        |mut caller: Caller<'_, Vec<u8>>, ptr: i32, len: i32| {
            let mem = caller.get_export("memory").unwrap().into_memory().unwrap();
            let (bytes, taken) = mem.data_and_store_mut(&mut caller);
            let range = ptr as usize..(ptr + len) as usize;
            taken.extend_from_slice(&bytes[range.clone()]);
            bytes[range].fill(b'*');
        },
    );
    let m = Module::new(
        &engine,
        r#"(module (import "host" "take" (func $take (param i32 i32)))
             (memory (export "memory") 1) (data (i32.const 16) "brisk")
             (func (export "run") (call $take (i32.const 16) (i32.const 5))))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    i.get_typed_func::<(), ()>(&mut store, "run")
        .unwrap()
        .call(&mut store, ())
        .unwrap();
    assert_eq!(store.data().as_slice(), b"brisk");
    let mem = i.get_memory(&mut store, "memory").unwrap();
    assert_eq!(&mem.data(&store)[16..21], b"*****");
}
