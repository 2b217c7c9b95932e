//! The builtins compiled code calls, called here as compiled code would:
//! through the table the instance's `VMContext` points to, on a real
//! instance (memory, table, passive data) of a store.

use std::sync::Arc;

use brisk_parser::{Data, DataMode, FuncType, MemoryType, Module, RefType, TableType};
use brisk_vm::*;

struct Src(Module<'static>);

impl ModuleSource for Src {
    fn module(&self) -> &Module<'_> {
        &self.0
    }
}

fn module() -> Module<'static> {
    Module {
        types: vec![FuncType::new([], [])],
        functions: vec![0],
        memories: vec![MemoryType {
            initial: 1,
            maximum: Some(2),
            memory64: false,
            shared: false,
        }],
        tables: vec![TableType {
            element_type: RefType::FUNCREF,
            initial: 2,
            maximum: Some(4),
            table64: false,
        }],
        data: vec![Data {
            mode: DataMode::Passive,
            data: b"hello",
            offset: 0,
        }],
        ..Module::default()
    }
}

/// Takes back a builtin's trap pointer: `None` for null.
fn trap(raw: *mut u8) -> Option<TrapCode> {
    if raw.is_null() {
        return None;
    }
    // SAFETY: a non-null builtin result is `Trap::into_raw`, taken once.
    let t = unsafe { Trap::from_raw(raw) };
    assert!(t.backtrace().is_empty(), "builtins return code-only traps");
    Some(t.code().expect("a trap code"))
}

#[test]
fn builtins_run_the_shared_bulk_operations() {
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let id = store
        .instantiate(Arc::new(NoCode(Src(module()))), &[])
        .unwrap();
    let vmctx = store.instance(id).vmctx();
    // SAFETY: the header is initialised for a live instance.
    let b = unsafe { &*(*vmctx).header.builtins };
    assert!(std::ptr::eq(b, &BUILTINS));
    let page = WASM_PAGE_SIZE as i32;

    // SAFETY: (all calls) `vmctx` is a live instance with memory 0, table
    // 0 and data segment 0, as compiled code of this module would pass;
    // no reference to the instance is held across the calls.
    unsafe {
        assert_eq!((b.memory_grow)(vmctx, 0, 1), 1);
        assert_eq!((b.memory_grow)(vmctx, 0, 1), -1, "past the maximum");
        assert_eq!(trap((b.memory_fill)(vmctx, 0, 10, 0xab, 4)), None);
        assert_eq!(
            trap((b.memory_fill)(vmctx, 0, 2 * page - 2, 1, 4)),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(trap((b.memory_copy)(vmctx, 0, 0, 20, 9, 4)), None);
        assert_eq!(
            trap((b.memory_copy)(vmctx, 0, 0, 0, -1, 4)),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(trap((b.memory_init)(vmctx, 0, 0, 100, 1, 4)), None);
        assert_eq!(
            trap((b.memory_init)(vmctx, 0, 0, 100, 2, 4)),
            Some(TrapCode::MemoryOutOfBounds),
            "past the segment"
        );
        (b.data_drop)(vmctx, 0);
        assert_eq!(
            trap((b.memory_init)(vmctx, 0, 0, 100, 0, 1)),
            Some(TrapCode::MemoryOutOfBounds),
            "dropped"
        );
        assert_eq!(trap((b.memory_init)(vmctx, 0, 0, 100, 0, 0)), None);
    }
    let mem = store.memory_slice(id, 0).unwrap();
    assert_eq!(mem.len(), 2 * WASM_PAGE_SIZE);
    assert_eq!(&mem[9..15], &[0, 0xab, 0xab, 0xab, 0xab, 0]);
    assert_eq!(&mem[20..24], &[0, 0xab, 0xab, 0xab]);
    assert_eq!(&mem[100..104], b"ello");
    assert_eq!(
        mem[2 * WASM_PAGE_SIZE - 1],
        0,
        "a failed fill writes nothing"
    );

    // SAFETY: as above; `f` is a funcref of this store.
    unsafe {
        let f = (b.ref_func)(vmctx, 0);
        assert_eq!(f, store.instance(id).canonical_func_ref(0).cast());
        assert!(
            (*f.cast::<VMFuncRef>()).wasm_call.is_null(),
            "no native code"
        );
        assert_eq!((b.table_grow)(vmctx, 0, f, 2), 2);
        assert_eq!((b.table_grow)(vmctx, 0, f, 1), -1, "past the maximum");
        assert_eq!(
            trap((b.table_fill)(vmctx, 0, 0, std::ptr::null_mut(), 2)),
            None
        );
        assert_eq!(
            trap((b.table_fill)(vmctx, 0, 3, f, 2)),
            Some(TrapCode::TableOutOfBounds)
        );
        assert_eq!(trap((b.table_copy)(vmctx, 0, 0, 0, 2, 1)), None);
        assert_eq!(
            trap((b.table_copy)(vmctx, 0, 0, 0, 3, 2)),
            Some(TrapCode::TableOutOfBounds)
        );
        assert_eq!(
            trap((b.table_init)(vmctx, 0, 0, 0, 0, 1)),
            Some(TrapCode::TableOutOfBounds),
            "no such segment: empty"
        );
        (b.elem_drop)(vmctx, 0);
        let f = f as usize;
        let t = |i| store.table_get_ref(id, 0, i).unwrap();
        assert_eq!(
            [t(0), t(1), t(2), t(3)],
            [Some(f), Some(0), Some(f), Some(f)]
        );
    }
}
