//! The WebAssembly 2.0 spec testsuite as a test: one trial per `.wast`
//! script under `$BRISK_SPEC_TESTSUITE/2.0/`, discovered at run time.
//!
//! Each trial runs its script with [`brisk_spec_tests::Runner`] and
//! compares the failures with `known-failures.txt`: it fails on a failure
//! that is not listed, and on a listed entry that no longer fails ("stale
//! known failure: remove it"), so the list can only shrink. Directives that
//! need execution are not run yet and never fail.
//!
//! After the trials, the per-script summary (passed / failed / not-run /
//! text-format `assert_malformed` / message differences) is printed, and
//! the full details go to `target/tmp/brisk-spec-details.txt`
//! (`BRISK_SPEC_VERBOSE=1` prints them too).
//!
//! `BLESS=1` rewrites `known-failures.txt` from the current failures of
//! the scripts that ran, and does not fail on differences. Run it with
//! plain `cargo test` (one process), not a runner that starts a process
//! per trial.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use brisk_spec_tests::{FileReport, KnownFailures, report, suite};
use libtest_mimic::{Arguments, Failed, Trial};

/// How many failure lines one trial prints before summarising the rest.
const MAX_LINES: usize = 40;

fn known_failures_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("known-failures.txt")
}

fn details_path() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("brisk-spec-details.txt")
}

fn env_is_1(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v == "1")
}

/// A failure message of at most [`MAX_LINES`] lines.
fn truncated(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_LINES {
        return text.to_string();
    }
    format!(
        "{}\n... and {} more (all of them in {})",
        lines[..MAX_LINES].join("\n"),
        lines.len() - MAX_LINES,
        details_path().display()
    )
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let bless = env_is_1("BLESS");
    let filtered = args.filter.is_some() || !args.skip.is_empty();

    let known = match KnownFailures::load(&known_failures_path()) {
        Ok(known) => Arc::new(known),
        Err(e) => {
            let trial = Trial::test("known-failures.txt", move || Err(e.to_string().into()));
            return libtest_mimic::run(&args, vec![trial]).exit_code();
        }
    };
    let scripts = match suite::wasm2_scripts() {
        Ok(scripts) => scripts,
        Err(e) => {
            let trial = Trial::test("spec testsuite", move || Err(e.to_string().into()));
            return libtest_mimic::run(&args, vec![trial]).exit_code();
        }
    };

    let reports: Arc<Mutex<Vec<FileReport>>> = Arc::default();
    let mut trials: Vec<Trial> = scripts
        .iter()
        .map(|script| {
            let (script, known, reports) = (script.clone(), known.clone(), reports.clone());
            Trial::test(script.name.clone(), move || {
                let report = brisk_spec_tests::run_script(&script);
                let check = known.check(&report);
                reports
                    .lock()
                    .map_err(|_| Failed::from("another trial panicked"))?
                    .push(report);
                if bless || check.is_ok() {
                    Ok(())
                } else {
                    Err(truncated(&check.to_string()).into())
                }
            })
        })
        .collect();

    // Entries naming a script that is not in the suite can never go stale
    // through a trial; this one catches them.
    let names: BTreeSet<String> = scripts.iter().map(|s| s.name.clone()).collect();
    let orphans: Vec<String> = known
        .scripts()
        .into_iter()
        .filter(|s| !names.contains(*s))
        .map(str::to_string)
        .collect();
    trials.push(Trial::test(
        "known-failures.txt names only scripts of the suite",
        move || {
            if bless || orphans.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "stale known failure: remove it: entries for scripts that are not in the \
                     suite: {}",
                    orphans.join(", ")
                )
                .into())
            }
        },
    ));

    let conclusion = libtest_mimic::run(&args, trials);

    let mut reports = std::mem::take(&mut *reports.lock().unwrap_or_else(|p| p.into_inner()));
    reports.sort_by(|a, b| a.name.cmp(&b.name));
    if !reports.is_empty() {
        println!("\n{}", report::summary(&reports));
        let details = report::details(&reports, true);
        if env_is_1("BRISK_SPEC_VERBOSE") {
            println!("{details}");
        }
        match std::fs::write(details_path(), &details) {
            Ok(()) => println!("details: {}", details_path().display()),
            Err(e) => eprintln!("cannot write {}: {e}", details_path().display()),
        }
    }

    if bless {
        let mut blessed = (*known).clone();
        blessed.bless(&reports);
        if !filtered {
            blessed.retain(|e| names.contains(&e.script));
        }
        match std::fs::write(known_failures_path(), blessed.render()) {
            Ok(()) => println!(
                "BLESS=1: wrote {} ({} entries, was {})",
                known_failures_path().display(),
                blessed.len(),
                known.len()
            ),
            Err(e) => {
                eprintln!("cannot write {}: {e}", known_failures_path().display());
                return ExitCode::FAILURE;
            }
        }
    }
    conclusion.exit_code()
}
