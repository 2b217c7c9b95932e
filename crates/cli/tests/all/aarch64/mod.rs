//! `brisk compile --target aarch64-unknown-linux-gnu` on this x86-64
//! machine: the artifact is an aarch64 ELF shared object whose every
//! function `aarch64-linux-gnu-objdump` disassembles into real aarch64
//! instructions (see `check.rs` for exactly what is checked), for a module
//! that exercises most of the translator, at every optimization level and
//! with every code-generation option, and for every valid module of the
//! 2.0 spec testsuite.
//!
//! The code is only compiled and disassembled here, never run: that needs
//! an aarch64 host (see the "aarch64" section of brisk-aot's docs).

mod check;

use std::time::Instant;

use brisk::aot::{CompileOptions, OptLevel, Target, compile_artifact};
use brisk::validator::OwnedModule;
use brisk_spec_tests::modules::valid_modules;

use super::{brisk, scratch};
use check::{Disassembly, check_artifact, objdump};

const TRIPLE: &str = "aarch64-unknown-linux-gnu";
const WIDE: &str = include_str!("wide.wat");
/// The defined functions of `wide.wat`.
const WIDE_FUNCTIONS: usize = 15;

#[test]
fn compile_target_aarch64_disassembles_every_function() {
    let objdump = objdump();
    let dir = scratch("aarch64_wide");
    std::fs::write(dir.join("wide.wat"), WIDE).unwrap();
    let variants: [(&str, &[&str]); 4] = [
        ("none.so", &["--opt-level", "none"]),
        ("speed.so", &[]),
        ("size.so", &["--opt-level", "speed-and-size"]),
        (
            "options.so",
            &["--fuel", "--interruptible", "--explicit-bounds-checks"],
        ),
    ];
    for (out, extra) in variants {
        let mut args = vec!["compile", "--target", TRIPLE, "wide.wat", "-o", out];
        args.extend_from_slice(extra);
        let run = brisk(&dir, &args);
        assert_eq!(run.code, Some(0), "{run:?}");
        let d = check_artifact(objdump, &dir.join(out)).unwrap_or_else(|e| panic!("{out}: {e}"));
        assert_eq!(d.wasm_functions, WIDE_FUNCTIONS, "{out}: {d:?}");
        // Each wasm function has a trampoline too (imported ones as well).
        assert!(d.functions > WIDE_FUNCTIONS, "{out}: {d:?}");
        // Traps, v128 literals and the br_table's jump table are there,
        // so every kind of word the check accepts was seen.
        assert!(
            d.trap_words > 10 && d.trap_sites >= d.trap_words,
            "{out}: {d:?}"
        );
        assert!(d.data_words >= 3 * 4 + 3, "{out}: {d:?}");
        assert!(d.instructions > 500, "{out}: {d:?}");
    }
}

#[test]
fn the_disassembly_check_finds_a_broken_word() {
    let objdump = objdump();
    let dir = scratch("aarch64_broken");
    std::fs::write(dir.join("wide.wat"), WIDE).unwrap();
    let run = brisk(
        &dir,
        &["compile", "--target", TRIPLE, "wide.wat", "-o", "m.so"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let mut elf = std::fs::read(dir.join("m.so")).unwrap();
    check_artifact(objdump, &dir.join("m.so")).unwrap();
    // The first function's second instruction (`mov x29, sp` in the
    // prologue, right after `stp x29, x30, [sp, #-16]!`) becomes an
    // undefined word.
    let mov_x29_sp = 0x910003fd_u32.to_le_bytes();
    let at = elf
        .windows(4)
        .position(|w| w == mov_x29_sp)
        .expect("a prologue");
    elf[at..at + 4].copy_from_slice(&0xffff_ffff_u32.to_le_bytes());
    std::fs::write(dir.join("broken.so"), &elf).unwrap();
    let err = check_artifact(objdump, &dir.join("broken.so")).unwrap_err();
    assert!(err.contains("neither an instruction nor data"), "{err}");
    // And an x86-64 artifact is not taken for an aarch64 one.
    let run = brisk(
        &dir,
        &[
            "compile",
            "--target",
            "x86_64-unknown-linux-gnu",
            "wide.wat",
            "-o",
            "x86.so",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let err = check_artifact(objdump, &dir.join("x86.so")).unwrap_err();
    assert!(err.contains("e_machine 62"), "{err}");
}

/// Every valid module of the 2.0 spec testsuite, compiled for aarch64 at
/// each optimization level and with every code-generation option, and
/// the optimized artifact checked like `wide.wat`'s.
#[test]
fn every_spec_module_compiles_for_aarch64() {
    let objdump = objdump();
    let scripts = brisk_spec_tests::suite::wasm2_scripts().unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("aarch64_spec");
    let target = Target::parse(TRIPLE).unwrap();
    let all_options = CompileOptions {
        consume_fuel: true,
        interruptible: true,
        explicit_bounds_checks: true,
    };
    let variants = [
        (OptLevel::None, CompileOptions::default()),
        (OptLevel::Speed, CompileOptions::default()),
        (OptLevel::SpeedAndSize, CompileOptions::default()),
        (OptLevel::Speed, all_options),
    ];
    let start = Instant::now();
    let (mut modules, mut failures, mut total) = (0, Vec::new(), Disassembly::default());
    for script in &scripts {
        let text = std::fs::read_to_string(&script.path).unwrap();
        let found = valid_modules(&text).unwrap_or_else(|e| panic!("{}: {e}", script.name));
        for m in found {
            let at = format!("{}:{}", script.name, m.line);
            let module = match m.bytes.map(OwnedModule::new) {
                Ok(Ok(module)) => module,
                Ok(Err(e)) => {
                    failures.push(format!("{at}: brisk rejects a valid module: {e}"));
                    continue;
                }
                Err(e) => {
                    failures.push(format!("{at}: wast cannot encode it: {e}"));
                    continue;
                }
            };
            modules += 1;
            for (level, options) in variants {
                let t = target.clone().with_opt_level(level);
                match compile_artifact(&module, &options, &t) {
                    Ok(elf) if (level, options) == variants[1] => {
                        let path = dir.join("m.so");
                        std::fs::write(&path, elf).unwrap();
                        match check_artifact(objdump, &path) {
                            Ok(d) => total += d,
                            Err(e) => {
                                // Kept for a look with objdump.
                                let kept = dir.join(at.replace(['/', ':'], "-") + ".so");
                                std::fs::rename(&path, &kept).unwrap();
                                failures.push(format!("{at}: {e} (see {})", kept.display()));
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(e) => failures.push(format!("{at} ({level}, {options:?}): {e}")),
                }
            }
        }
    }
    eprintln!(
        "{modules} spec modules from {} scripts compiled for {TRIPLE} {} ways in {:.1?}; \
         at opt-level speed: {total:?}",
        scripts.len(),
        variants.len(),
        start.elapsed()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(modules > 1000, "only {modules} modules found");
}
