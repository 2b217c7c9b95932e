//! # Hello, brisk: the embedding API in one page
//!
//! Compile a module (text here; `.wasm` bytes work the same), instantiate
//! it in a store, call its exports with Rust types ([`TypedFunc`]) and
//! with [`Val`]s, and read its memory.
//!
//! ```text
//! cargo run -p brisk-example-hello
//! ```
//!
//! It checks every result itself (and panics on a wrong one).
//!
//! [`TypedFunc`]: brisk::runtime::TypedFunc

use brisk::runtime::{Engine, Error, Linker, Module, Store, Val};

const WAT: &str = r#"(module
  (memory (export "memory") 1)
  (data (i32.const 0) "Hello, brisk!")

  ;; iterative Fibonacci: fib(0) = 0, fib(1) = 1
  (func (export "fib") (param $n i32) (result i64)
    (local $a i64) (local $b i64) (local $t i64)
    (local.set $b (i64.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i64.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $a))

  (func (export "add") (param f64 f64) (result f64)
    (f64.add (local.get 0) (local.get 1))))"#;

fn main() -> Result<(), Error> {
    // One engine per process; modules are compiled (validated) once and
    // instantiated in as many stores as needed.
    let engine = Engine::default();
    let module = Module::new(&engine, WAT)?;
    let mut store = Store::new(&engine, ());
    let instance = Linker::new(&engine).instantiate(&mut store, &module)?;

    // A typed call: the signature is checked once, calls take Rust values.
    let fib = instance.get_typed_func::<i32, i64>(&mut store, "fib")?;
    let f90 = fib.call(&mut store, 90)?;
    assert_eq!(f90, 2_880_067_194_370_816_120);
    println!("fib(90) = {f90}");

    // An untyped call with `Val`s (what a generic host or a CLI uses).
    let add = instance
        .get_func(&mut store, "add")
        .expect("the module exports add");
    let mut out = [Val::F64(0)];
    add.call(
        &mut store,
        &[Val::F64(1.5f64.to_bits()), Val::F64(2.25f64.to_bits())],
        &mut out,
    )?;
    assert_eq!(out[0].f64(), Some(3.75));
    println!("add(1.5, 2.25) = {}", out[0].f64().unwrap_or_default());

    // The instance's memory, read from the host.
    let memory = instance
        .get_memory(&mut store, "memory")
        .expect("the module exports memory");
    let mut greeting = [0u8; 13];
    memory.read(&store, 0, &mut greeting)?;
    assert_eq!(&greeting, b"Hello, brisk!");
    println!("memory says: {}", String::from_utf8_lossy(&greeting));
    Ok(())
}
