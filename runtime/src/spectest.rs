//! The `spectest` host module the official testsuite imports.
//!
//! As the reference interpreter defines it: `print`, `print_i32`,
//! `print_i64`, `print_f32`, `print_f64`, `print_i32_f32`,
//! `print_f64_f64` (printing their arguments to stdout), `global_i32` =
//! 666, `global_i64` = 666, `global_f32` = 666.6, `global_f64` = 666.6
//! (immutable), `table` (10..20 funcref) and `memory` (1..2 pages).

use brisk_parser::{FuncType, GlobalType, MemoryType, RefType, TableType, ValType};

use crate::{Global, Linker, Memory, Result, Store, Table, Val};

fn show(v: &Val) -> String {
    match v {
        Val::I32(x) => format!("{x} : i32"),
        Val::I64(x) => format!("{x} : i64"),
        Val::F32(b) => format!("{:?} : f32", f32::from_bits(*b)),
        Val::F64(b) => format!("{:?} : f64", f64::from_bits(*b)),
        other => format!("{other:?}"),
    }
}

/// Defines the `spectest` module in `linker`, its memory, table and
/// globals created in `store`.
pub fn define<T: 'static>(linker: &mut Linker<T>, store: &mut Store<T>) -> Result<()> {
    use ValType::*;
    let prints: [(&str, &[ValType]); 7] = [
        ("print", &[]),
        ("print_i32", &[I32]),
        ("print_i64", &[I64]),
        ("print_f32", &[F32]),
        ("print_f64", &[F64]),
        ("print_i32_f32", &[I32, F32]),
        ("print_f64_f64", &[F64, F64]),
    ];
    for (name, params) in prints {
        linker.func_new(
            "spectest",
            name,
            FuncType::new(params.iter().copied(), []),
            |_, args, _| {
                for a in args {
                    println!("{}", show(a));
                }
                Ok(())
            },
        );
    }
    let globals = [
        ("global_i32", I32, Val::I32(666)),
        ("global_i64", I64, Val::I64(666)),
        ("global_f32", F32, Val::from(666.6f32)),
        ("global_f64", F64, Val::from(666.6f64)),
    ];
    for (name, ty, v) in globals {
        let g = Global::new(
            &mut *store,
            GlobalType {
                content_type: ty,
                mutable: false,
            },
            v,
        )?;
        linker.define("spectest", name, g);
    }
    let table = Table::new(
        &mut *store,
        TableType {
            element_type: RefType::FUNCREF,
            initial: 10,
            maximum: Some(20),
            table64: false,
        },
        Val::FuncRef(None),
    )?;
    linker.define("spectest", "table", table);
    let memory = Memory::new(
        &mut *store,
        MemoryType {
            initial: 1,
            maximum: Some(2),
            memory64: false,
            shared: false,
        },
    )?;
    linker.define("spectest", "memory", memory);
    Ok(())
}
