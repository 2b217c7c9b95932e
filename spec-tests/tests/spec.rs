//! The WebAssembly 2.0 spec testsuite as a test: one trial per `.wast`
//! script under `$BRISK_SPEC_TESTSUITE/2.0/` and per [`Tier`], discovered
//! at run time (`compiled::2.0/i32.wast`).
//!
//! Each trial runs its script with [`brisk_spec_tests::Runner`] in its
//! tier and compares the failures with that tier's
//! `known-failures/<tier>.txt`: it fails on a failure that is not listed,
//! and on a listed entry that no longer fails ("stale known failure:
//! remove it"), so the lists can only shrink. Directives of later
//! proposals are not run and never fail.
//!
//! After the trials, the per-script summary of each tier (passed / failed
//! / not-run / text-format `assert_malformed` / message differences) is
//! printed, and the full details go to
//! `target/tmp/brisk-spec-details-<tier>.txt` (`BRISK_SPEC_VERBOSE=1`
//! prints them too). `BRISK_SPEC_TIERS=interpreter,compiled` chooses the
//! tiers that run (all of them by default).
//!
//! `BLESS=1` rewrites the known-failures files of the tiers that ran from
//! the current failures of the scripts that ran, and does not fail on
//! differences. Run it with plain `cargo test` (one process), not a runner
//! that starts a process per trial.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use brisk_spec_tests::{FileReport, KnownFailures, Tier, report, suite};
use libtest_mimic::{Arguments, Failed, Trial};

/// How many failure lines one trial prints before summarising the rest.
const MAX_LINES: usize = 40;

fn known_failures_path(tier: Tier) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("known-failures")
        .join(format!("{}.txt", tier.name()))
}

fn details_path(tier: Tier) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("brisk-spec-details-{}.txt", tier.name()))
}

/// The tiers to run: `BRISK_SPEC_TIERS` (comma-separated names), or all.
fn tiers() -> Result<Vec<Tier>, String> {
    match std::env::var("BRISK_SPEC_TIERS") {
        Err(_) => Ok(Tier::ALL.to_vec()),
        Ok(list) => list
            .split(',')
            .map(|name| {
                Tier::from_name(name.trim()).ok_or_else(|| {
                    let all: Vec<&str> = Tier::ALL.iter().map(|t| t.name()).collect();
                    format!(
                        "BRISK_SPEC_TIERS: unknown tier `{name}` (tiers: {})",
                        all.join(", ")
                    )
                })
            })
            .collect(),
    }
}

fn env_is_1(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| v == "1")
}

/// A failure message of at most [`MAX_LINES`] lines.
fn truncated(text: &str, tier: Tier) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= MAX_LINES {
        return text.to_string();
    }
    format!(
        "{}\n... and {} more (all of them in {})",
        lines[..MAX_LINES].join("\n"),
        lines.len() - MAX_LINES,
        details_path(tier).display()
    )
}

/// One tier's known failures and the reports of its trials.
struct TierRun {
    tier: Tier,
    known: Arc<KnownFailures>,
    reports: Arc<Mutex<Vec<FileReport>>>,
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let bless = env_is_1("BLESS");
    let filtered = args.filter.is_some() || !args.skip.is_empty();
    let fail = |name: &str, e: String| {
        let trial = Trial::test(name, move || Err(e.clone().into()));
        libtest_mimic::run(&args, vec![trial]).exit_code()
    };

    let tiers = match tiers() {
        Ok(tiers) => tiers,
        Err(e) => return fail("BRISK_SPEC_TIERS", e),
    };
    let mut runs = Vec::new();
    for &tier in &tiers {
        match KnownFailures::load(&known_failures_path(tier)) {
            Ok(known) => runs.push(TierRun {
                tier,
                known: Arc::new(known),
                reports: Arc::default(),
            }),
            Err(e) => return fail("known-failures", e.to_string()),
        }
    }
    let scripts = match suite::wasm2_scripts() {
        Ok(scripts) => scripts,
        Err(e) => return fail("spec testsuite", e.to_string()),
    };

    let mut trials = Vec::new();
    for run in &runs {
        for script in &scripts {
            let (tier, script) = (run.tier, script.clone());
            let (known, reports) = (run.known.clone(), run.reports.clone());
            trials.push(Trial::test(
                format!("{}::{}", tier.name(), script.name),
                move || {
                    let report = brisk_spec_tests::run_script(tier, &script);
                    let check = known.check(&report);
                    reports
                        .lock()
                        .map_err(|_| Failed::from("another trial panicked"))?
                        .push(report);
                    if bless || check.is_ok() {
                        Ok(())
                    } else {
                        Err(truncated(&check.to_string(), tier).into())
                    }
                },
            ));
        }
    }

    // Entries naming a script that is not in the suite can never go stale
    // through a trial; this one catches them.
    let names: BTreeSet<String> = scripts.iter().map(|s| s.name.clone()).collect();
    for run in &runs {
        let orphans: Vec<String> = run
            .known
            .scripts()
            .into_iter()
            .filter(|s| !names.contains(*s))
            .map(str::to_string)
            .collect();
        let file = known_failures_path(run.tier);
        trials.push(Trial::test(
            format!(
                "{}::known failures name only scripts of the suite",
                run.tier.name()
            ),
            move || {
                if bless || orphans.is_empty() {
                    Ok(())
                } else {
                    Err(format!(
                        "stale known failure: remove it: entries in {} for scripts that are \
                         not in the suite: {}",
                        file.display(),
                        orphans.join(", ")
                    )
                    .into())
                }
            },
        ));
    }

    let conclusion = libtest_mimic::run(&args, trials);

    let mut status = conclusion.exit_code();
    for run in &runs {
        let tier = run.tier;
        let mut reports =
            std::mem::take(&mut *run.reports.lock().unwrap_or_else(|p| p.into_inner()));
        reports.sort_by(|a, b| a.name.cmp(&b.name));
        if !reports.is_empty() {
            println!("\n[{}]\n{}", tier.name(), report::summary(&reports));
            let details = report::details(&reports, true);
            if env_is_1("BRISK_SPEC_VERBOSE") {
                println!("{details}");
            }
            match std::fs::write(details_path(tier), &details) {
                Ok(()) => println!("details: {}", details_path(tier).display()),
                Err(e) => eprintln!("cannot write {}: {e}", details_path(tier).display()),
            }
        }
        if bless {
            let path = known_failures_path(tier);
            let mut blessed = (*run.known).clone();
            blessed.bless(&reports);
            if !filtered {
                blessed.retain(|e| names.contains(&e.script));
            }
            match std::fs::write(&path, blessed.render()) {
                Ok(()) => println!(
                    "BLESS=1: wrote {} ({} entries, was {})",
                    path.display(),
                    blessed.len(),
                    run.known.len()
                ),
                Err(e) => {
                    eprintln!("cannot write {}: {e}", path.display());
                    status = ExitCode::FAILURE;
                }
            }
        }
    }
    status
}
