//! The claim classifier: which designs, trial phase and population a cited sentence
//! asserts, and whether it is negated ("no randomized trial has…", 尚无随机对照试验), hedged,
//! or states a need rather than evidence ("trials are needed", 需要通过临床试验建立…). The
//! manuscript's own study ("our phase II trial", `own_study`) is left out.

use crate::evidence::lexicon::{CueKind, Lexicon, Modifier, Target};
use crate::evidence::own_study::governed_by_own_study;
use crate::evidence::{NOT_SUBJECTS_NOTE, OWN_STUDY_NOTE, cue_line, push_unique};
use crate::model::{Claim, Design, Population};
use crate::source::Span;
use crate::text::fold::reading_text;

/// How far (in bytes) a negation may stand before the design it negates, within one clause.
const NEGATION_REACH: usize = 24;

/// Classifies the claim sentence `text` found at `span`.
pub fn classify_claim(text: &str, span: Span, lexicon: &Lexicon) -> Claim {
    // Read as a reader reads it: line breaks and masked markup are single spaces, so a cue
    // split by a tag ("randomized <italic>controlled</italic> trial") still reads whole.
    let reading = reading_text(text);
    let text = reading.as_str();
    let found = lexicon.find(text, Target::Claim);
    // "Our phase II trial", "we conducted a randomized trial": the manuscript's own study,
    // not the cited work's; an own-study lead that governed nothing is no evidence either.
    let governed = governed_by_own_study(text, &found);
    let mut own_leads: Vec<&str> = Vec::new();
    let matches: Vec<_> = found
        .iter()
        .enumerate()
        .map(|(index, m)| (m, governed.get(index).copied().unwrap_or(false)))
        .filter_map(|(m, governed)| match m.kind {
            CueKind::Modifier(Modifier::OwnStudy) => {
                if governed {
                    own_leads.push(m.shown);
                }
                None
            }
            _ => (!governed).then_some(m),
        })
        .collect();
    let mut claim = Claim {
        span,
        ..Claim::default()
    };
    let mut human = false;
    let mut nonhuman = false;
    let mut study_word = false;
    let mut outcome = None;
    let mut mechanism = false;
    let mut negation_ends: Vec<usize> = Vec::new();
    let mut needs: Vec<(usize, usize)> = Vec::new();
    // The cues that speak of several studies, shown only when they make the claim so.
    let mut several: Vec<&str> = Vec::new();
    let mut one = false;
    for lead in own_leads {
        push_unique(
            &mut claim.evidence,
            cue_line("claim", lead, Some(OWN_STUDY_NOTE)),
        );
    }
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
            CueKind::Modifier(Modifier::Need) => needs.push((m.start, m.end)),
            CueKind::Modifier(Modifier::Hedge) => claim.hedged = true,
            CueKind::Modifier(Modifier::Method) => claim.method = true,
            CueKind::Modifier(Modifier::Several) => {
                several.push(m.shown);
                continue;
            }
            CueKind::Modifier(Modifier::One) => {
                one = true;
                continue;
            }
            CueKind::Modifier(Modifier::NotSubjects) => {
                push_unique(
                    &mut claim.evidence,
                    cue_line("claim", m.shown, Some(NOT_SUBJECTS_NOTE)),
                );
                continue;
            }
            // Own-study leads were taken out above.
            CueKind::Modifier(
                Modifier::Continuation
                | Modifier::TopicLead
                | Modifier::OwnStudy
                | Modifier::QuestionWord,
            ) => continue,
            CueKind::Signal(signal) if signal == "study" => study_word = true,
            CueKind::Signal(signal) if signal == "clinical-outcome" => {
                outcome = outcome.or(Some(m.shown));
                continue;
            }
            CueKind::Signal(signal) if signal == "mechanism" => {
                mechanism = true;
                continue;
            }
            CueKind::Signal(_) => continue,
        }
        push_unique(&mut claim.evidence, cue_line("claim", m.shown, None));
    }
    if nonhuman && !claim.designs.iter().any(|d| d.is_preclinical()) {
        let design = if claim.population == Some(Population::Cells) {
            Design::InVitro
        } else {
            Design::Animal
        };
        claim.designs.push(design);
    }
    if claim.phase.is_some()
        && !claim
            .designs
            .iter()
            .any(|d| matches!(d, Design::Rct | Design::ClinicalTrial))
    {
        claim.designs.push(Design::ClinicalTrial);
    }
    let clinical = claim.designs.iter().any(|d| d.is_clinical());
    if human && study_word && !clinical && !claim.designs.iter().any(|d| d.is_preclinical()) {
        claim.designs.push(Design::HumanStudy);
    }
    // "In patients with heart failure, the drug reduced hospital admissions": an outcome
    // only people have, with no design or study word, is a claim about people all the same,
    // unless it explains the outcome ("side effects stem from off-target binding").
    let about_people = human && !nonhuman && !mechanism && claim.designs.is_empty();
    if let Some(shown) = outcome.filter(|_| about_people) {
        claim.designs.push(Design::HumanStudy);
        claim.outcome_only = true;
        push_unique(&mut claim.evidence, cue_line("claim", shown, None));
    }
    let clinical = claim.designs.iter().any(|d| d.is_clinical());
    let preclinical = nonhuman || claim.designs.iter().any(|d| d.is_preclinical());
    claim.mixed = clinical && preclinical;
    if clinical && !preclinical && claim.population.is_none() {
        claim.population = Some(Population::Human);
    }
    claim.negated = matches.iter().any(|m| {
        matches!(m.kind, CueKind::Design(_))
            && negation_ends.iter().any(|&end| {
                end <= m.start
                    && m.start - end <= NEGATION_REACH
                    && !text[end..m.start].contains([',', '，', ';', '；', '。'])
            })
    });
    let design_spans: Vec<(usize, usize)> = matches
        .iter()
        .filter(|m| matches!(m.kind, CueKind::Design(_) | CueKind::Phase(_)))
        .map(|m| (m.start, m.end))
        .collect();
    claim.need = if design_spans.is_empty() {
        !needs.is_empty()
    } else {
        design_spans
            .iter()
            .all(|&design| needs.iter().any(|&need| need_governs(text, need, design)))
    };
    // One singular study noun ("a phase II trial", 一项) makes the claim about one study,
    // whatever plural stands beside it; cues match whole words, so "trials" holds no "trial".
    // A claim that names no study ("many patients relapse") speaks of no studies at all.
    claim.several = !claim.designs.is_empty() && !claim.outcome_only && !several.is_empty() && !one;
    if claim.several {
        for shown in several {
            push_unique(&mut claim.evidence, cue_line("claim", shown, None));
        }
    }
    claim.designs.sort();
    drop(matches);
    claim.text = reading;
    claim
}

/// A need governs a design it precedes in the same sentence ("需要通过临床试验建立…",
/// "further trials must…"), or one it follows within the same clause ("trials are needed").
/// A need in a later clause ("…improved; further studies are needed") leaves the result
/// standing.
fn need_governs(text: &str, need: (usize, usize), design: (usize, usize)) -> bool {
    if need.0 < design.1 && design.0 < need.1 {
        return true;
    }
    if need.1 <= design.0 {
        return !text[need.1..design.0].contains(['。', '.', '!', '?', '！', '？']);
    }
    !text[design.1..need.0].contains([',', '，', ';', '；', '。', '.', ':', '：'])
}

/// What the sentence `text` claims, read with the default rules (for tests).
#[cfg(test)]
pub(crate) fn claim_of(text: &str) -> Claim {
    let rules = crate::load_default().expect("default rules load");
    classify_claim(text, Span::new(0, text.len()), &rules.lexicon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wu_inside_an_outcome_or_a_state_is_no_negation() {
        let claim =
            claim_of("一项以无进展生存期为主要终点、纳入无症状患者的III期临床试验证实了获益[1]。");
        assert!(!claim.negated);
        assert!(
            !claim.evidence.iter().any(|e| e.contains("\"无\"")),
            "{:?}",
            claim.evidence
        );
        assert!(claim_of("目前尚无随机对照试验评估该药物[1]。").negated);
    }

    #[test]
    fn an_outcome_only_people_have_makes_a_claim_about_people_unless_explained() {
        for text in [
            "In patients with heart failure, the drug reduced hospital admissions [1].",
            "心力衰竭患者的死亡率有所下降[1]。",
        ] {
            let claim = claim_of(text);
            assert!(claim.outcome_only, "{text}");
            assert_eq!(claim.designs, [Design::HumanStudy], "{text}");
            assert!(claim.asserts_evidence(), "{text}");
        }
        for text in [
            "Mortality fell in septic mice given the drug [1].",
            "In patients, tumour cell survival rose after exposure [1].",
            "The side effects in patients stem from off-target binding [1].",
            "A randomized trial in patients showed lower mortality [1].",
        ] {
            assert!(!claim_of(text).outcome_only, "{text}");
        }
        let many = claim_of("Many patients with gout have relapses within a year [1].");
        assert!(many.outcome_only && !many.several, "{:?}", many.evidence);
        // Only asked about: a need, no evidence.
        let asked = claim_of("Whether mortality falls in patients remains to be determined [1].");
        assert!(asked.need && !asked.asserts_evidence());
    }

    #[test]
    fn a_claim_about_several_studies_and_no_one_study_speaks_of_several() {
        for text in [
            "Randomized trials in patients have shown a consistent benefit [1].",
            "Phase II trials are now under way [1].",
            "Clinical trials of this agent were reviewed recently [1].",
            "多项针对青光眼患者的随机对照试验表明，该滴眼液可降低眼压[1]。",
            "大量临床研究证实了其疗效[1]。",
        ] {
            let claim = claim_of(text);
            assert!(!claim.designs.is_empty(), "{text}");
            assert!(claim.several, "{text}");
        }
        let claim = claim_of("Randomized trials in patients have shown a benefit [1].");
        assert!(
            claim
                .evidence
                .contains(&"claim: \"Randomized trials\"".to_owned()),
            "{:?}",
            claim.evidence
        );
        // A disease named "multiple" counts no studies.
        let claim =
            claim_of("Patients with multiple sclerosis treated with the drug relapsed less [1].");
        assert!(!claim.several, "{:?}", claim.evidence);
    }

    #[test]
    fn a_citation_for_a_method_asserts_no_evidence() {
        for text in [
            "Serum samples from the trial were assayed as described previously [1].",
            "The trial protocol has been published [1].",
            "血清样本按照文献方法检测，该随机对照试验的研究方案已发表[1]。",
        ] {
            let claim = claim_of(text);
            assert!(claim.method, "{text}");
            assert!(!claim.asserts_evidence(), "{text}");
        }
        for text in [
            "As previously reported, a phase II trial showed benefit in patients [1].",
            "As described in a phase II trial, patients improved [1].",
        ] {
            let claim = claim_of(text);
            assert!(!claim.method, "{text}");
            assert!(claim.asserts_evidence(), "{text}");
        }
    }

    #[test]
    fn one_study_named_among_several_is_one_studys_result() {
        for text in [
            "In a phase II trial, patients improved [1].",
            "Of several trials in heart failure, a phase II trial showed the largest benefit [1].",
            "Several patients in a randomized controlled trial improved [1].",
            "一项随机对照试验显示患者获益[1]。",
            "多项研究中，其中一项试验表明患者获益[1]。",
            "研究表明，患者的症状得到改善[1]。",
        ] {
            let claim = claim_of(text);
            assert!(!claim.several, "{text}");
            assert!(
                !claim.evidence.iter().any(|e| e.contains("several")),
                "{text}: {:?}",
                claim.evidence
            );
        }
        // The words for one study hide no design or study word from the segmenter.
        assert_eq!(
            claim_of("该研究显示，患者的疼痛明显减轻[1]。").designs,
            [Design::HumanStudy]
        );
        assert_eq!(
            claim_of("该试验表明患者获益[1]。").designs,
            [Design::ClinicalTrial]
        );
        // Without a design there is nothing for the number to qualify.
        assert!(!claim_of("Several groups have studied exosomes [1].").several);
    }

    /// A population of cells or microbes is no people: the claim asserts no study in
    /// patients, and its evidence says why "population" counted for nothing.
    #[test]
    fn a_population_that_is_not_people_makes_no_human_claim() {
        for text in [
            "This study showed that the T cell population expands after infection [1].",
            "A recent study found that the mosquito population declined after spraying [1].",
            "In one study, bacterial populations adapted within days [1].",
        ] {
            let claim = claim_of(text);
            assert_ne!(claim.population, Some(Population::Human), "{text}");
            assert!(!claim.designs.contains(&Design::HumanStudy), "{text}");
            assert!(
                claim
                    .evidence
                    .iter()
                    .any(|e| e.ends_with("(names no subjects)")),
                "{text}: {:?}",
                claim.evidence
            );
        }
        let people = claim_of("This study showed that the elderly population benefits [1].");
        assert_eq!(people.designs, [Design::HumanStudy]);
    }
}
