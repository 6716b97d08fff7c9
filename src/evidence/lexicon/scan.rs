//! Stepping the cue automaton over a text: every overlapping match, with a long text
//! searched as two lanes in lockstep.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};

/// Calls `on_match(pattern, start, end)` for every occurrence of every pattern of
/// `automaton` in `haystack`, overlapping ones included. Matches come grouped by where
/// they start: those before a split point, then the rest; [`Lexicon::find`] sorts them, and
/// no pattern is reported twice at one place.
///
/// Each step of an automaton waits on the load of the step before, so a text long enough
/// is searched as two halves in lockstep, which the processor overlaps: the second starts
/// afresh at the split, and the first runs on past it until its automaton is back at the
/// start state (no pattern begun), which in prose is the next word or two, so that every
/// match starting in it has ended. On cue-dense text that is about 40% faster than one
/// lane.
///
/// The automaton's terms are in ASCII lower case and it searches text in ASCII lower case
/// (see [`crate::text::with_ascii_lowercase`]): matching is ASCII case-insensitive that way with half the
/// automaton an ASCII case-insensitive one needs, so it builds in half the time. No term is
/// empty, so the start state is no match. (An unanchored search never reaches the dead
/// state, which matches nothing and leads nowhere else.)
pub(super) fn each_overlapping_match<A: Automaton>(
    automaton: &A,
    haystack: &[u8],
    mut on_match: impl FnMut(usize, usize, usize),
) {
    let Ok(start_state) = automaton.start_state(Anchored::No) else {
        return;
    };
    if automaton.max_pattern_len() == 0 {
        return;
    }
    // Reports the matches of `state` ending at `end` that start before `before`.
    let mut report = |state: StateID, end: usize, before: usize| {
        for index in 0..automaton.match_len(state) {
            let pattern = automaton.match_pattern(state, index);
            let start = end - automaton.pattern_len(pattern);
            if start < before {
                on_match(pattern.as_usize(), start, end);
            }
        }
    };
    let split = haystack.len() / 2;
    // What is left to search in one lane: its bytes, state, offset in `haystack`, and
    // where in its bytes to go on.
    let (rest, mut state, offset, mut from) = if split >= TWO_LANES_FROM {
        let (one, two) = haystack.split_at(split);
        let mut lanes = [start_state; 2];
        let mut from = 0;
        while let Some(at) = next_match_in_lanes(automaton, one, two, &mut lanes, from) {
            if automaton.is_match(lanes[0]) {
                report(lanes[0], at + 1, split);
            }
            if automaton.is_match(lanes[1]) {
                report(lanes[1], split + at + 1, usize::MAX);
            }
            from = at + 1;
        }
        // Lane one runs on past the split while a match begun before it may be under way:
        // until the automaton is back at its start state, where no pattern has begun.
        let mut tail = lanes[0];
        for (end, &byte) in haystack.iter().enumerate().skip(split) {
            if automaton.is_start(tail) {
                break;
            }
            tail = automaton.next_state(Anchored::No, tail, byte);
            if automaton.is_match(tail) {
                report(tail, end + 1, split);
            }
        }
        // Lane two is as long as lane one or a byte longer: that byte alone.
        (two, lanes[1], split, one.len())
    } else {
        (haystack, start_state, 0, 0)
    };
    while let Some(at) = next_match_state(automaton, rest, &mut state, from) {
        report(state, offset + at + 1, usize::MAX);
        from = at + 1;
    }
}

/// Where a text is long enough to search as two lanes: the split point, past the first
/// bytes, at least this far in.
const TWO_LANES_FROM: usize = 16;

/// Steps `automaton` from `state` over `haystack[from..]` to the first match state, left in
/// `state`: the offset of the byte that led to it. Kept out of line so
/// that the state stays in a register: each step is a load that waits on the one before.
#[inline(never)]
fn next_match_state<A: Automaton>(
    automaton: &A,
    haystack: &[u8],
    state: &mut StateID,
    from: usize,
) -> Option<usize> {
    let mut current = *state;
    for (offset, &byte) in haystack.get(from..)?.iter().enumerate() {
        current = automaton.next_state(Anchored::No, current, byte);
        if automaton.is_match(current) {
            *state = current;
            return Some(from + offset);
        }
    }
    *state = current;
    None
}

/// Steps two lanes of `automaton` in lockstep over `one[from..]` and `two[from..]` as far
/// as the shorter goes, until either reaches a match state: the offset of the step that
/// did. The states are left in `lanes`.
#[inline(never)]
fn next_match_in_lanes<A: Automaton>(
    automaton: &A,
    one: &[u8],
    two: &[u8],
    lanes: &mut [StateID; 2],
    from: usize,
) -> Option<usize> {
    let steps = one.len().min(two.len());
    let (one, two) = (one.get(from..steps)?, two.get(from..steps)?);
    let [mut first, mut second] = *lanes;
    for (offset, (&a, &b)) in one.iter().zip(two).enumerate() {
        first = automaton.next_state(Anchored::No, first, a);
        second = automaton.next_state(Anchored::No, second, b);
        if automaton.is_match(first) || automaton.is_match(second) {
            *lanes = [first, second];
            return Some(from + offset);
        }
    }
    *lanes = [first, second];
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::MatchKind;
    use aho_corasick::dfa;
    use aho_corasick::nfa::contiguous;

    #[test]
    fn the_lanes_find_every_overlapping_match_aho_corasick_finds() {
        let rules = crate::rules::load::load(&[]).expect("embedded rules load");
        let few = ["trial", "in", "临床", "ii"].map(str::to_owned);
        let pieces = [
            "randomized ",
            "controlled ",
            "trial",
            "phase ii ",
            "in ",
            "rats",
            "patient",
            "s",
            "double-blind, placebo-controlled ",
            "meta-analysis",
            "cochrane database of ",
            "systematic reviews",
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
        // The whole lexicon, and a handful of terms (whose automata have a prefilter).
        for terms in [&rules.lexicon.automaton_terms[..], &few[..]] {
            let oracle = aho_corasick::AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(terms)
                .expect("automaton builds");
            let nfa = contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(terms)
                .expect("NFA builds");
            let dfa = dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .build(terms)
                .expect("DFA builds");
            let mut lane_texts = 0;
            for text in crate::text::generated_strings(&pieces, 3_000, 24, 0x1a7e_5eed) {
                let mut expected: Vec<(usize, usize, usize)> = oracle
                    .find_overlapping_iter(&text)
                    .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                    .collect();
                expected.sort_unstable();
                assert_eq!(lane_matches(&nfa, &text), expected, "NFA on {text:?}");
                assert_eq!(lane_matches(&dfa, &text), expected, "DFA on {text:?}");
                if text.len() / 2 >= TWO_LANES_FROM {
                    lane_texts += 1;
                }
            }
            assert!(lane_texts > 1_000, "only {lane_texts} texts took two lanes");
        }
    }

    fn lane_matches<A: Automaton>(automaton: &A, text: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        each_overlapping_match(automaton, text.as_bytes(), |p, s, e| found.push((p, s, e)));
        found.sort_unstable();
        found
    }
}
