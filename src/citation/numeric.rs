//! Numeric citation markers: `[1]`, `[1,2]`, `[1-3]`, `[4]15-17` (GB/T page suffix),
//! `⁽¹²⁾`, `^(7,8)`, `^7`, `¹²`, and `(1)`, `(2, 3)`, `(10–12)`. Ranges are expanded. Bare
//! superscripts are accepted only when they are the document's majority style, so isotopes,
//! units, affiliations and footnote marks are not taken for citations; numbers in round
//! brackets only when they are its style and cite the numbered list in order of first
//! citation, so scales, counts and enumerations are not either.

use std::ops::Range;

use regex_automata::{Anchored, Input, meta};

use crate::source::Span;
use crate::text::superscript_digit;
use crate::text::thread_regex::ThreadRegex;
use crate::text::white_space::FastTrim;

/// How a marker is written; families decide which candidates count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerStyle {
    /// `[1]`, `[1-3]`
    Bracket,
    /// `⁽¹⁾`, `^(7,8)`
    SuperscriptParen,
    /// `¹²`, `^7`, `^{1,2}`
    SuperscriptBare,
    /// `(1)`, `(2, 3)`, `(10–12)`
    Paren,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumericMarker {
    pub span: Span,
    pub style: MarkerStyle,
    pub numbers: Vec<u32>,
}

const SUP: &str = "[⁰¹²³⁴⁵⁶⁷⁸⁹]";
const MAX_RANGE: u32 = 200;

/// A numeric marker. Searched anchored, only where a marker can start ([`MarkerStarts`]):
/// the regex's own prefilter, an automaton over the dozen characters a marker opens with,
/// took longer than the rest of the search on text with few markers.
static MARKER: ThreadRegex<meta::Regex> =
    ThreadRegex::new(|| meta::Regex::new(&marker_pattern()).expect("marker regex compiles"));

/// Compiles `MARKER`, ahead of the search (see [`crate::text::compile_ahead`]).
pub fn compile_patterns() {
    MARKER.compile();
}

/// [`MARKER`]'s pattern; its groups name the parts of each alternative.
fn marker_pattern() -> String {
    let list = r"[0-9]{1,4}(?:\s*[-–—~,，、]\s*[0-9]{1,4})*";
    let sup_list = format!("{SUP}+(?:[⁻˗,，]{SUP}+)*");
    format!(
        r"(?x)
        (?P<bracket>\[\s*(?P<bl>{list})\s*\](?P<page>[0-9]{{1,5}}(?:[-–][0-9]{{1,5}})?)?)
        | (?P<superparen>⁽(?P<spl>{sup_list})⁾)
        | (?P<caretparen>\^\(\s*(?P<cpl>{list})\s*\))
        | (?P<caretbrace>\^\{{\s*(?P<cbl>{list})\s*\}})
        | (?P<caret>\^(?P<cl>[0-9]{{1,4}}(?:[-–,][0-9]{{1,4}})*))
        | (?P<bare>{sup_list})
        "
    )
}

/// Every candidate marker in `text[span]`, before style selection. Numbers of four digits
/// ("`[1024]`") are read only when `four_digits` (the reference list runs past 999); otherwise
/// such a bracket is most likely a year ("`[2001]`") and is no candidate.
pub fn candidates(text: &str, span: Span, four_digits: bool) -> Vec<NumericMarker> {
    let region = &text[span.start..span.end];
    let mut out = Vec::new();
    // The marker's first characters tell its alternative, so the match alone suffices
    // (no capture groups to resolve).
    for whole in markers(region) {
        if out.len() > super::MAX_CITATIONS {
            break;
        }
        let marker = &region[whole.clone()];
        let (style, list) = split_marker(marker);
        if !plausible_context(region, whole.start, whole.end, style) {
            continue;
        }
        // (Superscript markers always read every digit, as before.)
        let ascii_four_digits = || {
            marker.starts_with(['[', '^'])
                && list
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|number| number.len() >= 4)
        };
        if !four_digits && ascii_four_digits() {
            continue;
        }
        let numbers = expand_list(&list);
        if numbers.is_empty() {
            continue;
        }
        out.push(NumericMarker {
            span: Span::new(span.start + whole.start, span.start + whole.end),
            style,
            numbers,
        });
    }
    let bracketed = out.len();
    for whole in paren_markers(region) {
        if out.len() > super::MAX_CITATIONS {
            break;
        }
        let list = &region[whole.start + 1..whole.end - 1];
        let numbers = expand_list(list);
        if numbers.is_empty() {
            continue;
        }
        out.push(NumericMarker {
            span: Span::new(span.start + whole.start, span.start + whole.end),
            style: MarkerStyle::Paren,
            numbers,
        });
    }
    if out.len() > bracketed && bracketed > 0 {
        out.sort_by_key(|m| m.span.start);
    }
    out
}

/// The most digits of a number in a round-bracket marker: a reference list runs to 999.
const PAREN_DIGITS: usize = 3;

/// Words after which a number in round brackets is no citation: "equation (3)", "Table
/// (2)". ("A porcine model (5)" is one.)
const PAREN_NOT_AFTER: [&str; 8] = [
    "equation", "eq.", "eqs.", "formula", "table", "figure", "fig.", "appendix",
];

/// Words after which a range in round brackets is a range of values, not of references:
/// "rated on a scale (1-5)", "a score (1–10)", "aged (18–30)". A single number after them
/// may still cite ("the Hamilton rating scale (14)").
const PAREN_RANGE_NOT_AFTER: [&str; 16] = [
    "scale", "scales", "score", "scores", "rated", "rating", "range", "ranging", "ranged", "grade",
    "grades", "points", "aged", "age", "ages", "between",
];

/// Every run of numbers in round brackets in `text` that may be a citation: "(1)",
/// "(2, 3)", "(10–12)", each number of at most [`PAREN_DIGITS`] digits; not after a letter,
/// a digit or a word such as "equation" ([`PAREN_NOT_AFTER`]), not a range after a word
/// such as "scale" ([`PAREN_RANGE_NOT_AFTER`]), not before a letter or a digit, and not an
/// enumeration: opening a line after a sentence's end, one number after a colon, comma or
/// semicolon with a word straight after it ("aims: (1) to assess …, (2) to test …"), or
/// one of consecutive numbers that each head an item ("were (1) older and (2) sicker").
fn paren_markers(text: &str) -> Vec<Range<usize>> {
    // Enumerations are told among all the runs, the implausible ones too: "questions: (1)
    // does it work, and (2) is it safe?" has its first item after a colon.
    let found: Vec<Range<usize>> = memchr::memchr_iter(b'(', text.as_bytes())
        .filter_map(|at| paren_marker_at(text, at).map(|end| at..end))
        .collect();
    let heads: Vec<Option<u32>> = found.iter().map(|whole| item_head(text, whole)).collect();
    let follows = |earlier: usize, later: usize| {
        heads[earlier].is_some_and(|k| heads[later] == Some(k + 1))
            && found[later].start - found[earlier].end <= ENUMERATION_REACH
    };
    found
        .iter()
        .enumerate()
        .filter(|&(i, _)| {
            heads[i].is_none()
                || !((i > 0 && follows(i - 1, i)) || (i + 1 < found.len() && follows(i, i + 1)))
        })
        .map(|(_, whole)| whole.clone())
        .filter(|whole| paren_plausible(text, whole.clone()))
        .collect()
}

/// How far apart two items of one enumeration stand at most, in bytes.
const ENUMERATION_REACH: usize = 300;

/// The number of a marker that may head an enumerated item: one number with a space and
/// a letter straight after it ("(2) sicker").
fn item_head(text: &str, whole: &Range<usize>) -> Option<u32> {
    let after = &text[whole.end..];
    let word_after = after.strip_prefix(' ')?.starts_with(char::is_alphabetic);
    let inner = text[whole.start + 1..whole.end - 1].fast_trim();
    word_after.then(|| inner.parse().ok()).flatten()
}

/// The end of the run of numbers in round brackets that opens at byte `at` of `text`.
fn paren_marker_at(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    let skip_spaces = |i: &mut usize| {
        while bytes.get(*i) == Some(&b' ') {
            *i += 1;
        }
    };
    let number = |i: &mut usize| {
        // No entry is numbered 0 or "04": "(0–10)" is a scale, "(04)" an issue.
        let from = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) && *i - from < PAREN_DIGITS + 1 {
            *i += 1;
        }
        (1..=PAREN_DIGITS).contains(&(*i - from)) && bytes[from] != b'0'
    };
    skip_spaces(&mut i);
    if !number(&mut i) {
        return None;
    }
    loop {
        skip_spaces(&mut i);
        match bytes.get(i)? {
            b')' => return Some(i + 1),
            b',' | b'-' => i += 1,
            // '–' and '—': E2 80 93 and E2 80 94.
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0x93 | 0x94)) =>
            {
                i += 3
            }
            _ => return None,
        }
        skip_spaces(&mut i);
        if !number(&mut i) {
            return None;
        }
    }
}

/// Whether the numbers in round brackets at `whole` of `text` stand where a citation
/// does (see [`paren_markers`]).
fn paren_plausible(text: &str, whole: Range<usize>) -> bool {
    let before_text = &text[..whole.start];
    let after_text = &text[whole.end..];
    let before = before_text.chars().next_back();
    let after = after_text.chars().next();
    if before.is_some_and(|c| {
        c.is_alphanumeric() && !crate::text::is_han(c) || "([{/-=+<>×*^".contains(c)
    }) || after.is_some_and(|c| c.is_alphanumeric() && !crate::text::is_han(c))
    {
        return false;
    }
    // A marker opening its line continues the line before, unless that line ends a
    // sentence or a paragraph: then it opens a list item ("(1) Patients …").
    let mut lines_before = before_text.rsplit('\n');
    let mut on_line_before = lines_before.next().unwrap_or(before_text).fast_trim();
    if on_line_before.is_empty() {
        on_line_before = lines_before.next().unwrap_or("").fast_trim();
        if on_line_before.is_empty()
            || on_line_before.ends_with(['.', ':', ';', '!', '?', '。', '：', '；', '！', '？'])
        {
            return false;
        }
    }
    let previous_word = on_line_before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if PAREN_NOT_AFTER.contains(&previous_word.as_str()) {
        return false;
    }
    let marker = &text[whole.clone()];
    let one_range = marker.contains(['-', '–', '—']) && !marker.contains(',');
    if one_range && PAREN_RANGE_NOT_AFTER.contains(&previous_word.as_str()) {
        return false;
    }
    let one_number = marker
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'(' || b == b')' || b == b' ');
    let word_after = after_text
        .trim_start_matches(' ')
        .starts_with(char::is_alphabetic);
    let after_list_mark = on_line_before.ends_with([':', ';', ',', '：', '；', '，']);
    !(one_number && word_after && after_list_mark)
}

/// Keeps the document's citation style: bracketed and parenthesised-superscript markers are
/// unambiguous; bare superscripts count only when they outnumber both. Numbers in round
/// brackets count only when they outnumber every other style and read as citations of a
/// numbered list of `listed` entries (`cite_in_order`); then those with a number past
/// the list's end, but for one just past it ("(31)" for a list of 30), are dropped as no
/// citation ("aged (18–65)").
pub fn select_majority(candidates: Vec<NumericMarker>, listed: u32) -> Vec<NumericMarker> {
    let count = |style| candidates.iter().filter(|m| m.style == style).count();
    let (bare, paren) = (
        count(MarkerStyle::SuperscriptBare),
        count(MarkerStyle::Paren),
    );
    let strong = candidates.len() - bare - paren;
    let keep_paren = paren > strong
        && paren > bare
        && cite_in_order(
            candidates.iter().filter(|m| m.style == MarkerStyle::Paren),
            listed,
        );
    let keep_bare = !keep_paren && bare > strong;
    candidates
        .into_iter()
        .filter(|m| match m.style {
            MarkerStyle::Paren => keep_paren && m.numbers.iter().all(|&n| n <= listed + 2),
            MarkerStyle::SuperscriptBare => keep_bare,
            _ => !keep_bare,
        })
        .collect()
}

/// The fewest markers, and the fewest different numbers, that make numbers in round
/// brackets a document's citation style.
const PAREN_MIN: usize = 3;

/// Whether `markers` read as the citations of a numbered list of `listed` entries in
/// order of first citation, as Vancouver numbers them: four in five cite entries of the
/// list (or one just past its end, which ST001 reports), and four in five markers that
/// cite entries for the first time cite none more than two past the highest cited in order
/// before ("(1)", "(2, 3)", "(4–6)", "(2)", "(7)"). Counts, ranges and years out of order
/// fail.
fn cite_in_order<'a>(markers: impl Iterator<Item = &'a NumericMarker>, listed: u32) -> bool {
    let mut seen = crate::hashing::FastSet::default();
    let (mut total, mut in_list, mut new, mut in_order) = (0usize, 0usize, 0usize, 0usize);
    let mut highest = 0;
    for marker in markers {
        total += 1;
        in_list += usize::from(marker.numbers.iter().all(|&n| n <= listed + 2));
        // A marker citing entries for the first time: "(18–65)" after "(3)" is out of
        // order however its range runs on.
        let first_cited: Vec<u32> = marker
            .numbers
            .iter()
            .copied()
            .filter(|&n| seen.insert(n))
            .collect();
        if let (Some(&lowest), Some(&top)) = (first_cited.iter().min(), first_cited.iter().max()) {
            new += 1;
            // A marker out of order moves the order on no further.
            if lowest <= highest + 2 {
                in_order += 1;
                highest = highest.max(top);
            }
        }
    }
    total >= PAREN_MIN && new >= PAREN_MIN && in_list * 10 >= total * 8 && in_order * 10 >= new * 8
}

/// The byte length of a marker that starts exactly at the beginning of `text`.
pub fn marker_len_at(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    if !matches!(first, '[' | '⁽' | '^') && superscript_digit(first).is_none() {
        return None;
    }
    marker_at(text, 0).map(|m| m.end)
}

/// Every match of [`MARKER`] in `text`, leftmost first, as `find_iter` finds them: a
/// match starts where a marker can, so the leftmost one is the first such place where an
/// anchored search matches, and the next is sought after it.
fn markers(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut starts = MarkerStarts::new(text.as_bytes());
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(at) = starts.next_from(from) {
            if let Some(found) = marker_at(text, at) {
                from = found.end;
                return Some(found);
            }
            from = at + 1;
        }
        None
    })
}

/// The match of [`MARKER`] that starts at byte `at` of `text`, if any.
fn marker_at(text: &str, at: usize) -> Option<Range<usize>> {
    let input = Input::new(text).range(at..).anchored(Anchored::Yes);
    MARKER.search(&input).map(|m| m.range())
}

/// The places in a text where a marker can start: `[`, `^`, `⁽` or a superscript digit
/// (`¹²³` are `C2 B9`, `C2 B2`, `C2 B3` in UTF-8; `⁰⁴`–`⁹` and `⁽` are `E2 81 B0`,
/// `E2 81 B4`–`B9` and `E2 81 BD`). Found with `memchr`, the two lead bytes of the
/// superscripts apart, so that a text without `C2` is scanned for it once.
struct MarkerStarts<'a> {
    bytes: &'a [u8],
    /// The next `C2` byte at or after the last place asked for, or the text's length.
    next_c2: Option<usize>,
}

impl<'a> MarkerStarts<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        MarkerStarts {
            bytes,
            next_c2: None,
        }
    }

    /// The first place at or after `from` where a marker can start.
    fn next_from(&mut self, mut from: usize) -> Option<usize> {
        let bytes = self.bytes;
        loop {
            let other = memchr::memchr3(b'[', b'^', 0xE2, bytes.get(from..)?)
                .map_or(bytes.len(), |i| from + i);
            let c2 = match self.next_c2 {
                Some(at) if at >= from => at,
                _ => {
                    let at = memchr::memchr(0xC2, &bytes[from..]).map_or(bytes.len(), |i| from + i);
                    self.next_c2 = Some(at);
                    at
                }
            };
            let at = other.min(c2);
            if at >= bytes.len() {
                return None;
            }
            let opens_marker = match bytes[at] {
                b'[' | b'^' => true,
                0xC2 => matches!(bytes.get(at + 1), Some(0xB2 | 0xB3 | 0xB9)),
                _ => {
                    bytes.get(at + 1) == Some(&0x81)
                        && matches!(bytes.get(at + 2), Some(0xB0 | 0xB4..=0xB9 | 0xBD))
                }
            };
            if opens_marker {
                return Some(at);
            }
            from = at + 1;
        }
    }
}

/// The style and number list of a marker [`MARKER`] matched.
fn split_marker(marker: &str) -> (MarkerStyle, String) {
    if let Some(rest) = marker.strip_prefix('[') {
        // `[1, 2]` and a page suffix after the bracket: `[4]15-17`.
        let inner = &rest[..rest.find(']').unwrap_or(rest.len())];
        (MarkerStyle::Bracket, inner.fast_trim().to_owned())
    } else if let Some(rest) = marker.strip_prefix('⁽') {
        (
            MarkerStyle::SuperscriptParen,
            unsuperscript(rest.trim_end_matches('⁾')),
        )
    } else if let Some(rest) = marker.strip_prefix("^(") {
        (
            MarkerStyle::SuperscriptParen,
            rest.trim_end_matches(')').fast_trim().to_owned(),
        )
    } else if let Some(rest) = marker.strip_prefix("^{") {
        (
            MarkerStyle::SuperscriptBare,
            rest.trim_end_matches('}').fast_trim().to_owned(),
        )
    } else if let Some(rest) = marker.strip_prefix('^') {
        (MarkerStyle::SuperscriptBare, rest.to_owned())
    } else {
        (MarkerStyle::SuperscriptBare, unsuperscript(marker))
    }
}

fn unsuperscript(list: &str) -> String {
    list.chars()
        .map(|c| match c {
            '⁻' | '˗' => '-',
            other => superscript_digit(other).unwrap_or(other),
        })
        .collect()
}

/// "1, 3-5" → [1, 3, 4, 5]. Ranges longer than 200 or reversed keep their ends only.
pub fn expand_list(list: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for part in list.split([',', '，', '、']) {
        let bounds: Vec<u32> = part
            .split(['-', '–', '—', '~'])
            .filter_map(|n| n.fast_trim().parse().ok())
            .collect();
        match bounds.as_slice() {
            [single] => out.push(*single),
            [from, to] if from <= to && to - from <= MAX_RANGE => out.extend(*from..=*to),
            [from, to] => out.extend([*from, *to]),
            _ => {}
        }
    }
    out.retain(|n| *n > 0);
    keep_first_of_each(&mut out);
    out
}

/// Drops every number of `numbers` that an earlier one equals, keeping the order. A
/// marker's list is a handful of numbers, looked through for each; a long range's is kept
/// in a set instead.
fn keep_first_of_each(numbers: &mut Vec<u32>) {
    const LOOKED_THROUGH: usize = 16;
    if numbers.len() <= LOOKED_THROUGH {
        let mut kept = 0;
        for at in 0..numbers.len() {
            let n = numbers[at];
            if !numbers[..kept].contains(&n) {
                numbers[kept] = n;
                kept += 1;
            }
        }
        numbers.truncate(kept);
    } else {
        let mut seen = crate::hashing::FastSet::default();
        numbers.retain(|n| seen.insert(*n));
    }
}

/// Rejects candidates that are links, image labels, exponents, units, isotopes or
/// line-initial affiliation marks.
fn plausible_context(region: &str, start: usize, end: usize, style: MarkerStyle) -> bool {
    let before = region[..start].chars().next_back();
    let after = region[end..].chars().next();
    match style {
        MarkerStyle::Bracket => {
            // Markdown links `[1](url)`, reference definitions `[1]: url`, images `![1]`.
            if after == Some('(') || before == Some('!') {
                return false;
            }
            !(region[end..].starts_with(':') && crate::text::opens_line(&region[..start]))
        }
        MarkerStyle::SuperscriptParen | MarkerStyle::Paren => true,
        MarkerStyle::SuperscriptBare => {
            let Some(before) = before else { return false };
            if in_header_line(region, start) {
                return false;
            }
            if before == '\n' || before.is_ascii_digit() || before.is_whitespace() {
                return false;
            }
            // Isotopes (¹⁴C) and exponent-like uses directly followed by a letter or digit.
            if after.is_some_and(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) {
                return false;
            }
            // Units: m², cm³, mm², km², s⁻¹.
            // The units are at most three letters; four tell a longer word.
            let word: String = region[..start]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .take(4)
                .collect::<String>()
                .chars()
                .rev()
                .collect();
            !matches!(
                word.as_str(),
                "m" | "cm"
                    | "mm"
                    | "km"
                    | "μm"
                    | "µm"
                    | "nm"
                    | "s"
                    | "ft"
                    | "in"
                    | "kg"
                    | "mol"
                    | "L"
                    | "l"
            )
        }
    }
}

/// Author and affiliation lines ("Jane Roe¹ and 王伟²"): short, with no sentence punctuation.
fn in_header_line(region: &str, at: usize) -> bool {
    // Fewer than 100 characters is at most 400 bytes each side of `at`: looking no further
    // keeps a long line of many markers linear.
    const REACH: usize = 400;
    let bytes = region.as_bytes();
    let floor = at.saturating_sub(REACH);
    let line_start = match memchr::memrchr(b'\n', &bytes[floor..at]) {
        Some(p) => floor + p + 1,
        None if floor == 0 => 0,
        None => return false,
    };
    let ceiling = (at + REACH).min(region.len());
    let line_end = match memchr::memchr(b'\n', &bytes[at..ceiling]) {
        Some(p) => at + p,
        None if ceiling == region.len() => ceiling,
        None => return false,
    };
    let line = &region[line_start..line_end];
    line.chars().count() < 100
        && !line.contains(['.', '。', '!', '?', '！', '？'])
        && line.split_whitespace().count() < 14
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short lists looked through and long ones kept in a set drop what a set drops, in
    /// the same order.
    #[test]
    fn each_number_is_kept_once_where_it_first_stands() {
        let mut state = 0x5eed_u32;
        let mut next = |bound: u32| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 16) % bound
        };
        let mut with_repeats = 0;
        for _ in 0..5_000 {
            let len = next(40) as usize;
            let numbers: Vec<u32> = (0..len).map(|_| next(24) + 1).collect();
            let mut seen = std::collections::HashSet::new();
            let expected: Vec<u32> = numbers
                .iter()
                .copied()
                .filter(|n| seen.insert(*n))
                .collect();
            let mut kept = numbers.clone();
            keep_first_of_each(&mut kept);
            assert_eq!(kept, expected, "{numbers:?}");
            with_repeats += usize::from(expected.len() < numbers.len() && len <= 16);
        }
        assert!(
            with_repeats > 500,
            "only {with_repeats} short lists with repeats"
        );
    }

    /// The anchored search at each possible start finds what an unanchored search finds.
    #[test]
    fn markers_are_the_matches_of_an_unanchored_search() {
        let regex = regex::Regex::new(&marker_pattern()).expect("marker pattern compiles");
        let pieces = [
            "[1]",
            "[1,2]",
            "[ 3–5 ]",
            "[4]15-17",
            "[2001]",
            "[",
            "]",
            "^",
            "^7",
            "^(7, 8)",
            "^{1,2}",
            "^x",
            "⁽¹²⁾",
            "⁽",
            "⁾",
            "¹²",
            "²,³",
            "⁴⁻⁹",
            "°C",
            "©",
            "\u{a0}",
            "“",
            "”",
            "—",
            "…",
            "x",
            " ",
            "2",
            ",",
            "临床",
            "试验",
            "[a]",
            "![1]",
            "(",
            ")",
        ];
        let mut matched = 0;
        for text in crate::text::generated_strings(&pieces, 3_000, 11, 7) {
            let expected: Vec<Range<usize>> = regex.find_iter(&text).map(|m| m.range()).collect();
            let found: Vec<Range<usize>> = markers(&text).collect();
            assert_eq!(found, expected, "{text:?}");
            matched += expected.len();
        }
        assert!(matched > 1_000, "only {matched} markers");
    }

    fn numbers(text: &str) -> Vec<Vec<u32>> {
        select_majority(candidates(text, Span::new(0, text.len()), false), 50)
            .into_iter()
            .map(|m| m.numbers)
            .collect()
    }

    #[test]
    fn four_digit_numbers_are_read_only_for_a_list_past_999() {
        let text = "as shown [1001] and in [2001]; also [12, 2020] and in cells¹⁰⁰⁰.";
        let numbers_of = |four_digits| -> Vec<Vec<u32>> {
            candidates(text, Span::new(0, text.len()), four_digits)
                .into_iter()
                .map(|m| m.numbers)
                .collect()
        };
        assert_eq!(numbers_of(false), vec![vec![1000]]);
        assert_eq!(
            numbers_of(true),
            vec![vec![1001], vec![2001], vec![12, 2020], vec![1000]]
        );
    }

    #[test]
    fn bracket_forms_and_ranges() {
        assert_eq!(
            numbers("a [1] b [1,2] c [1-3] d [1–3] e [8-9] f [36-40] g [4]15-17."),
            vec![
                vec![1],
                vec![1, 2],
                vec![1, 2, 3],
                vec![1, 2, 3],
                vec![8, 9],
                (36..=40).collect(),
                vec![4]
            ]
        );
    }

    #[test]
    fn superscript_forms() {
        assert_eq!(
            numbers("功能⁽¹⁾。x⁽¹²⁾ y^(7,8) z⁽¹⁻³⁾"),
            vec![vec![1], vec![12], vec![7, 8], vec![1, 2, 3]]
        );
        assert_eq!(
            numbers("shown¹² and later^7, also fig³."),
            vec![vec![12], vec![7], vec![3]]
        );
        assert!(numbers("Jane Roe¹ and Wang Wei²\n").is_empty());
    }

    #[test]
    fn majority_style_drops_affiliations_units_and_isotopes() {
        assert_eq!(
            numbers("夏巨峰^{1,2}\n¹施普林格 text⁽¹⁾ and⁽²⁾ 5 m² of ¹⁴C"),
            vec![vec![1], vec![2]]
        );
        assert!(numbers("see [1](http://x) and ![2]").is_empty());
    }

    #[test]
    fn numbers_in_round_brackets_cite_in_order_of_first_citation() {
        let text =
            "Exosomes were safe (1). A trial found benefit (2, 3), and another did not (4–6).
Pigs recovered (2). In rats, the effect was larger
(7) than in mice (8-9).";
        assert_eq!(
            numbers(text),
            vec![
                vec![1],
                vec![2, 3],
                vec![4, 5, 6],
                vec![2],
                vec![7],
                vec![8, 9]
            ]
        );
        // A bracketed list is the style when it is there: the rounds are no citations.
        assert_eq!(
            numbers("Safe [1]. Benefit [2] (3). Harm [3] (4) (5)."),
            vec![vec![1], vec![2], vec![3]]
        );
        // Fewer than three such markers, numbers out of order of first citation (scales,
        // counts), or past the list's end make no style.
        assert!(numbers("Safe (1). Benefit (2).").is_empty());
        assert!(
            numbers("Pain fell (0-10 scale (7)), from (9) to (4) in (12) of (30) rats.").is_empty()
        );
        assert!(numbers("Scores (40), (41), (42) and (43).").is_empty());
        let in_list = |text: &str, listed| -> Vec<Vec<u32>> {
            select_majority(candidates(text, Span::new(0, text.len()), false), listed)
                .into_iter()
                .map(|m| m.numbers)
                .collect()
        };
        // One just past a list of three is a citation of a missing entry; a count far
        // past it is none.
        let text = "A (1). B (2). C (3). D (4). E (5). F (6). G (7). H (8). I (9). J (10). K (60).";
        let found = in_list(text, 9);
        assert_eq!(found.len(), 10);
        assert_eq!(found.last(), Some(&vec![10]));
    }

    #[test]
    fn numbers_in_round_brackets_that_are_no_citations() {
        let cited = "A (1). B (2). C (3). D (4). E (5). F (6). G (7). H (8). I (9). J (10).";
        let with = |extra: &str| numbers(&format!("{cited} {extra}"));
        let ten: Vec<Vec<u32>> = (1..=10).map(|n| vec![n]).collect();
        for extra in [
            "as in equation (4).",
            "see Table (4).",
            "f(4) and x (4)y",
            "Figure 2(4) shows it.",
            "The aims were: (11) to assess safety.",
            "Patients were (11) older and (12) sicker.",
            "Two reasons.\n(11) Patients improved.",
            "year (2019) and n (1234).",
            "pain fell (0-10) in all.",
            "issue (04) of it.",
            "adults aged (18-65) took part.",
            "pain was rated on a scale (1-5) daily.",
            "a score (1–10) was given.",
            "doses ranging (2-4) mg.",
        ] {
            assert_eq!(with(extra), ten, "{extra}");
        }
        // A single number after such a word may cite the scale's own paper.
        let mut cites_scale = ten.clone();
        cites_scale.push(vec![4]);
        assert_eq!(with("the Hamilton rating scale (4)."), cites_scale);
        // A list of items opening their lines after a paragraph break is no citation either.
        assert_eq!(
            numbers("Aims:\n(1) safety\n(2) efficacy\n(3) cost\n"),
            Vec::<Vec<u32>>::new()
        );
    }

    #[test]
    fn marker_at_start() {
        assert_eq!(marker_len_at("[3] next"), Some(3));
        assert_eq!(marker_len_at("⁽²⁸⁾。"), Some("⁽²⁸⁾".len()));
        assert_eq!(marker_len_at("text"), None);
    }
}
