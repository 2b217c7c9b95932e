//! The data count (id 12) and data (id 11) sections.
//!
//! Data segments come in three encodings, selected by a `u32` flag:
//! `0` active in memory 0 (offset, bytes), `1` passive (bytes), `2` active
//! in an explicit memory (index, offset, bytes). The bytes are borrowed
//! from the module. That the data count matches the data section is
//! checked once the whole module has been read (see `mod.rs`).

use super::{const_expr, read_count, read_len};
use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;
use crate::{Data, DataMode, Module};

/// Reads the data count section.
pub(super) fn read_count_section(
    reader: &mut BinaryReader<'_>,
    module: &mut Module<'_>,
) -> Result<()> {
    module.data_count = Some(reader.read_var_u32()?);
    Ok(())
}

/// Reads the data section.
pub(super) fn read<'a>(reader: &mut BinaryReader<'a>, module: &mut Module<'a>) -> Result<()> {
    let n = read_count(reader, limits::MAX_WASM_DATA_SEGMENTS, "data segments")?;
    module.data.reserve(n);
    for _ in 0..n {
        module.data.push(read_segment(reader)?);
    }
    Ok(())
}

fn read_segment<'a>(reader: &mut BinaryReader<'a>) -> Result<Data<'a>> {
    let offset = reader.original_position();
    let mode = match reader.read_var_u32()? {
        0 => DataMode::Active {
            memory: 0,
            offset: const_expr::read(reader)?,
        },
        1 => DataMode::Passive,
        2 => DataMode::Active {
            memory: reader.read_var_u32()?,
            offset: const_expr::read(reader)?,
        },
        _ => return Err(ParseError::new("malformed data segment kind", offset)),
    };
    let len = read_len(reader)?;
    let data = reader.read_bytes(len)?;
    Ok(Data { mode, data, offset })
}
