//! The function (id 3), start (id 8) and code (id 10) sections: what
//! functions a module defines, which one runs first, and their bodies.
//!
//! Bodies are sliced out of the code section, not decoded: the validator
//! reads each one once through [`FunctionBody`]. That the function and code
//! sections agree on how many functions there are is checked when the
//! whole module has been read (see `mod.rs`).

use super::{read_count, read_len, read_space_count};
use crate::Module;
use crate::error::{ParseError, Result};
use crate::limits;
use crate::operator::FunctionBody;
use crate::reader::BinaryReader;

/// Reads the function section: a type index per defined function, added
/// to `module.functions` after the imported ones.
pub(super) fn read_functions(reader: &mut BinaryReader<'_>, module: &mut Module<'_>) -> Result<()> {
    let n = read_space_count(
        reader,
        module.functions.len(),
        limits::MAX_WASM_FUNCTIONS,
        "functions",
    )?;
    module.functions.reserve(n);
    for _ in 0..n {
        module.functions.push(reader.read_var_u32()?);
    }
    Ok(())
}

/// Reads the start section: one function index.
pub(super) fn read_start(reader: &mut BinaryReader<'_>, module: &mut Module<'_>) -> Result<()> {
    module.start = Some(reader.read_var_u32()?);
    Ok(())
}

/// Reads the code section: a size-prefixed body per defined function.
pub(super) fn read_code<'a>(reader: &mut BinaryReader<'a>, module: &mut Module<'a>) -> Result<()> {
    let n = read_count(reader, limits::MAX_WASM_FUNCTIONS, "function bodies")?;
    module.code.reserve(n);
    for _ in 0..n {
        let pos = reader.original_position();
        let size = read_len(reader)?;
        if size > limits::MAX_WASM_FUNCTION_SIZE {
            return Err(ParseError::new("function body size is out of bounds", pos));
        }
        let offset = reader.original_position();
        let body = reader.read_bytes(size)?;
        module
            .code
            .push(FunctionBody::new(body, offset, reader.features()));
    }
    Ok(())
}
