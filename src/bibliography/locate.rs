//! Finding the reference list: the last reference-section heading (References, 参考文献 …)
//! followed by an entry, or, with no heading, a trailing run of reference-like lines.

use crate::bibliography::lines::{Line, is_numbered_start, looks_like_reference};
use crate::bibliography::split::opens_with_group_author_and_year;
use crate::source::{Source, Span};
use crate::text::thread_regex::{MatchTest, ThreadRegex};
use crate::text::white_space::{FastTrim, spaces_end};

/// A reference-list heading line: "References", "## 5. Literature cited", "**参考文献：**".
static HEADING: ThreadRegex<MatchTest> =
    ThreadRegex::new(|| MatchTest::at_start(HEADING_PATTERN).expect("heading regex compiles"));

const HEADING_PATTERN: &str = r"(?i)^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:(?:[0-9]+(?:\.[0-9]+)*\.?|[IVX]+\.)\s*)?(?:references?(?:\s+cited)?|bibliography|literature\s+cited|works\s+cited|reference\s+list|cited\s+literature|参\s*考\s*文\s*献|参考资料|引用文献|主要参考文献)\s*(?:\*\*|__)?\s*[:：]?\s*(?:\*\*|__)?\s*$";

/// Where the reference list sits.
#[derive(Debug, Clone, Copy)]
pub struct Located {
    /// The heading line, when there is one.
    pub heading: Option<Span>,
    /// The lines after the heading (or the trailing run).
    pub region: Span,
}

/// Locates the bibliography of `source`, or `None`.
pub fn locate(source: &Source, lines: &[Line]) -> Option<Located> {
    // Several lines may read like headings (a table column "Reference", a "References"
    // heading per chapter): take the one followed by the most entries, the later on a tie.
    let headings: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| is_heading(line.text))
        .map(|(index, _)| index)
        .collect();
    // One heading (the usual case) needs only one entry after it, not a count.
    let best = match headings.as_slice() {
        [only] => entry_lines_after(lines, *only)
            .next()
            .is_some()
            .then_some(*only),
        several => several
            .iter()
            .map(|&index| (entry_lines_after(lines, index).count(), index))
            .filter(|(entries, _)| *entries > 0)
            .max()
            .map(|(_, index)| index),
    };
    if let Some(index) = best {
        return Some(Located {
            heading: Some(lines[index].span),
            region: Span::new(lines[index].span.end, source.text.len()),
        });
    }
    trailing_run(source, lines)
}

/// The entry-like lines that follow line `index` before the next heading-like line.
fn entry_lines_after<'a>(lines: &'a [Line], index: usize) -> impl Iterator<Item = &'a Line<'a>> {
    lines[index + 1..]
        .iter()
        .take_while(|l| !is_heading(l.text))
        .filter(|l| {
            is_numbered_start(l.text).is_some()
                || looks_like_reference(l.text)
                || opens_with_group_author_and_year(l.text)
        })
}

/// Whether `line` is a reference-list heading: short, and [`HEADING`] matches.
fn is_heading(line: &str) -> bool {
    may_open_heading(line) && line.fast_trim().len() < 120 && HEADING.is_match(line)
}

/// Whether `line` may be a heading, by how its first word opens: past the marks and
/// numbering a heading may open with (white space, `#`, `*`, `_`, digits, `.`), a
/// heading's word opens with "re", "bi", "li", "wo" or "ci" (references, bibliography,
/// literature, works, cited) in either case, with 参, 引 or 主, or is a Roman numeral and a
/// stop ("IV."). No other character folds to one of those letters, so [`HEADING`]'s
/// case-insensitive match needs it; most lines fail here, without the regex.
fn may_open_heading(line: &str) -> bool {
    // A line that opens with a letter opens its word with it: most lines are answered here.
    if let Some(first) = line.as_bytes().first()
        && first.is_ascii_alphabetic()
        && !matches!(
            first.to_ascii_lowercase(),
            b'r' | b'b' | b'l' | b'w' | b'c' | b'i' | b'v' | b'x'
        )
    {
        return false;
    }
    let word = &line[heading_marks_len(line)..];
    let bytes = word.as_bytes();
    let opening = bytes
        .get(..2)
        .map(|two| [two[0].to_ascii_lowercase(), two[1].to_ascii_lowercase()]);
    if matches!(
        opening,
        Some([b'r', b'e'] | [b'b', b'i'] | [b'l', b'i'] | [b'w', b'o'] | [b'c', b'i'])
    ) || (!bytes.first().is_some_and(u8::is_ascii) && word.starts_with(['参', '引', '主']))
    {
        return true;
    }
    let numeral = bytes
        .iter()
        .take_while(|b| matches!(b.to_ascii_lowercase(), b'i' | b'v' | b'x'))
        .count();
    numeral > 0 && bytes.get(numeral) == Some(&b'.')
}

/// The length of the marks and numbering `line` opens with: white space, `#`, `*`, `_`,
/// digits and `.`. Read a byte at a time, as every line of a document is, but for runs of
/// spaces.
fn heading_marks_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut at = 0;
    loop {
        match bytes.get(at) {
            // A furniture line blanked in the prose view opens the next line with its spaces.
            Some(b' ') => at = spaces_end(bytes, at),
            Some(b'\t'..=b'\r' | b'0'..=b'9' | b'#' | b'*' | b'_' | b'.') => at += 1,
            Some(byte) if !byte.is_ascii() => match line[at..].chars().next() {
                Some(c) if c.is_whitespace() => at += c.len_utf8(),
                _ => return at,
            },
            _ => return at,
        }
    }
}

/// A run of at least three reference-like lines at the end of the document.
fn trailing_run(source: &Source, lines: &[Line]) -> Option<Located> {
    let mut first = None;
    let mut qualifying = 0;
    let mut index = lines.len();
    while index > 0 {
        index -= 1;
        let text = lines[index].text.fast_trim();
        if text.is_empty() {
            continue;
        }
        if looks_like_reference(text) {
            qualifying += 1;
            first = Some(index);
            continue;
        }
        // A wrapped line whose entry starts on a reference-like line above.
        let above = lines[..index]
            .iter()
            .rev()
            .find(|l| !l.text.fast_trim().is_empty());
        if first.is_some()
            && above.is_some_and(|l| {
                looks_like_reference(l.text) && !l.text.fast_trim_end().ends_with('.')
            })
        {
            first = Some(index);
            continue;
        }
        break;
    }
    let first = first?;
    (qualifying >= 3).then(|| Located {
        heading: None,
        region: Span::new(lines[first].span.start, source.text.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_matcher_answers_as_regex_does() {
        let texts = crate::text::generated_shapes(
            &[
                &[
                    "", " ", "## ", "# ", "**", "5. ", "IV. ", "xii.", "2.1 ", "x",
                ],
                &[
                    "References",
                    "REFERENCES",
                    "Reference list",
                    "Literature cited",
                    "Bibliography",
                    "参考文献",
                    "参 考 文 献",
                    "引用文献",
                    "主要参考文献",
                    "bibliography",
                    "Works  cited",
                    "Cited literature",
                    "Results",
                ],
                &["", " ", "**", ":", "：", " cited", ".", " and notes"],
                &["", "", "\n", "  ", "x"],
            ],
            6_000,
            0x4e_ad1,
        );
        let matches =
            crate::text::thread_regex::assert_match_test_agrees(HEADING_PATTERN, true, &texts);
        assert!(matches > 500, "{matches}");
        // The opening-character test passes every line the regex matches.
        let regex = regex::Regex::new(HEADING_PATTERN).expect("heading pattern compiles");
        for text in &texts {
            assert!(!regex.is_match(text) || may_open_heading(text), "{text:?}");
        }
    }

    /// The heading read is the one followed by the most entries (the later on a tie); a
    /// lone heading needs one entry after it.
    #[test]
    fn the_heading_with_the_most_entries_after_it_wins() {
        let entry = |n: usize| {
            format!("{n}. Smith J, Jones K. A trial of aspirin. Lancet. 2001;357:1-9.\n")
        };
        let heading_at = |text: &str| {
            let source = Source::new("test.txt", text.to_owned());
            let lines = crate::bibliography::lines::lines(&source);
            locate(&source, &lines)
                .and_then(|located| located.heading)
                .map(|heading| source.text[heading.start..heading.end].trim().to_owned())
        };
        // A "Reference" column with one entry-like row, then the real list.
        let text = format!(
            "Body.\n\nReference\n{}\nMethods\n\nReferences cited\n{}{}{}",
            entry(1),
            entry(1),
            entry(2),
            entry(3)
        );
        assert_eq!(heading_at(&text).as_deref(), Some("References cited"));
        // The earlier heading with more entries after it.
        let text = format!(
            "References\n{}{}Bibliography\n{}",
            entry(1),
            entry(2),
            entry(3)
        );
        assert_eq!(heading_at(&text).as_deref(), Some("References"));
        // A tie: the later one.
        let text = format!("References\n{}Bibliography\n{}", entry(1), entry(2));
        assert_eq!(heading_at(&text).as_deref(), Some("Bibliography"));
        // A lone heading with an entry after it, and one without.
        assert_eq!(
            heading_at(&format!("Text.\n\nReferences\n{}", entry(1))).as_deref(),
            Some("References")
        );
        assert_eq!(heading_at("Text.\n\nReferences\nNone here.\n"), None);
        // A list of organisations' reports, with nothing bibliographic but author and year.
        assert_eq!(
            heading_at(
                "Text.\n\nReferences\nWorld Health Organization, 2021. Global report on \
diabetes. WHO, Geneva.\n"
            )
            .as_deref(),
            Some("References")
        );
    }

    #[test]
    fn a_line_that_opens_with_no_heading_word_is_no_heading() {
        for line in [
            "References",
            "  ## 5. Bibliography",
            "**参考文献**",
            "IV. REFERENCES",
        ] {
            assert!(is_heading(line), "{line}");
        }
        for line in [
            "Methods",
            "1. Smith J. References. 2020.",
            "The references below",
        ] {
            assert!(!may_open_heading(line), "{line}");
        }
        assert!(may_open_heading("Reasons") && !is_heading("Reasons"));
        assert!(may_open_heading("\u{3000}1. 参考文献") && may_open_heading(" \u{a0}#Works"));
        assert!(!may_open_heading("In patients") && !may_open_heading("It was"));
    }

    /// The byte scan past a heading's marks stops where trimming the marks as characters
    /// stops.
    #[test]
    fn heading_marks_are_skipped_as_characters_are() {
        let pieces = [
            " ", "\t", "\u{b}", "\r", "\u{a0}", "\u{3000}", "\u{2003}", "\u{85}", "1", "#", "*",
            "_", ".", "-", "x", "参", "é", "１", "\u{1c}",
        ];
        for line in crate::text::generated_strings(&pieces, 20_000, 8, 0x51f1_5eed) {
            let trimmed = line.trim_start_matches(|c: char| {
                c.is_whitespace() || c.is_ascii_digit() || matches!(c, '#' | '*' | '_' | '.')
            });
            assert_eq!(
                heading_marks_len(&line),
                line.len() - trimmed.len(),
                "{line:?}"
            );
        }
    }
}
