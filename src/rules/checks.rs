//! The built-in checks that rule files configure by name, and the structural ones among
//! them: unresolved and ambiguous citations, uncited and duplicate references, a missing
//! bibliography, citation order, and a reference list that the text never cites. The
//! attribution checks live in `rules::attribution`.

use crate::check::Checked;
use crate::hashing::{FastMap, FastSet, fast_map, fast_set};
use crate::model::Reference;
use crate::rules::attribution;
use crate::rules::engine::{FindingDraft, Vars};
use crate::text::counted;
use crate::text::fold::{fold_for_compare, fold_for_compare_prefix};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    UnresolvedCitation,
    UncitedReference,
    DuplicateReference,
    MissingBibliography,
    CitationOrder,
    NoCitations,
    AmbiguousCitation,
    NamedAuthorMismatch,
    YearMismatch,
    /// Reported by the directives stage, not by a document scan.
    UnusedSuppression,
    /// Reported by the directives stage, not by a document scan.
    InvalidDirective,
}

impl Check {
    pub const ALL: [Check; 11] = [
        Check::UnresolvedCitation,
        Check::UncitedReference,
        Check::DuplicateReference,
        Check::MissingBibliography,
        Check::CitationOrder,
        Check::NoCitations,
        Check::AmbiguousCitation,
        Check::NamedAuthorMismatch,
        Check::YearMismatch,
        Check::UnusedSuppression,
        Check::InvalidDirective,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Check::UnresolvedCitation => "unresolved-citation",
            Check::UncitedReference => "uncited-reference",
            Check::DuplicateReference => "duplicate-reference",
            Check::MissingBibliography => "missing-bibliography",
            Check::CitationOrder => "citation-order",
            Check::NoCitations => "no-citations",
            Check::AmbiguousCitation => "ambiguous-citation",
            Check::NamedAuthorMismatch => "named-author-mismatch",
            Check::YearMismatch => "year-mismatch",
            Check::UnusedSuppression => "unused-suppression",
            Check::InvalidDirective => "invalid-directive",
        }
    }

    pub fn from_id(id: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.id() == id)
    }

    /// Runs the check over one document.
    pub fn run(self, doc: &Checked) -> Vec<FindingDraft> {
        match self {
            Check::UnresolvedCitation => unresolved(doc),
            Check::UncitedReference => uncited(doc),
            Check::DuplicateReference => duplicates(doc),
            Check::MissingBibliography => missing_bibliography(doc),
            Check::CitationOrder => citation_order(doc),
            Check::NoCitations => no_citations(doc),
            Check::AmbiguousCitation => ambiguous(doc),
            Check::NamedAuthorMismatch => attribution::named_author_mismatch(doc),
            Check::YearMismatch => attribution::year_mismatch(doc),
            Check::UnusedSuppression | Check::InvalidDirective => Vec::new(),
        }
    }
}

fn last_label(references: &[Reference]) -> String {
    references
        .last()
        .map(|r| r.label.clone())
        .unwrap_or_default()
}

fn unresolved(doc: &Checked) -> Vec<FindingDraft> {
    if doc.references.is_empty() {
        return Vec::new();
    }
    doc.citations
        .iter()
        .filter(|c| !c.unresolved.is_empty())
        .map(|c| {
            let mut vars = Vars::new();
            vars.insert("marker", c.marker.clone());
            vars.insert("labels", c.unresolved.join(", "));
            let numbered = c.unresolved.iter().all(|l| l.parse::<u32>().is_ok());
            vars.insert(
                "last",
                if numbered {
                    format!(" (it ends at {})", last_label(&doc.references))
                } else {
                    String::new()
                },
            );
            vars.insert("count", doc.references.len().to_string());
            FindingDraft::at_citation(c, c.unresolved.clone(), vars)
        })
        .collect()
}

fn ambiguous(doc: &Checked) -> Vec<FindingDraft> {
    doc.citations
        .iter()
        .flat_map(|c| c.ambiguous.iter().map(move |a| (c, a)))
        .map(|(c, a)| {
            let mut vars = Vars::new();
            vars.insert("marker", c.marker.clone());
            vars.insert("item", a.item.clone());
            vars.insert("labels", a.candidates.join(" and "));
            FindingDraft::at_citation(c, a.candidates.clone(), vars)
        })
        .collect()
}

fn uncited(doc: &Checked) -> Vec<FindingDraft> {
    if doc.citations.is_empty() {
        return Vec::new();
    }
    // Sized for the list up front: a set grown as it is filled rehashes a few times.
    let mut cited: FastSet<&str> = fast_set(doc.references.len());
    cited.extend(
        doc.citations
            .iter()
            .flat_map(|c| c.refs.iter().map(String::as_str)),
    );
    doc.references
        .iter()
        .filter(|r| !cited.contains(r.label.as_str()))
        .map(|r| {
            let mut vars = Vars::new();
            vars.insert("label", r.label.clone());
            FindingDraft::at_reference(r, vars)
        })
        .collect()
}

/// The reference's title when it is long enough to identify a work (12 characters).
fn identifying_title(reference: &Reference) -> Option<&str> {
    reference
        .title
        .as_deref()
        .filter(|title| title.chars().count() >= 12)
}

/// The identity of a work for duplicate detection: its folded title and year, or its whole
/// folded text when the title is too short to trust ([`identifying_title`]).
fn work_key(reference: &Reference) -> String {
    match identifying_title(reference) {
        Some(title) => {
            format!(
                "{}|{}",
                fold_for_compare(title),
                reference.year.map(|y| y.to_string()).unwrap_or_default()
            )
        }
        None => fold_for_compare(&reference.raw),
    }
}

/// What [`work_key`] starts with, folded no further than that: references whose work keys
/// are equal have equal rough keys, so only references that share a rough key need their
/// work keys (most reference lists hold no duplicate, and no two entries that open alike).
fn rough_work_key(reference: &Reference) -> (Option<u16>, bool, String) {
    const ROUGH_LEN: usize = 24;
    match identifying_title(reference) {
        Some(title) => (
            reference.year,
            true,
            fold_for_compare_prefix(title, ROUGH_LEN),
        ),
        // A whole-text key holds no '|' (folding writes no punctuation), so it never
        // equals a title key.
        None => (
            None,
            false,
            fold_for_compare_prefix(&reference.raw, ROUGH_LEN),
        ),
    }
}

fn duplicates(doc: &Checked) -> Vec<FindingDraft> {
    let rough: Vec<_> = doc.references.iter().map(rough_work_key).collect();
    let mut sharing: FastMap<&(Option<u16>, bool, String), u32> = fast_map(rough.len());
    for key in &rough {
        *sharing.entry(key).or_default() += 1;
    }
    let mut first_seen: FastMap<String, &Reference> = FastMap::default();
    let mut out = Vec::new();
    for (reference, rough) in doc.references.iter().zip(&rough) {
        if sharing[rough] < 2 {
            continue;
        }
        let key = work_key(reference);
        if key.is_empty() {
            continue;
        }
        match first_seen.get(&key) {
            Some(first) => {
                let mut vars = Vars::new();
                vars.insert("label", reference.label.clone());
                vars.insert("first", first.label.clone());
                let mut draft = FindingDraft::at_reference(reference, vars);
                draft.refs = vec![first.label.clone(), reference.label.clone()];
                draft.related = Some((
                    format!("first listed as reference {}", first.label),
                    first.label_span,
                ));
                out.push(draft);
            }
            None => {
                first_seen.insert(key, reference);
            }
        }
    }
    out
}

fn missing_bibliography(doc: &Checked) -> Vec<FindingDraft> {
    if !doc.references.is_empty() {
        return Vec::new();
    }
    let Some(first) = doc.citations.first() else {
        return Vec::new();
    };
    let mut vars = Vars::new();
    vars.insert("count", doc.citations.len().to_string());
    vars.insert(
        "markers",
        counted(doc.citations.len(), "citation marker", "citation markers"),
    );
    vars.insert("marker", first.marker.clone());
    let mut draft = FindingDraft::at_citation(first, Vec::new(), vars);
    draft.fingerprint_text = Some("missing-bibliography".to_owned());
    vec![draft]
}

fn citation_order(doc: &Checked) -> Vec<FindingDraft> {
    let numbered = !doc.references.is_empty()
        && doc
            .references
            .iter()
            .all(|r| r.label.parse::<u32>().is_ok());
    if !numbered {
        return Vec::new();
    }
    let mut all_cited: FastSet<u32> = fast_set(doc.references.len());
    all_cited.extend(
        doc.citations
            .iter()
            .flat_map(|c| c.refs.iter().filter_map(|l| l.parse::<u32>().ok())),
    );
    let mut highest = 0u32;
    let mut seen: FastSet<u32> = fast_set(all_cited.len());
    for citation in &doc.citations {
        for label in &citation.refs {
            let Ok(n) = label.parse::<u32>() else {
                continue;
            };
            if !seen.insert(n) {
                continue;
            }
            if let Some(skipped) =
                (highest + 1..n).find(|m| all_cited.contains(m) && !seen.contains(m))
            {
                let mut vars = Vars::new();
                vars.insert("label", n.to_string());
                vars.insert("expected", skipped.to_string());
                let mut draft = FindingDraft::at_citation(citation, vec![n.to_string()], vars);
                draft.fingerprint_text = Some("citation-order".to_owned());
                return vec![draft];
            }
            highest = highest.max(n);
        }
    }
    Vec::new()
}

fn no_citations(doc: &Checked) -> Vec<FindingDraft> {
    if doc.references.is_empty() || !doc.citations.is_empty() {
        return Vec::new();
    }
    let first = &doc.references[0];
    let mut vars = Vars::new();
    vars.insert("count", doc.references.len().to_string());
    vars.insert(
        "references",
        counted(doc.references.len(), "reference", "references"),
    );
    let mut draft = FindingDraft::at_reference(first, vars);
    draft.refs = Vec::new();
    draft.fingerprint_text = Some("no-citations".to_owned());
    vec![draft]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    /// References whose work keys are equal have equal rough keys, so comparing work keys
    /// only within a rough key finds every duplicate.
    #[test]
    fn equal_work_keys_have_equal_rough_keys() {
        let pieces = [
            "Mesenchymal ",
            "MESENCHYMAL ",
            "stem ",
            "Stém ",
            "cells",
            "cells.",
            ", ",
            "  ",
            "exosomes ",
            "in rats",
            "临床",
            "试验",
            "ｆ",
            "-",
            "a",
        ];
        let texts = crate::text::generated_strings(&pieces, 300, 6, 0xd0_b1e);
        // Each text four ways that fold alike, and all the texts side by side.
        let references: Vec<Reference> = texts
            .iter()
            .enumerate()
            .flat_map(|(i, text)| {
                [
                    text.clone(),
                    text.to_ascii_uppercase(),
                    format!("{text}."),
                    text.replace(' ', ", "),
                ]
                .map(|variant| (i, variant))
            })
            .map(|(i, variant)| {
                let mut reference = Reference::new(
                    i.to_string(),
                    variant.clone(),
                    Span::new(0, 0),
                    Span::new(0, 0),
                );
                reference.title = (i % 3 != 0).then_some(variant);
                reference.year = [None, Some(2019), Some(2020)][i % 5 % 3];
                reference
            })
            .collect();
        let mut equal_pairs = 0;
        for (i, a) in references.iter().enumerate() {
            for b in &references[i + 1..] {
                if work_key(a) == work_key(b) {
                    assert_eq!(rough_work_key(a), rough_work_key(b), "{a:?} {b:?}");
                    equal_pairs += 1;
                }
            }
        }
        assert!(
            equal_pairs > 100,
            "only {equal_pairs} pairs of equal work keys"
        );
    }
}
