//! A finding: one rule firing at one place, with everything every output format needs.

use serde::{Deserialize, Serialize};

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn from_id(id: &str) -> Option<Severity> {
        match id {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Evidence,
    Attribution,
    Structure,
    Reference,
}

impl Category {
    pub fn id(self) -> &'static str {
        match self {
            Category::Evidence => "evidence",
            Category::Attribution => "attribution",
            Category::Structure => "structure",
            Category::Reference => "reference",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        match id {
            "evidence" => Some(Category::Evidence),
            "attribution" => Some(Category::Attribution),
            "structure" => Some(Category::Structure),
            "reference" => Some(Category::Reference),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: String,
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub span: Span,
    pub refs: Vec<String>,
    pub fingerprint: String,
    /// A second place the finding concerns (the cited entry, the other duplicate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<RelatedSpan>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedSpan {
    pub label: String,
    pub line: usize,
    pub span: Span,
}
