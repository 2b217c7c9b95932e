//! `TypedFunc`: a [`Func`] whose signature was checked once, called with
//! Rust values instead of [`Val`](crate::Val)s.

use std::marker::PhantomData;

use brisk_parser::{FuncType, ValType};
use brisk_vm::ValRaw;

use crate::{AsContext, AsContextMut, Error, Func, Result, WasmTy};

/// Parameters of a typed call: `()`, one [`WasmTy`] (`i32`), or a tuple of
/// them (`(i32, f64)`).
pub trait WasmParams: Send + 'static {
    /// The parameter types.
    fn valtypes() -> Vec<ValType>;
    /// Writes the raw arguments.
    fn store(self, out: &mut [ValRaw]);
}

/// Results of a typed call: `()`, one [`WasmTy`], or a tuple of them.
pub trait WasmRets: Sized + Send + 'static {
    /// The result types.
    fn valtypes() -> Vec<ValType>;
    /// Reads the raw results.
    fn load(raw: &[ValRaw]) -> Self;
}

macro_rules! tuples {
    ($($t:ident)*) => {
        impl<$($t: WasmTy,)*> WasmParams for ($($t,)*) {
            fn valtypes() -> Vec<ValType> { vec![$($t::valtype()),*] }
            #[allow(non_snake_case, unused_variables, unused_mut, unused_assignments)]
            fn store(self, out: &mut [ValRaw]) {
                let ($($t,)*) = self;
                let mut i = 0;
                $(out[i] = $t.into_raw(); i += 1;)*
            }
        }
        impl<$($t: WasmTy,)*> WasmRets for ($($t,)*) {
            fn valtypes() -> Vec<ValType> { vec![$($t::valtype()),*] }
            #[allow(unused_variables, unused_mut, unused_assignments, clippy::unused_unit)]
            fn load(raw: &[ValRaw]) -> Self {
                let mut i = 0;
                ($({ let v = $t::from_raw(raw[i]); i += 1; v },)*)
            }
        }
    };
}

impl<A: WasmTy> WasmParams for A {
    fn valtypes() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn store(self, out: &mut [ValRaw]) {
        out[0] = self.into_raw();
    }
}

impl<A: WasmTy> WasmRets for A {
    fn valtypes() -> Vec<ValType> {
        vec![A::valtype()]
    }
    fn load(raw: &[ValRaw]) -> Self {
        A::from_raw(raw[0])
    }
}

tuples!();
tuples!(A1);
tuples!(A1 A2);
tuples!(A1 A2 A3);
tuples!(A1 A2 A3 A4);
tuples!(A1 A2 A3 A4 A5);
tuples!(A1 A2 A3 A4 A5 A6);

/// A function with a checked Rust signature; see [`Func::typed`].
#[derive(Debug)]
pub struct TypedFunc<P, R> {
    func: Func,
    len: usize,
    _ty: PhantomData<fn(P) -> R>,
}

impl<P, R> Clone for TypedFunc<P, R> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P, R> Copy for TypedFunc<P, R> {}

impl Func {
    /// This function as a [`TypedFunc`], if its type is `P -> R`
    /// (tuples of `i32`, `i64`, `f32`, `f64`, ...; `()` for none).
    ///
    /// ```
    /// use brisk_runtime::{Engine, Func, Store};
    /// let mut store = Store::new(&Engine::default(), ());
    /// let f = Func::wrap(&mut store, |a: i32, b: i32| a * b);
    /// let typed = f.typed::<(i32, i32), (i32,)>(&store)?;
    /// assert_eq!(typed.call(&mut store, (6, 7))?, (42,));
    /// let same = f.typed::<(i32, i32), i32>(&store)?;
    /// assert_eq!(same.call(&mut store, (6, 7))?, 42);
    /// assert!(f.typed::<(i64,), ()>(&store).is_err());
    /// # Ok::<(), brisk_runtime::Error>(())
    /// ```
    pub fn typed<P: WasmParams, R: WasmRets>(
        &self,
        store: impl AsContext,
    ) -> Result<TypedFunc<P, R>> {
        let ty = self.ty(store);
        let want = FuncType::new(P::valtypes(), R::valtypes());
        if ty != want {
            return Err(Error::TypeMismatch(format!("function is {ty}, not {want}")));
        }
        Ok(TypedFunc {
            func: *self,
            len: ty.params().len().max(ty.results().len()),
            _ty: PhantomData,
        })
    }
}

impl<P: WasmParams, R: WasmRets> TypedFunc<P, R> {
    /// Calls it.
    pub fn call(&self, mut store: impl AsContextMut, params: P) -> Result<R> {
        let mut raw = vec![ValRaw::ZERO; self.len];
        params.store(&mut raw);
        store
            .as_context_mut()
            .call_raw(self.func.as_raw(), &mut raw)?;
        Ok(R::load(&raw))
    }

    /// The untyped function.
    pub fn func(&self) -> Func {
        self.func
    }
}
