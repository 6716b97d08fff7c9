//! Turns raw bytes into UTF-8 text: UTF-8 (with or without BOM), UTF-16 with BOM and
//! GB18030/GBK. Binary and undecodable input is an error, never a panic.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// The encoding a document was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Utf8Bom => "utf-8-bom",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Gb18030 => "gb18030",
        }
    }
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeFailure {
    /// NUL bytes without a UTF-16 byte-order mark: an image, a PDF, an archive…
    Binary,
    /// Neither valid UTF-8 nor valid GB18030; the byte offset of the first bad sequence.
    Undecodable { offset: usize },
    /// A UTF-16 BOM followed by invalid UTF-16.
    BadUtf16,
}

/// Decodes owned bytes, taking them over without a copy when they are already UTF-8.
pub fn decode_owned(bytes: Vec<u8>) -> Result<(String, TextEncoding), DecodeFailure> {
    let plain_utf8 = !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && !bytes[..bytes.len().min(8192)].contains(&0);
    // SIMD validation (most input is valid UTF-8); copying the text out is cheaper than
    // std's validation would be. Invalid input goes on to detection and error reporting.
    if plain_utf8 {
        return match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => Ok((text.to_owned(), TextEncoding::Utf8)),
            Err(_) => decode(&bytes),
        };
    }
    decode(&bytes)
}

/// Decodes `bytes`, detecting the encoding.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), DecodeFailure> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|s| (s.to_owned(), TextEncoding::Utf8Bom))
            .map_err(|e| DecodeFailure::Undecodable {
                offset: e.valid_up_to() + 3,
            });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, TextEncoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, TextEncoding::Utf16Be);
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(DecodeFailure::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_owned(), TextEncoding::Utf8)),
        Err(utf8_error) => {
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            if had_errors || !looks_like_chinese(&text) {
                Err(DecodeFailure::Undecodable {
                    offset: utf8_error.valid_up_to(),
                })
            } else {
                Ok((text.into_owned(), TextEncoding::Gb18030))
            }
        }
    }
}

fn decode_utf16(
    rest: &[u8],
    encoding: TextEncoding,
) -> Result<(String, TextEncoding), DecodeFailure> {
    let codec = if encoding == TextEncoding::Utf16Le {
        UTF_16LE
    } else {
        UTF_16BE
    };
    match codec.decode_without_bom_handling_and_without_replacement(rest) {
        Some(text) => Ok((text.into_owned(), encoding)),
        None => Err(DecodeFailure::BadUtf16),
    }
}

/// GB18030 decodes almost any byte soup; accept it only when a fair share of the
/// non-ASCII characters are Han or CJK punctuation.
fn looks_like_chinese(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut cjk = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        if crate::text::is_han(c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        {
            cjk += 1;
        }
    }
    non_ascii > 0 && cjk * 10 >= non_ascii * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        assert_eq!(decode("临床".as_bytes()).unwrap().1, TextEncoding::Utf8);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("临床".as_bytes());
        assert_eq!(
            decode(&bom).unwrap(),
            ("临床".to_owned(), TextEncoding::Utf8Bom)
        );
        let (gbk, _, _) = GB18030.encode("随机对照试验。");
        assert_eq!(
            decode(&gbk).unwrap(),
            ("随机对照试验。".to_owned(), TextEncoding::Gb18030)
        );
        let mut utf16 = b"\xFF\xFE".to_vec();
        for unit in "trial".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16).unwrap().0, "trial");
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0"),
            Err(DecodeFailure::Binary)
        );
        assert!(matches!(
            decode(b"abc \xFF\xFE\xFD"),
            Err(DecodeFailure::Undecodable { offset: 4 })
        ));
    }
}
