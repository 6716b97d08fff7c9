//! Sentence splitting for English, Chinese and mixed text.
//!
//! Chinese sentences end at 。！？； (and at an ASCII full stop directly followed by a Han
//! character, as PDF-extracted Chinese often has). English sentences end at `.`, `!`, `?`
//! followed by space and a capital, a digit or the end, except after abbreviations
//! (et al., e.g., Fig., vs. …), initials and inside decimal numbers. A citation marker just
//! after the end belongs to the sentence before it. Blank lines end a sentence unless the
//! text plainly runs on across a page break.

use crate::source::Span;
use crate::text::{is_han, white_space};

/// Words a full stop follows without ending the sentence, in byte order (they are
/// looked up by binary search).
const ABBREVIATIONS: &[&str] = &[
    "al", "approx", "apr", "aug", "biol", "ca", "cf", "clin", "co", "dec", "dept", "dr", "e.g",
    "ed", "eds", "eg", "eq", "etc", "feb", "fig", "figs", "i.e", "ie", "inc", "incl", "j", "jan",
    "jul", "jun", "ltd", "mar", "max", "med", "min", "mr", "mrs", "ms", "no", "nos", "nov", "oct",
    "p", "pp", "prof", "ref", "refs", "res", "resp", "sci", "sep", "sept", "sp", "spp", "st",
    "suppl", "tab", "univ", "vol", "vs",
];

/// The length of the longest of [`ABBREVIATIONS`]: a longer word is none of them.
const LONGEST_ABBREVIATION: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < ABBREVIATIONS.len() {
        if ABBREVIATIONS[i].len() > longest {
            longest = ABBREVIATIONS[i].len();
        }
        i += 1;
    }
    longest
};

/// Bytes that can open a character the splitter acts on: ASCII brackets, stops and
/// newlines, and the lead bytes of （ ） ； ！ ？ (0xEF) and 。 (0xE3).
const INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let bytes = b"([)]\n!?.";
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table[0xEF] = true;
    table[0xE3] = true;
    table
};

/// Splits `text[span]` into sentence spans (absolute offsets, trimmed of white space).
pub fn split_sentences(text: &str, span: Span) -> Vec<Span> {
    let region = &text[span.start..span.end];
    split_region(region, span.start, Stops::new(region.as_bytes()))
}

/// Splits `region`, which starts at offset `base` of its text, looking at `stops`.
fn split_region(region: &str, base: usize, mut stops: Stops) -> Vec<Span> {
    let mut sentences = Vec::new();
    let mut start = 0usize;
    let mut pos = 0usize;
    // Open brackets: a semicolon inside "（王明，2017；李华等，2020）" ends no sentence.
    let mut depth = 0usize;
    while let Some(offset) = stops.next_from(pos) {
        let Some(c) = region[offset..].chars().next() else {
            break;
        };
        pos = offset + c.len_utf8();
        let end_here = match c {
            '(' | '（' | '[' => {
                depth += 1;
                None
            }
            ')' | '）' | ']' => {
                depth = depth.saturating_sub(1);
                None
            }
            '\n' => {
                let breaks = paragraph_break(region, offset);
                if breaks {
                    depth = 0;
                }
                breaks.then_some(offset)
            }
            '；' if depth > 0 => None,
            '。' | '！' | '？' | '；' | '!' | '?' => Some(offset + c.len_utf8()),
            '.' => is_full_stop(region, offset).then_some(offset + 1),
            _ => None,
        };
        if let Some(mut end) = end_here {
            if c != '\n' {
                end = absorb_closers_and_marker(region, end);
            }
            push_trimmed(&mut sentences, region, start, end, base);
            start = end;
            pos = pos.max(end);
        }
    }
    push_trimmed(&mut sentences, region, start, region.len(), base);
    sentences
}

/// Where the splitter looks next: each [`INTERESTING`] byte from a given offset on.
///
/// The brackets are counted only to tell a '；' inside them, so a text without '；' needs
/// none of them, and its six other bytes are found by two vectorised `memchr3` scans, side
/// by side, instead of a test per byte.
enum Stops<'a> {
    EveryByte(&'a [u8]),
    TwoScans {
        stops: std::iter::Peekable<memchr::Memchr3<'a>>,
        others: std::iter::Peekable<memchr::Memchr3<'a>>,
    },
}

impl<'a> Stops<'a> {
    fn new(bytes: &'a [u8]) -> Stops<'a> {
        if memchr::memmem::find(bytes, "；".as_bytes()).is_some() {
            Stops::EveryByte(bytes)
        } else {
            Stops::TwoScans {
                stops: memchr::memchr3_iter(b'\n', b'.', b'!', bytes).peekable(),
                others: memchr::memchr3_iter(b'?', 0xEF, 0xE3, bytes).peekable(),
            }
        }
    }

    /// The first offset at or after `from` the splitter acts on.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        match self {
            Stops::EveryByte(bytes) => bytes
                .get(from..)?
                .iter()
                .position(|&b| INTERESTING[usize::from(b)])
                .map(|rel| from + rel),
            Stops::TwoScans { stops, others } => crate::text::next_of_two(stops, others, from),
        }
    }
}

fn push_trimmed(out: &mut Vec<Span>, region: &str, start: usize, end: usize, base: usize) {
    let piece = &region[start..end];
    let opened = white_space::trim_start(piece);
    if opened.is_empty() {
        return;
    }
    let lead = piece.len() - opened.len();
    let trail = opened.len() - white_space::trim_end(opened).len();
    out.push(Span::new(base + start + lead, base + end - trail));
}

fn is_full_stop(region: &str, offset: usize) -> bool {
    let before = &region[..offset];
    let prev = before.chars().next_back();
    let next = region[offset + 1..].chars().next();
    // Decimal numbers and section numbers such as 3.1 or 1.52.
    if prev.is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    match next {
        None => return true,
        Some(c) if is_han(c) => return true,
        Some('[') | Some('⁽') | Some('^') => return true,
        Some(c) if superscript_start(c) => return true,
        Some(c) if c.is_whitespace() => {}
        Some(_) => return false,
    }
    // What follows the white space must look like a new sentence.
    let after = white_space::trim_start(&region[offset + 1..]);
    let Some(first) = after.chars().next() else {
        return true;
    };
    if first.is_lowercase() {
        return false;
    }
    // The word before the full stop must not be an abbreviation or an initial.
    let word_len: usize = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .map(char::len_utf8)
        .sum();
    let word = &before[before.len() - word_len..];
    // Section numbers at the start of a line: "2.3. 慢性肾脏病".
    if word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && crate::text::opens_line(&before[..before.len() - word_len])
    {
        return false;
    }
    if is_abbreviation(word) {
        return false;
    }
    let mut word_chars = word.chars();
    if let (Some(only), None) = (word_chars.next(), word_chars.next())
        && only.is_uppercase()
    {
        return false;
    }
    true
}

/// Whether `word` is one of [`ABBREVIATIONS`] in any ASCII case: lower-cased into a
/// buffer and looked up in the sorted list.
fn is_abbreviation(word: &str) -> bool {
    let mut buffer = [0u8; LONGEST_ABBREVIATION];
    let Some(lower) = buffer.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    ABBREVIATIONS
        .binary_search_by(|abbreviation| abbreviation.as_bytes().cmp(lower))
        .is_ok()
}

fn superscript_start(c: char) -> bool {
    crate::text::superscript_digit(c).is_some()
}

/// A newline ends a sentence when it closes a paragraph (a blank line follows) or a
/// heading-like line, unless the text runs on across the break (a page break mid-sentence).
fn paragraph_break(region: &str, offset: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &region.as_bytes()[..offset]).map_or(0, |p| p + 1);
    let line = white_space::trim(&region[line_start..offset]);
    let rest = &region[offset + 1..];
    let blank_follows = opens_with_blank_line(rest);
    if line.is_empty() {
        return false;
    }
    if line.starts_with('#') || looks_like_heading(line) {
        return true;
    }
    if !blank_follows {
        return false;
    }
    // A blank line: find the next paragraph's first character.
    let next_text = white_space::trim_start(rest);
    let Some(next_first) = next_text.chars().next() else {
        return true;
    };
    let last = line.chars().last().unwrap_or('.');
    let runs_on =
        (is_han(last) || last.is_alphabetic() || matches!(last, ',' | '，' | '、' | '-' | '('))
            && (is_han(next_first) || next_first.is_lowercase() || next_first.is_ascii_digit());
    !runs_on
}

/// Whether the line `rest` opens with is blank: only white space before its line break (or
/// the end), read without finding where that line ends.
fn opens_with_blank_line(rest: &str) -> bool {
    white_space::trim_line_start(rest)
        .chars()
        .next()
        .is_none_or(|c| c == '\n')
}

/// A short line with no sentence punctuation, such as "2.3. 慢性肾脏病" or "Methods".
fn looks_like_heading(line: &str) -> bool {
    // More than 160 bytes is more than 40 characters.
    if line.len() > 160 {
        return false;
    }
    // Forty-one ASCII bytes are more than 40 characters, found without counting them all.
    if line.as_bytes().get(..=40).is_some_and(<[u8]>::is_ascii) {
        return false;
    }
    let count = line.chars().count();
    if count > 40 || count == 0 {
        return false;
    }
    let last = line.chars().last().unwrap_or(' ');
    if matches!(last, ',' | '，' | '、' | '(' | '（') {
        return false;
    }
    let numbered = line.chars().next().is_some_and(|c| c.is_ascii_digit())
        && line.split_whitespace().next().is_some_and(|w| {
            w.trim_end_matches('.')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
        })
        && line.split_whitespace().count() >= 2;
    numbered || (count <= 25 && !line.contains(['。', '.', '，', ',', '；']))
}

/// After a sentence end, takes closing quotes and brackets and a citation marker that sits
/// directly after it on the same line.
fn absorb_closers_and_marker(region: &str, mut end: usize) -> usize {
    let rest = &region[end..];
    let closers = rest
        .char_indices()
        .take_while(|(_, c)| matches!(c, '"' | '\'' | '”' | '’' | '」' | '』' | ')' | '）'))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    end += closers;
    let rest = &region[end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = &rest[spaces..];
    if let Some(len) = crate::citation::numeric::marker_len_at(after) {
        end += spaces + len;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_are_looked_up_as_a_scan_of_the_list_finds_them() {
        assert!(
            ABBREVIATIONS.is_sorted(),
            "the binary search needs byte order"
        );
        let pieces = [
            "e", ".", "g", "Fig", "S", "al", "AL", "i", "x", "é", "Sept", "ref", "s",
        ];
        let words = crate::text::generated_strings(&pieces, 10_000, 3, 0xabb_4e7);
        let mut found = 0;
        for word in words
            .iter()
            .map(String::as_str)
            .chain(ABBREVIATIONS.iter().copied())
        {
            let listed = ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a));
            assert_eq!(is_abbreviation(word), listed, "{word:?}");
            found += usize::from(listed);
        }
        assert!(found > ABBREVIATIONS.len() + 100, "{found}");
    }

    #[test]
    fn two_scans_split_as_a_test_of_every_byte_does() {
        let pieces = [
            "A trial", " (n = 12", ")", " [3]", ".", " ", "\n", "\n\n", "Next", "et al", "!", "?",
            "3.1", "。", "（", "）", "！", "？", "试验", "⁽²⁾", "Fig", "\"", "e.g", "；",
        ];
        let mut two_scans = 0;
        for text in crate::text::generated_strings(&pieces, 5_000, 14, 0x5e_7e) {
            let stops = Stops::new(text.as_bytes());
            two_scans += usize::from(matches!(stops, Stops::TwoScans { .. }));
            assert_eq!(
                split_region(&text, 7, stops),
                split_region(&text, 7, Stops::EveryByte(text.as_bytes())),
                "{text:?}"
            );
        }
        assert!(
            two_scans > 1_000,
            "only {two_scans} texts took the two scans"
        );
    }

    #[test]
    fn a_heading_has_at_most_forty_characters() {
        // A numbered heading may take all forty.
        let forty = "2.3 Materials and methods of the trial I";
        assert_eq!(forty.len(), 40);
        assert!(looks_like_heading(forty));
        assert!(!looks_like_heading(&format!("{forty}s")));
        assert!(looks_like_heading("心血管疾病与再生医学的研究方法和材料"));
    }

    #[test]
    fn a_blank_line_is_one_that_trims_to_nothing() {
        let pieces = ["\n", " ", "\t", "\r", "\u{3000}", "x", "。", "\r\n"];
        for text in crate::text::generated_strings(&pieces, 5_000, 6, 0xb1_a7) {
            let line_end = text.find('\n').unwrap_or(text.len());
            let by_trim = text[..line_end].trim().is_empty();
            assert_eq!(opens_with_blank_line(&text), by_trim, "{text:?}");
        }
    }

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn english_abbreviations_and_decimals() {
        assert_eq!(
            split(
                "Smith et al. showed 1.5 mg was safe (Fig. 2). A phase II trial followed.[3] Next."
            ),
            vec![
                "Smith et al. showed 1.5 mg was safe (Fig. 2).",
                "A phase II trial followed.[3]",
                "Next."
            ]
        );
    }

    #[test]
    fn chinese_and_marker_after_end() {
        assert_eq!(
            split("一项随机对照试验显示有效⁽⁷⁾。另一项研究。⁽⁸⁾下一句。"),
            vec![
                "一项随机对照试验显示有效⁽⁷⁾。",
                "另一项研究。⁽⁸⁾",
                "下一句。"
            ]
        );
        assert_eq!(
            split("纳米级[1].它们结合[2]."),
            vec!["纳米级[1].", "它们结合[2]."]
        );
    }

    #[test]
    fn page_break_inside_sentence_runs_on() {
        assert_eq!(
            split("肾脏疾病，降低了生活质\n\n量⁽⁶⁾。组织工程。"),
            vec!["肾脏疾病，降低了生活质\n\n量⁽⁶⁾。", "组织工程。"]
        );
        assert_eq!(
            split("2.3. 慢性肾脏病\n\n慢性肾脏病仍然常见。"),
            vec!["2.3. 慢性肾脏病", "慢性肾脏病仍然常见。"]
        );
    }
}
