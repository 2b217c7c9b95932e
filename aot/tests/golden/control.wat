;; Blocks with results, a loop with parameters, if without else,
;; br_table with values (one edge block per distinct target), and the
;; code after `br` skipped.
(module
  (func (param i32) (result i32)
    block (result i32)
      block (result i32)
        i32.const 100 local.get 0
        br_table 0 1 0
      end
      i32.const 1 i32.add
    end)
  (func (param i32) (result i32)
    i32.const 1 local.get 0
    loop (param i32 i32) (result i32)
      local.set 0
      local.get 0 i32.mul
      local.get 0 i32.const 1 i32.sub
      local.tee 0 i32.const 1 i32.gt_s
      if (param i32) (result i32) local.get 0 br 1 end
    end)
  (func (param i32) (result i32)
    block (result i32)
      local.get 0 br 0
      i32.const 1 i32.add
    end)
)
;; ---- translated (BLESS=1 rewrites everything below) ----
;; function u0:0(i64 vmctx, i32) -> i32 system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0020                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0020                               v3 = load.i32 notrap aligned v2+24
;; @0020                               v4 = load.i32 notrap aligned v2+28
;; @0020                               v5 = iconst.i32 1
;; @0020                               v6 = iadd v3, v5  ; v5 = 1
;; @0020                               v7 = icmp ugt v6, v4
;; @0020                               trapnz v7, user10
;; @0020                               store notrap aligned v6, v2+24
;; @0025                               v11 = iconst.i32 100
;; @002a                               br_table v1, block4, [block4, block5]
;;
;;                                 block4:
;; @002a                               jump block3(v11)  ; v11 = 100
;;
;;                                 block5:
;; @002a                               jump block2(v11)  ; v11 = 100
;;
;;                                 block3(v10: i32):
;; @0030                               v12 = iconst.i32 1
;; @0032                               v13 = iadd v10, v12  ; v12 = 1
;; @0033                               jump block2(v13)
;;
;;                                 block2(v9: i32):
;; @0034                               jump block1(v9)
;;
;;                                 block1(v8: i32):
;; @0034                               v14 = load.i64 notrap aligned v0+8
;; @0034                               v15 = load.i32 notrap aligned v14+24
;; @0034                               v16 = iconst.i32 -1
;; @0034                               v17 = iadd v15, v16  ; v16 = -1
;; @0034                               store notrap aligned v17, v14+24
;; @0034                               return v8
;; }
;; function u0:1(i64 vmctx, i32) -> i32 system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0036                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0036                               v3 = load.i32 notrap aligned v2+24
;; @0036                               v4 = load.i32 notrap aligned v2+28
;; @0036                               v5 = iconst.i32 1
;; @0036                               v6 = iadd v3, v5  ; v5 = 1
;; @0036                               v7 = icmp ugt v6, v4
;; @0036                               trapnz v7, user10
;; @0036                               store notrap aligned v6, v2+24
;; @0037                               v9 = iconst.i32 1
;; @003b                               jump block2(v9, v1)  ; v9 = 1
;;
;;                                 block2(v10: i32, v11: i32):
;; @0041                               v13 = imul v10, v11
;; @0044                               v14 = iconst.i32 1
;; @0046                               v15 = isub v11, v14  ; v14 = 1
;; @0049                               v16 = iconst.i32 1
;; @004b                               v17 = icmp sgt v15, v16  ; v16 = 1
;; @004b                               v18 = uextend.i32 v17
;; @004c                               brif v18, block4, block5
;;
;;                                 block4:
;; @0050                               jump block2(v13, v15)
;;
;;                                 block5:
;; @0050                               jump block6(v13)
;;
;;                                 block6(v19: i32):
;; @0053                               jump block3(v19)
;;
;;                                 block3(v12: i32):
;; @0054                               jump block1(v12)
;;
;;                                 block1(v8: i32):
;; @0054                               v20 = load.i64 notrap aligned v0+8
;; @0054                               v21 = load.i32 notrap aligned v20+24
;; @0054                               v22 = iconst.i32 -1
;; @0054                               v23 = iadd v21, v22  ; v22 = -1
;; @0054                               store notrap aligned v23, v20+24
;; @0054                               return v8
;; }
;; function u0:2(i64 vmctx, i32) -> i32 system_v {
;;     gv0 = vmctx
;;     gv1 = load.i64 notrap aligned readonly can_move gv0+8
;;     gv2 = load.i64 notrap aligned gv1+8
;;     stack_limit = gv2
;;
;;                                 block0(v0: i64, v1: i32):
;; @0056                               v2 = load.i64 notrap aligned readonly can_move v0+8
;; @0056                               v3 = load.i32 notrap aligned v2+24
;; @0056                               v4 = load.i32 notrap aligned v2+28
;; @0056                               v5 = iconst.i32 1
;; @0056                               v6 = iadd v3, v5  ; v5 = 1
;; @0056                               v7 = icmp ugt v6, v4
;; @0056                               trapnz v7, user10
;; @0056                               store notrap aligned v6, v2+24
;; @005b                               jump block2(v1)
;;
;;                                 block2(v9: i32):
;; @0061                               jump block1(v9)
;;
;;                                 block1(v8: i32):
;; @0061                               v10 = load.i64 notrap aligned v0+8
;; @0061                               v11 = load.i32 notrap aligned v10+24
;; @0061                               v12 = iconst.i32 -1
;; @0061                               v13 = iadd v11, v12  ; v12 = -1
;; @0061                               store notrap aligned v13, v10+24
;; @0061                               return v8
;; }
