//! Calls that leave the module: host functions (the array path), other
//! compiled instances (the native `wasm_call` path), interpreted
//! instances in both directions, and imported memories, tables and
//! globals shared between instances.

use std::sync::Arc;

use brisk_aot::CompileOptions;
use brisk_parser::{FuncType, ValType};
use brisk_validator::OwnedModule;
use brisk_vm::{InstanceId, TypeRegistry, VMExtern, VMStore, ValRaw};

use super::harness::{self, Harness};

const EXPORTER: &str = r#"(module
  (memory (export "mem") 1)
  (table (export "tab") 2 funcref)
  (global (export "g") (mut i64) (i64.const 40))
  (elem (i32.const 0) $sub $many)
  (func $sub (export "sub") (param i32 i32) (result i32) local.get 0 local.get 1 i32.sub)
  (func $many (export "many") (param i32) (result i32 i64 f32 f64)
    local.get 0 local.get 0 i64.extend_i32_s i64.const 3 i64.mul
    local.get 0 f32.convert_i32_s local.get 0 f64.convert_i32_s f64.neg)
  (func (export "peek") (param i32) (result i32) local.get 0 i32.load8_u)
)"#;

const IMPORTER: &str = r#"(module
  (type $iii (func (param i32 i32) (result i32)))
  (import "e" "sub" (func $sub (param i32 i32) (result i32)))
  (import "e" "many" (func $many (param i32) (result i32 i64 f32 f64)))
  (import "e" "mem" (memory 1))
  (import "e" "tab" (table 2 funcref))
  (import "e" "g" (global $g (mut i64)))
  (func (export "call_sub") (param i32 i32) (result i32) local.get 0 local.get 1 call $sub)
  (func (export "call_many") (param i32) (result f64)
    (local $f f64) (local $s f32) (local $l i64)
    local.get 0 call $many
    local.set $f local.set $s local.set $l
    f64.convert_i32_s local.get $l f64.convert_i64_s f64.add
    local.get $s f64.promote_f32 f64.add local.get $f f64.add)
  (func (export "indirect_sub") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.const 0 call_indirect (type $iii))
  (func (export "poke") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "bump") (result i64) global.get $g i64.const 2 i64.add global.set $g global.get $g)
)"#;

fn module(wat: &str) -> Arc<OwnedModule> {
    Arc::new(OwnedModule::new(wat::parse_str(wat).unwrap()).unwrap())
}

/// Instantiates `wat` in `store` with the chosen tier.
fn instantiate(store: &mut VMStore, wat: &str, compiled: bool, imports: &[VMExtern]) -> InstanceId {
    let m = module(wat);
    if compiled {
        let code = brisk_aot::compile(m, &CompileOptions::default()).unwrap();
        store.instantiate(Arc::new(code), imports).unwrap()
    } else {
        let code = brisk_interp::ModuleCode::new(m);
        store.instantiate(Arc::new(code), imports).unwrap()
    }
}

fn call(
    store: &mut VMStore,
    id: InstanceId,
    func: u32,
    args: &[ValRaw],
    results: usize,
) -> Vec<ValRaw> {
    let f = store.instance(id).canonical_func_ref(func);
    let mut vals = vec![ValRaw::v128(u128::MAX); args.len().max(results).max(1)];
    vals[..args.len()].copy_from_slice(args);
    store.call(f, &mut vals).unwrap();
    vals.truncate(results);
    vals
}

/// Every pairing of tiers: compiled→compiled (native path),
/// compiled→interpreted (array path), interpreted→compiled.
#[test]
fn cross_instance_calls_and_shared_state() {
    for (exporter_compiled, importer_compiled) in [(true, true), (false, true), (true, false)] {
        let what = format!(
            "exporter compiled: {exporter_compiled}, importer compiled: {importer_compiled}"
        );
        let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
        let e = instantiate(&mut store, EXPORTER, exporter_compiled, &[]);
        harness::initialise_segments(&mut store, e, &module(EXPORTER));
        let inst = store.instance(e);
        let imports = [
            VMExtern::Func(inst.canonical_func_ref(0)),
            VMExtern::Func(inst.canonical_func_ref(1)),
            VMExtern::Memory(e, 0),
            VMExtern::Table(e, 0),
            VMExtern::Global(e, 0),
        ];
        let i = instantiate(&mut store, IMPORTER, importer_compiled, &imports);
        // Functions 0, 1 are the imports; exports start at 2.
        let r = call(&mut store, i, 2, &[ValRaw::i32(50), ValRaw::i32(8)], 1);
        assert_eq!(r[0], ValRaw::i32(42), "{what}");
        let r = call(&mut store, i, 3, &[ValRaw::i32(5)], 1);
        assert_eq!(
            f64::from_bits(r[0].get_f64()),
            5.0 + 15.0 + 5.0 - 5.0,
            "{what}"
        );
        let r = call(&mut store, i, 4, &[ValRaw::i32(50), ValRaw::i32(8)], 1);
        assert_eq!(
            r[0],
            ValRaw::i32(42),
            "{what}: call_indirect into the exporter"
        );
        call(&mut store, i, 5, &[ValRaw::i32(7), ValRaw::i32(99)], 0);
        let r = call(&mut store, e, 2, &[ValRaw::i32(7)], 1);
        assert_eq!(r[0], ValRaw::i32(99), "{what}: shared memory");
        let r = call(&mut store, i, 6, &[], 1);
        assert_eq!(r[0], ValRaw::i64(42), "{what}: shared global");
        assert_eq!(store.global_get(e, 0).unwrap(), ValRaw::i64(42));
    }
}

#[test]
fn host_function_imports() {
    let wat = r#"(module
      (import "host" "twice" (func $twice (param i32) (result i32)))
      (import "host" "pair" (func $pair (param f32 i64) (result i64 f32)))
      (func (export "via_host") (param i32) (result i32) local.get 0 call $twice i32.const 1 i32.add)
      (func (export "via_pair") (result f32)
        f32.const 1.5 i64.const 10 call $pair
        f32.const 2 f32.mul
        local.set 0 drop local.get 0)
      (func (export "nested") (param i32) (result i32)
        local.get 0 call $twice call $twice call $twice)
    )"#;
    let wat = wat.replace("(result f32)\n", "(result f32) (local f32)\n");
    let mut h = Harness::with_imports(&wat, |store| {
        let twice = store.host_func(
            &FuncType::new([ValType::I32], [ValType::I32]),
            Box::new(|v: &mut [ValRaw]| {
                v[0] = ValRaw::i32(v[0].get_i32() * 2);
                Ok(())
            }),
        );
        let pair = store.host_func(
            &FuncType::new([ValType::F32, ValType::I64], [ValType::I64, ValType::F32]),
            Box::new(|v: &mut [ValRaw]| {
                let (f, i) = (f32::from_bits(v[0].get_f32()), v[1].get_i64());
                v[0] = ValRaw::i64(i + 1);
                v[1] = ValRaw::f32((f * 3.0).to_bits());
                Ok(())
            }),
        );
        vec![VMExtern::Func(twice), VMExtern::Func(pair)]
    });
    assert_eq!(h.i32("via_host", &[20]), Ok(41));
    assert_eq!(h.i32("nested", &[3]), Ok(24));
    let r = h.call("via_pair", &[]).unwrap();
    assert_eq!(f32::from_bits(r[0].get_f32()), 9.0);
}
