//! brisk-interp's bytecode: the instruction enum and its payloads, derived
//! from the one list in [`list`](self::list) (whose top documents the
//! operand-location scheme), plus a disassembler for golden tests.
//!
//! ```text
//!  list.rs  for_each_instr!  ──▶ Instr (this file) ──▶ translate (writes it)
//!                             └─────────────────────▶ execute (derived arms)
//! ```

#[macro_use]
mod list;

use std::fmt;

use brisk_vm::TrapCode;

/// A frame slot index, relative to the frame's base (see the list's docs).
pub(crate) type Slot = u32;

/// `dst = op(src)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Un {
    pub dst: Slot,
    pub src: Slot,
}

/// `dst = op(lhs, rhs)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bin {
    pub dst: Slot,
    pub lhs: Slot,
    pub rhs: Slot,
}

/// `dst = mem0[ptr + offset]` (the `ptr` slot holds an i32 address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Load {
    pub dst: Slot,
    pub ptr: Slot,
    pub offset: u32,
}

/// `mem0[ptr + offset] = val`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Store {
    pub ptr: Slot,
    pub val: Slot,
    pub offset: u32,
}

/// The second word of a two-word instruction: slots, a lane or an index
/// (what each means is documented on the instruction that takes it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Arg(pub u32, pub u32);

/// `dst = value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Const32 {
    pub dst: Slot,
    pub value: u32,
}

/// `dst = lo | hi << 32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Const64 {
    pub dst: Slot,
    pub lo: u32,
    pub hi: u32,
}

impl Const64 {
    pub(crate) fn value(self) -> u64 {
        u64::from(self.lo) | u64::from(self.hi) << 32
    }
}

/// An entry of the function's constant pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PoolRef {
    pub dst: Slot,
    pub index: u32,
}

/// An unconditional relative jump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Branch {
    pub offset: i32,
}

/// A conditional relative jump on the i32 in `cond`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BranchIf {
    pub cond: Slot,
    pub offset: i32,
}

/// A comparison fused with a conditional jump: jump by `offset` when
/// `lhs op rhs` holds (`rhs` an immediate in the `Imm` forms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BranchCmp {
    pub lhs: Slot,
    pub rhs: Slot,
    pub offset: i32,
}

/// A jump by `offset` that first pays `cost` fuel (the charge of the
/// segment it jumps into, folded into the jump).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BranchFuel {
    pub offset: i32,
    pub cost: u32,
}

/// The fuel cost of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fuel {
    pub cost: u32,
}

/// `br_table`: `len` targets plus the default follow as `Br` words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BrTable {
    pub index: Slot,
    pub len: u32,
}

/// A direct call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Call {
    pub func: u32,
    pub base: Slot,
}

/// An indirect call through `table` expecting module type `type_index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CallIndirect {
    pub type_index: u32,
    pub table: u32,
    pub base: Slot,
}

/// An instruction with a result slot and an index (global, function, table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Index {
    pub dst: Slot,
    pub index: u32,
}

/// `dst = table[index][src]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TableAccess {
    pub dst: Slot,
    pub src: Slot,
    pub index: u32,
}

/// A table or bulk-memory operation whose operands sit in consecutive slots
/// from `base`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TableOp {
    pub index: u32,
    pub base: Slot,
}

macro_rules! define_instr {
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
        /// One interpreter instruction; see the [list](self::list) for the
        /// operand scheme. Pure rows are named after the parser's operator.
        ///
        /// # Invariants
        /// `#[repr(u16)]`: the first two bytes are the discriminant, which
        /// is the variant's position in the list (0, 1, ... in declaration
        /// order); the executor indexes its handler table with it.
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[repr(u16)]
        pub(crate) enum Instr {
            $( $(#[$doc])* $sname $(($sty))?, )*
            $( $uname(Un), )*
            $( $bname(Bin), )*
            /// The third operand is in the next word ([`Instr::Arg`]).
            $( $tname(Bin), )*
            $( $lname(Load), )*
            $( $stname(Store), )*
            $( $siname(Store), )*
            $( $cname(BranchCmp), )*
            $( $nname(BranchCmp), )*
            /// Fuel-paying twins (see the list's "Fuel" section).
            $( $cfuel(BranchCmp), )*
            $( $nfuel(BranchCmp), )*
        }

        impl Instr {
            /// The variant's name, for disassembly.
            pub(crate) fn name(&self) -> &'static str {
                match self {
                    $( Instr::$sname { .. } => stringify!($sname), )*
                    $( Instr::$uname(_) => stringify!($uname), )*
                    $( Instr::$bname(_) => stringify!($bname), )*
                    $( Instr::$tname(_) => stringify!($tname), )*
                    $( Instr::$lname(_) => stringify!($lname), )*
                    $( Instr::$stname(_) => stringify!($stname), )*
                    $( Instr::$siname(_) => stringify!($siname), )*
                    $( Instr::$cname(_) => stringify!($cname), )*
                    $( Instr::$nname(_) => stringify!($nname), )*
                    $( Instr::$cfuel(_) => stringify!($cfuel), )*
                    $( Instr::$nfuel(_) => stringify!($nfuel), )*
                }
            }

            /// The offset of a jump (to patch it), `None` for other
            /// instructions.
            pub(crate) fn branch_offset_mut(&mut self) -> Option<&mut i32> {
                match self {
                    Instr::Br(b) => Some(&mut b.offset),
                    Instr::BrFuel(b) | Instr::ConsumeFuelMerged(b) => Some(&mut b.offset),
                    Instr::BrCheck(b) => Some(&mut b.offset),
                    Instr::BrIfNez(b) | Instr::BrIfEqz(b) => Some(&mut b.offset),
                    Instr::BrIfNezFuel(b) | Instr::BrIfEqzFuel(b) => Some(&mut b.offset),
                    $( Instr::$cname(b) => Some(&mut b.offset), )*
                    $( Instr::$nname(b) => Some(&mut b.offset), )*
                    $( Instr::$cfuel(b) => Some(&mut b.offset), )*
                    $( Instr::$nfuel(b) => Some(&mut b.offset), )*
                    _ => None,
                }
            }

            /// Applies `f` to the slot operands of a row derived from the
            /// pure, memory and branch sections; `None` for `special`
            /// rows, else whether the next word's first field is a slot.
            fn map_derived_slots(&mut self, f: &impl Fn(Slot) -> Slot) -> Option<bool> {
                match self {
                    $( Instr::$uname(x) => { x.dst = f(x.dst); x.src = f(x.src); } )*
                    $( Instr::$bname(x) => {
                        x.dst = f(x.dst);
                        x.lhs = f(x.lhs);
                        map_rhs!($bb, x.rhs, f);
                    } )*
                    $( Instr::$tname(x) => {
                        x.dst = f(x.dst);
                        x.lhs = f(x.lhs);
                        x.rhs = f(x.rhs);
                        return Some(true);
                    } )*
                    $( Instr::$lname(x) => { x.dst = f(x.dst); x.ptr = f(x.ptr); } )*
                    $( Instr::$stname(x) => { x.ptr = f(x.ptr); x.val = f(x.val); } )*
                    $( Instr::$siname(x) => x.ptr = f(x.ptr), )*
                    $( Instr::$cname(x) | Instr::$cfuel(x) => {
                        x.lhs = f(x.lhs);
                        map_rhs!($cb, x.rhs, f);
                    } )*
                    $( Instr::$nname(x) | Instr::$nfuel(x) => {
                        x.lhs = f(x.lhs);
                        x.rhs = f(x.rhs);
                    } )*
                    _ => return None,
                }
                Some(false)
            }

            /// The fuel-paying twin of a conditional jump (same operands
            /// and offset); `None` for other instructions.
            pub(crate) fn fueled(&self) -> Option<Instr> {
                match *self {
                    Instr::BrIfNez(b) => Some(Instr::BrIfNezFuel(b)),
                    Instr::BrIfEqz(b) => Some(Instr::BrIfEqzFuel(b)),
                    $( Instr::$cname(b) => Some(Instr::$cfuel(b)), )*
                    $( Instr::$nname(b) => Some(Instr::$nfuel(b)), )*
                    _ => None,
                }
            }

            /// The result slot of an instruction that computes one value
            /// from slots with no other effect, so the translator may
            /// retarget it (`i32.add; local.set 3` becomes one instruction).
            pub(crate) fn dst_mut(&mut self) -> Option<&mut Slot> {
                match self {
                    $( Instr::$uname(x) => Some(&mut x.dst), )*
                    $( Instr::$bname(x) => Some(&mut x.dst), )*
                    $( Instr::$lname(x) => Some(&mut x.dst), )*
                    Instr::Copy(x) | Instr::CopyV128(x) | Instr::RefIsNull(x) => Some(&mut x.dst),
                    Instr::Const32(x) => Some(&mut x.dst),
                    Instr::Const64(x) => Some(&mut x.dst),
                    Instr::ConstV128(x) => Some(&mut x.dst),
                    Instr::GlobalGet(x)
                    | Instr::GlobalGetV128(x)
                    | Instr::RefFunc(x)
                    | Instr::TableSize(x)
                    | Instr::MemorySize(x) => Some(&mut x.dst),
                    Instr::TableGet(x) => Some(&mut x.dst),
                    _ => None,
                }
            }
        }
    };
}

/// Maps the right operand of a `bin` or `br_cmp` row unless it is an
/// immediate.
macro_rules! map_rhs {
    (imm, $x:expr, $f:ident) => {};
    ($t:ident, $x:expr, $f:ident) => {
        $x = $f($x)
    };
}

for_each_instr!(define_instr);

impl Instr {
    /// Applies `f` to every slot operand of this instruction; returns
    /// whether the first field of the `Arg` word after it is a slot too
    /// (`false` if it takes none).
    fn map_slots(&mut self, f: &impl Fn(Slot) -> Slot) -> (bool, bool) {
        if let Some(first) = self.map_derived_slots(f) {
            return (first, false);
        }
        match self {
            Instr::Copy(x) | Instr::CopyV128(x) | Instr::RefIsNull(x) | Instr::MemoryGrow(x) => {
                x.dst = f(x.dst);
                x.src = f(x.src);
            }
            Instr::I8x16ExtractLaneS(x)
            | Instr::I8x16ExtractLaneU(x)
            | Instr::I16x8ExtractLaneS(x)
            | Instr::I16x8ExtractLaneU(x)
            | Instr::I32x4ExtractLane(x)
            | Instr::I64x2ExtractLane(x)
            | Instr::F32x4ExtractLane(x)
            | Instr::F64x2ExtractLane(x) => {
                x.dst = f(x.dst);
                x.src = f(x.src);
            }
            Instr::Const32(x) => x.dst = f(x.dst),
            Instr::Const64(x) => x.dst = f(x.dst),
            Instr::ConstV128(x) => x.dst = f(x.dst),
            Instr::BrIfNez(b)
            | Instr::BrIfEqz(b)
            | Instr::BrIfNezFuel(b)
            | Instr::BrIfEqzFuel(b) => b.cond = f(b.cond),
            Instr::BrTable(t) => t.index = f(t.index),
            Instr::Call(c) | Instr::CallFuel(c) => c.base = f(c.base),
            Instr::CallIndirect(c) | Instr::CallIndirectFuel(c) => c.base = f(c.base),
            Instr::Select(x) => {
                x.dst = f(x.dst);
                x.lhs = f(x.lhs);
                x.rhs = f(x.rhs);
                return (true, false);
            }
            Instr::I8x16Shuffle(x)
            | Instr::I8x16ReplaceLane(x)
            | Instr::I16x8ReplaceLane(x)
            | Instr::I32x4ReplaceLane(x)
            | Instr::I64x2ReplaceLane(x)
            | Instr::F32x4ReplaceLane(x)
            | Instr::F64x2ReplaceLane(x) => {
                x.dst = f(x.dst);
                x.lhs = f(x.lhs);
                x.rhs = f(x.rhs);
            }
            Instr::RefFunc(x)
            | Instr::GlobalGet(x)
            | Instr::GlobalSet(x)
            | Instr::GlobalGetV128(x)
            | Instr::GlobalSetV128(x)
            | Instr::TableSize(x)
            | Instr::MemorySize(x) => x.dst = f(x.dst),
            Instr::TableGet(x) => {
                x.dst = f(x.dst);
                x.src = f(x.src);
            }
            Instr::TableSet(x)
            | Instr::TableGrow(x)
            | Instr::TableFill(x)
            | Instr::TableCopy(x)
            | Instr::TableInit(x)
            | Instr::MemoryFill(x)
            | Instr::MemoryCopy(x)
            | Instr::MemoryInit(x) => x.base = f(x.base),
            Instr::V128Load8Lane(x)
            | Instr::V128Load16Lane(x)
            | Instr::V128Load32Lane(x)
            | Instr::V128Load64Lane(x) => {
                x.dst = f(x.dst);
                x.ptr = f(x.ptr);
                return (false, true);
            }
            Instr::V128Store8Lane(x)
            | Instr::V128Store16Lane(x)
            | Instr::V128Store32Lane(x)
            | Instr::V128Store64Lane(x) => {
                x.ptr = f(x.ptr);
                x.val = f(x.val);
            }
            // No slots (`ElemDrop`/`DataDrop` leave `dst` unused).
            Instr::Arg(_)
            | Instr::Trap(_)
            | Instr::Br(_)
            | Instr::ConsumeFuel(_)
            | Instr::ConsumeFuelMerged(_)
            | Instr::BrFuel(_)
            | Instr::CheckInterrupt
            | Instr::BrCheck(_)
            | Instr::Return
            | Instr::ElemDrop(_)
            | Instr::DataDrop(_) => {}
            _ => unreachable!("derived rows are mapped above"),
        }
        (false, false)
    }
}

/// Applies `f` to every slot operand in `code`, `Arg` words included.
pub(crate) fn map_slots(code: &mut [Instr], f: impl Fn(Slot) -> Slot) {
    let mut next = (false, false);
    for i in code {
        next = match i {
            Instr::Arg(a) => {
                if next.0 {
                    a.0 = f(a.0);
                }
                if next.1 {
                    a.1 = f(a.1);
                }
                (false, false)
            }
            i => i.map_slots(&f),
        };
    }
}

/// Writes one instruction in the disassembly format of the golden tests:
/// the variant name, then its payload's fields.
impl fmt::Display for Instr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let debug = format!("{self:?}");
        // `I32Add(Bin { dst: 2, lhs: 0, rhs: 1 })` -> `I32Add dst=2 lhs=0 rhs=1`.
        let fields = match debug.find('(') {
            Some(i) => debug[i + 1..debug.len() - 1].to_string(),
            None => return f.write_str(self.name()),
        };
        let inner = match (fields.find('{'), fields.rfind('}')) {
            (Some(a), Some(b)) => fields[a + 1..b].trim().replace(": ", "=").replace(',', ""),
            // A tuple payload such as `Arg(7, 0)`: drop its type name.
            _ => match fields.find('(') {
                Some(i) if fields[..i].chars().all(|c| c.is_ascii_alphanumeric()) => &fields[i..],
                _ => fields.as_str(),
            }
            .replace(['(', ')', ','], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        };
        write!(f, "{} {}", self.name(), inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_are_two_words() {
        assert_eq!(std::mem::size_of::<Instr>(), 16);
    }

    #[test]
    fn display_is_compact() {
        let i = Instr::I32Add(Bin {
            dst: 2,
            lhs: 0,
            rhs: 1,
        });
        assert_eq!(i.to_string(), "I32Add dst=2 lhs=0 rhs=1");
        assert_eq!(Instr::Return.to_string(), "Return");
        assert_eq!(Instr::Arg(Arg(7, 0)).to_string(), "Arg 7 0");
        assert_eq!(
            Instr::Trap(TrapCode::Unreachable).to_string(),
            "Trap Unreachable"
        );
    }
}
