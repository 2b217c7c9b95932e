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

use std::collections::HashMap;
use std::sync::Arc;

use brisk_interp::ModuleCode;
use brisk_parser::{
    DataMode, ElementItems, ElementMode, ExternKind, Features, GlobalType, ImportType, MemoryType,
    Operator, OperatorsReader, RefType, TableType, ValType,
};
use brisk_validator::OwnedModule;
use brisk_vm::{InstanceId, Trap, TypeRegistry, VMExtern, VMStore, ValRaw};
use wast::core::{NanPattern, V128Const, V128Pattern, WastArgCore, WastRetCore};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet};

struct Inst {
    id: InstanceId,
    module: Arc<OwnedModule>,
}

struct Script {
    store: VMStore,
    instances: Vec<Inst>,
    named: HashMap<String, usize>,
    registered: HashMap<String, usize>,
    spectest: Option<InstanceId>,
}

type Res<T> = Result<T, String>;

impl Script {
    fn new() -> Script {
        Script {
            store: VMStore::new(Arc::new(TypeRegistry::new())),
            instances: Vec::new(),
            named: HashMap::new(),
            registered: HashMap::new(),
            spectest: None,
        }
    }

    fn spectest(&mut self) -> Res<InstanceId> {
        if let Some(id) = self.spectest {
            return Ok(id);
        }
        let mem = MemoryType {
            initial: 1,
            maximum: Some(2),
            memory64: false,
            shared: false,
        };
        let table = TableType {
            element_type: RefType::FUNCREF,
            initial: 10,
            maximum: Some(20),
            table64: false,
        };
        let g = |t| GlobalType {
            content_type: t,
            mutable: false,
        };
        let globals = [
            g(ValType::I32),
            g(ValType::I64),
            g(ValType::F32),
            g(ValType::F64),
        ];
        let id = self
            .store
            .host_instance(&[mem], &[table], &globals)
            .map_err(|e| e.to_string())?;
        let vals = [
            ValRaw::i32(666),
            ValRaw::i64(666),
            ValRaw::f32(666.6f32.to_bits()),
            ValRaw::f64(666.6f64.to_bits()),
        ];
        for (i, v) in vals.into_iter().enumerate() {
            self.store
                .global_set(id, i as u32, v)
                .map_err(|e| e.to_string())?;
        }
        self.spectest = Some(id);
        Ok(id)
    }

    fn resolve(
        &mut self,
        module: &str,
        name: &str,
        ty: &ImportType,
        m: &brisk_parser::Module<'_>,
    ) -> Res<VMExtern> {
        if module == "spectest" {
            let id = self.spectest()?;
            return Ok(match (name, ty) {
                ("memory", ImportType::Memory(_)) => VMExtern::Memory(id, 0),
                ("table", ImportType::Table(_)) => VMExtern::Table(id, 0),
                ("global_i32", ImportType::Global(_)) => VMExtern::Global(id, 0),
                ("global_i64", ImportType::Global(_)) => VMExtern::Global(id, 1),
                ("global_f32", ImportType::Global(_)) => VMExtern::Global(id, 2),
                ("global_f64", ImportType::Global(_)) => VMExtern::Global(id, 3),
                (n, ImportType::Func(t)) if n.starts_with("print") => {
                    let ft = m.types[*t as usize].clone();
                    VMExtern::Func(
                        self.store
                            .host_func(&ft, Box::new(|_: &mut [ValRaw]| Ok(()))),
                    )
                }
                _ => return Err(format!("unknown import spectest.{name}")),
            });
        }
        let &i = self
            .registered
            .get(module)
            .ok_or_else(|| format!("unknown module {module}"))?;
        let inst = &self.instances[i];
        let e = inst
            .module
            .validated()
            .module
            .exports
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| format!("unknown import {module}.{name}"))?;
        Ok(match e.kind {
            ExternKind::Func => {
                VMExtern::Func(self.store.instance(inst.id).canonical_func_ref(e.index))
            }
            ExternKind::Memory => VMExtern::Memory(inst.id, e.index),
            ExternKind::Table => VMExtern::Table(inst.id, e.index),
            ExternKind::Global => VMExtern::Global(inst.id, e.index),
        })
    }

    fn const_expr(&mut self, id: InstanceId, data: &[u8]) -> Res<ValRaw> {
        let mut r = OperatorsReader::new(data, 0, Features::default());
        let op = r.read().map_err(|e| e.to_string())?;
        Ok(match op {
            Operator::I32Const { value } => ValRaw::i32(value),
            Operator::I64Const { value } => ValRaw::i64(value),
            Operator::F32Const { value } => ValRaw::f32(value.0),
            Operator::F64Const { value } => ValRaw::f64(value.0),
            Operator::V128Const { value } => ValRaw::v128(u128::from_le_bytes(value.0)),
            Operator::RefNull { .. } => ValRaw::i64(0),
            Operator::RefFunc { function_index } => {
                ValRaw::funcref(self.store.instance(id).canonical_func_ref(function_index))
            }
            Operator::GlobalGet { global_index } => self
                .store
                .global_get(id, global_index)
                .map_err(|e| e.to_string())?,
            other => return Err(format!("unsupported constant {other:?}")),
        })
    }

    /// Instantiates; `Err` is a link/instantiation failure or a trap message.
    fn instantiate(&mut self, wasm: Vec<u8>, name: Option<&str>) -> Res<()> {
        let module = Arc::new(OwnedModule::new(wasm).map_err(|e| e.to_string())?);
        let m = &module.validated().module;
        let mut imports = Vec::new();
        for imp in &m.imports {
            imports.push(self.resolve(imp.module, imp.name, &imp.ty, m)?);
        }
        let code = Arc::new(ModuleCode::new(module.clone()));
        let id = self
            .store
            .instantiate(code, &imports)
            .map_err(|e| e.to_string())?;
        for (i, init) in m.global_inits.iter().enumerate() {
            let v = self.const_expr(id, init.data)?;
            self.store
                .global_set(id, m.global_imports + i as u32, v)
                .map_err(|e| e.to_string())?;
        }
        for (i, e) in m.elements.iter().enumerate() {
            let mut refs = Vec::new();
            match &e.items {
                ElementItems::Functions(f) => {
                    for &f in f {
                        refs.push(self.store.instance(id).canonical_func_ref(f) as usize);
                    }
                }
                ElementItems::Expressions(x) => {
                    for c in x {
                        refs.push(self.const_expr(id, c.data)?.get_i64() as usize);
                    }
                }
            }
            match e.mode {
                ElementMode::Active { table, offset } => {
                    let at = self.const_expr(id, offset.data)?.get_i32() as u32 as u64;
                    let size = self
                        .store
                        .table_type(id, table)
                        .map_err(|e| e.to_string())?
                        .initial;
                    if at + refs.len() as u64 > size {
                        return Err("out of bounds table access".into());
                    }
                    for (k, r) in refs.iter().enumerate() {
                        self.store
                            .table_set(id, table, at + k as u64, *r)
                            .map_err(|e| e.to_string())?;
                    }
                }
                ElementMode::Passive => {
                    self.store
                        .set_elem_segment(id, i as u32, refs)
                        .map_err(|e| e.to_string())?;
                }
                ElementMode::Declared => {}
            }
        }
        for d in &m.data {
            if let DataMode::Active { memory, offset } = d.mode {
                let at = self.const_expr(id, offset.data)?.get_i32() as u32 as usize;
                let mem = self
                    .store
                    .memory_data(id, memory)
                    .map_err(|e| e.to_string())?;
                if at + d.data.len() > mem.len() {
                    return Err("out of bounds memory access".into());
                }
                mem[at..at + d.data.len()].copy_from_slice(d.data);
            }
        }
        self.instances.push(Inst {
            id,
            module: module.clone(),
        });
        if let Some(n) = name {
            self.named.insert(n.to_string(), self.instances.len() - 1);
        }
        if let Some(start) = m.start {
            let f = self.store.instance(id).canonical_func_ref(start);
            self.store.call(f, &mut []).map_err(|t| t.to_string())?;
        }
        Ok(())
    }

    fn instance(&self, name: Option<wast::token::Id<'_>>) -> Res<&Inst> {
        match name {
            Some(n) => self
                .named
                .get(n.name())
                .map(|&i| &self.instances[i])
                .ok_or("unknown instance".into()),
            None => self.instances.last().ok_or("no instance".into()),
        }
    }

    fn invoke(&mut self, inv: &WastInvoke<'_>) -> Result<Vec<ValRaw>, Trap> {
        let inst = self
            .instance(inv.module)
            .map_err(|e| Trap::host(e.into()))?;
        let m = &inst.module.validated().module;
        let e = m
            .exports
            .iter()
            .find(|e| e.name == inv.name && e.kind == ExternKind::Func)
            .ok_or_else(|| Trap::host("no such export".into()))?;
        let ty = m.func_type(e.index).expect("typed").clone();
        let f = self.store.instance(inst.id).canonical_func_ref(e.index);
        let mut vals = vec![ValRaw::i64(0); ty.params().len().max(ty.results().len())];
        for (i, a) in inv.args.iter().enumerate() {
            vals[i] = arg(a).map_err(|e| Trap::host(e.into()))?;
        }
        self.store.call(f, &mut vals)?;
        vals.truncate(ty.results().len());
        Ok(vals)
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<ValRaw>, String> {
        match exec {
            WastExecute::Invoke(inv) => self.invoke(&inv).map_err(|t| t.to_string()),
            WastExecute::Wat(mut w) => {
                let bytes = w.encode().map_err(|e| e.to_string())?;
                self.instantiate(bytes, None).map(|()| Vec::new())
            }
            WastExecute::Get { module, global, .. } => {
                let inst = self.instance(module)?;
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
                Some(s.invoke(&inv).map(|_| ()).map_err(|t| t.to_string()))
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
            WastDirective::AssertExhaustion { call, message, .. } => Some(match s.invoke(&call) {
                Ok(_) => Err("expected exhaustion".into()),
                Err(e) if e.to_string().contains(message) => Ok(()),
                Err(e) => Err(format!("expected {message:?}, got {e}")),
            }),
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
