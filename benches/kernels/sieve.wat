;; Memory-heavy: the sieve of Eratosthenes over n bytes of linear memory
;; (grown on demand), byte loads and stores with strided addresses. The
;; memory is cleared first with i32 stores so repeated calls in one instance
;; give the same answer. The checksum is the sum of the primes below n.
;;
;; run(n: i32) -> i64:
;;   composite[0..n] = 0
;;   for i in 2.. while i*i < n { if !composite[i] { for j in (i*i..n).step_by(i) { composite[j] = 1 } } }
;;   sum of i in 2..n with !composite[i]
;; bench: arg=16000000 expect=7963030208555 small=20000
(module
  (memory 1)

  (func $ensure_bytes (param $n i32)
    (local $pages i32)
    ;; pages = ceil(n / 65536) without overflowing for n near 2^32
    (local.set $pages
      (i32.add (i32.shr_u (local.get $n) (i32.const 16))
               (i32.ne (i32.and (local.get $n) (i32.const 0xffff)) (i32.const 0))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then (unreachable))))))

  (func (export "run") (param $n i32) (result i64)
    (local $i i32) (local $j i32) (local $sum i64)
    (call $ensure_bytes (i32.add (local.get $n) (i32.const 4)))
    ;; clear composite[0..n] four bytes at a time
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (local.get $i) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $clear)))
    ;; strike out multiples
    (local.set $i (i32.const 2))
    (block $struck
      (loop $primes
        (br_if $struck (i32.ge_u (i32.mul (local.get $i) (local.get $i)) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then
            (local.set $j (i32.mul (local.get $i) (local.get $i)))
            (block $row_done
              (loop $multiples
                (br_if $row_done (i32.ge_u (local.get $j) (local.get $n)))
                (i32.store8 (local.get $j) (i32.const 1))
                (local.set $j (i32.add (local.get $j) (local.get $i)))
                (br $multiples)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $primes)))
    ;; sum the primes
    (local.set $i (i32.const 2))
    (block $summed
      (loop $sum_loop
        (br_if $summed (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum_loop)))
    (local.get $sum)))
