//! Checking one document: bibliography → citations → claims → classification → rules.
//! Data flows one way; the result is a [`DocumentReport`]. [`extract`] does the part that
//! needs no rules (references, citation markers, sentences), so a lone manuscript can go
//! that far while its rules load; [`classify`] and the rules do the rest. `claims` decides
//! which text each citation claims.

mod claims;

use crate::hashing::FastMap;
use serde::Serialize;

use crate::bibliography;
use crate::citation;
use crate::config::{LanguageHint, Settings};
use crate::directives::{self, Directives};
use crate::evidence::reference::classify_reference;
use crate::ingest::Document;
use crate::model::{Citation, Finding, Reference, Severity};
use crate::rules::checks::Check;
use crate::rules::engine::{FindingDraft, Vars};
use crate::rules::{RuleKind, RuleSet, engine};
use crate::source::{Source, Span};
use crate::text::sentences::split_sentences;

/// A document after extraction and classification, before rules run.
#[derive(Debug)]
pub struct Checked {
    pub source: Source,
    pub references: Vec<Reference>,
    pub citations: Vec<Citation>,
    /// Why the document was not checked: more references or citations than one document
    /// is checked with ([`bibliography::MAX_ENTRIES`], [`citation::MAX_CITATIONS`]).
    pub refused: Option<String>,
    /// Each label's first reference, for [`Checked::reference`].
    by_label: FastMap<String, usize>,
}

impl Checked {
    fn new(
        source: Source,
        references: Vec<Reference>,
        citations: Vec<Citation>,
        refused: Option<String>,
    ) -> Checked {
        let mut by_label = FastMap::default();
        by_label.reserve(references.len());
        for (index, reference) in references.iter().enumerate() {
            by_label.entry(reference.label.clone()).or_insert(index);
        }
        Checked {
            source,
            references,
            citations,
            refused,
            by_label,
        }
    }

    /// The (first) reference labelled `label`.
    pub fn reference(&self, label: &str) -> Option<&Reference> {
        self.by_label
            .get(label)
            .map(|&index| &self.references[index])
    }
}

/// Why a document with `count` items where at most `limit` are read is not checked.
fn refusal(count: usize, what: &str, limit: usize) -> String {
    format!(
        "{count} {what}, more than the {limit} citelint checks in one document (a manuscript has a few thousand); not checked: split it"
    )
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct SeverityCounts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl SeverityCounts {
    pub fn of(findings: &[Finding]) -> Self {
        let mut counts = SeverityCounts::default();
        for f in findings {
            match f.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    pub fn add(&mut self, other: SeverityCounts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }
}

/// Everything the report says about one document (GUIDE §1).
#[derive(Debug, Serialize)]
pub struct DocumentReport {
    pub path: String,
    pub format: &'static str,
    pub language: &'static str,
    pub encoding: &'static str,
    pub references: Vec<Reference>,
    pub citations: Vec<Citation>,
    pub findings: Vec<Finding>,
    pub summary: SeverityCounts,
    #[serde(skip)]
    pub source: Source,
    /// The caller's id for the document (`--stdin-jsonl`).
    #[serde(skip)]
    pub id: Option<serde_json::Value>,
    /// Why the document was not checked (too many references or citations); the report is
    /// then empty.
    #[serde(skip)]
    pub refused: Option<String>,
}

/// A document's references, citations and sentences, found before any rule is needed (the
/// first half of a check; [`classify`] is the second). A lone manuscript is taken this far
/// while its rules load.
#[derive(Debug)]
pub struct Extracted {
    format: &'static str,
    encoding: &'static str,
    source: Source,
    /// The prose view (masked markup), when it differs from the source.
    prose: Option<Source>,
    references: Vec<Reference>,
    citations: Vec<Citation>,
    references_from_database: bool,
    sentences: Vec<Span>,
    refused: Option<String>,
}

/// Finds the references, citation markers and sentences of `document`. Analysis reads the
/// prose view; positions come from the original source (the two share byte offsets).
pub fn extract(document: Document) -> Extracted {
    let original = document.source;
    // The prose view of a plain-text document is the source itself.
    let prose_view = document.prose;
    let mut extracted = Extracted {
        format: document.format.name(),
        encoding: document.encoding.name(),
        source: original,
        prose: None,
        references: Vec::new(),
        citations: Vec::new(),
        references_from_database: document.references_from_database,
        sentences: Vec::new(),
        refused: None,
    };
    let prose = prose_view.as_ref().unwrap_or(&extracted.source);
    let (references, body) = match document.references {
        Some(references) => (references, Span::new(0, prose.text.len())),
        None => {
            // The citation patterns compile on the helper while the entries are read.
            let bibliography = bibliography::extract_announcing(prose, |numbering| {
                let styles = citation::Styles::of_list(numbering.numbered, numbering.entries);
                citation::compile_ahead(styles, &prose.text);
            });
            if let Some(count) = bibliography.too_many {
                let reason = refusal(count, "reference entries", bibliography::MAX_ENTRIES);
                extracted.refused = Some(reason);
                return extracted;
            }
            let body = Span::new(0, bibliography.start.unwrap_or(prose.text.len()));
            (bibliography.references, body)
        }
    };
    // A bibliography database (a whole reference library) is trimmed to the cited entries
    // later; a document's own list is not.
    if !document.references_from_database && references.len() > bibliography::MAX_ENTRIES {
        let reason = refusal(references.len(), "references", bibliography::MAX_ENTRIES);
        extracted.refused = Some(reason);
        return extracted;
    }
    let citations = match document.citations {
        Some(keyed) => citation::keyed_citations(&extracted.source, keyed, &references),
        None => detect_citations(prose, body, &references),
    };
    if citations.len() > citation::MAX_CITATIONS {
        let reason = refusal(citations.len(), "citation markers", citation::MAX_CITATIONS);
        extracted.refused = Some(reason);
        return extracted;
    }
    extracted.sentences = split_sentences(&prose.text, body);
    extracted.references = references;
    extracted.citations = citations;
    extracted.prose = prose_view;
    extracted
}

/// Classifies what [`extract`] found and links it: each reference's design, the
/// manuscript's own reference-design directives, each citation's claim and the names in
/// author position.
pub fn classify(extracted: Extracted, rules: &RuleSet) -> (Checked, Directives) {
    let Extracted {
        source: original,
        prose: prose_view,
        mut references,
        mut citations,
        references_from_database,
        sentences,
        refused,
        ..
    } = extracted;
    if let Some(reason) = refused {
        let checked = Checked::new(original, Vec::new(), Vec::new(), Some(reason));
        return (checked, Directives::default());
    }
    let prose = prose_view.as_ref().unwrap_or(&original);
    for reference in &mut references {
        classify_reference(reference, &rules.lexicon);
        reference.line = original.line_of(reference.span.start);
    }
    let mut directives = directives::parse(&original);
    directives::apply_overrides(&mut directives, &mut references, &original);
    if references_from_database {
        keep_cited_entries(&mut references, &citations);
    }
    claims::classify_claims(prose, &sentences, &mut citations, &rules.lexicon);
    let mut previous = (0, original.position(0));
    for citation in &mut citations {
        let position = original.position_from(previous, citation.span.start);
        previous = (citation.span.start, position);
        citation.line = position.line;
        citation.column = position.column;
    }
    citation::attach_named_authors(prose, &mut citations);
    (
        Checked::new(original, references, citations, None),
        directives,
    )
}

/// Keeps the entries of a bibliography database that some citation names (resolved or
/// among an ambiguous citation's candidates): the manuscript's reference list, as BibTeX
/// and pandoc would print it.
fn keep_cited_entries(references: &mut Vec<Reference>, citations: &[Citation]) {
    let cited: crate::hashing::FastSet<&str> = citations
        .iter()
        .flat_map(|c| {
            c.refs
                .iter()
                .chain(c.ambiguous.iter().flat_map(|a| a.candidates.iter()))
        })
        .map(String::as_str)
        .collect();
    references.retain(|r| cited.contains(r.label.as_str()));
}

/// Citation markers found in plain text: numbered entries are cited by number, unnumbered
/// ones by author and year.
fn detect_citations(prose: &Source, body: Span, references: &[Reference]) -> Vec<Citation> {
    let numbered = references
        .iter()
        .filter(|r| r.label.parse::<u32>().is_ok())
        .count();
    let styles = citation::Styles::of_list(numbered, references.len());
    let mut citations = Vec::new();
    if styles.numeric {
        citations.extend(citation::numeric_citations(prose, body, references));
    }
    if styles.author_year {
        citations.extend(citation::author_year_citations(prose, body, references));
        citations.sort_by_key(|c| c.span.start);
    }
    citations
}

/// Checks one decoded document with one rule set and default settings.
pub fn check_document(document: Document, rules: &RuleSet) -> DocumentReport {
    check_document_with(document, rules, &Settings::default())
}

/// Checks one decoded document: rules, then the settings' select/ignore and severities,
/// then the manuscript's own suppressions.
pub fn check_document_with(
    document: Document,
    rules: &RuleSet,
    settings: &Settings,
) -> DocumentReport {
    check_extracted_with(extract(document), rules, settings)
}

/// Checks a document [`extract`] has read: classification, rules, then the settings'
/// select/ignore and severities, then the manuscript's own suppressions.
pub fn check_extracted_with(
    extracted: Extracted,
    rules: &RuleSet,
    settings: &Settings,
) -> DocumentReport {
    let (format, encoding) = (extracted.format, extracted.encoding);
    let (checked, mut directives) = classify(extracted, rules);
    if let Some(reason) = checked.refused {
        return DocumentReport {
            path: checked.source.path.clone(),
            format,
            language: "en",
            encoding,
            summary: SeverityCounts::default(),
            references: Vec::new(),
            citations: Vec::new(),
            findings: Vec::new(),
            source: checked.source,
            id: None,
            refused: Some(reason),
        };
    }
    let mut findings = engine::evaluate(rules, &checked);
    settings.apply(&mut findings);
    directives::suppress(&mut directives, &mut findings);
    findings.extend(directive_findings(
        rules,
        &directives,
        &checked.source,
        settings,
    ));
    findings
        .sort_by(|a, b| (a.span.start, &a.code, &a.refs).cmp(&(b.span.start, &b.code, &b.refs)));
    let language = match settings.language {
        LanguageHint::Auto => checked.source.language(),
        LanguageHint::En => "en",
        LanguageHint::Zh => "zh",
        LanguageHint::Mixed => "mixed",
    };
    DocumentReport {
        path: checked.source.path.clone(),
        format,
        language,
        encoding,
        summary: SeverityCounts::of(&findings),
        references: checked.references,
        citations: checked.citations,
        findings,
        source: checked.source,
        id: None,
        refused: None,
    }
}

/// Findings about the directives themselves: unused suppressions, unreadable directives.
fn directive_findings(
    rules: &RuleSet,
    directives: &Directives,
    source: &Source,
    settings: &Settings,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let rule_for = |check: Check| {
        rules
            .rules
            .iter()
            .find(|r| matches!(r.kind, RuleKind::Check(c) if c == check))
    };
    if let Some(rule) = rule_for(Check::UnusedSuppression) {
        for suppression in directives.suppressions.iter().filter(|s| !s.used) {
            let mut vars = Vars::new();
            vars.insert("directive", suppression.text.clone());
            out.push(engine::finish(
                rule,
                FindingDraft::at_span(suppression.span, vars, suppression.text.clone()),
                source,
            ));
        }
    }
    if let Some(rule) = rule_for(Check::InvalidDirective) {
        for invalid in &directives.invalid {
            let mut vars = Vars::new();
            vars.insert("directive", invalid.text.clone());
            vars.insert("reason", invalid.reason.clone());
            out.push(engine::finish(
                rule,
                FindingDraft::at_span(invalid.span, vars, invalid.text.clone()),
                source,
            ));
        }
    }
    settings.apply(&mut out);
    out
}
