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

    /// Byte offsets where words begin, plus the end of the text, sorted.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_dictionary_words_whole() {
        let words: Vec<String> = ["临床", "临床前", "临床试验", "研究"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let segmenter = Segmenter::new(&words);
        let text = "一项临床前研究";
        let bounds = segmenter.boundaries(text);
        let clinical_end = text.find("前").unwrap();
        assert!(
            !bounds.contains(&clinical_end),
            "临床 must not end inside 临床前: {bounds:?}"
        );
        assert!(bounds.contains(&text.find("研究").unwrap()));
    }
}
