//! After the title: the container up to the year or the volume, then volume, issue and
//! pages ("109(11):923-940", "7(6): 484-489", "12, 45").

use crate::text::thread_regex::ThreadRegex;
use crate::text::{leading_ascii_digits, year_position};

use super::title::{is_month, subtitle_split};
use super::{Fields, clean_segment, nonempty, past_white_space, re, without_spaces};
use crate::text::white_space::FastTrim;

/// Elsevier's numbers after the journal's name: a volume, the year in brackets, then the
/// pages ("Diabetes Care, 25 (2002), pp. 1576-1583", "39 (2013) 504-514"). The volume
/// and bracket before the year, and the year's close and the pages after it.
static VOLUME_BEFORE_YEAR: ThreadRegex = ThreadRegex::new(|| re(r"[\s,]([0-9]{1,5})\s*\(\s*$"));
static PAGES_AFTER_BRACKETED_YEAR: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"^[0-9]{4}\s*\)\s*,?\s*(?:pp?\.\s*)?([A-Za-z]?[0-9]+(?:\s*[-–—]\s*[A-Za-z]?[0-9]+)?)(?:\s*[.,;]|\s*$)",
    )
});

/// A volume, perhaps its issue, and a page range with only a space between them, as some
/// styles write them ("Biological Cybernetics, 50 363-396, 1984", "Journal of Cognitive
/// Neuroscience, 3(1) 59-70"): read only where [`volume_pages`] finds nothing.
static VOLUME_SPACE_PAGES: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"(?:^|[\s,;])([0-9]{1,4})\s*(?:\(([0-9]{1,4})\))?\s+([A-Za-z]?[0-9]{1,6}\s*[-–—‑]{1,2}\s*[A-Za-z]?[0-9]{1,6})(?:[\s,.;]|$)",
    )
});

/// The first [`VOLUME_SPACE_PAGES`] match, unless its volume or issue is a year ("110
/// (2008) 62–64" is Elsevier's volume, year and pages) or a number other than the year
/// stands just before it ("2004 34 3 126-131": which is the volume is anyone's guess).
fn volume_space_pages(text: &str) -> Option<VolumePages<'_>> {
    let found = VOLUME_SPACE_PAGES.captures(text)?;
    let volume = found.get(1)?;
    let before = text[..volume.start()].fast_trim_end();
    let number_before = &before[before.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
    let after_a_number = !number_before.is_empty() && !is_bare_year(number_before);
    if is_bare_year(volume.as_str())
        || found
            .get(2)
            .is_some_and(|issue| is_bare_year(issue.as_str()))
        || after_a_number
    {
        return None;
    }
    Some(VolumePages {
        start: found.get(0)?.start(),
        volume: volume.as_str(),
        issue: found.get(2).map(|m| m.as_str()),
        pages: found.get(3)?.as_str(),
    })
}

/// Whether `number` is a year and nothing else: "2008", not "12008" or "2008a".
fn is_bare_year(number: &str) -> bool {
    number.len() == 4 && year_position(number) == Some(0)
}

/// A volume with its issue and pages ("109(11):923-940", "7(6): 484-489", "12, 45"), as
/// [`volume_pages`] finds it.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct VolumePages<'a> {
    /// Where the match starts (at the separator before the volume, if there is one).
    start: usize,
    volume: &'a str,
    issue: Option<&'a str>,
    pages: &'a str,
}

impl<'a> VolumePages<'a> {
    /// The numbers of "PLoS ONE 3.7 (2008): 1-11" (MLA's volume.issue, then the year in
    /// brackets), which [`volume_pages`] reads as volume 7 of issue 2008: a bracketed year
    /// is no issue, and digits joined to the volume by a full stop are the volume, making
    /// it the issue. `text` is what the numbers were found in.
    fn without_year_as_issue(mut self, text: &'a str) -> VolumePages<'a> {
        if !self.issue.is_some_and(is_bare_year) {
            return self;
        }
        self.issue = None;
        let before = &text[..self.start];
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let opens_word = before[..before.len() - digits]
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        if text[self.start..].starts_with('.') && digits > 0 && opens_word {
            self.issue = Some(self.volume);
            self.volume = &before[before.len() - digits..];
            self.start -= digits;
        }
        self
    }

    pub(super) fn apply_to(&self, fields: &mut Fields) {
        fields.volume = Some(self.volume.to_owned());
        fields.issue = self.issue.map(str::to_owned);
        fields.pages = Some(without_spaces(self.pages));
    }
}

/// The first volume, issue and pages in `text`: a volume of one to five digits, at the
/// start or after white space or one of ";,.:", perhaps its issue in brackets (up to twenty
/// characters, spaces around it aside), then a colon (and "p." or "pp.") or a comma, and
/// the pages: a number or a range, each end perhaps with a letter on either side ("S5",
/// "e12", "923-940", "S5–S9"). This reads what the pattern
/// `(?:^|[\s;,.:])([0-9]{1,5})\s*(?:\(\s*([^)]{1,20}?)\s*\))?\s*(?::\s*(?:pp?\.\s*)?|,\s*)(P(?:\s*[-–—]\s*P)?)`,
/// with `P` for `[A-Za-z]?[0-9]+[A-Za-z]?`, finds first, without a regex search from every
/// character of every reference; a test compares the two.
pub(super) fn volume_pages(text: &str) -> Option<VolumePages<'_>> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(u8::is_ascii_digit) {
        let volume_start = from + offset;
        let volume_end = volume_start + leading_ascii_digits(&text[volume_start..]);
        from = volume_end;
        // The volume is all of a run of digits, which opens the text or follows a separator.
        let start = match text[..volume_start].chars().next_back() {
            None => volume_start,
            Some(c) if c.is_whitespace() || matches!(c, ';' | ',' | '.' | ':') => {
                volume_start - c.len_utf8()
            }
            Some(_) => continue,
        };
        if volume_end - volume_start > 5 {
            continue;
        }
        if let Some(found) = numbers_after_volume(text, start, volume_start..volume_end) {
            return Some(found);
        }
    }
    None
}

/// The issue and pages after the volume at `volume` ([`volume_pages`]), if they are there.
fn numbers_after_volume(
    text: &str,
    start: usize,
    volume: std::ops::Range<usize>,
) -> Option<VolumePages<'_>> {
    let mut at = past_white_space(text, volume.end);
    let mut issue = None;
    if text[at..].starts_with('(') {
        let inside = at + 1;
        let close = inside + text[inside..].find(')')?;
        let within = &text[inside..close];
        // The issue is lazy and at least one character: trimmed of white space, or the
        // last white-space character when there is nothing else.
        let trimmed = within.fast_trim();
        if trimmed.chars().nth(20).is_some() {
            return None;
        }
        issue = Some(if trimmed.is_empty() {
            let last = within.chars().next_back()?;
            &within[within.len() - last.len_utf8()..]
        } else {
            trimmed
        });
        at = past_white_space(text, close + 1);
    }
    // The separator (':' or ','), then "p." or "pp." if written after a colon ("70(2): p.
    // 210-22"; after a comma, "No. 9, pp." is an issue), then the pages.
    let pages_start = match text.as_bytes().get(at)? {
        b':' => {
            let after_colon = past_white_space(text, at + 1);
            let rest = &text[after_colon..];
            match ["pp.", "p."]
                .into_iter()
                .find(|mark| rest.starts_with(mark))
            {
                Some(mark) => past_white_space(text, after_colon + mark.len()),
                None => after_colon,
            }
        }
        b',' => past_white_space(text, at + 1),
        _ => return None,
    };
    let mut pages_end = pages_start + page_number(&text[pages_start..])?;
    let dash_at = past_white_space(text, pages_end);
    if let Some(dash) = text[dash_at..]
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '–' | '—'))
    {
        let second = past_white_space(text, dash_at + dash.len_utf8());
        if let Some(length) = page_number(&text[second..]) {
            pages_end = second + length;
        }
    }
    Some(VolumePages {
        start,
        volume: &text[volume],
        issue,
        pages: &text[pages_start..pages_end],
    })
}

/// The length of the page number `text` opens with: digits, perhaps with a letter before
/// or after them ("923", "S5", "e12", "12a").
fn page_number(text: &str) -> Option<usize> {
    let letter_first = usize::from(text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic));
    let digits = leading_ascii_digits(&text[letter_first..]);
    if digits == 0 {
        return None;
    }
    let end = letter_first + digits;
    Some(
        end + usize::from(
            text.as_bytes()
                .get(end)
                .is_some_and(u8::is_ascii_alphabetic),
        ),
    )
}

/// Where the year of publication starts in `text`: the first year, unless it closes a
/// bracketed qualifier of the journal's name ("Spine (Phila Pa 1976). 2010;35:320"), when
/// the next year is the one.
fn publication_year_position(text: &str) -> Option<usize> {
    let first = year_position(text)?;
    let after_year = &text[first + 4..];
    let opened = text[..first].rfind('(');
    let qualifier = after_year.starts_with(')')
        && opened.is_some_and(|open| {
            let inside = &text[open + 1..first];
            !inside.contains(')') && inside.chars().any(char::is_alphabetic)
        });
    if qualifier && let Some(next) = year_position(&after_year[1..]) {
        return Some(first + 5 + next);
    }
    Some(first)
}

/// The journal's name in the text between the title and the year or volume: without the
/// bracket that opens the year ("J Virol (1996)"), a volume or number written out ("Current
/// Biology, vol. 26, no. 14, July"), or the month and day of issue ("Mil Med. Jul",
/// "Blood January", "MedPage Today, 8 Dec.").
fn journal_name(segment: &str) -> &str {
    let mut name = segment;
    if let Some(marker) = VOLUME_MARKER.find(name) {
        name = &name[..marker.start()];
    }
    loop {
        let trimmed = name.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '(' | ',' | ';' | '.' | '/' | '-' | '–')
        });
        let last_start = trimmed
            .rfind(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/'))
            .map_or(0, |at| {
                at + trimmed[at..].chars().next().map_or(1, char::len_utf8)
            });
        let last = &trimmed[last_start..];
        let day = !last.is_empty() && last.len() <= 2 && last.bytes().all(|b| b.is_ascii_digit());
        // Keep at least one word: a journal is never only a month.
        if last_start == 0 || !(is_month(last) || day) {
            return trimmed;
        }
        name = &trimmed[..last_start];
    }
}

/// A volume or number written out, with its digits: ", vol. 26", " Volume 7", " No. 5".
static VOLUME_MARKER: ThreadRegex =
    ThreadRegex::new(|| re(r"(?i)[,;.]?\s*\b(?:vol|volume|no|n°|issue)\.?\s*[0-9]"));

/// After the title: the container up to the year or the volume, then volume/issue/pages.
/// When `subtitles`, a sentence of prose before a journal name joins the title (see
/// [`subtitle_split`]).
pub(super) fn fill_container_and_numbers(after: &str, fields: &mut Fields, subtitles: bool) {
    let after = after.trim_start_matches([' ', '.', ',']);
    let book = after
        .strip_prefix("In:")
        .or_else(|| after.strip_prefix("In "));
    let after = book.unwrap_or(after);
    let year_pos = publication_year_position(after).map(|y| (y, &after[y..y + 4]));
    let first_numbers = volume_pages(after)
        .map(|numbers| numbers.without_year_as_issue(after))
        .or_else(|| volume_space_pages(after));
    let volume_pos = first_numbers.as_ref().map(|numbers| numbers.start);
    let container_end = match (year_pos, volume_pos) {
        (Some((y, _)), Some(v)) => y.min(v),
        (Some((y, _)), None) => y,
        (None, Some(v)) => v,
        (None, None) => after.find(['.', ',']).unwrap_or(after.len()),
    };
    let mut container_start = 0;
    if subtitles
        && book.is_none()
        && let Some(title) = &mut fields.title
        && let Some((subtitle_end, journal_start)) = subtitle_split(&after[..container_end])
    {
        let separator = if title.ends_with(['?', '!']) {
            " "
        } else {
            ". "
        };
        title.push_str(separator);
        title.push_str(&clean_segment(&after[..subtitle_end]));
        container_start = journal_start;
    }
    if let Some((y, year)) = year_pos
        && y == container_end
        // The bracket first: a test much cheaper than the patterns, and rarely passed.
        && after[..y].fast_trim_end().ends_with('(')
        && let Some(volume) = VOLUME_BEFORE_YEAR
            .captures(&after[..y])
            .and_then(|c| c.get(1))
        && let Some(pages) = PAGES_AFTER_BRACKETED_YEAR
            .captures(&after[y..])
            .and_then(|c| c.get(1))
        && volume.start() >= container_start
    {
        // "Diabetes Care, 25 (2002), pp. 1576-1583": the volume before the bracketed year,
        // the pages after it.
        fields.container = nonempty(clean_segment(&after[container_start..volume.start()]));
        fields.volume = Some(volume.as_str().to_owned());
        fields.pages = Some(without_spaces(pages.as_str()));
        if fields.year.is_none() {
            fields.year = year.parse().ok();
        }
        return;
    }
    fields.container = nonempty(clean_segment(journal_name(
        &after[container_start..container_end],
    )));
    if let Some((_, year)) = year_pos
        && fields.year.is_none()
    {
        fields.year = year.parse().ok();
    }
    let numbers_from = year_pos.map_or(0, |(y, _)| y + 4).min(after.len());
    let numbers = if volume_pos.is_some_and(|v| v >= numbers_from) {
        first_numbers
    } else {
        volume_pages(&after[numbers_from..]).or(first_numbers)
    };
    // "vol. 27, no. 5, pp. 755–771" (IEEE, MLA): each number after its word. A volume
    // written out is the volume, whatever other numbers look like one ("Vol. 320, No.
    // 7237, 2000, pp. 768–770" holds "7237, 2000").
    let written = names_a_volume(after)
        .then(|| WRITTEN_NUMBERS.captures(after))
        .flatten()
        .filter(|written| {
            numbers
                .as_ref()
                .is_none_or(|n| written.get(1).is_some_and(|v| v.as_str() != n.volume))
        });
    if let Some(written) = written {
        let text = |group: usize| written.get(group).map(|m| m.as_str().to_owned());
        fields.volume = text(1);
        fields.issue = text(2);
        // Pages without their word ("Vol. 35, No. 3 (Summer, 1991), 269-287") are the
        // other numbers' pages when those are a range.
        let range = numbers
            .as_ref()
            .map(|n| n.pages)
            .filter(|pages| pages.contains(['-', '–', '—', '‑']));
        fields.pages = text(3).as_deref().or(range).map(without_spaces);
    } else if let Some(numbers) = numbers {
        numbers.apply_to(fields);
    }
}

/// Whether `text` holds "vol" in any case: a test much cheaper than [`WRITTEN_NUMBERS`].
fn names_a_volume(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'v', b'V', bytes).any(|at| {
        bytes
            .get(at + 1..at + 3)
            .is_some_and(|rest| rest.eq_ignore_ascii_case(b"ol"))
    })
}

/// A volume written out, then perhaps its number, the year, and the pages: "vol. 27, no. 5,
/// pp. 755–771", "Volume 7 Number 3", "Vol 21 (2)", "Vol. 320, No. 7237, 2000, pp. 768–770".
static WRITTEN_NUMBERS: ThreadRegex = ThreadRegex::new(|| {
    re(concat!(
        r"(?i)\bvol(?:ume)?\.?\s*([0-9]{1,5})",
        r"(?:\s*,?\s*(?:(?:no|n°|number|issue|iss)\.?\s*|\()([0-9]{1,5})\)?)?",
        r"(?:\s*,\s*(?:18|19|20)[0-9][0-9])?",
        r"(?:\s*[,.]?\s*pp?\.\s*([A-Za-z]?[0-9]+(?:\s*[-–—‑]+\s*[A-Za-z]?[0-9]+)?))?",
    ))
});

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers_after_title(after: &str) -> (Option<String>, [Option<String>; 3]) {
        let mut fields = Fields::default();
        fill_container_and_numbers(after, &mut fields, true);
        (
            fields.container,
            [fields.volume, fields.issue, fields.pages],
        )
    }

    #[test]
    fn numbers_in_the_shapes_styles_write_them() {
        type Numbers = [Option<&'static str>; 3];
        // (after the title, journal, [volume, issue, pages])
        let cases: [(&str, &str, Numbers); 9] = [
            // A volume written out wins over numbers that only look like volume and pages.
            (
                "Bmj, Vol. 320, No. 7237, 2000, pp. 768–770.",
                "Bmj",
                [Some("320"), Some("7237"), Some("768–770")],
            ),
            (
                "J. Shoulder Elbow Surg., vol. 21, no 12, p. 1734 - 1739, 2012.",
                "J. Shoulder Elbow Surg",
                [Some("21"), Some("12"), Some("1734-1739")],
            ),
            (
                "J Broadcast Electron Media, Vol. 35, No. 3 (Summer, 1991), 269-287.",
                "J Broadcast Electron Media",
                [Some("35"), Some("3"), Some("269-287")],
            ),
            // Volume and page range with only a space between them.
            (
                "Biological Cybernetics, 50 363-396, 1984.",
                "Biological Cybernetics",
                [Some("50"), None, Some("363-396")],
            ),
            (
                "Military Medicine. 2013 178(3) 246-253.",
                "Military Medicine",
                [Some("178"), Some("3"), Some("246-253")],
            ),
            // Which of two bare numbers is the volume is a guess citelint does not make.
            (
                "J Orthop Sports Phys Ther. 2004 34 3 126-131.",
                "J Orthop Sports Phys Ther",
                [None, None, None],
            ),
            // MLA's volume.issue before the bracketed year; a bracketed year is no issue.
            (
                "PLoS ONE 3.7 (2008): 1-11.",
                "PLoS ONE",
                [Some("3"), Some("7"), Some("1-11")],
            ),
            (
                "Nature 409 (2001): 860-921.",
                "Nature",
                [Some("409"), None, Some("860-921")],
            ),
            // Elsevier's volume (year) pages keeps its own reading.
            (
                "Clinical Neurology and Neurosurgery 110 (2008) 62–64.",
                "Clinical Neurology and Neurosurgery",
                [Some("110"), None, Some("62–64")],
            ),
        ];
        for (after, container, numbers) in cases {
            let (got_container, got) = numbers_after_title(after);
            assert_eq!(got_container.as_deref(), Some(container), "{after}");
            assert_eq!(got.each_ref().map(Option::as_deref), numbers, "{after}");
        }
    }

    /// The volume and pages scanner agrees with the regular expression it replaces.
    #[test]
    fn volume_pages_matches_its_regex_specification() {
        let pattern = regex::Regex::new(
            r"(?:^|[\s;,.:])([0-9]{1,5})\s*(?:\(\s*([^)]{1,20}?)\s*\))?\s*(?::\s*(?:pp?\.\s*)?|,\s*)([A-Za-z]?[0-9]+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?[0-9]+[A-Za-z]?)?)",
        )
        .expect("compiles");
        // Volume, issue and pages: real shapes, then many strings built from their pieces.
        let mut samples: Vec<String> = [
            "Circ Res. 2011;109(11):923-940.",
            "免疫学杂志, 2017, 33(5): 441-446.",
            "Cells 12, 45",
            "J Med. 2001;1:1-2",
            "Nature 5 ( 3 ):e12 - e19",
            "x 12 ( ):5",
            "x 12 (\u{3000}):5",
            "vol 12 (suppl 2), S5–S9",
            "123456:7",
            "１２:３４",
            "Neuron, 2011. 70(2): p. 210-22.",
            "Dev Biol, 1985. 109: pp.509-14",
            "Cells 12, p.",
            "Cells 12: pp. x",
            "Vol. 35, No. 9, pp.1394-1401",
        ]
        .map(str::to_owned)
        .to_vec();
        let pieces = [
            "1",
            "23",
            "4567",
            "(",
            ")",
            "(3)",
            "( 4 )",
            "(S1",
            " ",
            ":",
            ",",
            ";",
            ".",
            "-",
            "–",
            "a",
            "S",
            "x",
            "\u{a0}",
            "12:",
            ", 45",
            "(2)",
            ":e5",
            "-7",
            "p.",
            "pp.",
            " p. 3",
            "p",
            "—",
            "\u{3000}",
            "ab",
            "123456",
            "(Suppl 2 of the twentieth)",
            "(一二三四五六七八九十一二三四五六七八九十)",
        ];
        samples.extend(crate::text::generated_strings(
            &pieces,
            40_000,
            12,
            0x2545_f491,
        ));
        let (mut matched, mut with_issue) = (0, 0);
        for sample in &samples {
            let expected = pattern.captures(sample).map(|c| VolumePages {
                start: c.get(0).unwrap().start(),
                volume: c.get(1).unwrap().as_str(),
                issue: c.get(2).map(|m| m.as_str()),
                pages: c.get(3).unwrap().as_str(),
            });
            matched += usize::from(expected.is_some());
            with_issue += usize::from(expected.as_ref().is_some_and(|v| v.issue.is_some()));
            assert_eq!(
                volume_pages(sample),
                expected,
                "volume and pages in {sample:?}"
            );
        }
        assert!(
            matched > 1_500 && with_issue > 150,
            "{matched} {with_issue}"
        );
    }

    /// The month and volume-word tests agree with the allocating and windowed ones they
    /// replace.
    #[test]
    fn month_and_volume_word_tests_match_their_specifications() {
        let pieces = [
            "Jul",
            "JULY",
            "août",
            "AOÛT",
            "Décembre",
            "DÉCEMBRE",
            "fevrier",
            "Spring",
            "sept",
            "vol",
            "VOL",
            "Vo",
            "v",
            "ol",
            "l",
            ".",
            ",",
            ";",
            "-",
            "/",
            "–",
            " ",
            "Σ",
            "İ",
            "K",
            "x",
            "12",
            "septembreseptembre",
        ];
        // Every month, in any case, with a full stop or a second month after it.
        for &month in super::super::title::MONTHS {
            let mut chars = month.chars();
            let capitalised: String = chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
                .collect();
            for word in [month.to_owned(), month.to_uppercase(), capitalised] {
                for written in [word.clone(), format!("{word}."), format!("{word}-Jun")] {
                    assert!(is_month(&written), "{written:?}");
                }
            }
        }
        let texts = crate::text::generated_strings(&pieces, 20_000, 4, 0x30_17);
        let (mut months, mut volumes) = (0, 0);
        for text in &texts {
            let first = text.split(['-', '/', '–']).next().unwrap_or(text);
            let lower = first.trim_end_matches(['.', ',', ';']).to_lowercase();
            let month = super::super::title::MONTHS.contains(&lower.as_str());
            assert_eq!(is_month(text), month, "{text:?}");
            let volume = text
                .as_bytes()
                .windows(3)
                .any(|window| window.eq_ignore_ascii_case(b"vol"));
            assert_eq!(names_a_volume(text), volume, "{text:?}");
            months += usize::from(month);
            volumes += usize::from(volume);
        }
        assert!(months > 500 && volumes > 500, "{months} {volumes}");
    }
}
