//! Citation markers in the body and their links to bibliography entries.

pub mod numeric;

use std::collections::HashMap;

use crate::model::{Citation, Claim, Reference};
use crate::source::{Source, Span};

/// Finds the numeric citation markers of `body` and links each to its reference labels.
/// Claims are left empty here; the pipeline fills them from the sentence index.
pub fn numeric_citations(source: &Source, body: Span, references: &[Reference]) -> Vec<Citation> {
    let by_label: HashMap<&str, usize> = references
        .iter()
        .enumerate()
        .map(|(i, r)| (r.label.as_str(), i))
        .collect();
    let markers = numeric::select_majority(numeric::candidates(&source.text, body));
    markers
        .into_iter()
        .map(|marker| {
            let position = source.position(marker.span.start);
            let mut refs = Vec::new();
            let mut unresolved = Vec::new();
            for n in &marker.numbers {
                let label = n.to_string();
                if by_label.contains_key(label.as_str()) {
                    refs.push(label);
                } else {
                    unresolved.push(label);
                }
            }
            Citation {
                line: position.line,
                column: position.column,
                marker: source.slice(marker.span).to_owned(),
                refs,
                unresolved,
                span: marker.span,
                claim: Claim::default(),
            }
        })
        .collect()
}
