;; A tiny valid module: `brisk validate examples/wasm/add.wat` prints nothing
;; and exits 0.
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
