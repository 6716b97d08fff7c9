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
    pub span: Span,
    pub claim: Claim,
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
    pub evidence: Vec<String>,
}

impl Claim {
    /// True when the claim asserts evidence that rules may compare against the citation.
    pub fn asserts_evidence(&self) -> bool {
        !self.designs.is_empty() && !self.negated && !self.need && !self.mixed
    }
}
