//! Which text each citation claims, and what the claim asserts. With one marker in a
//! sentence the claim is the sentence; with several, each marker claims its own stretch;
//! a stretch that only continues the sentence before it ("However, further research is
//! needed [31]") reaches back over the uncited sentences of its paragraph.

use crate::evidence::claim::classify_claim;
use crate::evidence::lexicon::Lexicon;
use crate::model::{Citation, Claim};
use crate::source::{Source, Span};

/// Classifies every citation's claim in `prose`, whose sentences are `sentences`.
pub(super) fn classify_claims(
    prose: &Source,
    sentences: &[Span],
    citations: &mut [Citation],
    lexicon: &Lexicon,
) {
    // Each citation's sentence, found once.
    let placed: Vec<Option<usize>> = citations
        .iter()
        .map(|c| sentence_index(sentences, c.span))
        .collect();
    let mut cited_sentences = vec![false; sentences.len()];
    for index in placed.iter().flatten() {
        cited_sentences[*index] = true;
    }
    let mut marker_spans: Vec<Span> = citations.iter().map(|c| c.span).collect();
    marker_spans.sort_by_key(|s| s.start);
    for (citation, sentence) in citations.iter_mut().zip(placed) {
        citation.claim = match sentence {
            Some(index) => claim_for(
                prose,
                sentences,
                &cited_sentences,
                &marker_spans,
                index,
                citation.span,
                lexicon,
            ),
            None => classify_claim(prose.slice(citation.span), citation.span, lexicon),
        };
    }
}

/// The sentence holding `marker`, if one does.
fn sentence_index(sentences: &[Span], marker: Span) -> Option<usize> {
    let index = sentences.partition_point(|s| s.end <= marker.start);
    sentences
        .get(index)
        .filter(|s| s.start <= marker.start)
        .map(|_| index)
}

/// How many uncited sentences before the cited one a claim may reach back over.
const CLAIM_LOOKBACK: usize = 2;

/// The claim of the citation at `marker` in sentence `index`.
///
/// With one marker in the sentence, the claim is the sentence. With several, each marker
/// claims its own stretch: from the previous marker (or the sentence start) to this marker,
/// and the last marker to the sentence end ("A phase II trial [1]; earlier work agrees [2]"
/// gives [2] no trial claim). When the first stretch asserts no design and opens with a
/// continuation ("…；不过，远期疗效仍有待观察⁽¹⁰⁾"), the uncited sentences of the same paragraph
/// just before it, which state the result it supports, join the claim. `markers` are every
/// citation marker's span, sorted by start.
fn claim_for(
    source: &Source,
    sentences: &[Span],
    cited: &[bool],
    markers: &[Span],
    index: usize,
    marker: Span,
    lexicon: &Lexicon,
) -> Claim {
    let sentence = sentences[index];
    let in_sentence = &markers[markers.partition_point(|m| m.start < sentence.start)
        ..markers.partition_point(|m| m.start < sentence.end)];
    // Markers are sorted by start: a binary search keeps a sentence of many markers linear.
    let first_at = in_sentence.partition_point(|m| m.start < marker.start);
    let position = if in_sentence.get(first_at) == Some(&marker) {
        first_at
    } else {
        in_sentence.iter().position(|m| *m == marker).unwrap_or(0)
    };
    let start = if position == 0 {
        sentence.start
    } else {
        in_sentence[position - 1].end
    };
    let end = if position + 1 == in_sentence.len() {
        sentence.end
    } else {
        marker.end
    };
    let own = Span::new(start, end);
    let claim = classify_claim(source.slice(own), own, lexicon);
    // Reach back only when the cited stretch continues the sentence before ("However,
    // further research is needed [31]"); a fresh sentence stands on its own.
    if !claim.designs.is_empty()
        || position > 0
        || !lexicon.opens_with_continuation(source.slice(own))
    {
        return claim;
    }
    let mut first = index;
    while first > 0 && index - (first - 1) <= CLAIM_LOOKBACK {
        let previous = sentences[first - 1];
        let gap = &source.text[previous.end..sentences[first].start];
        if cited[first - 1] || holds_blank_line(gap) {
            break;
        }
        first -= 1;
    }
    if first == index {
        return claim;
    }
    let span = Span::new(sentences[first].start, own.end);
    let extended = classify_claim(source.slice(span), span, lexicon);
    if extended.designs.is_empty() {
        claim
    } else {
        extended
    }
}

/// Whether `gap` holds a blank line: "\n\n" or "\n\r\n".
fn holds_blank_line(gap: &str) -> bool {
    let bytes = gap.as_bytes();
    memchr::memchr_iter(b'\n', bytes)
        .any(|at| matches!(bytes.get(at + 1..), Some([b'\n', ..] | [b'\r', b'\n', ..])))
}

#[cfg(test)]
mod tests {
    use super::holds_blank_line;

    /// A blank line is found as the two substring searches it replaces found it.
    #[test]
    fn a_blank_line_is_two_line_breaks_with_at_most_a_return_between() {
        let pieces = ["\n", "\r", " ", "x", "\r\n", "\n\n"];
        let mut blank = 0;
        for gap in crate::text::generated_strings(&pieces, 5_000, 6, 0xb1a4c) {
            let expected = gap.contains("\n\n") || gap.contains("\n\r\n");
            assert_eq!(holds_blank_line(&gap), expected, "{gap:?}");
            blank += usize::from(expected);
        }
        assert!(blank > 1_000 && blank < 4_500, "{blank}");
    }
}
