//! citelint: checks that the evidence a biomedical manuscript claims matches the design of
//! the works it cites, in English and Chinese.
//!
//! The library API: load a [`rules::RuleSet`], read a [`ingest::Document`], and
//! [`check::check_document`] it into a [`check::DocumentReport`].

pub mod baseline;
pub mod bibliography;
pub mod check;
pub mod citation;
pub mod cli;
pub mod config;
pub mod directives;
pub mod eval;
pub mod evidence;
pub mod hashing;
pub mod ingest;
pub mod model;
pub mod ordered;
pub mod report;
pub mod rules;
pub mod source;
pub mod text;
pub mod walk;

pub use check::{DocumentReport, check_document};
pub use ingest::{Document, InputFormat, document_from_bytes, read_document};
pub use rules::RuleSet;
pub use rules::load::{load, load_default};

/// Checks `text` as a document at `path` with the default rules (convenient in tests).
pub fn check_text(path: &str, text: &str, rules: &RuleSet) -> DocumentReport {
    let format = InputFormat::from_path(std::path::Path::new(path)).unwrap_or(InputFormat::Text);
    let document = document_from_bytes(path, text.as_bytes(), format).expect("UTF-8 text decodes");
    check_document(document, rules)
}
