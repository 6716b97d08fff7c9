//! Reading documents: from a path or stdin to a decoded [`Source`], with the input format
//! and encoding recorded. Every failure is a [`ReadError`] naming the file and the cause.

pub mod decode;

use std::path::Path;

use miette::Diagnostic;
use thiserror::Error;

use crate::source::Source;
use decode::{DecodeFailure, TextEncoding};

/// The input formats citelint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Text,
    Markdown,
}

impl InputFormat {
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
        }
    }

    /// The format for a file extension, or `None` when citelint does not read it.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            _ => None,
        }
    }
}

/// A document ready for checking.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: Source,
    pub format: InputFormat,
    pub encoding: TextEncoding,
}

/// A file that could not be read.
#[derive(Debug, Error, Diagnostic, Clone)]
pub enum ReadError {
    #[error("{path}: cannot read file: {cause}")]
    #[diagnostic(code(citelint::io), help("check that the path exists and is readable"))]
    Io { path: String, cause: String },
    #[error("{path}: looks like a binary file, not a manuscript")]
    #[diagnostic(
        code(citelint::binary),
        help("citelint reads plain text and Markdown; convert PDFs or Word files to text first")
    )]
    Binary { path: String },
    #[error("{path}: not valid UTF-8, UTF-16 or GB18030 text (first bad byte at offset {offset})")]
    #[diagnostic(
        code(citelint::encoding),
        help(
            "save the file as UTF-8; citelint also reads UTF-16 with a byte-order mark and GB18030/GBK"
        )
    )]
    Encoding { path: String, offset: usize },
}

impl ReadError {
    pub fn path(&self) -> &str {
        match self {
            ReadError::Io { path, .. }
            | ReadError::Binary { path }
            | ReadError::Encoding { path, .. } => path,
        }
    }
}

/// Decodes `bytes` read from `path` (a display path; `-` for stdin).
pub fn document_from_bytes(
    path: &str,
    bytes: &[u8],
    format: InputFormat,
) -> Result<Document, ReadError> {
    document_from_vec(path, bytes.to_vec(), format)
}

/// Like [`document_from_bytes`], taking the bytes over (no copy for UTF-8 input).
pub fn document_from_vec(
    path: &str,
    bytes: Vec<u8>,
    format: InputFormat,
) -> Result<Document, ReadError> {
    let (text, encoding) = decode::decode_owned(bytes).map_err(|failure| match failure {
        DecodeFailure::Binary => ReadError::Binary {
            path: path.to_owned(),
        },
        DecodeFailure::Undecodable { offset } => ReadError::Encoding {
            path: path.to_owned(),
            offset,
        },
        DecodeFailure::BadUtf16 => ReadError::Encoding {
            path: path.to_owned(),
            offset: 0,
        },
    })?;
    Ok(Document {
        source: Source::new(path, text),
        format,
        encoding,
    })
}

/// Reads and decodes the file at `path`.
pub fn read_document(path: &Path) -> Result<Document, ReadError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ReadError::Io {
        path: display.clone(),
        cause: e.to_string(),
    })?;
    let format = InputFormat::from_path(path).unwrap_or(InputFormat::Text);
    document_from_vec(&display, bytes, format)
}
