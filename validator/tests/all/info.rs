//! What validation reports to backends.

use brisk_parser::ValType;
use brisk_validator::BlockInfo;

use crate::support::valid;

#[test]
fn locals_and_heights() {
    let v = valid(
        "(module (import \"m\" \"f\" (func))
           (func (param i32) (local i64 i64) (local f32)
             i32.const 1 i32.const 2 i32.const 3 i32.add i32.add drop)
           (func))",
    );
    assert_eq!(v.functions.len(), 2);
    let f = &v.functions[0];
    assert_eq!(f.func_index, 1);
    assert_eq!(f.type_index, 1);
    assert_eq!(f.locals, vec![(2, ValType::I64), (1, ValType::F32)]);
    assert_eq!(f.num_locals, 4);
    assert_eq!(f.max_stack_height, 3);
    assert_eq!(f.max_control_depth, 1);
    assert!(f.blocks.is_empty());
    assert_eq!(v.func_info(2).map(|f| f.max_stack_height), Some(0));
    assert!(v.func_info(0).is_none());
}

#[test]
fn block_offsets() {
    let v = valid(
        "(module (func (result i32)
            (block (loop (if (i32.const 1) (then nop) (else nop))))
            (if (result i32) (i32.const 0) (then i32.const 1) (else i32.const 2))))",
    );
    let f = &v.functions[0];
    assert_eq!(f.max_control_depth, 4);
    assert_eq!(f.max_stack_height, 1);
    let body = v.module.code[0].bytes();
    assert_eq!(f.blocks.len(), 4);
    let opcode = |at: u32| body[at as usize];
    let kinds: Vec<u8> = f.blocks.iter().map(|b| opcode(b.start)).collect();
    assert_eq!(kinds, [0x02, 0x03, 0x04, 0x04]);
    for b in &f.blocks {
        assert_eq!(opcode(b.end), 0x0b);
        assert!(b.end > b.start);
        if let Some(e) = b.else_ {
            assert_eq!(opcode(e), 0x05);
            assert!(b.start < e && e < b.end);
        }
    }
    assert_eq!(f.blocks[0].else_, None);
    assert!(f.blocks[2].else_.is_some());
    // Nesting: the block encloses the loop, which encloses the if.
    let BlockInfo { start, end, .. } = f.blocks[0];
    assert!(start < f.blocks[1].start && f.blocks[2].end < end);
    // The last `end` closes the function, after every block.
    assert!(f.blocks.iter().all(|b| (b.end as usize) < body.len() - 1));
}

#[test]
fn declared_functions() {
    let v = valid("(module (func $a) (func $b (export \"b\")) (func $c) (elem declare func $c))");
    assert_eq!(v.declared_functions, vec![1, 2]);
}
