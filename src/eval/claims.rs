//! `citelint eval claims`: runs the whole check on real claim sentences paired with the
//! works they cite (`claims/*_claims.jsonl`: a sentence and each cited work's authors,
//! title, journal and year) and prints, per citation, what the claim asserts, what each
//! cited work was read as and which evidence or attribution rules fired. The corpus has no
//! gold labels: the listing is for a person to judge, and the closing counts say how many
//! citations asserted evidence and how many findings fired.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::check::check_document;
use crate::ingest::{InputFormat, document_from_bytes};
use crate::model::{Category, Population};
use crate::rules::RuleSet;

/// One line of the corpus.
#[derive(Deserialize)]
struct ClaimLine {
    claim_id: String,
    sentence: String,
    cited: Vec<CitedWork>,
}

/// A work the claim cites, as its metadata gives it.
#[derive(Deserialize)]
struct CitedWork {
    label: String,
    #[serde(default)]
    authors: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    volume: String,
    #[serde(default)]
    pages: String,
}

impl CitedWork {
    /// The work as a Vancouver reference-list entry.
    fn entry(&self) -> String {
        format!(
            "{}. {}. {}. {}. {};{}:{}.",
            self.label, self.authors, self.title, self.source, self.year, self.volume, self.pages
        )
    }
}

/// The sentence, then a reference list of the works it cites, in the order of their
/// numbers (a numbered list's numbers rise): a manuscript of one claim.
fn manuscript(claim: &ClaimLine) -> String {
    let mut text = format!("{}\n\nReferences\n\n", claim.sentence);
    let mut works: Vec<&CitedWork> = claim.cited.iter().collect();
    works.sort_by_key(|work| work.label.parse::<u32>().unwrap_or(u32::MAX));
    for work in works {
        text.push_str(&work.entry());
        text.push('\n');
    }
    text
}

/// Checks every claim in `path` and prints the listing and the counts.
pub fn eval_claims(path: &Path, rules: &RuleSet) -> Result<(), String> {
    let text = super::read(path)?;
    let mut claims = 0;
    let mut citations = 0;
    let mut asserting = 0;
    let mut fired: BTreeMap<String, usize> = BTreeMap::new();
    for line in super::json_lines::<ClaimLine>(path, &text) {
        let (n, claim) = line?;
        claims += 1;
        let manuscript = manuscript(&claim);
        let document =
            document_from_bytes(&claim.claim_id, manuscript.as_bytes(), InputFormat::Text)
                .map_err(|e| format!("{}:{n}: {}", path.display(), e.cause()))?;
        let report = check_document(document, rules);
        for citation in &report.citations {
            citations += 1;
            let asserted = &citation.claim;
            if asserted.asserts_evidence() {
                asserting += 1;
            }
            let designs: Vec<&str> = asserted.designs.iter().map(|d| d.id()).collect();
            let cited: Vec<String> = citation
                .refs
                .iter()
                .map(|label| {
                    let design = report
                        .references
                        .iter()
                        .find(|r| &r.label == label)
                        .map_or("missing", |r| r.design.id());
                    format!("{label} {design}")
                })
                .collect();
            let findings: Vec<&str> = report
                .findings
                .iter()
                .filter(|f| matches!(f.category, Category::Evidence | Category::Attribution))
                .filter(|f| f.span.start >= asserted.span.start && f.span.end <= asserted.span.end)
                .filter(|f| f.refs.iter().any(|r| citation.refs.contains(r)))
                .map(|f| f.code.as_str())
                .collect();
            for code in &findings {
                *fired.entry((*code).to_owned()).or_default() += 1;
            }
            say!(
                "{} {}  asserts: {} / {}{}  cited: {}  findings: {}",
                claim.claim_id,
                citation.marker,
                if designs.is_empty() {
                    "-".to_owned()
                } else {
                    designs.join("+")
                },
                asserted.population.map_or("-", Population::id),
                if asserted.asserts_evidence() {
                    ""
                } else {
                    " (no evidence asserted)"
                },
                cited.join(", "),
                if findings.is_empty() {
                    "-".to_owned()
                } else {
                    findings.join(" ")
                }
            );
            if super::verbose() {
                say!("    {}", claim.sentence);
            }
        }
    }
    let fired_list: Vec<String> = fired
        .iter()
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    say!(
        "{}: {claims} claims, {citations} citations, {asserting} asserting evidence; evidence and attribution findings: {}",
        path.display(),
        if fired_list.is_empty() {
            "none".to_owned()
        } else {
            fired_list.join(", ")
        }
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_line_becomes_a_sentence_and_its_reference_list() {
        let claim: ClaimLine = serde_json::from_str(
            r#"{"claim_id": "x-c1", "sentence": "Curcumin lowered amyloid in patients [7].",
                "cited": [{"label": "7", "authors": "Lim GP, Chu T", "title": "The curry spice curcumin reduces amyloid pathology in an Alzheimer transgenic mouse",
                           "source": "J Neurosci", "year": "2001", "volume": "21", "pages": "8370-7"}]}"#,
        )
        .unwrap();
        assert_eq!(
            manuscript(&claim),
            "Curcumin lowered amyloid in patients [7].\n\nReferences\n\n7. Lim GP, Chu T. The curry spice curcumin reduces amyloid pathology in an Alzheimer transgenic mouse. J Neurosci. 2001;21:8370-7.\n"
        );
        let report = check_document(
            document_from_bytes("x", manuscript(&claim).as_bytes(), InputFormat::Text).unwrap(),
            &crate::rules::load::load_default().unwrap(),
        );
        assert_eq!(report.references.len(), 1);
        assert_eq!(report.citations[0].refs, ["7"]);
    }
}
