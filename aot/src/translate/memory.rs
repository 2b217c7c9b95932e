//! linear memory accesses, memory.size/grow and bulk memory (being written: every operator of
//! this family still reports `CompileError::Unsupported`).

use brisk_parser::Operator;

use super::FuncTranslator;
use crate::CompileError;

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_memory(&mut self, _op: &Operator<'_>) -> Result<bool, CompileError> {
        Ok(false)
    }
}
