//! JATS XML (PubMed Central): the prose view keeps the text of `<body>` (paragraph and
//! section boundaries become paragraph breaks); `<xref ref-type="bibr">` (and `"ref"`) with
//! one or several `rid`s become keyed citations; `<ref-list>` entries with
//! `element-citation` or `mixed-citation` become references with authors, article-title,
//! source, year, volume, pages and `pub-id` DOI/PMID.
//!
//! The file is read in one streaming pass (quick-xml's events, no tree): each element the
//! reader needs claims what it fills when it opens and fills it when it closes, so "the
//! first `<year>` of the first citation" means what it would in a tree. Links are resolved
//! to reference labels once the whole file is read, as the list usually follows the body.

mod entry;
mod parser;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::ingest::decode::TextEncoding;
use crate::ingest::{Document, InputFormat, KeyedCitation, ReadError, entities, mask};
use crate::model::Reference;
use crate::source::{Source, Span};
use entry::{CitationState, Entry, Field};
use parser::{Link, Parsed, Parser};

pub fn read(source: Source, encoding: TextEncoding) -> Result<Document, ReadError> {
    let parsed = Parser::new(&source.text).run().map_err(|(offset, cause)| {
        let position = source.position(offset.min(source.text.len()));
        ReadError::Parse {
            path: source.path.clone(),
            line: position.line,
            column: position.column,
            cause: format!("XML: {cause}"),
        }
    })?;
    let Parsed {
        keep,
        breaks,
        links,
        entries,
    } = parsed;
    let mut keys_by_rid: HashMap<String, String> = HashMap::new();
    let references = references_of(entries, &source, &mut keys_by_rid);
    let citations = citations_of(links, &references, &keys_by_rid);
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut cursor = 0;
    for range in &keep {
        if range.start > cursor {
            blank.push(cursor..range.start);
        }
        cursor = cursor.max(range.end);
    }
    blank.push(cursor..source.text.len());
    let mut prose = mask::masked_bytes(&source.text, &blank);
    entities::decode_in_place(&mut prose, &keep);
    mask::break_at(&mut prose, &breaks);
    let prose = mask::into_text(prose);
    let mut document = Document::plain(source, InputFormat::Jats, encoding);
    document.prose = Some(Source::new(document.source.path.clone(), prose));
    document.citations = Some(citations);
    document.references = Some(references);
    Ok(document)
}

/// The most entries a range of two links ("1–9") may span; a longer one is taken for a
/// mislabelled pair and left as two citations.
const MAX_RANGE: usize = 100;

/// The body's links as keyed citations: each `rid` becomes its entry's label, and a link
/// that closes a range ("<xref>1</xref>–<xref>9</xref>") joins the one before it, taking in
/// the entries between.
fn citations_of(
    links: Vec<Link>,
    references: &[Reference],
    keys_by_rid: &HashMap<String, String>,
) -> Vec<KeyedCitation> {
    let list_order: HashMap<&str, usize> = references
        .iter()
        .enumerate()
        .map(|(index, r)| (r.label.as_str(), index))
        .collect();
    let mut citations: Vec<KeyedCitation> = Vec::new();
    for link in links {
        let keys = link
            .rids
            .split_whitespace()
            .map(|rid| {
                keys_by_rid
                    .get(rid)
                    .cloned()
                    .unwrap_or_else(|| rid.to_owned())
            })
            .collect::<Vec<String>>();
        if let (Some(dash), Some(last)) = (link.closes_range_with, citations.last_mut()) {
            let first_key = keys.first().map(String::as_str);
            let last_key = last.keys.last().map(String::as_str);
            if let Some((from, to)) = last_key
                .zip(first_key)
                .and_then(|(a, b)| list_order.get(a).zip(list_order.get(b)))
                .filter(|(from, to)| from < to && **to - **from <= MAX_RANGE)
            {
                last.shown = Some(format!(
                    "{}{dash}{}",
                    last.shown.as_deref().unwrap_or_default(),
                    link.shown
                ));
                last.span = Span::new(last.span.start, link.span.end);
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
            span: Span::new(link.span.start, link.span.end),
            keys,
            shown: Some(link.shown),
        });
    }
    citations
}

/// The entries of `<ref-list>` as references; fills `keys_by_rid` with each `ref/@id`'s
/// label.
fn references_of(
    entries: Vec<Entry>,
    source: &Source,
    keys_by_rid: &mut HashMap<String, String>,
) -> Vec<Reference> {
    let mut seen_labels: HashSet<String> = HashSet::new();
    let mut references = Vec::with_capacity(entries.len());
    for entry in entries {
        let label_text = entry
            .label
            .as_ref()
            .map(|(text, _)| text.trim_matches(['.', '[', ']', '(', ')', ' ']).to_owned())
            .filter(|l| !l.is_empty());
        // Labels must be unique to stand for the entry; otherwise the id does.
        let label = match label_text {
            Some(l) if !seen_labels.contains(&l) => l,
            _ => entry.id.clone(),
        };
        seen_labels.insert(label.clone());
        keys_by_rid.insert(entry.id, label.clone());
        let range = entry.range;
        let label_range = entry.label.map_or_else(
            || range.start..range.start + 4.min(range.len()),
            |(_, range)| range,
        );
        // The fields of the first citation, or of the whole entry when it holds none.
        let (text, mut fields) = match entry.citation {
            CitationState::Read(text) => (text, entry.in_citation),
            _ => (entry.text, entry.anywhere),
        };
        let mut reference = Reference::new(
            label,
            text,
            Span::new(range.start, range.end),
            Span::new(label_range.start, label_range.end),
        );
        reference.line = source.line_of(range.start);
        reference.authors = std::mem::take(&mut fields.authors)
            .into_iter()
            .flatten()
            .filter(|n| !n.is_empty())
            .collect();
        reference.title = fields
            .take(Field::ArticleTitle)
            .or_else(|| fields.take(Field::ChapterTitle));
        reference.container = fields.take(Field::Container);
        reference.year = fields.take(Field::Year).and_then(|y| {
            y.chars()
                .filter(char::is_ascii_digit)
                .take(4)
                .collect::<String>()
                .parse()
                .ok()
        });
        reference.volume = fields.take(Field::Volume);
        reference.issue = fields.take(Field::Issue);
        reference.pages = match (fields.take(Field::FirstPage), fields.take(Field::LastPage)) {
            (Some(first), Some(last)) => Some(format!("{first}-{last}")),
            (first, _) => first,
        };
        reference.doi = fields.take(Field::Doi);
        reference.pmid = fields.take(Field::Pmid);
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
        // A comment between the dash and the link parts them.
        let parted = format!("[{}-<!-- x -->{}]", link(1, "1"), link(4, "4"));
        assert_eq!(citations_of(&parted).len(), 2);
    }

    #[test]
    fn html_entities_a_file_does_not_declare_are_read_not_refused() {
        // "&ndash;" needs the JATS DTD, which a reader does not fetch: it is read as "–".
        let body = format!(
            "Trials [{}&ndash;{}] &unknown;.",
            link(1, "1"),
            link(3, "3")
        );
        assert_eq!(
            citations_of(&body),
            [("1–3".to_owned(), vec!["1".into(), "2".into(), "3".into()])]
        );
    }

    #[test]
    fn markers_show_decoded_text() {
        let body = format!("A trial {}.", link(3, "&#x0005b;3&#x0005d;"));
        assert_eq!(citations_of(&body), [("[3]".to_owned(), vec!["3".into()])]);
    }

    fn references_of(entries: &str) -> Vec<Reference> {
        let xml = format!(
            "<article><body><p>Text.</p></body><back><ref-list>{entries}</ref-list></back></article>"
        );
        read(Source::new("t.nxml", xml), TextEncoding::Utf8)
            .unwrap()
            .references
            .unwrap()
    }

    #[test]
    fn fields_come_from_the_first_citation_and_authors_from_author_groups() {
        let [reference]: [Reference; 1] = references_of(
            "<ref id=\"R1\"><label>[1]</label><citation-alternatives>\
             <element-citation><person-group person-group-type=\"author\">\
             <name><surname>M&#x000fc;ller</surname><given-names>Anna-Lena</given-names></name>\
             <collab>The  Study Group</collab></person-group>\
             <person-group person-group-type=\"editor\"><name><surname>Ed</surname></name></person-group>\
             <article-title>A <italic>phase</italic> II trial</article-title><source>Lancet</source>\
             <year>2001a</year><fpage>10</fpage><lpage>19</lpage>\
             <pub-id pub-id-type=\"doi\">10.1/x</pub-id><pub-id pub-id-type=\"pmid\">123</pub-id>\
             </element-citation>\
             <mixed-citation><year>1999</year><source>Other</source></mixed-citation>\
             </citation-alternatives></ref>",
        )
        .try_into()
        .ok()
        .unwrap();
        assert_eq!(reference.label, "1");
        assert_eq!(reference.authors, ["Müller AL", "The Study Group"]);
        assert_eq!(reference.title.as_deref(), Some("A phase II trial"));
        assert_eq!(reference.container.as_deref(), Some("Lancet"));
        assert_eq!(reference.year, Some(2001));
        assert_eq!(reference.pages.as_deref(), Some("10-19"));
        assert_eq!(reference.doi.as_deref(), Some("10.1/x"));
        assert_eq!(reference.pmid.as_deref(), Some("123"));
        assert!(
            reference.raw.starts_with("MüllerAnna-Lena"),
            "{}",
            reference.raw
        );
    }

    #[test]
    fn an_entry_without_a_citation_element_is_read_whole_and_repeated_labels_give_way_to_ids() {
        let references = references_of(
            "<ref id=\"R1\"><label>1</label><year>2003</year> Smith J. A review.</ref>\
             <ref id=\"R2\"><label>1</label><mixed-citation>Jones K.</mixed-citation></ref>",
        );
        assert_eq!(references[0].label, "1");
        assert_eq!(references[0].raw, "12003 Smith J. A review.");
        assert_eq!(references[0].year, Some(2003));
        assert_eq!(references[1].label, "R2");
    }

    #[test]
    fn a_link_spans_its_first_text_or_the_whole_element() {
        let xml = "<article><body><p>A <xref ref-type=\"bibr\" rid=\"R1\"><sup>1</sup></xref> \
                   B <xref ref-type=\"bibr\" rid=\"R1\">1<sup>a</sup></xref>.</p></body>\
                   <back><ref-list><ref id=\"R1\"><label>1</label></ref></ref-list></back></article>";
        let document = read(Source::new("t.nxml", xml), TextEncoding::Utf8).unwrap();
        let spans: Vec<&str> = document
            .citations
            .unwrap()
            .iter()
            .map(|c| &xml[c.span.start..c.span.end])
            .collect();
        assert_eq!(
            spans,
            [
                "<xref ref-type=\"bibr\" rid=\"R1\"><sup>1</sup></xref>",
                "1"
            ]
        );
    }

    #[test]
    fn odd_nesting_is_read() {
        for (xml, entries) in [
            // An entry inside a link, a link inside a link, an entry inside an entry.
            (
                "<a><body><p><xref ref-type=\"bibr\" rid=\"R1\">中<ref id=\"R1\"><label>1</label>文</ref>字</xref></p></body></a>",
                1,
            ),
            (
                "<a><body><p><xref ref-type=\"bibr\" rid=\"R1\">é<xref ref-type=\"bibr\" rid=\"R1\">1</xref></xref></p></body></a>",
                0,
            ),
            (
                "<a><back><ref id=\"R1\">甲<ref id=\"R2\"><label>2</label>乙</ref>丙</ref></back></a>",
                1,
            ),
        ] {
            let document = read(Source::new("t.nxml", xml), TextEncoding::Utf8).unwrap();
            assert_eq!(document.references.unwrap().len(), entries, "{xml}");
        }
    }

    fn error_of(xml: &str) -> String {
        read(Source::new("t.nxml", xml), TextEncoding::Utf8)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn broken_files_are_errors_at_their_place() {
        assert_eq!(
            error_of("<article>\n<body><p>Text</body>"),
            "t.nxml:2:14: XML: ill-formed document: expected `</p>`, but `</body>` was found"
        );
        assert_eq!(
            error_of("<article>\n  <body><p>Text"),
            "t.nxml:2:9: XML: `<p>` is never closed"
        );
        assert_eq!(
            error_of("<a/><b/>"),
            "t.nxml:1:5: XML: a second root element"
        );
        assert_eq!(
            error_of("text <a/>"),
            "t.nxml:1:1: XML: text outside the root element"
        );
        assert_eq!(error_of("  "), "t.nxml:1:1: XML: the file holds no element");
        assert!(error_of("<a><ref id=1></ref></a>").starts_with("t.nxml:1:4: XML:"));
    }
}
