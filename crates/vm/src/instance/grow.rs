//! Growing memories and tables, and reading their current types.
//!
//! A defined memory or table grows in place here and its definition in the
//! `VMContext` is rewritten; an imported one is grown by its owner (found
//! through the owner's `VMContext`), whose definition every importer reads
//! through its pointer.

use brisk_parser::{MemoryType, TableType};

use super::Instance;
use crate::{LinearMemory, Table};

impl Instance {
    /// The owner and defined index of memory `index`.
    fn memory_owner(&mut self, index: u32) -> (&mut Instance, usize) {
        let imported = self.shape().num_imported_memories;
        match index.checked_sub(imported) {
            Some(d) => (self, d as usize),
            None => {
                let imp = self.imported_memories[index as usize];
                // SAFETY: the owner is a live instance of the same store
                // (the store's invariant) and distinct from `self` (an
                // instance cannot import its own memory); `&mut self`
                // stands for exclusive access to the store's instances.
                (
                    unsafe { Instance::from_vmctx(imp.owner.as_ptr()) },
                    imp.index as usize,
                )
            }
        }
    }

    /// The owner and defined index of table `index`.
    fn table_owner(&mut self, index: u32) -> (&mut Instance, usize) {
        let imported = self.shape().num_imported_tables;
        match index.checked_sub(imported) {
            Some(d) => (self, d as usize),
            None => {
                let imp = self.imported_tables[index as usize];
                // SAFETY: as in `memory_owner`.
                (
                    unsafe { Instance::from_vmctx(imp.owner.as_ptr()) },
                    imp.index as usize,
                )
            }
        }
    }

    /// The store's memory and table limits.
    fn store_limits(&self) -> (u64, u64) {
        let ctx = self.store_context();
        // SAFETY: the store context outlives every instance of the store;
        // plain fields only the store's thread writes.
        unsafe { ((*ctx).memory_limit, (*ctx).table_limit) }
    }

    /// `memory.grow`: grows memory `index` by `delta_pages`, returning the
    /// old size in pages, or `None` (no change) past its maximum or past
    /// the store's memory limit.
    ///
    /// # Panics
    /// If `index` is not a memory of the module.
    pub fn memory_grow(&mut self, index: u32, delta_pages: u64) -> Option<u64> {
        assert!(
            index < self.shape().num_memories,
            "memory index out of range"
        );
        let (limit, _) = self.store_limits();
        let (owner, d) = self.memory_owner(index);
        let mem = &mut owner.memories[d];
        let new_bytes = mem
            .pages()
            .checked_add(delta_pages)?
            .checked_mul(crate::WASM_PAGE_SIZE as u64)?;
        if new_bytes > limit {
            return None;
        }
        let old = mem.grow(delta_pages)?;
        let def = owner.memories[d].definition();
        // SAFETY: `d` is a defined memory of `owner`, so the offset is its
        // definition's; the base is unchanged (memories never move).
        unsafe {
            owner
                .at::<crate::VMMemoryDefinition>(owner.offsets.defined_memory(d as u32))
                .write(def)
        };
        Some(old)
    }

    /// `table.grow`: grows table `index` by `delta` elements set to `init`,
    /// returning the old size, or `None` (no change) past its maximum or
    /// past the store's table limit.
    ///
    /// # Safety
    /// `init` must be a valid element for the table: 0, or for a
    /// `funcref` table a `VMFuncRef` of this store (what wasm values of the
    /// table's type are).
    ///
    /// # Panics
    /// If `index` is not a table of the module.
    pub unsafe fn table_grow(&mut self, index: u32, delta: u64, init: usize) -> Option<u64> {
        assert!(index < self.shape().num_tables, "table index out of range");
        let (_, limit) = self.store_limits();
        let (owner, d) = self.table_owner(index);
        if owner.tables[d].size().checked_add(delta)? > limit {
            return None;
        }
        let old = owner.tables[d].grow(delta, init)?;
        let def = owner.tables[d].definition();
        // SAFETY: `d` is a defined table of `owner`, so the offset is its
        // definition's; the new base and length describe the grown table.
        unsafe {
            owner
                .at::<crate::VMTableDefinition>(owner.offsets.defined_table(d as u32))
                .write(def)
        };
        Some(old)
    }

    /// Memory `index` (its owner's, for an import).
    ///
    /// # Panics
    /// If `index` is not a memory of the module.
    pub(crate) fn memory(&mut self, index: u32) -> &mut LinearMemory {
        assert!(
            index < self.shape().num_memories,
            "memory index out of range"
        );
        let (owner, d) = self.memory_owner(index);
        &mut owner.memories[d]
    }

    /// Table `index` (its owner's, for an import). Writing elements
    /// through it is the caller's business to keep valid; see
    /// [`table_grow`](Self::table_grow).
    ///
    /// # Panics
    /// If `index` is not a table of the module.
    pub(crate) fn table(&mut self, index: u32) -> &mut Table {
        assert!(index < self.shape().num_tables, "table index out of range");
        let (owner, d) = self.table_owner(index);
        &mut owner.tables[d]
    }

    /// Memory `index`'s current type: its current size as the minimum,
    /// its declared maximum (what import matching compares).
    pub fn memory_type(&mut self, index: u32) -> MemoryType {
        let m = self.memory(index);
        MemoryType {
            initial: m.pages(),
            ..*m.ty()
        }
    }

    /// Table `index`'s current type: its current size as the minimum.
    pub fn table_type(&mut self, index: u32) -> TableType {
        let t = self.table(index);
        TableType {
            initial: t.size(),
            ..*t.ty()
        }
    }
}

impl Instance {
    /// The owner (shared) and defined index of memory `index`.
    fn memory_owner_ref(&self, index: u32) -> (&Instance, usize) {
        match index.checked_sub(self.shape().num_imported_memories) {
            Some(d) => (self, d as usize),
            None => {
                let imp = self.imported_memories[index as usize];
                // SAFETY: the owner is a live instance of the same store;
                // `&self` stands for shared access to the store's
                // instances, so no `&mut` to it is in use.
                let owner = unsafe { &*(*imp.owner.as_ptr()).header.instance.cast::<Instance>() };
                (owner, imp.index as usize)
            }
        }
    }

    /// The owner (shared) and defined index of table `index`.
    fn table_owner_ref(&self, index: u32) -> (&Instance, usize) {
        match index.checked_sub(self.shape().num_imported_tables) {
            Some(d) => (self, d as usize),
            None => {
                let imp = self.imported_tables[index as usize];
                // SAFETY: as in `memory_owner_ref`.
                let owner = unsafe { &*(*imp.owner.as_ptr()).header.instance.cast::<Instance>() };
                (owner, imp.index as usize)
            }
        }
    }

    /// Memory `index` (its owner's, for an import), shared.
    ///
    /// # Panics
    /// If `index` is not a memory of the module.
    pub fn memory_ref(&self, index: u32) -> &LinearMemory {
        assert!(
            index < self.shape().num_memories,
            "memory index out of range"
        );
        let (owner, d) = self.memory_owner_ref(index);
        &owner.memories[d]
    }

    /// Table `index` (its owner's, for an import), shared.
    ///
    /// # Panics
    /// If `index` is not a table of the module.
    pub fn table_ref(&self, index: u32) -> &Table {
        assert!(index < self.shape().num_tables, "table index out of range");
        let (owner, d) = self.table_owner_ref(index);
        &owner.tables[d]
    }

    /// The owner and definition of memory `index`, to import it elsewhere.
    pub(crate) fn memory_export(
        &mut self,
        index: u32,
    ) -> crate::instance::Imported<crate::VMMemoryDefinition> {
        let definition = self.memory_definition(index);
        let (owner, d) = self.memory_owner(index);
        crate::instance::Imported {
            definition,
            owner: owner.vmctx,
            index: d as u32,
        }
    }

    /// The owner and definition of table `index`, to import it elsewhere.
    pub(crate) fn table_export(
        &mut self,
        index: u32,
    ) -> crate::instance::Imported<crate::VMTableDefinition> {
        let definition = self.table_definition(index);
        let (owner, d) = self.table_owner(index);
        crate::instance::Imported {
            definition,
            owner: owner.vmctx,
            index: d as u32,
        }
    }
}
