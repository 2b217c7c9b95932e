//! wasm → Cranelift IR, one function at a time.
//!
//! The translator walks a validated body once, keeping the wasm operand
//! stack as a stack of Cranelift SSA values and the control stack as
//! [`control::Frame`]s (each block's continuation is a Cranelift block
//! whose parameters are the block's results). Locals are Cranelift
//! variables, so the frontend builds SSA form for them. Code after an
//! unconditional branch is skipped until the `else`/`end` that makes it
//! reachable again.
//!
//! ```text
//!  FunctionBody ──operators──▶ FuncTranslator ──▶ ir::Function ──Cranelift──▶ machine code
//!                                 │ control.rs   block/loop/if/br*/return
//!                                 │ int.rs       i32/i64 arithmetic and comparisons
//!                                 │ float.rs     f32/f64 arithmetic and comparisons
//!                                 │ convert.rs   conversions between number types
//!                                 │ call.rs      calls (direct, imports, call_indirect)
//!                                 │ builtins.rs  calls of brisk_vm's builtins, raise
//!                                 │ memory.rs, table.rs, variables.rs
//!                                 │ limits.rs    call depth, fuel, interrupts
//!                                 └ simd/        every SIMD operator
//! ```
//!
//! Each family file has a `translate_*` method that handles its operators
//! and returns `Ok(false)` for any other, so the dispatcher here tries the
//! families in turn and the one list of operators stays the parser's.
//!
//! Every instruction is tagged with its wasm module offset (`set_srcloc`),
//! which Cranelift carries to the machine code's address map: trap sites
//! and backtraces report the instruction that trapped or called.

mod builtins;
mod call;
pub(crate) use call::{FUNC_NAMESPACE, store_valraw};
mod control;
mod convert;
pub(crate) mod env;
mod float;
mod int;
mod limits;
mod memory;
mod simd;
mod table;
mod variables;

use brisk_parser::{Operator, ValType};
use brisk_vm::{TrapCode, VMOffsets};
use cranelift_codegen::ir::{
    self, GlobalValueData, InstBuilder, MemFlagsData, SourceLoc, Type, Value, types,
};
use cranelift_frontend::{FunctionBuilder, Variable};
use std::collections::HashMap;

use crate::CompileError;
use control::Frame;
use env::{ModuleEnv, PTR, clif_type};

/// Cranelift's user trap code for a brisk trap code (user codes start at
/// 1; `trap.rs` in the crate maps them back).
pub(crate) fn user_trap(code: TrapCode) -> ir::TrapCode {
    ir::TrapCode::unwrap_user(code as u8 + 1)
}

/// Flags for loads and stores of the VM's own structures (vmctx, store
/// context, definitions): aligned and never trapping.
pub(crate) fn vm_flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Flags for loads of VM fields that never change while the instance
/// lives (the store context pointer, pointers to imported definitions,
/// memory bases, the builtins table, type ids): aligned, never trapping,
/// read-only, and valid to execute anywhere, so Cranelift may merge them
/// and hoist them out of loops.
pub(crate) fn vm_const() -> MemFlagsData {
    vm_flags().with_readonly().with_can_move()
}

/// The translation state of one function; see the [module docs](self).
pub(crate) struct FuncTranslator<'a, 'f> {
    pub b: FunctionBuilder<'f>,
    pub env: &'a ModuleEnv<'a>,
    pub func_index: u32,
    /// The callee's `VMContext` (first parameter).
    pub vmctx: Value,
    /// One variable per local, parameters first, with its wasm type.
    pub locals: Vec<(Variable, ValType)>,
    /// The wasm operand stack.
    pub stack: Vec<Value>,
    pub control: Vec<Frame>,
    /// Whether the current position can be reached.
    pub reachable: bool,
    /// Nesting depth of blocks opened in unreachable code (skipped).
    unreachable_depth: u32,
    /// Offset of the instruction being translated (errors).
    pub offset: usize,
    /// The function's result types.
    pub results: Vec<Type>,
    callees: HashMap<u32, ir::FuncRef>,
    sigrefs: HashMap<u32, ir::SigRef>,
    builtin_sigs: HashMap<u32, ir::SigRef>,
    array_sig: Option<ir::SigRef>,
    store_ctx: Value,
}

/// Translates defined function `func_index` into `func`, whose signature
/// must already be the function's native signature.
pub(crate) fn translate_function(
    env: &ModuleEnv<'_>,
    func: &mut ir::Function,
    fbc: &mut cranelift_frontend::FunctionBuilderContext,
    func_index: u32,
) -> Result<(), CompileError> {
    let module = env.module();
    let info = env
        .validated
        .func_info(func_index)
        .expect("compile iterates defined functions");
    let body = &module.code[(func_index - module.function_imports) as usize];
    let ty = &module.types[info.type_index as usize];

    let mut b = FunctionBuilder::new(func, fbc);
    let entry = b.create_block();
    b.append_block_params_for_function_params(entry);
    b.switch_to_block(entry);
    b.seal_block(entry);
    let vmctx = b.block_params(entry)[0];
    let params: Vec<Value> = b.block_params(entry)[1..].to_vec();
    b.set_srcloc(SourceLoc::new(body.offset() as u32));
    let store_ctx = b
        .ins()
        .load(PTR, vm_const(), vmctx, VMOffsets::HEADER_STORE as i32);

    let mut locals = Vec::with_capacity(info.num_locals as usize);
    for (&t, &v) in ty.params().iter().zip(&params) {
        let var = b.declare_var(clif_type(t));
        b.def_var(var, v);
        locals.push((var, t));
    }
    for &(count, t) in &info.locals {
        for _ in 0..count {
            let var = b.declare_var(clif_type(t));
            let zero = zero_value(&mut b, t);
            b.def_var(var, zero);
            locals.push((var, t));
        }
    }

    let mut t = FuncTranslator {
        b,
        env,
        func_index,
        vmctx,
        locals,
        stack: Vec::with_capacity(info.max_stack_height as usize),
        control: Vec::with_capacity(info.max_control_depth as usize),
        reachable: true,
        unreachable_depth: 0,
        offset: body.offset(),
        results: ty.results().iter().map(|&r| clif_type(r)).collect(),
        callees: HashMap::new(),
        sigrefs: HashMap::new(),
        builtin_sigs: HashMap::new(),
        array_sig: None,
        store_ctx,
    };
    t.set_stack_limit();
    t.function_entry()?;
    let results = t.results.clone();
    let exit = t.b.create_block();
    for &r in &results {
        t.b.append_block_param(exit, r);
    }
    t.control.push(Frame::function(exit, results.len()));

    let segments = if env.options.consume_fuel {
        limits::scan_segments(body, func_index)?
    } else {
        Vec::new()
    };
    let mut segment = 0;
    let mut segment_start = true;
    let mut reader = body
        .operators_reader()
        .map_err(|e| CompileError::body(func_index, e))?;
    while !reader.eof() {
        let (op, offset) = reader
            .read_with_offset()
            .map_err(|e| CompileError::body(func_index, e))?;
        t.offset = offset;
        if segment_start && env.options.consume_fuel {
            let cost = segments.get(segment).copied().unwrap_or(0);
            segment += 1;
            if cost > 0 && t.reachable {
                t.b.set_srcloc(SourceLoc::new(offset as u32));
                t.charge_fuel(cost);
            }
        }
        segment_start = brisk_vm::fuel::ends_segment(&op);
        if t.reachable {
            t.b.set_srcloc(SourceLoc::new(offset as u32));
            t.translate(op)?;
        } else {
            t.skip_unreachable(op)?;
        }
    }
    debug_assert!(
        t.control.is_empty(),
        "the function's end closes every frame"
    );
    t.b.finalize(env.isa.frontend_config());
    Ok(())
}

/// The zero value of a type (a declared local's initial value).
pub(crate) fn zero_value(b: &mut FunctionBuilder<'_>, t: ValType) -> Value {
    match t {
        ValType::I32 => b.ins().iconst(types::I32, 0),
        ValType::I64 | ValType::Ref(_) => b.ins().iconst(types::I64, 0),
        ValType::F32 => b.ins().f32const(0.0),
        ValType::F64 => b.ins().f64const(0.0),
        ValType::V128 => {
            let z = b.ins().iconst(types::I8, 0);
            b.ins().splat(types::I8X16, z)
        }
    }
}

impl FuncTranslator<'_, '_> {
    /// Translates one reachable instruction.
    fn translate(&mut self, op: Operator<'_>) -> Result<(), CompileError> {
        if op.proposal() == "simd" {
            return simd::translate(self, op);
        }
        let handled = self.translate_control(&op)?
            || self.translate_variable(&op)?
            || self.translate_int(&op)?
            || self.translate_float(&op)?
            || self.translate_convert(&op)?
            || self.translate_call(&op)?
            || self.translate_memory(&op)?
            || self.translate_table(&op)?;
        if handled {
            Ok(())
        } else {
            Err(self.unsupported(&op))
        }
    }

    /// Follows block nesting through unreachable code until the `else` or
    /// `end` that ends it.
    fn skip_unreachable(&mut self, op: Operator<'_>) -> Result<(), CompileError> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.unreachable_depth += 1;
                Ok(())
            }
            Operator::Else if self.unreachable_depth == 0 => self.translate_else(),
            Operator::End if self.unreachable_depth == 0 => self.translate_end(),
            Operator::End => {
                self.unreachable_depth -= 1;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    #[cold]
    pub(crate) fn unsupported(&self, op: &Operator<'_>) -> CompileError {
        CompileError::Unsupported {
            func_index: self.func_index,
            instruction: op.name(),
            offset: self.offset,
        }
    }

    pub(crate) fn pop(&mut self) -> Value {
        self.stack.pop().expect("validated code never underflows")
    }

    pub(crate) fn pop2(&mut self) -> (Value, Value) {
        let y = self.pop();
        let x = self.pop();
        (x, y)
    }

    pub(crate) fn pop3(&mut self) -> (Value, Value, Value) {
        let z = self.pop();
        let (x, y) = self.pop2();
        (x, y, z)
    }

    pub(crate) fn push(&mut self, v: Value) {
        self.stack.push(v);
    }

    /// The top `n` values, left on the stack.
    pub(crate) fn peekn(&self, n: usize) -> &[Value] {
        &self.stack[self.stack.len() - n..]
    }

    /// The store context (`vmctx.header.store`), loaded in the entry
    /// block so that it dominates every use.
    pub(crate) fn store_context(&self) -> Value {
        self.store_ctx
    }

    /// Native signature of type `type_index`, imported into the function.
    pub(crate) fn sigref(&mut self, type_index: u32) -> ir::SigRef {
        if let Some(&s) = self.sigrefs.get(&type_index) {
            return s;
        }
        let sig = self.env.signatures[type_index as usize].clone();
        let s = self.b.import_signature(sig);
        self.sigrefs.insert(type_index, s);
        s
    }

    /// Sets Cranelift's stack limit to `VMStoreContext::stack_limit`:
    /// every prologue then traps `StackOverflow` when the new frame would
    /// reach below it (0 means unchecked).
    fn set_stack_limit(&mut self) {
        let vmctx = self.b.create_global_value(GlobalValueData::VMContext);
        let flags = self.b.func.dfg.mem_flags.insert_unchecked(vm_const());
        let store = self.b.create_global_value(GlobalValueData::Load {
            base: vmctx,
            offset: (VMOffsets::HEADER_STORE as i32).into(),
            global_type: PTR,
            flags,
        });
        let flags = self.b.func.dfg.mem_flags.insert_unchecked(vm_flags());
        let limit = self.b.create_global_value(GlobalValueData::Load {
            base: store,
            offset: (VMOffsets::STORE_STACK_LIMIT as i32).into(),
            global_type: PTR,
            flags,
        });
        self.b.func.stack_limit = Some(limit);
    }
}
