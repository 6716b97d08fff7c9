//! JATS XML (PubMed Central): the prose view keeps the text of `<body>` (paragraph and
//! section boundaries become paragraph breaks); `<xref ref-type="bibr">` (and `"ref"`) with
//! one or several `rid`s become keyed citations; `<ref-list>` entries with
//! `element-citation` or `mixed-citation` become references with authors, article-title,
//! source, year, volume, pages and `pub-id` DOI/PMID.

use std::collections::HashMap;
use std::ops::Range;

use roxmltree::{Node, ParsingOptions};

use crate::ingest::decode::TextEncoding;
use crate::ingest::{Document, InputFormat, KeyedCitation, ReadError, mask};
use crate::model::Reference;
use crate::source::{Source, Span};
use crate::text::fold::squash_whitespace;

fn text_of(node: Node) -> String {
    squash_whitespace(
        &node
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<String>(),
    )
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.descendants().find(|n| n.has_tag_name(name))
}

const BLOCKS: [&str; 8] = [
    "p",
    "title",
    "sec",
    "list-item",
    "caption",
    "table-wrap",
    "fig",
    "disp-quote",
];

pub fn read(source: Source, encoding: TextEncoding) -> Result<Document, ReadError> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let xml = roxmltree::Document::parse_with_options(&source.text, options).map_err(|e| {
        let position = e.pos();
        ReadError::Parse {
            path: source.path.clone(),
            line: position.row as usize,
            column: position.col as usize,
            cause: format!("XML: {e}"),
        }
    })?;
    let root = xml.root_element();
    // Prose: the text nodes of <body>, everything else blank.
    let mut keep: Vec<Range<usize>> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new();
    let mut citations = Vec::new();
    let mut keys_by_rid: HashMap<String, String> = HashMap::new();
    let references = reference_list(root, &source, &mut keys_by_rid);
    if let Some(body) = root.descendants().find(|n| n.has_tag_name("body")) {
        for node in body.descendants() {
            if node.is_text() {
                keep.push(node.range());
            } else if BLOCKS.iter().any(|b| node.has_tag_name(*b)) {
                breaks.push(node.range().start);
            }
            let is_bibr = node.has_tag_name("xref")
                && matches!(node.attribute("ref-type"), Some("bibr" | "ref"));
            if is_bibr {
                let span = node
                    .children()
                    .find(|c| c.is_text())
                    .map(|t| t.range())
                    .unwrap_or_else(|| node.range());
                let keys = node
                    .attribute("rid")
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(|rid| {
                        keys_by_rid
                            .get(rid)
                            .cloned()
                            .unwrap_or_else(|| rid.to_owned())
                    })
                    .collect();
                citations.push(KeyedCitation {
                    span: Span::new(span.start, span.end),
                    keys,
                });
            }
        }
    }
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut cursor = 0;
    for range in &keep {
        if range.start > cursor {
            blank.push(cursor..range.start);
        }
        cursor = cursor.max(range.end);
    }
    blank.push(cursor..source.text.len());
    let mut prose = mask::mask(&source.text, &blank);
    mask::break_at(&mut prose, &breaks);
    let mut document = Document::plain(source, InputFormat::Jats, encoding);
    document.prose = Some(prose);
    document.citations = Some(citations);
    document.references = Some(references);
    Ok(document)
}

/// The entries of `<ref-list>`; fills `keys_by_rid` with each `ref/@id`'s label.
fn reference_list(
    root: Node,
    source: &Source,
    keys_by_rid: &mut HashMap<String, String>,
) -> Vec<Reference> {
    let mut references = Vec::new();
    let mut seen_labels: HashMap<String, usize> = HashMap::new();
    for node in root.descendants().filter(|n| n.has_tag_name("ref")) {
        let id = node.attribute("id").unwrap_or_default().to_owned();
        let label_node = node.children().find(|c| c.has_tag_name("label"));
        let label_text = label_node
            .map(|l| {
                text_of(l)
                    .trim_matches(['.', '[', ']', '(', ')', ' '])
                    .to_owned()
            })
            .filter(|l| !l.is_empty());
        // Labels must be unique to stand for the entry; otherwise the id does.
        let label = match label_text {
            Some(l) if !seen_labels.contains_key(&l) => l,
            _ => id.clone(),
        };
        *seen_labels.entry(label.clone()).or_default() += 1;
        keys_by_rid.insert(id.clone(), label.clone());
        let citation = node
            .descendants()
            .find(|n| {
                n.has_tag_name("element-citation")
                    || n.has_tag_name("mixed-citation")
                    || n.has_tag_name("citation")
            })
            .unwrap_or(node);
        let range = node.range();
        let label_range =
            label_node.map_or(range.start..range.start + 4.min(range.len()), |l| l.range());
        let mut reference = Reference::new(
            label,
            text_of(citation),
            Span::new(range.start, range.end),
            Span::new(label_range.start, label_range.end),
        );
        reference.line = source.line_of(range.start);
        reference.authors = citation
            .descendants()
            .filter(|n| {
                n.has_tag_name("name") || n.has_tag_name("collab") || n.has_tag_name("string-name")
            })
            .filter(|n| {
                n.ancestors()
                    .find(|a| a.has_tag_name("person-group"))
                    .is_none_or(|g| {
                        g.attribute("person-group-type")
                            .is_none_or(|t| t == "author")
                    })
            })
            .map(|n| {
                if n.has_tag_name("collab") {
                    return text_of(n);
                }
                let surname = child(n, "surname").map(text_of).unwrap_or_default();
                let given = child(n, "given-names").map(text_of).unwrap_or_default();
                let initials: String = given
                    .split([' ', '-', '.'])
                    .filter_map(|p| p.chars().next())
                    .collect();
                if initials.is_empty() {
                    surname
                } else {
                    format!("{surname} {initials}")
                }
            })
            .filter(|n| !n.is_empty())
            .collect();
        reference.title = child(citation, "article-title")
            .or_else(|| child(citation, "chapter-title"))
            .map(text_of);
        reference.container = child(citation, "source").map(text_of);
        reference.year = child(citation, "year").and_then(|y| {
            text_of(y)
                .chars()
                .filter(char::is_ascii_digit)
                .take(4)
                .collect::<String>()
                .parse()
                .ok()
        });
        reference.volume = child(citation, "volume").map(text_of);
        reference.issue = child(citation, "issue").map(text_of);
        reference.pages = match (
            child(citation, "fpage").map(text_of),
            child(citation, "lpage").map(text_of),
        ) {
            (Some(first), Some(last)) => Some(format!("{first}-{last}")),
            (first, _) => first,
        };
        for id in citation.descendants().filter(|n| n.has_tag_name("pub-id")) {
            match id.attribute("pub-id-type") {
                Some("doi") => reference.doi = Some(text_of(id)),
                Some("pmid") => reference.pmid = Some(text_of(id)),
                _ => {}
            }
        }
        references.push(reference);
    }
    references
}
