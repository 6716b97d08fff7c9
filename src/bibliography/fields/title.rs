//! The title after the author list: up to its sentence end (a question mark only when a
//! container and year follow), past a bare year; or a quoted title, as IEEE and some
//! Harvard styles write it.

use crate::text::find_any;
use crate::text::thread_regex::ThreadRegex;

use super::authors::looks_like_author_block;
use super::{clean_segment, nonempty, re};

/// A quoted title, as IEEE and some Harvard styles write it: “Title,” or "Title."
pub(super) fn quoted_title(text: &str) -> Option<(String, usize)> {
    let (open, close) = if let Some(start) = text.find('“') {
        (start, text[start..].find('”').map(|e| start + e)?)
    } else if let Some(start) = text.find('«') {
        (start, text[start..].find('»').map(|e| start + e)?)
    } else {
        let start = text.find('"')?;
        (start, text[start + 1..].find('"').map(|e| start + 1 + e)?)
    };
    let before = text[..open].trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '.');
    let before = YEAR_TAIL.replace(before, "");
    if before.trim().is_empty() || !looks_like_author_block(&before) {
        return None;
    }
    let inner = clean_segment(&text[open + text[open..].chars().next()?.len_utf8()..close]);
    (inner.chars().count() >= 10).then(|| {
        (
            inner,
            close + text[close..].chars().next().map_or(1, char::len_utf8),
        )
    })
}

/// Takes the title from the start of `rest`: up to the first sentence end. A question mark
/// ends the title only when a container and year follow it.
pub(super) fn take_title(rest: &str) -> (Option<String>, &str) {
    let mut rest = rest.trim_start_matches([' ', '.', ',']);
    // "Willoughby RE. 1997. Title…": a bare year between authors and title.
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && let Some(m) = LEADING_YEAR.find(rest)
    {
        rest = &rest[m.end()..];
    }
    let rest = match rest.find(" //") {
        Some(gost) => &rest[..gost + 1],
        None => rest,
    };
    let mut search_from = 0;
    while let Some(rel) = find_any(&rest[search_from..], &['.', '?', '!', '。']) {
        let stop = search_from + rel;
        let stop_char = rest[stop..].chars().next().unwrap_or('.');
        let after = &rest[stop + stop_char.len_utf8()..];
        let continues_lowercase = after
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        let ends =
            (after.is_empty() || after.starts_with(char::is_whitespace)) && !continues_lowercase;
        if ends && !ends_in_abbreviation(&rest[..stop]) {
            if stop_char == '?' || stop_char == '!' {
                if looks_like_container_then_year(after) {
                    return (nonempty(clean_segment(&rest[..stop + 1])), after);
                }
            } else {
                return (nonempty(clean_segment(&rest[..stop])), after);
            }
        }
        search_from = stop + stop_char.len_utf8();
    }
    (nonempty(clean_segment(rest)), "")
}

fn ends_in_abbreviation(before: &str) -> bool {
    // "…thaliana: I. Pleiotropy…": a part number after a colon.
    let trimmed = before.trim_end();
    if let Some(part) = trimmed.strip_suffix(|c: char| matches!(c, 'I' | 'V' | 'X'))
        && (part.ends_with(": ")
            || part.ends_with(": I")
            || part.ends_with(": V")
            || part.ends_with(": X"))
    {
        return true;
    }
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    matches!(
        word.to_ascii_lowercase().as_str(),
        "vs" | "e.g" | "i.e" | "st" | "no" | "spp" | "sp" | "al" | "var" | "subsp" | "ssp"
    ) || (word.chars().count() == 1
        && word.chars().all(|c| c.is_ascii_uppercase())
        && before.len() < 3)
}

static LEADING_YEAR: ThreadRegex = ThreadRegex::new(|| re(r"^\(?(?:1[89]|20)\d\d[a-z]?\)?[.,]\s+"));
static YEAR_TAIL: ThreadRegex = ThreadRegex::new(|| re(r"[,.(\s]*(?:1[89]|20)\d\d[a-z]?\)?$"));
static CONTAINER_YEAR: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"^\s*[A-Z][^.?!]{1,80}?[.,]?\s*(?:\(?(?:1[89]|20)\d\d|\d{1,4}\s*(?:\([^)]{1,12}\))?\s*:\s*[A-Za-z]?\d)",
    )
});

fn looks_like_container_then_year(text: &str) -> bool {
    CONTAINER_YEAR.is_match(text)
}
