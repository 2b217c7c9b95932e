//! Loads and stores of every width, bounds checks, memory.size/grow and
//! bulk memory with passive segments.

use super::harness::Harness;
use brisk_vm::ValRaw;

const MEMORY: &str = r#"(module
  (memory 1 3)
  (data (i32.const 16) "\01\02\03\04\05\06\07\08\ff\fe")
  (data $p "hello")
  (func (export "load32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "load8s") (param i32) (result i32) local.get 0 i32.load8_s offset=8)
  (func (export "load16u") (param i32) (result i32) local.get 0 i32.load16_u offset=8)
  (func (export "load64_32s") (param i32) (result i64) local.get 0 i64.load32_s)
  (func (export "store_load") (param i32 i64) (result i64)
    local.get 0 local.get 1 i64.store offset=1
    local.get 0 i64.load offset=1)
  (func (export "store8") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.store8 local.get 0 i32.load)
  (func (export "f64rt") (param i32 f64) (result f64)
    local.get 0 local.get 1 f64.store local.get 0 f64.load)
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $p)
  (func (export "drop") data.drop $p)
)"#;

#[test]
fn loads_and_stores() {
    let mut h = Harness::new(MEMORY);
    assert_eq!(h.i32("load32", &[16]), Ok(0x0403_0201));
    assert_eq!(h.i32("load32", &[17]), Ok(0x0504_0302));
    assert_eq!(h.i32("load8s", &[16]), Ok(-1));
    assert_eq!(h.i32("load16u", &[16]), Ok(0xfeff));
    assert_eq!(h.i64("load64_32s", &[24]), Ok(0xfeff));
    let r = h
        .call("store_load", &[ValRaw::i32(100), ValRaw::i64(-2)])
        .unwrap();
    assert_eq!(r[0].get_i64(), -2);
    assert_eq!(h.memory()[101..109], (-2i64).to_le_bytes());
    assert_eq!(h.i32("store8", &[200, 0x1ff]), Ok(0xff));
    let r = h
        .call("f64rt", &[ValRaw::i32(300), ValRaw::f64(1.25f64.to_bits())])
        .unwrap();
    assert_eq!(f64::from_bits(r[0].get_f64()), 1.25);
}

#[test]
fn out_of_bounds_accesses_trap() {
    let mut h = Harness::new(MEMORY);
    assert_eq!(h.i32("load32", &[65532]), Ok(0));
    assert_eq!(h.trap("load32", &[65533]), "out of bounds memory access");
    assert_eq!(h.trap("load32", &[-1]), "out of bounds memory access");
    assert_eq!(h.trap("load8s", &[65528]), "out of bounds memory access");
    assert_eq!(h.trap("store8", &[65536, 0]), "out of bounds memory access");
}

#[test]
fn grow_and_size() {
    let mut h = Harness::new(MEMORY);
    assert_eq!(h.i32("size", &[]), Ok(1));
    assert_eq!(h.i32("grow", &[1]), Ok(1));
    assert_eq!(h.i32("size", &[]), Ok(2));
    // The cached bounds follow the growth.
    assert_eq!(h.i32("load32", &[65533]), Ok(0));
    assert_eq!(h.i32("grow", &[2]), Ok(-1));
    assert_eq!(h.i32("grow", &[1]), Ok(2));
    assert_eq!(
        h.trap("load32", &[3 * 65536 - 3]),
        "out of bounds memory access"
    );
}

#[test]
fn bulk_memory() {
    let mut h = Harness::new(MEMORY);
    h.call(
        "fill",
        &[ValRaw::i32(1000), ValRaw::i32(0x41), ValRaw::i32(4)],
    )
    .unwrap();
    assert_eq!(h.memory()[1000..1005], *b"AAAA\0");
    h.call(
        "copy",
        &[ValRaw::i32(1002), ValRaw::i32(1000), ValRaw::i32(4)],
    )
    .unwrap();
    assert_eq!(h.memory()[1000..1006], *b"AAAAAA");
    h.call("init", &[ValRaw::i32(2000), ValRaw::i32(1), ValRaw::i32(4)])
        .unwrap();
    assert_eq!(h.memory()[2000..2004], *b"ello");
    let oob = h.call("init", &[ValRaw::i32(2000), ValRaw::i32(2), ValRaw::i32(4)]);
    assert_eq!(
        oob.unwrap_err().to_string().lines().next(),
        Some("out of bounds memory access")
    );
    let oob = h.call(
        "fill",
        &[ValRaw::i32(65535), ValRaw::i32(0), ValRaw::i32(2)],
    );
    assert_eq!(
        oob.unwrap_err().to_string().lines().next(),
        Some("out of bounds memory access")
    );
    h.call("drop", &[]).unwrap();
    h.call("init", &[ValRaw::i32(0), ValRaw::i32(0), ValRaw::i32(0)])
        .unwrap();
    let dropped = h.call("init", &[ValRaw::i32(0), ValRaw::i32(0), ValRaw::i32(1)]);
    assert!(dropped.is_err());
}
