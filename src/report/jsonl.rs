//! JSON Lines: one record per line with a `kind` (`document`, `reference`, `citation`,
//! `finding`, `error`, `summary`), each tagged with its document's path (and, for
//! `--stdin-jsonl`, the caller's `id`), for corpora and Spark's `pipe`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::check::DocumentReport;
use crate::report::{Failure, RunSummary, Sink, compact_json};

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

/// Appends one record to `buffer`: `{"kind":…` and the document's `"id"`/`"path"` fields
/// (`tags`, already JSON), then the item's own fields, exactly as a flattened [`Record`]
/// writes them but without building each line as a string of its own.
fn append_record<T: Serialize>(buffer: &mut Vec<u8>, kind: &str, tags: &[u8], item: &T) {
    buffer.extend_from_slice(b"{\"kind\":\"");
    buffer.extend_from_slice(kind.as_bytes());
    buffer.push(b'"');
    buffer.extend_from_slice(tags);
    let at = buffer.len();
    compact_json::write(buffer, item).expect("records serialise");
    // The item is an object: its opening brace becomes the separator after the tags.
    if buffer[at..] == *b"{}" {
        buffer.truncate(at);
        buffer.push(b'}');
    } else {
        buffer[at] = b',';
    }
    buffer.push(b'\n');
}

impl JsonlSink {
    fn render(document: &DocumentReport) -> Vec<u8> {
        let mut tags = Vec::new();
        if let Some(id) = &document.id {
            tags.extend_from_slice(b",\"id\":");
            serde_json::to_writer(&mut tags, id).expect("ids serialise");
        }
        tags.extend_from_slice(b",\"path\":");
        compact_json::write(&mut tags, &document.path).expect("paths serialise");
        let head = DocumentHead {
            format: document.format,
            language: document.language,
            encoding: document.encoding,
            references: document.references.len(),
            citations: document.citations.len(),
            summary: document.summary,
        };
        // Room for every record at once, as their sizes run (a reference about 450 bytes
        // besides its raw text, written once whole and once in fields), so that the lines
        // are not copied as the buffer grows: the records are several times the text.
        let per_record = 512 + tags.len();
        let references: usize = document
            .references
            .iter()
            .map(|r| per_record + 2 * r.raw.len())
            .sum();
        let others = document.citations.len() + document.findings.len() + 1;
        let mut buffer = Vec::with_capacity(references + others * (per_record + 128));
        append_record(&mut buffer, "document", &tags, &head);
        for reference in &document.references {
            append_record(&mut buffer, "reference", &tags, reference);
        }
        for citation in &document.citations {
            append_record(&mut buffer, "citation", &tags, citation);
        }
        for finding in &document.findings {
            append_record(&mut buffer, "finding", &tags, finding);
        }
        buffer
    }
}

impl Sink for JsonlSink {
    fn prerender(&self, document: &DocumentReport) -> Option<Vec<u8>> {
        Some(Self::render(document))
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
