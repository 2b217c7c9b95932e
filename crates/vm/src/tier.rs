//! What an execution tier hands the vm to instantiate its code.
//!
//! An instance's functions are run by a tier (the interpreter now, compiled
//! code later) through one entry, [`TierCode::array_call`], which reads the
//! tier's per-module code from the `VMContext`'s `code` field. The vm must
//! build the instance exactly as that code expects (same functions, types,
//! memories, tables, globals), or the tier would read the wrong things. So
//! the tier also hands over the module its code was made from, and the vm
//! derives the whole instance layout and checks every import from it: the
//! embedder (brisk-runtime) supplies only the imports, and needs no
//! `unsafe`.
//!
//! The `code` pointer stored in each `VMContext` is `Arc::as_ptr` of the
//! tier's value (for the interpreter a `*const brisk_interp::ModuleCode`);
//! the instance holds the `Arc`, so the pointer lives as long as the
//! instance.

use brisk_parser::Module;

use crate::VMArrayCallFn;

/// A tier's code for one module.
///
/// # Safety
/// Implementors promise that [`array_call`](Self::array_call) is sound to
/// call (with arguments of the callee's type and enough capacity) for any
/// `VMFuncRef` of an instance the vm built from this value, and that
/// [`module`](Self::module) is the (validated) module the code was made
/// from, the same on every call, and that a non-null
/// [`wasm_call`](Self::wasm_call) is native code of that function with the
/// compiled tier's convention, live as long as `self`.
pub unsafe trait TierCode: Send + Sync + 'static {
    /// The validated module the code was made from.
    fn module(&self) -> &Module<'_>;

    /// The uniform entry of every function the module defines.
    fn array_call(&self) -> VMArrayCallFn;

    /// The native-convention entry of defined function `func_index`
    /// (function index space, imports included), or null when the tier
    /// has none (the interpreter). [`Instance`](crate::Instance) stores
    /// it in the function's `VMFuncRef.wasm_call`; callers that find it
    /// non-null may call it with the compiled tier's native convention
    /// (`fn(callee_vmctx, params...) -> results`).
    fn wasm_call(&self, func_index: u32) -> *const u8 {
        let _ = func_index;
        std::ptr::null()
    }

    /// The copy-on-write image of memory `memory_index` (memory index
    /// space, imports included), if the tier made one (see
    /// [`memory_image`](crate::memory_image)): instantiation puts it into
    /// the fresh memory instead of copying the active data segments for
    /// that memory. Only offered for a defined memory whose active
    /// segments [`plan_memory_images`](crate::plan_memory_images)
    /// accepts, with exactly the plan's contents; `None` for imported
    /// memories.
    fn memory_image(&self, memory_index: u32) -> Option<&crate::MemoryImage> {
        let _ = memory_index;
        None
    }
}

impl std::fmt::Debug for dyn TierCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TierCode")
    }
}

/// Something that describes a module (safe to implement): what
/// [`NoCode`] needs.
pub trait ModuleSource: Send + Sync + 'static {
    /// The module.
    fn module(&self) -> &Module<'_>;
}

/// A "tier" that runs nothing: every function call traps with a host
/// error. Lets an embedder instantiate a module (memories, tables,
/// globals, segments) before or without an execution tier, and test
/// instantiation on its own.
#[derive(Debug)]
pub struct NoCode<M>(pub M);

/// The entry of [`NoCode`] functions: always a trap.
unsafe extern "C" fn no_code_call(
    _callee: *const crate::VMFuncRef,
    _caller_vmctx: *mut crate::VMContext,
    _args_and_results: *mut crate::ValRaw,
    _capacity: usize,
) -> *mut u8 {
    crate::Trap::host("function has no executable code (no tier)".into()).into_raw()
}

// SAFETY: `no_code_call` touches none of its arguments, so it is sound for
// any func ref; `module` is whatever `M` describes, used only for layout.
unsafe impl<M: ModuleSource> TierCode for NoCode<M> {
    fn module(&self) -> &Module<'_> {
        self.0.module()
    }

    fn array_call(&self) -> VMArrayCallFn {
        no_code_call
    }
}
