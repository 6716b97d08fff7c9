//! Folding text for comparison: case, diacritics (Gyöngyösi = Gyongyosi), punctuation and
//! white space, and Markdown emphasis marks.

use std::borrow::Cow;

use crate::text::Literal;
use crate::text::squash_scan::{self, SquashScan};

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Lower-cases, strips diacritics, turns punctuation into single spaces and trims.
/// Han characters are kept as they are.
pub fn fold_for_compare(text: &str) -> String {
    fold(text, Some(' '))
}

/// The first `limit` bytes of [`fold_for_compare`]'s folding of `text` (cut back to a
/// character boundary), without folding the rest: two texts that fold alike have equal
/// prefixes, so texts with different prefixes need no whole folding to tell apart.
pub fn fold_for_compare_prefix(text: &str, limit: usize) -> String {
    let mut folded = fold_up_to(text, Some(' '), limit);
    folded.truncate(folded.floor_char_boundary(limit));
    folded
}

/// Folds `text`, writing `separator` (if any) between words.
fn fold(text: &str, separator: Option<char>) -> String {
    fold_up_to(text, separator, usize::MAX)
}

/// Folds `text` as [`fold`] does, stopping once at least `limit` bytes are written.
/// Folding writes left to right, each character's output settled by the characters
/// before it, so what it writes is a prefix of the whole folding.
fn fold_up_to(text: &str, separator: Option<char>, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit.saturating_add(8)));
    // Set after a non-alphanumeric character: a separator goes before the next word.
    let mut pending = false;
    let mut rest = text;
    while !rest.is_empty() && out.len() < limit {
        // No more of an ASCII run than could reach the limit: each byte writes at most
        // one, and a separator one more. Only that much is looked at: a rough key folds
        // two dozen bytes of a reference hundreds long.
        let window = &rest.as_bytes()[..rest.len().min(limit - out.len())];
        let ascii = window
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(window.len());
        push_folded_ascii(&rest[..ascii], &mut out, &mut pending, separator);
        rest = &rest[ascii..];
        if !rest.starts_with(|c: char| !c.is_ascii()) {
            continue;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        if is_unified_ideograph(c) {
            // The unified ideographs are letters without case or decomposition.
            if let Some(separator) = separator.filter(|_| pending && !out.is_empty()) {
                out.push(separator);
            }
            pending = false;
            out.push(c);
        } else {
            // Compatibility decomposition of this character only: é → e + ◌́, ｆ → f.
            decompose_compatible(c, |d| push_folded(d, &mut out, &mut pending, separator));
        }
    }
    out
}

/// CJK Unified Ideographs and Extension A: every one is a letter (all are assigned).
fn is_unified_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

/// [`push_folded`] for a run of ASCII text, a byte at a time: letters and digits are
/// copied in lower case, anything else marks a separator as pending.
fn push_folded_ascii(run: &str, out: &mut String, pending: &mut bool, separator: Option<char>) {
    for &b in run.as_bytes() {
        if b.is_ascii_alphanumeric() {
            if *pending {
                if let Some(separator) = separator.filter(|_| !out.is_empty()) {
                    out.push(separator);
                }
                *pending = false;
            }
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            *pending = true;
        }
    }
}

fn push_folded(c: char, out: &mut String, pending: &mut bool, separator: Option<char>) {
    let alphanumeric = if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    };
    if alphanumeric {
        if let Some(separator) = separator.filter(|_| *pending && !out.is_empty()) {
            out.push(separator);
        }
        *pending = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    } else if c.is_ascii() || !is_combining_mark(c) {
        *pending = true;
    }
}

/// Folds a personal name for matching: lower case, no diacritics, letters only.
pub fn fold_name(name: &str) -> String {
    fold(name, None)
}

/// Removes Markdown emphasis markers (`*`, `_` pairs around words) and escapes.
pub fn strip_markdown_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {}
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Two spaces.
static DOUBLE_SPACE: Literal = Literal::new("  ");

/// U+00AD and U+200B, for [`reading_text`].
static SOFT_HYPHEN: Literal = Literal::new("\u{AD}");
static ZERO_WIDTH_SPACE: Literal = Literal::new("\u{200B}");

/// Whether `text` has only single ASCII spaces between words and none at its ends, so
/// squashing would leave it as it is (the common case, checked in one pass).
pub fn is_squashed(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    first != b' ' && last != b' ' && squash_scan::scan(bytes) == SquashScan::Squashed
}

/// Whether `text` holds white space outside ASCII (U+00A0, U+2009, U+3000 …), looked for
/// only where such a character could start (the lead bytes in [`MAYBE_SPACE`]).
fn has_non_ascii_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    !text.is_ascii()
        && memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
            .chain(memchr::memchr_iter(0xE3, bytes))
            .any(|at| text[at..].chars().next().is_some_and(char::is_whitespace))
}

/// Bytes that may open a white-space character: ASCII space and `\t`–`\r`, and the lead
/// bytes of U+0085, U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2) and U+3000 (0xE3).
const MAYBE_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    table[b' ' as usize] = true;
    let mut b = b'\t';
    while b <= b'\r' {
        table[b as usize] = true;
        b += 1;
    }
    table[0xC2] = true;
    table[0xE1] = true;
    table[0xE2] = true;
    table[0xE3] = true;
    table
};

/// Text as a reader reads it: white space squashed ([`squash_whitespace`]) and the
/// invisible characters that split words without showing dropped: soft hyphens (U+00AD)
/// and zero-width spaces (U+200B), which PDF extraction leaves inside words and which
/// stand in for the bytes a decoded XML character reference saves, and U+001F, which
/// stands for Markdown's emphasis marks in the prose view.
pub fn reading_text(text: &str) -> String {
    if !holds_invisible(text) {
        return squash_whitespace(text);
    }
    let visible: String = text
        .chars()
        .filter(|&c| !matches!(c, '\u{AD}' | '\u{200B}' | '\u{1F}'))
        .collect();
    squash_whitespace(&visible)
}

/// [`reading_text`] of a text owned already: the text itself when a reader reads it as
/// it is (an entry joined from its lines nearly always is), not a copy.
pub fn into_reading_text(text: String) -> String {
    if !holds_invisible(&text) && is_squashed(&text) {
        return text;
    }
    reading_text(&text)
}

/// Whether `text` holds a character [`reading_text`] drops. Their last bytes (0xAD, 0x8B,
/// 0x1F) occur in little else in Latin text: a quick scan rules most of it out. Chinese
/// text is full of such bytes, so there the characters themselves are looked for.
fn holds_invisible(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(0xAD, 0x8B, 0x1F, bytes).is_some()
        && (memchr::memchr(0x1F, bytes).is_some()
            || SOFT_HYPHEN.is_in(text)
            || ZERO_WIDTH_SPACE.is_in(text))
}

/// Collapses runs of white space (Unicode `White_Space`) into one space and trims.
pub fn squash_whitespace(text: &str) -> String {
    squashed(text).into_owned()
}

/// [`squash_whitespace`], borrowing `text` when it is squashed already.
pub fn squashed(text: &str) -> Cow<'_, str> {
    if is_squashed(text) {
        return Cow::Borrowed(text);
    }
    let only_common_spaces =
        memchr::memchr2(0x0B, 0x0C, text.as_bytes()).is_none() && !has_non_ascii_space(text);
    Cow::Owned(if only_common_spaces {
        squash_common_spaces(text)
    } else {
        squash_any_space(text)
    })
}

/// [`squash_whitespace`] for text whose only white space is ' ', '\t', '\n' and '\r' (the
/// usual case): copies the text between the runs that need changing, found with vectorised
/// scans for line breaks, tabs and double spaces.
fn squash_common_spaces(text: &str) -> String {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let text = text.trim_matches([' ', '\t', '\n', '\r']);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut breaks = memchr::memchr3_iter(b'\n', b'\t', b'\r', bytes).peekable();
    let mut doubles = DOUBLE_SPACE.find_iter(text).peekable();
    while let Some(at) = crate::text::next_of_two(&mut breaks, &mut doubles, copied) {
        // The run around `at`: the text is trimmed, so there is a word on either side.
        let mut start = at;
        while start > copied && is_space(bytes[start - 1]) {
            start -= 1;
        }
        let end = at + bytes[at..].iter().take_while(|&&b| is_space(b)).count();
        out.push_str(&text[copied..start]);
        out.push(' ');
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// [`squash_whitespace`] for any white space, a character at a time.
fn squash_any_space(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut word_start = 0;
    let mut i = 0;
    while let Some(rel) = bytes[i..].iter().position(|&b| MAYBE_SPACE[usize::from(b)]) {
        let at = i + rel;
        let space_len = if bytes[at] < 0x80 {
            1
        } else {
            text[at..]
                .chars()
                .next()
                .filter(|c| c.is_whitespace())
                .map_or(0, char::len_utf8)
        };
        if space_len == 0 {
            // A lead byte of some other character: part of the word.
            i = at + 1;
            continue;
        }
        if word_start < at {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&text[word_start..at]);
        }
        i = at + space_len;
        word_start = i;
    }
    if word_start < bytes.len() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[word_start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An owned text is read as a borrowed one is, and kept, not copied, when a reader
    /// reads it as it is.
    #[test]
    fn an_owned_text_is_read_as_a_borrowed_one() {
        let pieces = [
            "word", "word ", "临床", "é", " ", "  ", "\n", "\t", "\u{AD}", "\u{200B}", "\u{1F}",
            "\u{A0}",
        ];
        let mut kept = 0;
        for text in crate::text::generated_strings(&pieces, 5_000, 5, 0x0e_ad) {
            let expected = reading_text(&text);
            let pointer = text.as_ptr();
            let read = into_reading_text(text);
            assert_eq!(read, expected);
            kept += usize::from(read.as_ptr() == pointer && !read.is_empty());
        }
        assert!(kept > 200, "{kept}");
    }

    #[test]
    fn squashing_common_spaces_agrees_with_squashing_any_space() {
        let pieces = [
            "word", "é", " ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{a0}", "–", "“",
            "\u{3000}", "临床", "\u{2009}", "\u{85}", ".",
        ];
        let mut samples = crate::text::generated_strings(&pieces, 20_000, 8, 0x1234_5678);
        samples.push(String::new());
        // Texts of several sixteen-byte blocks, which the squashed test reads a block at a
        // time.
        let mut long_pieces = pieces.to_vec();
        long_pieces.extend(["a longer phrase ", "fifteen letters"]);
        samples.extend(crate::text::generated_strings(
            &long_pieces,
            10_000,
            16,
            0x10_9a5,
        ));
        let uncommon = [
            '\u{0B}', '\u{0C}', '\u{a0}', '\u{3000}', '\u{2009}', '\u{85}',
        ];
        for text in &samples {
            assert_eq!(squash_whitespace(text), squash_any_space(text), "{text:?}");
            let common = text.replace(uncommon, " ");
            assert_eq!(
                squash_common_spaces(&common),
                squash_any_space(&common),
                "{text:?}"
            );
        }
    }

    #[test]
    fn unified_ideographs_fold_as_caseless_letters() {
        for c in ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}') {
            assert!(is_unified_ideograph(c) && c.is_alphanumeric(), "{c:?}");
            assert!(c.to_lowercase().eq([c]), "{c:?}");
            let (mut by_character, mut pending) = (String::from("x"), true);
            push_folded(c, &mut by_character, &mut pending, Some(' '));
            assert_eq!(fold(&format!("x {c}"), Some(' ')), by_character);
        }
    }

    #[test]
    fn reading_text_drops_soft_hyphens_and_zero_width_spaces() {
        assert_eq!(
            reading_text("ran\u{AD}domized  \n con\u{200B}trolled\u{200B} trial "),
            "randomized controlled trial"
        );
        assert_eq!(reading_text(" plain  text "), "plain text");
        // Chinese text holds the invisible characters' last bytes inside other characters.
        assert_eq!(reading_text("临床试验 随\u{200B}机"), "临床试验 随机");
        assert_eq!(reading_text("临床\u{1F}试验"), "临床试验");
    }

    #[test]
    fn the_ascii_word_path_folds_as_the_character_path_does() {
        let by_character = |text: &str, separator: Option<char>| {
            let (mut out, mut pending) = (String::new(), false);
            for c in text.chars() {
                decompose_compatible(c, |d| push_folded(d, &mut out, &mut pending, separator));
            }
            out
        };
        let pieces = [
            "Hello", "WORLD", " ", ",", "-", "'", "Müller", "é", "临床", "ｆ", "3", "\t", "",
        ];
        let generated = crate::text::generated_strings(&pieces, 5_000, 10, 0xf01d_0a5c);
        for text in generated.iter().map(String::as_str).chain([
            "",
            "  Hello, WORLD!  ",
            "Müller-Lüdenscheidt & O'Brien (2020): a Phase-II trial",
            "一项II期临床试验, in 3 rats… ｆｕｌｌ width",
            "a\u{301}b c\u{308}, \tTAB\nline",
            "((( ))) 123abc DEF456",
        ]) {
            for separator in [None, Some(' ')] {
                assert_eq!(
                    fold(text, separator),
                    by_character(text, separator),
                    "{text:?}"
                );
            }
        }
    }

    /// A folded prefix is the whole folding cut to its length, whatever the limit.
    #[test]
    fn a_folded_prefix_is_the_start_of_the_whole_folding() {
        let pieces = [
            "Hello", "WORLD", " ", ",", "-", "Müller", "é", "临床", "ｆ", "3", "\t", "a\u{301}",
            "ﬁ", "Ⅱ",
        ];
        let generated = crate::text::generated_strings(&pieces, 3_000, 10, 0x9f_e1d);
        for text in generated
            .iter()
            .map(String::as_str)
            .chain(["", "  ", "临床试验"])
        {
            let whole = fold_for_compare(text);
            for limit in [0, 1, 2, 3, 5, 8, 13, 24, 100] {
                let cut = whole.floor_char_boundary(limit);
                assert_eq!(
                    fold_for_compare_prefix(text, limit),
                    whole[..cut],
                    "{text:?} at {limit}"
                );
            }
        }
    }

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(
            fold_for_compare("Gyöngyösi M, Théry C."),
            "gyongyosi m thery c"
        );
        assert_eq!(fold_name("LE BLANC"), fold_name("Le Blanc"));
        assert_eq!(fold_for_compare("干细胞，综述"), "干细胞 综述");
        assert_eq!(
            squash_whitespace("\u{3000} a\u{a0}\u{a0}b\t\n c\u{2009}。d "),
            "a b c 。d"
        );
        for squashed in ["", "a", "a b", "临床 试验。"] {
            assert_eq!(squash_whitespace(squashed), squashed);
        }
        for unsquashed in [" a", "a ", "a  b", "a\tb", "a\u{3000}b", " "] {
            assert_ne!(squash_whitespace(unsquashed), unsquashed);
        }
        assert_eq!(
            strip_markdown_emphasis("*Regen Med.* 2008"),
            "Regen Med. 2008"
        );
    }
}
