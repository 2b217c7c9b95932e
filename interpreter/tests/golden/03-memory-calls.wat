;; Loads, stores, calls (arguments in contiguous slots), call_indirect,
;; globals, memory.grow, select.
(module
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (global $g (mut i32) (i32.const 0))
  (func $sq (param i32) (result i32)
    local.get 0
    local.get 0
    i32.mul)
  (func (param i32) (result i32)
    local.get 0
    i32.load offset=8
    call $sq
    local.get 0
    i32.const 1
    call_indirect (type $t)
    i32.add)
  (func (param i32 i64)
    local.get 0
    local.get 1
    i64.store16 offset=2
    global.get $g
    i32.const 1
    i32.add
    global.set $g)
  (func (param i32) (result i32)
    local.get 0
    memory.grow
    i32.const 5
    local.get 0
    select)
  (func (param i32)
    ;; constant values are stored from the instruction itself
    local.get 0 i64.const -1 i64.store offset=4
    local.get 0 i32.const 300 i32.store8))
;; ---- bytecode (BLESS=1 to refresh) ----
;; func 0:
;;    0: I32Mul dst=0 lhs=0 rhs=0
;;    1: Return
;; func 1:
;;    0: I32Load dst=1 ptr=0 offset=8
;;    1: Call func=0 base=1
;;    2: Copy dst=2 src=0
;;    3: Const32 dst=3 value=1
;;    4: CallIndirect type_index=0 table=0 base=2
;;    5: I32Add dst=0 lhs=1 rhs=2
;;    6: Return
;; func 2:
;;    0: I64Store16 ptr=0 val=1 offset=2
;;    1: GlobalGet dst=2 index=0
;;    2: I32AddImm dst=2 lhs=2 rhs=1
;;    3: GlobalSet dst=2 index=0
;;    4: Return
;; func 3:
;;    0: MemoryGrow dst=1 src=0
;;    1: Const32 dst=2 value=5
;;    2: Select dst=1 lhs=1 rhs=2
;;    3: Arg 0 0
;;    4: Copy dst=0 src=1
;;    5: Return
;; func 4:
;;    0: I64StoreImm ptr=0 val=4294967295 offset=4
;;    1: I32Store8Imm ptr=0 val=300 offset=0
;;    2: Return
