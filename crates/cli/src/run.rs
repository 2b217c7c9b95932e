//! `brisk run [OPTIONS] FILE [ARGS...]`: run a module.
//!
//! Today: `--invoke NAME` calls an export of the module with ARGS read by
//! the export's parameter types ([`crate::value`]) and prints its results
//! one per line. The interpreter is the only tier (`--interp` names it);
//! WASI commands (`_start`), limits and extensions come with the runtime
//! and WASI issues.
//!
//! A trap prints `error: <message>` and the wasm backtrace on stderr and
//! exits with [`EXIT_TRAP`]; a module that does not decode, validate or
//! link exits with [`EXIT_BAD_INPUT`].

use std::path::PathBuf;
use std::process::ExitCode;

use brisk::parser::ValType;
use brisk::runtime::{Engine, Func, Linker, Module, Store, Val};

use crate::value::{self, Raw};

/// Exit status when the guest trapped.
pub const EXIT_TRAP: u8 = 3;
/// Exit status for a module that cannot be read, decoded, validated,
/// linked or instantiated, or an unknown export or bad argument.
pub const EXIT_BAD_INPUT: u8 = 1;

/// Run a WebAssembly module (.wasm or .wat).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 on success, 1 for bad input (unreadable, malformed, \
invalid or unlinkable module, unknown export, bad argument), 2 for usage errors, 3 when the \
guest traps."
)]
pub struct Args {
    /// Run in the interpreter (today the only tier).
    #[arg(long)]
    interp: bool,
    /// Call this exported function and print its results, one per line.
    #[arg(long, value_name = "NAME")]
    invoke: String,
    /// The module (`.wasm` or `.wat`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Arguments for the function, read by its parameter types.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    args: Vec<String>,
}

/// Runs the module; see the module docs for exit statuses.
pub fn run(args: &Args) -> ExitCode {
    match invoke(args) {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(Failure::BadInput(message)) => {
            eprintln!("brisk: {message}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
        Err(Failure::Trap(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_TRAP)
        }
    }
}

enum Failure {
    BadInput(String),
    Trap(String),
}

fn invoke(args: &Args) -> Result<Vec<String>, Failure> {
    let name = args.file.display();
    let bad = |e: &dyn std::fmt::Display| Failure::BadInput(format!("{name}: {e}"));
    let engine = Engine::default();
    let module = Module::from_file(&engine, &args.file).map_err(|e| bad(&e))?;
    let mut store = Store::new(&engine, ());
    let linker = Linker::new(&engine);
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(|e| bad(&e))?;
    let func: Func = instance.get_func(&mut store, &args.invoke).ok_or_else(|| {
        Failure::BadInput(format!("{name}: no exported function `{}`", args.invoke))
    })?;
    let ty = func.ty(&store);
    if ty.params().len() != args.args.len() {
        return Err(Failure::BadInput(format!(
            "`{}` takes {} argument(s) ({}), {} given",
            args.invoke,
            ty.params().len(),
            ty,
            args.args.len()
        )));
    }
    let params = ty
        .params()
        .iter()
        .zip(&args.args)
        .map(|(&ty, text)| value::parse(ty, text).map(to_val))
        .collect::<Result<Vec<Val>, String>>()
        .map_err(Failure::BadInput)?;
    let mut results = vec![Val::I32(0); ty.results().len()];
    func.call(&mut store, &params, &mut results)
        .map_err(|e| Failure::Trap(e.to_string()))?;
    Ok(ty
        .results()
        .iter()
        .zip(&results)
        .map(|(&ty, val)| value::format(from_val(ty, val)))
        .collect())
}

fn to_val(raw: Raw) -> Val {
    match raw.ty {
        ValType::I32 => Val::I32(raw.bits as u32 as i32),
        ValType::I64 => Val::I64(raw.bits as u64 as i64),
        ValType::F32 => Val::F32(raw.bits as u32),
        ValType::F64 => Val::F64(raw.bits as u64),
        ValType::V128 => Val::V128(raw.bits),
        // `value::parse` only accepts `null` for references.
        ValType::Ref(r) if r.heap_type == brisk::parser::HeapType::Extern => Val::ExternRef(None),
        ValType::Ref(_) => Val::FuncRef(None),
    }
}

fn from_val(ty: ValType, val: &Val) -> Raw {
    let bits = match val {
        Val::I32(v) => u128::from(*v as u32),
        Val::I64(v) => u128::from(*v as u64),
        Val::F32(bits) => u128::from(*bits),
        Val::F64(bits) => u128::from(*bits),
        Val::V128(bits) => *bits,
        Val::FuncRef(f) => u128::from(f.is_some()),
        // The host number of an extern reference is not printable here;
        // print it as `ref.extern 0` when non-null.
        Val::ExternRef(e) => u128::from(e.is_some()),
    };
    Raw { ty, bits }
}
