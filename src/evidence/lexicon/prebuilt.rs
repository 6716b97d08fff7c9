//! The built-in rule files' cue automaton, built by the build script (`src/build.rs`) and
//! borrowed from the binary: a run whose rule set has exactly those terms skips building
//! it, 2.4 MB of table written and faulted in on every start.

use super::automaton::CueAutomaton;

/// The terms the prebuilt automaton was built from, one per line; empty when the build
/// script built none.
static TERMS: &str = include_str!(concat!(env!("OUT_DIR"), "/cue_terms.txt"));

/// The prebuilt automaton, as [`CueAutomaton::to_bytes`] wrote it.
static AUTOMATON: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/cue_automaton.bin"));

/// The prebuilt automaton, when `terms` are exactly the terms it was built from.
pub(super) fn automaton_for(terms: &[String]) -> Option<CueAutomaton> {
    let same_terms = !TERMS.is_empty() && TERMS.split('\n').eq(terms.iter().map(String::as_str));
    same_terms
        .then(|| CueAutomaton::from_bytes(AUTOMATON))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn default_terms() -> Vec<String> {
        crate::load_default()
            .expect("default rules load")
            .lexicon
            .automaton_terms
    }

    #[test]
    fn the_built_in_rules_take_the_prebuilt_automaton_which_is_the_one_built_at_run_time() {
        let terms = default_terms();
        assert!(
            automaton_for(&terms).is_some(),
            "the build script read other terms"
        );
        let built = CueAutomaton::build(&terms).expect("the automaton builds");
        assert!(
            built.to_bytes() == AUTOMATON,
            "the prebuilt automaton differs"
        );
    }

    #[test]
    fn other_terms_build_their_own_automaton() {
        let mut terms = default_terms();
        terms.push("a cue of the user's".into());
        assert!(automaton_for(&terms).is_none());
        terms.truncate(10);
        assert!(automaton_for(&terms).is_none());
        assert!(automaton_for(&[]).is_none());
    }

    #[test]
    fn bytes_cut_short_or_not_whole_rows_are_no_automaton() {
        assert!(CueAutomaton::from_bytes(&AUTOMATON[..300]).is_none());
        assert!(CueAutomaton::from_bytes(&AUTOMATON[..AUTOMATON.len() - 1]).is_none());
        assert!(CueAutomaton::from_bytes(&[]).is_none());
        assert!(CueAutomaton::from_bytes(AUTOMATON).is_some());
    }
}
