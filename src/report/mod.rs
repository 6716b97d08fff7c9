//! Output formats. Every format is a [`Sink`]: it receives each checked document in path
//! order as soon as it is done, each file that failed, and a summary at the end, so a run
//! over thousands of documents streams with flat memory.

mod compact_json;
pub mod concise;
mod excerpt;
pub mod explain;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod sarif;

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::check::{DocumentReport, SeverityCounts};
use crate::rules::RuleSet;

/// A file that could not be checked, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
    /// The caller's id for the document (`--stdin-jsonl`).
    #[serde(skip)]
    pub id: Option<serde_json::Value>,
}

impl Failure {
    pub fn new(path: impl Into<String>, error: impl Into<String>) -> Self {
        Failure {
            path: path.into(),
            error: error.into(),
            id: None,
        }
    }
}

/// Totals over a run: documents, findings by severity and by rule, failed files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunSummary {
    pub documents: usize,
    #[serde(flatten)]
    pub counts: SeverityCounts,
    pub failed: usize,
    /// Findings per rule code.
    pub rules: BTreeMap<String, usize>,
    /// The run's wall time, with `--timing` only: it differs from run to run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elapsed_seconds: Option<f64>,
}

impl RunSummary {
    pub fn add_document(&mut self, document: &DocumentReport) {
        self.documents += 1;
        self.counts.add(document.summary);
        for finding in &document.findings {
            *self.rules.entry(finding.code.clone()).or_default() += 1;
        }
    }

    /// Adds another summary's counts (a document's, checked on a worker).
    pub fn merge(&mut self, other: RunSummary) {
        self.documents += other.documents;
        self.counts.add(other.counts);
        self.failed += other.failed;
        for (code, count) in other.rules {
            *self.rules.entry(code).or_default() += count;
        }
    }
}

/// One output format.
pub trait Sink: Send + Sync {
    /// Renders one document on a worker thread, for formats whose per-document output needs
    /// no state; [`Sink::document_bytes`] then writes it in order.
    fn prerender(&self, _document: &DocumentReport) -> Option<Vec<u8>> {
        None
    }
    /// Writes what [`Sink::prerender`] produced.
    fn document_bytes(&mut self, bytes: Vec<u8>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(&bytes)
    }
    /// Takes one document; stateless formats render it and write the bytes.
    fn document(&mut self, document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        match self.prerender(document) {
            Some(bytes) => self.document_bytes(bytes, out),
            None => Ok(()),
        }
    }
    fn failure(&mut self, failure: &Failure, out: &mut dyn Write) -> io::Result<()>;
    fn finish(&mut self, summary: &RunSummary, out: &mut dyn Write) -> io::Result<()>;
}

/// Writes `text` to stdout. A reader that has gone (`citelint rules | head`) ends the
/// output quietly, as it does for `check`, rather than with a panic.
pub fn print(text: &str) {
    let _ = io::stdout().lock().write_all(text.as_bytes());
}

/// Runs a writer into a fresh buffer (writing to memory cannot fail).
pub fn render_to_vec(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    write(&mut buffer).ok()?;
    Some(buffer)
}

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Concise,
    Json,
    Jsonl,
    Sarif,
    Github,
    Gitlab,
    Junit,
}

/// The sink for `format`. `color` applies to human output.
/// Writes `value` as the next element of a pretty-printed JSON array being streamed: a line
/// break (after a comma unless it is the `first`), then its lines indented `indent` spaces,
/// as pretty printing the whole array at that depth would write them.
pub fn write_array_element(
    out: &mut dyn Write,
    value: &impl Serialize,
    indent: usize,
    first: bool,
) -> io::Result<()> {
    let element = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    out.write_all(if first { b"\n" } else { b",\n" })?;
    let padding = " ".repeat(indent);
    for (index, line) in element.lines().enumerate() {
        if index > 0 {
            out.write_all(b"\n")?;
        }
        out.write_all(padding.as_bytes())?;
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

pub fn sink(format: Format, rules: &RuleSet, color: bool) -> Box<dyn Sink> {
    match format {
        Format::Human => Box::new(human::HumanSink::new(color, 100).with_rule_names(rules)),
        Format::Concise => Box::new(concise::ConciseSink),
        Format::Json => Box::new(json::JsonSink::default()),
        Format::Jsonl => Box::new(jsonl::JsonlSink),
        Format::Sarif => Box::new(sarif::SarifSink::new(rules)),
        Format::Github => Box::new(github::GithubSink),
        Format::Gitlab => Box::new(gitlab::GitlabSink::default()),
        Format::Junit => Box::new(junit::JunitSink::default()),
    }
}

/// The result of a run held in memory (tests, `explain`).
#[derive(Debug, Default)]
pub struct RunReport {
    pub documents: Vec<DocumentReport>,
    pub failures: Vec<Failure>,
}

impl RunReport {
    /// Renders the whole run in `format`.
    pub fn render(&self, format: Format, rules: &RuleSet) -> String {
        let mut sink = sink(format, rules, false);
        let mut out = Vec::new();
        let mut summary = RunSummary::default();
        for document in &self.documents {
            summary.add_document(document);
            sink.document(document, &mut out)
                .expect("writing to memory");
        }
        for failure in &self.failures {
            summary.failed += 1;
            sink.failure(failure, &mut out).expect("writing to memory");
        }
        sink.finish(&summary, &mut out).expect("writing to memory");
        String::from_utf8(out).expect("formats write UTF-8")
    }
}

/// "3 errors, 1 warning, 0 infos".
/// Rule names by code over one or more rule sets (the first set naming a code wins).
pub fn rule_names(sets: &[&RuleSet]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for set in sets {
        for rule in &set.rules {
            names
                .entry(rule.code.clone())
                .or_insert_with(|| rule.name.clone());
        }
    }
    names
}

/// Findings per rule, most frequent first, one line each ("  170  EV001  name"), for
/// people reading the end of a run over several documents.
pub fn rule_breakdown(summary: &RunSummary, names: &BTreeMap<String, String>) -> String {
    let mut counts: Vec<(&String, &usize)> = summary.rules.iter().collect();
    counts.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let width = counts.first().map_or(1, |(_, n)| n.to_string().len());
    let mut text = String::new();
    for (code, count) in counts {
        let name = names.get(code).map_or("", String::as_str);
        let line = format!("  {count:>width$}  {code}  {name}");
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

pub fn counts_text(counts: SeverityCounts) -> String {
    use crate::text::counted;
    format!(
        "{}, {}, {}",
        counted(counts.errors, "error", "errors"),
        counted(counts.warnings, "warning", "warnings"),
        counted(counts.infos, "info", "infos")
    )
}
