//! Linking: unknown and incompatible imports, register-style naming.

use brisk_runtime::*;

#[test]
fn link_errors_name_module_field_and_types() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    spectest::define(&mut linker, &mut store).unwrap();

    let m = Module::new(&engine, r#"(module (import "spectest" "nope" (func)))"#).unwrap();
    let err = linker.instantiate(&mut store, &m).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown import: `spectest::nope` has not been defined (expected func [] -> [], found nothing)"
    );
    assert!(!err.is_limit());
    assert_eq!(err.exit_code(), None);

    let m = Module::new(
        &engine,
        r#"(module (import "spectest" "print_i32" (func (param i64))))"#,
    )
    .unwrap();
    let err = linker.instantiate(&mut store, &m).unwrap_err();
    assert_eq!(
        err.to_string(),
        "incompatible import type for `spectest::print_i32`: expected func [i64] -> [], found func [i32] -> []"
    );

    for (wat, found) in [
        (
            r#"(module (import "spectest" "memory" (memory 3)))"#,
            "memory 1..2",
        ),
        (
            r#"(module (import "spectest" "memory" (memory 1 1)))"#,
            "memory 1..2",
        ),
        (
            r#"(module (import "spectest" "table" (table 10 15 funcref)))"#,
            "table funcref 10..20",
        ),
        (
            r#"(module (import "spectest" "global_i32" (global (mut i32))))"#,
            "global i32",
        ),
        (
            r#"(module (import "spectest" "global_i32" (func)))"#,
            "global i32",
        ),
    ] {
        let m = Module::new(&engine, wat).unwrap();
        let err = linker.instantiate(&mut store, &m).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("incompatible import type"), "{msg}");
        assert!(msg.ends_with(&format!("found {found}")), "{msg}");
    }
    let m = Module::new(
        &engine,
        r#"(module (import "spectest" "memory" (memory 1 3)))"#,
    )
    .unwrap();
    linker.instantiate(&mut store, &m).unwrap();
}

#[test]
fn registered_instances_share_state() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    let a = Module::new(
        &engine,
        r#"(module (memory (export "mem") 1 4) (global (export "g") (mut i32) (i32.const 5)))"#,
    )
    .unwrap();
    let ia = linker.instantiate(&mut store, &a).unwrap();
    linker.instance(&mut store, "A", &ia);
    let b = Module::new(
        &engine,
        r#"(module (import "A" "mem" (memory 1)) (import "A" "g" (global (mut i32)))
            (export "m2" (memory 0)) (export "g2" (global 0))
            (data (i32.const 3) "!"))"#,
    )
    .unwrap();
    let ib = linker.instantiate(&mut store, &b).unwrap();
    let mem = ia.get_memory(&mut store, "mem").unwrap();
    assert_eq!(mem.data_mut(&mut store)[3], b'!');
    let m2 = ib.get_memory(&mut store, "m2").unwrap();
    assert_eq!(m2.grow(&mut store, 2).unwrap(), 1);
    assert_eq!(mem.size(&mut store), 3, "grown through the importer");
    assert!(m2.grow(&mut store, 2).is_err(), "max 4");
    let g2 = ib.get_global(&mut store, "g2").unwrap();
    g2.set(&mut store, Val::I32(77)).unwrap();
    let g = ia.get_global(&mut store, "g").unwrap();
    assert_eq!(g.get(&store), Val::I32(77));
}

#[test]
fn an_exit_request_unwinds_wasm_and_reports_its_status() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "exit", |code: i32| -> Result<(), Error> {
        Err(Error::new(I32Exit(code)))
    });
    let m = Module::new(
        &engine,
        r#"(module (import "env" "exit" (func $exit (param i32)))
             (func (export "main") (call $exit (i32.const 7)) unreachable))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let main = i.get_typed_func::<(), ()>(&mut store, "main").unwrap();
    let err = main.call(&mut store, ()).unwrap_err();
    // Not the `unreachable` after the call: the exit unwound wasm.
    assert_eq!(err.exit_code(), Some(7));
    assert_eq!(err.trap_code(), None);
    assert!(!err.is_limit());
}
