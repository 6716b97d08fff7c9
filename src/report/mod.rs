//! Output formats. Each takes the same [`RunReport`] (every document checked plus the files
//! that failed) and writes one format.

pub mod concise;
pub mod explain;
pub mod human;
pub mod json;

use serde::Serialize;

use crate::check::{DocumentReport, SeverityCounts};
use crate::model::Severity;

/// A file that could not be checked, with the reason.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

/// The result of one run over many documents, in path order.
#[derive(Debug, Default)]
pub struct RunReport {
    pub documents: Vec<DocumentReport>,
    pub failures: Vec<Failure>,
}

impl RunReport {
    pub fn counts(&self) -> SeverityCounts {
        let mut total = SeverityCounts::default();
        for d in &self.documents {
            total.add(d.summary);
        }
        total
    }

    /// True when some finding is at or above `level`.
    pub fn fails_at(&self, level: Option<Severity>) -> bool {
        let Some(level) = level else { return false };
        self.documents
            .iter()
            .flat_map(|d| &d.findings)
            .any(|f| f.severity >= level)
    }
}

/// "3 errors, 1 warning, 0 infos".
pub fn counts_text(counts: SeverityCounts) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}, {}",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.infos, "info")
    )
}
