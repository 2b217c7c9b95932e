;; One module that exercises much of what the translator emits (integer,
;; float and SIMD ops, memory and bulk memory, direct, imported and indirect
;; calls, multi-value, tables and references, br_table, traps), compiled
;; for aarch64 by tests/all/aarch64/mod.rs.
(module
  (type $bin (func (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i64)))
  (import "env" "g" (global $imported i32))
  (memory (export "memory") 1 4)
  (table $t 4 8 funcref)
  (table $refs 2 externref)
  (global $counter (mut i64) (i64.const 0))
  (global $f (mut f64) (f64.const 1.5))
  (data $d "hello, aarch64")
  (elem (table $t) (i32.const 0) func $add $sub $mul $div)
  (elem $passive func $add $sub)

  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $mul (type $bin) (i32.mul (local.get 0) (local.get 1)))
  (func $div (type $bin) (i32.div_s (local.get 0) (local.get 1)))

  (func $int_ops (export "int_ops") (param i64 i64) (result i64)
    (i64.add
      (i64.rotl (i64.mul (local.get 0) (local.get 1)) (i64.const 13))
      (i64.xor
        (i64.clz (local.get 0))
        (i64.or (i64.ctz (local.get 1)) (i64.popcnt (i64.rem_u (local.get 0) (local.get 1))))))
    (i64.shr_s (i64.extend32_s (local.get 0)))
    (i64.div_s (i64.add (i64.const 1) (i64.extend_i32_u (i32.eqz (i32.wrap_i64 (local.get 1)))))))

  (func $float_ops (export "float_ops") (param f32 f64) (result f64)
    (f64.add
      (f64.promote_f32 (f32.sqrt (f32.abs (local.get 0))))
      (f64.mul
        (f64.nearest (local.get 1))
        (f64.copysign (f64.floor (local.get 1)) (f64.ceil (f64.trunc (local.get 1))))))
    (f64.min (global.get $f))
    (f64.max (f64.convert_i64_s (i64.trunc_sat_f64_s (local.get 1))))
    (f64.add (f64.convert_i32_u (i32.trunc_f32_s (local.get 0))))
    (f64.add (f64.reinterpret_i64 (i64.reinterpret_f64 (local.get 1)))))

  (func $simd (export "simd") (param i32) (result i32)
    (local v128)
    (local.set 1
      (i32x4.add
        (v128.load (local.get 0))
        (i32x4.splat (local.get 0))))
    (local.set 1 (f32x4.mul (f32x4.convert_i32x4_s (local.get 1)) (f32x4.splat (f32.const 0.5))))
    (local.set 1 (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get 1) (local.get 1)))
    (local.set 1 (i8x16.swizzle (local.get 1) (v128.const i8x16 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 14)))
    (local.set 1 (i16x8.q15mulr_sat_s (local.get 1) (i16x8.narrow_i32x4_s (local.get 1) (local.get 1))))
    (local.set 1 (v128.bitselect (local.get 1) (i64x2.shl (local.get 1) (i32.const 3)) (i32x4.gt_s (local.get 1) (v128.const i32x4 0 1 2 3))))
    (local.set 1 (f64x2.promote_low_f32x4 (f32x4.nearest (local.get 1))))
    (local.set 1 (i32x4.trunc_sat_f64x2_s_zero (f64x2.sqrt (local.get 1))))
    (local.set 1 (i64x2.mul (i64x2.extmul_low_i32x4_u (local.get 1) (local.get 1)) (i64x2.abs (local.get 1))))
    (local.set 1 (i8x16.popcnt (i8x16.avgr_u (local.get 1) (i8x16.sub_sat_u (local.get 1) (local.get 1)))))
    (v128.store offset=16 (local.get 0) (local.get 1))
    (v128.store8_lane 3 (local.get 0) (local.get 1))
    (i32.add
      (i32.add (i8x16.bitmask (local.get 1)) (i32x4.all_true (local.get 1)))
      (i32.add (v128.any_true (local.get 1)) (i32x4.extract_lane 2 (local.get 1)))))

  (func $memory (export "memory_ops") (param i32) (result i64)
    (i32.store8 offset=3 (local.get 0) (i32.const 7))
    (i64.store32 (local.get 0) (i64.const -1))
    (f32.store offset=8 (local.get 0) (f32.const 2.5))
    (memory.fill (i32.const 100) (i32.const 0xaa) (i32.const 32))
    (memory.copy (i32.const 200) (i32.const 100) (i32.const 32))
    (memory.init $d (i32.const 300) (i32.const 0) (i32.const 14))
    (data.drop $d)
    (drop (memory.grow (i32.const 1)))
    (i64.add
      (i64.add (i64.load16_s (local.get 0)) (i64.load offset=1 align=1 (local.get 0)))
      (i64.extend_i32_u (i32.add (memory.size) (i32.load8_u (i32.const 300))))))

  (func $calls (export "calls") (param i32 i32 i32) (result i32)
    (call $log (i64.extend_i32_s (local.get 0)))
    (global.set $counter (i64.add (global.get $counter) (i64.const 1)))
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0))
    (call $add (global.get $imported))
    (call $id))

  (func $id (param i32) (result i32) (local.get 0))

  (func $multi (export "multi") (param i32 i64) (result i64 i32 f32 f64)
    (block (result i32 i64) (local.get 0) (local.get 1))
    (call $swap)
    (f32.const 1) (f64.const 2))
  (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))

  (func $tables (export "tables") (param externref i32) (result i32)
    (table.set $refs (i32.const 1) (local.get 0))
    (table.init $t $passive (i32.const 2) (i32.const 0) (i32.const 2))
    (elem.drop $passive)
    (table.copy $t $t (i32.const 0) (i32.const 2) (i32.const 2))
    (table.fill $t (i32.const 0) (ref.func $mul) (i32.const 1))
    (drop (table.grow $t (ref.null func) (i32.const 2)))
    (i32.add
      (i32.add (table.size $t) (ref.is_null (table.get $refs (local.get 1))))
      (ref.is_null (table.get $t (i32.const 5)))))

  (func $control (export "control") (param i32) (result i32)
    (local i32)
    (block $out
      (loop $top
        (br_if $out (i32.ge_u (local.get 1) (local.get 0)))
        (block $c (block $b (block $a
          (br_table $a $b $c (i32.rem_u (local.get 1) (i32.const 3))))
          (local.set 1 (i32.add (local.get 1) (i32.const 1))) (br $top))
          (local.set 1 (i32.add (local.get 1) (i32.const 2))) (br $top))
        (local.set 1 (select (local.get 1) (i32.const 99) (local.get 0)))
        (if (i32.eqz (local.get 1)) (then unreachable))
        (br $top)))
    (local.get 1))

  (func $traps (export "traps") (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 0)) (then unreachable))
    (if (i32.eq (local.get 0) (i32.const 1)) (then (drop (i32.div_u (i32.const 1) (i32.const 0)))))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (drop (i32.trunc_f64_s (f64.const nan)))))
    (if (i32.eq (local.get 0) (i32.const 3)) (then (drop (i32.load (i32.const -4)))))
    (if (i32.eq (local.get 0) (i32.const 4)) (then (drop (call_indirect (type $bin) (i32.const 0) (i32.const 0) (i32.const 7)))))
    (if (i32.eq (local.get 0) (i32.const 5)) (then (drop (call $traps (local.get 0)))))
    (i32.div_s (i32.const -2147483648) (local.get 0)))
)
