//! GitLab Code Quality JSON: an array of issues with a description, check name, unique
//! fingerprint, severity and location.

use std::collections::HashSet;
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
    issues: Vec<Issue>,
    seen: HashSet<String>,
}

impl GitlabSink {
    /// The finding's fingerprint, made unique within the report when the same claim repeats.
    fn unique(&mut self, fingerprint: &str) -> String {
        let mut candidate = fingerprint.to_owned();
        let mut n = 1;
        while !self.seen.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{fingerprint}-{n}");
        }
        candidate
    }
}

impl Sink for GitlabSink {
    fn document(&mut self, document: &DocumentReport, _out: &mut dyn Write) -> io::Result<()> {
        for f in &document.findings {
            let fingerprint = self.unique(&f.fingerprint);
            self.issues.push(Issue {
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
            });
        }
        Ok(())
    }

    fn failure(&mut self, failure: &Failure, _out: &mut dyn Write) -> io::Result<()> {
        let fingerprint = self.unique(&crate::rules::engine::fingerprint(
            &failure.path,
            "read-error",
            &failure.error,
            &[],
        ));
        self.issues.push(Issue {
            description: format!("cannot check this file: {}", failure.error),
            check_name: "read-error".into(),
            fingerprint,
            severity: "critical",
            location: Location {
                path: failure.path.clone(),
                lines: Lines { begin: 1, end: 1 },
            },
        });
        Ok(())
    }

    fn finish(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.issues).map_err(io::Error::other)?;
        writeln!(out)
    }
}
