//! The human format: miette graphical diagnostics, the citation marker underlined and the
//! cited entry shown as a second label, with a help line; then a summary. Each finding
//! shows only the lines around its labels, long lines clipped around them (`excerpt`).

use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use crate::check::DocumentReport;
use crate::model::Severity;
use crate::report::excerpt::Excerpt;
use crate::report::{Failure, RunSummary, Sink, counts_text, render_to_vec, rule_breakdown};

pub struct HumanSink {
    handler: GraphicalReportHandler,
    /// Rule names for the per-rule lines after a run over several documents.
    rule_names: std::collections::BTreeMap<String, String>,
}

impl HumanSink {
    /// `color` picks the coloured theme; tests and pipes use the plain one.
    pub fn new(color: bool, width: usize) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        HumanSink {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(width)
                .with_links(false),
            rule_names: Default::default(),
        }
    }

    /// Names the rules in the per-rule lines of the summary.
    pub fn with_rule_names(mut self, rules: &crate::rules::RuleSet) -> Self {
        self.rule_names = crate::report::rule_names(&[rules]);
        self
    }
}

impl Sink for HumanSink {
    fn prerender(&self, document: &DocumentReport) -> Option<Vec<u8>> {
        render_to_vec(|out| self.write(document, out))
    }

    fn failure(&mut self, failure: &Failure, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "  × {}: {}\n", failure.path, failure.error)
    }

    fn finish(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "citelint: {} in {}{}",
            counts_text(summary.counts),
            crate::text::counted(summary.documents, "document", "documents"),
            if summary.failed == 0 {
                String::new()
            } else {
                format!(", {} could not be read", summary.failed)
            }
        )?;
        if summary.documents > 1 {
            out.write_all(rule_breakdown(summary, &self.rule_names).as_bytes())?;
        }
        Ok(())
    }
}

impl HumanSink {
    fn write(&self, document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        if document.findings.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        for finding in &document.findings {
            // The marker, then the cited entry (a second label), as document spans.
            let mut spans = vec![finding.span];
            if let Some(related) = &finding.related {
                spans.push(related.span);
            }
            let (excerpt, shown) = Excerpt::new(&document.source, &spans);
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some(finding.rule.clone()),
                (shown[0].start, shown[0].len()),
            )];
            if let (Some(related), Some(span)) = (&finding.related, shown.get(1)) {
                labels.push(LabeledSpan::new_with_span(
                    Some(related.label.clone()),
                    (span.start, span.len()),
                ));
            }
            let diagnostic = FindingDiagnostic {
                message: &finding.message,
                code: &finding.code,
                severity: match finding.severity {
                    Severity::Error => miette::Severity::Error,
                    Severity::Warning => miette::Severity::Warning,
                    Severity::Info => miette::Severity::Advice,
                },
                help: &finding.help,
                labels,
                excerpt,
            };
            self.handler
                .render_report(&mut text, &diagnostic)
                .map_err(io::Error::other)?;
            text.push('\n');
        }
        out.write_all(text.as_bytes())
    }
}

/// One finding as miette renders it, with its excerpt as the source code. (A
/// `miette::Report` would do, but each one asks the global hook for a handler, reading the
/// terminal and the environment again for every finding.)
struct FindingDiagnostic<'a> {
    message: &'a str,
    code: &'a str,
    severity: miette::Severity,
    help: &'a str,
    labels: Vec<LabeledSpan>,
    excerpt: Excerpt,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic")
            .field("code", &self.code)
            .field("message", &self.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}
