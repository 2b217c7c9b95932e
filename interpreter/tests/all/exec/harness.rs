//! A minimal embedder for tests: validates a `.wat` module, instantiates it
//! in a `VMStore` with the interpreter's code, applies active data and
//! element segments and global initialisers written as plain constants, and
//! calls exports by name.

use std::sync::Arc;

use brisk_interp::{CodeOptions, ModuleCode};
use brisk_parser::{
    DataMode, ElementItems, ElementMode, ExternKind, Features, Operator, OperatorsReader, ValType,
};
use brisk_validator::OwnedModule;
use brisk_vm::{InstanceId, Trap, TypeRegistry, VMExtern, VMStore, ValRaw};

pub struct Harness {
    pub store: VMStore,
    pub id: InstanceId,
    module: Arc<OwnedModule>,
    options: CodeOptions,
}

fn const_value(data: &[u8]) -> i64 {
    let mut r = OperatorsReader::new(data, 0, Features::default());
    match r.read().expect("constant expression") {
        Operator::I32Const { value } => i64::from(value),
        Operator::I64Const { value } => value,
        Operator::V128Const { value } if value.0 == [0; 16] => 0,
        other => panic!("harness supports only integer constants, got {other:?}"),
    }
}

impl Harness {
    pub fn new(wat: &str) -> Harness {
        Harness::with_imports(wat, |_| Vec::new())
    }

    pub fn with_imports(wat: &str, imports: impl FnOnce(&mut VMStore) -> Vec<VMExtern>) -> Harness {
        Harness::build(wat, CodeOptions::default(), imports)
    }

    /// A harness whose code is translated with `options`.
    pub fn with_options(wat: &str, options: CodeOptions) -> Harness {
        Harness::build(wat, options, |_| Vec::new())
    }

    fn build(
        wat: &str,
        options: CodeOptions,
        imports: impl FnOnce(&mut VMStore) -> Vec<VMExtern>,
    ) -> Harness {
        let wasm = wat::parse_str(wat).expect("test module parses");
        let module = Arc::new(OwnedModule::new(wasm).expect("test module validates"));
        let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
        let imports = imports(&mut store);
        let code = Arc::new(ModuleCode::with_options(module.clone(), options));
        let id = store.instantiate(code, &imports).expect("instantiates");
        let mut h = Harness {
            store,
            id,
            module,
            options,
        };
        h.initialise();
        h
    }

    fn initialise(&mut self) {
        let module = self.module.clone();
        let m = &module.validated().module;
        for (i, init) in m.global_inits.iter().enumerate() {
            let g = m.global_imports + i as u32;
            let v = const_value(init.data);
            let raw = match m.globals[g as usize].content_type {
                ValType::I64 => ValRaw::i64(v),
                _ => ValRaw::i32(v as i32),
            };
            self.store.global_set(self.id, g, raw).expect("global init");
        }
        for (i, d) in m.data.iter().enumerate() {
            if let DataMode::Active { memory, offset } = d.mode {
                let at = const_value(offset.data) as usize;
                let mem = self.store.memory_data(self.id, memory).expect("memory");
                mem[at..at + d.data.len()].copy_from_slice(d.data);
                self.store.drop_data(self.id, i as u32);
            }
        }
        for (i, e) in m.elements.iter().enumerate() {
            let ElementItems::Functions(funcs) = &e.items else {
                panic!("harness supports only function-index element segments");
            };
            let refs: Vec<usize> = funcs
                .iter()
                .map(|&f| self.store.instance(self.id).canonical_func_ref(f) as usize)
                .collect();
            match e.mode {
                ElementMode::Active { table, offset } => {
                    let at = const_value(offset.data) as u64;
                    for (k, r) in refs.iter().enumerate() {
                        self.store
                            .table_set(self.id, table, at + k as u64, *r)
                            .expect("table in range");
                    }
                }
                ElementMode::Passive => {
                    self.store
                        .set_elem_segment(self.id, i as u32, refs)
                        .expect("segment");
                }
                ElementMode::Declared => {}
            }
        }
        if let Some(start) = m.start {
            let f = self.store.instance(self.id).canonical_func_ref(start);
            self.store.call(f, &mut []).expect("start function runs");
        }
    }

    fn export(&self, name: &str) -> u32 {
        let m = &self.module.validated().module;
        m.exports
            .iter()
            .find(|e| e.name == name && e.kind == ExternKind::Func)
            .unwrap_or_else(|| panic!("no exported function {name}"))
            .index
    }

    /// Calls export `name`; returns its results.
    pub fn call(&mut self, name: &str, args: &[ValRaw]) -> Result<Vec<ValRaw>, Trap> {
        let index = self.export(name);
        let ty = self
            .module
            .validated()
            .module
            .func_type(index)
            .unwrap()
            .clone();
        let f = self.store.instance(self.id).canonical_func_ref(index);
        let mut vals = vec![ValRaw::i64(0); ty.params().len().max(ty.results().len()).max(1)];
        vals[..args.len()].copy_from_slice(args);
        self.store.call(f, &mut vals)?;
        vals.truncate(ty.results().len());
        Ok(vals)
    }

    pub fn i32(&mut self, name: &str, args: &[i32]) -> Result<i32, String> {
        let args: Vec<ValRaw> = args.iter().map(|&a| ValRaw::i32(a)).collect();
        self.call(name, &args)
            .map(|r| r[0].get_i32())
            .map_err(|t| t.to_string())
    }

    pub fn i64(&mut self, name: &str, args: &[i64]) -> Result<i64, String> {
        let args: Vec<ValRaw> = args.iter().map(|&a| ValRaw::i64(a)).collect();
        self.call(name, &args)
            .map(|r| r[0].get_i64())
            .map_err(|t| t.to_string())
    }

    /// The trap message (first line) of calling `name` with i32 arguments.
    pub fn trap(&mut self, name: &str, args: &[i32]) -> String {
        match self.i32(name, args) {
            Ok(v) => panic!("{name} returned {v} instead of trapping"),
            Err(e) => e.lines().next().unwrap_or_default().to_string(),
        }
    }

    /// The disassembly of export `name`.
    pub fn disassemble(&self, name: &str) -> String {
        let code = ModuleCode::with_options(self.module.clone(), self.options);
        code.disassemble(self.export(name)).expect("translates")
    }

    pub fn memory(&mut self) -> &mut [u8] {
        self.store.memory_data(self.id, 0).expect("memory 0")
    }
}
