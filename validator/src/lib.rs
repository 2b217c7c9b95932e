//! # brisk-validator — is this WebAssembly module valid?
//!
//! The second stage of brisk's pipeline (see `DESIGN.md`):
//!
//! ```text
//! bytes ─parser─▶ Module ─validator─▶ ValidatedModule ─▶ interpreter | AOT
//! ```
//!
//! It implements WebAssembly 2.0 validation: the module-level rules (index
//! spaces, limits, constant expressions, segments, exports, start) and, for
//! every function body, the spec's validation algorithm over an operand
//! stack and a control stack, decoding each instruction exactly once. What
//! it learns on the way that backends need — each function's locals,
//! maximum operand-stack height and control depth, and where every block's
//! `else` and `end` are — comes out in [`FuncInfo`], so no later stage
//! re-reads code to find it. The per-instruction checks of the ~400
//! fixed-signature instructions are derived from the parser's opcode table
//! ([`brisk_parser::for_each_operator!`]); only the `[special]` rows are
//! written by hand.
//!
//! Errors distinguish malformed modules (decoding failures, including
//! those found while decoding bodies) from invalid ones, with the spec's
//! wording and the byte offset: see [`Error`].
//!
//! Functions validate independently; with the `parallel` cargo feature
//! they are checked on rayon's thread pool. By default validation is
//! sequential and single-threaded.
//!
//! ```
//! # fn main() -> Result<(), brisk_validator::Error> {
//! use brisk_parser::{FuncType, FunctionBody, Module, ValType};
//!
//! // (func (param i32) (result i32) local.get 0 i32.const 1 i32.add)
//! let body = [0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b];
//! let module = Module {
//!     types: vec![FuncType::new([ValType::I32], [ValType::I32])],
//!     functions: vec![0],
//!     code: vec![FunctionBody::new(&body, 0, Default::default())],
//!     ..Module::default()
//! };
//! let valid = brisk_validator::validate_module(module)?;
//! assert_eq!(valid.functions[0].max_stack_height, 2);
//!
//! // The same body with `i32.add` swapped for `i64.add` (0x7c).
//! let bad = [0x00, 0x20, 0x00, 0x41, 0x01, 0x7c, 0x0b];
//! let module = Module {
//!     types: vec![FuncType::new([ValType::I32], [ValType::I32])],
//!     functions: vec![0],
//!     code: vec![FunctionBody::new(&bad, 0, Default::default())],
//!     ..Module::default()
//! };
//! let err = brisk_validator::validate_module(module).unwrap_err();
//! assert_eq!(err.to_string(), "offset 0x5: type mismatch: expected i64, found i32");
//! # Ok(())
//! # }
//! ```
//!
//! Nothing reachable from input panics, and the crate has no `unsafe`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod const_expr;
mod context;
mod error;
mod features_used;
mod func;
mod info;
mod module;
mod owned;
mod types;

pub use brisk_parser::Features;
pub use error::{Error, InvalidError, Result};
pub use features_used::features_used;
pub use info::{BlockInfo, FuncInfo};
pub use owned::OwnedModule;

use brisk_parser::Module;

use crate::context::ModuleCtx;
use crate::func::FuncValidatorAllocations;

/// A module that passed validation, with what backends need to know about
/// its functions.
#[derive(Debug, Clone)]
pub struct ValidatedModule<'a> {
    /// The module itself.
    pub module: Module<'a>,
    /// One entry per function defined in the module (not imported), in
    /// the order of the code section: `functions[i]` describes function
    /// `module.function_imports + i`.
    pub functions: Vec<FuncInfo>,
    /// Functions `ref.func` may name in code (the spec's C.refs: those in
    /// element segments, exports and global initialisers), sorted. Only
    /// these, the imports and the exports can ever be referenced from
    /// outside a direct `call`, which a compiler can use to skip building
    /// references for the rest.
    pub declared_functions: Vec<u32>,
}

impl ValidatedModule<'_> {
    /// The facts about function `func_index` (in the function index space,
    /// imports first), if it is defined in the module.
    pub fn func_info(&self, func_index: u32) -> Option<&FuncInfo> {
        let i = func_index.checked_sub(self.module.function_imports)?;
        self.functions.get(i as usize)
    }
}

/// Decodes and validates a module with the default features
/// (WebAssembly 2.0).
pub fn validate(bytes: &[u8]) -> Result<ValidatedModule<'_>> {
    validate_with_features(bytes, Features::default())
}

/// Decodes and validates a module with the given features.
pub fn validate_with_features(bytes: &[u8], features: Features) -> Result<ValidatedModule<'_>> {
    let module = brisk_parser::parse_with_features(bytes, features)?;
    validate_module(module)
}

/// Validates a decoded module, with the features it was decoded with
/// (`module.features`).
pub fn validate_module(module: Module<'_>) -> Result<ValidatedModule<'_>> {
    let ctx = module::validate_declarations(&module, true)?;
    let functions = validate_functions(&module, &ctx)?;
    finish(module, ctx, functions)
}

/// Checks the data section and assembles the result.
fn finish(
    module: Module<'_>,
    mut ctx: ModuleCtx,
    functions: Vec<FuncInfo>,
) -> Result<ValidatedModule<'_>> {
    module::validate_data(&module, &mut ctx)?;
    let declared_functions = (0..ctx.funcs.len() as u32)
        .filter(|&f| ctx.is_declared(f))
        .collect();
    Ok(ValidatedModule {
        module,
        functions,
        declared_functions,
    })
}

/// Decodes and validates a module's declarations
/// ([`brisk_parser::parse_declarations`]: a module without its code
/// section) with the given features.
///
/// Everything but function bodies is checked as [`validate_module`]
/// checks it: types, imports, exports, globals, segments and their
/// constant expressions. `functions` stays empty (there are no bodies to
/// describe); `declared_functions` is computed as usual. An AOT artifact's
/// loader uses this: the machine code stands in for the bodies, and what
/// instantiation reads is validated like any module.
pub fn validate_declarations_only(bytes: &[u8], features: Features) -> Result<ValidatedModule<'_>> {
    let module = brisk_parser::parse_declarations(bytes, features)?;
    let ctx = module::validate_declarations(&module, false)?;
    finish(module, ctx, Vec::new())
}

/// Validates every function body, in order, reusing one set of buffers.
#[cfg(not(feature = "parallel"))]
fn validate_functions(module: &Module<'_>, ctx: &ModuleCtx) -> Result<Vec<FuncInfo>> {
    let mut alloc = FuncValidatorAllocations::default();
    let mut infos = Vec::with_capacity(module.code.len());
    for (body, index) in module.code.iter().zip(module.function_imports..) {
        infos.push(func::validate_function(ctx, index, body, &mut alloc)?);
    }
    Ok(infos)
}

/// Validates every function body on rayon's thread pool, one set of
/// buffers per worker; the error reported is the first in code order.
#[cfg(feature = "parallel")]
fn validate_functions(module: &Module<'_>, ctx: &ModuleCtx) -> Result<Vec<FuncInfo>> {
    use rayon::prelude::*;
    let results: Vec<Result<FuncInfo>> = module
        .code
        .par_iter()
        .enumerate()
        .map_init(FuncValidatorAllocations::default, |alloc, (i, body)| {
            let index = module.function_imports.saturating_add(i as u32);
            func::validate_function(ctx, index, body, alloc)
        })
        .collect();
    results.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_stay_small() {
        assert!(std::mem::size_of::<Result<()>>() <= 16);
        fn is_send<T: Send>() {}
        is_send::<ValidatedModule<'static>>();
        is_send::<FuncValidatorAllocations>();
    }
}
