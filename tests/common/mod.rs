//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use citelint::RuleSet;

pub fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| citelint::load_default().expect("default rules load"))
}

/// A scratch folder in the system's temporary folder, removed with everything in it when
/// dropped; it derefs to its path.
pub struct Scratch(tempfile::TempDir);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

/// A fresh scratch folder whose name starts with `citelint-{name}-`.
pub fn scratch(name: &str) -> Scratch {
    Scratch(
        tempfile::Builder::new()
            .prefix(&format!("citelint-{name}-"))
            .tempdir()
            .expect("a scratch folder"),
    )
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures").join(name)
}

/// Runs the citelint binary in the crate root.
pub fn citelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citelint"))
        .args(args)
        .current_dir(manifest_dir())
        .env("NO_COLOR", "1")
        .output()
        .expect("citelint runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The JSONL records on standard output, one JSON value per line.
pub fn jsonl_records(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The seeds folder beside the repository, when it is there (it is in CI, not in a user's
/// checkout).
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = manifest_dir().join("../shared/seeds");
    dir.is_dir().then_some(dir)
}

pub fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = seeds_dir()?;
    std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
}

pub fn relative(path: &Path) -> String {
    path.strip_prefix(manifest_dir())
        .unwrap_or(path)
        .display()
        .to_string()
}
