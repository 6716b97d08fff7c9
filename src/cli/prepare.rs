//! One input, read and checked: [`read_input`] reads it, [`prepare_read`] takes it as far as
//! needs no rules ([`prepare_input`] does both), [`check_prepared`] finishes the check. A
//! panic in extraction or checking is caught and becomes the document's error record, so a
//! run over many files goes on.

use std::path::Path;

use crate::check::{self, DocumentReport};
use crate::cli::inputs::Input;
use crate::config::Settings;
use crate::ingest::{self, InputFormat, ReadOptions};
use crate::report::Failure;
use crate::rules::RuleSet;

/// A document read and taken as far as needs no rules ([`check::extract`]).
pub(super) struct Prepared {
    extracted: check::Extracted,
    path: String,
    /// The caller's id for the document (`--stdin-jsonl`).
    id: Option<serde_json::Value>,
}

/// An input read and decoded, with the caller's id for it (`--stdin-jsonl`).
pub(super) struct ReadInput {
    document: ingest::Document,
    id: Option<serde_json::Value>,
}

impl ReadInput {
    /// The language group the document is worked in (see [`crate::ordered`]): English,
    /// mixed or Chinese, by the share of Han characters.
    pub(super) fn language_group(&self) -> usize {
        match self.document.source.language() {
            "en" => 0,
            "mixed" => 1,
            _ => 2,
        }
    }

    /// The document's size in bytes, its weight while it waits for its language's turn.
    pub(super) fn weight(&self) -> usize {
        self.document.source.text.len()
    }
}

/// How many language groups [`ReadInput::language_group`] gives.
pub(super) const LANGUAGE_GROUPS: usize = 3;

/// Reads `input` and finds its references, citations and sentences.
pub(super) fn prepare_input(input: &Input, options: &ReadOptions) -> Result<Prepared, Failure> {
    prepare_read(read_input(input, options)?)
}

/// Reads and decodes `input`.
pub(super) fn read_input(input: &Input, options: &ReadOptions) -> Result<ReadInput, Failure> {
    let (document, id) = match input {
        Input::File(path) => (ingest::read_document_with(path, options), None),
        Input::Unreadable(failure) => return Err(failure.clone()),
        Input::Stdin => {
            let document = ingest::read_capped_from(std::io::stdin(), 0, "-").and_then(|bytes| {
                ingest::document_from_vec("-", bytes, InputFormat::Text, None, options)
            });
            (document, None)
        }
        Input::Request(request) => {
            let document = match (&request.text, &request.path) {
                (Some(text), path) => {
                    let name = path.as_ref().map_or_else(
                        || {
                            request
                                .id
                                .as_str()
                                .map_or_else(|| request.id.to_string(), str::to_owned)
                        },
                        |p| p.display().to_string(),
                    );
                    let dir = path.as_deref().and_then(Path::parent);
                    ingest::document_from_vec(
                        &name,
                        text.as_bytes().to_vec(),
                        request.format,
                        dir,
                        options,
                    )
                }
                (None, Some(path)) => ingest::read_document_with(path, options).map(|mut d| {
                    d.format = request.format;
                    d
                }),
                (None, None) => unreachable!("parse_request requires path or text"),
            };
            (document, Some(request.id.clone()))
        }
    };
    let document = document.map_err(|e| {
        let mut failure = Failure::new(e.path(), e.cause());
        failure.id = id.clone();
        failure
    })?;
    Ok(ReadInput { document, id })
}

/// Finds the references, citations and sentences of a document [`read_input`] read.
pub(super) fn prepare_read(read: ReadInput) -> Result<Prepared, Failure> {
    let ReadInput { document, id } = read;
    let path = document.source.path.clone();
    let extracted = std::panic::catch_unwind(|| check::extract(document))
        .map_err(|_| internal_error(&path, &id))?;
    Ok(Prepared {
        extracted,
        path,
        id,
    })
}

/// The failure record of a document whose check panicked.
fn internal_error(path: &str, id: &Option<serde_json::Value>) -> Failure {
    let mut failure = Failure::new(
        path.to_owned(),
        "internal error while checking this file (please report it)",
    );
    failure.id = id.clone();
    failure
}

/// Checks a prepared document with its rules and settings.
pub(super) fn check_prepared(
    prepared: Prepared,
    rules: &RuleSet,
    settings: &Settings,
) -> Result<DocumentReport, Failure> {
    let Prepared {
        extracted,
        path,
        id,
    } = prepared;
    let mut report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check::check_extracted_with(extracted, rules, settings)
    }))
    .map_err(|_| internal_error(&path, &id))?;
    if let Some(reason) = report.refused.take() {
        let mut failure = Failure::new(report.path, reason);
        failure.id = id;
        return Err(failure);
    }
    report.id = id;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::ingest::decode::TextEncoding;
    use crate::source::Source;

    fn read(text: &str) -> ReadInput {
        let source = Source::new("t.txt", text);
        ReadInput {
            document: Document::plain(source, InputFormat::Text, TextEncoding::Utf8),
            id: None,
        }
    }

    #[test]
    fn english_mixed_and_chinese_documents_are_worked_in_their_own_groups() {
        let groups = [
            read("A phase II trial in patients [1].").language_group(),
            read("一项随机对照试验 (a randomized controlled trial) 显示疗效。").language_group(),
            read("一项随机对照试验显示疗效[1]。").language_group(),
        ];
        assert_eq!(groups, [0, 1, 2]);
        assert!(groups.iter().all(|&g| g < LANGUAGE_GROUPS));
    }
}
