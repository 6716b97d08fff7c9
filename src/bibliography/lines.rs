//! Line-level tests the bibliography stages share: numbered entry starts, reference-like
//! lines, entries that are complete, and blocks that end a reference list.

use std::borrow::Cow;

use crate::source::{Source, Span};
use crate::text::thread_regex::{MatchTest, ThreadRegex};
use crate::text::white_space::FastTrim;
use crate::text::{HTTP, Literal, superscript_digit, year_position};

/// One line of the source, without its terminator.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub span: Span,
    pub text: &'a str,
}

pub fn lines(source: &Source) -> Vec<Line<'_>> {
    (1..=source.line_count())
        .map(|n| {
            let span = source.line_span(n);
            Line {
                span,
                text: source.slice(span),
            }
        })
        .collect()
}

/// Something only a reference holds: a GB/T type code ("[J]"), "et al", a volume(issue):
/// pages run, a DOI, a bracketed year.
static BIB_SHAPE: ThreadRegex<MatchTest> =
    ThreadRegex::new(|| MatchTest::anywhere(BIB_SHAPE_PATTERN).expect("bib-shape regex compiles"));

const BIB_SHAPE_PATTERN: &str = r"(?i)\[(?:J|M|C|D|R|S|P|N|G|Z|A|EB|DB|CP|CM|DS)(?:/OL)?\]|et\s+al|等\.|[0-9]+\s*\(\s*[0-9S-]+\s*\)\s*[:,]|;\s*[0-9]+\s*[(:]|:\s*[A-Z]?[0-9]+\s*[-–]\s*[A-Z]?[0-9]+|(?-u:\b)10\.[0-9]{4,9}/|(?-u:\b)doi(?-u:\b)|,\s*[0-9]+\s*[-–]\s*[0-9]+\s*\.?\s*$|\(\s*(?:1[89]|20)[0-9][0-9][a-z]?\s*\)";

/// A line where the reference list has ended: "How to cite this article", "附录", "Tables".
static STOP: ThreadRegex<MatchTest> =
    ThreadRegex::new(|| MatchTest::at_start(STOP_PATTERN).expect("stop regex compiles"));

const STOP_PATTERN: &str = r"(?i)^\s*(?:[-*•]\s*)?(?:引用本文|article\s+citation|cite\s+this\s+article|how\s+to\s+cite|相关推荐|相关文章|来源\s*[:：]|appendix|附录|supplementary|figure\s+legends|tables?\s*$|本文编辑|收稿日期|copyright|©)";

/// A numbered entry start: the label and the byte length of the label prefix.
/// Labels run to 999 here: a four-digit number opening a line is far more often a year
/// ("2020. Smith") than entry 1000, which [`numbered_start_any`] reads in a list that has
/// reached it.
pub fn is_numbered_start(line: &str) -> Option<(Cow<'_, str>, usize)> {
    numbered_start_any(line).filter(|(label, _)| label.len() <= 3)
}

/// A numbered entry start with a label of up to four digits (entry 1000 of a long review's
/// list). The caller decides whether a four-digit label continues its list.
pub fn numbered_start_any(line: &str) -> Option<(Cow<'_, str>, usize)> {
    // Most lines of a list go on an entry or open one with a name: past its indentation,
    // a line that opens with an ASCII letter holds no label, bullet or superscript digit.
    let first = line.bytes().find(|b| !matches!(b, b' ' | b'\t'));
    if first.is_some_and(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    numbered_start_read(line)
}

/// [`numbered_start_any`] for a line that may hold a label: read for one.
fn numbered_start_read(line: &str) -> Option<(Cow<'_, str>, usize)> {
    if let Some((label, end)) = numbered_label(line) {
        return Some((Cow::Borrowed(label), end));
    }
    // Superscript-numbered entries: "¹ Smith J …"
    let trimmed = line.fast_trim_start();
    let digits: String = trimmed.chars().map_while(superscript_digit).collect();
    if !digits.is_empty() {
        let prefix_len = line.len() - trimmed.len()
            + trimmed
                .chars()
                .take(digits.len())
                .map(char::len_utf8)
                .sum::<usize>();
        let rest = &line[prefix_len..];
        if looks_like_reference(rest) {
            return Some((
                Cow::Owned(digits),
                prefix_len + (rest.len() - rest.fast_trim_start().len()),
            ));
        }
    }
    None
}

/// The label that opens `line` as a numbered entry, and where the text after it (and the
/// spaces after it) starts. Past indentation (spaces, tabs, ideographic spaces) and a
/// bullet ("-", "*" or "•" and a space), the label is one to four digits in one of five
/// shapes: "[12]", "12." (with a space or the line's end after it), "(12)", "12)" and
/// "［12］". This reads what the pattern
/// `^[ \t\u{3000}]*(?:[-*•][ \t]+)?(?:\[(D)\]|(D)\.(?:[ \t]|$)|\((D)\)|(D)\)|［(D)］)[ \t]*`,
/// with `D` for `[0-9]{1,4}`, matches, without a regex search on every line of a list;
/// a test compares the two.
fn numbered_label(line: &str) -> Option<(&str, usize)> {
    let bytes = line.as_bytes();
    let spaces_from = |at: usize| {
        at + bytes[at..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count()
    };
    let mut at = 0;
    loop {
        at = spaces_from(at);
        match line[at..].strip_prefix('\u{3000}') {
            Some(_) => at += '\u{3000}'.len_utf8(),
            None => break,
        }
    }
    if let Some(bullet) = line[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '*' | '•'))
    {
        let after = at + bullet.len_utf8();
        let spaced = spaces_from(after);
        if spaced > after {
            at = spaced;
        }
    }
    // Up to four digits from `from`, closed by `close`: the label's end and the close's.
    let digits_closed_by = |from: usize, close: &str| {
        let digits = bytes[from..]
            .iter()
            .take(5)
            .take_while(|b| b.is_ascii_digit())
            .count();
        ((1..=4).contains(&digits) && line[from + digits..].starts_with(close))
            .then_some((from + digits, from + digits + close.len()))
    };
    let (start, (label_end, end)) = match bytes.get(at)? {
        b'[' => (at + 1, digits_closed_by(at + 1, "]")?),
        b'(' => (at + 1, digits_closed_by(at + 1, ")")?),
        b'0'..=b'9' => match digits_closed_by(at, ".") {
            // "12." needs a space or the line's end after its stop.
            Some((_, end)) if end < bytes.len() && !matches!(bytes[end], b' ' | b'\t') => {
                return None;
            }
            Some(closed) => (at, closed),
            None => (at, digits_closed_by(at, ")")?),
        },
        _ if line[at..].starts_with('［') => {
            let open = at + '［'.len_utf8();
            (open, digits_closed_by(open, "］")?)
        }
        _ => return None,
    };
    Some((&line[start..label_end], spaces_from(end)))
}

/// A line that reads like a whole reference: long enough, with a year and a bibliographic
/// shape (type code, et al., volume(issue):pages, DOI …).
pub fn looks_like_reference(line: &str) -> bool {
    let text = line.fast_trim();
    text.len() >= 25
        && text.chars().count() >= 25
        && year_outside_identifiers(text).is_some()
        && BIB_SHAPE.is_match(text)
}

/// The first year of `text` outside a DOI or URL (a word with a `/`, or one opening with
/// "doi"): the line "Psychopharmacology (Berl) 213, 453-463. doi:10.1007/s00213-010-2030-5."
/// carries an entry on, it does not open one dated 2030.
fn year_outside_identifiers(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = year_position(&text[from..]) {
        let at = from + found;
        let word_start = bytes[..at]
            .iter()
            .rposition(u8::is_ascii_whitespace)
            .map_or(0, |space| space + 1);
        let word_end = bytes[at..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .map_or(bytes.len(), |space| at + space);
        let word = &bytes[word_start..word_end];
        let identifier = word.contains(&b'/')
            || word
                .get(..3)
                .is_some_and(|head| head.eq_ignore_ascii_case(b"doi"));
        if !identifier {
            return Some(at);
        }
        from = word_end;
    }
    None
}

/// Ends like a reference (with [`has_year_or_identifier`], a finished entry): a full stop, a
/// closing bracket, `>` or a digit, before any of the link labels journals print after an
/// entry ("… 61:283-292. CrossRef Medline", "… PubMed Google Scholar").
pub fn ends_like_entry(entry: &str) -> bool {
    const LINK_LABELS: [&str; 6] = [
        "CrossRef",
        "Crossref",
        "Medline",
        "PubMed",
        "Google Scholar",
        "Web of Science",
    ];
    let mut rest = entry.fast_trim_end();
    while let Some(shorter) = LINK_LABELS
        .iter()
        .find_map(|label| rest.strip_suffix(label))
        .filter(|shorter| shorter.ends_with([' ', '.', ']']) || shorter.is_empty())
    {
        rest = shorter.fast_trim_end();
    }
    rest.chars().last().is_some_and(|last| {
        matches!(last, '.' | ')' | ']' | '>' | '）' | '。') || last.is_ascii_digit()
    })
}

/// Holds a year, a DOI or a URL. Pieces joined by spaces hold one exactly when a piece does.
/// "doi" counts where a word starts with it, not inside a name ("Dudoit S").
pub fn has_year_or_identifier(text: &str) -> bool {
    static DOI: Literal = Literal::new("doi");
    year_position(text).is_some()
        || HTTP.is_in(text)
        || DOI.find_iter(text).any(|at| {
            !text[..at]
                .bytes()
                .next_back()
                .is_some_and(|b| b.is_ascii_alphabetic())
        })
}

/// Page furniture of extracted PDF text inside a list: preprint footers, licence lines,
/// bare page numbers. Skipped, never joined to an entry.
pub use crate::text::furniture::is_page_furniture;

/// A line that ends a reference list: article-citation blocks, "related articles", footers.
pub fn is_stop_line(line: &str) -> bool {
    may_be_stop_line(line) && STOP.is_match(line)
}

/// The ASCII words [`STOP_PATTERN`] can open with. The only letter of their openings that a
/// case-insensitive match also reads outside ASCII is the `s` of "supplementary" (as `ſ`),
/// and a line opening with `ſ` passes [`may_be_stop_line`]'s non-ASCII test.
const STOP_WORD_OPENINGS: [&[u8]; 8] = [
    b"article",
    b"cite",
    b"how",
    b"appendix",
    b"supplementary",
    b"figure",
    b"table",
    b"copyright",
];

/// Whether [`STOP_PATTERN`] may match `line`: past white space and a bullet, it opens with a
/// character outside ASCII (the Chinese stop words, ©) or with a stop word's letters in
/// either case. Entry lines fail here without running the regex.
fn may_be_stop_line(line: &str) -> bool {
    let rest = line.fast_trim_start();
    let rest = rest
        .strip_prefix(['-', '*', '•'])
        .map_or(rest, str::trim_start)
        .as_bytes();
    match rest.first() {
        None => false,
        Some(&first) if !first.is_ascii() => true,
        // The first letter tells most lines apart before any word is compared.
        Some(&first) => STOP_WORD_OPENINGS.iter().any(|word| {
            word[0] == first.to_ascii_lowercase()
                && rest
                    .get(..word.len())
                    .is_some_and(|open| open.eq_ignore_ascii_case(word))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The label reader agrees with the pattern it replaces, on lines of every label shape,
    /// bullet and indentation, with digits, delimiters and spaces in and out of place.
    #[test]
    fn numbered_labels_are_read_as_the_pattern_reads_them() {
        let pattern = regex::Regex::new(
            r"^[ \t\u{3000}]*(?:[-*•][ \t]+)?(?:\[([0-9]{1,4})\]|([0-9]{1,4})\.(?:[ \t]|$)|\(([0-9]{1,4})\)|([0-9]{1,4})\)|［([0-9]{1,4})］)[ \t]*",
        )
        .expect("compiles");
        let pieces = [
            " ", "\t", "\u{3000}", "-", "*", "•", "[", "]", "(", ")", "［", "］", ".", "1", "23",
            "4567", "12345", "８", "x", "Smith J", "，", "[12]", "3. ", "(4)", "5)", "［6］", "- ",
            "* ", "12345.",
        ];
        let texts = crate::text::generated_strings(&pieces, 40_000, 7, 0x1a_be1);
        let mut labelled = 0;
        for text in &texts {
            let expected = pattern.captures(text).map(|c| {
                let label = c.iter().skip(1).flatten().next().expect("a label group");
                (label.as_str(), c.get(0).expect("group 0").end())
            });
            assert_eq!(numbered_label(text), expected, "{text:?}");
            labelled += usize::from(expected.is_some());
        }
        assert!(labelled > 2_000, "{labelled}");
    }

    /// A line that opens with a letter is rejected unread, as reading it would reject it.
    #[test]
    fn a_line_opening_with_a_letter_is_no_numbered_start() {
        let pieces = [
            " ", "\t", "\u{3000}", "-", "•", "[", "]", "(", ")", "1", "23", "¹", "²³", "x",
            "Smith J", "\n", ". ", "2020", "doi", "é",
        ];
        let mut read = 0;
        for text in crate::text::generated_strings(&pieces, 30_000, 6, 0x1e_77e) {
            let expected = numbered_start_read(&text);
            assert_eq!(numbered_start_any(&text), expected, "{text:?}");
            read += usize::from(expected.is_some());
        }
        assert!(read > 300, "only {read} numbered starts");
    }

    #[test]
    fn the_reference_shape_test_answers_as_regex_does() {
        let pieces: Vec<&str> = "Smith J| et al| Et  Al|[J]|[M]|[EB/OL]|[x]|等.|2020|;12(3):45-67|; 12:| 5 (S2) :|: A12–A19|10.1000/xyz| doi| DOI:|idoi|, 12-15.|(2019)|( 1899a )|(2101)| |, |. |x|1|ſ|K"
            .split('|')
            .collect();
        let texts = crate::text::generated_strings(&pieces, 20_000, 8, 0xb1_b5);
        let matches =
            crate::text::thread_regex::assert_match_test_agrees(BIB_SHAPE_PATTERN, false, &texts);
        assert!(matches > 5_000, "{matches}");
    }

    #[test]
    fn the_stop_matcher_answers_as_regex_does() {
        let texts = crate::text::generated_shapes(
            &[
                &["", " ", "- ", "• ", "* ", "x"],
                &[
                    "How to cite",
                    "Article citation",
                    "Appendix",
                    "附录",
                    "Supplementary",
                    "Tables",
                    "Table",
                    "Figure legends",
                    "© 2020",
                    "Copyright",
                    "来源：",
                    "本文编辑",
                    "1. Smith J",
                ],
                &["", " ", "  ", " this article", "\n", " 1"],
            ],
            4_000,
            0x5_70b,
        );
        let matches =
            crate::text::thread_regex::assert_match_test_agrees(STOP_PATTERN, true, &texts);
        assert!(matches > 500, "{matches}");
        // The prefilter passes every line the pattern matches, in any case.
        let regex = regex::Regex::new(STOP_PATTERN).unwrap();
        for text in &texts {
            for text in [text.clone(), text.to_uppercase(), text.to_lowercase()] {
                if regex.is_match(&text) {
                    assert!(may_be_stop_line(&text), "{text:?}");
                }
            }
        }
        for passed in ["ſupplementary", "\u{3000}• 附录", "tableſ"] {
            assert!(may_be_stop_line(passed), "{passed:?}");
        }
        for failed in ["1. Smith J", "Smith J, Jones K. Title", "- Tab", ""] {
            assert!(!may_be_stop_line(failed), "{failed:?}");
        }
    }

    #[test]
    fn numbered_starts() {
        assert_eq!(
            is_numbered_start(" 14. Ferreira JR").map(|x| x.0),
            Some("14".into())
        );
        assert_eq!(
            is_numbered_start("[3] Nguyen, S.").map(|x| x.0),
            Some("3".into())
        );
        assert_eq!(
            is_numbered_start("(2) Smith").map(|x| x.0),
            Some("2".into())
        );
        assert_eq!(is_numbered_start("2020. Smith"), None);
        assert_eq!(is_numbered_start("- and update of"), None);
    }

    #[test]
    fn reference_shapes() {
        assert!(looks_like_reference(
            "Moreau G. Cell-free repair with secreted factors[J]. Commun Biol, 2014, 7(3):e30412."
        ));
        assert!(looks_like_reference(
            "Marsh C, Dunmore P. A short definition. Tissue Eng Rev. 2006;4:11-15."
        ));
        assert!(!looks_like_reference(
            "Mesenchymal stem cells repair tissue damage in 2018 and beyond."
        ));
        let unfinished = "Thery C, et al. A position statement of the Society";
        assert!(!ends_like_entry(unfinished) && !has_year_or_identifier(unfinished));
        let finished = "Lancet. 2020;395:709-733.";
        assert!(ends_like_entry(finished) && has_year_or_identifier(finished));
        assert!(!has_year_or_identifier("Dettling M, Dudoit S, Ellis B,"));
        assert!(has_year_or_identifier("Genes Brain Behav 9. doi:10.1111/x"));
        assert!(ends_like_entry("Horm Behav 61:283-292. CrossRef Medline"));
        assert!(ends_like_entry(
            "Horm Behav 61:283-292. [PubMed] [Google Scholar]"
        ));
        assert!(!ends_like_entry("A study of Medline"));
    }

    #[test]
    fn digits_of_a_doi_or_url_are_no_year() {
        for carried in [
            "Psychopharmacology (Berl) 213, 453-463. doi:10.1007/s00213-010-2030-5.",
            "Genes Brain Behav 9, 26-32. https://doi.org/10.1111/j.1601-183X.2009.00531.x",
            "Genes Brain Behav 9, 26-32. 10.1111/j.1601-183X.2009.00531.x",
        ] {
            assert!(!looks_like_reference(carried), "{carried}");
        }
        assert!(looks_like_reference(
            "Doi K, Ames B. Pain in mice. Pain. 2005;3:1-9. doi:10.1/x"
        ));
    }
}
