//! Page furniture of text extracted from PDFs: running headers and footers repeated on
//! every page, page numbers, preprint licence lines. It falls anywhere, even inside a
//! sentence or a citation's parenthesis ("(… Zanettini et" / "Rodent anxiety
//! meta-analyses" / "page 12" / "al., 2010)"), so the prose view of plain text blanks it,
//! line break included, and the sentence and the citation run on as if the page had not
//! broken.

use std::ops::Range;
use std::sync::LazyLock;

use crate::source::Source;
use crate::text::thread_regex::{MatchTest, ThreadRegex};
use crate::text::white_space::FastTrim;
use crate::text::with_ascii_lowercase;

/// Preprint footers and licence lines, anywhere in a line (case-insensitive).
const FURNITURE_PHRASES: &str = r"(?:bio|med)rxiv preprint|copyright holder for this preprint|not certified by peer review|which was not peer-reviewed|all rights reserved\.? no reuse|cc-by(?:-nc)?(?:-nd)? 4\.0|made available under a";

/// A bare page number as a whole line: "12", "-35-", "page 12", "Page 3 of 20"
/// (case-insensitive).
const PAGE_NUMBER: &str =
    r"^\s*[-–]?\s*[0-9]{1,4}\s*[-–]?\s*$|^\s*page\s+[0-9]{1,4}(?:\s+of\s+[0-9]{1,4})?\s*$";

static PHRASE: ThreadRegex<MatchTest> = ThreadRegex::new(|| {
    MatchTest::anywhere(&format!("(?i){FURNITURE_PHRASES}"))
        .expect("furniture phrase regex compiles")
});

/// Anchored, so it gives up within a few bytes of a line that is no page number.
static PAGE_NUMBER_LINE: ThreadRegex<MatchTest> = ThreadRegex::new(|| {
    MatchTest::at_start(&format!("(?i){PAGE_NUMBER}")).expect("page-number regex compiles")
});

/// How often a short line must recur to be a running header or footer.
const RUNNING_REPEATS: usize = 3;

/// The longest running header or footer, in bytes.
const RUNNING_MAX_LEN: usize = 200;

/// A piece of each of [`FURNITURE_PHRASES`], in lower case: a line the phrases match holds
/// one of them, ASCII case aside. No piece has an `s` or a `k`, the only ASCII letters a
/// case-insensitive regex also matches outside ASCII (as `ſ` and the Kelvin sign), so
/// lower-casing ASCII letters is all the case folding the test needs.
const PHRASE_PIECES: [&str; 6] = ["rxiv", "preprint", "peer", "erved", "4.0", "available"];

/// Whether `line` is furniture by its wording alone: a preprint footer, a licence line, a
/// bare page number ("12", "-35-", "page 12", "Page 3 of 20").
///
/// The phrase regex, case-insensitive so that no literal search can skip ahead through it,
/// runs only on a line that holds a piece of a phrase: a reference line is then read by one
/// packed search for the pieces instead, several times faster.
pub fn is_page_furniture(line: &str) -> bool {
    may_be_page_number(line) && PAGE_NUMBER_LINE.is_match(line)
        || holds_phrase_piece(line) && PHRASE.is_match(line)
}

/// Whether [`PAGE_NUMBER`] may match `line`: its first character past white space is a
/// dash, a digit or the "p" of "page". An entry that opens with a name fails here without
/// running the regex.
fn may_be_page_number(line: &str) -> bool {
    line.fast_trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '–' | 'p' | 'P'))
}

/// Whether `line` holds one of [`PHRASE_PIECES`] in any ASCII case: one vectorised pass
/// over the line in lower case finds all six.
/// A processor without a packed search (one outside x86-64 and ARM64) looks for each.
fn holds_phrase_piece(line: &str) -> bool {
    static PIECES: LazyLock<Option<aho_corasick::packed::Searcher>> =
        LazyLock::new(|| aho_corasick::packed::Searcher::new(PHRASE_PIECES));
    with_ascii_lowercase(line, |lower| match &*PIECES {
        Some(pieces) => pieces.find(lower).is_some(),
        None => PHRASE_PIECES.iter().any(|piece| lower.contains(piece)),
    })
}

/// The byte ranges of `text`'s furniture lines, each with its line break: page numbers,
/// running headers and footers (a preprint's licence footer among them: it is on every
/// page), and a line of marks alone (".") between two furniture lines.
///
/// A running header is a short line with a letter that recurs `RUNNING_REPEATS` times or
/// more among different text: the prose before it (or after it) differs at
/// `RUNNING_REPEATS` of its places, looking past other recurring lines and known
/// furniture. Text repeated as a whole (a block pasted three times) recurs among the same
/// text, and stays.
pub fn furniture_lines(source: &Source) -> Vec<Range<usize>> {
    let (text, starts) = (source.text.as_str(), source.line_starts());
    let count = line_count(text, starts);
    // One pass reads each line: its text trimmed, whether it is a page number, and its key.
    let mut lines: Vec<&str> = Vec::with_capacity(count);
    let mut furniture: Vec<bool> = Vec::with_capacity(count);
    let mut keys = KeyCounts::with_capacity(count);
    for index in 0..count {
        let line = trim(&text[line_range(text, starts, index)]);
        furniture.push(is_page_number(line));
        keys.add(index, line);
        lines.push(line);
    }
    let groups = keys.recurring_groups(&lines);
    if groups.is_empty() && !furniture.contains(&true) {
        return Vec::new();
    }
    mark_running_headers(&lines, &groups, &mut furniture);
    mark_lone_marks(&lines, &mut furniture);
    (0..count)
        .filter(|&index| furniture[index])
        .map(|index| line_range(text, starts, index))
        .collect()
}

/// How many lines `text` has, from where its lines start (`line_starts`, as
/// [`Source::line_starts`] gives them). A final line break opens no line of its own.
fn line_count(text: &str, line_starts: &[usize]) -> usize {
    line_starts.len() - usize::from(text.ends_with('\n'))
}

/// Line `index` of `text` with its line break.
fn line_range(text: &str, line_starts: &[usize], index: usize) -> Range<usize> {
    line_starts[index]..line_starts.get(index + 1).copied().unwrap_or(text.len())
}

/// The short lines with a letter (or a Han character) counted by a cheap key (length and
/// end bytes), a line at a time: only the few lines whose key recurs are then compared
/// byte by byte. A line is counted in a small table of buckets by its key's top bits; a key
/// that recurs fills its bucket, so only the lines of a bucket that holds
/// [`RUNNING_REPEATS`] or more are sorted by key and counted exactly. Most lines are said
/// once, and cost an increment, not a hash-table entry.
struct KeyCounts {
    /// Each counted line's key and index.
    keyed: Vec<(u64, usize)>,
    /// How many counted lines have a key with each top [`KEY_BUCKET_BITS`] bits, at most
    /// 255.
    buckets: Vec<u8>,
}

/// The bits of a key that pick its bucket.
const KEY_BUCKET_BITS: u32 = 12;

impl KeyCounts {
    fn with_capacity(lines: usize) -> Self {
        KeyCounts {
            keyed: Vec::with_capacity(lines),
            buckets: vec![0; 1 << KEY_BUCKET_BITS],
        }
    }

    fn bucket(key: u64) -> usize {
        (key >> (u64::BITS - KEY_BUCKET_BITS)) as usize
    }

    /// Counts line `index`, trimmed to `line`, if it may be a running header.
    fn add(&mut self, index: usize, line: &str) {
        if line.len() > RUNNING_MAX_LEN
            || !line.bytes().any(|b| b.is_ascii_alphabetic() || b >= 0x80)
        {
            return;
        }
        let key = line_key(line);
        let count = &mut self.buckets[Self::bucket(key)];
        *count = count.saturating_add(1);
        self.keyed.push((key, index));
    }

    /// The indices of the counted lines that recur [`RUNNING_REPEATS`] times or more,
    /// grouped by their text (`lines`, by index).
    fn recurring_groups(self, lines: &[&str]) -> Vec<Vec<usize>> {
        let KeyCounts { keyed, buckets } = self;
        let mut maybe_recurring: Vec<(u64, usize)> = keyed
            .into_iter()
            .filter(|&(key, _)| usize::from(buckets[Self::bucket(key)]) >= RUNNING_REPEATS)
            .collect();
        // Sorted by key, the lines of a key are nearly always one text, told so by
        // comparing each with the first; only keys that two texts share are sorted by
        // their text. The key alone orders them: a group's neighbours are read as a set,
        // so the order of its lines does not matter.
        maybe_recurring.sort_unstable_by_key(|&(key, _)| key);
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for same_key in maybe_recurring
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|same_key| same_key.len() >= RUNNING_REPEATS)
        {
            let text = |&(_, index): &(u64, usize)| lines[index];
            if same_key.iter().all(|line| text(line) == text(&same_key[0])) {
                groups.push(same_key.iter().map(|&(_, index)| index).collect());
                continue;
            }
            let mut by_text: Vec<(&str, usize)> =
                same_key.iter().map(|line| (text(line), line.1)).collect();
            by_text.sort_unstable();
            groups.extend(
                by_text
                    .chunk_by(|a, b| a.0 == b.0)
                    .map(|group| group.iter().map(|&(_, index)| index).collect()),
            );
        }
        groups.retain(|group| group.len() >= RUNNING_REPEATS);
        groups
    }
}

/// Marks the recurring `groups` that stand among different prose as furniture.
fn mark_running_headers<'a>(lines: &[&'a str], groups: &[Vec<usize>], furniture: &mut [bool]) {
    // Lines a header's surroundings are read past: known furniture and other recurring lines.
    let mut recurring = furniture.to_vec();
    for &index in groups.iter().flatten() {
        recurring[index] = true;
    }
    // The nearest prose line before and after each line, in one pass each way (a walk per
    // line would be quadratic where most lines recur).
    let prose =
        |(line, recurring): (&&'a str, &bool)| (!line.is_empty() && !recurring).then_some(*line);
    let mut last = "";
    let prose_before: Vec<&str> = lines
        .iter()
        .zip(&recurring)
        .map(|line| {
            let before = last;
            last = prose(line).unwrap_or(last);
            before
        })
        .collect();
    last = "";
    let mut prose_after: Vec<&str> = lines
        .iter()
        .zip(&recurring)
        .rev()
        .map(|line| {
            let after = last;
            last = prose(line).unwrap_or(last);
            after
        })
        .collect();
    prose_after.reverse();
    for group in groups {
        // Whether the group's lines have `RUNNING_REPEATS` different neighbours: read until
        // that many are found, most often the first few.
        let varied = |near: &[&str]| {
            let mut different = [""; RUNNING_REPEATS];
            let mut found = 0;
            for &index in group {
                if !different[..found].contains(&near[index]) {
                    different[found] = near[index];
                    found += 1;
                    if found >= RUNNING_REPEATS {
                        return true;
                    }
                }
            }
            false
        };
        if varied(&prose_before) || varied(&prose_after) {
            for &index in group {
                furniture[index] = true;
            }
        }
    }
}

/// Marks a line of marks alone (".", ";") between two furniture lines as furniture.
fn mark_lone_marks(lines: &[&str], furniture: &mut [bool]) {
    // The last two lines with text before the one read.
    let mut before: Option<usize> = None;
    let mut mark: Option<usize> = None;
    for after in (0..lines.len()).filter(|&index| !lines[index].is_empty()) {
        if let (Some(before), Some(mark)) = (before, mark)
            && furniture[before]
            && furniture[after]
            && !lines[mark].chars().any(char::is_alphanumeric)
        {
            furniture[mark] = true;
        }
        (before, mark) = (mark, Some(after));
    }
}

/// A key equal lines share: the length and up to eight bytes from each end, mixed.
fn line_key(line: &str) -> u64 {
    let bytes = line.as_bytes();
    let word = |part: &[u8; 8]| u64::from_le_bytes(*part);
    let (head, tail) = match (bytes.first_chunk::<8>(), bytes.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (word(head), word(tail)),
        _ => {
            let mut short = [0u8; 8];
            short[..bytes.len()].copy_from_slice(bytes);
            (word(&short), word(&short))
        }
    };
    (head.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ tail.wrapping_mul(0xc2b2_ae3d_27d4_eb4f))
        .rotate_left(23)
        ^ bytes.len() as u64
}

/// Whether the trimmed `line` is a page number: "12", "-35-", "– 7 –", "page 12",
/// "Page 3 of 20" (what [`is_page_furniture`] reads as one, without running the regex on
/// every short line).
fn is_page_number(line: &str) -> bool {
    // "Page 999 of 999" is the longest.
    // Its first character is a digit, a dash or the "p" of "page" (0xE2 opens "–").
    if line.len() > 16
        || !matches!(
            line.as_bytes().first(),
            Some(b'0'..=b'9' | b'-' | 0xE2 | b'p' | b'P')
        )
        || !line.bytes().any(|b| b.is_ascii_digit())
    {
        return false;
    }
    let number =
        |word: &str| (1..=4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit());
    let bare = line
        .strip_prefix(['-', '–'])
        .unwrap_or(line)
        .fast_trim_start();
    let bare = bare
        .strip_suffix(['-', '–'])
        .unwrap_or(bare)
        .fast_trim_end();
    if number(bare) {
        return true;
    }
    let mut words = line.split_whitespace();
    match (
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
    ) {
        (Some(page), Some(n), None, None, None) => page.eq_ignore_ascii_case("page") && number(n),
        (Some(page), Some(n), Some(of), Some(m), None) => {
            page.eq_ignore_ascii_case("page")
                && number(n)
                && of.eq_ignore_ascii_case("of")
                && number(m)
        }
        _ => false,
    }
}

/// `line` without white space at its ends: ASCII quickly, Unicode (an ideographic space)
/// where an end is not ASCII.
fn trim(line: &str) -> &str {
    let trimmed = line.trim_ascii();
    let bytes = trimmed.as_bytes();
    if bytes.first().is_some_and(|b| *b >= 0x80) || bytes.last().is_some_and(|b| *b >= 0x80) {
        trimmed.fast_trim()
    } else {
        trimmed
    }
}

/// `text` with each of `ranges` blanked, line breaks too, keeping every byte offset.
pub fn blank_lines(text: &str, ranges: &[Range<usize>]) -> String {
    let mut blanked = String::with_capacity(text.len());
    let mut kept_from = 0;
    for range in ranges {
        blanked.push_str(&text[kept_from..range.start]);
        // Copied in runs of spaces, not pushed a character at a time.
        const SPACES: &str = "                                                                ";
        let mut left = range.len();
        while left > 0 {
            let run = left.min(SPACES.len());
            blanked.push_str(&SPACES[..run]);
            left -= run;
        }
        kept_from = range.end;
    }
    blanked.push_str(&text[kept_from..]);
    blanked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn furniture_of(text: &str) -> Vec<Range<usize>> {
        furniture_lines(&Source::new("t", text))
    }

    /// The lines read from the line index are the lines a scan for line breaks finds.
    #[test]
    fn lines_from_the_index_are_the_scanned_lines() {
        fn scanned(text: &str) -> Vec<(Range<usize>, &str)> {
            let mut lines = Vec::new();
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|newline| newline + 1)
                .chain((!text.ends_with('\n')).then_some(text.len()))
            {
                lines.push((start..end, trim(&text[start..end])));
                start = end;
            }
            lines
        }
        let pieces = ["", "\n", "\r\n", " ", "12", "page 3", "x", "临床", "\n\n"];
        let texts = crate::text::generated_strings(&pieces, 5_000, 6, 0x11_e5);
        for text in texts
            .iter()
            .map(String::as_str)
            .chain(["", "\n", "a", "a\n", "\na"])
        {
            let source = Source::new("t", text);
            let starts = source.line_starts();
            let indexed: Vec<(Range<usize>, &str)> = (0..line_count(text, starts))
                .map(|index| {
                    let range = line_range(text, starts, index);
                    (range.clone(), trim(&text[range]))
                })
                .collect();
            assert_eq!(indexed, scanned(text), "{text:?}");
        }
    }
    use regex::Regex;

    #[test]
    fn the_page_number_matcher_answers_as_regex_does() {
        let texts = crate::text::generated_shapes(
            &[
                &["", " ", "- ", "– ", "Page ", "PAGE ", "page  ", "x"],
                &["1", "12", "345", "2024", "12345", "iv"],
                &["", " ", " -", " of 20", " of 12345", "\n", "x"],
            ],
            4_000,
            0x9a_6e,
        );
        let matches = crate::text::thread_regex::assert_match_test_agrees(
            &format!("(?i){PAGE_NUMBER}"),
            true,
            &texts,
        );
        assert!(matches > 500, "{matches}");
        // The prefilter passes every line the pattern matches.
        let regex = Regex::new(&format!("(?i){PAGE_NUMBER}")).unwrap();
        for text in texts.iter().filter(|text| regex.is_match(text)) {
            assert!(may_be_page_number(text), "{text:?}");
        }
        assert!(!may_be_page_number("Smith J. 12"));
        // The trimmed lines the pattern matches with a digit are the page numbers.
        for text in &texts {
            let line = text.trim();
            let by_regex = line.bytes().any(|b| b.is_ascii_digit()) && regex.is_match(line);
            assert_eq!(is_page_number(line), by_regex, "{line:?}");
        }
    }

    #[test]
    fn wording_alone() {
        for line in [
            "12",
            " -35- ",
            "– 7 –",
            "page 12",
            "Page 3 of 20",
            "bioRxiv preprint doi: 10.1101/1",
        ] {
            assert!(is_page_furniture(line), "{line}");
        }
        for line in [
            "12345",
            "35. Smith J.",
            "- across pages. J Med. 2002;2:3-4.",
            "the page 12 figure",
        ] {
            assert!(!is_page_furniture(line), "{line}");
        }
    }

    #[test]
    fn furniture_wording_is_what_the_whole_regex_reads() {
        let pieces: Vec<&str> = concat!(
            "bioRxiv|MEDRXIV| preprint| Preprint|copyright holder for this|not certified by |",
            "peer review|which was not |Peer-reviewed|all rights reserved|.| no reuse|CC-BY|-NC|",
            "-nd| 4.0|made available under a|ſ|\u{212a}|page| |12|-|–|of|３|\u{3000}|x|Smith J. ",
        )
        .split('|')
        .collect();
        let whole = Regex::new(&format!("(?i){FURNITURE_PHRASES}|{PAGE_NUMBER}")).unwrap();
        let mut furniture = 0;
        for line in crate::text::generated_strings(&pieces, 20_000, 6, 0xf0_07e4) {
            let expected = whole.is_match(&line);
            assert_eq!(is_page_furniture(&line), expected, "{line:?}");
            furniture += usize::from(expected);
        }
        assert!(furniture > 1_000, "only {furniture} furniture lines");
    }

    #[test]
    fn a_citation_runs_on_across_a_page_break() {
        let page = |n: usize, body: &str| format!("{body}\n Rodent anxiety \n . \n page {n} \n");
        let text = [
            page(1, "First page text."),
            page(2, "Meta-analyses (Vinkers et al., 2010; Zanettini et"),
            page(3, "al., 2010) found more."),
        ]
        .concat();
        let blanked = blank_lines(&text, &furniture_of(&text));
        assert_eq!(blanked.len(), text.len());
        let squashed: Vec<&str> = blanked.split_whitespace().collect();
        assert_eq!(
            squashed.join(" "),
            "First page text. Meta-analyses (Vinkers et al., 2010; Zanettini et al., 2010) found more."
        );
        // No blank line is left where the furniture was: the sentence is not broken.
        assert!(!blanked.contains("\n\n") && !blanked.contains("\n \n"));
    }

    #[test]
    fn blanking_keeps_every_offset_whatever_the_length() {
        let long = "x".repeat(150);
        let text = format!("a\n{long}\nb\nccc\n");
        let ranges = [2..153, 155..159];
        let blanked = blank_lines(&text, &ranges);
        assert_eq!(
            blanked,
            format!("a\n{}b\n{}", " ".repeat(151), " ".repeat(4))
        );
    }

    #[test]
    fn page_numbers_are_furniture_wherever_they_stand() {
        let text = "Text\n12\nmore text\n -35- \npage 12\r\nPage 3 of 20\n12345\n35. Smith J.\n";
        let found: Vec<&str> = furniture_of(text)
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect();
        assert_eq!(found, ["12", "-35-", "page 12", "Page 3 of 20"]);
    }

    #[test]
    fn a_preprint_footer_on_every_page_is_furniture() {
        let page = |n: usize| format!("Text of page {n}.\nbioRxiv preprint\n -{n}- \n");
        let text: String = (1..=3).map(page).collect();
        let found: Vec<&str> = furniture_of(&text)
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect();
        assert_eq!(
            found,
            [
                "bioRxiv preprint",
                "-1-",
                "bioRxiv preprint",
                "-2-",
                "bioRxiv preprint",
                "-3-"
            ]
        );
    }

    #[test]
    fn page_numbers_read_as_the_furniture_regex_reads_them() {
        for line in [
            "12",
            "-35-",
            "- 35 -",
            "– 7 –",
            "7-",
            "--7",
            "12345",
            "1.",
            "page 12",
            "Page 3 of 20",
            "PAGE 3 OF 20",
            "page",
            "page twelve",
            "page 12 of",
            "pages 12",
            "12 of 20",
            "p. 12",
            "page 12345",
            "x12",
            "",
        ] {
            let by_regex = !line.is_empty()
                && line.bytes().any(|b| b.is_ascii_digit())
                && is_page_furniture(line);
            assert_eq!(is_page_number(line), by_regex, "{line:?}");
        }
    }

    #[test]
    fn headers_that_share_a_key_are_told_apart_by_their_text() {
        // Same length, same first and last eight bytes: one key, two texts.
        let (alpha, gamma) = (
            "Running head alpha of the trial",
            "Running head gamma of the trial",
        );
        assert_eq!(line_key(alpha), line_key(gamma));
        let page = |n: usize| format!("Prose of page {n} goes on.\n{alpha}\nMore of page {n}.\n");
        let mut text: String = (1..=3).map(page).collect();
        // The other text is said twice only: prose, though its key is counted five times.
        text.push_str(&format!("{gamma}\nA line.\n{gamma}\n"));
        let found: Vec<&str> = furniture_of(&text)
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect();
        assert_eq!(found, [alpha, alpha, alpha]);
        // Three times among different prose, it is a running header too.
        text.push_str(&format!("Last page.\n{gamma}\n"));
        let found = furniture_of(&text).len();
        assert_eq!(found, 6);
    }

    #[test]
    fn a_line_said_twice_is_prose() {
        let text = "In rats.\nIn rats.\nThe end\n.\n";
        assert!(furniture_of(text).is_empty());
    }

    #[test]
    fn a_block_repeated_whole_is_prose() {
        let block = "A phase II trial in patients [1].\nIt was small.\n";
        let text = format!(
            "Title\n{}References\n1. Ames B. J Med. 2001;1:1-2.\n",
            block.repeat(4)
        );
        assert!(furniture_of(&text).is_empty());
    }
}
