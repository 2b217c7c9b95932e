//! Section decoding: the driver that walks a module's sections in order and
//! hands each payload to the decoder of its family.
//!
//! ```text
//!  header ─▶ ┌ id ─ size ─ payload ┐* ─▶ cross-section checks ─▶ Module
//!            │  custom.rs (names.rs for "name")                  │
//!            │  types.rs  imports.rs  functions.rs (function,    │
//!            │  start, code)  tables_memories.rs  globals.rs     │
//!            │  exports.rs  elements.rs  data.rs (data count,    │
//!            └  data)     const_expr.rs for every init/offset    ┘
//! ```
//!
//! Only what makes a module *malformed* is checked here: encodings, sizes,
//! section order, and the two counts that must agree across sections
//! (function vs. code, data count vs. data). Function bodies are sliced,
//! not decoded; the validator reads them through [`crate::FunctionBody`].
//!
//! # Reading like the reference interpreter
//!
//! The spec's reference decoder reads a section's contents from the whole
//! module, not from a reader bounded by the section's size, and only checks
//! the size afterwards ("section size mismatch"). So does this one: a
//! section whose entries run past its declared end reads on into what
//! follows, and the error says what the reference interpreter says (a
//! global's missing `end` meets the next section's id as an "illegal
//! opcode"; a truncated export meets the next section's bytes as a name
//! whose "length out of bounds"). Likewise every length and count is first
//! checked, as the reference's `len32` does, against the bytes left from
//! where the length itself starts ("length out of bounds"). The testsuite's
//! `assert_malformed` messages are that interpreter's, so they match by
//! construction. A successful decode is the same either way: every section
//! consumed exactly its size.
//!
//! Running out of bytes anywhere after the header is "unexpected end of
//! section or function", the reference interpreter's wording. Function
//! bodies are the one thing the reference reads that this decoder does not;
//! when a module fails to decode, `bodies.rs` checks whether one of them
//! would have failed first.

mod bodies;
mod const_expr;
mod custom;
mod data;
mod elements;
mod exports;
mod extent;
mod functions;
mod globals;
mod imports;
mod names;
mod tables_memories;
mod types;

use crate::error::{ParseError, Result};
use crate::limits;
use crate::reader::BinaryReader;
use crate::{Features, Module, SectionId, SectionInfo};

/// The first four bytes of every module.
const MAGIC: [u8; 4] = *b"\0asm";
/// The only binary version WebAssembly 1.0 through 3.0 use.
const VERSION: [u8; 4] = [1, 0, 0, 0];

/// Whether the code section is expected.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    /// A module as the spec defines it.
    Required,
    /// A module's declarations only: no code section at all (see
    /// [`crate::parse_declarations`]).
    Absent,
}

/// Decodes a whole module. See the module docs for what is checked.
pub(crate) fn parse_module(bytes: &[u8], features: Features, code: Code) -> Result<Module<'_>> {
    let mut module = Module {
        features,
        ..Module::default()
    };
    let mut reader = BinaryReader::new(bytes, 0, features);
    read_header(&mut reader)?;
    let mut state = State::default();
    let mut result = Ok(());
    while result.is_ok() && !reader.eof() {
        result = read_section(&mut reader, &mut module, &mut state);
    }
    let result = result.and_then(|()| check_counts(&module, bytes.len(), code));
    match result {
        Ok(()) => Ok(module),
        // A body the reference interpreter would have failed on comes first
        // in byte order (see `bodies.rs`).
        Err(e) => Err(eof_in_section(
            bodies::first_error(bytes, &module.code, features).unwrap_or(e),
        )),
    }
}

/// What the driver remembers between sections.
#[derive(Default)]
struct State {
    /// Rank (see [`rank`]) of the last non-custom section; 0 before any.
    last_rank: u8,
    /// Whether a `name` section was already looked at (only the first one
    /// counts).
    saw_name_section: bool,
}

/// Checks the magic number and the version.
fn read_header(reader: &mut BinaryReader<'_>) -> Result<()> {
    let pos = reader.original_position();
    if reader.read_bytes(4)? != MAGIC {
        return Err(ParseError::new("magic header not detected", pos));
    }
    let pos = reader.original_position();
    if reader.read_bytes(4)? != VERSION {
        return Err(ParseError::new("unknown binary version", pos));
    }
    Ok(())
}

/// Reads one section: id, size, payload, and checks the payload was
/// consumed exactly.
fn read_section<'a>(
    reader: &mut BinaryReader<'a>,
    module: &mut Module<'a>,
    state: &mut State,
) -> Result<()> {
    let id_pos = reader.original_position();
    let id = section_id(reader.read_u8()?)
        .ok_or_else(|| ParseError::new("malformed section id", id_pos))?;
    // Order is checked before the size is read: the reference interpreter
    // stops at an out-of-order section without looking further.
    if id != SectionId::Custom {
        let r = rank(id);
        if r <= state.last_rank {
            return Err(ParseError::new(
                "unexpected content after last section",
                id_pos,
            ));
        }
        state.last_rank = r;
    }
    let size = read_len(reader)?;
    let offset = reader.original_position();
    module.sections.push(SectionInfo { id, offset, size });

    // The section reads from the rest of the module (see the module docs).
    let mut section = BinaryReader::new(reader.remaining_slice(), offset, reader.features());
    match id {
        SectionId::Custom => custom::read(&mut section, size, module, state)?,
        SectionId::Type => types::read(&mut section, module)?,
        SectionId::Import => imports::read(&mut section, module)?,
        SectionId::Function => functions::read_functions(&mut section, module)?,
        SectionId::Table => tables_memories::read_tables(&mut section, module)?,
        SectionId::Memory => tables_memories::read_memories(&mut section, module)?,
        SectionId::Global => globals::read(&mut section, module)?,
        SectionId::Export => exports::read(&mut section, module)?,
        SectionId::Start => functions::read_start(&mut section, module)?,
        SectionId::Element => elements::read(&mut section, module)?,
        SectionId::Code => functions::read_code(&mut section, module)?,
        SectionId::Data => data::read(&mut section, module)?,
        SectionId::DataCount => data::read_count_section(&mut section, module)?,
    }
    let consumed = section.current_position();
    if consumed != size {
        let at = offset.saturating_add(consumed.min(size));
        return Err(ParseError::new("section size mismatch", at));
    }
    reader.skip(size)
}

/// The checks that need the whole module: how many functions the function
/// and code sections declare, and the data count against the data section.
fn check_counts(module: &Module<'_>, module_len: usize, code: Code) -> Result<()> {
    let section_at = |id: SectionId| {
        module
            .sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.offset)
    };
    let defined = module
        .functions
        .len()
        .saturating_sub(module.function_imports as usize);
    if code == Code::Absent {
        if let Some(at) = section_at(SectionId::Code) {
            return Err(ParseError::new(
                "unexpected code section in a declarations-only module",
                at,
            ));
        }
    } else if module.code.len() != defined {
        let at = section_at(SectionId::Code)
            .or_else(|| section_at(SectionId::Function))
            .unwrap_or(module_len);
        return Err(ParseError::new(
            "function and code section have inconsistent lengths",
            at,
        ));
    }
    if let Some(count) = module.data_count
        && count as usize != module.data.len()
    {
        let at = section_at(SectionId::Data)
            .or_else(|| section_at(SectionId::DataCount))
            .unwrap_or(module_len);
        return Err(ParseError::new(
            "data count and data section have inconsistent lengths",
            at,
        ));
    }
    Ok(())
}

/// Rewords "ran out of bytes" the way the reference interpreter does once
/// past the header.
#[cold]
fn eof_in_section(e: ParseError) -> ParseError {
    if e.is_eof() {
        e.with_context("unexpected end of section or function")
    } else {
        e
    }
}

/// The section id for byte `b`, if it is one.
fn section_id(b: u8) -> Option<SectionId> {
    Some(match b {
        0 => SectionId::Custom,
        1 => SectionId::Type,
        2 => SectionId::Import,
        3 => SectionId::Function,
        4 => SectionId::Table,
        5 => SectionId::Memory,
        6 => SectionId::Global,
        7 => SectionId::Export,
        8 => SectionId::Start,
        9 => SectionId::Element,
        10 => SectionId::Code,
        11 => SectionId::Data,
        12 => SectionId::DataCount,
        _ => return None,
    })
}

/// Where a non-custom section must come: ranks strictly increase through a
/// module. The data count section (id 12) sits between element and code.
fn rank(id: SectionId) -> u8 {
    match id {
        SectionId::Custom => 0,
        SectionId::Type => 1,
        SectionId::Import => 2,
        SectionId::Function => 3,
        SectionId::Table => 4,
        SectionId::Memory => 5,
        SectionId::Global => 6,
        SectionId::Export => 7,
        SectionId::Start => 8,
        SectionId::Element => 9,
        SectionId::DataCount => 10,
        SectionId::Code => 11,
        SectionId::Data => 12,
    }
}

/// Reads a byte length or item count as the reference decoder's `len32`
/// does: it may not exceed the bytes left counted from where the length
/// itself starts, else "length out of bounds". (Every item takes at least
/// one byte, so a larger count can never decode; the check also bounds
/// what a count may make us allocate.)
fn read_len(reader: &mut BinaryReader<'_>) -> Result<usize> {
    let pos = reader.original_position();
    let available = reader.bytes_remaining();
    let n = reader.read_var_u32()? as usize;
    if n > available {
        return Err(ParseError::new("length out of bounds", pos));
    }
    Ok(n)
}

/// Reads a vector's item count: [`read_len`], then the implementation
/// limit `limit` ("`what` count is out of bounds").
fn read_count(reader: &mut BinaryReader<'_>, limit: usize, what: &'static str) -> Result<usize> {
    let pos = reader.original_position();
    let n = read_len(reader)?;
    if n > limit {
        return Err(count_out_of_bounds(what, pos));
    }
    Ok(n)
}

/// Reads the item count of a section that extends an index space already
/// holding `existing` items (the imports): [`read_count`], then
/// [`check_total`].
fn read_space_count(
    reader: &mut BinaryReader<'_>,
    existing: usize,
    limit: usize,
    what: &'static str,
) -> Result<usize> {
    let pos = reader.original_position();
    let n = read_count(reader, limit, what)?;
    check_total(existing, n, limit, what, pos)?;
    Ok(n)
}

/// Checks that an index space holding `existing` items can take `more`
/// (imports and definitions together stay under the limit).
fn check_total(
    existing: usize,
    more: usize,
    limit: usize,
    what: &'static str,
    pos: usize,
) -> Result<()> {
    match existing.checked_add(more) {
        Some(total) if total <= limit => Ok(()),
        _ => Err(count_out_of_bounds(what, pos)),
    }
}

#[cold]
fn count_out_of_bounds(what: &'static str, pos: usize) -> ParseError {
    ParseError::fmt(format_args!("{what} count is out of bounds"), pos)
}

/// Reads a length-prefixed UTF-8 name, its length checked like
/// [`read_len`] and against [`limits::MAX_WASM_STRING_SIZE`].
fn read_name<'a>(reader: &mut BinaryReader<'a>) -> Result<&'a str> {
    let pos = reader.original_position();
    let len = read_len(reader)?;
    if len > limits::MAX_WASM_STRING_SIZE {
        return Err(ParseError::new(
            "length out of bounds: name longer than the implementation limit",
            pos,
        ));
    }
    let start = reader.original_position();
    let bytes = reader.read_bytes(len)?;
    std::str::from_utf8(bytes).map_err(|_| ParseError::new("malformed UTF-8 encoding", start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_the_spec_order() {
        let order = [1u8, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11];
        let ranks: Vec<u8> = order
            .iter()
            .map(|&b| rank(section_id(b).unwrap()))
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        assert!(section_id(13).is_none());
    }

    #[test]
    fn lengths_count_from_their_own_start() {
        // One byte of length plus one byte of payload: a length of 2 passes
        // the reference's check (and then runs out), 3 does not.
        let mut r = BinaryReader::new(&[2, 0], 0, Features::default());
        assert_eq!(read_len(&mut r).unwrap(), 2);
        let mut r = BinaryReader::new(&[3, 0], 0, Features::default());
        assert_eq!(
            read_len(&mut r).unwrap_err().message(),
            "length out of bounds"
        );
    }
}
