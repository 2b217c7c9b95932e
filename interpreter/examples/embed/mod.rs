//! A minimal embedder over brisk-vm for the interpreter's examples (the
//! interpreter cannot use brisk-runtime, which depends on it): the
//! `spectest` host module, imports from registered instances, global
//! initialisers, element and data segments with the spec's bounds traps,
//! the start function, and calls by export name.

use std::collections::HashMap;
use std::sync::Arc;

use brisk_interp::{CodeOptions, ModuleCode};
use brisk_parser::{
    DataMode, ElementItems, ElementMode, ExternKind, Features, GlobalType, ImportType, MemoryType,
    Operator, OperatorsReader, RefType, TableType, ValType,
};
use brisk_validator::OwnedModule;
use brisk_vm::{InstanceId, Trap, TypeRegistry, VMExtern, VMStore, ValRaw};

pub struct Inst {
    pub id: InstanceId,
    pub module: Arc<OwnedModule>,
}

pub struct Script {
    pub store: VMStore,
    pub instances: Vec<Inst>,
    pub named: HashMap<String, usize>,
    pub registered: HashMap<String, usize>,
    spectest: Option<InstanceId>,
    /// How modules instantiated from now on are translated.
    pub options: CodeOptions,
}

pub type Res<T> = Result<T, String>;

impl Script {
    pub fn new() -> Script {
        Script {
            store: VMStore::new(Arc::new(TypeRegistry::new())),
            instances: Vec::new(),
            named: HashMap::new(),
            registered: HashMap::new(),
            spectest: None,
            options: CodeOptions::default(),
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

    pub fn const_expr(&mut self, id: InstanceId, data: &[u8]) -> Res<ValRaw> {
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
    pub fn instantiate(&mut self, wasm: Vec<u8>, name: Option<&str>) -> Res<()> {
        let module = Arc::new(OwnedModule::new(wasm).map_err(|e| e.to_string())?);
        let m = &module.validated().module;
        let mut imports = Vec::new();
        for imp in &m.imports {
            imports.push(self.resolve(imp.module, imp.name, &imp.ty, m)?);
        }
        let code = Arc::new(ModuleCode::with_options(module.clone(), self.options));
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

    pub fn instance(&self, name: Option<&str>) -> Res<&Inst> {
        match name {
            Some(n) => self
                .named
                .get(n)
                .map(|&i| &self.instances[i])
                .ok_or("unknown instance".into()),
            None => self.instances.last().ok_or("no instance".into()),
        }
    }

    /// Calls export `name` of instance `module` (the last one if `None`).
    pub fn invoke(
        &mut self,
        module: Option<&str>,
        name: &str,
        args: &[ValRaw],
    ) -> Result<Vec<ValRaw>, Trap> {
        let inst = self.instance(module).map_err(|e| Trap::host(e.into()))?;
        let m = &inst.module.validated().module;
        let e = m
            .exports
            .iter()
            .find(|e| e.name == name && e.kind == ExternKind::Func)
            .ok_or_else(|| Trap::host("no such export".into()))?;
        let ty = m.func_type(e.index).expect("typed").clone();
        let f = self.store.instance(inst.id).canonical_func_ref(e.index);
        let mut vals = vec![ValRaw::i64(0); ty.params().len().max(ty.results().len())];
        vals[..args.len()].copy_from_slice(args);
        self.store.call(f, &mut vals)?;
        vals.truncate(ty.results().len());
        Ok(vals)
    }
}
