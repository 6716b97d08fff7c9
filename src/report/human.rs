//! The human format: miette graphical diagnostics, the citation marker underlined and the
//! cited entry shown as a second label, with a help line; then a summary.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report,
};

use crate::model::Severity;
use crate::report::{RunReport, counts_text};

/// Renders every finding. `color` picks the coloured theme; tests use the plain one.
pub fn render(run: &RunReport, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    let mut out = String::new();
    for document in &run.documents {
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
            let report = Report::new(diagnostic).with_source_code(NamedSource::new(
                &document.path,
                document.source.text.clone(),
            ));
            handler
                .render_report(&mut out, report.as_ref())
                .expect("rendering to a String cannot fail");
            out.push('\n');
        }
    }
    for failure in &run.failures {
        out.push_str(&format!("  × {}: {}\n\n", failure.path, failure.error));
    }
    out.push_str(&format!(
        "citelint: {} in {} document{}{}\n",
        counts_text(run.counts()),
        run.documents.len(),
        if run.documents.len() == 1 { "" } else { "s" },
        if run.failures.is_empty() {
            String::new()
        } else {
            format!(", {} could not be read", run.failures.len())
        }
    ));
    out
}
