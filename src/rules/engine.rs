//! The rule engine: runs structure checks and evidence conditions over a checked document
//! and turns their drafts into located, fingerprinted findings.

use sha2::{Digest, Sha256};

use crate::check::Checked;
use crate::model::finding::RelatedSpan;
use crate::model::{Citation, Claim, Design, Finding, Reference, Severity};
use crate::rules::{Condition, Rule, RuleKind, RuleSet, phase_text};
use crate::source::{Source, Span};
use crate::text::fold::fold_for_compare;

/// Template variables for a rule's message and help: a dozen at most, so a list searched
/// in order, which a finding fills without the key comparisons of a sorted map.
#[derive(Debug, Clone)]
pub struct Vars(Vec<(&'static str, String)>);

impl Default for Vars {
    fn default() -> Self {
        Vars::new()
    }
}

impl Vars {
    /// Room for the dozen a rule fills, so that filling them never grows the list.
    pub fn new() -> Self {
        Vars(Vec::with_capacity(12))
    }

    /// Sets `key` to `value`, replacing the value it had.
    pub fn insert(&mut self, key: &'static str, value: String) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    fn get(&self, key: &str) -> Option<&String> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Replaces each `{key}` in `template` with its value, in one pass: values are never
    /// read as templates themselves. Unknown keys stay as written.
    pub fn render(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match memchr::memchr(b'}', after.as_bytes())
                .and_then(|close| Some((close, self.get(&after[..close])?)))
            {
                Some((close, value)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// A finding before the rule's wording and the location are applied.
#[derive(Debug, Clone)]
pub struct FindingDraft {
    pub span: Span,
    pub refs: Vec<String>,
    pub vars: Vars,
    pub severity: Option<Severity>,
    pub related: Option<(String, Span)>,
    /// The text the fingerprint is built from (the claim, the entry …).
    pub fingerprint_text: Option<String>,
}

impl FindingDraft {
    pub fn at_citation(citation: &Citation, refs: Vec<String>, vars: Vars) -> Self {
        FindingDraft {
            span: citation.span,
            refs,
            vars,
            severity: None,
            related: None,
            fingerprint_text: Some(citation.claim.text.clone()),
        }
    }

    /// A finding at an arbitrary place (a directive comment).
    pub fn at_span(span: Span, vars: Vars, fingerprint_text: String) -> Self {
        FindingDraft {
            span,
            refs: Vec::new(),
            vars,
            severity: None,
            related: None,
            fingerprint_text: Some(fingerprint_text),
        }
    }

    pub fn at_reference(reference: &Reference, vars: Vars) -> Self {
        FindingDraft {
            span: reference.label_span,
            refs: vec![reference.label.clone()],
            vars,
            severity: None,
            related: None,
            fingerprint_text: Some(reference.raw.clone()),
        }
    }
}

/// Runs every rule of `rules` over `doc`, in rule order (the caller sorts the final list).
pub fn evaluate(rules: &RuleSet, doc: &Checked) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in &rules.rules {
        let drafts = match &rule.kind {
            RuleKind::Check(check) => check.run(doc),
            RuleKind::Evidence(condition) => evidence_drafts(condition, doc),
        };
        findings.extend(drafts.into_iter().map(|d| finish(rule, d, &doc.source)));
    }
    findings
}

fn evidence_drafts(condition: &Condition, doc: &Checked) -> Vec<FindingDraft> {
    let mut out = Vec::new();
    for citation in &doc.citations {
        if !citation.claim.asserts_evidence() {
            continue;
        }
        for label in &citation.refs {
            let Some(reference) = doc.reference(label) else {
                continue;
            };
            if let Some(draft) = match_condition(condition, citation, reference) {
                out.push(draft);
            }
        }
    }
    out
}

/// The claim design a condition is about (the first the claim asserts that it names).
fn claimed_design(condition: &Condition, claim: &Claim) -> Option<Design> {
    if condition.claim_designs.is_empty() {
        return claim.designs.first().copied();
    }
    claim
        .designs
        .iter()
        .copied()
        .find(|d| condition.claim_designs.contains(d))
}

fn match_condition(
    condition: &Condition,
    citation: &Citation,
    reference: &Reference,
) -> Option<FindingDraft> {
    let claim = &citation.claim;
    let claimed = claimed_design(condition, claim)?;
    if condition
        .max_cited_works
        .is_some_and(|most| citation.refs.len() + citation.unresolved.len() > most)
    {
        return None;
    }
    if condition
        .claim_population
        .is_some_and(|p| claim.population != Some(p))
    {
        return None;
    }
    if condition.claim_one_study && claim.several {
        return None;
    }
    if condition.claim_outcome_only != claim.outcome_only {
        return None;
    }
    if !condition.cited_designs.is_empty() && !condition.cited_designs.contains(&reference.design) {
        return None;
    }
    if condition.claim_silent_on_cited && claim.designs.contains(&reference.design) {
        return None;
    }
    if reference.confidence < condition.min_confidence {
        return None;
    }
    if !condition
        .cited_signals
        .iter()
        .all(|s| reference.has_signal(s))
    {
        return None;
    }
    if condition
        .cited_without_signals
        .iter()
        .any(|s| reference.has_signal(s))
    {
        return None;
    }
    if condition
        .cited_without_population
        .is_some_and(|p| reference.population == Some(p))
    {
        return None;
    }
    if condition
        .cited_pools
        .is_some_and(|p| reference.pools != Some(p))
    {
        return None;
    }
    if condition.phase_differs {
        match (claim.phase, reference.phase) {
            (Some(a), Some(b)) if !a.shares_a_stage_with(b) => {}
            _ => return None,
        }
    }
    let mut vars = Vars::new();
    let claimed_text = match (claimed, claim.phase) {
        (Design::ClinicalTrial | Design::Rct, Some(phase)) => {
            format!("a phase {} trial", phase.id())
        }
        _ if claim.outcome_only => "an outcome in patients".to_owned(),
        _ => claimed.describe().to_owned(),
    };
    vars.insert("claimed", claimed_text);
    vars.insert("claim_cues", claim.evidence.join(", "));
    vars.insert("label", reference.label.clone());
    vars.insert("cited", reference.design.describe().to_owned());
    vars.insert("cited_cues", cited_cues(reference));
    vars.insert("claim_phase", phase_text(claim.phase).to_owned());
    vars.insert("cited_phase", phase_text(reference.phase).to_owned());
    vars.insert(
        "cited_phase_cue",
        reference
            .phase_cue
            .clone()
            .or_else(|| {
                reference
                    .evidence
                    .first()
                    .filter(|_| reference.user_asserted)
                    .cloned()
            })
            .unwrap_or_else(|| "no phase cue".to_owned()),
    );
    vars.insert("confidence", format!("{:.1}", reference.confidence));
    vars.insert(
        "title",
        reference
            .title
            .clone()
            .unwrap_or_else(|| reference.raw.clone()),
    );
    let mut draft = FindingDraft::at_citation(citation, vec![reference.label.clone()], vars);
    if condition
        .warning_below
        .is_some_and(|limit| reference.confidence < limit)
    {
        draft.severity = Some(Severity::Warning);
    }
    draft.related = Some((
        format!(
            "reference {}: {} ({})",
            reference.label,
            reference.design.id(),
            reference.evidence.first().map_or("no cue", String::as_str)
        ),
        reference.label_span,
    ));
    Some(draft)
}

/// The cues that explain a cited work's classification: the design cue, or for works of
/// unknown design, the wording that was found instead.
fn cited_cues(reference: &Reference) -> String {
    match (reference.design, reference.evidence.first()) {
        (_, None) => "no design cue".to_owned(),
        (Design::Unknown, Some(_)) => reference.evidence.join(", "),
        (_, Some(first)) => first.clone(),
    }
}

/// Locates, words and fingerprints one draft of `rule`.
pub fn finish(rule: &Rule, draft: FindingDraft, source: &Source) -> Finding {
    let start = source.position(draft.span.start);
    let end = source.position_from((draft.span.start, start), draft.span.end);
    let severity = match draft.severity {
        Some(lowered) => lowered.min(rule.severity),
        None => rule.severity,
    };
    Finding {
        code: rule.code.clone(),
        rule: rule.name.clone(),
        category: rule.category,
        severity,
        message: draft.vars.render(&rule.message),
        help: draft.vars.render(&rule.help),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        span: draft.span,
        refs: draft.refs.clone(),
        fingerprint: fingerprint(
            &source.path,
            &rule.code,
            draft.fingerprint_text.as_deref().unwrap_or(""),
            &draft.refs,
        ),
        related: draft.related.map(|(label, span)| RelatedSpan {
            label,
            line: source.line_of(span.start),
            span,
        }),
    }
}

/// A line-independent fingerprint: path, rule, folded claim or entry text, and refs.
pub fn fingerprint(path: &str, code: &str, text: &str, refs: &[String]) -> String {
    let mut hasher = Sha256::new();
    for part in [path, code, &fold_for_compare(text)] {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    // The refs joined by commas, without joining them.
    for (index, label) in refs.iter().enumerate() {
        if index > 0 {
            hasher.update(b",");
        }
        hasher.update(label.as_bytes());
    }
    hasher.update([0u8]);
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(16);
    for byte in &hasher.finalize()[..8] {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 15)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vars_fill_templates_once_and_keep_unknown_keys() {
        let mut vars = Vars::new();
        vars.insert("label", "smith2019".to_owned());
        vars.insert("cited", "a {label} review".to_owned());
        vars.insert("label", "lee2020".to_owned());
        assert_eq!(
            vars.render("{label} is {cited}; {unknown} {label"),
            "lee2020 is a {label} review; {unknown} {label",
            "the last value of a key, values not read as templates, unknown keys as written"
        );
        assert_eq!(vars.render("no keys"), "no keys");
    }

    #[test]
    fn fingerprints_hash_the_refs_as_joined_by_commas() {
        let joined = |refs: &[String]| {
            let mut hasher = Sha256::new();
            for part in ["a.md", "EV001", "a phase ii trial", &refs.join(",")] {
                hasher.update(part.as_bytes());
                hasher.update([0u8]);
            }
            hasher.finalize()[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        for refs in [
            vec![],
            vec!["1".to_owned()],
            vec!["1".to_owned(), "2".to_owned(), "x".to_owned()],
        ] {
            assert_eq!(
                fingerprint("a.md", "EV001", "A Phase II trial.", &refs),
                joined(&refs)
            );
        }
    }
}
