;; Drives the example extension: `brisk run --extension
;; target/debug/libbrisk_example_extension.so examples/extension/guest.wat`
;; prints nothing and exits 0 when every check passes; a wrong result hits
;; `unreachable` in the named check function, so brisk exits 3 and the
;; backtrace says which.
(module
  (import "text" "upper" (func $upper (param i32 i32) (result i32)))
  (import "text" "fnv1a" (func $fnv1a (param i32 i32) (result i64)))
  (import "text" "calls" (func $calls (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, brisk!")
  (data (i32.const 64) "HELLO, BRISK!")

  (func $check_upper
    ;; 10 lower-case letters in "hello, brisk!" change
    (if (i32.ne (call $upper (i32.const 16) (i32.const 13)) (i32.const 10))
      (then unreachable))
    ;; the bytes now equal the upper-case copy at 64
    (if (i64.ne (i64.load (i32.const 16)) (i64.load (i32.const 64)))
      (then unreachable))
    (if (i64.ne (i64.load (i32.const 21)) (i64.load (i32.const 69)))
      (then unreachable)))

  (func $check_fnv1a
    ;; FNV-1a of the empty string is the offset basis
    (if (i64.ne (call $fnv1a (i32.const 0) (i32.const 0)) (i64.const 0xcbf29ce484222325))
      (then unreachable))
    ;; FNV-1a("a") = 0xaf63dc4c8601ec8c
    (i32.store8 (i32.const 0) (i32.const 0x61))
    (if (i64.ne (call $fnv1a (i32.const 0) (i32.const 1)) (i64.const 0xaf63dc4c8601ec8c))
      (then unreachable)))

  (func $check_calls
    (if (i64.ne (call $calls) (i64.const 3))
      (then unreachable)))

  (func (export "_start")
    (call $check_upper)
    (call $check_fnv1a)
    (call $check_calls))

  ;; A range past the end of memory: traps with the extension's message.
  (func (export "out_of_bounds") (result i32)
    (call $upper (i32.const 65530) (i32.const 100))))
