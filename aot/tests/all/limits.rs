//! Limits behave as in the interpreter: fuel consumed and the point where
//! it runs out are identical for every budget, interrupts stop code at
//! function entry and loop headers, and call depth is bounded by the
//! store's `max_call_depth`.

use std::sync::Arc;
use std::time::Duration;

use brisk_aot::CompileOptions;
use brisk_validator::OwnedModule;
use brisk_vm::{InstanceId, TypeRegistry, VMStore, ValRaw};

const PROGRAMS: &str = r#"(module
  (memory 1)
  (func $seven (result i32) i32.const 7)
  (func (export "straight") (param i32) (result i32)
    i32.const 1 i32.const 2 i32.add nop)
  (func (export "branches") (param i32) (result i32)
    local.get 0 if (result i32)
      i32.const 10 i32.const 1 i32.add
    else
      i32.const 20
    end)
  (func (export "repeat") (param i32) (result i32) (local i32)
    loop
      local.get 1 i32.const 1 i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0
    end
    local.get 1)
  (func (export "table") (param i32) (result i32)
    block
      block
        local.get 0 br_table 0 1
      end
      i32.const 10 return
    end
    i32.const 20)
  (func (export "calls") (param i32) (result i32)
    call $seven local.get 0 i32.add)
  (func $fib (export "fib") (param i32) (result i32)
    local.get 0 i32.const 2 i32.lt_u
    if (result i32) local.get 0
    else
      local.get 0 i32.const 1 i32.sub call $fib
      local.get 0 i32.const 2 i32.sub call $fib i32.add
    end)
  (func (export "mixed") (param i32) (result i32) (local i32)
    block $out
      loop $top
        local.get 0 i32.eqz br_if $out
        local.get 0 i32.const 3 i32.rem_u
        if
          local.get 1 local.get 0 i32.add local.set 1
        else
          local.get 0 i32.const 4 i32.mul local.get 1 i32.store
          local.get 1 i32.const 1 i32.add local.set 1
          local.get 0 i32.const 1 i32.sub local.set 0
          br $top
        end
        local.get 0 i32.const 1 i32.sub local.set 0
        br $top
      end
    end
    local.get 1 i32.const 0 i32.load i32.add)
  (func (export "spin") (param i32) (result i32) (loop br 0) i32.const 0)
  (func $down (export "down") (param i32) (result i32)
    local.get 0 if (result i32) local.get 0 i32.const 1 i32.sub call $down
    else i32.const 0 end)
  (func (export "dead") (param i32) (result i32)
    block (result i32)
      local.get 0 br 0
      i32.const 1 i32.add
      i32.const 2 drop
    end
    unreachable)
)"#;

fn module() -> Arc<OwnedModule> {
    Arc::new(OwnedModule::new(wat::parse_str(PROGRAMS).unwrap()).unwrap())
}

struct Run {
    store: VMStore,
    id: InstanceId,
    module: Arc<OwnedModule>,
}

impl Run {
    fn new(compiled: bool, fuel: bool, interruptible: bool) -> Run {
        let module = module();
        let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
        let id = if compiled {
            let options = CompileOptions {
                consume_fuel: fuel,
                interruptible,
                explicit_bounds_checks: false,
            };
            let code = brisk_aot::compile(module.clone(), &options).unwrap();
            store.instantiate(Arc::new(code), &[]).unwrap()
        } else {
            let options = brisk_interp::CodeOptions {
                consume_fuel: fuel,
                interruptible,
            };
            let code = brisk_interp::ModuleCode::with_options(module.clone(), options);
            store.instantiate(Arc::new(code), &[]).unwrap()
        };
        Run { store, id, module }
    }

    fn call(&mut self, name: &str, arg: i32) -> Result<i32, String> {
        let m = &self.module.validated().module;
        let index = m.exports.iter().find(|e| e.name == name).unwrap().index;
        let f = self.store.instance(self.id).canonical_func_ref(index);
        let mut vals = [ValRaw::i32(arg)];
        self.store
            .call(f, &mut vals)
            .map(|()| vals[0].get_i32())
            .map_err(|t| t.to_string())
    }
}

/// For every budget from 0 to what the call needs plus one: the same
/// result or trap (message and backtrace) and the same fuel left.
#[test]
fn fuel_matches_the_interpreter_for_every_budget() {
    let cases = [
        ("straight", 0),
        ("branches", 0),
        ("branches", 1),
        ("repeat", 5),
        ("table", 0),
        ("table", 1),
        ("table", 9),
        ("calls", 2),
        ("fib", 7),
        ("mixed", 10),
        ("dead", 3),
    ];
    let mut interp = Run::new(false, true, false);
    let mut compiled = Run::new(true, true, false);
    for (name, arg) in cases {
        interp.store.set_fuel(i64::MAX);
        let _ = interp.call(name, arg);
        let needed = i64::MAX - interp.store.fuel();
        assert!(needed > 0, "{name}");
        for budget in 0..=needed + 1 {
            interp.store.set_fuel(budget);
            compiled.store.set_fuel(budget);
            let want = interp.call(name, arg);
            let got = compiled.call(name, arg);
            // Out-of-fuel traps are compared by message: the interpreter
            // reports one charged on a branch at the branch, compiled code
            // at the first instruction of the segment being paid for.
            let first = |r: &Result<i32, String>| {
                r.clone().map_err(|e| {
                    if e.starts_with("all fuel consumed") {
                        "all fuel consumed".to_string()
                    } else {
                        e
                    }
                })
            };
            assert_eq!(
                first(&got),
                first(&want),
                "{name}({arg}) with {budget} fuel"
            );
            assert_eq!(
                compiled.store.fuel(),
                interp.store.fuel(),
                "{name}({arg}) with {budget} fuel: fuel left"
            );
        }
    }
}

#[test]
fn fuel_off_costs_nothing() {
    let mut r = Run::new(true, false, false);
    r.store.set_fuel(5);
    assert_eq!(r.call("fib", 10), Ok(55));
    assert_eq!(r.store.fuel(), 5);
}

#[test]
fn interrupts_at_entry_and_loop_headers() {
    let mut r = Run::new(true, false, true);
    r.store.interrupt_handle().interrupt();
    let e = r.call("straight", 0).unwrap_err();
    assert_eq!(e.lines().next(), Some("interrupted"));
    // The store clears the flag after an interrupted outermost call.
    assert_eq!(r.call("straight", 0), Ok(3));
    // A loop that never ends stops when another thread interrupts it.
    let handle = r.store.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let e = r.call("spin", 0).unwrap_err();
    t.join().unwrap();
    assert_eq!(e.lines().next(), Some("interrupted"));
    assert_eq!(r.call("straight", 0), Ok(3));
    // Without the option nothing checks the flag.
    let mut r = Run::new(true, false, false);
    r.store.interrupt_handle().interrupt();
    assert_eq!(r.call("straight", 0), Ok(3));
}

#[test]
fn call_depth_limit_is_the_interpreters() {
    for compiled in [false, true] {
        let mut r = Run::new(compiled, false, false);
        r.store.context().max_call_depth = 100;
        // `down(n)` nests n + 1 frames.
        assert_eq!(r.call("down", 99), Ok(0), "compiled: {compiled}");
        let e = r.call("down", 100).unwrap_err();
        assert_eq!(
            e.lines().next(),
            Some("call stack exhausted"),
            "compiled: {compiled}"
        );
        assert_eq!(r.store.context().call_depth, 0);
        assert_eq!(r.call("down", 50), Ok(0));
    }
}
