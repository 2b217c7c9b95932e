;; Blocks, loops, if/else with results, br_if and br_table.
(module
  (func (param i32) (result i32) (local i32)
    block
      loop
        local.get 0
        i32.eqz
        br_if 1
        local.get 1
        local.get 0
        i32.add
        local.set 1
        local.get 0
        i32.const 1
        i32.sub
        local.set 0
        br 0
      end
    end
    local.get 1)
  (func (param i32) (result i32)
    local.get 0
    if (result i32)
      i32.const 10
    else
      i32.const 20
    end)
  (func (param i32) (result i32)
    block
      block
        block
          local.get 0
          br_table 0 1 2
        end
        i32.const 100
        return
      end
      i32.const 200
      return
    end
    i32.const 300)
  (func (param i32) (result i32)
    ;; br_table carrying a value: landing pads copy it to each target
    block (result i32)
      block (result i32)
        local.get 0
        local.get 0
        br_table 0 1
      end
      i32.const 1
      i32.add
    end)
  (func (param i32 i32) (result i32 i32)
    local.get 1
    local.get 0
    local.get 0
    br_if 0
    drop
    drop
    i32.const 1
    i32.const 2)
  (func (param i32 i64) (result i32) (local i32)
    ;; comparisons fuse into the branch that consumes them, with immediates
    loop
      local.get 2 i32.const 1 i32.add local.set 2
      local.get 2 local.get 0 i32.lt_s br_if 0
    end
    local.get 1 i64.const 7 i64.eq
    if (result i32) local.get 2 else i32.const -1 end))
;; ---- bytecode (BLESS=1 to refresh) ----
;; func 0:
;;    0: BrIfEqz cond=0 offset=4
;;    1: I32Add dst=1 lhs=1 rhs=0
;;    2: I32SubImm dst=0 lhs=0 rhs=1
;;    3: BrIfNez cond=0 offset=-2
;;    4: Copy dst=0 src=1
;;    5: Return
;; func 1:
;;    0: BrIfEqz cond=0 offset=3
;;    1: Const32 dst=1 value=10
;;    2: Br offset=2
;;    3: Const32 dst=1 value=20
;;    4: Copy dst=0 src=1
;;    5: Return
;; func 2:
;;    0: BrTable index=0 len=2
;;    1: Br offset=3
;;    2: Br offset=4
;;    3: Br offset=5
;;    4: Const32 dst=0 value=100
;;    5: Return
;;    6: Const32 dst=0 value=200
;;    7: Return
;;    8: Const32 dst=0 value=300
;;    9: Return
;; func 3:
;;    0: BrTable index=0 len=1
;;    1: Br offset=2
;;    2: Br offset=3
;;    3: Copy dst=1 src=0
;;    4: Br offset=3
;;    5: Copy dst=1 src=0
;;    6: Br offset=2
;;    7: I32AddImm dst=1 lhs=1 rhs=1
;;    8: Copy dst=0 src=1
;;    9: Return
;; func 4:
;;    0: BrIfEqz cond=0 offset=6
;;    1: Copy dst=2 src=1
;;    2: Copy dst=3 src=0
;;    3: Copy dst=0 src=2
;;    4: Copy dst=1 src=3
;;    5: Return
;;    6: Const32 dst=0 value=1
;;    7: Const32 dst=1 value=2
;;    8: Return
;; func 5:
;;    0: I32AddImm dst=2 lhs=2 rhs=1
;;    1: BrI32LtS lhs=2 rhs=0 offset=-1
;;    2: BrI64NeImm lhs=1 rhs=7 offset=3
;;    3: Copy dst=3 src=2
;;    4: Br offset=2
;;    5: Const32 dst=3 value=4294967295
;;    6: Copy dst=0 src=3
;;    7: Return
