//! The decoded text of one document and the only place that converts between byte offsets,
//! 1-based lines and 1-based character columns.

use serde::Serialize;

/// A half-open byte range into a [`Source`]'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A 1-based line and a 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A decoded document: its display path, its text and a line index.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before each block of about [`CHAR_BLOCK`] bytes (see
    /// [`Source::block_start`]), built the first time a column is counted over a long
    /// stretch (a JATS body on one line, a Chinese paragraph): each column then costs at
    /// most two blocks, not the line.
    char_index: std::sync::OnceLock<Vec<usize>>,
    /// The text's language ([`Source::language`]), detected the first time it is asked:
    /// a corpus run asks to schedule the document, and the report asks again.
    language: std::sync::OnceLock<&'static str>,
}

/// Bytes per entry of [`Source`]'s character index.
const CHAR_BLOCK: usize = 1024;

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = crate::text::line_breaks::line_starts(&text);
        Source::indexed(path.into(), text, line_starts)
    }

    /// A source of `text` whose lines start at `line_starts`.
    fn indexed(path: String, text: String, line_starts: Vec<usize>) -> Self {
        Source {
            path,
            text,
            line_starts,
            char_index: std::sync::OnceLock::new(),
            language: std::sync::OnceLock::new(),
        }
    }

    /// The text's language as [`crate::text::language::detect_language`] tells it,
    /// detected once.
    pub fn language(&self) -> &'static str {
        self.language
            .get_or_init(|| crate::text::language::detect_language(&self.text))
    }

    /// A view of this source with `text` in place of its text: as long, with its line
    /// breaks where this text has them (a prose view with markup blanked), so the line
    /// index is copied, not found again.
    pub fn same_lines(&self, text: String) -> Source {
        debug_assert!(
            text.len() == self.text.len() && memchr_newlines(&text).eq(memchr_newlines(&self.text)),
            "a view with the same lines breaks them in the same places"
        );
        Source::indexed(self.path.clone(), text, self.line_starts.clone())
    }

    /// A view of this source with `text` in place of its text: the text with the lines in
    /// `blanked` (each a whole line, its break included) turned to spaces, so a line that
    /// followed a blanked one runs on from the line before. Its line index is this one's
    /// without the starts whose line break was blanked.
    pub fn lines_blanked(&self, text: String, blanked: &[std::ops::Range<usize>]) -> Source {
        // A start goes when the line break before it, at `start - 1`, is blanked: the
        // starts in `range.start + 1..=range.end`. Both lists are in order, so one walk
        // over the starts, range by range, keeps the rest.
        let starts = &self.line_starts;
        let mut line_starts = Vec::with_capacity(starts.len());
        let mut at = 0;
        for range in blanked {
            let kept_from = at;
            while starts.get(at).is_some_and(|&start| start <= range.start) {
                at += 1;
            }
            line_starts.extend_from_slice(&starts[kept_from..at]);
            while starts.get(at).is_some_and(|&start| start <= range.end) {
                at += 1;
            }
        }
        line_starts.extend_from_slice(&starts[at..]);
        debug_assert!(
            text.len() == self.text.len()
                && line_starts[1..]
                    .iter()
                    .map(|start| start - 1)
                    .eq(memchr_newlines(&text)),
            "the blanked view breaks lines where the index says"
        );
        Source::indexed(self.path.clone(), text, line_starts)
    }

    /// Byte offsets where each line starts: 0, then one past each line break.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The line and character column of byte `offset` (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.text.floor_char_boundary(offset);
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let column = self.chars_between(start, offset) + 1;
        Position { line, column }
    }

    /// Like [`Source::position`], but counts the column on from `previous` when `offset`
    /// lies after it on the same line: positions asked for in text order then cost the
    /// characters between them, not the whole line each time (JATS puts paragraphs, or the
    /// whole article, on one line).
    pub fn position_from(&self, previous: (usize, Position), offset: usize) -> Position {
        let offset = self.text.floor_char_boundary(offset);
        let (from, at) = previous;
        let line = self.line_of(offset);
        if from <= offset && at.line == line && self.text.is_char_boundary(from) {
            let column = at.column + self.chars_between(from, offset);
            return Position { line, column };
        }
        self.position(offset)
    }

    /// Byte range of 1-based line `line`, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_starts[line - 1];
        let mut end = self
            .line_starts
            .get(line)
            .map(|next| next - 1)
            .unwrap_or(self.text.len());
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// Characters in `text[from..to]` (char boundaries, `from <= to`).
    fn chars_between(&self, from: usize, to: usize) -> usize {
        if to - from <= 2 * CHAR_BLOCK {
            return self.text[from..to].chars().count();
        }
        self.chars_before(to) - self.chars_before(from)
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary), from the index
    /// and the rest of one block.
    fn chars_before(&self, offset: usize) -> usize {
        let index = self.char_index.get_or_init(|| {
            let mut total = 0;
            let mut index = vec![0];
            let (mut from, mut next) = (0, 1);
            while from < self.text.len() {
                let to = self.block_start(next);
                total += self.text[from..to].chars().count();
                index.push(total);
                (from, next) = (to, next + 1);
            }
            index
        });
        let block = offset / CHAR_BLOCK;
        index[block] + self.text[self.block_start(block)..offset].chars().count()
    }

    /// Where block `block` of the character index starts: the character boundary at or
    /// before byte `block * CHAR_BLOCK`, or the end of the text. Blocks start on
    /// boundaries so that each is counted as a `str`, by the standard library's
    /// word-at-a-time count, over three times as fast as testing each byte.
    fn block_start(&self, block: usize) -> usize {
        self.text
            .floor_char_boundary((block * CHAR_BLOCK).min(self.text.len()))
    }

    /// `span` inside the text and on character boundaries, widened to at least one
    /// character where the text allows: a label miette can underline.
    pub fn label_span(&self, span: Span) -> Span {
        let start = self.text.floor_char_boundary(span.start);
        let end = self.text.ceil_char_boundary(span.end.max(start + 1));
        Span::new(start, end)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let source = Source::new("t", "ab\n临床试验⁽¹⁾\r\nx");
        let offset = source.text.find('⁽').unwrap();
        assert_eq!(source.position(offset), Position { line: 2, column: 5 });
        assert_eq!(source.slice(source.line_span(2)), "临床试验⁽¹⁾");
        assert_eq!(source.position(source.text.len()).line, 3);
    }

    /// A view's copied or derived line index is the index a fresh source of its text has.
    #[test]
    fn views_index_their_lines_as_a_fresh_source_does() {
        let text = "Title\n12\nA sentence runs\r\n page 3 \non here.\n\nLast";
        let source = Source::new("t", text);
        let fresh = |view: &str| Source::new("t", view).line_starts;
        let masked: String = text
            .chars()
            .map(|c| if c == 'e' { ' ' } else { c })
            .collect();
        assert_eq!(
            source.same_lines(masked.clone()).line_starts,
            fresh(&masked)
        );
        // Whole lines, breaks included: "12\n", " page 3 \n", and the last, unbroken line.
        let starts = source.line_starts().to_vec();
        let (page_number, page_line, last) = (
            starts[1]..starts[2],
            starts[3]..starts[4],
            starts[6]..text.len(),
        );
        for blanked in [
            Vec::from([page_number.clone()]),
            Vec::from([page_number, page_line]),
            Vec::from([last]),
            Vec::new(),
        ] {
            let mut view = text.as_bytes().to_vec();
            for range in &blanked {
                view[range.clone()].fill(b' ');
            }
            let view = String::from_utf8(view).expect("spaces for ASCII");
            let derived = source.lines_blanked(view.clone(), &blanked);
            assert_eq!(derived.line_starts, fresh(&view), "{blanked:?}");
        }
    }

    /// Any choice of whole lines blanked, on generated texts: the derived index is the
    /// index of the blanked text.
    #[test]
    fn blanking_any_lines_derives_a_fresh_index() {
        let pieces = ["word", " ", "\n", "\n\n", "\r\n", "12", "临床"];
        let mut blanked_some = 0;
        for (n, text) in crate::text::generated_strings(&pieces, 3_000, 30, 0xb1a2_c3d4)
            .into_iter()
            .enumerate()
        {
            let source = Source::new("t", text.as_str());
            let starts = source.line_starts().to_vec();
            let ends = starts[1..].iter().copied().chain([text.len()]);
            // Line `i` is blanked when bit `i % 16` of a pick that varies with the text is set.
            let pick = (n as u32).wrapping_mul(0x9e37_79b9) >> 16;
            let blanked: Vec<std::ops::Range<usize>> = starts
                .iter()
                .copied()
                .zip(ends)
                .enumerate()
                .filter(|&(i, (start, end))| pick >> (i % 16) & 1 == 1 && start < end)
                .map(|(_, (start, end))| start..end)
                .collect();
            let mut view = text.as_bytes().to_vec();
            for range in &blanked {
                view[range.clone()].fill(b' ');
            }
            let view = String::from_utf8(view).expect("whole lines blanked");
            let derived = source.lines_blanked(view.clone(), &blanked);
            assert_eq!(
                derived.line_starts,
                Source::new("t", view.as_str()).line_starts,
                "{text:?} with {blanked:?}"
            );
            blanked_some += usize::from(blanked.len() > 1);
        }
        assert!(
            blanked_some > 1_000,
            "only {blanked_some} texts had lines blanked"
        );
    }

    #[test]
    fn columns_on_long_lines_come_from_the_index_and_agree_with_counting() {
        let text = format!("x\n{}", "临床试验⁽¹⁾ and text, ".repeat(400));
        let source = Source::new("t", text.as_str());
        let line_start = 2;
        for (offset, _) in text.char_indices().step_by(97) {
            let expected = if offset < line_start {
                text[..offset].chars().count() + 1
            } else {
                text[line_start..offset].chars().count() + 1
            };
            assert_eq!(source.position(offset).column, expected, "at {offset}");
        }
        let near = (text.len() / 2, source.position(text.len() / 2));
        assert_eq!(
            source.position_from(near, text.len()),
            source.position(text.len())
        );
        // Texts that end on, just before and just after a block's edge.
        for length in [
            2 * CHAR_BLOCK - 1,
            2 * CHAR_BLOCK,
            2 * CHAR_BLOCK + 1,
            3 * CHAR_BLOCK,
        ] {
            let text = "é".repeat(length / 2) + &"a".repeat(length % 2);
            let source = Source::new("t", text.as_str());
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let expected = text[..offset].chars().count() + 1;
                assert_eq!(
                    source.position(offset).column,
                    expected,
                    "at {offset} of {length}"
                );
            }
        }
    }
}
