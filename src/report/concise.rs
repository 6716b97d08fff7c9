//! The concise format: one `path:line:col: CODE message` line per finding, and one
//! `path: error: …` line per file that could not be read.

use std::io::{self, Write};

use crate::check::DocumentReport;
use crate::report::{Failure, RunSummary, Sink, render_to_vec};

pub struct ConciseSink;

impl ConciseSink {
    fn write(document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        for f in &document.findings {
            writeln!(
                out,
                "{}:{}:{}: {} {}",
                document.path, f.line, f.column, f.code, f.message
            )?;
        }
        Ok(())
    }
}

impl Sink for ConciseSink {
    fn prerender(&self, document: &DocumentReport) -> Option<Vec<u8>> {
        render_to_vec(|out| Self::write(document, out))
    }

    fn failure(&mut self, failure: &Failure, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}: error: {}", failure.path, failure.error)
    }

    fn finish(&mut self, _summary: &RunSummary, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
