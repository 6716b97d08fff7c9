//! Trimming white space a byte at a time. `str::trim` decodes and tests every character;
//! the prose view of a JATS or HTML article holds its markup blanked to spaces, with the
//! article's own line breaks and indentation, so sentence splitting trimmed runs of
//! hundreds of blanks, again and again (9% of a JATS corpus run). These functions step
//! over ASCII white space by the byte (a run of spaces eight bytes at a time) and decode
//! only where a byte is not ASCII; each drops exactly what the `str` method it names drops
//! (`char::is_whitespace`).

const EIGHT_SPACES: &[u8] = b"        ";

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
            while let Some(chunk) = bytes.get(at..at + 8)
                && chunk == EIGHT_SPACES
            {
                at += 8;
            }
            if bytes.get(at) != Some(&b' ') {
                continue;
            }
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
            while let Some(chunk) = end.checked_sub(8).and_then(|from| bytes.get(from..end))
                && chunk == EIGHT_SPACES
            {
                end -= 8;
            }
            if end.checked_sub(1).and_then(|last| bytes.get(last)) != Some(&b' ') {
                continue;
            }
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
    fn each_trims_what_the_str_method_it_names_trims() {
        let pieces = [
            " ", "\n", "\t", "\r", "\x0B", "\x0C", "\u{3000}", "\u{A0}", "\u{2028}", "\u{85}", "x",
            "。", "é", "\u{200B}", ".", "        ",
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
        assert!(
            texts
                .iter()
                .any(|t| t.trim() != t.as_str() && !t.trim().is_empty())
        );
    }
}
