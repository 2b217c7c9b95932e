//! `Memory`, `Table`, `Global` and `Extern`: handles to an instance's
//! (or the host's) entities.
//!
//! Each is an instance id and an index in that instance's index space; an
//! entity the host creates ([`Memory::new`], ...) lives in a code-less
//! vm instance of its own. All access goes through the vm store, which
//! bounds-checks and keeps `funcref`s valid.

use brisk_parser::{GlobalType, MemoryType, TableType};
use brisk_vm::{InstanceId, ValRaw};

use crate::types::ExternType;
use crate::{AsContext, AsContextMut, Error, Func, Result, StoreContext, StoreContextMut, Val};

/// A linear memory.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Memory {
    pub(crate) inst: InstanceId,
    pub(crate) index: u32,
}

fn oob_memory() -> Error {
    Error::Invalid("out of bounds memory access".into())
}

impl Memory {
    /// A new host memory of type `ty` (subject to the store's limits).
    pub fn new(mut store: impl AsContextMut, ty: MemoryType) -> Result<Memory> {
        let inst = store.as_context_mut().vm.host_instance(&[ty], &[], &[])?;
        Ok(Memory { inst, index: 0 })
    }

    /// Its current type (current size as the minimum).
    pub fn ty(&self, store: impl AsContext) -> MemoryType {
        // The index was checked when the handle was made.
        store
            .as_context()
            .vm
            .memory_type_ref(self.inst, self.index)
            .expect("memory handle is valid")
    }

    /// Its size in pages.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.ty(store).initial
    }

    /// Its size in bytes.
    pub fn data_size(&self, store: impl AsContext) -> usize {
        self.data(store.as_context()).len()
    }

    /// Its bytes.
    pub fn data<'a, T: 'static>(&self, store: impl Into<StoreContext<'a, T>>) -> &'a [u8] {
        store
            .into()
            .vm
            .memory_slice(self.inst, self.index)
            .expect("memory handle is valid")
    }

    /// Its bytes, mutably.
    pub fn data_mut<'a, T: 'static>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
    ) -> &'a mut [u8] {
        store
            .into()
            .vm
            .memory_data(self.inst, self.index)
            .expect("memory handle is valid")
    }

    /// Its bytes and the store's data at once, both mutable: what a host
    /// function needs to read guest buffers while updating its own state
    /// (WASI reads iovecs from memory and writes through its file table).
    pub fn data_and_store_mut<'a, T: 'static>(
        &self,
        store: impl Into<StoreContextMut<'a, T>>,
    ) -> (&'a mut [u8], &'a mut T) {
        let cx = store.into();
        let bytes = cx
            .vm
            .memory_data(self.inst, self.index)
            .expect("memory handle is valid");
        (bytes, &mut cx.state.data)
    }

    /// Grows by `delta` pages, returning the old size; an error (and no
    /// change) past the memory's maximum or the store's limit.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64) -> Result<u64> {
        store
            .as_context_mut()
            .vm
            .memory_grow(self.inst, self.index, delta)?
            .ok_or_else(|| Error::Invalid("failed to grow memory".into()))
    }

    /// Copies `buf.len()` bytes at `offset` into `buf`; an error if the
    /// range is out of bounds.
    pub fn read(&self, store: impl AsContext, offset: usize, buf: &mut [u8]) -> Result<()> {
        let cx = store.as_context();
        let data = self.data(cx);
        let src = offset
            .checked_add(buf.len())
            .and_then(|end| data.get(offset..end))
            .ok_or_else(oob_memory)?;
        buf.copy_from_slice(src);
        Ok(())
    }

    /// Copies `buf` to `offset`; an error if the range is out of bounds.
    pub fn write(&self, mut store: impl AsContextMut, offset: usize, buf: &[u8]) -> Result<()> {
        let data = self.data_mut(store.as_context_mut());
        let dst = offset
            .checked_add(buf.len())
            .and_then(|end| data.get_mut(offset..end))
            .ok_or_else(oob_memory)?;
        dst.copy_from_slice(buf);
        Ok(())
    }
}

/// A table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Table {
    pub(crate) inst: InstanceId,
    pub(crate) index: u32,
}

fn elem_to_val(ty: &TableType, v: usize) -> Val {
    Val::from_raw(
        ValRaw::funcref(v as *mut _),
        brisk_parser::ValType::Ref(ty.element_type),
    )
}

fn val_to_elem(ty: &TableType, v: Val) -> Result<usize> {
    if !v.matches(brisk_parser::ValType::Ref(ty.element_type)) {
        return Err(Error::TypeMismatch(format!(
            "expected {}, got {}",
            ty.element_type,
            v.ty()
        )));
    }
    Ok(v.to_raw().get_v128() as usize)
}

impl Table {
    /// A new host table of type `ty`, every element `init` (subject to the
    /// store's limits).
    pub fn new(mut store: impl AsContextMut, ty: TableType, init: Val) -> Result<Table> {
        let elem = val_to_elem(&ty, init)?;
        let cx = store.as_context_mut();
        let inst = cx.vm.host_instance(&[], &[ty], &[])?;
        let table = Table { inst, index: 0 };
        for i in 0..ty.initial {
            cx.vm.table_set(inst, 0, i, elem)?;
        }
        Ok(table)
    }

    /// Its current type (current size as the minimum).
    pub fn ty(&self, store: impl AsContext) -> TableType {
        store
            .as_context()
            .vm
            .table_type_ref(self.inst, self.index)
            .expect("table handle is valid")
    }

    /// Its size.
    pub fn size(&self, store: impl AsContext) -> u64 {
        self.ty(store).initial
    }

    /// Element `i`, or `None` out of bounds.
    pub fn get(&self, store: impl AsContext, i: u64) -> Option<Val> {
        let cx = store.as_context();
        let ty = self.ty(cx);
        let v = cx.vm.table_get_ref(self.inst, self.index, i).ok()??;
        Some(elem_to_val(&ty, v))
    }

    /// Sets element `i`.
    pub fn set(&self, mut store: impl AsContextMut, i: u64, v: Val) -> Result<()> {
        let cx = store.as_context_mut();
        let ty = self.ty(&cx);
        let elem = val_to_elem(&ty, v)?;
        if cx.vm.table_set(self.inst, self.index, i, elem)? {
            Ok(())
        } else {
            Err(Error::Invalid("out of bounds table access".into()))
        }
    }

    /// Grows by `delta` elements set to `init`, returning the old size; an
    /// error (and no change) past the table's maximum or the store's
    /// limit.
    pub fn grow(&self, mut store: impl AsContextMut, delta: u64, init: Val) -> Result<u64> {
        let cx = store.as_context_mut();
        let ty = self.ty(&cx);
        let elem = val_to_elem(&ty, init)?;
        cx.vm
            .table_grow(self.inst, self.index, delta, elem)?
            .ok_or_else(|| Error::Invalid("failed to grow table".into()))
    }
}

/// A global.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Global {
    pub(crate) inst: InstanceId,
    pub(crate) index: u32,
}

impl Global {
    /// A new host global of type `ty` holding `v`.
    pub fn new(mut store: impl AsContextMut, ty: GlobalType, v: Val) -> Result<Global> {
        if !v.matches(ty.content_type) {
            return Err(Error::TypeMismatch(format!(
                "expected {}, got {}",
                ty.content_type,
                v.ty()
            )));
        }
        let cx = store.as_context_mut();
        let inst = cx.vm.host_instance(&[], &[], &[ty])?;
        cx.vm.global_set(inst, 0, v.to_raw())?;
        Ok(Global { inst, index: 0 })
    }

    /// Its type.
    pub fn ty(&self, store: impl AsContext) -> GlobalType {
        *store
            .as_context()
            .vm
            .instance(self.inst)
            .global_type(self.index)
            .expect("global handle is valid")
    }

    /// Its value.
    pub fn get(&self, store: impl AsContext) -> Val {
        let cx = store.as_context();
        let ty = self.ty(cx);
        let raw = cx
            .vm
            .global_get(self.inst, self.index)
            .expect("global handle is valid");
        Val::from_raw(raw, ty.content_type)
    }

    /// Sets its value (only if mutable).
    pub fn set(&self, mut store: impl AsContextMut, v: Val) -> Result<()> {
        let cx = store.as_context_mut();
        let ty = self.ty(&cx);
        if !ty.mutable {
            return Err(Error::Invalid("immutable global cannot be set".into()));
        }
        if !v.matches(ty.content_type) {
            return Err(Error::TypeMismatch(format!(
                "expected {}, got {}",
                ty.content_type,
                v.ty()
            )));
        }
        cx.vm.global_set(self.inst, self.index, v.to_raw())?;
        Ok(())
    }
}

/// Anything an instance exports or imports.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Extern {
    /// A function.
    Func(Func),
    /// A memory.
    Memory(Memory),
    /// A table.
    Table(Table),
    /// A global.
    Global(Global),
}

impl Extern {
    /// Its current type.
    pub fn ty(&self, store: impl AsContext) -> ExternType {
        let cx = store.as_context();
        match self {
            Extern::Func(f) => ExternType::Func(f.ty(cx)),
            Extern::Memory(m) => ExternType::Memory(m.ty(cx)),
            Extern::Table(t) => ExternType::Table(t.ty(cx)),
            Extern::Global(g) => ExternType::Global(g.ty(cx)),
        }
    }

    /// The function, if it is one.
    pub fn into_func(self) -> Option<Func> {
        match self {
            Extern::Func(f) => Some(f),
            _ => None,
        }
    }

    /// The memory, if it is one.
    pub fn into_memory(self) -> Option<Memory> {
        match self {
            Extern::Memory(m) => Some(m),
            _ => None,
        }
    }

    /// The table, if it is one.
    pub fn into_table(self) -> Option<Table> {
        match self {
            Extern::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The global, if it is one.
    pub fn into_global(self) -> Option<Global> {
        match self {
            Extern::Global(g) => Some(g),
            _ => None,
        }
    }
}

impl From<Func> for Extern {
    fn from(f: Func) -> Extern {
        Extern::Func(f)
    }
}
impl From<Memory> for Extern {
    fn from(m: Memory) -> Extern {
        Extern::Memory(m)
    }
}
impl From<Table> for Extern {
    fn from(t: Table) -> Extern {
        Extern::Table(t)
    }
}
impl From<Global> for Extern {
    fn from(g: Global) -> Extern {
        Extern::Global(g)
    }
}
