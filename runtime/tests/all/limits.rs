//! Store limits on linear memory and tables: growth past them gives -1
//! and changes nothing; instantiation past them fails naming the memory or
//! table and both sizes.

use brisk_runtime::*;

const PAGE: u64 = 65536;

fn limited(limits: StoreLimits) -> (Engine, Store<()>) {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    store.limiter(limits);
    (engine, store)
}

#[test]
fn memory_grow_past_the_limit_returns_minus_one_and_changes_nothing() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().memory_size(3 * PAGE).build());
    let m = Module::new(
        &engine,
        r#"(module (memory (export "m") 1)
            (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
            (func (export "size") (result i32) memory.size))"#,
    )
    .unwrap();
    let i = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let grow = i.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let size = i.get_typed_func::<(), i32>(&mut store, "size").unwrap();
    let mem = i.get_memory(&mut store, "m").unwrap();
    mem.data_mut(&mut store)[PAGE as usize - 1] = 9;

    assert_eq!(grow.call(&mut store, 3).unwrap(), -1, "1 + 3 pages > 3");
    assert_eq!(size.call(&mut store, ()).unwrap(), 1);
    assert_eq!(mem.data_size(&store), PAGE as usize);
    assert_eq!(grow.call(&mut store, 2).unwrap(), 1, "exactly at the limit");
    assert_eq!(size.call(&mut store, ()).unwrap(), 3);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    assert_eq!(mem.size(&store), 3);
    assert_eq!(mem.data(&store)[PAGE as usize - 1], 9, "contents kept");
    // The host's grow obeys the same limit.
    assert!(mem.grow(&mut store, 1).is_err());
    assert_eq!(mem.grow(&mut store, 0).unwrap(), 3);
    assert_eq!(store.limits().memory_size(), Some(3 * PAGE));
}

#[test]
fn instantiation_over_the_memory_limit_names_the_memory_and_sizes() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().memory_size(2 * PAGE).build());
    let host = Memory::new(
        &mut store,
        MemoryType {
            initial: 1,
            maximum: None,
            memory64: false,
            shared: false,
        },
    )
    .unwrap();
    let too_big = Module::new(&engine, r#"(module (memory (export "m") 3))"#).unwrap();
    let err = Linker::new(&engine)
        .instantiate(&mut store, &too_big)
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(
            err,
            Error::Vm(brisk_vm::Error::MemoryLimit {
                index: 0,
                requested: 196608,
                allowed: 131072
            })
        ),
        "{msg}"
    );
    assert!(
        msg.contains("memory 0") && msg.contains("196608") && msg.contains("131072"),
        "{msg}"
    );
    // A host memory over the limit is refused the same way.
    let big = MemoryType {
        initial: 3,
        maximum: None,
        memory64: false,
        shared: false,
    };
    assert!(Memory::new(&mut store, big).is_err());
    // The store still works: a module within the limit instantiates.
    let ok = Module::new(&engine, r#"(module (memory (export "m") 2))"#).unwrap();
    let i = Linker::new(&engine).instantiate(&mut store, &ok).unwrap();
    assert_eq!(i.get_memory(&mut store, "m").unwrap().size(&store), 2);
    assert_eq!(host.size(&store), 1);
}

#[test]
fn table_limits_at_growth_and_instantiation() {
    let (engine, mut store) = limited(StoreLimitsBuilder::new().table_elements(10).build());
    let m = Module::new(
        &engine,
        r#"(module (table (export "t") 4 funcref)
            (func (export "grow") (param i32) (result i32)
              (table.grow (ref.null func) (local.get 0))))"#,
    )
    .unwrap();
    let i = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let grow = i.get_typed_func::<i32, i32>(&mut store, "grow").unwrap();
    let t = i.get_table(&mut store, "t").unwrap();
    assert_eq!(grow.call(&mut store, 7).unwrap(), -1, "4 + 7 > 10");
    assert_eq!(t.size(&store), 4);
    assert_eq!(grow.call(&mut store, 6).unwrap(), 4);
    assert_eq!(t.size(&store), 10);
    assert_eq!(grow.call(&mut store, 1).unwrap(), -1);
    assert!(t.grow(&mut store, 1, Val::FuncRef(None)).is_err());
    assert_eq!(t.size(&store), 10);

    let big = Module::new(
        &engine,
        r#"(module (import "x" "t" (table 1 funcref)) (table 11 externref))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    linker.define("x", "t", t);
    let err = linker.instantiate(&mut store, &big).unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(
            err,
            Error::Vm(brisk_vm::Error::TableLimit {
                index: 1,
                requested: 11,
                allowed: 10
            })
        ),
        "{msg}"
    );
    assert!(
        msg.contains("table 1") && msg.contains("11") && msg.contains("10"),
        "{msg}"
    );
}

#[test]
fn unlimited_by_default() {
    let engine = Engine::default();
    let mut store = Store::new(&engine, ());
    assert_eq!(store.limits(), StoreLimits::default());
    let m = Module::new(&engine, r#"(module (memory (export "m") 100))"#).unwrap();
    let i = Linker::new(&engine).instantiate(&mut store, &m).unwrap();
    let mem = i.get_memory(&mut store, "m").unwrap();
    assert_eq!(mem.grow(&mut store, 100).unwrap(), 100);
}
