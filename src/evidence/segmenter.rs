//! The Chinese word segmenter: jieba-rs with a small domain dictionary built from the cue
//! lexicon (not jieba's 80–130 ms default dictionary), used only for text with Han
//! characters, to tell where words begin and end.

use jieba_rs::Jieba;

#[derive(Debug)]
pub struct Segmenter {
    jieba: Jieba,
}

impl Segmenter {
    /// A segmenter that knows `words`; longer words get higher frequencies so that
    /// 临床前 wins over 临床 + 前.
    pub fn new(words: &[String]) -> Segmenter {
        let mut jieba = Jieba::empty();
        for word in words {
            let length = word.chars().count();
            jieba.add_word(word, Some(1000 * length * length), None);
        }
        Segmenter { jieba }
    }

    /// Word boundaries of `text` around the given byte ranges only: the same offsets
    /// `Segmenter::boundaries` gives inside them, found by segmenting just the runs jieba
    /// segments as units (Han characters, ASCII letters and digits, `+#&._%-`) that hold
    /// them, since jieba cuts each such run on its own.
    pub fn boundaries_around(&self, text: &str, ranges: &[(usize, usize)]) -> Vec<usize> {
        let mut regions: Vec<(usize, usize)> = ranges
            .iter()
            .map(|&(start, end)| {
                let before: usize = text[..start]
                    .chars()
                    .rev()
                    .take_while(|&c| in_jieba_block(c))
                    .map(char::len_utf8)
                    .sum();
                let after: usize = text[end..]
                    .chars()
                    .take_while(|&c| in_jieba_block(c))
                    .map(char::len_utf8)
                    .sum();
                (start - before, end + after)
            })
            .collect();
        regions.sort_unstable();
        let mut out = Vec::new();
        let mut covered = 0;
        for (start, end) in regions {
            if end <= covered {
                continue;
            }
            let start = start.max(covered);
            out.extend(
                self.jieba
                    .cut(&text[start..end], false)
                    .iter()
                    .map(|token| start + token.byte_start),
            );
            out.push(end);
            covered = end;
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Byte offsets where words begin in the whole text, plus its end, sorted: what
    /// [`Segmenter::boundaries_around`] must agree with (tests compare the two).
    #[cfg(test)]
    pub fn boundaries(&self, text: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .jieba
            .cut(text, false)
            .iter()
            .map(|token| token.byte_start)
            .collect();
        out.push(text.len());
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The characters jieba keeps together in one block before segmenting it (its
/// `RE_HAN_DEFAULT` class): CJK ideographs, ASCII letters and digits, and `+#&._%-`.
fn in_jieba_block(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        matches!(c,
            '\u{4E00}'..='\u{9FFF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{20000}'..='\u{2A6DF}'
            | '\u{2A700}'..='\u{2EBEF}'
            | '\u{2F800}'..='\u{2FA1F}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segmenter_of(words: &[&str]) -> Segmenter {
        let words: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        Segmenter::new(&words)
    }

    #[test]
    fn keeps_dictionary_words_whole() {
        let segmenter = segmenter_of(&["临床", "临床前", "临床试验", "研究"]);
        let text = "一项临床前研究";
        let bounds = segmenter.boundaries(text);
        let clinical_end = text.find("前").unwrap();
        assert!(
            !bounds.contains(&clinical_end),
            "临床 must not end inside 临床前: {bounds:?}"
        );
        assert!(bounds.contains(&text.find("研究").unwrap()));
    }

    #[test]
    fn boundaries_around_agree_with_whole_text_segmentation() {
        let segmenter = segmenter_of(&["临床", "临床前", "临床试验", "研究", "II期"]);
        let text = "一项临床前研究表明，II期临床试验(n=30)显示：临床研究 and 临床试验。";
        let whole = segmenter.boundaries(text);
        for cue in ["临床", "临床前", "临床试验", "研究", "II期"] {
            for (start, _) in text.match_indices(cue) {
                let end = start + cue.len();
                let around = segmenter.boundaries_around(text, &[(start, end)]);
                for offset in [start, end] {
                    assert_eq!(
                        around.binary_search(&offset).is_ok(),
                        whole.binary_search(&offset).is_ok(),
                        "{cue} at {offset}"
                    );
                }
            }
        }
    }
}
