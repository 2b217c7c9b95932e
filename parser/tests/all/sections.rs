//! Valid modules decode into the expected IR: every section, every
//! element and data encoding, section records, and borrowing the input.

use brisk_parser::{
    DataMode, ElementItems, ElementMode, ExternKind, FuncType, ImportType, RefType, SectionId,
    ValType,
};

use crate::support::{HEADER, assert_parses, cat, module, name, wat};

const EVERYTHING: &str = r#"
(module $m
  (type $t0 (func (param i32) (result i32)))
  (type $t1 (func))
  (import "env" "f" (func $imp (type $t0)))
  (import "env" "t" (table 1 funcref))
  (import "env" "m" (memory 1 2))
  (import "env" "g" (global $g i32))
  (func $a (type $t1))
  (func $b (type $t0) (local $x i64) local.get 0)
  (table $tab 2 10 externref)
  (global $h (mut i64) (i64.const 42))
  (export "a" (func $a))
  (export "tab" (table $tab))
  (export "mem" (memory 0))
  (export "h" (global $h))
  (start $a)
  (elem (i32.const 0) $a $b)
  (data (i32.const 8) "hello")
  (data "passive"))
"#;

/// Whether `part` lies inside `whole` (zero-copy decoding).
fn borrows(whole: &[u8], part: &[u8]) -> bool {
    let range = whole.as_ptr_range();
    part.is_empty() || (range.contains(&part.as_ptr()) && part.as_ptr_range().end <= range.end)
}

#[test]
fn empty_module() {
    let m = assert_parses("empty", HEADER);
    assert!(m.types.is_empty() && m.code.is_empty() && m.sections.is_empty());
}

#[test]
fn every_section() {
    let bytes = wat(EVERYTHING);
    let m = assert_parses("everything", &bytes);

    assert_eq!(m.types.len(), 2);
    assert_eq!(m.types[0], FuncType::new([ValType::I32], [ValType::I32]));

    let kinds: Vec<_> = m
        .imports
        .iter()
        .map(|i| (i.module, i.name, i.ty.kind()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("env", "f", ExternKind::Func),
            ("env", "t", ExternKind::Table),
            ("env", "m", ExternKind::Memory),
            ("env", "g", ExternKind::Global),
        ]
    );
    assert_eq!(m.imports[0].ty, ImportType::Func(0));

    assert_eq!(m.functions, [0, 1, 0]);
    assert_eq!(m.function_imports, 1);
    assert_eq!(m.func_type(2), Some(&m.types[0]));

    assert_eq!((m.tables.len(), m.table_imports), (2, 1));
    assert_eq!(m.tables[0].element_type, RefType::FUNCREF);
    assert_eq!(m.tables[1].element_type, RefType::EXTERNREF);
    assert_eq!((m.tables[1].initial, m.tables[1].maximum), (2, Some(10)));

    assert_eq!((m.memories.len(), m.memory_imports), (1, 1));
    assert_eq!((m.memories[0].initial, m.memories[0].maximum), (1, Some(2)));

    assert_eq!((m.globals.len(), m.global_imports), (2, 1));
    assert!(!m.globals[0].mutable && m.globals[1].mutable);
    assert_eq!(m.globals[1].content_type, ValType::I64);
    assert_eq!(m.global_inits.len(), 1);
    assert_eq!(m.global_inits[0].data, [0x42, 42, 0x0b]);

    let exports: Vec<_> = m
        .exports
        .iter()
        .map(|e| (e.name, e.kind, e.index))
        .collect();
    assert_eq!(
        exports,
        [
            ("a", ExternKind::Func, 1),
            ("tab", ExternKind::Table, 1),
            ("mem", ExternKind::Memory, 0),
            ("h", ExternKind::Global, 1),
        ]
    );
    assert_eq!(m.start, Some(1));

    assert_eq!(m.elements.len(), 1);
    let ElementMode::Active { table: 0, offset } = m.elements[0].mode else {
        panic!("{:?}", m.elements[0].mode);
    };
    assert_eq!(offset.data, [0x41, 0, 0x0b]);
    assert_eq!(m.elements[0].items, ElementItems::Functions(vec![1, 2]));

    assert_eq!(m.code.len(), 2);
    // `$b`: one local declaration (1 x i64), local.get 0, end.
    assert_eq!(m.code[1].bytes(), [1, 1, 0x7e, 0x20, 0, 0x0b]);
    let mut locals = m.code[1].locals_reader().unwrap();
    assert_eq!(locals.read().unwrap(), (1, ValType::I64));

    assert_eq!(m.data.len(), 2);
    assert!(matches!(m.data[0].mode, DataMode::Active { memory: 0, .. }));
    assert_eq!(m.data[0].data, b"hello");
    assert_eq!(m.data[1].mode, DataMode::Passive);
    assert_eq!(m.data[1].data, b"passive");
}

#[test]
fn sections_are_recorded_in_order() {
    let bytes = wat(EVERYTHING);
    let m = assert_parses("everything", &bytes);
    let ids: Vec<_> = m.sections.iter().map(|s| s.id).collect();
    let non_custom: Vec<_> = ids
        .iter()
        .copied()
        .filter(|&id| id != SectionId::Custom)
        .collect();
    use SectionId::*;
    assert_eq!(
        non_custom,
        [
            Type, Import, Function, Table, Global, Export, Start, Element, Code, Data
        ]
    );
    // Every record covers its payload exactly, one after another.
    let mut end = HEADER.len();
    for s in &m.sections {
        assert!(s.offset > end, "{s:?}");
        end = s.offset + s.size;
    }
    assert_eq!(end, bytes.len());
}

#[test]
fn everything_borrows_the_input() {
    let bytes = wat(EVERYTHING);
    let m = assert_parses("everything", &bytes);
    let mut parts: Vec<&[u8]> = Vec::new();
    parts.extend(
        m.imports
            .iter()
            .flat_map(|i| [i.module.as_bytes(), i.name.as_bytes()]),
    );
    parts.extend(m.exports.iter().map(|e| e.name.as_bytes()));
    parts.extend(m.global_inits.iter().map(|e| e.data));
    parts.extend(m.code.iter().map(|b| b.bytes()));
    parts.extend(m.data.iter().map(|d| d.data));
    parts.extend(
        m.custom_sections
            .iter()
            .flat_map(|c| [c.name.as_bytes(), c.data]),
    );
    for part in parts {
        assert!(borrows(&bytes, part), "{part:?}");
    }
    // Offsets point at the same bytes.
    for body in &m.code {
        assert_eq!(&bytes[body.offset()..][..body.bytes().len()], body.bytes());
    }
    for e in &m.global_inits {
        assert_eq!(&bytes[e.offset..][..e.data.len()], e.data);
    }
}

#[test]
fn all_eight_element_encodings() {
    #[rustfmt::skip]
    let elements: &[u8] = &[
        8,
        0x00, 0x41, 0x00, 0x0b, 0x01, 0x00,                         // active table 0, [0]
        0x01, 0x00, 0x02, 0x00, 0x01,                               // passive funcref, [0 1]
        0x02, 0x01, 0x41, 0x05, 0x0b, 0x00, 0x01, 0x02,             // active table 1, [2]
        0x03, 0x00, 0x00,                                           // declarative, []
        0x04, 0x41, 0x00, 0x0b, 0x01, 0xd2, 0x00, 0x0b,             // active table 0, exprs
        0x05, 0x6f, 0x01, 0xd0, 0x6f, 0x0b,                         // passive externref
        0x06, 0x02, 0x41, 0x00, 0x0b, 0x70, 0x02, 0xd2, 0x01, 0x0b, 0xd0, 0x70, 0x0b,
        0x07, 0x70, 0x01, 0xd2, 0x00, 0x0b,                         // declarative funcref
    ];
    let bytes = module(&[(9, elements)]);
    let m = assert_parses("elements", &bytes);
    let e = &m.elements;
    assert_eq!(e.len(), 8);

    let tables: Vec<_> = e
        .iter()
        .map(|s| match s.mode {
            ElementMode::Active { table, .. } => Some(table),
            _ => None,
        })
        .collect();
    assert_eq!(
        tables,
        [Some(0), None, Some(1), None, Some(0), None, Some(2), None]
    );
    assert_eq!(e[1].mode, ElementMode::Passive);
    assert_eq!(e[3].mode, ElementMode::Declared);
    assert_eq!(e[5].mode, ElementMode::Passive);
    assert_eq!(e[7].mode, ElementMode::Declared);

    let types: Vec<_> = e.iter().map(|s| s.ty).collect();
    let (f, x) = (RefType::FUNCREF, RefType::EXTERNREF);
    assert_eq!(types, [f, f, f, f, f, x, f, f]);

    assert_eq!(e[0].items, ElementItems::Functions(vec![0]));
    assert_eq!(e[1].items, ElementItems::Functions(vec![0, 1]));
    assert_eq!(e[2].items, ElementItems::Functions(vec![2]));
    assert_eq!(e[3].items, ElementItems::Functions(vec![]));
    let exprs = |i: usize| match &e[i].items {
        ElementItems::Expressions(v) => v.iter().map(|x| x.data).collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(exprs(4), [&[0xd2, 0x00, 0x0b][..]]);
    assert_eq!(exprs(5), [&[0xd0, 0x6f, 0x0b][..]]);
    assert_eq!(exprs(6), [&[0xd2, 0x01, 0x0b][..], &[0xd0, 0x70, 0x0b][..]]);
    assert_eq!(exprs(7), [&[0xd2, 0x00, 0x0b][..]]);
    // Segment offsets point at their flags.
    assert_eq!(bytes[e[2].offset], 0x02);
    assert_eq!(bytes[e[7].offset], 0x07);
}

#[test]
fn all_three_data_encodings_and_the_data_count() {
    #[rustfmt::skip]
    let data: &[u8] = &[
        3,
        0x00, 0x41, 0x01, 0x0b, 0x02, 0xaa, 0xbb, // active memory 0
        0x01, 0x01, 0xcc,                         // passive
        0x02, 0x01, 0x41, 0x02, 0x0b, 0x00,       // active memory 1, empty
    ];
    let bytes = module(&[(12, &[3]), (11, data)]);
    let m = assert_parses("data", &bytes);
    assert_eq!(m.data_count, Some(3));
    let d = &m.data;
    let DataMode::Active { memory: 0, offset } = d[0].mode else {
        panic!("{:?}", d[0].mode);
    };
    assert_eq!(offset.data, [0x41, 0x01, 0x0b]);
    assert_eq!(d[0].data, [0xaa, 0xbb]);
    assert_eq!((d[1].mode, d[1].data), (DataMode::Passive, &[0xcc][..]));
    assert!(matches!(d[2].mode, DataMode::Active { memory: 1, .. }));
    assert!(d[2].data.is_empty());
}

#[test]
fn custom_sections_anywhere() {
    let a = cat(&[&name("a"), b"payload"]);
    let b = cat(&[&name("b"), b""]);
    let bytes = module(&[(0, &a), (1, &[0]), (0, &b), (0, &a)]);
    let m = assert_parses("custom", &bytes);
    let customs: Vec<_> = m.custom_sections.iter().map(|c| (c.name, c.data)).collect();
    assert_eq!(
        customs,
        [
            ("a", &b"payload"[..]),
            ("b", &b""[..]),
            ("a", &b"payload"[..])
        ]
    );
    let c = &m.custom_sections[0];
    assert_eq!(&bytes[c.offset..][..c.data.len()], c.data);
    let ids: Vec<_> = m.sections.iter().map(|s| s.id).collect();
    use SectionId::*;
    assert_eq!(ids, [Custom, Type, Custom, Custom]);
    assert_eq!(m.sections[1].size, 1);
}

#[test]
fn function_and_code_counts_include_imports() {
    let bytes = wat(r#"(module (import "m" "f" (func)) (func) (func))"#);
    let m = assert_parses("imports", &bytes);
    assert_eq!(
        (m.functions.len(), m.function_imports, m.code.len()),
        (3, 1, 2)
    );
}
