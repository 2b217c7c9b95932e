//! The element section (id 9): segments of references for tables, in the
//! eight encodings WebAssembly 2.0 has.
//!
//! The flags (a `u32`) select the encoding bit by bit:
//!
//! ```text
//!  bit 0  passive or declarative (else active)
//!  bit 1  with bit 0: declarative; without: explicit table index
//!  bit 2  items are constant expressions (else function indices)
//!
//!  0  active table 0   offset            vec(funcidx)
//!  1  passive                   elemkind vec(funcidx)
//!  2  active table x   offset   elemkind vec(funcidx)
//!  3  declarative               elemkind vec(funcidx)
//!  4  active table 0   offset            vec(expr)     funcref
//!  5  passive                   reftype  vec(expr)
//!  6  active table x   offset   reftype  vec(expr)
//!  7  declarative               reftype  vec(expr)
//! ```
//!
//! The only element kind is `0x00`, `funcref`.

use super::{const_expr, read_count};
use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;
use crate::types::RefType;
use crate::{Element, ElementItems, ElementMode, Module};

/// Reads the element section.
pub(super) fn read<'a>(reader: &mut BinaryReader<'a>, module: &mut Module<'a>) -> Result<()> {
    let n = read_count(
        reader,
        limits::MAX_WASM_ELEMENT_SEGMENTS,
        "element segments",
    )?;
    module.elements.reserve(n);
    for _ in 0..n {
        module.elements.push(read_segment(reader)?);
    }
    Ok(())
}

fn read_segment<'a>(reader: &mut BinaryReader<'a>) -> Result<Element<'a>> {
    let offset = reader.original_position();
    let flags = reader.read_var_u32()?;
    if flags > 7 {
        return Err(ParseError::new("malformed elements segment kind", offset));
    }
    let expressions = flags & 0b100 != 0;
    let mode = match flags & 0b011 {
        0b000 => ElementMode::Active {
            table: 0,
            offset: const_expr::read(reader)?,
        },
        0b010 => ElementMode::Active {
            table: reader.read_var_u32()?,
            offset: const_expr::read(reader)?,
        },
        0b001 => ElementMode::Passive,
        _ => ElementMode::Declared,
    };
    // Encodings 0 and 4 leave the type implicit.
    let ty = match (flags & 0b011 == 0, expressions) {
        (true, _) => RefType::FUNCREF,
        (false, false) => read_elem_kind(reader)?,
        (false, true) => reader.read_ref_type()?,
    };
    let items = if expressions {
        let n = read_count(reader, limits::MAX_WASM_TABLE_ENTRIES, "elements")?;
        let mut exprs = Vec::with_capacity(n);
        for _ in 0..n {
            exprs.push(const_expr::read(reader)?);
        }
        ElementItems::Expressions(exprs)
    } else {
        let n = read_count(reader, limits::MAX_WASM_TABLE_ENTRIES, "elements")?;
        let mut funcs = Vec::with_capacity(n);
        for _ in 0..n {
            funcs.push(reader.read_var_u32()?);
        }
        ElementItems::Functions(funcs)
    };
    Ok(Element {
        mode,
        ty,
        items,
        offset,
    })
}

/// Reads an element kind byte: `0x00` is `funcref`, nothing else exists.
fn read_elem_kind(reader: &mut BinaryReader<'_>) -> Result<RefType> {
    let pos = reader.original_position();
    match reader.read_u8()? {
        0x00 => Ok(RefType::FUNCREF),
        _ => Err(ParseError::new("malformed element kind", pos)),
    }
}
