//! Loading the command line's rule set on another thread while the inputs are gathered;
//! once it is handed over, compiling the built-in pattern cues there, and, for a run that
//! will likely check many documents, building its cue DFA, while the first documents are
//! checked with the NFA. All are otherwise serial start-up work that the second core can
//! do while the first reads documents.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;

use crate::rules::RuleSet;
use crate::rules::load::{self, RuleFileError};

type Loaded = Result<RuleSet, Box<RuleFileError>>;

/// A rule set being loaded (and its DFA built) on another thread.
pub struct Preload {
    dirs: Vec<PathBuf>,
    rules: Option<Receiver<Loaded>>,
    thread: Option<JoinHandle<()>>,
}

impl Preload {
    /// Starts loading the rules in `dirs`, and then building their DFA when `build_dfa`.
    pub fn start(dirs: &[PathBuf], build_dfa: bool) -> Preload {
        let (sender, rules) = mpsc::channel();
        let owned = dirs.to_vec();
        let thread = std::thread::Builder::new()
            .name("citelint-rules".into())
            .spawn(move || {
                let loaded = load::load(&owned);
                let recipe = loaded
                    .as_ref()
                    .ok()
                    .filter(|_| build_dfa)
                    .map(|set| set.lexicon.dfa_recipe());
                let patterns = loaded
                    .as_ref()
                    .map(|set| set.lexicon.pattern_regexes())
                    .unwrap_or_default();
                // The receiver may have gone: the run did not need these rules.
                let _ = sender.send(loaded);
                // The built-in pattern cues, compiled while the first document is read.
                for pattern in &patterns {
                    pattern.get();
                }
                if let Some(recipe) = recipe {
                    recipe.build();
                }
            })
            .ok();
        Preload {
            dirs: dirs.to_vec(),
            // Without a thread, rules are loaded on demand instead.
            rules: thread.is_some().then_some(rules),
            thread,
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

    /// Waits until the thread is done (the DFA, if asked for, is then in place; if the
    /// thread failed, the lexicon keeps its NFA). A run does not wait: dropping the preload
    /// detaches the thread, so a short run ends without the DFA it did not need.
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preloaded_rules_are_those_loading_gives_and_take_their_dfa() {
        let mut preload = Preload::start(&[], true);
        let rules = preload.rules_for(&[]).expect("embedded rules load");
        assert_eq!(
            rules.rules.len(),
            load::load(&[]).expect("embedded rules load").rules.len()
        );
        preload.wait();
        assert!(rules.lexicon.searches_with_dfa());
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
        let rules = preload.rules_for(&[]).expect("embedded rules load");
        preload.wait();
        assert!(!rules.lexicon.searches_with_dfa());
    }
}
