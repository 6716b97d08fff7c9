//! The source miette reads for one finding in the human format: only the lines around the
//! finding's labels, each line wider than [`WINDOW`] columns clipped to a window around the
//! labels on it and marked "…" where cut. Lines keep their numbers and columns count
//! characters, as in every other format. A Chinese manuscript (a paragraph per line), a
//! JATS article (the whole body on a few lines) or a DOCX paragraph then shows the claim
//! around its marker, not the paragraph; and rendering stays linear, since miette's own
//! `str` source scans the text from its start for every label it reads.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use unicode_width::UnicodeWidthChar;

use crate::source::{Source, Span};

/// Display columns of a line shown around its labels (a Han character takes two).
pub const WINDOW: usize = 100;
/// Lines shown before and after each label's lines (miette asks for the same).
const CONTEXT_LINES: usize = 1;
/// How far a cut may move to fall between words rather than inside one.
const WORD_SLACK: usize = 12;
const MARK: &str = "…";

/// One finding's lines, with labels' spans mapped into them.
pub struct Excerpt {
    name: String,
    text: String,
    lines: Vec<ExcerptLine>,
}

/// One shown line: where it sits in the excerpt's text and in the document.
struct ExcerptLine {
    /// 0-based line number in the document.
    number: usize,
    /// Byte range in the excerpt's text, marks included.
    start: usize,
    end: usize,
    /// Bytes of the leading mark (0 when the line is shown from its start).
    lead_mark: usize,
    /// Document offsets of the shown part of the line.
    shown: Span,
    /// Characters of the document line before the shown part.
    hidden_chars: usize,
}

impl Excerpt {
    /// The lines of `source` around `labels` (document byte spans), and each label's span in
    /// the excerpt, in the order given.
    pub fn new(source: &Source, labels: &[Span]) -> (Excerpt, Vec<Span>) {
        let labels: Vec<Span> = labels.iter().map(|l| source.label_span(*l)).collect();
        let last_line = source.line_count();
        let mut wanted: Vec<usize> = Vec::new();
        for label in &labels {
            let first = source.line_of(label.start);
            let last = source
                .line_of(label.end.max(label.start + 1) - 1)
                .max(first);
            wanted.extend(
                first.saturating_sub(CONTEXT_LINES).max(1)..=last_line.min(last + CONTEXT_LINES),
            );
        }
        wanted.sort_unstable();
        wanted.dedup();
        let mut excerpt = Excerpt {
            name: source.path.clone(),
            text: String::new(),
            lines: Vec::with_capacity(wanted.len()),
        };
        for number in wanted {
            let line = source.line_span(number);
            let focus = labels
                .iter()
                .filter_map(|label| {
                    let start = label.start.max(line.start);
                    let end = label.end.min(line.end);
                    (start < end || (start == end && label.start == start)).then_some((start, end))
                })
                .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
            let shown = window(&source.text, line, focus);
            excerpt.push_line(source, number, line, shown);
        }
        let mapped = labels
            .iter()
            .map(|label| {
                let start = excerpt.map(source, label.start);
                let end = excerpt.map(source, label.end).max(start);
                Span::new(start, end)
            })
            .collect();
        (excerpt, mapped)
    }

    fn push_line(&mut self, source: &Source, number: usize, line: Span, shown: Span) {
        if !self.lines.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        let lead_mark = if shown.start > line.start {
            self.text.push_str(MARK);
            MARK.len()
        } else {
            0
        };
        self.text.push_str(source.slice(shown));
        if shown.end < line.end {
            self.text.push_str(MARK);
        }
        self.lines.push(ExcerptLine {
            number: number - 1,
            start,
            end: self.text.len(),
            lead_mark,
            shown,
            hidden_chars: source.position(shown.start).column - 1,
        });
    }

    /// The excerpt offset showing document offset `offset`, clamped to the shown part of
    /// its line.
    fn map(&self, source: &Source, offset: usize) -> usize {
        let number = source.line_of(offset) - 1;
        let index = self
            .lines
            .partition_point(|l| l.number < number)
            .min(self.lines.len().saturating_sub(1));
        let Some(line) = self.lines.get(index) else {
            return 0;
        };
        let within = offset.clamp(line.shown.start, line.shown.end) - line.shown.start;
        line.start + line.lead_mark + within
    }

    /// The index of the line holding excerpt offset `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.end < offset)
            .min(self.lines.len().saturating_sub(1))
    }
}

/// The part of `line` to show: all of it when it fits the window; otherwise a window
/// around `focus` (the labels on the line), two thirds before it, since a claim precedes
/// its marker; a line with no label shows its start.
fn window(text: &str, line: Span, focus: Option<(usize, usize)>) -> Span {
    let width = |span: &str| span.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
    // No character is wider than its UTF-8 bytes; past that, count only up to the window.
    if line.len() <= WINDOW || forward(text, line.start, line.end, WINDOW) == line.end {
        return line;
    }
    let (focus_start, focus_end) = focus.unwrap_or((line.start, line.start));
    let focus_width = width(&text[focus_start..focus_end]);
    if focus_width >= WINDOW {
        let end = forward(text, focus_start, line.end, WINDOW);
        return Span::new(focus_start, end);
    }
    let room = WINDOW - focus_width;
    let mut start = backward(text, line.start, focus_start, room * 2 / 3);
    let used = width(&text[start..focus_start]);
    let end = forward(text, focus_end, line.end, room - used);
    // Room left at the line's end goes before the focus.
    let left = room - used - width(&text[focus_end..end]);
    if left > 0 {
        start = backward(text, line.start, start, left);
    }
    Span::new(
        between_words_after(text, start, focus_start),
        between_words_before(text, end, focus_end),
    )
}

/// The offset `columns` display columns before `from`, not before `floor`.
fn backward(text: &str, floor: usize, from: usize, columns: usize) -> usize {
    let mut used = 0;
    let mut at = from;
    for (index, c) in text[floor..from].char_indices().rev() {
        used += c.width().unwrap_or(0);
        if used > columns {
            break;
        }
        at = floor + index;
    }
    at
}

/// The offset `columns` display columns after `from`, not after `ceiling`.
fn forward(text: &str, from: usize, ceiling: usize, columns: usize) -> usize {
    let mut used = 0;
    for (index, c) in text[from..ceiling].char_indices() {
        used += c.width().unwrap_or(0);
        if used > columns {
            return from + index;
        }
    }
    ceiling
}

/// A cut at `at` moved forward past the word it splits (Latin text), if that word ends
/// soon and before `limit`.
fn between_words_after(text: &str, at: usize, limit: usize) -> usize {
    let inside_word = |i: usize| {
        text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && text[i..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
    };
    if !inside_word(at) {
        return at;
    }
    text[at..limit.max(at)]
        .char_indices()
        .take(WORD_SLACK)
        .find(|(_, c)| *c == ' ')
        .map_or(at, |(i, _)| at + i + 1)
}

/// A cut at `at` moved back before the word it splits (Latin text), if that word starts
/// soon and after `limit`.
fn between_words_before(text: &str, at: usize, limit: usize) -> usize {
    let inside_word = |i: usize| {
        text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && text[i..].chars().next().is_some_and(char::is_alphanumeric)
    };
    if at >= text.len() || !inside_word(at) {
        return at;
    }
    text[limit.min(at)..at]
        .char_indices()
        .rev()
        .take(WORD_SLACK)
        .find(|(_, c)| *c == ' ')
        .map_or(at, |(i, _)| limit.min(at) + i)
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        if self.lines.is_empty() || span.offset() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_at(span.offset());
        let last = self
            .line_at(span.offset() + span.len().saturating_sub(1))
            .max(first);
        let consecutive = |i: usize| self.lines[i].number + 1 == self.lines[i + 1].number;
        // A span over lines the excerpt does not join (two labels far apart) is not one
        // snippet: miette then shows each label on its own.
        if (first..last).any(|i| !consecutive(i)) {
            return Err(MietteError::OutOfBounds);
        }
        let mut top = first;
        while top > 0 && first - top < context_lines_before && consecutive(top - 1) {
            top -= 1;
        }
        let mut bottom = last;
        while bottom + 1 < self.lines.len()
            && bottom - last < context_lines_after
            && consecutive(bottom)
        {
            bottom += 1;
        }
        let (start, end) = (self.lines[top].start, self.lines[bottom].end);
        // miette reads a column only without context lines: the header's place.
        let column = if context_lines_before == 0 {
            let line = &self.lines[first];
            let shown_from = line.start + line.lead_mark;
            let at = span.offset().clamp(shown_from, line.end);
            line.hidden_chars + self.text[shown_from..at].chars().count()
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[start..end],
            SourceSpan::new(start.into(), end - start),
            self.lines[top].number,
            column,
            bottom - top + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt_of(text: &str, label: Span) -> (Excerpt, Span) {
        let source = Source::new("m.txt", text);
        let (excerpt, spans) = Excerpt::new(&source, &[label]);
        (excerpt, spans[0])
    }

    #[test]
    fn short_lines_are_shown_whole_with_one_line_of_context() {
        let text = "one\ntwo [1]\nthree\nfour\n";
        let (excerpt, span) = excerpt_of(text, Span::new(8, 11));
        assert_eq!(excerpt.text, "one\ntwo [1]\nthree");
        assert_eq!(&excerpt.text[span.start..span.end], "[1]");
        let header = excerpt
            .read_span(&SourceSpan::new(span.start.into(), 3), 0, 0)
            .unwrap();
        assert_eq!((header.line(), header.column()), (1, 4));
        // Blank context lines keep their place.
        let text = "title\n\nclaim [1]\n\nmore\n";
        let (excerpt, span) = excerpt_of(text, Span::new(13, 16));
        assert_eq!(excerpt.text, "\nclaim [1]\n");
        let context = excerpt
            .read_span(&SourceSpan::new(span.start.into(), 3), 1, 1)
            .unwrap();
        assert_eq!((context.line(), context.line_count()), (1, 3));
    }

    #[test]
    fn a_long_chinese_line_is_clipped_around_its_marker_with_character_columns() {
        let claim = "一项随机对照试验显示疗效显著".repeat(20);
        let text = format!("{claim}⁽²¹⁾{claim}\n");
        let marker = Span::new(claim.len(), claim.len() + "⁽²¹⁾".len());
        let (excerpt, span) = excerpt_of(&text, marker);
        assert_eq!(&excerpt.text[span.start..span.end], "⁽²¹⁾");
        let shown_line = excerpt.text.lines().next().unwrap();
        assert!(shown_line.starts_with(MARK) && shown_line.ends_with(MARK));
        let shown: usize = shown_line.chars().map(|c| c.width().unwrap_or(0)).sum();
        assert!(shown <= WINDOW + 2, "{shown}");
        // More of the claim before the marker than after it.
        let before = excerpt.text[..span.start].chars().count();
        let after = shown_line[span.end..].chars().count();
        assert!(before > after, "{before} {after}");
        let header = excerpt
            .read_span(&SourceSpan::new(span.start.into(), span.len()), 0, 0)
            .unwrap();
        assert_eq!(header.column(), claim.chars().count());
    }

    #[test]
    fn labels_off_character_boundaries_or_past_the_end_are_read_safely() {
        let claim = "一项随机对照试验，显示疗效显著".repeat(12);
        let text = format!("{claim}[1]\n");
        let source = Source::new("m.txt", text.as_str());
        // Empty, inside a three-byte character, and past the end of the text.
        for label in [
            Span::new(4, 4),
            Span::new(5, 7),
            Span::new(text.len() + 3, text.len() + 3),
        ] {
            let (excerpt, spans) = Excerpt::new(&source, &[label]);
            let span = spans[0];
            assert!(excerpt.text.is_char_boundary(span.start), "{label:?}");
            assert!(excerpt.text.is_char_boundary(span.end), "{label:?}");
            excerpt
                .read_span(&SourceSpan::new(span.start.into(), span.len()), 1, 1)
                .unwrap();
        }
    }

    #[test]
    fn latin_cuts_fall_between_words() {
        let words = "the exosome trial enrolled patients with heart failure ".repeat(6);
        let text = format!("{words}[7] {words}");
        let marker = Span::new(words.len(), words.len() + 3);
        let (excerpt, _) = excerpt_of(&text, marker);
        let shown = excerpt.text.trim_start_matches(MARK).trim_end_matches(MARK);
        for word in shown.split(' ').filter(|w| !w.is_empty()) {
            assert!(
                text.split(' ').any(|whole| whole == word),
                "{word:?} is cut in {shown:?}"
            );
        }
    }

    #[test]
    fn labels_far_apart_are_read_apart_and_near_ones_together() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!("line {i}\n"));
        }
        let source = Source::new("m.txt", text.as_str());
        let far = [source.line_span(3), source.line_span(30)];
        let (excerpt, spans) = Excerpt::new(&source, &far);
        let both = SourceSpan::new(spans[0].start.into(), spans[1].end - spans[0].start);
        assert!(excerpt.read_span(&both, 1, 1).is_err());
        let lower = excerpt
            .read_span(&SourceSpan::new(spans[1].start.into(), 1), 1, 1)
            .unwrap();
        assert_eq!((lower.line(), lower.line_count()), (28, 3));
        let near = [source.line_span(3), source.line_span(4)];
        let (excerpt, spans) = Excerpt::new(&source, &near);
        let both = SourceSpan::new(spans[0].start.into(), spans[1].end - spans[0].start);
        let joined = excerpt.read_span(&both, 1, 1).unwrap();
        assert_eq!((joined.line(), joined.line_count()), (1, 4));
    }
}
