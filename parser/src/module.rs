//! The decoded module: what each section declared, borrowing the input.
//!
//! Produced by [`crate::parse`]; nothing here is validated beyond being
//! well-formed. Index spaces (functions, tables, memories, globals) list
//! imports first, as the spec orders them; the `*_imports` counts say where
//! the module's own definitions start.

use crate::Features;
use crate::operator::FunctionBody;
use crate::types::{FuncType, GlobalType, MemoryType, RefType, TableType};

/// A decoded (not yet validated) WebAssembly module.
#[derive(Debug, Clone, Default)]
pub struct Module<'a> {
    /// The features the module was decoded with.
    pub features: Features,
    /// The type section.
    pub types: Vec<FuncType>,
    /// The import section, in order.
    pub imports: Vec<Import<'a>>,
    /// Type index of every function: imported ones first, then those of the
    /// function section.
    pub functions: Vec<u32>,
    /// How many entries of `functions` are imports.
    pub function_imports: u32,
    /// Every table: imported first.
    pub tables: Vec<TableType>,
    /// How many entries of `tables` are imports.
    pub table_imports: u32,
    /// Every memory: imported first.
    pub memories: Vec<MemoryType>,
    /// How many entries of `memories` are imports.
    pub memory_imports: u32,
    /// Every global's type: imported first.
    pub globals: Vec<GlobalType>,
    /// How many entries of `globals` are imports.
    pub global_imports: u32,
    /// Initialisers of the module's own globals (same order as
    /// `globals[global_imports..]`).
    pub global_inits: Vec<ConstExpr<'a>>,
    /// The export section, in order.
    pub exports: Vec<Export<'a>>,
    /// The start function, if any.
    pub start: Option<u32>,
    /// The element section, in order.
    pub elements: Vec<Element<'a>>,
    /// The data count section's value, if present.
    pub data_count: Option<u32>,
    /// The code section: one body per entry of `functions` after the
    /// imports.
    pub code: Vec<FunctionBody<'a>>,
    /// The data section, in order.
    pub data: Vec<Data<'a>>,
    /// What the `name` custom section says, when it is well-formed.
    pub names: Names<'a>,
    /// Every custom section (the `name` section included), in order.
    pub custom_sections: Vec<CustomSection<'a>>,
    /// Where each section was, in order of appearance.
    pub sections: Vec<SectionInfo>,
}

/// What an import or export refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternKind {
    /// A function.
    Func,
    /// A table.
    Table,
    /// A memory.
    Memory,
    /// A global.
    Global,
}

/// The type of an imported item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportType {
    /// A function of this type index.
    Func(u32),
    /// A table.
    Table(TableType),
    /// A memory.
    Memory(MemoryType),
    /// A global.
    Global(GlobalType),
}

impl ImportType {
    /// The kind of item.
    pub fn kind(&self) -> ExternKind {
        match self {
            ImportType::Func(_) => ExternKind::Func,
            ImportType::Table(_) => ExternKind::Table,
            ImportType::Memory(_) => ExternKind::Memory,
            ImportType::Global(_) => ExternKind::Global,
        }
    }
}

/// One import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Import<'a> {
    /// Module name.
    pub module: &'a str,
    /// Field name.
    pub name: &'a str,
    /// What is imported.
    pub ty: ImportType,
}

/// One export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Export<'a> {
    /// Export name.
    pub name: &'a str,
    /// What is exported.
    pub kind: ExternKind,
    /// Index in that kind's index space.
    pub index: u32,
    /// Offset of the export entry in the module.
    pub offset: usize,
}

/// A constant expression (global initialiser, segment offset, element
/// item): the instruction bytes up to and including the final `end`,
/// decoded and checked by the validator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstExpr<'a> {
    /// The instructions, `end` included.
    pub data: &'a [u8],
    /// Offset of the first instruction in the module.
    pub offset: usize,
}

/// Where an element segment goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementMode<'a> {
    /// Copied into `table` at `offset` on instantiation.
    Active {
        /// Table index.
        table: u32,
        /// Offset expression.
        offset: ConstExpr<'a>,
    },
    /// Used by `table.init`.
    Passive,
    /// Only declares functions for `ref.func`.
    Declared,
}

/// An element segment's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElementItems<'a> {
    /// Function indices (encodings 0–3).
    Functions(Vec<u32>),
    /// Constant expressions (encodings 4–7).
    Expressions(Vec<ConstExpr<'a>>),
}

/// An element segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element<'a> {
    /// Where it goes.
    pub mode: ElementMode<'a>,
    /// The element type (`funcref` for the function-index encodings).
    pub ty: RefType,
    /// The items.
    pub items: ElementItems<'a>,
    /// Offset of the segment in the module.
    pub offset: usize,
}

/// Where a data segment goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataMode<'a> {
    /// Copied into `memory` at `offset` on instantiation.
    Active {
        /// Memory index.
        memory: u32,
        /// Offset expression.
        offset: ConstExpr<'a>,
    },
    /// Used by `memory.init`.
    Passive,
}

/// A data segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Data<'a> {
    /// Where it goes.
    pub mode: DataMode<'a>,
    /// The bytes.
    pub data: &'a [u8],
    /// Offset of the segment in the module.
    pub offset: usize,
}

/// A custom section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomSection<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its payload after the name.
    pub data: &'a [u8],
    /// Offset of the payload in the module.
    pub offset: usize,
}

/// The `name` section's contents. Malformed name sections are ignored (the
/// spec makes custom sections optional to understand), leaving this empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names<'a> {
    /// The module's name.
    pub module: Option<&'a str>,
    /// `(function index, name)`, sorted by index.
    pub functions: Vec<(u32, &'a str)>,
    /// `(function index, [(local index, name)])`, sorted by index.
    pub locals: Vec<(u32, Vec<(u32, &'a str)>)>,
}

impl<'a> Names<'a> {
    /// The name of function `index`, if the name section gives one.
    pub fn function(&self, index: u32) -> Option<&'a str> {
        self.functions
            .binary_search_by_key(&index, |&(i, _)| i)
            .ok()
            .map(|i| self.functions[i].1)
    }
}

/// Known section ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum SectionId {
    /// 0
    Custom = 0,
    /// 1
    Type = 1,
    /// 2
    Import = 2,
    /// 3
    Function = 3,
    /// 4
    Table = 4,
    /// 5
    Memory = 5,
    /// 6
    Global = 6,
    /// 7
    Export = 7,
    /// 8
    Start = 8,
    /// 9
    Element = 9,
    /// 10
    Code = 10,
    /// 11
    Data = 11,
    /// 12
    DataCount = 12,
}

/// Where a section was in the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionInfo {
    /// Its id.
    pub id: SectionId,
    /// Offset of its payload.
    pub offset: usize,
    /// Length of its payload.
    pub size: usize,
}

impl Module<'_> {
    /// The type of function `index`, if both exist.
    pub fn func_type(&self, index: u32) -> Option<&FuncType> {
        let ty = *self.functions.get(index as usize)?;
        self.types.get(ty as usize)
    }
}
