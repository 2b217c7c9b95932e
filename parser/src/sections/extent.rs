//! How far an instruction sequence reaches: up to the `end` that closes it.
//!
//! Constant expressions (and, on the error path, function bodies; see
//! `bodies.rs`) are found by reading instructions until the `end` at depth
//! zero, following the nesting of `block`, `loop` and `if` the way the
//! spec's grammar does: an `else` is allowed once, directly inside an `if`;
//! anywhere else the reference decoder expects the `end` that would close
//! the sequence ("END opcode expected").

use crate::error::{ParseError, Result};
use crate::operator::Operator;

/// Reads instructions with `next` (which returns each with its offset)
/// until the `end` closing the sequence, and returns that `end`'s offset.
pub(super) fn read_to_end<'a>(
    mut next: impl FnMut() -> Result<(Operator<'a>, usize)>,
) -> Result<usize> {
    // One entry per open block: whether it is an `if` still in its
    // `then` arm (so an `else` may come). The outermost sequence is not.
    let mut open: Vec<bool> = Vec::new();
    loop {
        let (op, pos) = next()?;
        let closes_sequence = match op {
            Operator::Block { .. } | Operator::Loop { .. } => {
                open.push(false);
                false
            }
            Operator::If { .. } => {
                open.push(true);
                false
            }
            Operator::Else => match open.last_mut() {
                Some(in_then) if *in_then => {
                    *in_then = false;
                    false
                }
                _ => return Err(ParseError::new("END opcode expected", pos)),
            },
            Operator::End => open.pop().is_none(),
            _ => false,
        };
        if closes_sequence {
            return Ok(pos);
        }
    }
}
