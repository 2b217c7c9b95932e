//! Direct and indirect calls, recursion, host imports, cross-instance
//! calls, stack exhaustion and trap backtraces.

use std::sync::Arc;

use super::harness::Harness;
use brisk_parser::{FuncType, ValType};
use brisk_vm::{Trap, VMExtern, ValRaw};

const CALLS: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table 4 funcref)
  (elem (i32.const 0) $fac $double $nop)
  (func $fac (export "fac") (param i32) (result i32)
    local.get 0 i32.const 2 i32.lt_u
    if (result i32) i32.const 1
    else local.get 0 local.get 0 i32.const 1 i32.sub call $fac i32.mul end)
  (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func $nop)
  (func $even (export "even") (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 1
    else local.get 0 i32.const 1 i32.sub call $odd end)
  (func $odd (param i32) (result i32)
    local.get 0 i32.eqz if (result i32) i32.const 0
    else local.get 0 i32.const 1 i32.sub call $even end)
  (func (export "indirect") (param i32 i32) (result i32)
    local.get 1 local.get 0 call_indirect (type $ii))
  (func $runaway (export "runaway") (param i32) (result i32)
    local.get 0 call $runaway)
  (func (export "args") (param i32 i32 i32) (result i32)
    ;; arguments in a different order than the parameters
    local.get 2 local.get 1 local.get 0 call $three)
  (func $three (param i32 i32 i32) (result i32)
    local.get 0 i32.const 100 i32.mul local.get 1 i32.const 10 i32.mul i32.add local.get 2 i32.add)
  (func $deep_trap (export "deep_trap") (param i32) (result i32)
    local.get 0 if (result i32) local.get 0 i32.const 1 i32.sub call $deep_trap
    else unreachable end)
)"#;

#[test]
fn direct_calls_and_recursion() {
    let mut h = Harness::new(CALLS);
    assert_eq!(h.i32("fac", &[10]), Ok(3_628_800));
    assert_eq!(h.i32("even", &[1001]), Ok(0));
    assert_eq!(h.i32("even", &[1000]), Ok(1));
    assert_eq!(h.i32("args", &[1, 2, 3]), Ok(321));
}

#[test]
fn indirect_calls_check_index_null_and_type() {
    let mut h = Harness::new(CALLS);
    assert_eq!(h.i32("indirect", &[0, 5]), Ok(120));
    assert_eq!(h.i32("indirect", &[1, 21]), Ok(42));
    assert_eq!(h.trap("indirect", &[2, 0]), "indirect call type mismatch");
    assert_eq!(h.trap("indirect", &[3, 0]), "uninitialized element");
    assert_eq!(h.trap("indirect", &[4, 0]), "undefined element");
    assert_eq!(h.trap("indirect", &[-1, 0]), "undefined element");
}

#[test]
fn runaway_recursion_traps_and_the_store_stays_usable() {
    let mut h = Harness::new(CALLS);
    assert_eq!(h.trap("runaway", &[0]), "call stack exhausted");
    assert_eq!(h.i32("fac", &[5]), Ok(120));
    assert_eq!(h.store.context().call_depth, 0);
}

#[test]
fn traps_carry_a_backtrace() {
    let mut h = Harness::new(CALLS);
    let err = h.call("deep_trap", &[ValRaw::i32(3)]).unwrap_err();
    assert_eq!(err.code(), Some(brisk_vm::TrapCode::Unreachable));
    let bt = err.backtrace();
    assert_eq!(bt.len(), 4, "{err}");
    assert!(bt.iter().all(|f| f.func_index == 9));
    assert!(
        bt.iter()
            .all(|f| f.func_name.as_deref() == Some("deep_trap")),
        "{err}"
    );
    assert!(bt[0].module_offset.is_some());
    assert_ne!(bt[0].module_offset, bt[1].module_offset);
}

#[test]
fn host_imports_and_cross_instance_calls() {
    let wat = r#"(module
      (import "host" "twice" (func $twice (param i32) (result i32)))
      (import "host" "fail" (func $fail))
      (func (export "via_host") (param i32) (result i32)
        local.get 0 call $twice i32.const 1 i32.add)
      (func (export "host_trap") (param i32) (result i32) call $fail i32.const 0)
    )"#;
    let mut h = Harness::with_imports(wat, |store| {
        let ii = FuncType::new([ValType::I32], [ValType::I32]);
        let twice = store.host_func(
            &ii,
            Box::new(|v: &mut [ValRaw]| {
                v[0] = ValRaw::i32(v[0].get_i32() * 2);
                Ok(())
            }),
        );
        let fail = store.host_func(
            &FuncType::new([], []),
            Box::new(|_: &mut [ValRaw]| Err(Trap::host("host said no".into()))),
        );
        vec![VMExtern::Func(twice), VMExtern::Func(fail)]
    });
    assert_eq!(h.i32("via_host", &[20]), Ok(41));
    assert!(h.trap("host_trap", &[]).contains("host said no"));

    // A second instance importing the first's interpreted `fac`: the call
    // switches instances without leaving the interpreter loop.
    let mut first = Harness::new(CALLS);
    let fac = first.store.instance(first.id).canonical_func_ref(0);
    let wat2 = r#"(module
      (import "m" "fac" (func $fac (param i32) (result i32)))
      (func (export "fac_plus") (param i32) (result i32) local.get 0 call $fac i32.const 1 i32.add))"#;
    let wasm = wat::parse_str(wat2).unwrap();
    let module = Arc::new(brisk_validator::OwnedModule::new(wasm).unwrap());
    let code = Arc::new(brisk_interp::ModuleCode::new(module));
    let id2 = first
        .store
        .instantiate(code, &[VMExtern::Func(fac)])
        .unwrap();
    let f = first.store.instance(id2).canonical_func_ref(1);
    let mut vals = [ValRaw::i32(6)];
    first.store.call(f, &mut vals).unwrap();
    assert_eq!(vals[0].get_i32(), 721);
}

#[test]
fn host_functions_can_reenter_the_interpreter() {
    // `outer` calls the host, which calls back into `inner` through the
    // func ref's array_call (as another tier or the runtime would): the
    // nested call runs on its own stack while the outer one is suspended.
    let wat = r#"(module
      (import "host" "reenter" (func $reenter (param i32) (result i32)))
      (func $inner (export "inner") (param i32) (result i32) local.get 0 i32.const 1000 i32.add)
      (func (export "outer") (param i32) (result i32)
        (local i32)
        local.get 0 i32.const 1 i32.add local.set 1
        local.get 0 call $reenter
        local.get 1 i32.add)
    )"#;
    let target = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let t2 = target.clone();
    let mut h = Harness::with_imports(wat, move |store| {
        let ii = FuncType::new([ValType::I32], [ValType::I32]);
        let f = store.host_func(
            &ii,
            Box::new(move |v: &mut [ValRaw]| {
                let f = t2.load(std::sync::atomic::Ordering::SeqCst) as *mut brisk_vm::VMFuncRef;
                // SAFETY: `f` is the live func ref of `inner` (set below,
                // before any call), whose type matches `v`'s one slot.
                let raw = unsafe { ((*f).array_call)(f, std::ptr::null_mut(), v.as_mut_ptr(), 1) };
                if raw.is_null() {
                    Ok(())
                } else {
                    // SAFETY: a non-null return is a trap from `Trap::into_raw`.
                    Err(unsafe { Trap::from_raw(raw) })
                }
            }),
        );
        vec![VMExtern::Func(f)]
    });
    let inner = h.store.instance(h.id).canonical_func_ref(1);
    target.store(inner as usize, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(h.i32("outer", &[5]), Ok(1005 + 6));
    assert_eq!(h.i32("outer", &[7]), Ok(1007 + 8));
}
