//! Import matching: does each supplied extern have the declared type?
//!
//! The spec's rules (external type matching): functions by exact type
//! (here: equal canonical ids), globals by equal value type and
//! mutability, tables by equal element type, memories and tables by limits
//! (the actual minimum at least the declared one, and if a maximum is
//! declared, an actual maximum no larger). Failures say "incompatible
//! import type", the spec's wording for `assert_unlinkable`.

use std::ptr::NonNull;

use brisk_parser::{ImportType, Module};

use super::{Resolved, VMExtern, VMStore};
use crate::instance::Imported;
use crate::{Error, VMSharedTypeIndex};

fn limits_match(min: u64, max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    min >= want_min
        && match (want_max, max) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(w), Some(m)) => m <= w,
        }
}

fn mismatch(index: usize, what: &str) -> Error {
    Error::Import {
        index: index as u32,
        message: format!("incompatible import type: {what}"),
    }
}

impl VMStore {
    pub(super) fn resolve_imports(
        &mut self,
        module: &Module<'_>,
        type_ids: &[VMSharedTypeIndex],
        imports: &[VMExtern],
    ) -> Result<Resolved, Error> {
        if imports.len() != module.imports.len() {
            return Err(Error::Import {
                index: imports.len().min(module.imports.len()) as u32,
                message: format!(
                    "expected {} imports, got {}",
                    module.imports.len(),
                    imports.len()
                ),
            });
        }
        let mut r = Resolved {
            funcs: Vec::new(),
            memories: Vec::new(),
            tables: Vec::new(),
            globals: Vec::new(),
        };
        for (i, (imp, ext)) in module.imports.iter().zip(imports).enumerate() {
            match (imp.ty, *ext) {
                (ImportType::Func(t), VMExtern::Func(f)) => {
                    let want = type_ids.get(t as usize).ok_or(Error::OutOfRange("type"))?;
                    if !self.owns_func(f) {
                        return Err(mismatch(i, "function of another store"));
                    }
                    // SAFETY: `f` is a live func ref of this store.
                    if unsafe { (*f).type_index } != *want {
                        return Err(mismatch(i, "function type"));
                    }
                    r.funcs
                        .push(NonNull::new(f).ok_or(Error::InvalidValue("null function"))?);
                }
                (ImportType::Memory(want), VMExtern::Memory(id, m)) => {
                    let inst = self.instance_mut(id);
                    if m >= inst.shape().num_memories {
                        return Err(Error::OutOfRange("memory"));
                    }
                    let have = inst.memory_type(m);
                    if !limits_match(have.initial, have.maximum, want.initial, want.maximum)
                        || have.memory64 != want.memory64
                        || have.shared != want.shared
                    {
                        return Err(mismatch(i, "memory limits"));
                    }
                    r.memories.push(export_memory(inst, m));
                }
                (ImportType::Table(want), VMExtern::Table(id, t)) => {
                    let inst = self.instance_mut(id);
                    if t >= inst.shape().num_tables {
                        return Err(Error::OutOfRange("table"));
                    }
                    let have = inst.table_type(t);
                    if have.element_type != want.element_type
                        || !limits_match(have.initial, have.maximum, want.initial, want.maximum)
                    {
                        return Err(mismatch(i, "table type"));
                    }
                    r.tables.push(export_table(inst, t));
                }
                (ImportType::Global(want), VMExtern::Global(id, g)) => {
                    let inst = self.instance(id);
                    let have = *inst.global_type(g).ok_or(Error::OutOfRange("global"))?;
                    if have != want {
                        return Err(mismatch(i, "global type"));
                    }
                    let p = inst.global_definition(g);
                    r.globals
                        .push(NonNull::new(p).ok_or(Error::Shape("null global"))?);
                }
                _ => return Err(mismatch(i, "wrong kind of extern")),
            }
        }
        Ok(r)
    }
}

/// Where memory `m` of `inst` really lives (following imports to the owner).
fn export_memory(inst: &mut crate::Instance, m: u32) -> Imported<crate::VMMemoryDefinition> {
    inst.memory_export(m)
}

fn export_table(inst: &mut crate::Instance, t: u32) -> Imported<crate::VMTableDefinition> {
    inst.table_export(t)
}
