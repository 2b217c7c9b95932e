//! # brisk-spec-tests — the official WebAssembly testsuite, run against brisk
//!
//! The spec testsuite is data: `.wast` scripts of directives (`module`,
//! `assert_malformed`, `assert_invalid`, `assert_return`, ...). This crate
//! runs them against brisk, as a library shared by the test harness
//! (`tests/spec.rs`, one trial per script, compared with
//! `known-failures/<tier>.txt`) and by `brisk wast` in the CLI.
//!
//! ```text
//! suite ──▶ Script ──▶ Runner (one method per directive kind) ──▶ FileReport
//!                                                                   │
//!                      summary / details ◀──────────────────────────┤
//!                      KnownFailures::check (tests/spec.rs) ◀───────┘
//! ```
//!
//! - [`suite`] finds the testsuite (`BRISK_SPEC_TESTSUITE`, or
//!   `../shared/spec-testsuite` beside the workspace) and lists scripts.
//! - [`Runner`] judges each directive, running modules in one [`Tier`]
//!   (the interpreter, compiled code, compiled code with explicit bounds
//!   checks, compiled code loaded back from an artifact file; see
//!   [`runner`], [`tier`], [`artifact`]); [`value`] holds the result
//!   patterns.
//! - [`report`] counts results and prints the per-script summary.
//! - [`known_failures`] is the checked-in list that may only shrink.
//! - [`modules`] lists the modules a script expects to be valid, as
//!   binaries (for checks such as compiling each one for another target).
//!
//! ```
//! let script = r#"
//!     (module (func (export "f") (result i32) i32.const 1))
//!     (assert_invalid (module (func (result i32) f64.const 1)) "type mismatch")
//!     (assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
//!     (assert_malformed (module quote "(func") "unexpected token")
//!     (assert_return (invoke "f") (i32.const 1))
//! "#;
//! let report = brisk_spec_tests::run_text(brisk_spec_tests::Tier::Interpreter, "example.wast", script);
//! let counts = report.counts();
//! assert_eq!((counts.passed, counts.failed, counts.not_run), (4, 0, 0));
//! assert_eq!(counts.text_rejected_by_wat, 1);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod artifact;
mod directive;
pub mod known_failures;
pub mod modules;
pub mod report;
pub mod runner;
pub mod suite;
pub mod tier;
pub mod value;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use directive::{DirectiveKind, DirectiveResult, MessageDiff, Outcome, TextOutcome};
pub use known_failures::KnownFailures;
pub use report::{Counts, FileReport};
pub use runner::Runner;
pub use suite::Script;
pub use tier::Tier;

/// Runs a script given as text in `tier`; `name` names it in the report.
pub fn run_text(tier: Tier, name: &str, text: &str) -> FileReport {
    FileReport {
        name: name.to_string(),
        results: Runner::new(tier).run_script(text),
    }
}

/// Reads and runs one script in `tier`. A script that cannot be read
/// gives one failed result of kind [`DirectiveKind::Script`].
pub fn run_script(tier: Tier, script: &Script) -> FileReport {
    match std::fs::read_to_string(&script.path) {
        Ok(text) => run_text(tier, &script.name, &text),
        Err(e) => FileReport {
            name: script.name.clone(),
            results: vec![DirectiveResult {
                line: 0,
                kind: DirectiveKind::Script,
                outcome: Outcome::Failed(format!("cannot read {}: {e}", script.path.display())),
                message_differs: None,
            }],
        },
    }
}

/// Runs scripts in `tier` on up to `threads` threads (at least one); the
/// reports come back in the order of `scripts`.
pub fn run_scripts(tier: Tier, scripts: &[Script], threads: usize) -> Vec<FileReport> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, FileReport)>> = Mutex::new(Vec::with_capacity(scripts.len()));
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, scripts.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(script) = scripts.get(i) else { break };
                    let report = run_script(tier, script);
                    // A poisoned lock only means another worker panicked;
                    // its data is still a plain Vec.
                    done.lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push((i, report));
                }
            });
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, report)| report).collect()
}
