//! The embedder's view of instance state: memories, tables, globals and
//! element segments, with every `funcref` written checked to belong to the
//! store and every index checked.

use brisk_parser::{HeapType, MemoryType, TableType, ValType};

use super::{InstanceId, VMStore};
use crate::{Error, ValRaw};

impl VMStore {
    /// The bytes of memory `m` of instance `id`.
    pub fn memory_data(&mut self, id: InstanceId, m: u32) -> Result<&mut [u8], Error> {
        let inst = self.instance_mut(id);
        if m >= inst.shape().num_memories {
            return Err(Error::OutOfRange("memory"));
        }
        Ok(inst.memory(m).as_mut_slice())
    }

    /// Puts memory `m`'s copy-on-write image into instance `id`'s memory
    /// the first time it is asked; whether the memory has one (then its
    /// active data segments are covered). See
    /// [`Instance::init_memory_image`].
    pub fn init_memory_image(&mut self, id: InstanceId, m: u32) -> Result<bool, Error> {
        self.instance_mut(id).init_memory_image(m)
    }

    /// The bytes of memory `m` of instance `id`, shared.
    pub fn memory_slice(&self, id: InstanceId, m: u32) -> Result<&[u8], Error> {
        let inst = self.instance(id);
        if m >= inst.shape().num_memories {
            return Err(Error::OutOfRange("memory"));
        }
        Ok(inst.memory_ref(m).as_slice())
    }

    /// Memory `m`'s current type, through a shared borrow.
    pub fn memory_type_ref(&self, id: InstanceId, m: u32) -> Result<MemoryType, Error> {
        let inst = self.instance(id);
        if m >= inst.shape().num_memories {
            return Err(Error::OutOfRange("memory"));
        }
        let mem = inst.memory_ref(m);
        Ok(MemoryType {
            initial: mem.pages(),
            ..*mem.ty()
        })
    }

    /// Table `t`'s current type, through a shared borrow.
    pub fn table_type_ref(&self, id: InstanceId, t: u32) -> Result<TableType, Error> {
        let inst = self.instance(id);
        if t >= inst.shape().num_tables {
            return Err(Error::OutOfRange("table"));
        }
        let table = inst.table_ref(t);
        Ok(TableType {
            initial: table.size(),
            ..*table.ty()
        })
    }

    /// Element `i` of table `t` through a shared borrow, or `None` out of
    /// bounds.
    pub fn table_get_ref(&self, id: InstanceId, t: u32, i: u64) -> Result<Option<usize>, Error> {
        let inst = self.instance(id);
        if t >= inst.shape().num_tables {
            return Err(Error::OutOfRange("table"));
        }
        Ok(inst.table_ref(t).get(i))
    }

    /// Memory `m`'s current type (current size as the minimum).
    pub fn memory_type(&mut self, id: InstanceId, m: u32) -> Result<MemoryType, Error> {
        let inst = self.instance_mut(id);
        if m >= inst.shape().num_memories {
            return Err(Error::OutOfRange("memory"));
        }
        Ok(inst.memory_type(m))
    }

    /// Grows memory `m` by `delta` pages; the old size, or `None`.
    pub fn memory_grow(
        &mut self,
        id: InstanceId,
        m: u32,
        delta: u64,
    ) -> Result<Option<u64>, Error> {
        let inst = self.instance_mut(id);
        if m >= inst.shape().num_memories {
            return Err(Error::OutOfRange("memory"));
        }
        Ok(inst.memory_grow(m, delta))
    }

    /// Table `t`'s current type (current size as the minimum).
    pub fn table_type(&mut self, id: InstanceId, t: u32) -> Result<TableType, Error> {
        let inst = self.instance_mut(id);
        if t >= inst.shape().num_tables {
            return Err(Error::OutOfRange("table"));
        }
        Ok(inst.table_type(t))
    }

    fn check_elem(&self, ty: &TableType, v: usize) -> Result<(), Error> {
        let vt = ValType::Ref(ty.element_type);
        let raw = if ty.element_type.heap_type == HeapType::Extern {
            ValRaw::externref(v as u64)
        } else {
            ValRaw::funcref(v as *mut _)
        };
        if self.valid_value(vt, raw) {
            Ok(())
        } else {
            Err(Error::InvalidValue("function reference of another store"))
        }
    }

    /// Element `i` of table `t`, or `None` out of bounds.
    pub fn table_get(&mut self, id: InstanceId, t: u32, i: u64) -> Result<Option<usize>, Error> {
        let inst = self.instance_mut(id);
        if t >= inst.shape().num_tables {
            return Err(Error::OutOfRange("table"));
        }
        Ok(inst.table(t).get(i))
    }

    /// Sets element `i` of table `t`; `Ok(false)` out of bounds.
    pub fn table_set(&mut self, id: InstanceId, t: u32, i: u64, v: usize) -> Result<bool, Error> {
        let ty = self.table_type(id, t)?;
        self.check_elem(&ty, v)?;
        Ok(self.instance_mut(id).table(t).set(i, v))
    }

    /// Grows table `t` by `delta` elements set to `init`; the old size, or
    /// `None` past the maximum.
    pub fn table_grow(
        &mut self,
        id: InstanceId,
        t: u32,
        delta: u64,
        init: usize,
    ) -> Result<Option<u64>, Error> {
        let ty = self.table_type(id, t)?;
        self.check_elem(&ty, init)?;
        // SAFETY: `init` was just checked to be valid for the table.
        Ok(unsafe { self.instance_mut(id).table_grow(t, delta, init) })
    }

    /// Global `g`'s value.
    pub fn global_get(&self, id: InstanceId, g: u32) -> Result<ValRaw, Error> {
        let inst = self.instance(id);
        if inst.global_type(g).is_none() {
            return Err(Error::OutOfRange("global"));
        }
        // SAFETY: `g` is in range; the definition is live for the store's
        // life and only read here.
        Ok(unsafe { (*inst.global_definition(g)).get() })
    }

    /// Sets global `g` (whatever its mutability: the embedder initialises
    /// immutable globals this way; wasm-level checks are the runtime's).
    pub fn global_set(&mut self, id: InstanceId, g: u32, v: ValRaw) -> Result<(), Error> {
        let ty = *self
            .instance(id)
            .global_type(g)
            .ok_or(Error::OutOfRange("global"))?;
        if !self.valid_value(ty.content_type, v) {
            return Err(Error::InvalidValue("function reference of another store"));
        }
        let p = self.instance(id).global_definition(g);
        // SAFETY: `g` is in range; `&mut self` means no code is running
        // that could hold the definition.
        unsafe { (*p).set(v) };
        Ok(())
    }

    /// Sets the resolved elements of (passive) element segment `e`, each
    /// checked against the segment's type.
    pub fn set_elem_segment(
        &mut self,
        id: InstanceId,
        e: u32,
        elems: Vec<usize>,
    ) -> Result<(), Error> {
        let seg_ty = {
            let inst = self.instance(id);
            let tier = inst.tier().ok_or(Error::OutOfRange("element segment"))?;
            tier.module()
                .elements
                .get(e as usize)
                .ok_or(Error::OutOfRange("element segment"))?
                .ty
        };
        let ty = TableType {
            element_type: seg_ty,
            initial: 0,
            maximum: None,
            table64: false,
        };
        for &v in &elems {
            self.check_elem(&ty, v)?;
        }
        self.instance_mut(id)
            .set_elem_segment(e, elems.into_boxed_slice());
        Ok(())
    }

    /// `data.drop` from the host (e.g. after applying an active segment).
    pub fn drop_data(&mut self, id: InstanceId, d: u32) {
        self.instance_mut(id).drop_data(d);
    }
}
