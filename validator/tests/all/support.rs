//! Test helpers: `.wat` text to a brisk [`Module`], and assertions on
//! validation results.
//!
//! Modules are decoded with wasmparser's (non-validating) parser and
//! converted to brisk's IR, so these tests exercise the validator alone,
//! independently of brisk's section decoder.

use brisk_parser::{
    ConstExpr, Data, DataMode, Element, ElementItems, ElementMode, Export, ExternKind, Features,
    FuncType, FunctionBody, GlobalType, HeapType, Import, ImportType, MemoryType, Module, RefType,
    SectionId, SectionInfo, TableType, ValType,
};
use brisk_validator::{Error, ValidatedModule};
use wasmparser::{Parser, Payload};

/// Assembles `.wat` text.
pub fn wat(text: &str) -> Vec<u8> {
    match wat::parse_str(text) {
        Ok(bytes) => bytes,
        Err(e) => panic!("bad test .wat: {e}\n{text}"),
    }
}

fn val_type(t: wasmparser::ValType) -> ValType {
    match t {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ValType::Ref(ref_type(r)),
    }
}

fn ref_type(r: wasmparser::RefType) -> RefType {
    let heap_type = match r.heap_type() {
        wasmparser::HeapType::Abstract {
            ty: wasmparser::AbstractHeapType::Func,
            ..
        } => HeapType::Func,
        wasmparser::HeapType::Abstract {
            ty: wasmparser::AbstractHeapType::Extern,
            ..
        } => HeapType::Extern,
        other => panic!("unsupported heap type {other:?}"),
    };
    RefType {
        nullable: r.is_nullable(),
        heap_type,
    }
}

fn table_type(t: wasmparser::TableType) -> TableType {
    TableType {
        element_type: ref_type(t.element_type),
        initial: t.initial,
        maximum: t.maximum,
        table64: t.table64,
    }
}

fn memory_type(m: wasmparser::MemoryType) -> MemoryType {
    MemoryType {
        initial: m.initial,
        maximum: m.maximum,
        memory64: m.memory64,
        shared: m.shared,
    }
}

fn global_type(g: wasmparser::GlobalType) -> GlobalType {
    GlobalType {
        content_type: val_type(g.content_type),
        mutable: g.mutable,
    }
}

fn const_expr<'a>(bytes: &'a [u8], e: &wasmparser::ConstExpr<'a>) -> ConstExpr<'a> {
    let range = e.get_binary_reader().range();
    ConstExpr {
        data: &bytes[range.start as usize..range.end as usize],
        offset: range.start as usize,
    }
}

fn kind(k: wasmparser::ExternalKind) -> ExternKind {
    match k {
        wasmparser::ExternalKind::Func | wasmparser::ExternalKind::FuncExact => ExternKind::Func,
        wasmparser::ExternalKind::Table => ExternKind::Table,
        wasmparser::ExternalKind::Memory => ExternKind::Memory,
        wasmparser::ExternalKind::Global => ExternKind::Global,
        wasmparser::ExternalKind::Tag => panic!("tags are not 2.0"),
    }
}

fn section(id: SectionId, range: std::ops::Range<u64>) -> SectionInfo {
    SectionInfo {
        id,
        offset: range.start as usize,
        size: (range.end - range.start) as usize,
    }
}

/// Decodes `bytes` into brisk's IR with `features`.
pub fn module_with(bytes: &[u8], features: Features) -> Module<'_> {
    let mut m = Module {
        features,
        ..Module::default()
    };
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.expect("test module decodes") {
            Payload::TypeSection(r) => {
                m.sections.push(section(SectionId::Type, r.range()));
                for group in r {
                    for sub in group.unwrap().into_types() {
                        let f = sub.unwrap_func();
                        m.types.push(FuncType::new(
                            f.params().iter().map(|&t| val_type(t)),
                            f.results().iter().map(|&t| val_type(t)),
                        ));
                    }
                }
            }
            Payload::ImportSection(r) => {
                m.sections.push(section(SectionId::Import, r.range()));
                for imp in r.into_imports() {
                    let imp = imp.unwrap();
                    let ty = match imp.ty {
                        wasmparser::TypeRef::Func(i) => {
                            m.functions.push(i);
                            m.function_imports += 1;
                            ImportType::Func(i)
                        }
                        wasmparser::TypeRef::Table(t) => {
                            m.tables.push(table_type(t));
                            m.table_imports += 1;
                            ImportType::Table(table_type(t))
                        }
                        wasmparser::TypeRef::Memory(t) => {
                            m.memories.push(memory_type(t));
                            m.memory_imports += 1;
                            ImportType::Memory(memory_type(t))
                        }
                        wasmparser::TypeRef::Global(t) => {
                            m.globals.push(global_type(t));
                            m.global_imports += 1;
                            ImportType::Global(global_type(t))
                        }
                        other => panic!("unsupported import {other:?}"),
                    };
                    m.imports.push(Import {
                        module: imp.module,
                        name: imp.name,
                        ty,
                    });
                }
            }
            Payload::FunctionSection(r) => {
                m.sections.push(section(SectionId::Function, r.range()));
                for f in r {
                    m.functions.push(f.unwrap());
                }
            }
            Payload::TableSection(r) => {
                m.sections.push(section(SectionId::Table, r.range()));
                for t in r {
                    m.tables.push(table_type(t.unwrap().ty));
                }
            }
            Payload::MemorySection(r) => {
                m.sections.push(section(SectionId::Memory, r.range()));
                for t in r {
                    m.memories.push(memory_type(t.unwrap()));
                }
            }
            Payload::GlobalSection(r) => {
                m.sections.push(section(SectionId::Global, r.range()));
                for g in r {
                    let g = g.unwrap();
                    m.globals.push(global_type(g.ty));
                    m.global_inits.push(const_expr(bytes, &g.init_expr));
                }
            }
            Payload::ExportSection(r) => {
                m.sections.push(section(SectionId::Export, r.range()));
                for e in r.into_iter_with_offsets() {
                    let (offset, e) = e.unwrap();
                    m.exports.push(Export {
                        name: e.name,
                        kind: kind(e.kind),
                        index: e.index,
                        offset: offset as usize,
                    });
                }
            }
            Payload::StartSection { func, range } => {
                m.sections.push(section(SectionId::Start, range));
                m.start = Some(func);
            }
            Payload::ElementSection(r) => {
                m.sections.push(section(SectionId::Element, r.range()));
                for e in r {
                    let e = e.unwrap();
                    let mode = match e.kind {
                        wasmparser::ElementKind::Passive => ElementMode::Passive,
                        wasmparser::ElementKind::Declared => ElementMode::Declared,
                        wasmparser::ElementKind::Active {
                            table_index,
                            offset_expr,
                        } => ElementMode::Active {
                            table: table_index.unwrap_or(0),
                            offset: const_expr(bytes, &offset_expr),
                        },
                    };
                    let (ty, items) = match e.items {
                        wasmparser::ElementItems::Functions(fs) => (
                            RefType::FUNCREF,
                            ElementItems::Functions(fs.into_iter().map(|f| f.unwrap()).collect()),
                        ),
                        wasmparser::ElementItems::Expressions(ty, es) => (
                            ref_type(ty),
                            ElementItems::Expressions(
                                es.into_iter()
                                    .map(|x| const_expr(bytes, &x.unwrap()))
                                    .collect(),
                            ),
                        ),
                    };
                    m.elements.push(Element {
                        mode,
                        ty,
                        items,
                        offset: e.range.start as usize,
                    });
                }
            }
            Payload::DataCountSection { count, range } => {
                m.sections.push(section(SectionId::DataCount, range));
                m.data_count = Some(count);
            }
            Payload::CodeSectionStart {
                unchecked_range: range,
                ..
            } => {
                m.sections.push(section(SectionId::Code, range));
            }
            Payload::CodeSectionEntry(body) => {
                let range = body.range();
                let (start, end) = (range.start as usize, range.end as usize);
                m.code
                    .push(FunctionBody::new(&bytes[start..end], start, features));
            }
            Payload::DataSection(r) => {
                m.sections.push(section(SectionId::Data, r.range()));
                for d in r {
                    let d = d.unwrap();
                    let mode = match d.kind {
                        wasmparser::DataKind::Passive => DataMode::Passive,
                        wasmparser::DataKind::Active {
                            memory_index,
                            offset_expr,
                        } => DataMode::Active {
                            memory: memory_index,
                            offset: const_expr(bytes, &offset_expr),
                        },
                    };
                    m.data.push(Data {
                        mode,
                        data: d.data,
                        offset: d.range.start as usize,
                    });
                }
            }
            Payload::CustomSection(_) | Payload::Version { .. } | Payload::End(_) => {}
            other => panic!("unsupported payload {other:?}"),
        }
    }
    m
}

/// Validates `bytes` with `features`.
pub fn validate_bytes_with(bytes: &[u8], features: Features) -> Result<ValidatedModule<'_>, Error> {
    brisk_validator::validate_module(module_with(bytes, features))
}

/// Assembles and validates `text` with the default features, returning
/// the result with the bytes leaked (tests only).
pub fn check(text: &str) -> Result<ValidatedModule<'static>, Error> {
    check_with(text, Features::default())
}

/// Like [`check`] with explicit features.
pub fn check_with(text: &str, features: Features) -> Result<ValidatedModule<'static>, Error> {
    let bytes: &'static [u8] = Vec::leak(wat(text));
    validate_bytes_with(bytes, features)
}

/// Asserts `text` is valid and returns the result.
#[track_caller]
pub fn valid(text: &str) -> ValidatedModule<'static> {
    match check(text) {
        Ok(v) => v,
        Err(e) => panic!("expected valid, got {e:?}\n{text}"),
    }
}

/// Asserts `text` is invalid (not malformed) with a message containing
/// `message`.
#[track_caller]
pub fn invalid(text: &str, message: &str) {
    invalid_with(text, Features::default(), message)
}

/// Like [`invalid`] with explicit features.
#[track_caller]
pub fn invalid_with(text: &str, features: Features, message: &str) {
    match check_with(text, features) {
        Ok(_) => panic!("expected invalid ({message}), got valid\n{text}"),
        Err(e) => {
            assert!(!e.is_malformed(), "expected invalid, got {e:?}\n{text}");
            assert!(
                e.message().contains(message),
                "expected {message:?}, got {e:?}\n{text}"
            );
        }
    }
}

/// Asserts a function whose body is `body` (in a module with one memory,
/// one funcref table and a declared function) is invalid with `message`.
#[track_caller]
pub fn invalid_func(body: &str, message: &str) {
    invalid(&in_module(body), message)
}

/// Asserts a function whose body is `body` is valid.
#[track_caller]
pub fn valid_func(body: &str) -> ValidatedModule<'static> {
    valid(&in_module(body))
}

fn in_module(body: &str) -> String {
    format!(
        "(module (memory 1) (table 1 funcref) (global $g (mut i32) (i32.const 0)) \
         (func $f) (elem declare func $f) (func {body}))"
    )
}

/// Asserts `bytes` are malformed with a message containing `message`.
#[track_caller]
pub fn malformed_bytes(bytes: &[u8], message: &str) {
    match validate_bytes_with(bytes, Features::default()) {
        Ok(_) => panic!("expected malformed ({message}), got valid"),
        Err(e) => {
            assert!(e.is_malformed(), "expected malformed, got {e:?}");
            assert!(
                e.message().contains(message),
                "expected {message:?}, got {e:?}"
            );
        }
    }
}
