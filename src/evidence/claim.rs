//! The claim classifier: which designs, trial phase and population a cited sentence
//! asserts, and whether it is negated ("no randomized trial has…", 尚无随机对照试验), hedged,
//! or states a need rather than evidence ("trials are needed", 需要通过临床试验建立…).

use crate::evidence::lexicon::{CueKind, Lexicon, Modifier, Target};
use crate::model::{Claim, Design, Population};
use crate::source::Span;

/// How far (in bytes) a negation may stand before the design it negates, within one clause.
const NEGATION_REACH: usize = 24;

/// Classifies the claim sentence `text` found at `span`.
pub fn classify_claim(text: &str, span: Span, lexicon: &Lexicon) -> Claim {
    let matches = lexicon.find(text, Target::Claim);
    let mut claim = Claim {
        text: text.to_owned(),
        span,
        ..Claim::default()
    };
    let mut human = false;
    let mut nonhuman = false;
    let mut study_word = false;
    let mut negation_ends: Vec<usize> = Vec::new();
    for m in &matches {
        match m.kind {
            CueKind::Design(design) => push_unique(&mut claim.designs, *design),
            CueKind::Phase(phase) => claim.phase = Some(*phase),
            CueKind::Population(population, _) => {
                match population {
                    Population::Human => human = true,
                    Population::Animal | Population::Cells => nonhuman = true,
                }
                if claim.population.is_none() || *population != Population::Human {
                    claim.population = Some(*population);
                }
            }
            CueKind::Modifier(Modifier::Negation) => negation_ends.push(m.end),
            CueKind::Modifier(Modifier::Need) => claim.need = true,
            CueKind::Modifier(Modifier::Hedge) => claim.hedged = true,
            CueKind::Signal(signal) if signal == "study" => study_word = true,
            CueKind::Signal(_) => continue,
        }
        claim.evidence.push(format!("claim: \"{}\"", m.shown));
    }
    if claim.phase.is_some() && !claim.designs.iter().any(|d| matches!(d, Design::Rct | Design::ClinicalTrial)) {
        claim.designs.push(Design::ClinicalTrial);
    }
    let clinical = claim.designs.iter().any(|d| d.is_clinical());
    if human && study_word && !clinical && !claim.designs.iter().any(|d| d.is_preclinical()) {
        claim.designs.push(Design::HumanStudy);
    }
    let clinical = claim.designs.iter().any(|d| d.is_clinical());
    let preclinical = nonhuman || claim.designs.iter().any(|d| d.is_preclinical());
    claim.mixed = clinical && preclinical;
    if clinical && !preclinical && claim.population.is_none() {
        claim.population = Some(Population::Human);
    }
    claim.negated = matches.iter().any(|m| {
        matches!(m.kind, CueKind::Design(_))
            && negation_ends
                .iter()
                .any(|&end| end <= m.start && m.start - end <= NEGATION_REACH && !text[end..m.start].contains([',', '，', ';', '；', '。']))
    });
    claim.designs.sort();
    claim
}

fn push_unique(designs: &mut Vec<Design>, design: Design) {
    if !designs.contains(&design) {
        designs.push(design);
    }
}
