//! `Linker<T>`: names for externs, and instantiation by name.
//!
//! Definitions are keyed by `(module, field)`. A definition is either an
//! extern of a store ([`Linker::define`], [`Linker::instance`] for all of
//! an instance's exports, which is what the spec's `register` does) or a
//! host function not yet bound to a store ([`Linker::func_wrap`],
//! [`Linker::func_new`]), created in the store the first time a module
//! imports it there. Later definitions of the same name replace earlier
//! ones (shadowing), as `register` of a new instance under an old name
//! expects.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use brisk_parser::FuncType;
use brisk_vm::{HostContext, HostFnCx, Trap, ValRaw};

use crate::{AsContextMut, Caller, Error, Extern, Func, Instance, IntoFunc, Module, Result, Val};

type SharedHost = Arc<dyn Fn(HostContext<'_>, &mut [ValRaw]) -> Result<(), Trap> + Send + Sync>;

enum Definition {
    Extern(Extern),
    /// A host function, made in a store the first time a module of that
    /// store imports it (the store remembers it by `body`'s address).
    Host {
        ty: FuncType,
        body: SharedHost,
    },
}

/// A linker; see the [module docs](self).
pub struct Linker<T> {
    defs: HashMap<(String, String), Definition>,
    _store: PhantomData<fn(&mut T)>,
}

impl<T> std::fmt::Debug for Linker<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linker")
            .field("definitions", &self.defs.len())
            .finish()
    }
}

impl<T> Default for Linker<T> {
    fn default() -> Self {
        Linker {
            defs: HashMap::new(),
            _store: PhantomData,
        }
    }
}

impl<T: 'static> Linker<T> {
    /// An empty linker.
    pub fn new(_engine: &crate::Engine) -> Linker<T> {
        Linker::default()
    }

    /// Defines `module::name` as `item`.
    pub fn define(&mut self, module: &str, name: &str, item: impl Into<Extern>) -> &mut Self {
        self.defs.insert(
            (module.to_owned(), name.to_owned()),
            Definition::Extern(item.into()),
        );
        self
    }

    /// Defines `module::name` as a host function from a typed closure,
    /// which may take a [`Caller<'_, T>`](crate::Caller) first (see
    /// [`Func::wrap`]).
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoFunc<T, Params, Results>,
    ) -> &mut Self {
        let (ty, host) = f.into_func();
        self.host(module, name, ty, Arc::from(host))
    }

    /// Defines `module::name` as a host function of type `ty` over
    /// [`Val`]s (see [`Func::new`]).
    pub fn func_new(
        &mut self,
        module: &str,
        name: &str,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> &mut Self
    where
        T: 'static,
    {
        let body = crate::func::val_host_func(ty.clone(), f);
        self.host(module, name, ty, Arc::from(body))
    }

    fn host(&mut self, module: &str, name: &str, ty: FuncType, body: SharedHost) -> &mut Self {
        self.defs.insert(
            (module.to_owned(), name.to_owned()),
            Definition::Host { ty, body },
        );
        self
    }

    /// Defines every export of `instance` under module name `name` (the
    /// spec's `register`).
    pub fn instance(
        &mut self,
        mut store: impl AsContextMut<Data = T>,
        name: &str,
        instance: &Instance,
    ) -> &mut Self {
        for (field, ext) in instance.exports(&mut store) {
            self.define(name, &field, ext);
        }
        self
    }

    /// The extern defined as `module::name`, if any (host functions are
    /// created in `store` on first use there).
    pub fn get(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &str,
        name: &str,
    ) -> Option<Extern> {
        let def = self.defs.get(&(module.to_owned(), name.to_owned()))?;
        Some(match def {
            Definition::Extern(e) => *e,
            Definition::Host { ty, body } => {
                let cx = store.as_context_mut();
                let key = Arc::as_ptr(body).cast::<()>() as usize;
                if let Some(&f) = cx.state.shared.linker_funcs.get(&key) {
                    return Some(Extern::Func(f));
                }
                // The function keeps `body` alive, so `key` is not reused
                // while the store lives.
                let body = body.clone();
                let host: HostFnCx = Box::new(move |cx, raw| body(cx, raw));
                let p = cx.vm.host_func_cx(ty, host);
                let f = Func::from_raw(p).expect("host func refs are never null");
                cx.state.shared.linker_funcs.insert(key, f);
                Extern::Func(f)
            }
        })
    }

    /// Instantiates `module`, resolving each import by name.
    pub fn instantiate(
        &self,
        mut store: impl AsContextMut<Data = T>,
        module: &Module,
    ) -> Result<Instance> {
        let mut imports = Vec::new();
        for (m, n, ty) in module.imports() {
            let ext = self
                .get(&mut store, m, n)
                .ok_or_else(|| Error::UnknownImport {
                    module: m.to_owned(),
                    field: n.to_owned(),
                    expected: ty.to_string(),
                })?;
            imports.push(ext);
        }
        Instance::new(store, module, &imports)
    }
}
