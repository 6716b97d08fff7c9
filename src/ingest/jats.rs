//! JATS XML (PubMed Central): the prose view keeps the text of `<body>` (paragraph and
//! section boundaries become paragraph breaks); `<xref ref-type="bibr">` (and `"ref"`) with
//! one or several `rid`s become keyed citations; `<ref-list>` entries with
//! `element-citation` or `mixed-citation` become references with authors, article-title,
//! source, year, volume, pages and `pub-id` DOI/PMID.

use std::collections::HashMap;
use std::ops::Range;

use roxmltree::{Node, ParsingOptions};

use crate::ingest::decode::TextEncoding;
use crate::ingest::{Document, InputFormat, KeyedCitation, ReadError, entities, mask};
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
    let mut citations: Vec<KeyedCitation> = Vec::new();
    let mut keys_by_rid: HashMap<String, String> = HashMap::new();
    let references = reference_list(root, &source, &mut keys_by_rid);
    let list_order: HashMap<&str, usize> = references
        .iter()
        .enumerate()
        .map(|(index, r)| (r.label.as_str(), index))
        .collect();
    // The last link pushed, to join "1–9" into one citation of 1 to 9.
    let mut last_link = None;
    if let Some(body) = root.descendants().find(|n| n.has_tag_name("body")) {
        for node in body.descendants() {
            if node.is_text() {
                keep.push(node.range());
            } else if BLOCKS.iter().any(|b| node.has_tag_name(*b)) {
                breaks.push(node.range().start);
            }
            if is_bibr(node) {
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
                    .collect::<Vec<String>>();
                let opening = range_opening(node).filter(|o| Some(o.id()) == last_link);
                last_link = Some(node.id());
                if let (Some(opening), Some(last)) = (opening, citations.last_mut()) {
                    let first_key = keys.first().map(String::as_str);
                    let last_key = last.keys.last().map(String::as_str);
                    if let Some((from, to)) = last_key
                        .zip(first_key)
                        .and_then(|(a, b)| list_order.get(a).zip(list_order.get(b)))
                        .filter(|(from, to)| from < to && **to - **from <= MAX_RANGE)
                    {
                        let dash = opening.next_sibling().and_then(|d| d.text()).unwrap_or("-");
                        last.shown = Some(format!(
                            "{}{}{}",
                            last.shown.as_deref().unwrap_or_default(),
                            dash.trim(),
                            text_of(node)
                        ));
                        last.span = Span::new(last.span.start, span.end);
                        last.keys.extend(
                            references[from + 1..*to]
                                .iter()
                                .map(|r| r.label.clone())
                                .chain(keys),
                        );
                        continue;
                    }
                }
                // The link's text with its character references decoded ("&#x0005b;6&#x0005d;"
                // is "[6]").
                citations.push(KeyedCitation {
                    span: Span::new(span.start, span.end),
                    keys,
                    shown: Some(text_of(node)),
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
    let mut prose = entities::decode_in_place(mask::mask(&source.text, &blank), &keep);
    mask::break_at(&mut prose, &breaks);
    let mut document = Document::plain(source, InputFormat::Jats, encoding);
    document.prose = Some(Source::new(document.source.path.clone(), prose));
    document.citations = Some(citations);
    document.references = Some(references);
    Ok(document)
}

/// The most entries a range of two links ("1–9") may span; a longer one is taken for a
/// mislabelled pair and left as two citations.
const MAX_RANGE: usize = 100;

fn is_bibr(node: Node) -> bool {
    node.has_tag_name("xref") && matches!(node.attribute("ref-type"), Some("bibr" | "ref"))
}

/// The link that opens a range `node` closes: "<xref>1</xref>–<xref>9</xref>" cites 1 to 9,
/// the two links standing apart by a dash alone.
fn range_opening<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    let between = node.prev_sibling().filter(|n| n.is_text())?;
    let dash = between.text()?.trim();
    if !matches!(dash, "-" | "–" | "—" | "‒" | "−") {
        return None;
    }
    between.prev_sibling().filter(|n| is_bibr(*n))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn citations_of(body: &str) -> Vec<(String, Vec<String>)> {
        let refs: String = (1..=5)
            .map(|n| format!("<ref id=\"B{n}\"><label>{n}</label><mixed-citation>Entry {n}.</mixed-citation></ref>"))
            .collect();
        let xml = format!(
            "<article><body><p>{body}</p></body><back><ref-list>{refs}</ref-list></back></article>"
        );
        let document = read(Source::new("t.nxml", xml), TextEncoding::Utf8).unwrap();
        document
            .citations
            .unwrap()
            .into_iter()
            .map(|c| (c.shown.unwrap(), c.keys))
            .collect()
    }

    fn link(n: u32, text: &str) -> String {
        format!("<xref ref-type=\"bibr\" rid=\"B{n}\">{text}</xref>")
    }

    #[test]
    fn two_links_joined_by_a_dash_cite_the_range() {
        let body = format!(
            "Trials [{}&#x02013;{}], and [{},{}].",
            link(1, "1"),
            link(4, "4"),
            link(2, "2"),
            link(5, "5")
        );
        assert_eq!(
            citations_of(&body),
            [
                (
                    "1–4".to_owned(),
                    vec!["1".into(), "2".into(), "3".into(), "4".into()]
                ),
                ("2".to_owned(), vec!["2".into()]),
                ("5".to_owned(), vec!["5".into()]),
            ]
        );
    }

    #[test]
    fn a_backward_or_worded_pair_is_no_range() {
        let backward = format!("[{}-{}]", link(4, "4"), link(2, "2"));
        assert_eq!(citations_of(&backward).len(), 2);
        let worded = format!("[{} to {}]", link(1, "1"), link(4, "4"));
        assert_eq!(citations_of(&worded).len(), 2);
    }

    #[test]
    fn markers_show_decoded_text() {
        let body = format!("A trial {}.", link(3, "&#x0005b;3&#x0005d;"));
        assert_eq!(citations_of(&body), [("[3]".to_owned(), vec!["3".into()])]);
    }
}
