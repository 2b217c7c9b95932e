//! Which WebAssembly proposals a module actually uses, found by reading
//! its declarations and every instruction of its code.
//!
//! [`features_used`] answers the question a deployer asks of a module
//! (`brisk inspect` prints it): which proposals must an engine enable to
//! take it? It lives beside the validator's feature gates because that
//! is the question those gates decide, one construct at a time; the tests
//! here check the answer against them (a module validates with exactly
//! the reported set). Instructions are attributed through the parser's
//! opcode table, whose rows name the proposal that introduced each one
//! ([`Operator::proposal`]), so a new row is covered without a change
//! here.
//!
//! What counts, beyond each instruction's own proposal:
//!
//! | construct | proposal |
//! |---|---|
//! | a function type with more than one result; a block type given by a type index | multi-value |
//! | a `v128` anywhere (types, locals, globals, block and `select` types) | SIMD |
//! | a `funcref`/`externref` value type, an `externref` table, more than one table, a declarative element segment | reference types |
//! | a non-nullable or concrete reference type | function references (and reference types) |
//! | a passive data or element segment, a data count section | bulk memory |
//! | an imported or exported mutable global | mutable-global |
//! | `add`/`sub`/`mul` in a constant expression | extended constant expressions |
//! | more than one memory | multi-memory |
//! | a 64-bit memory or table | memory64 |
//! | a shared memory | threads |
//!
//! Nothing is validated: on an invalid module the answer describes what
//! it declares. Function bodies are decoded here (the parser slices them
//! without reading), so a body that fails to decode is an error.

use brisk_parser::{
    BlockType, ConstExpr, DataMode, ElementItems, ElementMode, ExternKind, Features, FunctionBody,
    HeapType, Module, Operator, OperatorsReader, RefType, TableType, ValType,
};

use crate::error::Result;

/// The proposals `module` uses, beyond the WebAssembly 1.0 MVP: every
/// instruction's proposal from the opcode table, plus what its types,
/// tables, memories, globals and segments need (see the module docs for
/// the list). [`Features::MVP`] means a 1.0 module.
///
/// Fails only when a function body or constant expression does not
/// decode; the error is the parser's, with its offset.
///
/// ```
/// use brisk_validator::{Features, features_used};
///
/// let wasm = wat::parse_str(r#"(module
///     (func (export "f") (param v128) (result i32 i32)
///         local.get 0 i32x4.extract_lane 0
///         i32.const 1 i32.extend8_s))"#).unwrap();
/// let module = brisk_parser::parse(&wasm).unwrap();
/// let used = features_used(&module).unwrap();
/// assert_eq!(used, Features::SIMD.union(Features::MULTI_VALUE).union(Features::SIGN_EXTENSION));
/// let names: Vec<_> = used.iter().filter(|&(_, on)| on).map(|(name, _)| name).collect();
/// assert_eq!(names, ["sign extension", "multi-value", "SIMD"]);
/// ```
pub fn features_used(module: &Module<'_>) -> Result<Features> {
    let mut used = Features::MVP;
    for ty in &module.types {
        for &t in ty.params().iter().chain(ty.results()) {
            used = used.union(val_type(t));
        }
        if ty.results().len() > 1 {
            used = used.union(Features::MULTI_VALUE);
        }
    }
    if module.tables.len() > 1 {
        used = used.union(Features::REFERENCE_TYPES);
    }
    for table in &module.tables {
        used = used.union(table_type(table));
    }
    if module.memories.len() > 1 {
        used = used.union(Features::MULTI_MEMORY);
    }
    for memory in &module.memories {
        if memory.memory64 {
            used = used.union(Features::MEMORY64);
        }
        if memory.shared {
            used = used.union(Features::THREADS);
        }
    }
    for (i, global) in module.globals.iter().enumerate() {
        used = used.union(val_type(global.content_type));
        if global.mutable && i < module.global_imports as usize {
            used = used.union(Features::MUTABLE_GLOBAL);
        }
    }
    for export in &module.exports {
        let global = module.globals.get(export.index as usize);
        if export.kind == ExternKind::Global && global.is_some_and(|g| g.mutable) {
            used = used.union(Features::MUTABLE_GLOBAL);
        }
    }
    for init in &module.global_inits {
        used = used.union(const_expr(module, init)?);
    }
    for element in &module.elements {
        used = used.union(match element.mode {
            ElementMode::Active { table, offset } => {
                let table = if table == 0 {
                    Features::MVP
                } else {
                    Features::REFERENCE_TYPES
                };
                table.union(const_expr(module, &offset)?)
            }
            ElementMode::Passive => Features::BULK_MEMORY,
            ElementMode::Declared => Features::REFERENCE_TYPES,
        });
        used = used.union(ref_type(element.ty));
        if let ElementItems::Expressions(items) = &element.items {
            for item in items {
                used = used.union(const_expr(module, item)?);
            }
        }
    }
    if module.data_count.is_some() {
        used = used.union(Features::BULK_MEMORY);
    }
    for data in &module.data {
        used = used.union(match data.mode {
            DataMode::Active { offset, .. } => const_expr(module, &offset)?,
            DataMode::Passive => Features::BULK_MEMORY,
        });
    }
    for body in &module.code {
        used = used.union(function_body(body)?);
    }
    Ok(used)
}

/// What a value type needs.
fn val_type(ty: ValType) -> Features {
    match ty {
        ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64 => Features::MVP,
        ValType::V128 => Features::SIMD,
        ValType::Ref(r) => Features::REFERENCE_TYPES.union(ref_type(r)),
    }
}

/// What a reference type needs beyond reference types' `funcref` (which
/// MVP tables already hold).
fn ref_type(ty: RefType) -> Features {
    if ty == RefType::FUNCREF {
        Features::MVP
    } else if ty == RefType::EXTERNREF {
        Features::REFERENCE_TYPES
    } else {
        // Non-nullable, or a concrete heap type.
        debug_assert!(!ty.nullable || matches!(ty.heap_type, HeapType::Concrete(_)));
        Features::REFERENCE_TYPES.union(Features::FUNCTION_REFERENCES)
    }
}

/// What a table type needs.
fn table_type(table: &TableType) -> Features {
    let index = if table.table64 {
        Features::MEMORY64
    } else {
        Features::MVP
    };
    index.union(ref_type(table.element_type))
}

/// What one instruction needs: its own proposal, and what the types in
/// its immediates need.
fn operator(op: &Operator<'_>) -> Features {
    let own = Features::from_name(op.proposal()).unwrap_or(Features::MVP);
    let immediates = match op {
        Operator::Block { blockty } | Operator::Loop { blockty } | Operator::If { blockty } => {
            match *blockty {
                BlockType::Empty => Features::MVP,
                BlockType::Type(t) => val_type(t),
                BlockType::FuncType(_) => Features::MULTI_VALUE,
            }
        }
        Operator::TypedSelect { ty } => ty.ty.map_or(Features::MVP, val_type),
        Operator::RefNull { hty } => match hty {
            HeapType::Func | HeapType::Extern => Features::MVP,
            HeapType::Concrete(_) => Features::FUNCTION_REFERENCES,
        },
        _ => Features::MVP,
    };
    own.union(immediates)
}

/// What a function body's locals and instructions need.
fn function_body(body: &FunctionBody<'_>) -> Result<Features> {
    let mut used = Features::MVP;
    let mut locals = body.locals_reader()?;
    while locals.remaining() > 0 {
        let (_, ty) = locals.read()?;
        used = used.union(val_type(ty));
    }
    let mut ops = locals.into_operators_reader();
    while !ops.eof() {
        used = used.union(operator(&ops.read()?));
    }
    Ok(used)
}

/// What a constant expression's instructions need; arithmetic in one is
/// the extended constant expressions proposal.
fn const_expr(module: &Module<'_>, expr: &ConstExpr<'_>) -> Result<Features> {
    let mut used = Features::MVP;
    let mut ops = OperatorsReader::new(expr.data, expr.offset, module.features);
    while !ops.eof() {
        let op = ops.read()?;
        used = used.union(operator(&op));
        if matches!(
            op,
            Operator::I32Add
                | Operator::I32Sub
                | Operator::I32Mul
                | Operator::I64Add
                | Operator::I64Sub
                | Operator::I64Mul
        ) {
            used = used.union(Features::EXTENDED_CONST);
        }
    }
    Ok(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The proposals a text module uses; checks on the way that the module
    /// validates with exactly those enabled.
    fn used(text: &str) -> Features {
        let wasm = wat::parse_str(text).unwrap();
        let module = brisk_parser::parse_with_features(&wasm, Features::ALL).unwrap();
        let used = features_used(&module).unwrap();
        if let Err(e) = crate::validate_with_features(&wasm, used) {
            panic!("{text}\nreported {used:?}, but does not validate with them: {e}");
        }
        used
    }

    /// Checks that `text` uses exactly `expected`, and that the validator
    /// rejects it without `gated` (the proposals whose absence it would
    /// notice; `brisk-validator` does not gate every construct).
    fn exactly(text: &str, expected: Features, gated: Features) {
        assert_eq!(used(text), expected, "{text}");
        if gated != Features::MVP {
            let wasm = wat::parse_str(text).unwrap();
            let without = expected.difference(gated);
            assert!(
                crate::validate_with_features(&wasm, without).is_err(),
                "{text} validates without {gated:?}"
            );
        }
    }

    #[test]
    fn a_1_0_module_uses_nothing() {
        exactly(
            r#"(module
                (import "env" "f" (func (param i32) (result i32)))
                (import "env" "g" (global i32))
                (table 2 funcref) (memory 1 2)
                (global (mut i64) (i64.const 0))
                (func (export "run") (param i32) (result i32)
                    (block (result i32) local.get 0 call 0)
                    i32.const 1 i32.add)
                (elem (i32.const 0) 0 1)
                (data (i32.const 8) "hi")
                (start 2)
                (func))"#,
            Features::MVP,
            Features::MVP,
        );
    }

    #[test]
    fn instructions_count_by_their_proposal() {
        let cases = [
            (
                "(module (func (result i32) i32.const 0 i32.extend8_s))",
                Features::SIGN_EXTENSION,
            ),
            (
                "(module (func (result i32) f32.const 0 i32.trunc_sat_f32_s))",
                Features::SATURATING_FLOAT_TO_INT,
            ),
            (
                "(module (func (result i32) v128.const i64x2 0 0 i32x4.extract_lane 0))",
                Features::SIMD,
            ),
            (
                "(module (memory 1) (func i32.const 0 i32.const 0 i32.const 0 memory.copy))",
                Features::BULK_MEMORY,
            ),
            (
                "(module (func (result i32) ref.null extern ref.is_null))",
                Features::REFERENCE_TYPES,
            ),
        ];
        for (text, expected) in cases {
            exactly(text, expected, expected);
        }
    }

    #[test]
    fn types_count_where_they_appear() {
        // v128 only as a local, a global, a block type or a parameter.
        let simd = Features::SIMD;
        exactly("(module (func (local v128)))", simd, simd);
        exactly("(module (global v128 (v128.const i64x2 0 0)))", simd, simd);
        exactly("(module (func (param v128)))", simd, simd);
        // externref as a parameter, a table, a global.
        let rt = Features::REFERENCE_TYPES;
        exactly("(module (func (param externref)))", rt, rt);
        exactly("(module (table 1 externref))", rt, rt);
        exactly("(module (table 1 funcref) (table 1 funcref))", rt, rt);
        // funcref as a value type (MVP only has it as a table's element type).
        exactly("(module (func (param funcref)))", rt, rt);
    }

    #[test]
    fn multi_value_in_types_and_blocks() {
        let mv = Features::MULTI_VALUE;
        exactly(
            "(module (func (result i32 i64) i32.const 0 i64.const 0))",
            mv,
            mv,
        );
        // A block with a parameter needs a type index.
        exactly(
            "(module (func (result i32) i32.const 1 (block (param i32) (result i32))))",
            mv,
            mv,
        );
        // A one-result block is MVP.
        exactly(
            "(module (func (result i32) (block (result i32) i32.const 1)))",
            Features::MVP,
            Features::MVP,
        );
    }

    #[test]
    fn mutable_globals_cross_the_boundary() {
        let mg = Features::MUTABLE_GLOBAL;
        exactly(r#"(module (import "env" "g" (global (mut i32))))"#, mg, mg);
        exactly(
            r#"(module (global (export "g") (mut i32) (i32.const 0)))"#,
            mg,
            mg,
        );
        // Mutable but private, or exported but immutable: MVP.
        exactly(
            r#"(module (global (mut i32) (i32.const 0)) (global (export "c") i32 (i32.const 0)))"#,
            Features::MVP,
            Features::MVP,
        );
    }

    #[test]
    fn segments() {
        // Passive data and the data count section memory.init needs; the
        // validator does not gate those, only the instructions.
        exactly(
            r#"(module (memory 1) (data "x"))"#,
            Features::BULK_MEMORY,
            Features::MVP,
        );
        exactly(
            r#"(module (memory 1) (data "x") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1))))"#,
            Features::BULK_MEMORY,
            Features::BULK_MEMORY,
        );
        exactly(
            "(module (func $f) (elem func $f))",
            Features::BULK_MEMORY,
            Features::MVP,
        );
        // A declarative segment exists for ref.func.
        let rt = Features::REFERENCE_TYPES;
        exactly(
            "(module (func $f (drop (ref.func $f))) (elem declare func $f))",
            rt,
            rt,
        );
        // Items as expressions: ref.func is a reference-types instruction.
        exactly(
            "(module (table 1 funcref) (func $f) (elem (i32.const 0) funcref (ref.func $f)))",
            rt,
            rt,
        );
        // An active segment for table 1.
        exactly(
            "(module (table 1 funcref) (table 1 funcref) (func $f) (elem (table 1) (i32.const 0) func $f))",
            rt,
            rt,
        );
    }

    #[test]
    fn beyond_webassembly_2() {
        let ec = Features::EXTENDED_CONST;
        exactly(
            "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))",
            ec,
            ec,
        );
        let mm = Features::MULTI_MEMORY;
        exactly("(module (memory 1) (memory 1))", mm, mm);
        let m64 = Features::MEMORY64;
        exactly("(module (memory i64 1))", m64, m64);
        let threads = Features::THREADS;
        exactly("(module (memory 1 1 shared))", threads, threads);
    }

    #[test]
    fn everything_at_once() {
        let text = r#"(module
            (import "env" "g" (global (mut i32)))
            (memory (export "mem") 1)
            (func (export "f") (param v128) (result i32 i32)
                local.get 0 i32x4.extract_lane 0
                i32.const 0 i32.extend8_s
                i32.const 0 i32.const 0 i32.const 0 memory.fill))"#;
        let expected = Features::MUTABLE_GLOBAL
            .union(Features::SIMD)
            .union(Features::MULTI_VALUE)
            .union(Features::SIGN_EXTENSION)
            .union(Features::BULK_MEMORY);
        exactly(text, expected, expected);
        assert!(Features::WASM2.contains(expected));
    }

    #[test]
    fn a_body_that_does_not_decode_is_an_error() {
        // A body with the illegal opcode 0xff; the parser only slices it.
        let mut wasm = wat::parse_str("(module (func nop))").unwrap();
        let at = wasm.iter().rposition(|&b| b == 0x01).unwrap();
        wasm[at] = 0xff;
        let module = brisk_parser::parse(&wasm).unwrap();
        let err = features_used(&module).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("offset {at:#x}: illegal opcode 0xff")
        );
    }
}
