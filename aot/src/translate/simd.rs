//! SIMD: the entry point for every operator of the `simd` proposal
//! (`v128` values are `i8x16` in the IR; bitcast to the lane type an
//! operator needs). Not translated yet: each reports
//! `CompileError::Unsupported`, so a module using SIMD fails to compile
//! with a clear message instead of running wrongly.

use brisk_parser::Operator;

use super::FuncTranslator;
use crate::CompileError;

/// Translates one SIMD operator.
pub(super) fn translate(
    t: &mut FuncTranslator<'_, '_>,
    op: Operator<'_>,
) -> Result<(), CompileError> {
    Err(t.unsupported(&op))
}
