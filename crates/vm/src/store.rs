//! The store: every instance and host function of one embedding context,
//! and the only way to build them.
//!
//! # Sandbox property
//!
//! **Every pointer wasm can reach through a store points to a live object
//! of that same store, of the type the code expects.** Instances and host
//! functions are freed only when the store is, imports are type-checked,
//! and every `funcref` entering from the host is checked against the
//! store's set of func refs. A violation here would let a guest (or a
//! confused embedder) call or read through a dangling or forged pointer.
//!
//! A [`VMStore`] owns its [`Instance`]s and host functions until it is
//! dropped, so pointers between them (imports, `funcref` values in tables
//! and globals) are valid for the store's life. It also keeps the set of
//! every `VMFuncRef` address it owns: any `funcref` the host puts into wasm
//! (call arguments, table and global writes, element segments, host
//! results) is checked against it, and instantiation checks every import
//! against the module's declarations. That is what lets brisk-runtime be
//! written without `unsafe`: everything it can do through this API keeps
//! the invariants the tiers rely on.

use std::collections::HashSet;
use std::ffi::c_void;
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use brisk_parser::{FuncType, GlobalType, MemoryType, TableType};

use crate::host::{HostFn, VMHostFunc, host_array_call, valid_in_store};
use crate::instance::{Imported, InstanceInit};
use crate::{
    Error, Instance, ModuleShape, TierCode, Trap, TypeRegistry, VMFuncRef, VMGlobalDefinition,
    VMStoreContext, ValRaw,
};

mod imports;

/// An instance of a [`VMStore`]. Using it with another store panics.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct InstanceId {
    store: u64,
    index: u32,
}

/// What satisfies one import.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum VMExtern {
    /// A function of the store (from [`Instance::canonical_func_ref`] or
    /// [`VMStore::host_func`]).
    Func(*mut VMFuncRef),
    /// Memory `.1` of an instance.
    Memory(InstanceId, u32),
    /// Table `.1` of an instance.
    Table(InstanceId, u32),
    /// Global `.1` of an instance.
    Global(InstanceId, u32),
}

static NEXT_STORE_ID: AtomicU64 = AtomicU64::new(1);

/// The vm half of a store; see the [module docs](self).
///
/// # Invariants
/// - `instances` and `host_funcs` are leaked boxes freed only in `Drop`.
/// - `funcrefs` holds the address of every `VMFuncRef` they contain.
#[derive(Debug)]
pub struct VMStore {
    id: u64,
    registry: Arc<TypeRegistry>,
    context: NonNull<VMStoreContext>,
    instances: Vec<NonNull<Instance>>,
    host_funcs: Vec<NonNull<VMHostFunc>>,
    funcrefs: NonNull<HashSet<usize>>,
}

impl std::fmt::Debug for VMHostFunc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VMHostFunc({})", self.ty)
    }
}

// SAFETY: the store exclusively owns everything its pointers reach (the
// registry is `Sync`); moving it to another thread moves all of it, and
// nothing is shared with other stores.
unsafe impl Send for VMStore {}

fn leak<T>(v: T) -> NonNull<T> {
    NonNull::from(Box::leak(Box::new(v)))
}

impl VMStore {
    /// An empty store whose function types are interned in `registry`
    /// (the engine's).
    pub fn new(registry: Arc<TypeRegistry>) -> VMStore {
        VMStore {
            id: NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed),
            registry,
            context: leak(VMStoreContext::default()),
            instances: Vec::new(),
            host_funcs: Vec::new(),
            funcrefs: leak(HashSet::new()),
        }
    }

    /// The engine's type registry.
    pub fn registry(&self) -> &Arc<TypeRegistry> {
        &self.registry
    }

    /// The per-store execution state (limits, fuel).
    pub fn context(&mut self) -> &mut VMStoreContext {
        // SAFETY: leaked in `new`, freed in `Drop`; `&mut self` means no
        // wasm is running, so nothing else uses it.
        unsafe { self.context.as_mut() }
    }

    fn funcrefs(&self) -> &HashSet<usize> {
        // SAFETY: leaked in `new`, freed in `Drop`, only mutated through
        // `&mut self`.
        unsafe { self.funcrefs.as_ref() }
    }

    fn add_funcrefs(&mut self, refs: impl IntoIterator<Item = usize>) {
        // SAFETY: as in `funcrefs`; `&mut self` makes this the only use.
        unsafe { self.funcrefs.as_mut() }.extend(refs);
    }

    /// Whether `f` is a function of this store.
    pub fn owns_func(&self, f: *mut VMFuncRef) -> bool {
        self.funcrefs().contains(&(f as usize))
    }

    /// Whether `v` is a valid value of type `ty` in this store.
    pub fn valid_value(&self, ty: brisk_parser::ValType, v: ValRaw) -> bool {
        valid_in_store(ty, v, self.funcrefs())
    }

    /// The type of function `f`, if it belongs to this store.
    #[allow(
        clippy::not_unsafe_ptr_arg_deref,
        reason = "dereferenced only after checking that `f` is one of the store's live func refs"
    )]
    pub fn func_type(&self, f: *mut VMFuncRef) -> Option<Arc<FuncType>> {
        if !self.owns_func(f) {
            return None;
        }
        // SAFETY: `f` is one of this store's live func refs.
        self.registry.get(unsafe { (*f).type_index })
    }

    /// A host function of type `ty`.
    pub fn host_func(&mut self, ty: &FuncType, callback: HostFn) -> *mut VMFuncRef {
        let type_index = self.registry.register(ty);
        let ty = self
            .registry
            .get(type_index)
            .unwrap_or_else(|| Arc::new(ty.clone()));
        let host = leak(VMHostFunc {
            func_ref: VMFuncRef {
                array_call: host_array_call,
                wasm_call: std::ptr::null(),
                type_index,
                func_index: self.host_funcs.len() as u32,
                vmctx: std::ptr::null_mut(),
            },
            callback,
            ty,
            funcrefs: self.funcrefs.as_ptr(),
        });
        // SAFETY: just leaked, uniquely ours.
        let fr = unsafe {
            let h = host.as_ptr();
            (*h).func_ref.vmctx = h.cast();
            &raw mut (*h).func_ref
        };
        self.host_funcs.push(host);
        self.add_funcrefs([fr as usize]);
        fr
    }

    /// The instance `id`.
    ///
    /// # Panics
    /// If `id` belongs to another store.
    pub fn instance(&self, id: InstanceId) -> &Instance {
        assert_eq!(id.store, self.id, "instance used with the wrong store");
        // SAFETY: ours and live until `Drop`; shared access only.
        unsafe { self.instances[id.index as usize].as_ref() }
    }

    fn instance_mut(&mut self, id: InstanceId) -> &mut Instance {
        assert_eq!(id.store, self.id, "instance used with the wrong store");
        // SAFETY: ours and live until `Drop`; `&mut self` is exclusive.
        unsafe { self.instances[id.index as usize].as_mut() }
    }

    /// Takes ownership of an instance leaked by `Instance::new`.
    fn push_instance(&mut self, ptr: NonNull<Instance>) -> InstanceId {
        // SAFETY: `ptr` is a live instance nothing else references yet.
        let inst = unsafe { ptr.as_ref() };
        let n = inst.shape().num_funcs;
        let refs: Vec<usize> = (0..n).map(|i| inst.func_ref(i) as usize).collect();
        self.add_funcrefs(refs);
        let index = self.instances.len() as u32;
        self.instances.push(ptr);
        InstanceId {
            store: self.id,
            index,
        }
    }

    /// An instance with no code, defining these memories, tables (all
    /// null) and globals (all zero; set them with
    /// [`global_set`](Self::global_set)): what host modules export.
    pub fn host_instance(
        &mut self,
        memories: &[MemoryType],
        tables: &[TableType],
        globals: &[GlobalType],
    ) -> Result<InstanceId, Error> {
        let shape = ModuleShape {
            num_memories: memories.len() as u32,
            num_tables: tables.len() as u32,
            num_globals: globals.len() as u32,
            ..ModuleShape::default()
        };
        let init = InstanceInit {
            store: self.context.as_ptr(),
            tier: None,
            shape,
            type_ids: Box::default(),
            defined_func_types: &[],
            imported_funcs: &[],
            imported_memories: Vec::new(),
            imported_tables: Vec::new(),
            imported_globals: &[],
            memories,
            tables,
            global_types: globals.to_vec(),
            num_data: 0,
            num_elems: 0,
        };
        // SAFETY: no imports and no code: the only pointer is the store
        // context, which outlives the instance.
        let inst = unsafe { Instance::new(init)? };
        Ok(self.push_instance(inst))
    }

    /// Instantiates the module of `code` with `imports` (in import-section
    /// order), checking each against its declared type. Memories and
    /// tables start at their minimum size, zeroed/null; globals are zero;
    /// element segments empty; active data segments dropped. The embedder
    /// then initialises globals, applies segments and runs the start
    /// function.
    pub fn instantiate<C: TierCode>(
        &mut self,
        code: Arc<C>,
        imports: &[VMExtern],
    ) -> Result<InstanceId, Error> {
        let code_ptr = Arc::as_ptr(&code).cast::<c_void>();
        let array_call = code.array_call();
        let tier: Arc<dyn TierCode> = code;
        let module = tier.module();
        let type_ids: Box<[_]> = module
            .types
            .iter()
            .map(|t| self.registry.register(t))
            .collect();
        let resolved = self.resolve_imports(module, &type_ids, imports)?;
        let shape = ModuleShape {
            num_types: module.types.len() as u32,
            num_imported_funcs: module.function_imports,
            num_funcs: module.functions.len() as u32,
            num_imported_memories: module.memory_imports,
            num_memories: module.memories.len() as u32,
            num_imported_tables: module.table_imports,
            num_tables: module.tables.len() as u32,
            num_imported_globals: module.global_imports,
            num_globals: module.globals.len() as u32,
        };
        let passive: Vec<bool> = module
            .data
            .iter()
            .map(|d| matches!(d.mode, brisk_parser::DataMode::Passive))
            .collect();
        let init = InstanceInit {
            store: self.context.as_ptr(),
            tier: Some((tier.clone(), code_ptr, array_call)),
            shape,
            type_ids,
            defined_func_types: module
                .functions
                .get(module.function_imports as usize..)
                .unwrap_or(&[]),
            imported_funcs: &resolved.funcs,
            imported_memories: resolved.memories,
            imported_tables: resolved.tables,
            imported_globals: &resolved.globals,
            memories: module
                .memories
                .get(module.memory_imports as usize..)
                .unwrap_or(&[]),
            tables: module
                .tables
                .get(module.table_imports as usize..)
                .unwrap_or(&[]),
            global_types: module.globals.clone(),
            num_data: module.data.len() as u32,
            num_elems: module.elements.len() as u32,
        };
        // SAFETY: `resolve_imports` checked every import is a live object of
        // this store of the declared type; the store context and `tier`
        // outlive the instance; `tier`'s code is for this very module, so
        // the shape and entry match (TierCode's contract).
        let inst = unsafe { Instance::new(init)? };
        // SAFETY: freshly built, not yet shared with anything.
        let i = unsafe { &mut *inst.as_ptr() };
        for (d, p) in passive.iter().enumerate() {
            if !p {
                i.drop_data(d as u32);
            }
        }
        Ok(self.push_instance(inst))
    }

    /// Calls function `f` with `vals` holding the arguments, leaving the
    /// results there. Checks that `f` belongs to the store, that `vals` is
    /// long enough and that `funcref` arguments are the store's.
    #[allow(
        clippy::not_unsafe_ptr_arg_deref,
        reason = "dereferenced only after checking that `f` is one of the store's live func refs"
    )]
    pub fn call(&mut self, f: *mut VMFuncRef, vals: &mut [ValRaw]) -> Result<(), Trap> {
        let ty = self
            .func_type(f)
            .ok_or_else(|| Trap::host("function does not belong to this store".into()))?;
        if vals.len() < ty.params().len().max(ty.results().len()) {
            return Err(Trap::host("too few value slots for the call".into()));
        }
        let ok = ty
            .params()
            .iter()
            .zip(vals.iter())
            .all(|(&t, &v)| self.valid_value(t, v));
        if !ok {
            return Err(Trap::host(
                "argument is a function reference of another store".into(),
            ));
        }
        let depth = self.context().call_depth;
        // SAFETY: `f` is a live func ref of this store, whose `array_call`
        // is sound for it (host trampoline, or the tier's entry per
        // TierCode's contract); `vals` is long enough and holds arguments
        // valid for the callee's type.
        let raw =
            unsafe { ((*f).array_call)(f, std::ptr::null_mut(), vals.as_mut_ptr(), vals.len()) };
        // A trap may unwind past the depth bookkeeping; restore it.
        self.context().call_depth = depth;
        if raw.is_null() {
            Ok(())
        } else {
            // SAFETY: a non-null return is a trap from `Trap::into_raw`.
            Err(unsafe { Trap::from_raw(raw) })
        }
    }
}

mod access;

impl Drop for VMStore {
    fn drop(&mut self) {
        // SAFETY: every pointer was leaked by this store and is freed once;
        // nothing runs any more, so nothing refers to them.
        unsafe {
            for i in self.instances.drain(..) {
                drop(Box::from_raw(i.as_ptr()));
            }
            for h in self.host_funcs.drain(..) {
                drop(Box::from_raw(h.as_ptr()));
            }
            drop(Box::from_raw(self.funcrefs.as_ptr()));
            drop(Box::from_raw(self.context.as_ptr()));
        }
    }
}

/// Imports resolved to raw pointers.
pub(crate) struct Resolved {
    funcs: Vec<NonNull<VMFuncRef>>,
    memories: Vec<Imported<crate::VMMemoryDefinition>>,
    tables: Vec<Imported<crate::VMTableDefinition>>,
    globals: Vec<NonNull<VMGlobalDefinition>>,
}
