//! SARIF 2.1.0 for GitHub code scanning: one run, `tool.driver.rules` with stable ids,
//! names, descriptions and help; results with ruleId, level, message, a physical location
//! (1-based lines, columns in Unicode code points) and line-independent fingerprints.
//! Results stream: the log around them is written first, so memory does not grow with the
//! number of findings.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use crate::check::DocumentReport;
use crate::model::Severity;
use crate::report::{Failure, RunSummary, Sink};
use crate::rules::RuleSet;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct SarifSink {
    rules: Vec<(String, ReportingDescriptor)>,
    /// What follows the results array in the log, once its opening is written.
    closing: Option<String>,
    /// The indentation of the `"results"` key.
    indent: usize,
    results_written: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result_level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

/// A relative path as a URI reference: forward slashes, spaces and `%` escaped.
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

impl SarifSink {
    pub fn new(rules: &RuleSet) -> Self {
        let descriptors = rules
            .rules
            .iter()
            .map(|rule| {
                let descriptor = ReportingDescriptor::builder()
                    .id(rule.code.clone())
                    .name(rule.name.clone())
                    .short_description(
                        MultiformatMessageString::builder()
                            .text(rule.summary.clone())
                            .build(),
                    )
                    .full_description(
                        MultiformatMessageString::builder()
                            .text(rule.description.clone())
                            .build(),
                    )
                    .help(
                        MultiformatMessageString::builder()
                            .text(rule.help.clone())
                            .build(),
                    )
                    .default_configuration(
                        ReportingConfiguration::builder()
                            .level(serde_json::Value::from(level(rule.severity)))
                            .build(),
                    )
                    .build();
                (rule.code.clone(), descriptor)
            })
            .collect();
        SarifSink {
            rules: descriptors,
            closing: None,
            indent: 0,
            results_written: 0,
        }
    }

    /// The whole log with no results, as pretty JSON.
    fn empty_log(&self) -> io::Result<String> {
        let driver = ToolComponent::builder()
            .name("citelint")
            .version(crate::report::json::tool_version())
            .information_uri("https://github.com/citelint/citelint")
            .rules(
                self.rules
                    .iter()
                    .map(|(_, d)| d.clone())
                    .collect::<Vec<_>>(),
            )
            .build();
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(Vec::<SarifResult>::new())
            .column_kind(serde_json::Value::from("unicodeCodePoints"))
            .build();
        let sarif = Sarif::builder()
            .schema(SCHEMA_URI)
            .version(serde_json::Value::from("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_string_pretty(&sarif).map_err(io::Error::other)
    }

    /// Writes the log up to the opening of the results array, once.
    fn open(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.closing.is_some() {
            return Ok(());
        }
        let log = self.empty_log()?;
        const EMPTY_RESULTS: &str = "\"results\": []";
        let at = log
            .find(EMPTY_RESULTS)
            .ok_or_else(|| io::Error::other("the SARIF log has no results array"))?;
        let opening = &log[..at + EMPTY_RESULTS.len() - 1];
        self.indent = at - log[..at].rfind('\n').map_or(0, |newline| newline + 1);
        out.write_all(opening.as_bytes())?;
        self.closing = Some(log[at + EMPTY_RESULTS.len() - 1..].to_owned());
        Ok(())
    }

    /// Writes one result as the next element of the results array.
    fn write_result(&mut self, result: &SarifResult, out: &mut dyn Write) -> io::Result<()> {
        let first = self.results_written == 0;
        crate::report::write_array_element(out, result, self.indent + 2, first)?;
        self.results_written += 1;
        Ok(())
    }

    fn location(path: &str, region: Option<Region>) -> Location {
        let artifact = ArtifactLocation::builder().uri(uri(path)).build();
        let physical = match region {
            Some(region) => PhysicalLocation::builder()
                .artifact_location(artifact)
                .region(region)
                .build(),
            None => PhysicalLocation::builder()
                .artifact_location(artifact)
                .build(),
        };
        Location::builder().physical_location(physical).build()
    }
}

impl Sink for SarifSink {
    fn document(&mut self, document: &DocumentReport, out: &mut dyn Write) -> io::Result<()> {
        self.open(out)?;
        for f in &document.findings {
            let region = Region::builder()
                .start_line(f.line as i64)
                .start_column(f.column as i64)
                .end_line(f.end_line as i64)
                .end_column(f.end_column as i64)
                .build();
            let mut fingerprints = BTreeMap::new();
            fingerprints.insert("citelint/v1".to_owned(), f.fingerprint.clone());
            let mut result = SarifResult::builder()
                .rule_id(f.code.clone())
                .level(result_level(f.severity))
                .message(
                    Message::builder()
                        .text(format!("{} (help: {})", f.message, f.help))
                        .build(),
                )
                .locations(vec![Self::location(&document.path, Some(region))])
                .partial_fingerprints(fingerprints)
                .build();
            result.rule_index = self
                .rules
                .iter()
                .position(|(code, _)| *code == f.code)
                .map(|i| i as i64);
            self.write_result(&result, out)?;
        }
        Ok(())
    }

    fn failure(&mut self, _failure: &Failure, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
        self.open(out)?;
        if self.results_written > 0 {
            write!(out, "\n{}", " ".repeat(self.indent))?;
        }
        out.write_all(self.closing.take().unwrap_or_default().as_bytes())?;
        writeln!(out)
    }
}
