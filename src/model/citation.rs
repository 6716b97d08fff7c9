//! An in-text citation marker, the reference labels it points to, and the claim (the
//! sentence holding the marker) with what kind of evidence it asserts.

use serde::Serialize;

use crate::model::{Design, Phase, Population};
use crate::source::Span;

#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub line: usize,
    pub column: usize,
    pub marker: String,
    pub refs: Vec<String>,
    /// Labels the marker names that the bibliography does not hold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<String>,
    /// Author–year items that match several entries, with the candidate labels.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<Ambiguous>,
    /// A name in author position in the claim, before this (numbered) marker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub named_author: Option<NamedAuthor>,
    pub span: Span,
    pub claim: Claim,
}

impl Citation {
    /// A citation at `span`, written `marker`, before its claim is known. Line and column
    /// are set with the claim, once every citation of the document is known.
    pub fn at(span: Span, marker: String, refs: Vec<String>, unresolved: Vec<String>) -> Self {
        Citation {
            line: 0,
            column: 0,
            marker,
            refs,
            unresolved,
            ambiguous: Vec::new(),
            named_author: None,
            span,
            claim: Claim::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Ambiguous {
    pub item: String,
    pub candidates: Vec<String>,
}

/// "Smith et al.", "Tjalsma等人", "Hare and colleagues (2012)" as written in the claim.
#[derive(Debug, Clone, Serialize)]
pub struct NamedAuthor {
    pub text: String,
    pub first: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub second: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Claim {
    pub text: String,
    pub span: Span,
    pub designs: Vec<Design>,
    pub phase: Option<Phase>,
    pub population: Option<Population>,
    pub negated: bool,
    pub hedged: bool,
    /// States a need ("trials are needed") rather than evidence.
    pub need: bool,
    /// Asserts clinical and preclinical work at once; evidence rules leave it alone.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mixed: bool,
    /// Speaks of several studies and of no one study ("randomized trials have shown",
    /// 多项研究表明): no single study's result, so citing a review for it is no mismatch.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub several: bool,
    /// Cites a method or protocol ("as described previously", 参照文献方法), not a result;
    /// evidence rules leave it alone.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub method: bool,
    /// States only an outcome in people ("mortality in patients with sepsis", 患者死亡率),
    /// with no design or study word: read as a study in patients, which only rules that ask
    /// for such claims (`claim_outcome_only`) compare.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub outcome_only: bool,
    pub evidence: Vec<String>,
}

impl Claim {
    /// True when the claim asserts evidence that rules may compare against the citation.
    pub fn asserts_evidence(&self) -> bool {
        !self.designs.is_empty() && !self.negated && !self.need && !self.mixed && !self.method
    }
}
