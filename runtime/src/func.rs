//! `Func`: a function of a store, wasm or host, and calls into it.
//!
//! A `Func` is the address of its `VMFuncRef`; every call goes through the
//! uniform entry (`VMFuncRef.array_call`) via [`VMStore::call`], which
//! checks the function and `funcref` arguments belong to the store. Host
//! functions are closures over [`Val`]s ([`Func::new`]) or typed Rust
//! closures ([`Func::wrap`], see [`IntoFunc`]).
//!
//! [`VMStore::call`]: brisk_vm::VMStore::call

use brisk_parser::{FuncType, ValType};
use brisk_vm::{HostContext, HostFnCx, Trap, VMFuncRef, ValRaw};

use crate::store::StoreState;
use crate::{AsContext, AsContextMut, Caller, Error, ExternRef, Result, StoreContextMut, Val};

/// A function of a store (compare by identity).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Func {
    // INVARIANT: non-zero; a `VMFuncRef` address of the store it came from.
    raw: usize,
}

impl Func {
    pub(crate) fn from_raw(p: *mut VMFuncRef) -> Option<Func> {
        let raw = p as usize;
        (raw != 0).then_some(Func { raw })
    }

    pub(crate) fn as_raw(self) -> *mut VMFuncRef {
        self.raw as *mut VMFuncRef
    }

    /// A host function of type `ty` running `f` on [`Val`]s: the
    /// [`Caller`], parameters in, results out (pre-filled with defaults of
    /// the result types). An `Err` traps with the error inside, as for
    /// [`Func::wrap`]; results of the wrong type trap too.
    pub fn new<T: 'static>(
        mut store: impl AsContextMut<Data = T>,
        ty: FuncType,
        f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Func {
        let host = val_host_func(ty.clone(), f);
        let p = store.as_context_mut().vm.host_func_cx(&ty, host);
        Func { raw: p as usize }
    }

    /// A host function from a typed Rust closure, e.g.
    /// `|a: i32, b: i32| a + b`, `|x: f64| -> Result<(), Error> { .. }`, or
    /// with a leading [`Caller`]: `|mut caller: Caller<'_, T>, ptr: u32| ..`.
    pub fn wrap<T: 'static, Params, Results>(
        mut store: impl AsContextMut<Data = T>,
        f: impl IntoFunc<T, Params, Results>,
    ) -> Func {
        let (ty, host) = f.into_func();
        let p = store.as_context_mut().vm.host_func_cx(&ty, host);
        Func { raw: p as usize }
    }

    /// Its type.
    pub fn ty(&self, store: impl AsContext) -> FuncType {
        store
            .as_context()
            .vm
            .func_type(self.as_raw())
            .map(|t| (*t).clone())
            .unwrap_or_else(|| FuncType::new([], []))
    }

    /// Calls it with `params`, writing `results` (whose length must be the
    /// number of results).
    pub fn call(
        &self,
        mut store: impl AsContextMut,
        params: &[Val],
        results: &mut [Val],
    ) -> Result<()> {
        let mut cx = store.as_context_mut();
        let ty = cx
            .vm
            .func_type(self.as_raw())
            .ok_or_else(|| Error::Invalid("function used with the wrong store".into()))?;
        if params.len() != ty.params().len() {
            return Err(Error::TypeMismatch(format!(
                "expected {} arguments, got {}",
                ty.params().len(),
                params.len()
            )));
        }
        if results.len() != ty.results().len() {
            return Err(Error::TypeMismatch(format!(
                "expected {} results, got room for {}",
                ty.results().len(),
                results.len()
            )));
        }
        for (i, (p, &t)) in params.iter().zip(ty.params()).enumerate() {
            if !p.matches(t) {
                return Err(Error::TypeMismatch(format!(
                    "argument {i}: expected {t}, got {}",
                    p.ty()
                )));
            }
        }
        let mut raw = vec![ValRaw::ZERO; params.len().max(results.len())];
        for (slot, p) in raw.iter_mut().zip(params) {
            *slot = p.to_raw();
        }
        cx.call_raw(self.as_raw(), &mut raw)?;
        for ((r, &v), &t) in results.iter_mut().zip(&raw).zip(ty.results()) {
            *r = Val::from_raw(v, t);
        }
        Ok(())
    }
}

/// The [`Caller`] for a host call: the store's state downcast to
/// `StoreState<T>` (it always is one: host functions of a `Store<T>` are
/// only ever called with that store's state).
pub(crate) fn caller<T: 'static>(cx: HostContext<'_>) -> Result<Caller<'_, T>, Trap> {
    let state = cx.data.downcast_mut::<StoreState<T>>().ok_or_else(|| {
        Trap::host("host function called from a store of another data type".into())
    })?;
    Ok(Caller {
        cx: StoreContextMut {
            vm: cx.store,
            state,
        },
        instance: cx.caller,
    })
}

/// Runs a closure over [`Val`]s on raw values of type `ty`.
/// The raw body of a host function of type `ty` over [`Val`]s, with a
/// [`Caller`] (for [`Func::new`] and [`Linker::func_new`](crate::Linker::func_new)).
pub(crate) fn val_host_func<T: 'static>(
    ty: FuncType,
    f: impl Fn(Caller<'_, T>, &[Val], &mut [Val]) -> Result<(), Error> + Send + Sync + 'static,
) -> HostFnCx {
    Box::new(move |cx: HostContext<'_>, raw: &mut [ValRaw]| {
        let caller = caller::<T>(cx)?;
        let params: Vec<Val> = ty
            .params()
            .iter()
            .zip(raw.iter())
            .map(|(&t, &v)| Val::from_raw(v, t))
            .collect();
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        f(caller, &params, &mut results)?;
        for ((slot, v), &t) in raw.iter_mut().zip(&results).zip(ty.results()) {
            if !v.matches(t) {
                return Err(Trap::host(
                    format!("host function returned {} for a {t} result", v.ty()).into(),
                ));
            }
            *slot = v.to_raw();
        }
        Ok(())
    })
}

/// A Rust value type that maps to one wasm value type.
pub trait WasmTy: Sized + Send + 'static {
    /// The wasm type.
    fn valtype() -> ValType;
    /// From the raw encoding.
    fn from_raw(raw: ValRaw) -> Self;
    /// To the raw encoding.
    fn into_raw(self) -> ValRaw;
}

macro_rules! wasm_ty {
    ($($t:ty => $vt:expr, |$r:ident| $from:expr, |$s:ident| $into:expr;)*) => {$(
        impl WasmTy for $t {
            fn valtype() -> ValType { $vt }
            fn from_raw($r: ValRaw) -> Self { $from }
            fn into_raw(self) -> ValRaw { let $s = self; $into }
        }
    )*};
}

wasm_ty! {
    i32 => ValType::I32, |r| r.get_i32(), |s| ValRaw::i32(s);
    u32 => ValType::I32, |r| r.get_i32() as u32, |s| ValRaw::i32(s as i32);
    i64 => ValType::I64, |r| r.get_i64(), |s| ValRaw::i64(s);
    u64 => ValType::I64, |r| r.get_i64() as u64, |s| ValRaw::i64(s as i64);
    f32 => ValType::F32, |r| f32::from_bits(r.get_f32()), |s| ValRaw::f32(s.to_bits());
    f64 => ValType::F64, |r| f64::from_bits(r.get_f64()), |s| ValRaw::f64(s.to_bits());
    Option<Func> => ValType::FUNCREF, |r| Func::from_raw(r.get_funcref()),
        |s| ValRaw::funcref(s.map_or(std::ptr::null_mut(), Func::as_raw));
    Option<ExternRef> => ValType::EXTERNREF,
        |r| { let id = r.get_externref(); (id != 0).then_some(ExternRef { id }) },
        |s| ValRaw::externref(s.map_or(0, |e| e.id));
}

/// What a typed host closure may return: nothing, one value, or either in
/// a `Result<_, Trap>` or `Result<_, Error>` (an `Err` becomes a trap
/// carrying the error; see [`Error::downcast_ref`]).
pub trait WasmResults: Send + 'static {
    /// The result types.
    fn valtypes() -> Vec<ValType>;
    /// Writes the results, or returns the trap.
    fn store(self, out: &mut [ValRaw]) -> Result<(), Trap>;
}

impl WasmResults for () {
    fn valtypes() -> Vec<ValType> {
        Vec::new()
    }
    fn store(self, _: &mut [ValRaw]) -> Result<(), Trap> {
        Ok(())
    }
}

impl<R: WasmTy> WasmResults for R {
    fn valtypes() -> Vec<ValType> {
        vec![R::valtype()]
    }
    fn store(self, out: &mut [ValRaw]) -> Result<(), Trap> {
        out[0] = self.into_raw();
        Ok(())
    }
}

impl<R: WasmResults> WasmResults for Result<R, Trap> {
    fn valtypes() -> Vec<ValType> {
        R::valtypes()
    }
    fn store(self, out: &mut [ValRaw]) -> Result<(), Trap> {
        self?.store(out)
    }
}

impl<R: WasmResults> WasmResults for Result<R, Error> {
    fn valtypes() -> Vec<ValType> {
        R::valtypes()
    }
    fn store(self, out: &mut [ValRaw]) -> Result<(), Trap> {
        self.map_err(Trap::from)?.store(out)
    }
}

/// A Rust closure usable as a host function in a store with data `T`:
/// `Fn`s of up to six [`WasmTy`] parameters, optionally preceded by a
/// [`Caller<'_, T>`](Caller), returning a [`WasmResults`].
pub trait IntoFunc<T, Params, Results>: Send + Sync + 'static {
    /// The function type and the raw host body.
    fn into_func(self) -> (FuncType, HostFnCx);
}

macro_rules! into_func {
    ($($a:ident)*) => {
        impl<T, F, $($a: WasmTy,)* R: WasmResults> IntoFunc<T, ($($a,)*), R> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
        {
            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
            fn into_func(self) -> (FuncType, HostFnCx) {
                let ty = FuncType::new([$($a::valtype()),*], R::valtypes());
                let host = move |_: HostContext<'_>, raw: &mut [ValRaw]| {
                    let mut i = 0;
                    $(let $a = $a::from_raw(raw[i]); i += 1;)*
                    (self)($($a),*).store(raw)
                };
                (ty, Box::new(host))
            }
        }

        impl<T: 'static, F, $($a: WasmTy,)* R: WasmResults>
            IntoFunc<T, (Caller<'static, T>, $($a,)*), R> for F
        where
            F: Fn(Caller<'_, T>, $($a),*) -> R + Send + Sync + 'static,
        {
            #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments)]
            fn into_func(self) -> (FuncType, HostFnCx) {
                let ty = FuncType::new([$($a::valtype()),*], R::valtypes());
                let host = move |cx: HostContext<'_>, raw: &mut [ValRaw]| {
                    let caller = caller::<T>(cx)?;
                    let mut i = 0;
                    $(let $a = $a::from_raw(raw[i]); i += 1;)*
                    (self)(caller, $($a),*).store(raw)
                };
                (ty, Box::new(host))
            }
        }
    };
}

into_func!();
into_func!(A1);
into_func!(A1 A2);
into_func!(A1 A2 A3);
into_func!(A1 A2 A3 A4);
into_func!(A1 A2 A3 A4 A5);
into_func!(A1 A2 A3 A4 A5 A6);
