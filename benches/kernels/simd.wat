;; SIMD: two 16384-element i32 arrays A (at 0) and B (at 65536) filled from
;; xorshift32; then, per repetition r, one pass over them 16 bytes at a time:
;; an i32x4 dot product (mul, add), an f32x4 running sum of the converted
;; (A >> 8) lanes, and a byte-wise blend written back into A
;; (A = avgr_u(A, B) ^ splat(r), as u8x16). Lane i of each accumulator sums
;; elements 4j + i in j order, so the checksum is exact on every engine.
;;
;; run(reps: i32) -> i32:
;;   x = 0x12345678; for i in 0..16384 { A[i] = x = xorshift32(x); B[i] = x = xorshift32(x) }
;;   chk = 0
;;   for r in 0..reps {
;;     acc = i32x4(0); accf = f32x4(0)
;;     for each 16-byte chunk j: va = A[j]; vb = B[j]
;;       acc += va * vb;  accf += f32(va >>s 8);  A[j] = avgr_u8(va, vb) ^ splat8(r)
;;     s = acc[0] + acc[1] + acc[2] + acc[3]
;;     f = (accf[0] + accf[1]) + (accf[2] + accf[3])
;;     chk = (chk * 31 + s) ^ bits(f)
;;   }
;; bench: arg=2000 expect=-1750774185 small=2
(module
  (memory 2)

  (func $xorshift32 (param $x i32) (result i32)
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
    (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))

  (func (export "run") (param $reps i32) (result i32)
    (local $i i32) (local $x i32) (local $r i32) (local $chk i32)
    (local $va v128) (local $vb v128) (local $acc v128) (local $accf v128)
    ;; fill A and B
    (local.set $x (i32.const 0x12345678))
    (block $filled
      (loop $fill
        (br_if $filled (i32.ge_u (local.get $i) (i32.const 65536)))
        (local.set $x (call $xorshift32 (local.get $x)))
        (i32.store (local.get $i) (local.get $x))
        (local.set $x (call $xorshift32 (local.get $x)))
        (i32.store offset=65536 (local.get $i) (local.get $x))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $fill)))
    (block $reps_done
      (loop $rep
        (br_if $reps_done (i32.ge_u (local.get $r) (local.get $reps)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $accf (v128.const f32x4 0 0 0 0))
        (local.set $i (i32.const 0))
        (loop $chunk
          (local.set $va (v128.load (local.get $i)))
          (local.set $vb (v128.load offset=65536 (local.get $i)))
          (local.set $acc
            (i32x4.add (local.get $acc) (i32x4.mul (local.get $va) (local.get $vb))))
          (local.set $accf
            (f32x4.add (local.get $accf)
              (f32x4.convert_i32x4_s (i32x4.shr_s (local.get $va) (i32.const 8)))))
          (v128.store (local.get $i)
            (v128.xor (i8x16.avgr_u (local.get $va) (local.get $vb))
                      (i8x16.splat (local.get $r))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $chunk (i32.lt_u (local.get $i) (i32.const 65536))))
        (local.set $chk
          (i32.xor
            (i32.add
              (i32.mul (local.get $chk) (i32.const 31))
              (i32.add
                (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
            (i32.reinterpret_f32
              (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $accf)) (f32x4.extract_lane 1 (local.get $accf)))
                (f32.add (f32x4.extract_lane 2 (local.get $accf)) (f32x4.extract_lane 3 (local.get $accf)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rep)))
    (local.get $chk)))
