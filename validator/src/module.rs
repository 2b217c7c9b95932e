//! Module-level rules: every section but the code, checked in section
//! order, building the [`ModuleCtx`] that function bodies are then checked
//! against.
//!
//! ```text
//!  types ─ imports ─ functions ─ tables ─ memories ─ globals ─ exports
//!     ─ start ─ elements ─ (data count) ─ [code: func/] ─ data
//! ```
//!
//! The IR keeps no offsets for the items of the type, import, function,
//! table, memory and global sections, so errors there point at the start
//! of the section; exports, segments and constant expressions have their
//! own offsets.

use std::collections::HashSet;

use brisk_parser::limits::{MAX_WASM_MEMORY32_PAGES, MAX_WASM_MEMORY64_PAGES};
use brisk_parser::{
    DataMode, ElementItems, ElementMode, ExternKind, MemoryType, Module, SectionId, TableType,
};

use crate::const_expr::validate_const_expr;
use crate::context::{GlobalInfo, ModuleCtx, TableInfo};
use crate::error::{Error, Result};
use crate::types::{StackType, ref_type, val_type};

/// Offset of section `id`'s payload, or 0 when the module does not say.
fn section_offset(module: &Module<'_>, id: SectionId) -> usize {
    module
        .sections
        .iter()
        .find(|s| s.id == id)
        .map_or(0, |s| s.offset)
}

/// Offset for an item of an index space whose first `imports` entries
/// come from the import section and the rest from section `own`.
fn item_offset(module: &Module<'_>, index: usize, imports: u32, own: SectionId) -> usize {
    if index < imports as usize {
        section_offset(module, SectionId::Import)
    } else {
        section_offset(module, own)
    }
}

/// Checks every section before the code section and returns the context
/// for validating function bodies. `with_code`: whether the module has
/// its code section (false for a declarations-only module, see
/// [`crate::validate_declarations_only`]).
pub(crate) fn validate_declarations(module: &Module<'_>, with_code: bool) -> Result<ModuleCtx> {
    let mut ctx = ModuleCtx::new(module.features);
    ctx.code_section_end = module
        .sections
        .iter()
        .find(|s| s.id == SectionId::Code)
        .map(|s| s.offset.saturating_add(s.size));
    ctx.sections_after_code = ctx
        .code_section_end
        .is_some_and(|end| module.sections.iter().any(|s| s.offset > end));

    types(module, &mut ctx)?;
    functions(module, &mut ctx)?;
    tables(module, &mut ctx)?;
    memories(module, &mut ctx)?;
    globals(module, &mut ctx)?;
    exports(module, &mut ctx)?;
    start(module, &mut ctx)?;
    elements(module, &mut ctx)?;
    counts(module, &mut ctx, with_code)?;
    Ok(ctx)
}

/// The type section: every value type valid under the features.
fn types(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    let features = module.features;
    let off = section_offset(module, SectionId::Type);
    let mut params = Vec::new();
    let mut results = Vec::new();
    for ty in &module.types {
        params.clear();
        results.clear();
        for &p in ty.params() {
            params.push(val_type(p, features).map_err(|m| Error::invalid(m, off))?);
        }
        for &r in ty.results() {
            results.push(val_type(r, features).map_err(|m| Error::invalid(m, off))?);
        }
        if results.len() > 1 && !features.multi_value() {
            return Err(Error::invalid("multi-value support is not enabled", off));
        }
        let sig = ctx.push_sig(&params, &results);
        ctx.types.push(sig);
    }
    Ok(())
}

/// Every function's type index exists.
fn functions(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    for (i, &ty) in module.functions.iter().enumerate() {
        if ctx.type_sig(ty).is_none() {
            let off = item_offset(module, i, module.function_imports, SectionId::Function);
            return Err(Error::invalid_fmt(format_args!("unknown type {ty}"), off));
        }
    }
    ctx.funcs = module.functions.clone();
    ctx.func_imports = module.function_imports;
    ctx.declared_funcs = vec![0; module.functions.len().div_ceil(64)];
    Ok(())
}

/// Tables: how many, element types, limits.
fn tables(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    let features = module.features;
    if module.tables.len() > 1 && !features.reference_types() {
        return Err(Error::invalid(
            "multiple tables",
            section_offset(module, SectionId::Table),
        ));
    }
    for (i, table) in module.tables.iter().enumerate() {
        let off = item_offset(module, i, module.table_imports, SectionId::Table);
        ctx.tables
            .push(table_type(table, features).map_err(|m| Error::invalid(m, off))?);
    }
    Ok(())
}

/// Memories: how many, limits.
fn memories(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    let features = module.features;
    if module.memories.len() > 1 && !features.multi_memory() {
        return Err(Error::invalid(
            "multiple memories",
            section_offset(module, SectionId::Memory),
        ));
    }
    for (i, memory) in module.memories.iter().enumerate() {
        let off = item_offset(module, i, module.memory_imports, SectionId::Memory);
        ctx.memories
            .push(memory_type(memory, features).map_err(|m| Error::invalid(m, off))?);
    }
    Ok(())
}

/// Globals: types first, then the initialisers, which may only read
/// imported globals.
fn globals(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    let features = module.features;
    for (i, global) in module.globals.iter().enumerate() {
        let off = item_offset(module, i, module.global_imports, SectionId::Global);
        let ty = val_type(global.content_type, features).map_err(|m| Error::invalid(m, off))?;
        if global.mutable
            && (i as u64) < u64::from(module.global_imports)
            && !features.mutable_global()
        {
            return Err(Error::invalid("mutable global support is not enabled", off));
        }
        ctx.globals.push(GlobalInfo {
            ty,
            mutable: global.mutable,
        });
    }
    let defined = module
        .globals
        .len()
        .saturating_sub(module.global_imports as usize);
    if module.global_inits.len() != defined {
        return Err(Error::malformed(
            "global section has inconsistent initialisers",
            section_offset(module, SectionId::Global),
        ));
    }
    let mut stack = Vec::new();
    for (init, i) in module
        .global_inits
        .iter()
        .zip(module.global_imports as usize..)
    {
        let expected = ctx.globals.get(i).map_or(StackType::Bottom, |g| g.ty);
        validate_const_expr(ctx, init, expected, module.global_imports, &mut stack)?;
    }
    Ok(())
}

/// Exports: the items exist, the names are unique; exported functions
/// become declared for `ref.func`.
fn exports(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    let features = module.features;
    let mut names = HashSet::with_capacity(module.exports.len());
    for export in &module.exports {
        let index = export.index;
        let (exists, what) = match export.kind {
            ExternKind::Func => (ctx.funcs.len(), "function"),
            ExternKind::Table => (ctx.tables.len(), "table"),
            ExternKind::Memory => (ctx.memories.len(), "memory"),
            ExternKind::Global => (ctx.globals.len(), "global"),
        };
        if index as usize >= exists {
            return Err(Error::invalid_fmt(
                format_args!("unknown {what} {index}"),
                export.offset,
            ));
        }
        match export.kind {
            ExternKind::Func => ctx.declare_func(index),
            ExternKind::Global => {
                let mutable = ctx.globals.get(index as usize).is_some_and(|g| g.mutable);
                if mutable && !features.mutable_global() {
                    return Err(Error::invalid(
                        "mutable global support is not enabled",
                        export.offset,
                    ));
                }
            }
            ExternKind::Table | ExternKind::Memory => {}
        }
        if !names.insert(export.name) {
            return Err(Error::invalid_fmt(
                format_args!("duplicate export name \"{}\"", export.name.escape_debug()),
                export.offset,
            ));
        }
    }
    Ok(())
}

/// The start function exists and has type `[] -> []`.
fn start(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    if let Some(start) = module.start {
        let off = section_offset(module, SectionId::Start);
        match ctx.func_sig(start) {
            None => {
                return Err(Error::invalid_fmt(
                    format_args!("unknown function {start}"),
                    off,
                ));
            }
            Some(sig) if sig.params != 0 || sig.results != 0 => {
                return Err(Error::invalid(
                    "invalid start function: type must be [] -> []",
                    off,
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Element segments: tables, offsets, element types, items.
fn elements(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    let features = module.features;
    let mut stack = Vec::new();
    for element in &module.elements {
        let off = element.offset;
        let ty = ref_type(element.ty, features).map_err(|m| Error::invalid(m, off))?;
        if let ElementMode::Active { table, offset } = &element.mode {
            let Some(&t) = ctx.tables.get(*table as usize) else {
                return Err(Error::invalid_fmt(
                    format_args!("unknown table {table}"),
                    off,
                ));
            };
            validate_const_expr(ctx, offset, t.index, module.global_imports, &mut stack)?;
            if t.elem != ty {
                return Err(Error::invalid_fmt(
                    format_args!(
                        "type mismatch: element segment of {ty} for a table of {}",
                        t.elem
                    ),
                    off,
                ));
            }
        }
        match &element.items {
            ElementItems::Functions(funcs) => {
                if ty != StackType::FuncRef {
                    return Err(Error::invalid(
                        "type mismatch: function indices need funcref",
                        off,
                    ));
                }
                for &f in funcs {
                    if ctx.func_sig(f).is_none() {
                        return Err(Error::invalid_fmt(
                            format_args!("unknown function {f}"),
                            off,
                        ));
                    }
                    ctx.declare_func(f);
                }
            }
            ElementItems::Expressions(exprs) => {
                for expr in exprs {
                    validate_const_expr(ctx, expr, ty, module.global_imports, &mut stack)?;
                }
            }
        }
        ctx.elements.push(ty);
    }
    Ok(())
}

/// The data count, and the code section's length.
fn counts(module: &Module<'_>, ctx: &mut ModuleCtx, with_code: bool) -> Result<()> {
    if let Some(n) = module.data_count
        && n as usize != module.data.len()
    {
        return Err(Error::malformed(
            "data count and data section have inconsistent lengths",
            section_offset(module, SectionId::Data),
        ));
    }
    ctx.data_count = module.data_count;
    let defined_funcs = module
        .functions
        .len()
        .saturating_sub(module.function_imports as usize);
    if with_code && module.code.len() != defined_funcs {
        return Err(Error::malformed(
            "function and code section have inconsistent lengths",
            section_offset(module, SectionId::Code),
        ));
    }
    Ok(())
}

/// Checks the data section (after the code, in section order).
pub(crate) fn validate_data(module: &Module<'_>, ctx: &mut ModuleCtx) -> Result<()> {
    let mut stack = Vec::new();
    for data in &module.data {
        if let DataMode::Active { memory, offset } = &data.mode {
            let Some(&index_ty) = ctx.memories.get(*memory as usize) else {
                return Err(Error::invalid_fmt(
                    format_args!("unknown memory {memory}"),
                    data.offset,
                ));
            };
            validate_const_expr(ctx, offset, index_ty, module.global_imports, &mut stack)?;
        }
    }
    Ok(())
}

/// Checks a table type.
fn table_type(
    table: &TableType,
    features: brisk_parser::Features,
) -> Result<TableInfo, &'static str> {
    let elem = ref_type(table.element_type, features)?;
    if table.table64 && !features.memory64() {
        return Err("memory64 support is not enabled");
    }
    if !table.table64
        && (table.initial > u64::from(u32::MAX)
            || table.maximum.is_some_and(|m| m > u64::from(u32::MAX)))
    {
        return Err("table size must be at most 2^32-1");
    }
    if table.maximum.is_some_and(|max| max < table.initial) {
        return Err("size minimum must not be greater than maximum");
    }
    let index = if table.table64 {
        StackType::I64
    } else {
        StackType::I32
    };
    Ok(TableInfo { elem, index })
}

/// Checks a memory type and returns its index type.
fn memory_type(
    memory: &MemoryType,
    features: brisk_parser::Features,
) -> Result<StackType, &'static str> {
    let (limit, index, too_large) = if memory.memory64 {
        if !features.memory64() {
            return Err("memory64 support is not enabled");
        }
        (
            MAX_WASM_MEMORY64_PAGES,
            StackType::I64,
            "memory size must be at most 2**48 pages",
        )
    } else {
        (
            MAX_WASM_MEMORY32_PAGES,
            StackType::I32,
            "memory size must be at most 65536 pages (4GiB)",
        )
    };
    if memory.initial > limit || memory.maximum.is_some_and(|max| max > limit) {
        return Err(too_large);
    }
    if memory.maximum.is_some_and(|max| max < memory.initial) {
        return Err("size minimum must not be greater than maximum");
    }
    if memory.shared {
        if !features.threads() {
            return Err("threads support is not enabled");
        }
        if memory.maximum.is_none() {
            return Err("shared memory must have maximum size");
        }
    }
    Ok(index)
}
