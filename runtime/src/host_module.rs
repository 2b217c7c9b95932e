//! Host modules: a named set of host functions with its own state, linked
//! into a [`Linker`] with one call.
//!
//! WASI, a native [`Extension`](crate::Extension), an embedder's own API
//! (a key-value store, a logger): each is a [`HostModule<T>`] that defines
//! its functions under its import module name with
//! [`HostModule::add_to_linker`], and [`Linker::add_host_module`] links it
//! whole.
//!
//! State lives per store, inside the store's data `T`: the host module
//! holds an *accessor* `fn(&mut T) -> &mut S` (see [`Accessor`]) and its
//! functions, given a [`Caller<'_, T>`](crate::Caller), reach their `S`
//! through `accessor(caller.data_mut())` — the shape of wasmtime-wasi's
//! `add_to_linker(linker, |data| &mut data.wasi)`. So one host module
//! serves any number of stores, each with its own state, and the
//! embedder decides where in `T` the state sits (next to other host
//! modules' states).
//!
//! ```text
//! Linker<T>::add_host_module(&m) ─▶ m.add_to_linker(linker) ─▶ func_wrap(m.name(), field, |caller, ..| ..)
//!                                                                   │ at call time
//! Store<T> { data: T { .., counter: S, .. } } ◀── accessor(caller.data_mut()) ─┘
//! ```
//!
//! ```
//! use brisk_runtime::{Accessor, Caller, Engine, HostModule, Linker, Module, Result, Store};
//!
//! /// `counter.add(n) -> total`: a running total per store.
//! struct Counter<T> {
//!     state: Accessor<T, i64>,
//! }
//!
//! impl<T: 'static> HostModule<T> for Counter<T> {
//!     fn name(&self) -> &str {
//!         "counter"
//!     }
//!     fn add_to_linker(&self, linker: &mut Linker<T>) -> Result<()> {
//!         let state = self.state;
//!         linker.func_wrap(self.name(), "add", move |mut caller: Caller<'_, T>, n: i64| {
//!             let total = state(caller.data_mut());
//!             *total += n;
//!             *total
//!         });
//!         Ok(())
//!     }
//! }
//!
//! struct Data {
//!     total: i64,
//! }
//!
//! let engine = Engine::default();
//! let module = Module::new(&engine, r#"(module
//!     (import "counter" "add" (func $add (param i64) (result i64)))
//!     (func (export "run") (result i64) (drop (call $add (i64.const 2))) (call $add (i64.const 40))))"#)?;
//! let mut linker = Linker::new(&engine);
//! linker.add_host_module(&Counter { state: |d: &mut Data| &mut d.total })?;
//! let mut store = Store::new(&engine, Data { total: 0 });
//! let instance = linker.instantiate(&mut store, &module)?;
//! let run = instance.get_typed_func::<(), i64>(&mut store, "run")?;
//! assert_eq!(run.call(&mut store, ())?, 42);
//! assert_eq!(store.data().total, 42);
//! # Ok::<(), brisk_runtime::Error>(())
//! ```

use crate::{Linker, Result};

/// How a host module reaches its per-store state `S` inside the store's
/// data `T`; see the [module docs](self).
pub type Accessor<T, S> = fn(&mut T) -> &mut S;

/// A named set of host functions with its own state; see the
/// [module docs](self).
pub trait HostModule<T> {
    /// The import module name its functions are defined under (for
    /// example `wasi_snapshot_preview1`).
    fn name(&self) -> &str;

    /// Defines every function of the module in `linker`. Errors are for
    /// host modules that can fail to set up (a native extension's
    /// functions are checked when it loads, so it does not).
    fn add_to_linker(&self, linker: &mut Linker<T>) -> Result<()>;
}

impl<T: 'static> Linker<T> {
    /// Links every function of `module` in one call (see [`HostModule`]).
    /// Like any definition, they replace earlier ones of the same names.
    pub fn add_host_module(&mut self, module: &(impl HostModule<T> + ?Sized)) -> Result<&mut Self> {
        module.add_to_linker(self)?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Caller, Engine, Error, Module, Store};

    /// `counter.incr() -> i32`, `counter.get() -> i32` and
    /// `counter.fail()`, over an `i32` in the store's data.
    struct Counter<T> {
        state: Accessor<T, i32>,
    }

    impl<T: 'static> HostModule<T> for Counter<T> {
        fn name(&self) -> &str {
            "counter"
        }
        fn add_to_linker(&self, linker: &mut Linker<T>) -> Result<()> {
            let state = self.state;
            linker
                .func_wrap("counter", "incr", move |mut c: Caller<'_, T>| {
                    let n = state(c.data_mut());
                    *n += 1;
                    *n
                })
                .func_wrap("counter", "get", move |mut c: Caller<'_, T>| {
                    *state(c.data_mut())
                })
                .func_wrap("counter", "fail", |_: Caller<'_, T>| -> Result<()> {
                    Err(Error::msg("counter is broken"))
                });
            Ok(())
        }
    }

    /// Data with two states, as an embedder with several host modules has.
    #[derive(Default)]
    struct Data {
        _other: u64,
        count: i32,
    }

    const GUEST: &str = r#"(module
        (import "counter" "incr" (func $incr (result i32)))
        (import "counter" "get" (func $get (result i32)))
        (import "counter" "fail" (func $fail))
        (func (export "incr3") (result i32)
            (drop (call $incr)) (drop (call $incr)) (drop (call $incr)) (call $get))
        (func (export "fail") (call $fail)))"#;

    fn setup() -> (Engine, Module, Linker<Data>) {
        let engine = Engine::default();
        let module = Module::new(&engine, GUEST).unwrap();
        let mut linker = Linker::new(&engine);
        linker
            .add_host_module(&Counter {
                state: |d: &mut Data| &mut d.count,
            })
            .unwrap();
        (engine, module, linker)
    }

    #[test]
    fn a_stateful_host_module_links_in_one_call_with_state_per_store() {
        let (engine, module, linker) = setup();
        let mut a = Store::new(&engine, Data::default());
        let mut b = Store::new(&engine, Data::default());
        let ia = linker.instantiate(&mut a, &module).unwrap();
        let ib = linker.instantiate(&mut b, &module).unwrap();
        let fa = ia.get_typed_func::<(), i32>(&mut a, "incr3").unwrap();
        let fb = ib.get_typed_func::<(), i32>(&mut b, "incr3").unwrap();
        assert_eq!(fa.call(&mut a, ()).unwrap(), 3);
        assert_eq!(fa.call(&mut a, ()).unwrap(), 6);
        assert_eq!(fb.call(&mut b, ()).unwrap(), 3, "store b has its own state");
        assert_eq!((a.data().count, b.data().count), (6, 3));

        // A second instance in the same store shares that store's state.
        let ia2 = linker.instantiate(&mut a, &module).unwrap();
        let fa2 = ia2.get_typed_func::<(), i32>(&mut a, "incr3").unwrap();
        assert_eq!(fa2.call(&mut a, ()).unwrap(), 9);
    }

    #[test]
    fn a_host_module_error_traps_and_the_store_keeps_working() {
        let (engine, module, linker) = setup();
        let mut store = Store::new(&engine, Data::default());
        let instance = linker.instantiate(&mut store, &module).unwrap();
        let fail = instance
            .get_typed_func::<(), ()>(&mut store, "fail")
            .unwrap();
        let err = fail.call(&mut store, ()).unwrap_err();
        assert!(err.to_string().contains("counter is broken"), "{err}");
        let incr3 = instance
            .get_typed_func::<(), i32>(&mut store, "incr3")
            .unwrap();
        assert_eq!(incr3.call(&mut store, ()).unwrap(), 3);
    }

    #[test]
    fn add_to_linker_errors_reach_the_caller() {
        struct Broken;
        impl HostModule<()> for Broken {
            fn name(&self) -> &str {
                "broken"
            }
            fn add_to_linker(&self, _: &mut Linker<()>) -> Result<()> {
                Err(Error::msg("cannot set up `broken`"))
            }
        }
        let mut linker = Linker::<()>::new(&Engine::default());
        let err = linker.add_host_module(&Broken).unwrap_err();
        assert_eq!(err.to_string(), "cannot set up `broken`");
        // Also usable as a trait object, e.g. a list of modules to link.
        let modules: Vec<Box<dyn HostModule<()>>> = vec![Box::new(Broken)];
        assert!(linker.add_host_module(modules[0].as_ref()).is_err());
    }
}
