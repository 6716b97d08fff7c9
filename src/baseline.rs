//! Baselines: `--write-baseline FILE` records the current findings by path, rule and
//! line-independent fingerprint; `--baseline FILE` then hides those, so only new findings
//! are reported and fail the run. Edits elsewhere in a file keep its fingerprints.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::check::{DocumentReport, SeverityCounts};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// A loaded baseline: per path, how many times each (rule, fingerprint) may be hidden.
/// Documents have distinct paths, so filtering one never affects another and can run on
/// any thread.
#[derive(Debug, Default)]
pub struct Baseline {
    by_path: HashMap<String, HashMap<(String, String), usize>>,
}

impl Baseline {
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}:{}: not a citelint baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if file.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                file.version
            ));
        }
        let mut by_path: HashMap<String, HashMap<(String, String), usize>> = HashMap::new();
        for entry in file.findings {
            *by_path
                .entry(entry.path)
                .or_default()
                .entry((entry.code, entry.fingerprint))
                .or_default() += 1;
        }
        Ok(Baseline { by_path })
    }

    /// Removes the findings of `document` that the baseline holds.
    pub fn filter(&self, document: &mut DocumentReport) {
        let Some(known) = self.by_path.get(&document.path) else {
            return;
        };
        let mut remaining = known.clone();
        document.findings.retain(|f| {
            match remaining.get_mut(&(f.code.clone(), f.fingerprint.clone())) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        });
        document.summary = SeverityCounts::of(&document.findings);
    }
}

/// Collects entries as documents stream past, then writes them sorted.
#[derive(Debug, Default)]
pub struct BaselineWriter {
    entries: Vec<Entry>,
}

impl BaselineWriter {
    /// The entries `document` contributes.
    pub fn entries_of(document: &DocumentReport) -> Vec<Entry> {
        document
            .findings
            .iter()
            .map(|f| Entry {
                path: document.path.clone(),
                code: f.code.clone(),
                fingerprint: f.fingerprint.clone(),
            })
            .collect()
    }

    pub fn record(&mut self, entries: Vec<Entry>) {
        self.entries.extend(entries);
    }

    pub fn write(mut self, path: &Path) -> Result<(), String> {
        self.entries.sort();
        let file = BaselineFile {
            version: 1,
            findings: self.entries,
        };
        let text = serde_json::to_string_pretty(&file).expect("baseline serialises") + "\n";
        std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write baseline: {e}", path.display()))
    }
}
