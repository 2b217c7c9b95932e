;; Dispatch: a bytecode interpreter written in wasm. Its loop fetches an
;; opcode byte and jumps through a br_table; one opcode calls a "native"
;; function through call_indirect (signature-checked table call). Each pass
;; over the program runs 9 bytecode instructions, 3 of them indirect calls.
;;
;; Bytecode (one opcode byte, then at most one immediate byte):
;;   0 HALT        return acc          4 FN k    acc = table[k](acc)
;;   1 ADDI imm8s  acc += imm          5 DEC     cnt -= 1
;;   2 XORC        acc ^= cnt          6 JNZ pc  if cnt != 0 { pc = imm } else { next }
;;   3 MULI imm8u  acc *= imm          7 ROTL r  acc = rotl(acc, r)
;;   anything else traps (the br_table default is `unreachable`)
;; Program (data segment at 0), cnt starts at n (n >= 1):
;;   0: ADDI 7; XORC; FN 0; MULI 31; FN 1; ROTL 5; FN 2; DEC; JNZ 0; 16: FN 3; HALT
;; Natives: 0: x*x + 1   1: x ^ (x >>u 13)   2: x + 0x9e3779b9   3: x + popcnt(x)
;;
;; run(n: i32) -> i32 = acc at HALT, acc starting at 0
;; bench: arg=2000000 expect=1267205137 small=2000
(module
  (type $native (func (param i32) (result i32)))
  (memory 1)
  (table 4 funcref)
  (elem (i32.const 0) $square_plus_one $xorshift $golden $popcnt_mix)
  (data (i32.const 0) "\01\07\02\04\00\03\1f\04\01\07\05\04\02\05\06\00\04\03\00")

  (func $square_plus_one (type $native)
    (i32.add (i32.mul (local.get 0) (local.get 0)) (i32.const 1)))
  (func $xorshift (type $native)
    (i32.xor (local.get 0) (i32.shr_u (local.get 0) (i32.const 13))))
  (func $golden (type $native)
    (i32.add (local.get 0) (i32.const 0x9e3779b9)))
  (func $popcnt_mix (type $native)
    (i32.add (local.get 0) (i32.popcnt (local.get 0))))

  (func (export "run") (param $cnt i32) (result i32)
    (local $pc i32) (local $acc i32)
    (loop $next
      (block $bad
      (block $rotl
      (block $jnz
      (block $dec
      (block $fn
      (block $muli
      (block $xorc
      (block $addi
      (block $halt
        (br_table $halt $addi $xorc $muli $fn $dec $jnz $rotl $bad
          (i32.load8_u (local.get $pc))))
      ;; 0 HALT
      (return (local.get $acc)))
      ;; 1 ADDI imm8s
      (local.set $acc (i32.add (local.get $acc) (i32.load8_s offset=1 (local.get $pc))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; 2 XORC
      (local.set $acc (i32.xor (local.get $acc) (local.get $cnt)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; 3 MULI imm8u
      (local.set $acc (i32.mul (local.get $acc) (i32.load8_u offset=1 (local.get $pc))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; 4 FN k
      (local.set $acc
        (call_indirect (type $native) (local.get $acc) (i32.load8_u offset=1 (local.get $pc))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; 5 DEC
      (local.set $cnt (i32.sub (local.get $cnt) (i32.const 1)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; 6 JNZ pc
      (local.set $pc
        (if (result i32) (local.get $cnt)
          (then (i32.load8_u offset=1 (local.get $pc)))
          (else (i32.add (local.get $pc) (i32.const 2)))))
      (br $next))
      ;; 7 ROTL r
      (local.set $acc (i32.rotl (local.get $acc) (i32.load8_u offset=1 (local.get $pc))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; anything else
      (unreachable))
    (unreachable)))
