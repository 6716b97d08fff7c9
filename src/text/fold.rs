//! Folding text for comparison: case, diacritics (Gyöngyösi = Gyongyosi), punctuation and
//! white space, and Markdown emphasis marks.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower-cases, strips diacritics, turns punctuation into single spaces and trims.
/// Han characters are kept as they are.
pub fn fold_for_compare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Folds a personal name for matching: lower case, no diacritics, letters only.
pub fn fold_name(name: &str) -> String {
    fold_for_compare(name).replace(' ', "")
}

/// Removes Markdown emphasis markers (`*`, `_` pairs around words) and escapes.
pub fn strip_markdown_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {}
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Collapses runs of white space into one space and trims.
pub fn squash_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(
            fold_for_compare("Gyöngyösi M, Théry C."),
            "gyongyosi m thery c"
        );
        assert_eq!(fold_name("LE BLANC"), fold_name("Le Blanc"));
        assert_eq!(fold_for_compare("干细胞，综述"), "干细胞 综述");
        assert_eq!(
            strip_markdown_emphasis("*Regen Med.* 2008"),
            "Regen Med. 2008"
        );
    }
}
