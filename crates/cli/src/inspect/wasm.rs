//! The report `brisk inspect` prints for a module.
//!
//! One block per aspect, in the order of the binary format, each headed by
//! a line that says how many entries follow:
//!
//! ```text
//! add.wasm: WebAssembly module (binary version 1), 112 bytes
//!
//! Sections (6):
//!   id  section    offset          size  contents
//!    1  type       0x0000000a         7  1 type
//!   ...
//! Imports (1):
//!   func    env.log    type 1: [i32] -> []
//! ...
//! Features used: sign extension, SIMD
//! ```
//!
//! Nothing here assumes the module is valid: an index that points nowhere
//! is printed as such, never looked up blindly. Names from the module
//! (imports, exports, custom sections, the name section) are printed
//! escaped when they hold control characters, so a module cannot write to
//! the terminal.

use std::fmt::Write as _;

use super::producers;

use brisk::parser::{
    DataMode, ElementMode, ExternKind, Features, GlobalType, ImportType, MemoryType, Module,
    SectionId, TableType,
};

/// Where the module came from, for the first line.
pub struct Source<'a> {
    /// The file name as given.
    pub name: &'a str,
    /// Length of the binary module.
    pub len: usize,
    /// Whether the file was text, encoded to `len` bytes of binary.
    pub text: bool,
}

/// The whole report, lines ending in `\n`.
pub fn report(source: &Source<'_>, module: &Module<'_>, used: Features) -> String {
    let mut out = String::new();
    let what = if source.text {
        "text, encoded to binary version 1"
    } else {
        "binary version 1"
    };
    // `write!` to a `String` cannot fail.
    let _ = writeln!(
        out,
        "{}: WebAssembly module ({what}), {}",
        source.name,
        plural(source.len, "byte")
    );
    if let Some(name) = module.names.module {
        let _ = writeln!(out, "Module name: {}", shown(name));
    }
    sections(&mut out, module);
    imports(&mut out, module);
    exports(&mut out, module);
    functions(&mut out, module);
    tables(&mut out, module);
    memories(&mut out, module);
    globals(&mut out, module);
    segments(&mut out, module);
    customs(&mut out, module);
    features(&mut out, used);
    out
}

/// The section table.
fn sections(out: &mut String, module: &Module<'_>) {
    let _ = writeln!(out, "\nSections ({}):", module.sections.len());
    if module.sections.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  {:>2}  {:<9}  {:<10}  {:>8}  contents",
        "id", "section", "offset", "size"
    );
    let mut customs = module.custom_sections.iter();
    for section in &module.sections {
        let contents = match section.id {
            SectionId::Custom => customs
                .next()
                .map_or_else(String::new, |c| format!("\"{}\"", escaped(c.name))),
            id => section_contents(module, id),
        };
        let _ = writeln!(
            out,
            "  {:>2}  {:<9}  {:#010x}  {:>8}  {contents}",
            section.id as u8,
            section_name(section.id),
            section.offset,
            section.size
        );
    }
}

/// The spec's name of a section.
fn section_name(id: SectionId) -> &'static str {
    match id {
        SectionId::Custom => "custom",
        SectionId::Type => "type",
        SectionId::Import => "import",
        SectionId::Function => "function",
        SectionId::Table => "table",
        SectionId::Memory => "memory",
        SectionId::Global => "global",
        SectionId::Export => "export",
        SectionId::Start => "start",
        SectionId::Element => "element",
        SectionId::Code => "code",
        SectionId::Data => "data",
        SectionId::DataCount => "datacount",
    }
}

/// What a known section holds, in a few words.
fn section_contents(module: &Module<'_>, id: SectionId) -> String {
    let defined = |all: usize, imported: u32| all.saturating_sub(imported as usize);
    match id {
        SectionId::Custom => String::new(),
        SectionId::Type => plural(module.types.len(), "type"),
        SectionId::Import => plural(module.imports.len(), "import"),
        SectionId::Function => plural(
            defined(module.functions.len(), module.function_imports),
            "function",
        ),
        SectionId::Table => plural(defined(module.tables.len(), module.table_imports), "table"),
        SectionId::Memory => plural(
            defined(module.memories.len(), module.memory_imports),
            "memory",
        ),
        SectionId::Global => plural(
            defined(module.globals.len(), module.global_imports),
            "global",
        ),
        SectionId::Export => plural(module.exports.len(), "export"),
        SectionId::Start => module
            .start
            .map_or_else(String::new, |f| format!("func {f}")),
        SectionId::Element => plural(module.elements.len(), "segment"),
        SectionId::Code => plural(module.code.len(), "body"),
        SectionId::Data => plural(module.data.len(), "segment"),
        SectionId::DataCount => module
            .data_count
            .map_or_else(String::new, |n| format!("count: {n}")),
    }
}

/// The imports: kind, `module.field`, type.
fn imports(out: &mut String, module: &Module<'_>) {
    let _ = writeln!(out, "\nImports ({}):", module.imports.len());
    let names: Vec<String> = module
        .imports
        .iter()
        .map(|i| format!("{}.{}", shown(i.module), shown(i.name)))
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (import, name) in module.imports.iter().zip(&names) {
        let ty = match import.ty {
            ImportType::Func(ty) => func_type(module, ty),
            ImportType::Table(t) => table_type(&t),
            ImportType::Memory(m) => memory_type(&m),
            ImportType::Global(g) => global_type(&g),
        };
        let kind = kind_name(import.ty.kind());
        let _ = writeln!(out, "  {kind:<6}  {name:<width$}  {ty}");
    }
}

/// The exports: kind, name, what they refer to and its type.
fn exports(out: &mut String, module: &Module<'_>) {
    let _ = writeln!(out, "\nExports ({}):", module.exports.len());
    let names: Vec<String> = module.exports.iter().map(|e| shown(e.name)).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (export, name) in module.exports.iter().zip(&names) {
        let index = export.index;
        let target = match export.kind {
            ExternKind::Func => func_ref(module, index),
            ExternKind::Table => indexed("table", index, module.tables.get(index as usize), |t| {
                table_type(t)
            }),
            ExternKind::Memory => {
                indexed("memory", index, module.memories.get(index as usize), |m| {
                    memory_type(m)
                })
            }
            ExternKind::Global => {
                indexed("global", index, module.globals.get(index as usize), |g| {
                    global_type(g)
                })
            }
        };
        let kind = kind_name(export.kind);
        let _ = writeln!(out, "  {kind:<6}  {name:<width$}  {target}");
    }
}

/// The function count.
fn functions(out: &mut String, module: &Module<'_>) {
    let total = module.functions.len();
    let imported = (module.function_imports as usize).min(total);
    let _ = writeln!(
        out,
        "\nFunctions: {total} ({imported} imported, {} defined)",
        total - imported
    );
}

/// Every table, imported ones first.
fn tables(out: &mut String, module: &Module<'_>) {
    let _ = writeln!(out, "Tables ({}):", module.tables.len());
    for (i, table) in module.tables.iter().enumerate() {
        let origin = origin(i, module.table_imports);
        let _ = writeln!(out, "  table {i}{origin}: {}", table_type(table));
    }
}

/// Every memory, imported ones first.
fn memories(out: &mut String, module: &Module<'_>) {
    let _ = writeln!(out, "Memories ({}):", module.memories.len());
    for (i, memory) in module.memories.iter().enumerate() {
        let origin = origin(i, module.memory_imports);
        let _ = writeln!(out, "  memory {i}{origin}: {}", memory_type(memory));
    }
}

/// Every global, imported ones first.
fn globals(out: &mut String, module: &Module<'_>) {
    let _ = writeln!(out, "Globals ({}):", module.globals.len());
    for (i, global) in module.globals.iter().enumerate() {
        let origin = origin(i, module.global_imports);
        let _ = writeln!(out, "  global {i}{origin}: {}", global_type(global));
    }
}

/// The start function and the element and data segments by mode.
fn segments(out: &mut String, module: &Module<'_>) {
    match module.start {
        Some(f) => {
            let _ = writeln!(out, "Start: {}", func_ref(module, f));
        }
        None => {
            let _ = writeln!(out, "Start: none");
        }
    }
    let (mut active, mut passive, mut declared) = (0, 0, 0);
    for element in &module.elements {
        match element.mode {
            ElementMode::Active { .. } => active += 1,
            ElementMode::Passive => passive += 1,
            ElementMode::Declared => declared += 1,
        }
    }
    let _ = writeln!(
        out,
        "Element segments: {} ({active} active, {passive} passive, {declared} declarative)",
        module.elements.len()
    );
    let active = module
        .data
        .iter()
        .filter(|d| matches!(d.mode, DataMode::Active { .. }))
        .count();
    let bytes: usize = module.data.iter().map(|d| d.data.len()).sum();
    let _ = writeln!(
        out,
        "Data segments: {} ({active} active, {} passive), {}",
        module.data.len(),
        module.data.len() - active,
        plural(bytes, "byte")
    );
}

/// The custom sections with their payload sizes.
fn customs(out: &mut String, module: &Module<'_>) {
    let _ = writeln!(out, "\nCustom sections ({}):", module.custom_sections.len());
    let names: Vec<String> = module
        .custom_sections
        .iter()
        .map(|c| format!("\"{}\"", escaped(c.name)))
        .collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    for (custom, name) in module.custom_sections.iter().zip(&names) {
        let _ = writeln!(
            out,
            "  {name:<width$}  {}",
            plural(custom.data.len(), "byte")
        );
    }
    let section = |name: &str| module.custom_sections.iter().find(|c| c.name == name);
    if let Some(custom) = section("producers") {
        match producers::producers(custom.data, custom.offset) {
            Ok(fields) => {
                let _ = writeln!(out, "Producers:");
                let width = fields.iter().map(|(f, _)| plain(f).chars().count()).max();
                for (field, values) in &fields {
                    let values: Vec<String> = values.iter().map(|v| plain(v)).collect();
                    let _ = writeln!(
                        out,
                        "  {:<width$}  {}",
                        plain(field),
                        values.join(", "),
                        width = width.unwrap_or(0)
                    );
                }
            }
            Err(e) => {
                let _ = writeln!(out, "Producers: the section does not decode ({e})");
            }
        }
    }
    if let Some(custom) = section("target_features") {
        let line = match producers::target_features(custom.data, custom.offset) {
            Ok(features) if features.is_empty() => "none".to_owned(),
            Ok(features) => plain(&features.join(", ")),
            Err(e) => format!("the section does not decode ({e})"),
        };
        let _ = writeln!(out, "Target features (as the producer compiled it): {line}");
    }
}

/// The proposals used, and whether they are within WebAssembly 2.0.
fn features(out: &mut String, used: Features) {
    let names = |set: Features| {
        set.iter()
            .filter(|&(_, on)| on)
            .map(|(name, _)| name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if used == Features::MVP {
        let _ = writeln!(out, "\nFeatures used: none beyond WebAssembly 1.0");
        return;
    }
    let _ = writeln!(out, "\nFeatures used: {}", names(used));
    let beyond = used.difference(Features::WASM2);
    if beyond != Features::MVP {
        let _ = writeln!(
            out,
            "  beyond WebAssembly 2.0, which brisk runs: {}",
            names(beyond)
        );
    }
}

/// `func 3 $name: [i32] -> []`, or what is wrong with the index.
fn func_ref(module: &Module<'_>, index: u32) -> String {
    let name = module
        .names
        .function(index)
        .map_or_else(String::new, |n| format!(" ${}", shown(n)));
    match module.functions.get(index as usize) {
        Some(&ty) => format!("func {index}{name}: {}", func_type(module, ty)),
        None => format!("func {index} (no such function)"),
    }
}

/// `kind N: <type>`, or `kind N (no such kind)`.
fn indexed<T>(kind: &str, index: u32, item: Option<&T>, ty: impl Fn(&T) -> String) -> String {
    match item {
        Some(item) => format!("{kind} {index}: {}", ty(item)),
        None => format!("{kind} {index} (no such {kind})"),
    }
}

/// `type 1: [i32] -> []`.
fn func_type(module: &Module<'_>, index: u32) -> String {
    match module.types.get(index as usize) {
        Some(ty) => format!("type {index}: {ty}"),
        None => format!("type {index} (no such type)"),
    }
}

/// `funcref, 2 elements, max 10`.
fn table_type(table: &TableType) -> String {
    let index = if table.table64 { " (64-bit)" } else { "" };
    let max = table
        .maximum
        .map_or_else(|| "no maximum".to_owned(), |max| format!("max {max}"));
    format!(
        "{}{index}, {}, {max}",
        table.element_type,
        plural(table.initial, "element")
    )
}

/// `1 page (64 KiB), max 2 pages (128 KiB)`.
fn memory_type(memory: &MemoryType) -> String {
    let pages = |n: u64| format!("{} ({})", plural(n, "page"), bytes(n));
    let max = memory.maximum.map_or_else(
        || "no maximum".to_owned(),
        |max| format!("max {}", pages(max)),
    );
    let mut flags = String::new();
    if memory.memory64 {
        flags.push_str(", 64-bit");
    }
    if memory.shared {
        flags.push_str(", shared");
    }
    format!("{}, {max}{flags}", pages(memory.initial))
}

/// `mut i32` or `i32`.
fn global_type(global: &GlobalType) -> String {
    let mutable = if global.mutable { "mut " } else { "" };
    format!("{mutable}{}", global.content_type)
}

/// The size of `pages` 64 KiB pages, in the largest binary unit that
/// keeps it whole.
fn bytes(pages: u64) -> String {
    let kib = u128::from(pages) * 64;
    let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = kib;
    let mut unit = 0;
    while value >= 1024 && value % 1024 == 0 && unit + 1 < units.len() {
        value /= 1024;
        unit += 1;
    }
    format!("{value} {}", units[unit])
}

/// ` (imported)` for the first `imports` entries of an index space.
fn origin(index: usize, imports: u32) -> &'static str {
    if index < imports as usize {
        " (imported)"
    } else {
        ""
    }
}

/// The word for an import or export kind.
fn kind_name(kind: ExternKind) -> &'static str {
    match kind {
        ExternKind::Func => "func",
        ExternKind::Table => "table",
        ExternKind::Memory => "memory",
        ExternKind::Global => "global",
    }
}

/// `1 page`, `2 pages`, `1 body`, `3 bodies`, `1 memory`, `2 memories`.
fn plural(n: impl std::fmt::Display, word: &str) -> String {
    let n = n.to_string();
    if n == "1" {
        return format!("1 {word}");
    }
    match word.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

/// A name from the module as it can be shown: itself when it is plain
/// printable text, else quoted with escapes.
fn shown(name: &str) -> String {
    if name.is_empty() || name.chars().any(|c| c.is_control() || c.is_whitespace()) {
        format!("\"{}\"", escaped(name))
    } else {
        name.to_owned()
    }
}

/// Text from the module with its control characters escaped.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `name` with control characters, quotes and backslashes escaped.
fn escaped(name: &str) -> String {
    name.escape_debug().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_sizes() {
        assert_eq!(plural(1u64, "page"), "1 page");
        assert_eq!(plural(2u64, "page"), "2 pages");
        assert_eq!(plural(0u64, "body"), "0 bodies");
        assert_eq!(plural(3u64, "memory"), "3 memories");
        assert_eq!(plural(2u64, "day"), "2 days");
        assert_eq!(bytes(1), "64 KiB");
        assert_eq!(bytes(16), "1 MiB");
        assert_eq!(bytes(17), "1088 KiB");
        assert_eq!(bytes(65536), "4 GiB");
        assert_eq!(bytes(1 << 48), "16 EiB");
    }

    #[test]
    fn names_cannot_drive_the_terminal() {
        assert_eq!(shown("fd_write"), "fd_write");
        assert_eq!(shown("é"), "é");
        assert_eq!(shown(""), "\"\"");
        assert_eq!(shown("a b"), "\"a b\"");
        assert_eq!(shown("\x1b[2J"), "\"\\u{1b}[2J\"");
        assert_eq!(plain("clang 16 (x)"), "clang 16 (x)");
        assert_eq!(plain("a\x1b[2Jb\n"), "a\\u{1b}[2Jb\\n");
    }
}
