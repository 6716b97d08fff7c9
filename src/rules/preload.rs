//! Loading the command line's rule set on another thread while the inputs are gathered, and,
//! for a run that will likely check many documents, building its cue DFA there too. Both
//! are otherwise serial start-up work that the second core can do while the first walks
//! the folders.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

use crate::evidence::lexicon::CueDfa;
use crate::rules::RuleSet;
use crate::rules::load::{self, RuleFileError};

type Loaded = Result<RuleSet, Box<RuleFileError>>;

/// A rule set being loaded (and its DFA being built) on another thread.
pub struct Preload {
    dirs: Vec<PathBuf>,
    rules: Option<Receiver<Loaded>>,
    dfa: Option<Receiver<Option<CueDfa>>>,
}

impl Preload {
    /// Starts loading the rules in `dirs`, and building their DFA when `build_dfa`.
    pub fn start(dirs: &[PathBuf], build_dfa: bool) -> Preload {
        let (rules_sender, rules) = mpsc::channel();
        let (dfa_sender, dfa) = mpsc::channel();
        let owned = dirs.to_vec();
        let started = std::thread::Builder::new()
            .name("citelint-rules".into())
            .spawn(move || {
                let loaded = load::load(&owned);
                let recipe = loaded.as_ref().ok().map(|set| set.lexicon.dfa_recipe());
                // The receiver may have gone: the run needed neither.
                let _ = rules_sender.send(loaded);
                if let Some(recipe) = recipe.filter(|_| build_dfa) {
                    let _ = dfa_sender.send(recipe.build());
                }
            });
        // Without a thread, everything is loaded on demand instead.
        let running = started.is_ok();
        Preload {
            dirs: dirs.to_vec(),
            rules: running.then_some(rules),
            dfa: (running && build_dfa).then_some(dfa),
        }
    }

    /// The rule set for `dirs`: the preloaded one the first time `dirs` are the preloaded
    /// folders, else loaded now.
    pub fn rules_for(&mut self, dirs: &[PathBuf]) -> Loaded {
        if dirs == self.dirs.as_slice()
            && let Some(receiver) = self.rules.take()
            && let Ok(loaded) = receiver.recv()
        {
            return loaded;
        }
        load::load(dirs)
    }

    /// The preloaded rule set's DFA, once built, if it was asked for.
    pub fn take_dfa(&mut self) -> Option<CueDfa> {
        self.dfa.take()?.recv().ok().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preloaded_rules_and_dfa_are_those_loading_would_give() {
        let mut preload = Preload::start(&[], true);
        let mut rules = preload.rules_for(&[]).expect("embedded rules load");
        assert_eq!(
            rules.rules.len(),
            load::load(&[]).expect("embedded rules load").rules.len()
        );
        let dfa = preload.take_dfa().expect("a DFA was asked for");
        assert!(
            rules.lexicon.use_dfa(dfa).is_none(),
            "the DFA fits the cues"
        );
        assert!(rules.lexicon.searches_with_dfa());
        assert!(preload.take_dfa().is_none(), "the DFA is handed out once");
    }

    #[test]
    fn other_folders_load_on_demand_and_no_dfa_unless_asked() {
        let scratch = tempfile::tempdir().unwrap();
        let folder = scratch.path().to_owned();
        std::fs::write(folder.join("broken.toml"), "[[rule]\n").unwrap();
        let mut preload = Preload::start(&[], false);
        let error = preload
            .rules_for(std::slice::from_ref(&folder))
            .expect_err("a malformed rule file is an error");
        assert!(format!("{error:?}").contains("broken.toml"), "{error:?}");
        assert!(preload.rules_for(&[]).is_ok());
        assert!(preload.take_dfa().is_none());
    }
}
