//! # brisk-parser — bytes to a WebAssembly module
//!
//! The first stage of brisk's pipeline (see `DESIGN.md`):
//!
//! ```text
//! bytes ─parser─▶ Module ─validator─▶ ValidatedModule ─▶ interpreter | AOT
//! ```
//!
//! It decodes the complete WebAssembly 2.0 binary format, written from
//! scratch, and checks only what makes a module *malformed* (bad encodings,
//! sizes, section order); type checking is `brisk-validator`'s job. It
//! borrows the input: names, data segments and function bodies are slices
//! of it, and function bodies are decoded on demand, so a module is read
//! once, by whoever needs its code.
//!
//! It also owns what every later stage shares: value and function types,
//! the [`Features`] set, and the one declarative opcode table
//! ([`for_each_operator!`]) from which the [`Operator`] enum, its decoder
//! and the validator's per-operator skeleton are derived.
//!
//! ```
//! use brisk_parser::{Features, OperatorsReader, Operator};
//!
//! // `i32.const 7; i32.const 35; i32.add; end`
//! let code = [0x41, 7, 0x41, 35, 0x6a, 0x0b];
//! let mut ops = OperatorsReader::new(&code, 0, Features::default());
//! assert_eq!(ops.read().unwrap(), Operator::I32Const { value: 7 });
//! assert_eq!(ops.read().unwrap().name(), "i32.const");
//! assert_eq!(ops.read().unwrap(), Operator::I32Add);
//! assert_eq!(ops.read().unwrap(), Operator::End);
//! assert!(ops.eof());
//! ```

mod error;
mod features;
pub mod limits;
mod module;
mod operator;
mod reader;
mod sections;
mod types;

pub use error::{ParseError, Result};
pub use features::Features;
pub use module::{
    ConstExpr, CustomSection, Data, DataMode, Element, ElementItems, ElementMode, Export,
    ExternKind, Import, ImportType, Module, Names, SectionId, SectionInfo,
};
pub use operator::{
    BrTable, FunctionBody, Ieee32, Ieee64, Immediate, LocalsReader, MemArg, Operator,
    OperatorsReader, SelectType, V128,
};
pub use reader::BinaryReader;
pub use types::{
    BlockType, FuncType, GlobalType, HeapType, MemoryType, RefType, TableType, ValType,
};

/// Decodes a module with the default features (WebAssembly 2.0).
///
/// Function bodies are not decoded here; see [`FunctionBody`]. Errors use
/// the spec's wording and carry the byte offset.
///
/// ```
/// // Header, then a type section with one type, `[i32] -> []`.
/// let wasm = b"\0asm\x01\0\0\0\x01\x05\x01\x60\x01\x7f\x00";
/// let module = brisk_parser::parse(wasm).unwrap();
/// assert_eq!(module.types[0].to_string(), "[i32] -> []");
///
/// let err = brisk_parser::parse(b"\0asm\x02\0\0\0").unwrap_err();
/// assert_eq!((err.message(), err.offset()), ("unknown binary version", 4));
/// ```
pub fn parse(bytes: &[u8]) -> Result<Module<'_>> {
    parse_with_features(bytes, Features::default())
}

/// Decodes a module with the given features.
pub fn parse_with_features(bytes: &[u8], features: Features) -> Result<Module<'_>> {
    sections::parse_module(bytes, features, sections::Code::Required)
}

/// Decodes a module's declarations: a binary module without a code
/// section, whose function section still declares every function.
///
/// This is how an AOT artifact carries what instantiation needs (types,
/// imports, exports, globals, segments, names) next to machine code that
/// replaces the bodies. `module.code` stays empty; a code section is an
/// error.
///
/// ```
/// // A type `[] -> []` and one function of it, but no code section.
/// let decls = b"\0asm\x01\0\0\0\x01\x04\x01\x60\0\0\x03\x02\x01\0";
/// let module = brisk_parser::parse_declarations(decls, Default::default()).unwrap();
/// assert_eq!((module.functions.len(), module.code.len()), (1, 0));
/// assert!(brisk_parser::parse(decls).is_err());
/// ```
pub fn parse_declarations(bytes: &[u8], features: Features) -> Result<Module<'_>> {
    sections::parse_module(bytes, features, sections::Code::Absent)
}
