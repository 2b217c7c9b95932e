//! A large, deterministic module built from `.wat` text, so the validator
//! benchmark has an input that needs no download and exercises every
//! WebAssembly 2.0 proposal brisk validates.
//!
//! The module has `funcs` functions of one signature, `(i32 i32) -> i32`,
//! with the same five locals (one per value type). Each body is a run of
//! stack-neutral snippets picked by a fixed-seed xorshift generator:
//! integer and float arithmetic, saturating truncation, sign extension,
//! loads and stores, SIMD arithmetic, shuffles and lane accesses,
//! `block`/`loop`/`if`/`br_table`, a multi-value block, direct and indirect
//! calls, bulk memory, table and reference instructions, and globals. The
//! same `funcs` always gives the same bytes.

use std::fmt::Write;

/// Functions placed in the table and declared for `ref.func`.
const TABLE_SIZE: u32 = 64;

/// xorshift64*: small, deterministic, good enough to vary snippets.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u32) -> u32 {
        (self.next() >> 32) as u32 % n
    }
}

/// The `.wat` text of the generated module with `funcs` functions
/// (at least [`TABLE_SIZE`] are generated whatever `funcs` says).
pub fn generated_wat(funcs: u32) -> String {
    let funcs = funcs.max(TABLE_SIZE);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut w = String::with_capacity(funcs as usize * 4096);
    w.push_str("(module\n");
    w.push_str("  (type $sig (func (param i32 i32) (result i32)))\n");
    w.push_str("  (memory (export \"memory\") 1 16)\n");
    let _ = writeln!(w, "  (table $tab {TABLE_SIZE} funcref)");
    w.push_str("  (global $g (mut i32) (i32.const 0))\n");
    w.push_str("  (global $h (mut i64) (i64.const 0))\n");
    w.push_str("  (data $d \"\\00\\01\\02\\03brisk benchmark data\")\n");
    w.push_str("  (elem (i32.const 0) func");
    for i in 0..TABLE_SIZE {
        let _ = write!(w, " $f{i}");
    }
    w.push_str(")\n");
    for f in 0..funcs {
        let _ = writeln!(w, "  (func $f{f} (export \"f{f}\") (type $sig)");
        w.push_str(
            "    (local $a i32) (local $b i64) (local $c f32) (local $d f64) (local $v v128)\n",
        );
        let statements = 20 + rng.below(60);
        for _ in 0..statements {
            w.push_str("    ");
            snippet(&mut w, &mut rng, funcs);
            w.push('\n');
        }
        w.push_str("    local.get 0 local.get $a i32.add)\n");
    }
    w.push_str(")\n");
    w
}

/// The binary of [`generated_wat`].
pub fn generated_module(funcs: u32) -> Vec<u8> {
    wat::parse_str(generated_wat(funcs)).expect("the generated module is valid text")
}

/// Appends one stack-neutral snippet.
fn snippet(w: &mut String, rng: &mut Rng, funcs: u32) {
    let n = rng.below(1 << 20);
    let small = rng.below(TABLE_SIZE);
    let _ = match rng.below(18) {
        0 => write!(
            w,
            "local.get 0 local.get 1 i32.add i32.const {n} i32.mul local.get $a i32.xor local.set $a"
        ),
        1 => write!(
            w,
            "local.get 0 i64.extend_i32_u i64.const {n} i64.mul i64.const 7 i64.rotl local.get $b i64.add local.set $b"
        ),
        2 => write!(
            w,
            "local.get 0 f32.convert_i32_s f32.const {n}.5 f32.mul f32.sqrt local.get $c f32.add local.set $c"
        ),
        3 => write!(
            w,
            "local.get $d f64.const -{n}.25 f64.add local.tee $d i32.trunc_sat_f64_s local.get 1 i32.add local.set 1"
        ),
        4 => write!(
            w,
            "local.get 0 i32.const 0xfff0 i32.and i32.load offset={small} local.get 1 i32.add local.set 1 \
             local.get 0 i32.const 0xfff0 i32.and local.get 1 i32.store8 offset=3 \
             local.get 0 i64.load16_s align=1 local.get $b i64.xor local.set $b"
        ),
        5 => write!(
            w,
            "local.get $v v128.const i32x4 {n} 3 -7 {small} i32x4.add local.get 0 i32x4.splat i32x4.mul \
             f32x4.convert_i32x4_s f32x4.sqrt i32x4.trunc_sat_f32x4_s local.set $v"
        ),
        6 => write!(
            w,
            "local.get $v local.get $v i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0 \
             local.get $v i8x16.swizzle local.tee $v i32x4.extract_lane {} local.get 1 i32.add local.set 1",
            small % 4
        ),
        7 => write!(
            w,
            "local.get 0 i32.const 0xff00 i32.and v128.load offset=16 local.get $v i16x8.add_sat_s \
             f64x2.promote_low_f32x4 local.tee $v local.get 0 i32.const 0xff00 i32.and local.get $v v128.store \
             v128.any_true local.get $a i32.add local.set $a"
        ),
        8 => write!(
            w,
            "block loop local.get 1 i32.const 1 i32.sub local.tee 1 i32.eqz br_if 1 \
             local.get 0 i32.const 3 i32.shl local.set 0 local.get 1 i32.const {n} i32.gt_u br_if 0 end end"
        ),
        9 => write!(
            w,
            "local.get 0 if (result i32) local.get 1 i32.const {} i32.rem_u else local.get 0 i32.clz end local.set 1",
            n + 1
        ),
        10 => write!(
            w,
            "block block block local.get 0 i32.const 3 i32.and br_table 0 1 2 end \
             local.get 1 i32.const 1 i32.add local.set 1 end local.get 1 i32.const 2 i32.mul local.set 1 end"
        ),
        11 => write!(
            w,
            "local.get 0 local.get 1 call $f{} local.set $a",
            rng.below(funcs)
        ),
        12 => write!(
            w,
            "local.get 0 local.get 1 i32.const {small} call_indirect (type $sig) local.set 1"
        ),
        13 => write!(
            w,
            "local.get 0 i32.const 0xff i32.and i32.const 1024 i32.const 64 memory.copy \
             i32.const 2048 local.get 1 i32.const {} memory.fill",
            small + 1
        ),
        14 => write!(
            w,
            "i32.const {small} table.get $tab ref.is_null local.get 0 i32.add local.set 0 \
             i32.const {small} ref.func $f{small} table.set $tab"
        ),
        15 => write!(
            w,
            "local.get 0 i32.extend8_s local.get 1 local.get 0 select global.get $g i32.add global.set $g \
             global.get $h i64.extend32_s global.set $h"
        ),
        16 => write!(
            w,
            "local.get 0 local.get 1 block (param i32 i32) (result i32 i32) i32.add local.get 1 end \
             i32.sub local.set 0"
        ),
        _ => write!(
            w,
            "i32.const 4096 i32.const 0 i32.const 4 memory.init $d data.drop $d \
             local.get $c f64.promote_f32 local.get $d f64.max local.set $d"
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_module_is_valid_and_deterministic() {
        let bytes = generated_module(80);
        assert_eq!(bytes, generated_module(80));
        wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::WASM2)
            .validate_all(&bytes)
            .expect("the generated module is valid WebAssembly 2.0");
    }
}
