//! Instances and stores end to end, with a stand-in tier whose every
//! function adds its two `i32` arguments.

use std::sync::Arc;

use brisk_parser::{
    FuncType, GlobalType, Import, ImportType, MemoryType, Module, RefType, TableType, ValType,
};
use brisk_vm::*;

struct AddTier(Module<'static>);

unsafe extern "C" fn add_call(
    callee: *const VMFuncRef,
    _caller: *mut VMContext,
    vals: *mut ValRaw,
    cap: usize,
) -> *mut u8 {
    assert!(cap >= 2);
    // SAFETY: the store passes a live func ref of an `AddTier` instance
    // and at least `cap` slots.
    unsafe {
        let inst = Instance::from_vmctx((*callee).vmctx);
        assert_eq!((*callee).func_index, inst.shape().num_imported_funcs);
        let s = (*vals).get_i32().wrapping_add((*vals.add(1)).get_i32());
        *vals = ValRaw::i32(s);
    }
    std::ptr::null_mut()
}

// SAFETY: `add_call` only reads its func ref and two i32 slots, which is
// sound for every function of the module below ([i32 i32] -> [i32]).
unsafe impl TierCode for AddTier {
    fn module(&self) -> &Module<'_> {
        &self.0
    }
    fn array_call(&self) -> VMArrayCallFn {
        add_call
    }
}

fn mem(initial: u64, maximum: Option<u64>) -> MemoryType {
    MemoryType {
        initial,
        maximum,
        memory64: false,
        shared: false,
    }
}

fn module() -> Module<'static> {
    let ty = FuncType::new([ValType::I32, ValType::I32], [ValType::I32]);
    let table = TableType {
        element_type: RefType::FUNCREF,
        initial: 1,
        maximum: None,
        table64: false,
    };
    let g = GlobalType {
        content_type: ValType::I64,
        mutable: true,
    };
    Module {
        types: vec![ty],
        imports: vec![
            Import {
                module: "h",
                name: "f",
                ty: ImportType::Func(0),
            },
            Import {
                module: "h",
                name: "m",
                ty: ImportType::Memory(mem(1, Some(4))),
            },
            Import {
                module: "h",
                name: "g",
                ty: ImportType::Global(g),
            },
        ],
        functions: vec![0, 0],
        function_imports: 1,
        memories: vec![mem(1, Some(4))],
        memory_imports: 1,
        tables: vec![table],
        globals: vec![g],
        global_imports: 1,
        ..Module::default()
    }
}

#[test]
fn link_call_grow_and_check() {
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let ty = FuncType::new([ValType::I32, ValType::I32], [ValType::I32]);
    let host = store.host_func(
        &ty,
        Box::new(|v| {
            v[0] = ValRaw::i32(v[0].get_i32() * v[1].get_i32());
            Ok(())
        }),
    );
    let g = GlobalType {
        content_type: ValType::I64,
        mutable: true,
    };
    let h = store.host_instance(&[mem(1, Some(2))], &[], &[g]).unwrap();
    store.global_set(h, 0, ValRaw::i64(-5)).unwrap();

    let imports = [
        VMExtern::Func(host),
        VMExtern::Memory(h, 0),
        VMExtern::Global(h, 0),
    ];
    let code = Arc::new(AddTier(module()));
    let id = store.instantiate(code.clone(), &imports).unwrap();

    // Calls: the wasm function through the tier, the import through the host.
    let inst = store.instance(id);
    let (f0, f1) = (inst.canonical_func_ref(0), inst.canonical_func_ref(1));
    assert_eq!(f0, host, "imports keep their identity");
    let mut vals = [ValRaw::i32(6), ValRaw::i32(7)];
    store.call(f1, &mut vals).unwrap();
    assert_eq!(vals[0].get_i32(), 13);
    let mut vals = [ValRaw::i32(6), ValRaw::i32(7)];
    store.call(f0, &mut vals).unwrap();
    assert_eq!(vals[0].get_i32(), 42);
    assert!(
        store.call(f1, &mut [ValRaw::i32(1)]).is_err(),
        "too few slots"
    );

    // The imported global and memory are the host instance's.
    assert_eq!(store.global_get(id, 0).unwrap().get_i64(), -5);
    store.memory_data(h, 0).unwrap()[10] = 9;
    assert_eq!(store.memory_data(id, 0).unwrap()[10], 9);
    assert_eq!(store.memory_grow(id, 0, 1).unwrap(), Some(1));
    assert_eq!(
        store.memory_type(h, 0).unwrap().initial,
        2,
        "grown at the owner"
    );
    let def = store.instance(id).memory_definition(0);
    assert_eq!(def, store.instance(h).memory_definition(0));
    assert_eq!(store.memory_grow(id, 0, 1).unwrap(), None, "host max is 2");

    // Tables accept only this store's func refs.
    assert!(store.table_set(id, 0, 0, f1 as usize).unwrap());
    assert_eq!(store.table_get(id, 0, 0).unwrap(), Some(f1 as usize));
    assert!(store.table_set(id, 0, 0, 0x1000).is_err());
    assert!(!store.table_set(id, 0, 5, 0).unwrap());
    assert_eq!(store.table_grow(id, 0, 2, f1 as usize).unwrap(), Some(1));

    // A second store's function is rejected everywhere.
    let mut other = VMStore::new(Arc::new(TypeRegistry::new()));
    let foreign = other.host_func(&ty, Box::new(|_| Ok(())));
    assert!(store.call(foreign, &mut [ValRaw::ZERO; 2]).is_err());
    let bad = [
        VMExtern::Func(foreign),
        VMExtern::Memory(h, 0),
        VMExtern::Global(h, 0),
    ];
    let err = store.instantiate(code.clone(), &bad).unwrap_err();
    assert!(
        err.to_string().contains("incompatible import type"),
        "{err}"
    );

    // Import type checks: memory limits (host max 2 > declared 4 is fine,
    // but a memory without max is not) and globals.
    let h2 = store
        .host_instance(
            &[mem(1, None)],
            &[],
            &[GlobalType {
                content_type: ValType::I64,
                mutable: false,
            }],
        )
        .unwrap();
    let bad = [
        VMExtern::Func(host),
        VMExtern::Memory(h2, 0),
        VMExtern::Global(h, 0),
    ];
    assert!(store.instantiate(code.clone(), &bad).is_err());
    let bad = [
        VMExtern::Func(host),
        VMExtern::Memory(h, 0),
        VMExtern::Global(h2, 0),
    ];
    assert!(store.instantiate(code, &bad).is_err());
}

#[test]
fn host_traps_and_panics_are_traps() {
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let ty = FuncType::new([], [ValType::FUNCREF]);
    let t = store.host_func(&ty, Box::new(|_| Err(Trap::new(TrapCode::Unreachable))));
    let p = store.host_func(&ty, Box::new(|_| panic!("boom")));
    let bad = store.host_func(
        &ty,
        Box::new(|v| {
            v[0] = ValRaw::funcref(0x40 as *mut VMFuncRef);
            Ok(())
        }),
    );
    let mut v = [ValRaw::ZERO];
    assert_eq!(
        store.call(t, &mut v).unwrap_err().code(),
        Some(TrapCode::Unreachable)
    );
    assert_eq!(
        store.call(p, &mut v).unwrap_err().to_string(),
        "host function panicked"
    );
    assert!(
        store
            .call(bad, &mut v)
            .unwrap_err()
            .to_string()
            .contains("another store")
    );
}

struct Described(Module<'static>);

impl ModuleSource for Described {
    fn module(&self) -> &Module<'_> {
        &self.0
    }
}

#[test]
fn passive_segments_until_dropped() {
    use brisk_parser::{ConstExpr, Data, DataMode, Element, ElementItems, ElementMode};
    let offset = ConstExpr {
        data: &[0x41, 0, 0x0b],
        offset: 0,
    };
    let module = Module {
        types: vec![FuncType::new([], [])],
        functions: vec![0],
        memories: vec![mem(1, None)],
        data: vec![
            Data {
                mode: DataMode::Passive,
                data: b"abc",
                offset: 0,
            },
            Data {
                mode: DataMode::Active { memory: 0, offset },
                data: b"xyz",
                offset: 0,
            },
        ],
        elements: vec![Element {
            mode: ElementMode::Passive,
            ty: RefType::FUNCREF,
            items: ElementItems::Functions(vec![0]),
            offset: 0,
        }],
        ..Module::default()
    };
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let id = store
        .instantiate(Arc::new(NoCode(Described(module))), &[])
        .unwrap();
    let f = store.instance(id).func_ref(0);
    let mut vals = [ValRaw::ZERO];
    let err = store.call(f, &mut vals).unwrap_err();
    assert!(err.to_string().contains("no executable code"), "{err}");

    assert_eq!(store.instance(id).data_segment(0), b"abc");
    assert_eq!(
        store.instance(id).data_segment(1),
        b"",
        "active segments start dropped"
    );
    assert_eq!(store.instance(id).data_segment(7), b"");
    assert!(
        store.set_elem_segment(id, 0, vec![0x10]).is_err(),
        "not a func ref of the store"
    );
    store.set_elem_segment(id, 0, vec![f as usize, 0]).unwrap();
    assert_eq!(store.instance(id).elem_segment(0), &[f as usize, 0]);

    // SAFETY: no other reference to the instance is alive.
    let inst = unsafe { Instance::from_vmctx(store.instance(id).vmctx()) };
    inst.drop_data(0);
    inst.drop_elem(0);
    assert_eq!(inst.data_segment(0), b"");
    assert!(inst.elem_segment(0).is_empty());
    assert_eq!(inst.memory_grow(0, 2), Some(1));
    // SAFETY: the definition belongs to the live instance.
    let len = unsafe { (*inst.memory_definition(0)).current_length };
    assert_eq!(len, 3 * WASM_PAGE_SIZE);
}

/// A host function swapping the running store out and dropping it must
/// not free what the suspended call still uses (the store is leaked).
#[test]
fn dropping_the_running_store_from_a_host_function_is_safe() {
    let registry = Arc::new(TypeRegistry::new());
    let mut store = VMStore::new(registry.clone());
    let ty = FuncType::new([ValType::I32], [ValType::I32]);
    let reg = registry.clone();
    let f = store.host_func_cx(
        &ty,
        Box::new(move |cx, vals| {
            let old = std::mem::replace(cx.store, VMStore::new(reg.clone()));
            drop(old);
            vals[0] = ValRaw::i32(vals[0].get_i32() + 1);
            Ok(())
        }),
    );
    let mut vals = [ValRaw::i32(41)];
    store.call(f, &mut vals).unwrap();
    assert_eq!(vals[0].get_i32(), 42);
    // `store` is now the replacement: empty, and fully usable.
    assert!(!store.owns_func(f));
}

/// Host functions see the running store, the data of `call_with` and the
/// calling instance (none when the host calls directly).
#[test]
fn host_context_gives_the_store_and_data() {
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let ty = FuncType::new([], [ValType::I32]);
    let f = store.host_func_cx(
        &ty,
        Box::new(|cx, vals| {
            assert!(cx.caller.is_none());
            let n = cx
                .data
                .downcast_mut::<u32>()
                .ok_or_else(|| Trap::host("data".into()))?;
            *n += 1;
            vals[0] = ValRaw::i32(*n as i32 + cx.store.fuel().min(0) as i32);
            Ok(())
        }),
    );
    let mut data = 5u32;
    let mut vals = [ValRaw::ZERO];
    store.call_with(&mut data, f, &mut vals).unwrap();
    assert_eq!((data, vals[0].get_i32()), (6, 6));
    // Through `call`, the data is `()`: the downcast fails into a trap.
    assert!(store.call(f, &mut vals).is_err());
}
