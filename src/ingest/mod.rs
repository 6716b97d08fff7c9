//! Reading documents: from a path or stdin to a [`Document`] — the decoded source, the
//! input format and encoding, and what the format adapter knows beyond plain text: a prose
//! view with code, comments and markup blanked out (same byte offsets as the source),
//! citations with their keys, and structured references. Every failure is a [`ReadError`]
//! naming the file and the cause.

pub mod bibfile;
pub mod decode;
pub mod docx;
pub mod entities;
pub mod jats;
pub mod latex;
pub mod markdown;
pub mod mask;

use std::io::Read;
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use thiserror::Error;

use crate::model::Reference;
use crate::source::{Source, Span};
use crate::text::furniture::{blank_lines, furniture_lines};
use decode::{DecodeFailure, TextEncoding};

/// The input formats citelint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Text,
    Markdown,
    Latex,
    Jats,
    Docx,
}

impl InputFormat {
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Latex => "latex",
            InputFormat::Jats => "jats",
            InputFormat::Docx => "docx",
        }
    }

    /// The format for a file extension, or `None` when citelint does not read it.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "md" | "markdown" => Some(InputFormat::Markdown),
            "tex" | "latex" => Some(InputFormat::Latex),
            "nxml" | "xml" => Some(InputFormat::Jats),
            "docx" => Some(InputFormat::Docx),
            _ => None,
        }
    }

    pub fn from_name(name: &str) -> Option<InputFormat> {
        match name {
            "text" | "txt" => Some(InputFormat::Text),
            "markdown" | "md" => Some(InputFormat::Markdown),
            "latex" | "tex" => Some(InputFormat::Latex),
            "jats" | "xml" | "nxml" => Some(InputFormat::Jats),
            _ => None,
        }
    }
}

/// A citation the format adapter found, with the keys it cites.
#[derive(Debug, Clone)]
pub struct KeyedCitation {
    pub span: Span,
    pub keys: Vec<String>,
    /// The marker as a reader sees it, where the span's source text is not that (a JATS
    /// range "1–9" spans the markup of two links); `None` shows the span's text.
    pub shown: Option<String>,
}

/// A document ready for checking.
#[derive(Debug, Clone)]
pub struct Document {
    /// The original text: positions and snippets refer to it.
    pub source: Source,
    pub format: InputFormat,
    pub encoding: TextEncoding,
    /// The view to analyse, when it is not `source` itself: its text byte for byte aligned
    /// with `source`'s but with non-prose blanked, and its own line index.
    pub prose: Option<Source>,
    /// Citations the format marks up itself (pandoc, `\cite`, JATS `xref`, Word fields).
    pub citations: Option<Vec<KeyedCitation>>,
    /// References the format carries as data (BibTeX, CSL-JSON, RIS, JATS `ref-list`).
    pub references: Option<Vec<Reference>>,
    /// The references come from a bibliography database (`\bibliography{}`, pandoc's
    /// `bibliography:`, `--bib`), which holds more works than the manuscript cites, as
    /// BibTeX and pandoc print only the cited ones. Only cited entries make its reference
    /// list, so an uncited entry is no finding.
    pub references_from_database: bool,
}

impl Document {
    pub fn plain(source: Source, format: InputFormat, encoding: TextEncoding) -> Self {
        Document {
            source,
            format,
            encoding,
            prose: None,
            citations: None,
            references: None,
            references_from_database: false,
        }
    }
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
        help(
            "citelint reads text, Markdown, LaTeX, JATS XML and DOCX; convert PDFs to text first"
        )
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
    #[error("{path}: {cause}")]
    #[diagnostic(
        code(citelint::too_large),
        help("citelint checks one manuscript per file: split a concatenated or generated file")
    )]
    TooLarge { path: String, cause: String },
    #[error("{path}:{line}:{column}: {cause}")]
    #[diagnostic(code(citelint::parse))]
    Parse {
        path: String,
        line: usize,
        column: usize,
        cause: String,
    },
}

impl ReadError {
    /// Input past [`MAX_INPUT_BYTES`].
    pub fn too_large(path: &str) -> ReadError {
        ReadError::TooLarge {
            path: path.to_owned(),
            cause: format!(
                "larger than {} MB, far more than a manuscript; not checked",
                MAX_INPUT_BYTES >> 20
            ),
        }
    }

    pub fn path(&self) -> &str {
        match self {
            ReadError::Io { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Binary { path }
            | ReadError::Encoding { path, .. }
            | ReadError::Parse { path, .. } => path,
        }
    }

    /// The cause without the path prefix.
    pub fn cause(&self) -> String {
        let text = self.to_string();
        let path = self.path();
        text.strip_prefix(path)
            .map(|rest| rest.trim_start_matches(':').trim().to_owned())
            .unwrap_or(text)
    }

    /// A parse error at byte `offset` of `text`.
    pub fn parse_at(path: &str, text: &str, offset: usize, cause: impl Into<String>) -> ReadError {
        let position = Source::new(path, text).position(offset);
        ReadError::Parse {
            path: path.to_owned(),
            line: position.line,
            column: position.column,
            cause: cause.into(),
        }
    }
}

/// How to read documents: bibliography files given on the command line.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub bib: Vec<PathBuf>,
}

/// Decodes `bytes` read from `path` (a display path; `-` for stdin) as `format`.
pub fn document_from_bytes(
    path: &str,
    bytes: &[u8],
    format: InputFormat,
) -> Result<Document, ReadError> {
    document_from_vec(path, bytes.to_vec(), format, None, &ReadOptions::default())
}

/// Like [`document_from_bytes`], taking the bytes over; `dir` is where relative
/// bibliography paths are resolved.
pub fn document_from_vec(
    path: &str,
    bytes: Vec<u8>,
    format: InputFormat,
    dir: Option<&Path>,
    options: &ReadOptions,
) -> Result<Document, ReadError> {
    if format == InputFormat::Docx {
        return docx::read(path, &bytes);
    }
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
    // A text of at most `MAX_LINES` bytes holds no more line breaks than that: only a
    // longer one is counted.
    let lines = if text.len() > MAX_LINES {
        memchr::memchr_iter(b'\n', text.as_bytes()).count()
    } else {
        0
    };
    if lines > MAX_LINES {
        return Err(ReadError::TooLarge {
            path: path.to_owned(),
            cause: format!(
                "{lines} lines, far more than a manuscript (at most {MAX_LINES} are read); not checked"
            ),
        });
    }
    let source = Source::new(path, text);
    let mut document = match format {
        InputFormat::Text => {
            // Text extracted from a PDF carries page furniture, even inside sentences.
            let furniture = furniture_lines(&source);
            let prose = (!furniture.is_empty())
                .then(|| source.lines_blanked(blank_lines(&source.text, &furniture), &furniture));
            let mut document = Document::plain(source, format, encoding);
            document.prose = prose;
            document
        }
        InputFormat::Docx => Document::plain(source, format, encoding),
        InputFormat::Markdown => markdown::read(source, encoding, dir)?,
        InputFormat::Latex => latex::read(source, encoding, dir)?,
        InputFormat::Jats => jats::read(source, encoding)?,
    };
    if !options.bib.is_empty() && document.references.is_none() {
        let mut references = Vec::new();
        for bib in &options.bib {
            references.extend(bibfile::load(bib)?);
        }
        document.references = Some(references);
        document.references_from_database = true;
    }
    Ok(document)
}

/// Reads and decodes the file at `path`.
pub fn read_document(path: &Path) -> Result<Document, ReadError> {
    read_document_with(path, &ReadOptions::default())
}

/// The largest file read as a manuscript. A manuscript is a few MB at most; a larger file
/// in a corpus folder (a dump, a log, `/dev/zero`) is reported, not loaded into memory.
pub const MAX_INPUT_BYTES: u64 = 256 << 20;

/// The most lines a manuscript is read with. A long one has tens of thousands; each line
/// costs about a hundred bytes of index and analysis, so a file of a hundred million blank
/// lines (well under [`MAX_INPUT_BYTES`]) would take gigabytes.
pub const MAX_LINES: usize = 1_000_000;

/// The bytes of the file at `path`, up to [`MAX_INPUT_BYTES`]: a larger file is an error,
/// found from its size before it is read.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, ReadError> {
    let display = path.display().to_string();
    let io_error = |e: std::io::Error| ReadError::Io {
        path: display.clone(),
        cause: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > MAX_INPUT_BYTES {
        return Err(ReadError::too_large(&display));
    }
    read_capped_from(file, size as usize + 1, &display)
}

/// The bytes of `reader` (a file, stdin), up to [`MAX_INPUT_BYTES`]: past that, an error
/// for `display`, read no further. `capacity` sizes the buffer.
pub fn read_capped_from(
    reader: impl Read,
    capacity: usize,
    display: &str,
) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io {
            path: display.to_owned(),
            cause: e.to_string(),
        })?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(ReadError::too_large(display));
    }
    Ok(bytes)
}

/// Reads the file at `path` with `options`.
pub fn read_document_with(path: &Path, options: &ReadOptions) -> Result<Document, ReadError> {
    let display = path.display().to_string();
    let bytes = read_capped(path)?;
    let format = InputFormat::from_path(path).unwrap_or(InputFormat::Text);
    document_from_vec(&display, bytes, format, path.parent(), options)
}
