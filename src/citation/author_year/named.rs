//! Names in author position next to a numbered citation ("Smith et al. [3]", "Tjalsma等人
//! ⁽⁵⁾", "Hare and colleagues (2012) [7]"), for the attribution rules: found around their
//! cues (et al., 等, colleagues, a bracketed year), each in a short window.

use std::sync::LazyLock;

use aho_corasick::packed;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, meta};

use crate::source::Span;
use crate::text::compile_ahead::Compile;
use crate::text::fold::reading_text;
use crate::text::thread_regex::{ThreadRegex, ascii_spans_text};
use crate::text::{Literal, is_han, name_letters};

use super::{HAN_NAME, LATIN_NAME, YEAR, YEAR_BRACKETS, group, parse_year, short, short_ascii};
use crate::text::white_space::FastTrim;

/// A name in author position without a year: `Smith et al.`, `Tjalsma等人`,
/// `Hare and colleagues`, optionally followed by `(2012)`.
static NAMED: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short(&named_pattern()));
/// [`NAMED`] for a window in ASCII, as most are.
static ASCII_NAMED: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short_ascii(&named_pattern()));
/// [`ASCII_NAMED`] asked only where its matches are: a window holds a match for each
/// capitalised word, and the bounded backtracker, reading every match's groups, cost
/// about 9,000 instructions a window.
static ASCII_NAMED_SPANS: ThreadRegex<meta::Regex> =
    ThreadRegex::new(|| ascii_spans_text(&named_pattern()).expect("author-year regex compiles"));

/// The patterns [`named_authors`] searches with, for the helper to compile ahead (see
/// [`crate::text::compile_ahead`]); `NAMED` only for a text beyond ASCII.
pub fn named_patterns(ascii: bool) -> &'static [Compile] {
    if ascii {
        &[|| ASCII_NAMED_SPANS.compile(), || ASCII_NAMED.compile()]
    } else {
        &[
            || ASCII_NAMED_SPANS.compile(),
            || ASCII_NAMED.compile(),
            || NAMED.compile(),
        ]
    }
}

pub(super) fn named_pattern() -> String {
    name_letters(&format!(
        r"(?P<first>{LATIN_NAME}|{HAN_NAME})(?:\s*(?P<etal>et\s+al\.?|等人|等|and\s+colleagues|and\s+co-?workers)|\s+(?:&|and)\s+(?P<second>{LATIN_NAME}))?(?:\s*[(（](?P<year>{YEAR})[)）])?"
    ))
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
/// The words are found by one packed (SIMD) search for all four, or, where the processor
/// has no such search, by a `memmem` search for each; the bracketed years by a small
/// automaton: together about three times faster than one automaton over every cue, which
/// common English trigrams ("et ", "co") keep stepping. No two cues can overlap, so the
/// union, by start, is what that automaton found.
fn author_cues(sentence: &str) -> Vec<(usize, usize)> {
    static PACKED: LazyLock<Option<packed::Searcher>> =
        LazyLock::new(|| packed::Searcher::new(AUTHOR_WORDS));
    author_cues_with(sentence, PACKED.as_ref())
}

/// The words that end a name in author position; "workers" counts after "co" or "co-".
const AUTHOR_WORDS: [&str; 4] = ["et al", "等", "colleagues", "workers"];

/// [`author_cues`], with the packed search when there is one.
fn author_cues_with(sentence: &str, packed: Option<&packed::Searcher>) -> Vec<(usize, usize)> {
    static LITERALS: [Literal; 4] = [
        Literal::new(AUTHOR_WORDS[0]),
        Literal::new(AUTHOR_WORDS[1]),
        Literal::new(AUTHOR_WORDS[2]),
        Literal::new(AUTHOR_WORDS[3]),
    ];
    let mut cues: Vec<(usize, usize)> = Vec::new();
    let mut push = |word: usize, start: usize| {
        let end = start + AUTHOR_WORDS[word].len();
        if word != 3 {
            cues.push((start, end));
        } else if sentence[..start].ends_with("co-") {
            cues.push((start - 3, end));
        } else if sentence[..start].ends_with("co") {
            cues.push((start - 2, end));
        }
    };
    match packed {
        Some(searcher) => {
            for m in searcher.find_iter(sentence) {
                push(m.pattern().as_usize(), m.start());
            }
        }
        None => {
            for (word, literal) in LITERALS.iter().enumerate() {
                for start in literal.find_iter(sentence) {
                    push(word, start);
                }
            }
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
    // The groups of the match that reaches each cue, in one set for the sentence's cues.
    let mut ascii_caps: Option<Captures> = None;
    for at in cue_windows(sentence, base) {
        let window = at.text();
        if window.is_ascii() {
            // Of the window's matches, at most one reaches the cue (they do not overlap):
            // a lazy DFA finds where each is, and only that one has its groups read.
            let (cue_start, cue_end) = (at.cue.0 - at.start, at.cue.1 - at.start);
            let Some(reaching) = ASCII_NAMED_SPANS
                .find_iter(window)
                .take_while(|m| m.start() < cue_start)
                .find(|m| m.end() >= cue_end)
            else {
                continue;
            };
            let input = Input::new(window)
                .range(reaching.start()..)
                .anchored(Anchored::Yes);
            let caps = ascii_caps.get_or_insert_with(|| ASCII_NAMED.create_captures());
            ASCII_NAMED.search_captures(&input, caps);
            at.read(caps, &mut found);
        } else {
            for caps in NAMED.captures_iter(window) {
                at.read(&caps, &mut found);
            }
        }
    }
    found
}

/// The window around each cue of `sentence` where a name may be (a plain 等 has none).
fn cue_windows(sentence: &str, base: usize) -> impl Iterator<Item = Window<'_>> {
    author_cues(sentence)
        .into_iter()
        .filter(move |&(cue_start, cue_end)| !is_plain_deng(sentence, cue_start, cue_end))
        .map(move |(cue_start, cue_end)| Window {
            sentence,
            start: sentence.ceil_char_boundary(cue_start.saturating_sub(NAME_WINDOW)),
            end: sentence.ceil_char_boundary(cue_end + 12),
            cue: (cue_start, cue_end),
            base,
        })
}

/// A window around a cue, in its sentence: where the window starts and ends, the cue's
/// span, and where the sentence starts in the text (`base`).
struct Window<'s> {
    sentence: &'s str,
    start: usize,
    end: usize,
    cue: (usize, usize),
    base: usize,
}

impl Window<'_> {
    /// The window's text.
    fn text(&self) -> &str {
        &self.sentence[self.start..self.end]
    }

    /// Adds the name matched by `caps` (a match of [`NAMED`] in this window) to `found`
    /// when it is in author position, reaches the cue and overlaps no name found before.
    fn read(&self, caps: &Captures, found: &mut Vec<NamedAuthor>) {
        let Window {
            sentence,
            start,
            cue: (cue_start, cue_end),
            base,
            ..
        } = *self;
        let window = self.text();
        let Some(whole) = caps.get_match() else {
            return;
        };
        let Some(first) = group(caps, window, "first") else {
            return;
        };
        let etal = group(caps, window, "etal");
        let year = group(caps, window, "year");
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
            return;
        }
        // "Smith-Jones": the name starts at the word before the hyphen. (The first
        // name opens the match.)
        let matched_from = start + whole.start();
        let name_start = matched_from - joined_name_prefix(&sentence[..matched_from]).len();
        let first = &sentence[name_start..matched_from + first.len()];
        let span = Span::new(base + name_start, base + start + whole.end());
        if found
            .iter()
            .any(|f| f.span.start < span.end && span.start < f.span.end)
        {
            return;
        }
        found.push(NamedAuthor {
            first: reading_text(first),
            second: group(caps, window, "second").map(reading_text),
            year: year.and_then(parse_year).map(|(y, _)| y),
            span,
            text: reading_text(&sentence[name_start..start + whole.end()]),
        });
    }
}

/// The part of a double-barrelled surname that `before` ends with when the name regex
/// found only what follows its hyphen: "Smith-" of "Smith-Jones" (the regex, leftmost
/// first, takes "Smith-" as a name of its own and "Jones et al." as the one at the cue).
fn joined_name_prefix(before: &str) -> &str {
    let Some(head) = before.strip_suffix('-') else {
        return "";
    };
    let word = head.trim_end_matches(char::is_alphabetic);
    let prefix = &before[word.len()..];
    let opens_with_capital = prefix.chars().next().is_some_and(char::is_uppercase);
    let word_apart = word
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    if opens_with_capital && word_apart {
        prefix
    } else {
        ""
    }
}

/// 等 after a Han word with neither 人 nor a bracketed year after it ("皮肤疾病等"): a Han
/// name before it would be no author (see `named_authors`), and only a Han name can end
/// at a Han character, so the window needs no regex.
fn is_plain_deng(sentence: &str, start: usize, end: usize) -> bool {
    if &sentence[start..end] != "等" {
        return false;
    }
    let after_han = sentence[..start]
        .fast_trim_end()
        .chars()
        .next_back()
        .is_some_and(is_han);
    let after = &sentence[end..];
    after_han && !after.starts_with('人') && !after.fast_trim_start().starts_with(['(', '（'])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`named_authors`] as it was: every match in each window has its groups read.
    fn named_authors_reading_every_match(sentence: &str, base: usize) -> Vec<NamedAuthor> {
        let mut found = Vec::new();
        for at in cue_windows(sentence, base) {
            let named = super::super::for_text(at.text(), &ASCII_NAMED, &NAMED);
            for caps in named.captures_iter(at.text()) {
                at.read(&caps, &mut found);
            }
        }
        found
    }

    #[test]
    fn only_the_match_reaching_the_cue_is_read_as_every_match_was() {
        let pieces: Vec<&str> = "Smith|Smith-Jones|O'Brien|van |de |Le |McDonald|Lee|Hare|In |The |A | |  |, |. |-|et al|et al.| et al. | and | & |colleagues| and colleagues |co-workers|coworkers|(2012)|(2019a)| (2020) |（2021）|[3]|¹|Tjalsma|等|等人|张三|研究|x|é|Müller|2012|(|)"
            .split('|')
            .collect();
        let mut names = 0;
        for text in crate::text::generated_strings(&pieces, 20_000, 14, 0x05ee_da11) {
            let expected = named_authors_reading_every_match(&text, 7);
            assert_eq!(named_authors(&text, 7), expected, "{text:?}");
            names += expected.len();
        }
        assert!(names > 5_000, "only {names} names");
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
            assert_eq!(author_cues_with(&text, None), expected, "{text:?}");
            found += expected.len();
        }
        assert!(found > 10_000, "only {found} cues");
    }

    #[test]
    fn named_authors_need_author_position() {
        let names: Vec<String> = named_authors("Tjalsma等人首先定义了分泌组，Hare and colleagues (2012) showed it, unlike Alzheimer's disease and Parkinson's disease.", 0)
            .into_iter()
            .map(|n| n.first)
            .collect();
        assert_eq!(names, ["Tjalsma", "Hare"]);
    }

    #[test]
    fn hyphenated_and_apostrophe_surnames_are_named_whole() {
        let names: Vec<String> = named_authors(
            "Smith-Jones et al. [2] and O'Brien et al. [3] agree, as do D’Amico and colleagues [4] and re-Lee et al. [5].",
            0,
        )
        .into_iter()
        .map(|n| n.first)
        .collect();
        assert_eq!(names, ["Smith-Jones", "O'Brien", "D’Amico", "Lee"]);
    }
}
