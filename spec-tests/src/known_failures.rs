//! The checked-in list of directives that still fail, which may only
//! shrink.
//!
//! `known-failures/<tier>.txt` names one failing directive per line as
//! `<script>:<line> <kind>` (`2.0/binary.wast:120 assert_malformed`);
//! `#` starts a comment, and a comment after an entry is kept when the
//! file is blessed. [`KnownFailures::check`] compares a script's
//! [`FileReport`] with the list both ways: a failure that is not listed is
//! a regression, and a listed entry that no longer fails is stale and must
//! be removed, so the list can only shrink. [`KnownFailures::bless`]
//! rewrites the entries of the scripts that ran from their current
//! failures.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use crate::report::FileReport;

/// The header written at the top of the file by [`KnownFailures::render`].
pub const HEADER: &str = "\
# Known failures of brisk on the WebAssembly spec testsuite.
#
# One failing directive per line: `<script>:<line> <directive-kind>`, e.g.
# `2.0/binary.wast:120 assert_malformed`; `#` starts a comment.
#
# spec-tests/tests/spec.rs fails when a directive fails that is not listed
# here, and when a listed one no longer fails (\"stale known failure: remove
# it\"). So this list may only shrink: fix brisk, then delete the line.
#
# `BLESS=1 cargo test -p brisk-spec-tests --test spec` rewrites the entries
# of the scripts that ran from their current failures. Blessing that ADDS
# entries needs a reason in the commit message (what fails and why it is
# accepted for now).
";

/// One listed failure: script, line and directive kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    /// The script's name (`2.0/binary.wast`).
    pub script: String,
    /// 1-based line of the directive.
    pub line: usize,
    /// The directive kind (`assert_invalid`), see
    /// [`DirectiveKind::as_str`](crate::DirectiveKind::as_str).
    pub kind: String,
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{} {}", self.script, self.line, self.kind)
    }
}

/// A line of the file that is not an entry or a comment.
#[derive(Debug, thiserror::Error)]
pub enum KnownFailuresError {
    /// The file exists but cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A line is not `<script>:<line> <kind>`.
    #[error("known-failures line {line}: {message}: `{text}`")]
    Syntax {
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        message: &'static str,
        /// The line's text.
        text: String,
    },
}

/// The list: every entry with its trailing comment (empty if none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownFailures {
    entries: BTreeMap<Entry, String>,
}

/// What [`KnownFailures::check`] found for one script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Check {
    /// Failures that are not listed, with why they failed.
    pub unexpected: Vec<(Entry, String)>,
    /// Listed entries that no longer fail.
    pub stale: Vec<Entry>,
}

impl Check {
    /// Whether the script matches the list exactly.
    pub fn is_ok(&self) -> bool {
        self.unexpected.is_empty() && self.stale.is_empty()
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (entry, why) in &self.unexpected {
            writeln!(f, "new failure (not a known failure): {entry}: {why}")?;
        }
        for entry in &self.stale {
            writeln!(
                f,
                "stale known failure: remove it: {entry} (it no longer fails)"
            )?;
        }
        Ok(())
    }
}

impl KnownFailures {
    /// Parses the file's text.
    pub fn parse(text: &str) -> Result<Self, KnownFailuresError> {
        let mut entries = BTreeMap::new();
        for (i, raw) in text.lines().enumerate() {
            let (content, comment) = match raw.split_once('#') {
                Some((content, comment)) => (content.trim(), comment.trim()),
                None => (raw.trim(), ""),
            };
            if content.is_empty() {
                continue;
            }
            let syntax = |message| KnownFailuresError::Syntax {
                line: i + 1,
                message,
                text: raw.to_string(),
            };
            let (location, kind) = content
                .split_once(char::is_whitespace)
                .ok_or_else(|| syntax("expected `<script>:<line> <directive-kind>`"))?;
            let kind = kind.trim();
            if kind.is_empty() || kind.contains(char::is_whitespace) {
                return Err(syntax("expected one directive kind after the location"));
            }
            let (script, line) = location
                .rsplit_once(':')
                .ok_or_else(|| syntax("expected `<script>:<line>`"))?;
            let line = line
                .parse::<usize>()
                .map_err(|_| syntax("the line number is not a number"))?;
            let entry = Entry {
                script: script.to_string(),
                line,
                kind: kind.to_string(),
            };
            if entries.insert(entry, comment.to_string()).is_some() {
                return Err(syntax("duplicate entry"));
            }
        }
        Ok(KnownFailures { entries })
    }

    /// Reads and parses the file; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<Self, KnownFailuresError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(KnownFailuresError::Read {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every entry, sorted.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.keys()
    }

    /// The scripts named by at least one entry.
    pub fn scripts(&self) -> BTreeSet<&str> {
        self.entries.keys().map(|e| e.script.as_str()).collect()
    }

    /// Compares one script's report with the list.
    pub fn check(&self, report: &FileReport) -> Check {
        let mut failing = BTreeSet::new();
        let mut check = Check::default();
        for result in &report.results {
            let crate::Outcome::Failed(why) = &result.outcome else {
                continue;
            };
            let entry = Entry {
                script: report.name.clone(),
                line: result.line,
                kind: result.kind.as_str().to_string(),
            };
            if !self.entries.contains_key(&entry) {
                check.unexpected.push((entry.clone(), why.clone()));
            }
            failing.insert(entry);
        }
        check.stale = self
            .entries
            .keys()
            .filter(|e| e.script == report.name && !failing.contains(*e))
            .cloned()
            .collect();
        check
    }

    /// Replaces the entries of every script in `reports` with its current
    /// failures, keeping the comments of entries that still fail. Entries
    /// of scripts that did not run are left alone.
    pub fn bless(&mut self, reports: &[FileReport]) {
        let ran: BTreeSet<&str> = reports.iter().map(|r| r.name.as_str()).collect();
        let mut old = std::mem::take(&mut self.entries);
        let mut entries: BTreeMap<Entry, String> = BTreeMap::new();
        for report in reports {
            for result in report.failures() {
                let entry = Entry {
                    script: report.name.clone(),
                    line: result.line,
                    kind: result.kind.as_str().to_string(),
                };
                let comment = old.remove(&entry).unwrap_or_default();
                entries.insert(entry, comment);
            }
        }
        entries.extend(
            old.into_iter()
                .filter(|(e, _)| !ran.contains(e.script.as_str())),
        );
        self.entries = entries;
    }

    /// Keeps only the entries for which `keep` is true (e.g. drops the
    /// entries of scripts that left the suite).
    pub fn retain(&mut self, mut keep: impl FnMut(&Entry) -> bool) {
        self.entries.retain(|entry, _| keep(entry));
    }

    /// The file's text: [`HEADER`], then one entry per line, sorted.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        let mut last_script = None;
        for (entry, comment) in &self.entries {
            if last_script != Some(&entry.script) {
                out.push('\n');
                last_script = Some(&entry.script);
            }
            out.push_str(&entry.to_string());
            if !comment.is_empty() {
                out.push_str("  # ");
                out.push_str(comment);
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DirectiveKind, DirectiveResult, Outcome};

    fn report(name: &str, failing: &[usize]) -> FileReport {
        let mut results: Vec<DirectiveResult> = failing
            .iter()
            .map(|&line| DirectiveResult {
                line,
                kind: DirectiveKind::AssertInvalid,
                outcome: Outcome::Failed("why".into()),
                message_differs: None,
            })
            .collect();
        results.push(DirectiveResult {
            line: 99,
            kind: DirectiveKind::Module,
            outcome: Outcome::Passed,
            message_differs: None,
        });
        FileReport {
            name: name.into(),
            results,
        }
    }

    #[test]
    fn parses_entries_and_comments() {
        let list = KnownFailures::parse(
            "# header\n\n2.0/a.wast:3 assert_invalid  # wat quirk\n2.0/b.wast:10 module\n",
        )
        .unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(
            list.scripts().into_iter().collect::<Vec<_>>(),
            ["2.0/a.wast", "2.0/b.wast"]
        );
        assert!(
            list.render()
                .contains("2.0/a.wast:3 assert_invalid  # wat quirk\n")
        );
        assert_eq!(KnownFailures::parse(&list.render()).unwrap(), list);
    }

    #[test]
    fn rejects_bad_lines() {
        for bad in [
            "2.0/a.wast:3",
            "2.0/a.wast assert_invalid",
            "2.0/a.wast:x module",
            "2.0/a.wast:3 module extra",
            "2.0/a.wast:3 module\n2.0/a.wast:3 module",
        ] {
            assert!(KnownFailures::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn check_finds_new_and_stale() {
        let list =
            KnownFailures::parse("2.0/a.wast:3 assert_invalid\n2.0/a.wast:5 assert_invalid\n")
                .unwrap();
        assert!(list.check(&report("2.0/a.wast", &[3, 5])).is_ok());
        let check = list.check(&report("2.0/a.wast", &[3, 7]));
        assert_eq!(check.unexpected.len(), 1);
        assert_eq!(check.unexpected[0].0.line, 7);
        assert_eq!(check.stale.len(), 1);
        assert_eq!(check.stale[0].to_string(), "2.0/a.wast:5 assert_invalid");
        let text = check.to_string();
        assert!(
            text.contains("stale known failure: remove it: 2.0/a.wast:5"),
            "{text}"
        );
        // Another script's entries are not this script's business.
        assert!(list.check(&report("2.0/b.wast", &[])).is_ok());
    }

    #[test]
    fn bless_replaces_only_the_scripts_that_ran() {
        let mut list = KnownFailures::parse(
            "2.0/a.wast:3 assert_invalid  # kept\n2.0/a.wast:5 assert_invalid\n2.0/b.wast:1 module\n",
        )
        .unwrap();
        list.bless(&[report("2.0/a.wast", &[3, 8])]);
        let entries: Vec<String> = list.entries().map(|e| e.to_string()).collect();
        assert_eq!(
            entries,
            [
                "2.0/a.wast:3 assert_invalid",
                "2.0/a.wast:8 assert_invalid",
                "2.0/b.wast:1 module"
            ]
        );
        assert!(
            list.render()
                .contains("2.0/a.wast:3 assert_invalid  # kept")
        );
    }
}
