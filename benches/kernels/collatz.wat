;; Integer loop: the Collatz trajectory of every start value 1..=n in i64
;; arithmetic (and, shift, multiply-add, compare, branch), each trajectory's
;; step count folded into an FNV-1a-style hash.
;;
;; run(n: i32) -> i64:
;;   h = 0xcbf29ce484222325
;;   for s in 1..=n { steps = collatz steps from s to 1; h = (h ^ steps) * 0x100000001b3 }
;; bench: arg=300000 expect=2972450652911355696 small=1000
(module
  (func (export "run") (param $n i32) (result i64)
    (local $s i64) (local $x i64) (local $steps i64) (local $h i64) (local $end i64)
    (local.set $h (i64.const 0xcbf29ce484222325))
    (local.set $end (i64.extend_i32_u (local.get $n)))
    (local.set $s (i64.const 1))
    (block $done
      (loop $outer
        (br_if $done (i64.gt_u (local.get $s) (local.get $end)))
        (local.set $x (local.get $s))
        (local.set $steps (i64.const 0))
        (block $reached_one
          (loop $trajectory
            (br_if $reached_one (i64.eq (local.get $x) (i64.const 1)))
            (if (i64.eqz (i64.and (local.get $x) (i64.const 1)))
              (then (local.set $x (i64.shr_u (local.get $x) (i64.const 1))))
              (else
                (local.set $x
                  (i64.add (i64.mul (local.get $x) (i64.const 3)) (i64.const 1)))))
            (local.set $steps (i64.add (local.get $steps) (i64.const 1)))
            (br $trajectory)))
        (local.set $h
          (i64.mul (i64.xor (local.get $h) (local.get $steps)) (i64.const 0x100000001b3)))
        (local.set $s (i64.add (local.get $s) (i64.const 1)))
        (br $outer)))
    (local.get $h)))
