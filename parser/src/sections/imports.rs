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
        ImportType::Func(type_index) => {
            check_total(
                module.functions.len(),
                1,
                limits::MAX_WASM_FUNCTIONS,
                "functions",
                pos,
            )?;
            module.functions.push(type_index);
            module.function_imports += 1;
        }
        ImportType::Table(t) => {
            check_total(
                module.tables.len(),
                1,
                limits::MAX_WASM_TABLES,
                "tables",
                pos,
            )?;
            module.tables.push(t);
            module.table_imports += 1;
        }
        ImportType::Memory(m) => {
            check_total(
                module.memories.len(),
                1,
                limits::MAX_WASM_MEMORIES,
                "memories",
                pos,
            )?;
            module.memories.push(m);
            module.memory_imports += 1;
        }
        ImportType::Global(g) => {
            check_total(
                module.globals.len(),
                1,
                limits::MAX_WASM_GLOBALS,
                "globals",
                pos,
            )?;
            module.globals.push(g);
            module.global_imports += 1;
        }
    }
    Ok(())
}
