//! The export section (id 7): name, kind and index of each export.
//! Whether names are unique and indices exist is validation.

use super::{read_count, read_name};
use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;
use crate::{Export, ExternKind, Module};

/// Reads the export section.
pub(super) fn read<'a>(reader: &mut BinaryReader<'a>, module: &mut Module<'a>) -> Result<()> {
    let n = read_count(reader, limits::MAX_WASM_EXPORTS, "exports")?;
    module.exports.reserve(n);
    for _ in 0..n {
        let offset = reader.original_position();
        let name = read_name(reader)?;
        let kind_pos = reader.original_position();
        let kind = match reader.read_u8()? {
            0x00 => ExternKind::Func,
            0x01 => ExternKind::Table,
            0x02 => ExternKind::Memory,
            0x03 => ExternKind::Global,
            _ => return Err(ParseError::new("malformed export kind", kind_pos)),
        };
        let index = reader.read_var_u32()?;
        module.exports.push(Export {
            name,
            kind,
            index,
            offset,
        });
    }
    Ok(())
}
