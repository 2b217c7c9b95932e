//! On the error path only: which function body the reference interpreter
//! would have failed on first.
//!
//! The parser slices function bodies without decoding them. The reference
//! interpreter decodes each body in place, reading on past its declared
//! size if the body runs over, and stops at the first problem in byte
//! order. So when a module fails to decode *after* its code section (a
//! body whose size is understated leaves its tail to be read as the next
//! section: "malformed section id"), the error the spec expects is the
//! body's. [`first_error`] finds it: it reads each body decoded so far
//! from the rest of the module, up to its closing `end`, and reports the
//! first that fails or whose `end` is not where its size says
//! ("section size mismatch"). Valid modules never come here.

use super::extent;
use crate::Features;
use crate::error::{ParseError, Result};
use crate::operator::FunctionBody;

/// The first malformation, in byte order, among `bodies`, each read from
/// `module_bytes` as the reference interpreter reads it.
pub(super) fn first_error(
    module_bytes: &[u8],
    bodies: &[FunctionBody<'_>],
    features: Features,
) -> Option<ParseError> {
    bodies.iter().find_map(|body| {
        let rest = module_bytes.get(body.offset()..)?;
        scan(
            FunctionBody::new(rest, body.offset(), features),
            body.bytes().len(),
        )
        .err()
    })
}

/// Reads `body` (which extends to the end of the module) up to its
/// closing `end`, which must be its last byte by the declared `size`.
fn scan(body: FunctionBody<'_>, size: usize) -> Result<()> {
    let mut locals = body.locals_reader()?;
    while locals.remaining() > 0 {
        locals.read()?;
    }
    let mut ops = locals.into_operators_reader();
    let end = extent::read_to_end(|| ops.read_with_offset())?;
    let expected_end = body.offset().saturating_add(size);
    if end.saturating_add(1) != expected_end {
        return Err(ParseError::new("section size mismatch", expected_end));
    }
    Ok(())
}
