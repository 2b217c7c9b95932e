//! Implementation limits, in one place.
//!
//! The spec lets an implementation bound the sizes of a module's parts.
//! These are the bounds brisk decodes and validates against; they follow
//! what browsers and the major engines accept, so any module that runs
//! elsewhere decodes here.

/// Types in the type section.
pub const MAX_WASM_TYPES: usize = 1_000_000;
/// Function declarations, imported and defined.
pub const MAX_WASM_FUNCTIONS: usize = 1_000_000;
/// Imports.
pub const MAX_WASM_IMPORTS: usize = 1_000_000;
/// Exports.
pub const MAX_WASM_EXPORTS: usize = 1_000_000;
/// Globals.
pub const MAX_WASM_GLOBALS: usize = 1_000_000;
/// Element segments.
pub const MAX_WASM_ELEMENT_SEGMENTS: usize = 100_000;
/// Data segments.
pub const MAX_WASM_DATA_SEGMENTS: usize = 100_000;
/// Tables.
pub const MAX_WASM_TABLES: usize = 100;
/// Memories.
pub const MAX_WASM_MEMORIES: usize = 100;
/// Bytes in a name.
pub const MAX_WASM_STRING_SIZE: usize = 100_000;
/// Bytes in one function body.
pub const MAX_WASM_FUNCTION_SIZE: usize = 128 * 1024 * 1024;
/// Locals of one function, parameters included.
pub const MAX_WASM_FUNCTION_LOCALS: usize = 50_000;
/// Parameters of one function type.
pub const MAX_WASM_FUNCTION_PARAMS: usize = 1_000;
/// Results of one function type.
pub const MAX_WASM_FUNCTION_RETURNS: usize = 1_000;
/// Entries in one `br_table`.
pub const MAX_WASM_BR_TABLE_SIZE: usize = MAX_WASM_FUNCTION_SIZE;
/// Elements in one element segment.
pub const MAX_WASM_TABLE_ENTRIES: usize = 10_000_000;
/// Types in a `select` instruction's type vector.
pub const MAX_WASM_SELECT_RESULT_SIZE: usize = 10;
/// Entries in a name map of the `name` section.
pub const MAX_WASM_NAME_MAP_SIZE: usize = 1_000_000;
/// Pages of a 32-bit memory (4 GiB).
pub const MAX_WASM_MEMORY32_PAGES: u64 = 1 << 16;
/// Pages of a 64-bit memory.
pub const MAX_WASM_MEMORY64_PAGES: u64 = 1 << 48;
/// Nesting depth of blocks in one function.
pub const MAX_WASM_CONTROL_DEPTH: usize = 100_000;
