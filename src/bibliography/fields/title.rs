//! The title after the author list: up to its sentence end (a question mark only when a
//! container and year follow), past a bare year; or a quoted title, as IEEE and some
//! Harvard styles write it. A sentence of prose between that and a journal name is the
//! title's subtitle ("… infection. A case-control study of blood donors. Epidemiol Infect").

use crate::text::thread_regex::ThreadRegex;
use crate::text::{Literal, find_any};

use super::authors::looks_like_author_block;
use super::{clean_segment, nonempty, re};
use crate::text::white_space::FastTrim;

/// A quoted title, as IEEE and some Harvard styles write it: “Title,” «Title» or "Title.";
/// with where its opening mark stands (the author list ends there) and where the text after
/// its closing mark starts.
pub(super) fn quoted_title(text: &str) -> Option<(String, usize, usize)> {
    // An entry without a quotation mark (one scan for the last byte of each: “ ends in
    // 0x9C, « in 0xAB) has no quoted title: most have none, and are not scanned three times.
    memchr::memchr3(b'"', 0x9C, 0xAB, text.as_bytes())?;
    let (open, close) = if let Some(start) = text.find('“') {
        (start, text[start..].find('”').map(|e| start + e)?)
    } else if let Some(start) = text.find('«') {
        (start, text[start..].find('»').map(|e| start + e)?)
    } else {
        let start = text.find('"')?;
        (start, text[start + 1..].find('"').map(|e| start + 1 + e)?)
    };
    let before = text[..open].trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '.');
    let before = YEAR_TAIL.replace(before, "");
    if before.fast_trim().is_empty() || !looks_like_author_block(&before) {
        return None;
    }
    let inner = clean_segment(&text[open + text[open..].chars().next()?.len_utf8()..close]);
    (inner.chars().count() >= 10).then(|| {
        (
            inner,
            open,
            close + text[close..].chars().next().map_or(1, char::len_utf8),
        )
    })
}

/// Takes the title from the start of `rest`: up to the first sentence end. A question mark
/// ends the title only when a container and year follow it.
pub(super) fn take_title(rest: &str) -> (Option<String>, &str) {
    let mut rest = rest.trim_start_matches([' ', '.', ',']);
    // "Willoughby RE. 1997. Title…": a bare year between authors and title.
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && let Some(m) = LEADING_YEAR.find(rest)
    {
        rest = &rest[m.end()..];
    }
    // A GOST-style separator, found by `memmem` (SIMD) rather than `str::find` (two-way).
    static GOST_SEPARATOR: Literal = Literal::new(" //");
    let rest = match GOST_SEPARATOR.find(rest) {
        Some(gost) => &rest[..gost + 1],
        None => rest,
    };
    let mut search_from = 0;
    while let Some(rel) = find_any(&rest[search_from..], &['.', '?', '!', '。']) {
        let stop = search_from + rel;
        let stop_char = rest[stop..].chars().next().unwrap_or('.');
        let after = &rest[stop + stop_char.len_utf8()..];
        let continues_lowercase = after
            .fast_trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        let ends =
            (after.is_empty() || after.starts_with(char::is_whitespace)) && !continues_lowercase;
        if ends && !ends_in_abbreviation(&rest[..stop]) {
            if stop_char == '?' || stop_char == '!' {
                if looks_like_container_then_year(after) {
                    return (nonempty(clean_segment(&rest[..stop + 1])), after);
                }
            } else {
                return title_before_glued_journal(rest, stop, after);
            }
        }
        search_from = stop + stop_char.len_utf8();
    }
    title_before_glued_journal(rest, rest.len(), "")
}

/// The title `rest[..end]`, with `after` after it; unless the journal and its numbers ran
/// into that title without a full stop ("… the common cold Pharmacotherapy (2000)
/// 20:690-697"), when the title ends where the journal starts and the rest follows it.
fn title_before_glued_journal<'a>(
    rest: &'a str,
    end: usize,
    after: &'a str,
) -> (Option<String>, &'a str) {
    match glued_journal_start(&rest[..end]) {
        Some(journal) => (nonempty(clean_segment(&rest[..journal])), &rest[journal..]),
        None => (nonempty(clean_segment(&rest[..end])), after),
    }
}

/// A journal's particulars that no title holds: a year then a volume and pages ("2000;
/// 109:150-158", "(1996) 70:6151"), a volume and a page range ("148: 2207-2216"), a volume
/// and pages then a year ("76: 219, 1993"), or "39 (2013), pp".
static GLUED_NUMBERS: ThreadRegex = ThreadRegex::new(|| {
    re(concat!(
        r"\s\(?(?:1[89]|20)[0-9][0-9]\)?\s*[;,]?\s*[0-9]{1,4}\s*(?:\([^)]{1,12}\))?\s*:\s*[A-Za-z]?[0-9]",
        r"|\s[0-9]{1,4}\s*(?:\([^)]{1,12}\))?\s*:\s*[A-Za-z]?[0-9]+\s*(?:[-–—]+\s*[A-Za-z]?[0-9]|,\s*(?:1[89]|20)[0-9][0-9]\b)",
        r"|\s[0-9]{1,4}\s+\((?:1[89]|20)[0-9][0-9]\),\s*pp\b",
    ))
});

/// Where a journal name starts in `title` when the journal and its numbers ran into it:
/// the run of capitalised and joining words before the numbers ("Am J Med", "Journal of
/// Hospital Infection"), after a lower-case word or a comma that ends the title. A
/// capitalised word after a preposition belongs to the title ("… in Canada N Engl J Med").
/// None when no such run is found within ten words, as in a title in title case: the
/// title is then left whole rather than cut at a guess.
fn glued_journal_start(title: &str) -> Option<usize> {
    const JOINING: &[&str] = &["of", "and", "the", "in", "&", "de", "für", "und"];
    const PREPOSITIONS: &[&str] = &[
        "in", "of", "to", "for", "with", "from", "by", "on", "and", "the", "a", "an", "at",
        "after", "among", "between", "during", "versus", "vs", "into", "via",
    ];
    // Every shape of those numbers has a colon or "pp" and a digit: most titles have not.
    let bytes = title.as_bytes();
    if !(memchr::memchr(b':', bytes).is_some() || title.contains("pp"))
        || !bytes.iter().any(u8::is_ascii_digit)
    {
        return None;
    }
    let numbers = GLUED_NUMBERS.find(title)?.start();
    let before = &title[..numbers];
    // The words before the numbers, nearest first, with their start offsets.
    let words: Vec<(usize, &str)> = before
        .split_whitespace()
        .rev()
        .map(|word| (word.as_ptr() as usize - before.as_ptr() as usize, word))
        .collect();
    // How many words the journal run holds: up to a lower-case word, or a comma, colon or
    // quote that ends the title (allowed on the journal's last word: "Diabetes Educ., 39").
    let mut run = 0;
    let punctuated = loop {
        let &(_, word) = words.get(run)?;
        if run > 0 && word.ends_with([',', ':', ';', '"', '”', '’']) {
            break true;
        }
        if !(capitalised(word) || JOINING.contains(&word)) {
            break false;
        }
        run += 1;
        if run > 10 {
            return None;
        }
    };
    // The journal is words[..run], nearest first: its first word is words[run - 1].
    let mut first = run.checked_sub(1)?;
    loop {
        let word = words[first].1;
        let previous = words.get(first + 1).map(|&(_, w)| w.to_ascii_lowercase());
        let after_preposition = previous.is_some_and(|p| PREPOSITIONS.contains(&p.as_str()));
        if JOINING.contains(&word) || (after_preposition && first > 0 && !word.ends_with(',')) {
            first = first.checked_sub(1)?;
        } else {
            break;
        }
    }
    // At least two words of title before the journal, and unless punctuation ends the
    // title, not a title in title case, whose capitalised words could as well begin the
    // journal.
    let title_words = &words[first + 1..];
    let long_words = || {
        title_words
            .iter()
            .rev()
            .skip(1)
            .filter(|(_, w)| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
    };
    let capitalised_words = long_words().filter(|(_, w)| capitalised(w)).count();
    (title_words.len() >= 2 && (punctuated || capitalised_words * 2 < long_words().count().max(1)))
        .then_some(words[first].0)
}

/// Where a subtitle sentence ends in `segment` (the text between a title and the year or
/// volume) and the journal after it starts: the first sentence end, a space and a capital,
/// before which the text reads as prose and after which as a journal name. The subtitle
/// keeps a closing question or exclamation mark and drops a full stop.
///
/// "A systematic review and meta-analysis. J Clin Endocrinol Metab" splits; "2nd ed. New
/// York: Springer", "Jones B, editor. Textbook" and "The Worcester DVT Study. Arch Intern
/// Med" do not: no prose before, a publisher's colon after, an editor, no prose.
pub(super) fn subtitle_split(segment: &str) -> Option<(usize, usize)> {
    let bytes = segment.as_bytes();
    bytes.iter().enumerate().find_map(|(at, &stop)| {
        let sentence_end = matches!(stop, b'.' | b'?' | b'!')
            && bytes.get(at + 1) == Some(&b' ')
            && bytes.get(at + 2).is_some_and(u8::is_ascii_uppercase);
        let subtitle_end = if stop == b'.' { at } else { at + 1 };
        (sentence_end
            && reads_as_prose(&segment[..subtitle_end])
            && reads_as_journal(&segment[at + 2..]))
        .then_some((subtitle_end, at + 2))
    })
}

/// A sentence of prose: two words or more, one of them a lower-case word of four letters
/// or more, and no editor, edition or volume (a book's or series' particulars).
fn reads_as_prose(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if ["editor", "eds", " ed", "edition", "in:", "vol"]
        .iter()
        .any(|mark| lower.contains(mark))
    {
        return false;
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', ';', ')', '?', '!']))
        .collect();
    words.len() >= 2
        && words
            .iter()
            .any(|w| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'))
}

/// A journal name: up to twelve words, each capitalised ("Epidemiol", "(Phila", "J.") or a
/// joining word ("of", "and", "the"), or a number closing a bracketed qualifier ("Spine
/// (Phila Pa 1976)"); the first capitalised and no month ("Jul 2012"), and no colon (a
/// publisher's "City: Publisher").
fn reads_as_journal(text: &str) -> bool {
    const JOINING: &[&str] = &[
        "of", "and", "the", "in", "for", "on", "de", "der", "des", "du", "la", "le", "und", "et",
        "y", "di", "da", "del", "&",
    ];
    let text = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';'));
    let words: Vec<&str> = text.split_whitespace().collect();
    !text.contains(':')
        && (1..=12).contains(&words.len())
        && capitalised(words[0])
        && !is_month(words[0])
        && words.iter().all(|w| {
            capitalised(w)
                || JOINING.contains(&w.to_ascii_lowercase().as_str())
                || closes_bracketed_number(w)
        })
}

/// A number closing a bracket: "1976)" in "Spine (Phila Pa 1976)".
fn closes_bracketed_number(word: &str) -> bool {
    word.strip_suffix(')')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `word` opens with a capital, past an opening bracket ("Epidemiol", "(Phila").
fn capitalised(word: &str) -> bool {
    word.trim_start_matches('(')
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Month names and their abbreviations, English and French, and the seasons.
pub(super) const MONTHS: &[&str] = &[
    "jan",
    "january",
    "janvier",
    "feb",
    "february",
    "février",
    "fevrier",
    "mar",
    "march",
    "mars",
    "apr",
    "april",
    "avril",
    "may",
    "mai",
    "jun",
    "june",
    "juin",
    "jul",
    "july",
    "juillet",
    "aug",
    "august",
    "août",
    "aout",
    "sep",
    "sept",
    "september",
    "septembre",
    "oct",
    "october",
    "octobre",
    "nov",
    "november",
    "novembre",
    "dec",
    "december",
    "décembre",
    "decembre",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
];

/// Whether `word` is a month ("Jul", "Oct.", "septembre"), or a range of months whose first
/// is one ("May-Jun", "March/April").
pub(super) fn is_month(word: &str) -> bool {
    // A word that opens with two ASCII letters no month opens with is none: most journal
    // words fail here, before anything is lower-cased.
    if let [first, second, ..] = word.as_bytes()
        && first.is_ascii()
        && second.is_ascii()
        && !opens_a_month(first.to_ascii_lowercase(), second.to_ascii_lowercase())
    {
        return false;
    }
    let first = word.split(['-', '/', '–']).next().unwrap_or(word);
    let first = first.trim_end_matches(['.', ',', ';']);
    // Lower-cased a character at a time into a buffer longer than any month (no month
    // holds a letter whose lower case depends on its place, as the Greek sigma's does).
    let mut lower = [0u8; 16];
    let mut len = 0;
    for c in first.chars().flat_map(char::to_lowercase) {
        let Some(slot) = lower.get_mut(len..len + c.len_utf8()) else {
            return false;
        };
        c.encode_utf8(slot);
        len += c.len_utf8();
    }
    MONTHS.iter().any(|month| month.as_bytes() == &lower[..len])
}

/// Whether some month of [`MONTHS`] opens with the ASCII bytes `first` and `second`.
fn opens_a_month(first: u8, second: u8) -> bool {
    /// For each ASCII byte, the ASCII letters that follow it at the start of a month, as
    /// bits ('a' is bit 0).
    const SECOND_LETTERS: [u32; 128] = {
        let mut table = [0u32; 128];
        let mut index = 0;
        while index < MONTHS.len() {
            let month = MONTHS[index].as_bytes();
            if month[0].is_ascii() && month[1].is_ascii_lowercase() {
                table[month[0] as usize] |= 1 << (month[1] - b'a');
            }
            index += 1;
        }
        table
    };
    first.is_ascii()
        && second.is_ascii_lowercase()
        && SECOND_LETTERS[usize::from(first)] & (1 << (second - b'a')) != 0
}

fn ends_in_abbreviation(before: &str) -> bool {
    // "…thaliana: I. Pleiotropy…": a part number after a colon.
    let trimmed = before.fast_trim_end();
    if let Some(part) = trimmed.strip_suffix(|c: char| matches!(c, 'I' | 'V' | 'X'))
        && (part.ends_with(": ")
            || part.ends_with(": I")
            || part.ends_with(": V")
            || part.ends_with(": X"))
    {
        return true;
    }
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    const ABBREVIATIONS: [&str; 11] = [
        "vs", "e.g", "i.e", "st", "no", "spp", "sp", "al", "var", "subsp", "ssp",
    ];
    ABBREVIATIONS
        .iter()
        .any(|abbreviation| word.eq_ignore_ascii_case(abbreviation))
        || (word.chars().count() == 1
            && word.chars().all(|c| c.is_ascii_uppercase())
            && before.len() < 3)
}

static LEADING_YEAR: ThreadRegex =
    ThreadRegex::new(|| re(r"^\(?(?:1[89]|20)[0-9][0-9][a-z]?\)?[.,]\s+"));
static YEAR_TAIL: ThreadRegex =
    ThreadRegex::new(|| re(r"[,.(\s]*(?:1[89]|20)[0-9][0-9][a-z]?\)?$"));
static CONTAINER_YEAR: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"^\s*[A-Z][^.?!]{1,80}?[.,]?\s*(?:\(?(?:1[89]|20)[0-9][0-9]|[0-9]{1,4}\s*(?:\([^)]{1,12}\))?\s*:\s*[A-Za-z]?[0-9])",
    )
});

/// Whether `text` opens with a container and its year or volume ("Lancet 1999; 353:9").
pub(super) fn looks_like_container_then_year(text: &str) -> bool {
    CONTAINER_YEAR.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_title_is_read_between_each_kind_of_quotation_mark() {
        let title = "Cell therapy in MS. A randomized trial";
        for (open, close) in [("“", "”"), ("«", "»"), ("\"", "\"")] {
            let text = format!("A. Ames and B. Brown, {open}{title},{close} IEEE Trans. 2019.");
            let (found, open_at, end) = quoted_title(&text).expect(open);
            assert_eq!(found, title);
            assert_eq!(&text[open_at..end], format!("{open}{title},{close}"));
        }
        assert_eq!(
            quoted_title(&format!("A. Ames. {title}. IEEE Trans. 2019.")),
            None
        );
    }

    /// A stop after an abbreviation, in any case, or after a part number, ends no title.
    #[test]
    fn a_stop_after_an_abbreviation_ends_no_title() {
        for title in [
            "Drug A vs. drug B in adults",
            "Drug A VS. Drug B in adults",
            "Mycobacterium Spp. In cattle",
            "Arabidopsis thaliana: I. Pleiotropy",
        ] {
            let entry = format!("{title}. Lancet 2020;1:2-3.");
            let (found, after) = take_title(&entry);
            assert_eq!(found.as_deref(), Some(title));
            assert_eq!(after.trim(), "Lancet 2020;1:2-3.");
        }
        let (found, _) = take_title("Drug A versus. Drug B. Lancet 2020;1:2-3.");
        assert_eq!(found.as_deref(), Some("Drug A versus"));
    }
}
