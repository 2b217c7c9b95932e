//! Copy-on-write memory images (compiled tier): instances of one module
//! each start from the data segments' contents, never see each other's
//! writes, and behave exactly as segment-by-segment initialisation would
//! (growth, `memory.init`/`data.drop` on active segments, traps, imported
//! memories). Every test runs in both tiers, the interpreter (which copies
//! segments) being the reference.

use brisk_runtime::*;

fn engines() -> Vec<(&'static str, Engine)> {
    let with = |s: Strategy, explicit: bool| {
        Engine::new(Config::new().strategy(s).explicit_bounds_checks(explicit))
    };
    vec![
        ("interpreter", with(Strategy::Interpreter, false)),
        ("compiled", with(Strategy::Compiled, false)),
        (
            "compiled, explicit bounds checks",
            with(Strategy::Compiled, true),
        ),
    ]
}

/// Two pages with data at the start of the second 4 KiB page and far into
/// the second wasm page; `peek`/`poke` byte access, `grow`, and
/// `init`/`drop` of the active segment 0 and the passive segment 2.
const MODULE: &str = r#"(module
    (memory (export "mem") 2 4)
    (data (i32.const 4096) "hello")
    (data (i32.const 70000) "\01\02\03")
    (data "passive")
    (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "init0") (param i32 i32 i32)
      (memory.init 0 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init2") (param i32 i32 i32)
      (memory.init 2 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "drop2") (data.drop 2)))"#;

struct Inst {
    store: Store<()>,
    instance: Instance,
}

impl Inst {
    fn new(engine: &Engine, module: &Module) -> Inst {
        let mut store = Store::new(engine, ());
        let instance = Instance::new(&mut store, module, &[]).unwrap();
        Inst { store, instance }
    }

    fn peek(&mut self, at: i32) -> i32 {
        let f = self
            .instance
            .get_typed_func::<i32, i32>(&mut self.store, "peek");
        f.unwrap().call(&mut self.store, at).unwrap()
    }

    fn poke(&mut self, at: i32, v: i32) {
        let f = self
            .instance
            .get_typed_func::<(i32, i32), ()>(&mut self.store, "poke");
        f.unwrap().call(&mut self.store, (at, v)).unwrap()
    }

    fn call3(&mut self, name: &str, a: i32, b: i32, c: i32) -> Result<()> {
        let f = self
            .instance
            .get_typed_func::<(i32, i32, i32), ()>(&mut self.store, name);
        f.unwrap().call(&mut self.store, (a, b, c))
    }

    fn mem(&mut self) -> Vec<u8> {
        let m = self.instance.get_memory(&mut self.store, "mem").unwrap();
        m.data(&self.store).to_vec()
    }
}

#[test]
fn every_instance_starts_from_the_data_and_keeps_its_writes() {
    for (tier, engine) in engines() {
        let module = Module::new(&engine, MODULE).unwrap();
        let mut a = Inst::new(&engine, &module);
        let mut b = Inst::new(&engine, &module);
        for i in [&mut a, &mut b] {
            assert_eq!(i.peek(4096), i32::from(b'h'), "{tier}");
            assert_eq!(i.peek(4100), i32::from(b'o'), "{tier}");
            assert_eq!(i.peek(70002), 3, "{tier}");
            assert_eq!(i.peek(4095), 0, "{tier}");
        }
        a.poke(4096, i32::from(b'J'));
        a.poke(10, 77);
        assert_eq!(a.peek(4096), i32::from(b'J'), "{tier}");
        assert_eq!(
            b.peek(4096),
            i32::from(b'h'),
            "{tier}: not in another instance"
        );
        assert_eq!(b.peek(10), 0, "{tier}");
        let mut c = Inst::new(&engine, &module);
        assert_eq!(c.peek(4096), i32::from(b'h'), "{tier}: nor in a new one");
        // The host sees the same bytes, and the whole memory is as the
        // segments would have made it.
        let mut expect = vec![0u8; 2 * 65536];
        expect[4096..4101].copy_from_slice(b"hello");
        expect[70000..70003].copy_from_slice(&[1, 2, 3]);
        assert!(c.mem() == expect, "{tier}");
        // Dropping a store with a written image memory frees it; the
        // other instances still see theirs.
        drop(a);
        assert_eq!(b.peek(70000), 1, "{tier}");
    }
}

#[test]
fn memory_grows_after_an_image() {
    for (tier, engine) in engines() {
        let module = Module::new(&engine, MODULE).unwrap();
        let mut i = Inst::new(&engine, &module);
        let grow = i
            .instance
            .get_typed_func::<i32, i32>(&mut i.store, "grow")
            .unwrap();
        assert_eq!(grow.call(&mut i.store, 1).unwrap(), 2, "{tier}");
        i.poke(2 * 65536 + 5, 9);
        assert_eq!(i.peek(2 * 65536 + 5), 9, "{tier}");
        assert_eq!(i.peek(4096), i32::from(b'h'), "{tier}");
        assert_eq!(
            grow.call(&mut i.store, 2).unwrap(),
            -1,
            "{tier}: past the maximum"
        );
        let f = i
            .instance
            .get_typed_func::<i32, i32>(&mut i.store, "peek")
            .unwrap();
        let trap = f.call(&mut i.store, 3 * 65536).unwrap_err();
        assert!(
            trap.to_string().contains("out of bounds memory access"),
            "{tier}: {trap}"
        );
    }
}

#[test]
fn active_segments_are_dropped_after_instantiation() {
    for (tier, engine) in engines() {
        let module = Module::new(&engine, MODULE).unwrap();
        let mut i = Inst::new(&engine, &module);
        // An active segment is dropped: zero-length init succeeds, any
        // byte traps.
        i.call3("init0", 0, 0, 0).unwrap();
        let err = i.call3("init0", 0, 0, 1).unwrap_err();
        assert!(
            err.to_string().contains("out of bounds memory access"),
            "{tier}: {err}"
        );
        // A passive one is not, until `data.drop`.
        i.call3("init2", 100, 0, 7).unwrap();
        assert_eq!(&i.mem()[100..107], b"passive", "{tier}");
        let drop2 = i
            .instance
            .get_typed_func::<(), ()>(&mut i.store, "drop2")
            .unwrap();
        drop2.call(&mut i.store, ()).unwrap();
        assert!(i.call3("init2", 100, 0, 1).is_err(), "{tier}");
    }
}

#[test]
fn out_of_bounds_segments_still_fail_instantiation() {
    for (tier, engine) in engines() {
        for wat in [
            // Past the minimum size (the maximum does not count).
            r#"(module (memory 1 2) (data (i32.const 0) "ok") (data (i32.const 65535) "ab") (func))"#,
            r#"(module (memory 1) (data (i32.const -1) "") (func))"#,
            r#"(module (memory 0) (data (i32.const 1) "") (func))"#,
        ] {
            let module = Module::new(&engine, wat).unwrap();
            let mut store = Store::new(&engine, ());
            let err = Instance::new(&mut store, &module, &[]).unwrap_err();
            assert!(
                err.to_string().contains("out of bounds memory access"),
                "{tier}: {wat}: {err}"
            );
        }
    }
}

/// An element segment that fails after an earlier one put a function into
/// an imported table: the function reads the failed instance's memory,
/// which must still be zero (the data phase never ran), image or not.
#[test]
fn a_failed_instantiation_never_shows_its_image() {
    for (tier, engine) in engines() {
        let mut store = Store::new(&engine, ());
        let ty = TableType {
            element_type: RefType::FUNCREF,
            initial: 1,
            maximum: None,
            table64: false,
        };
        let table = Table::new(&mut store, ty, Val::FuncRef(None)).unwrap();
        let module = Module::new(
            &engine,
            r#"(module
                (import "host" "table" (table 1 funcref))
                (memory 1)
                (func $read (result i32) (i32.load8_u (i32.const 8)))
                (elem (i32.const 0) $read)
                (elem (i32.const 1) $read)
                (data (i32.const 8) "\2a"))"#,
        )
        .unwrap();
        let err = Instance::new(&mut store, &module, &[Extern::Table(table)]).unwrap_err();
        assert!(
            err.to_string().contains("out of bounds table access"),
            "{tier}: {err}"
        );
        let leaked = table.get(&store, 0).unwrap();
        let Val::FuncRef(Some(f)) = leaked else {
            panic!("{tier}: the first segment was applied");
        };
        let mut out = [Val::I32(-1)];
        f.call(&mut store, &[], &mut out).unwrap();
        assert_eq!(out[0], Val::I32(0), "{tier}: data segments never ran");
    }
}

#[test]
fn an_imported_memory_gets_the_segments_not_an_image() {
    for (tier, engine) in engines() {
        let mut store = Store::new(&engine, ());
        let ty = MemoryType {
            initial: 1,
            maximum: None,
            memory64: false,
            shared: false,
        };
        let memory = Memory::new(&mut store, ty).unwrap();
        memory.write(&mut store, 0, &[5; 32]).unwrap();
        let module = Module::new(
            &engine,
            r#"(module (import "host" "mem" (memory 1)) (data (i32.const 4) "ab") (func))"#,
        )
        .unwrap();
        Instance::new(&mut store, &module, &[Extern::Memory(memory)]).unwrap();
        Instance::new(&mut store, &module, &[Extern::Memory(memory)]).unwrap();
        let d = memory.data(&store);
        assert_eq!(
            &d[..8],
            &[5, 5, 5, 5, b'a', b'b', 5, 5],
            "{tier}: only the segment's bytes"
        );
    }
}

/// A 1 MiB image, which the compiled tier maps (copy-on-write) rather
/// than copies: private per instance, and gone when the store is.
#[test]
fn a_mapped_image_is_private_too() {
    let wat = r#"(module (memory (export "mem") 17)
        (data (i32.const 0) "a") (data (i32.const 1048575) "z")
        (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
        (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))"#;
    for (tier, engine) in engines() {
        let module = Module::new(&engine, wat).unwrap();
        for round in 0..3 {
            let mut a = Inst::new(&engine, &module);
            let mut b = Inst::new(&engine, &module);
            assert_eq!((a.peek(0), a.peek(1048575)), (97, 122), "{tier} {round}");
            assert_eq!(a.peek(1048576), 0, "{tier} {round}");
            a.poke(1048575, 1);
            a.poke(1048576, 2);
            assert_eq!(b.peek(1048575), 122, "{tier} {round}");
            assert_eq!(b.peek(1048576), 0, "{tier} {round}");
            assert_eq!(a.peek(1048575), 1, "{tier} {round}");
        }
    }
}
