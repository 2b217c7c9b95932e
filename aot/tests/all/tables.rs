//! References and tables: call_indirect (hits, and checks that pass),
//! table.get/set/size/grow/fill/copy/init, elem.drop, ref.func/is_null.

use brisk_vm::ValRaw;

use super::harness::Harness;

const TABLES: &str = r#"(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (table $t 4 10 funcref)
  (table $x 2 externref)
  (elem (table $t) (i32.const 0) func $double $inc $nop)
  (elem $passive func $inc $double)
  (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func $inc (param i32) (result i32) local.get 0 i32.const 1 i32.add)
  (func $nop)
  (func (export "indirect") (param i32 i32) (result i32)
    local.get 1 local.get 0 call_indirect $t (type $ii))
  (func (export "size") (result i32) table.size $t)
  (func (export "grow") (param i32) (result i32) ref.func $inc local.get 0 table.grow $t)
  (func (export "is_null") (param i32) (result i32) local.get 0 table.get $t ref.is_null)
  (func (export "same_as_inc") (param i32) (result i32)
    local.get 0 table.get $t ref.func $inc ref.is_null drop
    ref.is_null)
  (func (export "set_null") (param i32) local.get 0 ref.null func table.set $t)
  (func (export "copy_1_to") (param i32) local.get 0 i32.const 1 table.get $t table.set $t)
  (func (export "fill") (param i32 i32) local.get 0 ref.func $double local.get 1 table.fill $t)
  (func (export "tcopy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.copy $t $t)
  (func (export "tinit") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.init $t $passive)
  (func (export "edrop") elem.drop $passive)
  (func (export "ext_set") (param externref) i32.const 1 local.get 0 table.set $x)
  (func (export "ext_get") (result externref) i32.const 1 table.get $x)
  (func (export "ext_null") (result i32) i32.const 0 table.get $x ref.is_null)
)"#;

#[test]
fn indirect_calls() {
    let mut h = Harness::new(TABLES);
    assert_eq!(h.i32("indirect", &[0, 21]), Ok(42));
    assert_eq!(h.i32("indirect", &[1, 41]), Ok(42));
}

#[test]
fn table_instructions() {
    let mut h = Harness::new(TABLES);
    assert_eq!(h.i32("size", &[]), Ok(4));
    assert_eq!(h.i32("is_null", &[0]), Ok(0));
    assert_eq!(h.i32("is_null", &[3]), Ok(1));
    assert_eq!(h.i32("grow", &[2]), Ok(4));
    assert_eq!(h.i32("size", &[]), Ok(6));
    assert_eq!(
        h.i32("indirect", &[5, 1]),
        Ok(2),
        "grown with ref.func $inc"
    );
    assert_eq!(h.i32("grow", &[5]), Ok(-1), "past the maximum");
    h.call("set_null", &[ValRaw::i32(5)]).unwrap();
    assert_eq!(h.i32("is_null", &[5]), Ok(1));
    h.call("copy_1_to", &[ValRaw::i32(3)]).unwrap();
    assert_eq!(h.i32("indirect", &[3, 9]), Ok(10));
    h.call("fill", &[ValRaw::i32(2), ValRaw::i32(2)]).unwrap();
    assert_eq!(h.i32("indirect", &[2, 9]), Ok(18));
    assert_eq!(h.i32("indirect", &[3, 9]), Ok(18));
    h.call("tinit", &[ValRaw::i32(0), ValRaw::i32(0), ValRaw::i32(2)])
        .unwrap();
    assert_eq!(h.i32("indirect", &[0, 9]), Ok(10));
    assert_eq!(h.i32("indirect", &[1, 9]), Ok(18));
    h.call("tcopy", &[ValRaw::i32(4), ValRaw::i32(0), ValRaw::i32(2)])
        .unwrap();
    assert_eq!(h.i32("indirect", &[4, 9]), Ok(10));
    assert_eq!(h.i32("indirect", &[5, 9]), Ok(18));
    h.call("edrop", &[]).unwrap();
    h.call("tinit", &[ValRaw::i32(0), ValRaw::i32(0), ValRaw::i32(0)])
        .unwrap();
}

#[test]
fn externrefs_pass_through() {
    let mut h = Harness::new(TABLES);
    assert_eq!(h.i32("ext_null", &[]), Ok(1));
    h.call("ext_set", &[ValRaw::externref(77)]).unwrap();
    assert_eq!(h.call("ext_get", &[]).unwrap()[0], ValRaw::externref(77));
}

#[test]
fn ref_func_is_the_canonical_reference() {
    let mut h = Harness::new(TABLES);
    // Element 1 was initialised with $inc's canonical reference.
    let elem = h.store.table_get(h.id, 0, 1).unwrap().unwrap();
    assert_eq!(elem, h.store.instance(h.id).canonical_func_ref(1) as usize);
    assert_eq!(h.i32("same_as_inc", &[1]), Ok(0));
}
