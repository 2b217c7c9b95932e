;; A spec-style script: `brisk wast examples/wasm/add.wast` runs it in the
;; interpreter and prints its summary (4 passed).
(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add))
(assert_return (invoke "add" (i32.const 1) (i32.const 2)) (i32.const 3))
(assert_invalid
  (module (func (result i32) f64.const 1))
  "type mismatch")
(assert_malformed
  (module binary "\00asm" "\02\00\00\00")
  "unknown binary version")
