//! The `name` custom section: names for the module, its functions and
//! their locals, for error messages, backtraces and disassembly.
//!
//! Custom sections are optional to understand, so a malformed `name`
//! section is not an error: it is ignored and [`Names`] stays empty. The
//! subsections must come in increasing id order, at most once each;
//! subsections other than module (0), function (1) and local (2) names are
//! skipped.

use crate::Names;
use crate::error::{ParseError, Result};
use crate::features::Features;
use crate::limits;
use crate::reader::BinaryReader;

/// Decodes the payload of a `name` section at `offset` in the module, or
/// returns empty names if it is malformed.
pub(super) fn read(data: &[u8], offset: usize, features: Features) -> Names<'_> {
    let mut reader = BinaryReader::new(data, offset, features);
    read_subsections(&mut reader).unwrap_or_default()
}

fn read_subsections<'a>(reader: &mut BinaryReader<'a>) -> Result<Names<'a>> {
    let mut names = Names::default();
    let mut last_id = None;
    while !reader.eof() {
        let pos = reader.original_position();
        let id = reader.read_u8()?;
        if last_id.is_some_and(|last| id <= last) {
            return Err(ParseError::new("out-of-order name subsection", pos));
        }
        last_id = Some(id);
        let size = reader.read_var_u32()? as usize;
        let mut sub = reader.sub_reader(size)?;
        match id {
            0 => names.module = Some(sub.read_name()?),
            1 => names.functions = read_name_map(&mut sub)?,
            2 => names.locals = read_indirect_name_map(&mut sub)?,
            _ => continue,
        }
        if !sub.eof() {
            return Err(sub.error("name subsection size mismatch"));
        }
    }
    Ok(names)
}

/// `(index, name)` pairs.
type NameMap<'a> = Vec<(u32, &'a str)>;

/// A name map: `(index, name)` pairs, returned sorted by index (the spec
/// asks producers for increasing order; lookups rely on it).
fn read_name_map<'a>(reader: &mut BinaryReader<'a>) -> Result<NameMap<'a>> {
    let n = reader.read_size(limits::MAX_WASM_NAME_MAP_SIZE, "name map")?;
    let mut map = Vec::with_capacity(n.min(reader.bytes_remaining()));
    for _ in 0..n {
        let index = reader.read_var_u32()?;
        map.push((index, reader.read_name()?));
    }
    if !map.is_sorted_by_key(|&(i, _)| i) {
        map.sort_by_key(|&(i, _)| i);
    }
    Ok(map)
}

/// An indirect name map: for each function index, a name map of its
/// locals.
fn read_indirect_name_map<'a>(reader: &mut BinaryReader<'a>) -> Result<Vec<(u32, NameMap<'a>)>> {
    let n = reader.read_size(limits::MAX_WASM_NAME_MAP_SIZE, "indirect name map")?;
    let mut map = Vec::with_capacity(n.min(reader.bytes_remaining()));
    for _ in 0..n {
        let index = reader.read_var_u32()?;
        map.push((index, read_name_map(reader)?));
    }
    if !map.is_sorted_by_key(|(i, _)| *i) {
        map.sort_by_key(|(i, _)| *i);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(data: &[u8]) -> Names<'_> {
        read(data, 0, Features::default())
    }

    #[test]
    fn module_function_and_local_names() {
        let data = [
            0, 2, 1, b'm', // module "m"
            1, 7, 2, 1, 1, b'b', 0, 1, b'a', // functions {1: "b", 0: "a"}
            2, 5, 1, 0, 1, 0, 0, // locals {0: {0: ""}}
            9, 1, 0xff, // unknown subsection, skipped
        ];
        let n = names(&data);
        assert_eq!(n.module, Some("m"));
        assert_eq!(n.functions, vec![(0, "a"), (1, "b")]);
        assert_eq!(n.function(1), Some("b"));
        assert_eq!(n.locals, vec![(0, vec![(0, "")])]);
    }

    #[test]
    fn malformed_is_ignored() {
        // Out of order.
        assert_eq!(names(&[1, 1, 0, 0, 2, 1, b'm']), Names::default());
        // Subsection longer than the section.
        assert_eq!(names(&[0, 9, 1, b'm']), Names::default());
        // Bad UTF-8.
        assert_eq!(names(&[0, 2, 1, 0xff]), Names::default());
        // Trailing bytes in a subsection.
        assert_eq!(names(&[0, 3, 1, b'm', 0]), Names::default());
    }
}
