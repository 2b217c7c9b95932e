//! Loop rotation, a pass over a finished function's code: a backward `Br`
//! to a loop header that starts with a conditional exit becomes that exit's
//! test, negated, jumping back into the body.
//!
//! ```text
//!  t:   BrI32GeU i n → p+1      (exit)        t:   BrI32GeU i n → p+1
//!  t+1: ...body...                            t+1: ...body...
//!  p:   Br → t                                p:   BrI32LtU i n → t+1
//!  p+1: ...after the loop...                  p+1: ...after the loop...
//! ```
//!
//! Both forms go to `t+1` exactly when the exit test fails and to `p+1`
//! when it holds, but the rotated loop runs one instruction per iteration
//! fewer (the `while` loops wasm producers emit take this shape).
//!
//! A header that starts with anything else (e.g. a fuel or interrupt
//! check) is left alone, so the pass never skips such a check.

use crate::bytecode::Instr;

macro_rules! negations {
    ($( $a:ident <=> $b:ident ),* $(,)?) => {
        /// The conditional jump taken exactly when `i` is not, with the
        /// same operands and offset; `None` for other instructions.
        pub(super) fn negated(i: &Instr) -> Option<Instr> {
            match *i {
                $(
                    Instr::$a(x) => Some(Instr::$b(x)),
                    Instr::$b(x) => Some(Instr::$a(x)),
                )*
                _ => None,
            }
        }
    };
}

negations! {
    BrIfNez <=> BrIfEqz,
    BrI32Eq <=> BrI32Ne, BrI32EqImm <=> BrI32NeImm,
    BrI32LtS <=> BrI32GeS, BrI32LtSImm <=> BrI32GeSImm,
    BrI32LtU <=> BrI32GeU, BrI32LtUImm <=> BrI32GeUImm,
    BrI32GtS <=> BrI32LeS, BrI32GtSImm <=> BrI32LeSImm,
    BrI32GtU <=> BrI32LeU, BrI32GtUImm <=> BrI32LeUImm,
    BrI64Eq <=> BrI64Ne, BrI64EqImm <=> BrI64NeImm,
    BrI64LtS <=> BrI64GeS, BrI64LtSImm <=> BrI64GeSImm,
    BrI64LtU <=> BrI64GeU, BrI64LtUImm <=> BrI64GeUImm,
    BrI64GtS <=> BrI64LeS, BrI64GtSImm <=> BrI64LeSImm,
    BrI64GtU <=> BrI64LeU, BrI64GtUImm <=> BrI64LeUImm,
    BrF32Eq <=> BrNotF32Eq, BrF32Ne <=> BrNotF32Ne,
    BrF32Lt <=> BrNotF32Lt, BrF32Gt <=> BrNotF32Gt,
    BrF32Le <=> BrNotF32Le, BrF32Ge <=> BrNotF32Ge,
    BrF64Eq <=> BrNotF64Eq, BrF64Ne <=> BrNotF64Ne,
    BrF64Lt <=> BrNotF64Lt, BrF64Gt <=> BrNotF64Gt,
    BrF64Le <=> BrNotF64Le, BrF64Ge <=> BrNotF64Ge,
}

/// Rotates every loop of `code` that has the shape above. Offsets must be
/// final (every jump patched).
pub(super) fn rotate_loops(code: &mut [Instr]) {
    let mut p = 0;
    while p < code.len() {
        match code[p] {
            // A br_table's words must stay `Br`s; skip them.
            Instr::BrTable(t) => p += t.len as usize + 1,
            Instr::Br(b) => {
                let t = p as isize + b.offset as isize;
                if let Some(rotated) = usize::try_from(t).ok().and_then(|t| rotation(code, p, t)) {
                    code[p] = rotated;
                }
            }
            _ => {}
        }
        p += 1;
    }
}

/// The instruction replacing `Br` at `p` to `t`, if `code[t]` is a
/// conditional jump to `p + 1`.
fn rotation(code: &[Instr], p: usize, t: usize) -> Option<Instr> {
    let mut header = code.get(t).copied()?;
    let exit = t as isize + isize::try_from(*header.branch_offset_mut()?).ok()?;
    if exit != p as isize + 1 {
        return None;
    }
    let mut rotated = negated(&header)?;
    *rotated.branch_offset_mut()? = i32::try_from(t as isize + 1 - p as isize).ok()?;
    Some(rotated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::{Bin, Branch, BranchCmp};

    fn cmp(offset: i32) -> BranchCmp {
        BranchCmp {
            lhs: 1,
            rhs: 0,
            offset,
        }
    }

    #[test]
    fn while_loop_is_rotated() {
        let mut code = vec![
            Instr::BrI32GeU(cmp(3)),
            Instr::I32AddImm(Bin {
                dst: 1,
                lhs: 1,
                rhs: 1,
            }),
            Instr::Br(Branch { offset: -2 }),
            Instr::Return,
        ];
        rotate_loops(&mut code);
        assert_eq!(code[2], Instr::BrI32LtU(cmp(-1)));
    }

    #[test]
    fn other_shapes_stay() {
        // The header's jump does not leave to just after the Br.
        let mut code = vec![
            Instr::BrI32GeU(cmp(4)),
            Instr::Br(Branch { offset: -1 }),
            Instr::Return,
            Instr::Return,
            Instr::Return,
        ];
        let before = code.clone();
        rotate_loops(&mut code);
        assert_eq!(code, before);
        // br_table words stay Br even when they would match.
        let mut code = vec![
            Instr::BrIfNez(crate::bytecode::BranchIf { cond: 0, offset: 3 }),
            Instr::BrTable(crate::bytecode::BrTable { index: 0, len: 0 }),
            Instr::Br(Branch { offset: -2 }),
            Instr::Return,
        ];
        let before = code.clone();
        rotate_loops(&mut code);
        assert_eq!(code, before);
    }
}
