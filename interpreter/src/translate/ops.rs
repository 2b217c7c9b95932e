//! Translation of each operator: the pure and memory rows are derived from
//! the parser's table (same variant names as the interpreter's list), the
//! rest is written out here.

use brisk_parser::{MemArg, Operator};
use brisk_vm::TrapCode;

use super::{Operand, TranslateError, Translator};
use crate::bytecode::{
    Bin, Call, CallIndirect, Index, Instr, Load, PoolRef, Store, TableAccess, TableOp, Un,
};

/// Expands each row of the parser's table to an `if let` that translates
/// it when it is a pure or plain memory instruction; other rows expand to
/// nothing.
macro_rules! derive_pure {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal [$($sig:tt)*]
    )*) => {
        impl Translator<'_, '_> {
            /// Translates `op` if it is a fixed-signature row; `false` if not.
            fn pure_operator(&mut self, op: &Operator<'_>) -> bool {
                $( derive_pure!(@row self op $op [$($sig)*]); )*
                false
            }
        }
    };
    (@row $s:ident $o:ident $op:ident [special]) => {};
    (@row $s:ident $o:ident $op:ident [-> $r:ident]) => {};
    (@row $s:ident $o:ident $op:ident [load $n:literal $t:ident]) => {
        if let Operator::$op { memarg } = *$o {
            let (ptr, offset) = ($s.pop(), $s.offset(memarg));
            let dst = $s.push_temp();
            $s.emit_result(Instr::$op(Load { dst, ptr, offset }));
            return true;
        }
    };
    (@row $s:ident $o:ident $op:ident [store $n:literal $t:ident]) => {
        if let Operator::$op { memarg } = *$o {
            let offset = $s.offset(memarg);
            $s.store($o, offset, Instr::$op);
            return true;
        }
    };
    (@row $s:ident $o:ident $op:ident [$a:ident -> $r:ident]) => {
        if let Operator::$op = *$o {
            let src = $s.pop();
            let dst = $s.push_temp();
            $s.emit_result(Instr::$op(Un { dst, src }));
            return true;
        }
    };
    (@row $s:ident $o:ident $op:ident [$a:ident $b:ident -> $r:ident]) => {
        if let Operator::$op = *$o {
            $s.binary($o, Instr::$op);
            return true;
        }
    };
    (@row $s:ident $o:ident $op:ident [$a:ident $b:ident $c:ident -> $r:ident]) => {
        if let Operator::$op = *$o {
            let c = $s.pop();
            let rhs = $s.pop();
            let lhs = $s.pop();
            let dst = $s.push_temp();
            $s.emit(Instr::$op(Bin { dst, lhs, rhs }));
            $s.emit_arg(c, 0);
            return true;
        }
    };
}

brisk_parser::for_each_operator!(derive_pure);

impl Translator<'_, '_> {
    fn offset(&self, memarg: MemArg) -> u32 {
        // Validation bounds the offset of a 32-bit memory by 2^32.
        memarg.offset as u32
    }

    fn const32(&mut self, value: u32) {
        self.a.stack.push(Operand::Const(u64::from(value)));
    }

    fn const64(&mut self, value: u64) {
        self.a.stack.push(Operand::Const(value));
    }

    /// Emits an instruction taking its `n` operands from consecutive slots
    /// and pushes `results` values from the first of them.
    fn contiguous(&mut self, n: u32, results: u32, make: impl FnOnce(u32) -> Instr) -> u32 {
        let base = self.pop_contiguous(n);
        self.emit(make(base));
        for _ in 0..results {
            self.push_temp();
        }
        base
    }

    pub(super) fn reachable_operator(&mut self, op: &Operator<'_>) -> Result<(), TranslateError> {
        if self.pure_operator(op) {
            return Ok(());
        }
        match *op {
            Operator::Unreachable => self.trap(TrapCode::Unreachable),
            Operator::Nop => {}
            Operator::Block { blockty } => self.block(blockty),
            Operator::Loop { blockty } => self.loop_(blockty),
            Operator::If { blockty } => self.if_(blockty),
            Operator::Else => self.else_()?,
            Operator::End => self.end()?,
            Operator::Br { relative_depth } => self.br(relative_depth),
            Operator::BrIf { relative_depth } => self.br_if(relative_depth),
            Operator::BrTable { targets } => self.br_table(&targets)?,
            Operator::Return => self.return_(),
            Operator::Call { function_index } => {
                let ty = self.module.module.functions[function_index as usize];
                let (p, r) = self.type_arity(ty);
                self.contiguous(p, r, |base| {
                    Instr::Call(Call {
                        func: function_index,
                        base,
                    })
                });
            }
            Operator::CallIndirect {
                type_index,
                table_index,
            } => {
                let (p, r) = self.type_arity(type_index);
                self.contiguous(p + 1, r, |base| {
                    Instr::CallIndirect(CallIndirect {
                        type_index,
                        table: table_index,
                        base,
                    })
                });
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let cond = self.pop();
                let rhs = self.pop();
                let lhs = self.pop();
                let dst = self.push_temp();
                self.emit(Instr::Select(Bin { dst, lhs, rhs }));
                self.emit_arg(cond, 0);
            }
            Operator::LocalGet { local_index } => self.a.stack.push(Operand::Local(local_index)),
            Operator::LocalSet { local_index } => self.local_set(local_index),
            Operator::LocalTee { local_index } => {
                self.local_set(local_index);
                self.a.stack.push(Operand::Local(local_index));
            }
            Operator::GlobalGet { global_index } => {
                let dst = self.push_temp();
                let x = Index {
                    dst,
                    index: global_index,
                };
                let wide = self.global_v128(global_index);
                self.emit_result(if wide {
                    Instr::GlobalGetV128(x)
                } else {
                    Instr::GlobalGet(x)
                });
            }
            Operator::GlobalSet { global_index } => {
                let src = self.pop();
                let x = Index {
                    dst: src,
                    index: global_index,
                };
                let wide = self.global_v128(global_index);
                self.emit(if wide {
                    Instr::GlobalSetV128(x)
                } else {
                    Instr::GlobalSet(x)
                });
            }
            Operator::TableGet { table } => {
                let src = self.pop();
                let dst = self.push_temp();
                self.emit_result(Instr::TableGet(TableAccess {
                    dst,
                    src,
                    index: table,
                }));
            }
            Operator::TableSet { table } => {
                self.contiguous(2, 0, |base| Instr::TableSet(TableOp { index: table, base }));
            }
            Operator::TableSize { table } => {
                let dst = self.push_temp();
                self.emit_result(Instr::TableSize(Index { dst, index: table }));
            }
            Operator::TableGrow { table } => {
                self.contiguous(2, 1, |base| {
                    Instr::TableGrow(TableOp { index: table, base })
                });
            }
            Operator::TableFill { table } => {
                self.contiguous(3, 0, |base| {
                    Instr::TableFill(TableOp { index: table, base })
                });
            }
            Operator::TableCopy {
                dst_table,
                src_table,
            } => {
                self.contiguous(3, 0, |base| {
                    Instr::TableCopy(TableOp {
                        index: dst_table,
                        base,
                    })
                });
                self.emit_arg(src_table, 0);
            }
            Operator::TableInit { elem_index, table } => {
                self.contiguous(3, 0, |base| {
                    Instr::TableInit(TableOp { index: table, base })
                });
                self.emit_arg(elem_index, 0);
            }
            Operator::ElemDrop { elem_index } => {
                self.emit(Instr::ElemDrop(Index {
                    dst: 0,
                    index: elem_index,
                }));
            }
            Operator::MemorySize { mem } => {
                let dst = self.push_temp();
                self.emit_result(Instr::MemorySize(Index { dst, index: mem }));
            }
            Operator::MemoryGrow { .. } => {
                let src = self.pop();
                let dst = self.push_temp();
                self.emit(Instr::MemoryGrow(Un { dst, src }));
            }
            Operator::MemoryInit { data_index, .. } => {
                self.contiguous(3, 0, |base| {
                    Instr::MemoryInit(TableOp {
                        index: data_index,
                        base,
                    })
                });
            }
            Operator::DataDrop { data_index } => {
                self.emit(Instr::DataDrop(Index {
                    dst: 0,
                    index: data_index,
                }));
            }
            Operator::MemoryCopy { .. } => {
                self.contiguous(3, 0, |base| Instr::MemoryCopy(TableOp { index: 0, base }));
            }
            Operator::MemoryFill { .. } => {
                self.contiguous(3, 0, |base| Instr::MemoryFill(TableOp { index: 0, base }));
            }
            Operator::I32Const { value } => self.const32(value as u32),
            Operator::F32Const { value } => self.const32(value.0),
            Operator::I64Const { value } => self.const64(value as u64),
            Operator::F64Const { value } => self.const64(value.0),
            Operator::RefNull { .. } => self.const64(0),
            Operator::RefIsNull => {
                let src = self.pop();
                let dst = self.push_temp();
                self.emit_result(Instr::RefIsNull(Un { dst, src }));
            }
            Operator::RefFunc { function_index } => {
                let dst = self.push_temp();
                self.emit_result(Instr::RefFunc(Index {
                    dst,
                    index: function_index,
                }));
            }
            Operator::V128Const { value } => {
                let index = self.pool(u128::from_le_bytes(value.0));
                let dst = self.push_temp();
                self.emit_result(Instr::ConstV128(PoolRef { dst, index }));
            }
            Operator::I8x16Shuffle { lanes } => {
                let index = self.pool(u128::from_le_bytes(lanes));
                let rhs = self.pop();
                let lhs = self.pop();
                let dst = self.push_temp();
                self.emit(Instr::I8x16Shuffle(Bin { dst, lhs, rhs }));
                self.emit_arg(index, 0);
            }
            _ => self.simd_lane_operator(op)?,
        }
        Ok(())
    }

    fn global_v128(&self, index: u32) -> bool {
        self.module.module.globals[index as usize].content_type == brisk_parser::ValType::V128
    }

    fn local_set(&mut self, local: u32) {
        for h in 0..self.height() {
            if self.a.stack[h as usize] == Operand::Local(local) {
                self.materialize(h);
            }
        }
        let h = self.height() - 1;
        if let Operand::Const(v) = self.a.stack[h as usize] {
            self.a.stack.pop();
            self.copy_src(local, super::Src::Const(v), false);
            return;
        }
        if self.a.stack[h as usize] == Operand::Temp
            && let Some(pc) = self.last_result
            && pc + 1 == self.pc()
        {
            let home = self.home(h);
            if let Some(dst) = self.a.code[pc].dst_mut()
                && *dst == home
            {
                *dst = local;
                self.a.stack.pop();
                self.last_result = None;
                return;
            }
        }
        let src = self.pop();
        let wide = self.a.local_v128[local as usize];
        self.copy(local, src, wide);
    }

    fn simd_lane_operator(&mut self, op: &Operator<'_>) -> Result<(), TranslateError> {
        macro_rules! extract {
            ($lane:expr, $v:ident) => {{
                let src = self.pop();
                let dst = self.push_temp();
                self.emit(Instr::$v(Un { dst, src }));
                self.emit_arg(u32::from($lane), 0);
            }};
        }
        macro_rules! replace {
            ($lane:expr, $v:ident) => {{
                let rhs = self.pop();
                let lhs = self.pop();
                let dst = self.push_temp();
                self.emit(Instr::$v(Bin { dst, lhs, rhs }));
                self.emit_arg(u32::from($lane), 0);
            }};
        }
        macro_rules! load_lane {
            ($memarg:expr, $lane:expr, $v:ident) => {{
                let vec = self.pop();
                let ptr = self.pop();
                let offset = self.offset($memarg);
                let dst = self.push_temp();
                self.emit(Instr::$v(Load { dst, ptr, offset }));
                self.emit_arg(u32::from($lane), vec);
            }};
        }
        macro_rules! store_lane {
            ($memarg:expr, $lane:expr, $v:ident) => {{
                let val = self.pop();
                let ptr = self.pop();
                let offset = self.offset($memarg);
                self.emit(Instr::$v(Store { ptr, val, offset }));
                self.emit_arg(u32::from($lane), 0);
            }};
        }
        match *op {
            Operator::I8x16ExtractLaneS { lane } => extract!(lane, I8x16ExtractLaneS),
            Operator::I8x16ExtractLaneU { lane } => extract!(lane, I8x16ExtractLaneU),
            Operator::I16x8ExtractLaneS { lane } => extract!(lane, I16x8ExtractLaneS),
            Operator::I16x8ExtractLaneU { lane } => extract!(lane, I16x8ExtractLaneU),
            Operator::I32x4ExtractLane { lane } => extract!(lane, I32x4ExtractLane),
            Operator::I64x2ExtractLane { lane } => extract!(lane, I64x2ExtractLane),
            Operator::F32x4ExtractLane { lane } => extract!(lane, F32x4ExtractLane),
            Operator::F64x2ExtractLane { lane } => extract!(lane, F64x2ExtractLane),
            Operator::I8x16ReplaceLane { lane } => replace!(lane, I8x16ReplaceLane),
            Operator::I16x8ReplaceLane { lane } => replace!(lane, I16x8ReplaceLane),
            Operator::I32x4ReplaceLane { lane } => replace!(lane, I32x4ReplaceLane),
            Operator::I64x2ReplaceLane { lane } => replace!(lane, I64x2ReplaceLane),
            Operator::F32x4ReplaceLane { lane } => replace!(lane, F32x4ReplaceLane),
            Operator::F64x2ReplaceLane { lane } => replace!(lane, F64x2ReplaceLane),
            Operator::V128Load8Lane { memarg, lane } => load_lane!(memarg, lane, V128Load8Lane),
            Operator::V128Load16Lane { memarg, lane } => load_lane!(memarg, lane, V128Load16Lane),
            Operator::V128Load32Lane { memarg, lane } => load_lane!(memarg, lane, V128Load32Lane),
            Operator::V128Load64Lane { memarg, lane } => load_lane!(memarg, lane, V128Load64Lane),
            Operator::V128Store8Lane { memarg, lane } => store_lane!(memarg, lane, V128Store8Lane),
            Operator::V128Store16Lane { memarg, lane } => {
                store_lane!(memarg, lane, V128Store16Lane)
            }
            Operator::V128Store32Lane { memarg, lane } => {
                store_lane!(memarg, lane, V128Store32Lane)
            }
            Operator::V128Store64Lane { memarg, lane } => {
                store_lane!(memarg, lane, V128Store64Lane)
            }
            ref other => {
                return Err(TranslateError(format!(
                    "the interpreter does not translate `{}`",
                    other.name()
                )));
            }
        }
        Ok(())
    }
}
