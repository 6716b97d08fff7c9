//! `citelint rules` (every rule, or one described with its examples) and `citelint
//! explain` (per citation, what the claim asserts and what each cited work is, and why).

use std::path::Path;
use std::process::ExitCode;

use crate::check::check_document;
use crate::cli::{diagnostic_error, usage_error};
use crate::ingest;
use crate::report;
use crate::rules::{self, RuleKind, RuleSet};

/// `citelint rules [CODE]`: the table of rules, or one rule described.
pub(super) fn list_rules(rules: &RuleSet, code: Option<&str>) -> ExitCode {
    let mut out = String::new();
    match code {
        None => {
            out.push_str(&format!(
                "{:<7} {:<40} {:<10} {:<8} {}\n",
                "CODE", "NAME", "CATEGORY", "SEVERITY", "SUMMARY"
            ));
            for rule in &rules.rules {
                out.push_str(&format!(
                    "{:<7} {:<40} {:<10} {:<8} {}\n",
                    rule.code,
                    rule.name,
                    rule.category.id(),
                    rule.severity.id(),
                    rule.summary
                ));
            }
        }
        Some(code) => {
            let Some(rule) = rules.rule(code) else {
                return usage_error(&format!("no rule {code}; `citelint rules` lists them"));
            };
            out.push_str(&describe_rule(rule));
        }
    }
    report::print(&out);
    ExitCode::SUCCESS
}

/// The text `citelint rules CODE` prints.
pub fn describe_rule(rule: &rules::Rule) -> String {
    let mut out = format!(
        "{} {} ({}, {} by default)\n\n{}\n\n## What it checks and why\n\n{}\n",
        rule.code,
        rule.name,
        rule.category.id(),
        rule.severity.id(),
        rule.summary,
        rule.description
    );
    if let RuleKind::Check(check) = &rule.kind {
        out.push_str(&format!("\nBuilt-in check: {}\n", check.id()));
    }
    let firing: Vec<&rules::Example> = rule.examples.iter().filter(|e| e.fires).collect();
    let quiet: Vec<&rules::Example> = rule.examples.iter().filter(|e| !e.fires).collect();
    for (heading, list) in [("Fires on", firing), ("Does not fire on", quiet)] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {heading}\n"));
        for example in list {
            out.push_str("\n    ");
            out.push_str(&example.manuscript().trim().replace('\n', "\n    "));
            out.push('\n');
        }
    }
    out.push_str(&format!("\nDefined in {}\n", rule.origin));
    out
}

/// `citelint explain FILE`.
pub(super) fn explain(rules: &RuleSet, path: &Path) -> ExitCode {
    match ingest::read_document(path) {
        Ok(document) => {
            let report = check_document(document, rules);
            report::print(&report::explain::render(&report));
            ExitCode::SUCCESS
        }
        Err(error) => diagnostic_error(error),
    }
}
