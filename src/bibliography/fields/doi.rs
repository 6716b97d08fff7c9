//! Finding a DOI in a reference: "10.", four to nine digits, a slash and the characters up
//! to white space, a comma or a semicolon, with what may name it before ("doi:", or a
//! resolver's address, `https://doi.org/`). A scan from each "10." of the entry, where a
//! regex search would start at every character.

use std::ops::Range;

use crate::text::white_space::FastTrim;
use crate::text::{Literal, leading_ascii_digits};

/// The prefix every DOI opens with, its searcher built once.
static DOI_PREFIX: Literal = Literal::new("10.");

/// Where the first DOI at or after `from` in `text` is, with its "doi:" or resolver
/// address before it when there is one. This finds what
/// `(?i)(?:doi\s*[:：]?\s*|https?://(?:dx\.)?doi\.org/)?(10\.[0-9]{4,9}/[^\s,;]+)` finds
/// searching from `from`; a test compares the two. The DOI itself runs from the match's
/// "10." on: what comes before holds no "10.".
pub(super) fn doi_at(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    for at in DOI_PREFIX.find_iter(text.get(from..)?).map(|i| from + i) {
        let digits_from = at + 3;
        let digits = leading_ascii_digits(&text[digits_from..]);
        if !(4..=9).contains(&digits) || bytes.get(digits_from + digits) != Some(&b'/') {
            continue;
        }
        let suffix_from = digits_from + digits + 1;
        let suffix = text[suffix_from..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
            .unwrap_or(text.len() - suffix_from);
        if suffix == 0 {
            continue;
        }
        let start = name_before(&text[..at])
            .filter(|&start| start >= from)
            .unwrap_or(at);
        return Some(start..suffix_from + suffix);
    }
    None
}

/// Where what names the DOI that follows `before` starts: "doi", perhaps a colon, white
/// space around it; or a resolver's address (`https://doi.org/`, `http://dx.doi.org/`).
fn name_before(before: &str) -> Option<usize> {
    if let Some(host) = strip_suffix_in_any_case(before, "doi.org/") {
        let hosts = [strip_suffix_in_any_case(host, "dx."), Some(host)];
        return hosts.into_iter().flatten().find_map(|host| {
            let scheme = strip_suffix_in_any_case(host, "://")?;
            strip_suffix_in_any_case(scheme, "https")
                .or_else(|| strip_suffix_in_any_case(scheme, "http"))
                .map(str::len)
        });
    }
    let spaced = before.fast_trim_end();
    let named = spaced
        .strip_suffix([':', '：'])
        .map_or(spaced, str::trim_end);
    strip_suffix_in_any_case(named, "doi").map(str::len)
}

/// `text` without `word` (ASCII, in lower case) at its end, in any case: as the regex
/// crate's case-insensitive match reads it, so the long s "ſ" is an "s".
fn strip_suffix_in_any_case<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let mut rest = text;
    for expected in word.chars().rev() {
        let c = rest.chars().next_back()?;
        if c.to_ascii_lowercase() != expected && !(expected == 's' && c == 'ſ') {
            return None;
        }
        rest = &rest[..rest.len() - c.len_utf8()];
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan finds what the pattern it replaces finds, from the start and from every
    /// offset after a match (as the entry's later DOIs are removed).
    #[test]
    fn dois_are_found_as_the_pattern_finds_them() {
        let pattern = regex::Regex::new(
            r"(?i)(?:doi\s*[:：]?\s*|https?://(?:dx\.)?doi\.org/)?(10\.[0-9]{4,9}/[^\s,;]+)",
        )
        .expect("compiles");
        let pieces = [
            "10.",
            "1056",
            "123",
            "1234567890",
            "/",
            "NEJMoa",
            "x",
            "doi",
            "DOI",
            "Doi",
            ":",
            "：",
            " ",
            "\u{3000}",
            "\u{a0}",
            ",",
            ";",
            ".",
            "https://",
            "http://",
            "httpſ://",
            "HTTPS://",
            "dx.",
            "DX.",
            "doi.org/",
            "DOI.ORG/",
            "10.1056/NEJMoa",
            "doı",
            "ſ",
            "s",
            "2010.",
        ];
        let (mut found, mut named) = (0, 0);
        for text in crate::text::generated_strings(&pieces, 40_000, 10, 0xd01_5ca1) {
            let mut from = 0;
            loop {
                let expected = pattern.find_at(&text, from).map(|m| m.range());
                assert_eq!(doi_at(&text, from), expected, "{text:?} from {from}");
                let Some(range) = expected else { break };
                found += 1;
                named += usize::from(!text[range.clone()].starts_with("10."));
                from = range.end;
            }
        }
        assert!(found > 2_000 && named > 500, "{found} {named}");
    }
}
