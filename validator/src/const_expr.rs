//! Constant expressions: global initialisers, segment offsets, element
//! items.
//!
//! In WebAssembly 2.0 a constant expression is a sequence of `t.const`,
//! `ref.null`, `ref.func` and `global.get` of an *imported, immutable*
//! global (with extended constant expressions also `i32`/`i64`
//! `add`/`sub`/`mul`), ending in `end`, that leaves exactly one value of
//! the expected type. Anything else is "constant expression required".
//! `ref.func` here declares its function for use by `ref.func` in code
//! (the spec's C.refs), which is why this borrows the context mutably.

use brisk_parser::{ConstExpr, HeapType, Operator, OperatorsReader};

use crate::context::ModuleCtx;
use crate::error::{Error, Result, proposal_name};
use crate::types::{StackType, heap_type};

/// Validates `expr` as a constant of type `expected`. Only globals below
/// `visible_globals` may be read.
pub(crate) fn validate_const_expr(
    ctx: &mut ModuleCtx,
    expr: &ConstExpr<'_>,
    expected: StackType,
    visible_globals: u32,
    stack: &mut Vec<StackType>,
) -> Result<()> {
    stack.clear();
    let features = ctx.features;
    let mut reader = OperatorsReader::new(expr.data, expr.offset, features);
    loop {
        let (op, offset) = reader.read_with_offset()?;
        let invalid = |message: &'static str| Error::invalid(message, offset);
        if !feature_enabled(features, op.proposal()) {
            return Err(Error::invalid_fmt(
                format_args!("{} support is not enabled", proposal_name(op.proposal())),
                offset,
            ));
        }
        let ty = match classify(op) {
            ConstOp::End => break,
            ConstOp::Push(ty) => ty,
            ConstOp::RefNull(hty) => heap_type(hty, features).map_err(invalid)?,
            ConstOp::RefFunc(function_index) => {
                if ctx.func_sig(function_index).is_none() {
                    return Err(Error::invalid_fmt(
                        format_args!("unknown function {function_index}"),
                        offset,
                    ));
                }
                ctx.declare_func(function_index);
                StackType::FuncRef
            }
            ConstOp::GlobalGet(global_index) => {
                let global = match ctx.globals.get(global_index as usize) {
                    Some(g) if global_index < visible_globals => *g,
                    _ => {
                        return Err(Error::invalid_fmt(
                            format_args!("unknown global {global_index}"),
                            offset,
                        ));
                    }
                };
                if global.mutable {
                    return Err(invalid("constant expression required"));
                }
                global.ty
            }
            ConstOp::Arithmetic(ty) if features.extended_const() => binary(stack, ty, offset)?,
            ConstOp::Arithmetic(_) | ConstOp::NotConstant => {
                return Err(invalid("constant expression required"));
            }
        };
        stack.push(ty);
    }
    if !reader.eof() {
        return Err(Error::malformed(
            "unexpected content after constant expression",
            reader.original_position(),
        ));
    }
    match stack.as_slice() {
        [ty] if *ty == expected => Ok(()),
        [ty] => Err(Error::invalid_fmt(
            format_args!("type mismatch: expected {expected}, found {ty}"),
            expr.offset,
        )),
        [] => Err(Error::invalid_fmt(
            format_args!("type mismatch: expected {expected} but nothing on stack"),
            expr.offset,
        )),
        _ => Err(Error::invalid(
            "type mismatch: values remaining on stack at end of constant expression",
            expr.offset,
        )),
    }
}

/// Pops two `ty` operands of an extended-constant arithmetic instruction.
fn binary(stack: &mut Vec<StackType>, ty: StackType, offset: usize) -> Result<StackType> {
    for _ in 0..2 {
        match stack.pop() {
            Some(t) if t == ty => {}
            Some(t) => {
                return Err(Error::invalid_fmt(
                    format_args!("type mismatch: expected {ty}, found {t}"),
                    offset,
                ));
            }
            None => {
                return Err(Error::invalid_fmt(
                    format_args!("type mismatch: expected {ty} but nothing on stack"),
                    offset,
                ));
            }
        }
    }
    Ok(ty)
}

/// Whether the proposal an operator belongs to is enabled.
pub(crate) fn feature_enabled(features: brisk_parser::Features, proposal: &str) -> bool {
    match brisk_parser::Features::from_name(proposal) {
        Some(flag) => features.contains(flag),
        None => proposal == "mvp",
    }
}

/// What an instruction is in a constant expression.
enum ConstOp {
    End,
    /// `t.const`: pushes a `t`.
    Push(StackType),
    RefNull(HeapType),
    RefFunc(u32),
    GlobalGet(u32),
    /// Extended constant expressions' `add`/`sub`/`mul` of this type.
    Arithmetic(StackType),
    NotConstant,
}

/// The constant-expression role of one row, by its text name.
macro_rules! const_op {
    (End;) => { ConstOp::End };
    (I32Const; $v:ident) => {{ let _ = $v; ConstOp::Push(StackType::I32) }};
    (I64Const; $v:ident) => {{ let _ = $v; ConstOp::Push(StackType::I64) }};
    (F32Const; $v:ident) => {{ let _ = $v; ConstOp::Push(StackType::F32) }};
    (F64Const; $v:ident) => {{ let _ = $v; ConstOp::Push(StackType::F64) }};
    (V128Const; $v:ident) => {{ let _ = $v; ConstOp::Push(StackType::V128) }};
    (RefNull; $h:ident) => { ConstOp::RefNull($h) };
    (RefFunc; $f:ident) => { ConstOp::RefFunc($f) };
    (GlobalGet; $g:ident) => { ConstOp::GlobalGet($g) };
    (I32Add;) => { ConstOp::Arithmetic(StackType::I32) };
    (I32Sub;) => { ConstOp::Arithmetic(StackType::I32) };
    (I32Mul;) => { ConstOp::Arithmetic(StackType::I32) };
    (I64Add;) => { ConstOp::Arithmetic(StackType::I64) };
    (I64Sub;) => { ConstOp::Arithmetic(StackType::I64) };
    (I64Mul;) => { ConstOp::Arithmetic(StackType::I64) };
    ($other:ident; $($field:ident)*) => {{ $(let _ = $field;)* ConstOp::NotConstant }};
}

/// Derives [`classify`] from the operator table, so that every row is
/// either a named constant instruction above or not constant.
macro_rules! define_classify {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal $sig:tt
    )*) => {
        fn classify(op: Operator<'_>) -> ConstOp {
            match op {
                $( Operator::$op $({ $($field),* })? => const_op!($op; $($($field)*)?), )*
            }
        }
    };
}

brisk_parser::for_each_operator!(define_classify);
