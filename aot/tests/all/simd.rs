//! SIMD lowerings where a wrong translation would still look plausible:
//! every shuffle index pattern, swizzle past 15, shifts by counts at and
//! past the lane width, `trunc_sat` and `narrow` at their saturation
//! edges, NaNs through min/max/pmin/pmax, the `_zero`/`_low`
//! conversions, and vector accesses at the end of memory in both bounds
//! modes. Each runs the same module compiled and interpreted and compares
//! results bit for bit (NaN lanes by the spec's NaN classes, where the
//! spec lets the two tiers differ).

use std::sync::Arc;

use brisk_aot::CompileOptions;
use brisk_parser::ExternKind;
use brisk_validator::OwnedModule;
use brisk_vm::{InstanceId, TypeRegistry, VMStore, ValRaw};

/// One module instantiated in both tiers.
struct Tiers {
    store: VMStore,
    compiled: InstanceId,
    interp: InstanceId,
    module: Arc<OwnedModule>,
}

impl Tiers {
    fn new(wat: &str) -> Tiers {
        Tiers::with_options(wat, CompileOptions::default())
    }

    fn with_options(wat: &str, options: CompileOptions) -> Tiers {
        let wasm = wat::parse_str(wat).expect("test module parses");
        let module = Arc::new(OwnedModule::new(wasm).expect("test module validates"));
        let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
        let code = brisk_aot::compile(module.clone(), &options).expect("compiles");
        let compiled = store.instantiate(Arc::new(code), &[]).unwrap();
        let code = brisk_interp::ModuleCode::new(module.clone());
        let interp = store.instantiate(Arc::new(code), &[]).unwrap();
        Tiers {
            store,
            compiled,
            interp,
            module,
        }
    }

    fn call_in(&mut self, id: InstanceId, name: &str, args: &[ValRaw]) -> Result<ValRaw, String> {
        let m = &self.module.validated().module;
        let index = m
            .exports
            .iter()
            .find(|e| e.name == name && e.kind == ExternKind::Func)
            .unwrap_or_else(|| panic!("no export {name}"))
            .index;
        let f = self.store.instance(id).canonical_func_ref(index);
        let mut vals = vec![ValRaw::v128(u128::MAX); args.len().max(1)];
        vals[..args.len()].copy_from_slice(args);
        match self.store.call(f, &mut vals) {
            Ok(()) => Ok(vals[0]),
            Err(t) => Err(t.to_string().lines().next().unwrap_or_default().into()),
        }
    }

    /// Calls `name` in both tiers; both results (or trap messages).
    fn both(&mut self, name: &str, args: &[ValRaw]) -> [Result<ValRaw, String>; 2] {
        [
            self.call_in(self.compiled, name, args),
            self.call_in(self.interp, name, args),
        ]
    }

    /// Asserts both tiers give bit-identical results or the same trap.
    fn same(&mut self, name: &str, args: &[ValRaw]) -> Result<ValRaw, String> {
        let [c, i] = self.both(name, args);
        assert_eq!(
            c.as_ref().map(|v| v.get_v128()),
            i.as_ref().map(|v| v.get_v128()),
            "{name}({args:x?}): compiled (left) vs interpreter (right)"
        );
        c
    }
}

fn v(bytes: [u8; 16]) -> ValRaw {
    ValRaw::v128(u128::from_le_bytes(bytes))
}

fn lanes32(l: [u32; 4]) -> ValRaw {
    ValRaw::v128(l.iter().rev().fold(0, |acc, &x| acc << 32 | u128::from(x)))
}

fn lanes64(l: [u64; 2]) -> ValRaw {
    ValRaw::v128(u128::from(l[1]) << 64 | u128::from(l[0]))
}

fn lanes16(l: [u16; 8]) -> ValRaw {
    ValRaw::v128(l.iter().rev().fold(0, |acc, &x| acc << 16 | u128::from(x)))
}

#[test]
fn shuffle_every_index_pattern_and_swizzle() {
    let masks: Vec<[u8; 16]> = vec![
        std::array::from_fn(|i| i as u8),
        std::array::from_fn(|i| 16 + i as u8),
        std::array::from_fn(|i| 31 - i as u8),
        std::array::from_fn(|i| {
            if i % 2 == 0 {
                i as u8 / 2
            } else {
                16 + i as u8 / 2
            }
        }),
        [0; 16],
        [15; 16],
        [16; 16],
        [31; 16],
        [3, 17, 31, 0, 16, 15, 2, 2, 29, 7, 8, 24, 5, 30, 1, 19],
        std::array::from_fn(|i| (i as u8 * 7) % 32),
        // Whole 32/64-bit lanes (the backend may pick pshufd/shufps).
        [4, 5, 6, 7, 0, 1, 2, 3, 28, 29, 30, 31, 16, 17, 18, 19],
        [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
    ];
    let mut wat = String::from("(module\n");
    for (k, m) in masks.iter().enumerate() {
        let imm: Vec<String> = m.iter().map(u8::to_string).collect();
        wat += &format!(
            "(func (export \"s{k}\") (param v128 v128) (result v128)
               local.get 0 local.get 1 i8x16.shuffle {})\n",
            imm.join(" ")
        );
    }
    wat += "(func (export \"swz\") (param v128 v128) (result v128)
              local.get 0 local.get 1 i8x16.swizzle))";
    let mut t = Tiers::new(&wat);
    let a = v(std::array::from_fn(|i| 0xa0 + i as u8));
    let b = v(std::array::from_fn(|i| 0x50 + i as u8));
    for (k, m) in masks.iter().enumerate() {
        let r = t.same(&format!("s{k}"), &[a, b]).unwrap();
        let expected: [u8; 16] = std::array::from_fn(|i| {
            if m[i] < 16 {
                0xa0 + m[i]
            } else {
                0x50 + m[i] - 16
            }
        });
        assert_eq!(r.get_v128().to_le_bytes(), expected, "mask {m:?}");
    }
    for idx in [
        [
            0, 15, 16, 17, 31, 32, 0x70, 0x7f, 0x80, 0x8f, 0xf0, 0xff, 1, 14, 2, 13,
        ],
        std::array::from_fn(|i| 15 - i as u8),
        std::array::from_fn(|i| 16 * i as u8 + 1),
    ] {
        t.same("swz", &[a, v(idx)]).unwrap();
    }
}

#[test]
fn shifts_take_the_count_modulo_the_lane_width() {
    let mut wat = String::from("(module\n");
    for shape in ["i8x16", "i16x8", "i32x4", "i64x2"] {
        for op in ["shl", "shr_s", "shr_u"] {
            wat += &format!(
                "(func (export \"{shape}.{op}\") (param v128 i32) (result v128)
                   local.get 0 local.get 1 {shape}.{op})
                 (func (export \"{shape}.{op}.c\") (param v128) (result v128)
                   local.get 0 i32.const 67 {shape}.{op})\n"
            );
        }
    }
    wat += ")";
    let mut t = Tiers::new(&wat);
    let x = v([
        0x81, 0x7f, 0xff, 0x00, 0x80, 0x01, 0xc3, 0x3c, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde,
        0xf0,
    ]);
    let counts = [
        0,
        1,
        3,
        7,
        8,
        9,
        15,
        16,
        17,
        31,
        32,
        33,
        63,
        64,
        65,
        127,
        128,
        -1,
        -8,
        i32::MIN,
        i32::MAX,
    ];
    for shape in ["i8x16", "i16x8", "i32x4", "i64x2"] {
        for op in ["shl", "shr_s", "shr_u"] {
            let name = format!("{shape}.{op}");
            for n in counts {
                t.same(&name, &[x, ValRaw::i32(n)]).unwrap();
            }
            let by_const = t.same(&format!("{name}.c"), &[x]).unwrap();
            let by_67 = t.same(&name, &[x, ValRaw::i32(67)]).unwrap();
            assert_eq!(by_const, by_67, "{name}: constant count folds the same");
        }
    }
    // One exact value: a count equal to the lane width shifts by 0.
    let r = t.same("i8x16.shl", &[x, ValRaw::i32(8)]).unwrap();
    assert_eq!(r, x);
}

#[test]
fn trunc_sat_and_conversions_at_their_edges() {
    let wat = r#"(module
      (func (export "f32s") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f32x4_s)
      (func (export "f32u") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f32x4_u)
      (func (export "f64s") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f64x2_s_zero)
      (func (export "f64u") (param v128) (result v128) local.get 0 i32x4.trunc_sat_f64x2_u_zero)
      (func (export "cvts") (param v128) (result v128) local.get 0 f32x4.convert_i32x4_s)
      (func (export "cvtu") (param v128) (result v128) local.get 0 f32x4.convert_i32x4_u)
      (func (export "lows") (param v128) (result v128) local.get 0 f64x2.convert_low_i32x4_s)
      (func (export "lowu") (param v128) (result v128) local.get 0 f64x2.convert_low_i32x4_u)
      (func (export "demote") (param v128) (result v128) local.get 0 f32x4.demote_f64x2_zero)
      (func (export "promote") (param v128) (result v128) local.get 0 f64x2.promote_low_f32x4))"#;
    let mut t = Tiers::new(wat);
    let f32s: Vec<f32> = vec![
        f32::NAN,
        -f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        2147483648.0,
        -2147483648.0,
        -2147483904.0,
        2147483520.0,
        4294967296.0,
        4294967040.0,
        -0.0,
        0.0,
        -0.9,
        0.9,
        -1.0,
        1.5,
        f32::MIN_POSITIVE,
        -1.0e-40,
        f32::MAX,
        f32::MIN,
    ];
    for c in f32s.chunks(4) {
        let x = lanes32(std::array::from_fn(|i| c[i % c.len()].to_bits()));
        for f in ["f32s", "f32u"] {
            t.same(f, &[x]).unwrap();
        }
    }
    let r = t
        .same(
            "f32u",
            &[lanes32([
                f32::NAN.to_bits(),
                (-1.5f32).to_bits(),
                4294967296.0f32.to_bits(),
                3e9f32.to_bits(),
            ])],
        )
        .unwrap();
    assert_eq!(r, lanes32([0, 0, u32::MAX, 3_000_000_000]));
    let f64s: Vec<f64> = vec![
        f64::NAN,
        -f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        2147483647.0,
        2147483647.9,
        2147483648.0,
        -2147483648.0,
        -2147483648.9,
        -2147483649.0,
        4294967295.0,
        4294967295.9,
        4294967296.0,
        -0.0,
        -0.99,
        0.5,
        f64::MAX,
        f64::MIN,
        1e-310,
        -1.0,
    ];
    for c in f64s.chunks(2) {
        let x = lanes64([c[0].to_bits(), c[1].to_bits()]);
        for f in ["f64s", "f64u", "demote"] {
            t.same(f, &[x]).unwrap();
        }
    }
    let r = t
        .same(
            "f64s",
            &[lanes64([f64::NAN.to_bits(), (-3e9f64).to_bits()])],
        )
        .unwrap();
    assert_eq!(
        r,
        lanes32([0, i32::MIN as u32, 0, 0]),
        "upper lanes are zero"
    );
    for ints in [
        [0, 1, u32::MAX, 0x8000_0000],
        [0x7fff_ffff, 0x7fff_ff80, 0xffff_ff7f, 16_777_217],
        [0x8000_0001, 0xffff_fffe, 3, 0x4000_0001],
    ] {
        for f in ["cvts", "cvtu", "lows", "lowu"] {
            t.same(f, &[lanes32(ints)]).unwrap();
        }
    }
    let r = t
        .same("lowu", &[lanes32([u32::MAX, 0x8000_0000, 7, 7])])
        .unwrap();
    assert_eq!(
        r,
        lanes64([4294967295f64.to_bits(), 2147483648f64.to_bits()])
    );
    for floats in [
        [1.0f32, -0.0, f32::INFINITY, 5.0],
        [f32::MAX, f32::MIN_POSITIVE, 1e-45, 9.0],
    ] {
        t.same("promote", &[lanes32(floats.map(f32::to_bits))])
            .unwrap();
    }
}

#[test]
fn narrow_saturates() {
    let wat = r#"(module
      (func (export "n8s") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.narrow_i16x8_s)
      (func (export "n8u") (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.narrow_i16x8_u)
      (func (export "n16s") (param v128 v128) (result v128) local.get 0 local.get 1 i16x8.narrow_i32x4_s)
      (func (export "n16u") (param v128 v128) (result v128) local.get 0 local.get 1 i16x8.narrow_i32x4_u))"#;
    let mut t = Tiers::new(wat);
    let a = lanes16([127, 128, 0xff80, 0xff7f, 255, 256, 0xffff, 0x7fff]);
    let b = lanes16([0x8000, 0, 1, 0xfffe, 200, 0x0100, 0x00ff, 0x8001]);
    let r = t.same("n8s", &[a, b]).unwrap();
    assert_eq!(
        r.get_v128().to_le_bytes(),
        [
            127, 127, 0x80, 0x80, 127, 127, 0xff, 127, 0x80, 0, 1, 0xfe, 127, 127, 127, 0x80
        ]
    );
    let r = t.same("n8u", &[a, b]).unwrap();
    assert_eq!(
        r.get_v128().to_le_bytes(),
        [
            127, 128, 0, 0, 255, 255, 0, 255, 0, 0, 1, 0, 200, 255, 255, 0
        ]
    );
    let a = lanes32([32767, 32768, 0xffff_8000, 0xffff_7fff]);
    let b = lanes32([65535, 65536, u32::MAX, 0x8000_0000]);
    let r = t.same("n16s", &[a, b]).unwrap();
    assert_eq!(
        r,
        lanes16([32767, 32767, 0x8000, 0x8000, 32767, 32767, 0xffff, 0x8000])
    );
    let r = t.same("n16u", &[a, b]).unwrap();
    assert_eq!(r, lanes16([32767, 32768, 0, 0, 65535, 65535, 0, 0]));
}

const CANONICAL_F32: u32 = 0x7fc0_0000;
const CANONICAL_F64: u64 = 0x7ff8_0000_0000_0000;

/// Lane `i` of `r` matches `expect` bit for bit, or both are NaNs and
/// `r`'s is of the class the spec requires.
fn check_f32_lanes(r: ValRaw, expect: ValRaw, canonical: bool, what: &str) {
    for i in 0..4 {
        let got = (r.get_v128() >> (32 * i)) as u32;
        let want = (expect.get_v128() >> (32 * i)) as u32;
        if f32::from_bits(want).is_nan() {
            let payload = got & 0x7fff_ffff;
            assert!(
                f32::from_bits(got).is_nan(),
                "{what} lane {i}: {got:#x} is not a NaN"
            );
            assert!(
                payload & 0x0040_0000 != 0,
                "{what} lane {i}: {got:#x} not arithmetic"
            );
            if canonical {
                assert_eq!(
                    payload, CANONICAL_F32,
                    "{what} lane {i}: {got:#x} not canonical"
                );
            }
        } else {
            assert_eq!(got, want, "{what} lane {i}");
        }
    }
}

fn check_f64_lanes(r: ValRaw, expect: ValRaw, canonical: bool, what: &str) {
    for i in 0..2 {
        let got = (r.get_v128() >> (64 * i)) as u64;
        let want = (expect.get_v128() >> (64 * i)) as u64;
        if f64::from_bits(want).is_nan() {
            let payload = got & 0x7fff_ffff_ffff_ffff;
            assert!(
                f64::from_bits(got).is_nan(),
                "{what} lane {i}: {got:#x} is not a NaN"
            );
            assert!(
                payload & 0x0008_0000_0000_0000 != 0,
                "{what} lane {i}: not arithmetic"
            );
            if canonical {
                assert_eq!(
                    payload, CANONICAL_F64,
                    "{what} lane {i}: {got:#x} not canonical"
                );
            }
        } else {
            assert_eq!(got, want, "{what} lane {i}");
        }
    }
}

#[test]
fn min_max_pmin_pmax_with_nans_and_zeros() {
    let mut wat = String::from("(module\n");
    for shape in ["f32x4", "f64x2"] {
        for op in ["min", "max", "pmin", "pmax"] {
            wat += &format!(
                "(func (export \"{shape}.{op}\") (param v128 v128) (result v128)
                   local.get 0 local.get 1 {shape}.{op})\n"
            );
        }
    }
    wat += ")";
    let mut t = Tiers::new(&wat);
    let arith32 = 0x7fa0_0001u32; // a signalling NaN: min/max give an arithmetic NaN
    let vals32 = [
        CANONICAL_F32,
        0xffc0_0000,
        arith32,
        0.0f32.to_bits(),
        (-0.0f32).to_bits(),
        1.0f32.to_bits(),
        f32::NEG_INFINITY.to_bits(),
        f32::INFINITY.to_bits(),
    ];
    for &x in &vals32 {
        for &y in &vals32 {
            let a = lanes32([x, y, x, 5.0f32.to_bits()]);
            let b = lanes32([y, x, 3.0f32.to_bits(), y]);
            let canonical = ![x, y].contains(&arith32);
            // pmin/pmax select an operand, NaN payload and all.
            t.same("f32x4.pmin", &[a, b]).unwrap();
            t.same("f32x4.pmax", &[a, b]).unwrap();
            for op in ["min", "max"] {
                let name = format!("f32x4.{op}");
                let [c, i] = t.both(&name, &[a, b]);
                let what = format!("{name}({x:#x}, {y:#x})");
                check_f32_lanes(c.unwrap(), i.unwrap(), canonical, &what);
            }
        }
    }
    let arith64 = 0x7ff4_0000_0000_0001u64;
    let vals64 = [
        CANONICAL_F64,
        0xfff8_0000_0000_0000,
        arith64,
        0.0f64.to_bits(),
        (-0.0f64).to_bits(),
        (-2.5f64).to_bits(),
        f64::INFINITY.to_bits(),
    ];
    for &x in &vals64 {
        for &y in &vals64 {
            let canonical = ![x, y].contains(&arith64);
            t.same("f64x2.pmin", &[lanes64([x, y]), lanes64([y, x])])
                .unwrap();
            t.same("f64x2.pmax", &[lanes64([x, y]), lanes64([y, x])])
                .unwrap();
            for op in ["min", "max"] {
                let name = format!("f64x2.{op}");
                let [c, i] = t.both(&name, &[lanes64([x, y]), lanes64([y, x])]);
                let what = format!("{name}({x:#x}, {y:#x})");
                check_f64_lanes(c.unwrap(), i.unwrap(), canonical, &what);
            }
        }
    }
    // pmin/pmax keep the first operand when the comparison fails, NaN included.
    let [c, _] = t.both("f32x4.pmin", &[lanes32([arith32; 4]), lanes32([0; 4])]);
    assert_eq!(c.unwrap(), lanes32([arith32; 4]));
    let [c, _] = t.both(
        "f32x4.pmax",
        &[lanes32([(-0.0f32).to_bits(); 4]), lanes32([0; 4])],
    );
    assert_eq!(c.unwrap(), lanes32([(-0.0f32).to_bits(); 4]));
}

/// Every vector load and store at the last in-bounds address and one
/// past it, in both bounds modes, against the interpreter.
#[test]
fn vector_accesses_at_the_end_of_memory() {
    let ops: [(&str, &str, u32, &str); 19] = [
        ("v128.load", "", 16, "load"),
        ("v128.load8x8_s", "", 8, "load"),
        ("v128.load16x4_u", "", 8, "load"),
        ("v128.load32x2_s", "", 8, "load"),
        ("v128.load8_splat", "", 1, "load"),
        ("v128.load16_splat", "", 2, "load"),
        ("v128.load32_splat", "", 4, "load"),
        ("v128.load64_splat", "", 8, "load"),
        ("v128.load32_zero", "", 4, "load"),
        ("v128.load64_zero", "", 8, "load"),
        ("v128.load8_lane", " 15", 1, "lane"),
        ("v128.load16_lane", " 7", 2, "lane"),
        ("v128.load32_lane", " 2", 4, "lane"),
        ("v128.load64_lane", " 1", 8, "lane"),
        ("v128.store", "", 16, "store"),
        ("v128.store8_lane", " 9", 1, "store"),
        ("v128.store16_lane", " 3", 2, "store"),
        ("v128.store32_lane", " 1", 4, "store"),
        ("v128.store64_lane", " 0", 8, "store"),
    ];
    let mut wat = String::from(
        "(module (memory 1)
           (data (i32.const 65500) \"\\01\\82\\03\\84\\05\\86\\07\\88\\09\\8a\\0b\\8c\\0d\\8e\\0f\\90\\11\\92\\13\\94\\15\\96\\17\\98\\19\\9a\\1b\\9c\\1d\\9e\\1f\\a0\\21\\a2\\23\\a4\\25\\a6\")\n",
    );
    for (k, (op, lane, _, kind)) in ops.iter().enumerate() {
        let body = match *kind {
            "load" => format!("local.get 0 {op} offset=3"),
            "lane" => format!("local.get 0 local.get 1 {op} offset=3{lane}"),
            _ => format!(
                "local.get 0 local.get 1 {op} offset=3{lane} local.get 0 v128.load offset=3 align=1"
            ),
        };
        wat += &format!("(func (export \"f{k}\") (param i32 v128) (result v128) {body})\n");
    }
    wat += ")";
    for explicit in [false, true] {
        let options = CompileOptions {
            explicit_bounds_checks: explicit,
            ..CompileOptions::default()
        };
        let mut t = Tiers::with_options(&wat, options);
        let vec = v(std::array::from_fn(|i| 0xe0 | i as u8));
        for (k, (op, _, size, kind)) in ops.iter().enumerate() {
            let name = format!("f{k}");
            // The store variants read back 16 bytes, so they need 16 in bounds.
            let reach = if *kind == "store" { 16 } else { *size };
            let last = 65536 - 3 - reach;
            for addr in [65500 - 3, last - 1, last] {
                t.same(&name, &[ValRaw::i32(addr as i32), vec])
                    .unwrap_or_else(|e| panic!("{op} at {addr}: {e}"));
            }
            let past = 65536 - 3 - size + 1;
            for addr in [past, u32::MAX - 2, u32::MAX] {
                let r = t.same(&name, &[ValRaw::i32(addr as i32), vec]);
                assert_eq!(
                    r,
                    Err("out of bounds memory access".to_string()),
                    "{op} at {addr}, explicit checks: {explicit}"
                );
            }
        }
    }
}

#[test]
fn integer_lane_arithmetic_matches_the_interpreter() {
    let ops = [
        "i8x16.add_sat_s",
        "i8x16.add_sat_u",
        "i8x16.sub_sat_s",
        "i8x16.sub_sat_u",
        "i16x8.add_sat_s",
        "i16x8.sub_sat_u",
        "i8x16.avgr_u",
        "i16x8.avgr_u",
        "i16x8.q15mulr_sat_s",
        "i32x4.dot_i16x8_s",
        "i8x16.min_s",
        "i32x4.max_u",
        "i16x8.extmul_low_i8x16_s",
        "i16x8.extmul_high_i8x16_u",
        "i32x4.extmul_high_i16x8_s",
        "i64x2.extmul_low_i32x4_u",
        "i64x2.mul",
        "i8x16.eq",
        "i64x2.lt_s",
        "i64x2.ge_s",
        "i32x4.gt_u",
    ];
    let unary = [
        "i8x16.abs",
        "i8x16.popcnt",
        "i64x2.abs",
        "i16x8.neg",
        "i16x8.extadd_pairwise_i8x16_s",
        "i16x8.extadd_pairwise_i8x16_u",
        "i32x4.extadd_pairwise_i16x8_s",
        "i32x4.extadd_pairwise_i16x8_u",
        "i16x8.extend_high_i8x16_s",
        "i64x2.extend_low_i32x4_u",
    ];
    let reductions = [
        "v128.any_true",
        "i8x16.all_true",
        "i16x8.all_true",
        "i32x4.all_true",
        "i64x2.all_true",
        "i8x16.bitmask",
        "i16x8.bitmask",
        "i32x4.bitmask",
        "i64x2.bitmask",
    ];
    let mut wat = String::from("(module\n");
    for op in ops {
        wat += &format!(
            "(func (export \"{op}\") (param v128 v128) (result v128) local.get 0 local.get 1 {op})\n"
        );
    }
    for op in unary {
        wat += &format!("(func (export \"{op}\") (param v128) (result v128) local.get 0 {op})\n");
    }
    for op in reductions {
        wat += &format!("(func (export \"{op}\") (param v128) (result i32) local.get 0 {op})\n");
    }
    wat += ")";
    let mut t = Tiers::new(&wat);
    let inputs = [
        v([
            0x80, 0x7f, 0xff, 0, 1, 0x81, 0x40, 0xc0, 0x80, 0x80, 0x7f, 0x7f, 0xfe, 2, 0x55, 0xaa,
        ]),
        lanes16([0x8000, 0x8000, 0x7fff, 0x8001, 0x4000, 0xc000, 1, 0xffff]),
        lanes32([0x8000_0000, 0x7fff_ffff, 0, 0xffff_ffff]),
        lanes64([i64::MIN as u64, 1]),
        v([0; 16]),
        v([0xff; 16]),
        v([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
    ];
    for x in inputs {
        for y in inputs {
            for op in ops {
                t.same(op, &[x, y]).unwrap();
            }
        }
        for op in unary {
            t.same(op, &[x]).unwrap();
        }
        for op in reductions {
            let [c, i] = t.both(op, &[x]);
            assert_eq!(c.unwrap().get_i32(), i.unwrap().get_i32(), "{op}({x:x?})");
        }
    }
}
