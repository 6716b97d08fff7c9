//! Numeric citation markers: `[1]`, `[1,2]`, `[1-3]`, `[4]15-17` (GB/T page suffix),
//! `⁽¹²⁾`, `^(7,8)`, `^7`, `¹²`. Ranges are expanded. Bare superscripts are accepted only
//! when they are the document's majority style, so isotopes, units, affiliations and
//! footnote marks are not taken for citations.

use std::ops::Range;

use regex_automata::{Anchored, Input, meta};

use crate::source::Span;
use crate::text::superscript_digit;
use crate::text::thread_regex::ThreadRegex;

/// How a marker is written; families decide which candidates count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkerStyle {
    /// `[1]`, `[1-3]`
    Bracket,
    /// `⁽¹⁾`, `^(7,8)`
    SuperscriptParen,
    /// `¹²`, `^7`, `^{1,2}`
    SuperscriptBare,
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
    out
}

/// Keeps the document's citation style: bracketed and parenthesised-superscript markers are
/// unambiguous; bare superscripts count only when they outnumber both.
pub fn select_majority(candidates: Vec<NumericMarker>) -> Vec<NumericMarker> {
    let bare = candidates
        .iter()
        .filter(|m| m.style == MarkerStyle::SuperscriptBare)
        .count();
    let strong = candidates.len() - bare;
    let keep_bare = bare > strong;
    candidates
        .into_iter()
        .filter(|m| {
            if keep_bare {
                m.style == MarkerStyle::SuperscriptBare
            } else {
                m.style != MarkerStyle::SuperscriptBare
            }
        })
        .collect()
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
        (MarkerStyle::Bracket, inner.trim().to_owned())
    } else if let Some(rest) = marker.strip_prefix('⁽') {
        (
            MarkerStyle::SuperscriptParen,
            unsuperscript(rest.trim_end_matches('⁾')),
        )
    } else if let Some(rest) = marker.strip_prefix("^(") {
        (
            MarkerStyle::SuperscriptParen,
            rest.trim_end_matches(')').trim().to_owned(),
        )
    } else if let Some(rest) = marker.strip_prefix("^{") {
        (
            MarkerStyle::SuperscriptBare,
            rest.trim_end_matches('}').trim().to_owned(),
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
            .filter_map(|n| n.trim().parse().ok())
            .collect();
        match bounds.as_slice() {
            [single] => out.push(*single),
            [from, to] if from <= to && to - from <= MAX_RANGE => out.extend(*from..=*to),
            [from, to] => out.extend([*from, *to]),
            _ => {}
        }
    }
    out.retain(|n| *n > 0);
    let mut seen = crate::hashing::FastSet::default();
    out.retain(|n| seen.insert(*n));
    out
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
        MarkerStyle::SuperscriptParen => true,
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
        select_majority(candidates(text, Span::new(0, text.len()), false))
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
    fn marker_at_start() {
        assert_eq!(marker_len_at("[3] next"), Some(3));
        assert_eq!(marker_len_at("⁽²⁸⁾。"), Some("⁽²⁸⁾".len()));
        assert_eq!(marker_len_at("text"), None);
    }
}
