//! `Instance`: a module instantiated in a store, and instantiation itself.
//!
//! Instantiation follows the spec (WebAssembly 2.0, "instantiate"):
//!
//! 1. check the imports (kinds and types; errors name module, field and
//!    both types — see [`Linker`](crate::Linker) — and the vm checks again);
//! 2. build the vm instance (memories, tables, func refs);
//! 3. initialise globals from their constant expressions, in order;
//! 4. resolve every element segment; apply the active ones in order
//!    (each bounds-checked as a whole before writing, trapping "out of
//!    bounds table access"), keep the passive ones, drop the rest;
//! 5. apply the active data segments in order (trapping "out of bounds
//!    memory access"); where the tier made a copy-on-write image of a
//!    memory (`brisk_vm::memory_image`), the image is mapped at its first
//!    segment instead of copying them (it covers them all, and they
//!    cannot trap);
//! 6. run the start function.
//!
//! A trap in 4–6 fails instantiation, but writes already made to imported
//! tables and memories stay, as the spec requires.

use brisk_parser::{
    DataMode, ElementItems, ElementMode, ExternKind, ImportType, Module as Parsed, Operator,
    OperatorsReader,
};
use brisk_vm::{InstanceId, Trap, TrapCode, VMExtern, VMStore, ValRaw};

use crate::module::TierCode;
use crate::types::ExternType;
use crate::{
    AsContext, AsContextMut, Error, Extern, Func, Global, Memory, Module, Result, StoreContextMut,
    Table, TypedFunc, WasmParams, WasmRets,
};

/// An instance of a module in a store.
#[derive(Clone, Debug)]
pub struct Instance {
    pub(crate) id: InstanceId,
    module: Module,
}

impl Instance {
    /// Instantiates `module` with `imports` in import-section order.
    pub fn new(
        mut store: impl AsContextMut,
        module: &Module,
        imports: &[Extern],
    ) -> Result<Instance> {
        let mut store = store.as_context_mut();
        if !crate::Engine::same(module.engine(), store.engine()) {
            return Err(Error::Invalid(
                "module was compiled for another engine than the store's".into(),
            ));
        }
        let parsed = module.parsed();
        if imports.len() != parsed.imports.len() {
            return Err(Error::Invalid(format!(
                "expected {} imports, got {}",
                parsed.imports.len(),
                imports.len()
            )));
        }
        let mut vm_imports = Vec::with_capacity(imports.len());
        for (imp, ext) in parsed.imports.iter().zip(imports) {
            check_import(&store, parsed, imp, ext)?;
            vm_imports.push(match *ext {
                Extern::Func(f) => VMExtern::Func(f.as_raw()),
                Extern::Memory(m) => VMExtern::Memory(m.inst, m.index),
                Extern::Table(t) => VMExtern::Table(t.inst, t.index),
                Extern::Global(g) => VMExtern::Global(g.inst, g.index),
            });
        }
        let id = match &module.0.code {
            TierCode::Interpreted(code) => store.vm.instantiate(code.clone(), &vm_imports)?,
            TierCode::Compiled(code) => store.vm.instantiate(code.clone(), &vm_imports)?,
        };
        let instance = Instance {
            id,
            module: module.clone(),
        };
        instance.initialize(&mut store)?;
        Ok(instance)
    }

    fn initialize<T: 'static>(&self, store: &mut StoreContextMut<'_, T>) -> Result<()> {
        let parsed = self.module.parsed();
        let vm = &mut *store.vm;
        let id = self.id;
        for (i, init) in parsed.global_inits.iter().enumerate() {
            let g = parsed.global_imports + i as u32;
            let v = eval_const(vm, id, parsed, init.data, init.offset)?;
            vm.global_set(id, g, v)?;
        }
        for (e, seg) in parsed.elements.iter().enumerate() {
            let elems: Vec<usize> = match &seg.items {
                ElementItems::Functions(fs) => fs
                    .iter()
                    .map(|&f| vm.instance(id).canonical_func_ref(f) as usize)
                    .collect(),
                ElementItems::Expressions(es) => es
                    .iter()
                    .map(|x| {
                        eval_const(vm, id, parsed, x.data, x.offset).map(|v| v.get_v128() as usize)
                    })
                    .collect::<Result<_>>()?,
            };
            match seg.mode {
                ElementMode::Active { table, offset } => {
                    let off =
                        eval_const(vm, id, parsed, offset.data, offset.offset)?.get_i32() as u32;
                    let size = vm.table_type(id, table)?.initial;
                    if u64::from(off) + elems.len() as u64 > size {
                        return Err(Trap::new(TrapCode::TableOutOfBounds).into());
                    }
                    for (k, &el) in elems.iter().enumerate() {
                        vm.table_set(id, table, u64::from(off) + k as u64, el)?;
                    }
                }
                ElementMode::Passive => vm.set_elem_segment(id, e as u32, elems)?,
                ElementMode::Declared => {}
            }
        }
        for seg in &parsed.data {
            if let DataMode::Active { memory, offset } = seg.mode {
                // A copy-on-write image (compiled tier) covers every
                // active segment of its memory; it is put in here, where
                // the first of them would be copied.
                if vm.init_memory_image(id, memory)? {
                    continue;
                }
                let off = eval_const(vm, id, parsed, offset.data, offset.offset)?.get_i32() as u32
                    as usize;
                let mem = vm.memory_data(id, memory)?;
                let dst = off
                    .checked_add(seg.data.len())
                    .and_then(|end| mem.get_mut(off..end))
                    .ok_or_else(|| Trap::new(TrapCode::MemoryOutOfBounds))?;
                dst.copy_from_slice(seg.data);
            }
        }
        if let Some(start) = parsed.start {
            let f = vm.instance(id).canonical_func_ref(start);
            store.call_raw(f, &mut [])?;
        }
        Ok(())
    }

    /// The module it instantiates.
    pub fn module(&self) -> &Module {
        &self.module
    }

    /// The export called `name`.
    pub fn get_export(&self, mut store: impl AsContextMut, name: &str) -> Option<Extern> {
        export_by_name(store.as_context_mut().vm, self.id, name)
    }

    /// Every export, in order.
    pub fn exports(&self, mut store: impl AsContextMut) -> Vec<(String, Extern)> {
        let cx = store.as_context_mut();
        self.module
            .parsed()
            .exports
            .iter()
            .map(|e| (e.name.to_owned(), export(cx.vm, self.id, e.kind, e.index)))
            .collect()
    }

    /// The exported function `name`.
    pub fn get_func(&self, store: impl AsContextMut, name: &str) -> Option<Func> {
        self.get_export(store, name)?.into_func()
    }

    /// The exported function `name` as a [`TypedFunc`]; an error if there
    /// is no such function or its type is not `P -> R`.
    pub fn get_typed_func<P: WasmParams, R: WasmRets>(
        &self,
        mut store: impl AsContextMut,
        name: &str,
    ) -> Result<TypedFunc<P, R>> {
        let f = self
            .get_func(&mut store, name)
            .ok_or_else(|| Error::Invalid(format!("no exported function `{name}`")))?;
        f.typed::<P, R>(store.as_context())
            .map_err(|e| Error::TypeMismatch(format!("export `{name}`: {e}")))
    }

    /// The exported memory `name`.
    pub fn get_memory(&self, store: impl AsContextMut, name: &str) -> Option<Memory> {
        self.get_export(store, name)?.into_memory()
    }

    /// The exported table `name`.
    pub fn get_table(&self, store: impl AsContextMut, name: &str) -> Option<Table> {
        self.get_export(store, name)?.into_table()
    }

    /// The exported global `name`.
    pub fn get_global(&self, store: impl AsContextMut, name: &str) -> Option<Global> {
        self.get_export(store, name)?.into_global()
    }
}

/// Export `name` of vm instance `id` (found through its module), as an
/// [`Extern`]; what [`Caller::get_export`](crate::Caller::get_export) uses.
pub(crate) fn export_by_name(vm: &VMStore, id: InstanceId, name: &str) -> Option<Extern> {
    let inst = vm.instance(id);
    let e = inst
        .tier()?
        .module()
        .exports
        .iter()
        .find(|e| e.name == name)?;
    let (kind, index) = (e.kind, e.index);
    Some(export(vm, id, kind, index))
}

fn export(vm: &VMStore, id: InstanceId, kind: ExternKind, index: u32) -> Extern {
    match kind {
        ExternKind::Func => {
            let p = vm.instance(id).canonical_func_ref(index);
            Extern::Func(Func::from_raw(p).expect("func refs are never null"))
        }
        ExternKind::Memory => Extern::Memory(Memory { inst: id, index }),
        ExternKind::Table => Extern::Table(Table { inst: id, index }),
        ExternKind::Global => Extern::Global(Global { inst: id, index }),
    }
}

fn limits_match(min: u64, max: Option<u64>, want_min: u64, want_max: Option<u64>) -> bool {
    min >= want_min && want_max.is_none_or(|w| max.is_some_and(|m| m <= w))
}

/// Checks one import against its declaration, with a link error naming
/// the module, field and both types.
fn check_import(
    store: impl AsContext,
    parsed: &Parsed<'_>,
    imp: &brisk_parser::Import<'_>,
    ext: &Extern,
) -> Result<()> {
    let expected = match imp.ty {
        ImportType::Func(t) => ExternType::Func(parsed.types[t as usize].clone()),
        ImportType::Memory(m) => ExternType::Memory(m),
        ImportType::Table(t) => ExternType::Table(t),
        ImportType::Global(g) => ExternType::Global(g),
    };
    let found = ext.ty(store);
    let ok = match (&expected, &found) {
        (ExternType::Func(a), ExternType::Func(b)) => a == b,
        (ExternType::Global(a), ExternType::Global(b)) => a == b,
        (ExternType::Memory(w), ExternType::Memory(h)) => {
            limits_match(h.initial, h.maximum, w.initial, w.maximum) && h.memory64 == w.memory64
        }
        (ExternType::Table(w), ExternType::Table(h)) => {
            w.element_type == h.element_type
                && limits_match(h.initial, h.maximum, w.initial, w.maximum)
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::IncompatibleImport {
            module: imp.module.to_owned(),
            field: imp.name.to_owned(),
            expected: expected.to_string(),
            found: found.to_string(),
        })
    }
}

/// Evaluates a (validated) constant expression.
fn eval_const(
    vm: &brisk_vm::VMStore,
    id: InstanceId,
    parsed: &Parsed<'_>,
    data: &[u8],
    offset: usize,
) -> Result<ValRaw> {
    let mut ops = OperatorsReader::new(data, offset, parsed.features);
    let mut stack: Vec<ValRaw> = Vec::new();
    let bad = || Error::Invalid("unsupported constant expression".into());
    loop {
        let op = ops.read().map_err(|e| Error::Invalid(e.to_string()))?;
        let v = match op {
            Operator::End => return stack.pop().ok_or_else(bad),
            Operator::I32Const { value } => ValRaw::i32(value),
            Operator::I64Const { value } => ValRaw::i64(value),
            Operator::F32Const { value } => ValRaw::f32(value.0),
            Operator::F64Const { value } => ValRaw::f64(value.0),
            Operator::V128Const { value } => ValRaw::v128(u128::from_le_bytes(value.0)),
            Operator::RefNull { .. } => ValRaw::ZERO,
            Operator::RefFunc { function_index } => {
                ValRaw::funcref(vm.instance(id).canonical_func_ref(function_index))
            }
            Operator::GlobalGet { global_index } => vm.global_get(id, global_index)?,
            Operator::I32Add | Operator::I32Sub | Operator::I32Mul => {
                let b = stack.pop().ok_or_else(bad)?.get_i32();
                let a = stack.pop().ok_or_else(bad)?.get_i32();
                ValRaw::i32(match op {
                    Operator::I32Add => a.wrapping_add(b),
                    Operator::I32Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
            Operator::I64Add | Operator::I64Sub | Operator::I64Mul => {
                let b = stack.pop().ok_or_else(bad)?.get_i64();
                let a = stack.pop().ok_or_else(bad)?.get_i64();
                ValRaw::i64(match op {
                    Operator::I64Add => a.wrapping_add(b),
                    Operator::I64Sub => a.wrapping_sub(b),
                    _ => a.wrapping_mul(b),
                })
            }
            _ => return Err(bad()),
        };
        stack.push(v);
    }
}
