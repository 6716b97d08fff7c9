//! A bibliography entry: its raw text and location, the parsed fields, and the study design
//! the evidence engine assigned to it with the cues that produced it.

use serde::Serialize;

use crate::model::{Design, Phase, Population};
use crate::source::Span;

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    /// The label as the bibliography numbers it ("21"), or a stable author–year label.
    pub label: String,
    pub line: usize,
    pub raw: String,
    pub authors: Vec<String>,
    pub year: Option<u16>,
    pub title: Option<String>,
    pub container: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    /// GB/T 7714 document type code: "J", "M", "J/OL", "EB/OL" …
    pub type_code: Option<String>,
    pub design: Design,
    pub phase: Option<Phase>,
    pub population: Option<Population>,
    pub confidence: f32,
    /// What a meta-analysis or systematic review pools, when its title says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pools: Option<Population>,
    /// Signals that are not designs: "basic-science", "non-randomised", "cells-from-patients".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    pub evidence: Vec<String>,
    /// The cue that gave `phase` (also in `evidence`), for messages about the phase.
    #[serde(skip)]
    pub phase_cue: Option<String>,
    /// The design was stated by a `citelint: ref … is …` directive in the manuscript.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub user_asserted: bool,
    /// The whole entry, label included.
    pub span: Span,
    /// The label's own span (where findings about the entry point).
    #[serde(skip)]
    pub label_span: Span,
}

impl Reference {
    pub fn new(label: String, raw: String, span: Span, label_span: Span) -> Self {
        Reference {
            label,
            line: 0,
            raw,
            authors: Vec::new(),
            year: None,
            title: None,
            container: None,
            volume: None,
            issue: None,
            pages: None,
            doi: None,
            pmid: None,
            type_code: None,
            design: Design::Unknown,
            phase: None,
            population: None,
            confidence: 0.0,
            pools: None,
            signals: Vec::new(),
            evidence: Vec::new(),
            phase_cue: None,
            user_asserted: false,
            span,
            label_span,
        }
    }

    pub fn has_signal(&self, signal: &str) -> bool {
        self.signals.iter().any(|s| s == signal)
    }
}
