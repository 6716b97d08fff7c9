//! The evidence engine: the cue lexicon, the Chinese segmenter, and the two classifiers —
//! what a claim asserts and what a cited work is.

pub mod claim;
pub mod lexicon;
mod own_study;
pub mod reference;
pub mod segmenter;

/// Confidence given to a design shown by a strong cue.
pub const STRONG: f32 = 0.9;
/// Confidence given to a design only implied by weak cues.
pub const WEAK: f32 = 0.5;
/// Confidence of a human study inferred from patients plus a study word.
pub const INFERRED_HUMAN: f32 = 0.7;

/// How the evidence marks a not-subjects cue ("T cell populations", "from mice to men"):
/// the species, people and designs inside it count for nothing.
pub const NOT_SUBJECTS_NOTE: &str = "names no subjects";

/// How a claim's evidence marks an own-study lead that governed its study words ("our
/// phase II trial", "we conducted a randomized trial").
pub const OWN_STUDY_NOTE: &str = "the manuscript's own study";

/// A cue as an evidence line, `title: "in rats" (rat)` or `claim: "phase II"`, written out
/// without the formatting machinery: every claim and every entry is classified.
fn cue_line(field: &str, shown: &str, species: Option<&str>) -> String {
    let species_len = species.map_or(0, |s| s.len() + 3);
    let mut line = String::with_capacity(field.len() + shown.len() + 4 + species_len);
    line.push_str(field);
    line.push_str(": \"");
    line.push_str(shown);
    line.push('"');
    if let Some(species) = species {
        line.push_str(" (");
        line.push_str(species);
        line.push(')');
    }
    line
}

/// Appends `item` unless `items` already holds it: a claim's designs, an entry's evidence.
fn push_unique<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}
