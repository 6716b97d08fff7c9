//! Trimming white space a byte at a time. `str::trim` decodes and tests every character;
//! the prose view of a JATS or HTML article holds its markup blanked to spaces, with the
//! article's own line breaks and indentation, so sentence splitting trimmed runs of
//! hundreds of blanks, again and again (9% of a JATS corpus run). These functions step
//! over ASCII white space by the byte (a run of spaces eight bytes at a time) and decode
//! only where a byte is not ASCII; each drops exactly what the `str` method it names drops
//! (`char::is_whitespace`).

/// Eight spaces as one little-endian word: a word of eight bytes XORed with it is zero
/// where a byte is a space.
const EIGHT_SPACES: u64 = u64::from_le_bytes(*b"        ");

/// Where the run of spaces at `bytes[at..]` ends, read eight bytes at a time: the first
/// byte past `at` that is no space (or the length). A word's first byte that is no space
/// is its lowest non-zero byte once XORed with spaces, so the run ends where it does
/// without a second look at the bytes of its last word.
pub fn spaces_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(word) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let other = u64::from_le_bytes(*word) ^ EIGHT_SPACES;
        if other != 0 {
            return at + (other.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while bytes.get(at) == Some(&b' ') {
        at += 1;
    }
    at
}

/// Where the run of spaces that ends `bytes[..end]` starts, read eight bytes at a time
/// from the end.
pub fn spaces_start(bytes: &[u8], mut end: usize) -> usize {
    while let Some(word) = bytes.get(..end).and_then(|head| head.last_chunk::<8>()) {
        let other = u64::from_le_bytes(*word) ^ EIGHT_SPACES;
        if other != 0 {
            return end - (other.leading_zeros() / 8) as usize;
        }
        end -= 8;
    }
    while end > 0 && bytes.get(end - 1) == Some(&b' ') {
        end -= 1;
    }
    end
}

/// Whether `byte` is ASCII white space as `char::is_whitespace` has it: space, tab, line
/// feed, vertical tab, form feed, carriage return. (`u8::is_ascii_whitespace` leaves out
/// the vertical tab.)
fn is_ascii_white(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// How many bytes of white space open `text`, counting line breaks only when
/// `line_breaks` (a `\n` ends the count otherwise).
fn leading(text: &str, line_breaks: bool) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // A blanked run: eight spaces at a time.
        if byte == b' ' {
            at = spaces_end(bytes, at);
            continue;
        }
        if byte == b'\n' && !line_breaks {
            break;
        }
        if is_ascii_white(byte) {
            at += 1;
            continue;
        }
        if byte.is_ascii() {
            break;
        }
        match text[at..].chars().next() {
            Some(c) if c.is_whitespace() => at += c.len_utf8(),
            _ => break,
        }
    }
    at
}

/// How many bytes of white space end `text`.
fn trailing(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(&byte) = end.checked_sub(1).and_then(|last| bytes.get(last)) {
        if byte == b' ' {
            end = spaces_start(bytes, end);
            continue;
        }
        if is_ascii_white(byte) {
            end -= 1;
            continue;
        }
        if byte.is_ascii() {
            break;
        }
        match text[..end].chars().next_back() {
            Some(c) if c.is_whitespace() => end -= c.len_utf8(),
            _ => break,
        }
    }
    bytes.len() - end
}

/// Whether `byte` is an ASCII byte that is no white space (nor anything a white-space
/// character may open): a text that opens (or ends) with one has nothing to trim there.
/// Most texts are such, and are answered inline without a call.
fn is_ascii_black(byte: u8) -> bool {
    byte > b' ' && byte.is_ascii()
}

/// `text.trim_start()`.
#[inline]
pub fn trim_start(text: &str) -> &str {
    match text.as_bytes().first() {
        Some(&first) if is_ascii_black(first) => text,
        _ => &text[leading(text, true)..],
    }
}

/// `text.trim_end()`.
#[inline]
pub fn trim_end(text: &str) -> &str {
    match text.as_bytes().last() {
        Some(&last) if is_ascii_black(last) => text,
        _ => &text[..text.len() - trailing(text)],
    }
}

/// `text.trim()`.
#[inline]
pub fn trim(text: &str) -> &str {
    trim_end(trim_start(text))
}

/// `text` without the white space that opens its first line: what
/// `text.trim_start_matches(|c: char| c.is_whitespace() && c != '\n')` leaves.
#[inline]
pub fn trim_line_start(text: &str) -> &str {
    match text.as_bytes().first() {
        Some(&first) if is_ascii_black(first) => text,
        _ => &text[leading(text, false)..],
    }
}

/// This module's trims as methods of `str`, for the chains a parser writes
/// (`line.text[prefix..].fast_trim()`): each returns what the `str` method it names
/// returns, found a byte at a time.
pub trait FastTrim {
    /// `self.trim()`.
    fn fast_trim(&self) -> &str;
    /// `self.trim_start()`.
    fn fast_trim_start(&self) -> &str;
    /// `self.trim_end()`.
    fn fast_trim_end(&self) -> &str;
}

impl FastTrim for str {
    #[inline]
    fn fast_trim(&self) -> &str {
        trim(self)
    }

    #[inline]
    fn fast_trim_start(&self) -> &str {
        trim_start(self)
    }

    #[inline]
    fn fast_trim_end(&self) -> &str {
        trim_end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_spaces_end_and_start_where_a_byte_at_a_time_finds_them() {
        let pieces = [" ", "        ", "   ", "x", "\t", "é", "ab"];
        for text in crate::text::generated_strings(&pieces, 5_000, 20, 0x5_ace5) {
            let bytes = text.as_bytes();
            for at in 0..=bytes.len() {
                let end = at + bytes[at..].iter().take_while(|&&b| b == b' ').count();
                assert_eq!(spaces_end(bytes, at), end, "{text:?} from {at}");
                let start = at - bytes[..at].iter().rev().take_while(|&&b| b == b' ').count();
                assert_eq!(spaces_start(bytes, at), start, "{text:?} to {at}");
            }
        }
    }

    #[test]
    fn each_trims_what_the_str_method_it_names_trims() {
        let pieces = [
            " ", "\n", "\t", "\r", "\x0B", "\x0C", "\u{3000}", "\u{A0}", "\u{2028}", "\u{85}", "x",
            "。", "é", "\u{200B}", ".", "        ", "   ",
        ];
        let texts = crate::text::generated_strings(&pieces, 20_000, 8, 0x5_9ace);
        for text in &texts {
            assert_eq!(trim_start(text), text.trim_start(), "{text:?}");
            assert_eq!(trim_end(text), text.trim_end(), "{text:?}");
            assert_eq!(trim(text), text.trim(), "{text:?}");
            assert_eq!(text.fast_trim(), text.trim(), "{text:?}");
            assert_eq!(text.fast_trim_start(), text.trim_start(), "{text:?}");
            assert_eq!(text.fast_trim_end(), text.trim_end(), "{text:?}");
            assert_eq!(
                trim_line_start(text),
                text.trim_start_matches(|c: char| c.is_whitespace() && c != '\n'),
                "{text:?}"
            );
        }
        assert!(texts.iter().any(|t| t.trim().is_empty() && !t.is_empty()));
        // Long runs of blanks, past a word or two of eight bytes.
        for text in crate::text::generated_strings(&pieces, 5_000, 24, 0x7_5bce) {
            assert_eq!(trim(&text), text.trim(), "{text:?}");
            assert_eq!(trim_start(&text), text.trim_start(), "{text:?}");
        }
        assert!(
            texts
                .iter()
                .any(|t| t.trim() != t.as_str() && !t.trim().is_empty())
        );
    }
}
