//! What the lexicon holds and finds: cue kinds (design, phase, population, modifier,
//! signal), their strength, scope and field, literal cues, pattern cues, and a confirmed
//! cue occurrence.

use std::sync::{Arc, OnceLock};

use regex::Regex;

use crate::model::{Design, Phase, Population};

/// What a cue shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CueKind {
    Design(Design),
    Phase(Phase),
    Population(Population, Option<String>),
    Modifier(Modifier),
    Signal(String),
}

impl CueKind {
    pub(super) fn class(&self) -> u8 {
        match self {
            CueKind::Design(_) => 0,
            CueKind::Phase(_) => 1,
            CueKind::Population(..) => 2,
            CueKind::Modifier(_) => 3,
            CueKind::Signal(_) => 4,
        }
    }
}

/// Claim modifiers that change what a claim asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    Negation,
    Need,
    Hedge,
    /// Opens a sentence that continues the one before ("However, …", "这表明…").
    Continuation,
    /// In a reference title, makes a guideline cue a few words after it the work's topic,
    /// not its design ("compliance with a … guideline").
    TopicLead,
    /// Speaks of several studies ("trials", "studies", 多项, 大量).
    Several,
    /// Wording whose species, people and design words name no subjects of the work or
    /// claim: a passage between species ("from mice to men", "dose translation from animal
    /// to human") or a population that is not people ("T cell populations", "mosquito
    /// populations"). The cues it overlaps count for nothing ([`super::Lexicon::find`]).
    NotSubjects,
    /// In a claim, opens a phrase about the manuscript's own study ("our", "we conducted",
    /// "the present", 本研究): the design, phase and study words it governs are not the
    /// cited work's ([`crate::evidence::claim`]).
    OwnStudy,
    /// Speaks of one study ("a trial", "study", 一项); outweighs `Several`.
    One,
    /// Cites a method or protocol, not a result ("as described previously", 参照文献方法).
    Method,
    /// In a reference title that is a question, a word asking for an argument rather than
    /// a finding ("Why …?", "How should we …?", "Should …?", 如何): such a question heads a
    /// commentary or review, where a yes/no question ("Is X associated with Y?") heads
    /// research as often ([`crate::evidence::reference`]).
    QuestionWord,
}

impl Modifier {
    pub fn from_id(id: &str) -> Option<Modifier> {
        match id {
            "negation" => Some(Modifier::Negation),
            "need" => Some(Modifier::Need),
            "hedge" => Some(Modifier::Hedge),
            "continuation" => Some(Modifier::Continuation),
            "topic-lead" => Some(Modifier::TopicLead),
            "not-subjects" => Some(Modifier::NotSubjects),
            "own-study" => Some(Modifier::OwnStudy),
            "several" => Some(Modifier::Several),
            "one" => Some(Modifier::One),
            "method" => Some(Modifier::Method),
            "question-word" => Some(Modifier::QuestionWord),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    Weak,
    Strong,
}

/// Where a cue may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Both,
    Claim,
    Reference,
}

/// What text is being matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Claim,
    Title,
    Container,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Container,
}

#[derive(Debug, Clone)]
pub struct Cue {
    pub kind: CueKind,
    pub strength: Strength,
    pub scope: Scope,
    pub field: Field,
    pub term: String,
}

impl Cue {
    pub(super) fn applies_to(&self, target: Target) -> bool {
        match target {
            Target::Claim => self.scope != Scope::Reference,
            Target::Title => self.scope != Scope::Claim && self.field == Field::Title,
            Target::Container => self.scope != Scope::Claim && self.field == Field::Container,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PatternCue {
    pub kind: CueKind,
    pub strength: Strength,
    pub scope: Scope,
    pub regex: CueRegex,
    /// Literals one of which every match contains; the regex runs only where the automaton
    /// saw one. With none, it runs on every text.
    pub requires: Vec<String>,
    pub note: Option<String>,
}

/// A pattern cue's regular expression, compiled when it is given or on first use. The
/// built-in rules' patterns (checked by the test suite) are compiled on first use, so the
/// rules reach the documents without waiting for them; the rules thread compiles them
/// right after (see [`crate::rules::preload`]), and a search that needs one sooner waits
/// for it or compiles it. A user's patterns are compiled as their file loads, so that a
/// pattern too large to build is reported there.
#[derive(Debug, Clone)]
pub struct CueRegex {
    source: Arc<str>,
    /// Shared by clones: compiled once, wherever first asked.
    compiled: Arc<OnceLock<Regex>>,
}

impl CueRegex {
    /// A pattern already compiled.
    pub fn compiled(regex: Regex) -> CueRegex {
        CueRegex {
            source: regex.as_str().into(),
            compiled: Arc::new(OnceLock::from(regex)),
        }
    }

    /// A pattern to compile on first use: a built-in rule's, which the tests compile.
    pub fn deferred(source: &str) -> CueRegex {
        CueRegex {
            source: source.into(),
            compiled: Arc::new(OnceLock::new()),
        }
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The compiled pattern. A deferred pattern that fails to build (which the tests rule
    /// out) matches nothing rather than panic.
    pub fn get(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            Regex::new(&self.source)
                .unwrap_or_else(|_| Regex::new("[^\\s\\S]").expect("the empty class compiles"))
        })
    }
}

/// One confirmed cue occurrence.
#[derive(Debug, Clone)]
pub struct CueMatch<'a> {
    pub kind: &'a CueKind,
    pub strength: Strength,
    pub start: usize,
    pub end: usize,
    /// The matched text, or the pattern's note.
    pub shown: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_pattern_cue_compiles() {
        let rules = crate::rules::load::load(&[]).expect("embedded rules load");
        let patterns = rules.lexicon.pattern_regexes();
        assert!(patterns.len() >= 3, "{}", patterns.len());
        for pattern in &patterns {
            assert!(
                Regex::new(pattern.source()).is_ok(),
                "{} does not compile",
                pattern.source()
            );
            assert_eq!(pattern.get().as_str(), pattern.source());
        }
    }

    #[test]
    fn a_deferred_pattern_compiles_once_for_every_clone() {
        let deferred = CueRegex::deferred("(?i)in ferrets");
        let clone = deferred.clone();
        assert!(clone.get().is_match("Tested IN FERRETS"));
        assert!(std::ptr::eq(deferred.get(), clone.get()));
        // One that cannot build (the tests rule it out for the built-in rules) matches nothing.
        let broken = CueRegex::deferred("(unclosed");
        assert!(!broken.get().is_match("(unclosed"));
        assert!(!broken.get().is_match(""));
    }
}
