//! What the lexicon holds and finds: cue kinds (design, phase, population, modifier,
//! signal), their strength, scope and field, literal cues, pattern cues, and a confirmed
//! cue occurrence.

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
}

impl Modifier {
    pub fn from_id(id: &str) -> Option<Modifier> {
        match id {
            "negation" => Some(Modifier::Negation),
            "need" => Some(Modifier::Need),
            "hedge" => Some(Modifier::Hedge),
            "continuation" => Some(Modifier::Continuation),
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
    pub regex: Regex,
    /// A literal every match contains; the regex runs only where the automaton saw it.
    pub requires: Option<String>,
    pub note: Option<String>,
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
