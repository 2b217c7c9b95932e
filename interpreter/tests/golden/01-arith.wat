;; Straight-line arithmetic: local.get is read in place, local.set
;; retargets the producing instruction, return writes slot 0 directly.
(module
  (func (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add
    i32.const 3
    i32.mul)
  (func (param i64) (result i64) (local i64)
    local.get 0
    i64.const -1
    i64.xor
    local.set 1
    local.get 1
    local.get 1
    i64.add)
  (func (param f64 f64) (result f64)
    local.get 0
    local.get 1
    f64.div
    f64.sqrt)
  (func (param i32) (result i32)
    ;; local.set of a local still pending on the stack copies it first
    local.get 0
    i32.const 1
    local.set 0
    local.get 0
    i32.sub)
  (func (param f64) (result i32)
    ;; float constants live in constant slots written on entry; float
    ;; comparisons fuse into the branch (the negated form keeps NaN right)
    local.get 0 f64.const 2.5 f64.mul
    f64.const 1.0 f64.gt
    if (result i32) i32.const 1 else i32.const 0 end))
;; ---- bytecode (BLESS=1 to refresh) ----
;; func 0:
;;    0: I32Add dst=2 lhs=0 rhs=1
;;    1: I32MulImm dst=0 lhs=2 rhs=3
;;    2: Return
;; func 1:
;;    0: I64XorImm dst=1 lhs=0 rhs=4294967295
;;    1: I64Add dst=0 lhs=1 rhs=1
;;    2: Return
;; func 2:
;;    0: F64Div dst=2 lhs=0 rhs=1
;;    1: F64Sqrt dst=0 src=2
;;    2: Return
;; func 3:
;;    0: Copy dst=1 src=0
;;    1: Const32 dst=0 value=1
;;    2: I32Sub dst=0 lhs=1 rhs=0
;;    3: Return
;; func 4:
;;       consts: 1=0x3ff0000000000000 2=0x4004000000000000
;;    0: F64Mul dst=3 lhs=0 rhs=2
;;    1: BrNotF64Gt lhs=3 rhs=1 offset=3
;;    2: Const32 dst=3 value=1
;;    3: Br offset=2
;;    4: Const32 dst=3 value=0
;;    5: Copy dst=0 src=3
;;    6: Return
