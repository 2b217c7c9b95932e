//! Structured control flow: blocks and loops with parameters and
//! results, if/else (with and without else), br/br_if/br_table with
//! values, return from nested blocks, select, and unreachable code after
//! branches.

use super::harness::Harness;

const CONTROL: &str = r#"(module
  (type $ii_i (func (param i32 i32) (result i32)))
  (type $i_ii (func (param i32) (result i32 i32)))
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    block $done
      loop $top
        local.get $n i32.eqz br_if $done
        local.get $acc local.get $n i32.add local.set $acc
        local.get $n i32.const 1 i32.sub local.set $n
        br $top
      end
    end
    local.get $acc)
  (func (export "max") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.gt_s
    if (result i32) local.get 0 else local.get 1 end)
  (func (export "abs_noelse") (param i32) (result i32)
    local.get 0
    local.get 0 i32.const 0 i32.lt_s
    if (param i32) (result i32) i32.const -1 i32.mul end)
  (func (export "block_params") (param i32 i32) (result i32)
    local.get 0 local.get 1
    block (type $ii_i) i32.sub end)
  (func (export "swap_sub") (param i32 i32) (result i32)
    local.get 0 local.get 1
    block (param i32 i32) (result i32 i32)
      local.set 0 local.set 1 local.get 0 local.get 1
    end
    i32.sub)
  (func (export "loop_params") (param i32) (result i32)
    ;; factorial with the accumulator and counter as loop parameters
    i32.const 1 local.get 0
    loop (param i32 i32) (result i32)
      local.set 0
      local.get 0 i32.mul
      local.get 0 i32.const 1 i32.sub
      local.tee 0 i32.const 1 i32.gt_s
      if (param i32) (result i32) local.get 0 br 1 end
    end)
  (func (export "br_table") (param i32) (result i32)
    block (result i32)
      block (result i32)
        block (result i32)
          i32.const 100 local.get 0
          br_table 0 1 2 1
        end
        i32.const 1 i32.add return
      end
      i32.const 2 i32.add return
    end
    i32.const 3 i32.add)
  (func (export "br_table_noargs") (param i32) (result i32)
    block
      block
        block
          local.get 0 br_table 2 1 0
        end
        i32.const 10 return
      end
      i32.const 20 return
    end
    i32.const 30)
  (func (export "early_return") (param i32) (result i32)
    block
      block
        local.get 0 br_if 1
        i32.const 5 return
        i32.const 99 drop
      end
    end
    i32.const 6)
  (func (export "select") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 select)
  (func (export "select64") (param i64 i64 i32) (result i64)
    local.get 0 local.get 1 local.get 2 select (result i64))
  (func (export "dead_code") (param i32) (result i32)
    block (result i32)
      local.get 0 br 0
      i32.const 1 i32.add
      block block end end
      if (result i32) unreachable else unreachable end
    end
    i32.const 1 i32.add)
  (func (export "br_if_value") (param i32) (result i32)
    block (result i32)
      i32.const 7 local.get 0 br_if 0
      drop i32.const 8
    end)
  (func (export "multi") (param i32) (result i32 i32)
    local.get 0 i32.const 1 i32.add local.get 0 i32.const 1 i32.sub)
  (func (export "nested_if") (param i32 i32) (result i32)
    local.get 0 if (result i32)
      local.get 1 if (result i32) i32.const 11 else i32.const 10 end
    else
      local.get 1 if (result i32) i32.const 1 else i32.const 0 end
    end)
  (func (export "infinite_with_exit") (param i32) (result i32)
    loop $l (result i32)
      local.get 0 i32.const 1 i32.add local.tee 0
      i32.const 1000 i32.lt_u br_if $l
      local.get 0
    end)
  (func (export "unreachable_end") (param i32) (result i32)
    local.get 0 return)
)"#;

#[test]
fn loops_blocks_and_ifs() {
    let mut h = Harness::new(CONTROL);
    assert_eq!(h.i32("sum", &[100]), Ok(5050));
    assert_eq!(h.i32("sum", &[0]), Ok(0));
    assert_eq!(h.i32("max", &[3, -4]), Ok(3));
    assert_eq!(h.i32("max", &[-3, 4]), Ok(4));
    assert_eq!(h.i32("abs_noelse", &[-9]), Ok(9));
    assert_eq!(h.i32("abs_noelse", &[9]), Ok(9));
    assert_eq!(h.i32("nested_if", &[1, 1]), Ok(11));
    assert_eq!(h.i32("nested_if", &[1, 0]), Ok(10));
    assert_eq!(h.i32("nested_if", &[0, 1]), Ok(1));
    assert_eq!(h.i32("nested_if", &[0, 0]), Ok(0));
    assert_eq!(h.i32("infinite_with_exit", &[0]), Ok(1000));
    assert_eq!(h.i32("unreachable_end", &[42]), Ok(42));
}

#[test]
fn block_and_loop_parameters() {
    let mut h = Harness::new(CONTROL);
    assert_eq!(h.i32("block_params", &[10, 3]), Ok(7));
    assert_eq!(h.i32("swap_sub", &[10, 3]), Ok(-7));
    assert_eq!(h.i32("loop_params", &[5]), Ok(120));
    assert_eq!(h.i32("loop_params", &[10]), Ok(3_628_800));
}

#[test]
fn branches_with_values() {
    let mut h = Harness::new(CONTROL);
    assert_eq!(h.i32("br_table", &[0]), Ok(101));
    assert_eq!(h.i32("br_table", &[1]), Ok(102));
    assert_eq!(h.i32("br_table", &[2]), Ok(103));
    assert_eq!(h.i32("br_table", &[3]), Ok(102), "default");
    assert_eq!(
        h.i32("br_table", &[-1]),
        Ok(102),
        "default for a huge index"
    );
    assert_eq!(h.i32("br_table_noargs", &[0]), Ok(30));
    assert_eq!(h.i32("br_table_noargs", &[1]), Ok(20));
    assert_eq!(h.i32("br_table_noargs", &[2]), Ok(10));
    assert_eq!(h.i32("br_table_noargs", &[7]), Ok(10));
    assert_eq!(h.i32("early_return", &[0]), Ok(5));
    assert_eq!(h.i32("early_return", &[1]), Ok(6));
    assert_eq!(h.i32("dead_code", &[41]), Ok(42));
    assert_eq!(h.i32("br_if_value", &[1]), Ok(7));
    assert_eq!(h.i32("br_if_value", &[0]), Ok(8));
}

#[test]
fn select_and_multi_value() {
    let mut h = Harness::new(CONTROL);
    assert_eq!(h.i32("select", &[1, 2, 1]), Ok(1));
    assert_eq!(h.i32("select", &[1, 2, 0]), Ok(2));
    assert_eq!(h.i32("select", &[1, 2, -5]), Ok(1));
    let r = h
        .call(
            "select64",
            &[
                brisk_vm::ValRaw::i64(-1),
                brisk_vm::ValRaw::i64(5),
                brisk_vm::ValRaw::i32(0),
            ],
        )
        .unwrap();
    assert_eq!(r[0].get_i64(), 5);
    let r = h.call("multi", &[brisk_vm::ValRaw::i32(10)]).unwrap();
    assert_eq!((r[0].get_i32(), r[1].get_i32()), (11, 9));
}
