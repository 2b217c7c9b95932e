//! Reference types and table instructions, globals.

use super::harness::Harness;
use brisk_vm::ValRaw;

const TABLES: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (table $t 2 10 funcref)
  (table $e 1 externref)
  (global $g (mut i32) (i32.const 7))
  (global $h i64 (i64.const -3))
  (elem $seg func $a $b)
  (elem declare func $a)
  (func $a (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (func $b (param i32) (result i32) local.get 0 i32.const 2 i32.add)
  (func (export "size") (result i32) table.size $t)
  (func (export "grow") (param i32) (result i32) ref.func $a local.get 0 table.grow $t)
  (func (export "is_null") (param i32) (result i32) local.get 0 table.get $t ref.is_null)
  (func (export "set_null") (param i32) local.get 0 ref.null func table.set $t)
  (func (export "call") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect $t (type $ii))
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.init $t $seg)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.copy $t $t)
  (func (export "fill") (param i32 i32) local.get 0 ref.func $b local.get 1 table.fill $t)
  (func (export "drop") elem.drop $seg)
  (func (export "ext") (param externref) (result externref)
    i32.const 0 local.get 0 table.set $e i32.const 0 table.get $e)
  (func (export "bump") (result i32)
    global.get $g i32.const 1 i32.add global.set $g global.get $g)
  (func (export "const_global") (result i64) global.get $h)
)"#;

#[test]
fn table_instructions() {
    let mut h = Harness::new(TABLES);
    assert_eq!(h.i32("size", &[]), Ok(2));
    assert_eq!(h.i32("is_null", &[0]), Ok(1));
    assert_eq!(h.trap("is_null", &[2]), "out of bounds table access");
    h.call("init", &[ValRaw::i32(0), ValRaw::i32(0), ValRaw::i32(2)])
        .unwrap();
    assert_eq!(h.i32("is_null", &[0]), Ok(0));
    assert_eq!(h.i32("call", &[0, 10]), Ok(11));
    assert_eq!(h.i32("call", &[1, 10]), Ok(12));
    assert_eq!(h.i32("grow", &[3]), Ok(2));
    assert_eq!(h.i32("size", &[]), Ok(5));
    assert_eq!(h.i32("call", &[4, 10]), Ok(11));
    assert_eq!(h.i32("grow", &[6]), Ok(-1));
    h.call("copy", &[ValRaw::i32(2), ValRaw::i32(0), ValRaw::i32(2)])
        .unwrap();
    assert_eq!(h.i32("call", &[3, 10]), Ok(12));
    h.call("fill", &[ValRaw::i32(0), ValRaw::i32(5)]).unwrap();
    assert_eq!(h.i32("call", &[4, 1]), Ok(3));
    h.call("set_null", &[ValRaw::i32(1)]).unwrap();
    assert_eq!(h.trap("call", &[1, 0]), "uninitialized element");
    let oob = h.call("fill", &[ValRaw::i32(4), ValRaw::i32(2)]);
    assert_eq!(
        oob.unwrap_err().to_string().lines().next(),
        Some("out of bounds table access")
    );
    h.call("drop", &[]).unwrap();
    let dropped = h.call("init", &[ValRaw::i32(0), ValRaw::i32(0), ValRaw::i32(1)]);
    assert_eq!(
        dropped.unwrap_err().to_string().lines().next(),
        Some("out of bounds table access")
    );
}

#[test]
fn externref_and_globals() {
    let mut h = Harness::new(TABLES);
    let r = h.call("ext", &[ValRaw::externref(99)]).unwrap();
    assert_eq!(r[0].get_externref(), 99);
    assert_eq!(h.i32("bump", &[]), Ok(8));
    assert_eq!(h.i32("bump", &[]), Ok(9));
    assert_eq!(h.i64("const_global", &[]), Ok(-3));
}
