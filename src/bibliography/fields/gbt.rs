//! GB/T 7714 entries: the bracketed document type code ("[J]", "[EB/OL]") and the fields
//! around it (authors, title, container, year).

use crate::text::thread_regex::ThreadRegex;
use crate::text::{find_any, year_position};

use super::authors::{author_block_end, split_authors};
use super::numbers::volume_pages;
use super::{Fields, clean_segment, first_year, nonempty, past_white_space, re, without_spaces};

/// A GB/T 7714 document type code: where the bracketed code lies, and the code in it.
pub(super) struct TypeCode {
    pub(super) whole: std::ops::Range<usize>,
    pub(super) code: std::ops::Range<usize>,
}

/// The GB/T 7714 type codes, with the online mark "/OL" that may follow them.
const TYPE_CODES: [&str; 16] = [
    "J", "M", "C", "D", "R", "S", "P", "N", "G", "Z", "A", "EB", "DB", "CP", "CM", "DS",
];

/// The first bracketed type code ("[J]", "[EB/OL]", "[ M ]"): a code, optionally "/OL",
/// white space allowed inside the brackets.
pub(super) fn type_code(text: &str) -> Option<TypeCode> {
    let skip_space = |at: usize| past_white_space(text, at);
    memchr::memchr_iter(b'[', text.as_bytes()).find_map(|open| {
        let start = skip_space(open + 1);
        let letters = text[start..]
            .find(|c: char| !c.is_ascii_uppercase())
            .unwrap_or(text.len() - start);
        if !TYPE_CODES.contains(&&text[start..start + letters]) {
            return None;
        }
        let mut end = start + letters;
        let mut at = skip_space(end);
        if text[at..].starts_with('/') {
            let mark = skip_space(at + 1);
            if !text[mark..].starts_with("OL") {
                return None;
            }
            end = mark + 2;
            at = skip_space(end);
        }
        text[at..].starts_with(']').then(|| TypeCode {
            whole: open..at + 1,
            code: start..end,
        })
    })
}

/// GB/T 7714: `Authors. Title[J]. Container, Year, Volume(Issue): Pages.`
pub(super) fn parse_gbt(text: &str, code_start: usize, code_end: usize, fields: &mut Fields) {
    let before = &text[..code_start];
    match author_block_end(before) {
        Some((end, resume)) => {
            fields.authors = split_authors(&before[..end]);
            fields.title = nonempty(clean_segment(&before[resume..]));
        }
        None => fields.title = nonempty(clean_segment(before)),
    }
    // "国史旧闻: 第 1 卷", "全智能节电器: 200610171314.3": volume and document numbers.
    if let Some(title) = &fields.title {
        let trimmed = if title.contains([':', '：']) {
            GBT_TITLE_TAIL.replace(title, "").into_owned()
        } else {
            title.clone()
        };
        if !trimmed.is_empty() {
            fields.title = Some(trimmed);
        }
    }
    let after = text[code_end..].trim_start_matches(['.', '．', ' ', '/']);
    let container_end = find_any(after, &[',', '，', ':', '：']).unwrap_or(after.len());
    let container = clean_segment(&after[..container_end]);
    if !container.chars().all(|c| c.is_ascii_digit()) {
        fields.container = nonempty(container);
    }
    fields.year = first_year(after).or_else(|| first_year(before));
    let numbers_from = year_position(after).map_or(0, |y| y + 4);
    // GB/T 7714-2025 writes its numbers with full-width punctuation: "1981，283 （6292）：628".
    let numbers_text = ascii_punctuation(&after[numbers_from..]);
    if let Some(numbers) = volume_pages(&numbers_text) {
        numbers.apply_to(fields);
    } else if let Some(found) = PAGES_AFTER_YEAR.captures(&numbers_text)
        && let Some(pages) = found.get(2)
    {
        // A book's cited pages straight after its year ("2023：35", "2011: 5-6[2013-05-09]"),
        // or a journal's issue without a volume ("2005 (8): 42-45").
        fields.issue = found.get(1).map(|issue| issue.as_str().to_owned());
        fields.pages = Some(without_spaces(pages.as_str()));
    }
}

/// `text` with the full-width comma, colon, semicolon and brackets written in ASCII.
fn ascii_punctuation(text: &str) -> std::borrow::Cow<'_, str> {
    const FULL_WIDTH: [char; 5] = ['，', '：', '；', '（', '）'];
    if !text.contains(FULL_WIDTH) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect::<String>()
        .into()
}

/// Pages straight after a year, an issue in brackets before them or not: ": 35",
/// " (8): 42-45", ": 5-6[2013-05-09]".
static PAGES_AFTER_YEAR: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"^\s*(?:\(\s*([^)]{1,12}?)\s*\))?\s*:\s*([A-Za-z]?[0-9]+(?:\s*[-–—~]+\s*[A-Za-z]?[0-9]+)?)\s*(?:[.;,\[]|$)",
    )
});

static GBT_TITLE_TAIL: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"\s*[:：]\s*(?:第\s*[0-9一二三四五六七八九十]+\s*[卷册辑]|[上中下]|[一二三四五六七八九十]+卷|[A-Z]{0,8}[ /-]*[0-9A-Z][0-9A-Z./—\-: ]*[0-9][0-9A-Z./—\-]*)$",
    )
});
#[cfg(test)]
mod tests {
    use super::*;

    /// The type-code scanner agrees with the regular expression it replaces.
    #[test]
    fn type_code_matches_its_regex_specification() {
        let code = re(r"\[\s*((?:J|M|C|D|R|S|P|N|G|Z|A|EB|DB|CP|CM|DS)(?:\s*/\s*OL)?)\s*\]");
        for sample in [
            "",
            "[",
            "Title[J]. Journal",
            "Title [ J ] . Journal",
            "Title[EB/OL]. http",
            "Title[EB / OL ]",
            "Title[EB/ON] then [M]",
            "[JM] [DB]",
            "[DBS] [DS]",
            "[J/OLX] [C]",
            "[j] [Z\u{3000}]",
            "[[J]]",
            "[J/] [EB /\tOL]",
            "[OL] [CP]",
            "[ CM",
        ] {
            let expected = code.captures(sample).map(|c| {
                let whole = c.get(0).unwrap().range();
                (whole, c.get(1).unwrap().range())
            });
            let found = type_code(sample).map(|code| (code.whole, code.code));
            assert_eq!(found, expected, "type code in {sample:?}");
        }
    }
}
