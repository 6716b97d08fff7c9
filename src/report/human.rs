//! The human format: miette graphical diagnostics, the citation marker underlined and the
//! cited entry shown as a second label, with a help line; then a summary.

use std::io::{self, Write};

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use crate::check::DocumentReport;
use crate::model::Severity;
use crate::report::{Failure, RunSummary, Sink, counts_text, render_to_vec};

pub struct HumanSink {
    handler: GraphicalReportHandler,
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
        }
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
            "citelint: {} in {} document{}{}",
            counts_text(summary.counts),
            summary.documents,
            if summary.documents == 1 { "" } else { "s" },
            if summary.failed == 0 {
                String::new()
            } else {
                format!(", {} could not be read", summary.failed)
            }
        )
    }
}

impl HumanSink {
    fn write(&self, document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        if document.findings.is_empty() {
            return Ok(());
        }
        let source = NamedSource::new(&document.path, document.source.text.clone());
        let mut text = String::new();
        for finding in &document.findings {
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some(finding.rule.clone()),
                (finding.span.start, finding.span.len().max(1)),
            )];
            if let Some(related) = &finding.related {
                labels.push(LabeledSpan::new_with_span(
                    Some(related.label.clone()),
                    (related.span.start, related.span.len().max(1)),
                ));
            }
            let diagnostic = MietteDiagnostic::new(finding.message.clone())
                .with_code(finding.code.clone())
                .with_severity(match finding.severity {
                    Severity::Error => miette::Severity::Error,
                    Severity::Warning => miette::Severity::Warning,
                    Severity::Info => miette::Severity::Advice,
                })
                .with_help(finding.help.clone())
                .with_labels(labels);
            let report = Report::new(diagnostic).with_source_code(source.clone());
            self.handler
                .render_report(&mut text, report.as_ref())
                .map_err(io::Error::other)?;
            text.push('\n');
        }
        out.write_all(text.as_bytes())
    }
}
