//! The operator table: every WebAssembly instruction brisk decodes, one row
//! each. Everything else that enumerates instructions is derived from it.
//!
//! # Row format
//!
//! ```text
//! @proposal PREFIX CODE Variant { field: Type [as reader_method], ... } => visit_method "text.name" [SIGNATURE]
//! ```
//!
//! - `@proposal`: the snake_case name of the [`Features`](crate::Features)
//!   flag that introduced the instruction (`mvp`, `sign_extension`,
//!   `saturating_float_to_int`, `bulk_memory`, `reference_types`, `simd`,
//!   ...). Validators reject an instruction whose proposal is disabled.
//! - `PREFIX CODE`: `0x00 0x6a` is the single-byte opcode `0x6a`; `0xfc 7`
//!   and `0xfd 12` are the prefixed opcodes (the code is the LEB128 `u32`
//!   after the prefix byte). `0x00` never acts as a prefix.
//! - Immediates are decoded in field order by the type's
//!   [`Immediate`](crate::Immediate) impl (`u32` = LEB128 index, `u8` = raw
//!   lane byte, `i32`/`i64` = signed LEB128, `Ieee32`/`Ieee64`/`V128` = raw
//!   little-endian bytes, ...), or by the `BinaryReader` method named after
//!   `as` where the encoding depends on features (reserved zero bytes).
//! - `SIGNATURE` is the operand-stack effect when it is fixed:
//!   `[i32 i32 -> i32]`; `[load N T]` / `[store N T]` for a memory access of
//!   `N` bytes that loads or stores a `T` (the address type comes from the
//!   memory); `[special]` when validation is written by hand (control,
//!   variables, lanes, tables, references, ...).
#[macro_export]
macro_rules! for_each_operator {
    ($m:ident) => {
        $m! {
            @mvp 0x00 0x00 Unreachable => visit_unreachable "unreachable" [special]
            @mvp 0x00 0x01 Nop => visit_nop "nop" [special]
            @mvp 0x00 0x02 Block { blockty: BlockType } => visit_block "block" [special]
            @mvp 0x00 0x0b End => visit_end "end" [special]
            @mvp 0x00 0x0e BrTable { targets: BrTable<'a> } => visit_br_table "br_table" [special]
            @mvp 0x00 0x11 CallIndirect { type_index: u32, table_index: u32 as read_call_indirect_table } => visit_call_indirect "call_indirect" [special]
            @reference_types 0x00 0x1c TypedSelect { ty: SelectType } => visit_typed_select "select" [special]
            @mvp 0x00 0x20 LocalGet { local_index: u32 } => visit_local_get "local.get" [special]
            @mvp 0x00 0x28 I32Load { memarg: MemArg } => visit_i32_load "i32.load" [load 4 i32]
            @mvp 0x00 0x36 I32Store { memarg: MemArg } => visit_i32_store "i32.store" [store 4 i32]
            @mvp 0x00 0x3f MemorySize { mem: u32 as read_mem_index } => visit_memory_size "memory.size" [special]
            @mvp 0x00 0x41 I32Const { value: i32 } => visit_i32_const "i32.const" [-> i32]
            @mvp 0x00 0x43 F32Const { value: Ieee32 } => visit_f32_const "f32.const" [-> f32]
            @mvp 0x00 0x6a I32Add => visit_i32_add "i32.add" [i32 i32 -> i32]
            @reference_types 0x00 0xd0 RefNull { hty: HeapType } => visit_ref_null "ref.null" [special]
            @saturating_float_to_int 0xfc 0 I32TruncSatF32S => visit_i32_trunc_sat_f32_s "i32.trunc_sat_f32_s" [f32 -> i32]
            @bulk_memory 0xfc 8 MemoryInit { data_index: u32, mem: u32 as read_mem_index } => visit_memory_init "memory.init" [special]
            @simd 0xfd 12 V128Const { value: V128 } => visit_v128_const "v128.const" [-> v128]
            @simd 0xfd 13 I8x16Shuffle { lanes: [u8; 16] } => visit_i8x16_shuffle "i8x16.shuffle" [special]
            @simd 0xfd 21 I8x16ExtractLaneS { lane: u8 } => visit_i8x16_extract_lane_s "i8x16.extract_lane_s" [special]
        }
    };
}
