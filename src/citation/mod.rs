//! Citation markers in the body and their links to bibliography entries.

pub mod author_year;
pub mod han_surnames;
pub mod numeric;

use crate::hashing::FastMap;

use crate::ingest::KeyedCitation;
use crate::model::citation::{Ambiguous, NamedAuthor};
use crate::model::{Citation, Reference};
use crate::source::{Source, Span};
use crate::text::fold::squash_whitespace;

/// The most citations one document is checked with. A long review has a few thousand;
/// each costs about a kilobyte to classify and report, so a generated file of a million
/// markers would take gigabytes. Detection stops one past it, and the document is refused.
pub const MAX_CITATIONS: usize = 50_000;

/// The citation styles a document's markers are read in, by how its reference list is
/// numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styles {
    /// Numbered markers: where any entry is numbered, or there is no list.
    pub numeric: bool,
    /// Author–year markers: only where unnumbered entries are the majority, so that a
    /// stray unnumbered line in a numbered list does not turn "Medicine (2021)" into a
    /// citation.
    pub author_year: bool,
}

impl Styles {
    /// The styles for a list of `entries`, `numbered` of them labelled with a number.
    pub fn of_list(numbered: usize, entries: usize) -> Styles {
        Styles {
            numeric: numbered > 0 || entries == 0,
            author_year: numbered * 2 < entries,
        }
    }
}

/// Asks the start-up helper, if one serves, to compile the patterns that reading the
/// markers of `styles` in `text` will search with (see [`crate::text::compile_ahead`]):
/// those for text beyond ASCII only where `text` holds some. Where none serves (a corpus
/// run), `text` is not read.
pub fn compile_ahead(styles: Styles, text: &str) {
    use crate::text::compile_ahead::{ask, serving};
    if !serving() {
        return;
    }
    let ascii = text.is_ascii();
    if styles.numeric {
        ask(&[numeric::compile_patterns]);
        ask(author_year::named_patterns(ascii));
    }
    if styles.author_year {
        ask(author_year::marker_patterns(ascii));
    }
}

/// Finds the numeric citation markers of `body` and links each to its reference labels.
/// Claims are left empty here; the pipeline fills them from the sentence index.
pub fn numeric_citations(source: &Source, body: Span, references: &[Reference]) -> Vec<Citation> {
    let by_label: FastMap<&str, usize> = references
        .iter()
        .enumerate()
        .map(|(i, r)| (r.label.as_str(), i))
        .collect();
    let four_digits = references.iter().any(|r| r.label.len() >= 4);
    // The highest label of a list numbered 1, 2, 3 …: numbers in round brackets cite it.
    let listed = references
        .iter()
        .filter_map(|r| r.label.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let markers =
        numeric::select_majority(numeric::candidates(&source.text, body, four_digits), listed);
    markers
        .into_iter()
        .map(|marker| {
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
            Citation::at(
                marker.span,
                squash_whitespace(source.slice(marker.span)),
                refs,
                unresolved,
            )
        })
        .collect()
}

/// Citations the format adapter found with their keys (pandoc, `\cite`, JATS `xref`, Word
/// fields), linked to the entries with those labels.
pub fn keyed_citations(
    source: &Source,
    keyed: Vec<KeyedCitation>,
    references: &[Reference],
) -> Vec<Citation> {
    keyed
        .into_iter()
        .map(|k| {
            let (refs, unresolved): (Vec<String>, Vec<String>) = k
                .keys
                .into_iter()
                .partition(|key| references.iter().any(|r| &r.label == key));
            let shown = k
                .shown
                .unwrap_or_else(|| squash_whitespace(source.slice(k.span)));
            Citation::at(k.span, shown, refs, unresolved)
        })
        .collect()
}

/// Finds the author–year citations of `body` and links each item to an entry.
pub fn author_year_citations(
    source: &Source,
    body: Span,
    references: &[Reference],
) -> Vec<Citation> {
    let mut linker = author_year::Linker::new(references);
    author_year::markers(&source.text, body)
        .into_iter()
        .filter_map(|marker| {
            let mut citation = Citation::at(
                marker.span,
                squash_whitespace(source.slice(marker.span)),
                Vec::new(),
                Vec::new(),
            );
            for item in &marker.items {
                match linker.link(item) {
                    author_year::Link::Resolved(label) => {
                        if !citation.refs.contains(&label) {
                            citation.refs.push(label);
                        }
                    }
                    author_year::Link::Ambiguous(candidates) => {
                        citation.ambiguous.push(Ambiguous {
                            item: item.text.clone(),
                            candidates,
                        })
                    }
                    author_year::Link::Unresolved if item.group_author => {}
                    author_year::Link::Unresolved => citation.unresolved.push(item.text.clone()),
                }
            }
            // A group of group-author items of which none resolved cites nothing.
            let cites = !citation.refs.is_empty()
                || !citation.ambiguous.is_empty()
                || !citation.unresolved.is_empty();
            cites.then_some(citation)
        })
        .collect()
}

/// Attaches to each numbered citation the name in author position that stands before it
/// in its claim with no other marker in between ("Timmers等人的研究…⁽²⁰⁾").
pub fn attach_named_authors(source: &Source, citations: &mut [Citation]) {
    // Marker spans by start, with the furthest end among each prefix, to ask in log time
    // whether a marker before this one ends after a name.
    let mut spans: Vec<Span> = citations.iter().map(|c| c.span).collect();
    spans.sort_by_key(|s| s.start);
    let furthest_end: Vec<usize> = spans
        .iter()
        .scan(0, |furthest, s| {
            *furthest = s.end.max(*furthest);
            Some(*furthest)
        })
        .collect();
    for citation in citations.iter_mut() {
        // Author–year markers name their authors themselves; linking checks those.
        let keyed =
            citation.marker.starts_with(['\\', '@', '[']) && citation.marker.contains(['\\', '@']);
        if citation.marker.chars().any(char::is_alphabetic) && !keyed {
            continue;
        }
        let claim = citation.claim.span;
        if claim.is_empty() || !source.text.is_char_boundary(claim.start) {
            continue;
        }
        let before = Span::new(claim.start, citation.span.start.max(claim.start));
        let names = author_year::named_authors(source.slice(before), before.start);
        let Some(name) = names.into_iter().last() else {
            continue;
        };
        let before_marker = spans.partition_point(|s| s.start < citation.span.start);
        let marker_between = before_marker > 0 && furthest_end[before_marker - 1] > name.span.start;
        if marker_between {
            continue;
        }
        citation.named_author = Some(NamedAuthor {
            text: name.text,
            first: name.first,
            second: name.second,
            year: name.year,
            span: name.span,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_in_the_styles_the_list_is_numbered_in() {
        let numeric = Styles {
            numeric: true,
            author_year: false,
        };
        assert_eq!(Styles::of_list(0, 0), numeric, "no list: numbers only");
        assert_eq!(Styles::of_list(30, 30), numeric);
        assert_eq!(Styles::of_list(28, 30), numeric, "a stray unnumbered line");
        assert_eq!(
            Styles::of_list(0, 30),
            Styles {
                numeric: false,
                author_year: true
            }
        );
        assert_eq!(
            Styles::of_list(10, 30),
            Styles {
                numeric: true,
                author_year: true
            },
            "a numbered minority: both"
        );
    }
}
