//! A deterministic slice of the `tiers_differential` fuzz target, run by
//! `cargo test`: modules from fixed pseudo-random inputs, each run in the
//! interpreter and compiled, must behave identically.

/// xorshift64*: fixed inputs without a dependency.
fn input(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

#[test]
fn tiers_agree_on_generated_modules() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for seed in 0..300 {
        let data = input(seed, 4096);
        let Ok((bytes, rest)) = brisk_fuzz::tiers::module_from_input(&data) else {
            continue;
        };
        let args = rest.take_rest();
        checked += 1;
        if let Err(e) = brisk_fuzz::tiers::check_tiers(&bytes, args) {
            let path = brisk_fuzz::save_module(&bytes);
            failures.push(format!(
                "seed {seed}: {e}\n  module saved to {}",
                path.display()
            ));
        }
    }
    assert!(checked > 200, "only {checked} inputs made modules");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_difference_is_reported() {
    // The comparison is not vacuous: two different logs are reported
    // with the first differing event.
    let engine = brisk_fuzz::tiers::engine(brisk_runtime::Strategy::Interpreter);
    let wat = |v: i32| format!("(module (func (export \"f\") (result i32) i32.const {v}))");
    let a = brisk_fuzz::tiers::run_in(
        &engine,
        wat(1).as_bytes(),
        arbitrary::Unstructured::new(&[]),
    );
    let b = brisk_fuzz::tiers::run_in(
        &engine,
        wat(2).as_bytes(),
        arbitrary::Unstructured::new(&[]),
    );
    assert_ne!(a, b);
    assert!(
        a.iter().any(|l| l.starts_with("call f() -> i32:1; fuel")),
        "{a:?}"
    );
}
