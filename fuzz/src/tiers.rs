//! The two tiers against each other: the interpreter and compiled code
//! must be indistinguishable.
//!
//! ```text
//! fuzz input ─wasm-smith (2.0, NaNs canonicalised, no imports, every item exported)─▶ bytes
//!   ├─ interpreter engine ─▶ run_in ─▶ Log ─┐
//!   └─ compiled engine ────▶ run_in ─▶ Log ─┴─▶ equal, or the first difference
//! ```
//!
//! [`run_in`] instantiates the module with a fuel budget, calls every
//! exported function once with arguments drawn from the input (each call
//! with a fresh budget), and logs every observable thing as a line:
//! results (floats as bits: wasm-smith's `canonicalize_nans` makes every
//! NaN the canonical one, so bits must agree), trap codes, the fuel left
//! after each step, and at the end every exported memory's bytes (as a
//! hash), global and table. Both tiers use the same small call-depth
//! limit, so deep recursion stops on the shared depth counter ("call stack
//! exhausted" with the same fuel in both) before either tier's native or
//! slot stack could.

use arbitrary::{Result, Unstructured};
use brisk_runtime::{Config, Engine, Error, Extern, Instance, Module, Store, Strategy, Val};

/// Fuel for instantiation and for each call: enough for real work, small
/// enough that an infinite loop ends fast.
pub const FUEL: u64 = 50_000;

/// The call-depth limit of both tiers.
pub const MAX_CALL_DEPTH: u32 = 200;

/// A `wasm_smith::Config` for tier comparison: [`crate::wasm2_config`]
/// (valid bodies), NaNs canonicalised, no imports, everything exported,
/// memories of at most 16 pages.
pub fn tiers_config(u: &mut Unstructured<'_>) -> Result<wasm_smith::Config> {
    let mut c = crate::wasm2_config(u, false)?;
    c.canonicalize_nans = true;
    c.max_imports = 0;
    c.export_everything = true;
    c.max_memory32_bytes = c.max_memory32_bytes.min(16 * 65536);
    c.max_table_elements = c.max_table_elements.min(1000);
    Ok(c)
}

/// The module a `tiers_differential` input stands for, and the rest of the
/// input (for call arguments).
pub fn module_from_input<'a>(data: &'a [u8]) -> Result<(Vec<u8>, Unstructured<'a>)> {
    let mut u = Unstructured::new(data);
    let config = tiers_config(&mut u)?;
    let bytes = wasm_smith::Module::new(config, &mut u)?.to_bytes();
    Ok((bytes, u))
}

/// An engine of one tier, with fuel on and the shared depth limit.
pub fn engine(strategy: Strategy) -> Engine {
    let mut config = Config::new();
    config
        .strategy(strategy)
        .consume_fuel(true)
        .max_call_depth(MAX_CALL_DEPTH);
    Engine::new(&config)
}

/// How one tier ran the module: one line per observable event.
pub type Log = Vec<String>;

fn show_val(v: &Val) -> String {
    match v {
        Val::I32(x) => format!("i32:{x}"),
        Val::I64(x) => format!("i64:{x}"),
        Val::F32(b) => format!("f32:{b:#010x}"),
        Val::F64(b) => format!("f64:{b:#018x}"),
        Val::V128(b) => format!("v128:{b:#034x}"),
        Val::FuncRef(f) => format!("funcref:{}", if f.is_some() { "func" } else { "null" }),
        Val::ExternRef(e) => format!("externref:{}", if e.is_some() { "some" } else { "null" }),
    }
}

fn show_err(e: &Error) -> String {
    match e.trap_code() {
        Some(code) => format!("trap: {code}"),
        None => format!("error: {e}"),
    }
}

/// A value of type `ty` drawn from `u` (zero once `u` is exhausted).
fn arg(ty: brisk_runtime::ValType, u: &mut Unstructured<'_>) -> Val {
    use brisk_runtime::ValType;
    match ty {
        ValType::I32 => Val::I32(u.arbitrary().unwrap_or(0)),
        ValType::I64 => Val::I64(u.arbitrary().unwrap_or(0)),
        ValType::F32 => Val::F32(f32::from(u.arbitrary::<i16>().unwrap_or(0)).to_bits()),
        ValType::F64 => Val::F64(f64::from(u.arbitrary::<i32>().unwrap_or(0)).to_bits()),
        ValType::V128 => Val::V128(u.arbitrary().unwrap_or(0)),
        ValType::Ref(r) => match r.heap_type {
            brisk_parser::HeapType::Extern => Val::ExternRef(None),
            _ => Val::FuncRef(None),
        },
    }
}

/// FNV-1a of `bytes`, so a memory's contents fit on one log line.
fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Runs `bytes` in `engine`'s tier; `args` feeds call arguments (give each
/// tier its own copy of the same bytes).
pub fn run_in(engine: &Engine, bytes: &[u8], mut args: Unstructured<'_>) -> Log {
    let mut log = Log::new();
    let module = match Module::new(engine, bytes) {
        Ok(m) => m,
        Err(e) => {
            log.push(format!("module: {}", show_err(&e)));
            return log;
        }
    };
    let mut store = Store::new(engine, ());
    let fuel = |store: &Store<()>| store.get_fuel().map_or(-1, |f| f as i64);
    if store.set_fuel(FUEL).is_err() {
        log.push("set_fuel failed".into());
        return log;
    }
    let instance = match Instance::new(&mut store, &module, &[]) {
        Ok(i) => i,
        Err(e) => {
            log.push(format!(
                "instantiate: {}; fuel {}",
                show_err(&e),
                fuel(&store)
            ));
            return log;
        }
    };
    log.push(format!("instantiate: ok; fuel {}", fuel(&store)));
    let exports = instance.exports(&mut store);
    for (name, ext) in &exports {
        let Extern::Func(f) = ext else { continue };
        let ty = f.ty(&store);
        let params: Vec<Val> = ty.params().iter().map(|&t| arg(t, &mut args)).collect();
        let mut results: Vec<Val> = ty.results().iter().map(|&t| Val::default_for(t)).collect();
        let _ = store.set_fuel(FUEL);
        let shown: Vec<String> = params.iter().map(show_val).collect();
        let outcome = match f.call(&mut store, &params, &mut results) {
            Ok(()) => results.iter().map(show_val).collect::<Vec<_>>().join(" "),
            Err(e) => show_err(&e),
        };
        log.push(format!(
            "call {name}({}) -> {outcome}; fuel {}",
            shown.join(", "),
            fuel(&store)
        ));
    }
    for (name, ext) in &exports {
        match ext {
            Extern::Memory(m) => {
                let data = m.data(&store);
                log.push(format!(
                    "memory {name}: {} bytes, hash {:016x}",
                    data.len(),
                    hash(data)
                ));
            }
            Extern::Global(g) => log.push(format!("global {name}: {}", show_val(&g.get(&store)))),
            Extern::Table(t) => {
                let size = t.size(&store);
                let elems: Vec<String> = (0..size.min(64))
                    .map(|i| t.get(&store, i).map_or("?".into(), |v| show_val(&v)))
                    .collect();
                log.push(format!("table {name}: {size} [{}]", elems.join(" ")));
            }
            Extern::Func(_) => {}
        }
    }
    log
}

/// Runs `bytes` in both tiers; `Err` names the first line where they
/// differ.
pub fn check_tiers(bytes: &[u8], args: &[u8]) -> std::result::Result<(), String> {
    let interp = run_in(
        &engine(Strategy::Interpreter),
        bytes,
        Unstructured::new(args),
    );
    let compiled = run_in(&engine(Strategy::Compiled), bytes, Unstructured::new(args));
    if interp == compiled {
        return Ok(());
    }
    let at = interp
        .iter()
        .zip(&compiled)
        .position(|(a, b)| a != b)
        .unwrap_or(interp.len().min(compiled.len()));
    let line = |log: &Log| log.get(at).cloned().unwrap_or_else(|| "(nothing)".into());
    Err(format!(
        "the tiers differ at event {at} ({} bytes of module)\n  interpreter: {}\n  compiled:    {}",
        bytes.len(),
        line(&interp),
        line(&compiled)
    ))
}
