//! Malformed modules beyond the spec's own cases: every kind byte and
//! flag, implementation limits, error offsets, and the reference
//! interpreter's habit of reading past a section's end.

use crate::support::{HEADER, assert_malformed, cat, leb, module, name};

#[test]
fn kinds_and_flags() {
    let func_type = [1, 0x60, 0, 0];
    // Export kind 4.
    let export = cat(&[&[1], &name("e"), &[4, 0]]);
    assert_malformed(
        "export kind",
        &module(&[(7, &export)]),
        "malformed export kind",
    );
    // Element segment flags 8, element kind 1, data segment flags 3.
    assert_malformed(
        "segment flags",
        &module(&[(9, &[1, 8])]),
        "malformed elements segment kind",
    );
    assert_malformed(
        "element kind",
        &module(&[(9, &[1, 1, 1, 0])]),
        "malformed element kind",
    );
    assert_malformed(
        "element ref type",
        &module(&[(9, &[1, 5, 0x7f, 0])]),
        "malformed reference type",
    );
    assert_malformed(
        "data flags",
        &module(&[(11, &[1, 3])]),
        "malformed data segment kind",
    );
    // Type forms: anything but 0x60, and a form that continues as LEB128.
    assert_malformed(
        "type form",
        &module(&[(1, &[1, 0x5f, 0, 0])]),
        "malformed function type",
    );
    assert_malformed(
        "type form LEB",
        &module(&[(1, &[1, 0xe0, 0x7f, 0, 0])]),
        "integer representation too long",
    );
    assert_malformed(
        "value type",
        &module(&[(1, &[1, 0x60, 1, 0x40, 0])]),
        "malformed value type",
    );
    // Global mutability 2.
    assert_malformed(
        "mutability",
        &module(&[(6, &[1, 0x7f, 2, 0x41, 0, 0x0b])]),
        "malformed mutability",
    );
    // Limits flags that continue as a LEB128, in an import.
    let import = cat(&[&[1], &name("m"), &name("t"), &[1, 0x70, 0x81, 0, 0]]);
    assert_malformed(
        "table import limits",
        &module(&[(1, &func_type), (2, &import)]),
        "integer representation too long",
    );
}

#[test]
fn names_must_be_utf8() {
    let custom = cat(&[&[2, 0xc0, 0x80], b"payload"]);
    assert_malformed(
        "custom name",
        &module(&[(0, &custom)]),
        "malformed UTF-8 encoding",
    );
    let import = cat(&[&[1, 1, 0xff], &name("f"), &[0, 0]]);
    assert_malformed(
        "import module",
        &module(&[(2, &import)]),
        "malformed UTF-8 encoding",
    );
    // An encoded surrogate half.
    let export = cat(&[&[1, 3, 0xed, 0xa0, 0x80], &[0, 0]]);
    assert_malformed(
        "export name",
        &module(&[(7, &export)]),
        "malformed UTF-8 encoding",
    );
}

#[test]
fn section_order_and_ids() {
    // The data count section goes between element and code ...
    assert!(brisk_parser::parse(&module(&[(9, &[0]), (12, &[0]), (10, &[0])])).is_ok());
    // ... so not after code, nor before element.
    for order in [[10u8, 12], [12, 9], [11, 10], [3, 3]] {
        let bytes = module(&[(order[0], &[0]), (order[1], &[0])]);
        assert_malformed(
            &format!("{order:?}"),
            &bytes,
            "unexpected content after last section",
        );
    }
    let e = brisk_parser::parse(&cat(&[HEADER, &[13, 0]])).unwrap_err();
    assert_eq!((e.message(), e.offset()), ("malformed section id", 8));
}

#[test]
fn errors_carry_offsets() {
    let e = brisk_parser::parse(b"\0asm\x02\0\0\0").unwrap_err();
    assert_eq!((e.message(), e.offset()), ("unknown binary version", 4));
    // Type section: id at 8, size at 9, count at 10, the bad form at 11.
    let e = brisk_parser::parse(&module(&[(1, &[1, 0x61, 0, 0])])).unwrap_err();
    assert_eq!(e.offset(), 11);
    // Truncation after the header is worded as the reference does, and is
    // still recognisable as such.
    let e = brisk_parser::parse(&cat(&[HEADER, &[1]])).unwrap_err();
    assert_eq!(e.message(), "unexpected end of section or function");
    assert!(e.is_eof());
    let e = brisk_parser::parse(&HEADER[..6]).unwrap_err();
    assert_eq!(e.message(), "unexpected end");
}

#[test]
fn sections_read_on_like_the_reference() {
    // A global initialiser missing its `end` meets the next section's id.
    let bytes = module(&[(6, &[1, 0x7f, 0, 0x41, 0]), (10, &[0])]);
    assert_malformed("global init", &bytes, "illegal opcode");
    // An `else` outside any `if`.
    let bytes = module(&[(6, &[1, 0x7f, 0, 0x41, 0, 0x05, 0x0b])]);
    assert_malformed("else", &bytes, "END opcode expected");
    // A count larger than what is left of the module.
    assert_malformed("count", &module(&[(3, &[9, 0])]), "length out of bounds");
    // A body whose size is understated: its tail is not a section, but the
    // body's own malformation is what gets reported.
    let types = [1, 0x60, 0, 0];
    let funcs = [1, 0];
    let body = [3, 0, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b];
    let code = cat(&[&[1], &body]);
    let bytes = module(&[(1, &types), (3, &funcs), (10, &code[..5])]);
    let bytes = cat(&[&bytes, &code[5..]]);
    assert_malformed("body", &bytes, "integer representation too long");
}

#[test]
fn implementation_limits() {
    // 101 tables: each `funcref, no max, min 0`.
    let mut tables = leb(101);
    for _ in 0..101 {
        tables.extend_from_slice(&[0x70, 0, 0]);
    }
    assert_malformed(
        "tables",
        &module(&[(4, &tables)]),
        "tables count is out of bounds",
    );
    // 100 imported tables and one more defined.
    let mut imports = leb(100);
    for _ in 0..100 {
        imports.extend(cat(&[&name(""), &name(""), &[1, 0x70, 0, 0]]));
    }
    let bytes = module(&[(2, &imports), (4, &[1, 0x70, 0, 0])]);
    assert_malformed("tables total", &bytes, "tables count is out of bounds");
}
