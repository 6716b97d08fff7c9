//! Markdown: pulldown-cmark with source offsets finds code blocks, inline code, HTML
//! (comments included) and YAML front matter, which are blanked from the prose view.
//! Pandoc citations (`[@key]`, `[@a; @b, p. 3]`, `[see @key]`, `[-@key]`, narrative
//! `@key`) become keyed citations; the bibliography comes from front-matter
//! `bibliography:` (a .bib, CSL-JSON or RIS file relative to the document), `--bib`, or a
//! reference-list section as in plain text.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};
use regex::Regex;

use crate::ingest::decode::TextEncoding;
use crate::ingest::{Document, InputFormat, KeyedCitation, ReadError, bibfile, entities, mask};
use crate::source::{Source, Span};
use crate::text::thread_regex::ThreadRegex;

const KEY: &str = r"[\p{L}\d_][\p{L}\d_:.#$%&\-+?<>~/]*";

static BRACKETED: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(&format!(
        r"\[(?P<inner>[^\[\]\n]*?-?@{KEY}[^\[\]\n]*)\](?P<after>[(:]?)"
    ))
    .expect("pandoc regex")
});
static KEY_IN_GROUP: ThreadRegex =
    ThreadRegex::new(|| Regex::new(&format!(r"-?@(?P<key>{KEY})")).expect("key regex"));
static NARRATIVE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(&format!(r"(?:^|[\s(])(?P<at>@(?P<key>{KEY}))")).expect("narrative regex")
});

fn trim_key(key: &str) -> &str {
    key.trim_end_matches(['.', ',', ':', ';', '?', '!'])
}

/// Pandoc citations in `prose`.
pub fn pandoc_citations(prose: &str) -> Vec<KeyedCitation> {
    let mut found = Vec::new();
    // Every pandoc citation holds an `@`. Most manuscripts hold none, and then neither
    // pattern is compiled (their Unicode key classes take about a millisecond to build).
    if memchr::memchr(b'@', prose.as_bytes()).is_none() {
        return found;
    }
    let mut covered: Vec<Range<usize>> = Vec::new();
    for caps in BRACKETED.captures_iter(prose) {
        if !caps["after"].is_empty() {
            continue; // a Markdown link or reference definition
        }
        let whole = caps.get(0).expect("group 0");
        let keys: Vec<String> = KEY_IN_GROUP
            .captures_iter(&caps["inner"])
            .map(|k| trim_key(&k["key"]).to_owned())
            .collect();
        covered.push(whole.range());
        found.push(KeyedCitation {
            shown: None,
            span: Span::new(whole.start(), whole.end()),
            keys,
        });
    }
    for caps in NARRATIVE.captures_iter(prose) {
        let at = caps.name("at").expect("at group");
        if covered.iter().any(|r| r.contains(&at.start())) {
            continue;
        }
        let key = trim_key(&caps["key"]);
        found.push(KeyedCitation {
            shown: None,
            span: Span::new(at.start(), at.start() + 1 + key.len()),
            keys: vec![key.to_owned()],
        });
    }
    found.sort_by_key(|c| c.span.start);
    found
}

/// The byte offset in `metadata` of a top-level `references:` key (pandoc's inline CSL YAML).
fn inline_references(metadata: &str) -> Option<usize> {
    let mut offset = 0;
    for line in metadata.split_inclusive('\n') {
        if line
            .strip_prefix("references:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim_start().starts_with('['))
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The `bibliography:` values of YAML front matter (a scalar or a list) and their line.
fn front_matter_bibliography(metadata: &str, offset: usize) -> (Vec<String>, Option<Span>) {
    let mut files = Vec::new();
    let mut anchor = None;
    let mut in_list = false;
    let mut position = offset;
    for line in metadata.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(value) = trimmed.strip_prefix("bibliography:") {
            anchor = Some(Span::new(position, position + line.trim_end().len()));
            let value = value.trim();
            if value.is_empty() {
                in_list = true;
            } else {
                let value = value.trim_start_matches('[').trim_end_matches(']');
                files.extend(
                    value
                        .split(',')
                        .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
                        .filter(|v| !v.is_empty()),
                );
            }
        } else if in_list && trimmed.starts_with('-') {
            files.push(
                trimmed
                    .trim_start_matches('-')
                    .trim()
                    .trim_matches(['"', '\''])
                    .to_owned(),
            );
        } else if !trimmed.is_empty() {
            in_list = false;
        }
        position += line.len();
    }
    (files, anchor)
}

/// The `width` delimiter characters (`*` or `_`) at each end of an emphasis span.
fn delimiters(text: &str, range: Range<usize>, width: usize) -> Vec<Range<usize>> {
    let marks = |at: Range<usize>| {
        text.get(at.clone())
            .is_some_and(|m| m.bytes().all(|b| b == b'*' || b == b'_'))
            .then_some(at)
    };
    if range.end < range.start + 2 * width {
        return Vec::new();
    }
    [
        marks(range.start..range.start + width),
        marks(range.end - width..range.end),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn read(
    source: Source,
    encoding: TextEncoding,
    dir: Option<&Path>,
) -> Result<Document, ReadError> {
    let text = &source.text;
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut marks: Vec<Range<usize>> = Vec::new();
    let mut metadata: Option<(String, usize)> = None;
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES;
    let mut in_metadata = false;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => blank.push(range),
            Event::Start(Tag::MetadataBlock(_)) => {
                in_metadata = true;
                blank.push(range);
            }
            Event::End(pulldown_cmark::TagEnd::MetadataBlock(_)) => in_metadata = false,
            Event::Text(content) if in_metadata => {
                metadata = Some((content.to_string(), range.start))
            }
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => blank.push(range),
            // Emphasis marks are not there for a reader: "randomized *controlled* trial"
            // reads as the cue it is, and "*Circ Res*." as "Circ Res.".
            Event::Start(Tag::Emphasis) => marks.extend(delimiters(text, range, 1)),
            Event::Start(Tag::Strong) => marks.extend(delimiters(text, range, 2)),
            _ => {}
        }
    }
    // Pandoc also takes the works themselves inline, as CSL YAML. citelint has no YAML
    // reader: checking the citations against no list would report each one as unresolved,
    // so the file is refused with the way out.
    if let Some((yaml, offset)) = &metadata
        && let Some(at) = inline_references(yaml)
    {
        return Err(ReadError::parse_at(
            &source.path,
            text,
            offset + at,
            "the front matter lists its references inline (`references:`), which citelint does not read; export them to a .bib, CSL-JSON .json or .ris file and name it under `bibliography:`",
        ));
    }
    let whole = 0..text.len();
    let mut prose = mask::masked_bytes(text, &blank);
    mask::vanish(&mut prose, &marks);
    entities::decode_in_place(&mut prose, std::slice::from_ref(&whole));
    let prose = mask::into_text(prose);
    let citations = pandoc_citations(&prose);
    let mut document = Document::plain(source.clone(), InputFormat::Markdown, encoding);
    if let Some((yaml, offset)) = metadata {
        let (files, anchor) = front_matter_bibliography(&yaml, offset);
        if !files.is_empty() {
            document.references = Some(bibfile::load_anchored(
                &files,
                dir,
                anchor.unwrap_or_default(),
                &source,
            )?);
            document.references_from_database = true;
        }
    }
    if !citations.is_empty() {
        document.citations = Some(citations);
    }
    document.prose = Some(document.source.same_lines(prose));
    Ok(document)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pandoc_forms() {
        let text = "A [@smith2020]. B [@a; @b, p. 3]. C [see @lee2019]. D [-@wang2018]. E @zhou2017 says. Mail x@y.org. Link [@x](http://u).";
        let keys: Vec<Vec<String>> = pandoc_citations(text).into_iter().map(|c| c.keys).collect();
        assert_eq!(
            keys,
            vec![
                vec!["smith2020"],
                vec!["a", "b"],
                vec!["lee2019"],
                vec!["wang2018"],
                vec!["zhou2017"]
            ]
        );
    }

    #[test]
    fn code_and_front_matter_are_not_prose() {
        let text = "---\ntitle: x\nbibliography: refs.bib\n---\n\nText [@a].\n\n```\ncode [@b]\n```\n\nInline `[@c]` and <!-- [@d] -->.\n";
        let source = Source::new("t.md", text);
        let prose = {
            let mut blank = Vec::new();
            for (event, range) in
                Parser::new_ext(text, Options::ENABLE_YAML_STYLE_METADATA_BLOCKS).into_offset_iter()
            {
                if matches!(
                    event,
                    Event::Start(Tag::CodeBlock(_))
                        | Event::Start(Tag::MetadataBlock(_))
                        | Event::Code(_)
                        | Event::Html(_)
                        | Event::InlineHtml(_)
                ) {
                    blank.push(range);
                }
            }
            mask::mask(&source.text, &blank)
        };
        let keys: Vec<Vec<String>> = pandoc_citations(&prose)
            .into_iter()
            .map(|c| c.keys)
            .collect();
        assert_eq!(keys, vec![vec!["a"]]);
        let (files, anchor) = front_matter_bibliography("title: x\nbibliography: refs.bib\n", 4);
        assert_eq!(files, ["refs.bib"]);
        assert_eq!(
            anchor.map(|a| &text[a.start..a.end]),
            Some("bibliography: refs.bib")
        );
    }
}
