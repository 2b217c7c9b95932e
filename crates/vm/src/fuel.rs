//! The fuel rule: how every tier counts the work a guest does.
//!
//! Fuel is a deterministic budget counted in wasm instructions. The rule is
//! defined on the wasm instruction stream — never on a tier's internal code
//! — so the interpreter and the compiled tier consume exactly the same fuel
//! for the same program and run out at exactly the same point. Both tiers
//! call [`fuel_cost`] and [`ends_segment`]; nothing else defines the rule.
//!
//! # The rule
//!
//! 1. **Cost.** Every instruction costs 1, except the structural markers
//!    `nop`, `block`, `loop`, `else` and `end`, which cost 0 ([`fuel_cost`]).
//! 2. **Segments.** A function body is cut into straight-line segments. A
//!    segment begins at the function's first instruction and right after
//!    every instruction for which [`ends_segment`] is true: `loop` (so a
//!    loop header starts one), `if`, `else`, `end`, `br`, `br_if`,
//!    `br_table`, `return` and `unreachable`. Every branch target is
//!    therefore the start of a segment. Calls do not end a segment. A
//!    segment's cost is the sum of its instructions' costs.
//! 3. **Charging.** When execution reaches the first instruction of a
//!    segment whose cost is not zero, the whole segment is paid for at
//!    once: if the cost exceeds the fuel remaining, the guest traps with
//!    [`TrapCode::OutOfFuel`](crate::TrapCode::OutOfFuel) ("all fuel
//!    consumed") before any instruction of the segment runs, and the fuel
//!    remaining is left unchanged; otherwise the cost is subtracted and
//!    the segment runs. A segment that traps or calls out part way has
//!    still been paid in full.
//!
//! Consequences: the fuel remaining never goes below zero; after a call
//! that returns normally, the fuel consumed is the sum of the costs of the
//! segments it entered; a segment is the unit of both counting and
//! checking, so a tier pays one subtraction and one comparison per segment
//! entered, never per instruction.
//!
//! With fuel metering off (the default), tiers emit no charges at all and
//! [`VMStoreContext::fuel_remaining`](crate::VMStoreContext::fuel_remaining)
//! stays at `i64::MAX`.
//!
//! ```
//! use brisk_parser::Operator;
//! use brisk_vm::fuel::{ends_segment, fuel_cost};
//!
//! assert_eq!(fuel_cost(&Operator::Nop), 0);
//! assert_eq!(fuel_cost(&Operator::I32Add), 1);
//! assert!(ends_segment(&Operator::End));
//! assert!(!ends_segment(&Operator::I32Add));
//! ```

use brisk_parser::Operator;

/// What executing `op` costs; see the [module docs](self).
#[inline]
pub fn fuel_cost(op: &Operator<'_>) -> u64 {
    match op {
        Operator::Nop
        | Operator::Block { .. }
        | Operator::Loop { .. }
        | Operator::Else
        | Operator::End => 0,
        _ => 1,
    }
}

/// Whether a new segment begins right after `op`; see the
/// [module docs](self).
#[inline]
pub fn ends_segment(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::Else
            | Operator::End
            | Operator::Br { .. }
            | Operator::BrIf { .. }
            | Operator::BrTable { .. }
            | Operator::Return
            | Operator::Unreachable
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use brisk_parser::BlockType;

    #[test]
    fn markers_are_free_and_everything_else_costs_one() {
        let bt = BlockType::Empty;
        for op in [
            Operator::Nop,
            Operator::Block { blockty: bt },
            Operator::Loop { blockty: bt },
            Operator::Else,
            Operator::End,
        ] {
            assert_eq!(fuel_cost(&op), 0, "{op:?}");
        }
        for op in [
            Operator::Unreachable,
            Operator::If { blockty: bt },
            Operator::Br { relative_depth: 0 },
            Operator::Return,
            Operator::Drop,
            Operator::Call { function_index: 0 },
            Operator::I32Const { value: 1 },
        ] {
            assert_eq!(fuel_cost(&op), 1, "{op:?}");
        }
    }

    #[test]
    fn branch_targets_start_segments_and_calls_do_not() {
        let bt = BlockType::Empty;
        assert!(ends_segment(&Operator::Loop { blockty: bt }));
        assert!(ends_segment(&Operator::If { blockty: bt }));
        assert!(ends_segment(&Operator::BrIf { relative_depth: 0 }));
        assert!(!ends_segment(&Operator::Block { blockty: bt }));
        assert!(!ends_segment(&Operator::Call { function_index: 0 }));
        assert!(!ends_segment(&Operator::Nop));
    }
}
