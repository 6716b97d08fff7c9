//! Author–year citations, parenthetical and narrative: `(Smith, 2020)`, `(Smith & Lee,
//! 2020)`, `(Smith et al., 2020a; Wang, 2019)`, `(see Smith, 2020, p. 12)`, `[Smith 2020]`,
//! `Smith et al. (2020)`, `Smith and colleagues (2020)`, `张三等(2020)`, `（张三等，2020）`,
//! `Smith等(2020)`; linking each to the reference by surname(s) and year (with a/b suffix),
//! folding case and diacritics and handling particles (van, de, Le, Del). Also finds names
//! in author position next to numbered citations, for the attribution rules.

use crate::hashing::FastMap;
use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta;

use crate::bibliography::surname;
use crate::model::Reference;
use crate::source::Span;
use crate::text::fold::{fold_name, reading_text};
use crate::text::thread_regex::{ThreadRegex, short_text};
use crate::text::{is_han, name_particle};

const PARTICLES: [&str; 16] = [
    "van", "von", "de", "del", "della", "der", "den", "di", "da", "du", "le", "la", "dos", "das",
    "ten", "ter",
];

/// Surname letters include the invisible filler a decoded JATS character reference leaves
/// ("M&#x000fc;ller" reads "Mü", filler, "ller"); names are read without it.
const LATIN_NAME: &str = concat!(
    "(?:",
    name_particle!(),
    r")?\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+(?:-\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+)?"
);
/// [`LATIN_NAME`], or a surname with a capital inside ("LaBuda", "DiLuca", "McEwen") or two
/// particles ("van den Boogaart"), for items inside a parenthetical group, where nothing but
/// a name can stand before the year.
const GROUP_LATIN_NAME: &str = concat!(
    "(?:",
    name_particle!(),
    r"){0,2}\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+(?:\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+)?(?:-\p{Lu}[\p{Ll}'’\-\x{AD}\x{200B}]+)?"
);
const HAN_NAME: &str = r"[\p{Han}&&[^等]]{2,6}";
const YEAR: &str = r"(?:19|20)\d{2}[a-z]?";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("author-year regex compiles")
}

/// A pattern searched only on short texts: one item of a group, a window before a cue.
fn short(pattern: &str) -> meta::Regex {
    short_text(pattern).expect("author-year regex compiles")
}

/// One author–year item: "Smith et al., 2020a".
static ITEM: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short(&item_pattern()));

fn item_pattern() -> String {
    format!(
        r"^(?:(?:see|See|e\.g\.,?|cf\.|i\.e\.,?|参见|见)\s*)?(?P<first>{GROUP_LATIN_NAME}|{HAN_NAME})(?:\s*(?P<etal>et\s+al\.?|等人?|and\s+colleagues)|\s*(?:&|and|和|与)\s*(?P<second>{GROUP_LATIN_NAME}|{HAN_NAME}))?\s*[,，]?\s*(?P<year>{YEAR})(?:\s*[,，]\s*(?:p|pp)\.?\s*\d+(?:\s*[-–]\s*\d+)?)?$"
    )
}

/// A parenthetical group: `(…; …)`, `（…，…）`, `[…]`.
static GROUP: ThreadRegex = ThreadRegex::new(|| {
    re(&format!(
        r"[(（\[](?P<inner>[^()（）\[\]]{{2,}}?{YEAR}[^()（）\[\]]{{0,40}}?)[)）\]]"
    ))
});

/// The `inner` group of a [`GROUP`] match: all but its opening and closing bracket, each
/// one character (read so, not captured: finding a match is much cheaper than capturing).
fn group_inner(group: &str) -> &str {
    let mut chars = group.chars();
    chars.next();
    chars.next_back();
    chars.as_str()
}

/// A narrative citation: `Smith et al. (2020)`, `张三等(2020)`. Searched only in the
/// window before each bracketed year ([`narrative_citations`]).
static NARRATIVE: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short(&narrative_pattern()));

fn narrative_pattern() -> String {
    format!(
        r"(?P<first>{LATIN_NAME}|{HAN_NAME})(?:\s*(?P<etal>et\s+al\.?|等人?|and\s+colleagues|and\s+co-?workers)|\s+(?:&|and)\s+(?P<second>{LATIN_NAME}))?\s*[(（](?P<year>{YEAR})(?:\s*[,，]\s*(?:p|pp)\.?\s*\d+(?:\s*[-–]\s*\d+)?)?[)）]"
    )
}

/// An opening bracket and the first two digits of a year: where every narrative citation
/// has its bracket, and one of the cues of a name in author position.
static YEAR_BRACKETS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::new(["(19", "(20", "（19", "（20"])
        .expect("year-bracket automaton builds")
});

/// A character no narrative citation holds before its bracket: one that neither a name,
/// "et al.", 等人, "&" nor white space can contain. Other characters outside ASCII count as
/// name characters, which only widens the window searched.
fn ends_name_run(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphabetic()
            || c.is_ascii_whitespace()
            || matches!(c, '\x0B' | '\'' | '-' | '.' | '&'))
    } else {
        matches!(
            c,
            '（' | '）'
                | '，'
                | '。'
                | '、'
                | '；'
                | '：'
                | '“'
                | '”'
                | '‘'
                | '《'
                | '》'
                | '！'
                | '？'
        )
    }
}

/// The most words (runs of characters between white space) a narrative citation holds
/// before its bracket: a particle and a surname, then "and", a particle and a surname
/// ("van Dijk and de Vries (2020)"), or "et al.", "and colleagues".
const NARRATIVE_WORDS: usize = 5;

/// Where a narrative citation with its bracket at `bracket` starts at the earliest, not
/// before `from`: after the last character no name can hold ([`ends_name_run`]), and at
/// the start of the fifth word back ([`NARRATIVE_WORDS`]) at most. A match may start
/// inside its first word, never before it.
fn name_run_start(region: &str, from: usize, bracket: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut earliest = bracket;
    for (at, c) in region[from..bracket].char_indices().rev() {
        if ends_name_run(c) {
            return from + at + c.len_utf8();
        }
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == NARRATIVE_WORDS {
                    return earliest;
                }
            }
        } else {
            in_word = true;
        }
        earliest = from + at;
    }
    from
}

/// Where a narrative citation whose year starts at `from` ends at the latest: just past the
/// first closing bracket, or at the first character that neither the rest of a year nor a
/// page range ("2020a, pp. 12–14") can hold, which no match can reach past. Characters
/// outside ASCII count as page-range characters (Unicode digits and spaces are), which only
/// widens the window searched. Bounding the window so keeps a text of brackets that never
/// close linear.
fn year_tail_end(region: &str, from: usize) -> usize {
    for (at, c) in region[from..].char_indices() {
        let ends_here = match c {
            ')' | '）' => return from + at + c.len_utf8(),
            '（' => true,
            c if c.is_ascii() => {
                !(c.is_ascii_digit()
                    || c.is_ascii_lowercase()
                    || c.is_ascii_whitespace()
                    || matches!(c, '\x0B' | ',' | '.' | '-'))
            }
            _ => false,
        };
        if ends_here {
            return from + at;
        }
    }
    region.len()
}

/// Calls `each` with the narrative citations in `region`, as `captures_iter` of a
/// `regex::Regex` finds them (leftmost first, each from the end of the one before), until
/// it returns false.
///
/// Each match holds one opening bracket, its year's, with at most five words of name
/// characters before it ([`name_run_start`]) and a year and page range after it, up to a
/// closing bracket ([`year_tail_end`]). So the matches are found bracket by bracket, each
/// in that window: a short text, searched without a lazy DFA, whose states a whole body of
/// Unicode-class matching would have had to build.
fn narrative_citations(
    region: &str,
    mut each: impl FnMut(&regex_automata::util::captures::Captures) -> bool,
) {
    let narrative = &*NARRATIVE;
    let mut caps = narrative.create_captures();
    let mut searched_to = 0;
    for cue in YEAR_BRACKETS.find_iter(region) {
        let bracket = cue.start();
        if bracket < searched_to {
            continue;
        }
        let run_start = name_run_start(region, searched_to, bracket);
        let window_end = year_tail_end(region, cue.end());
        let input = regex_automata::Input::new(region).span(run_start..window_end);
        narrative.search_captures(&input, &mut caps);
        if let Some(whole) = caps.get_match() {
            searched_to = whole.end();
            if !each(&caps) {
                return;
            }
        }
    }
}

/// A name in author position without a year: `Smith et al.`, `Tjalsma等人`,
/// `Hare and colleagues`, optionally followed by `(2012)`.
static NAMED: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short(&named_pattern()));

fn named_pattern() -> String {
    format!(
        r"(?P<first>{LATIN_NAME}|{HAN_NAME})(?:\s*(?P<etal>et\s+al\.?|等人|等|and\s+colleagues|and\s+co-?workers)|\s+(?:&|and)\s+(?P<second>{LATIN_NAME}))?(?:\s*[(（](?P<year>{YEAR})[)）])?"
    )
}

/// One cited item, before linking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub first: String,
    pub second: Option<String>,
    pub year: u16,
    pub suffix: Option<char>,
    pub text: String,
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
    let part = part.trim();
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
    })
}

/// The item `part` of a parenthetical group is, when it reads as one.
fn short_item(part: &str) -> Option<Item> {
    let item = &*ITEM;
    let mut caps = item.create_captures();
    item.captures(part, &mut caps);
    item_from(
        group(&caps, part, "first")?,
        group(&caps, part, "second"),
        group(&caps, part, "year")?,
        part,
    )
}

/// Every author–year marker in `text[span]`, parenthetical and narrative, in order.
pub fn markers(text: &str, span: Span) -> Vec<AuthorYearMarker> {
    let region = &text[span.start..span.end];
    let mut found: Vec<AuthorYearMarker> = Vec::new();
    for whole in GROUP.find_iter(region) {
        if found.len() > super::MAX_CITATIONS {
            break;
        }
        let mut items: Vec<Item> = Vec::new();
        for part in group_inner(whole.as_str())
            .split([';', '；'])
            .map(crate::text::fold::squash_whitespace)
        {
            let item = short_item(&part)
                .or_else(|| items.last().and_then(|last| same_authors(last, &part)));
            items.extend(item);
        }
        if !items.is_empty() {
            found.push(AuthorYearMarker {
                span: Span::new(span.start + whole.start(), span.start + whole.end()),
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
        let item = group(caps, region, "first")
            .zip(group(caps, region, "year"))
            .and_then(|(first, year)| {
                item_from(
                    first,
                    group(caps, region, "second"),
                    year,
                    &region[whole.range()],
                )
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

/// A name in author position in a sentence with a numbered citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedAuthor {
    pub first: String,
    pub second: Option<String>,
    pub year: Option<u16>,
    pub span: Span,
    pub text: String,
}

/// Where a name in author position can end: "et al", 等, "colleagues", "co-workers",
/// "coworkers", or a bracketed year. The name regex only runs on a short window before
/// each of these.
///
/// The words are found by `memmem` searches, which skip ahead on their rarest bytes, and
/// the bracketed years by a small automaton: together about three times faster than one
/// automaton over every cue, which common English trigrams ("et ", "co") keep stepping.
/// No two cues can overlap, so the union, by start, is what that automaton found.
fn author_cues(sentence: &str) -> Vec<(usize, usize)> {
    static WORDS: LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        LazyLock::new(|| ["et al", "等", "colleagues"].map(memchr::memmem::Finder::new));
    static WORKERS: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("workers"));
    let bytes = sentence.as_bytes();
    let mut cues: Vec<(usize, usize)> = Vec::new();
    for finder in WORDS.iter() {
        cues.extend(
            finder
                .find_iter(bytes)
                .map(|start| (start, start + finder.needle().len())),
        );
    }
    for at in WORKERS.find_iter(bytes) {
        let end = at + "workers".len();
        if sentence[..at].ends_with("co-") {
            cues.push((at - 3, end));
        } else if sentence[..at].ends_with("co") {
            cues.push((at - 2, end));
        }
    }
    cues.extend(
        YEAR_BRACKETS
            .find_iter(sentence)
            .map(|m| (m.start(), m.end())),
    );
    cues.sort_unstable();
    cues
}

/// How far before a cue a name may start (a two-author Latin form with particles).
const NAME_WINDOW: usize = 64;

/// Names in author position in `sentence` (which starts at byte `base`).
pub fn named_authors(sentence: &str, base: usize) -> Vec<NamedAuthor> {
    let mut found: Vec<NamedAuthor> = Vec::new();
    for (cue_start, cue_end) in author_cues(sentence) {
        if is_plain_deng(sentence, cue_start, cue_end) {
            continue;
        }
        let mut start = cue_start.saturating_sub(NAME_WINDOW);
        while !sentence.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (cue_end + 12).min(sentence.len());
        while !sentence.is_char_boundary(end) {
            end += 1;
        }
        let window = &sentence[start..end];
        for c in NAMED.captures_iter(window) {
            let Some(whole) = c.get_match() else {
                continue;
            };
            let Some(first) = group(&c, window, "first") else {
                continue;
            };
            let etal = group(&c, window, "etal");
            let year = group(&c, window, "year");
            // Author position: "et al."/等/"and colleagues", or a year in brackets right
            // after the name(s). A bare capitalised word, or "Parkinson and Alzheimer", is no
            // author. 等 alone also means "etc." after a Chinese noun (皮肤疾病等): a Han name
            // needs 等人 or a year.
            let han = first.chars().any(is_han);
            let positioned = etal.is_some() || year.is_some();
            let han_ok = !han || year.is_some() || etal == Some("等人");
            // Only the match that ends at this cue counts (others belong to other cues).
            let reaches_cue = start + whole.end() >= cue_end && start + whole.start() < cue_start;
            if !(positioned && han_ok && reaches_cue) {
                continue;
            }
            let span = Span::new(base + start + whole.start(), base + start + whole.end());
            if found
                .iter()
                .any(|f| f.span.start < span.end && span.start < f.span.end)
            {
                continue;
            }
            found.push(NamedAuthor {
                first: reading_text(first),
                second: group(&c, window, "second").map(reading_text),
                year: year.and_then(parse_year).map(|(y, _)| y),
                span,
                text: reading_text(&window[whole.range()]),
            });
        }
    }
    found
}

/// 等 after a Han word with neither 人 nor a bracketed year after it ("皮肤疾病等"): a Han
/// name before it would be no author (see `named_authors`), and only a Han name can end
/// at a Han character, so the window needs no regex.
fn is_plain_deng(sentence: &str, start: usize, end: usize) -> bool {
    if &sentence[start..end] != "等" {
        return false;
    }
    let after_han = sentence[..start]
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(is_han);
    let after = &sentence[end..];
    after_han && !after.starts_with('人') && !after.trim_start().starts_with(['(', '（'])
}

/// Folded forms a cited name may match: whole, without particles, last word.
fn cited_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let without_particles: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| PARTICLES.iter().any(|p| w.eq_ignore_ascii_case(p)))
        .collect();
    let mut forms = vec![fold_name(name), fold_name(&without_particles.join(" "))];
    if let Some(last) = words.last() {
        forms.push(fold_name(last));
    }
    forms.retain(|f| !f.is_empty());
    forms.dedup();
    forms
}

/// Whether `cited` (a name as written in the text) names `author` (as written in the list).
/// Han names match when the text's run of characters ends with the author's name
/// ("研究表明张三" names 张三).
pub fn name_matches(cited: &str, author: &str) -> bool {
    NameKey::cited(cited).names(&NameKey::author(author))
}

/// A name prepared for matching once: as written, and its folded forms.
#[derive(Debug, Clone)]
pub struct NameKey {
    /// The name as cited, or a list author's family name.
    text: String,
    han: bool,
    forms: Vec<String>,
}

impl NameKey {
    /// A name as the text writes it ("Smith", "van Dooremalen", "研究显示张三").
    pub fn cited(name: &str) -> NameKey {
        NameKey {
            text: name.to_owned(),
            han: name.chars().any(is_han),
            forms: cited_forms(name),
        }
    }

    /// A list author ("Gyöngyösi M"), by family name.
    pub fn author(author: &str) -> NameKey {
        NameKey::cited(surname(author))
    }

    /// Whether this cited name names `author` (a key made by [`NameKey::author`]).
    pub fn names(&self, author: &NameKey) -> bool {
        if author.han || self.han {
            let family = author.text.as_str();
            let cited = self.text.trim_end_matches(['等', '人']);
            return !family.is_empty()
                && (cited.ends_with(family)
                    || family.starts_with(cited) && cited.chars().count() >= 2);
        }
        self.forms.iter().any(|c| author.forms.contains(c))
    }
}

/// The outcome of linking one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Resolved(String),
    Ambiguous(Vec<String>),
    Unresolved,
}

/// Links author–year items to one document's references, preparing each name once.
pub struct Linker<'r> {
    references: &'r [Reference],
    first_authors: Vec<Option<NameKey>>,
    cited: FastMap<String, NameKey>,
}

impl<'r> Linker<'r> {
    pub fn new(references: &'r [Reference]) -> Self {
        Linker {
            references,
            first_authors: references
                .iter()
                .map(|r| r.authors.first().map(|a| NameKey::author(a)))
                .collect(),
            cited: FastMap::default(),
        }
    }

    fn remember(&mut self, name: &str) {
        if !self.cited.contains_key(name) {
            self.cited.insert(name.to_owned(), NameKey::cited(name));
        }
    }

    /// Links `item` by first author (and second, for two-author forms), year and suffix.
    pub fn link(&mut self, item: &Item) -> Link {
        self.remember(&item.first);
        if let Some(second) = &item.second {
            self.remember(second);
        }
        let first = &self.cited[&item.first];
        let second = item.second.as_ref().map(|name| &self.cited[name]);
        let candidates: Vec<&Reference> = self
            .references
            .iter()
            .zip(&self.first_authors)
            .filter(|(r, _)| r.year == Some(item.year))
            .filter(|(_, key)| key.as_ref().is_some_and(|key| first.names(key)))
            .filter(|(r, _)| {
                second.is_none_or(|second| {
                    r.authors
                        .iter()
                        .skip(1)
                        .any(|a| second.names(&NameKey::author(a)))
                })
            })
            .map(|(r, _)| r)
            .collect();
        choose(item, &candidates)
    }
}

/// The link among the references that match an item's names and year.
fn choose(item: &Item, candidates: &[&Reference]) -> Link {
    match (candidates.len(), item.suffix) {
        (0, _) => Link::Unresolved,
        (1, _) => Link::Resolved(candidates[0].label.clone()),
        (_, Some(suffix)) => {
            // 2020a is the first of the same-name, same-year works in list order.
            let index = (suffix as u8 - b'a') as usize;
            candidates
                .iter()
                .find(|r| {
                    r.label.ends_with(suffix)
                        && r.label
                            .chars()
                            .rev()
                            .nth(1)
                            .is_some_and(|c| c.is_ascii_digit())
                })
                .or_else(|| candidates.get(index))
                .map_or(Link::Unresolved, |r| Link::Resolved(r.label.clone()))
        }
        (_, None) => Link::Ambiguous(candidates.iter().map(|r| r.label.clone()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrative_citations_are_what_the_whole_region_regex_finds() {
        let pieces: Vec<&str> = "Smith| et al. |et al.|van |De |Müller|O’Brien|Li|Jones|张三|王小明|等|等人| and | & | and colleagues |(|)|（|）| |\n|2020|1999a|(2020)|（2019）|, p. 3|, pp. 12–14|, |，|。|; |x|7|the |Smith (|Wang 等（"
            .split('|')
            .collect();
        let mut texts = crate::text::generated_strings(&pieces, 30_000, 14, 0x4a_7e11);
        // Whole narrative citations, up to the five words before the bracket.
        texts.extend(crate::text::generated_shapes(
            &[
                &["", "As shown by ", "x, ", "Earlier work by  ", "研究显示"],
                &["", "", "van ", "De "],
                &["Smith", "Müller", "Dijk", "Li", "张三", "smith"],
                &[
                    "",
                    " et al. ",
                    " and ",
                    " & ",
                    " and colleagues ",
                    "等",
                    "等人",
                    "  and   ",
                ],
                &["", "", "de ", "van "],
                &["", "Vries", "Jones", "O’Brien", "王五"],
                &["", " ", "\n"],
                &["(", "（", "["],
                &[
                    "2020",
                    "1999a",
                    "2021, pp. 3–4",
                    "2020, p. 12",
                    "2020 x",
                    "20",
                ],
                &[")", "）", "", ") (2021)", " (2019)"],
            ],
            20_000,
            0x5_0a1,
        ));
        use crate::text::thread_regex::{GroupSpans, automata_group_spans, regex_group_spans};
        let whole_region = Regex::new(&narrative_pattern()).expect("pattern compiles");
        let mut matches = 0;
        for text in &texts {
            let expected = regex_group_spans(&whole_region, text);
            let mut found: GroupSpans = Vec::new();
            narrative_citations(text, |c| {
                found.push(automata_group_spans(c));
                true
            });
            assert_eq!(found, expected, "{text:?}");
            matches += expected.len();
        }
        assert!(matches > 2_000, "{matches}");
    }

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
        let names = crate::text::thread_regex::assert_short_text_agrees(&named_pattern(), &texts);
        // Enough of the strings match for the comparison to mean something.
        assert!(items > 300 && names > 2_000, "{items} items, {names} names");
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

    #[test]
    fn author_cues_are_what_one_automaton_over_every_cue_finds() {
        let automaton = aho_corasick::AhoCorasick::new([
            "et al",
            "等",
            "colleagues",
            "co-workers",
            "coworkers",
            "(19",
            "(20",
            "（19",
            "（20",
        ])
        .unwrap();
        let pieces: Vec<&str> =
            "et al|et| al|等|等人|colleagues|co|co-|-|workers|coworkers|(|（|19|20|(19|（20|x| |é|Smith "
                .split('|')
                .collect();
        let mut found = 0;
        for text in crate::text::generated_strings(&pieces, 10_000, 12, 0xa17_c0e5) {
            let expected: Vec<(usize, usize)> = automaton
                .find_iter(&text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(author_cues(&text), expected, "{text:?}");
            found += expected.len();
        }
        assert!(found > 10_000, "only {found} cues");
    }

    fn items(text: &str) -> Vec<(String, Option<String>, u16, Option<char>)> {
        markers(text, Span::new(0, text.len()))
            .into_iter()
            .flat_map(|m| m.items)
            .map(|i| (i.first, i.second, i.year, i.suffix))
            .collect()
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

    #[test]
    fn names_fold_case_diacritics_and_particles() {
        assert!(name_matches("Gyongyosi", "Gyöngyösi M"));
        assert!(name_matches("Le Blanc", "LE BLANC K"));
        assert!(name_matches("Thery", "Théry C"));
        assert!(name_matches("van Dooremalen", "van Dooremalen SFJ"));
        assert!(name_matches("研究显示张三", "张三"));
        assert!(!name_matches("Smith", "Smithson A"));
    }

    #[test]
    fn named_authors_need_author_position() {
        let names: Vec<String> = named_authors("Tjalsma等人首先定义了分泌组，Hare and colleagues (2012) showed it, unlike Alzheimer's disease and Parkinson's disease.", 0)
            .into_iter()
            .map(|n| n.first)
            .collect();
        assert_eq!(names, ["Tjalsma", "Hare"]);
    }
}
