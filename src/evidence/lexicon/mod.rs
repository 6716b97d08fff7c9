//! The compiled cue lexicon: every cue literal in one Aho–Corasick automaton, confirmed by
//! ASCII word boundaries for Latin cues and by jieba word boundaries for Chinese cues (so
//! 临床 inside 临床前 is no cue), plus a few regular-expression cues. Never Unicode `\b`.
//! `cue` holds the types of what it holds and finds; `automaton` builds the automaton
//! and `scan` steps it.

mod automaton;
mod cue;
mod prebuilt;
mod scan;

use std::cell::RefCell;
use std::sync::OnceLock;

use aho_corasick::MatchKind;
use aho_corasick::nfa::contiguous;

use automaton::CueAutomaton;

use crate::evidence::segmenter::Segmenter;
use crate::model::Design;
use crate::text::{is_han, with_ascii_lowercase};

pub use cue::{
    Cue, CueKind, CueMatch, CueRegex, Field, Modifier, PatternCue, Scope, Strength, Target,
};
use scan::each_overlapping_match;

/// Every cue of the rule files, compiled for one pass over a text.
#[derive(Debug)]
pub struct Lexicon {
    /// The cues; the automaton's patterns are these terms, then the extra segmenter words,
    /// then the pattern cues' `requires` literals (from `gates_from`).
    cues: Vec<Cue>,
    /// The automaton pattern index of the first `requires` literal.
    gates_from: usize,
    /// For each pattern cue with `requires` literals, the bit they set in a search's gate
    /// mask (the 128th such cue and those after it share bit 127, which never closes a
    /// gate).
    gate_bits: Vec<Option<u128>>,
    /// For each `requires` literal in automaton order, its pattern cue's gate bit.
    literal_gate_bits: Vec<u128>,
    /// For each cue, what a match of it needs checked, in one byte ([`CueFlags`]): a match
    /// of a cue that does not apply to the text searched is dropped without reading the
    /// cue itself, and two in five matches are.
    cue_flags: Vec<CueFlags>,
    patterns: Vec<PatternCue>,
    automaton: CueSearch,
    /// The automaton's patterns in order, for the tests' oracles.
    #[cfg(test)]
    automaton_terms: Vec<String>,
    segmenter_words: Vec<String>,
    segmenter: OnceLock<Segmenter>,
    /// The continuation cues' terms in ASCII lower case, one of which every continuation
    /// match opens the text with; `None` when a pattern cue is a continuation, which may
    /// open it with anything.
    continuation_terms: Option<Vec<String>>,
}

/// What searches a text for the lexicon's terms.
#[derive(Debug)]
enum CueSearch {
    /// The cue automaton, a DFA: built by the build script for the built-in rules, and at
    /// run time (1–2 ms) for a rule set with cues of its own.
    Dfa(CueAutomaton),
    /// aho-corasick's contiguous NFA, for a rule set whose DFA would be too large.
    Nfa(contiguous::NFA),
}

/// aho-corasick's NFA of the automaton's terms (in ASCII lower case): every overlapping
/// match, as the cue automaton finds them.
fn cue_nfa(terms: &[String]) -> contiguous::NFA {
    contiguous::Builder::new()
        .match_kind(MatchKind::Standard)
        .build(terms)
        .expect("cue automaton builds")
}

impl Lexicon {
    pub fn build(cues: Vec<Cue>, patterns: Vec<PatternCue>, extra_words: Vec<String>) -> Lexicon {
        // The segmenter's own words ride along in the automaton, so one pass also shows
        // where a dictionary word could straddle a cue's edge. An empty word is no word.
        let extra_words: Vec<String> = extra_words.into_iter().filter(|w| !w.is_empty()).collect();
        let gates_from = cues.len() + extra_words.len();
        let automaton_terms: Vec<String> = cues
            .iter()
            .map(|c| c.term.clone())
            .chain(extra_words.iter().cloned())
            .chain(patterns.iter().flat_map(|p| p.requires.iter().cloned()))
            .map(|term| term.to_ascii_lowercase())
            .collect();
        // The built-in rules' automaton comes ready-made with the binary.
        let automaton = match prebuilt::automaton_for(&automaton_terms)
            .or_else(|| CueAutomaton::build(&automaton_terms))
        {
            Some(dfa) => CueSearch::Dfa(dfa),
            None => CueSearch::Nfa(cue_nfa(&automaton_terms)),
        };
        let cue_flags: Vec<CueFlags> = cues.iter().map(CueFlags::of).collect();
        // The Han cues, which the flags already tell, are segmenter words.
        let mut segmenter_words: Vec<String> = cues
            .iter()
            .zip(&cue_flags)
            .filter(|(_, flags)| flags.has(CueFlags::HAN))
            .map(|(c, _)| c.term.clone())
            .chain(extra_words)
            .collect();
        segmenter_words.sort();
        segmenter_words.dedup();
        let mut gates = 0u32;
        let gate_bits: Vec<Option<u128>> = patterns
            .iter()
            .map(|p| {
                (!p.requires.is_empty()).then(|| {
                    gates += 1;
                    1u128 << (gates - 1).min(127)
                })
            })
            .collect();
        let literal_gate_bits = patterns
            .iter()
            .zip(&gate_bits)
            .flat_map(|(p, bit)| p.requires.iter().map(move |_| bit.unwrap_or(0)))
            .collect();
        let is_continuation = |kind: &CueKind| *kind == CueKind::Modifier(Modifier::Continuation);
        let continuation_terms = (!patterns.iter().any(|p| is_continuation(&p.kind))).then(|| {
            cues.iter()
                .filter(|c| is_continuation(&c.kind))
                .map(|c| c.term.to_ascii_lowercase())
                .collect()
        });
        Lexicon {
            #[cfg(test)]
            automaton_terms,
            cues,
            gates_from,
            gate_bits,
            literal_gate_bits,
            cue_flags,
            patterns,
            automaton,
            segmenter_words,
            segmenter: OnceLock::new(),
            continuation_terms,
        }
    }

    /// The pattern cues' regular expressions, to compile elsewhere (on the rules thread)
    /// before a search asks for them: [`CueRegex::get`] on each.
    pub fn pattern_regexes(&self) -> Vec<CueRegex> {
        self.patterns.iter().map(|p| p.regex.clone()).collect()
    }

    /// Whether cues are searched with the cue automaton (a DFA), not aho-corasick's NFA.
    pub fn searches_with_dfa(&self) -> bool {
        matches!(self.automaton, CueSearch::Dfa(_))
    }

    /// Whether `text` opens with a continuation word ("However", "这", "然而").
    ///
    /// A match there opens the text with its term, in any ASCII case: the text is searched
    /// only when a continuation term opens it, and most claims open with none.
    pub fn opens_with_continuation(&self, text: &str) -> bool {
        let trimmed = text
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '(' | '（'));
        let opens_with_term = |term: &String| {
            trimmed
                .as_bytes()
                .get(..term.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(term.as_bytes()))
        };
        if let Some(terms) = &self.continuation_terms
            && !terms.iter().any(opens_with_term)
        {
            return false;
        }
        self.continuation_found_at_opening(text, text.len() - trimmed.len())
    }

    /// Whether a search of `text`'s first words finds a continuation cue at `offset`.
    fn continuation_found_at_opening(&self, text: &str, offset: usize) -> bool {
        // Only the opening words matter: the longest continuation cue is short.
        let mut end = (offset + 32).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        self.find(&text[..end], Target::Claim).iter().any(|m| {
            m.start == offset && matches!(m.kind, CueKind::Modifier(Modifier::Continuation))
        })
    }

    /// The Chinese segmenter, built on first use from the lexicon's own words.
    pub fn segmenter(&self) -> &Segmenter {
        self.segmenter
            .get_or_init(|| Segmenter::new(&self.segmenter_words))
    }

    /// Every confirmed cue in `text` for `target`. Within one kind of cue, a match inside a
    /// longer match is dropped ("controlled trial" inside "randomized controlled trial").
    pub fn find<'a>(&'a self, text: &'a str, target: Target) -> Vec<CueMatch<'a>> {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = const { RefCell::new(Scratch::new()) };
        }
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.find_with(text, target, &mut scratch),
            // Only a search inside a search would find the scratch taken.
            Err(_) => self.find_with(text, target, &mut Scratch::new()),
        })
    }

    /// [`Lexicon::find`], gathering its offsets in `scratch`.
    fn find_with<'a>(
        &'a self,
        text: &'a str,
        target: Target,
        scratch: &mut Scratch,
    ) -> Vec<CueMatch<'a>> {
        // A claim or a title holds a few cues: sized for them at the first, the list does not
        // grow from nothing a match at a time; most journal names hold none, and are given no
        // list at all.
        let mut found: Vec<CueMatch> = Vec::new();
        scratch.clear();
        let Scratch {
            han_matches,
            words,
            denied,
        } = scratch;
        // Bit i: a `requires` literal of the i-th pattern cue with literals occurs in the text.
        let mut gates_seen: u128 = 0;
        let target_flag = CueFlags::applying_to(target);
        let mut on_match = |index: usize, start: usize, end: usize| {
            if index >= self.gates_from {
                gates_seen |= self
                    .literal_gate_bits
                    .get(index - self.gates_from)
                    .copied()
                    .unwrap_or(0);
                return;
            }
            let Some(&flags) = self.cue_flags.get(index) else {
                words.push((start, end));
                return;
            };
            if flags.has(CueFlags::HAN) {
                words.push((start, end));
            }
            if !flags.has(target_flag) || !latin_boundaries(text, start, end) {
                return;
            }
            if flags.has(CueFlags::DESIGN) && denied_by_prefix(text, start) {
                denied.push((start, end));
                return;
            }
            if flags.has(CueFlags::ONE_WORD_SUBJECT) && hyphenated_onward(text, end) {
                return;
            }
            if touches_han(text, start, end) {
                han_matches.push((start, end));
            }
            let cue = &self.cues[index];
            if found.capacity() == 0 {
                found.reserve(8);
            }
            found.push(CueMatch {
                kind: &cue.kind,
                strength: cue.strength,
                start,
                end,
                shown: &text[start..end],
            });
        };
        // Four lanes for the DFA, whose steps are single loads; the NFA's steps branch
        // through failure links, and more than two lanes of them run slower. The DFA reads
        // ASCII letters in either case; the NFA's terms are in lower case, and it searches
        // a lower-cased copy.
        match &self.automaton {
            CueSearch::Dfa(dfa) => {
                each_overlapping_match(dfa, text.as_bytes(), true, &mut on_match)
            }
            CueSearch::Nfa(nfa) => with_ascii_lowercase(text, |lower| {
                each_overlapping_match(nfa, lower.as_bytes(), false, &mut on_match)
            }),
        }
        if !denied.is_empty() {
            found.retain(|m| {
                !matches!(m.kind, CueKind::Design(_))
                    || !denied.iter().any(|&(s, e)| s <= m.start && m.end <= e)
            });
        }
        // A Han edge of a match is a word boundary unless a route word of the segmenter
        // spans it, and every multi-character route word is a dictionary word the automaton
        // saw. Only matches with such a straddling word need the segmenter's verdict.
        let straddled = |offset: usize| words.iter().any(|&(s, e)| s < offset && offset < e);
        han_matches.retain(|&(start, end)| {
            (starts_han(text, start) && straddled(start)) || (ends_han(text, end) && straddled(end))
        });
        if !han_matches.is_empty() {
            let boundaries = self.segmenter().boundaries_around(text, han_matches);
            found.retain(|m| {
                if !han_matches.contains(&(m.start, m.end)) {
                    return true;
                }
                let start_ok =
                    !starts_han(text, m.start) || boundaries.binary_search(&m.start).is_ok();
                let end_ok = !ends_han(text, m.end) || boundaries.binary_search(&m.end).is_ok();
                start_ok && end_ok
            });
        }
        if target != Target::Container {
            for (pattern, gate_bit) in self.patterns.iter().zip(&self.gate_bits) {
                let applies = match target {
                    Target::Claim => pattern.scope != Scope::Reference,
                    _ => pattern.scope != Scope::Claim,
                };
                let gated_out =
                    gate_bit.is_some_and(|bit| gates_seen & bit == 0 && bit != 1 << 127);
                if !applies || gated_out {
                    continue;
                }
                let regex = pattern.regex.get();
                let mut push = |m: regex::Match<'a>| {
                    found.push(CueMatch {
                        kind: &pattern.kind,
                        strength: pattern.strength,
                        start: m.start(),
                        end: m.end(),
                        shown: pattern.note.as_deref().unwrap_or(m.as_str()),
                    })
                };
                // A group named `cue` is the cue, and the rest of the match the context it
                // needs (the regex crate has no look-around).
                if let Some(group) = regex.capture_names().position(|name| name == Some("cue")) {
                    for captures in regex.captures_iter(text) {
                        if let Some(m) = captures.get(group) {
                            push(m);
                        }
                    }
                } else {
                    regex.find_iter(text).for_each(push);
                }
            }
        }
        drop_contained(&mut found);
        drop_not_subjects(&mut found);
        found.sort_by_key(|m| (m.start, m.end));
        found
    }
}

/// The offsets a search gathers and then drops: Han cue matches, every occurrence of a
/// segmenter word (Han cue or extra word), and design cues a prefix denies (no shorter
/// design cue inside them counts either). A search of Chinese text gathers dozens, so each
/// thread keeps one set for all its searches rather than growing them from nothing.
struct Scratch {
    han_matches: Vec<(usize, usize)>,
    words: Vec<(usize, usize)>,
    denied: Vec<(usize, usize)>,
}

impl Scratch {
    const fn new() -> Self {
        Scratch {
            han_matches: Vec::new(),
            words: Vec::new(),
            denied: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.han_matches.clear();
        self.words.clear();
        self.denied.clear();
    }
}

/// What a match of a cue needs checked, as bits of one byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CueFlags(u8);

impl CueFlags {
    /// The cue applies to a claim, a title or a container ([`Cue::applies_to`]).
    const CLAIM: u8 = 1;
    const TITLE: u8 = 1 << 1;
    const CONTAINER: u8 = 1 << 2;
    /// The term holds Han characters, and so is a segmenter word.
    const HAN: u8 = 1 << 3;
    /// A design cue, which a denying prefix ("non-") takes back.
    const DESIGN: u8 = 1 << 4;
    /// A design or population cue of one word, which a hyphen after it joins to the next
    /// word ("patient-derived").
    const ONE_WORD_SUBJECT: u8 = 1 << 5;

    fn of(cue: &Cue) -> CueFlags {
        let bit = |set: bool, flag: u8| if set { flag } else { 0 };
        CueFlags(
            bit(cue.applies_to(Target::Claim), Self::CLAIM)
                | bit(cue.applies_to(Target::Title), Self::TITLE)
                | bit(cue.applies_to(Target::Container), Self::CONTAINER)
                | bit(cue.term.chars().any(is_han), Self::HAN)
                | bit(matches!(cue.kind, CueKind::Design(_)), Self::DESIGN)
                | bit(
                    matches!(cue.kind, CueKind::Design(_) | CueKind::Population(..))
                        && !cue.term.contains(' '),
                    Self::ONE_WORD_SUBJECT,
                ),
        )
    }

    /// The bit of the cues that apply to `target`.
    fn applying_to(target: Target) -> u8 {
        match target {
            Target::Claim => Self::CLAIM,
            Target::Title => Self::TITLE,
            Target::Container => Self::CONTAINER,
        }
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// Drops the species, people, phase and design cues that a not-subjects cue overlaps
/// ("from animal to human" takes "human studies", "T cell populations" takes
/// "populations"). Review wording stays: a passage between species or from bench to
/// bedside is what a review talks about.
fn drop_not_subjects(found: &mut Vec<CueMatch>) {
    let spans: Vec<(usize, usize)> = found
        .iter()
        .filter(|m| matches!(m.kind, CueKind::Modifier(Modifier::NotSubjects)))
        .map(|m| (m.start, m.end))
        .collect();
    if spans.is_empty() {
        return;
    }
    found.retain(|m| {
        let subject_word = matches!(
            m.kind,
            CueKind::Population(..) | CueKind::Phase(_) | CueKind::Design(_)
        ) && !matches!(m.kind, CueKind::Design(Design::Review));
        !subject_word
            || !spans
                .iter()
                .any(|&(start, end)| m.start < end && start < m.end)
    });
}

/// Drops each match that a longer match of the same kind of cue covers.
fn drop_contained(found: &mut Vec<CueMatch>) {
    if found.len() < 2 {
        return;
    }
    let covered = |me: &CueMatch| {
        found.iter().any(|other| {
            other.start <= me.start
                && other.end >= me.end
                && other.end - other.start > me.end - me.start
                && other.kind.class() == me.kind.class()
        })
    };
    // Which to drop, as bits: a search finds a handful of cues, rarely more than 64.
    if found.len() <= 64 {
        let dropped = found
            .iter()
            .enumerate()
            .filter(|(_, me)| covered(me))
            .fold(0u64, |bits, (index, _)| bits | 1 << index);
        if dropped != 0 {
            let mut index = 0;
            found.retain(|_| {
                index += 1;
                dropped & 1 << (index - 1) == 0
            });
        }
    } else {
        let dropped: Vec<bool> = found.iter().map(covered).collect();
        let mut index = 0;
        found.retain(|_| {
            index += 1;
            !dropped[index - 1]
        });
    }
}

fn latin_boundaries(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let first_alnum = bytes[start].is_ascii_alphanumeric();
    let last_alnum = bytes[end - 1].is_ascii_alphanumeric();
    let before_ok = !first_alnum || start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
    let after_ok = !last_alnum || end == bytes.len() || !bytes[end].is_ascii_alphanumeric();
    before_ok && after_ok
}

/// Whether a hyphen joins the end of a one-word cue to the word after it, making both one
/// modifier of something else: "trial-and-error", "patient-derived xenografts",
/// "mouse-specific antibodies" state no design and no population; "phase 2-3" keeps its
/// phase. (A cue of several words stays whole: "in vitro fertilization-embryo transfer".)
fn hyphenated_onward(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    end > 0
        && bytes[end - 1].is_ascii_alphanumeric()
        && bytes.get(end) == Some(&b'-')
        && bytes.get(end + 1).is_some_and(u8::is_ascii_alphabetic)
}

/// Prefixes that deny the design a cue right after them names: a "non-randomized trial"
/// or "quasi-randomised study" is no randomised trial, a "non-systematic review" no
/// systematic review, a "pre-clinical trial" stage no clinical trial.
const DENYING_PREFIXES: [&[u8]; 7] = [
    b"non-", b"non ", b"quasi-", b"quasi ", b"pseudo-", b"pseudo ", b"pre-",
];

/// Whether a [`DENYING_PREFIXES`] prefix, in any ASCII case, ends where a cue starts.
fn denied_by_prefix(text: &str, start: usize) -> bool {
    let before = &text.as_bytes()[..start];
    // Every prefix ends in a hyphen or a space: most cues follow neither.
    if !matches!(before.last(), Some(b'-' | b' ')) {
        return false;
    }
    DENYING_PREFIXES.iter().any(|prefix| {
        before.len() >= prefix.len()
            && before[before.len() - prefix.len()..].eq_ignore_ascii_case(prefix)
            && (before.len() == prefix.len()
                || !before[before.len() - prefix.len() - 1].is_ascii_alphanumeric())
    })
}

/// Whether the character at `start` is a Han character. An ASCII byte there answers no
/// without decoding a character.
fn starts_han(text: &str, start: usize) -> bool {
    text.as_bytes().get(start).is_some_and(|b| !b.is_ascii())
        && text[start..].chars().next().is_some_and(is_han)
}

/// Whether the character that ends at `end` is a Han character.
fn ends_han(text: &str, end: usize) -> bool {
    end.checked_sub(1)
        .and_then(|last| text.as_bytes().get(last))
        .is_some_and(|b| !b.is_ascii())
        && text[..end].chars().next_back().is_some_and(is_han)
}

fn touches_han(text: &str, start: usize, end: usize) -> bool {
    starts_han(text, start) || ends_han(text, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Design, Phase, Population};
    use regex::Regex;

    /// A match covered by a longer one of its kind is dropped as a snapshot of every
    /// match's kind and span told, for lists short enough for the bits and longer.
    #[test]
    fn covered_matches_are_dropped_as_a_snapshot_told() {
        fn snapshot_dropped<'a>(mut found: Vec<CueMatch<'a>>) -> Vec<CueMatch<'a>> {
            let snapshot: Vec<(u8, usize, usize)> = found
                .iter()
                .map(|m| (m.kind.class(), m.start, m.end))
                .collect();
            let mut index = 0;
            found.retain(|_| {
                let me = snapshot[index];
                index += 1;
                !snapshot.iter().any(|other| {
                    other.0 == me.0
                        && other.1 <= me.1
                        && other.2 >= me.2
                        && (other.2 - other.1) > (me.2 - me.1)
                })
            });
            found
        }
        let kinds = [
            CueKind::Design(Design::Rct),
            CueKind::Design(Design::Review),
            CueKind::Phase(Phase::II),
            CueKind::Modifier(Modifier::Hedge),
        ];
        let mut state = 0x5eed_u32;
        let mut next = |below: u32| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            ((state >> 16) % below) as usize
        };
        let mut lists = 0;
        for round in 0..3_000 {
            let len = if round % 10 == 0 {
                60 + next(20)
            } else {
                next(8)
            };
            let found: Vec<CueMatch> = (0..len)
                .map(|_| {
                    let start = next(40);
                    CueMatch {
                        kind: &kinds[next(4)],
                        strength: Strength::Strong,
                        start,
                        end: start + 1 + next(12),
                        shown: "",
                    }
                })
                .collect();
            let key = |m: &CueMatch| (m.kind.class(), m.start, m.end);
            let expected: Vec<_> = snapshot_dropped(found.clone()).iter().map(key).collect();
            let mut dropped = found;
            drop_contained(&mut dropped);
            assert_eq!(dropped.iter().map(key).collect::<Vec<_>>(), expected);
            lists += usize::from(len > 64 && expected.len() < len);
        }
        assert!(lists > 50, "only {lists} long lists lost a match");
    }

    /// Pieces of cue-dense text, Latin and Chinese, that the automaton tests put together
    /// at random.
    pub(super) const CUE_TEXT_PIECES: [&str; 21] = [
        "randomized ",
        "controlled ",
        "trial",
        "phase ii ",
        "in ",
        "rats",
        "patient",
        "s",
        "meta-analysis",
        " ",
        ".",
        "临床",
        "试验",
        "随机",
        "对照",
        "前",
        "研究",
        "大鼠",
        "a",
        "x",
        "é",
    ];

    fn lexicon_with_pattern(requires: &[&str]) -> Lexicon {
        let pattern = PatternCue {
            kind: CueKind::Population(Population::Animal, None),
            strength: Strength::Strong,
            scope: Scope::Both,
            regex: CueRegex::compiled(Regex::new("(?i)in ferrets").unwrap()),
            requires: requires.iter().map(|&literal| literal.to_owned()).collect(),
            note: None,
        };
        Lexicon::build(Vec::new(), vec![pattern], Vec::new())
    }

    impl Lexicon {
        /// This lexicon searching with aho-corasick's NFA, as a rule set too large for the
        /// cue automaton does.
        fn searching_with_nfa(mut self) -> Lexicon {
            self.automaton = CueSearch::Nfa(cue_nfa(&self.automaton_terms));
            self
        }
    }

    #[test]
    fn the_dfa_finds_what_the_nfa_finds() {
        let rules = crate::rules::load::load(&[]).expect("embedded rules load");
        let lexicon = rules.lexicon;
        let texts = [
            "In a phase II randomized controlled trial in patients, 一项II期临床试验和临床前研究 in rats",
            "A “double-blind”, placebo-controlled trial — in mice and in vitro; a systematic review and meta-analysis",
            "Compliance with a clinical practice guideline: a cohort study of 1,204 children in Zürich",
            "However, no randomised trial has yet shown this in humans (n = 12) ﬁnally",
            "",
        ];
        let shown = |lexicon: &Lexicon| -> Vec<(usize, usize, String, u8)> {
            texts
                .iter()
                .flat_map(|text| {
                    [Target::Claim, Target::Title, Target::Container]
                        .into_iter()
                        .flat_map(|target| lexicon.find(text, target))
                        .map(|m| (m.start, m.end, m.shown.to_owned(), m.kind.class()))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        assert!(lexicon.searches_with_dfa());
        let with_dfa = shown(&lexicon);
        assert!(with_dfa.len() >= 30, "{with_dfa:?}");
        let lexicon = lexicon.searching_with_nfa();
        assert!(!lexicon.searches_with_dfa());
        assert_eq!(shown(&lexicon), with_dfa);
    }

    #[test]
    fn prefixes_and_hyphens_take_the_design_or_population_from_a_word() {
        let rules = crate::rules::load::load(&[]).expect("embedded rules load");
        let kinds = |text: &str| -> Vec<String> {
            rules
                .lexicon
                .find(text, Target::Title)
                .iter()
                .filter(|m| {
                    matches!(
                        m.kind,
                        CueKind::Design(_) | CueKind::Population(..) | CueKind::Phase(_)
                    )
                })
                .map(|m| format!("{:?} {}", m.kind, m.shown))
                .collect()
        };
        let none: Vec<String> = Vec::new();
        assert_eq!(kinds("A trial-and-error approach"), none);
        // "Patient-" names no people studied; the xenografts name animals.
        assert_eq!(
            kinds("Patient-derived xenografts"),
            vec!["Design(Animal) xenografts".to_owned()]
        );
        assert_eq!(kinds("Mouse-specific antibodies"), none);
        assert_eq!(kinds("The pre-clinical trial stage"), none);
        assert!(
            kinds("A non-randomized trial")
                .iter()
                .all(|k| !k.contains("Rct"))
        );
        assert!(
            kinds("A quasi-randomised study")
                .iter()
                .all(|k| !k.contains("Rct"))
        );
        // A cue of several words stays whole before a hyphen; a phase before a digit stays.
        let ivf = kinds("A randomized study of in vitro fertilization-embryo transfer");
        assert!(
            ivf.iter().any(|k| k.contains("in vitro fertilization")),
            "{ivf:?}"
        );
        assert!(ivf.iter().all(|k| !k.contains("InVitro")), "{ivf:?}");
        let phase = kinds("A phase 2-3 trial in rats");
        assert!(phase.iter().any(|k| k.contains("phase 2")), "{phase:?}");
        assert!(phase.iter().any(|k| k.contains("rats")), "{phase:?}");
        assert!(
            kinds("Patient-reported outcomes after surgery")
                .iter()
                .any(|k| k.contains("Human"))
        );
    }

    /// The first-byte answers of `denied_by_prefix`, `starts_han` and `ends_han` are what
    /// the full tests they skip would answer, at every character boundary.
    #[test]
    fn the_prefix_and_han_edge_tests_answer_as_their_full_forms() {
        let full_denied = |text: &str, start: usize| {
            let before = &text.as_bytes()[..start];
            DENYING_PREFIXES.iter().any(|prefix| {
                before.len() >= prefix.len()
                    && before[before.len() - prefix.len()..].eq_ignore_ascii_case(prefix)
                    && (before.len() == prefix.len()
                        || !before[before.len() - prefix.len() - 1].is_ascii_alphanumeric())
            })
        };
        let pieces = [
            "non-", "NON ", "quasi", "-", " ", "pseudo ", "Pre-", "trial", "临床", "前", "é", "x",
            "(",
        ];
        let (mut denied, mut han) = (0, 0);
        for text in crate::text::generated_strings(&pieces, 3_000, 8, 0x0de_71ed) {
            for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                assert_eq!(
                    denied_by_prefix(&text, at),
                    full_denied(&text, at),
                    "{text:?} {at}"
                );
                let starts = text[at..].chars().next().is_some_and(is_han);
                let ends = text[..at].chars().next_back().is_some_and(is_han);
                assert_eq!(starts_han(&text, at), starts, "{text:?} {at}");
                assert_eq!(ends_han(&text, at), ends, "{text:?} {at}");
                denied += usize::from(full_denied(&text, at));
                han += usize::from(starts);
            }
        }
        assert!(denied > 500 && han > 500, "{denied} denied, {han} Han");
    }

    #[test]
    fn cue_terms_match_whatever_the_ascii_case_of_term_and_text() {
        let cue = Cue {
            kind: CueKind::Phase(Phase::II),
            strength: Strength::Strong,
            scope: Scope::Both,
            field: Field::Title,
            term: "Phase II Trial".to_owned(),
        };
        let lexicon = Lexicon::build(vec![cue], Vec::new(), Vec::new());
        let text = "A PHASE ii trial, a phase II Trial, a Phase Ⅱ trial";
        let shown: Vec<&str> = lexicon
            .find(text, Target::Claim)
            .iter()
            .map(|m| m.shown)
            .collect();
        assert_eq!(shown, ["PHASE ii trial", "phase II Trial"]);
    }

    /// A text is searched for a continuation only when a continuation term opens it: the
    /// answer is the search's, for the built-in cues and with a pattern cue that is one.
    #[test]
    fn a_continuation_opens_a_text_where_a_search_finds_one() {
        let rules = crate::rules::load::load(&[]).expect("embedded rules load");
        let pattern = PatternCue {
            kind: CueKind::Modifier(Modifier::Continuation),
            strength: Strength::Strong,
            scope: Scope::Claim,
            regex: CueRegex::compiled(Regex::new("^Of these").unwrap()),
            requires: Vec::new(),
            note: None,
        };
        let with_pattern = Lexicon::build(Vec::new(), vec![pattern], Vec::new());
        assert!(with_pattern.continuation_terms.is_none());
        assert!(with_pattern.opens_with_continuation("Of these, two were trials [3]."));
        let pieces = [
            "However",
            "HOWEVER",
            "however",
            "These",
            "The",
            "this",
            "Thus,",
            "it",
            "Its",
            "In ",
            "in addition",
            "然而",
            "这",
            "这些",
            "该",
            "这里",
            " ",
            "\"",
            "“",
            "(",
            "（",
            ",",
            "trial",
            "rats",
            "Yet",
            "yet-",
            "x",
            "é",
            "\u{3000}",
        ];
        let lexicon = &rules.lexicon;
        let mut opening = 0;
        for text in crate::text::generated_strings(&pieces, 20_000, 6, 0xc0_7e) {
            let trimmed = text.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '"' | '“' | '(' | '（')
            });
            let searched = lexicon.continuation_found_at_opening(&text, text.len() - trimmed.len());
            assert_eq!(lexicon.opens_with_continuation(&text), searched, "{text:?}");
            opening += usize::from(searched);
        }
        assert!(
            opening > 2_000,
            "only {opening} texts open with a continuation"
        );
    }

    #[test]
    fn a_patterns_cue_group_is_what_it_shows() {
        // The character after 进展 is context (进展期 is no cue); the evidence shows the cue.
        let pattern = PatternCue {
            kind: CueKind::Design(Design::Review),
            strength: Strength::Strong,
            scope: Scope::Reference,
            regex: CueRegex::compiled(Regex::new("(?P<cue>治疗进展)(?:[^期]|$)").unwrap()),
            requires: vec!["进展".into()],
            note: None,
        };
        let lexicon = Lexicon::build(Vec::new(), vec![pattern], Vec::new());
        let title = "糖尿病足的治疗进展与展望";
        let found = lexicon.find(title, Target::Title);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].shown, "治疗进展");
        assert_eq!(&title[found[0].start..found[0].end], "治疗进展");
        assert!(
            lexicon
                .find("腹腔镜治疗进展期胃癌的疗效", Target::Title)
                .is_empty()
        );
    }

    #[test]
    fn a_pattern_runs_only_where_its_required_literal_occurs() {
        let title = "Vesicles protect the heart In Ferrets";
        let found = |requires: &[&str]| {
            lexicon_with_pattern(requires)
                .find(title, Target::Title)
                .len()
        };
        assert_eq!(found(&[]), 1);
        assert_eq!(
            found(&["ferret"]),
            1,
            "the literal matches ASCII case-insensitively"
        );
        assert_eq!(found(&["zebra"]), 0);
        // Of several literals, any one opens the gate.
        assert_eq!(found(&["zebra", "ferret"]), 1);
        assert_eq!(found(&["ferret", "zebra"]), 1);
        assert_eq!(found(&["zebra", "okapi"]), 0);
    }

    /// Each pattern cue's literals open its own gate only: a literal of one cue found in a
    /// text does not run another cue's regex.
    #[test]
    fn a_literal_opens_only_its_own_patterns_gate() {
        let pattern = |regex: &str, requires: &[&str]| PatternCue {
            kind: CueKind::Population(Population::Animal, None),
            strength: Strength::Strong,
            scope: Scope::Both,
            regex: CueRegex::compiled(Regex::new(regex).unwrap()),
            requires: requires.iter().map(|&literal| literal.to_owned()).collect(),
            note: None,
        };
        let lexicon = Lexicon::build(
            Vec::new(),
            vec![
                pattern("(?i)in ferrets", &["okapi", "ferret"]),
                pattern("(?i)in rabbits", &["rabbit", "hare"]),
                pattern("(?i)in ferrets", &["zebra"]),
            ],
            Vec::new(),
        );
        let shown = |text: &str| -> Vec<String> {
            lexicon
                .find(text, Target::Title)
                .iter()
                .map(|m| m.shown.to_owned())
                .collect()
        };
        assert_eq!(shown("Heart repair in ferrets"), vec!["in ferrets"]);
        assert_eq!(shown("Heart repair in rabbits"), vec!["in rabbits"]);
        assert_eq!(
            shown("Heart repair in ferrets and in rabbits"),
            vec!["in ferrets", "in rabbits"]
        );
        assert!(shown("Heart repair in okapis").is_empty());
    }
}
