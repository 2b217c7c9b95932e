//! # Host functions with `Caller`: store data and guest memory
//!
//! The guest imports three host functions:
//!
//! - `env.log(ptr, len)` reads a string out of the calling instance's
//!   memory and appends it to the store's data (a log);
//! - `env.name(ptr, cap) -> len` writes the host's name into guest memory;
//! - `env.check(n)` fails for a negative `n`: the host's error becomes a
//!   trap that carries it, and the embedder gets the very error back.
//!
//! ```text
//! cargo run -p brisk-example-host-function
//! ```
//!
//! It checks every result itself (and panics on a wrong one).

use brisk::runtime::{Caller, Engine, Error, Linker, Memory, Module, Store};

const WAT: &str = r#"(module
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "name" (func $name (param i32 i32) (result i32)))
  (import "env" "check" (func $check (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello from the guest")
  (data (i32.const 32) "hello, ")

  (func (export "run")
    (local $len i32)
    (call $log (i32.const 0) (i32.const 20))
    ;; "hello, " + the host's name, built at 32
    (local.set $len (call $name (i32.const 39) (i32.const 64)))
    (call $log (i32.const 32) (i32.add (i32.const 7) (local.get $len))))

  (func (export "check") (param i32) (call $check (local.get 0))))"#;

/// The store's data.
#[derive(Default)]
struct Host {
    log: Vec<String>,
}

/// The error `env.check` fails with.
#[derive(Debug, PartialEq)]
struct Negative(i32);

impl std::fmt::Display for Negative {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is negative", self.0)
    }
}

impl std::error::Error for Negative {}

/// The calling instance's exported memory.
fn memory(caller: &mut Caller<'_, Host>) -> Result<Memory, Error> {
    caller
        .get_export("memory")
        .and_then(|e| e.into_memory())
        .ok_or_else(|| Error::msg("the caller exports no memory"))
}

fn main() -> Result<(), Error> {
    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    linker
        .func_wrap(
            "env",
            "log",
            |mut caller: Caller<'_, Host>, ptr: u32, len: u32| -> Result<(), Error> {
                let mem = memory(&mut caller)?;
                let mut buf = vec![0; len as usize];
                mem.read(&caller, ptr as usize, &mut buf)?;
                let text = String::from_utf8_lossy(&buf).into_owned();
                caller.data_mut().log.push(text);
                Ok(())
            },
        )
        .func_wrap(
            "env",
            "name",
            |mut caller: Caller<'_, Host>, ptr: u32, cap: u32| -> Result<u32, Error> {
                let name = b"brisk";
                let n = name.len().min(cap as usize);
                memory(&mut caller)?.write(&mut caller, ptr as usize, &name[..n])?;
                Ok(n as u32)
            },
        )
        .func_wrap("env", "check", |n: i32| -> Result<(), Error> {
            if n < 0 {
                Err(Error::new(Negative(n)))
            } else {
                Ok(())
            }
        });

    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, Host::default());
    let instance = linker.instantiate(&mut store, &module)?;

    instance
        .get_typed_func::<(), ()>(&mut store, "run")?
        .call(&mut store, ())?;
    assert_eq!(store.data().log, ["hello from the guest", "hello, brisk"]);
    for line in &store.data().log {
        println!("guest logged: {line}");
    }

    let check = instance.get_typed_func::<i32, ()>(&mut store, "check")?;
    check.call(&mut store, 7)?;
    let err = check
        .call(&mut store, -3)
        .expect_err("a negative number fails");
    assert_eq!(err.downcast_ref::<Negative>(), Some(&Negative(-3)));
    println!(
        "check(-3) trapped: {}",
        err.to_string().lines().next().unwrap_or("")
    );
    // The store keeps working after the trap.
    check.call(&mut store, 1)?;
    Ok(())
}
