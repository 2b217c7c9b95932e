//! Tests of the operator table (`list.rs`) and of the decoder derived from
//! it: the table's shape (counts, no repeated opcode or name, opcodes of the
//! spec), every row decoding from its own encoding, and the errors for
//! unknown opcodes and truncated immediates.

use std::collections::HashMap;

use super::{BrTable, Ieee32, Ieee64, MemArg, Operator, SelectType, V128};
use crate::Features;
use crate::reader::BinaryReader;
use crate::types::{BlockType, HeapType, ValType};

/// One row of the table, as data.
#[derive(Debug)]
struct Row {
    proposal: &'static str,
    prefix: u8,
    code: u32,
    variant: &'static str,
    visit: &'static str,
    name: &'static str,
    sig: &'static str,
}

macro_rules! collect_rows {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal $sig:tt
    )*) => {
        /// Every row of the table, in table order.
        const ROWS: &[Row] = &[$(
            Row {
                proposal: stringify!($proposal),
                prefix: $prefix,
                code: $code,
                variant: stringify!($op),
                visit: stringify!($visit),
                name: $name,
                sig: stringify!($sig),
            },
        )*];
    };
}

crate::for_each_operator!(collect_rows);

fn count(proposal: &str) -> usize {
    ROWS.iter().filter(|r| r.proposal == proposal).count()
}

fn row(name: &str) -> &'static Row {
    let mut found = ROWS.iter().filter(|r| r.name == name);
    let row = found.next().unwrap_or_else(|| panic!("no row {name:?}"));
    assert!(
        found.next().is_none() || name == "select",
        "{name:?} repeats"
    );
    row
}

#[test]
fn counts_per_proposal() {
    assert_eq!(count("mvp"), 172);
    assert_eq!(count("sign_extension"), 5);
    assert_eq!(count("saturating_float_to_int"), 8);
    assert_eq!(count("bulk_memory"), 7);
    assert_eq!(count("reference_types"), 9);
    assert_eq!(count("simd"), 236);
    // Every WebAssembly 2.0 instruction, and nothing else.
    assert_eq!(ROWS.len(), 437);
}

#[test]
fn every_proposal_is_a_feature() {
    for r in ROWS {
        assert!(
            r.proposal == "mvp" || Features::from_name(r.proposal).is_some(),
            "{r:?}"
        );
        let f = Features::from_name(r.proposal).unwrap_or(Features::MVP);
        assert!(Features::WASM2.contains(f), "{r:?} is not WebAssembly 2.0");
    }
}

#[test]
fn no_repeated_opcode_or_name() {
    let mut opcodes = HashMap::new();
    let mut variants = HashMap::new();
    let mut visits = HashMap::new();
    let mut names = HashMap::new();
    for r in ROWS {
        if let Some(prev) = opcodes.insert((r.prefix, r.code), r.name) {
            panic!("{:#04x} {} is both {prev} and {}", r.prefix, r.code, r.name);
        }
        if let Some(prev) = variants.insert(r.variant, r.name) {
            panic!("variant {} is both {prev} and {}", r.variant, r.name);
        }
        if let Some(prev) = visits.insert(r.visit, r.name) {
            panic!("visitor {} is both {prev} and {}", r.visit, r.name);
        }
        // Untyped and typed `select` are one instruction of the text format.
        if let Some(prev) = names.insert(r.name, r.variant)
            && !(r.name == "select" && prev == "Select" && r.variant == "TypedSelect")
        {
            panic!("name {} is both {prev} and {}", r.name, r.variant);
        }
    }
}

#[test]
fn names_follow_the_conventions() {
    for r in ROWS {
        // `visit_` + the mnemonic with `_` for `.` (typed select aside).
        let visit = format!("visit_{}", r.name.replace('.', "_"));
        assert!(r.visit == visit || r.variant == "TypedSelect", "{r:?}");
        // The variant is the visitor's name in CamelCase.
        let flat = r.visit["visit_".len()..].replace('_', "");
        assert_eq!(r.variant.to_ascii_lowercase(), flat, "{r:?}");
        assert!(
            r.prefix == 0 || r.prefix == 0xfc || r.prefix == 0xfd,
            "{r:?}"
        );
        assert!(r.prefix != 0 || r.code <= 0xff, "{r:?}");
        assert!(r.prefix != 0 || (r.code != 0xfc && r.code != 0xfd), "{r:?}");
        assert_eq!(r.prefix == 0xfd, r.proposal == "simd", "{r:?}");
    }
}

#[test]
fn signatures_are_well_formed() {
    const TYPES: &[&str] = &["i32", "i64", "f32", "f64", "v128"];
    for r in ROWS {
        let inner = r.sig.strip_prefix('[').and_then(|s| s.strip_suffix(']'));
        let words: Vec<&str> = inner.expect(r.name).split_whitespace().collect();
        match words.as_slice() {
            ["special"] => {}
            [kind @ ("load" | "store"), bytes, ty] => {
                assert!(["1", "2", "4", "8", "16"].contains(bytes), "{r:?}");
                assert!(TYPES.contains(ty), "{r:?}");
                assert!(r.name.contains(kind), "{r:?}");
            }
            words => {
                let arrow = words.iter().position(|w| *w == "->");
                let arrow = arrow.unwrap_or_else(|| panic!("{r:?}"));
                assert!(
                    words
                        .iter()
                        .enumerate()
                        .all(|(i, w)| i == arrow || TYPES.contains(w)),
                    "{r:?}"
                );
            }
        }
    }
    assert_eq!(row("i32.load8_u").sig, "[load 1 i32]");
    assert_eq!(row("i64.store32").sig, "[store 4 i64]");
    assert_eq!(row("v128.load").sig, "[load 16 v128]");
    assert_eq!(row("v128.load8x8_s").sig, "[load 8 v128]");
    assert_eq!(row("v128.load32_splat").sig, "[load 4 v128]");
    assert_eq!(row("v128.load32_zero").sig, "[load 4 v128]");
    assert_eq!(row("v128.store").sig, "[store 16 v128]");
    assert_eq!(row("i8x16.swizzle").sig, "[v128 v128 -> v128]");
    assert_eq!(row("i8x16.shl").sig, "[v128 i32 -> v128]");
    assert_eq!(row("v128.bitselect").sig, "[v128 v128 v128 -> v128]");
    assert_eq!(row("i64x2.all_true").sig, "[v128 -> i32]");
    assert_eq!(row("f64x2.splat").sig, "[f64 -> v128]");
    assert_eq!(row("f32.convert_i64_u").sig, "[i64 -> f32]");
    assert_eq!(row("i64.trunc_sat_f32_u").sig, "[f32 -> i64]");
    assert_eq!(row("v128.load8_lane").sig, "[special]");
}

#[test]
fn opcodes_of_the_spec() {
    let cases: &[(&str, u8, u32)] = &[
        ("unreachable", 0x00, 0x00),
        ("call_indirect", 0x00, 0x11),
        ("i32.load8_s", 0x00, 0x2c),
        ("memory.grow", 0x00, 0x40),
        ("i32.eqz", 0x00, 0x45),
        ("f64.copysign", 0x00, 0xa6),
        ("i32.wrap_i64", 0x00, 0xa7),
        ("f64.reinterpret_i64", 0x00, 0xbf),
        ("i32.extend8_s", 0x00, 0xc0),
        ("i64.extend32_s", 0x00, 0xc4),
        ("ref.func", 0x00, 0xd2),
        ("i64.trunc_sat_f64_u", 0xfc, 7),
        ("memory.fill", 0xfc, 11),
        ("table.fill", 0xfc, 17),
        ("v128.load", 0xfd, 0),
        ("v128.store", 0xfd, 11),
        ("v128.const", 0xfd, 12),
        ("i8x16.shuffle", 0xfd, 13),
        ("i8x16.swizzle", 0xfd, 14),
        ("f64x2.replace_lane", 0xfd, 34),
        ("i8x16.eq", 0xfd, 35),
        ("f64x2.ge", 0xfd, 76),
        ("v128.any_true", 0xfd, 83),
        ("v128.load8_lane", 0xfd, 84),
        ("v128.store64_lane", 0xfd, 91),
        ("v128.load64_zero", 0xfd, 93),
        ("f32x4.demote_f64x2_zero", 0xfd, 94),
        ("f64x2.promote_low_f32x4", 0xfd, 95),
        ("f64x2.trunc", 0xfd, 122),
        ("i16x8.q15mulr_sat_s", 0xfd, 130),
        ("f64x2.nearest", 0xfd, 148),
        ("i32x4.dot_i16x8_s", 0xfd, 186),
        ("i64x2.eq", 0xfd, 214),
        ("i64x2.ge_s", 0xfd, 219),
        ("i64x2.extmul_high_i32x4_u", 0xfd, 223),
        ("f32x4.pmax", 0xfd, 235),
        ("i32x4.trunc_sat_f64x2_u_zero", 0xfd, 253),
        ("f64x2.convert_low_i32x4_u", 0xfd, 255),
    ];
    for &(name, prefix, code) in cases {
        let r = row(name);
        assert_eq!((r.prefix, r.code), (prefix, code), "{name}");
    }
    assert_eq!((row("select").prefix, row("select").code), (0, 0x1b));
}

#[test]
fn prefixed_opcodes_are_dense_but_for_the_spec_gaps() {
    let codes = |prefix| {
        let mut v: Vec<u32> = ROWS
            .iter()
            .filter(|r| r.prefix == prefix)
            .map(|r| r.code)
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(codes(0xfc), (0..=17).collect::<Vec<_>>());
    // The SIMD opcodes the spec leaves unassigned (some held earlier
    // drafts' instructions).
    const SIMD_GAPS: &[u32] = &[
        154, 162, 165, 166, 175, 176, 178, 179, 180, 187, 194, 197, 198, 207, 208, 210, 211, 212,
        226, 238,
    ];
    let expected: Vec<u32> = (0..=255).filter(|c| !SIMD_GAPS.contains(c)).collect();
    assert_eq!(codes(0xfd), expected);
}

/// Bytes of a valid sample of each immediate type, for [`every_row_decodes`].
trait Sample {
    const BYTES: &'static [u8];
}

macro_rules! sample {
    ($($ty:ty => $bytes:expr,)*) => {
        $(impl Sample for $ty { const BYTES: &'static [u8] = &$bytes; })*
    };
}

sample! {
    u8 => [3],
    u32 => [0],
    i32 => [0x7f],
    i64 => [0x7f],
    Ieee32 => [0; 4],
    Ieee64 => [0; 8],
    V128 => [0; 16],
    [u8; 16] => [0; 16],
    MemArg => [2, 0],
    BlockType => [0x40],
    HeapType => [0x70],
    BrTable<'_> => [1, 0, 0],
    SelectType => [1, 0x7f],
}

fn leb(mut v: u32, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

macro_rules! every_row {
    ($(
        @$proposal:ident $prefix:literal $code:literal
        $op:ident $({ $($field:ident : $ty:ty $(as $method:ident)?),* })?
        => $visit:ident $name:literal $sig:tt
    )*) => {
        /// Each row's encoding with sample immediates, its name and its
        /// proposal. (`'a` is the lifetime the `br_table` row's type names.)
        fn encodings<'a>() -> Vec<(Vec<u8>, &'a str, &'a str)> {
            let mut all = Vec::new();
            $({
                let mut bytes = Vec::new();
                if $prefix == 0 {
                    bytes.push($code as u8);
                } else {
                    bytes.push($prefix);
                    leb($code, &mut bytes);
                }
                $($(bytes.extend_from_slice(<$ty as Sample>::BYTES);)*)?
                all.push((bytes, $name, stringify!($proposal)));
            })*
            all
        }
    };
}

crate::for_each_operator!(every_row);

#[test]
fn every_row_decodes() {
    let rows = encodings();
    assert_eq!(rows.len(), ROWS.len());
    for (bytes, name, proposal) in rows {
        for features in [Features::WASM2, Features::ALL] {
            let mut r = BinaryReader::new(&bytes, 0, features);
            let op = r
                .read_operator()
                .unwrap_or_else(|e| panic!("{name} {bytes:x?}: {e}"));
            assert_eq!(op.name(), name, "{bytes:x?}");
            assert_eq!(op.proposal(), proposal, "{name}");
            assert!(
                r.eof(),
                "{name} {bytes:x?}: {} bytes left",
                r.bytes_remaining()
            );
            // Any prefix of the encoding is truncated.
            for len in 0..bytes.len() {
                let mut r = BinaryReader::new(&bytes[..len], 0, features);
                let e = r.read_operator().unwrap_err();
                assert!(e.message().contains("unexpected end"), "{name} {len}: {e}");
            }
        }
    }
}

fn decode_all(bytes: &[u8], features: Features) -> Vec<Operator<'_>> {
    let mut r = BinaryReader::new(bytes, 0, features);
    let mut ops = Vec::new();
    while !r.eof() {
        ops.push(r.read_operator().unwrap_or_else(|e| panic!("{e}")));
    }
    ops
}

#[test]
fn decodes_each_immediate_kind() {
    #[rustfmt::skip]
    let bytes: &[u8] = &[
        0x02, 0x40,                         // block (empty)
        0x03, 0x7e,                         // loop (result i64)
        0x04, 0x05,                         // if (type 5)
        0x0c, 0x01,                         // br 1
        0x0e, 0x02, 0x00, 0x81, 0x01, 0x02, // br_table 0 129 2
        0x10, 0xe5, 0x8e, 0x26,             // call 624485
        0x11, 0x03, 0x01,                   // call_indirect type 3 table 1
        0x1c, 0x01, 0x7b,                   // select (result v128)
        0x22, 0x04,                         // local.tee 4
        0x23, 0x05,                         // global.get 5
        0x25, 0x02,                         // table.get 2
        0x2d, 0x00, 0x80, 0x01,             // i32.load8_u align=0 offset=128
        0x40, 0x00,                         // memory.grow 0
        0x41, 0x40,                         // i32.const -64
        0x42, 0x80, 0x80, 0x80, 0x80, 0x08, // i64.const 2^31
        0x43, 0x00, 0x00, 0x80, 0x3f,       // f32.const 1.0
        0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, // f64.const nan
        0xd0, 0x6f,                         // ref.null extern
        0xd2, 0x07,                         // ref.func 7
        0xfc, 0x08, 0x03, 0x00,             // memory.init 3
        0xfc, 0x0a, 0x00, 0x00,             // memory.copy
        0xfc, 0x0c, 0x02, 0x01,             // table.init 2 1
        0xfc, 0x0e, 0x01, 0x02,             // table.copy 1 2
        0xfc, 0x0f, 0x01,                   // table.grow 1
        0xfd, 0x0c, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, // v128.const
        0xfd, 0x0d, 0, 17, 1, 18, 2, 19, 3, 20, 4, 21, 5, 22, 6, 23, 7, 24, // i8x16.shuffle
        0xfd, 0x15, 0x0f,                   // i8x16.extract_lane_s 15
        0xfd, 0x55, 0x01, 0x10, 0x07,       // v128.load16_lane align=1 offset=16 lane 7
        0xfd, 0xba, 0x01,                   // i32x4.dot_i16x8_s
        0xfd, 0x8d, 0x81, 0x00,             // i16x8.shr_u (141), over-long LEB
    ];
    let ops = decode_all(bytes, Features::WASM2);
    let mut lanes = [0; 16];
    for (i, l) in lanes.iter_mut().enumerate() {
        *l = if i % 2 == 0 {
            i as u8 / 2
        } else {
            17 + i as u8 / 2
        };
    }
    let Operator::BrTable { targets } = ops[4] else {
        panic!("{:?}", ops[4]);
    };
    assert_eq!(targets.len(), 2);
    assert_eq!(targets.default(), 2);
    let t: Vec<u32> = targets.targets().map(Result::unwrap).collect();
    assert_eq!(t, [0, 129]);
    let expected = [
        Operator::Block {
            blockty: BlockType::Empty,
        },
        Operator::Loop {
            blockty: BlockType::Type(ValType::I64),
        },
        Operator::If {
            blockty: BlockType::FuncType(5),
        },
        Operator::Br { relative_depth: 1 },
        Operator::BrTable { targets },
        Operator::Call {
            function_index: 624485,
        },
        Operator::CallIndirect {
            type_index: 3,
            table_index: 1,
        },
        Operator::TypedSelect {
            ty: SelectType {
                count: 1,
                ty: Some(ValType::V128),
            },
        },
        Operator::LocalTee { local_index: 4 },
        Operator::GlobalGet { global_index: 5 },
        Operator::TableGet { table: 2 },
        Operator::I32Load8U {
            memarg: MemArg {
                align: 0,
                offset: 128,
                memory: 0,
            },
        },
        Operator::MemoryGrow { mem: 0 },
        Operator::I32Const { value: -64 },
        Operator::I64Const { value: 1 << 31 },
        Operator::F32Const {
            value: Ieee32(1.0f32.to_bits()),
        },
        Operator::F64Const {
            value: Ieee64(0x7ff8_0000_0000_0000),
        },
        Operator::RefNull {
            hty: HeapType::Extern,
        },
        Operator::RefFunc { function_index: 7 },
        Operator::MemoryInit {
            data_index: 3,
            mem: 0,
        },
        Operator::MemoryCopy {
            dst_mem: 0,
            src_mem: 0,
        },
        Operator::TableInit {
            elem_index: 2,
            table: 1,
        },
        Operator::TableCopy {
            dst_table: 1,
            src_table: 2,
        },
        Operator::TableGrow { table: 1 },
        Operator::V128Const {
            value: V128([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
        },
        Operator::I8x16Shuffle { lanes },
        Operator::I8x16ExtractLaneS { lane: 15 },
        Operator::V128Load16Lane {
            memarg: MemArg {
                align: 1,
                offset: 16,
                memory: 0,
            },
            lane: 7,
        },
        Operator::I32x4DotI16x8S,
        Operator::I16x8ShrU,
    ];
    assert_eq!(ops, expected);
    let names: Vec<&str> = ops.iter().map(Operator::name).collect();
    assert_eq!(names[7], "select");
    assert_eq!(names[27], "v128.load16_lane");
    assert_eq!(ops[27].proposal(), "simd");
    assert_eq!(ops[23].proposal(), "reference_types");
    assert_eq!(ops[22].proposal(), "bulk_memory");
}

#[test]
fn reserved_bytes_depend_on_features() {
    // Before multi-memory the memory index is a reserved zero byte.
    let mut r = BinaryReader::new(&[0x3f, 0x01], 0, Features::WASM2);
    let e = r.read_operator().unwrap_err();
    assert!(e.message().contains("zero byte expected"), "{e}");
    let ops = decode_all(&[0x3f, 0x01], Features::WASM2.union(Features::MULTI_MEMORY));
    assert_eq!(ops, [Operator::MemorySize { mem: 1 }]);
    // Before reference types `call_indirect`'s table is one too.
    let mut r = BinaryReader::new(&[0x11, 0x00, 0x01], 0, Features::MVP);
    let e = r.read_operator().unwrap_err();
    assert!(e.message().contains("zero byte expected"), "{e}");
}

#[test]
fn unknown_opcodes_are_illegal() {
    let cases: &[&[u8]] = &[
        &[0x06],       // try (legacy exceptions)
        &[0x12, 0x00], // return_call (tail calls)
        &[0xc5],       // after the sign-extension ops
        &[0xd3],       // ref.as_non_null (function references)
        &[0xff],
        &[0xfc, 18],         // after table.fill
        &[0xfd, 0x9a, 0x01], // 154, a SIMD gap
        &[0xfd, 0x80, 0x02], // 256, i8x16.relaxed_swizzle
        &[0xfe, 0x00],       // threads prefix
    ];
    for bytes in cases {
        let mut r = BinaryReader::new(bytes, 0, Features::ALL);
        let e = r.read_operator().unwrap_err();
        assert!(e.message().contains("illegal opcode"), "{bytes:x?}: {e}");
        assert_eq!(e.offset(), 0);
    }
}

#[test]
fn truncated_immediates_are_unexpected_end() {
    let cases: &[&[u8]] = &[
        &[0x41],
        &[0x41, 0x80],
        &[0x44, 0, 0, 0],
        &[0x28, 0x02],
        &[0x0e, 0x02, 0x00],
        &[0x1c, 0x01],
        &[0xfc],
        &[0xfc, 0x08, 0x00],
        &[0xfd, 0x0c, 0, 0, 0],
        &[0xfd, 0x0d, 0, 1, 2],
        &[0xfd, 0x54, 0x00, 0x00],
    ];
    for bytes in cases {
        let mut r = BinaryReader::new(bytes, 0, Features::WASM2);
        let e = r.read_operator().unwrap_err();
        assert!(e.message().contains("unexpected end"), "{bytes:x?}: {e}");
        assert!(e.is_eof(), "{bytes:x?}");
    }
}
