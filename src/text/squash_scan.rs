//! One pass over a text that tells whether its white space is squashed already: no tab,
//! line break, vertical tab, form feed or carriage return, no two spaces in a row, and no
//! white space outside ASCII (a no-break space, an em space, an ideographic space).
//!
//! Claims, titles and reference entries are asked this before they are squashed, and
//! nearly all of them are squashed already. Four vectorised scans (line breaks and tabs,
//! vertical tabs and form feeds, double spaces, the lead bytes of other white space) each
//! cost more to set up than to run over a text of a few hundred bytes; this pass tests
//! sixteen bytes in one register (SSE2, which every x86-64 processor has), marks all of it
//! at once, and reads the few bytes that may open white space outside ASCII where they
//! stand.

/// What a scan of a text found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SquashScan {
    /// White space that squashing would change: a tab, a line break, a vertical tab, a form
    /// feed, a carriage return, two spaces in a row, or white space outside ASCII.
    Unsquashed,
    /// None of that.
    Squashed,
}

/// Scans `bytes`, sixteen at a time, the last few in the sixteen bytes that end the text
/// (which overlap the block before them), and a text shorter than that in a copy padded
/// with a letter.
pub fn scan(bytes: &[u8]) -> SquashScan {
    let mut padded = [b'a'; 16];
    let bytes = if bytes.len() < 16 {
        padded[..bytes.len()].copy_from_slice(bytes);
        &padded[..]
    } else {
        bytes
    };
    let (blocks, rest) = bytes.as_chunks::<16>();
    // Whether the byte before the block is a space: a double space may straddle blocks.
    let mut space_before = false;
    for (index, block) in blocks.iter().enumerate() {
        let marks = block_marks(block);
        if marks.unsquashed(space_before) || marks.opens_white_space(bytes, index * 16) {
            return SquashScan::Unsquashed;
        }
        space_before = marks.spaces & 0x8000 != 0;
    }
    // Every pair of bytes that ends in the last block lies in it whole.
    if !rest.is_empty()
        && let Some(last) = bytes.last_chunk::<16>()
    {
        let marks = block_marks(last);
        if marks.unsquashed(false) || marks.opens_white_space(bytes, bytes.len() - 16) {
            return SquashScan::Unsquashed;
        }
    }
    SquashScan::Squashed
}

/// Whether the character at `bytes[at..]`, whose first byte is 0xC2 or 0xE0–0xE3, is
/// white space (`char::is_whitespace`): U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028,
/// U+2029, U+202F, U+205F or U+3000.
fn is_white_space_outside_ascii(bytes: &[u8], at: usize) -> bool {
    let byte = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    match (byte(0), byte(1), byte(2)) {
        (0xC2, second, _) => matches!(second, 0x85 | 0xA0),
        (0xE1, 0x9A, 0x80) | (0xE2, 0x81, 0x9F) | (0xE3, 0x80, 0x80) => true,
        (0xE2, 0x80, third) => matches!(third, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
        _ => false,
    }
}

/// A bit per byte of sixteen bytes, the first byte's the lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BlockMarks {
    /// `\t`, `\n`, vertical tab, form feed, `\r`.
    breaks: u32,
    spaces: u32,
    /// 0xC2 and 0xE0–0xE3: the first bytes of white space outside ASCII are among them.
    leads: u32,
}

impl BlockMarks {
    /// Whether the block holds ASCII white space squashing would change, given whether the
    /// byte before it is a space.
    fn unsquashed(self, space_before: bool) -> bool {
        let spaces_after_space = self.spaces & ((self.spaces << 1) | u32::from(space_before));
        self.breaks != 0 || spaces_after_space != 0
    }

    /// Whether a lead byte of the block, which starts at `bytes[start]`, opens white space.
    /// Inlined: most blocks have no lead byte, and a call per block cost more than the test.
    #[inline(always)]
    fn opens_white_space(self, bytes: &[u8], start: usize) -> bool {
        let mut leads = self.leads;
        while leads != 0 {
            if is_white_space_outside_ascii(bytes, start + leads.trailing_zeros() as usize) {
                return true;
            }
            leads &= leads - 1;
        }
        false
    }
}

/// The marks of sixteen bytes, in one SSE2 register.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn block_marks(block: &[u8; 16]) -> BlockMarks {
    #[target_feature(enable = "sse2")]
    fn marks(block: &[u8; 16]) -> BlockMarks {
        use std::arch::x86_64::{
            _mm_and_si128, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
            _mm_set_epi64x, _mm_set1_epi8, _mm_sub_epi8,
        };
        let (halves, _) = block.as_chunks::<8>();
        let x = _mm_set_epi64x(i64::from_le_bytes(halves[1]), i64::from_le_bytes(halves[0]));
        // A byte from `\t` to `\r` is at most 4 past `\t`, as an unsigned difference: its
        // own minimum with 4.
        let past_tab = _mm_sub_epi8(x, _mm_set1_epi8(b'\t' as i8));
        let breaks = _mm_cmpeq_epi8(_mm_min_epu8(past_tab, _mm_set1_epi8(4)), past_tab);
        let spaces = _mm_cmpeq_epi8(x, _mm_set1_epi8(b' ' as i8));
        // 0xE0–0xE3 are 0xE0 once their two low bits are cleared.
        let e0_to_e3 = _mm_cmpeq_epi8(
            _mm_and_si128(x, _mm_set1_epi8(0xFCu8 as i8)),
            _mm_set1_epi8(0xE0u8 as i8),
        );
        let c2 = _mm_cmpeq_epi8(x, _mm_set1_epi8(0xC2u8 as i8));
        BlockMarks {
            breaks: _mm_movemask_epi8(breaks) as u32,
            spaces: _mm_movemask_epi8(spaces) as u32,
            leads: _mm_movemask_epi8(_mm_or_si128(e0_to_e3, c2)) as u32,
        }
    }
    // SAFETY: `marks` needs SSE2 only, which this build targets (the `cfg` above).
    unsafe { marks(block) }
}

/// The marks of sixteen bytes, a byte at a time.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn block_marks(block: &[u8; 16]) -> BlockMarks {
    block_marks_by_bytes(block)
}

/// The marks a byte at a time: the other processors' [`block_marks`], and on x86-64 the
/// tests' oracle for it.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn block_marks_by_bytes(block: &[u8; 16]) -> BlockMarks {
    let mut marks = BlockMarks {
        breaks: 0,
        spaces: 0,
        leads: 0,
    };
    for (i, &byte) in block.iter().enumerate() {
        let bit = 1 << i;
        if (b'\t'..=b'\r').contains(&byte) {
            marks.breaks |= bit;
        }
        if byte == b' ' {
            marks.spaces |= bit;
        }
        if byte == 0xC2 || (0xE0..=0xE3).contains(&byte) {
            marks.leads |= bit;
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the scan says, by the scans it replaced.
    fn specification(text: &str) -> SquashScan {
        let bytes = text.as_bytes();
        let unsquashed = memchr::memchr3(b'\n', b'\t', b'\r', bytes).is_some()
            || memchr::memchr2(0x0B, 0x0C, bytes).is_some()
            || text.contains("  ")
            || text.chars().any(|c| !c.is_ascii() && c.is_whitespace());
        if unsquashed {
            SquashScan::Unsquashed
        } else {
            SquashScan::Squashed
        }
    }

    #[test]
    fn the_scan_finds_what_the_separate_scans_found() {
        let pieces = [
            "word",
            "x",
            " ",
            "  ",
            "\t",
            "\n",
            "\r",
            "\u{b}",
            "\u{c}",
            "\u{8}",
            "\u{e}",
            "\u{1f}",
            "é",
            "临床试验",
            "fifteen letters",
            "sixteen letters!",
            "“",
            "–",
            "\u{3001}",
            "\u{c0}",
            "\u{200b}",
            "\u{a0}",
            "\u{85}",
            "\u{3000}",
            "\u{2009}",
            "\u{202f}",
            "\u{205f}",
            "\u{1680}",
            "\u{2028}",
        ];
        let texts = crate::text::generated_strings(&pieces, 40_000, 10, 0x5c_a11);
        let mut squashed = 0;
        for text in &texts {
            let expected = specification(text);
            assert_eq!(scan(text.as_bytes()), expected, "{text:?}");
            squashed += usize::from(expected == SquashScan::Squashed);
        }
        assert!(squashed > 2_000, "only {squashed} squashed texts");
        // A double space astride two blocks, and one in the overlapping last block.
        let mut astride = "a".repeat(15);
        astride.push_str("  b");
        assert_eq!(scan(astride.as_bytes()), SquashScan::Unsquashed);
        assert_eq!(
            scan(format!("{} b", "a".repeat(16)).as_bytes()),
            SquashScan::Squashed
        );
    }

    /// Every character outside ASCII, on its own.
    #[test]
    fn white_space_outside_ascii_is_told_as_char_is_whitespace_tells_it() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            let mut buffer = [0u8; 4];
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            let lead = encoded[0] == 0xC2 || (0xE0..=0xE3).contains(&encoded[0]);
            assert_eq!(
                lead && is_white_space_outside_ascii(encoded, 0),
                c.is_whitespace(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn a_blocks_marks_are_the_ones_read_a_byte_at_a_time() {
        let pieces = [
            "a", " ", "\t", "\r", "\u{8}", "\u{e}", "\u{7f}", "é", "临", "\u{0}", "\u{a0}", "ß",
            "\u{3000}", "\u{c0}",
        ];
        for text in crate::text::generated_strings(&pieces, 5_000, 20, 0xb1_0c) {
            if let Some(block) = text.as_bytes().first_chunk::<16>() {
                assert_eq!(block_marks(block), block_marks_by_bytes(block), "{text:?}");
            }
        }
    }
}
