//! The explain view: for every citation, what its claim asserts and why, what each cited
//! work is and why, and which rules fired — so an editor can see the reasoning.

use std::fmt::Write;

use crate::check::DocumentReport;
use crate::model::Design;

pub fn render(document: &DocumentReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {}): {} references, {} citations",
        document.path,
        document.format,
        document.language,
        document.references.len(),
        document.citations.len()
    );
    for citation in &document.citations {
        let claim = &citation.claim;
        let _ = writeln!(
            out,
            "\n{}:{}:{} {}",
            document.path, citation.line, citation.column, citation.marker
        );
        let _ = writeln!(out, "  claim: {}", squash(&claim.text, 160));
        let designs: Vec<&str> = claim.designs.iter().map(|d| d.id()).collect();
        let mut flags = Vec::new();
        if claim.negated {
            flags.push("negated");
        }
        if claim.need {
            flags.push("states a need");
        }
        if claim.hedged {
            flags.push("hedged");
        }
        if claim.mixed {
            flags.push("mixes clinical and preclinical");
        }
        if claim.several {
            flags.push("speaks of several studies");
        }
        if claim.method {
            flags.push("cites a method");
        }
        if claim.outcome_only {
            flags.push("an outcome in people, no study named");
        }
        let _ = writeln!(
            out,
            "  asserts: {}{}{}{}",
            if designs.is_empty() {
                "no study design".to_owned()
            } else {
                designs.join(", ")
            },
            claim
                .phase
                .map(|p| format!(", phase {}", p.id()))
                .unwrap_or_default(),
            claim
                .population
                .map(|p| format!(", population {}", p.id()))
                .unwrap_or_default(),
            if flags.is_empty() {
                String::new()
            } else {
                format!(" ({})", flags.join(", "))
            }
        );
        if !claim.evidence.is_empty() {
            let _ = writeln!(out, "  cues: {}", claim.evidence.join(", "));
        }
        for label in &citation.refs {
            let Some(reference) = document.references.iter().find(|r| &r.label == label) else {
                continue;
            };
            let _ = writeln!(
                out,
                "  [{}] {} (confidence {:.1}){}{}",
                reference.label,
                reference.design.id(),
                reference.confidence,
                reference
                    .phase
                    .map(|p| format!(", phase {}", p.id()))
                    .unwrap_or_default(),
                reference
                    .pools
                    .map(|p| format!(", pools {p:?}").to_lowercase())
                    .unwrap_or_default(),
            );
            let _ = writeln!(
                out,
                "      title: {}",
                squash(reference.title.as_deref().unwrap_or(&reference.raw), 140)
            );
            if reference.evidence.is_empty() && reference.design == Design::Unknown {
                let _ = writeln!(out, "      cues: none found");
            } else {
                let _ = writeln!(out, "      cues: {}", reference.evidence.join(", "));
            }
        }
        let fired: Vec<String> = document
            .findings
            .iter()
            .filter(|f| f.span == citation.span)
            .map(|f| format!("{} {} ({})", f.code, f.rule, f.severity.id()))
            .collect();
        let _ = writeln!(
            out,
            "  rules: {}",
            if fired.is_empty() {
                if claim.asserts_evidence() {
                    "none fired".to_owned()
                } else {
                    "evidence rules skipped: the claim asserts no clinical evidence".to_owned()
                }
            } else {
                fired.join("; ")
            }
        );
    }
    out
}

fn squash(text: &str, max: usize) -> String {
    let flat = crate::text::fold::squash_whitespace(text);
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    }
}
