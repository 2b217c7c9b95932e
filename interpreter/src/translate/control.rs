//! Structured control flow: blocks, branches with their value copies,
//! forward-branch fix-ups, `br_table` landing pads, returns, and skipping
//! unreachable code.

use brisk_parser::{BlockType, BrTable, Operator};

use super::{Ctrl, Kind, Operand, Src, TranslateError, Translator};
use crate::bytecode::{BrTable as BrTableInstr, Instr};

impl Translator<'_, '_> {
    pub(super) fn ctrl(&self) -> &Ctrl {
        self.a
            .ctrl
            .last()
            .expect("the function frame is open until its end")
    }

    pub(super) fn set_unreachable(&mut self) {
        let f = self.a.ctrl.last_mut().expect("inside a frame");
        f.unreachable = true;
        let height = f.height as usize;
        self.a.stack.truncate(height);
    }

    pub(super) fn push_ctrl(&mut self, kind: Kind, ty: BlockType, params: u32, results: u32) {
        let fixups = self.a.ctrl.len();
        if self.a.fixups.len() <= fixups {
            self.a.fixups.push(Vec::new());
        }
        self.a.fixups[fixups].clear();
        let height = self.height() - params;
        self.a.ctrl.push(Ctrl {
            kind,
            ty,
            height,
            params,
            results,
            start: self.pc(),
            else_jump: None,
            saved_params: None,
            fixups,
            unreachable: false,
        });
    }

    /// Skips an instruction of unreachable code, tracking nesting so the
    /// frame's own `else`/`end` is still handled.
    pub(super) fn unreachable_operator(&mut self, op: &Operator<'_>) -> Result<(), TranslateError> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.skip_depth += 1;
            }
            Operator::Else if self.skip_depth == 0 => self.else_()?,
            Operator::End if self.skip_depth == 0 => self.end()?,
            Operator::End => self.skip_depth -= 1,
            _ => {}
        }
        Ok(())
    }

    pub(super) fn block(&mut self, ty: BlockType) {
        let (p, r) = self.block_arity(ty);
        self.materialize_all();
        self.push_ctrl(Kind::Block, ty, p, r);
    }

    pub(super) fn loop_(&mut self, ty: BlockType) {
        let (p, r) = self.block_arity(ty);
        self.materialize_all();
        self.push_ctrl(Kind::Loop, ty, p, r);
    }

    pub(super) fn if_(&mut self, ty: BlockType) {
        let (p, r) = self.block_arity(ty);
        let cond = self.take_cond();
        self.materialize_all();
        // The `then` branch overwrites the parameters' slots; keep a copy
        // for the `else` branch in scratch slots past the operand stack.
        let saved = if p > 0 {
            let base = self.scratch(p);
            for i in 0..p {
                let src = self.home(self.height() - p + i);
                let wide = self.label_v128(ty, true, i);
                self.copy(base + i, src, wide);
            }
            Some(base)
        } else {
            None
        };
        let jump = self.cond_jump(cond, false);
        self.push_ctrl(Kind::If, ty, p, r);
        let f = self.a.ctrl.last_mut().expect("just pushed");
        f.else_jump = Some(jump);
        f.saved_params = saved;
    }

    pub(super) fn else_(&mut self) -> Result<(), TranslateError> {
        if !self.ctrl().unreachable {
            self.move_results_home();
            let j = self.jump(None);
            let fx = self.ctrl().fixups;
            self.a.fixups[fx].push(j);
        }
        let f = self.a.ctrl.last_mut().expect("inside the if");
        f.kind = Kind::Else;
        f.unreachable = false;
        let (height, params, saved, jump, ty) =
            (f.height, f.params, f.saved_params, f.else_jump.take(), f.ty);
        let here = self.pc();
        if let Some(j) = jump {
            self.patch(j, here);
        }
        self.a.stack.truncate(height as usize);
        for i in 0..params {
            let dst = self.push_temp();
            if let Some(base) = saved {
                let wide = self.label_v128(ty, true, i);
                self.copy(dst, base + i, wide);
            }
        }
        self.last_result = None;
        Ok(())
    }

    pub(super) fn end(&mut self) -> Result<(), TranslateError> {
        let f = self.ctrl();
        let (kind, height, results, fixups, unreachable) =
            (f.kind, f.height, f.results, f.fixups, f.unreachable);
        if kind == Kind::Func {
            if !unreachable {
                self.return_();
            }
            self.a.ctrl.pop();
            return Ok(());
        }
        if !unreachable {
            self.move_results_home();
        }
        let here = self.pc();
        if let Some(j) = self.a.ctrl.last_mut().and_then(|f| f.else_jump.take()) {
            self.patch(j, here);
        }
        if kind != Kind::Loop {
            let pending = std::mem::take(&mut self.a.fixups[fixups]);
            for &pc in &pending {
                self.patch(pc, here);
            }
            self.a.fixups[fixups] = pending;
        }
        self.a.ctrl.pop();
        self.a.stack.truncate(height as usize);
        for _ in 0..results {
            self.a.stack.push(Operand::Temp);
        }
        self.last_result = None;
        Ok(())
    }

    /// Copies the frame's results (the top of the stack) into its home
    /// slots, where every path into the `end` leaves them.
    fn move_results_home(&mut self) {
        let f = self.ctrl();
        let (height, results, ty) = (f.height, f.results, f.ty);
        let top = self.height();
        for i in 0..results {
            let src = self.src_at(top - results + i);
            let wide = self.label_v128(ty, false, i);
            self.copy_src(self.home(height + i), src, wide);
        }
    }

    /// Fills `self.a.copies` with the moves a branch to relative depth
    /// `depth` needs, and returns whether the target is the function
    /// (a return).
    fn branch_copies(&mut self, depth: u32) -> bool {
        let target = &self.a.ctrl[self.a.ctrl.len() - 1 - depth as usize];
        let (kind, height, ty) = (target.kind, target.height, target.ty);
        let arity = if kind == Kind::Loop {
            target.params
        } else {
            target.results
        };
        self.a.copies.clear();
        if kind == Kind::Func {
            return true;
        }
        let top = self.height();
        for i in 0..arity {
            let src = self.src_at(top - arity + i);
            let dst = self.home(height + i);
            if src != Src::Slot(dst) {
                let wide = self.label_v128(ty, kind == Kind::Loop, i);
                self.a.copies.push((dst, src, wide));
            }
        }
        false
    }

    /// Emits the jump of a branch to `depth` (copies already emitted).
    fn branch_jump(&mut self, depth: u32, cond: Option<(u32, bool)>) {
        let j = self.jump(cond);
        self.link(depth, j);
    }

    /// Points the jump at `j` to the label at `depth`: now for a loop,
    /// at its `end` otherwise.
    fn link(&mut self, depth: u32, j: usize) {
        let idx = self.a.ctrl.len() - 1 - depth as usize;
        let target = &self.a.ctrl[idx];
        if target.kind == Kind::Loop {
            let start = target.start;
            self.patch(j, start);
        } else {
            let fx = target.fixups;
            self.a.fixups[fx].push(j);
        }
    }

    fn emit_copies(&mut self) {
        for i in 0..self.a.copies.len() {
            let (dst, src, wide) = self.a.copies[i];
            self.copy_src(dst, src, wide);
        }
    }

    pub(super) fn br(&mut self, depth: u32) {
        if self.branch_copies(depth) {
            self.return_();
        } else {
            self.emit_copies();
            self.branch_jump(depth, None);
        }
        self.set_unreachable();
    }

    pub(super) fn br_if(&mut self, depth: u32) {
        let cond = self.take_cond();
        let is_return = self.branch_copies(depth);
        if !is_return && self.a.copies.is_empty() {
            let j = self.cond_jump(cond, true);
            self.link(depth, j);
            return;
        }
        // Taken path with copies (or a return): skip it when cond is zero.
        let skip = self.cond_jump(cond, false);
        if is_return {
            self.return_values();
        } else {
            self.emit_copies();
            self.branch_jump(depth, None);
        }
        let here = self.pc();
        self.patch(skip, here);
        self.last_result = None;
    }

    pub(super) fn br_table(&mut self, targets: &BrTable<'_>) -> Result<(), TranslateError> {
        let index = self.pop();
        let len = targets.len();
        self.emit(Instr::BrTable(BrTableInstr { index, len }));
        let first = self.pc();
        let mut depths = Vec::with_capacity(len as usize + 1);
        for t in targets.targets() {
            depths.push(t.map_err(|e| TranslateError(e.to_string()))?);
        }
        depths.push(targets.default());
        for _ in &depths {
            self.jump(None);
        }
        for (i, &depth) in depths.iter().enumerate() {
            let word = first + i;
            let is_return = self.branch_copies(depth);
            if !is_return && self.a.copies.is_empty() {
                let idx = self.a.ctrl.len() - 1 - depth as usize;
                let target = &self.a.ctrl[idx];
                if target.kind == Kind::Loop {
                    let start = target.start;
                    self.patch(word, start);
                } else {
                    let fx = target.fixups;
                    self.a.fixups[fx].push(word);
                }
                continue;
            }
            // A landing pad with the copies, then the jump or return.
            let here = self.pc();
            self.patch(word, here);
            if is_return {
                self.return_values();
            } else {
                self.emit_copies();
                self.branch_jump(depth, None);
            }
        }
        self.set_unreachable();
        Ok(())
    }

    /// `return`: copies the results to slots `0..n` and returns.
    pub(super) fn return_(&mut self) {
        self.return_values();
        self.set_unreachable();
    }

    /// Emits the moves of the results into `0..n` and `Return`, leaving
    /// the virtual stack as it was (for `br_if` to the function).
    fn return_values(&mut self) {
        let n = self.num_results;
        let top = self.height();
        // A pending `local.get i` with i < n would be overwritten by an
        // earlier result before being read: read it from its (dead) home
        // slot instead. The virtual stack is left alone, since this path
        // may be conditional.
        for h in top - n..top {
            if let Operand::Local(i) = self.a.stack[h as usize]
                && i < n
            {
                let wide = self.a.local_v128[i as usize];
                self.copy(self.home(h), i, wide);
            }
        }
        if n == 1
            && self.a.stack[(top - 1) as usize] == Operand::Temp
            && let Some(pc) = self.last_result
            && pc + 1 == self.pc()
        {
            // `i32.add; return` writes the sum straight into slot 0.
            let home = self.home(top - 1);
            if let Some(dst) = self.a.code[pc].dst_mut()
                && *dst == home
            {
                *dst = 0;
                self.emit(Instr::Return);
                return;
            }
        }
        for k in 0..n {
            let h = top - n + k;
            let src = match self.a.stack[h as usize] {
                Operand::Local(i) if i < n => Src::Slot(self.home(h)),
                _ => self.src_at(h),
            };
            let fty = self.a.ctrl[0].ty;
            let wide = self.label_v128(fty, false, k);
            self.copy_src(k, src, wide);
        }
        self.emit(Instr::Return);
    }
}
