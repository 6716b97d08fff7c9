//! Stepping the cue automaton over a text: every overlapping match, with a long text
//! searched as two or four lanes in lockstep.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous;

use super::automaton::CueAutomaton;

/// What a search steps: the cue automaton, or aho-corasick's NFA for a rule set whose
/// automaton would be too large.
pub(super) trait Steps {
    type State: Copy + PartialEq;
    fn start_state(&self) -> Self::State;
    fn step(&self, state: Self::State, byte: u8) -> Self::State;
    fn is_match(&self, state: Self::State) -> bool;
    /// Calls `each(pattern, length)` for every pattern that ends on reaching `state`.
    fn each_match(&self, state: Self::State, each: impl FnMut(usize, usize));
    fn max_pattern_len(&self) -> usize;
}

impl Steps for CueAutomaton {
    type State = u32;
    fn start_state(&self) -> u32 {
        self.start()
    }
    #[inline(always)]
    fn step(&self, state: u32, byte: u8) -> u32 {
        self.next(state, byte)
    }
    #[inline(always)]
    fn is_match(&self, state: u32) -> bool {
        CueAutomaton::is_match(self, state)
    }
    fn each_match(&self, state: u32, mut each: impl FnMut(usize, usize)) {
        for &pattern in self.matches(state) {
            each(pattern as usize, self.pattern_len(pattern));
        }
    }
    fn max_pattern_len(&self) -> usize {
        CueAutomaton::max_pattern_len(self)
    }
}

impl Steps for contiguous::NFA {
    type State = StateID;
    fn start_state(&self) -> StateID {
        // An unanchored start always exists: the NFA is built with the default start kind.
        Automaton::start_state(self, Anchored::No).unwrap_or(StateID::ZERO)
    }
    #[inline(always)]
    fn step(&self, state: StateID, byte: u8) -> StateID {
        self.next_state(Anchored::No, state, byte)
    }
    #[inline(always)]
    fn is_match(&self, state: StateID) -> bool {
        Automaton::is_match(self, state)
    }
    fn each_match(&self, state: StateID, mut each: impl FnMut(usize, usize)) {
        for index in 0..self.match_len(state) {
            let pattern = self.match_pattern(state, index);
            each(pattern.as_usize(), self.pattern_len(pattern));
        }
    }
    fn max_pattern_len(&self) -> usize {
        Automaton::max_pattern_len(self)
    }
}

/// Calls `on_match(pattern, start, end)` for every occurrence of every pattern of
/// `automaton` in `haystack`, overlapping ones included. Matches come grouped by where
/// they start, lane by lane; [`Lexicon::find`] sorts them, and no pattern is reported
/// twice at one place.
///
/// Each step of an automaton waits on the load of the step before, so a text long enough
/// is searched as two halves (or, with `four_lanes`, four quarters) in lockstep, which the
/// processor overlaps: each lane starts afresh where the one before it ends, and runs on
/// past its own end until its automaton is back at the start state (no pattern begun),
/// which in prose is the next word or two, so that every match starting in it has ended.
/// On cue-dense text two lanes are about 40% faster than one; four lanes of the DFA, whose
/// steps are single loads, 5–15% faster again on a title or a claim.
///
/// Matching is ASCII case-insensitive: the cue automaton steps an upper-case letter as its
/// lower-case one, and the NFA, whose terms are in lower case, is given a lower-cased copy
/// (see [`crate::text::with_ascii_lowercase`]). No term is empty, so the start state is
/// no match.
pub(super) fn each_overlapping_match<A: Steps>(
    automaton: &A,
    haystack: &[u8],
    four_lanes: bool,
    mut on_match: impl FnMut(usize, usize, usize),
) {
    let start_state = automaton.start_state();
    if automaton.max_pattern_len() == 0 {
        return;
    }
    // Reports the matches of `state` ending at `end` that start before `before`.
    let mut report = |state: A::State, end: usize, before: usize| {
        automaton.each_match(state, |pattern, len| {
            let start = end - len;
            if start < before {
                on_match(pattern, start, end);
            }
        });
    };
    if four_lanes && haystack.len() >= LANE_MIN * 4 {
        search_in_lanes::<A, 4>(automaton, haystack, start_state, &mut report);
    } else if haystack.len() >= LANE_MIN * 2 {
        search_in_lanes::<A, 2>(automaton, haystack, start_state, &mut report);
    } else {
        search_rest(automaton, haystack, start_state, 0, &mut report);
    }
}

/// The shortest lane worth a lane of its own: below it, the steps a lane runs on past its
/// end outweigh what stepping it beside the others saves.
const LANE_MIN: usize = 16;

/// Searches `haystack` as `N` lanes of equal width stepped in lockstep, the last taking the
/// bytes left over; `report(state, end, before)` reports a match state's matches that
/// start before `before`.
fn search_in_lanes<A: Steps, const N: usize>(
    automaton: &A,
    haystack: &[u8],
    start_state: A::State,
    report: &mut impl FnMut(A::State, usize, usize),
) {
    let width = haystack.len() / N;
    let lanes: [&[u8]; N] = std::array::from_fn(|k| &haystack[k * width..(k + 1) * width]);
    // Where each lane's own matches start before: the next lane's start, or anywhere.
    let before = |k: usize| {
        if k + 1 < N {
            (k + 1) * width
        } else {
            usize::MAX
        }
    };
    let mut states = [start_state; N];
    let mut from = 0;
    while let Some(at) = next_match_in_lanes(automaton, &lanes, &mut states, from) {
        for (k, &state) in states.iter().enumerate() {
            if automaton.is_match(state) {
                report(state, k * width + at + 1, before(k));
            }
        }
        from = at + 1;
    }
    // Each lane but the last runs on past its end while a match begun in it may be under
    // way: until the automaton is back at its start state, where no pattern has begun.
    for (k, &state) in states.iter().enumerate().take(N - 1) {
        let end_of_lane = (k + 1) * width;
        let mut tail = state;
        for (end, &byte) in haystack.iter().enumerate().skip(end_of_lane) {
            if tail == start_state {
                break;
            }
            tail = automaton.step(tail, byte);
            if automaton.is_match(tail) {
                report(tail, end + 1, end_of_lane);
            }
        }
    }
    // The last lane goes on over the bytes the equal widths left over.
    search_rest(automaton, haystack, states[N - 1], N * width, report);
}

/// Searches `haystack[from..]` in one lane, from `state`.
fn search_rest<A: Steps>(
    automaton: &A,
    haystack: &[u8],
    mut state: A::State,
    mut from: usize,
    report: &mut impl FnMut(A::State, usize, usize),
) {
    while let Some(at) = next_match_state(automaton, haystack, &mut state, from) {
        report(state, at + 1, usize::MAX);
        from = at + 1;
    }
}

/// Steps `automaton` from `state` over `haystack[from..]` to the first match state, left in
/// `state`: the offset of the byte that led to it. Kept out of line so
/// that the state stays in a register: each step is a load that waits on the one before.
#[inline(never)]
fn next_match_state<A: Steps>(
    automaton: &A,
    haystack: &[u8],
    state: &mut A::State,
    from: usize,
) -> Option<usize> {
    let mut current = *state;
    for (offset, &byte) in haystack.get(from..)?.iter().enumerate() {
        current = automaton.step(current, byte);
        if automaton.is_match(current) {
            *state = current;
            return Some(from + offset);
        }
    }
    *state = current;
    None
}

/// Steps the lanes of `automaton` in lockstep over `lanes[k][from..]` (all of one length)
/// until any reaches a match state: the offset of the step that did. The states are left
/// in `states`.
#[inline(never)]
fn next_match_in_lanes<A: Steps, const N: usize>(
    automaton: &A,
    lanes: &[&[u8]; N],
    states: &mut [A::State; N],
    from: usize,
) -> Option<usize> {
    let width = lanes[0].len();
    // Every lane is `width` long: said once here, each step reads its byte unchecked.
    let lanes: [&[u8]; N] = std::array::from_fn(|k| &lanes[k][..width]);
    let mut current = *states;
    for offset in from..width {
        let mut matched = false;
        for (state, lane) in current.iter_mut().zip(lanes) {
            *state = automaton.step(*state, lane[offset]);
            matched |= automaton.is_match(*state);
        }
        if matched {
            *states = current;
            return Some(offset);
        }
    }
    *states = current;
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::MatchKind;

    #[test]
    fn the_lanes_find_every_overlapping_match_aho_corasick_finds() {
        let rules = crate::rules::load::load(&[]).expect("embedded rules load");
        let few = ["trial", "in", "临床", "ii"].map(str::to_owned);
        let pieces: Vec<&str> = super::super::tests::CUE_TEXT_PIECES
            .iter()
            .copied()
            .chain([
                "double-blind, placebo-controlled ",
                "cochrane database of ",
                "systematic reviews",
            ])
            .collect();
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
            let dfa = CueAutomaton::build(terms).expect("the cue automaton builds");
            let mut lane_texts = 0;
            for text in crate::text::generated_strings(&pieces, 3_000, 24, 0x1a7e_5eed) {
                let mut expected: Vec<(usize, usize, usize)> = oracle
                    .find_overlapping_iter(&text)
                    .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                    .collect();
                expected.sort_unstable();
                for four in [false, true] {
                    assert_eq!(lane_matches(&nfa, &text, four), expected, "NFA on {text:?}");
                    assert_eq!(lane_matches(&dfa, &text, four), expected, "DFA on {text:?}");
                }
                if text.len() >= LANE_MIN * 2 {
                    lane_texts += 1;
                }
            }
            assert!(lane_texts > 1_000, "only {lane_texts} texts took two lanes");
        }
    }

    fn lane_matches<A: Steps>(automaton: &A, text: &str, four: bool) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        each_overlapping_match(automaton, text.as_bytes(), four, |p, s, e| {
            found.push((p, s, e))
        });
        found.sort_unstable();
        found
    }
}
