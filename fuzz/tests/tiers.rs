//! A deterministic slice of the `tiers_differential` fuzz target, run by
//! `cargo test`: modules from fixed pseudo-random inputs, each run in the
//! interpreter and compiled, must behave identically.

#[test]
fn tiers_agree_on_generated_modules() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for seed in 0..300 {
        let data = brisk_fuzz::pseudo_random_bytes(seed, 4096);
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
