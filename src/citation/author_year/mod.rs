//! Author–year citations, parenthetical and narrative: `(Smith, 2020)`, `(Smith & Lee,
//! 2020)`, `(Smith et al., 2020a; Wang, 2019)`, `(see Smith, 2020, p. 12)`, `[Smith 2020]`,
//! `Smith et al. (2020)`, `Smith and colleagues (2020)`, `张三等(2020)`, `（张三等，2020）`,
//! `Smith等(2020)`. This module reads the parenthetical groups and the name and year
//! patterns the others share; `narrative` finds `Smith et al. (2020)`; `link` links each
//! item to the reference by surname(s) and year (with a/b suffix), folding case and
//! diacritics and handling particles (van, de, Le, Del); `named` finds names in author
//! position next to numbered citations, for the attribution rules.

mod link;
mod named;
mod narrative;

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta;

use crate::hashing::FastMap;
use crate::source::Span;
use crate::text::compile_ahead::Compile;
use crate::text::fold::reading_text;
use crate::text::thread_regex::{ThreadRegex, short_ascii_text, short_text};
use crate::text::{acronym, name_letters, name_particle, organisation_name};

use crate::text::white_space::FastTrim;
use narrative::narrative_citations;

pub use link::{Link, Linker, NameKey, name_matches};
pub use named::{NamedAuthor, named_authors, named_patterns};

/// Surname letters include the invisible filler a decoded JATS character reference leaves
/// ("M&#x000fc;ller" reads "Mü", filler, "ller"); names are read without it. A capital
/// after an apostrophe belongs to the name ("O'Brien", "D’Amico"), and so does one inside
/// it ("McDonald", "LaBuda"): a match may start inside a word, and would read "Donald".
const LATIN_NAME: &str = concat!(
    "(?:",
    name_particle!(),
    r")?\p{Lu}(?:['’]\p{Lu})?[\p{Ll}'’\-\x{AD}\x{200B}]+(?:\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+)?(?:-\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+)?"
);
/// [`LATIN_NAME`] with up to two particles ("van den Boogaart"), for items inside a
/// parenthetical group, where nothing but a name can stand before the year.
const GROUP_LATIN_NAME: &str = concat!(
    "(?:",
    name_particle!(),
    r"){0,2}\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+(?:\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+)?(?:-\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+)?"
);
const HAN_NAME: &str = r"[\p{Han}&&[^等]]{2,6}";
/// A group or organisation as author inside a parenthetical group, before a comma and the
/// year: "World Health Organization, 2021", "Centers for Disease Control and Prevention,
/// 2020", "NICE, 2019", "中华医学会糖尿病学分会，2021". Capitalised words (and the small words
/// between them), an acronym, or more Han characters than a person's name holds (世界卫生组织
/// is a [`HAN_NAME`] already).
const GROUP_AUTHOR: &str = concat!(
    organisation_name!(),
    "|",
    acronym!(),
    r"|[\p{Han}&&[^等]]{7,30}"
);
/// An organisation's acronym, as a narrative citation names it: "the WHO (2021)".
const ACRONYM: &str = acronym!();
const YEAR: &str = r"(?:19|20)[0-9]{2}[a-z]?";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("author-year regex compiles")
}

/// A pattern searched only on short texts: one item of a group, a window before a cue.
fn short(pattern: &str) -> meta::Regex {
    short_text(pattern).expect("author-year regex compiles")
}

/// [`short`] for ASCII texts alone, much faster on them (see [`short_ascii_text`]).
fn short_ascii(pattern: &str) -> meta::Regex {
    short_ascii_text(pattern).expect("author-year regex compiles")
}

/// `ascii`, the [`short_ascii`] form of a pattern, for a text in ASCII; else `full`, the
/// pattern as written.
fn for_text<'r>(
    text: &str,
    ascii: &'r ThreadRegex<meta::Regex>,
    full: &'r ThreadRegex<meta::Regex>,
) -> &'r meta::Regex {
    if text.is_ascii() { ascii } else { full }
}

/// One author–year item: "Smith et al., 2020a".
static ITEM: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short(&item_pattern()));
/// [`ITEM`] for an item in ASCII, as most are.
static ASCII_ITEM: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short_ascii(&item_pattern()));

fn item_pattern() -> String {
    name_letters(&format!(
        r"^(?:(?:see|See|e\.g\.,?|cf\.|i\.e\.,?|参见|见)\s*)?(?:(?P<first>{GROUP_LATIN_NAME}|{HAN_NAME})(?:\s*(?P<etal>et\s+al\.?|等人?|and\s+colleagues)|\s*(?:&|and|和|与)\s*(?P<second>{GROUP_LATIN_NAME}|{HAN_NAME}))?\s*[,，]?|(?P<group_author>{GROUP_AUTHOR})\s*[,，])\s*(?P<year>{YEAR})(?:\s*[,，]\s*(?:p|pp)\.?\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?)?$"
    ))
}

/// The patterns [`markers`] searches with, in the order it first asks for them, for the
/// helper to compile ahead (see [`crate::text::compile_ahead`]); `ITEM` only for a text
/// beyond ASCII.
pub fn marker_patterns(ascii: bool) -> &'static [Compile] {
    if ascii {
        &[
            || GROUP.compile(),
            || ASCII_ITEM.compile(),
            narrative::compile_patterns,
        ]
    } else {
        &[
            || GROUP.compile(),
            || ASCII_ITEM.compile(),
            || ITEM.compile(),
            narrative::compile_patterns,
        ]
    }
}

/// A parenthetical group: `(…; …)`, `（…，…）`, `[…]`.
static GROUP: ThreadRegex = ThreadRegex::new(|| {
    re(&format!(
        r"[(（\[](?P<inner>[^()（）\[\]]{{2,}}?{YEAR}[^()（）\[\]]{{0,40}}?)[)）\]]"
    ))
});

/// The spans [`GROUP`] matches in `region`, as its `find_iter` finds them, at a fraction of
/// the cost: the regex restarts at every bracket, and most brackets hold no year. A match
/// runs from an opening bracket to the next bracket of any kind, which must close it (the
/// group holds none), and holds a year's first four digits; only such a span is asked of
/// the regex, which decides the rest.
fn group_spans(region: &str) -> Vec<Range<usize>> {
    let bytes = region.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    // 0xEF opens the full-width brackets (and many other characters).
    while let Some(found) = memchr::memchr3(b'(', b'[', 0xEF, &bytes[at..]) {
        let open = at + found;
        let Some((open_len, true)) = bracket_at(bytes, open) else {
            at = open + 1;
            continue;
        };
        let Some((next, (next_len, opens))) = next_bracket(bytes, open + open_len) else {
            break;
        };
        if opens {
            at = next;
            continue;
        }
        let end = next + next_len;
        if holds_year_digits(&bytes[open + open_len..next]) && GROUP.is_match(&region[open..end]) {
            spans.push(open..end);
        }
        at = end;
    }
    spans
}

/// The length of the [`GROUP`] bracket at byte `at` of `bytes`, and whether it opens.
fn bracket_at(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    match bytes[at] {
        b'(' | b'[' => Some((1, true)),
        b')' | b']' => Some((1, false)),
        0xEF => match bytes.get(at + 1..at + 3)? {
            [0xBC, 0x88] => Some((3, true)),
            [0xBC, 0x89] => Some((3, false)),
            _ => None,
        },
        _ => None,
    }
}

/// The first [`GROUP`] bracket at or after byte `from`: where it starts, its length and
/// whether it opens. The closing brackets and the full-width ones (whose first byte is
/// looked for) come first, then an ASCII opening bracket before the first of them.
fn next_bracket(bytes: &[u8], mut from: usize) -> Option<(usize, (usize, bool))> {
    loop {
        let closing = memchr::memchr3(b')', b']', 0xEF, &bytes[from..]).map(|at| from + at);
        let before = &bytes[from..closing.unwrap_or(bytes.len())];
        if let Some(at) = memchr::memchr2(b'(', b'[', before) {
            return Some((from + at, (1, true)));
        }
        let closing = closing?;
        if let Some(bracket) = bracket_at(bytes, closing) {
            return Some((closing, bracket));
        }
        from = closing + 1;
    }
}

/// Whether `bytes` holds "19" or "20" and two more digits, as every year of [`YEAR`] opens.
fn holds_year_digits(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b'1', b'2', bytes).any(|at| {
        matches!(bytes.get(at..at + 4), Some([b'1', b'9', c, d] | [b'2', b'0', c, d])
            if c.is_ascii_digit() && d.is_ascii_digit())
    })
}

/// The `inner` group of a [`GROUP`] match: all but its opening and closing bracket, each
/// one character (read so, not captured: finding a match is much cheaper than capturing).
fn group_inner(group: &str) -> &str {
    let mut chars = group.chars();
    chars.next();
    chars.next_back();
    chars.as_str()
}

/// An opening bracket and the first two digits of a year: where every narrative citation
/// has its bracket, and one of the cues of a name in author position.
static YEAR_BRACKETS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(["(19", "(20", "（19", "（20"])
        .expect("year-bracket automaton builds")
});

/// One cited item, before linking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub first: String,
    pub second: Option<String>,
    pub year: u16,
    pub suffix: Option<char>,
    pub text: String,
    /// The author is a group or organisation ("World Health Organization, 2021"): the item
    /// counts only when a reference by that author and year is there, as a run of
    /// capitalised words before a year is often no author ("Accessed March, 2020").
    pub group_author: bool,
}

/// A marker found in the text: its span and its items.
#[derive(Debug, Clone)]
pub struct AuthorYearMarker {
    pub span: Span,
    pub items: Vec<Item>,
}

fn parse_year(text: &str) -> Option<(u16, Option<char>)> {
    let digits: String = text.chars().take(4).collect();
    let year = digits.parse().ok()?;
    Some((year, text.chars().nth(4).filter(|c| c.is_ascii_lowercase())))
}

/// The item whose `first` and `second` names and `year` were read from `text`.
fn item_from(first: &str, second: Option<&str>, year: &str, text: &str) -> Option<Item> {
    let (year, suffix) = parse_year(year)?;
    Some(Item {
        first: reading_text(first),
        second: second.map(reading_text),
        year,
        suffix,
        text: reading_text(text),
        group_author: false,
    })
}

/// The text of the group `name` of a match of a short-text pattern in `haystack`.
fn group<'h>(
    caps: &regex_automata::util::captures::Captures,
    haystack: &'h str,
    name: &str,
) -> Option<&'h str> {
    caps.get_group_by_name(name)
        .map(|span| &haystack[span.range()])
}

/// A bare year after an item ("Holmes et al., 2003b; 2003a"): the same authors' work of
/// that year.
fn same_authors(previous: &Item, part: &str) -> Option<Item> {
    let part = part.fast_trim();
    let bytes = part.as_bytes();
    let bare_year = matches!(bytes.len(), 4 | 5)
        && (part.starts_with("19") || part.starts_with("20"))
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes.get(4).is_none_or(u8::is_ascii_lowercase);
    if !bare_year {
        return None;
    }
    let (year, suffix) = parse_year(part)?;
    let names = previous
        .text
        .rfind(&previous.year.to_string())
        .map_or(previous.text.as_str(), |at| &previous.text[..at]);
    Some(Item {
        first: previous.first.clone(),
        second: previous.second.clone(),
        year,
        suffix,
        text: format!("{names}{part}"),
        group_author: previous.group_author,
    })
}

/// The item `part` of a parenthetical group is, when it reads as one.
fn short_item(part: &str) -> Option<Item> {
    let item = for_text(part, &ASCII_ITEM, &ITEM);
    let mut caps = item.create_captures();
    item.captures(part, &mut caps);
    let group_author = group(&caps, part, "group_author");
    let item = item_from(
        group(&caps, part, "first").or(group_author)?,
        group(&caps, part, "second"),
        group(&caps, part, "year")?,
        part,
    )?;
    Some(Item {
        group_author: group_author.is_some(),
        ..item
    })
}

/// Every author–year marker in `text[span]`, parenthetical and narrative, in order.
pub fn markers(text: &str, span: Span) -> Vec<AuthorYearMarker> {
    let region = &text[span.start..span.end];
    let mut found: Vec<AuthorYearMarker> = Vec::new();
    // Each item as read, by its text: a manuscript cites the same work in the same words
    // again and again (half the items of a corpus of articles), and each is read once.
    let mut read: FastMap<String, Option<Item>> = FastMap::default();
    for whole in group_spans(region) {
        if found.len() > super::MAX_CITATIONS {
            break;
        }
        let mut items: Vec<Item> = Vec::new();
        for part in group_inner(&region[whole.clone()])
            .split([';', '；'])
            .map(crate::text::fold::squash_whitespace)
        {
            let as_read = match read.get(&part) {
                Some(item) => item.clone(),
                None => {
                    let item = short_item(&part);
                    read.insert(part.clone(), item.clone());
                    item
                }
            };
            let item = as_read.or_else(|| items.last().and_then(|last| same_authors(last, &part)));
            items.extend(item);
        }
        if !items.is_empty() {
            found.push(AuthorYearMarker {
                span: Span::new(span.start + whole.start, span.start + whole.end),
                items,
            });
        }
    }
    // The groups, in text order and apart: the one a narrative citation could overlap is
    // found by binary search (linear in a text of many citations).
    let groups = found.len();
    narrative_citations(region, |caps| {
        if found.len() > super::MAX_CITATIONS {
            return false;
        }
        let Some(whole) = caps.get_match() else {
            return true;
        };
        let marker_span = Span::new(span.start + whole.start(), span.start + whole.end());
        // A narrative citation whose parenthesis was already read as a group is the same citation.
        let next_group = found[..groups].partition_point(|m| m.span.end <= marker_span.start);
        if found[..groups]
            .get(next_group)
            .is_some_and(|m| m.span.start < marker_span.end)
        {
            return true;
        }
        // An acronym ("the WHO (2021)") is a group author, read only as a whole word.
        let acronym = caps.get_group_by_name("acronym").map(|span| span.range());
        if acronym.as_ref().is_some_and(|range| {
            region[..range.start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        }) {
            return true;
        }
        let first = group(caps, region, "first").or(acronym.clone().map(|range| &region[range]));
        let item = first
            .zip(group(caps, region, "year"))
            .and_then(|(first, year)| {
                item_from(
                    first,
                    group(caps, region, "second"),
                    year,
                    &region[whole.range()],
                )
            })
            .map(|item| Item {
                group_author: acronym.is_some(),
                ..item
            });
        if let Some(item) = item {
            found.push(AuthorYearMarker {
                span: marker_span,
                items: vec![item],
            });
        }
        true
    });
    found.sort_by_key(|m| m.span.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_short_text_item_and_name_patterns_find_what_regex_finds() {
        let pieces: Vec<&str> = "Smith|van |De |Müller|O’Brien|Li|张三|王小明|等|等人| et al.|, |，|2020|1999a|2021b|; |&| and | and colleagues| and co-workers|(|)|（|）| |x|, pp. 12-14|, p. 3|see |e.g., |和|-Jones|Ålund|Łukasz"
            .split('|')
            .collect();
        let mut texts = crate::text::generated_strings(&pieces, 6_000, 9, 0x17e4);
        let names = [
            "Smith",
            "van Dijk",
            "De Luca",
            "Müller",
            "O’Brien",
            "LaBuda",
            "张三",
            "王小明",
            "smith",
            "Li-Wang",
        ];
        texts.extend(crate::text::generated_shapes(
            &[
                &["", "", "see ", "e.g., ", "cf. ", "参见"],
                &names,
                &[
                    "",
                    "",
                    " et al.",
                    " et al",
                    "等",
                    "等人",
                    " and colleagues",
                    " and ",
                    " & ",
                    "和",
                    " and x",
                ],
                &["", "", "Jones", "李四"],
                &["", ", ", "，", " ", ",, "],
                &["2020", "1999a", "2021b", "1888", "20201"],
                &["", "", ", p. 3", ", pp. 12–14", "x", " "],
            ],
            4_000,
            0x2_9e1,
        ));
        let items = crate::text::thread_regex::assert_short_text_agrees(&item_pattern(), &texts);
        let names =
            crate::text::thread_regex::assert_short_text_agrees(&named::named_pattern(), &texts);
        // Enough of the strings match for the comparison to mean something.
        assert!(items > 300 && names > 2_000, "{items} items, {names} names");
    }

    /// The bracket scan finds the spans the group regex finds, wherever brackets of each
    /// kind, years, digits and other full-width characters (which share the brackets' first
    /// byte) fall.
    #[test]
    fn group_spans_are_the_group_regex_matches() {
        let pieces: Vec<&str> =
            "(|)|（|）|[|]|，|\u{feff}|Smith| et al., |2020|1999a|19|20|2x|; |张三|x| |\n|(Smith, 2020)|（张三，2019）|[1]|(p < 0.05)"
                .split('|')
                .collect();
        let mut matches = 0;
        for text in crate::text::generated_strings(&pieces, 20_000, 12, 0x5_9a11) {
            let expected: Vec<Range<usize>> = GROUP.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(group_spans(&text), expected, "{text:?}");
            matches += expected.len();
        }
        // Around the forty characters a group may hold after its year.
        for after in 37..=43 {
            for suffix in ["", "a"] {
                let long = format!("({} 2020{suffix}{})", "x".repeat(50), "y".repeat(after));
                let expected: Vec<Range<usize>> =
                    GROUP.find_iter(&long).map(|m| m.range()).collect();
                assert_eq!(group_spans(&long), expected, "{long:?}");
                matches += expected.len();
            }
        }
        assert!(matches > 2_000, "only {matches} groups");
    }

    #[test]
    fn a_group_inner_is_what_the_group_regex_captures() {
        // Pieces joined by '|'; with the bracket and year pieces they form whole groups.
        let pieces: Vec<&str> =
            "(|)|（|）|[|]|Smith| et al., |2020|1999a|; |；|张三|，|x| |(Smith, 2020)|（张三，2019）|[Li 2001; "
                .split('|')
                .collect();
        let mut groups = 0;
        for text in crate::text::generated_strings(&pieces, 10_000, 10, 0x6_7e0f) {
            let captured: Vec<&str> = GROUP
                .captures_iter(&text)
                .map(|c| c.name("inner").unwrap().as_str())
                .collect();
            let read: Vec<&str> = GROUP
                .find_iter(&text)
                .map(|m| group_inner(m.as_str()))
                .collect();
            assert_eq!(read, captured, "{text:?}");
            groups += captured.len();
        }
        assert!(groups > 1_000, "only {groups} groups");
    }

    fn items(text: &str) -> Vec<(String, Option<String>, u16, Option<char>)> {
        markers(text, Span::new(0, text.len()))
            .into_iter()
            .flat_map(|m| m.items)
            .map(|i| (i.first, i.second, i.year, i.suffix))
            .collect()
    }

    #[test]
    fn a_repeated_item_reads_the_same_and_a_bare_year_takes_the_authors_before_it() {
        let found = items(
            "Rats improved (Smith, 2010; 2011). Mice too (Jones, 2009; 2011). \
             Rats again (Smith, 2010).",
        );
        let item = |name: &str, year| (name.to_owned(), None, year, None);
        assert_eq!(
            found,
            [
                item("Smith", 2010),
                item("Smith", 2011),
                item("Jones", 2009),
                item("Jones", 2011),
                item("Smith", 2010),
            ]
        );
    }

    #[test]
    fn parenthetical_and_narrative_forms() {
        let found = items(
            "A (Smith, 2020). B (Smith & Lee, 2020). C (Smith and Lee 2020). D (Smith et al., 2020a; Wang, 2019). E Smith et al. (2020). F Smith and colleagues (2020). G [Smith 2020]. H (see Smith, 2020, p. 12). I (e.g., Smith 2020).",
        );
        let firsts: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            firsts,
            [
                "Smith", "Smith", "Smith", "Smith", "Wang", "Smith", "Smith", "Smith", "Smith",
                "Smith"
            ]
        );
        assert_eq!(found[1].1.as_deref(), Some("Lee"));
        assert_eq!(found[3].3, Some('a'));
        assert_eq!(found[4].2, 2019);
    }

    #[test]
    fn long_groups_bare_years_and_inner_capitals() {
        let mut text = String::from(
            "Stress was studied (Holmes et al., 2003b; 2003a; LaBuda and\nFuchs, 2001; van den Boogaart et al., 2012",
        );
        for (index, year) in (1990..2010).enumerate() {
            let name = char::from(b'A' + index as u8);
            text.push_str(&format!("; {name}bel et al., {year}"));
        }
        text.push_str(").");
        let found = markers(&text, Span::new(0, text.len()));
        assert_eq!(found.len(), 1, "one group, however long");
        type Shown<'a> = (&'a str, Option<&'a str>, u16, Option<char>, &'a str);
        let items: Vec<Shown> = found[0]
            .items
            .iter()
            .take(3)
            .map(|i| {
                (
                    i.first.as_str(),
                    i.second.as_deref(),
                    i.year,
                    i.suffix,
                    i.text.as_str(),
                )
            })
            .collect();
        assert_eq!(
            items,
            [
                ("Holmes", None, 2003, Some('b'), "Holmes et al., 2003b"),
                ("Holmes", None, 2003, Some('a'), "Holmes et al., 2003a"),
                (
                    "LaBuda",
                    Some("Fuchs"),
                    2001,
                    None,
                    "LaBuda and Fuchs, 2001"
                ),
            ]
        );
        assert_eq!(found[0].items[3].first, "van den Boogaart");
        assert_eq!(found[0].items.len(), 24);
    }

    #[test]
    fn chinese_forms() {
        let found = items("研究显示张三等(2020)。另见（李四等，2019）和Smith等(2018)。");
        let firsts: Vec<(&str, u16)> = found.iter().map(|f| (f.0.as_str(), f.2)).collect();
        assert_eq!(
            firsts,
            [("研究显示张三", 2020), ("李四", 2019), ("Smith", 2018)]
        );
    }
}
