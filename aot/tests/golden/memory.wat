;; options: explicit-bounds
;; Loads and stores with explicit bounds checks (guard mode emits none),
;; a static offset past 2 GiB, memory.grow through its builtin, and
;; memory 0's base loaded as a hoistable constant.
(module
  (memory 1)
  (func (param i32) (result i32)
    local.get 0 i32.load8_s offset=4
    local.get 0 i32.load offset=0x80000000
    i32.add)
  (func (param i32 i64)
    local.get 0 local.get 1 i64.store32)
  (func (param i32) (result i32) local.get 0 memory.grow)
)
;; ---- translated (BLESS=1 rewrites everything below) ----
;; function u0:0(i64 vmctx, i32) -> i32 system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0024                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0024                               v3 = load.i32 notrap aligned v2+24
;; @0024                               v4 = load.i32 notrap aligned v2+28
;; @0024                               v5 = iconst.i32 1
;; @0024                               v6 = iadd v3, v5  ; v5 = 1
;; @0024                               v7 = icmp ugt v6, v4
;; @0024                               trapnz v7, user10
;; @0024                               store notrap aligned v6, v2+24
;; @0027                               v9 = iconst.i64 56
;; @0027                               v10 = iadd v0, v9  ; v9 = 56
;; @0027                               v11 = load.i64 notrap aligned readonly can_move v10
;; @0027                               v12 = uextend.i64 v1
;; @0027                               v13 = load.i64 notrap aligned v10+8
;; @0027                               v14 = iconst.i64 5
;; @0027                               v15 = iadd v12, v14  ; v14 = 5
;; @0027                               v16 = icmp ugt v15, v13
;; @0027                               trapnz v16, user2
;; @0027                               v17 = iadd v11, v12
;; @0027                               v18 = sload8.i32 v17+4
;; @002c                               v19 = iconst.i64 56
;; @002c                               v20 = iadd v0, v19  ; v19 = 56
;; @002c                               v21 = load.i64 notrap aligned readonly can_move v20
;; @002c                               v22 = uextend.i64 v1
;; @002c                               v23 = load.i64 notrap aligned v20+8
;; @002c                               v24 = iconst.i64 0x8000_0004
;; @002c                               v25 = iadd v22, v24  ; v24 = 0x8000_0004
;; @002c                               v26 = icmp ugt v25, v23
;; @002c                               trapnz v26, user2
;; @002c                               v27 = iadd v21, v22
;; @002c                               v28 = iconst.i64 0x8000_0000
;; @002c                               v29 = iadd v27, v28  ; v28 = 0x8000_0000
;; @002c                               v30 = load.i32 v29
;; @0033                               v31 = iadd v18, v30
;; @0034                               jump block1(v31)
;;
;;                                 block1(v8: i32):
;; @0034                               v32 = load.i64 notrap aligned v0+8
;; @0034                               v33 = load.i32 notrap aligned v32+24
;; @0034                               v34 = iconst.i32 -1
;; @0034                               v35 = iadd v33, v34  ; v34 = -1
;; @0034                               store notrap aligned v35, v32+24
;; @0034                               return v8
;; }
;; function u0:1(i64 vmctx, i32, i64) system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32, v2: i64):
;; @0036                               v3 = load.i64 notrap aligned readonly can_move v0+8
;; @0036                               v4 = load.i32 notrap aligned v3+24
;; @0036                               v5 = load.i32 notrap aligned v3+28
;; @0036                               v6 = iconst.i32 1
;; @0036                               v7 = iadd v4, v6  ; v6 = 1
;; @0036                               v8 = icmp ugt v7, v5
;; @0036                               trapnz v8, user10
;; @0036                               store notrap aligned v7, v3+24
;; @003b                               v9 = iconst.i64 56
;; @003b                               v10 = iadd v0, v9  ; v9 = 56
;; @003b                               v11 = load.i64 notrap aligned readonly can_move v10
;; @003b                               v12 = uextend.i64 v1
;; @003b                               v13 = load.i64 notrap aligned v10+8
;; @003b                               v14 = iconst.i64 4
;; @003b                               v15 = iadd v12, v14  ; v14 = 4
;; @003b                               v16 = icmp ugt v15, v13
;; @003b                               trapnz v16, user2
;; @003b                               v17 = iadd v11, v12
;; @003b                               istore32 v2, v17
;; @003e                               jump block1
;;
;;                                 block1:
;; @003e                               v18 = load.i64 notrap aligned v0+8
;; @003e                               v19 = load.i32 notrap aligned v18+24
;; @003e                               v20 = iconst.i32 -1
;; @003e                               v21 = iadd v19, v20  ; v20 = -1
;; @003e                               store notrap aligned v21, v18+24
;; @003e                               return
;; }
;; function u0:2(i64 vmctx, i32) -> i32 system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     sig0 = (i64, i32, i32) -> i32 system_v
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0040                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0040                               v3 = load.i32 notrap aligned v2+24
;; @0040                               v4 = load.i32 notrap aligned v2+28
;; @0040                               v5 = iconst.i32 1
;; @0040                               v6 = iadd v3, v5  ; v5 = 1
;; @0040                               v7 = icmp ugt v6, v4
;; @0040                               trapnz v7, user10
;; @0040                               store notrap aligned v6, v2+24
;; @0043                               v9 = iconst.i32 0
;; @0043                               v10 = load.i64 notrap aligned readonly can_move v0+40
;; @0043                               v11 = load.i64 notrap aligned readonly can_move v10
;; @0043                               v12 = call_indirect sig0, v11(v0, v9, v1)  ; v9 = 0
;; @0045                               jump block1(v12)
;;
;;                                 block1(v8: i32):
;; @0045                               v13 = load.i64 notrap aligned v0+8
;; @0045                               v14 = load.i32 notrap aligned v13+24
;; @0045                               v15 = iconst.i32 -1
;; @0045                               v16 = iadd v14, v15  ; v15 = -1
;; @0045                               store notrap aligned v16, v13+24
;; @0045                               return v8
;; }
