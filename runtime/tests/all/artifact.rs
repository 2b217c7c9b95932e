//! `Module::serialize`, `deserialize` and `deserialize_file`: artifacts
//! behave like the module they were compiled from, and are refused when
//! they do not fit the engine.

use brisk_runtime::{Config, Engine, Error, Linker, Module, Store, Strategy};

const WAT: &str = r#"(module
  (import "host" "double" (func $double (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "\05")
  (global $g (mut i32) (i32.const 10))
  (func (export "run") (result i32)
    i32.const 100 i32.load8_u call $double global.get $g i32.add))"#;

fn run(engine: &Engine, module: &Module) -> i32 {
    let mut store = Store::new(engine, ());
    let mut linker = Linker::new(engine);
    linker.func_wrap("host", "double", |x: i32| x * 2);
    let instance = linker.instantiate(&mut store, module).unwrap();
    let f = instance
        .get_typed_func::<(), i32>(&mut store, "run")
        .unwrap();
    f.call(&mut store, ()).unwrap()
}

#[test]
fn serialized_modules_run_like_the_original() {
    let engine = Engine::default();
    let module = Module::new(&engine, WAT).unwrap();
    assert_eq!(run(&engine, &module), 20);
    let bytes = module.serialize().unwrap();
    let loaded = Module::deserialize(&engine, &bytes).unwrap();
    assert_eq!(run(&engine, &loaded), 20);
    assert_eq!(loaded.imports().len(), 1);
    assert_eq!(loaded.exports().count(), 2);
    // Serializing a deserialized module gives the artifact back.
    assert_eq!(loaded.serialize().unwrap(), bytes);

    let path =
        std::env::temp_dir().join(format!("brisk-runtime-artifact-{}.so", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let mapped = Module::deserialize_file(&engine, &path);
    let from_file = Module::from_file(&engine, &path);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(run(&engine, &mapped.unwrap()), 20);
    let err = from_file.unwrap_err().to_string();
    assert!(err.contains("is a compiled artifact"), "{err}");
}

#[test]
fn artifacts_must_match_the_engine() {
    let engine = Engine::default();
    let bytes = Module::new(&engine, WAT).unwrap().serialize().unwrap();
    let mut config = Config::new();
    config.consume_fuel(true);
    let fuel = Engine::new(&config);
    let err = Module::deserialize(&fuel, &bytes).unwrap_err();
    assert!(matches!(err, Error::Artifact(_)), "{err}");
    assert!(err.to_string().contains("consume-fuel"), "{err}");

    let mut config = Config::new();
    config.strategy(Strategy::Interpreter);
    let interp = Engine::new(&config);
    let err = Module::deserialize(&interp, &bytes).unwrap_err();
    assert!(err.to_string().contains("interpreter"), "{err}");
    let err = Module::new(&interp, WAT).unwrap().serialize().unwrap_err();
    assert!(
        err.to_string().contains("only compiled modules serialize"),
        "{err}"
    );

    let err = Module::deserialize(&engine, b"\x7fELF garbage").unwrap_err();
    assert!(
        err.to_string().contains("corrupted or truncated artifact"),
        "{err}"
    );
    // A fuel engine's own artifacts load in a fuel engine.
    let fuel_bytes = Module::new(&fuel, WAT).unwrap().serialize().unwrap();
    assert!(Module::deserialize(&fuel, &fuel_bytes).is_ok());
}

#[test]
fn instances_of_a_mapped_artifact_keep_their_memories_apart() {
    let engine = Engine::default();
    let bytes = Module::new(&engine, WAT).unwrap().serialize().unwrap();
    let path = std::env::temp_dir().join(format!("brisk-runtime-image-{}.so", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let module = Module::deserialize_file(&engine, &path);
    let module = module.unwrap();
    let mut linker = Linker::new(&engine);
    linker.func_wrap("host", "double", |x: i32| x * 2);
    let mut store = Store::new(&engine, ());
    let a = linker.instantiate(&mut store, &module).unwrap();
    let b = linker.instantiate(&mut store, &module).unwrap();
    let (ma, mb) = (
        a.get_memory(&mut store, "memory").unwrap(),
        b.get_memory(&mut store, "memory").unwrap(),
    );
    assert_eq!(ma.data(&store)[100], 5);
    ma.data_mut(&mut store)[100] = 9;
    assert_eq!(mb.data(&store)[100], 5);
    let c = linker.instantiate(&mut store, &module).unwrap();
    let mc = c.get_memory(&mut store, "memory").unwrap();
    assert_eq!(mc.data(&store)[100], 5);
    drop(store);
    // The file is mapped copy-on-write: writes never reached it.
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    std::fs::remove_file(&path).unwrap();
}
