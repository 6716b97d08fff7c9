//! Text utilities shared by every stage: character classes, folding for comparison,
//! and sentence splitting.

pub mod fold;
pub mod sentences;

/// True for CJK unified ideographs (the characters Chinese text is written in).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Converts Unicode superscript digits to ASCII digits; other characters map to `None`.
pub fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    })
}
