//! Where a text's lines start: every line break found 64 bytes at a time.
//!
//! A document's line index is built once, over the whole text. `memchr`'s iterator stops
//! at each line break and sets up its vectorised search again for the next: on
//! PDF-extracted text, whose lines run to about fifty bytes, that cost some sixty
//! instructions a line. Here each block of 64 bytes is compared with the line break in
//! four SSE2 registers (every x86-64 processor has them), and the bits of the comparisons
//! give every break in the block at once.

/// Byte offsets where each line of `text` starts: 0, then one past each `\n`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    // About fifty bytes a line in prose; a guess too small costs a few reallocations.
    let mut starts = Vec::with_capacity(bytes.len() / 48 + 1);
    starts.push(0);
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    for (index, block) in blocks.iter().enumerate() {
        let mut breaks = newline_mask(block);
        while breaks != 0 {
            starts.push(index * BLOCK + breaks.trailing_zeros() as usize + 1);
            breaks &= breaks - 1;
        }
    }
    let rest_start = blocks.len() * BLOCK;
    starts.extend(memchr::memchr_iter(b'\n', rest).map(|at| rest_start + at + 1));
    starts
}

/// Bytes compared per step: four SSE2 registers, one bit each in a 64-bit mask.
const BLOCK: usize = 64;

/// A bit for each `\n` of a block, the first byte's the lowest.
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
fn newline_mask(block: &[u8; BLOCK]) -> u64 {
    #[target_feature(enable = "sse2")]
    fn mask(block: &[u8; BLOCK]) -> u64 {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        let newline = _mm_set1_epi8(b'\n' as i8);
        let (quarters, _) = block.as_chunks::<16>();
        quarters.iter().enumerate().fold(0, |mask, (k, quarter)| {
            // SAFETY: the sixteen bytes read are `quarter`'s; the load needs no alignment.
            let x = unsafe { _mm_loadu_si128(quarter.as_ptr().cast()) };
            let bits = _mm_movemask_epi8(_mm_cmpeq_epi8(x, newline)) as u16;
            mask | u64::from(bits) << (16 * k)
        })
    }
    // SAFETY: `mask` needs SSE2 only, which this build targets (the `cfg` above).
    unsafe { mask(block) }
}

/// A bit for each `\n` of a block, a byte at a time.
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
fn newline_mask(block: &[u8; BLOCK]) -> u64 {
    newline_mask_by_bytes(block)
}

/// The mask a byte at a time: the other processors' [`newline_mask`], and on x86-64 the
/// tests' oracle for it.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn newline_mask_by_bytes(block: &[u8; BLOCK]) -> u64 {
    block
        .iter()
        .enumerate()
        .filter(|&(_, &byte)| byte == b'\n')
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The starts `memchr`'s iterator gives.
    fn specification(text: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1))
            .collect()
    }

    #[test]
    fn every_line_start_is_found_where_memchr_finds_it() {
        let pieces = [
            "word",
            "x",
            " ",
            "\n",
            "\n\n",
            "\r\n",
            "临床试验",
            "fifteen letters",
            "sixteen letters!",
            "\u{a}\u{b}\u{c}",
            "é",
        ];
        let mut with_breaks = 0;
        for text in crate::text::generated_strings(&pieces, 5_000, 40, 0x11e5_b7ea) {
            assert_eq!(line_starts(&text), specification(&text), "{text:?}");
            if text.len() > 2 * BLOCK && text.matches('\n').count() > 2 {
                with_breaks += 1;
            }
        }
        assert!(
            with_breaks > 1_000,
            "only {with_breaks} long texts with breaks"
        );
        for text in [
            "",
            "\n",
            "a",
            &"\n".repeat(16),
            &"\n".repeat(33),
            &"ab\n".repeat(40),
        ] {
            assert_eq!(line_starts(text), specification(text), "{text:?}");
        }
    }

    #[test]
    fn the_block_mask_marks_each_line_break() {
        let mut block = [b'a'; BLOCK];
        for at in 0..BLOCK {
            block[at] = b'\n';
            assert_eq!(newline_mask(&block), newline_mask_by_bytes(&block));
            block[(at * 7) % BLOCK] = b'\n';
            assert_eq!(newline_mask(&block), newline_mask_by_bytes(&block));
            block[(at * 13 + 5) % BLOCK] = b'\r';
            assert_eq!(newline_mask(&block), newline_mask_by_bytes(&block));
        }
        assert!(newline_mask(&block).count_ones() > 32);
        for byte in 0..=255u8 {
            let block = [byte; BLOCK];
            assert_eq!(
                newline_mask(&block),
                newline_mask_by_bytes(&block),
                "{byte}"
            );
        }
    }
}
