//! The global section (id 6): each global's type and initialiser.

use super::{check_total, const_expr, read_count};
use crate::Module;
use crate::error::Result;
use crate::limits;
use crate::reader::BinaryReader;

/// Reads the global section into `module.globals` (after the imported
/// ones) and `module.global_inits`.
pub(super) fn read<'a>(reader: &mut BinaryReader<'a>, module: &mut Module<'a>) -> Result<()> {
    let pos = reader.original_position();
    let n = read_count(reader, limits::MAX_WASM_GLOBALS, "globals")?;
    check_total(
        module.globals.len(),
        n,
        limits::MAX_WASM_GLOBALS,
        "globals",
        pos,
    )?;
    module.globals.reserve(n);
    module.global_inits.reserve(n);
    for _ in 0..n {
        module.globals.push(reader.read_global_type()?);
        module.global_inits.push(const_expr::read(reader)?);
    }
    Ok(())
}
