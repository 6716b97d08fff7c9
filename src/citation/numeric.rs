//! Numeric citation markers: `[1]`, `[1,2]`, `[1-3]`, `[4]15-17` (GB/T page suffix),
//! `⁽¹²⁾`, `^(7,8)`, `^7`, `¹²`. Ranges are expanded. Bare superscripts are accepted only
//! when they are the document's majority style, so isotopes, units, affiliations and
//! footnote marks are not taken for citations.

use regex::Regex;

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

static MARKER: ThreadRegex = ThreadRegex::new(|| {
    let list = r"[0-9]{1,4}(?:\s*[-–—~,，、]\s*[0-9]{1,4})*";
    let sup_list = format!("{SUP}+(?:[⁻˗,，]{SUP}+)*");
    Regex::new(&format!(
        r"(?x)
        (?P<bracket>\[\s*(?P<bl>{list})\s*\](?P<page>[0-9]{{1,5}}(?:[-–][0-9]{{1,5}})?)?)
        | (?P<superparen>⁽(?P<spl>{sup_list})⁾)
        | (?P<caretparen>\^\(\s*(?P<cpl>{list})\s*\))
        | (?P<caretbrace>\^\{{\s*(?P<cbl>{list})\s*\}})
        | (?P<caret>\^(?P<cl>[0-9]{{1,4}}(?:[-–,][0-9]{{1,4}})*))
        | (?P<bare>{sup_list})
        "
    ))
    .expect("marker regex compiles")
});

/// Every candidate marker in `text[span]`, before style selection. Numbers of four digits
/// ("`[1024]`") are read only when `four_digits` (the reference list runs past 999); otherwise
/// such a bracket is most likely a year ("`[2001]`") and is no candidate.
pub fn candidates(text: &str, span: Span, four_digits: bool) -> Vec<NumericMarker> {
    let region = &text[span.start..span.end];
    let mut out = Vec::new();
    // The marker's first characters tell its alternative, so the match alone suffices
    // (no capture groups to resolve).
    for whole in MARKER.find_iter(region) {
        if out.len() > super::MAX_CITATIONS {
            break;
        }
        let (style, list) = split_marker(whole.as_str());
        if !plausible_context(region, whole.start(), whole.end(), style) {
            continue;
        }
        // (Superscript markers always read every digit, as before.)
        let ascii_four_digits = || {
            whole.as_str().starts_with(['[', '^'])
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
            span: Span::new(span.start + whole.start(), span.start + whole.end()),
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
    MARKER
        .find(text)
        .filter(|m| m.start() == 0)
        .map(|m| m.end())
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
