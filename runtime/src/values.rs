//! `Val`, `ExternRef` and their raw encodings.
//!
//! A [`Val`] is a typed value at the API boundary; inside, values are
//! [`ValRaw`]s whose type is known from context. A `funcref` is its
//! [`Func`] (the `VMFuncRef` address, checked by the vm to belong to the
//! store before wasm sees it), an `externref` an id into the store's
//! table of host values.

use std::any::Any;
use std::sync::Arc;

use brisk_parser::{HeapType, ValType};
use brisk_vm::ValRaw;

use crate::{AsContextMut, Func};

/// A host reference, as wasm's `externref` values; compares by identity.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ExternRef {
    // INVARIANT: non-zero; an index + 1 into its store's extern table.
    pub(crate) id: u64,
}

impl ExternRef {
    /// A new reference to `value`, owned by `store`.
    pub fn new(mut store: impl AsContextMut, value: impl Any + Send + Sync) -> ExternRef {
        let externs = &mut store.as_context_mut().state.shared.externs;
        externs.push(Arc::new(value));
        ExternRef {
            id: externs.len() as u64,
        }
    }

    /// The value it refers to, if it belongs to `store`.
    pub fn data<'a, T: 'static>(
        &self,
        store: impl Into<crate::StoreContext<'a, T>>,
    ) -> Option<&'a (dyn Any + Send + Sync)> {
        let i = usize::try_from(self.id).ok()?.checked_sub(1)?;
        store.into().state.shared.externs.get(i).map(|a| &**a)
    }
}

/// A WebAssembly value.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Val {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as its bits.
    F32(u32),
    /// `f64`, as its bits.
    F64(u64),
    /// `v128`.
    V128(u128),
    /// `funcref` (`None` is `ref.null func`).
    FuncRef(Option<Func>),
    /// `externref` (`None` is `ref.null extern`).
    ExternRef(Option<ExternRef>),
}

impl Val {
    /// Its type.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FUNCREF,
            Val::ExternRef(_) => ValType::EXTERNREF,
        }
    }

    /// The default (zero or null) value of `ty`.
    pub fn default_for(ty: ValType) -> Val {
        Val::from_raw(ValRaw::ZERO, ty)
    }

    /// Whether the value has type `ty`.
    pub fn matches(&self, ty: ValType) -> bool {
        self.ty() == ty
    }

    /// The raw encoding.
    pub(crate) fn to_raw(self) -> ValRaw {
        match self {
            Val::I32(v) => ValRaw::i32(v),
            Val::I64(v) => ValRaw::i64(v),
            Val::F32(v) => ValRaw::f32(v),
            Val::F64(v) => ValRaw::f64(v),
            Val::V128(v) => ValRaw::v128(v),
            Val::FuncRef(f) => ValRaw::funcref(f.map_or(std::ptr::null_mut(), Func::as_raw)),
            Val::ExternRef(e) => ValRaw::externref(e.map_or(0, |e| e.id)),
        }
    }

    /// The value of type `ty` encoded in `raw`.
    pub(crate) fn from_raw(raw: ValRaw, ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw.get_i32()),
            ValType::I64 => Val::I64(raw.get_i64()),
            ValType::F32 => Val::F32(raw.get_f32()),
            ValType::F64 => Val::F64(raw.get_f64()),
            ValType::V128 => Val::V128(raw.get_v128()),
            ValType::Ref(r) if r.heap_type == HeapType::Extern => {
                let id = raw.get_externref();
                Val::ExternRef((id != 0).then_some(ExternRef { id }))
            }
            ValType::Ref(_) => Val::FuncRef(Func::from_raw(raw.get_funcref())),
        }
    }

    /// The `i32`, if it is one.
    pub fn i32(&self) -> Option<i32> {
        match *self {
            Val::I32(v) => Some(v),
            _ => None,
        }
    }

    /// The `i64`, if it is one.
    pub fn i64(&self) -> Option<i64> {
        match *self {
            Val::I64(v) => Some(v),
            _ => None,
        }
    }

    /// The `f32`, if it is one.
    pub fn f32(&self) -> Option<f32> {
        match *self {
            Val::F32(v) => Some(f32::from_bits(v)),
            _ => None,
        }
    }

    /// The `f64`, if it is one.
    pub fn f64(&self) -> Option<f64> {
        match *self {
            Val::F64(v) => Some(f64::from_bits(v)),
            _ => None,
        }
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Val {
        Val::I32(v)
    }
}
impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::I64(v)
    }
}
impl From<f32> for Val {
    fn from(v: f32) -> Val {
        Val::F32(v.to_bits())
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::F64(v.to_bits())
    }
}
