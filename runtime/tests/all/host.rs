//! Host functions: typed closures, `Val` closures, traps, externrefs.

use brisk_runtime::*;

#[test]
fn typed_and_dynamic_host_functions() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let add = Func::wrap(&mut store, |a: i32, b: i64| i64::from(a) + b);
    assert_eq!(add.ty(&store).to_string(), "[i32 i64] -> [i64]");
    let mut out = [Val::I64(0)];
    add.call(&mut store, &[Val::I32(2), Val::I64(40)], &mut out)
        .unwrap();
    assert_eq!(out[0], Val::I64(42));
    let err = add.call(&mut store, &[Val::I32(2)], &mut out).unwrap_err();
    assert!(matches!(err, Error::TypeMismatch(_)), "{err}");
    let err = add
        .call(&mut store, &[Val::I64(2), Val::I64(2)], &mut out)
        .unwrap_err();
    assert!(matches!(err, Error::TypeMismatch(_)), "{err}");

    let fail = Func::wrap(&mut store, || -> Result<(), Trap> {
        Err(Trap::new(TrapCode::IntegerOverflow))
    });
    let err = fail.call(&mut store, &[], &mut []).unwrap_err();
    assert_eq!(err.to_string(), "integer overflow");

    let ty = FuncType::new([ValType::EXTERNREF], [ValType::EXTERNREF, ValType::F32]);
    let echo = Func::new(&mut store, ty, |_, args, results| {
        results[0] = args[0];
        results[1] = Val::from(1.5f32);
        Ok(())
    });
    let r = ExternRef::new(&mut store, 17u32);
    let mut out = [Val::I32(0), Val::I32(0)];
    echo.call(&mut store, &[Val::ExternRef(Some(r))], &mut out)
        .unwrap();
    assert_eq!(out[0], Val::ExternRef(Some(r)));
    assert_eq!(out[1].f32(), Some(1.5));
    let data = r.data(&store).unwrap().downcast_ref::<u32>();
    assert_eq!(data, Some(&17));

    let bad = Func::new(&mut store, FuncType::new([], [ValType::I32]), |_, _, r| {
        r[0] = Val::I64(1);
        Ok(())
    });
    let mut out = [Val::I32(0)];
    let err = bad.call(&mut store, &[], &mut out).unwrap_err();
    assert!(
        err.to_string().contains("returned i64 for a i32 result"),
        "{err}"
    );
}

#[test]
fn funcs_of_another_store_are_refused() {
    let engine = Engine::default();
    let mut s1 = Store::new(&engine, ());
    let mut s2 = Store::new(&engine, ());
    let f = Func::wrap(&mut s1, || {});
    assert!(f.call(&mut s2, &[], &mut []).is_err());
    let t = Table::new(
        &mut s2,
        TableType {
            element_type: RefType::FUNCREF,
            initial: 1,
            maximum: None,
            table64: false,
        },
        Val::FuncRef(None),
    )
    .unwrap();
    assert!(t.set(&mut s2, 0, Val::FuncRef(Some(f))).is_err());
}

#[test]
fn handles_and_stores_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Engine>();
    send_sync::<Module>();
    send_sync::<Func>();
    send_sync::<Memory>();
    send_sync::<Trap>();
    send::<Store<()>>();
    send::<Linker<()>>();
    send::<Error>();

    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module (func (export "f") (result i32) i32.const 5))"#,
    )
    .unwrap();
    let handle = std::thread::spawn(move || {
        let mut store = Store::new(&engine, ());
        let i = Linker::new(&engine)
            .instantiate(&mut store, &module)
            .unwrap();
        let f = i.get_func(&mut store, "f").unwrap();
        (store, f)
    });
    let (mut store, f) = handle.join().unwrap();
    let mut out = [Val::I32(0)];
    f.call(&mut store, &[], &mut out).unwrap();
    assert_eq!(out[0], Val::I32(5));
}

#[test]
fn val_host_functions_get_the_caller() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, 10i64);
    let mut linker = Linker::new(&engine);
    // Adds its argument to the store data and returns the byte at address 0
    // of the caller's memory.
    linker.func_new(
        "host",
        "acc",
        FuncType::new([ValType::I64], [ValType::I32]),
        |mut caller: Caller<'_, i64>, args, results| {
            *caller.data_mut() += args[0].i64().unwrap();
            let mem = caller.get_export("memory").unwrap().into_memory().unwrap();
            results[0] = Val::I32(i32::from(mem.data(&caller)[0]));
            Ok(())
        },
    );
    linker.func_new(
        "host",
        "fail",
        FuncType::new([], []),
        |_: Caller<'_, i64>, _, _| Err(Error::msg("no")),
    );
    let m = Module::new(
        &engine,
        r#"(module (import "host" "acc" (func $acc (param i64) (result i32)))
             (import "host" "fail" (func $fail))
             (memory (export "memory") 1) (data (i32.const 0) "\2a")
             (func (export "run") (result i32) (call $acc (i64.const 5)))
             (func (export "fail") (call $fail)))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let run = i.get_typed_func::<(), i32>(&mut store, "run").unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), 42);
    assert_eq!(*store.data(), 15);
    let fail = i.get_typed_func::<(), ()>(&mut store, "fail").unwrap();
    let err = fail.call(&mut store, ()).unwrap_err();
    assert!(err.to_string().starts_with("no\nwasm backtrace:"), "{err}");
}
