//! The study-design taxonomy of GUIDE §2: design ids, trial phases and populations.

use serde::{Deserialize, Serialize};

/// A study design, as asserted by a claim or shown by a cited work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Design {
    Rct,
    ClinicalTrial,
    MetaAnalysis,
    SystematicReview,
    Observational,
    CaseReport,
    HumanStudy,
    Animal,
    InVitro,
    Review,
    Guideline,
    Statistics,
    Unknown,
}

impl Design {
    pub const ALL: [Design; 13] = [
        Design::Rct,
        Design::ClinicalTrial,
        Design::MetaAnalysis,
        Design::SystematicReview,
        Design::Observational,
        Design::CaseReport,
        Design::HumanStudy,
        Design::Animal,
        Design::InVitro,
        Design::Review,
        Design::Guideline,
        Design::Statistics,
        Design::Unknown,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Design::Rct => "rct",
            Design::ClinicalTrial => "clinical-trial",
            Design::MetaAnalysis => "meta-analysis",
            Design::SystematicReview => "systematic-review",
            Design::Observational => "observational",
            Design::CaseReport => "case-report",
            Design::HumanStudy => "human-study",
            Design::Animal => "animal",
            Design::InVitro => "in-vitro",
            Design::Review => "review",
            Design::Guideline => "guideline",
            Design::Statistics => "statistics",
            Design::Unknown => "unknown",
        }
    }

    pub fn from_id(id: &str) -> Option<Design> {
        Design::ALL.into_iter().find(|d| d.id() == id)
    }

    /// Human clinical evidence: what a claim of "a trial in patients" asserts.
    pub fn is_clinical(self) -> bool {
        matches!(
            self,
            Design::Rct
                | Design::ClinicalTrial
                | Design::Observational
                | Design::CaseReport
                | Design::HumanStudy
        )
    }

    /// Work done outside people: animals or cells.
    pub fn is_preclinical(self) -> bool {
        matches!(self, Design::Animal | Design::InVitro)
    }

    /// A wording for messages: "a randomized controlled trial".
    pub fn describe(self) -> &'static str {
        match self {
            Design::Rct => "a randomized controlled trial",
            Design::ClinicalTrial => "a clinical trial",
            Design::MetaAnalysis => "a meta-analysis",
            Design::SystematicReview => "a systematic review",
            Design::Observational => "an observational study",
            Design::CaseReport => "a case report",
            Design::HumanStudy => "a study in patients",
            Design::Animal => "an animal study",
            Design::InVitro => "an in-vitro study",
            Design::Review => "a narrative review",
            Design::Guideline => "a guideline or position statement",
            Design::Statistics => "a statistics source",
            Design::Unknown => "of unknown design",
        }
    }
}

impl std::fmt::Display for Design {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A clinical-trial phase; 2a/2b fold into II.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Phase {
    #[serde(rename = "I")]
    I,
    #[serde(rename = "I/II")]
    IToII,
    #[serde(rename = "II")]
    II,
    #[serde(rename = "II/III")]
    IIToIII,
    #[serde(rename = "III")]
    III,
    #[serde(rename = "IV")]
    IV,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::I,
        Phase::IToII,
        Phase::II,
        Phase::IIToIII,
        Phase::III,
        Phase::IV,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Phase::I => "I",
            Phase::IToII => "I/II",
            Phase::II => "II",
            Phase::IIToIII => "II/III",
            Phase::III => "III",
            Phase::IV => "IV",
        }
    }

    pub fn from_id(id: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The stages this phase spans, one bit each: a combined phase I/II trial is in part a
    /// phase I and in part a phase II trial.
    fn stages(self) -> u8 {
        match self {
            Phase::I => 0b0001,
            Phase::IToII => 0b0011,
            Phase::II => 0b0010,
            Phase::IIToIII => 0b0110,
            Phase::III => 0b0100,
            Phase::IV => 0b1000,
        }
    }

    /// Whether the two phases share a stage: "a phase III trial" fits a phase II/III trial.
    pub fn shares_a_stage_with(self, other: Phase) -> bool {
        self.stages() & other.stages() != 0
    }
}

/// Who or what was studied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Population {
    Human,
    Animal,
    Cells,
}

impl Population {
    pub fn id(self) -> &'static str {
        match self {
            Population::Human => "human",
            Population::Animal => "animal",
            Population::Cells => "cells",
        }
    }

    pub fn from_id(id: &str) -> Option<Population> {
        match id {
            "human" => Some(Population::Human),
            "animal" => Some(Population::Animal),
            "cells" => Some(Population::Cells),
            _ => None,
        }
    }
}
