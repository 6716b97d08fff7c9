//! Splitting a reference-list region into entries: numbered (`1.`, `[1]`, `(1)`, `1)`,
//! superscript) or one per line/paragraph; continuation lines are joined (including lines
//! carried over a page break as "- …"), and the list stops at what is not a reference.

use std::borrow::Cow;

use crate::bibliography::lines::{
    Line, ends_like_entry, has_year_or_identifier, is_page_furniture, is_stop_line,
    looks_like_reference, numbered_start_any,
};
use crate::source::Span;
use crate::text::thread_regex::{MatchTest, ThreadRegex};
use crate::text::white_space::FastTrim;
use crate::text::{
    acronym, leading_ascii_digits, name_letters, name_particle, organisation_name,
    superscript_digit, year_position,
};

/// A surname as reference lists print it: capitalised, with apostrophes and hyphens, and
/// a second capitalised word ("Arnold Anteraper"), as a regular-expression fragment.
macro_rules! surname {
    () => {
        r"\p{Lu}[\p{L}'’\-]+(?:\s\p{Lu}[\p{L}'’\-]+)?"
    };
}

/// Capital initials run together after a Vancouver surname ("DG", "J-P"), as a fragment.
macro_rules! capital_initials {
    () => {
        r"\p{Lu}(?:-?\p{Lu}){0,2}"
    };
}

/// "Bert, B., Fink, H.", "Grandel, H. and Schulte-Merker, S.", "van Eeden, F. J.,",
/// "Costa, C. A. R. de A.,", "Cao B, Wang Y," or "Hayden BY, Smith D V.," at the start of a
/// line.
static AUTHOR_LIST_START: ThreadRegex<MatchTest> = ThreadRegex::new(|| {
    MatchTest::at_start(&name_letters(AUTHOR_LIST_START_PATTERN))
        .expect("author-list regex compiles")
});

const AUTHOR_LIST_START_PATTERN: &str = concat!(
    "^(?:(?:",
    name_particle!(),
    "){0,2}",
    surname!(),
    r",\s*(?:\p{Lu}\.\s?){1,3}(?:",
    name_particle!(),
    r"(?:\p{Lu}\.\s?){1,2})?(?:,|\s*&\s|and\s)|",
    surname!(),
    r"\s",
    capital_initials!(),
    r",\s+",
    surname!(),
    // The second author's initials may be spaced ("D V.").
    r"\s\p{Lu}(?:[-\s]?\p{Lu}){0,2}\.?[,.])"
);

/// A first author alone, "Cordero RJ,", "Drubin DG." or "Cordero, R. J.": after a blank
/// line that ends a finished entry, enough to open the next one.
static FIRST_AUTHOR: ThreadRegex<MatchTest> = ThreadRegex::new(|| {
    MatchTest::at_start(&name_letters(FIRST_AUTHOR_PATTERN)).expect("first-author regex compiles")
});

const FIRST_AUTHOR_PATTERN: &str = concat!(
    "^(?:",
    name_particle!(),
    "){0,2}",
    surname!(),
    r"(?:\s",
    capital_initials!(),
    r"[,.]|,\s(?:\p{Lu}\.\s?){1,3})"
);

/// A single author and the year, "Dietrichs E. 1981." or "Uddin LQ. 2015.": after a dated
/// entry, enough to open the next one, as an author list with its year is.
static LONE_AUTHOR_YEAR: ThreadRegex<MatchTest> = ThreadRegex::new(|| {
    MatchTest::at_start(&name_letters(LONE_AUTHOR_YEAR_PATTERN))
        .expect("lone-author regex compiles")
});

const LONE_AUTHOR_YEAR_PATTERN: &str = concat!(
    "^(?:",
    name_particle!(),
    "){0,2}",
    surname!(),
    r"\s",
    capital_initials!(),
    r"\.?,?\s+(?:19|20)[0-9][0-9][a-z]?[.,]"
);

/// A group or organisation as author and the year, "World Health Organization, 2021.",
/// "Centers for Disease Control and Prevention. (2020).", "UNAIDS 2019.": after an entry
/// that is complete (dated, and ending as entries end), enough to open the next one. A
/// lone capitalised word is the last name of a wrapped author list ("… and Preslav" /
/// "Nakov. 2019."), so it takes two words or an acronym. The year closes with a stop,
/// which a journal and year carried to the next line seldom has ("J Neurosci. 2016;7:61").
static GROUP_AUTHOR_YEAR: ThreadRegex<MatchTest> = ThreadRegex::new(|| {
    MatchTest::at_start(&name_letters(GROUP_AUTHOR_YEAR_PATTERN))
        .expect("group-author regex compiles")
});

const GROUP_AUTHOR_YEAR_PATTERN: &str = concat!(
    r"^(?:",
    acronym!(),
    "|",
    organisation_name!(),
    r")(?:\s+\(",
    acronym!(),
    r"\))?(?:[,.]\s*|\s+)\(?(?:19|20)[0-9][0-9][a-z]?\)?\.(?:\s|$)"
);

/// Whether `line` opens with a group author and its year (`GROUP_AUTHOR_YEAR`): under a
/// reference-list heading, an entry even when nothing else in it looks bibliographic
/// ("World Health Organization, 2021. Global report on diabetes. WHO, Geneva.").
pub fn opens_with_group_author_and_year(line: &str) -> bool {
    GROUP_AUTHOR_YEAR.is_match(line.fast_trim_start())
}

/// How far into a line the year after a lone author stands at most: a name, initials
/// and particles ("van der Berg-Smith JA. 2001").
const LONE_AUTHOR_YEAR_WITHIN: usize = 60;

/// How far into a line the year of an entry that opens it may stand.
const OPENING_YEAR_WITHIN: usize = 120;

/// The longest piece of an entry carried past a break on its own ("Genome Biol 5: R80").
const CARRIED_PIECE_MAX_LEN: usize = 60;

/// A raw entry before field parsing.
#[derive(Debug, Clone)]
pub struct RawEntry {
    pub label: Option<String>,
    /// The entry text without its label, lines joined by single spaces.
    pub text: String,
    pub span: Span,
    pub label_span: Span,
}

/// A line's label, the length of its label prefix, and its label's shape
/// ([`label_shape`]), when it opens like a numbered entry.
type NumberedStart<'a> = (Cow<'a, str>, usize, Cow<'static, str>);

/// Splits the lines inside `region` into entries.
pub fn split_entries(lines: &[Line], region: Span) -> Vec<RawEntry> {
    let in_region: Vec<&Line> = lines
        .iter()
        .filter(|l| l.span.start >= region.start && l.span.end <= region.end)
        .collect();
    // A list numbers every entry the same way ("[1]", "1.", "(1)"): a number in another
    // shape ("(229)" in a figure after the list) starts no entry.
    // Each line's label, label length and label shape, if it opens like a numbered entry.
    // A four-digit label counts only as the next few entries of a list that has reached
    // the 990s ("1000." after "999."); elsewhere it is a year ("2020. Smith").
    let mut last_small: Option<u32> = None;
    let mut numbered: Vec<Option<NumberedStart>> = in_region
        .iter()
        .map(|l| {
            numbered_start_any(l.text)
                .filter(|(label, _)| {
                    let number: u32 = label.parse().unwrap_or(0);
                    let continues = last_small
                        .is_some_and(|last| last >= 990 && number > last && number <= last + 10);
                    if label.len() <= 3 || continues {
                        last_small = Some(number);
                        return true;
                    }
                    false
                })
                .map(|(label, prefix)| (label, prefix, label_shape(&l.text[..prefix])))
        })
        .collect();
    mark_bare_number_run(&in_region, &mut numbered);
    let list_shape = most_common(
        numbered
            .iter()
            .flatten()
            .map(|(_, _, shape)| shape.as_ref()),
    );
    let in_list_shape = |shape: &str| Some(shape) == list_shape;
    let last_numbered = numbered.iter().rposition(|start| {
        start
            .as_ref()
            .is_some_and(|(_, _, shape)| in_list_shape(shape))
    });
    let mut entries: Vec<RawEntry> = Vec::new();
    let mut current: Option<RawEntry> = None;
    // Whether the current entry holds a year or identifier, kept up as lines join it (so
    // a long entry is not rescanned for every line).
    let mut current_dated = false;
    // Whether the current entry was complete before the lines now at its end: page
    // furniture the list could not tell (a running header) must not hide where the next
    // author list starts.
    let mut current_was_complete = false;
    // The number of the last numbered entry.
    let mut last_label: Option<u32> = None;
    // Whether an entry so far is numbered (only numbered entries carry a label).
    let mut numbered_list = false;
    let mut blank_before = false;
    for (index, line) in in_region.iter().enumerate() {
        let text = line.text.fast_trim();
        if text.is_empty() {
            blank_before = true;
            continue;
        }
        if is_stop_line(text) {
            break;
        }
        if is_page_furniture(text) {
            continue;
        }
        // In a list of unnumbered entries, "70." on its own is a stray number, not entry 70.
        // (Asked only of lines that open like a numbered entry: it reads every entry.)
        let unnumbered_list = || entries.len() >= 3 && entries.iter().all(|e| e.label.is_none());
        // Nor is "34. doi:10.1016/…" or a bare "73." after "…Horm Behav 56, 24-": the end
        // of a page range carried to the next line.
        let range_carried = current
            .as_ref()
            .is_some_and(|e| e.text.ends_with(['-', '–']));
        if let Some((label, prefix, _)) =
            numbered[index].as_ref().filter(|(label, prefix, shape)| {
                let rest = line.text[*prefix..].fast_trim_start();
                let carried = (range_carried && rest.is_empty())
                    || (opens_with_identifier(rest) && (range_carried || unnumbered_list()));
                // Numbers rise through a list, or start again at 1: "27." after entry 39 is
                // the end of a date carried to the next line ("March" / "27.").
                let out_of_sequence = label.parse::<u32>().is_ok_and(|number| {
                    number != 1 && last_label.is_some_and(|last| number <= last)
                });
                !carried
                    && !out_of_sequence
                    && in_list_shape(shape)
                    && (!unnumbered_list() || looks_like_reference(rest))
            })
        {
            let (label, prefix) = (label.clone(), *prefix);
            last_label = label.parse().ok().or(last_label);
            entries.extend(current.take());
            let label_start =
                line.span.start + (line.text.len() - line.text.fast_trim_start().len());
            let text = line.text[prefix..].fast_trim();
            current_dated = has_year_or_identifier(text);
            current_was_complete = false;
            numbered_list = true;
            current = Some(RawEntry {
                label: Some(label.into_owned()),
                text: entry_text(text),
                span: Span::new(label_start, line.span.end),
                label_span: Span::new(label_start, line.span.start + prefix.max(1)),
            });
            blank_before = false;
            continue;
        }
        let content = strip_continuation_dash(text);
        if content.is_empty() {
            continue;
        }
        // In an unnumbered list, "Bert, B., Fink, H., …" opens the next entry even before its
        // year (which a long author list pushes to the following line).
        let complete = current
            .as_ref()
            .is_some_and(|e| current_dated && ends_like_entry(&e.text));
        current_was_complete |= complete;
        // So does the list's first line, whose year may also come on the next line; and,
        // after a dated entry that ends without a stop ("… Neuroimage"), an author list with
        // its year on the line ("Ashburner J, Friston KJ. 2005.").
        let unnumbered = current.as_ref().is_some_and(|e| e.label.is_none());
        let opens_author_list = (entries.is_empty() && current.is_none()
            || current_was_complete && unnumbered
            || current_dated && unnumbered && year_position(content).is_some())
            && AUTHOR_LIST_START.is_match(content)
            || blank_before && complete && unnumbered && FIRST_AUTHOR.is_match(content)
            || current_dated
                && unnumbered
                && year_position(content).is_some_and(|at| at < LONE_AUTHOR_YEAR_WITHIN)
                && LONE_AUTHOR_YEAR.is_match(content)
            || (entries.is_empty() && current.is_none() || complete && unnumbered)
                && GROUP_AUTHOR_YEAR.is_match(content);
        // A line that opens with a DOI or URL finishes the entry before it.
        if let Some(entry) = current.as_mut()
            && !opens_author_list
            && (!complete
                || opens_with_identifier(content)
                || (!blank_before && !starts_like_new_entry(content)))
        {
            current_dated = current_dated || has_year_or_identifier(content);
            entry.text.push(' ');
            entry.text.push_str(content);
            entry.span.end = line.span.end;
            blank_before = false;
            continue;
        }
        // Inside a numbered list, an unnumbered reference-like line between numbered entries
        // is a running header or footer of the PDF ("Ko et al. Medicine (2021) 100:51").
        if numbered_list && last_numbered.is_some_and(|last| index < last) {
            continue;
        }
        // After a numbered list's last entry, an unnumbered reference-like line is no entry
        // of it: a table of "Akutsu et al., 2015 SEES-1" rows ends the list.
        if (looks_like_reference(content) || opens_author_list) && !numbered_list {
            entries.extend(current.take());
            current_dated = has_year_or_identifier(content);
            current_was_complete = false;
            current = Some(unnumbered_entry(line, content));
            blank_before = false;
            continue;
        }
        // Neither an entry nor a continuation: a stray line inside a numbered list is
        // skipped. In an unnumbered list, a short piece of a dated entry carried past a
        // break ("Genome Biol 5: R80") joins it when a full author list comes next;
        // anything else ends the list.
        if last_numbered.is_some_and(|last| index < last) {
            continue;
        }
        let author_list_next = in_region[index + 1..]
            .iter()
            .map(|l| l.text.fast_trim())
            .find(|l| !l.is_empty())
            .is_some_and(|next| AUTHOR_LIST_START.is_match(next));
        if let Some(entry) = current.as_mut().filter(|e| e.label.is_none())
            && current_dated
            && content.len() <= CARRIED_PIECE_MAX_LEN
            && author_list_next
        {
            entry.text.push(' ');
            entry.text.push_str(content);
            entry.span.end = line.span.end;
            blank_before = false;
            continue;
        }
        // A paragraph in a shape the list has not shown ("Hastie, Trevor, Tibshirani,
        // Robert, Friedman J. 2009. …") between dated entries: an entry of its own when it
        // has its year near the start and the next paragraph opens with authors.
        // Ending the list there would lose every entry after it.
        if current_dated
            && blank_before
            && current.as_ref().is_some_and(|e| e.label.is_none())
            && year_position(content).is_some_and(|at| at < OPENING_YEAR_WITHIN)
            && next_paragraph_opens_author_list(&in_region[index + 1..])
        {
            entries.extend(current.take());
            current_dated = true;
            current_was_complete = false;
            current = Some(unnumbered_entry(line, content));
            blank_before = false;
            continue;
        }
        break;
    }
    entries.extend(current);
    entries
}

/// The fewest entries numbered with a bare number ("1 Smith J, …") that make a list.
const BARE_RUN_MIN: usize = 3;

/// Marks, among the lines no other label opens, those that open with a bare number, a
/// space and a name ("1 Smith J, …", "2 张三, …"), as PDF text of lists whose numbers
/// are set without a stop gives them. They count only as a run 1, 2, 3 … of at least
/// [`BARE_RUN_MIN`] in order: a wrapped line that happens to open with a number and a
/// word ("5 International Conference") would have to be the next number of the run too.
fn mark_bare_number_run(lines: &[&Line], numbered: &mut [Option<NumberedStart>]) {
    // The line and label length of entries 1, 2, 3 … in turn.
    let mut run: Vec<(usize, usize)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if numbered[index].is_some() {
            continue;
        }
        if let Some((number, prefix)) = bare_number_start(line.text)
            && number as usize == run.len() + 1
        {
            run.push((index, prefix));
        }
    }
    if run.len() < BARE_RUN_MIN {
        return;
    }
    for (number, (index, prefix)) in (1u32..).zip(run) {
        numbered[index] = Some((Cow::Owned(number.to_string()), prefix, Cow::Borrowed("")));
    }
}

/// The number and label length (with the white space after it) of a line that opens
/// with one to three digits, white space and a capital or a Han character.
fn bare_number_start(line: &str) -> Option<(u32, usize)> {
    let text = line.trim_start_matches([' ', '\t', '\u{3000}']);
    let digits = leading_ascii_digits(text);
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = &text[digits..];
    let name = rest.trim_start_matches([' ', '\t']);
    let opens_name = name
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || (!c.is_ascii() && c.is_alphabetic()));
    if name.len() == rest.len() || !opens_name {
        return None;
    }
    let prefix = line.len() - name.len();
    Some((text[..digits].parse().ok()?, prefix))
}

/// The text of an entry that opens with `first_line`, with room for the lines that most
/// entries go on over, so that joining them seldom moves it.
fn entry_text(first_line: &str) -> String {
    const TYPICAL_ENTRY_LEN: usize = 320;
    let mut text = String::with_capacity(first_line.len().max(TYPICAL_ENTRY_LEN));
    text.push_str(first_line);
    text
}

/// An entry without a label that opens at `line`, whose text (continuation dash removed)
/// is `content`.
fn unnumbered_entry(line: &Line, content: &str) -> RawEntry {
    let start = line.span.start + (line.text.len() - line.text.fast_trim_start().len());
    RawEntry {
        label: None,
        text: entry_text(content),
        span: Span::new(start, line.span.end),
        label_span: Span::new(
            start,
            (start + first_word_len(line.text.fast_trim_start())).min(line.span.end),
        ),
    }
}

/// Whether the first paragraph after the lines up to the next blank one opens with an
/// author list or a single author and the year.
fn next_paragraph_opens_author_list(after: &[&Line]) -> bool {
    let mut lines = after.iter().map(|l| l.text.fast_trim());
    lines.by_ref().find(|l| l.is_empty()).is_some()
        && lines
            .find(|l| !l.is_empty())
            .is_some_and(|next| AUTHOR_LIST_START.is_match(next) || LONE_AUTHOR_YEAR.is_match(next))
}

/// A numbered label without its digits, white space and bullet: "[]", ".", "()", ")", or
/// nothing for superscript digits.
fn label_shape(label: &str) -> Cow<'static, str> {
    let shape = label.chars().filter(|&c| {
        !(c.is_ascii_digit()
            || c.is_whitespace()
            || superscript_digit(c).is_some()
            || matches!(c, '-' | '*' | '•'))
    });
    // The shapes a numbered label has, borrowed rather than collected anew on every line.
    const SHAPES: [&str; 6] = ["[]", ".", "()", ")", "［］", ""];
    match SHAPES.iter().find(|known| known.chars().eq(shape.clone())) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(shape.collect()),
    }
}

/// The value that occurs most often, the first of them on a tie.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for value in values {
        match counts.iter_mut().find(|(seen, _)| *seen == value) {
            Some((_, count)) => *count += 1,
            None => counts.push((value, 1)),
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max()?;
    counts
        .into_iter()
        .find(|(_, count)| *count == best)
        .map(|(value, _)| value)
}

/// Page breaks in extracted text carry lines over as "- rest of entry".
fn strip_continuation_dash(text: &str) -> &str {
    match text.strip_prefix('-') {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => rest.fast_trim(),
        _ => text,
    }
}

/// In a list without blank lines between entries, a line that could open a new entry.
fn starts_like_new_entry(text: &str) -> bool {
    looks_like_reference(text)
}

/// Whether `text` opens with a DOI or a URL ("doi:10.…", "https://…"), which ends an
/// entry and never starts one. "Doi, K." is a surname.
fn opens_with_identifier(text: &str) -> bool {
    ["doi:", "doi 10.", "https://", "http://", "www."]
        .iter()
        .any(|prefix| {
            text.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
        })
}

fn first_word_len(text: &str) -> usize {
    text.find(|c: char| c.is_whitespace() || c == ',' || c == '，')
        .unwrap_or(text.len())
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bibliography::lines::lines;
    use crate::source::Source;

    /// A label's shape is what collecting its characters but digits, white space and
    /// bullets gives, borrowed for the usual shapes.
    #[test]
    fn label_shapes_are_the_collected_delimiters() {
        let pieces = [
            "[", "]", "(", ")", ".", "1", "23", "¹", " ", "\u{3000}", "-", "•", "［", "］", "x",
        ];
        let labels = crate::text::generated_strings(&pieces, 5_000, 5, 0x5ba9e);
        let mut borrowed = 0;
        for label in &labels {
            let collected: String = label
                .chars()
                .filter(|&c| {
                    !(c.is_ascii_digit()
                        || c.is_whitespace()
                        || superscript_digit(c).is_some()
                        || matches!(c, '-' | '*' | '•'))
                })
                .collect();
            let shape = label_shape(label);
            assert_eq!(shape, collected, "{label:?}");
            borrowed += usize::from(matches!(shape, Cow::Borrowed(_)));
        }
        assert!(borrowed > 1_000, "{borrowed}");
        assert_eq!(label_shape(" [12] "), "[]");
        assert_eq!(label_shape("- 3. "), ".");
    }

    #[test]
    fn the_author_list_start_matchers_answer_as_regex_does() {
        let pieces: Vec<&str> = "Bert|Smith|van |de |Schulte-Merker|O’Brien|Müller|Łukasz|Arnold Anteraper|, |,|B.|B. |J.|DG|J-P|D V.|LQ| |  |and |& |2015|1981.|2001,|x|Cao B, Wang Y,|. "
            .split('|')
            .collect();
        let mut texts = crate::text::generated_strings(&pieces, 8_000, 8, 0x5_1e7);
        let surnames = [
            "Bert",
            "van Eeden",
            "de la Cruz",
            "Schulte-Merker",
            "O’Brien",
            "Müller",
            "Arnold Anteraper",
            "smith",
            "Łukasz",
        ];
        texts.extend(crate::text::generated_shapes(
            &[
                &surnames,
                &[", ", ",", " ", ", B. ", "  "],
                &[
                    "B.",
                    "B. J.",
                    "DG",
                    "J-P",
                    "LQ.",
                    "D V.",
                    "A. R. de A.",
                    "b.",
                ],
                &[", ", " and ", " & ", ". ", " ", ","],
                &[
                    "Fink, H.",
                    "Wang Y,",
                    "Smith D V.,",
                    "2015.",
                    "1981,",
                    "2001",
                    "x",
                ],
            ],
            8_000,
            0x3_a11,
        ));
        let mut matches = 0;
        for pattern in [
            AUTHOR_LIST_START_PATTERN,
            FIRST_AUTHOR_PATTERN,
            LONE_AUTHOR_YEAR_PATTERN,
        ] {
            let found = crate::text::thread_regex::assert_match_test_agrees(
                &name_letters(pattern),
                true,
                &texts,
            );
            assert!(found > 50, "{found} matches of {pattern}");
            matches += found;
        }
        assert!(matches > 1_000, "{matches}");
    }

    fn split(text: &str) -> Vec<RawEntry> {
        let source = Source::new("t", text);
        split_entries(&lines(&source), Span::new(0, text.len()))
    }

    /// The labels of the numbered entries.
    fn labels(entries: &[RawEntry]) -> Vec<&str> {
        entries.iter().filter_map(|e| e.label.as_deref()).collect()
    }

    /// The first five bytes of each entry.
    fn openings(entries: &[RawEntry]) -> Vec<&str> {
        entries.iter().map(|e| &e.text[..5]).collect()
    }

    #[test]
    fn joins_page_break_continuations_and_stops_at_citation_block() {
        let text = "1. Ames B. A study of things. J Med. 2001;1:1-2.\n2. Brown C. A long title that breaks\n\n- across pages. J Med. 2002;2:3-4.\n 3. Cole D. Third. J Med. 2003;3:5-6.\n-\n- 引用本文 / Article Citation:\n- X. Y. J Z. 2024;1:1-2.\n";
        let source = Source::new("t", text);
        let entries = split_entries(&lines(&source), Span::new(0, text.len()));
        let labels: Vec<_> = entries.iter().map(|e| e.label.clone().unwrap()).collect();
        assert_eq!(labels, ["1", "2", "3"]);
        assert_eq!(
            entries[1].text,
            "Brown C. A long title that breaks across pages. J Med. 2002;2:3-4."
        );
    }

    #[test]
    fn doi_lines_and_carried_page_ranges_finish_the_entry_before() {
        let text = "Ames, B., and Bell, C. (2001). Restraint stress in mice. Behav Brain Res 1, 1-9.\ndoi:10.1016/j.bbr.2001.01.001.\nBell, C., and Ames, B. (2002). Handling in rats. Behav Brain Res 2, 1-9.\nBode, A., and Cole, D. (2002). Noise in rats. Behav Brain Res 2, 10-19.\nCole, D., Dunn, E., and Ford, G. (2003). Isolation in rats. Horm Behav 56, 24-\n34. doi:10.1016/j.yhbeh.2009.02.006.\nDoi, K., and Grant, H. (2005). Pain in mice. Pain 3, 1-9.\nJennings, K. A., Loder, M. K., and Hale, I. (2006). Anxiety in mice. J Neurosci 26, 1-9.\n";
        let entries = split(text);
        assert_eq!(
            openings(&entries),
            ["Ames,", "Bell,", "Bode,", "Cole,", "Doi, ", "Jenni"]
        );
        assert!(entries.iter().all(|e| e.label.is_none()));
        assert!(entries[0].text.ends_with("doi:10.1016/j.bbr.2001.01.001."));
        assert!(
            entries[3]
                .text
                .ends_with("24- 34. doi:10.1016/j.yhbeh.2009.02.006.")
        );
    }

    #[test]
    fn a_lone_author_with_the_year_opens_an_entry_after_one_without_a_stop() {
        // Entries that end with a bare journal name, then a single author, and an author
        // list whose second author's initials are spaced ("Smith D V.").
        let text = "Ames B, Bell C. 2010. Imaging the nuclei of rats. Neuroimage
Dietz E. 1981. The projections in the cat. Exp Brain Res
Hayes BY, Smith D V., Platt ML. 2009. Correlates of the default mode. Proc Natl Acad Sci
Uddin LQ. 2015. Salience processing. Nat Rev Neurosci 16:55-61
";
        assert_eq!(openings(&split(text)), ["Ames ", "Dietz", "Hayes", "Uddin"]);
        // A line that opens with a capitalised word and a year, but no initials, is no author.
        let text = "Ames B, Bell C. 2010. Imaging the nuclei of rats. Neuroimage
Science 2001. Supplement on the cat. Exp Brain Res
";
        assert_eq!(openings(&split(text)), ["Ames "]);
    }

    #[test]
    fn a_group_author_with_the_year_opens_an_entry_after_a_finished_one() {
        let text = "MacDonald, K., Ross, L., 2016. Nerve injury in rats. J Neurosci 7, 61-70.
World Health Organization, 2021. Global report on diabetes. WHO, Geneva.
Centers for Disease Control and Prevention. (2020). Obesity facts. CDC, Atlanta.
UNAIDS, 2019. Global AIDS update. UNAIDS, Geneva.
Zhang, O., Liu, P., 2019. Drug F in adjuvant arthritis. Inflamm Res 9, 81-90.
";
        assert_eq!(
            openings(&split(text)),
            ["MacDo", "World", "Cente", "UNAID", "Zhang"]
        );
        // The last name of a wrapped author list, alone or as a full name, continues it
        // when the line before ends unfinished.
        let text = "Ames, B., Bell, C., 2010. Imaging the nuclei of rats. Neuroimage 5, 1-9.
Cole, D., Dunn, E., and
Rich Caruana. 2011. Multitask learning. Mach Learn 28, 41-75.
Fox, G., Hill, H., and Preslav
Nakov. 2019. Fine-grained analysis. Proc ACL 1, 1-10.
";
        assert_eq!(openings(&split(text)), ["Ames,", "Cole,", "Fox, "]);
    }

    #[test]
    fn an_entry_in_an_odd_shape_between_dated_ones_does_not_end_the_list() {
        // "Hastie, Trevor, …" matches no author shape; the entries around it do.
        let text = "Haines DE, Dietz E. 2011. The cerebellum. Handb Clin Neurol.\n\nHastie, Trevor, Tibshirani, Robert, Friedman J. 2009. The Elements of Statistical\nLearning, Second Edition\n\nHoche F, Guell X, Sherman JC. 2016. Cerebellar contribution to social cognition.\nCerebellum. 15(6):732-43\n";
        assert_eq!(openings(&split(text)), ["Haine", "Hasti", "Hoche"]);
        // Without authors after it, such a paragraph ends the list as before.
        let text = "Haines DE, Dietz E. 2011. The cerebellum. Handb Clin Neurol.\n\nHastie, Trevor, Tibshirani, Robert, Friedman J. 2009. The Elements of Statistical\n\nTable 1. Participants in 2019\n";
        assert_eq!(openings(&split(text)), ["Haine"]);
    }

    #[test]
    fn author_lists_open_entries_after_running_headers_and_particles() {
        // Four finished entries, a running header the list cannot tell from a continuation,
        // then author lists in two more shapes: "H. and" and a lower-case particle.
        let text = "Ames, B., and Bell, C. (2001). Restraint in mice. Behav Brain Res 1, 1-9.\nBell, C., and Ames, B. (2002). Handling in rats. Behav Brain Res 2, 1-9.\nBode, A., and Cole, D. (2002). Noise in rats. Behav Brain Res 2, 10-19.\nCole, D., and Dunn, E. (2003). Isolation in rats. Horm Behav 5, 1-9.\n=== Reference list, continued ===\nGrandel, H. and Schulte-Merker, S. (1998). The development of the paired fins in the\nzebrafish (Danio rerio). Mech Dev 79, 99-120.\nvan Eeden, F. J., Granato, M., Schach, U., Brand, M., Haffter, P.,\nHammerschmidt, M., Heisenberg, C. P. et al. (1996). Genetic analysis of fin\nformation in the zebrafish. Development 123, 255-62.\nCosta, C. A. R. de A., Kohn, D. O., and de Lima, V. M., Gargano, A. C., and Costa,\nM. (2011). Lemongrass oil in mice. J Ethnopharmacol 137, 828-836.\n";
        let entries = split(text);
        assert_eq!(
            openings(&entries),
            [
                "Ames,", "Bell,", "Bode,", "Cole,", "Grand", "van E", "Costa"
            ]
        );
        assert!(entries[5].text.contains("Hammerschmidt, M."));
    }

    #[test]
    fn a_long_review_list_runs_past_999_but_a_year_opens_no_entry() {
        let mut text: String = (1..=1002)
            .map(|i| format!("{i}. Ames B, Bell C. Exosome topic {i}. J Med. 2001;1:1-2.\n"))
            .collect();
        let entries = split(&text);
        assert_eq!(entries.len(), 1002);
        assert_eq!(labels(&entries)[999..], ["1000", "1001", "1002"]);
        // A line opening with a year in a short list is part of the entry before it.
        text = "1. Ames B. A study. J Med. 2001;1:1-2.\n2. Bell C. Trials. J Med.\n2020. Reprinted 2021;2:3-4.\n3. Cole D. Cells. J Med. 2003;3:5-6.\n".to_owned();
        assert_eq!(labels(&split(&text)), ["1", "2", "3"]);
    }

    #[test]
    fn a_list_numbers_its_entries_one_way() {
        // "73." ends a page range carried over; "(229)" labels a figure after the list.
        let text = "[1] Ames B. A study. J Med. 2001;1:1-2.\n[2] Bell C. Hotspots of reprogramming. Nature. 2011;471(7336):68-\n73.\n[3] Cole D. Naive states. Cell. 2009;4(6):487-92.\nFigure 2\n(229)\nSendai cells\n";
        let entries = split(text);
        assert_eq!(labels(&entries), ["1", "2", "3"]);
        assert!(entries[1].text.ends_with("68- 73."));
    }

    #[test]
    fn numbers_rise_through_a_list_or_start_again_at_one() {
        // "27." after entry 39 ends a date; "1." starts a second list.
        let text = "38.\nRajan D. Fatality rates. Lancet. 2020;20:1-2.\n39.\nThorn T. Antibody tests. The Times. 2020\nMarch\n27.\nhttps://example.org/antibody-tests.\n1. Ames B. Supplement. J Med. 2001;1:1-2.\n2. Bell C. Supplement two. J Med. 2002;2:3-4.\n";
        let entries = split(text);
        assert_eq!(labels(&entries), ["38", "39", "1", "2"]);
        assert!(entries[1].text.contains("March 27. https://example.org"));
    }

    #[test]
    fn bare_numbers_in_a_run_from_one_open_entries() {
        // PDF text of a list numbered without stops; "4 International" wraps entry 2 and
        // "160 Cell lines" wraps entry 3: neither is the next number of the run.
        let text = "1 Ames B. A study. J Med. 2001;1:1-2.\n2 Bell C. Proceedings of the\n4 International Congress. 2002;2:3-4.\n3 Cole D. Cells. 2015;\n160 Cell lines: 20-30.\n4 张三. 标题[J]. 中华医学杂志, 2019, 99(1): 1-5.\n";
        let entries = split(text);
        assert_eq!(labels(&entries), ["1", "2", "3", "4"]);
        assert!(
            entries[1]
                .text
                .ends_with("4 International Congress. 2002;2:3-4.")
        );
        assert!(entries[2].text.ends_with("160 Cell lines: 20-30."));
        assert!(entries[3].text.starts_with("张三"));
        // Two bare numbers are no list: the lines are read as unnumbered entries.
        let text = "1 Ames B. A study. J Med. 2001;1:1-2.\n2 Bell C. Another. J Med. 2002;2:3-4.\n";
        assert!(labels(&split(text)).is_empty());
        // Nor is a run that does not start at one.
        let text = "2 Ames B. A study. J Med. 2001;1:1-2.\n3 Bell C. Another. J Med. 2002;2:3-4.\n4 Cole D. Cells. J Med. 2003;3:5-6.\n";
        assert!(labels(&split(text)).is_empty());
    }

    #[test]
    fn a_numbered_list_ends_before_unnumbered_reference_like_rows() {
        // A table after the list: its rows read like author–year references.
        let text = "[1] Ames B. A study. J Med. 2001;1:1-2.\n[2] Bell C. Another. J Med. 2002;2:3-4.\nAkutsu et al., 2015 SEES-1 line\nNishino et al., 2011 Edom-iPS-1\n";
        let entries = split(text);
        assert_eq!(labels(&entries), ["1", "2"]);
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn author_lists_open_entries_the_reference_shape_misses() {
        // The list's first line (its year on the next), an entry ending without a stop
        // ("… Neuroimage"), link labels after the pages ("CrossRef Medline"), two-word
        // surnames and hyphenated initials, a lone author after a blank line, and initials
        // without a space ("Koonin,E.V.").
        let text = "Agcaoglu O, Miller R, Mayer AR,\nCalhoun VD. 2014. Lateralization of networks. Neuroimage\nArnold Anteraper S, Guell X, Joshi G. 2018. Disrupted connectivity.\n Horm Behav 61:283-292. CrossRef Medline\nBakker J, Honda S-I, Harada N (2002) The aromatase knock-out mouse.\n J Neurosci 22:9104-9112.\n\nDrubin DG. 2014. MBoC improves recognition of co-\nfirst authors. Mol Biol Cell 25:1937.\nKoonin,E.V., Aravind,L. and Wolf,Y.I.\n (2002) Origin and evolution. Cell Death Differ., 9, 394-404.\n";
        assert_eq!(
            openings(&split(text)),
            ["Agcao", "Arnol", "Bakke", "Drubi", "Kooni"]
        );
    }

    #[test]
    fn a_piece_carried_past_a_break_stays_with_its_entry() {
        // "Dudoit" holds no DOI; "Genome Biol 5: R80" after the break ends the entry before
        // the next author list instead of ending the list.
        let text = "Ames B, Bell C (2001) A study. J Med 1: 1-9\nGentleman RC, Carey VJ, Dudoit S, Ellis B,\n Smyth G, Zhang J (2004) Bioconductor: open software.\n\nGenome Biol 5: R80\n Gorunova L, Hoglund M, Jin Y (1998) Cytogenetic analysis. Genes Chromosomes Cancer 23: 81-99\n";
        let entries = split(text);
        assert_eq!(openings(&entries), ["Ames ", "Gentl", "Gorun"]);
        assert!(
            entries[1]
                .text
                .ends_with("open software. Genome Biol 5: R80")
        );
    }

    #[test]
    fn unnumbered_lines_each_an_entry() {
        let text = "Moreau G. Cell-free repair with secreted factors[J]. Commun Biol, 2014, 7(3):e30412.\nGarcia M,Daniels P, et al. Secreted factors[J]. Methods Cell Biol, 2017, 1502:211-230.\n";
        let source = Source::new("t", text);
        let entries = split_entries(&lines(&source), Span::new(0, text.len()));
        assert_eq!(entries.len(), 2);
        assert!(entries.iter().all(|e| e.label.is_none()));
    }
}
