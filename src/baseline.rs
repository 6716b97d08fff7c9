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

/// A loaded baseline: how many times each (path, rule, fingerprint) may be hidden.
#[derive(Debug, Default)]
pub struct Baseline {
    remaining: HashMap<Entry, usize>,
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
        let mut remaining = HashMap::new();
        for entry in file.findings {
            *remaining.entry(entry).or_default() += 1;
        }
        Ok(Baseline { remaining })
    }

    /// Removes the findings of `document` that the baseline holds.
    pub fn filter(&mut self, document: &mut DocumentReport) {
        let path = document.path.clone();
        document.findings.retain(|f| {
            let key = Entry {
                path: path.clone(),
                code: f.code.clone(),
                fingerprint: f.fingerprint.clone(),
            };
            match self.remaining.get_mut(&key) {
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
    pub fn record(&mut self, document: &DocumentReport) {
        self.entries.extend(document.findings.iter().map(|f| Entry {
            path: document.path.clone(),
            code: f.code.clone(),
            fingerprint: f.fingerprint.clone(),
        }));
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
