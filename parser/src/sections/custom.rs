//! The custom section (id 0): a name and opaque bytes. Custom sections may
//! appear anywhere, any number of times; the first one named `name` is
//! also decoded into [`crate::Names`] (see `names.rs`).

use super::{State, names, read_name};
use crate::error::{ParseError, Result};
use crate::reader::BinaryReader;
use crate::{CustomSection, Module};

/// Reads a custom section of `size` bytes: its name, then the rest as the
/// payload. The name must fit in the section ("unexpected end" otherwise).
pub(super) fn read<'a>(
    reader: &mut BinaryReader<'a>,
    size: usize,
    module: &mut Module<'a>,
    state: &mut State,
) -> Result<()> {
    let start = reader.current_position();
    let name = read_name(reader)?;
    let used = reader.current_position() - start;
    let Some(rest) = size.checked_sub(used) else {
        // The name ran past the section's end.
        return Err(ParseError::eof(reader.original_position()));
    };
    let offset = reader.original_position();
    let data = reader.read_bytes(rest)?;
    if name == "name" && !state.saw_name_section {
        state.saw_name_section = true;
        module.names = names::read(data, offset, reader.features());
    }
    module
        .custom_sections
        .push(CustomSection { name, data, offset });
    Ok(())
}
