//! The one streaming pass over a JATS file (quick-xml's events, no tree): the body's text
//! ranges and block starts, its `bibr` links with the dash that may join one to the link
//! before it, and the `<ref>` entries (see [`super::entry`]). Checks the structure as it
//! goes: every element closed, in order, under one root, with no text outside it.

use std::ops::Range;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::entry::{Captured, CitationState, Entry, Field, NameDraft, Serial, Slot, name_of};
use crate::ingest::entities;

/// What one pass over the file gathers.
pub(super) struct Parsed {
    /// The raw ranges of the body's text nodes.
    pub(super) keep: Vec<Range<usize>>,
    /// Where the body's blocks (paragraphs, titles, sections…) open.
    pub(super) breaks: Vec<usize>,
    pub(super) links: Vec<Link>,
    pub(super) entries: Vec<Entry>,
}

/// A `<xref ref-type="bibr">` in the body.
pub(super) struct Link {
    /// The link's first text, or the whole element when it holds none directly.
    pub(super) span: Range<usize>,
    pub(super) rids: String,
    /// The link's text, decoded and squashed.
    pub(super) shown: String,
    /// The dash before it when it closes a range the link before it opens.
    pub(super) closes_range_with: Option<char>,
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

impl Frame {
    /// Counts a new child, keeping the last two.
    fn add_child(&mut self, child: Sibling) {
        self.child_before_last = self.last_child;
        self.last_child = child;
    }
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

pub(super) type ParseError = (usize, String);

pub(super) struct Parser<'a> {
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
    pub(super) fn new(text: &'a str) -> Self {
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

    pub(super) fn run(mut self) -> Result<Parsed, ParseError> {
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
                Event::Text(_) => {
                    self.text_piece(start..end, text.get(start..end).unwrap_or_default(), true)?;
                }
                Event::GeneralRef(reference) => {
                    let written = text.get(start..end).unwrap_or_default();
                    let decoded = decode_reference(&reference, written);
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
                        parent.add_child(Sibling::Other);
                    }
                }
                Event::Decl(_) | Event::DocType(_) => self.close_text(),
                Event::Eof => break,
            }
        }
        self.close_text();
        if let Some(open) = self.stack.last() {
            let name = element_name(self.text.get(open.start..).unwrap_or_default());
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
            parent.add_child(Sibling::Text(match open.dash {
                DashState::Dash(c) => Some(c),
                _ => None,
            }));
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
            parent.add_child(as_sibling);
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
            Tag::Field(_) | Tag::PubId => {
                let field = match tag {
                    Tag::Field(field) => Some(field),
                    _ => attribute(element, b"pub-id-type", start)?
                        .as_deref()
                        .and_then(Field::of_identifier),
                };
                if let Some(field) = field {
                    entry.anywhere.claim(field, serial);
                    if in_citation {
                        entry.in_citation.claim(field, serial);
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
        let mut text = Captured::new(self.captured.get(frame.captured_from..).unwrap_or_default());
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
                Tag::Field(_) | Tag::PubId => {
                    entry.anywhere.fill(frame.serial, &mut text);
                    entry.in_citation.fill(frame.serial, &mut text);
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
