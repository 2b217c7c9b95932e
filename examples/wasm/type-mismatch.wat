;; Decodes, but does not validate: the function promises an i32 and leaves
;; an f64. `brisk validate examples/wasm/type-mismatch.wat` prints
;;   examples/wasm/type-mismatch.wat: offset 0x..: type mismatch: expected i32, found f64
;; and exits 1.
(module
  (func $half (export "half") (param $x f64) (result i32)
    local.get $x
    f64.const 0.5
    f64.mul))
