//! Build script: builds the cue automaton of the built-in rule files once, here, with the
//! crate's own automaton code, so a run borrows it from the binary instead of building
//! it on every start (see `src/evidence/lexicon/prebuilt.rs`).
//!
//! It writes two files to `OUT_DIR`: the automaton's terms, one per line, in the order the
//! rule loader gives them, and the automaton as bytes. A run uses the automaton only when
//! its own rule set's terms are exactly those; any other rule set, or a term list this
//! script reads differently from the loader, is built at run time as before.

use std::path::Path;

#[allow(dead_code)]
#[path = "evidence/lexicon/automaton.rs"]
mod automaton;
#[allow(dead_code)]
#[path = "rules/embedded.rs"]
mod embedded;

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=src/rules/embedded.rs");
    println!("cargo::rerun-if-changed=src/evidence/lexicon/automaton.rs");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out_dir = Path::new(&out_dir);
    // Unreadable rule files leave both outputs empty: the loader reports the error at run
    // time, and the automaton is then built there.
    let terms = default_terms().unwrap_or_default();
    let automaton = automaton::CueAutomaton::build(&terms)
        .filter(|_| !terms.is_empty())
        .map(|automaton| automaton.to_bytes())
        .unwrap_or_default();
    let listed = if automaton.is_empty() {
        String::new()
    } else {
        terms.join("\n")
    };
    write(&out_dir.join("cue_terms.txt"), listed.as_bytes());
    write(&out_dir.join("cue_automaton.bin"), &automaton);
}

fn write(path: &Path, bytes: &[u8]) {
    if let Err(error) = std::fs::write(path, bytes) {
        panic!("cannot write {}: {error}", path.display());
    }
}

/// The automaton's terms as `rules::load` and `Lexicon::build` give them: every cue's
/// `en` then `zh` terms, trimmed, file by file; then the segmenter's extra words that are
/// not empty; then the pattern cues' `requires` literals; all in ASCII lower case.
fn default_terms() -> Option<Vec<String>> {
    let mut cue_terms = Vec::new();
    let mut words = Vec::new();
    let mut requires = Vec::new();
    for (_, text) in embedded::DEFAULT_RULE_FILES {
        let table: toml::Table = text.parse().ok()?;
        for cue in tables(&table, "cue") {
            for key in ["en", "zh"] {
                cue_terms.extend(strings(cue.get(key)).map(|term| term.trim().to_owned()));
            }
        }
        if let Some(segmenter) = table.get("segmenter") {
            words.extend(
                strings(segmenter.get("words"))
                    .filter(|word| !word.is_empty())
                    .map(str::to_owned),
            );
        }
        for pattern in tables(&table, "pattern") {
            // One literal, or a list of them.
            match pattern.get("requires") {
                Some(toml::Value::String(literal)) => requires.push(literal.to_owned()),
                list => requires.extend(strings(list).map(str::to_owned)),
            }
        }
    }
    Some(
        cue_terms
            .into_iter()
            .chain(words)
            .chain(requires)
            .map(|term| term.to_ascii_lowercase())
            .collect(),
    )
}

/// The tables of the array of tables `key` (`[[cue]]`, `[[pattern]]`).
fn tables<'a>(table: &'a toml::Table, key: &str) -> impl Iterator<Item = &'a toml::Table> {
    table
        .get(key)
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_table)
}

/// The strings of an array value.
fn strings(value: Option<&toml::Value>) -> impl Iterator<Item = &str> {
    value
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
}
