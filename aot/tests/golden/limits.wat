;; options: fuel interrupt
;; Fuel charged per segment at its start, interrupt checks at entry and
;; at the loop header (before the header's charge).
(module
  (func (param i32) (result i32)
    loop
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if 0
    end
    local.get 0)
)
;; ---- translated (BLESS=1 rewrites everything below) ----
;; function u0:0(i64 vmctx, i32) -> i32 system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0018                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0018                               v3 = load.i32 notrap aligned v2+24
;; @0018                               v4 = load.i32 notrap aligned v2+28
;; @0018                               v5 = iconst.i32 1
;; @0018                               v6 = iadd v3, v5  ; v5 = 1
;; @0018                               v7 = icmp ugt v6, v4
;; @0018                               trapnz v7, user10
;; @0018                               store notrap aligned v6, v2+24
;; @0018                               v8 = iconst.i64 32
;; @0018                               v9 = iadd v2, v8  ; v8 = 32
;; @0018                               v10 = atomic_load.i32 notrap aligned v9
;; @0018                               trapnz v10, user12
;; @0019                               jump block2(v1)
;;
;;                                 block2(v20: i32):
;; @0019                               v12 = iconst.i64 32
;; @0019                               v13 = iadd.i64 v2, v12  ; v12 = 32
;; @0019                               v14 = atomic_load.i32 notrap aligned v13
;; @0019                               trapnz v14, user12
;; @001b                               v15 = load.i64 notrap aligned v2
;; @001b                               v16 = iconst.i64 5
;; @001b                               v17 = icmp slt v15, v16  ; v16 = 5
;; @001b                               trapnz v17, user11
;; @001b                               v18 = iconst.i64 -5
;; @001b                               v19 = iadd v15, v18  ; v18 = -5
;; @001b                               store notrap aligned v19, v2
;; @001d                               v21 = iconst.i32 1
;; @001f                               v22 = isub v20, v21  ; v21 = 1
;; @0022                               brif v22, block2(v22), block4
;;
;;                                 block4:
;; @0024                               jump block3
;;
;;                                 block3:
;; @0025                               v23 = load.i64 notrap aligned v2
;; @0025                               v24 = iconst.i64 1
;; @0025                               v25 = icmp slt v23, v24  ; v24 = 1
;; @0025                               trapnz v25, user11
;; @0025                               v26 = iconst.i64 -1
;; @0025                               v27 = iadd v23, v26  ; v26 = -1
;; @0025                               store notrap aligned v27, v2
;; @0027                               jump block1(v22)
;;
;;                                 block1(v11: i32):
;; @0027                               v28 = load.i64 notrap aligned v0+8
;; @0027                               v29 = load.i32 notrap aligned v28+24
;; @0027                               v30 = iconst.i32 -1
;; @0027                               v31 = iadd v29, v30  ; v30 = -1
;; @0027                               store notrap aligned v31, v28+24
;; @0027                               return v11
;; }
