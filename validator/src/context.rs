//! What function bodies are checked against: the module's index spaces,
//! already validated and flattened into lookup-friendly form.
//!
//! ```text
//!  Module ──module.rs──▶ ModuleCtx ──(shared, read-only)──▶ FuncValidator × N
//! ```
//!
//! [`module.rs`](crate::module) builds a `ModuleCtx` while it checks the
//! sections before the code section; after that it is immutable and `Sync`,
//! so functions can be validated in any order or in parallel.
//!
//! Type lists live in one flat array of [`StackType`]s so that a block,
//! call or function signature is three integers, and a label's types are a
//! slice of that array. Its first seven entries are the seven value types
//! themselves, so the single-result block type `t` is the one-element slice
//! at index `t as usize`.

use brisk_parser::Features;

use crate::types::StackType;

/// A signature as a window of [`ModuleCtx::flat`]: `params` types from
/// `start`, then `results` types.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) struct Sig {
    pub start: u32,
    pub params: u32,
    pub results: u32,
}

impl Sig {
    /// `[] -> []`.
    pub(crate) const EMPTY: Sig = Sig {
        start: 0,
        params: 0,
        results: 0,
    };

    /// `[] -> [t]`.
    #[inline]
    pub(crate) fn single(t: StackType) -> Sig {
        Sig {
            start: t as u32,
            params: 0,
            results: 1,
        }
    }
}

/// A table: its element type and index type.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TableInfo {
    pub elem: StackType,
    pub index: StackType,
}

/// A global: its type and mutability.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GlobalInfo {
    pub ty: StackType,
    pub mutable: bool,
}

/// The validated module environment of function bodies.
///
/// # Invariants
///
/// Every `Sig` in `types` lies inside `flat`; every entry of `funcs` is an
/// index into `types`.
#[derive(Debug, Default)]
pub(crate) struct ModuleCtx {
    pub features: Features,
    // INVARIANT: flat[..7] == StackType::ALL.
    pub flat: Vec<StackType>,
    /// The type section.
    pub types: Vec<Sig>,
    /// Type index of every function, imports first.
    // INVARIANT: every entry < types.len().
    pub funcs: Vec<u32>,
    /// How many of `funcs` are imported.
    pub func_imports: u32,
    pub tables: Vec<TableInfo>,
    /// Index type of every memory (`I32`, or `I64` for memory64).
    pub memories: Vec<StackType>,
    pub globals: Vec<GlobalInfo>,
    /// Element type of every element segment.
    pub elements: Vec<StackType>,
    /// The data count section's value.
    pub data_count: Option<u32>,
    /// Bit set over function indices: which may be named by `ref.func` in
    /// a function body (the spec's C.refs).
    pub declared_funcs: Vec<u64>,
    /// Offset just past the code section, when known (for the wording of
    /// a truncated last body).
    pub code_section_end: Option<usize>,
    /// Whether other sections follow the code section.
    pub sections_after_code: bool,
}

impl ModuleCtx {
    /// An empty environment for `features`, with the seven single types
    /// at the start of `flat`.
    pub(crate) fn new(features: Features) -> Self {
        ModuleCtx {
            features,
            flat: StackType::ALL.to_vec(),
            ..ModuleCtx::default()
        }
    }

    /// The `n` types at `start` of the flat type array.
    #[inline]
    pub(crate) fn slice(&self, start: u32, n: u32) -> &[StackType] {
        let start = start as usize;
        let end = start.saturating_add(n as usize);
        // The invariant makes this always `Some`; an empty list keeps a
        // broken invariant from panicking.
        self.flat.get(start..end).unwrap_or(&[])
    }

    /// A signature's parameters.
    #[inline]
    pub(crate) fn params(&self, sig: Sig) -> &[StackType] {
        self.slice(sig.start, sig.params)
    }

    /// A signature's results.
    #[inline]
    pub(crate) fn results(&self, sig: Sig) -> &[StackType] {
        self.slice(sig.start.saturating_add(sig.params), sig.results)
    }

    /// Appends a signature to the flat array.
    pub(crate) fn push_sig(&mut self, params: &[StackType], results: &[StackType]) -> Sig {
        let start = self.flat.len() as u32;
        self.flat.extend_from_slice(params);
        self.flat.extend_from_slice(results);
        Sig {
            start,
            params: params.len() as u32,
            results: results.len() as u32,
        }
    }

    /// The signature of type `index`.
    #[inline]
    pub(crate) fn type_sig(&self, index: u32) -> Option<Sig> {
        self.types.get(index as usize).copied()
    }

    /// The signature of function `index`.
    #[inline]
    pub(crate) fn func_sig(&self, index: u32) -> Option<Sig> {
        let ty = *self.funcs.get(index as usize)?;
        self.type_sig(ty)
    }

    /// Marks function `index` as declared for `ref.func`.
    pub(crate) fn declare_func(&mut self, index: u32) {
        let i = index as usize;
        if let Some(word) = self.declared_funcs.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    /// Whether function `index` may be named by `ref.func` in code.
    #[inline]
    pub(crate) fn is_declared(&self, index: u32) -> bool {
        let i = index as usize;
        self.declared_funcs
            .get(i / 64)
            .is_some_and(|word| word & (1 << (i % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigs_and_declarations() {
        let mut ctx = ModuleCtx::new(Features::default());
        assert_eq!(ctx.results(Sig::single(StackType::F64)), &[StackType::F64]);
        assert!(ctx.params(Sig::EMPTY).is_empty());
        let sig = ctx.push_sig(&[StackType::I32, StackType::I64], &[StackType::V128]);
        assert_eq!(ctx.params(sig), &[StackType::I32, StackType::I64]);
        assert_eq!(ctx.results(sig), &[StackType::V128]);
        // Out-of-range windows are empty, not a panic.
        assert!(ctx.slice(1000, 3).is_empty());

        ctx.declared_funcs = vec![0; 2];
        ctx.declare_func(70);
        ctx.declare_func(5000);
        assert!(ctx.is_declared(70) && !ctx.is_declared(69) && !ctx.is_declared(5000));
    }
}
