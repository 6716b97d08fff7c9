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

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::ingest::decode::TextEncoding;
use crate::ingest::{Document, InputFormat, KeyedCitation, ReadError, entities, mask};
use crate::model::Reference;
use crate::source::{Source, Span};
use crate::text::fold::squashed;

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
    entities::decode_bytes(&mut prose, &keep);
    mask::break_bytes(&mut prose, &breaks);
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
    let mut seen_labels: HashMap<String, usize> = HashMap::new();
    let mut references = Vec::with_capacity(entries.len());
    for entry in entries {
        let label_text = entry
            .label
            .as_ref()
            .map(|(text, _)| text.trim_matches(['.', '[', ']', '(', ')', ' ']).to_owned())
            .filter(|l| !l.is_empty());
        // Labels must be unique to stand for the entry; otherwise the id does.
        let label = match label_text {
            Some(l) if !seen_labels.contains_key(&l) => l,
            _ => entry.id.clone(),
        };
        *seen_labels.entry(label.clone()).or_default() += 1;
        keys_by_rid.insert(entry.id, label.clone());
        let range = entry.range;
        let label_range = entry.label.map_or_else(
            || range.start..range.start + 4.min(range.len()),
            |(_, range)| range,
        );
        // The fields of the first citation, or of the whole entry when it holds none.
        let (text, fields) = match entry.citation {
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
        let [
            article_title,
            chapter_title,
            container,
            year,
            volume,
            issue,
            first_page,
            last_page,
        ] = fields.first.map(|slot| slot.text);
        reference.authors = fields
            .authors
            .into_iter()
            .flatten()
            .filter(|n| !n.is_empty())
            .collect();
        reference.title = article_title.or(chapter_title);
        reference.container = container;
        reference.year = year.and_then(|y| {
            y.chars()
                .filter(char::is_ascii_digit)
                .take(4)
                .collect::<String>()
                .parse()
                .ok()
        });
        reference.volume = volume;
        reference.issue = issue;
        reference.pages = match (first_page, last_page) {
            (Some(first), Some(last)) => Some(format!("{first}-{last}")),
            (first, _) => first,
        };
        reference.doi = fields.doi.text;
        reference.pmid = fields.pmid.text;
        references.push(reference);
    }
    references
}

/// What one pass over the file gathers.
struct Parsed {
    /// The raw ranges of the body's text nodes.
    keep: Vec<Range<usize>>,
    /// Where the body's blocks (paragraphs, titles, sections…) open.
    breaks: Vec<usize>,
    links: Vec<Link>,
    entries: Vec<Entry>,
}

/// A `<xref ref-type="bibr">` in the body.
struct Link {
    /// The link's first text, or the whole element when it holds none directly.
    span: Range<usize>,
    rids: String,
    /// The link's text, decoded and squashed.
    shown: String,
    /// The dash before it when it closes a range the link before it opens.
    closes_range_with: Option<char>,
}

/// A `<ref>` as read.
#[derive(Default)]
struct Entry {
    id: String,
    range: Range<usize>,
    /// The direct `<label>`'s text and range.
    label: Option<(String, Range<usize>)>,
    label_owner: Serial,
    /// The whole entry's text, decoded and squashed.
    text: String,
    citation: CitationState,
    /// Fields found anywhere in the entry, and inside its first citation.
    anywhere: Fields,
    in_citation: Fields,
}

/// The first `element-citation`, `mixed-citation` or `citation` of an entry.
#[derive(Default)]
enum CitationState {
    #[default]
    NotSeen,
    Open(Serial),
    Read(String),
}

/// The numbers elements get as they open, in document order; 0 is no element.
type Serial = u32;

/// A value an element fills when it closes: the element that claimed it, and its text.
#[derive(Default)]
struct Slot {
    owner: Serial,
    text: Option<String>,
}

impl Slot {
    /// The first element of its kind claims the slot.
    fn claim_first(&mut self, serial: Serial) {
        if self.owner == 0 {
            self.owner = serial;
        }
    }

    /// Every element of its kind claims the slot: the last one's text stays.
    fn claim_last(&mut self, serial: Serial) {
        self.owner = serial;
        self.text = None;
    }

    fn fill(&mut self, serial: Serial, text: &mut Captured) {
        if self.owner == serial {
            self.text = Some(text.get().to_owned());
        }
    }
}

/// The fields of a reference, by [`Field`] index, then its identifiers and authors.
#[derive(Default)]
struct Fields {
    first: [Slot; FIELD_COUNT],
    doi: Slot,
    pmid: Slot,
    /// Names in document order; `None` until the name's element closes.
    authors: Vec<Option<String>>,
}

/// The reference fields read from the first element of their name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    ArticleTitle,
    ChapterTitle,
    Container,
    Year,
    Volume,
    Issue,
    FirstPage,
    LastPage,
}

const FIELD_COUNT: usize = 8;

#[derive(Clone, Copy, PartialEq, Eq)]
enum IdKind {
    Doi,
    Pmid,
    Other,
}

/// The elements the reader acts on, by local name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Body,
    /// A block whose start ends a sentence.
    Block,
    Xref,
    Ref,
    Label,
    Citation,
    PersonGroup,
    /// `name` or `string-name`; `collab` is `Collab`.
    Name,
    Collab,
    Surname,
    GivenNames,
    Field(Field),
    PubId,
    Other,
}

impl Tag {
    fn of(local_name: &[u8]) -> Tag {
        match local_name {
            b"body" => Tag::Body,
            b"p" | b"title" | b"sec" | b"list-item" | b"caption" | b"table-wrap" | b"fig"
            | b"disp-quote" => Tag::Block,
            b"xref" => Tag::Xref,
            b"ref" => Tag::Ref,
            b"label" => Tag::Label,
            b"element-citation" | b"mixed-citation" | b"citation" => Tag::Citation,
            b"person-group" => Tag::PersonGroup,
            b"name" | b"string-name" => Tag::Name,
            b"collab" => Tag::Collab,
            b"surname" => Tag::Surname,
            b"given-names" => Tag::GivenNames,
            b"article-title" => Tag::Field(Field::ArticleTitle),
            b"chapter-title" => Tag::Field(Field::ChapterTitle),
            b"source" => Tag::Field(Field::Container),
            b"year" => Tag::Field(Field::Year),
            b"volume" => Tag::Field(Field::Volume),
            b"issue" => Tag::Field(Field::Issue),
            b"fpage" => Tag::Field(Field::FirstPage),
            b"lpage" => Tag::Field(Field::LastPage),
            b"pub-id" => Tag::PubId,
            _ => Tag::Other,
        }
    }
}

/// A parent's last two children, to see "link, dash, link".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sibling {
    None,
    /// A text node; the dash when its only visible character is one.
    Text(Option<char>),
    /// A body link, by index.
    Link(usize),
    Other,
}

/// An open element.
struct Frame {
    tag: Tag,
    serial: Serial,
    /// The offset of its `<`.
    start: usize,
    /// Where its text starts in the captured text.
    captured_from: usize,
    /// The body link it is.
    link: Option<usize>,
    last_child: Sibling,
    child_before_last: Sibling,
    /// The range of its first text child.
    first_text: Option<Range<usize>>,
}

/// A name element of the entry being read, waiting for its parts.
struct NameDraft {
    serial: Serial,
    collab: bool,
    surname: Slot,
    given_names: Slot,
    /// Its places in the entry's author lists.
    anywhere_index: Option<usize>,
    in_citation_index: Option<usize>,
}

/// A text node being read: text, references and CDATA sections until the next markup.
struct OpenText {
    /// The node's range as a tree reader gives it: its first token (character data with
    /// its references, or one CDATA section).
    range: Range<usize>,
    /// Whether later pieces still extend the range (no CDATA section yet).
    extends: bool,
    dash: DashState,
}

/// Whether a text node reads as one dash and white space.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DashState {
    Blank,
    Dash(char),
    NotDash,
}

impl DashState {
    fn read(&mut self, text: &str) {
        for c in text.chars() {
            if *self == DashState::NotDash {
                return;
            }
            if c.is_whitespace() {
                continue;
            }
            *self = match (*self, c) {
                (DashState::Blank, '-' | '–' | '—' | '‒' | '−') => DashState::Dash(c),
                _ => DashState::NotDash,
            };
        }
    }
}

type ParseError = (usize, String);

struct Parser<'a> {
    text: &'a str,
    reader: Reader<&'a [u8]>,
    stack: Vec<Frame>,
    serial: Serial,
    root_seen: bool,
    body: BodyState,
    open_text: Option<OpenText>,
    /// The decoded text of the open elements that need theirs (an entry, a body link).
    captured: String,
    /// How many body links are open.
    open_links: usize,
    entry: Option<(Serial, Entry)>,
    /// Whether each open `person-group` lists authors (or says nothing).
    person_groups: Vec<bool>,
    names: Vec<NameDraft>,
    parsed: Parsed,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyState {
    Before,
    Open(Serial),
    Read,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            text,
            reader: Reader::from_str(text),
            stack: Vec::with_capacity(32),
            serial: 0,
            root_seen: false,
            body: BodyState::Before,
            open_text: None,
            captured: String::new(),
            open_links: 0,
            entry: None,
            person_groups: Vec::new(),
            names: Vec::new(),
            parsed: Parsed {
                keep: Vec::new(),
                breaks: Vec::new(),
                links: Vec::new(),
                entries: Vec::new(),
            },
        }
    }

    fn run(mut self) -> Result<Parsed, ParseError> {
        let text = self.text;
        loop {
            let start = self.position();
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(start);
                    return Err((at, error.to_string()));
                }
            };
            let end = self.position();
            match event {
                Event::Text(_) => self.text_piece(start..end, &text[start..end], true)?,
                Event::GeneralRef(reference) => {
                    let decoded = decode_reference(&reference, &text[start..end]);
                    self.text_piece(start..end, &decoded, true)?;
                }
                Event::CData(_) => {
                    // "<![CDATA[" and "]]>" around the content.
                    let content = text
                        .get(start + 9..end.saturating_sub(3))
                        .unwrap_or_default();
                    self.text_piece(start..end, content, false)?;
                }
                Event::Start(element) => {
                    self.close_text();
                    self.open(&element, start)?;
                }
                Event::Empty(element) => {
                    self.close_text();
                    self.open(&element, start)?;
                    self.close(end);
                }
                Event::End(_) => {
                    self.close_text();
                    if self.stack.is_empty() {
                        return Err((start, "a closing tag with no element open".to_owned()));
                    }
                    self.close(end);
                }
                Event::Comment(_) | Event::PI(_) => {
                    self.close_text();
                    if let Some(parent) = self.stack.last_mut() {
                        parent.child_before_last = parent.last_child;
                        parent.last_child = Sibling::Other;
                    }
                }
                Event::Decl(_) | Event::DocType(_) => self.close_text(),
                Event::Eof => break,
            }
        }
        self.close_text();
        if let Some(open) = self.stack.last() {
            let name = element_name(&self.text[open.start..]);
            return Err((open.start, format!("`<{name}>` is never closed")));
        }
        if !self.root_seen {
            return Err((0, "the file holds no element".to_owned()));
        }
        Ok(self.parsed)
    }

    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    fn capturing(&self) -> bool {
        self.entry.is_some() || self.open_links > 0
    }

    /// Character data, a reference or a CDATA section (`decoded` is its text).
    fn text_piece(
        &mut self,
        range: Range<usize>,
        decoded: &str,
        is_character_data: bool,
    ) -> Result<(), ParseError> {
        if self.stack.is_empty() {
            if decoded
                .chars()
                .all(|c| c.is_whitespace() || c == '\u{FEFF}')
            {
                return Ok(());
            }
            return Err((range.start, "text outside the root element".to_owned()));
        }
        match &mut self.open_text {
            Some(open) => {
                if open.extends && is_character_data {
                    open.range.end = range.end;
                } else {
                    open.extends = false;
                }
                open.dash.read(decoded);
            }
            None => {
                let mut dash = DashState::Blank;
                dash.read(decoded);
                self.open_text = Some(OpenText {
                    range,
                    extends: is_character_data,
                    dash,
                });
            }
        }
        if self.capturing() {
            self.captured.push_str(decoded);
        }
        Ok(())
    }

    /// Ends the open text node: the body keeps it, and its parent counts it as a child.
    fn close_text(&mut self) {
        let Some(open) = self.open_text.take() else {
            return;
        };
        if matches!(self.body, BodyState::Open(_)) {
            self.parsed.keep.push(open.range.clone());
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.child_before_last = parent.last_child;
            parent.last_child = Sibling::Text(match open.dash {
                DashState::Dash(c) => Some(c),
                _ => None,
            });
            if parent.first_text.is_none() {
                parent.first_text = Some(open.range);
            }
        }
    }

    fn open(&mut self, element: &BytesStart, start: usize) -> Result<(), ParseError> {
        if self.stack.is_empty() {
            if self.root_seen {
                return Err((start, "a second root element".to_owned()));
            }
            self.root_seen = true;
        }
        self.serial += 1;
        let serial = self.serial;
        let tag = Tag::of(element.local_name().as_ref());
        if tag == Tag::Body && self.body == BodyState::Before {
            self.body = BodyState::Open(serial);
        }
        let in_body = matches!(self.body, BodyState::Open(_));
        let mut frame = Frame {
            tag,
            serial,
            start,
            captured_from: self.captured.len(),
            link: None,
            last_child: Sibling::None,
            child_before_last: Sibling::None,
            first_text: None,
        };
        let mut as_sibling = Sibling::Other;
        match tag {
            Tag::Block if in_body => self.parsed.breaks.push(start),
            Tag::Xref if in_body => {
                let is_bibr = matches!(
                    attribute(element, b"ref-type", start)?.as_deref(),
                    Some("bibr" | "ref")
                );
                if is_bibr {
                    let index = self.parsed.links.len();
                    let closes_range_with = self.stack.last().and_then(|parent| {
                        match (parent.child_before_last, parent.last_child) {
                            (Sibling::Link(before), Sibling::Text(Some(dash)))
                                if before + 1 == index =>
                            {
                                Some(dash)
                            }
                            _ => None,
                        }
                    });
                    self.parsed.links.push(Link {
                        span: start..start,
                        rids: attribute(element, b"rid", start)?.unwrap_or_default(),
                        shown: String::new(),
                        closes_range_with,
                    });
                    frame.link = Some(index);
                    self.open_links += 1;
                    as_sibling = Sibling::Link(index);
                }
            }
            Tag::Ref if self.entry.is_none() => {
                let entry = Entry {
                    id: attribute(element, b"id", start)?.unwrap_or_default(),
                    ..Entry::default()
                };
                frame.captured_from = 0;
                self.captured.clear();
                self.entry = Some((serial, entry));
            }
            Tag::PersonGroup => {
                let lists_authors = attribute(element, b"person-group-type", start)?
                    .is_none_or(|kind| kind == "author");
                self.person_groups.push(lists_authors);
            }
            _ => {}
        }
        if let Some(parent) = self.stack.last_mut() {
            parent.child_before_last = parent.last_child;
            parent.last_child = as_sibling;
        }
        if tag != Tag::Other {
            self.claim(tag, element, serial, start)?;
        }
        self.stack.push(frame);
        Ok(())
    }

    /// What an element of the entry being read will fill when it closes.
    fn claim(
        &mut self,
        tag: Tag,
        element: &BytesStart,
        serial: Serial,
        start: usize,
    ) -> Result<(), ParseError> {
        let Some((entry_serial, entry)) = &mut self.entry else {
            return Ok(());
        };
        let in_citation = matches!(entry.citation, CitationState::Open(_));
        match tag {
            Tag::Label => {
                let parent_is_entry = self
                    .stack
                    .last()
                    .is_some_and(|parent| parent.serial == *entry_serial);
                if parent_is_entry && entry.label_owner == 0 {
                    entry.label_owner = serial;
                }
            }
            Tag::Citation => {
                if matches!(entry.citation, CitationState::NotSeen) {
                    entry.citation = CitationState::Open(serial);
                }
            }
            Tag::Name | Tag::Collab => {
                let listed = self.person_groups.last().is_none_or(|&authors| authors);
                let mut draft = NameDraft {
                    serial,
                    collab: tag == Tag::Collab,
                    surname: Slot::default(),
                    given_names: Slot::default(),
                    anywhere_index: None,
                    in_citation_index: None,
                };
                if listed {
                    draft.anywhere_index = Some(entry.anywhere.authors.len());
                    entry.anywhere.authors.push(None);
                    if in_citation {
                        draft.in_citation_index = Some(entry.in_citation.authors.len());
                        entry.in_citation.authors.push(None);
                    }
                }
                self.names.push(draft);
            }
            Tag::Surname => self
                .names
                .iter_mut()
                .for_each(|name| name.surname.claim_first(serial)),
            Tag::GivenNames => self
                .names
                .iter_mut()
                .for_each(|name| name.given_names.claim_first(serial)),
            Tag::Field(field) => {
                entry.anywhere.first[field as usize].claim_first(serial);
                if in_citation {
                    entry.in_citation.first[field as usize].claim_first(serial);
                }
            }
            Tag::PubId => {
                let kind = match attribute(element, b"pub-id-type", start)?.as_deref() {
                    Some("doi") => IdKind::Doi,
                    Some("pmid") => IdKind::Pmid,
                    _ => IdKind::Other,
                };
                for (fields, applies) in [
                    (&mut entry.anywhere, true),
                    (&mut entry.in_citation, in_citation),
                ] {
                    match kind {
                        IdKind::Doi if applies => fields.doi.claim_last(serial),
                        IdKind::Pmid if applies => fields.pmid.claim_last(serial),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn close(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let mut text =
            Captured::new(&self.captured[frame.captured_from.min(self.captured.len())..]);
        if let Some(index) = frame.link {
            let link = &mut self.parsed.links[index];
            link.span = frame.first_text.unwrap_or(frame.start..end);
            link.shown = text.get().to_owned();
            self.open_links -= 1;
        }
        if frame.tag == Tag::Body && self.body == BodyState::Open(frame.serial) {
            self.body = BodyState::Read;
        }
        if frame.tag == Tag::PersonGroup {
            self.person_groups.pop();
        }
        if let Some((entry_serial, entry)) = &mut self.entry {
            let entry_serial = *entry_serial;
            match frame.tag {
                _ if frame.serial == entry_serial => {
                    entry.range = frame.start..end;
                    // The whole entry's text stands for it only when it holds no citation.
                    if !matches!(entry.citation, CitationState::Read(_)) {
                        entry.text = text.get().to_owned();
                    }
                }
                Tag::Label if entry.label_owner == frame.serial => {
                    entry.label = Some((text.get().to_owned(), frame.start..end));
                }
                Tag::Citation => {
                    if matches!(entry.citation, CitationState::Open(s) if s == frame.serial) {
                        entry.citation = CitationState::Read(text.get().to_owned());
                    }
                }
                Tag::Name | Tag::Collab => {
                    if self.names.last().is_some_and(|n| n.serial == frame.serial)
                        && let Some(draft) = self.names.pop()
                    {
                        let name = if draft.collab {
                            text.get().to_owned()
                        } else {
                            name_of(draft.surname, draft.given_names)
                        };
                        if let Some(index) = draft.in_citation_index {
                            entry.in_citation.authors[index] = Some(name.clone());
                        }
                        if let Some(index) = draft.anywhere_index {
                            entry.anywhere.authors[index] = Some(name);
                        }
                    }
                }
                Tag::Surname => self
                    .names
                    .iter_mut()
                    .for_each(|name| name.surname.fill(frame.serial, &mut text)),
                Tag::GivenNames => self
                    .names
                    .iter_mut()
                    .for_each(|name| name.given_names.fill(frame.serial, &mut text)),
                Tag::Field(field) => {
                    entry.anywhere.first[field as usize].fill(frame.serial, &mut text);
                    entry.in_citation.first[field as usize].fill(frame.serial, &mut text);
                }
                Tag::PubId => {
                    for fields in [&mut entry.anywhere, &mut entry.in_citation] {
                        fields.doi.fill(frame.serial, &mut text);
                        fields.pmid.fill(frame.serial, &mut text);
                    }
                }
                _ => {}
            }
            if frame.serial == entry_serial
                && let Some((_, entry)) = self.entry.take()
            {
                self.parsed.entries.push(entry);
                self.names.clear();
            }
        }
        if !self.capturing() {
            self.captured.clear();
        }
    }
}

/// An element's captured text, squashed the first time something takes it.
struct Captured<'t> {
    raw: &'t str,
    squashed: Option<Cow<'t, str>>,
}

impl<'t> Captured<'t> {
    fn new(raw: &'t str) -> Self {
        Captured {
            raw,
            squashed: None,
        }
    }

    fn get(&mut self) -> &str {
        self.squashed.get_or_insert_with(|| squashed(self.raw))
    }
}

/// An author as the reference lists it: "Surname GN", the initials of the given names.
fn name_of(surname: Slot, given_names: Slot) -> String {
    let mut name = surname.text.unwrap_or_default();
    let given_names = given_names.text.unwrap_or_default();
    let mut initials = given_names
        .split([' ', '-', '.'])
        .filter_map(|part| part.chars().next())
        .peekable();
    if initials.peek().is_some() {
        name.push(' ');
        name.extend(initials);
    }
    name
}

/// A reference's character: "&#x02013;" is "–", "&amp;" is "&"; one the reader does not
/// know stays as written.
fn decode_reference(reference: &BytesRef, written: &str) -> String {
    let character = match reference.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        _ => entities::named(&reference.decode().unwrap_or_default()),
    };
    character.map_or_else(|| written.to_owned(), String::from)
}

/// An attribute's value with its references decoded and its white space normalised.
fn attribute(
    element: &BytesStart,
    name: &[u8],
    start: usize,
) -> Result<Option<String>, ParseError> {
    let broken = |e: &dyn std::fmt::Display| (start, e.to_string());
    match element.try_get_attribute(name) {
        Ok(None) => Ok(None),
        Ok(Some(attribute)) => attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map(|v| Some(v.into_owned()))
            .map_err(|e| broken(&e)),
        Err(e) => Err(broken(&e)),
    }
}

/// The name of the element whose tag starts `markup`.
fn element_name(markup: &str) -> &str {
    let name = markup.strip_prefix('<').unwrap_or(markup);
    let end = name
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(name.len());
    &name[..end]
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
