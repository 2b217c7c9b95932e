//! Per-file reports, their counts, and how they are printed.
//!
//! A [`FileReport`] holds every [`DirectiveResult`] of one script.
//! [`Counts`] sums them into the columns of the summary table:
//!
//! ```text
//! script               passed  failed  not-run  text:wat-rejected  text:wat-accepted  msg-differs
//! 2.0/binary.wast         ...
//! total                   ...
//! ```
//!
//! `passed`/`failed` judge brisk; `not-run` are directives that need
//! execution; the two `text:` columns are text-format `assert_malformed`s
//! (the text parser's business, never brisk passes); `msg-differs` counts
//! rejections whose message lacks the script's expected text. The details
//! ([`details`]) list the failures and, when verbose, the message
//! differences and the text-format outcomes.

use std::fmt::Write as _;

use crate::directive::{DirectiveResult, Outcome, TextOutcome};

/// Everything one script produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    /// The script's name (`2.0/binary.wast`).
    pub name: String,
    /// One result per directive, in script order.
    pub results: Vec<DirectiveResult>,
}

impl FileReport {
    /// The counts of this script.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for result in &self.results {
            counts.add(result);
        }
        counts
    }

    /// The results that failed.
    pub fn failures(&self) -> impl Iterator<Item = &DirectiveResult> {
        self.results.iter().filter(|r| r.failed())
    }
}

/// The columns of the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// brisk did what the script asks.
    pub passed: usize,
    /// brisk did not.
    pub failed: usize,
    /// Needs execution; not a failure.
    pub not_run: usize,
    /// Text-format `assert_malformed` that `wat` rejected.
    pub text_rejected_by_wat: usize,
    /// Text-format `assert_malformed` that `wat` encoded anyway.
    pub text_accepted_by_wat: usize,
    /// brisk rejected a module with a message lacking the expected text.
    pub message_differs: usize,
}

impl Counts {
    /// Counts one result.
    pub fn add(&mut self, result: &DirectiveResult) {
        match &result.outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed(_) => self.failed += 1,
            Outcome::NotRun(_) => self.not_run += 1,
            Outcome::Text(TextOutcome::RejectedByWat(_)) => self.text_rejected_by_wat += 1,
            Outcome::Text(TextOutcome::AcceptedByWat(_)) => self.text_accepted_by_wat += 1,
        }
        if result.message_differs.is_some() {
            self.message_differs += 1;
        }
    }

    /// Adds another set of counts.
    pub fn merge(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.not_run += other.not_run;
        self.text_rejected_by_wat += other.text_rejected_by_wat;
        self.text_accepted_by_wat += other.text_accepted_by_wat;
        self.message_differs += other.message_differs;
    }

    /// Every directive counted once.
    pub fn total(&self) -> usize {
        self.passed
            + self.failed
            + self.not_run
            + self.text_rejected_by_wat
            + self.text_accepted_by_wat
    }
}

/// The sum of every report's counts.
pub fn totals(reports: &[FileReport]) -> Counts {
    let mut total = Counts::default();
    for report in reports {
        total.merge(report.counts());
    }
    total
}

const HEADERS: [&str; 6] = [
    "passed",
    "failed",
    "not-run",
    "text:wat-rejected",
    "text:wat-accepted",
    "msg-differs",
];

fn row(out: &mut String, name: &str, width: usize, c: &Counts) {
    let cells = [
        c.passed,
        c.failed,
        c.not_run,
        c.text_rejected_by_wat,
        c.text_accepted_by_wat,
        c.message_differs,
    ];
    let _ = write!(out, "{name:<width$}");
    for (cell, header) in cells.iter().zip(HEADERS) {
        let _ = write!(out, "  {cell:>w$}", w = header.len());
    }
    out.push('\n');
}

/// The summary table: one row per script and a total row.
pub fn summary(reports: &[FileReport]) -> String {
    let width = reports
        .iter()
        .map(|r| r.name.len())
        .chain(["script".len(), "total".len()])
        .max()
        .unwrap_or(0);
    let mut out = format!("{:<width$}", "script");
    for header in HEADERS {
        let _ = write!(out, "  {header}");
    }
    out.push('\n');
    for report in reports {
        row(&mut out, &report.name, width, &report.counts());
    }
    row(&mut out, "total", width, &totals(reports));
    out
}

/// One line per failure; with `verbose`, also every message difference and
/// every text-format `assert_malformed` outcome. Not-run directives are
/// never listed (they are counted in the summary).
pub fn details(reports: &[FileReport], verbose: bool) -> String {
    let mut out = String::new();
    for report in reports {
        for r in &report.results {
            let at = format!("{}:{} {}", report.name, r.line, r.kind);
            match &r.outcome {
                Outcome::Failed(why) => {
                    let _ = writeln!(out, "{at}: FAILED: {why}");
                }
                Outcome::Text(TextOutcome::RejectedByWat(why)) if verbose => {
                    let _ = writeln!(out, "{at}: text: rejected by wat: {}", one_line(why));
                }
                Outcome::Text(TextOutcome::AcceptedByWat(brisk)) if verbose => {
                    let _ = writeln!(out, "{at}: text: accepted by wat, then {brisk}");
                }
                _ => {}
            }
            if let Some(diff) = r.message_differs.as_ref().filter(|_| verbose) {
                let _ = writeln!(
                    out,
                    "{at}: message differs: expected \"{}\", brisk said \"{}\"",
                    diff.expected, diff.actual
                );
            }
        }
    }
    out
}

/// Joins a multi-line message into one line.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directive::{DirectiveKind, MessageDiff};

    fn result(outcome: Outcome, differs: bool) -> DirectiveResult {
        DirectiveResult {
            line: 3,
            kind: DirectiveKind::AssertInvalid,
            outcome,
            message_differs: differs.then(|| MessageDiff {
                expected: "type mismatch".into(),
                actual: "unknown local".into(),
            }),
        }
    }

    #[test]
    fn counts_and_tables() {
        let report = FileReport {
            name: "2.0/x.wast".into(),
            results: vec![
                result(Outcome::Passed, true),
                result(Outcome::Failed("no".into()), false),
                result(Outcome::NotRun("later"), false),
                result(Outcome::Text(TextOutcome::RejectedByWat("e".into())), false),
                result(
                    Outcome::Text(TextOutcome::AcceptedByWat("ok".into())),
                    false,
                ),
            ],
        };
        let c = report.counts();
        assert_eq!(
            (c.passed, c.failed, c.not_run, c.message_differs),
            (1, 1, 1, 1)
        );
        assert_eq!(c.total(), 5);
        let table = summary(std::slice::from_ref(&report));
        assert!(table.lines().nth(1).unwrap().starts_with("2.0/x.wast"));
        assert!(table.lines().nth(2).unwrap().starts_with("total"));
        let quiet = details(std::slice::from_ref(&report), false);
        assert_eq!(quiet, "2.0/x.wast:3 assert_invalid: FAILED: no\n");
        let verbose = details(&[report], true);
        assert!(verbose.contains("2.0/x.wast:3 assert_invalid: message differs: expected"));
        assert!(verbose.contains("text: rejected by wat"));
        assert!(verbose.contains("text: accepted by wat, then ok"));
    }
}
