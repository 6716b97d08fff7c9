//! Blanking parts of a text while keeping every byte offset: each byte of a masked range
//! becomes a space, newlines stay, so spans found in the prose view are spans of the source.

use std::ops::Range;

/// `text` with every range blanked (newlines kept).
pub fn mask(text: &str, ranges: &[Range<usize>]) -> String {
    into_text(masked_bytes(text, ranges))
}

/// [`mask`] as bytes, for a prose view built in several steps ([`vanish`], [`break_at`],
/// [`crate::ingest::entities::decode_in_place`]) that becomes a string once, with
/// [`into_text`]: every step writes whole characters, so the bytes stay UTF-8.
pub fn masked_bytes(text: &str, ranges: &[Range<usize>]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let start = floor(text, range.start.min(text.len()));
        let end = ceil(text, range.end.min(text.len()));
        // Every byte written, so the loop runs on vectors.
        for b in &mut bytes[start..end] {
            *b = if matches!(*b, b'\n' | b'\r') {
                *b
            } else {
                b' '
            };
        }
    }
    bytes
}

/// A prose view built as bytes, as a string.
pub fn into_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("whole characters were replaced by whole characters")
}

/// The byte that stands for markup that is not there for a reader (Markdown's emphasis
/// marks): U+001F, which never occurs in text; reading drops it without leaving a space.
pub const VANISHED: u8 = 0x1F;

/// Turns the ASCII bytes in `ranges` of a prose view built as bytes ([`masked_bytes`])
/// into [`VANISHED`].
pub fn vanish(bytes: &mut [u8], ranges: &[Range<usize>]) {
    for range in ranges {
        for b in bytes.get_mut(range.clone()).unwrap_or_default() {
            if b.is_ascii() && *b != b'\n' && *b != b'\r' {
                *b = VANISHED;
            }
        }
    }
}

/// Puts a paragraph break (`\n\n`) at the start of each range of at least two bytes that is
/// already blank in a prose view built as bytes ([`masked_bytes`]), so block boundaries in
/// markup end sentences.
pub fn break_at(bytes: &mut [u8], offsets: &[usize]) {
    for &offset in offsets {
        if offset + 1 < bytes.len() && bytes[offset] == b' ' && bytes[offset + 1] == b' ' {
            bytes[offset] = b'\n';
            bytes[offset + 1] = b'\n';
        }
    }
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
