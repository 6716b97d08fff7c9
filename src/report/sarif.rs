//! SARIF 2.1.0 for GitHub code scanning: one run, `tool.driver.rules` with stable ids,
//! names, descriptions and help; results with ruleId, level, message, a physical location
//! (1-based lines, columns in Unicode code points) and line-independent fingerprints.

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
    results: Vec<SarifResult>,
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
            results: Vec::new(),
        }
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
    fn document(&mut self, document: &DocumentReport, _out: &mut dyn Write) -> io::Result<()> {
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
            self.results.push(result);
        }
        Ok(())
    }

    fn failure(&mut self, _failure: &Failure, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, _summary: &RunSummary, out: &mut dyn Write) -> io::Result<()> {
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
            .results(std::mem::take(&mut self.results))
            .column_kind(serde_json::Value::from("unicodeCodePoints"))
            .build();
        let sarif = Sarif::builder()
            .schema(SCHEMA_URI)
            .version(serde_json::Value::from("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut *out, &sarif).map_err(io::Error::other)?;
        writeln!(out)
    }
}
