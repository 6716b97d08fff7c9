//! Blanking parts of a text while keeping every byte offset: each byte of a masked range
//! becomes a space, newlines stay, so spans found in the prose view are spans of the source.

use std::ops::Range;

/// `text` with every range blanked (newlines kept).
pub fn mask(text: &str, ranges: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let start = floor(text, range.start.min(text.len()));
        let end = ceil(text, range.end.min(text.len()));
        for b in &mut bytes[start..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    String::from_utf8(bytes).expect("whole characters were replaced by spaces")
}

/// The byte that stands for markup that is not there for a reader (Markdown's emphasis
/// marks): U+001F, which never occurs in text; reading drops it without leaving a space.
pub const VANISHED: u8 = 0x1F;

/// Turns the ASCII bytes in `ranges` of `prose` into [`VANISHED`].
pub fn vanish(prose: String, ranges: &[Range<usize>]) -> String {
    let mut bytes = prose.into_bytes();
    for range in ranges {
        for b in bytes.get_mut(range.clone()).unwrap_or_default() {
            if b.is_ascii() && *b != b'\n' && *b != b'\r' {
                *b = VANISHED;
            }
        }
    }
    String::from_utf8(bytes).expect("ASCII bytes became ASCII bytes")
}

/// Puts a paragraph break (`\n\n`) at the start of each range of at least two bytes that is
/// already blank in `prose`, so block boundaries in markup end sentences.
pub fn break_at(prose: &mut String, offsets: &[usize]) {
    let mut bytes = std::mem::take(prose).into_bytes();
    for &offset in offsets {
        if offset + 1 < bytes.len() && bytes[offset] == b' ' && bytes[offset + 1] == b' ' {
            bytes[offset] = b'\n';
            bytes[offset + 1] = b'\n';
        }
    }
    *prose = String::from_utf8(bytes).expect("spaces became newlines");
}

fn floor(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_offsets_and_newlines() {
        let text = "a `临床` b\n```\ncode [1]\n```\nc";
        let masked = mask(text, &[2..10, 13..30]);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.matches('\n').count(), text.matches('\n').count());
        assert!(!masked.contains("[1]") && masked.starts_with("a ") && masked.ends_with('c'));
    }
}
