//! The layout of a `VMContext` and of every `VM*` structure, as named
//! offsets.
//!
//! This is the one place that decides where things are: the interpreter,
//! the compiled tier and `Instance` all read fields
//! through these numbers. The `VM*` types' field offsets are associated
//! constants of [`VMOffsets`]; the variable part of a `VMContext` depends
//! on the module's shape ([`ModuleShape`]) and is computed once by
//! [`VMOffsets::new`]. Tests check every constant against `offset_of!`,
//! `size_of` and `align_of` (64-bit hosts only, like the rest of brisk).
//!
//! ```text
//! offset                          contents
//! 0                               VMContextHeader (magic, store, instance, code, type_ids, builtins)
//! imported_functions()            [*const VMFuncRef; num_imported_funcs]
//! memories()                      [*mut VMMemoryDefinition; num_memories]
//! tables()                        [*mut VMTableDefinition; num_tables]
//! globals()                       [*mut VMGlobalDefinition; num_globals]
//! defined_memories()  (align 8)   [VMMemoryDefinition; defined]
//! defined_tables()    (align 8)   [VMTableDefinition; defined]
//! defined_globals()   (align 16)  [VMGlobalDefinition; defined]
//! func_refs()         (align 8)   [VMFuncRef; num_funcs]
//! size()              (align 16)
//! ```

/// How many of each entity a module has, imports included: all a
/// `VMContext` layout depends on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ModuleShape {
    /// Types in the type section.
    pub num_types: u32,
    /// Imported functions.
    pub num_imported_funcs: u32,
    /// All functions, imports included.
    pub num_funcs: u32,
    /// Imported memories.
    pub num_imported_memories: u32,
    /// All memories.
    pub num_memories: u32,
    /// Imported tables.
    pub num_imported_tables: u32,
    /// All tables.
    pub num_tables: u32,
    /// Imported globals.
    pub num_imported_globals: u32,
    /// All globals.
    pub num_globals: u32,
}

impl ModuleShape {
    /// The shape of a decoded module (imports included), which every tier
    /// and the store lay the module's `VMContext` out from.
    pub fn of(m: &brisk_parser::Module<'_>) -> ModuleShape {
        ModuleShape {
            num_types: m.types.len() as u32,
            num_imported_funcs: m.function_imports,
            num_funcs: m.functions.len() as u32,
            num_imported_memories: m.memory_imports,
            num_memories: m.memories.len() as u32,
            num_imported_tables: m.table_imports,
            num_tables: m.tables.len() as u32,
            num_imported_globals: m.global_imports,
            num_globals: m.globals.len() as u32,
        }
    }

    /// Memories the module defines.
    pub fn num_defined_memories(&self) -> u32 {
        self.num_memories - self.num_imported_memories
    }
    /// Tables the module defines.
    pub fn num_defined_tables(&self) -> u32 {
        self.num_tables - self.num_imported_tables
    }
    /// Globals the module defines.
    pub fn num_defined_globals(&self) -> u32 {
        self.num_globals - self.num_imported_globals
    }
    /// Functions the module defines.
    pub fn num_defined_funcs(&self) -> u32 {
        self.num_funcs - self.num_imported_funcs
    }
    /// Whether the counts are consistent (imports never exceed totals).
    pub fn is_consistent(&self) -> bool {
        self.num_imported_funcs <= self.num_funcs
            && self.num_imported_memories <= self.num_memories
            && self.num_imported_tables <= self.num_tables
            && self.num_imported_globals <= self.num_globals
    }
}

const PTR: u32 = 8;

/// The layout of one module's `VMContext`; see the [module docs](self).
///
/// # Invariants
/// Offsets are increasing in the order of the module docs' table, each
/// aligned as noted; `size` is a multiple of 16. The total fits in `u32`
/// (modules are limited far below that by the parser's limits).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct VMOffsets {
    shape: ModuleShape,
    imported_functions: u32,
    memories: u32,
    tables: u32,
    globals: u32,
    defined_memories: u32,
    defined_tables: u32,
    defined_globals: u32,
    func_refs: u32,
    size: u32,
}

const fn align(v: u64, a: u64) -> u64 {
    (v + a - 1) & !(a - 1)
}

impl VMOffsets {
    // --- VMContextHeader ---
    /// `VMContextHeader.magic`.
    pub const HEADER_MAGIC: u32 = 0;
    /// `VMContextHeader.store`.
    pub const HEADER_STORE: u32 = 8;
    /// `VMContextHeader.instance`.
    pub const HEADER_INSTANCE: u32 = 16;
    /// `VMContextHeader.code`.
    pub const HEADER_CODE: u32 = 24;
    /// `VMContextHeader.type_ids`.
    pub const HEADER_TYPE_IDS: u32 = 32;
    /// `VMContextHeader.builtins`.
    pub const HEADER_BUILTINS: u32 = 40;
    /// Size of `VMContextHeader`.
    pub const HEADER_SIZE: u32 = 48;

    // --- VMFuncRef ---
    /// `VMFuncRef.array_call`.
    pub const FUNC_REF_ARRAY_CALL: u32 = 0;
    /// `VMFuncRef.wasm_call`.
    pub const FUNC_REF_WASM_CALL: u32 = 8;
    /// `VMFuncRef.type_index`.
    pub const FUNC_REF_TYPE_INDEX: u32 = 16;
    /// `VMFuncRef.func_index`.
    pub const FUNC_REF_FUNC_INDEX: u32 = 20;
    /// `VMFuncRef.vmctx`.
    pub const FUNC_REF_VMCTX: u32 = 24;
    /// Size of `VMFuncRef`.
    pub const FUNC_REF_SIZE: u32 = 32;

    // --- VMMemoryDefinition ---
    /// `VMMemoryDefinition.base`.
    pub const MEMORY_BASE: u32 = 0;
    /// `VMMemoryDefinition.current_length`.
    pub const MEMORY_CURRENT_LENGTH: u32 = 8;
    /// Size of `VMMemoryDefinition`.
    pub const MEMORY_SIZE: u32 = 16;

    // --- VMTableDefinition ---
    /// `VMTableDefinition.base`.
    pub const TABLE_BASE: u32 = 0;
    /// `VMTableDefinition.current_elements`.
    pub const TABLE_CURRENT_ELEMENTS: u32 = 8;
    /// Size of `VMTableDefinition`.
    pub const TABLE_SIZE: u32 = 16;

    // --- VMGlobalDefinition ---
    /// Size of `VMGlobalDefinition` (and of `ValRaw`).
    pub const GLOBAL_SIZE: u32 = 16;
    /// Alignment of `VMGlobalDefinition` (and of `ValRaw`).
    pub const GLOBAL_ALIGN: u32 = 16;

    // --- VMStoreContext ---
    /// `VMStoreContext.fuel_remaining`.
    pub const STORE_FUEL_REMAINING: u32 = 0;
    /// `VMStoreContext.stack_limit`.
    pub const STORE_STACK_LIMIT: u32 = 8;
    /// `VMStoreContext.deadline`.
    pub const STORE_DEADLINE: u32 = 16;
    /// `VMStoreContext.call_depth`.
    pub const STORE_CALL_DEPTH: u32 = 24;
    /// `VMStoreContext.max_call_depth`.
    pub const STORE_MAX_CALL_DEPTH: u32 = 28;
    /// `VMStoreContext.interrupt`.
    pub const STORE_INTERRUPT: u32 = 32;
    /// `VMStoreContext.memory_limit`.
    pub const STORE_MEMORY_LIMIT: u32 = 40;
    /// `VMStoreContext.table_limit`.
    pub const STORE_TABLE_LIMIT: u32 = 48;
    /// Size of `VMStoreContext`.
    pub const STORE_SIZE: u32 = 56;

    /// Alignment of a `VMContext` allocation.
    pub const VMCTX_ALIGN: u32 = 16;

    /// The layout for a module of this shape, or `None` if the shape is
    /// inconsistent or the context would not fit in `u32` bytes.
    pub fn new(shape: &ModuleShape) -> Option<VMOffsets> {
        if !shape.is_consistent() {
            return None;
        }
        let n = |c: u32| u64::from(c);
        let imported_functions = u64::from(Self::HEADER_SIZE);
        let memories = imported_functions + n(shape.num_imported_funcs) * n(PTR);
        let tables = memories + n(shape.num_memories) * n(PTR);
        let globals = tables + n(shape.num_tables) * n(PTR);
        let defined_memories = align(globals + n(shape.num_globals) * n(PTR), 8);
        let defined_tables =
            defined_memories + n(shape.num_defined_memories()) * n(Self::MEMORY_SIZE);
        let defined_globals = align(
            defined_tables + n(shape.num_defined_tables()) * n(Self::TABLE_SIZE),
            u64::from(Self::GLOBAL_ALIGN),
        );
        let func_refs = defined_globals + n(shape.num_defined_globals()) * n(Self::GLOBAL_SIZE);
        let size = align(
            func_refs + n(shape.num_funcs) * n(Self::FUNC_REF_SIZE),
            u64::from(Self::VMCTX_ALIGN),
        );
        let c = |v: u64| u32::try_from(v).ok();
        Some(VMOffsets {
            shape: *shape,
            imported_functions: c(imported_functions)?,
            memories: c(memories)?,
            tables: c(tables)?,
            globals: c(globals)?,
            defined_memories: c(defined_memories)?,
            defined_tables: c(defined_tables)?,
            defined_globals: c(defined_globals)?,
            func_refs: c(func_refs)?,
            size: c(size)?,
        })
    }

    /// The shape this layout was computed for.
    pub fn shape(&self) -> &ModuleShape {
        &self.shape
    }

    /// Total size of the `VMContext` in bytes.
    pub fn size(&self) -> u32 {
        self.size
    }

    /// Start of `imported_functions: [*const VMFuncRef]`.
    pub fn imported_functions(&self) -> u32 {
        self.imported_functions
    }
    /// Start of `memories: [*mut VMMemoryDefinition]`.
    pub fn memories(&self) -> u32 {
        self.memories
    }
    /// Start of `tables: [*mut VMTableDefinition]`.
    pub fn tables(&self) -> u32 {
        self.tables
    }
    /// Start of `globals: [*mut VMGlobalDefinition]`.
    pub fn globals(&self) -> u32 {
        self.globals
    }
    /// Start of `defined_memories: [VMMemoryDefinition]`.
    pub fn defined_memories(&self) -> u32 {
        self.defined_memories
    }
    /// Start of `defined_tables: [VMTableDefinition]`.
    pub fn defined_tables(&self) -> u32 {
        self.defined_tables
    }
    /// Start of `defined_globals: [VMGlobalDefinition]`.
    pub fn defined_globals(&self) -> u32 {
        self.defined_globals
    }
    /// Start of `func_refs: [VMFuncRef]`.
    pub fn func_refs(&self) -> u32 {
        self.func_refs
    }

    /// Offset of `imported_functions[i]`.
    pub fn imported_function(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_imported_funcs);
        self.imported_functions + i * PTR
    }
    /// Offset of `memories[i]` (pointer to memory `i`'s definition).
    pub fn memory(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_memories);
        self.memories + i * PTR
    }
    /// Offset of `tables[i]`.
    pub fn table(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_tables);
        self.tables + i * PTR
    }
    /// Offset of `globals[i]`.
    pub fn global(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_globals);
        self.globals + i * PTR
    }
    /// Offset of the definition of defined memory `i` (index among the
    /// module's own memories, imports excluded).
    pub fn defined_memory(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_defined_memories());
        self.defined_memories + i * Self::MEMORY_SIZE
    }
    /// Offset of the definition of defined table `i`.
    pub fn defined_table(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_defined_tables());
        self.defined_tables + i * Self::TABLE_SIZE
    }
    /// Offset of the definition of defined global `i`.
    pub fn defined_global(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_defined_globals());
        self.defined_globals + i * Self::GLOBAL_SIZE
    }
    /// Offset of builtin `i`'s function pointer inside
    /// [`VMBuiltins`](crate::builtins::VMBuiltins) (the table
    /// `VMContextHeader.builtins` points to): `i * 8`, in list order.
    pub const fn builtin(i: crate::builtins::BuiltinIndex) -> u32 {
        i as u32 * PTR
    }

    /// Offset of `func_refs[i]` (function index space, imports first).
    pub fn func_ref(&self, i: u32) -> u32 {
        debug_assert!(i < self.shape.num_funcs);
        self.func_refs + i * Self::FUNC_REF_SIZE
    }
}

#[cfg(test)]
mod tests {
    use std::mem::{align_of, offset_of, size_of};

    use super::*;
    use crate::*;

    fn o(v: usize) -> u32 {
        v as u32
    }

    #[test]
    fn header() {
        assert_eq!(
            o(offset_of!(VMContextHeader, magic)),
            VMOffsets::HEADER_MAGIC
        );
        assert_eq!(
            o(offset_of!(VMContextHeader, store)),
            VMOffsets::HEADER_STORE
        );
        assert_eq!(
            o(offset_of!(VMContextHeader, instance)),
            VMOffsets::HEADER_INSTANCE
        );
        assert_eq!(o(offset_of!(VMContextHeader, code)), VMOffsets::HEADER_CODE);
        assert_eq!(
            o(offset_of!(VMContextHeader, type_ids)),
            VMOffsets::HEADER_TYPE_IDS
        );
        assert_eq!(
            o(offset_of!(VMContextHeader, builtins)),
            VMOffsets::HEADER_BUILTINS
        );
        assert_eq!(o(size_of::<VMContextHeader>()), VMOffsets::HEADER_SIZE);
        assert_eq!(o(offset_of!(VMContext, header)), 0);
        assert_eq!(o(align_of::<VMContext>()), VMOffsets::VMCTX_ALIGN);
        assert_eq!(size_of::<VMSharedTypeIndex>(), 4);
    }

    #[test]
    fn func_ref() {
        assert_eq!(
            o(offset_of!(VMFuncRef, array_call)),
            VMOffsets::FUNC_REF_ARRAY_CALL
        );
        assert_eq!(
            o(offset_of!(VMFuncRef, wasm_call)),
            VMOffsets::FUNC_REF_WASM_CALL
        );
        assert_eq!(
            o(offset_of!(VMFuncRef, type_index)),
            VMOffsets::FUNC_REF_TYPE_INDEX
        );
        assert_eq!(
            o(offset_of!(VMFuncRef, func_index)),
            VMOffsets::FUNC_REF_FUNC_INDEX
        );
        assert_eq!(o(offset_of!(VMFuncRef, vmctx)), VMOffsets::FUNC_REF_VMCTX);
        assert_eq!(o(size_of::<VMFuncRef>()), VMOffsets::FUNC_REF_SIZE);
        assert_eq!(align_of::<VMFuncRef>(), 8);
    }

    #[test]
    fn memory_definition() {
        assert_eq!(
            o(offset_of!(VMMemoryDefinition, base)),
            VMOffsets::MEMORY_BASE
        );
        assert_eq!(
            o(offset_of!(VMMemoryDefinition, current_length)),
            VMOffsets::MEMORY_CURRENT_LENGTH
        );
        assert_eq!(o(size_of::<VMMemoryDefinition>()), VMOffsets::MEMORY_SIZE);
        assert_eq!(align_of::<VMMemoryDefinition>(), 8);
    }

    #[test]
    fn table_definition() {
        assert_eq!(
            o(offset_of!(VMTableDefinition, base)),
            VMOffsets::TABLE_BASE
        );
        assert_eq!(
            o(offset_of!(VMTableDefinition, current_elements)),
            VMOffsets::TABLE_CURRENT_ELEMENTS
        );
        assert_eq!(o(size_of::<VMTableDefinition>()), VMOffsets::TABLE_SIZE);
        assert_eq!(align_of::<VMTableDefinition>(), 8);
    }

    #[test]
    fn global_definition_and_valraw() {
        assert_eq!(o(offset_of!(VMGlobalDefinition, storage)), 0);
        assert_eq!(o(size_of::<VMGlobalDefinition>()), VMOffsets::GLOBAL_SIZE);
        assert_eq!(o(align_of::<VMGlobalDefinition>()), VMOffsets::GLOBAL_ALIGN);
        assert_eq!(o(size_of::<ValRaw>()), VMOffsets::GLOBAL_SIZE);
        assert_eq!(o(align_of::<ValRaw>()), VMOffsets::GLOBAL_ALIGN);
    }

    #[test]
    fn store_context() {
        assert_eq!(
            o(offset_of!(VMStoreContext, fuel_remaining)),
            VMOffsets::STORE_FUEL_REMAINING
        );
        assert_eq!(
            o(offset_of!(VMStoreContext, stack_limit)),
            VMOffsets::STORE_STACK_LIMIT
        );
        assert_eq!(
            o(offset_of!(VMStoreContext, deadline)),
            VMOffsets::STORE_DEADLINE
        );
        assert_eq!(
            o(offset_of!(VMStoreContext, call_depth)),
            VMOffsets::STORE_CALL_DEPTH
        );
        assert_eq!(
            o(offset_of!(VMStoreContext, max_call_depth)),
            VMOffsets::STORE_MAX_CALL_DEPTH
        );
        assert_eq!(
            o(offset_of!(VMStoreContext, interrupt)),
            VMOffsets::STORE_INTERRUPT
        );
        assert_eq!(
            o(offset_of!(VMStoreContext, memory_limit)),
            VMOffsets::STORE_MEMORY_LIMIT
        );
        assert_eq!(
            o(offset_of!(VMStoreContext, table_limit)),
            VMOffsets::STORE_TABLE_LIMIT
        );
        assert_eq!(o(size_of::<VMStoreContext>()), VMOffsets::STORE_SIZE);
        assert_eq!(align_of::<VMStoreContext>(), 8);
    }

    #[test]
    fn context_layout() {
        let shape = ModuleShape {
            num_types: 2,
            num_imported_funcs: 1,
            num_funcs: 3,
            num_imported_memories: 1,
            num_memories: 2,
            num_imported_tables: 0,
            num_tables: 1,
            num_imported_globals: 0,
            num_globals: 1,
        };
        let off = VMOffsets::new(&shape).unwrap();
        assert_eq!(off.imported_functions(), 48);
        assert_eq!(off.imported_function(0), 48);
        assert_eq!(off.memories(), 56);
        assert_eq!(off.memory(1), 64);
        assert_eq!(off.tables(), 72);
        assert_eq!(off.globals(), 80);
        assert_eq!(off.defined_memories(), 88);
        assert_eq!(off.defined_memory(0), 88);
        assert_eq!(off.defined_tables(), 104);
        assert_eq!(off.defined_globals(), 128, "rounded up to 16");
        assert_eq!(off.defined_global(0) % 16, 0);
        assert_eq!(off.func_refs(), 144);
        assert_eq!(off.func_ref(2), 144 + 64);
        assert_eq!(off.size(), 240);
        assert_eq!(off.size() % VMOffsets::VMCTX_ALIGN, 0);

        let empty = VMOffsets::new(&ModuleShape::default()).unwrap();
        assert_eq!(empty.size(), 48);

        let bad = ModuleShape {
            num_imported_funcs: 2,
            num_funcs: 1,
            ..ModuleShape::default()
        };
        assert!(VMOffsets::new(&bad).is_none());
        let huge = ModuleShape {
            num_funcs: u32::MAX,
            ..ModuleShape::default()
        };
        assert!(VMOffsets::new(&huge).is_none());
    }
}
