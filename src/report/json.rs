//! The JSON report (schema_version 1, GUIDE §1): one object holding every document.

use serde::Serialize;

use crate::check::{DocumentReport, SeverityCounts};
use crate::report::{Failure, RunReport};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    documents: usize,
    #[serde(flatten)]
    counts: SeverityCounts,
    failed: usize,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: Tool,
    documents: &'a [DocumentReport],
    #[serde(skip_serializing_if = "<[Failure]>::is_empty")]
    failures: &'a [Failure],
    summary: Summary,
}

pub fn tool_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Renders the whole run as pretty-printed JSON with a trailing newline.
pub fn render(run: &RunReport) -> String {
    let report = JsonReport {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "citelint",
            version: tool_version(),
        },
        documents: &run.documents,
        failures: &run.failures,
        summary: Summary {
            documents: run.documents.len(),
            counts: run.counts(),
            failed: run.failures.len(),
        },
    };
    let mut out = serde_json::to_string_pretty(&report).expect("report serialises");
    out.push('\n');
    out
}
