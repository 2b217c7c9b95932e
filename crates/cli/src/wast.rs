//! `brisk wast [FILE|DIR...]`: run `.wast` spec scripts.
//!
//! A thin shell over `brisk-spec-tests` (the same runner as the test
//! harness): scripts are the files given, the `.wast` files of the
//! folders given, or — with no argument — the WebAssembly 2.0 suite found
//! through `BRISK_SPEC_TESTSUITE`. It prints the per-script summary, then
//! every failure (and, with `--verbose`, every message difference and
//! text-format outcome). Every directive runs, in compiled code by
//! default (`--compiled`, as `brisk run`), in the interpreter with
//! `--interp`, in compiled code with an explicit bounds check on every
//! memory access with `--explicit-bounds-checks`, and with `--artifact` in
//! compiled code that went through an artifact file first (each module is
//! compiled, serialized, written to a temporary file and loaded back with
//! `Module::deserialize_file`, as `brisk compile` and `brisk run OUT.so`
//! would); any failure makes the exit status 1.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use brisk_spec_tests::{Script, Tier, report, suite};

/// Run .wast spec scripts and summarise them per script.
///
/// With no FILE, runs every script of the WebAssembly 2.0 testsuite at
/// $BRISK_SPEC_TESTSUITE/2.0 (default: ../shared/spec-testsuite beside the
/// workspace).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scripts to run, or folders whose `.wast` files to run.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Also list message differences and text-format `assert_malformed`
    /// outcomes.
    #[arg(short, long)]
    verbose: bool,
    /// Write the full details (as with --verbose) to this file.
    #[arg(long, value_name = "PATH")]
    details: Option<PathBuf>,
    /// Run in the interpreter.
    #[arg(long, conflicts_with_all = ["compiled", "explicit_bounds_checks", "artifact"])]
    interp: bool,
    /// Run compiled code (the default).
    #[arg(long)]
    compiled: bool,
    /// Run compiled code that checks every memory access explicitly
    /// instead of relying on guard pages.
    #[arg(long, conflicts_with = "artifact")]
    explicit_bounds_checks: bool,
    /// Run compiled code loaded back from an artifact: each module is
    /// compiled, written to a temporary file as an artifact (as by `brisk
    /// compile`) and loaded from it.
    #[arg(long)]
    artifact: bool,
    /// How many scripts to run at once (default: one per CPU).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
}

/// Runs the scripts; exit 1 if anything failed.
pub fn run(args: &Args) -> ExitCode {
    let scripts = match scripts(&args.files) {
        Ok(scripts) => scripts,
        Err(message) => {
            eprintln!("brisk: {message}");
            return ExitCode::FAILURE;
        }
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
    let tier = if args.interp {
        Tier::Interpreter
    } else if args.explicit_bounds_checks {
        Tier::CompiledExplicitBounds
    } else if args.artifact {
        Tier::Artifact
    } else {
        Tier::Compiled
    };
    let reports = brisk_spec_tests::run_scripts(tier, &scripts, jobs);
    println!("tier: {}", tier.name());

    print!("{}", report::summary(&reports));
    let details = report::details(&reports, args.verbose);
    if !details.is_empty() {
        print!("\n{details}");
    }
    if let Some(path) = &args.details
        && let Err(e) = std::fs::write(path, report::details(&reports, true))
    {
        eprintln!("brisk: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    if report::totals(&reports).failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The scripts named on the command line, or the 2.0 suite.
fn scripts(files: &[PathBuf]) -> Result<Vec<Script>, String> {
    if files.is_empty() {
        return suite::wasm2_scripts().map_err(|e| e.to_string());
    }
    let mut scripts = Vec::new();
    for path in files {
        if path.is_dir() {
            scripts.extend(folder(path)?);
        } else {
            // A missing or unreadable file is reported by the runner as
            // that script's failure.
            scripts.push(Script::from_path(path));
        }
    }
    Ok(scripts)
}

/// The `.wast` files directly in `dir`, sorted.
fn folder(dir: &Path) -> Result<Vec<Script>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|ext| ext == "wast"))
        .collect();
    if paths.is_empty() {
        return Err(format!("no .wast files in {}", dir.display()));
    }
    paths.sort();
    Ok(paths.into_iter().map(Script::from_path).collect())
}
