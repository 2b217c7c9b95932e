//! The import section (id 2): module name, field name and what is
//! imported. Imported items come first in their index spaces, so this
//! also fills `functions`, `tables`, `memories` and `globals` and counts
//! the imports of each.

use super::{check_total, read_count, read_name, tables_memories};
use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;
use crate::{Import, ImportType, Module};

/// Reads the import section.
pub(super) fn read<'a>(reader: &mut BinaryReader<'a>, module: &mut Module<'a>) -> Result<()> {
    let n = read_count(reader, limits::MAX_WASM_IMPORTS, "imports")?;
    module.imports.reserve(n);
    for _ in 0..n {
        let import_pos = reader.original_position();
        let module_name = read_name(reader)?;
        let name = read_name(reader)?;
        let kind_pos = reader.original_position();
        let ty = match reader.read_u8()? {
            0x00 => ImportType::Func(reader.read_var_u32()?),
            0x01 => ImportType::Table(tables_memories::read_table_type(reader)?),
            0x02 => ImportType::Memory(tables_memories::read_memory_type(reader)?),
            0x03 => ImportType::Global(reader.read_global_type()?),
            _ => return Err(ParseError::new("malformed import kind", kind_pos)),
        };
        declare(module, ty, import_pos)?;
        module.imports.push(Import {
            module: module_name,
            name,
            ty,
        });
    }
    Ok(())
}

/// Adds an imported item to its index space.
fn declare(module: &mut Module<'_>, ty: ImportType, pos: usize) -> Result<()> {
    match ty {
        ImportType::Func(type_index) => push(
            &mut module.functions,
            &mut module.function_imports,
            type_index,
            (limits::MAX_WASM_FUNCTIONS, "functions"),
            pos,
        ),
        ImportType::Table(t) => push(
            &mut module.tables,
            &mut module.table_imports,
            t,
            (limits::MAX_WASM_TABLES, "tables"),
            pos,
        ),
        ImportType::Memory(m) => push(
            &mut module.memories,
            &mut module.memory_imports,
            m,
            (limits::MAX_WASM_MEMORIES, "memories"),
            pos,
        ),
        ImportType::Global(g) => push(
            &mut module.globals,
            &mut module.global_imports,
            g,
            (limits::MAX_WASM_GLOBALS, "globals"),
            pos,
        ),
    }
}

/// Appends `item` to an index space and counts it as an import, within
/// the space's `(limit, name)`.
fn push<T>(
    space: &mut Vec<T>,
    imports: &mut u32,
    item: T,
    (limit, what): (usize, &'static str),
    pos: usize,
) -> Result<()> {
    check_total(space.len(), 1, limit, what, pos)?;
    space.push(item);
    *imports += 1;
    Ok(())
}
