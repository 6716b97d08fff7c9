//! Loading the command line's rule set on another thread while the inputs are gathered,
//! and once it is handed over, compiling there what the reader asks for ahead
//! ([`compile_ahead`]) and the built-in pattern cues: serial start-up work that the second
//! core can do while the first reads documents.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;

use crate::rules::RuleSet;
use crate::rules::load::{self, RuleFileError};
use crate::rules::other_core;
use crate::text::compile_ahead;

type Loaded = Result<RuleSet, Box<RuleFileError>>;

/// A rule set being loaded on another thread.
pub struct Preload {
    dirs: Vec<PathBuf>,
    rules: Option<Receiver<Loaded>>,
    thread: Option<JoinHandle<()>>,
}

impl Preload {
    /// Starts loading the rules in `dirs`.
    pub fn start(dirs: &[PathBuf]) -> Preload {
        let (sender, rules) = mpsc::channel();
        let owned = dirs.to_vec();
        // Opened before the thread starts, so that nothing asked is lost.
        let asked = compile_ahead::open();
        let reader = other_core::current();
        let thread = std::thread::Builder::new()
            .name("citelint-rules".into())
            .spawn(move || {
                other_core::move_off(reader);
                let loaded = load::load(&owned);
                let patterns = loaded
                    .as_ref()
                    .map(|set| set.lexicon.pattern_regexes())
                    .unwrap_or_default();
                // The receiver may have gone: the run did not need these rules.
                let _ = sender.send(loaded);
                // The built-in pattern cues, compiled while the first document is read,
                // each after what the reader has asked for by then: the reader needs that
                // sooner.
                for pattern in &patterns {
                    compile_ahead::run_asked(&asked);
                    pattern.get();
                }
                while let Ok(compile) = asked.recv() {
                    compile();
                }
            })
            .ok();
        if thread.is_none() {
            compile_ahead::close();
        }
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

    /// Closes the compile-ahead queue and waits until the thread is done (the pattern cues
    /// are then compiled). A run does not wait: dropping the preload detaches the thread,
    /// and a pattern not yet compiled is compiled where a search first asks for it.
    pub fn wait(mut self) {
        compile_ahead::close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preloaded_rules_are_those_loading_gives_and_search_with_the_dfa() {
        let mut preload = Preload::start(&[]);
        let rules = preload.rules_for(&[]).expect("embedded rules load");
        assert_eq!(
            rules.rules.len(),
            load::load(&[]).expect("embedded rules load").rules.len()
        );
        preload.wait();
        assert!(rules.lexicon.searches_with_dfa());
    }

    #[test]
    fn other_folders_load_on_demand() {
        let scratch = tempfile::tempdir().unwrap();
        let folder = scratch.path().to_owned();
        std::fs::write(folder.join("broken.toml"), "[[rule]\n").unwrap();
        let mut preload = Preload::start(&[]);
        let error = preload
            .rules_for(std::slice::from_ref(&folder))
            .expect_err("a malformed rule file is an error");
        assert!(format!("{error:?}").contains("broken.toml"), "{error:?}");
        let rules = preload.rules_for(&[]).expect("embedded rules load");
        preload.wait();
        assert_eq!(
            rules.rules.len(),
            load::load(&[]).expect("embedded rules load").rules.len()
        );
    }
}
