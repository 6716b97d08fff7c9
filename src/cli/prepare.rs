//! One input, read and checked: [`prepare_input`] reads it and takes it as far as needs no
//! rules, [`check_prepared`] finishes the check. A panic in either is caught and becomes
//! the document's error record, so a run over many files goes on.

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

/// Reads `input` and finds its references, citations and sentences.
pub(super) fn prepare_input(input: &Input, options: &ReadOptions) -> Result<Prepared, Failure> {
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
