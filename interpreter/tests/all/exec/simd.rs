//! SIMD through the executor: constants, lane-wise arithmetic, shuffles,
//! lanes, loads and stores (the lane semantics themselves are tested in
//! `semantics`).

use super::harness::Harness;
use brisk_vm::ValRaw;

const SIMD: &str = r#"(module
  (memory 1)
  (data (i32.const 0) "\00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f")
  (func (export "add") (param v128 v128) (result v128) local.get 0 local.get 1 i32x4.add)
  (func (export "dot") (result i32)
    v128.const i16x8 1 2 3 4 5 6 7 8
    v128.const i16x8 1 1 1 1 1 1 1 1
    i32x4.dot_i16x8_s
    i32x4.extract_lane 3)
  (func (export "shuffle") (result v128)
    i32.const 0 v128.load
    v128.const i8x16 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31
    i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23)
  (func (export "replace") (param i64) (result v128)
    v128.const i64x2 0 0 local.get 0 i64x2.replace_lane 1)
  (func (export "load_lane") (result v128)
    i32.const 8 v128.const i32x4 -1 -1 -1 -1 v128.load16_lane 2)
  (func (export "store_lane") (result i32)
    i32.const 100 i32.const 0 v128.load v128.store32_lane 3
    i32.const 100 i32.load)
  (func (export "extend") (result v128) i32.const 8 v128.load8x8_s)
  (func (export "bitselect") (param v128 v128 v128) (result v128)
    local.get 0 local.get 1 local.get 2 v128.bitselect)
  (func (export "any") (param v128) (result i32) local.get 0 v128.any_true)
  (func (export "oob") (result v128) i32.const 65530 v128.load)
  (global $g (mut v128) (v128.const i64x2 0 0))
  (func (export "global_rt") (param v128) (result v128)
    ;; all 16 bytes survive a global, a local copy and a block result
    (local v128)
    local.get 0 global.set $g
    global.get $g local.set 1
    block (result v128) local.get 1 end)
)"#;

fn lanes32(v: ValRaw) -> [u32; 4] {
    let b = v.get_v128().to_le_bytes();
    std::array::from_fn(|i| u32::from_le_bytes(b[i * 4..i * 4 + 4].try_into().unwrap()))
}

fn v32(l: [u32; 4]) -> ValRaw {
    let mut b = [0u8; 16];
    for (i, x) in l.iter().enumerate() {
        b[i * 4..i * 4 + 4].copy_from_slice(&x.to_le_bytes());
    }
    ValRaw::v128(u128::from_le_bytes(b))
}

#[test]
fn simd_through_the_executor() {
    let mut h = Harness::new(SIMD);
    let r = h
        .call("add", &[v32([1, 2, 3, u32::MAX]), v32([10, 20, 30, 1])])
        .unwrap();
    assert_eq!(lanes32(r[0]), [11, 22, 33, 0]);
    assert_eq!(h.i32("dot", &[]), Ok(7 + 8));
    let r = h.call("shuffle", &[]).unwrap()[0].get_v128().to_le_bytes();
    assert_eq!(r, [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23]);
    let r = h.call("replace", &[ValRaw::i64(-1)]).unwrap()[0].get_v128();
    assert_eq!(r, u128::from(u64::MAX) << 64);
    let r = h.call("load_lane", &[]).unwrap()[0];
    assert_eq!(lanes32(r), [u32::MAX, 0xffff_0908, u32::MAX, u32::MAX]);
    assert_eq!(h.i32("store_lane", &[]), Ok(0x0f0e_0d0c));
    let r = h.call("extend", &[]).unwrap()[0].get_v128().to_le_bytes();
    assert_eq!(r, [8, 0, 9, 0, 10, 0, 11, 0, 12, 0, 13, 0, 14, 0, 15, 0]);
    let r = h
        .call(
            "bitselect",
            &[v32([u32::MAX; 4]), v32([0; 4]), v32([0xff00_ff00; 4])],
        )
        .unwrap();
    assert_eq!(lanes32(r[0]), [0xff00_ff00; 4]);
    assert_eq!(h.call("any", &[v32([0, 0, 1, 0])]).unwrap()[0].get_i32(), 1);
    assert_eq!(h.call("any", &[v32([0; 4])]).unwrap()[0].get_i32(), 0);
    let v = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210_u128;
    assert_eq!(
        h.call("global_rt", &[ValRaw::v128(v)]).unwrap()[0].get_v128(),
        v
    );
    let oob = h.call("oob", &[]).unwrap_err().to_string();
    assert!(oob.starts_with("out of bounds memory access"));
}
