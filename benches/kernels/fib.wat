;; Recursive calls: the doubly recursive Fibonacci. fib(n) makes about
;; 2 * fib(n+1) calls, each a tiny body (compare, two subtractions, an add),
;; so the time goes to call and return.
;;
;; run(n: i32) -> i64 = fib(n)
;; bench: arg=34 expect=5702887 small=15
(module
  (func $fib (param $n i32) (result i64)
    (if (result i64) (i32.lt_u (local.get $n) (i32.const 2))
      (then (i64.extend_i32_u (local.get $n)))
      (else
        (i64.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  (func (export "run") (param $n i32) (result i64)
    (call $fib (local.get $n))))
