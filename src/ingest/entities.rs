//! Character references ("&#x02013;", "&#8211;", "&ndash;", "&lt;") decoded in place in a
//! prose view: the character, then invisible filler for the bytes it saves (soft hyphens
//! and zero-width spaces, which claim and name reading drop), so every byte offset still
//! points where it did in the file and "case&#x02013;control" reads as one word. JATS
//! writes non-ASCII characters this way; Markdown converted from HTML does too.

use std::ops::Range;

/// The longest reference read: "&#x0001F600;".
const REFERENCE_MAX_LEN: usize = 12;

/// Decodes the character references inside `ranges` of a prose view built as bytes
/// ([`crate::ingest::mask::masked_bytes`]) in place. A reference whose character would not
/// fit with its filler ("&le;" is shorter than "≤" and a filler), an unknown name, or a
/// control character stays as written.
pub fn decode_in_place(bytes: &mut [u8], ranges: &[Range<usize>]) {
    for range in ranges {
        let end = range.end.min(bytes.len());
        let mut at = range.start;
        while let Some(found) = memchr::memchr(b'&', bytes.get(at..end).unwrap_or_default()) {
            let start = at + found;
            at = start + 1;
            let window = &bytes[start..end.min(start + REFERENCE_MAX_LEN)];
            let Some(semicolon) = window.iter().position(|&b| b == b';') else {
                continue;
            };
            let Some(character) = std::str::from_utf8(&window[1..semicolon])
                .ok()
                .and_then(character_of)
                .filter(|c| !c.is_control())
            else {
                continue;
            };
            let slot = &mut bytes[start..start + semicolon + 1];
            let width = character.len_utf8();
            if slot.len() < width + 2 {
                continue;
            }
            character.encode_utf8(&mut slot[..width]);
            fill_invisibly(&mut slot[width..]);
            at = start + semicolon + 1;
        }
    }
}

/// The character a reference's name stands for: `#x2013`, `#8211`, or a named entity.
fn character_of(name: &str) -> Option<char> {
    if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if let Some(decimal) = name.strip_prefix('#') {
        return decimal.parse().ok().and_then(char::from_u32);
    }
    named(name)
}

/// The character a named entity ("ndash", "amp") stands for.
pub fn named(name: &str) -> Option<char> {
    NAMED
        .iter()
        .find(|(entity, _)| *entity == name)
        .map(|&(_, character)| character)
}

/// XML's five named entities and the HTML ones scientific prose uses most. Not quick-xml's
/// HTML5 table (feature `escape-html`): in 0.41 it gives Greek letters wrong characters
/// (`mu` and `alpha` read as ";", `Gamma` as "9"), and biomedical titles are full of them.
const NAMED: [(&str, char); 42] = [
    ("lt", '<'),
    ("gt", '>'),
    ("amp", '&'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{A0}'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("hellip", '…'),
    ("plusmn", '±'),
    ("times", '×'),
    ("deg", '°'),
    ("micro", 'µ'),
    ("middot", '·'),
    ("alpha", 'α'),
    ("beta", 'β'),
    ("gamma", 'γ'),
    ("delta", 'δ'),
    ("Delta", 'Δ'),
    ("epsilon", 'ε'),
    ("kappa", 'κ'),
    ("lambda", 'λ'),
    ("mu", 'μ'),
    ("sigma", 'σ'),
    ("tau", 'τ'),
    ("omega", 'ω'),
    ("aacute", 'á'),
    ("eacute", 'é'),
    ("iacute", 'í'),
    ("oacute", 'ó'),
    ("uacute", 'ú'),
    ("auml", 'ä'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("Ouml", 'Ö'),
    ("Uuml", 'Ü'),
    ("ntilde", 'ñ'),
    ("ccedil", 'ç'),
];

/// Fills `slot` (at least two bytes) with soft hyphens (two bytes) and zero-width spaces
/// (three bytes).
fn fill_invisibly(slot: &mut [u8]) {
    const SOFT_HYPHEN: [u8; 2] = [0xC2, 0xAD];
    const ZERO_WIDTH_SPACE: [u8; 3] = [0xE2, 0x80, 0x8B];
    let soft_hyphens = match slot.len() % 3 {
        0 => 0,
        1 => 2,
        _ => 1,
    };
    let (hyphens, spaces) = slot.split_at_mut(2 * soft_hyphens);
    for pair in hyphens.chunks_exact_mut(2) {
        pair.copy_from_slice(&SOFT_HYPHEN);
    }
    for triple in spaces.chunks_exact_mut(3) {
        triple.copy_from_slice(&ZERO_WIDTH_SPACE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str, range: Range<usize>) -> String {
        let mut bytes = text.as_bytes().to_vec();
        decode_in_place(&mut bytes, &[range]);
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn references_decode_in_place_with_invisible_filler() {
        let text = "A case&#x02013;control study, 95&#37; CI, &lt;5 &#x3bb; &mu;g &ndash; &le; &#10; &bogus; &#xZZ; &";
        let whole = 0..text.len();
        let decoded = decode(text, whole);
        // Every offset still points where it did: the same length, and the words after
        // each reference start where they started.
        assert_eq!(decoded.len(), text.len());
        assert_eq!(decoded.find("study"), text.find("study"));
        assert_eq!(decoded.find("CI"), text.find("CI"));
        assert_eq!(
            crate::text::fold::reading_text(&decoded),
            "A case–control study, 95% CI, <5 λ μg – &le; &#10; &bogus; &#xZZ; &"
        );
        // Outside the given ranges nothing changes.
        let opening = 0..2;
        let untouched = decode(text, opening);
        assert_eq!(untouched, text);
    }
}
