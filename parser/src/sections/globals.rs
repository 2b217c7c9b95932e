//! The global section (id 6): each global's type and initialiser.

use super::{const_expr, read_space_count};
use crate::Module;
use crate::error::Result;
use crate::limits;
use crate::reader::BinaryReader;

/// Reads the global section into `module.globals` (after the imported
/// ones) and `module.global_inits`.
pub(super) fn read<'a>(reader: &mut BinaryReader<'a>, module: &mut Module<'a>) -> Result<()> {
    let n = read_space_count(
        reader,
        module.globals.len(),
        limits::MAX_WASM_GLOBALS,
        "globals",
    )?;
    module.globals.reserve(n);
    module.global_inits.reserve(n);
    for _ in 0..n {
        module.globals.push(reader.read_global_type()?);
        module.global_inits.push(const_expr::read(reader)?);
    }
    Ok(())
}
