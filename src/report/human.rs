//! The human format: miette graphical diagnostics, the citation marker underlined and the
//! cited entry shown as a second label, with a help line; then a summary.

use std::io::{self, Write};

use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, Report, SourceCode, SourceSpan, SpanContents,
};

use crate::check::DocumentReport;
use crate::model::Severity;
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
            "citelint: {} in {} document{}{}",
            counts_text(summary.counts),
            summary.documents,
            if summary.documents == 1 { "" } else { "s" },
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
        let source = CharColumnSource {
            name: Arc::from(document.path.as_str()),
            text: Arc::from(document.source.text.as_str()),
        };
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

/// The document's text for miette, named by its path, with the header's column counted in
/// characters as in every other format: miette's own `String` source counts bytes, which
/// puts a Chinese marker at column 62 where the concise and JSON reports say 24. Cheap to
/// clone: every finding's report holds one.
#[derive(Clone)]
struct CharColumnSource {
    name: Arc<str>,
    text: Arc<str>,
}

impl SourceCode for CharColumnSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        // miette gives a column only without context lines before (the header's reading);
        // then it is the span's byte distance from its line start.
        let byte_column = contents.column();
        let offset = span.offset().min(self.text.len());
        let column = match self.text.get(offset.saturating_sub(byte_column)..offset) {
            Some(before) if byte_column > 0 => before.chars().count(),
            _ => byte_column,
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}
