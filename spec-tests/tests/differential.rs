//! Differential test: brisk's validator against wasmparser over the
//! WebAssembly 2.0 spec testsuite.
//!
//! Every module the `.wast` scripts under `$BRISK_SPEC_TESTSUITE/2.0`
//! define — by `module`, `module definition`, `assert_invalid`,
//! `assert_malformed` (binary modules, and text modules that `wast` can
//! still encode), `assert_unlinkable`, `assert_trap`/`assert_uninstantiable`
//! with a module, and custom-section assertions — is encoded with `wast`
//! and judged by both [`brisk_validator::validate`] and
//! [`wasmparser::Validator`] configured for exactly WebAssembly 2.0. The
//! two must agree on accept or reject; the error messages are not compared
//! (the spec runner checks those against the scripts).
//!
//! wasmparser is the oracle here, never part of brisk. A disagreement is
//! printed with the file, the line, what the script expects and both
//! verdicts, and the test fails if there is any.
//!
//! ```text
//! .wast ─wast─▶ module bytes ─┬─ brisk_validator::validate ──┐
//!                             └─ wasmparser::Validator ───────┴─▶ agree?
//! ```

use std::cell::{Cell, RefCell};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use wasmparser::{Validator, WasmFeatures};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, Wat};

/// The testsuite root: `$BRISK_SPEC_TESTSUITE`, or `../shared/spec-testsuite`
/// beside the workspace.
fn testsuite_root() -> PathBuf {
    match std::env::var_os("BRISK_SPEC_TESTSUITE") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec-testsuite"),
    }
}

/// What the script says about a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// `module`, `assert_unlinkable`, `assert_trap` with a module, ...:
    /// the module itself is valid.
    Valid,
    /// `assert_invalid`, or `assert_malformed` of a binary module.
    Reject,
    /// `assert_malformed` of a text module that `wast` still encoded: the
    /// malformation may have been in the text only.
    Unknown,
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expect::Valid => "valid",
            Expect::Reject => "rejected",
            Expect::Unknown => "unknown (text-form assert_malformed)",
        })
    }
}

/// One module taken from a script.
struct Case {
    line: usize,
    directive: &'static str,
    expect: Expect,
    bytes: Vec<u8>,
}

/// A verdict: `Ok` for accepted, `Err` with the reason for rejected.
type Verdict = Result<(), String>;

thread_local! {
    /// Whether this thread is inside brisk, where a panic is caught and
    /// reported as that module's verdict.
    static IN_BRISK: Cell<bool> = const { Cell::new(false) };
    /// Where and why brisk last panicked on this thread.
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Makes panics inside brisk record their message in [`LAST_PANIC`]
/// instead of printing it, so a panicking brisk shows up once per module
/// in the report rather than as thousands of backtraces. Panics elsewhere
/// print as usual.
fn quiet_panics_in_brisk() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_BRISK.get() {
                return default(info);
            }
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            // One line, at most 200 characters: some panics print whole buffers.
            let payload: String = payload.split_whitespace().collect::<Vec<_>>().join(" ");
            let payload: String = payload.chars().take(200).collect();
            let message = format!("{} {payload}", location.unwrap_or_default());
            LAST_PANIC.with(|p| *p.borrow_mut() = message);
        }));
    });
}

/// How a caught panic starts its verdict.
const PANICKED: &str = "PANICKED at";

fn brisk_verdict(bytes: &[u8]) -> Verdict {
    IN_BRISK.set(true);
    let result = catch_unwind(AssertUnwindSafe(|| {
        brisk_validator::validate(bytes).map(drop)
    }));
    IN_BRISK.set(false);
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            let kind = if e.is_malformed() {
                "malformed"
            } else {
                "invalid"
            };
            Err(format!(
                "{kind}: {} (offset {:#x})",
                e.message(),
                e.offset()
            ))
        }
        Err(_) => Err(format!("{PANICKED} {}", LAST_PANIC.with(|p| p.take()))),
    }
}

fn wasmparser_verdict(bytes: &[u8]) -> Verdict {
    Validator::new_with_features(WasmFeatures::WASM2)
        .validate_all(bytes)
        .map(drop)
        .map_err(|e| e.to_string())
}

fn show(v: &Verdict) -> String {
    match v {
        Ok(()) => "accepts".to_string(),
        Err(e) => format!("rejects: {e}"),
    }
}

/// Collects the modules of `directives` (recursing into `thread` blocks).
fn collect(text: &str, directives: Vec<WastDirective<'_>>, cases: &mut Vec<Case>) {
    for directive in directives {
        let line = directive.span().linecol_in(text).0 + 1;
        let mut push = |name: &'static str, expect: Expect, bytes| {
            cases.push(Case {
                line,
                directive: name,
                expect,
                bytes,
            });
        };
        match directive {
            WastDirective::Module(m) | WastDirective::ModuleDefinition(m) => {
                if let Some(bytes) = encode_quote(m) {
                    push("module", Expect::Valid, bytes);
                }
            }
            WastDirective::AssertInvalid { module, .. } => {
                if let Some(bytes) = encode_quote(module) {
                    push("assert_invalid", Expect::Reject, bytes);
                }
            }
            WastDirective::AssertMalformed { module, .. } => {
                let expect = match module {
                    QuoteWat::QuoteModule(..) => Expect::Unknown,
                    _ => Expect::Reject,
                };
                if let Some(bytes) = encode_quote(module) {
                    push("assert_malformed", expect, bytes);
                }
            }
            WastDirective::AssertInvalidCustom { module, .. }
            | WastDirective::AssertMalformedCustom { module, .. } => {
                // Custom sections never make a core module invalid.
                if let Some(bytes) = encode_quote(module) {
                    push("assert_*_custom", Expect::Valid, bytes);
                }
            }
            WastDirective::AssertUnlinkable { module, .. } => {
                if let Some(bytes) = encode_wat(module) {
                    push("assert_unlinkable", Expect::Valid, bytes);
                }
            }
            WastDirective::AssertTrap {
                exec: WastExecute::Wat(module),
                ..
            } => {
                if let Some(bytes) = encode_wat(module) {
                    push("assert_trap", Expect::Valid, bytes);
                }
            }
            WastDirective::Thread(thread) => collect(text, thread.directives, cases),
            _ => {}
        }
    }
}

/// Encodes a core module, or `None` for components and for text that does
/// not encode (malformed text is the text parser's business, not ours).
fn encode_quote(mut module: QuoteWat<'_>) -> Option<Vec<u8>> {
    match module {
        QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_)) => None,
        _ => module.encode().ok(),
    }
}

fn encode_wat(mut module: Wat<'_>) -> Option<Vec<u8>> {
    match module {
        Wat::Component(_) => None,
        Wat::Module(_) => module.encode().ok(),
    }
}

/// What one script produced.
#[derive(Default)]
struct FileReport {
    modules: usize,
    disagreements: Vec<String>,
    /// Where wasmparser contradicts the script: printed, not failed on
    /// (the spec runner judges brisk against the script itself).
    oracle_notes: Vec<String>,
    errors: Vec<String>,
}

fn check_file(path: &Path) -> FileReport {
    let mut report = FileReport::default();
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            report.errors.push(format!("{name}: cannot read: {e}"));
            return report;
        }
    };
    // names.wast spells names with bidirectional-override characters on
    // purpose; the lexer refuses those unless told otherwise.
    let mut lexer = Lexer::new(&text);
    lexer.allow_confusing_unicode(true);
    let buf = match ParseBuffer::new_with_lexer(lexer) {
        Ok(buf) => buf,
        Err(e) => {
            report.errors.push(format!("{name}: cannot lex: {e}"));
            return report;
        }
    };
    let wast = match parser::parse::<Wast<'_>>(&buf) {
        Ok(wast) => wast,
        Err(e) => {
            report.errors.push(format!("{name}: cannot parse: {e}"));
            return report;
        }
    };
    let mut cases = Vec::new();
    collect(&text, wast.directives, &mut cases);
    report.modules = cases.len();
    for case in cases {
        let ours = brisk_verdict(&case.bytes);
        let theirs = wasmparser_verdict(&case.bytes);
        let contradicts = match case.expect {
            Expect::Valid => theirs.is_err(),
            Expect::Reject => theirs.is_ok(),
            Expect::Unknown => false,
        };
        if contradicts {
            report.oracle_notes.push(format!(
                "{name}:{line} ({directive}, expected {expect}): wasmparser {}",
                show(&theirs),
                line = case.line,
                directive = case.directive,
                expect = case.expect,
            ));
        }
        if ours.is_ok() != theirs.is_ok() || ours.as_ref().is_err_and(|e| e.starts_with(PANICKED)) {
            report.disagreements.push(format!(
                "{name}:{line} ({directive}, expected {expect})\n    brisk:      {}\n    wasmparser: {}",
                show(&ours),
                show(&theirs),
                line = case.line,
                directive = case.directive,
                expect = case.expect,
            ));
        }
    }
    report
}

/// Every `.wast` file directly under `dir`, sorted.
fn wast_files(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "spec testsuite not found at {} ({e}); set BRISK_SPEC_TESTSUITE to the folder \
             holding `2.0/`",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wast"))
        .collect();
    files.sort();
    files
}

#[test]
fn wasmparser_wasm2_has_nothing_from_3_0() {
    for off in [
        WasmFeatures::MEMORY64,
        WasmFeatures::MULTI_MEMORY,
        WasmFeatures::TAIL_CALL,
        WasmFeatures::GC,
        WasmFeatures::EXCEPTIONS,
        WasmFeatures::EXTENDED_CONST,
        WasmFeatures::RELAXED_SIMD,
        WasmFeatures::THREADS,
        WasmFeatures::FUNCTION_REFERENCES,
    ] {
        assert!(!WasmFeatures::WASM2.intersects(off), "{off:?} must be off");
    }
}

#[test]
fn brisk_and_wasmparser_agree_on_the_2_0_testsuite() {
    let dir = testsuite_root().join("2.0");
    let files = wast_files(&dir);
    assert!(!files.is_empty(), "no .wast files in {}", dir.display());
    quiet_panics_in_brisk();

    // Two workers pull files off a shared counter; reports keep file order.
    let next = AtomicUsize::new(0);
    let reports: Mutex<Vec<(usize, FileReport)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let report = check_file(path);
                    reports.lock().unwrap().push((i, report));
                }
            });
        }
    });
    let mut reports = reports.into_inner().unwrap();
    reports.sort_by_key(|(i, _)| *i);

    let (mut modules, mut failures) = (0, Vec::new());
    for (_, report) in reports {
        modules += report.modules;
        for note in &report.oracle_notes {
            eprintln!("note: oracle disagrees with the script: {note}");
        }
        failures.extend(report.errors);
        failures.extend(report.disagreements);
    }
    for failure in &failures {
        eprintln!("{failure}");
    }
    eprintln!(
        "differential: {} files, {modules} modules, {} problems",
        files.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "brisk and wasmparser disagree (or a script failed to parse): {} problems, listed above",
        failures.len()
    );
}
