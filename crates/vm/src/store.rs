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

use std::any::Any;
use std::collections::HashSet;
use std::ffi::c_void;
use std::ptr::NonNull;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use brisk_parser::{FuncType, GlobalType, MemoryType, TableType};

use crate::host::{
    Active, ActiveCell, HostFn, HostFnCx, VMHostFunc, host_array_call, valid_in_store,
};
use crate::instance::{Imported, InstanceInit};
use crate::interrupt::{ContextCell, InterruptHandle};
use crate::{
    Error, Instance, ModuleShape, TierCode, Trap, TrapCode, TypeRegistry, VMFuncRef,
    VMGlobalDefinition, VMStoreContext, ValRaw,
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
/// - `instances`, `host_funcs`, `funcrefs` and `active` are leaked boxes
///   freed only in `Drop`.
/// - `funcrefs` holds the address of every `VMFuncRef` they contain.
/// - `instances[i]`'s `store_index` is `i`.
/// - `active` is `Active::NONE` outside [`call_with`](Self::call_with).
#[derive(Debug)]
pub struct VMStore {
    id: u64,
    registry: Arc<TypeRegistry>,
    context: Arc<ContextCell>,
    instances: Vec<NonNull<Instance>>,
    host_funcs: Vec<NonNull<VMHostFunc>>,
    funcrefs: NonNull<HashSet<usize>>,
    active: NonNull<ActiveCell>,
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
            context: ContextCell::new(),
            instances: Vec::new(),
            host_funcs: Vec::new(),
            funcrefs: leak(HashSet::new()),
            active: leak(ActiveCell::new(Active::NONE)),
        }
    }

    /// The engine's type registry.
    pub fn registry(&self) -> &Arc<TypeRegistry> {
        &self.registry
    }

    /// The per-store execution state (limits, fuel), for tests and
    /// single-threaded setup. Prefer the accessors ([`fuel`](Self::fuel),
    /// [`set_limits`](Self::set_limits), ...): this `&mut` also covers
    /// `interrupt`, which an [`InterruptHandle`] may write from another
    /// thread at any time (atomically).
    pub fn context(&mut self) -> &mut VMStoreContext {
        // SAFETY: live as long as `self`; `&mut self` means no wasm is
        // running, so nothing else on this thread uses it.
        unsafe { &mut *self.context.get() }
    }

    /// The store context's address, as every `VMContext` header holds it.
    pub fn context_ptr(&self) -> *mut VMStoreContext {
        self.context.get()
    }

    /// Fuel left (`i64::MAX` when fuel is not metered).
    pub fn fuel(&self) -> i64 {
        // SAFETY: a plain field of the live context that only this
        // store's thread writes.
        unsafe { (*self.context.get()).fuel_remaining }
    }

    /// Sets the fuel left.
    pub fn set_fuel(&mut self, fuel: i64) {
        // SAFETY: as in `fuel`; `&mut self` means no wasm is running on
        // this store outside a host function, which may set it too.
        unsafe { (*self.context.get()).fuel_remaining = fuel };
    }

    /// The most nested wasm calls allowed.
    pub fn set_max_call_depth(&mut self, depth: u32) {
        // SAFETY: as in `set_fuel`.
        unsafe { (*self.context.get()).max_call_depth = depth };
    }

    /// Sets the store limits: each linear memory's byte size and each
    /// table's element count (`u64::MAX` = unlimited). Growth past them
    /// fails (`memory.grow`/`table.grow` give -1); instantiating a module
    /// whose minimum exceeds them fails with [`Error::MemoryLimit`] /
    /// [`Error::TableLimit`]. Existing memories and tables are not shrunk.
    pub fn set_limits(&mut self, memory_bytes: u64, table_elements: u64) {
        // SAFETY: as in `set_fuel`.
        unsafe {
            let cx = self.context.get();
            (*cx).memory_limit = memory_bytes;
            (*cx).table_limit = table_elements;
        }
    }

    /// The store limits: (memory bytes, table elements).
    pub fn limits(&self) -> (u64, u64) {
        // SAFETY: as in `fuel`.
        unsafe {
            let cx = self.context.get();
            ((*cx).memory_limit, (*cx).table_limit)
        }
    }

    /// A handle that interrupts this store's wasm from any thread.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(self.context.clone())
    }

    /// Whether an interrupt is pending (requested and not yet cleared by
    /// an outermost call returning `Interrupted`).
    pub fn interrupt_requested(&self) -> bool {
        self.context.interrupt_flag().load(Ordering::Relaxed) != 0
    }

    /// Withdraws a pending interrupt request.
    pub fn clear_interrupt(&self) {
        self.context.interrupt_flag().store(0, Ordering::Relaxed);
    }

    /// The instance whose context is `vmctx`, if it is one of this store's.
    pub(crate) fn instance_id_of(&self, vmctx: *mut crate::VMContext) -> Option<InstanceId> {
        if vmctx.is_null() {
            return None;
        }
        // SAFETY: a non-null caller context is a live instance's (the
        // uniform entry's contract), so its header is readable.
        let index = unsafe { (*(*vmctx).header.instance.cast::<Instance>()).store_index };
        let inst = self.instances.get(index as usize)?;
        // SAFETY: ours and live until `Drop`.
        (unsafe { inst.as_ref() }.vmctx() == vmctx).then_some(InstanceId {
            store: self.id,
            index,
        })
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
        self.host_func_cx(ty, Box::new(move |_, vals| callback(vals)))
    }

    /// A host function of type `ty` that can reach the store running it
    /// (see [`HostContext`](crate::HostContext)).
    pub fn host_func_cx(&mut self, ty: &FuncType, callback: HostFnCx) -> *mut VMFuncRef {
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
            active: self.active.as_ptr(),
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
        let index = self.instances.len() as u32;
        // SAFETY: `ptr` is a live instance nothing else references yet.
        let inst = unsafe { &mut *ptr.as_ptr() };
        inst.store_index = index;
        let n = inst.shape().num_funcs;
        let refs: Vec<usize> = (0..n).map(|i| inst.func_ref(i) as usize).collect();
        self.add_funcrefs(refs);
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
            store: self.context.get(),
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
        let shape = ModuleShape::of(module);
        let passive: Vec<bool> = module
            .data
            .iter()
            .map(|d| matches!(d.mode, brisk_parser::DataMode::Passive))
            .collect();
        let init = InstanceInit {
            store: self.context.get(),
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
    /// results there; host functions see `()` as the data. See
    /// [`call_with`](Self::call_with).
    pub fn call(&mut self, f: *mut VMFuncRef, vals: &mut [ValRaw]) -> Result<(), Trap> {
        self.call_with(&mut (), f, vals)
    }

    /// Calls function `f` with `vals` holding the arguments, leaving the
    /// results there. Checks that `f` belongs to the store, that `vals` is
    /// long enough and that `funcref` arguments are the store's.
    ///
    /// Host functions reached during the call get `&mut self` and `data`
    /// in their [`HostContext`](crate::HostContext). The outermost call
    /// (not one made by a host function) restores the call depth and, if
    /// it ends in an `Interrupted` trap, clears the interrupt flag, so the
    /// store stays usable.
    #[allow(
        clippy::not_unsafe_ptr_arg_deref,
        reason = "dereferenced only after checking that `f` is one of the store's live func refs"
    )]
    pub fn call_with(
        &mut self,
        data: &mut dyn Any,
        f: *mut VMFuncRef,
        vals: &mut [ValRaw],
    ) -> Result<(), Trap> {
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
        let cx = self.context.get();
        // SAFETY: a plain field of the live context, this thread's.
        let depth = unsafe { (*cx).call_depth };
        // SAFETY: leaked in `new`, freed in `Drop`; a `Cell` used on this
        // thread only.
        let active = unsafe { self.active.as_ref() };
        // The pointers host functions will use, derived from our borrows
        // last, after every other use of `self` before the call.
        let this: *mut VMStore = self;
        let previous = active.replace(Active {
            store: this,
            data: Some(NonNull::from(data)),
        });
        // SAFETY: `f` is a live func ref of this store, whose `array_call`
        // is sound for it (host trampoline, or the tier's entry per
        // TierCode's contract); `vals` is long enough and holds arguments
        // valid for the callee's type.
        let raw =
            unsafe { ((*f).array_call)(f, std::ptr::null_mut(), vals.as_mut_ptr(), vals.len()) };
        active.set(previous);
        // A trap may unwind past the depth bookkeeping; restore it.
        // SAFETY: as above.
        unsafe { (*cx).call_depth = depth };
        if raw.is_null() {
            return Ok(());
        }
        // SAFETY: a non-null return is a trap from `Trap::into_raw`.
        let trap = unsafe { Trap::from_raw(raw) };
        if previous.store.is_null() && trap.code() == Some(TrapCode::Interrupted) {
            self.clear_interrupt();
        }
        Err(trap)
    }
}

mod access;

impl Drop for VMStore {
    fn drop(&mut self) {
        // A host function holds `&mut VMStore` during a call, so safe code
        // could `mem::replace` the running store with another and drop it
        // while wasm is suspended inside it. Freeing then would leave the
        // suspended frames pointing at freed instances: leak instead.
        // SAFETY: leaked in `new`; only this store's thread uses the cell.
        if !unsafe { self.active.as_ref() }.get().store.is_null() {
            return;
        }
        // SAFETY: every pointer was leaked by this store and is freed once;
        // no call is in progress (checked above), so nothing refers to
        // them.
        unsafe {
            for i in self.instances.drain(..) {
                drop(Box::from_raw(i.as_ptr()));
            }
            for h in self.host_funcs.drain(..) {
                drop(Box::from_raw(h.as_ptr()));
            }
            drop(Box::from_raw(self.funcrefs.as_ptr()));
            drop(Box::from_raw(self.active.as_ptr()));
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
