//! Checks the semantics functions against the spec testsuite's own
//! expectations.
//!
//! The numeric `.wast` files export functions that feed their parameters
//! (and sometimes constants) straight into operators. This test parses each
//! file with the `wast` crate, evaluates every such straight-line function
//! with the functions of this module (through the table in [`ops`], and the
//! SIMD load helpers over a modelled memory in [`memory`]), and compares
//! each `assert_return` (exact bits, `nan:canonical`, `nan:arithmetic`,
//! per-lane v128 patterns) and `assert_trap` (the trap message) against the
//! result. Functions that use anything else (stores, calls, control) are
//! skipped and counted. The testsuite is found as `brisk-spec-tests` finds
//! it (`BRISK_SPEC_TESTSUITE`, else `../shared/spec-testsuite` beside the
//! workspace); without it the test fails.

mod memory;
mod ops;

use std::collections::HashMap;

use wast::core::{Instruction, ModuleField, ModuleKind};
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat};

use super::NumTrap;

/// A dynamically typed wasm value; floats as their bits (the spec runner's,
/// so results are matched by the runner's own patterns).
pub(super) use brisk_spec_tests::value::Value as Val;

/// One step of a straight-line function body.
#[derive(Clone, Debug)]
enum Step {
    Local(usize),
    Const(Val),
    Op {
        name: String,
        arity: usize,
        op: ops::Op,
        imm: Vec<u8>,
    },
    Load(memory::Load),
}

/// How an evaluated function trapped.
#[derive(Clone, Copy, Debug)]
enum Trap {
    Num(NumTrap),
    OutOfBounds,
}

impl Trap {
    fn message(self) -> &'static str {
        match self {
            Trap::Num(t) => t.message(),
            Trap::OutOfBounds => "out of bounds memory access",
        }
    }
}

/// An exported function's body, if it is straight-line numeric code.
type Body = Option<Vec<Step>>;

/// The lane immediate of an instruction that has one.
macro_rules! lane_imm {
    ($i:expr; $($v:ident)*) => {
        match $i {
            $(Instruction::$v(l) => Some(vec![l.lane]),)*
            Instruction::i8x16_shuffle(s) => Some(s.lanes.to_vec()),
            _ => None,
        }
    };
}

fn table() -> HashMap<&'static str, (usize, ops::Op)> {
    ops::all()
        .map(|&(name, arity, op)| (name, (arity, op)))
        .collect()
}

/// Translates one instruction, or `None` if it is not straight-line numeric.
fn step(i: &Instruction<'_>, table: &HashMap<&'static str, (usize, ops::Op)>) -> Option<Step> {
    use wast::token::Index;
    Some(match i {
        Instruction::local_get(Index::Num(n, _)) => Step::Local(*n as usize),
        Instruction::i32_const(x) => Step::Const(Val::I32(*x)),
        Instruction::i64_const(x) => Step::Const(Val::I64(*x)),
        Instruction::f32_const(x) => Step::Const(Val::F32(x.bits)),
        Instruction::f64_const(x) => Step::Const(Val::F64(x.bits)),
        Instruction::v128_const(x) => Step::Const(Val::V128(u128::from_le_bytes(x.to_le_bytes()))),
        _ if memory::load(i).is_some() => Step::Load(memory::load(i)?),
        _ => {
            let debug = format!("{i:?}");
            let name = debug.split('(').next()?.to_owned();
            let imm = lane_imm!(i;
                i8x16_extract_lane_s i8x16_extract_lane_u i8x16_replace_lane
                i16x8_extract_lane_s i16x8_extract_lane_u i16x8_replace_lane
                i32x4_extract_lane i32x4_replace_lane i64x2_extract_lane i64x2_replace_lane
                f32x4_extract_lane f32x4_replace_lane f64x2_extract_lane f64x2_replace_lane)
            .unwrap_or_default();
            if debug.contains('(') && imm.is_empty() {
                if std::env::var_os("SEM_DEBUG").is_some() {
                    eprintln!("UNSUPPORTED {name}");
                }
                return None;
            }
            let Some(&(arity, op)) = table.get(name.as_str()) else {
                if std::env::var_os("SEM_DEBUG").is_some() {
                    eprintln!("UNSUPPORTED {name}");
                }
                return None;
            };
            Step::Op {
                name,
                arity,
                op,
                imm,
            }
        }
    })
}

/// Runs a body on `args`: the values left on the stack, or the trap.
fn eval(body: &[Step], args: &[Val], memory: &[u8]) -> Result<Result<Vec<Val>, Trap>, String> {
    let mut stack = Vec::new();
    for s in body {
        match s {
            Step::Local(n) => stack.push(*args.get(*n).ok_or("missing argument")?),
            Step::Const(v) => stack.push(*v),
            Step::Op {
                name,
                arity,
                op,
                imm,
            } => {
                let at = stack.len().checked_sub(*arity).ok_or("stack underflow")?;
                let operands: Vec<Val> = stack.drain(at..).collect();
                match op(&operands, imm) {
                    None => return Err(format!("{name}: operand types {operands:?}")),
                    Some(Err(trap)) => return Ok(Err(Trap::Num(trap))),
                    Some(Ok(v)) => stack.push(v),
                }
            }
            Step::Load(l) => {
                let at = stack
                    .len()
                    .checked_sub(l.arity())
                    .ok_or("stack underflow")?;
                let operands: Vec<Val> = stack.drain(at..).collect();
                match memory::perform(l, memory, &operands)? {
                    Some(v) => stack.push(v),
                    None => return Ok(Err(Trap::OutOfBounds)),
                }
            }
        }
    }
    Ok(Ok(stack))
}

/// What the test keeps of an instantiated module.
#[derive(Clone, Debug, Default)]
struct Instance {
    /// The exported functions, by export name.
    funcs: HashMap<String, Body>,
    /// Memory 0 after the data segments (empty without a memory); `None`
    /// once a function the test cannot evaluate (which may have stored to
    /// it) was invoked, so later loads are skipped, not wrongly checked.
    memory: Option<Vec<u8>>,
}

/// Collects the straight-line bodies of a text module's exported functions
/// and its initial memory.
fn instantiate(
    wat: &mut QuoteWat<'_>,
    table: &HashMap<&'static str, (usize, ops::Op)>,
) -> Option<Instance> {
    let QuoteWat::Wat(Wat::Module(m)) = wat else {
        return None;
    };
    m.resolve().ok()?;
    let ModuleKind::Text(fields) = &m.kind else {
        return None;
    };
    // Function index space: imports first, then definitions.
    let mut imported = Vec::new();
    let mut defined = Vec::new();
    let mut by_index_exports = Vec::new();
    for field in fields {
        match field {
            ModuleField::Import(i) => {
                for item in i.item_sigs() {
                    if matches!(item.kind, wast::core::ItemKind::Func(_)) {
                        imported.push((Vec::new(), None));
                    }
                }
            }
            ModuleField::Func(f) => {
                let names: Vec<String> = f.exports.names.iter().map(|n| n.to_string()).collect();
                match &f.kind {
                    wast::core::FuncKind::Import(..) => imported.push((names, None)),
                    wast::core::FuncKind::Inline { expression, .. } => {
                        let body = expression.instrs.iter().map(|i| step(i, table)).collect();
                        defined.push((names, body));
                    }
                }
            }
            ModuleField::Export(e) => {
                if let (wast::core::ExportKind::Func, wast::token::Index::Num(n, _)) =
                    (&e.kind, &e.item)
                {
                    by_index_exports.push((e.name.to_string(), *n as usize));
                }
            }
            _ => {}
        }
    }
    let funcs: Vec<(Vec<String>, Body)> = imported.into_iter().chain(defined).collect();
    let memory = memory::initial(fields)?;
    let mut out = Instance {
        funcs: HashMap::new(),
        memory: Some(memory),
    };
    for (names, body) in &funcs {
        for n in names {
            out.funcs.insert(n.clone(), body.clone());
        }
    }
    for (name, idx) in by_index_exports {
        out.funcs
            .insert(name, funcs.get(idx).and_then(|f| f.1.clone()));
    }
    Some(out)
}

/// Assertion counts for one file.
#[derive(Debug, Default)]
struct Counts {
    returns: usize,
    traps: usize,
    skipped: usize,
    failures: Vec<String>,
}

/// The instances of one file: `current` is the latest module, `named`
/// those with an `$id`; both index `all`.
#[derive(Default)]
struct Instances {
    all: Vec<Option<Instance>>,
    current: usize,
    named: HashMap<String, usize>,
}

impl Instances {
    /// The instance an invocation names: a named module or the latest one.
    fn target(&mut self, module: Option<wast::token::Id<'_>>) -> Option<&mut Instance> {
        let index = match module {
            Some(id) => *self.named.get(id.name())?,
            None => self.current,
        };
        self.all.get_mut(index)?.as_mut()
    }
}

fn run_file(path: &std::path::Path, table: &HashMap<&'static str, (usize, ops::Op)>) -> Counts {
    let text = std::fs::read_to_string(path).expect("read wast file");
    let buf = ParseBuffer::new(&text).expect("lex wast file");
    let wast: Wast<'_> = parser::parse(&buf).expect("parse wast file");
    let mut counts = Counts::default();
    let mut instances = Instances::default();
    for directive in wast.directives {
        let (invoke, expect) = match directive {
            WastDirective::Module(mut wat) => {
                let id = match &wat {
                    QuoteWat::Wat(Wat::Module(m)) => m.id.map(|id| id.name().to_owned()),
                    _ => None,
                };
                instances.current = instances.all.len();
                instances.all.push(instantiate(&mut wat, table));
                if let Some(id) = id {
                    instances.named.insert(id, instances.current);
                }
                continue;
            }
            WastDirective::Invoke(inv) => {
                // A bare action: only its effect on memory matters here.
                if let Some(instance) = instances.target(inv.module)
                    && !matches!(instance.funcs.get(inv.name), Some(Some(_)))
                {
                    instance.memory = None;
                }
                continue;
            }
            WastDirective::AssertReturn {
                exec: WastExecute::Invoke(inv),
                results,
                ..
            } => (inv, Ok(results)),
            WastDirective::AssertTrap {
                exec: WastExecute::Invoke(inv),
                message,
                ..
            } => (inv, Err(message)),
            _ => continue,
        };
        let (line, _) = inv_pos(&text, invoke.span);
        let what = format!("{}:{line} {}", path.display(), invoke.name);
        let Some(instance) = instances.target(invoke.module) else {
            counts.skipped += 1;
            continue;
        };
        let body = instance.funcs.get(invoke.name).cloned().flatten();
        let args: Option<Vec<Val>> = invoke
            .args
            .iter()
            .map(|a| brisk_spec_tests::value::arg(a).ok())
            .collect();
        let uses_memory = |b: &[Step]| b.iter().any(|s| matches!(s, Step::Load(_)));
        let (Some(body), Some(args)) = (body, args) else {
            // Whatever the skipped function did to memory is unknown.
            instance.memory = None;
            counts.skipped += 1;
            continue;
        };
        let memory = match &instance.memory {
            Some(m) => m.as_slice(),
            None if uses_memory(&body) => {
                counts.skipped += 1;
                continue;
            }
            None => &[],
        };
        let got = match eval(&body, &args, memory) {
            Ok(r) => r,
            Err(e) => {
                counts.failures.push(format!("{what}: {e}"));
                continue;
            }
        };
        match (expect, got) {
            (Ok(results), Ok(vals)) => {
                counts.returns += 1;
                let ok = results.len() == vals.len()
                    && results
                        .iter()
                        .zip(&vals)
                        .all(|(r, v)| brisk_spec_tests::value::matches(r, v));
                if !ok {
                    counts
                        .failures
                        .push(format!("{what}: expected {results:?}, got {vals:x?}"));
                }
            }
            (Err(message), Err(trap)) => {
                counts.traps += 1;
                if !trap.message().contains(message) {
                    counts.failures.push(format!(
                        "{what}: expected trap {message:?}, got {:?}",
                        trap.message()
                    ));
                }
            }
            (Ok(results), Err(trap)) => counts
                .failures
                .push(format!("{what}: expected {results:?}, trapped {trap:?}")),
            (Err(message), Ok(vals)) => counts
                .failures
                .push(format!("{what}: expected trap {message:?}, got {vals:x?}")),
        }
    }
    counts
}

fn inv_pos(text: &str, span: wast::token::Span) -> (usize, usize) {
    span.linecol_in(text)
}

/// The files whose modules are straight-line numeric code.
fn numeric_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let scalar = [
        "i32.wast",
        "i64.wast",
        "f32.wast",
        "f64.wast",
        "conversions.wast",
        "float_misc.wast",
        "f32_bitwise.wast",
        "f64_bitwise.wast",
        "f32_cmp.wast",
        "f64_cmp.wast",
        "int_exprs.wast",
        "float_exprs.wast",
    ];
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("read testsuite dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            scalar.contains(&name) || name.starts_with("simd_")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn spec_testsuite_numeric_assertions() {
    // Like brisk-spec-tests: `BRISK_SPEC_TESTSUITE`, else the testsuite
    // beside the workspace. A missing suite fails the test rather than
    // passing it unchecked.
    let root = std::env::var_os("BRISK_SPEC_TESTSUITE").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec-testsuite"),
        std::path::PathBuf::from,
    );
    let dir = root.join("2.0");
    assert!(
        dir.is_dir(),
        "spec testsuite not found at {} (set BRISK_SPEC_TESTSUITE; see README.md)",
        dir.display()
    );
    let table = table();
    let (mut returns, mut traps, mut skipped, mut failures) = (0, 0, 0, Vec::new());
    for file in numeric_files(&dir) {
        let c = run_file(&file, &table);
        eprintln!(
            "{}: {} assert_return, {} assert_trap checked, {} skipped, {} failed",
            file.file_name().unwrap_or_default().to_string_lossy(),
            c.returns,
            c.traps,
            c.skipped,
            c.failures.len()
        );
        returns += c.returns;
        traps += c.traps;
        skipped += c.skipped;
        failures.extend(c.failures);
    }
    eprintln!(
        "total: {returns} assert_return + {traps} assert_trap checked, {skipped} skipped, {} failed",
        failures.len()
    );
    for f in failures.iter().take(50) {
        eprintln!("FAIL {f}");
    }
    assert!(
        failures.is_empty(),
        "{} spec assertions failed",
        failures.len()
    );
    assert!(returns + traps > 0, "no assertion was checked");
}

/// Every row of the opcode table with a fixed, value-typed signature (and
/// every lane/shuffle row) has a function of the same name and arity.
#[test]
fn every_numeric_row_has_a_function() {
    macro_rules! rows {
        ($( @$p:ident $pre:literal $code:literal $op:ident $({ $($f:ident : $t:ty $(as $m:ident)?),* })? => $visit:ident $name:literal $sig:tt )*) => {
            &[$((stringify!($visit), stringify!($sig), stringify!($p))),*]
        };
    }
    let rows: &[(&str, &str, &str)] = brisk_parser::for_each_operator!(rows);
    let table = table();
    let mut missing = Vec::new();
    let mut covered = 0;
    for &(visit, sig, proposal) in rows {
        let name = visit
            .strip_prefix("visit_")
            .expect("visitor names start with visit_");
        let sig = sig.trim_start_matches('[').trim_end_matches(']');
        let lane_op = proposal == "simd"
            && (name.contains("_lane") || name == "i8x16_shuffle")
            && !name.starts_with("v128_");
        let arity = match sig.split_once("->") {
            Some((ins, _)) if !ins.trim().is_empty() => ins.split_whitespace().count(),
            _ if lane_op => {
                if name.contains("replace") || name.contains("shuffle") {
                    2
                } else {
                    1
                }
            }
            _ => continue,
        };
        match table.get(name) {
            Some(&(a, _)) if a == arity => covered += 1,
            _ => missing.push(format!("{name}/{arity}")),
        }
    }
    assert!(
        missing.is_empty(),
        "rows without a semantics function: {missing:?}"
    );
    assert!(covered > 100, "only {covered} rows checked");
}
