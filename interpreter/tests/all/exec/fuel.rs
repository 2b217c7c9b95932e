//! Fuel metering and interruption (`CodeOptions`): exact consumption for
//! hand-counted functions under the rule of `brisk_vm::fuel`, traps when
//! the budget is one short with the failing segment unpaid, interrupt
//! checks at entry and at loop headers, and nothing emitted with the
//! options off.

use std::time::Duration;

use brisk_interp::CodeOptions;

use super::harness::Harness;

const FUEL: CodeOptions = CodeOptions {
    consume_fuel: true,
    interruptible: false,
};
const INTERRUPT: CodeOptions = CodeOptions {
    consume_fuel: false,
    interruptible: true,
};

// Costs per segment are in the comments; `end`, `block`, `loop`, `else`
// and `nop` are free; a segment ends after loop/if/else/end/br/br_if/
// br_table/return/unreachable.
const COUNTED: &str = r#"(module
  (func $seven (result i32) i32.const 7)                     ;; 1
  (func (export "straight") (result i32)
    i32.const 1 i32.const 2 i32.add nop)                     ;; 3
  (func (export "branches") (param i32) (result i32)
    local.get 0 if (result i32)                              ;; 2
      i32.const 10 i32.const 1 i32.add                       ;; then: 3
    else
      i32.const 20                                           ;; else: 1
    end)                                                     ;; 0
  (func (export "repeat") (param i32) (result i32) (local i32)
    loop                                                     ;; 0
      local.get 1 i32.const 1 i32.add local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0    ;; 9 per iteration
    end                                                      ;; 0
    local.get 1)                                             ;; 1
  (func (export "table") (param i32) (result i32)
    block
      block
        local.get 0 br_table 0 1                             ;; 2
      end                                                    ;; 0
      i32.const 10 return                                    ;; 2
    end                                                      ;; 0
    i32.const 20)                                            ;; 1
  (func (export "calls") (result i32)
    call $seven i32.const 1 i32.add)                         ;; 3 (+1 in $seven)
  (func (export "spin") (loop br 0))
)"#;

/// Runs `name` with `budget` fuel: the result (or trap message) and the
/// fuel consumed.
fn run(name: &str, args: &[i32], budget: i64) -> (Result<i32, String>, i64) {
    let mut h = Harness::with_options(COUNTED, FUEL);
    h.store.set_fuel(budget);
    let r = h.i32(name, args);
    (r, budget - h.store.fuel())
}

#[test]
fn hand_counted_functions_consume_exactly() {
    for (name, args, result, cost) in [
        ("straight", &[][..], 3, 3),
        ("branches", &[1][..], 11, 5),
        ("branches", &[0][..], 20, 3),
        ("repeat", &[1][..], 1, 10),
        ("repeat", &[5][..], 5, 46),
        ("table", &[0][..], 10, 4),
        ("table", &[1][..], 20, 3),
        ("table", &[9][..], 20, 3),
        ("calls", &[][..], 8, 4),
    ] {
        assert_eq!(run(name, args, 1000), (Ok(result), cost), "{name}{args:?}");
    }
}

#[test]
fn one_short_traps_and_leaves_the_failing_segment_unpaid() {
    // (name, args, cost, fuel paid before the segment that does not fit)
    for (name, args, cost, paid) in [
        ("straight", &[][..], 3, 0),
        ("branches", &[1][..], 5, 2),
        ("repeat", &[5][..], 46, 45),
        ("table", &[0][..], 4, 2),
        ("calls", &[][..], 4, 3),
    ] {
        let (r, used) = run(name, args, cost - 1);
        let msg = r.map_err(|e| e.lines().next().unwrap_or("").to_string());
        assert_eq!(msg, Err("all fuel consumed".to_string()), "{name}");
        assert_eq!(used, paid, "{name}{args:?}");
    }
}

#[test]
fn options_off_emit_nothing() {
    let plain = Harness::new(COUNTED);
    let both = Harness::with_options(
        COUNTED,
        CodeOptions {
            consume_fuel: true,
            interruptible: true,
        },
    );
    for name in ["straight", "repeat", "calls"] {
        let d = plain.disassemble(name);
        assert!(
            !d.contains("ConsumeFuel") && !d.contains("CheckInterrupt"),
            "{d}"
        );
    }
    let d = both.disassemble("straight");
    assert!(
        d.starts_with("   0: CheckInterrupt\n   1: ConsumeFuel cost=3\n"),
        "{d}"
    );
    // Entry check; the free segment before the loop gets no charge; the
    // loop header: interrupt check, then the header segment's charge.
    let d = both.disassemble("repeat");
    let start = "   0: CheckInterrupt\n   1: CheckInterrupt\n   2: ConsumeFuel cost=9\n";
    assert!(d.starts_with(start), "{d}");
}

#[test]
fn interrupt_set_before_a_call_traps_at_entry() {
    let mut h = Harness::with_options(COUNTED, INTERRUPT);
    h.store.interrupt_handle().interrupt();
    assert_eq!(h.trap("straight", &[]), "interrupted");
    // Without the option the flag is not looked at.
    let mut plain = Harness::new(COUNTED);
    plain.store.interrupt_handle().interrupt();
    assert_eq!(plain.i32("straight", &[]), Ok(3));
}

#[test]
fn infinite_loop_stops_when_interrupted_from_another_thread() {
    let mut h = Harness::with_options(COUNTED, INTERRUPT);
    let handle = h.store.interrupt_handle();
    let t = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let r = h.call("spin", &[]);
    t.join().expect("interrupter");
    let msg = r
        .expect_err("an infinite loop only ends by trapping")
        .to_string();
    assert!(msg.starts_with("interrupted"), "{msg}");
}

#[test]
fn fuel_bounds_an_infinite_loop() {
    // `loop br 0 end`: the header segment costs 1 (br).
    let (r, used) = run("spin", &[], 1000);
    assert_eq!(
        r.map_err(|e| e.lines().next().unwrap_or("").to_string()),
        Err("all fuel consumed".into())
    );
    assert_eq!(used, 1000);
}

/// A while loop (rotated, its charges folded into its jumps) with an
/// if/else inside: with every budget from 0 to past the total, the run
/// must trap exactly where the rule says (after paying the longest prefix
/// of its charge sequence that fits) or finish with the rest left.
const WHILE: &str = r#"(module
  (func (export "run") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $exit                                                  ;; 0
      (loop $top                                                  ;; 0
        (br_if $exit (i32.ge_u (local.get $i) (local.get $n)))    ;; header: 4
        (if (i32.and (local.get $i) (i32.const 1))                ;; 4
          (then (local.set $acc (i32.add (local.get $acc) (i32.const 3))))  ;; 4
          (else (local.set $acc (i32.sub (local.get $acc) (i32.const 1))))) ;; 4
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))                                               ;; 5
    (local.get $acc)))                                            ;; 1
"#;

#[test]
fn every_budget_traps_where_the_rule_says() {
    // n = 3: three iterations (4 + 4 + 4 + 5), the exiting header, the tail.
    let charges = [4, 4, 4, 5, 4, 4, 4, 5, 4, 4, 4, 5, 4, 1];
    let total: i64 = charges.iter().sum();
    for budget in 0..=total + 2 {
        let mut h = Harness::with_options(WHILE, FUEL);
        h.store.set_fuel(budget);
        let r = h.i32("run", &[3]);
        let used = budget - h.store.fuel();
        if budget >= total {
            assert_eq!((r, used), (Ok(1), total), "budget {budget}");
        } else {
            let mut paid = 0;
            for c in charges {
                if paid + c > budget {
                    break;
                }
                paid += c;
            }
            let msg = r
                .expect_err("runs out")
                .lines()
                .next()
                .unwrap_or_default()
                .to_string();
            assert_eq!(
                (msg.as_str(), used),
                ("all fuel consumed", paid),
                "budget {budget}"
            );
        }
    }
    // The loop really is rotated and its charges folded.
    let h = Harness::with_options(WHILE, FUEL);
    let code = h.disassemble("run");
    assert!(code.contains("BrI32LtUFuel"), "{code}");
    assert!(
        code.contains("BrIfEqzFuel") || code.contains("BrIfNezFuel"),
        "{code}"
    );
}

#[test]
fn a_back_edge_takes_over_the_loop_header_check() {
    let h = Harness::with_options(COUNTED, INTERRUPT);
    let code = h.disassemble("spin");
    // Entry check, the loop header's check, and the jump back checking
    // for the header (landing past it).
    assert_eq!(
        code,
        "   0: CheckInterrupt\n   1: CheckInterrupt\n   2: BrCheck offset=0\n   3: Return\n"
    );
}
