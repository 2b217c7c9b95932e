//! Instantiation: globals, element and data segments, their traps.

use brisk_runtime::*;

fn setup() -> (Engine, Store<()>, Linker<()>) {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    let mut linker = Linker::new(&engine);
    spectest::define(&mut linker, &mut store).unwrap();
    (engine, store, linker)
}

#[test]
fn globals_from_constant_expressions() {
    let (engine, mut store, linker) = setup();
    let m = Module::new(
        &engine,
        r#"(module
            (import "spectest" "global_i32" (global $g i32))
            (global (export "a") i32 (global.get $g))
            (global (export "b") (mut i64) (i64.const -7))
            (global (export "c") f64 (f64.const -0x1.8p1))
            (global (export "v") v128 (v128.const i32x4 1 2 3 4))
            (global (export "r") externref (ref.null extern)))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let g = |s: &mut Store<()>, n: &str| i.get_global(s, n).unwrap();
    assert_eq!(g(&mut store, "a").get(&store), Val::I32(666));
    let b = g(&mut store, "b");
    assert_eq!(b.get(&store), Val::I64(-7));
    b.set(&mut store, Val::I64(9)).unwrap();
    assert_eq!(b.get(&store), Val::I64(9));
    assert!(b.set(&mut store, Val::I32(9)).is_err(), "type checked");
    assert!(
        g(&mut store, "a").set(&mut store, Val::I32(1)).is_err(),
        "immutable"
    );
    assert_eq!(g(&mut store, "c").get(&store).f64(), Some(-3.0));
    let v = 1u128 | 2 << 32 | 3 << 64 | 4 << 96;
    assert_eq!(g(&mut store, "v").get(&store), Val::V128(v));
    assert_eq!(g(&mut store, "r").get(&store), Val::ExternRef(None));
}

#[test]
fn data_segments_and_their_bounds() {
    let (engine, mut store, linker) = setup();
    let m = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
            (data (i32.const 0) "ab") (data (i32.const 65534) "cd"))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let mem = i.get_memory(&mut store, "m").unwrap();
    assert_eq!(&mem.data_mut(&mut store)[..2], b"ab");
    assert_eq!(&mem.data_mut(&mut store)[65534..], b"cd");

    // The spectest memory is shared: the first segment lands, the second
    // traps, and the first stays written.
    let m = Module::new(
        &engine,
        r#"(module (import "spectest" "memory" (memory 1))
            (data (i32.const 100) "xy") (data (i32.const 65535) "zz"))"#,
    )
    .unwrap();
    let err = linker.instantiate(&mut store, &m).unwrap_err();
    assert_eq!(
        err.as_trap().unwrap().code(),
        Some(TrapCode::MemoryOutOfBounds)
    );
    assert_eq!(err.to_string(), "out of bounds memory access");
    let Some(Extern::Memory(shared)) = linker.get(&mut store, "spectest", "memory") else {
        panic!("spectest memory")
    };
    assert_eq!(&shared.data_mut(&mut store)[100..102], b"xy");
}

#[test]
fn element_segments_and_their_bounds() {
    let (engine, mut store, linker) = setup();
    let m = Module::new(
        &engine,
        r#"(module
            (import "spectest" "print_i32" (func $p (param i32)))
            (table (export "t") 3 funcref)
            (elem (i32.const 1) $p $p)
            (elem declare func $p))"#,
    )
    .unwrap();
    let i = linker.instantiate(&mut store, &m).unwrap();
    let t = i.get_table(&mut store, "t").unwrap();
    assert_eq!(t.get(&mut store, 0), Some(Val::FuncRef(None)));
    let Some(Val::FuncRef(Some(f))) = t.get(&mut store, 1) else {
        panic!("element 1 is set")
    };
    assert_eq!(f.ty(&store).to_string(), "[i32] -> []");
    assert_eq!(t.get(&mut store, 3), None);
    assert_eq!(t.grow(&mut store, 2, Val::FuncRef(Some(f))).unwrap(), 3);
    assert_eq!(t.get(&mut store, 4), Some(Val::FuncRef(Some(f))));

    let m = Module::new(
        &engine,
        r#"(module (table 2 funcref) (func $f) (elem (i32.const 2) $f))"#,
    )
    .unwrap();
    let err = linker.instantiate(&mut store, &m).unwrap_err();
    assert_eq!(err.to_string(), "out of bounds table access");
    // A zero-length segment just past the end is fine.
    let m = Module::new(
        &engine,
        r#"(module (table 2 funcref) (elem (i32.const 2)))"#,
    )
    .unwrap();
    linker.instantiate(&mut store, &m).unwrap();
}
