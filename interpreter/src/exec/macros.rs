//! The executor's building blocks as macros: slot reads and writes by wasm
//! type, the handler skeleton and its dispatch, the handlers derived from
//! the instruction list, and the SIMD lane bodies. They expand inside the
//! handlers' `unsafe` blocks; `run.rs` states the invariants they rely on.

/// The Rust type of a wasm value type in a slot.
macro_rules! rty {
    (i32) => {
        i32
    };
    (i64) => {
        i64
    };
    (f32) => {
        f32
    };
    (f64) => {
        f64
    };
    (v128) => {
        u128
    };
}

/// Reads the slot at byte offset `$s` of frame `$fp` as wasm type `$t`
/// (inside `unsafe`; slot operands are byte offsets, see `SLOT_BYTES`).
macro_rules! rd {
    ($fp:ident, $s:expr, $t:ident) => {
        *($fp.byte_add($s as usize) as *const rty!($t))
    };
}

/// Writes `$v` of wasm type `$t` to the slot at byte offset `$s` (inside
/// `unsafe`): scalars
/// as 8 bytes (`i32`/`f32` zero-extended), `v128` as 16.
macro_rules! wr {
    ($fp:ident, $s:expr, i32, $v:expr) => {
        *($fp.byte_add($s as usize) as *mut u64) = u64::from($v as u32)
    };
    ($fp:ident, $s:expr, f32, $v:expr) => {
        *($fp.byte_add($s as usize) as *mut u64) = u64::from(f32::to_bits($v))
    };
    ($fp:ident, $s:expr, i64, $v:expr) => {
        *($fp.byte_add($s as usize) as *mut i64) = $v
    };
    ($fp:ident, $s:expr, f64, $v:expr) => {
        *($fp.byte_add($s as usize) as *mut f64) = $v
    };
    ($fp:ident, $s:expr, v128, $v:expr) => {
        *($fp.byte_add($s as usize) as *mut u128) = $v
    };
}

/// Defines one handler: an `unsafe fn` named after the variant that
/// decodes its instruction (bound to the pattern), runs the body with `ip`
/// already past the instruction, then dispatches the next one (`next!`).
/// The body may change any of the state names it is given, `return` a
/// [`fail`](super::handlers::fail) for a trap, or `return` early.
macro_rules! handler {
    ($name:ident $(($x:pat))? |$ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident| $body:block) => {
        #[allow(non_snake_case, unused_mut, unused_variables, unused_assignments, unreachable_code, clippy::let_unit_value)]
        pub(super) unsafe fn $name(
            at: *const Instr,
            mut $fp: *mut u128,
            mut $mb: *mut u8,
            mut $ml: usize,
            $st: *mut Exec,
            mut $fuel: i64,
        ) -> Exit {
            // SAFETY: the handler table maps each discriminant to the
            // handler of that variant, so `*at` is a `$name`; the body's
            // accesses follow `run.rs`'s safety argument.
            unsafe {
                $( let Instr::$name($x) = *at else { std::hint::unreachable_unchecked() }; )?
                let mut $ip = at.add(1);
                $body
                next!($ip, $fp, $mb, $ml, $st, $fuel)
            }
        }
    };
}

/// Hands control to the instruction at `$ip`. Release builds call its
/// handler in tail position, which LLVM turns into a jump (threaded code:
/// each handler ends in its own indirect jump, no central loop); debug
/// builds, which do not get sibling calls, return to the loop in
/// `run` instead, so the host stack stays flat in both. Release builds of
/// the crate's own unit tests make the call on purpose *not* a tail call
/// (work is done with its result), to prove that the stack check of
/// `check_stack!` keeps the host stack bounded even then.
macro_rules! next {
    ($ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident) => {{
        #[cfg(all(not(debug_assertions), not(test)))]
        {
            let tag = *($ip as *const u16);
            return (HANDLERS.get_unchecked(tag as usize))($ip, $fp, $mb, $ml, $st, $fuel);
        }
        #[cfg(all(not(debug_assertions), test))]
        {
            let tag = *($ip as *const u16);
            let exit = (HANDLERS.get_unchecked(tag as usize))($ip, $fp, $mb, $ml, $st, $fuel);
            return std::hint::black_box(exit);
        }
        #[cfg(debug_assertions)]
        {
            return super::run::save_state($st, $ip, $fp, $mb, $ml, $fuel);
        }
    }};
}

/// The fuel remaining travels in the handlers' sixth argument register
/// (`fuel`) and nowhere else while the chain runs: a charge is one
/// subtraction and one sign test, no store. Every way out of the chain
/// leaves it in [`Exec::fuel`] — a trap ([`fail`](super::handlers::fail)
/// takes it), [`Exit::Next`] (`save_state`/`suspend` take it), the entry
/// frame's `Return` — so `run`'s loop can pick it up again and `run` hands
/// it to `VMStoreContext::fuel_remaining` when the chain ends. Calls out of
/// the interpreter (host functions, other tiers) hand it over in the
/// store context before and take it back after, so the callee sees and
/// may set the current fuel.
///
/// The stack safety net, at the end of every handler that can repeat
/// without bound (branches, calls, returns): when the host stack pointer
/// is below the floor `run` recorded, saves the state in [`Exec`] and
/// returns [`Exit::Next`] to `run`'s loop, which re-dispatches from a
/// fresh stack. With tail calls the floor is never reached; see `run.rs`
/// ("Host stack") for why this bounds the stack whatever the compiler does.
macro_rules! check_stack {
    ($ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident) => {
        if stack_pointer() < (*$st).stack_floor {
            return suspend($st, $ip, $fp, $mb, $ml, $fuel);
        }
    };
}

/// Defines the handlers derived from the pure and memory rows of the list
/// and the handler table of every instruction, in the list's order (so
/// entry `i` is the handler of the variant with discriminant `i`).
macro_rules! derive_handlers {
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
        $(
            handler!($uname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                match $ufn(rd!(fp, x.src, $ua)).num() {
                    Ok(v) => wr!(fp, x.dst, $ur, v),
                    Err(t) => return fail(st, ip, fuel, num_trap(t)),
                }
            });
        )*
        $(
            handler!($bname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                match $bfn(rd!(fp, x.lhs, $ba), rhs!(fp, x.rhs, $bb, $ba)).num() {
                    Ok(v) => wr!(fp, x.dst, $br, v),
                    Err(t) => return fail(st, ip, fuel, num_trap(t)),
                }
            });
        )*
        $(
            handler!($tname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                let Instr::Arg(ArgWord(c, _)) = *ip else { unreachable!() };
                ip = ip.add(1);
                let v: rty!($tr) = $tfn(rd!(fp, x.lhs, $ta), rd!(fp, x.rhs, $tb), rd!(fp, c, $tc));
                wr!(fp, x.dst, $tr, v);
            });
        )*
        $(
            handler!($lname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                let size = size_of::<$lmem>();
                let Some(ea) = addr(rd!(fp, x.ptr, i32), x.offset, size, mem_len) else {
                    return fail(st, ip, fuel, TrapCode::MemoryOutOfBounds);
                };
                let v = ptr::read_unaligned(mem_base.add(ea) as *const $lmem);
                $( let v = $lvia(v); )?
                wr!(fp, x.dst, $lty, v as rty!($lty));
            });
        )*
        $(
            handler!($stname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                let size = size_of::<$stmem>();
                let Some(ea) = addr(rd!(fp, x.ptr, i32), x.offset, size, mem_len) else {
                    return fail(st, ip, fuel, TrapCode::MemoryOutOfBounds);
                };
                let v = rd!(fp, x.val, $stty) as $stmem;
                ptr::write_unaligned(mem_base.add(ea) as *mut $stmem, v);
            });
        )*
        $(
            handler!($siname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                let size = size_of::<$simem>();
                let Some(ea) = addr(rd!(fp, x.ptr, i32), x.offset, size, mem_len) else {
                    return fail(st, ip, fuel, TrapCode::MemoryOutOfBounds);
                };
                let v = x.val as i32 as rty!($sity) as $simem;
                ptr::write_unaligned(mem_base.add(ea) as *mut $simem, v);
            });
        )*
        $(
            handler!($cname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                if $cfn(rd!(fp, x.lhs, $ca), rhs!(fp, x.rhs, $cb, $ca)) != 0 {
                    ip = ip.offset(x.offset as isize - 1);
                    check_stack!(ip, fp, mem_base, mem_len, st, fuel);
                }
            });
        )*
        $(
            handler!($nname(x) |ip, fp, mem_base, mem_len, st, fuel| {
                if $nfn(rd!(fp, x.lhs, $na), rd!(fp, x.rhs, $nb)) == 0 {
                    ip = ip.offset(x.offset as isize - 1);
                    check_stack!(ip, fp, mem_base, mem_len, st, fuel);
                }
            });
        )*
        $(
            handler!($cfuel(x) |ip, fp, mem_base, mem_len, st, fuel| {
                let taken = $cfn(rd!(fp, x.lhs, $ca), rhs!(fp, x.rhs, $cb, $ca)) != 0;
                fuel_branch!(taken, x, ip, fp, mem_base, mem_len, st, fuel);
            });
        )*
        $(
            handler!($nfuel(x) |ip, fp, mem_base, mem_len, st, fuel| {
                let taken = $nfn(rd!(fp, x.lhs, $na), rd!(fp, x.rhs, $nb)) == 0;
                fuel_branch!(taken, x, ip, fp, mem_base, mem_len, st, fuel);
            });
        )*

        /// The handler of every instruction, indexed by its discriminant.
        pub(super) static HANDLERS: &[Handler] = &[
            $($sname,)* $($uname,)* $($bname,)* $($tname,)* $($lname,)*
            $($stname,)* $($siname,)* $($cname,)* $($nname,)* $($cfuel,)* $($nfuel,)*
        ];
    };
}

/// The end of a fuel-paying conditional jump (the list's "Fuel" section),
/// `$ip` at its `Arg` word: pays the cost of the path `$taken` chooses and
/// goes to its fast target, or, when the cost does not fit, to its slow
/// one without paying.
macro_rules! fuel_branch {
    ($taken:expr, $x:ident, $ip:ident, $fp:ident, $mb:ident, $ml:ident, $st:ident, $fuel:ident) => {{
        let Instr::Arg(ArgWord(if_taken, if_not)) = *$ip else {
            std::hint::unreachable_unchecked()
        };
        if $taken {
            if charge(&mut $fuel, if_taken) {
                $ip = $ip.offset($x.offset as isize - 1);
            } else {
                $ip = $ip.add(1);
            }
            check_stack!($ip, $fp, $mb, $ml, $st, $fuel);
        } else {
            if charge(&mut $fuel, if_not) {
                $ip = $ip.add(3);
            } else {
                $ip = $ip.add(2);
            }
        }
    }};
}

/// The right operand of a `bin` or `br_cmp` row: a slot of type `$t`, or
/// for `imm` the field itself as a constant of the left operand's type
/// (sign-extended from 32 bits).
macro_rules! rhs {
    ($fp:ident, $v:expr, imm, $lt:ident) => {
        $v as i32 as rty!($lt)
    };
    ($fp:ident, $v:expr, $t:ident, $lt:ident) => {
        rd!($fp, $v, $t)
    };
}

/// `extract_lane`: lane index in the next word.
macro_rules! extract_lane {
    ($fp:ident, $ip:ident, $x:ident, $f:ident, $t:ident) => {{
        let Instr::Arg(ArgWord(lane, _)) = *$ip else {
            unreachable!()
        };
        $ip = $ip.add(1);
        wr!($fp, $x.dst, $t, $f(rd!($fp, $x.src, v128), lane as u8));
    }};
}

/// `replace_lane`: vector in `lhs`, scalar in `rhs`, lane in the next word.
macro_rules! replace_lane {
    ($fp:ident, $ip:ident, $x:ident, $f:ident, $t:ident) => {{
        let Instr::Arg(ArgWord(lane, _)) = *$ip else {
            unreachable!()
        };
        $ip = $ip.add(1);
        let v = $f(rd!($fp, $x.lhs, v128), rd!($fp, $x.rhs, $t), lane as u8);
        wr!($fp, $x.dst, v128, v);
    }};
}

/// `load_lane`: `Arg(lane, vector slot)` in the next word.
macro_rules! load_lane {
    ($fp:ident, $ip:ident, $x:ident, $base:ident, $len:ident, $st:ident, $fuel:ident, $m:ty, $f:ident, $t:ident) => {{
        let Instr::Arg(ArgWord(lane, vec)) = *$ip else {
            unreachable!()
        };
        $ip = $ip.add(1);
        let Some(ea) = addr(rd!($fp, $x.ptr, i32), $x.offset, size_of::<$m>(), $len) else {
            return fail($st, $ip, $fuel, TrapCode::MemoryOutOfBounds);
        };
        let m = ptr::read_unaligned($base.add(ea) as *const $m);
        let v = $f(rd!($fp, vec, v128), m as rty!($t), lane as u8);
        wr!($fp, $x.dst, v128, v);
    }};
}

/// `store_lane`: lane index in the next word.
macro_rules! store_lane {
    ($fp:ident, $ip:ident, $x:ident, $base:ident, $len:ident, $st:ident, $fuel:ident, $m:ty, $f:ident) => {{
        let Instr::Arg(ArgWord(lane, _)) = *$ip else {
            unreachable!()
        };
        $ip = $ip.add(1);
        let Some(ea) = addr(rd!($fp, $x.ptr, i32), $x.offset, size_of::<$m>(), $len) else {
            return fail($st, $ip, $fuel, TrapCode::MemoryOutOfBounds);
        };
        let v = $f(rd!($fp, $x.val, v128), lane as u8) as $m;
        ptr::write_unaligned($base.add(ea) as *mut $m, v);
    }};
}
