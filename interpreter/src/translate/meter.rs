//! Fuel charges and interrupt checks in translated code, when the
//! [`CodeOptions`](crate::CodeOptions) ask for them (with both off, nothing
//! here emits anything).
//!
//! Fuel follows `brisk_vm::fuel` exactly: a pre-scan cuts the body into
//! the rule's segments and sums their costs, then the translator emits one
//! `ConsumeFuel { cost }` where each segment with a non-zero cost starts,
//! before the segment's first instruction is translated. Every branch
//! target is a segment start, and a label's pc is taken before the charge
//! is emitted, so every path into a segment runs its charge:
//!
//! ```text
//!  loop            ─ label pc ─▶ CheckInterrupt      (interruptible)
//!    ...                          ConsumeFuel cost   (consume_fuel: the header segment)
//!    br_if 0                      ...BrCmp → label
//!    ...                          ConsumeFuel cost'  (the segment after br_if)
//! ```
//!
//! Interrupt checks go at function entry and at every loop header, ahead
//! of the header's charge (an interrupted run pays nothing more).
//! Segments in unreachable code are counted (to keep the pre-scan and the
//! translation in step) but get no charge. Once the code is final, a `Br`
//! whose target starts with a charge takes that charge over (`BrFuel`,
//! jumping just past it), saving one dispatch per taken jump; other paths
//! into the segment still run the charge itself. (An out-of-fuel trap there
//! is reported at the `br`.)

use brisk_parser::{FunctionBody, Operator};
use brisk_vm::fuel::{ends_segment, fuel_cost};

use super::{TranslateError, Translator};
use crate::bytecode::{BranchFuel, Fuel, Instr};

/// Sums the cost of every segment of `body`, in order, into `costs`.
pub(super) fn scan_segments(
    body: FunctionBody<'_>,
    costs: &mut Vec<u64>,
) -> Result<(), TranslateError> {
    costs.clear();
    let mut reader = body
        .operators_reader()
        .map_err(|e| TranslateError(e.to_string()))?;
    let mut cost = 0;
    while !reader.eof() {
        let op = reader.read().map_err(|e| TranslateError(e.to_string()))?;
        cost += fuel_cost(&op);
        if ends_segment(&op) {
            costs.push(cost);
            cost = 0;
        }
    }
    costs.push(cost);
    Ok(())
}

impl Translator<'_, '_> {
    fn live(&self) -> bool {
        self.skip_depth == 0 && !self.ctrl().unreachable
    }

    /// Before translating `op`: the function-entry interrupt check, and the
    /// charge of the segment `op` starts, if it starts one.
    pub(super) fn meter_before(&mut self, first: bool) -> Result<(), TranslateError> {
        if first && self.options.interruptible {
            self.emit(Instr::CheckInterrupt);
        }
        if self.options.consume_fuel && self.segment_start {
            let cost = self.a.segments.get(self.next_segment).copied().unwrap_or(0);
            self.next_segment += 1;
            if cost > 0 && self.live() {
                let cost = u32::try_from(cost)
                    .map_err(|_| TranslateError("fuel segment too long".into()))?;
                self.emit(Instr::ConsumeFuel(Fuel { cost }));
            }
        }
        Ok(())
    }

    /// After translating `op`: a loop header's interrupt check, and
    /// whether the next instruction starts a segment.
    pub(super) fn meter_after(&mut self, op: &Operator<'_>) {
        if self.options.interruptible && matches!(op, Operator::Loop { .. }) && self.live() {
            self.emit(Instr::CheckInterrupt);
        }
        self.segment_start = ends_segment(op);
    }
}

/// Folds the charge at the target of every `Br` into the jump. Offsets must
/// be final.
pub(super) fn fold_charges(code: &mut [Instr]) {
    let mut p = 0;
    while p < code.len() {
        match code[p] {
            // A br_table's words must stay `Br`s.
            Instr::BrTable(t) => p += t.len as usize + 1,
            Instr::Br(b) => {
                let t = p as isize + b.offset as isize;
                if let Some(Instr::ConsumeFuel(f)) =
                    usize::try_from(t).ok().and_then(|t| code.get(t))
                    && let Ok(offset) = i32::try_from(t + 1 - p as isize)
                {
                    code[p] = Instr::BrFuel(BranchFuel {
                        offset,
                        cost: f.cost,
                    });
                }
            }
            _ => {}
        }
        p += 1;
    }
}
