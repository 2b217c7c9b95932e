//! Calling into interpreted code: exports, host imports, traps, start,
//! cross-instance calls through tables.

use brisk_runtime::*;

#[test]
fn wasm_calls_host_and_back() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "sq", |x: i64| x * x);
    let m = Module::new(
        &engine,
        r#"(module
            (import "env" "sq" (func $sq (param i64) (result i64)))
            (func (export "sum_sq") (param i64 i64) (result i64)
              (i64.add (call $sq (local.get 0)) (call $sq (local.get 1))))
            (func (export "fac") (param i32) (result i32)
              (if (result i32) (i32.eqz (local.get 0))
                (then (i32.const 1))
                (else (i32.mul (local.get 0) (call 2 (i32.sub (local.get 0) (i32.const 1))))))))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let f = i.get_func(&mut store, "sum_sq").unwrap();
    let mut out = [Val::I64(0)];
    f.call(&mut store, &[Val::I64(3), Val::I64(4)], &mut out)
        .unwrap();
    assert_eq!(out[0], Val::I64(25));
    let fac = i
        .get_func(&mut store, "fac")
        .unwrap()
        .typed::<(i32,), (i32,)>(&store)
        .unwrap();
    assert_eq!(fac.call(&mut store, (10,)).unwrap(), (3628800,));
}

#[test]
fn traps_carry_messages_and_backtraces() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let m = Module::new(
        &engine,
        r#"(module
            (func $inner (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0)))
            (func (export "outer") (result i32) (call $inner (i32.const 0)))
            (func $rec (export "rec") (call $rec)))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let outer = i.get_func(&mut store, "outer").unwrap();
    let err = outer.call(&mut store, &[], &mut [Val::I32(0)]).unwrap_err();
    let trap = err.as_trap().unwrap();
    assert_eq!(trap.code(), Some(TrapCode::IntegerDivisionByZero));
    assert_eq!(trap.backtrace().len(), 2, "{trap}");
    assert_eq!(trap.backtrace()[0].func_index, 0);
    assert_eq!(trap.backtrace()[0].func_name.as_deref(), Some("inner"));
    assert!(
        trap.to_string()
            .starts_with("integer divide by zero\nwasm backtrace:\n    0: inner (func 0)"),
        "{trap}"
    );

    let rec = i.get_func(&mut store, "rec").unwrap();
    let err = rec.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.as_trap().unwrap().code(), Some(TrapCode::StackOverflow));
    // The store still works after a trap.
    let div = i.get_func(&mut store, "div").unwrap();
    let mut out = [Val::I32(0)];
    div.call(&mut store, &[Val::I32(1)], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(1));
}

#[test]
fn start_functions_and_cross_instance_tables() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let a = Module::new(
        &engine,
        r#"(module
            (table (export "t") 2 funcref)
            (global (export "g") (mut i32) (i32.const 0))
            (func $seven (result i32) (i32.const 7))
            (func $start (global.set 0 (i32.const 99)))
            (elem (i32.const 0) $seven)
            (start $start))"#,
    )
    .unwrap();
    let ia = linker.instantiate(&mut store, &a).unwrap();
    assert_eq!(
        ia.get_global(&mut store, "g").unwrap().get(&store),
        Val::I32(99)
    );
    linker.instance(&mut store, "A", &ia);
    let b = Module::new(
        &engine,
        r#"(module
            (import "A" "t" (table 2 funcref))
            (type $r (func (result i32)))
            (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))"#,
    )
    .unwrap();
    let ib = linker.instantiate(&mut store, &b).unwrap();
    let call = ib.get_func(&mut store, "call").unwrap();
    let mut out = [Val::I32(0)];
    call.call(&mut store, &[Val::I32(0)], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(7));
    let err = call.call(&mut store, &[Val::I32(1)], &mut out).unwrap_err();
    assert_eq!(
        err.to_string().lines().next(),
        Some("uninitialized element")
    );
    let err = call.call(&mut store, &[Val::I32(2)], &mut out).unwrap_err();
    assert_eq!(err.to_string().lines().next(), Some("undefined element"));

    let trapping = Module::new(&engine, r#"(module (func $s unreachable) (start $s))"#).unwrap();
    let err = linker.instantiate(&mut store, &trapping).unwrap_err();
    assert_eq!(err.as_trap().unwrap().code(), Some(TrapCode::Unreachable));
}
