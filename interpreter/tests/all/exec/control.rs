//! Blocks, loops, if/else, multi-value blocks, br_if/br_table with values,
//! select, unreachable.

use super::harness::Harness;
use brisk_vm::ValRaw;

const CONTROL: &str = r#"(module
  (func (export "sum") (param i32) (result i32) (local i32)
    block
      loop
        local.get 0 i32.eqz br_if 1
        local.get 1 local.get 0 i32.add local.set 1
        local.get 0 i32.const 1 i32.sub local.set 0
        br 0
      end
    end
    local.get 1)
  (func (export "choose") (param i32) (result i32)
    local.get 0
    if (result i32) i32.const 10 else i32.const 20 end)
  (func (export "table") (param i32) (result i32)
    block (result i32)
      block (result i32)
        block (result i32)
          i32.const 1 local.get 0 br_table 0 1 2
        end
        i32.const 100 i32.add
      end
      i32.const 1000 i32.add
    end)
  (func (export "swap") (param i32 i32) (result i32 i32)
    local.get 1 local.get 0)
  (func (export "multi") (param i32) (result i32)
    ;; a block with parameters and two results
    local.get 0 i32.const 5
    block (param i32 i32) (result i32 i32)
      local.get 0 br_if 0
      i32.add i32.const 0
    end
    i32.sub)
  (func (export "if_params") (param i32 i32) (result i32)
    local.get 1 local.get 1
    local.get 0
    if (param i32 i32) (result i32) i32.add else i32.mul end)
  (func (export "early") (param i32) (result i32)
    local.get 0 i32.const 7 local.get 0 br_if 0 drop drop i32.const 3)
  (func (export "select") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 select)
  (func (export "unreachable") (param i32) (result i32)
    local.get 0 if unreachable end i32.const 1)
  (func (export "nested_loops") (param i32) (result i32) (local i32 i32 i32)
    ;; sum over i < n, j < i of (i xor j)
    loop $outer
      i32.const 0 local.set 2
      block $done
        loop $inner
          local.get 2 local.get 1 i32.ge_u br_if $done
          local.get 3 local.get 1 local.get 2 i32.xor i32.add local.set 3
          local.get 2 i32.const 1 i32.add local.set 2
          br $inner
        end
      end
      local.get 1 i32.const 1 i32.add local.tee 1
      local.get 0 i32.lt_u br_if $outer
    end
    local.get 3)
)"#;

#[test]
fn loops_and_branches() {
    let mut h = Harness::new(CONTROL);
    assert_eq!(h.i32("sum", &[100]), Ok(5050));
    assert_eq!(h.i32("choose", &[1]), Ok(10));
    assert_eq!(h.i32("choose", &[0]), Ok(20));
    assert_eq!(h.i32("table", &[0]), Ok(1101));
    assert_eq!(h.i32("table", &[1]), Ok(1001));
    assert_eq!(h.i32("table", &[2]), Ok(1));
    assert_eq!(h.i32("table", &[99]), Ok(1));
    let mut expected = 0;
    for i in 0..20 {
        for j in 0..i {
            expected += i ^ j;
        }
    }
    assert_eq!(h.i32("nested_loops", &[20]), Ok(expected));
}

#[test]
fn multi_value() {
    let mut h = Harness::new(CONTROL);
    let r = h.call("swap", &[ValRaw::i32(1), ValRaw::i32(2)]).unwrap();
    assert_eq!((r[0].get_i32(), r[1].get_i32()), (2, 1));
    assert_eq!(h.i32("multi", &[0]), Ok(5));
    assert_eq!(h.i32("multi", &[3]), Ok(3 - 5));
    assert_eq!(h.i32("if_params", &[1, 6]), Ok(12));
    assert_eq!(h.i32("if_params", &[0, 6]), Ok(36));
    assert_eq!(h.i32("early", &[4]), Ok(7));
    assert_eq!(h.i32("early", &[0]), Ok(3));
}

#[test]
fn select_and_unreachable() {
    let mut h = Harness::new(CONTROL);
    assert_eq!(h.i32("select", &[1, 2, 1]), Ok(1));
    assert_eq!(h.i32("select", &[1, 2, 0]), Ok(2));
    assert_eq!(h.i32("unreachable", &[0]), Ok(1));
    assert_eq!(h.trap("unreachable", &[1]), "unreachable");
}
