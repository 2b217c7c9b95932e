//! Structured control flow: `block`, `loop`, `if`/`else`, `end`, the
//! branches, `return`, `unreachable`, `nop`, `drop` and `select`.
//!
//! Each open wasm block is a [`Frame`] whose `next` Cranelift block takes
//! the wasm block's results as parameters; a `loop` adds a `header` block
//! taking its parameters, the target of its branches. An `if` branches to
//! a then-block and an else-block (which, without an `else`, just passes
//! the parameters on as results); the parameters stay on the value stack
//! as SSA values defined before the `if`, so both arms can use them.
//! `next_reachable` records whether anything jumps to `next`: when
//! nothing does, the code after the block is unreachable and skipped.

use brisk_parser::{BlockType, Operator};
use brisk_vm::TrapCode;
use cranelift_codegen::ir::{self, BlockArg, InstBuilder, JumpTableData, Type, Value};
use std::collections::HashMap;

use super::env::clif_type;
use super::{FuncTranslator, user_trap};
use crate::CompileError;

/// What kind of block a [`Frame`] is.
pub(crate) enum FrameKind {
    /// The function body: `next` returns.
    Function,
    Block,
    Loop {
        header: ir::Block,
    },
    If {
        /// The else arm, until it is started (by `else`, or by `end` when
        /// there is no `else`).
        else_block: Option<ir::Block>,
        /// The block's parameters, for the else arm.
        params: Vec<Value>,
    },
}

/// One open block; see the [module docs](self).
pub(crate) struct Frame {
    pub kind: FrameKind,
    /// Where the block continues, taking its results.
    pub next: ir::Block,
    /// Stack height below the block's parameters.
    pub height: usize,
    pub num_params: usize,
    pub num_results: usize,
    /// Whether any edge reaches `next` yet.
    pub next_reachable: bool,
}

impl Frame {
    pub(crate) fn function(exit: ir::Block, num_results: usize) -> Frame {
        Frame {
            kind: FrameKind::Function,
            next: exit,
            height: 0,
            num_params: 0,
            num_results,
            next_reachable: false,
        }
    }

    /// The branch target of this frame and how many values it takes.
    fn target(&self) -> (ir::Block, usize) {
        match self.kind {
            FrameKind::Loop { header } => (header, self.num_params),
            _ => (self.next, self.num_results),
        }
    }
}

pub(crate) fn block_args(values: &[Value]) -> Vec<BlockArg> {
    values.iter().map(|&v| BlockArg::Value(v)).collect()
}

impl FuncTranslator<'_, '_> {
    pub(super) fn translate_control(&mut self, op: &Operator<'_>) -> Result<bool, CompileError> {
        match *op {
            Operator::Nop => {}
            Operator::Unreachable => {
                // The `nop` (no machine code) keeps Cranelift from folding
                // a branch to this block into a conditional trap at the
                // branch, which would report the trap at the branch's
                // instruction instead of this one.
                self.b.ins().nop();
                self.b.ins().trap(user_trap(TrapCode::Unreachable));
                self.reachable = false;
            }
            Operator::Block { blockty } => {
                let (params, results) = self.block_types(blockty);
                let next = self.block_with_params(&results);
                self.push_frame(FrameKind::Block, next, params.len(), results.len());
            }
            Operator::Loop { blockty } => {
                let (params, results) = self.block_types(blockty);
                let header = self.block_with_params(&params);
                let args = block_args(self.peekn(params.len()));
                self.b.ins().jump(header, &args);
                let height = self.stack.len() - params.len();
                self.stack.truncate(height);
                self.b.switch_to_block(header);
                let header_params = self.b.block_params(header).to_vec();
                self.stack.extend(header_params);
                let next = self.block_with_params(&results);
                self.push_frame(
                    FrameKind::Loop { header },
                    next,
                    params.len(),
                    results.len(),
                );
                self.loop_header()?;
            }
            Operator::If { blockty } => {
                let cond = self.pop();
                let (params, results) = self.block_types(blockty);
                let then_block = self.b.create_block();
                let else_block = self.b.create_block();
                let next = self.block_with_params(&results);
                self.b.ins().brif(cond, then_block, &[], else_block, &[]);
                self.b.switch_to_block(then_block);
                self.b.seal_block(then_block);
                let kind = FrameKind::If {
                    else_block: Some(else_block),
                    params: self.peekn(params.len()).to_vec(),
                };
                self.push_frame(kind, next, params.len(), results.len());
            }
            Operator::Else => self.translate_else()?,
            Operator::End => self.translate_end()?,
            Operator::Br { relative_depth } => {
                self.branch(relative_depth);
                self.reachable = false;
            }
            Operator::BrIf { relative_depth } => {
                let cond = self.pop();
                let (target, n) = self.branch_target(relative_depth);
                let args = block_args(self.peekn(n));
                let cont = self.b.create_block();
                self.b.ins().brif(cond, target, &args, cont, &[]);
                self.b.switch_to_block(cont);
                self.b.seal_block(cont);
            }
            Operator::BrTable { targets } => {
                let mut depths = Vec::with_capacity(targets.len() as usize + 1);
                for t in targets.targets() {
                    depths.push(t.map_err(|e| CompileError::body(self.func_index, e))?);
                }
                depths.push(targets.default());
                self.br_table(&depths);
                self.reachable = false;
            }
            Operator::Return => {
                let values = self.peekn(self.results.len()).to_vec();
                self.emit_return(&values);
                self.reachable = false;
            }
            Operator::Drop => {
                self.pop();
            }
            Operator::Select | Operator::TypedSelect { .. } => {
                let (x, y, c) = self.pop3();
                let v = self.b.ins().select(c, x, y);
                self.push(v);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `else`: closes the then arm, opens the else arm.
    pub(super) fn translate_else(&mut self) -> Result<(), CompileError> {
        let reachable = self.reachable;
        let n = self.stack.len();
        let frame = self
            .control
            .last_mut()
            .expect("validated else is inside an if");
        let FrameKind::If { else_block, params } = &mut frame.kind else {
            unreachable!("validated else closes an if");
        };
        let else_block = else_block.take().expect("one else per if");
        let params = std::mem::take(params);
        let (next, height, num_results) = (frame.next, frame.height, frame.num_results);
        if reachable {
            frame.next_reachable = true;
            let args = block_args(&self.stack[n - num_results..]);
            self.b.ins().jump(next, &args);
        }
        self.stack.truncate(height);
        self.stack.extend(params);
        self.b.switch_to_block(else_block);
        self.b.seal_block(else_block);
        self.reachable = true;
        Ok(())
    }

    /// `end`: closes the innermost block.
    pub(super) fn translate_end(&mut self) -> Result<(), CompileError> {
        let mut frame = self.control.pop().expect("validated end closes a block");
        let is_function = matches!(frame.kind, FrameKind::Function);
        if self.reachable {
            frame.next_reachable = true;
            let args = block_args(self.peekn(frame.num_results));
            self.b.ins().jump(frame.next, &args);
        }
        match frame.kind {
            FrameKind::If {
                else_block: Some(else_block),
                params,
            } => {
                // No `else`: the parameters are the results.
                self.b.switch_to_block(else_block);
                self.b.seal_block(else_block);
                self.b.ins().jump(frame.next, &block_args(&params));
                frame.next_reachable = true;
            }
            FrameKind::Loop { header } => self.b.seal_block(header),
            _ => {}
        }
        self.stack.truncate(frame.height);
        self.reachable = frame.next_reachable;
        if !frame.next_reachable {
            // Nothing reaches the continuation: leave it unused.
            return Ok(());
        }
        self.b.switch_to_block(frame.next);
        self.b.seal_block(frame.next);
        let results = self.b.block_params(frame.next).to_vec();
        if is_function {
            self.emit_return(&results);
            self.reachable = false;
        } else {
            self.stack.extend(results);
        }
        Ok(())
    }

    fn push_frame(
        &mut self,
        kind: FrameKind,
        next: ir::Block,
        num_params: usize,
        num_results: usize,
    ) {
        self.control.push(Frame {
            kind,
            next,
            height: self.stack.len() - num_params,
            num_params,
            num_results,
            next_reachable: false,
        });
    }

    /// The target of a branch to `depth` and its arity; marks the target
    /// reachable.
    fn branch_target(&mut self, depth: u32) -> (ir::Block, usize) {
        let i = self.control.len() - 1 - depth as usize;
        let frame = &mut self.control[i];
        if !matches!(frame.kind, FrameKind::Loop { .. }) {
            frame.next_reachable = true;
        }
        frame.target()
    }

    /// An unconditional branch to `depth`, or a return when it targets
    /// the function body.
    fn branch(&mut self, depth: u32) {
        let (target, n) = self.branch_target(depth);
        let args = block_args(self.peekn(n));
        self.b.ins().jump(target, &args);
    }

    fn br_table(&mut self, depths: &[u32]) {
        let index = self.pop();
        let (_, arity) = self.branch_target(depths[depths.len() - 1]);
        let mut calls = Vec::with_capacity(depths.len());
        if arity == 0 {
            for &d in depths {
                let (target, _) = self.branch_target(d);
                calls.push(self.b.func.dfg.block_call(target, &[]));
            }
        } else {
            // One edge block per distinct target passes the values.
            let mut edges: HashMap<u32, ir::Block> = HashMap::new();
            let mut pending = Vec::new();
            for &d in depths {
                let edge = *edges.entry(d).or_insert_with(|| {
                    let e = self.b.create_block();
                    pending.push((e, d));
                    e
                });
                calls.push(self.b.func.dfg.block_call(edge, &[]));
            }
            let default = calls.pop().expect("a default target");
            let jt = self
                .b
                .create_jump_table(JumpTableData::new(default, &calls));
            self.b.ins().br_table(index, jt);
            let args = block_args(self.peekn(arity));
            for (edge, d) in pending {
                let (target, _) = self.branch_target(d);
                self.b.switch_to_block(edge);
                self.b.seal_block(edge);
                self.b.ins().jump(target, &args);
            }
            return;
        }
        let default = calls.pop().expect("a default target");
        let jt = self
            .b
            .create_jump_table(JumpTableData::new(default, &calls));
        self.b.ins().br_table(index, jt);
    }

    /// The Cranelift types of a block type's parameters and results.
    fn block_types(&self, bt: BlockType) -> (Vec<Type>, Vec<Type>) {
        match bt {
            BlockType::Empty => (Vec::new(), Vec::new()),
            BlockType::Type(t) => (Vec::new(), vec![clif_type(t)]),
            BlockType::FuncType(i) => {
                let ty = &self.env.module().types[i as usize];
                (
                    ty.params().iter().map(|&t| clif_type(t)).collect(),
                    ty.results().iter().map(|&t| clif_type(t)).collect(),
                )
            }
        }
    }

    fn block_with_params(&mut self, types: &[Type]) -> ir::Block {
        let block = self.b.create_block();
        for &t in types {
            self.b.append_block_param(block, t);
        }
        block
    }

    /// Returns `values` from the function (after the exit bookkeeping).
    pub(crate) fn emit_return(&mut self, values: &[Value]) {
        self.function_exit();
        self.b.ins().return_(values);
    }
}
