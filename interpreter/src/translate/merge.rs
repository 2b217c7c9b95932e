//! Charge merging, the analysis half of [`fuse_charges`](super::meter):
//! which fuel charges can be paid earlier, together with the charge of the
//! segment that always runs before them, without anything a guest or host
//! can observe changing.
//!
//! A segment `A` is *quiet* when everything between its charge and its
//! end can neither trap, call, write memory, globals or tables, nor check
//! for an interrupt, and its end always goes on into the same segment `S`:
//! it falls through into `S`'s charge, or jumps there with a `Br`. Then
//! "pay `A`, run `A`, pay `S`" and "pay `A + S`, run `A`" are the same to
//! every observer as long as both fit: nothing can look at the fuel, or at
//! anything `A` did, in between. When every way into `S` comes out of such
//! a quiet segment, `S`'s charge goes, and each of those segments pays for
//! both on entry (`ConsumeFuelMerged`):
//!
//! ```text
//!  a:  ConsumeFuel A      ─▶   a:  ConsumeFuelMerged A+S → stub
//!      ...quiet...                 ...quiet...
//!  s:  ConsumeFuel S      ─▶       (gone)
//!      ...                         ...
//!                              stub: ConsumeFuel A    (reported at a)
//!                                    ConsumeFuel S    (reported where S's charge was)
//!                                    Br → a+1
//! ```
//!
//! When `A + S` does not fit, the merged charge goes to its stub: the two
//! charges as they were, which trap with exactly the fuel and at exactly
//! the place the unmerged code would (paying `A` first when it fits; the
//! quiet body in between changes nothing anyone sees). The place of `S`'s
//! charge is the jump's when `A` reached it with a `Br` (the unmerged
//! `Br` becomes a `BrFuel`, which reports its trap at the `br`), else
//! `S`'s own. A segment that a plain `Br` enters is never merged into, as
//! its `BrFuel` reports `A`'s trap at the `br`; and a `Br` that loop
//! rotation takes over is never a merging jump. Merges do not chain: a
//! charge that absorbed another is never itself dropped.

use crate::bytecode::Instr;
use crate::semantics::NumTrap;
#[allow(clippy::wildcard_imports)]
use crate::semantics::{convert::*, float::*, int::*, simd::*};

/// One merged charge: the segment's own cost and the cost of the one it
/// absorbed, whose trap is reported at old pc `report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Merge {
    pub own: u32,
    pub absorbed: u32,
    pub report: usize,
}

/// The merges of one function's code (old pcs, before fusing); the
/// default is none.
#[derive(Default)]
pub(super) struct Merges {
    /// `dropped[s]`: the charge at `s` is paid by the segments before it.
    dropped: Vec<bool>,
    /// The merged charge at each pc, if there is one.
    merged: Vec<Option<Merge>>,
}

impl Merges {
    /// The cost paid on entry to the segment whose charge is at `q`, or
    /// `None` if no charge is left there.
    pub(super) fn cost(&self, code: &[Instr], q: usize) -> Option<u32> {
        if self.dropped.get(q).copied().unwrap_or(false) {
            return None;
        }
        if let Some(Some(m)) = self.merged.get(q) {
            return Some(m.own + m.absorbed);
        }
        match code.get(q) {
            Some(Instr::ConsumeFuel(f)) => Some(f.cost),
            _ => None,
        }
    }

    pub(super) fn dropped(&self, q: usize) -> bool {
        self.dropped.get(q).copied().unwrap_or(false)
    }

    pub(super) fn merged(&self, q: usize) -> Option<Merge> {
        self.merged.get(q).copied().flatten()
    }
}

#[cfg(test)]
thread_local! {
    /// Unit tests turn merging, and calls paying entry charges, off to
    /// compare with the code without them.
    pub(crate) static ENABLED: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether to merge charges and let calls pay entry charges (always,
/// except in unit tests comparing with the code without them).
pub(super) fn enabled() -> bool {
    #[cfg(test)]
    return ENABLED.with(|e| e.get());
    #[cfg(not(test))]
    true
}

/// Where the quiet segment charged at `a` goes: the pc of the charge it
/// runs into, and the pc of its `Br` if it jumps there.
struct Successor {
    charge: usize,
    jump: Option<usize>,
}

/// Decides the merges of `code` (final offsets, charges not yet fused).
pub(super) fn plan(code: &[Instr]) -> Merges {
    let n = code.len();
    let mut m = Merges {
        dropped: vec![false; n],
        merged: vec![None; n],
    };
    if !enabled() {
        return m;
    }
    // How many jumps land at each pc, and which pcs a plain `Br` (not a
    // `br_table` word) enters.
    let mut entries = vec![0u32; n];
    let mut br_in = vec![false; n];
    let mut table_words = 0;
    for (p, i) in code.iter().enumerate() {
        if let Some(t) = super::meter::target_of(i, p).filter(|&t| t < n) {
            entries[t] += 1;
            if table_words == 0 && matches!(i, Instr::Br(_)) {
                br_in[t] = true;
            }
        }
        table_words = match i {
            Instr::BrTable(t) => t.len as usize + 1,
            _ => table_words.saturating_sub(1),
        };
    }
    let succ: Vec<Option<Successor>> = (0..n).map(|a| successor(code, a, &entries)).collect();
    // (charge, quiet segment running into it), by charge.
    let mut into: Vec<(usize, usize)> = succ
        .iter()
        .enumerate()
        .filter_map(|(a, x)| Some((x.as_ref()?.charge, a)))
        .collect();
    into.sort_unstable();
    for group in into.chunk_by(|x, y| x.0 == y.0) {
        let s = group[0].0;
        let Instr::ConsumeFuel(fs) = code[s] else {
            continue;
        };
        let preds = || group.iter().map(|&(_, a)| a);
        let jumps = preds()
            .filter(|&a| succ[a].as_ref().is_some_and(|x| x.jump.is_some()))
            .count();
        let falls = group.len() - jumps;
        // Every way in must come out of a quiet segment: each jump to `s`
        // is one's `Br`, and a fall-through into `s` is one's end (the
        // function's entry is a way in from outside). Merges do not chain.
        if s == 0 {
            continue;
        }
        let fall_in = !matches!(code[s - 1], Instr::Br(_) | Instr::Return | Instr::Trap(_));
        if entries[s] as usize != jumps
            || falls != usize::from(fall_in)
            || m.merged[s].is_some()
            || preds().any(|a| a == s || br_in[a] || m.dropped[a])
        {
            continue;
        }
        let merges: Option<Vec<(usize, Merge)>> = preds()
            .map(|a| {
                let Instr::ConsumeFuel(fa) = code[a] else {
                    return None;
                };
                fa.cost.checked_add(fs.cost)?;
                let report = succ[a].as_ref()?.jump.unwrap_or(s);
                Some((
                    a,
                    Merge {
                        own: fa.cost,
                        absorbed: fs.cost,
                        report,
                    },
                ))
            })
            .collect();
        let Some(merges) = merges else {
            continue;
        };
        m.dropped[s] = true;
        for (a, merge) in merges {
            m.merged[a] = Some(merge);
        }
    }
    m
}

/// The charge the segment charged at `a` always runs into, if the segment
/// is quiet and nothing else enters it part way.
fn successor(code: &[Instr], a: usize, entries: &[u32]) -> Option<Successor> {
    let Instr::ConsumeFuel(_) = code[a] else {
        return None;
    };
    let mut q = a + 1;
    loop {
        match code.get(q)? {
            Instr::ConsumeFuel(_) => {
                return Some(Successor {
                    charge: q,
                    jump: None,
                });
            }
            _ if entries[q] != 0 => return None,
            i @ Instr::Br(_) => {
                let t = super::meter::target_of(i, q)?;
                let is_charge = matches!(code.get(t), Some(Instr::ConsumeFuel(_)));
                if !is_charge || t == a || super::meter::rotates(code, q, t) {
                    return None;
                }
                return Some(Successor {
                    charge: t,
                    jump: Some(q),
                });
            }
            i if quiet(i) => q += 1,
            _ => return None,
        }
    }
}

/// What a pure row's semantics returns: a value, or a value or a trap.
trait Outcome {
    const TRAPS: bool;
}

macro_rules! outcomes {
    ($($t:ty)*) => {$(
        impl Outcome for $t {
            const TRAPS: bool = false;
        }
        impl Outcome for Result<$t, NumTrap> {
            const TRAPS: bool = true;
        }
    )*};
}
outcomes!(i32 i64 f32 f64 u128);

fn traps1<A, R: Outcome>(_: fn(A) -> R) -> bool {
    R::TRAPS
}

fn traps2<A, B, R: Outcome>(_: fn(A, B) -> R) -> bool {
    R::TRAPS
}

fn traps3<A, B, C, R: Outcome>(_: fn(A, B, C) -> R) -> bool {
    R::TRAPS
}

/// Defines [`quiet`] from the instruction list: the pure rows whose
/// semantics cannot trap, and a few `special` rows.
macro_rules! derive_quiet {
    (
        special { $( $(#[$doc:meta])* $sname:ident $(($sty:ty))? ),* $(,)? }
        un { $( $uname:ident = $ufn:ident($ua:ident) -> $ur:ident ),* $(,)? }
        bin { $( $bname:ident = $bfn:ident($ba:ident, $bb:ident) -> $br:ident ),* $(,)? }
        tern { $( $tname:ident = $tfn:ident($ta:ident, $tb:ident, $tc:ident) -> $tr:ident ),* $(,)? }
        load { $( $lname:ident = $lmem:ident -> $lty:ident $(via $lvia:ident)? ),* $(,)? }
        store { $( $stname:ident = $stty:ident -> $stmem:ident ),* $(,)? }
        store_imm { $( $siname:ident = $sity:ident -> $simem:ident ),* $(,)? }
        br_cmp { $( $cname:ident / $cfuel:ident = $cfn:ident($ca:ident, $cb:ident) ),* $(,)? }
        br_ncmp { $( $nname:ident / $nfuel:ident = $nfn:ident($na:ident, $nb:ident) ),* $(,)? }
    ) => {
        /// Whether `i` only computes slots from slots (or reads state no
        /// one can change while it runs) and cannot trap: nothing outside
        /// its frame can tell when it ran. `Arg` words count, as data of a
        /// quiet instruction before them.
        pub(super) fn quiet(i: &Instr) -> bool {
            match i {
                Instr::Arg(_)
                | Instr::Copy(_)
                | Instr::CopyV128(_)
                | Instr::Const32(_)
                | Instr::Const64(_)
                | Instr::ConstV128(_)
                | Instr::Select(_)
                | Instr::RefIsNull(_)
                | Instr::GlobalGet(_)
                | Instr::GlobalGetV128(_) => true,
                $( Instr::$uname(_) => !traps1($ufn), )*
                $( Instr::$bname(_) => !traps2($bfn), )*
                $( Instr::$tname(_) => !traps3($tfn), )*
                _ => false,
            }
        }
    };
}

for_each_instr!(derive_quiet);

#[cfg(test)]
mod tests;

#[cfg(test)]
mod quiet_tests {
    use super::*;
    use crate::bytecode::{Bin, Fuel};

    #[test]
    fn quiet_rows_are_the_ones_that_cannot_trap_or_touch_memory() {
        let b = Bin {
            dst: 0,
            lhs: 1,
            rhs: 2,
        };
        assert!(quiet(&Instr::I32Add(b)));
        assert!(quiet(&Instr::I64MulImm(b)));
        assert!(!quiet(&Instr::I32DivU(b)));
        assert!(!quiet(&Instr::I64RemS(b)));
        assert!(!quiet(&Instr::ConsumeFuel(Fuel { cost: 1 })));
        assert!(!quiet(&Instr::Return));
    }
}
