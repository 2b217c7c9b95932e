//! Runs `.wast` scripts on the interpreter through a small built-in
//! embedder (brisk-vm directly; brisk-interp cannot use brisk-runtime),
//! and prints per-file counts of passed and failed execution directives.
//! A development tool for the interpreter until the spec runner drives the
//! runtime:
//!
//! ```text
//! cargo run --release -p brisk-interp --example spec_smoke -- ../shared/spec-testsuite/2.0/*.wast
//! ```
//!
//! It handles `module`, `register`, `invoke`, `assert_return`,
//! `assert_trap` (on calls and on instantiation) and `assert_exhaustion`;
//! other directives are counted as skipped. Exit status 1 if anything
//! failed.

mod embed;

use brisk_parser::ExternKind;
use brisk_vm::{Trap, ValRaw};
use embed::{Res, Script};
use wast::core::{NanPattern, V128Const, V128Pattern, WastArgCore, WastRetCore};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet};

fn invoke(s: &mut Script, inv: &WastInvoke<'_>) -> Result<Vec<ValRaw>, Trap> {
    let mut args = Vec::new();
    for a in &inv.args {
        args.push(arg(a).map_err(|e| Trap::host(e.into()))?);
    }
    s.invoke(inv.module.map(|m| m.name()), inv.name, &args)
}

impl Script {
    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<ValRaw>, String> {
        match exec {
            WastExecute::Invoke(inv) => invoke(self, &inv).map_err(|t| t.to_string()),
            WastExecute::Wat(mut w) => {
                let bytes = w.encode().map_err(|e| e.to_string())?;
                self.instantiate(bytes, None).map(|()| Vec::new())
            }
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(module.map(|m| m.name()))?;
                let e = inst
                    .module
                    .validated()
                    .module
                    .exports
                    .iter()
                    .find(|e| e.name == global && e.kind == ExternKind::Global)
                    .ok_or("no such global")?;
                Ok(vec![
                    self.store
                        .global_get(inst.id, e.index)
                        .map_err(|e| e.to_string())?,
                ])
            }
        }
    }
}

fn v128(c: &V128Const) -> u128 {
    u128::from_le_bytes(c.to_le_bytes())
}

fn arg(a: &WastArg<'_>) -> Res<ValRaw> {
    let WastArg::Core(a) = a else {
        return Err("component arg".into());
    };
    Ok(match a {
        WastArgCore::I32(v) => ValRaw::i32(*v),
        WastArgCore::I64(v) => ValRaw::i64(*v),
        WastArgCore::F32(v) => ValRaw::f32(v.bits),
        WastArgCore::F64(v) => ValRaw::f64(v.bits),
        WastArgCore::V128(v) => ValRaw::v128(v128(v)),
        WastArgCore::RefNull(_) => ValRaw::i64(0),
        WastArgCore::RefExtern(n) => ValRaw::externref(u64::from(*n) + 1),
        WastArgCore::RefHost(_) => return Err("host ref".into()),
    })
}

fn nan32(p: &NanPattern<wast::token::F32>, bits: u32) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff == 0x7fc0_0000,
        NanPattern::ArithmeticNan => bits & 0x7fc0_0000 == 0x7fc0_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn nan64(p: &NanPattern<wast::token::F64>, bits: u64) -> bool {
    match p {
        NanPattern::CanonicalNan => bits & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
        NanPattern::ArithmeticNan => bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
        NanPattern::Value(v) => v.bits == bits,
    }
}

fn matches(r: &WastRetCore<'_>, v: ValRaw) -> bool {
    let b = v.get_v128().to_le_bytes();
    match r {
        WastRetCore::I32(x) => v.get_i32() == *x,
        WastRetCore::I64(x) => v.get_i64() == *x,
        WastRetCore::F32(p) => nan32(p, v.get_f32()),
        WastRetCore::F64(p) => nan64(p, v.get_f64()),
        WastRetCore::V128(p) => {
            match p {
                V128Pattern::I8x16(l) => l.iter().enumerate().all(|(i, x)| b[i] as i8 == *x),
                V128Pattern::I16x8(l) => l
                    .iter()
                    .enumerate()
                    .all(|(i, x)| i16::from_le_bytes([b[2 * i], b[2 * i + 1]]) == *x),
                V128Pattern::I32x4(l) => l.iter().enumerate().all(|(i, x)| {
                    i32::from_le_bytes(b[4 * i..4 * i + 4].try_into().unwrap()) == *x
                }),
                V128Pattern::I64x2(l) => l.iter().enumerate().all(|(i, x)| {
                    i64::from_le_bytes(b[8 * i..8 * i + 8].try_into().unwrap()) == *x
                }),
                V128Pattern::F32x4(l) => l.iter().enumerate().all(|(i, p)| {
                    nan32(
                        p,
                        u32::from_le_bytes(b[4 * i..4 * i + 4].try_into().unwrap()),
                    )
                }),
                V128Pattern::F64x2(l) => l.iter().enumerate().all(|(i, p)| {
                    nan64(
                        p,
                        u64::from_le_bytes(b[8 * i..8 * i + 8].try_into().unwrap()),
                    )
                }),
            }
        }
        WastRetCore::RefNull(_) => v.get_i64() == 0,
        WastRetCore::RefExtern(Some(n)) => v.get_externref() == u64::from(*n) + 1,
        WastRetCore::RefExtern(None) | WastRetCore::RefFunc(_) => v.get_i64() != 0,
        WastRetCore::Either(options) => options.iter().any(|o| matches(o, v)),
        _ => false,
    }
}

#[derive(Default)]
struct Counts {
    passed: u32,
    failed: u32,
    skipped: u32,
}

fn run_file(path: &str, verbose: bool) -> Counts {
    let mut c = Counts::default();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            c.failed += 1;
            return c;
        }
    };
    let buf = match wast::parser::ParseBuffer::new(&text) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            c.failed += 1;
            return c;
        }
    };
    let wast: Wast<'_> = match wast::parser::parse(&buf) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("{path}: {e}");
            c.failed += 1;
            return c;
        }
    };
    let mut s = Script::new();
    for d in wast.directives {
        let span = d.span();
        let (line, _) = span.linecol_in(&text);
        let outcome: Option<Res<()>> = match d {
            WastDirective::Module(QuoteWat::Wat(mut w)) => {
                let name = match &w {
                    wast::Wat::Module(m) => m.id.map(|i| i.name().to_string()),
                    _ => None,
                };
                Some(
                    w.encode()
                        .map_err(|e| e.to_string())
                        .and_then(|b| s.instantiate(b, name.as_deref())),
                )
            }
            WastDirective::Register { name, module, .. } => {
                let i = match module {
                    Some(m) => s.named.get(m.name()).copied(),
                    None => s.instances.len().checked_sub(1),
                };
                if let Some(i) = i {
                    s.registered.insert(name.to_string(), i);
                }
                None
            }
            WastDirective::Invoke(inv) => {
                Some(invoke(&mut s, &inv).map(|_| ()).map_err(|t| t.to_string()))
            }
            WastDirective::AssertReturn { exec, results, .. } => {
                Some(s.execute(exec).and_then(|vals| {
                    let ok = vals.len() == results.len()
                        && results.iter().zip(&vals).all(|(r, v)| match r {
                            WastRet::Core(r) => matches(r, *v),
                            _ => false,
                        });
                    if ok {
                        Ok(())
                    } else {
                        Err(format!(
                            "got {:?}",
                            vals.iter().map(|v| v.get_v128()).collect::<Vec<_>>()
                        ))
                    }
                }))
            }
            WastDirective::AssertTrap { exec, message, .. } => Some(match s.execute(exec) {
                Ok(_) => Err(format!("expected trap {message:?}")),
                Err(e) if e.contains(message) => Ok(()),
                Err(e) => Err(format!("expected {message:?}, got {e:?}")),
            }),
            WastDirective::AssertExhaustion { call, message, .. } => {
                Some(match invoke(&mut s, &call) {
                    Ok(_) => Err("expected exhaustion".into()),
                    Err(e) if e.to_string().contains(message) => Ok(()),
                    Err(e) => Err(format!("expected {message:?}, got {e}")),
                })
            }
            _ => {
                c.skipped += 1;
                None
            }
        };
        match outcome {
            Some(Ok(())) => c.passed += 1,
            Some(Err(e)) => {
                c.failed += 1;
                if verbose {
                    eprintln!("{path}:{}: {}", line + 1, e.lines().next().unwrap_or(""));
                }
            }
            None => {}
        }
    }
    c
}

fn main() {
    let verbose = std::env::var_os("VERBOSE").is_some();
    let mut total = Counts::default();
    for path in std::env::args().skip(1) {
        let c = run_file(&path, verbose);
        println!(
            "{path}: {} passed, {} failed, {} skipped",
            c.passed, c.failed, c.skipped
        );
        total.passed += c.passed;
        total.failed += c.failed;
        total.skipped += c.skipped;
    }
    println!(
        "total: {} passed, {} failed, {} skipped",
        total.passed, total.failed, total.skipped
    );
    if total.failed > 0 {
        std::process::exit(1);
    }
}
