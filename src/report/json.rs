//! The JSON report (schema_version 1, GUIDE §1): one object holding every document. The
//! documents are written as they arrive, so the report streams like the other formats.

use std::io::{self, Write};

use serde::Serialize;

use crate::check::DocumentReport;
use crate::report::{Failure, RunSummary, Sink};

pub const SCHEMA_VERSION: u32 = 1;

pub fn tool_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[derive(Default)]
pub struct JsonSink {
    documents: usize,
    failures: Vec<Failure>,
}

/// `value` pretty-printed, every line indented by `indent` spaces after the first.
fn indented<T: Serialize>(value: &T, indent: usize) -> String {
    let text = serde_json::to_string_pretty(value).expect("report types serialise");
    text.replace('\n', &format!("\n{}", " ".repeat(indent)))
}

impl JsonSink {
    fn open(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(
            out,
            "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": {{\n    \"name\": \"citelint\",\n    \"version\": \"{}\"\n  }},\n  \"documents\": [",
            tool_version()
        )
    }
}

impl Sink for JsonSink {
    fn prerender(&self, document: &DocumentReport) -> Option<Vec<u8>> {
        Some(indented(document, 4).into_bytes())
    }

    fn document_bytes(&mut self, bytes: Vec<u8>, out: &mut dyn Write) -> io::Result<()> {
        if self.documents == 0 {
            self.open(out)?;
        } else {
            write!(out, ",")?;
        }
        self.documents += 1;
        write!(out, "\n    ")?;
        out.write_all(&bytes)
    }

    fn failure(&mut self, failure: &Failure, _out: &mut dyn Write) -> io::Result<()> {
        self.failures.push(failure.clone());
        Ok(())
    }

    fn finish(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        if self.documents == 0 {
            self.open(out)?;
            writeln!(out, "],")?;
        } else {
            write!(out, "\n  ],\n")?;
        }
        if !self.failures.is_empty() {
            writeln!(out, "  \"failures\": {},", indented(&self.failures, 2))?;
        }
        writeln!(out, "  \"summary\": {}\n}}", indented(summary, 2))
    }
}
