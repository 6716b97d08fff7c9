//! DOCX: the paragraphs of `word/document.xml` become the text (one paragraph per line; a
//! finding's line is the paragraph's number). Superscript runs of digits become
//! superscript citation markers. Zotero and Mendeley field codes (CSL-JSON inside the field
//! instruction) become exact citations with their item metadata; otherwise the reference
//! list is read from the document's own paragraphs.

use std::collections::BTreeMap;
use std::io::Read;

use roxmltree::Node;
use serde_json::Value;

use crate::ingest::bibfile::reference_from_csl;
use crate::ingest::decode::TextEncoding;
use crate::ingest::{Document, InputFormat, KeyedCitation, ReadError};
use crate::source::{Source, Span};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn superscript(digits: &str) -> String {
    digits
        .chars()
        .map(|c| match c {
            '0' => '⁰',
            '1' => '¹',
            '2' => '²',
            '3' => '³',
            '4' => '⁴',
            '5' => '⁵',
            '6' => '⁶',
            '7' => '⁷',
            '8' => '⁸',
            '9' => '⁹',
            '-' | '–' => '⁻',
            ',' => ',',
            other => other,
        })
        .collect()
}

fn is_superscript(run: Node) -> bool {
    run.children()
        .find(|c| c.has_tag_name((W, "rPr")))
        .and_then(|p| p.children().find(|c| c.has_tag_name((W, "vertAlign"))))
        .and_then(|v| v.attribute((W, "val")))
        == Some("superscript")
}

/// A Word field being read: its instruction, and where its visible result starts.
struct Field {
    instruction: String,
    result_start: Option<usize>,
}

/// The largest `word/document.xml` read, uncompressed: a manuscript's is a few MB, and a
/// crafted archive (a "zip bomb") must end in an error, not in memory exhaustion that stops
/// a corpus run.
const MAX_DOCUMENT_XML: u64 = 256 << 20;

pub fn read(path: &str, bytes: &[u8]) -> Result<Document, ReadError> {
    read_with_limit(path, bytes, MAX_DOCUMENT_XML)
}

fn read_with_limit(path: &str, bytes: &[u8], limit: u64) -> Result<Document, ReadError> {
    let parse_error = |cause: String| ReadError::Parse {
        path: path.to_owned(),
        line: 1,
        column: 1,
        cause,
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| parse_error(format!("DOCX: not a Word document ({e})")))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|e| parse_error(format!("DOCX: no word/document.xml ({e})")))?
        .take(limit + 1)
        .read_to_string(&mut xml)
        .map_err(|e| parse_error(format!("DOCX: cannot read word/document.xml ({e})")))?;
    if xml.len() as u64 > limit {
        return Err(parse_error(format!(
            "DOCX: word/document.xml is larger than {} MB uncompressed",
            limit >> 20
        )));
    }
    let document = roxmltree::Document::parse(&xml).map_err(|e| ReadError::Parse {
        path: format!("{path}!word/document.xml"),
        line: e.pos().row as usize,
        column: e.pos().col as usize,
        cause: format!("XML: {e}"),
    })?;
    let mut text = String::new();
    let mut citations = Vec::new();
    let mut items: BTreeMap<String, Value> = BTreeMap::new();
    for paragraph in document.descendants().filter(|n| n.has_tag_name((W, "p"))) {
        let mut field: Option<Field> = None;
        for run in paragraph.descendants().filter(|n| n.has_tag_name((W, "r"))) {
            for part in run.children() {
                if part.has_tag_name((W, "fldChar")) {
                    match part.attribute((W, "fldCharType")) {
                        Some("begin") => {
                            field = Some(Field {
                                instruction: String::new(),
                                result_start: None,
                            })
                        }
                        Some("separate") => {
                            if let Some(f) = field.as_mut() {
                                f.result_start = Some(text.len());
                            }
                        }
                        Some("end") => {
                            if let Some(f) = field.take() {
                                finish_field(&f, text.len(), &mut citations, &mut items);
                            }
                        }
                        _ => {}
                    }
                } else if part.has_tag_name((W, "instrText")) {
                    if let Some(f) = field.as_mut() {
                        f.instruction.push_str(part.text().unwrap_or_default());
                    }
                } else if part.has_tag_name((W, "t")) {
                    let content = part.text().unwrap_or_default();
                    let digits = content
                        .trim()
                        .chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–'))
                        && !content.trim().is_empty();
                    if is_superscript(run) && digits {
                        text.push_str(&superscript(content.trim()));
                    } else {
                        text.push_str(content);
                    }
                } else if part.has_tag_name((W, "tab")) {
                    text.push('\t');
                } else if part.has_tag_name((W, "br")) {
                    text.push(' ');
                }
            }
        }
        text.push('\n');
    }
    let source = Source::new(path, text);
    let mut document = Document::plain(source, InputFormat::Docx, TextEncoding::Utf8);
    if !citations.is_empty() {
        let references = items
            .iter()
            .enumerate()
            .map(|(i, (_, item))| {
                let mut reference = reference_from_csl(item, &format!("item{}", i + 1));
                reference.line = 1;
                reference
            })
            .collect();
        document.citations = Some(citations);
        document.references = Some(references);
    }
    Ok(document)
}

/// A finished field: a Zotero/Mendeley citation becomes a keyed citation over its visible
/// result, and its items join the reference list.
fn finish_field(
    field: &Field,
    end: usize,
    citations: &mut Vec<KeyedCitation>,
    items: &mut BTreeMap<String, Value>,
) {
    let instruction = field.instruction.trim();
    let Some(json_start) = instruction.find('{') else {
        return;
    };
    let is_citation = instruction.contains("CSL_CITATION")
        || instruction.contains("ADDIN ZOTERO_ITEM")
        || instruction.contains("ADDIN EN.CITE");
    if !is_citation {
        return;
    }
    let Ok(value) = serde_json::from_str::<Value>(&instruction[json_start..]) else {
        return;
    };
    let Some(Value::Array(entries)) = value.get("citationItems") else {
        return;
    };
    let mut keys = Vec::new();
    for entry in entries {
        let Some(item) = entry.get("itemData") else {
            continue;
        };
        let key = item
            .get("id")
            .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_owned))
            .unwrap_or_else(|| format!("item{}", items.len() + 1));
        let mut item = item.clone();
        item["id"] = Value::from(key.clone());
        items.entry(key.clone()).or_insert(item);
        keys.push(key);
    }
    let start = field.result_start.unwrap_or(end);
    citations.push(KeyedCitation {
        shown: None,
        span: Span::new(start, end.max(start)),
        keys,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn an_oversized_document_part_is_an_error_not_a_read() {
        let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        archive
            .start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
        archive.write_all(&vec![b' '; 3 << 20]).unwrap();
        let bytes = archive.finish().unwrap().into_inner();
        let error = read_with_limit("big.docx", &bytes, 2 << 20).unwrap_err();
        assert!(
            error.to_string().contains("larger than 2 MB uncompressed"),
            "{error}"
        );
    }
}
