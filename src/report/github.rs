//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`, with
//! the escaping GitHub requires (`%`, CR and LF in data; also `:` and `,` in properties).

use std::io::{self, Write};

use crate::check::DocumentReport;
use crate::model::Severity;
use crate::report::{Failure, RunSummary, Sink, render_to_vec};

pub struct GithubSink;

/// Escapes a workflow-command message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl GithubSink {
    fn write(document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &document.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&document.path),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                escape_property(&format!("{} {}", f.code, f.rule)),
                escape_data(&f.message)
            )?;
        }
        Ok(())
    }
}

impl Sink for GithubSink {
    fn prerender(&self, document: &DocumentReport) -> Option<Vec<u8>> {
        render_to_vec(|out| Self::write(document, out))
    }

    fn failure(&mut self, failure: &Failure, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "::error file={},title=citelint::{}",
            escape_property(&failure.path),
            escape_data(&failure.error)
        )
    }

    fn finish(&mut self, _summary: &RunSummary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
