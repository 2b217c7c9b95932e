//! The vm-level instance: one `VMContext` allocation and what it points to.
//!
//! An [`Instance`] owns its `VMContext` (laid out by [`VMOffsets`]), the
//! memories and tables it defines, and the run-time state of its passive
//! segments. Globals and func refs live inside the `VMContext` itself.
//! Imported memories, tables and globals are pointers into the exporting
//! instance's `VMContext`; growth of an imported memory or table is
//! forwarded to its owner, which updates its definition in place, so every
//! importer sees the new size through the same pointer.
//!
//! ```text
//!   VMStore ── owns ──▶ Instance (boxed, never moves) ◀── header.instance ──┐
//!                        ├ vmctx ──▶ VMContext ───────────────────────────────┘
//!                        ├ memories: [LinearMemory]  (defined ones)
//!                        ├ tables:   [Table]         (defined ones)
//!                        ├ imported memories/tables: owner vmctx + index (for grow)
//!                        └ tier: Arc<dyn TierCode>   (code, data segments)
//! ```
//!
//! Instances are built only by [`VMStore`](crate::VMStore), which checks
//! imports and keeps every instance alive until the store is dropped; that
//! is what makes the pointers between instances valid. Tiers reach an
//! instance from a `*mut VMContext` with [`Instance::from_vmctx`].

use std::alloc::Layout;
use std::ffi::c_void;
use std::ptr::NonNull;
use std::sync::Arc;

use brisk_parser::{GlobalType, MemoryType, TableType};

use crate::{
    Error, LinearMemory, ModuleShape, Table, TierCode, VMArrayCallFn, VMCONTEXT_MAGIC, VMContext,
    VMContextHeader, VMFuncRef, VMGlobalDefinition, VMMemoryDefinition, VMOffsets,
    VMSharedTypeIndex, VMStoreContext, VMTableDefinition,
};

/// An imported memory or table: its definition and its owner.
#[derive(Debug)]
pub(crate) struct Imported<D> {
    pub definition: *mut D,
    pub owner: NonNull<VMContext>,
    /// Index among the owner's defined memories (or tables).
    pub index: u32,
}

impl<D> Clone for Imported<D> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D> Copy for Imported<D> {}

/// Everything [`Instance::new`] needs, resolved by the store.
pub(crate) struct InstanceInit<'a> {
    pub store: *mut VMStoreContext,
    /// The tier's code, its `code` pointer and its entry.
    pub tier: Option<(Arc<dyn TierCode>, *const c_void, VMArrayCallFn)>,
    pub shape: ModuleShape,
    pub type_ids: Box<[VMSharedTypeIndex]>,
    /// Module type index of each defined function.
    pub defined_func_types: &'a [u32],
    pub imported_funcs: &'a [NonNull<VMFuncRef>],
    pub imported_memories: Vec<Imported<VMMemoryDefinition>>,
    pub imported_tables: Vec<Imported<VMTableDefinition>>,
    pub imported_globals: &'a [NonNull<VMGlobalDefinition>],
    pub memories: &'a [MemoryType],
    pub tables: &'a [TableType],
    /// Types of all globals, imports first.
    pub global_types: Vec<GlobalType>,
    pub num_data: u32,
    pub num_elems: u32,
}

/// Where a defined memory stands with its tier's copy-on-write image.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ImageState {
    /// The tier offers none: active segments are copied.
    None,
    /// Offered, not yet put in (the memory is still all zero).
    Pending,
    /// Put in: the memory's active segments are covered.
    Applied,
}

/// A vm-level instance; see the [module docs](self).
///
/// # Invariants
/// - `vmctx` is a live allocation of `layout`, laid out by `offsets`, whose
///   header's `instance` points to this `Instance`, whose every pointer
///   array entry is valid for as long as the owning store lives.
/// - `memories[i]`'s definition is at `offsets.defined_memory(i)` and is
///   kept equal to `memories[i].definition()`; likewise for `tables`.
#[derive(Debug)]
pub struct Instance {
    vmctx: NonNull<VMContext>,
    layout: Layout,
    offsets: VMOffsets,
    tier: Option<Arc<dyn TierCode>>,
    // INVARIANT: header.type_ids points at this boxed slice's data.
    type_ids: Box<[VMSharedTypeIndex]>,
    memories: Vec<LinearMemory>,
    tables: Vec<Table>,
    imported_memories: Vec<Imported<VMMemoryDefinition>>,
    imported_tables: Vec<Imported<VMTableDefinition>>,
    global_types: Vec<GlobalType>,
    dropped_data: Vec<bool>,
    /// Per defined memory, whether its tier image is still to be put in
    /// (see [`Instance::init_memory_image`]); empty when the tier offers
    /// no image.
    images: Vec<ImageState>,
    // INVARIANT: elements valid for their table type (null or a funcref of
    // the store for funcref segments).
    elems: Vec<Box<[usize]>>,
    /// Index in the owning store's instance list (set when the store
    /// takes ownership), to find the calling instance of a host call.
    pub(crate) store_index: u32,
}

// SAFETY: an instance's raw pointers point into its own allocations or
// into other instances and host functions of the same store, which the
// store moves between threads as a whole (a `VMStore` is `Send` but not
// `Sync`, and all access needs `&mut` or goes through the store).
unsafe impl Send for Instance {}

impl Instance {
    /// Builds the instance and its `VMContext`, leaked: the returned
    /// pointer (also stored in the header) owns it, and is freed with
    /// `Box::from_raw` by the store.
    ///
    /// # Safety
    /// Every pointer in `init` must be valid and outlive the instance:
    /// imports point into live instances/host functions of the same store,
    /// `store` is that store's context, and `tier` (if any) is the code
    /// of a module of exactly `init.shape`, whose entries match `code`.
    pub(crate) unsafe fn new(init: InstanceInit<'_>) -> Result<NonNull<Instance>, Error> {
        let shape = init.shape;
        let offsets = VMOffsets::new(&shape).ok_or(Error::Shape("VMContext too large"))?;
        let check =
            |ok: bool, what: &'static str| if ok { Ok(()) } else { Err(Error::Shape(what)) };
        check(
            init.imported_funcs.len() == shape.num_imported_funcs as usize,
            "imported functions",
        )?;
        check(
            init.defined_func_types.len() == shape.num_defined_funcs() as usize,
            "functions",
        )?;
        check(
            init.imported_memories.len() == shape.num_imported_memories as usize,
            "imported memories",
        )?;
        check(
            init.memories.len() == shape.num_defined_memories() as usize,
            "memories",
        )?;
        check(
            init.imported_tables.len() == shape.num_imported_tables as usize,
            "imported tables",
        )?;
        check(
            init.tables.len() == shape.num_defined_tables() as usize,
            "tables",
        )?;
        check(
            init.imported_globals.len() == shape.num_imported_globals as usize,
            "imported globals",
        )?;
        check(
            init.global_types.len() == shape.num_globals as usize,
            "globals",
        )?;
        check(init.type_ids.len() == shape.num_types as usize, "types")?;
        check(
            init.defined_func_types
                .iter()
                .all(|&t| (t as usize) < init.type_ids.len()),
            "function type index",
        )?;
        check(
            init.tier.is_some() || shape.num_defined_funcs() == 0,
            "functions without code",
        )?;

        // SAFETY: `store` is the live store context (this function's
        // contract); only plain fields are read.
        let (memory_limit, table_limit) =
            unsafe { ((*init.store).memory_limit, (*init.store).table_limit) };
        for (d, m) in init.memories.iter().enumerate() {
            let requested = m.initial.saturating_mul(crate::WASM_PAGE_SIZE as u64);
            if requested > memory_limit {
                return Err(Error::MemoryLimit {
                    index: shape.num_imported_memories + d as u32,
                    requested,
                    allowed: memory_limit,
                });
            }
        }
        for (d, t) in init.tables.iter().enumerate() {
            if t.initial > table_limit {
                return Err(Error::TableLimit {
                    index: shape.num_imported_tables + d as u32,
                    requested: t.initial,
                    allowed: table_limit,
                });
            }
        }
        let memories = init
            .memories
            .iter()
            .map(LinearMemory::new)
            .collect::<Result<Vec<_>, _>>()?;
        let tables = init
            .tables
            .iter()
            .map(|t| Table::new(t, 0))
            .collect::<Result<Vec<_>, _>>()?;

        let layout =
            Layout::from_size_align(offsets.size() as usize, VMOffsets::VMCTX_ALIGN as usize)
                .map_err(|_| Error::Shape("VMContext too large"))?;
        // SAFETY: the layout has a non-zero size (the header alone is 48
        // bytes).
        let raw = unsafe { std::alloc::alloc_zeroed(layout) };
        let vmctx = NonNull::new(raw.cast::<VMContext>()).ok_or(Error::OutOfMemory)?;

        let images = match &init.tier {
            Some((t, _, _)) if !memories.is_empty() => {
                let state = |d: usize| match t.memory_image(shape.num_imported_memories + d as u32)
                {
                    Some(_) => ImageState::Pending,
                    None => ImageState::None,
                };
                let images: Vec<_> = (0..memories.len()).map(state).collect();
                if images.contains(&ImageState::Pending) {
                    images
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        };
        let (tier, code, array_call) = match init.tier {
            Some((t, c, a)) => (Some(t), c, Some(a)),
            None => (None, std::ptr::null(), None),
        };
        let ptr = NonNull::from(Box::leak(Box::new(Instance {
            vmctx,
            layout,
            offsets,
            tier,
            type_ids: init.type_ids,
            memories,
            tables,
            imported_memories: init.imported_memories,
            imported_tables: init.imported_tables,
            global_types: init.global_types,
            dropped_data: vec![false; init.num_data as usize],
            images,
            elems: vec![Box::default(); init.num_elems as usize],
            store_index: u32::MAX,
        })));
        let inst_ptr = ptr.as_ptr();
        // SAFETY: just leaked, so this is the only reference while it
        // lives (to the end of this function); the header keeps the raw
        // parent pointer, which stays valid after this borrow ends.
        let inst = unsafe { &mut *inst_ptr };

        // SAFETY: (all writes below) every offset comes from `offsets` for
        // this shape, so each write is in bounds of the fresh, zeroed,
        // 16-aligned allocation and aligned for its type (see the layout
        // tests in offsets.rs); the pointers written are valid by this
        // function's contract or point into `inst`, which is boxed.
        unsafe {
            inst.at::<VMContextHeader>(0).write(VMContextHeader {
                magic: VMCONTEXT_MAGIC,
                store: init.store,
                instance: inst_ptr.cast(),
                code,
                type_ids: inst.type_ids.as_ptr(),
                builtins: &crate::builtins::BUILTINS,
            });
            for (i, f) in init.imported_funcs.iter().enumerate() {
                let i = i as u32;
                inst.at::<*const VMFuncRef>(offsets.imported_function(i))
                    .write(f.as_ptr());
                inst.at::<VMFuncRef>(offsets.func_ref(i)).write(*f.as_ptr());
            }
            for i in 0..shape.num_memories {
                let def = match i.checked_sub(shape.num_imported_memories) {
                    None => inst.imported_memories[i as usize].definition,
                    Some(d) => {
                        let p = inst.at::<VMMemoryDefinition>(offsets.defined_memory(d));
                        p.write(inst.memories[d as usize].definition());
                        p
                    }
                };
                inst.at::<*mut VMMemoryDefinition>(offsets.memory(i))
                    .write(def);
            }
            for i in 0..shape.num_tables {
                let def = match i.checked_sub(shape.num_imported_tables) {
                    None => inst.imported_tables[i as usize].definition,
                    Some(d) => {
                        let p = inst.at::<VMTableDefinition>(offsets.defined_table(d));
                        p.write(inst.tables[d as usize].definition());
                        p
                    }
                };
                inst.at::<*mut VMTableDefinition>(offsets.table(i))
                    .write(def);
            }
            for i in 0..shape.num_globals {
                let def = match i.checked_sub(shape.num_imported_globals) {
                    None => init.imported_globals[i as usize].as_ptr(),
                    Some(d) => inst.at::<VMGlobalDefinition>(offsets.defined_global(d)),
                };
                inst.at::<*mut VMGlobalDefinition>(offsets.global(i))
                    .write(def);
            }
            if let (Some(array_call), Some(tier)) = (array_call, &inst.tier) {
                for (d, &ty) in init.defined_func_types.iter().enumerate() {
                    let i = shape.num_imported_funcs + d as u32;
                    inst.at::<VMFuncRef>(offsets.func_ref(i)).write(VMFuncRef {
                        array_call,
                        wasm_call: tier.wasm_call(i),
                        type_index: inst.type_ids[ty as usize],
                        func_index: i,
                        vmctx: vmctx.as_ptr(),
                    });
                }
            }
        }
        Ok(ptr)
    }

    /// A pointer to the `T` at byte `offset` of the vmctx.
    ///
    /// # Safety
    /// `offset` must be an offset `self.offsets` gives for a `T`.
    #[inline]
    unsafe fn at<T>(&self, offset: u32) -> *mut T {
        // SAFETY: by the caller's contract the offset is inside the vmctx
        // allocation.
        unsafe { self.vmctx.as_ptr().cast::<u8>().add(offset as usize).cast() }
    }

    /// The instance owning `vmctx`.
    ///
    /// # Safety
    /// `vmctx` must be the context of a live instance, and no other
    /// reference to that instance may be used while the returned one is
    /// (do not hold it across calls that can re-enter wasm or the host).
    #[inline]
    pub unsafe fn from_vmctx<'a>(vmctx: *mut VMContext) -> &'a mut Instance {
        // SAFETY: by the caller's contract `vmctx` is live, so its header
        // is initialised and `instance` points to the boxed owner; the
        // caller guarantees exclusivity.
        unsafe {
            debug_assert_eq!((*vmctx).header.magic, VMCONTEXT_MAGIC);
            &mut *(*vmctx).header.instance.cast::<Instance>()
        }
    }

    /// This instance's context.
    #[inline]
    pub fn vmctx(&self) -> *mut VMContext {
        self.vmctx.as_ptr()
    }

    /// The layout of this instance's context.
    #[inline]
    pub fn offsets(&self) -> &VMOffsets {
        &self.offsets
    }

    /// The module shape.
    #[inline]
    pub fn shape(&self) -> &ModuleShape {
        self.offsets.shape()
    }

    /// The store's shared state.
    #[inline]
    pub fn store_context(&self) -> *mut VMStoreContext {
        // SAFETY: the header was written in `new` and is never changed.
        unsafe { (*self.vmctx.as_ptr()).header.store }
    }

    /// The tier's code pointer (`header.code`), null for host instances.
    #[inline]
    pub fn code(&self) -> *const c_void {
        // SAFETY: as in `store_context`.
        unsafe { (*self.vmctx.as_ptr()).header.code }
    }

    /// The tier's code, if the instance has functions.
    pub fn tier(&self) -> Option<&Arc<dyn TierCode>> {
        self.tier.as_ref()
    }

    /// Module type index → canonical id.
    #[inline]
    pub fn type_ids(&self) -> &[VMSharedTypeIndex] {
        &self.type_ids
    }

    /// `func_refs[index]`: the function's `VMFuncRef` in this context (a
    /// copy of the exporter's for an import).
    ///
    /// # Panics
    /// If `index` is not a function of the module.
    #[inline]
    pub fn func_ref(&self, index: u32) -> *mut VMFuncRef {
        assert!(
            index < self.shape().num_funcs,
            "function index out of range"
        );
        // SAFETY: the index is in range, so the offset is a VMFuncRef's.
        unsafe { self.at(self.offsets.func_ref(index)) }
    }

    /// The canonical `VMFuncRef` of function `index`: the exporter's own
    /// for an import (so references compare equal across instances),
    /// `func_ref(index)` otherwise. `ref.func` and exports use this.
    ///
    /// # Panics
    /// If `index` is not a function of the module.
    pub fn canonical_func_ref(&self, index: u32) -> *mut VMFuncRef {
        if index < self.shape().num_imported_funcs {
            // SAFETY: the index is in range and the entry was written in
            // `new`.
            unsafe {
                self.at::<*const VMFuncRef>(self.offsets.imported_function(index))
                    .read()
                    .cast_mut()
            }
        } else {
            self.func_ref(index)
        }
    }

    /// Memory `index`'s definition (the exporter's for an import).
    ///
    /// # Panics
    /// If `index` is not a memory of the module.
    #[inline]
    pub fn memory_definition(&self, index: u32) -> *mut VMMemoryDefinition {
        assert!(
            index < self.shape().num_memories,
            "memory index out of range"
        );
        // SAFETY: in range; the entry was written in `new`.
        unsafe {
            self.at::<*mut VMMemoryDefinition>(self.offsets.memory(index))
                .read()
        }
    }

    /// Table `index`'s definition (the exporter's for an import).
    ///
    /// # Panics
    /// If `index` is not a table of the module.
    #[inline]
    pub fn table_definition(&self, index: u32) -> *mut VMTableDefinition {
        assert!(index < self.shape().num_tables, "table index out of range");
        // SAFETY: in range; the entry was written in `new`.
        unsafe {
            self.at::<*mut VMTableDefinition>(self.offsets.table(index))
                .read()
        }
    }

    /// Global `index`'s storage (the exporter's for an import).
    ///
    /// # Panics
    /// If `index` is not a global of the module.
    #[inline]
    pub fn global_definition(&self, index: u32) -> *mut VMGlobalDefinition {
        assert!(
            index < self.shape().num_globals,
            "global index out of range"
        );
        // SAFETY: in range; the entry was written in `new`.
        unsafe {
            self.at::<*mut VMGlobalDefinition>(self.offsets.global(index))
                .read()
        }
    }

    /// Global `index`'s type.
    pub fn global_type(&self, index: u32) -> Option<&GlobalType> {
        self.global_types.get(index as usize)
    }
}

mod grow;
mod segments;

impl Drop for Instance {
    fn drop(&mut self) {
        // SAFETY: `vmctx` was allocated in `new` with `layout` and is freed
        // once, here; the store drops instances only when nothing can run.
        unsafe { std::alloc::dealloc(self.vmctx.as_ptr().cast(), self.layout) };
    }
}
