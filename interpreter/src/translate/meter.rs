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
//! translation in step) but get no charge. Once the code is final,
//! [`fuse_charges`] folds charges into the jumps that enter their segments
//! (`BrFuel`, the `…Fuel` conditional jumps) and rotates loops whose header
//! starts with a charge, so hot loops pay fuel without a dispatch per
//! segment, after merging the charge of a segment that only quiet ones
//! run into with theirs (`merge.rs`). (An out-of-fuel trap on a `BrFuel`
//! is reported at the `br`.)

use brisk_parser::{FunctionBody, Operator};
use brisk_vm::fuel::{ends_segment, fuel_cost};

use super::merge::{self, Merge, Merges};
use super::{TranslateError, Translator};
use crate::bytecode::{Arg, Branch, BranchFuel, Fuel, Instr};

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

/// Folds the interrupt check at the target of every `Br` (a loop header)
/// into the jump: `BrCheck` checks and lands just past it, one dispatch
/// less per iteration; other paths into the header still run the check.
/// (An interrupt there is reported at the `br`.) Offsets must be final.
pub(super) fn fold_checks(code: &mut [Instr]) {
    let mut p = 0;
    while p < code.len() {
        match code[p] {
            // A br_table's words must stay `Br`s.
            Instr::BrTable(t) => p += t.len as usize + 1,
            Instr::Br(b) => {
                let t = p as isize + b.offset as isize;
                if let Some(Instr::CheckInterrupt) =
                    usize::try_from(t).ok().and_then(|t| code.get(t))
                    && let Ok(offset) = i32::try_from(t + 1 - p as isize)
                {
                    code[p] = Instr::BrCheck(Branch { offset });
                }
            }
            _ => {}
        }
        p += 1;
    }
}

/// What [`fuse_charges`] puts in place of one instruction.
#[derive(Clone, Copy)]
enum Plan {
    /// The instruction itself (its jump, if any, re-aimed).
    Keep,
    /// Nothing: a charge the segments before it pay (`merge.rs`).
    Drop,
    /// `ConsumeFuelMerged`, paying this charge and the one it absorbed,
    /// whose slow path is the merge's stub after the code.
    Merged(Merge),
    /// `BrFuel` paying `cost` and landing at `target` (old pcs).
    BrFuel { cost: u32, target: usize },
    /// A fuel-paying conditional jump: the four words of the list's
    /// "Fuel" section, or three when the fall-through's own charge (the
    /// next instruction) serves as its slow target.
    Fused {
        instr: Instr,
        fast: usize,
        if_taken: u32,
        if_not: u32,
        slow_taken: usize,
        /// `None`: the next instruction is the fall-through's charge.
        slow_not: Option<usize>,
    },
}

/// The target (old pc) of the jump `i` at `p`.
pub(super) fn target_of(i: &Instr, p: usize) -> Option<usize> {
    let mut i = *i;
    usize::try_from(p as isize + *i.branch_offset_mut()? as isize).ok()
}

/// Folds charges into the jumps that enter their segments, so a charge
/// costs no dispatch of its own on those paths (offsets must be final;
/// the code grows, so every jump is re-aimed and `offsets` follows):
///
/// - a `Br` whose target starts with a charge becomes `BrFuel`, paying it
///   and jumping past it;
/// - a conditional jump with a charge at its target or right after it
///   becomes its `…Fuel` twin, paying on each path the charge it skips;
/// - loop rotation with fuel: a backward `Br` to a header `ConsumeFuel
///   c1; exit test → just after the Br; [ConsumeFuel c2]` becomes the
///   negated exit test, fuel-paying: back into the body paying `c1 + c2`,
///   out of the loop paying `c1` (the exit's own charge runs after it).
///   When that does not fit, both paths go to the header's charge and run
///   the header as written, so the rule's order of charges and the point
///   of an out-of-fuel trap are exactly those of the unrotated loop.
///
/// Calls become `CallFuel`/`CallIndirectFuel`, which pay an interpreted
/// callee's entry charge (`FuncCode::entry_fuel`) and start it past that
/// charge when it fits, else at it.
///
/// Before all that, charges are merged (`merge.rs`): a segment that only
/// ever runs after quiet ones loses its charge, and they pay it with
/// theirs (`ConsumeFuelMerged`, which a fused jump pays like any charge).
///
/// Every other path into a segment still runs its charge; a slow path
/// (cost does not fit) reaches that same charge, which traps with the
/// fuel unchanged (a merged one by way of its stub, the charges as they
/// were).
pub(super) fn fuse_charges(code: &mut Vec<Instr>, offsets: &mut Vec<u32>) {
    let old = std::mem::take(code);
    let old_offsets = std::mem::take(offsets);
    let merges = merge::plan(&old);
    let mut plans = vec![Plan::Keep; old.len()];
    let mut p = 0;
    while p < old.len() {
        let i = old[p];
        if let Instr::BrTable(t) = i {
            // Its words must stay `Br`s.
            p += t.len as usize + 2;
            continue;
        }
        plans[p] = if merges.dropped(p) {
            Plan::Drop
        } else if let Some(m) = merges.merged(p) {
            Plan::Merged(m)
        } else {
            plan(&old, &merges, p, &i)
        };
        p += 1;
    }
    // New pc of every old pc (and of the end); the merges' stubs follow.
    let mut new_pc = Vec::with_capacity(old.len() + 1);
    let mut n = 0;
    for plan in &plans {
        new_pc.push(n);
        n += match plan {
            Plan::Drop => 0,
            Plan::Keep | Plan::Merged(_) | Plan::BrFuel { .. } => 1,
            Plan::Fused { slow_not: None, .. } => 3,
            Plan::Fused { .. } => 4,
        };
    }
    new_pc.push(n);
    let mut next_stub = n;
    let rel = |from: usize, to: usize| new_pc[to] as i32 - from as i32;
    let jump = |from: usize, to: usize| {
        Instr::Br(Branch {
            offset: rel(from, to),
        })
    };
    for (p, (plan, &at)) in plans.iter().zip(&old_offsets).enumerate() {
        let q = code.len();
        match *plan {
            Plan::Drop => {}
            Plan::Merged(m) => {
                code.push(Instr::ConsumeFuelMerged(BranchFuel {
                    offset: next_stub as i32 - q as i32,
                    cost: m.own + m.absorbed,
                }));
                next_stub += STUB_WORDS;
            }
            Plan::Keep => {
                let mut i = match old[p] {
                    // Calls pay an interpreted callee's entry charge.
                    Instr::Call(c) if merge::enabled() => Instr::CallFuel(c),
                    Instr::CallIndirect(c) if merge::enabled() => Instr::CallIndirectFuel(c),
                    i => i,
                };
                if let Some(t) = target_of(&i, p)
                    && let Some(off) = i.branch_offset_mut()
                {
                    *off = rel(q, t);
                }
                code.push(i);
            }
            Plan::BrFuel { cost, target } => code.push(Instr::BrFuel(BranchFuel {
                offset: rel(q, target),
                cost,
            })),
            Plan::Fused {
                mut instr,
                fast,
                if_taken,
                if_not,
                slow_taken,
                slow_not,
            } => {
                if let Some(off) = instr.branch_offset_mut() {
                    *off = rel(q, fast);
                }
                code.push(instr);
                code.push(Instr::Arg(Arg(if_taken, if_not)));
                code.push(jump(q + 2, slow_taken));
                if let Some(s) = slow_not {
                    code.push(jump(q + 3, s));
                }
            }
        }
        offsets.resize(code.len(), at);
    }
    // The stubs, in the order of their merged charges.
    for (p, plan) in plans.iter().enumerate() {
        if let Plan::Merged(m) = *plan {
            let q = code.len();
            code.push(Instr::ConsumeFuel(Fuel { cost: m.own }));
            offsets.push(old_offsets[p]);
            code.push(Instr::ConsumeFuel(Fuel { cost: m.absorbed }));
            offsets.push(old_offsets[m.report]);
            code.push(jump(q + 2, p + 1));
            offsets.push(old_offsets[p]);
        }
    }
    debug_assert_eq!(next_stub, code.len());
}

/// The words of a merge's stub: its two charges and the jump back.
const STUB_WORDS: usize = 3;

/// The plan for the instruction `i` at old pc `p` (not a `br_table` word
/// nor a charge that `merges` changes).
fn plan(code: &[Instr], merges: &Merges, p: usize, i: &Instr) -> Plan {
    let Some(t) = target_of(i, p) else {
        return Plan::Keep;
    };
    let charge = |q| merges.cost(code, q);
    if let Instr::Br(_) = i {
        if let Some(plan) = rotation(code, merges, p, t) {
            return plan;
        }
        // `merge.rs` never merges into a segment a `Br` enters (a
        // `BrFuel` reports its trap at the `br`, the stub would not).
        debug_assert!(merges.merged(t).is_none());
        return match charge(t) {
            Some(cost) => Plan::BrFuel {
                cost,
                target: t + 1,
            },
            None => Plan::Keep,
        };
    }
    let Some(instr) = i.fueled() else {
        return Plan::Keep;
    };
    let (ct, cf) = (charge(t), charge(p + 1));
    if ct.is_none() && cf.is_none() {
        return Plan::Keep;
    }
    Plan::Fused {
        instr,
        fast: t + usize::from(ct.is_some()),
        if_taken: ct.unwrap_or(0),
        if_not: cf.unwrap_or(0),
        slow_taken: t,
        // Without a charge after it, a never-taken slow path to `p + 1`
        // keeps the fall-through at the fourth word.
        slow_not: if cf.is_some() { None } else { Some(p + 1) },
    }
}

/// Whether [`fuse_charges`] rotates the loop whose back edge is the `Br`
/// at `p` to `t`, in code without merges.
pub(super) fn rotates(code: &[Instr], p: usize, t: usize) -> bool {
    rotation(code, &Merges::default(), p, t).is_some()
}

/// The rotation of the `Br` at `p` to the header at `t`, if it has the
/// shape of [`fuse_charges`]'s third case (charges as `merges` leaves them).
fn rotation(code: &[Instr], merges: &Merges, p: usize, t: usize) -> Option<Plan> {
    let charge = |q| merges.cost(code, q);
    let c1 = charge(t)?;
    let test = code.get(t + 1)?;
    if target_of(test, t + 1)? != p + 1 {
        return None;
    }
    let mut instr = super::rotate::negated(test)?.fueled()?;
    let c2 = charge(t + 2);
    let back = t + 2 + usize::from(c2.is_some());
    *instr.branch_offset_mut()? = 0;
    Some(Plan::Fused {
        instr,
        fast: back,
        if_taken: c1.checked_add(c2.unwrap_or(0))?,
        if_not: c1,
        slow_taken: t,
        slow_not: Some(t),
    })
}
