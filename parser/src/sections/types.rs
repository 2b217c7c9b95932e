//! The type section (id 1): the module's function types.
//!
//! WebAssembly 2.0 has one type form, `0x60 params results`. The form is
//! read as the reference decoder reads it, a one-byte signed LEB128: a byte
//! with its continuation bit set is "integer representation too long",
//! any other byte but `0x60` a "malformed function type".

use super::read_count;
use crate::Module;
use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;

/// The `func` type form.
const FUNC_FORM: u8 = 0x60;

/// Reads the type section into `module.types`.
pub(super) fn read(reader: &mut BinaryReader<'_>, module: &mut Module<'_>) -> Result<()> {
    let n = read_count(reader, limits::MAX_WASM_TYPES, "types")?;
    module.types.reserve(n);
    for _ in 0..n {
        let pos = reader.original_position();
        match reader.read_u8()? {
            FUNC_FORM => module.types.push(reader.read_func_type_body()?),
            b if b & 0x80 != 0 => {
                return Err(ParseError::new("integer representation too long", pos));
            }
            _ => return Err(ParseError::new("malformed function type", pos)),
        }
    }
    Ok(())
}
