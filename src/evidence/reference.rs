//! The reference classifier: the design, phase and population of a cited work from its
//! title, container, GB/T type code and identifiers, with a confidence and the cues used.
//! Strong cues give high confidence; weak cues (review-style titles, review journals, a
//! title asking a question like "Why …?", mechanism wording) give low confidence; no cue
//! gives `unknown`.

use crate::evidence::lexicon::{CueKind, CueMatch, Lexicon, Modifier, Strength, Target};
use crate::evidence::{INFERRED_HUMAN, NOT_SUBJECTS_NOTE, STRONG, WEAK, cue_line, push_unique};
use crate::model::{Design, Population, Reference};
use crate::text::fold::squashed;
use crate::text::is_han;
use crate::text::white_space::FastTrim;

/// Designs in the order they win when a title shows several with strong cues: what a work
/// synthesises or states beats what it mentions; animals and cells beat trial wording.
const STRONG_PRIORITY: [Design; 12] = [
    Design::MetaAnalysis,
    Design::SystematicReview,
    Design::CaseReport,
    Design::Review,
    Design::Animal,
    Design::InVitro,
    Design::Rct,
    Design::ClinicalTrial,
    Design::Guideline,
    Design::Observational,
    Design::Statistics,
    Design::HumanStudy,
];

const WEAK_PRIORITY: [Design; 6] = [
    Design::Review,
    Design::Animal,
    Design::InVitro,
    Design::ClinicalTrial,
    Design::Statistics,
    Design::Guideline,
];

/// Classifies `reference` in place.
pub fn classify_reference(reference: &mut Reference, lexicon: &Lexicon) {
    // The texts are taken out while the cues that borrow them are read, and put back after.
    let (title, raw, container) = (
        reference.title.take(),
        std::mem::take(&mut reference.raw),
        reference.container.take(),
    );
    // Cues are searched with white space squashed, as in claims: every reader squashes a
    // title already, but a CSL JSON title or an entry's raw text may hold a line break.
    classify_from(
        reference,
        &squashed(title.as_deref().unwrap_or(&raw)),
        &squashed(container.as_deref().unwrap_or_default()),
        lexicon,
    );
    (reference.title, reference.raw, reference.container) = (title, raw, container);
}

/// Why a design or population was seen, written into the evidence only when it is used.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cue<'a> {
    /// A cue matched in a field (`title: "in rats"`), with the species an animal cue names.
    Matched {
        field: &'static str,
        shown: &'a str,
        species: Option<&'a str>,
    },
    /// A fact about the entry itself ("type code: [S]").
    Fact(&'static str),
}

impl<'a> Cue<'a> {
    fn matched(m: &CueMatch<'a>, field: &'static str) -> Self {
        Cue::Matched {
            field,
            shown: m.shown,
            species: None,
        }
    }

    /// Whether this is a species word in the singular ("mouse", "murine", "swine"), which
    /// can name a topic (an allergen, a virus, a product) rather than the animals studied.
    /// Words the same in both numbers ("zebrafish", "sheep") name the animals studied.
    fn is_topic_species(&self) -> bool {
        match self {
            Cue::Matched {
                shown,
                species: Some(_),
                ..
            } => {
                let last = shown.rsplit(' ').next().unwrap_or(shown);
                let plural = last.ends_with(['s', 'S'])
                    || [
                        "mice",
                        "zebrafish",
                        "sheep",
                        "fish",
                        "drosophila",
                        "elegans",
                    ]
                    .iter()
                    .any(|word| last.eq_ignore_ascii_case(word));
                !plural
            }
            _ => false,
        }
    }

    /// The cue as an evidence line: `title: "in rats" (rat)`.
    fn line(&self) -> String {
        match self {
            Cue::Matched {
                field,
                shown,
                species,
            } => cue_line(field, shown, *species),
            Cue::Fact(fact) => (*fact).to_owned(),
        }
    }
}

/// Classifies `reference` from its title (or whole entry) and container.
fn classify_from(reference: &mut Reference, title: &str, container: &str, lexicon: &Lexicon) {
    let title_matches = lexicon.find(title, Target::Title);
    let container_matches = lexicon.find(container, Target::Container);

    let mut strong: Vec<(Design, Cue)> = Vec::new();
    let mut weak: Vec<(Design, Cue)> = Vec::new();
    let mut human_cue = None;
    let mut animal_cue = None;
    let mut study_cue = None;
    let mut phase_cue = None;
    // A review joined to the work's own report ("a case report and review of the
    // literature", "a randomized trial and literature review"): the report is the design.
    let mut appended_review = None;
    let mut evidence = Vec::new();
    let topic_leads: Vec<(usize, usize)> = title_matches
        .iter()
        .filter(|m| matches!(m.kind, CueKind::Modifier(Modifier::TopicLead)))
        .map(|m| (m.start, m.end))
        .collect();

    if reference
        .type_code
        .as_deref()
        .is_some_and(|c| c.starts_with('S'))
    {
        strong.push((Design::Guideline, Cue::Fact("type code: [S]")));
    }
    for (m, field) in title_matches
        .iter()
        .map(|m| (m, "title"))
        .chain(container_matches.iter().map(|m| (m, "container")))
    {
        let cue = Cue::matched(m, field);
        let bucket = if m.strength == Strength::Strong {
            &mut strong
        } else {
            &mut weak
        };
        match m.kind {
            CueKind::Design(Design::Review)
                if m.strength == Strength::Strong
                    && field == "title"
                    && follows_and(&title[..m.start]) =>
            {
                appended_review = Some(cue);
            }
            // "Compliance with clinical guidelines for asthma": a guideline the work studies,
            // not what it is.
            CueKind::Design(Design::Guideline)
                if field == "title" && guideline_is_topic(title, m.start, &topic_leads) => {}
            CueKind::Design(design) => {
                if *design == Design::Animal {
                    animal_cue = Some(cue);
                }
                bucket.push((*design, cue));
            }
            // "Phase I trials in pediatric oncology: perceptions of …": a phase before a
            // plural is about such trials, and no phase of this work.
            CueKind::Phase(_) if field == "title" && before_plural_trials(&title[m.end..]) => {
                weak.push((Design::ClinicalTrial, cue));
            }
            CueKind::Phase(phase) => {
                reference.phase = Some(*phase);
                phase_cue = Some(cue);
                strong.push((Design::ClinicalTrial, cue));
            }
            CueKind::Population(population, species) => match population {
                Population::Human => human_cue = Some(cue),
                Population::Animal => {
                    let cue = Cue::Matched {
                        field,
                        shown: m.shown,
                        species: species.as_deref(),
                    };
                    animal_cue = Some(cue);
                    bucket.push((Design::Animal, cue));
                }
                Population::Cells => bucket.push((Design::InVitro, cue)),
            },
            CueKind::Signal(signal) if signal == "study" => study_cue = Some(cue),
            CueKind::Signal(signal) => {
                push_signal(reference, signal);
                push_unique(&mut evidence, cue.line());
            }
            CueKind::Modifier(_) => {}
        }
    }
    // "Dose translation from animal to human studies": the cues a not-subjects cue spans
    // are gone already; say why.
    for m in title_matches
        .iter()
        .filter(|m| matches!(m.kind, CueKind::Modifier(Modifier::NotSubjects)))
    {
        push_unique(
            &mut evidence,
            cue_line("title", m.shown, Some(NOT_SUBJECTS_NOTE)),
        );
    }

    if let Some(cue) = appended_review
        && strong.is_empty()
    {
        strong.push((Design::Review, cue));
    }
    // A species word in the singular names the topic, not the subjects, when people are
    // studied: "Mouse allergen exposure among inner-city children", "Swine influenza
    // vaccination in pregnant women: a randomized trial", "Rabbit antithymocyte globulin in
    // transplant recipients". In the plural ("in rats", "transgenic mice") it stays. Nor
    // does it name them in work stated to be in culture: "Mouse embryonic fibroblasts
    // respond to the drug in culture", "cultured rat smooth muscle cells" take the cells of
    // that species.
    let in_culture = strong.iter().any(|(d, _)| *d == Design::InVitro);
    if human_cue.is_some() || in_culture || strong.iter().any(|(d, _)| d.is_clinical()) {
        strong.retain(|(_, cue)| !cue.is_topic_species());
        weak.retain(|(_, cue)| !cue.is_topic_species());
        animal_cue = animal_cue.filter(|cue| !cue.is_topic_species());
    }
    if title.fast_trim_end().ends_with(['?', '？']) {
        // A title that is a question asking for an argument ("How should we manage
        // fibromyalgia?", "Why systematic reviews?") heads a commentary more often than
        // not. A yes/no question ("Are TNF receptor levels associated with age?") and a
        // question after a study's own title ("Body temperature of newborns: what is
        // normal?") head research as often, and say nothing of its design.
        if !question_is_subtitle(title) && asks_for_argument(title, &title_matches) {
            weak.push((Design::Review, Cue::Fact("title: a question")));
        }
        // A question as title ("Why systematic reviews?") discusses a design rather than
        // reporting one: synthesis, trial and review words in it are weak.
        let (demoted, kept): (Vec<_>, Vec<_>) = strong.into_iter().partition(|(d, _)| {
            matches!(
                d,
                Design::MetaAnalysis
                    | Design::SystematicReview
                    | Design::Rct
                    | Design::ClinicalTrial
                    | Design::Guideline
                    | Design::Review
            )
        });
        strong = kept;
        weak.extend(demoted);
    }
    // Review-style wording is a weak signal; any patient, trial or outcome wording outweighs it.
    let clinical_hint = human_cue.is_some()
        || study_cue.is_some()
        || reference.has_signal("clinical-wording")
        || weak.iter().any(|(d, _)| d.is_clinical());
    if clinical_hint {
        weak.retain(|(d, _)| *d != Design::Review);
    }

    let (design, confidence, cue) = if let Some((design, cue)) = pick(&strong, &STRONG_PRIORITY) {
        (design, STRONG, Some(cue))
    } else if let Some(cue) =
        human_cue.filter(|_| study_cue.is_some() || weak.iter().any(|(d, _)| d.is_clinical()))
    {
        (Design::HumanStudy, INFERRED_HUMAN, Some(cue))
    } else if let Some((design, cue)) = pick(&weak, &WEAK_PRIORITY) {
        (design, WEAK, Some(cue))
    } else {
        (Design::Unknown, 0.0, None)
    };
    reference.design = design;
    reference.confidence = confidence;
    if let Some(cue) = cue {
        evidence.insert(0, cue.line());
    }
    if matches!(
        design,
        Design::MetaAnalysis | Design::SystematicReview | Design::Review
    ) {
        if let Some(cue) = animal_cue {
            reference.pools = Some(Population::Animal);
            evidence.push(format!("pools animal studies: {}", cue.line()));
        } else if human_cue.is_some() || strong.iter().any(|(d, _)| d.is_clinical()) {
            reference.pools = Some(Population::Human);
        }
    }
    reference.population = match design {
        Design::Animal => Some(Population::Animal),
        Design::InVitro => Some(Population::Cells),
        _ if human_cue.is_some() || design.is_clinical() => Some(Population::Human),
        _ => reference.pools,
    };
    if let Some(cue) = human_cue.filter(|_| design != Design::HumanStudy) {
        push_signal(reference, "human");
        evidence.push(cue.line());
    }
    if design == Design::ClinicalTrial || design == Design::Rct {
        reference.phase_cue = phase_cue.map(|cue| cue.line());
    } else {
        reference.phase = None;
        reference.phase_cue = None;
    }
    // A trial's phase has its own cue when the design came from other wording ("a phase II
    // randomized trial" is an RCT by "randomized trial", phase II by "phase II").
    if let Some(phase_cue) = &reference.phase_cue
        && !evidence.contains(phase_cue)
    {
        evidence.insert(1.min(evidence.len()), phase_cue.clone());
    }
    // A not-subjects cue that is the design's own cue too ("Of mice and men", review
    // wording) is shown once.
    let repeats = |first: &str, line: &str| {
        line.strip_prefix(first)
            .and_then(|rest| rest.strip_prefix(" ("))
            .and_then(|rest| rest.strip_suffix(')'))
            == Some(NOT_SUBJECTS_NOTE)
    };
    if let Some(first) = evidence.first()
        && evidence[1..].iter().any(|line| repeats(first, line))
    {
        let first = first.clone();
        evidence.retain(|line| !repeats(&first, line));
    }
    reference.evidence = evidence;
}

/// Whether `after` (the title after a phase cue) goes on with "trials" or "studies".
fn before_plural_trials(after: &str) -> bool {
    let word = after
        .fast_trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    word.eq_ignore_ascii_case("trials") || word.eq_ignore_ascii_case("studies")
}

/// How many words before a guideline cue a topic lead may open.
const GUIDELINE_TOPIC_WINDOW: usize = 6;

/// Whether a guideline cue at `cue_start` of `title` is the work's topic: a topic lead
/// (`topic-lead` modifier cue, "compliance with", "impact of" …; `leads` holds where each
/// starts and ends) ends before it and opens among the last words of the cue's clause (a
/// colon, stop or question mark ends a clause: "Effect of aspirin on stroke: a consensus
/// statement" is a guideline).
fn guideline_is_topic(title: &str, cue_start: usize, leads: &[(usize, usize)]) -> bool {
    let before = &title[..cue_start];
    let clause_start = before
        .rfind([':', ';', '.', '?', '!'])
        .map_or(0, |at| at + 1);
    leads.iter().any(|&(start, end)| {
        start >= clause_start
            && end <= cue_start
            && title[start..cue_start].split_whitespace().count() <= GUIDELINE_TOPIC_WINDOW
    })
}

/// Whether the question ending `title` follows a clause of its own: after a colon, or a
/// sentence ("… from claims data. Is it valid?").
fn question_is_subtitle(title: &str) -> bool {
    let question = title.fast_trim_end().trim_end_matches(['?', '？']);
    question.contains([':', '：', '？']) || question.contains(". ") || question.contains("? ")
}

/// Whether the question `title` asks for an argument: it opens with a question word
/// ("Why", "How", "Should"), or a Chinese one stands anywhere in it (雾霾来袭, 如何突围?).
fn asks_for_argument(title: &str, title_matches: &[CueMatch]) -> bool {
    let first_word = title.find(char::is_alphanumeric).unwrap_or(title.len());
    title_matches
        .iter()
        .filter(|m| matches!(m.kind, CueKind::Modifier(Modifier::QuestionWord)))
        .any(|m| m.start == first_word || title[m.start..m.end].chars().any(is_han))
}

/// Whether `before` (the title up to a cue) ends with the word "and".
fn follows_and(before: &str) -> bool {
    let before = before.fast_trim_end().as_bytes();
    before.len() >= 4 && before[before.len() - 4..].eq_ignore_ascii_case(b" and")
}

fn pick<'a>(found: &[(Design, Cue<'a>)], priority: &[Design]) -> Option<(Design, Cue<'a>)> {
    priority
        .iter()
        .find_map(|wanted| found.iter().find(|(design, _)| design == wanted).copied())
}

fn push_signal(reference: &mut Reference, signal: &str) {
    if !reference.has_signal(signal) {
        reference.signals.push(signal.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    /// A reference with `title`, classified with the default rules.
    fn classified(title: &str) -> Reference {
        let rules = crate::load_default().expect("default rules load");
        classified_with(title, &rules.lexicon)
    }

    /// A reference with `title`, classified with `lexicon`.
    fn classified_with(title: &str, lexicon: &Lexicon) -> Reference {
        let mut reference =
            Reference::new("1".into(), title.into(), Span::new(0, 0), Span::new(0, 0));
        reference.title = Some(title.into());
        classify_reference(&mut reference, lexicon);
        reference
    }

    fn design_of(title: &str) -> Design {
        classified(title).design
    }

    /// Asserts that each of `titles` is classified as `expected`.
    fn assert_designs(titles: &[&str], expected: Design) {
        for title in titles {
            assert_eq!(design_of(title), expected, "{title}");
        }
    }

    /// Asserts that none of `titles` is classified as `design`.
    fn assert_not_designs(titles: &[&str], design: Design) {
        for title in titles {
            assert_ne!(design_of(title), design, "{title}");
        }
    }

    #[test]
    fn trial_wording_with_or_without_hyphens() {
        assert_designs(
            &[
                "Oral curcumin for Alzheimer's disease: a 24-week randomized, double blind, placebo-controlled study",
                "Curcumin in knee osteoarthritis: a randomized, double-blind, placebo-controlled study",
                "A double blind, placebo controlled trial of curcumin",
            ],
            Design::Rct,
        );
        assert_eq!(
            design_of("Dose escalation of a curcuminoid formulation"),
            Design::ClinicalTrial
        );
        assert_eq!(
            design_of("Curcumin enhances neurogenesis and cognition in aged rats"),
            Design::Animal
        );
    }

    #[test]
    fn one_person_or_a_few_described_in_the_title_is_a_case_report() {
        assert_designs(
            &[
                "A 47-year-old woman with recurrent fever and a pericardial effusion",
                "Lymphoma of the orbit in a 9-year-old boy",
                "An 18-month-old infant with refractory seizures",
                "Severe neutropenia in a diabetic patient treated with the drug",
                "Spontaneous remission of leukaemia in two patients with sepsis",
                "Imaging case of the month. Calcified mass of the spleen",
                "A rare case of gastric volvulus after fundoplication",
            ],
            Design::CaseReport,
        );
        // A group of patients, or patients as a population, is no case.
        assert_not_designs(
            &[
                "Falls in a cohort of patients with Parkinson disease",
                "Screening in a patient population at high risk of colorectal cancer",
                "Sleep problems in a child care setting",
                "Outcomes in patients with heart failure after discharge",
            ],
            Design::CaseReport,
        );
        // Every number and article the case pattern reads, in any case, and a title broken
        // over lines (a CSL JSON title may be), whose white space is squashed first.
        assert_designs(
            &[
                "Remission In An elderly patient with sepsis",
                "Remission in one patient treated with the drug",
                "Remission in three children with sepsis",
                "Remission IN FOUR SIBLINGS",
                "Remission in\n  a patient with sepsis",
                "Remission in a\tpatient with sepsis",
            ],
            Design::CaseReport,
        );
    }

    /// Cues are searched in a title with its white space squashed: a line break inside a
    /// design's words does not hide it.
    #[test]
    fn a_title_broken_over_lines_reads_whole() {
        assert_designs(
            &["Curcumin for pain: a randomized\ncontrolled  trial"],
            Design::Rct,
        );
    }

    #[test]
    fn chinese_titles_name_cases_cultures_and_surveillance() {
        assert_designs(
            &["妊娠合并急性胰腺炎3例临床分析", "肺动脉高压两例报告"],
            Design::CaseReport,
        );
        assert_ne!(
            design_of("妊娠合并急性胰腺炎12例临床分析"),
            Design::CaseReport
        );
        assert_designs(
            &[
                "小鼠骨髓间充质干细胞的分离培养与鉴定",
                "大鼠原代肝细胞的体外培养",
            ],
            Design::InVitro,
        );
        assert_ne!(design_of("住院医师规范化培训与人才培养"), Design::InVitro);
        assert_eq!(
            design_of("2015—2019年我国结核病疫情分析"),
            Design::Statistics
        );
        assert_eq!(design_of("仔猪腹泻病毒的感染试验"), Design::Animal);
    }

    #[test]
    fn randomized_and_controlled_apart_name_one_trial_not_trials_in_general() {
        assert_designs(
            &[
                "A randomized, controlled, phase II trial of the vaccine in older adults",
                "Dietary fibre and blood pressure: results of a randomized, controlled feeding study",
                "Randomised, controlled pilot trial of yoga for low back pain",
            ],
            Design::Rct,
        );
        assert_ne!(
            design_of("A comparison of observational studies and randomized, controlled trials"),
            Design::Rct
        );
    }

    #[test]
    fn more_species_name_the_animals_studied() {
        assert_designs(
            &[
                "Vein graft patency after local heparin in baboons",
                "Desflurane kinetics in anaesthetised piglets",
                "Lipid allocation under oxidative stress in Caenorhabditis elegans",
                "Influenza transmission between ferrets housed apart",
            ],
            Design::Animal,
        );
        // A chimpanzee adenovirus is a vaccine vector given to people.
        assert_ne!(
            design_of("Safety of a chimpanzee adenovirus-vectored vaccine in healthy adults"),
            Design::Animal
        );
    }

    #[test]
    fn primary_cells_are_grown_in_culture_whatever_animal_gave_them() {
        assert_designs(
            &[
                "Bile acid uptake by primary mouse hepatocytes",
                "Cigarette smoke extract injures primary human bronchial epithelial cells",
            ],
            Design::InVitro,
        );
        // Animals in the plural are still studied as animals.
        assert_eq!(
            design_of("Primary CD8 T cell responses to influenza in aged mice"),
            Design::Animal
        );
        assert_eq!(
            design_of("A kinase inhibitor against colorectal cancer patient-derived xenografts"),
            Design::Animal
        );
    }

    #[test]
    fn cells_from_patients_are_in_vitro_but_their_biopsies_are_not() {
        assert_eq!(
            design_of("Fibroblasts isolated from patients with scleroderma overproduce collagen"),
            Design::InVitro
        );
        assert_not_designs(
            &[
                "Gene expression in biopsies of patients with Crohn disease",
                "Interleukin-6 in serum samples from patients with sepsis",
                "Procollagen mRNA in tissue sections of patients with scleroderma",
            ],
            Design::InVitro,
        );
    }

    #[test]
    fn a_species_in_the_singular_is_the_source_of_cells_stated_to_be_in_culture() {
        assert_designs(
            &[
                "Mouse embryonic fibroblasts respond to the drug in culture",
                "Curcumin inhibits proliferation of cultured rat vascular smooth muscle cells",
                "Murine macrophages produce TNF in vitro",
                "Primary rat hepatocytes metabolise the drug",
            ],
            Design::InVitro,
        );
        // Animals in the plural are studied, and so are a species' models.
        assert_designs(
            &[
                "In vitro and in vivo effects of the drug in rats",
                "Engineered organoids enable rapid generation of metastatic mouse models of cancer",
            ],
            Design::Animal,
        );
    }

    #[test]
    fn a_named_cell_line_is_cells_in_culture_whatever_animal_it_came_from() {
        for title in [
            "Recombinant antibody production in Chinese hamster ovary cells",
            "Influenza virus replication in Madin-Darby canine kidney cells",
            "The drug blocks the channel in HEK293 cells",
        ] {
            let reference = classified(title);
            assert_eq!(reference.design, Design::InVitro, "{title}");
            assert_eq!(reference.population, Some(Population::Cells), "{title}");
        }
        // The animals themselves stay animals.
        assert_eq!(
            design_of("Insulin resistance in Chinese hamsters fed a high-fat diet"),
            Design::Animal
        );
    }

    #[test]
    fn genetic_epidemiology_is_clinical_wording_but_a_cells_susceptibility_is_not() {
        for title in [
            "Association of IL6 gene polymorphisms with risk of type 2 diabetes",
            "A genome-wide association study of gene expression in asthma",
            "IL-6基因多态性与2型糖尿病发病风险及血清IL-6表达的关联",
        ] {
            let reference = classified(title);
            assert!(reference.has_signal("clinical-wording"), "{title}");
        }
        for title in [
            "Susceptibility of stromal cells to avian influenza virus",
            "PCR-based genotyping of larval zebrafish",
        ] {
            let reference = classified(title);
            assert!(!reference.has_signal("clinical-wording"), "{title}");
        }
    }

    #[test]
    fn a_guinea_pig_written_with_a_hyphen_is_no_pig() {
        let reference = classified("Sensory receptor activation in guinea-pig lungs");
        assert_eq!(reference.design, Design::Animal);
        assert!(
            reference.evidence[0].contains("guinea-pig"),
            "{:?}",
            reference.evidence
        );
    }

    #[test]
    fn only_a_title_that_is_a_question_asking_for_an_argument_is_a_weak_review() {
        assert_designs(
            &[
                "How should we manage fibromyalgia?",
                "Will genetics revolutionize medicine?",
                "Why treat hepatitis B in childhood?",
                "Can cellular grafts restore motor function in Parkinson's disease?",
                "雾霾来袭，如何突围？",
            ],
            Design::Review,
        );
        assert_not_designs(
            &[
                "Body temperature of newborns: what is normal?",
                "Myocardial stunning after streptokinase: what is the significance of the Q wave?",
                "Identification of in-hospital complications from claims data. Is it valid?",
                // Yes/no and either/or questions head research as often.
                "Is there a phylogenetic signal in prokaryote proteins?",
                "Are ictal vocalisations related to the side of frontal lobe epilepsy?",
                "Jerusalem syndrome or paranoid schizophrenia?",
                // A question word further in is no opener.
                "Tracking a community report, where does the information go?",
            ],
            Design::Review,
        );
        // A subtitle question still makes trial and synthesis wording weak.
        let rct = classified("Antibiotics for otitis: a randomized trial?");
        assert!(rct.confidence < 0.8, "{}", rct.confidence);
    }

    #[test]
    fn words_primary_studies_also_use_in_titles_make_no_review() {
        // Genomic "landscapes", culprit lesions and booster doses are the subject of primary
        // studies at least as often as of reviews.
        assert_not_designs(
            &[
                "The mutational landscape of metastatic colorectal cancer",
                "Culprit-lesion-only revascularisation in cardiogenic shock",
                "Immunogenicity of a heterologous booster dose in older adults",
                "Lipid rafts, exosomes and friends in sepsis",
            ],
            Design::Review,
        );
    }

    #[test]
    fn progression_of_a_disease_is_no_progress_of_a_field() {
        // 进展 is a disease's progression as often as progress in a field: alone it is no
        // review cue, nor is 模型 in a model of data an animal model.
        assert_designs(
            &[
                "长链非编码RNA促进胃癌进展的分子机制",
                "肿瘤进展与免疫逃逸的关系",
                "慢性肾病进展的危险因素分析",
                "糖尿病肾病进展的预测模型构建",
                "腹腔镜治疗进展期胃癌的近期疗效",
                "基层医院抗菌药物使用现状及影响因素分析",
            ],
            Design::Unknown,
        );
        // After the work that progressed, or paired with prospects, it heads a review.
        for title in [
            "膝骨关节炎的治疗进展",
            "间充质干细胞在心肌梗死中的应用进展",
            "阿尔茨海默病的诊治进展",
            "外泌体研究的现状与展望",
            "干细胞治疗的潜力与挑战",
        ] {
            let reference = classified(title);
            assert_eq!(reference.design, Design::Review, "{title}");
            assert_eq!(reference.confidence, STRONG, "{title}");
        }
        assert_eq!(
            classified("膝骨关节炎的治疗进展").evidence[0],
            "title: \"治疗进展\""
        );
    }

    #[test]
    fn a_chinese_test_standard_or_standardised_practice_is_no_trial_or_guideline() {
        // 试验 is a test as well as a trial; 规范化 and 金标准 are no guideline.
        assert_designs(
            &[
                "结核感染T细胞斑点试验在肺结核诊断中的价值",
                "口服葡萄糖耐量试验筛查妊娠期糖尿病的时机",
                "规范化护理干预在脑卒中康复中的效果",
                "磁共振成像作为诊断金标准的价值评估",
            ],
            Design::Unknown,
        );
        assert_eq!(
            design_of("针刺治疗失眠的多中心临床试验"),
            Design::ClinicalTrial
        );
        assert_eq!(
            design_of("中国成人血脂异常防治指南（2016年修订版）"),
            Design::Guideline
        );
    }

    #[test]
    fn a_guideline_the_work_studies_is_no_guideline() {
        assert_not_designs(
            &[
                "A comparison of the effects of computer and manual reminders on compliance with a mental health clinical practice guideline",
                "Compliance with clinical guidelines for asthma management in primary care",
                "Adherence to a guideline on hypertension treatment among general practitioners",
                "Impact of the 2013 cholesterol guidelines on statin prescribing",
                "Evaluation of guidelines for the use of telemetry in the non-intensive-care setting",
            ],
            Design::Guideline,
        );
        assert_designs(
            &[
                "Clinical practice guideline for the management of asthma",
                "Effect of aspirin on stroke: a consensus statement",
                "Expert consensus on the perioperative management of patients with sepsis",
                "Guidelines for the use of telemetry",
                "Recommendations of the advisory committee on the use of vaccines",
            ],
            Design::Guideline,
        );
    }

    /// Topic leads are rule data: a user's `topic-lead` cue extends them.
    #[test]
    fn a_users_topic_lead_makes_a_guideline_a_topic() {
        let title = "An audit of a clinical practice guideline for asthma";
        assert_eq!(design_of(title), Design::Guideline);
        let dir = tempfile::tempdir().expect("scratch folder");
        std::fs::write(
            dir.path().join("leads.toml"),
            "[[cue]]\nmodifier = \"topic-lead\"\nscope = \"reference\"\nen = [\"audit of\"]\nzh = []\n",
        )
        .expect("rule file written");
        let rules = crate::rules::load::load(&[dir.path().to_path_buf()]).expect("rules load");
        assert_ne!(
            classified_with(title, &rules.lexicon).design,
            Design::Guideline
        );
    }

    /// Passing from animals to people is a commentary's topic, and a population of cells or
    /// mosquitoes is no people: the species and people such wording names are not the
    /// subjects, and the evidence says so.
    #[test]
    fn not_subjects_wording_names_no_subjects() {
        let dose = classified("Dose translation from animal to human studies revisited");
        assert_eq!(dose.design, Design::Unknown);
        assert_eq!(dose.population, None);
        assert_eq!(
            dose.evidence,
            ["title: \"from animal to human\" (names no subjects)"]
        );
        for title in [
            "Heterogeneity of cytokine expression in clonal T cell populations",
            "Malaria transmission by mosquito populations",
        ] {
            let work = classified(title);
            assert_eq!(work.population, None, "{title}");
            assert!(
                work.evidence
                    .iter()
                    .any(|e| e.ends_with("(names no subjects)")),
                "{title}"
            );
        }
        assert_eq!(
            classified("Prevalence of dementia in an urban Indian population").population,
            Some(Population::Human)
        );
        let review =
            classified("Role of neuropeptides in anxiety and depression: from animals to humans");
        assert_eq!(review.design, Design::Review);
        assert_eq!(review.evidence, ["title: \"from animals to humans\""]);
        // Outside the translation, the species still counts.
        assert_eq!(
            design_of(
                "Genomic responses in mouse models poorly mimic human disease: from mice to men"
            ),
            Design::Animal
        );
        assert_eq!(design_of("Dose translation in rats"), Design::Animal);
    }

    #[test]
    fn a_species_in_the_singular_is_a_topic_when_people_are_studied() {
        for title in [
            "Mouse allergen exposure and asthma morbidity among inner-city children",
            "Swine influenza vaccination in pregnant women: a randomized trial",
            "Rabbit antithymocyte globulin in kidney transplant recipients",
            "Preventing dog bites in children: randomised controlled trial",
        ] {
            assert!(!design_of(title).is_preclinical(), "{title}");
        }
        assert_designs(
            &[
                "Mouse models of asthma",
                "Exosomes reduce infarct size in rats and pigs",
                "Bone fragility in humans and zebrafish",
                "Transgenic mice lacking the receptor in a model of patients' disease",
                "A randomized trial in mice",
            ],
            Design::Animal,
        );
    }

    #[test]
    fn a_phase_before_a_plural_names_no_phase_of_the_work() {
        let reference =
            classified("Phase I trials in pediatric oncology: perceptions of pediatricians");
        assert_eq!(reference.phase, None);
        assert!(reference.confidence < 0.8, "{reference:?}");
        assert_eq!(
            design_of("A phase I trial of exosomes in children"),
            Design::ClinicalTrial
        );
    }

    #[test]
    fn a_review_appended_to_the_works_own_report_leaves_the_report_its_design() {
        assert_eq!(
            design_of(
                "Cell therapy for heart failure: a randomized trial and review of the literature"
            ),
            Design::Rct
        );
        assert_eq!(
            design_of("Exosome injection in a child: a case report and review of the literature"),
            Design::CaseReport
        );
        assert_eq!(
            design_of("Cell therapy for heart failure: history and review of the literature"),
            Design::Review
        );
        assert_eq!(
            design_of("Cell therapy for heart failure: a review of the randomized trial evidence"),
            Design::Review
        );
        // Multi-byte characters just before a review cue.
        assert_eq!(
            design_of("骨髓基质细胞免疫调节机制的研究进展"),
            Design::Review
        );
        assert_eq!(design_of("Étude é a review"), Design::Review);
    }
}
