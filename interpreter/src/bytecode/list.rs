//! The interpreter's instruction set: the one list of every instruction
//! brisk-interp executes (STYLE.md, "one list, everything else derived").
//!
//! # Operand locations
//!
//! The interpreter is a *slot machine*. A function's frame is an array of
//! 16-byte slots (each one [`ValRaw`](brisk_vm::ValRaw)-shaped, so a `v128`
//! fits in one slot and argument windows can be handed to
//! [`VMArrayCallFn`](brisk_vm::VMArrayCallFn) as they are):
//!
//! ```text
//! slot 0 .. P            parameters
//! slot P .. L            declared locals (zeroed on entry)
//! slot L .. L + H        operand stack: the value at height h lives in slot L + h
//! ```
//!
//! where `H` is the validator's `max_stack_height`. Because wasm's operand
//! stack height is known at every instruction, every operand has a fixed
//! slot, and every instruction names its operands by slot index ([`Slot`],
//! relative to the frame base; the finished code stores each as its byte
//! offset, `slot * SLOT_BYTES`, so handlers need no scaling, and
//! disassembly shows indexes again): `I32Add s5 = s0, s4` adds slots 0 and 4
//! into slot 5. `local.get` emits nothing: the translator lets the next
//! instruction read the local's slot directly, and `local.set` after an
//! instruction retargets that instruction's `dst` to the local.
//!
//! Scalars are stored in the low 8 bytes of a slot (`i32`/`f32`
//! zero-extended to 64 bits); the high 8 bytes are only meaningful for
//! `v128`. References are pointers (`funcref`, null = 0) or externref ids.
//!
//! Payload shapes (all fields `u32`, so every instruction is 16 bytes):
//!
//! - [`Un`] `dst = op(src)`, [`Bin`] `dst = op(lhs, rhs)`;
//! - [`Load`] `dst = mem0[ptr + offset]`, [`Store`] `mem0[ptr + offset] = val`
//!   (memory 0 only: WebAssembly 2.0 has no multi-memory), bounds-checked
//!   explicitly against the current length;
//! - branch offsets are relative, in instructions, from the branch itself;
//! - a few instructions take a second word, an [`Instr::Arg`] right after
//!   them (the third operand of `select`/`bitselect`, a lane index);
//! - calls name `base`, the slot of their first argument: the arguments
//!   are in `base..base + params` and the results land in
//!   `base..base + results`. The callee's frame starts at `base`, so
//!   arguments become its parameters without a copy.
//!
//! # Sections
//!
//! `special` rows have hand-written semantics in the executor. The other
//! sections (`un`, `bin`, `tern`, `load`, `store`) are the pure and memory
//! rows, generated from the parser's operator table by
//! `interpreter/scripts/gen_pure_rows.py`; their semantics are the function
//! of `crate::semantics` named after the row (`i32_add`), so the executor's
//! arms for them are derived too. Variant names equal the parser's
//! `Operator` names for those rows, which is how the translator maps them.
//!
//! Two families are brisk's own, written here (STYLE.md's `_si` idea):
//! `bin` rows ending in `Imm` take their right operand as an immediate in
//! the `rhs` field (an operand type of `imm`), and `br_cmp` rows fuse an
//! integer comparison with the `br_if`/`if` that consumes it
//! ([`BranchCmp`](super::BranchCmp): jump by `offset` when the comparison
//! holds; `br_ncmp` rows jump when it does not, which for floats is not
//! the opposite comparison because of NaN). `store_imm` rows store a constant held in the `val` field
//! (sign-extended from 32 bits) instead of a slot's value.
//!
//! # Fuel
//!
//! Each conditional jump has a `…Fuel` twin (the second name of a
//! `br_cmp`/`br_ncmp` row; `BrIfNezFuel`, `BrIfEqzFuel`), emitted only with
//! fuel metering, that pays the charge of the segment it enters on either
//! path, so neither charge costs a dispatch of its own. It takes four
//! words:
//!
//! ```text
//!  p:   BrXxxFuel  offset → taken target (past that segment's charge)
//!  p+1: Arg(cost if taken, cost if not taken)
//!  p+2: Br → where a taken jump goes when its cost does not fit
//!  p+3: where a not-taken one goes when its cost does not fit
//!  p+4: the fall-through, past its charge
//! ```
//!
//! When the cost fits it is subtracted and execution goes on at the fast
//! target; otherwise at the slow one, which reaches the segment's own
//! `ConsumeFuel` (which traps, fuel unchanged) or, for a rotated loop, the
//! unrotated header (see `translate/meter.rs`).

/// Calls `$m!` with every instruction, by section, after any tokens
/// given after the macro's name (the executor passes its own arms).
macro_rules! for_each_instr {
    ($m:ident $($extra:tt)*) => {
        $m! {
        $($extra)*
        special {
            /// The second word of a two-word instruction; never executed.
            Arg(Arg),
            /// Traps with the code.
            Trap(TrapCode),
            /// `dst = src`, a scalar (8 bytes: copying a whole slot right
            /// after an 8-byte write would defeat store forwarding).
            Copy(Un),
            /// `dst = src`, a `v128` (16 bytes).
            CopyV128(Un),
            /// `dst = value` zero-extended (i32, f32 bits).
            Const32(Const32),
            /// `dst = lo | hi << 32` (i64, f64 bits, null refs).
            Const64(Const64),
            /// `dst = consts[index]` (v128 constants from the function's pool).
            ConstV128(PoolRef),
            /// Jump by `offset`.
            Br(Branch),
            /// Jump by `offset` if the i32 in `cond` is not zero.
            BrIfNez(BranchIf),
            /// Jump by `offset` if the i32 in `cond` is zero.
            BrIfEqz(BranchIf),
            /// `BrIfNez` paying fuel on both paths (see "Fuel" above).
            BrIfNezFuel(BranchIf),
            /// `BrIfEqz` paying fuel on both paths.
            BrIfEqzFuel(BranchIf),
            /// Jump to the `index`-th of the `len + 1` `Br` words that follow
            /// (the last is the default, taken when `index >= len`).
            BrTable(BrTable),
            /// Pays a segment's `cost` from the store's fuel on entry to
            /// it; traps `OutOfFuel`, leaving the fuel unchanged, when the
            /// cost exceeds what remains (`CodeOptions::consume_fuel`).
            ConsumeFuel(Fuel),
            /// `ConsumeFuel` of a quiet segment and of the one it always
            /// runs into, merged (see `translate/merge.rs`): pays `cost`,
            /// their sum, or when that does not fit jumps by `offset` to
            /// the two charges one after the other, which trap where and
            /// as the unmerged charges would.
            ConsumeFuelMerged(BranchFuel),
            /// `ConsumeFuel` of the target folded into a `Br` that jumps
            /// past the target's own charge.
            BrFuel(BranchFuel),
            /// Traps `Interrupted` when the store's interrupt flag is set
            /// (`CodeOptions::interruptible`; at entry and loop headers).
            CheckInterrupt,
            /// `CheckInterrupt` of the target folded into a `Br` that jumps
            /// past the target's own check.
            BrCheck(Branch),
            /// Return from the function; the results are in slots `0..n`.
            Return,
            /// Call function `func` of this instance (defined or imported).
            Call(Call),
            /// Call the function at `table[i]`, `i` the i32 in slot
            /// `base + params`, checking its type against `type_index`.
            CallIndirect(CallIndirect),
            /// `Call` that also pays an interpreted callee's entry charge
            /// (its `entry_fuel`) and starts it past that charge, or,
            /// when the charge does not fit, starts it at the charge
            /// (which traps there, fuel unchanged). Fuel metering only.
            CallFuel(Call),
            /// `CallIndirect` paying the callee's entry charge like `CallFuel`.
            CallIndirectFuel(CallIndirect),
            /// `dst = if cond != 0 { lhs } else { rhs }`; `cond` in the next word.
            Select(Bin),
            /// `dst = (src == null)`.
            RefIsNull(Un),
            /// `dst = &func_refs[index]`.
            RefFunc(Index),
            /// `dst = globals[index]`, a scalar.
            GlobalGet(Index),
            /// `globals[index] = src`, a scalar (the `dst` field holds the source slot).
            GlobalSet(Index),
            /// `GlobalGet` of a `v128`.
            GlobalGetV128(Index),
            /// `GlobalSet` of a `v128`.
            GlobalSetV128(Index),
            /// `dst = table[index][i]`, `i` in `src`.
            TableGet(TableAccess),
            /// `table[index][i] = value`: `i` in `base`, the value in `base + 1`.
            TableSet(TableOp),
            /// `dst = size of table[index]`.
            TableSize(Index),
            /// `base = grow table[index] by base + 1 filling with base`.
            TableGrow(TableOp),
            /// Fill `table[index]`: offset, value, length in `base..base + 3`.
            TableFill(TableOp),
            /// `table.copy`: `index` the destination table, `Arg` word the source;
            /// destination, source, length in `base..base + 3`.
            TableCopy(TableOp),
            /// `table.init`: `index` the table, `Arg` word the element segment.
            TableInit(TableOp),
            /// `elem.drop`.
            ElemDrop(Index),
            /// `dst = memory.size` in pages.
            MemorySize(Index),
            /// `dst = memory.grow(src)` (old size in pages or -1).
            MemoryGrow(Un),
            /// `memory.fill`: destination, value, length in `base..base + 3`.
            MemoryFill(TableOp),
            /// `memory.copy`: destination, source, length in `base..base + 3`.
            MemoryCopy(TableOp),
            /// `memory.init` of data segment `index`: destination, source,
            /// length in `base..base + 3`.
            MemoryInit(TableOp),
            /// `data.drop`.
            DataDrop(Index),
            /// `dst = shuffle(lhs, rhs)` with the lane bytes in the pool entry
            /// of the next word.
            I8x16Shuffle(Bin),
            /// `dst = extract lane (next word) of src`, one variant per shape.
            I8x16ExtractLaneS(Un),
            I8x16ExtractLaneU(Un),
            I16x8ExtractLaneS(Un),
            I16x8ExtractLaneU(Un),
            I32x4ExtractLane(Un),
            I64x2ExtractLane(Un),
            F32x4ExtractLane(Un),
            F64x2ExtractLane(Un),
            /// `dst = replace lane (next word) of lhs with rhs`.
            I8x16ReplaceLane(Bin),
            I16x8ReplaceLane(Bin),
            I32x4ReplaceLane(Bin),
            I64x2ReplaceLane(Bin),
            F32x4ReplaceLane(Bin),
            F64x2ReplaceLane(Bin),
            /// `dst = the vector with one lane loaded from memory`
            /// (`Arg(lane, vector slot)` follows; the result goes to `dst`.)
            V128Load8Lane(Load),
            V128Load16Lane(Load),
            V128Load32Lane(Load),
            V128Load64Lane(Load),
            /// Store lane (next word) of `val` to memory.
            V128Store8Lane(Store),
            V128Store16Lane(Store),
            V128Store32Lane(Store),
            V128Store64Lane(Store),
        }
        un {
            I32Eqz                    = i32_eqz(i32) -> i32,
            I64Eqz                    = i64_eqz(i64) -> i32,
            I32Clz                    = i32_clz(i32) -> i32,
            I32Ctz                    = i32_ctz(i32) -> i32,
            I32Popcnt                 = i32_popcnt(i32) -> i32,
            I64Clz                    = i64_clz(i64) -> i64,
            I64Ctz                    = i64_ctz(i64) -> i64,
            I64Popcnt                 = i64_popcnt(i64) -> i64,
            F32Abs                    = f32_abs(f32) -> f32,
            F32Neg                    = f32_neg(f32) -> f32,
            F32Ceil                   = f32_ceil(f32) -> f32,
            F32Floor                  = f32_floor(f32) -> f32,
            F32Trunc                  = f32_trunc(f32) -> f32,
            F32Nearest                = f32_nearest(f32) -> f32,
            F32Sqrt                   = f32_sqrt(f32) -> f32,
            F64Abs                    = f64_abs(f64) -> f64,
            F64Neg                    = f64_neg(f64) -> f64,
            F64Ceil                   = f64_ceil(f64) -> f64,
            F64Floor                  = f64_floor(f64) -> f64,
            F64Trunc                  = f64_trunc(f64) -> f64,
            F64Nearest                = f64_nearest(f64) -> f64,
            F64Sqrt                   = f64_sqrt(f64) -> f64,
            I32WrapI64                = i32_wrap_i64(i64) -> i32,
            I32TruncF32S              = i32_trunc_f32_s(f32) -> i32,
            I32TruncF32U              = i32_trunc_f32_u(f32) -> i32,
            I32TruncF64S              = i32_trunc_f64_s(f64) -> i32,
            I32TruncF64U              = i32_trunc_f64_u(f64) -> i32,
            I64ExtendI32S             = i64_extend_i32_s(i32) -> i64,
            I64ExtendI32U             = i64_extend_i32_u(i32) -> i64,
            I64TruncF32S              = i64_trunc_f32_s(f32) -> i64,
            I64TruncF32U              = i64_trunc_f32_u(f32) -> i64,
            I64TruncF64S              = i64_trunc_f64_s(f64) -> i64,
            I64TruncF64U              = i64_trunc_f64_u(f64) -> i64,
            F32ConvertI32S            = f32_convert_i32_s(i32) -> f32,
            F32ConvertI32U            = f32_convert_i32_u(i32) -> f32,
            F32ConvertI64S            = f32_convert_i64_s(i64) -> f32,
            F32ConvertI64U            = f32_convert_i64_u(i64) -> f32,
            F32DemoteF64              = f32_demote_f64(f64) -> f32,
            F64ConvertI32S            = f64_convert_i32_s(i32) -> f64,
            F64ConvertI32U            = f64_convert_i32_u(i32) -> f64,
            F64ConvertI64S            = f64_convert_i64_s(i64) -> f64,
            F64ConvertI64U            = f64_convert_i64_u(i64) -> f64,
            F64PromoteF32             = f64_promote_f32(f32) -> f64,
            I32ReinterpretF32         = i32_reinterpret_f32(f32) -> i32,
            I64ReinterpretF64         = i64_reinterpret_f64(f64) -> i64,
            F32ReinterpretI32         = f32_reinterpret_i32(i32) -> f32,
            F64ReinterpretI64         = f64_reinterpret_i64(i64) -> f64,
            I32Extend8S               = i32_extend8_s(i32) -> i32,
            I32Extend16S              = i32_extend16_s(i32) -> i32,
            I64Extend8S               = i64_extend8_s(i64) -> i64,
            I64Extend16S              = i64_extend16_s(i64) -> i64,
            I64Extend32S              = i64_extend32_s(i64) -> i64,
            I32TruncSatF32S           = i32_trunc_sat_f32_s(f32) -> i32,
            I32TruncSatF32U           = i32_trunc_sat_f32_u(f32) -> i32,
            I32TruncSatF64S           = i32_trunc_sat_f64_s(f64) -> i32,
            I32TruncSatF64U           = i32_trunc_sat_f64_u(f64) -> i32,
            I64TruncSatF32S           = i64_trunc_sat_f32_s(f32) -> i64,
            I64TruncSatF32U           = i64_trunc_sat_f32_u(f32) -> i64,
            I64TruncSatF64S           = i64_trunc_sat_f64_s(f64) -> i64,
            I64TruncSatF64U           = i64_trunc_sat_f64_u(f64) -> i64,
            I8x16Splat                = i8x16_splat(i32) -> v128,
            I16x8Splat                = i16x8_splat(i32) -> v128,
            I32x4Splat                = i32x4_splat(i32) -> v128,
            I64x2Splat                = i64x2_splat(i64) -> v128,
            F32x4Splat                = f32x4_splat(f32) -> v128,
            F64x2Splat                = f64x2_splat(f64) -> v128,
            V128Not                   = v128_not(v128) -> v128,
            V128AnyTrue               = v128_any_true(v128) -> i32,
            I8x16Abs                  = i8x16_abs(v128) -> v128,
            I8x16Neg                  = i8x16_neg(v128) -> v128,
            I8x16Popcnt               = i8x16_popcnt(v128) -> v128,
            I8x16AllTrue              = i8x16_all_true(v128) -> i32,
            I8x16Bitmask              = i8x16_bitmask(v128) -> i32,
            I16x8ExtAddPairwiseI8x16S = i16x8_extadd_pairwise_i8x16_s(v128) -> v128,
            I16x8ExtAddPairwiseI8x16U = i16x8_extadd_pairwise_i8x16_u(v128) -> v128,
            I16x8Abs                  = i16x8_abs(v128) -> v128,
            I16x8Neg                  = i16x8_neg(v128) -> v128,
            I16x8AllTrue              = i16x8_all_true(v128) -> i32,
            I16x8Bitmask              = i16x8_bitmask(v128) -> i32,
            I16x8ExtendLowI8x16S      = i16x8_extend_low_i8x16_s(v128) -> v128,
            I16x8ExtendHighI8x16S     = i16x8_extend_high_i8x16_s(v128) -> v128,
            I16x8ExtendLowI8x16U      = i16x8_extend_low_i8x16_u(v128) -> v128,
            I16x8ExtendHighI8x16U     = i16x8_extend_high_i8x16_u(v128) -> v128,
            I32x4ExtAddPairwiseI16x8S = i32x4_extadd_pairwise_i16x8_s(v128) -> v128,
            I32x4ExtAddPairwiseI16x8U = i32x4_extadd_pairwise_i16x8_u(v128) -> v128,
            I32x4Abs                  = i32x4_abs(v128) -> v128,
            I32x4Neg                  = i32x4_neg(v128) -> v128,
            I32x4AllTrue              = i32x4_all_true(v128) -> i32,
            I32x4Bitmask              = i32x4_bitmask(v128) -> i32,
            I32x4ExtendLowI16x8S      = i32x4_extend_low_i16x8_s(v128) -> v128,
            I32x4ExtendHighI16x8S     = i32x4_extend_high_i16x8_s(v128) -> v128,
            I32x4ExtendLowI16x8U      = i32x4_extend_low_i16x8_u(v128) -> v128,
            I32x4ExtendHighI16x8U     = i32x4_extend_high_i16x8_u(v128) -> v128,
            I64x2Abs                  = i64x2_abs(v128) -> v128,
            I64x2Neg                  = i64x2_neg(v128) -> v128,
            I64x2AllTrue              = i64x2_all_true(v128) -> i32,
            I64x2Bitmask              = i64x2_bitmask(v128) -> i32,
            I64x2ExtendLowI32x4S      = i64x2_extend_low_i32x4_s(v128) -> v128,
            I64x2ExtendHighI32x4S     = i64x2_extend_high_i32x4_s(v128) -> v128,
            I64x2ExtendLowI32x4U      = i64x2_extend_low_i32x4_u(v128) -> v128,
            I64x2ExtendHighI32x4U     = i64x2_extend_high_i32x4_u(v128) -> v128,
            F32x4Ceil                 = f32x4_ceil(v128) -> v128,
            F32x4Floor                = f32x4_floor(v128) -> v128,
            F32x4Trunc                = f32x4_trunc(v128) -> v128,
            F32x4Nearest              = f32x4_nearest(v128) -> v128,
            F32x4Abs                  = f32x4_abs(v128) -> v128,
            F32x4Neg                  = f32x4_neg(v128) -> v128,
            F32x4Sqrt                 = f32x4_sqrt(v128) -> v128,
            F64x2Ceil                 = f64x2_ceil(v128) -> v128,
            F64x2Floor                = f64x2_floor(v128) -> v128,
            F64x2Trunc                = f64x2_trunc(v128) -> v128,
            F64x2Nearest              = f64x2_nearest(v128) -> v128,
            F64x2Abs                  = f64x2_abs(v128) -> v128,
            F64x2Neg                  = f64x2_neg(v128) -> v128,
            F64x2Sqrt                 = f64x2_sqrt(v128) -> v128,
            F32x4DemoteF64x2Zero      = f32x4_demote_f64x2_zero(v128) -> v128,
            F64x2PromoteLowF32x4      = f64x2_promote_low_f32x4(v128) -> v128,
            I32x4TruncSatF32x4S       = i32x4_trunc_sat_f32x4_s(v128) -> v128,
            I32x4TruncSatF32x4U       = i32x4_trunc_sat_f32x4_u(v128) -> v128,
            F32x4ConvertI32x4S        = f32x4_convert_i32x4_s(v128) -> v128,
            F32x4ConvertI32x4U        = f32x4_convert_i32x4_u(v128) -> v128,
            I32x4TruncSatF64x2SZero   = i32x4_trunc_sat_f64x2_s_zero(v128) -> v128,
            I32x4TruncSatF64x2UZero   = i32x4_trunc_sat_f64x2_u_zero(v128) -> v128,
            F64x2ConvertLowI32x4S     = f64x2_convert_low_i32x4_s(v128) -> v128,
            F64x2ConvertLowI32x4U     = f64x2_convert_low_i32x4_u(v128) -> v128,
        }
        bin {
            I32Eq                 = i32_eq(i32, i32) -> i32,
            I32Ne                 = i32_ne(i32, i32) -> i32,
            I32LtS                = i32_lt_s(i32, i32) -> i32,
            I32LtU                = i32_lt_u(i32, i32) -> i32,
            I32GtS                = i32_gt_s(i32, i32) -> i32,
            I32GtU                = i32_gt_u(i32, i32) -> i32,
            I32LeS                = i32_le_s(i32, i32) -> i32,
            I32LeU                = i32_le_u(i32, i32) -> i32,
            I32GeS                = i32_ge_s(i32, i32) -> i32,
            I32GeU                = i32_ge_u(i32, i32) -> i32,
            I64Eq                 = i64_eq(i64, i64) -> i32,
            I64Ne                 = i64_ne(i64, i64) -> i32,
            I64LtS                = i64_lt_s(i64, i64) -> i32,
            I64LtU                = i64_lt_u(i64, i64) -> i32,
            I64GtS                = i64_gt_s(i64, i64) -> i32,
            I64GtU                = i64_gt_u(i64, i64) -> i32,
            I64LeS                = i64_le_s(i64, i64) -> i32,
            I64LeU                = i64_le_u(i64, i64) -> i32,
            I64GeS                = i64_ge_s(i64, i64) -> i32,
            I64GeU                = i64_ge_u(i64, i64) -> i32,
            F32Eq                 = f32_eq(f32, f32) -> i32,
            F32Ne                 = f32_ne(f32, f32) -> i32,
            F32Lt                 = f32_lt(f32, f32) -> i32,
            F32Gt                 = f32_gt(f32, f32) -> i32,
            F32Le                 = f32_le(f32, f32) -> i32,
            F32Ge                 = f32_ge(f32, f32) -> i32,
            F64Eq                 = f64_eq(f64, f64) -> i32,
            F64Ne                 = f64_ne(f64, f64) -> i32,
            F64Lt                 = f64_lt(f64, f64) -> i32,
            F64Gt                 = f64_gt(f64, f64) -> i32,
            F64Le                 = f64_le(f64, f64) -> i32,
            F64Ge                 = f64_ge(f64, f64) -> i32,
            I32Add                = i32_add(i32, i32) -> i32,
            I32Sub                = i32_sub(i32, i32) -> i32,
            I32Mul                = i32_mul(i32, i32) -> i32,
            I32DivS               = i32_div_s(i32, i32) -> i32,
            I32DivU               = i32_div_u(i32, i32) -> i32,
            I32RemS               = i32_rem_s(i32, i32) -> i32,
            I32RemU               = i32_rem_u(i32, i32) -> i32,
            I32And                = i32_and(i32, i32) -> i32,
            I32Or                 = i32_or(i32, i32) -> i32,
            I32Xor                = i32_xor(i32, i32) -> i32,
            I32Shl                = i32_shl(i32, i32) -> i32,
            I32ShrS               = i32_shr_s(i32, i32) -> i32,
            I32ShrU               = i32_shr_u(i32, i32) -> i32,
            I32Rotl               = i32_rotl(i32, i32) -> i32,
            I32Rotr               = i32_rotr(i32, i32) -> i32,
            I64Add                = i64_add(i64, i64) -> i64,
            I64Sub                = i64_sub(i64, i64) -> i64,
            I64Mul                = i64_mul(i64, i64) -> i64,
            I64DivS               = i64_div_s(i64, i64) -> i64,
            I64DivU               = i64_div_u(i64, i64) -> i64,
            I64RemS               = i64_rem_s(i64, i64) -> i64,
            I64RemU               = i64_rem_u(i64, i64) -> i64,
            I64And                = i64_and(i64, i64) -> i64,
            I64Or                 = i64_or(i64, i64) -> i64,
            I64Xor                = i64_xor(i64, i64) -> i64,
            I64Shl                = i64_shl(i64, i64) -> i64,
            I64ShrS               = i64_shr_s(i64, i64) -> i64,
            I64ShrU               = i64_shr_u(i64, i64) -> i64,
            I64Rotl               = i64_rotl(i64, i64) -> i64,
            I64Rotr               = i64_rotr(i64, i64) -> i64,
            F32Add                = f32_add(f32, f32) -> f32,
            F32Sub                = f32_sub(f32, f32) -> f32,
            F32Mul                = f32_mul(f32, f32) -> f32,
            F32Div                = f32_div(f32, f32) -> f32,
            F32Min                = f32_min(f32, f32) -> f32,
            F32Max                = f32_max(f32, f32) -> f32,
            F32Copysign           = f32_copysign(f32, f32) -> f32,
            F64Add                = f64_add(f64, f64) -> f64,
            F64Sub                = f64_sub(f64, f64) -> f64,
            F64Mul                = f64_mul(f64, f64) -> f64,
            F64Div                = f64_div(f64, f64) -> f64,
            F64Min                = f64_min(f64, f64) -> f64,
            F64Max                = f64_max(f64, f64) -> f64,
            F64Copysign           = f64_copysign(f64, f64) -> f64,
            I8x16Swizzle          = i8x16_swizzle(v128, v128) -> v128,
            I8x16Eq               = i8x16_eq(v128, v128) -> v128,
            I8x16Ne               = i8x16_ne(v128, v128) -> v128,
            I8x16LtS              = i8x16_lt_s(v128, v128) -> v128,
            I8x16LtU              = i8x16_lt_u(v128, v128) -> v128,
            I8x16GtS              = i8x16_gt_s(v128, v128) -> v128,
            I8x16GtU              = i8x16_gt_u(v128, v128) -> v128,
            I8x16LeS              = i8x16_le_s(v128, v128) -> v128,
            I8x16LeU              = i8x16_le_u(v128, v128) -> v128,
            I8x16GeS              = i8x16_ge_s(v128, v128) -> v128,
            I8x16GeU              = i8x16_ge_u(v128, v128) -> v128,
            I16x8Eq               = i16x8_eq(v128, v128) -> v128,
            I16x8Ne               = i16x8_ne(v128, v128) -> v128,
            I16x8LtS              = i16x8_lt_s(v128, v128) -> v128,
            I16x8LtU              = i16x8_lt_u(v128, v128) -> v128,
            I16x8GtS              = i16x8_gt_s(v128, v128) -> v128,
            I16x8GtU              = i16x8_gt_u(v128, v128) -> v128,
            I16x8LeS              = i16x8_le_s(v128, v128) -> v128,
            I16x8LeU              = i16x8_le_u(v128, v128) -> v128,
            I16x8GeS              = i16x8_ge_s(v128, v128) -> v128,
            I16x8GeU              = i16x8_ge_u(v128, v128) -> v128,
            I32x4Eq               = i32x4_eq(v128, v128) -> v128,
            I32x4Ne               = i32x4_ne(v128, v128) -> v128,
            I32x4LtS              = i32x4_lt_s(v128, v128) -> v128,
            I32x4LtU              = i32x4_lt_u(v128, v128) -> v128,
            I32x4GtS              = i32x4_gt_s(v128, v128) -> v128,
            I32x4GtU              = i32x4_gt_u(v128, v128) -> v128,
            I32x4LeS              = i32x4_le_s(v128, v128) -> v128,
            I32x4LeU              = i32x4_le_u(v128, v128) -> v128,
            I32x4GeS              = i32x4_ge_s(v128, v128) -> v128,
            I32x4GeU              = i32x4_ge_u(v128, v128) -> v128,
            F32x4Eq               = f32x4_eq(v128, v128) -> v128,
            F32x4Ne               = f32x4_ne(v128, v128) -> v128,
            F32x4Lt               = f32x4_lt(v128, v128) -> v128,
            F32x4Gt               = f32x4_gt(v128, v128) -> v128,
            F32x4Le               = f32x4_le(v128, v128) -> v128,
            F32x4Ge               = f32x4_ge(v128, v128) -> v128,
            F64x2Eq               = f64x2_eq(v128, v128) -> v128,
            F64x2Ne               = f64x2_ne(v128, v128) -> v128,
            F64x2Lt               = f64x2_lt(v128, v128) -> v128,
            F64x2Gt               = f64x2_gt(v128, v128) -> v128,
            F64x2Le               = f64x2_le(v128, v128) -> v128,
            F64x2Ge               = f64x2_ge(v128, v128) -> v128,
            I64x2Eq               = i64x2_eq(v128, v128) -> v128,
            I64x2Ne               = i64x2_ne(v128, v128) -> v128,
            I64x2LtS              = i64x2_lt_s(v128, v128) -> v128,
            I64x2GtS              = i64x2_gt_s(v128, v128) -> v128,
            I64x2LeS              = i64x2_le_s(v128, v128) -> v128,
            I64x2GeS              = i64x2_ge_s(v128, v128) -> v128,
            V128And               = v128_and(v128, v128) -> v128,
            V128AndNot            = v128_andnot(v128, v128) -> v128,
            V128Or                = v128_or(v128, v128) -> v128,
            V128Xor               = v128_xor(v128, v128) -> v128,
            I8x16NarrowI16x8S     = i8x16_narrow_i16x8_s(v128, v128) -> v128,
            I8x16NarrowI16x8U     = i8x16_narrow_i16x8_u(v128, v128) -> v128,
            I8x16Shl              = i8x16_shl(v128, i32) -> v128,
            I8x16ShrS             = i8x16_shr_s(v128, i32) -> v128,
            I8x16ShrU             = i8x16_shr_u(v128, i32) -> v128,
            I8x16Add              = i8x16_add(v128, v128) -> v128,
            I8x16AddSatS          = i8x16_add_sat_s(v128, v128) -> v128,
            I8x16AddSatU          = i8x16_add_sat_u(v128, v128) -> v128,
            I8x16Sub              = i8x16_sub(v128, v128) -> v128,
            I8x16SubSatS          = i8x16_sub_sat_s(v128, v128) -> v128,
            I8x16SubSatU          = i8x16_sub_sat_u(v128, v128) -> v128,
            I8x16MinS             = i8x16_min_s(v128, v128) -> v128,
            I8x16MinU             = i8x16_min_u(v128, v128) -> v128,
            I8x16MaxS             = i8x16_max_s(v128, v128) -> v128,
            I8x16MaxU             = i8x16_max_u(v128, v128) -> v128,
            I8x16AvgrU            = i8x16_avgr_u(v128, v128) -> v128,
            I16x8Q15MulrSatS      = i16x8_q15mulr_sat_s(v128, v128) -> v128,
            I16x8NarrowI32x4S     = i16x8_narrow_i32x4_s(v128, v128) -> v128,
            I16x8NarrowI32x4U     = i16x8_narrow_i32x4_u(v128, v128) -> v128,
            I16x8Shl              = i16x8_shl(v128, i32) -> v128,
            I16x8ShrS             = i16x8_shr_s(v128, i32) -> v128,
            I16x8ShrU             = i16x8_shr_u(v128, i32) -> v128,
            I16x8Add              = i16x8_add(v128, v128) -> v128,
            I16x8AddSatS          = i16x8_add_sat_s(v128, v128) -> v128,
            I16x8AddSatU          = i16x8_add_sat_u(v128, v128) -> v128,
            I16x8Sub              = i16x8_sub(v128, v128) -> v128,
            I16x8SubSatS          = i16x8_sub_sat_s(v128, v128) -> v128,
            I16x8SubSatU          = i16x8_sub_sat_u(v128, v128) -> v128,
            I16x8Mul              = i16x8_mul(v128, v128) -> v128,
            I16x8MinS             = i16x8_min_s(v128, v128) -> v128,
            I16x8MinU             = i16x8_min_u(v128, v128) -> v128,
            I16x8MaxS             = i16x8_max_s(v128, v128) -> v128,
            I16x8MaxU             = i16x8_max_u(v128, v128) -> v128,
            I16x8AvgrU            = i16x8_avgr_u(v128, v128) -> v128,
            I16x8ExtMulLowI8x16S  = i16x8_extmul_low_i8x16_s(v128, v128) -> v128,
            I16x8ExtMulHighI8x16S = i16x8_extmul_high_i8x16_s(v128, v128) -> v128,
            I16x8ExtMulLowI8x16U  = i16x8_extmul_low_i8x16_u(v128, v128) -> v128,
            I16x8ExtMulHighI8x16U = i16x8_extmul_high_i8x16_u(v128, v128) -> v128,
            I32x4Shl              = i32x4_shl(v128, i32) -> v128,
            I32x4ShrS             = i32x4_shr_s(v128, i32) -> v128,
            I32x4ShrU             = i32x4_shr_u(v128, i32) -> v128,
            I32x4Add              = i32x4_add(v128, v128) -> v128,
            I32x4Sub              = i32x4_sub(v128, v128) -> v128,
            I32x4Mul              = i32x4_mul(v128, v128) -> v128,
            I32x4MinS             = i32x4_min_s(v128, v128) -> v128,
            I32x4MinU             = i32x4_min_u(v128, v128) -> v128,
            I32x4MaxS             = i32x4_max_s(v128, v128) -> v128,
            I32x4MaxU             = i32x4_max_u(v128, v128) -> v128,
            I32x4DotI16x8S        = i32x4_dot_i16x8_s(v128, v128) -> v128,
            I32x4ExtMulLowI16x8S  = i32x4_extmul_low_i16x8_s(v128, v128) -> v128,
            I32x4ExtMulHighI16x8S = i32x4_extmul_high_i16x8_s(v128, v128) -> v128,
            I32x4ExtMulLowI16x8U  = i32x4_extmul_low_i16x8_u(v128, v128) -> v128,
            I32x4ExtMulHighI16x8U = i32x4_extmul_high_i16x8_u(v128, v128) -> v128,
            I64x2Shl              = i64x2_shl(v128, i32) -> v128,
            I64x2ShrS             = i64x2_shr_s(v128, i32) -> v128,
            I64x2ShrU             = i64x2_shr_u(v128, i32) -> v128,
            I64x2Add              = i64x2_add(v128, v128) -> v128,
            I64x2Sub              = i64x2_sub(v128, v128) -> v128,
            I64x2Mul              = i64x2_mul(v128, v128) -> v128,
            I64x2ExtMulLowI32x4S  = i64x2_extmul_low_i32x4_s(v128, v128) -> v128,
            I64x2ExtMulHighI32x4S = i64x2_extmul_high_i32x4_s(v128, v128) -> v128,
            I64x2ExtMulLowI32x4U  = i64x2_extmul_low_i32x4_u(v128, v128) -> v128,
            I64x2ExtMulHighI32x4U = i64x2_extmul_high_i32x4_u(v128, v128) -> v128,
            F32x4Add              = f32x4_add(v128, v128) -> v128,
            F32x4Sub              = f32x4_sub(v128, v128) -> v128,
            F32x4Mul              = f32x4_mul(v128, v128) -> v128,
            F32x4Div              = f32x4_div(v128, v128) -> v128,
            F32x4Min              = f32x4_min(v128, v128) -> v128,
            F32x4Max              = f32x4_max(v128, v128) -> v128,
            F32x4PMin             = f32x4_pmin(v128, v128) -> v128,
            F32x4PMax             = f32x4_pmax(v128, v128) -> v128,
            F64x2Add              = f64x2_add(v128, v128) -> v128,
            F64x2Sub              = f64x2_sub(v128, v128) -> v128,
            F64x2Mul              = f64x2_mul(v128, v128) -> v128,
            F64x2Div              = f64x2_div(v128, v128) -> v128,
            F64x2Min              = f64x2_min(v128, v128) -> v128,
            F64x2Max              = f64x2_max(v128, v128) -> v128,
            F64x2PMin             = f64x2_pmin(v128, v128) -> v128,
            F64x2PMax             = f64x2_pmax(v128, v128) -> v128,
            // `_Imm` forms: `rhs` holds a constant (sign-extended for i64),
            // emitted when the right operand is an `i32.const`/`i64.const`.
            I32AddImm  = i32_add(i32, imm) -> i32,
            I32SubImm  = i32_sub(i32, imm) -> i32,
            I32MulImm  = i32_mul(i32, imm) -> i32,
            I32AndImm  = i32_and(i32, imm) -> i32,
            I32OrImm   = i32_or(i32, imm) -> i32,
            I32XorImm  = i32_xor(i32, imm) -> i32,
            I32ShlImm  = i32_shl(i32, imm) -> i32,
            I32ShrSImm = i32_shr_s(i32, imm) -> i32,
            I32ShrUImm = i32_shr_u(i32, imm) -> i32,
            I32RotlImm = i32_rotl(i32, imm) -> i32,
            I32RotrImm = i32_rotr(i32, imm) -> i32,
            I32EqImm   = i32_eq(i32, imm) -> i32,
            I32NeImm   = i32_ne(i32, imm) -> i32,
            I32LtSImm  = i32_lt_s(i32, imm) -> i32,
            I32LtUImm  = i32_lt_u(i32, imm) -> i32,
            I32GtSImm  = i32_gt_s(i32, imm) -> i32,
            I32GtUImm  = i32_gt_u(i32, imm) -> i32,
            I32LeSImm  = i32_le_s(i32, imm) -> i32,
            I32LeUImm  = i32_le_u(i32, imm) -> i32,
            I32GeSImm  = i32_ge_s(i32, imm) -> i32,
            I32GeUImm  = i32_ge_u(i32, imm) -> i32,
            I64AddImm  = i64_add(i64, imm) -> i64,
            I64SubImm  = i64_sub(i64, imm) -> i64,
            I64MulImm  = i64_mul(i64, imm) -> i64,
            I64AndImm  = i64_and(i64, imm) -> i64,
            I64OrImm   = i64_or(i64, imm) -> i64,
            I64XorImm  = i64_xor(i64, imm) -> i64,
            I64ShlImm  = i64_shl(i64, imm) -> i64,
            I64ShrSImm = i64_shr_s(i64, imm) -> i64,
            I64ShrUImm = i64_shr_u(i64, imm) -> i64,
            I64RotlImm = i64_rotl(i64, imm) -> i64,
            I64RotrImm = i64_rotr(i64, imm) -> i64,
            I64EqImm   = i64_eq(i64, imm) -> i32,
            I64NeImm   = i64_ne(i64, imm) -> i32,
            I64LtSImm  = i64_lt_s(i64, imm) -> i32,
            I64LtUImm  = i64_lt_u(i64, imm) -> i32,
            I64GtSImm  = i64_gt_s(i64, imm) -> i32,
            I64GtUImm  = i64_gt_u(i64, imm) -> i32,
            I64LeSImm  = i64_le_s(i64, imm) -> i32,
            I64LeUImm  = i64_le_u(i64, imm) -> i32,
            I64GeSImm  = i64_ge_s(i64, imm) -> i32,
            I64GeUImm  = i64_ge_u(i64, imm) -> i32,
        }
        tern {
            V128Bitselect = v128_bitselect(v128, v128, v128) -> v128,
        }
        load {
            I32Load         = i32 -> i32,
            I64Load         = i64 -> i64,
            F32Load         = f32 -> f32,
            F64Load         = f64 -> f64,
            I32Load8S       = i8 -> i32,
            I32Load8U       = u8 -> i32,
            I32Load16S      = i16 -> i32,
            I32Load16U      = u16 -> i32,
            I64Load8S       = i8 -> i64,
            I64Load8U       = u8 -> i64,
            I64Load16S      = i16 -> i64,
            I64Load16U      = u16 -> i64,
            I64Load32S      = i32 -> i64,
            I64Load32U      = u32 -> i64,
            V128Load        = u128 -> v128,
            V128Load8x8S    = u64 -> v128 via v128_load8x8_s,
            V128Load8x8U    = u64 -> v128 via v128_load8x8_u,
            V128Load16x4S   = u64 -> v128 via v128_load16x4_s,
            V128Load16x4U   = u64 -> v128 via v128_load16x4_u,
            V128Load32x2S   = u64 -> v128 via v128_load32x2_s,
            V128Load32x2U   = u64 -> v128 via v128_load32x2_u,
            V128Load8Splat  = u8 -> v128 via v128_load8_splat,
            V128Load16Splat = u16 -> v128 via v128_load16_splat,
            V128Load32Splat = u32 -> v128 via v128_load32_splat,
            V128Load64Splat = u64 -> v128 via v128_load64_splat,
            V128Load32Zero  = u32 -> v128,
            V128Load64Zero  = u64 -> v128,
        }
        store {
            I32Store   = i32 -> u32,
            I64Store   = i64 -> u64,
            F32Store   = f32 -> f32,
            F64Store   = f64 -> f64,
            I32Store8  = i32 -> u8,
            I32Store16 = i32 -> u16,
            I64Store8  = i64 -> u8,
            I64Store16 = i64 -> u16,
            I64Store32 = i64 -> u32,
            V128Store  = v128 -> u128,
        }
        store_imm {
            I32StoreImm   = i32 -> u32,
            I32Store8Imm  = i32 -> u8,
            I32Store16Imm = i32 -> u16,
            I64StoreImm   = i64 -> u64,
            I64Store8Imm  = i64 -> u8,
            I64Store16Imm = i64 -> u16,
            I64Store32Imm = i64 -> u32,
        }
        br_cmp {
            BrF32Eq / BrF32EqFuel = f32_eq(f32, f32),
            BrF32Ne / BrF32NeFuel = f32_ne(f32, f32),
            BrF32Lt / BrF32LtFuel = f32_lt(f32, f32),
            BrF32Gt / BrF32GtFuel = f32_gt(f32, f32),
            BrF32Le / BrF32LeFuel = f32_le(f32, f32),
            BrF32Ge / BrF32GeFuel = f32_ge(f32, f32),
            BrF64Eq / BrF64EqFuel = f64_eq(f64, f64),
            BrF64Ne / BrF64NeFuel = f64_ne(f64, f64),
            BrF64Lt / BrF64LtFuel = f64_lt(f64, f64),
            BrF64Gt / BrF64GtFuel = f64_gt(f64, f64),
            BrF64Le / BrF64LeFuel = f64_le(f64, f64),
            BrF64Ge / BrF64GeFuel = f64_ge(f64, f64),
            BrI32Eq / BrI32EqFuel     = i32_eq(i32, i32),
            BrI32EqImm / BrI32EqImmFuel  = i32_eq(i32, imm),
            BrI32Ne / BrI32NeFuel     = i32_ne(i32, i32),
            BrI32NeImm / BrI32NeImmFuel  = i32_ne(i32, imm),
            BrI32LtS / BrI32LtSFuel    = i32_lt_s(i32, i32),
            BrI32LtSImm / BrI32LtSImmFuel = i32_lt_s(i32, imm),
            BrI32LtU / BrI32LtUFuel    = i32_lt_u(i32, i32),
            BrI32LtUImm / BrI32LtUImmFuel = i32_lt_u(i32, imm),
            BrI32GtS / BrI32GtSFuel    = i32_gt_s(i32, i32),
            BrI32GtSImm / BrI32GtSImmFuel = i32_gt_s(i32, imm),
            BrI32GtU / BrI32GtUFuel    = i32_gt_u(i32, i32),
            BrI32GtUImm / BrI32GtUImmFuel = i32_gt_u(i32, imm),
            BrI32LeS / BrI32LeSFuel    = i32_le_s(i32, i32),
            BrI32LeSImm / BrI32LeSImmFuel = i32_le_s(i32, imm),
            BrI32LeU / BrI32LeUFuel    = i32_le_u(i32, i32),
            BrI32LeUImm / BrI32LeUImmFuel = i32_le_u(i32, imm),
            BrI32GeS / BrI32GeSFuel    = i32_ge_s(i32, i32),
            BrI32GeSImm / BrI32GeSImmFuel = i32_ge_s(i32, imm),
            BrI32GeU / BrI32GeUFuel    = i32_ge_u(i32, i32),
            BrI32GeUImm / BrI32GeUImmFuel = i32_ge_u(i32, imm),
            BrI64Eq / BrI64EqFuel     = i64_eq(i64, i64),
            BrI64EqImm / BrI64EqImmFuel  = i64_eq(i64, imm),
            BrI64Ne / BrI64NeFuel     = i64_ne(i64, i64),
            BrI64NeImm / BrI64NeImmFuel  = i64_ne(i64, imm),
            BrI64LtS / BrI64LtSFuel    = i64_lt_s(i64, i64),
            BrI64LtSImm / BrI64LtSImmFuel = i64_lt_s(i64, imm),
            BrI64LtU / BrI64LtUFuel    = i64_lt_u(i64, i64),
            BrI64LtUImm / BrI64LtUImmFuel = i64_lt_u(i64, imm),
            BrI64GtS / BrI64GtSFuel    = i64_gt_s(i64, i64),
            BrI64GtSImm / BrI64GtSImmFuel = i64_gt_s(i64, imm),
            BrI64GtU / BrI64GtUFuel    = i64_gt_u(i64, i64),
            BrI64GtUImm / BrI64GtUImmFuel = i64_gt_u(i64, imm),
            BrI64LeS / BrI64LeSFuel    = i64_le_s(i64, i64),
            BrI64LeSImm / BrI64LeSImmFuel = i64_le_s(i64, imm),
            BrI64LeU / BrI64LeUFuel    = i64_le_u(i64, i64),
            BrI64LeUImm / BrI64LeUImmFuel = i64_le_u(i64, imm),
            BrI64GeS / BrI64GeSFuel    = i64_ge_s(i64, i64),
            BrI64GeSImm / BrI64GeSImmFuel = i64_ge_s(i64, imm),
            BrI64GeU / BrI64GeUFuel    = i64_ge_u(i64, i64),
            BrI64GeUImm / BrI64GeUImmFuel = i64_ge_u(i64, imm),
        }
        br_ncmp {
            BrNotF32Eq / BrNotF32EqFuel = f32_eq(f32, f32),
            BrNotF32Ne / BrNotF32NeFuel = f32_ne(f32, f32),
            BrNotF32Lt / BrNotF32LtFuel = f32_lt(f32, f32),
            BrNotF32Gt / BrNotF32GtFuel = f32_gt(f32, f32),
            BrNotF32Le / BrNotF32LeFuel = f32_le(f32, f32),
            BrNotF32Ge / BrNotF32GeFuel = f32_ge(f32, f32),
            BrNotF64Eq / BrNotF64EqFuel = f64_eq(f64, f64),
            BrNotF64Ne / BrNotF64NeFuel = f64_ne(f64, f64),
            BrNotF64Lt / BrNotF64LtFuel = f64_lt(f64, f64),
            BrNotF64Gt / BrNotF64GtFuel = f64_gt(f64, f64),
            BrNotF64Le / BrNotF64LeFuel = f64_le(f64, f64),
            BrNotF64Ge / BrNotF64GeFuel = f64_ge(f64, f64),
        }
        }
    };
}
