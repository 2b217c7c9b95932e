;; f64 math: the Mandelbrot set on an n x n grid over [-2, 1] x [-1, 1],
;; at most 200 iterations per point; the checksum is the total number of
;; iterations. All arithmetic is f64 in locals (mul, add, sub, compare,
;; int-to-float conversion); wasm has no fused multiply-add, so the count is
;; exact on every conforming engine.
;;
;; run(n: i32) -> i64:
;;   sx = 3.0 / n; sy = 2.0 / n
;;   for py in 0..n, px in 0..n {
;;     cr = px * sx - 2.0; ci = py * sy - 1.0; zr = zi = 0
;;     for it in 0..200 { zr2 = zr*zr; zi2 = zi*zi; if zr2 + zi2 > 4 break;
;;                        zi = (zr + zr) * zi + ci; zr = zr2 - zi2 + cr; total += 1 }
;;   }
;; bench: arg=600 expect=20140609 small=20
(module
  (func (export "run") (param $n i32) (result i64)
    (local $px i32) (local $py i32) (local $it i32) (local $total i64)
    (local $sx f64) (local $sy f64) (local $cr f64) (local $ci f64)
    (local $zr f64) (local $zi f64) (local $zr2 f64) (local $zi2 f64)
    (local.set $sx (f64.div (f64.const 3) (f64.convert_i32_s (local.get $n))))
    (local.set $sy (f64.div (f64.const 2) (f64.convert_i32_s (local.get $n))))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $py) (local.get $n)))
        (local.set $ci
          (f64.sub (f64.mul (f64.convert_i32_s (local.get $py)) (local.get $sy)) (f64.const 1)))
        (local.set $px (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_s (local.get $px) (local.get $n)))
            (local.set $cr
              (f64.sub (f64.mul (f64.convert_i32_s (local.get $px)) (local.get $sx)) (f64.const 2)))
            (local.set $zr (f64.const 0))
            (local.set $zi (f64.const 0))
            (local.set $it (i32.const 0))
            (block $escaped
              (loop $iterate
                (local.set $zr2 (f64.mul (local.get $zr) (local.get $zr)))
                (local.set $zi2 (f64.mul (local.get $zi) (local.get $zi)))
                (br_if $escaped (f64.gt (f64.add (local.get $zr2) (local.get $zi2)) (f64.const 4)))
                (local.set $zi
                  (f64.add
                    (f64.mul (f64.add (local.get $zr) (local.get $zr)) (local.get $zi))
                    (local.get $ci)))
                (local.set $zr
                  (f64.add (f64.sub (local.get $zr2) (local.get $zi2)) (local.get $cr)))
                (local.set $it (i32.add (local.get $it) (i32.const 1)))
                (br_if $iterate (i32.lt_u (local.get $it) (i32.const 200)))))
            (local.set $total (i64.add (local.get $total) (i64.extend_i32_u (local.get $it))))
            (local.set $px (i32.add (local.get $px) (i32.const 1)))
            (br $cols)))
        (local.set $py (i32.add (local.get $py) (i32.const 1)))
        (br $rows)))
    (local.get $total)))
