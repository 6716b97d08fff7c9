//! Rules: the compiled rule set (mismatch and structure rules plus the cue lexicon), how it
//! is loaded and validated from TOML, and the engine that turns a checked document into
//! findings.

pub mod attribution;
pub mod checks;
mod compile_cue;
mod compile_rule;
pub mod embedded;
pub mod engine;
pub mod load;
pub mod other_core;
pub mod preload;
pub mod schema;

use crate::evidence::lexicon::Lexicon;
use crate::model::{Category, Design, Phase, Population, Severity};

/// A loaded, validated rule set.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub lexicon: Lexicon,
}

impl RuleSet {
    pub fn rule(&self, code: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code))
    }
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    pub summary: String,
    pub description: String,
    pub message: String,
    pub help: String,
    pub kind: RuleKind,
    pub examples: Vec<Example>,
    /// The file the rule came from ("rules/evidence.toml" or a user path).
    pub origin: String,
}

#[derive(Debug, Clone)]
pub enum RuleKind {
    Check(checks::Check),
    Evidence(Condition),
}

/// When an evidence rule fires for one (claim, cited reference) pair.
#[derive(Debug, Clone, Default)]
pub struct Condition {
    pub claim_designs: Vec<Design>,
    pub claim_population: Option<Population>,
    pub claim_one_study: bool,
    /// The claim does not itself name the cited work's design: "a phase II trial showed
    /// benefit (reviewed in \[3\])" cites the review openly as a review.
    pub claim_silent_on_cited: bool,
    /// Set, the rule matches only claims that state an outcome in people and name no study
    /// ([`crate::model::Claim::outcome_only`]); unset, it leaves them alone.
    pub claim_outcome_only: bool,
    pub cited_designs: Vec<Design>,
    pub cited_signals: Vec<String>,
    pub cited_without_signals: Vec<String>,
    pub cited_without_population: Option<Population>,
    pub cited_pools: Option<Population>,
    pub phase_differs: bool,
    pub max_cited_works: Option<usize>,
    pub min_confidence: f32,
    pub warning_below: Option<f32>,
}

#[derive(Debug, Clone)]
pub struct Example {
    pub claim: Option<String>,
    pub reference: Option<String>,
    pub document: Option<String>,
    pub fires: bool,
}

impl Example {
    /// The manuscript the example stands for.
    pub fn manuscript(&self) -> String {
        if let Some(document) = &self.document {
            return document.clone();
        }
        format!(
            "{}\n\nReferences\n\n1. {}\n",
            self.claim.as_deref().unwrap_or_default(),
            self.reference.as_deref().unwrap_or_default()
        )
    }
}

/// A phase pair for messages.
pub fn phase_text(phase: Option<Phase>) -> &'static str {
    phase.map_or("unstated", Phase::id)
}
