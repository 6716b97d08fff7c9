//! What a JATS `<ref>` gathers while the file streams past: its label, its first
//! citation's text, and its fields, each claimed by the first (or, for identifiers, the
//! last) element of its name when it opens and filled when it closes; fields are kept both
//! for the whole entry and for its first citation, since which one counts is known only at
//! the entry's end.

use std::borrow::Cow;
use std::ops::Range;

use crate::text::fold::squashed;

/// A `<ref>` as read.
#[derive(Default)]
pub(super) struct Entry {
    pub(super) id: String,
    pub(super) range: Range<usize>,
    /// The direct `<label>`'s text and range.
    pub(super) label: Option<(String, Range<usize>)>,
    pub(super) label_owner: Serial,
    /// The whole entry's text, decoded and squashed.
    pub(super) text: String,
    pub(super) citation: CitationState,
    /// Fields found anywhere in the entry, and inside its first citation.
    pub(super) anywhere: Fields,
    pub(super) in_citation: Fields,
}

/// The first `element-citation`, `mixed-citation` or `citation` of an entry.
#[derive(Default)]
pub(super) enum CitationState {
    #[default]
    NotSeen,
    Open(Serial),
    Read(String),
}

/// The numbers elements get as they open, in document order; 0 is no element.
pub(super) type Serial = u32;

/// A value an element fills when it closes: the element that claimed it, and its text.
#[derive(Default)]
pub(super) struct Slot {
    owner: Serial,
    pub(super) text: Option<String>,
}

impl Slot {
    /// The first element of its kind claims the slot.
    pub(super) fn claim_first(&mut self, serial: Serial) {
        if self.owner == 0 {
            self.owner = serial;
        }
    }

    /// Every element of its kind claims the slot: the last one's text stays.
    fn claim_last(&mut self, serial: Serial) {
        self.owner = serial;
        self.text = None;
    }

    /// Takes the text of the element closing, if it is the one that claimed the slot.
    pub(super) fn fill(&mut self, serial: Serial, text: &mut Captured) {
        if self.owner == serial {
            self.text = Some(text.get().to_owned());
        }
    }
}

/// The fields of a reference, and its authors.
#[derive(Default)]
pub(super) struct Fields {
    slots: [Slot; FIELD_COUNT],
    /// Names in document order; `None` until the name's element closes.
    pub(super) authors: Vec<Option<String>>,
}

impl Fields {
    pub(super) fn claim(&mut self, field: Field, serial: Serial) {
        let slot = &mut self.slots[field as usize];
        if field.is_identifier() {
            slot.claim_last(serial);
        } else {
            slot.claim_first(serial);
        }
    }

    /// Fills the slot the element closing claimed, if any.
    pub(super) fn fill(&mut self, serial: Serial, text: &mut Captured) {
        for slot in &mut self.slots {
            slot.fill(serial, text);
        }
    }

    pub(super) fn take(&mut self, field: Field) -> Option<String> {
        self.slots[field as usize].text.take()
    }
}

/// A reference field: read from the first element of its name, or for an identifier from
/// the last `pub-id` of its type.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    ArticleTitle,
    ChapterTitle,
    Container,
    Year,
    Volume,
    Issue,
    FirstPage,
    LastPage,
    Doi,
    Pmid,
}

const FIELD_COUNT: usize = Field::Pmid as usize + 1;

impl Field {
    /// The identifier a `pub-id` holds, by its `pub-id-type`.
    pub(super) fn of_identifier(kind: &str) -> Option<Field> {
        match kind {
            "doi" => Some(Field::Doi),
            "pmid" => Some(Field::Pmid),
            _ => None,
        }
    }

    fn is_identifier(self) -> bool {
        matches!(self, Field::Doi | Field::Pmid)
    }
}

/// A name element of the entry being read, waiting for its parts.
pub(super) struct NameDraft {
    pub(super) serial: Serial,
    pub(super) collab: bool,
    pub(super) surname: Slot,
    pub(super) given_names: Slot,
    /// Its places in the entry's author lists.
    pub(super) anywhere_index: Option<usize>,
    pub(super) in_citation_index: Option<usize>,
}

/// An element's captured text, squashed the first time something takes it.
pub(super) struct Captured<'t> {
    raw: &'t str,
    squashed: Option<Cow<'t, str>>,
}

impl<'t> Captured<'t> {
    pub(super) fn new(raw: &'t str) -> Self {
        Captured {
            raw,
            squashed: None,
        }
    }

    pub(super) fn get(&mut self) -> &str {
        self.squashed.get_or_insert_with(|| squashed(self.raw))
    }
}

/// An author as the reference lists it: "Surname GN", the initials of the given names.
pub(super) fn name_of(surname: Slot, given_names: Slot) -> String {
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
