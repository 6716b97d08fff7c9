//! The TOML schema of rule files. One schema serves every file under `rules/`: a file may
//! hold mismatch and structure rules (`[[rule]]`), cue lexicon entries (`[[cue]]`),
//! regular-expression cues (`[[pattern]]`) and segmenter words (`[segmenter]`).
//! Unknown keys are errors.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleFileSpec {
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
    #[serde(default)]
    pub cue: Vec<CueSpec>,
    #[serde(default)]
    pub pattern: Vec<PatternSpec>,
    #[serde(default)]
    pub segmenter: Option<SegmenterSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub code: Spanned<String>,
    pub name: Spanned<String>,
    pub category: Spanned<String>,
    pub severity: Spanned<String>,
    pub summary: String,
    /// What it checks and why it matters (shown by `citelint rules CODE`).
    pub description: String,
    pub message: String,
    pub help: String,
    /// A built-in structural check this rule configures.
    #[serde(default)]
    pub check: Option<Spanned<String>>,
    /// The condition of an evidence rule.
    #[serde(default)]
    pub when: Option<WhenSpec>,
    #[serde(default)]
    pub example: Vec<ExampleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenSpec {
    /// The claim asserts at least one of these designs.
    #[serde(default)]
    pub claim_designs: Vec<Spanned<String>>,
    /// The claim's population must be this one ("human").
    #[serde(default)]
    pub claim_population: Option<Spanned<String>>,
    /// The claim reports one study, not only several ("trials have shown", 多项研究).
    #[serde(default)]
    pub claim_one_study: bool,
    /// The claim does not itself name the cited work's design ("as reviewed in \[3\]").
    #[serde(default)]
    pub claim_silent_on_cited: bool,
    /// The rule is about claims that state only an outcome in people ("mortality in
    /// patients"); without it, a rule leaves such claims alone.
    #[serde(default)]
    pub claim_outcome_only: bool,
    /// The cited work is one of these designs.
    #[serde(default)]
    pub cited_designs: Vec<Spanned<String>>,
    /// The cited work carries every one of these signals.
    #[serde(default)]
    pub cited_signals: Vec<Spanned<String>>,
    /// The cited work carries none of these signals.
    #[serde(default)]
    pub cited_without_signals: Vec<Spanned<String>>,
    /// The cited work has no population cue of this kind.
    #[serde(default)]
    pub cited_without_population: Option<Spanned<String>>,
    /// What a cited meta-analysis or review pools ("animal").
    #[serde(default)]
    pub cited_pools: Option<Spanned<String>>,
    /// Both state a trial phase and the phases differ.
    #[serde(default)]
    pub phase_differs: bool,
    /// The citation names at most this many works (resolved or not).
    #[serde(default)]
    pub max_cited_works: Option<usize>,
    /// The cited classification must be at least this confident.
    #[serde(default)]
    pub min_confidence: f32,
    /// Below this confidence an error is reported as a warning.
    #[serde(default)]
    pub warning_below: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    /// A claim sentence holding a citation marker `[1]`…
    #[serde(default)]
    pub claim: Option<String>,
    /// …and the reference entry it cites (numbered 1).
    #[serde(default)]
    pub reference: Option<String>,
    /// Or a whole manuscript.
    #[serde(default)]
    pub document: Option<String>,
    pub fires: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueSpec {
    #[serde(default)]
    pub design: Option<Spanned<String>>,
    #[serde(default)]
    pub phase: Option<Spanned<String>>,
    #[serde(default)]
    pub population: Option<Spanned<String>>,
    #[serde(default)]
    pub species: Option<String>,
    #[serde(default)]
    pub modifier: Option<Spanned<String>>,
    #[serde(default)]
    pub signal: Option<Spanned<String>>,
    #[serde(default)]
    pub strength: Option<Spanned<String>>,
    #[serde(default)]
    pub scope: Option<Spanned<String>>,
    /// Where in a reference the cue counts: "title" (default) or "container".
    #[serde(default)]
    pub field: Option<Spanned<String>>,
    #[serde(default)]
    pub en: Vec<Spanned<String>>,
    #[serde(default)]
    pub zh: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    #[serde(default)]
    pub design: Option<Spanned<String>>,
    #[serde(default)]
    pub signal: Option<Spanned<String>>,
    #[serde(default)]
    pub population: Option<Spanned<String>>,
    #[serde(default)]
    pub strength: Option<Spanned<String>>,
    #[serde(default)]
    pub scope: Option<Spanned<String>>,
    pub regex: Spanned<String>,
    /// A literal every match contains, or literals one of which every match contains
    /// (ASCII case-insensitive): the regex runs only on text where the cue automaton saw
    /// one.
    #[serde(default)]
    pub requires: Option<Spanned<Literals>>,
    /// Shown in evidence instead of the matched text.
    #[serde(default)]
    pub note: Option<String>,
}

/// One literal, or a list of them.
#[derive(Debug)]
pub enum Literals {
    One(String),
    Any(Vec<String>),
}

impl<'de> Deserialize<'de> for Literals {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LiteralsVisitor;
        impl<'de> serde::de::Visitor<'de> for LiteralsVisitor {
            type Value = Literals;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: serde::de::Error>(self, literal: &str) -> Result<Literals, E> {
                Ok(Literals::One(literal.to_owned()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Literals, A::Error> {
                let mut literals = Vec::new();
                while let Some(literal) = seq.next_element()? {
                    literals.push(literal);
                }
                Ok(Literals::Any(literals))
            }
        }
        deserializer.deserialize_any(LiteralsVisitor)
    }
}

impl Literals {
    pub fn as_slice(&self) -> &[String] {
        match self {
            Literals::One(literal) => std::slice::from_ref(literal),
            Literals::Any(literals) => literals,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmenterSpec {
    /// Words the Chinese segmenter must keep whole (临床前 so that 临床 inside it is no cue).
    #[serde(default)]
    pub words: Vec<String>,
}
