//! Traps of compiled code: every trap code the translator can produce,
//! with the spec's message, from hardware faults (guard pages, division,
//! `ud2`) and from builtins (`raise`); backtraces with function names and
//! module offsets; traps through host functions and across instances;
//! stack exhaustion; and the store staying usable after each.

use brisk_aot::CompileOptions;
use brisk_parser::FuncType;
use brisk_vm::{Trap, VMExtern, ValRaw};

use super::harness::Harness;

const TRAPS: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (memory 1)
  (table 3 funcref)
  (elem (i32.const 0) $id $nop)
  (func $id (param i32) (result i32) local.get 0)
  (func $nop)
  (func (export "unreachable") (param i32) (result i32) unreachable)
  (func (export "div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "div_u") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
  (func (export "rem_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.rem_s)
  (func (export "div64") (param i32 i32) (result i32)
    local.get 0 i64.extend_i32_s local.get 1 i64.extend_i32_s i64.div_s i32.wrap_i64)
  (func (export "trunc") (param i32) (result i32) local.get 0 f32.reinterpret_i32 i32.trunc_f32_s)
  (func (export "trunc_u64") (param i32) (result i32)
    local.get 0 f32.reinterpret_i32 i64.trunc_f32_u i32.wrap_i64)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load)
  (func (export "load_off") (param i32) (result i32) local.get 0 i32.load offset=0xfffffff0)
  (func (export "store8") (param i32) (result i32) local.get 0 i32.const 1 i32.store8 i32.const 0)
  (func (export "fill") (param i32) (result i32)
    local.get 0 i32.const 0 i32.const 2 memory.fill i32.const 0)
  (func (export "indirect") (param i32) (result i32)
    i32.const 5 local.get 0 call_indirect (type $ii))
  (func (export "table_get") (param i32) (result i32) local.get 0 table.get 0 ref.is_null)
  (func $rec (export "runaway") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $rec)
  (func $deep (export "deep") (param i32) (result i32)
    local.get 0 if (result i32) local.get 0 i32.const 1 i32.sub call $deep
    else unreachable end)
  (func (export "ok") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
)"#;

fn both() -> Vec<Harness> {
    vec![
        Harness::new(TRAPS),
        Harness::with_options(
            TRAPS,
            CompileOptions {
                explicit_bounds_checks: true,
                ..CompileOptions::default()
            },
        ),
    ]
}

#[test]
fn trap_codes_and_messages() {
    for mut h in both() {
        assert_eq!(h.trap("unreachable", &[0]), "unreachable");
        assert_eq!(h.trap("div_s", &[1, 0]), "integer divide by zero");
        assert_eq!(h.trap("div_u", &[1, 0]), "integer divide by zero");
        assert_eq!(h.trap("rem_s", &[1, 0]), "integer divide by zero");
        assert_eq!(h.i32("rem_s", &[i32::MIN, -1]), Ok(0));
        assert_eq!(h.trap("div_s", &[i32::MIN, -1]), "integer overflow");
        assert_eq!(h.trap("div64", &[7, 0]), "integer divide by zero");
        assert_eq!(
            h.trap("trunc", &[f32::NAN.to_bits() as i32]),
            "invalid conversion to integer"
        );
        assert_eq!(
            h.trap("trunc", &[3e9f32.to_bits() as i32]),
            "integer overflow"
        );
        assert_eq!(
            h.trap("trunc_u64", &[(-1.5f32).to_bits() as i32]),
            "integer overflow"
        );
        assert_eq!(h.i32("trunc_u64", &[(-0.5f32).to_bits() as i32]), Ok(0));
        assert_eq!(h.trap("load", &[65533]), "out of bounds memory access");
        assert_eq!(h.trap("load", &[-1]), "out of bounds memory access");
        assert_eq!(h.i32("load", &[65532]), Ok(0));
        assert_eq!(h.trap("load_off", &[0x20]), "out of bounds memory access");
        assert_eq!(h.trap("store8", &[65536]), "out of bounds memory access");
        assert_eq!(h.trap("fill", &[65535]), "out of bounds memory access");
        assert_eq!(h.i32("indirect", &[0]), Ok(5));
        assert_eq!(h.trap("indirect", &[1]), "indirect call type mismatch");
        assert_eq!(h.trap("indirect", &[2]), "uninitialized element");
        assert_eq!(h.trap("indirect", &[3]), "undefined element");
        assert_eq!(h.trap("indirect", &[-1]), "undefined element");
        assert_eq!(h.trap("table_get", &[3]), "out of bounds table access");
        assert_eq!(h.trap("runaway", &[0]), "call stack exhausted");
        // The store works after every trap, and the call depth is back.
        assert_eq!(h.i32("ok", &[41]), Ok(42));
        assert_eq!(h.store.context().call_depth, 0);
    }
}

#[test]
fn backtraces_name_functions_and_offsets() {
    let mut h = Harness::new(TRAPS);
    let index = |h: &Harness, name: &str| h.func_index(name);
    let deep = index(&h, "deep");
    let trap: Trap = h.call("deep", &[ValRaw::i32(3)]).unwrap_err();
    assert_eq!(trap.code(), Some(brisk_vm::TrapCode::Unreachable));
    let frames = trap.backtrace();
    assert_eq!(frames.len(), 4, "{trap}");
    assert!(
        frames
            .iter()
            .all(|f| f.func_index == deep && f.func_name.as_deref() == Some("deep"))
    );
    // The three outer frames stop at the same call instruction.
    let call_at = frames[1].module_offset;
    assert!(call_at.is_some());
    assert!(
        frames[2..].iter().all(|f| f.module_offset == call_at),
        "{trap}"
    );
    assert_ne!(frames[0].module_offset, call_at);
}

#[test]
fn host_traps_and_reentry() {
    let wat = r#"(module
      (import "host" "fail" (func $fail))
      (import "host" "call_back" (func $call_back (param i32) (result i32)))
      (func (export "via_fail") (param i32) (result i32) call $fail local.get 0)
      (func (export "inner") (param i32) (result i32)
        local.get 0 if (result i32) local.get 0 else unreachable end)
      (func (export "outer") (param i32) (result i32) local.get 0 call $call_back i32.const 1 i32.add)
    )"#;
    let slot = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let s2 = slot.clone();
    let mut h = Harness::with_imports(wat, move |store| {
        let fail = store.host_func(
            &FuncType::new([], []),
            Box::new(|_: &mut [ValRaw]| Err(Trap::host("host said no".into()))),
        );
        let call_back = store.host_func(
            &FuncType::new([brisk_parser::ValType::I32], [brisk_parser::ValType::I32]),
            Box::new(move |v: &mut [ValRaw]| {
                let f = s2.load(std::sync::atomic::Ordering::SeqCst) as *mut brisk_vm::VMFuncRef;
                // SAFETY: `f` is the live func ref of `inner`, set before
                // any call; `v` has the one slot its type needs.
                let raw = unsafe { ((*f).array_call)(f, std::ptr::null_mut(), v.as_mut_ptr(), 1) };
                if raw.is_null() {
                    Ok(())
                } else {
                    // SAFETY: a non-null return is a trap from `Trap::into_raw`.
                    Err(unsafe { Trap::from_raw(raw) })
                }
            }),
        );
        vec![VMExtern::Func(fail), VMExtern::Func(call_back)]
    });
    let inner = h.func_index("inner");
    slot.store(
        h.store.instance(h.id).canonical_func_ref(inner) as usize,
        std::sync::atomic::Ordering::SeqCst,
    );
    assert!(h.trap("via_fail", &[1]).contains("host said no"));
    assert_eq!(h.i32("outer", &[41]), Ok(42), "wasm -> host -> wasm");
    // A trap in the inner activation comes back through the host to the
    // outer one.
    let trap = h.call("outer", &[ValRaw::i32(0)]).unwrap_err();
    assert_eq!(trap.code(), Some(brisk_vm::TrapCode::Unreachable));
    assert_eq!(h.i32("outer", &[1]), Ok(2));
    assert_eq!(h.store.context().call_depth, 0);
}

/// The compiled tier's trap messages and backtraces (names, module
/// offsets) are the interpreter's, for traps at the faulting instruction
/// and through calls.
#[test]
fn backtraces_match_the_interpreter() {
    use std::sync::Arc;
    let wat = r#"(module
      (memory 1)
      (func $a (export "a") (param i32) (result i32) local.get 0 call $b i32.const 1 i32.add)
      (func $b (param i32) (result i32) i32.const 1 local.get 0 call $c i32.add)
      (func $c (param i32) (result i32)
        local.get 0 i32.const 2 i32.eq if unreachable end
        local.get 0 i32.const 1 i32.eq
        if (result i32) i32.const 7 local.get 0 i32.const 1 i32.sub i32.div_u
        else local.get 0 i32.load end)
    )"#;
    let module = Arc::new(brisk_validator::OwnedModule::new(wat::parse_str(wat).unwrap()).unwrap());
    let run = |compiled: bool, arg: i32| -> String {
        let mut store = brisk_vm::VMStore::new(Arc::new(brisk_vm::TypeRegistry::new()));
        let id = if compiled {
            let code = brisk_aot::compile(module.clone(), &CompileOptions::default()).unwrap();
            store.instantiate(Arc::new(code), &[]).unwrap()
        } else {
            store
                .instantiate(Arc::new(brisk_interp::ModuleCode::new(module.clone())), &[])
                .unwrap()
        };
        let f = store.instance(id).canonical_func_ref(0);
        store
            .call(f, &mut [ValRaw::i32(arg)])
            .unwrap_err()
            .to_string()
    };
    for arg in [1, 2, 70000] {
        let interp = run(false, arg);
        assert!(interp.contains("wasm backtrace"), "{interp}");
        assert_eq!(run(true, arg), interp);
    }
}
