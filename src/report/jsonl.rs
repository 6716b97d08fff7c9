//! JSON Lines: one record per line with a `kind` (`document`, `reference`, `citation`,
//! `finding`, `error`, `summary`), each tagged with its document's path (and, for
//! `--stdin-jsonl`, the caller's `id`), for corpora and Spark's `pipe`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::check::DocumentReport;
use crate::report::{Failure, RunSummary, Sink, render_to_vec};

pub struct JsonlSink;

/// A record: `kind`, `id` (when given), `path`, then the item's own fields.
#[derive(Serialize)]
struct Record<'a, T: Serialize> {
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    #[serde(flatten)]
    item: &'a T,
}

fn record<T: Serialize>(kind: &str, id: Option<&Value>, path: Option<&str>, item: &T) -> String {
    serde_json::to_string(&Record {
        kind,
        id,
        path,
        item,
    })
    .expect("records serialise")
}

#[derive(Serialize)]
struct DocumentHead<'a> {
    format: &'a str,
    language: &'a str,
    encoding: &'a str,
    references: usize,
    citations: usize,
    summary: crate::check::SeverityCounts,
}

impl JsonlSink {
    fn write(document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        let id = document.id.as_ref();
        let path = Some(document.path.as_str());
        let head = DocumentHead {
            format: document.format,
            language: document.language,
            encoding: document.encoding,
            references: document.references.len(),
            citations: document.citations.len(),
            summary: document.summary,
        };
        let mut text = record("document", id, path, &head);
        text.push('\n');
        for reference in &document.references {
            text.push_str(&record("reference", id, path, reference));
            text.push('\n');
        }
        for citation in &document.citations {
            text.push_str(&record("citation", id, path, citation));
            text.push('\n');
        }
        for finding in &document.findings {
            text.push_str(&record("finding", id, path, finding));
            text.push('\n');
        }
        out.write_all(text.as_bytes())
    }
}

impl Sink for JsonlSink {
    fn prerender(&self, document: &DocumentReport) -> Option<Vec<u8>> {
        render_to_vec(|out| Self::write(document, out))
    }

    fn failure(&mut self, failure: &Failure, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{}",
            record("error", failure.id.as_ref(), None, failure)
        )
    }

    fn finish(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", record("summary", None, None, summary))
    }
}
