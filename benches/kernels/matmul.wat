;; Memory-heavy, f64: C = A * B for n x n row-major f64 matrices in linear
;; memory (A at 0, B at 8n^2, C at 16n^2, grown on demand); the inner loop
;; walks B by columns, a stride of 8n bytes. Entries are small integers, so
;; every product and sum is exact and the checksum does not depend on
;; rounding.
;;
;; run(n: i32) -> i64:
;;   A[i][j] = (i*n + j) % 7 - 3;  B[i][j] = (i + 2*j) % 5 - 2
;;   C = A * B  (k innermost, summed in k order)
;;   chk = 0; for each C[i][j] in row-major order { chk = chk * 31 + i64(C[i][j]) }  (wrapping)
;; bench: arg=300 expect=-5482579916120092928 small=12
(module
  (memory 1)

  (func $ensure_bytes (param $n i32)
    (local $pages i32)
    (local.set $pages
      (i32.add (i32.shr_u (local.get $n) (i32.const 16))
               (i32.ne (i32.and (local.get $n) (i32.const 0xffff)) (i32.const 0))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then (unreachable))))))

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $j i32) (local $k i32)
    (local $a i32) (local $b i32) (local $c i32) (local $row i32)
    (local $acc f64) (local $chk i64)
    ;; byte offsets of the three matrices: 8n^2 bytes each
    (local.set $b (i32.mul (i32.mul (local.get $n) (local.get $n)) (i32.const 8)))
    (local.set $c (i32.shl (local.get $b) (i32.const 1)))
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (call $ensure_bytes (i32.add (local.get $c) (local.get $b)))
    ;; fill A and B
    (local.set $i (i32.const 0))
    (block $filled
      (loop $fill_rows
        (br_if $filled (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $row_filled
          (loop $fill_cols
            (br_if $row_filled (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $k (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)))
            (f64.store
              (i32.shl (local.get $k) (i32.const 3))
              (f64.convert_i32_s
                (i32.sub (i32.rem_u (local.get $k) (i32.const 7)) (i32.const 3))))
            (f64.store
              (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3)))
              (f64.convert_i32_s
                (i32.sub
                  (i32.rem_u (i32.add (local.get $i) (i32.shl (local.get $j) (i32.const 1)))
                             (i32.const 5))
                  (i32.const 2))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $fill_cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill_rows)))
    ;; multiply: $a walks row i of A, $k's byte offset walks column j of B
    (local.set $i (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $acc (f64.const 0))
            (local.set $a (i32.mul (local.get $i) (local.get $row)))
            (local.set $k (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (block $dot_done
              (loop $dot
                (local.set $acc
                  (f64.add (local.get $acc)
                    (f64.mul (f64.load (local.get $a)) (f64.load (local.get $k)))))
                (local.set $a (i32.add (local.get $a) (i32.const 8)))
                (local.set $k (i32.add (local.get $k) (local.get $row)))
                (br_if $dot
                  (i32.lt_u (local.get $a) (i32.mul (i32.add (local.get $i) (i32.const 1))
                                                    (local.get $row))))))
            (f64.store
              (i32.add (local.get $c)
                (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j))
                         (i32.const 3)))
              (local.get $acc))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows)))
    ;; fold C, row by row, into a polynomial hash of its (integral) entries
    (local.set $i (i32.const 0))
    (local.set $k (i32.mul (i32.mul (local.get $n) (local.get $n)) (i32.const 8)))
    (block $summed
      (loop $sum_loop
        (br_if $summed (i32.ge_u (local.get $i) (local.get $k)))
        (local.set $chk
          (i64.add (i64.mul (local.get $chk) (i64.const 31))
                   (i64.trunc_f64_s (f64.load (i32.add (local.get $c) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $sum_loop)))
    (local.get $chk)))
