//! The table (id 4) and memory (id 5) sections, and the table and memory
//! types they share with imports.
//!
//! The limits flags are one byte in every version of the format, and the
//! reference decoder reads them as a one-bit LEB128: a flags byte with its
//! continuation bit set is "integer representation too long" (the testsuite
//! checks `0x81 0x00`, which a 32-bit LEB128 reader would take for `1`).
//! The readers here check that byte before the shared type readers decode
//! the rest.

use super::read_space_count;
use crate::Module;
use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;
use crate::types::{MemoryType, TableType};

/// Reads the table section.
pub(super) fn read_tables(reader: &mut BinaryReader<'_>, module: &mut Module<'_>) -> Result<()> {
    let n = read_space_count(
        reader,
        module.tables.len(),
        limits::MAX_WASM_TABLES,
        "tables",
    )?;
    module.tables.reserve(n);
    for _ in 0..n {
        module.tables.push(read_table_type(reader)?);
    }
    Ok(())
}

/// Reads the memory section.
pub(super) fn read_memories(reader: &mut BinaryReader<'_>, module: &mut Module<'_>) -> Result<()> {
    let n = read_space_count(
        reader,
        module.memories.len(),
        limits::MAX_WASM_MEMORIES,
        "memories",
    )?;
    module.memories.reserve(n);
    for _ in 0..n {
        module.memories.push(read_memory_type(reader)?);
    }
    Ok(())
}

/// Reads a table type: reference type, then limits.
pub(super) fn read_table_type(reader: &mut BinaryReader<'_>) -> Result<TableType> {
    let mut flags = reader.clone();
    flags.read_ref_type()?;
    check_limits_flags(&flags)?;
    reader.read_table_type()
}

/// Reads a memory type: its limits.
pub(super) fn read_memory_type(reader: &mut BinaryReader<'_>) -> Result<MemoryType> {
    check_limits_flags(reader)?;
    reader.read_memory_type()
}

/// Rejects a limits flags byte that continues as a LEB128.
fn check_limits_flags(reader: &BinaryReader<'_>) -> Result<()> {
    match reader.peek_u8()? {
        b if b & 0x80 != 0 => Err(ParseError::new(
            "integer representation too long",
            reader.original_position(),
        )),
        _ => Ok(()),
    }
}
