//! [`ModuleCode`]: the interpreter's code for one module, translated
//! function by function on first call.
//!
//! ```text
//!  Arc<OwnedModule> ──▶ ModuleCode ──(first call of f)──▶ translate ──▶ OnceLock<FuncCode>
//!                          │ implements brisk_vm::TierCode
//!                          └─ stored (Arc::as_ptr) in every VMContext's `code` field
//! ```

use std::sync::{Arc, Mutex, OnceLock};

use brisk_parser::Module;
use brisk_validator::OwnedModule;
use brisk_vm::{ModuleShape, TierCode, VMArrayCallFn, VMOffsets};

use crate::translate::{self, FuncCode, TranslateAllocations, TranslateError};

/// The interpreter's code for one validated module.
///
/// Cheap to create: nothing is translated until a function is first
/// called, and then only that function. `Send +
/// Sync`; translations race benignly (a `OnceLock` per function).
///
/// ```
/// use std::sync::Arc;
/// let wasm = wat::parse_str(r#"(module (func (param i32) (result i32)
///     local.get 0 i32.const 1 i32.add))"#)?;
/// let module = Arc::new(brisk_validator::OwnedModule::new(wasm)?);
/// let code = brisk_interp::ModuleCode::new(module);
/// assert_eq!(
///     code.disassemble(0)?,
///     "   0: I32AddImm dst=0 lhs=0 rhs=1\n   1: Return\n"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
/// What translated code does besides running the program; each option
/// off (the default) adds nothing to the code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeOptions {
    /// Meter fuel by the rule of `brisk_vm::fuel`: every straight-line
    /// segment with a non-zero cost is paid from
    /// `VMStoreContext::fuel_remaining` on entry, trapping `OutOfFuel`
    /// (fuel unchanged) when it does not fit.
    pub consume_fuel: bool,
    /// Check `VMStoreContext::interrupt` at function entry and at loop
    /// headers, trapping `Interrupted` when it is set.
    pub interruptible: bool,
}

#[derive(Debug)]
pub struct ModuleCode {
    module: Arc<OwnedModule>,
    options: CodeOptions,
    // INVARIANT: one entry per defined function, in code-section order.
    funcs: Box<[OnceLock<Result<FuncCode, TranslateError>>]>,
    /// Module type index -> (params, results).
    pub(crate) type_arity: Box<[(u32, u32)]>,
    pub(crate) offsets: VMOffsets,
    allocations: Mutex<TranslateAllocations>,
}

impl ModuleCode {
    /// The code of `module` with the default [`CodeOptions`] (no fuel
    /// metering, no interrupt checks), nothing translated yet.
    pub fn new(module: Arc<OwnedModule>) -> ModuleCode {
        ModuleCode::with_options(module, CodeOptions::default())
    }

    /// The code of `module`, every function translated (lazily) with
    /// `options`.
    pub fn with_options(module: Arc<OwnedModule>, options: CodeOptions) -> ModuleCode {
        let m = &module.validated().module;
        let funcs = (0..m.code.len()).map(|_| OnceLock::new()).collect();
        let type_arity = m
            .types
            .iter()
            .map(|t| (t.params().len() as u32, t.results().len() as u32))
            .collect();
        let offsets = VMOffsets::new(&ModuleShape::of(m)).unwrap_or_else(|| {
            // Parser limits keep every module far below u32 offsets.
            VMOffsets::new(&ModuleShape::default()).expect("empty shape")
        });
        ModuleCode {
            module,
            options,
            funcs,
            type_arity,
            offsets,
            allocations: Mutex::new(TranslateAllocations::default()),
        }
    }

    /// The module this code runs.
    /// The options the code was made with.
    pub fn options(&self) -> CodeOptions {
        self.options
    }

    pub fn module(&self) -> &Arc<OwnedModule> {
        &self.module
    }

    /// The translated code of function `func_index` (function index
    /// space), translating it now if it is the first request.
    #[inline]
    pub(crate) fn func(&self, func_index: u32) -> Result<&FuncCode, &TranslateError> {
        let defined = func_index - self.offsets.shape().num_imported_funcs;
        let slot = &self.funcs[defined as usize];
        if let Some(done) = slot.get() {
            return done.as_ref();
        }
        self.translate_now(func_index)
    }

    #[cold]
    #[inline(never)]
    fn translate_now(&self, func_index: u32) -> Result<&FuncCode, &TranslateError> {
        let defined = func_index - self.offsets.shape().num_imported_funcs;
        let slot = &self.funcs[defined as usize];
        slot.get_or_init(|| {
            let mut a = match self.allocations.try_lock() {
                Ok(a) => a,
                // Another thread is translating: use fresh buffers.
                Err(_) => {
                    return translate::translate(
                        self.module.validated(),
                        func_index,
                        self.options,
                        &mut TranslateAllocations::default(),
                    );
                }
            };
            translate::translate(self.module.validated(), func_index, self.options, &mut a)
        })
        .as_ref()
    }

    /// Translates defined function `func_index` now if it was not yet
    /// (calls do this lazily; an embedder may force it, e.g. to measure
    /// or to move the cost ahead of the first call).
    pub fn translate(&self, func_index: u32) -> Result<(), String> {
        let m = &self.module.validated().module;
        if func_index < m.function_imports || func_index >= m.functions.len() as u32 {
            return Err(format!(
                "function {func_index} is not defined in the module"
            ));
        }
        self.func(func_index).map(|_| ()).map_err(|e| e.0.clone())
    }

    /// The bytecode of defined function `func_index` (function index
    /// space), one instruction per line, for inspection and golden tests.
    pub fn disassemble(&self, func_index: u32) -> Result<String, String> {
        let m = &self.module.validated().module;
        if func_index < m.function_imports || func_index >= m.functions.len() as u32 {
            return Err(format!(
                "function {func_index} is not defined in the module"
            ));
        }
        let f = self.func(func_index).map_err(|e| e.0.clone())?;
        let mut out = String::new();
        if !f.consts.is_empty() {
            out.push_str("      consts:");
            for (slot, v) in &f.consts {
                out.push_str(&format!(" {slot}={v:#x}"));
            }
            out.push('\n');
        }
        // Operands shown as slot indexes (the code holds byte offsets).
        let mut code = f.code.to_vec();
        crate::bytecode::map_slots(&mut code, |s| s / translate::SLOT_BYTES);
        for (pc, i) in code.iter().enumerate() {
            out.push_str(&format!("{pc:4}: {i}\n"));
        }
        Ok(out)
    }

    /// Name of function `func_index` from the name section.
    pub(crate) fn func_name(&self, func_index: u32) -> Option<Arc<str>> {
        self.module
            .validated()
            .module
            .names
            .function(func_index)
            .map(Arc::from)
    }
}

// SAFETY: `array_call` is the interpreter's entry, which reads the callee's
// `ModuleCode` from its vmctx's `code` field (this value, as the vm
// instantiates it) and runs only functions of this module, whose instance
// layout the vm derived from `module()`; `module()` never changes.
unsafe impl TierCode for ModuleCode {
    fn module(&self) -> &Module<'_> {
        &self.module.validated().module
    }

    fn array_call(&self) -> VMArrayCallFn {
        crate::array_call
    }
}
