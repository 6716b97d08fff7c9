//! GitLab Code Quality JSON: an array of issues with a description, check name, unique
//! fingerprint, severity and location, each written as soon as its document is done.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use serde::Serialize;

use crate::check::DocumentReport;
use crate::model::Severity;
use crate::report::{Failure, RunSummary, Sink};

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Default)]
pub struct GitlabSink {
    /// Issues written so far.
    written: usize,
    seen: HashSet<String>,
    /// The last suffix given to each repeated fingerprint, so that the n-th repeat costs
    /// one lookup rather than n.
    last_suffix: HashMap<String, usize>,
}

impl GitlabSink {
    /// The finding's fingerprint, made unique within the report when the same claim repeats.
    fn unique(&mut self, fingerprint: &str) -> String {
        let mut n = self.last_suffix.get(fingerprint).copied().unwrap_or(1);
        let mut candidate = if n == 1 {
            fingerprint.to_owned()
        } else {
            format!("{fingerprint}-{n}")
        };
        while !self.seen.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{fingerprint}-{n}");
        }
        self.last_suffix.insert(fingerprint.to_owned(), n);
        candidate
    }
}

impl GitlabSink {
    /// Writes `issue` as the next element of the array, opening it before the first.
    fn write_issue(&mut self, issue: &Issue, out: &mut dyn Write) -> io::Result<()> {
        if self.written == 0 {
            out.write_all(b"[")?;
        }
        crate::report::write_array_element(out, issue, 2, self.written == 0)?;
        self.written += 1;
        Ok(())
    }
}

impl Sink for GitlabSink {
    fn document(&mut self, document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &document.findings {
            let fingerprint = self.unique(&f.fingerprint);
            let issue = Issue {
                description: format!("{} {}", f.code, f.message),
                check_name: f.code.clone(),
                fingerprint,
                severity: match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                location: Location {
                    path: document.path.clone(),
                    lines: Lines {
                        begin: f.line,
                        end: f.end_line,
                    },
                },
            };
            self.write_issue(&issue, out)?;
        }
        Ok(())
    }

    fn failure(&mut self, failure: &Failure, out: &mut dyn Write) -> io::Result<()> {
        let fingerprint = self.unique(&crate::rules::engine::fingerprint(
            &failure.path,
            "read-error",
            &failure.error,
            &[],
        ));
        let issue = Issue {
            description: format!("cannot check this file: {}", failure.error),
            check_name: "read-error".into(),
            fingerprint,
            severity: "critical",
            location: Location {
                path: failure.path.clone(),
                lines: Lines { begin: 1, end: 1 },
            },
        };
        self.write_issue(&issue, out)
    }

    fn finish(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        if self.written == 0 {
            writeln!(out, "[]")
        } else {
            writeln!(out, "\n]")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fingerprints_are_numbered_in_turn() {
        let mut sink = GitlabSink::default();
        let given: Vec<String> = ["a", "a", "b", "a", "b"]
            .iter()
            .map(|f| sink.unique(f))
            .collect();
        assert_eq!(given, ["a", "a-2", "b", "a-3", "b-2"]);
        // A fingerprint that happens to look like a numbered repeat stays unique.
        assert_eq!(sink.unique("a-4"), "a-4");
        assert_eq!(sink.unique("a"), "a-5");
    }
}
