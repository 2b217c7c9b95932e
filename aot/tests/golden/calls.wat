;; A direct call, a call of an import (native wasm_call or the array
;; path through a ValRaw stack slot, raising a returned trap) and
;; call_indirect's three checks.
(module
  (type $ii (func (param i32) (result i32)))
  (import "host" "f" (func $f (param i32) (result i32)))
  (table 2 funcref)
  (func $g (param i32) (result i32) local.get 0 call $f)
  (func (param i32) (result i32) local.get 0 call $g)
  (func (param i32 i32) (result i32) local.get 0 local.get 1 call_indirect (type $ii))
)
;; ---- translated (BLESS=1 rewrites everything below) ----
;; function u0:1(i64 vmctx, i32) -> i32 system_v {
;;     ss0 = explicit_slot 16, align = 16
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     sig0 = (i64 vmctx, i32) -> i32 system_v
;;     sig1 = (i64, i64, i64, i64) -> i64 system_v
;;     sig2 = (i64, i64) system_v
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0032                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0032                               v3 = load.i32 notrap aligned v2+24
;; @0032                               v4 = load.i32 notrap aligned v2+28
;; @0032                               v5 = iconst.i32 1
;; @0032                               v6 = iadd v3, v5  ; v5 = 1
;; @0032                               v7 = icmp ugt v6, v4
;; @0032                               trapnz v7, user10
;; @0032                               store notrap aligned v6, v2+24
;; @0035                               v9 = iconst.i64 80
;; @0035                               v10 = iadd v0, v9  ; v9 = 80
;; @0035                               v11 = load.i64 notrap aligned v10+8
;; @0035                               brif v11, block2, block3
;;
;;                                 block2:
;; @0035                               v13 = load.i64 notrap aligned v10+24
;; @0035                               v14 = call_indirect.i64 sig0, v11(v13, v1)
;; @0035                               jump block4(v14)
;;
;;                                 block3:
;; @0035                               v15 = stack_addr.i64 ss0
;; @0035                               v16 = uextend.i64 v1
;; @0035                               v17 = iconst.i64 0
;; @0035                               store notrap aligned v16, v15
;; @0035                               store notrap aligned v17, v15+8  ; v17 = 0
;; @0035                               v18 = load.i64 notrap aligned v10
;; @0035                               v19 = iconst.i64 1
;; @0035                               v20 = call_indirect sig1, v18(v10, v0, v15, v19)  ; v19 = 1
;; @0035                               brif v20, block5, block6
;;
;;                                 block5 cold:
;; @0035                               v21 = load.i64 notrap aligned readonly can_move v0+40
;; @0035                               v22 = load.i64 notrap aligned readonly can_move v21+88
;; @0035                               call_indirect sig2, v22(v0, v20)
;; @0035                               trap user1
;;
;;                                 block6:
;; @0035                               v23 = load.i32 notrap aligned v15
;; @0035                               jump block4(v23)
;;
;;                                 block4(v12: i32):
;; @0037                               jump block1(v12)
;;
;;                                 block1(v8: i32):
;; @0037                               v24 = load.i64 notrap aligned v0+8
;; @0037                               v25 = load.i32 notrap aligned v24+24
;; @0037                               v26 = iconst.i32 -1
;; @0037                               v27 = iadd v25, v26  ; v26 = -1
;; @0037                               store notrap aligned v27, v24+24
;; @0037                               return v8
;; }
;; function u0:2(i64 vmctx, i32) -> i32 system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     sig0 = (i64 vmctx, i32) -> i32 system_v
;;     fn0 = colocated u0:1 sig0
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0039                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0039                               v3 = load.i32 notrap aligned v2+24
;; @0039                               v4 = load.i32 notrap aligned v2+28
;; @0039                               v5 = iconst.i32 1
;; @0039                               v6 = iadd v3, v5  ; v5 = 1
;; @0039                               v7 = icmp ugt v6, v4
;; @0039                               trapnz v7, user10
;; @0039                               store notrap aligned v6, v2+24
;; @003c                               v9 = call fn0(v0, v1)
;; @003e                               jump block1(v9)
;;
;;                                 block1(v8: i32):
;; @003e                               v10 = load.i64 notrap aligned v0+8
;; @003e                               v11 = load.i32 notrap aligned v10+24
;; @003e                               v12 = iconst.i32 -1
;; @003e                               v13 = iadd v11, v12  ; v12 = -1
;; @003e                               store notrap aligned v13, v10+24
;; @003e                               return v8
;; }
;; function u0:3(i64 vmctx, i32, i32) -> i32 system_v {
;;     ss0 = explicit_slot 16, align = 16
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     sig0 = (i64 vmctx, i32) -> i32 system_v
;;     sig1 = (i64, i64, i64, i64) -> i64 system_v
;;     sig2 = (i64, i64) system_v
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32, v2: i32):
;; @0040                               v3 = load.i64 notrap aligned readonly can_move v0+8
;; @0040                               v4 = load.i32 notrap aligned v3+24
;; @0040                               v5 = load.i32 notrap aligned v3+28
;; @0040                               v6 = iconst.i32 1
;; @0040                               v7 = iadd v4, v6  ; v6 = 1
;; @0040                               v8 = icmp ugt v7, v5
;; @0040                               trapnz v8, user10
;; @0040                               store notrap aligned v7, v3+24
;; @0045                               v10 = iconst.i64 64
;; @0045                               v11 = iadd v0, v10  ; v10 = 64
;; @0045                               v12 = load.i64 notrap aligned v11+8
;; @0045                               v13 = uextend.i64 v2
;; @0045                               v14 = icmp uge v13, v12
;; @0045                               trapnz v14, user4
;; @0045                               v15 = load.i64 notrap aligned v11
;; @0045                               v16 = iconst.i64 3
;; @0045                               v17 = ishl v13, v16  ; v16 = 3
;; @0045                               v18 = iadd v15, v17
;; @0045                               v19 = load.i64 notrap aligned v18
;; @0045                               trapz v19, user5
;; @0045                               v20 = load.i64 notrap aligned readonly can_move v0+32
;; @0045                               v21 = load.i32 notrap aligned readonly can_move v20
;; @0045                               v22 = load.i32 notrap aligned v19+16
;; @0045                               v23 = icmp ne v21, v22
;; @0045                               trapnz v23, user6
;; @0045                               v24 = load.i64 notrap aligned v19+8
;; @0045                               brif v24, block2, block3
;;
;;                                 block2:
;; @0045                               v26 = load.i64 notrap aligned v19+24
;; @0045                               v27 = call_indirect.i64 sig0, v24(v26, v1)
;; @0045                               jump block4(v27)
;;
;;                                 block3:
;; @0045                               v28 = stack_addr.i64 ss0
;; @0045                               v29 = uextend.i64 v1
;; @0045                               v30 = iconst.i64 0
;; @0045                               store notrap aligned v29, v28
;; @0045                               store notrap aligned v30, v28+8  ; v30 = 0
;; @0045                               v31 = load.i64 notrap aligned v19
;; @0045                               v32 = iconst.i64 1
;; @0045                               v33 = call_indirect sig1, v31(v19, v0, v28, v32)  ; v32 = 1
;; @0045                               brif v33, block5, block6
;;
;;                                 block5 cold:
;; @0045                               v34 = load.i64 notrap aligned readonly can_move v0+40
;; @0045                               v35 = load.i64 notrap aligned readonly can_move v34+88
;; @0045                               call_indirect sig2, v35(v0, v33)
;; @0045                               trap user1
;;
;;                                 block6:
;; @0045                               v36 = load.i32 notrap aligned v28
;; @0045                               jump block4(v36)
;;
;;                                 block4(v25: i32):
;; @0048                               jump block1(v25)
;;
;;                                 block1(v9: i32):
;; @0048                               v37 = load.i64 notrap aligned v0+8
;; @0048                               v38 = load.i32 notrap aligned v37+24
;; @0048                               v39 = iconst.i32 -1
;; @0048                               v40 = iadd v38, v39  ; v39 = -1
;; @0048                               store notrap aligned v40, v37+24
;; @0048                               return v9
;; }
