//! A minimal embedder for tests: validates a `.wat` module, compiles it,
//! instantiates it in a `VMStore`, applies global initialisers and active
//! data segments written as plain constants, and calls exports by name.

use std::sync::Arc;

use brisk_aot::{CompileOptions, CompiledModule};
use brisk_parser::{
    DataMode, ElementItems, ElementMode, ExternKind, Features, Operator, OperatorsReader,
};
use brisk_validator::OwnedModule;
use brisk_vm::{InstanceId, Trap, TypeRegistry, VMExtern, VMStore, ValRaw};

pub struct Harness {
    pub store: VMStore,
    pub id: InstanceId,
    module: Arc<OwnedModule>,
}

fn const_value(data: &[u8]) -> ValRaw {
    let mut r = OperatorsReader::new(data, 0, Features::default());
    match r.read().expect("constant expression") {
        Operator::I32Const { value } => ValRaw::i32(value),
        Operator::I64Const { value } => ValRaw::i64(value),
        Operator::F32Const { value } => ValRaw::f32(value.0),
        Operator::F64Const { value } => ValRaw::f64(value.0),
        other => panic!("harness supports only number constants, got {other:?}"),
    }
}

/// Compiles `wat` with `options`.
pub fn compile(
    wat: &str,
    options: CompileOptions,
) -> Result<CompiledModule, brisk_aot::CompileError> {
    let wasm = wat::parse_str(wat).expect("test module parses");
    let module = Arc::new(OwnedModule::new(wasm).expect("test module validates"));
    brisk_aot::compile(module, &options)
}

impl Harness {
    pub fn new(wat: &str) -> Harness {
        Harness::build(wat, CompileOptions::default(), |_| Vec::new())
    }

    pub fn with_options(wat: &str, options: CompileOptions) -> Harness {
        Harness::build(wat, options, |_| Vec::new())
    }

    pub fn with_imports(wat: &str, imports: impl FnOnce(&mut VMStore) -> Vec<VMExtern>) -> Harness {
        Harness::build(wat, CompileOptions::default(), imports)
    }

    pub fn build(
        wat: &str,
        options: CompileOptions,
        imports: impl FnOnce(&mut VMStore) -> Vec<VMExtern>,
    ) -> Harness {
        let code = Arc::new(compile(wat, options).expect("test module compiles"));
        let module = code.owned_module().clone();
        let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
        let imports = imports(&mut store);
        let id = store.instantiate(code, &imports).expect("instantiates");
        let mut h = Harness { store, id, module };
        h.initialise();
        h
    }

    fn initialise(&mut self) {
        initialise_segments(&mut self.store, self.id, &self.module.clone());
    }

    /// The function index of export `name`.
    pub fn func_index(&self, name: &str) -> u32 {
        let m = &self.module.validated().module;
        m.exports
            .iter()
            .find(|e| e.name == name && e.kind == ExternKind::Func)
            .unwrap_or_else(|| panic!("no exported function {name}"))
            .index
    }

    /// Calls export `name`; returns its results.
    pub fn call(&mut self, name: &str, args: &[ValRaw]) -> Result<Vec<ValRaw>, Trap> {
        let index = self.func_index(name);
        let ty = self
            .module
            .validated()
            .module
            .func_type(index)
            .unwrap()
            .clone();
        let f = self.store.instance(self.id).canonical_func_ref(index);
        // Garbage in the unused slots: results must overwrite them fully.
        let mut vals =
            vec![ValRaw::v128(u128::MAX); ty.params().len().max(ty.results().len()).max(1)];
        vals[..args.len()].copy_from_slice(args);
        self.store.call(f, &mut vals)?;
        vals.truncate(ty.results().len());
        Ok(vals)
    }

    pub fn i32(&mut self, name: &str, args: &[i32]) -> Result<i32, String> {
        let args: Vec<ValRaw> = args.iter().map(|&a| ValRaw::i32(a)).collect();
        self.call(name, &args)
            .map(|r| {
                assert_eq!(r[0], ValRaw::i32(r[0].get_i32()), "high bytes zeroed");
                r[0].get_i32()
            })
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
        let args: Vec<ValRaw> = args.iter().map(|&a| ValRaw::i32(a)).collect();
        match self.call(name, &args) {
            Ok(v) => panic!("{name} returned {v:?} instead of trapping"),
            Err(e) => e.to_string().lines().next().unwrap_or_default().to_string(),
        }
    }

    pub fn memory(&mut self) -> &mut [u8] {
        self.store.memory_data(self.id, 0).expect("memory 0")
    }
}

/// Applies global initialisers and active data and element segments of
/// `module` to instance `id`, then runs nothing else.
pub fn initialise_segments(store: &mut VMStore, id: InstanceId, module: &Arc<OwnedModule>) {
    let mut h = Init { store, id };
    h.run(module);
}

struct Init<'s> {
    store: &'s mut VMStore,
    id: InstanceId,
}

impl Init<'_> {
    fn run(&mut self, module: &Arc<OwnedModule>) {
        let m = &module.validated().module;
        for (i, init) in m.global_inits.iter().enumerate() {
            let g = m.global_imports + i as u32;
            self.store
                .global_set(self.id, g, const_value(init.data))
                .expect("global init");
        }
        for (i, d) in m.data.iter().enumerate() {
            if let DataMode::Active { memory, offset } = d.mode {
                let at = const_value(offset.data).get_i32() as usize;
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
                    let at = const_value(offset.data).get_i32() as u64;
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
    }
}
