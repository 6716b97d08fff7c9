//! The manuscript's own study in a claim: the design, phase and study words that an
//! own-study lead governs ("our phase II trial", "we conducted a randomized controlled
//! trial", "the present study", "this is the first case report") describe the work the
//! sentence is written in, not the work it cites, and so assert nothing about the citation.

use crate::evidence::lexicon::{CueKind, CueMatch, Modifier};
use crate::text::is_han;
use crate::text::white_space::FastTrim;

/// How many words may stand between a lead and the first cue it governs ("our
/// multicentre, double-blind trial"); later cues of the same phrase follow at most one word
/// apart and with no comma between ("phase II randomized controlled trial").
const FIRST_GAP_WORDS: usize = 3;
const NEXT_GAP_WORDS: usize = 1;

/// Words that end the lead's noun phrase before a cue: a preposition, a verb of being or
/// of agreeing, or a noun that makes the phrase about something else ("our results confirm
/// a phase II trial", "our previous trial [3]", "to our knowledge").
const PHRASE_BREAKERS: [&str; 36] = [
    "with",
    "to",
    "of",
    "in",
    "on",
    "for",
    "that",
    "than",
    "by",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "which",
    "who",
    "results",
    "findings",
    "data",
    "observations",
    "work",
    "group",
    "knowledge",
    "previous",
    "previously",
    "earlier",
    "prior",
    "confirm",
    "confirms",
    "support",
];

/// The same in Chinese, where words run together: 结果 (results), 与 (with), 既往
/// (previous), 参照 (following) …
const HAN_PHRASE_BREAKERS: [&str; 13] = [
    "与", "和", "同", "结果", "既往", "以往", "前期", "参照", "参考", "根据", "按照", "显示",
    "表明",
];

/// How many Han characters stand for one word of the gaps above.
const HAN_CHARS_PER_WORD: usize = 2;

/// Whether a cue can name a study: a design, a phase or a study word.
fn names_a_study(m: &CueMatch) -> bool {
    match m.kind {
        CueKind::Design(_) | CueKind::Phase(_) => true,
        CueKind::Signal(signal) => signal == "study",
        _ => false,
    }
}

/// Whether `between` (the text from a lead or a governed cue to the next cue) keeps them in
/// one noun phrase: at most `most` words, none of them a phrase breaker, no clause or
/// citation punctuation, and after the first cue no comma ("our trial, patients …").
fn one_phrase(between: &str, most: usize, first: bool) -> bool {
    if between.contains([';', ':', '.', '(', '[', '；', '：', '。', '（']) {
        return false;
    }
    if !first && between.contains([',', '，']) {
        return false;
    }
    if between.chars().any(is_han) {
        let characters = between.chars().filter(|c| !c.is_whitespace()).count();
        return characters <= most * HAN_CHARS_PER_WORD
            && !HAN_PHRASE_BREAKERS.iter().any(|b| between.contains(b));
    }
    let words: Vec<&str> = between
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .filter(|w| !w.is_empty())
        .collect();
    words.len() <= most
        && !words
            .iter()
            .any(|w| PHRASE_BREAKERS.iter().any(|b| w.eq_ignore_ascii_case(b)))
}

/// Whether a citation marker follows `at` at once: "our previous trial [3]" and "the
/// current phase III trial (Lee 2020)" name the cited work, not the manuscript's own.
fn marker_follows(text: &str, at: usize) -> bool {
    let rest = text[at..].fast_trim_start();
    rest.starts_with([
        '[', '(', '（', '⁽', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹',
    ])
}

/// For each of `matches` (in text order), whether an own-study lead governs it, or for a
/// lead, whether it governs anything. The leads are `own-study` modifier cues; a lead
/// governs the study cues that overlap it ("we randomised") and those of the noun phrase
/// after it, unless a citation marker closes that phrase. With no lead among `matches`
/// nothing is governed, and the list is empty (most claims have none).
pub fn governed_by_own_study(text: &str, matches: &[CueMatch]) -> Vec<bool> {
    let is_lead = |m: &CueMatch| matches!(m.kind, CueKind::Modifier(Modifier::OwnStudy));
    if !matches.iter().any(is_lead) {
        return Vec::new();
    }
    let mut governed = vec![false; matches.len()];
    for (lead_index, lead) in matches.iter().enumerate().filter(|(_, m)| is_lead(m)) {
        let mut phrase: Vec<usize> = Vec::new();
        let mut at = lead.end;
        for (index, m) in matches.iter().enumerate() {
            if !names_a_study(m) || m.end <= lead.start {
                continue;
            }
            if m.start < lead.end {
                phrase.push(index);
                continue;
            }
            if m.start < at {
                // Inside a cue already taken ("randomized" in "randomized controlled trial").
                phrase.push(index);
                at = at.max(m.end);
                continue;
            }
            let first = at == lead.end;
            let most = if first {
                FIRST_GAP_WORDS
            } else {
                NEXT_GAP_WORDS
            };
            if !one_phrase(&text[at..m.start], most, first) {
                break;
            }
            phrase.push(index);
            at = m.end;
        }
        // A Chinese lead holds its study word (本研究, 本试验), which the segmenter keeps
        // inside it: the lead is the whole phrase.
        if lead.shown.chars().any(is_han) {
            governed[lead_index] = true;
        }
        if phrase.is_empty() || (at > lead.end && marker_follows(text, at)) {
            continue;
        }
        governed[lead_index] = true;
        for index in phrase {
            governed[index] = true;
        }
    }
    governed
}

#[cfg(test)]
mod tests {
    use crate::evidence::claim::claim_of;
    use crate::model::Design;

    #[test]
    fn the_manuscripts_own_study_asserts_nothing_about_the_citation() {
        for text in [
            "We conducted a randomized controlled trial in patients, following the approach of [1].",
            "To our knowledge, this is the first case report of the syndrome in an adult [1].",
            "Our multicentre, double-blind, randomised trial enrolled 200 patients, as others did [1].",
            "In the present study, patients improved, as in earlier reports [1].",
            "Here we report a phase II trial in patients with heart failure, unlike [1].",
            "本研究中，患者的症状明显改善[1]。",
            "本研究为一项多中心随机对照试验，入组标准参照文献[1]。",
        ] {
            let claim = claim_of(text);
            assert!(claim.designs.is_empty(), "{text}: {:?}", claim.designs);
            assert!(claim.phase.is_none(), "{text}");
            assert!(
                claim
                    .evidence
                    .iter()
                    .any(|e| e.ends_with("(the manuscript's own study)")),
                "{text}: {:?}",
                claim.evidence
            );
        }
    }

    #[test]
    fn a_study_named_with_a_citation_or_after_other_words_is_the_cited_one() {
        for (text, design) in [
            (
                "Our previous phase II trial [1] showed benefit in patients.",
                Design::ClinicalTrial,
            ),
            (
                "Our results confirm a randomized trial in patients [1].",
                Design::Rct,
            ),
            (
                "Our group reported a randomized trial in patients [1].",
                Design::Rct,
            ),
            (
                "The current phase III trial (NCT01234567) is recruiting patients [1].",
                Design::ClinicalTrial,
            ),
            (
                "To our knowledge, a randomized trial has shown benefit in patients [1].",
                Design::Rct,
            ),
            (
                "In this randomized trial, patients improved [1].",
                Design::Rct,
            ),
            (
                "Our trial, a randomized trial in patients [1], differed.",
                Design::Rct,
            ),
            ("本研究结果与既往动物实验结果一致[1]。", Design::Animal),
            ("本研究结果与一项随机对照试验一致[1]。", Design::Rct),
        ] {
            let claim = claim_of(text);
            assert!(
                claim.designs.contains(&design),
                "{text}: {:?}",
                claim.designs
            );
        }
    }
}
