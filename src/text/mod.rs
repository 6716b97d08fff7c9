//! Text utilities shared by every stage: character classes, literals searched with a
//! searcher built once, folding for comparison, and sentence splitting.

pub mod compile_ahead;
pub mod fold;
pub mod furniture;
pub mod language;
pub mod line_breaks;
pub mod sentences;
pub mod squash_scan;
pub mod thread_regex;
pub mod white_space;

/// `pattern` with its Unicode letter classes (`\p{Lu}`, `\p{Ll}`, `\p{L}`) narrowed to the
/// scripts personal names in a reference list are written in: Latin (ASCII, Latin-1, the
/// Latin Extended blocks and Latin Extended Additional), Greek and Cyrillic. Every
/// `\p{Lu}` in a pattern took 50–100 µs to compile, and an author-list pattern holds a
/// dozen: narrowed, the author–year name patterns compile eight times faster, which a
/// lone manuscript's cold start feels. The Latin Extended blocks and the Cyrillic
/// supplement alternate capital and small letters, so they are taken whole as either;
/// no name opens with a small "ł" or holds a capital "Ł" after its first letter.
pub fn name_letters(pattern: &str) -> String {
    pattern
        .replace(r"\p{Lu}", "[A-ZÀ-ÖØ-ÞĀ-ɏḀ-ỿΆΈ-ΏΑ-ΩЀ-ЯѠ-ӿ]")
        .replace(r"\p{Ll}", "[a-zß-öø-ÿĀ-ɏḀ-ỿά-ώа-џѠ-ӿ]")
        .replace(r"\p{L}", "[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿΆΈ-ώЀ-ӿ]")
}

/// A name particle and the space after it ("van ", "de ", "Le "), as a regular-expression
/// fragment for the patterns that read personal names, so they all know the same particles.
macro_rules! name_particle {
    () => {
        r"(?:[Vv]an|[Vv]on|[Dd]e|[Dd]el|[Dd]er|[Dd]en|[Dd]i|[Dd]a|[Dd]u|[Ll]e|[Ll]a|[Ll]o)\s+"
    };
}
pub(crate) use name_particle;

/// An organisation's name as an author: capitalised words and the small words between them
/// ("World Health Organization", "Centers for Disease Control and Prevention"), as a
/// regular-expression fragment for the reference-list and citation patterns alike.
macro_rules! organisation_name {
    () => {
        r"\p{Lu}[\p{L}'’\-]*(?:\s+(?:of|for|and|the|on|in|&|\p{Lu}[\p{L}'’\-]*)){1,7}"
    };
}
pub(crate) use organisation_name;

/// An organisation's acronym as an author ("WHO", "NICE", "UNAIDS"): two to ten capitals,
/// as a regular-expression fragment for the reference-list and citation patterns alike.
macro_rules! acronym {
    () => {
        r"\p{Lu}{2,10}"
    };
}
pub(crate) use acronym;

/// Calls `search` with `text` in ASCII lower case, copied into a buffer kept per thread.
/// Lower-casing ASCII letters changes no byte offset.
pub fn with_ascii_lowercase<T>(text: &str, search: impl FnOnce(&str) -> T) -> T {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUFFER.with(|buffer| match buffer.try_borrow_mut() {
        Ok(mut buffer) => {
            buffer.clear();
            buffer.push_str(text);
            buffer.make_ascii_lowercase();
            search(&buffer)
        }
        // Only a search inside a search would find the buffer taken.
        Err(_) => search(&text.to_ascii_lowercase()),
    })
}

/// True for CJK unified ideographs (the characters Chinese text is written in).
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Whether only blanks stand between the start of the line and the end of `before` (the
/// text up to some offset). It looks back over the blanks alone, so asking it at every
/// stop or marker of a long line stays linear.
pub fn opens_line(before: &str) -> bool {
    let lead = before.trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    lead.is_empty() || lead.ends_with('\n')
}

/// "1 reference", "58 references": a count with its noun, for messages and summaries.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Converts Unicode superscript digits to ASCII digits; other characters map to `None`.
pub fn superscript_digit(c: char) -> Option<char> {
    Some(match c {
        '⁰' => '0',
        '¹' => '1',
        '²' => '2',
        '³' => '3',
        '⁴' => '4',
        '⁵' => '5',
        '⁶' => '6',
        '⁷' => '7',
        '⁸' => '8',
        '⁹' => '9',
        _ => return None,
    })
}

/// How many ASCII digits `text` opens with.
pub fn leading_ascii_digits(text: &str) -> usize {
    text.bytes().take_while(u8::is_ascii_digit).count()
}

/// Where the first year (1800–2099) stands alone: four digits with no digit on either side.
pub fn year_position(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(rel) = memchr::memchr2(b'1', b'2', &bytes[from..]) {
        let start = from + rel;
        from = start + 1;
        let four = bytes.get(start..start + 4)?;
        let century = matches!(&four[..2], b"18" | b"19" | b"20");
        let alone = (start == 0 || !bytes[start - 1].is_ascii_digit())
            && !bytes.get(start + 4).is_some_and(u8::is_ascii_digit);
        if century && four[2..].iter().all(u8::is_ascii_digit) && alone {
            return Some(start);
        }
    }
    None
}

/// Whether `text` holds `needle`, looked for only where its first byte stands: for a
/// literal whose first byte is rare in the texts asked (`]`, `<`, `(` in a reference), one
/// `memchr` pass costs less than setting up a substring search of a few hundred bytes.
pub fn holds_from_lead(text: &str, needle: &str) -> bool {
    let (bytes, needle) = (text.as_bytes(), needle.as_bytes());
    let Some((&lead, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr_iter(lead, bytes).any(|at| bytes[at + 1..].starts_with(rest))
}

/// Whether `text` holds `needle` (in ASCII lower case) in any ASCII case, looked for where
/// its first letter stands in either case, without a lower-cased copy of the text.
pub fn holds_in_any_ascii_case(text: &str, needle: &str) -> bool {
    let (bytes, needle) = (text.as_bytes(), needle.as_bytes());
    let Some(&lead) = needle.first() else {
        return true;
    };
    memchr::memchr2_iter(lead, lead.to_ascii_uppercase(), bytes).any(|at| {
        bytes[at..]
            .get(..needle.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(needle))
    })
}

/// "http", the opening of a URL, which reference lines and entries are asked about.
pub static HTTP: Literal = Literal::new("http");

/// A string searched for in many texts, with its `memchr` searcher built once, on first
/// use: `str::contains` builds a searcher on every call, which costs more than searching
/// most of the short texts (a reference, a name) it is asked about.
pub struct Literal {
    needle: &'static str,
    finder: std::sync::OnceLock<memchr::memmem::Finder<'static>>,
}

impl Literal {
    pub const fn new(needle: &'static str) -> Literal {
        Literal {
            needle,
            finder: std::sync::OnceLock::new(),
        }
    }

    /// The literal itself.
    pub fn needle(&self) -> &'static str {
        self.needle
    }

    /// The literal's searcher, built on first use.
    fn finder(&self) -> &memchr::memmem::Finder<'static> {
        self.finder
            .get_or_init(|| memchr::memmem::Finder::new(self.needle))
    }

    /// Where the literal first starts in `text`.
    pub fn find(&self, text: &str) -> Option<usize> {
        self.finder().find(text.as_bytes())
    }

    /// Whether `text` holds the literal.
    pub fn is_in(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    /// Where the literal starts in `text`, each place that does not overlap the one before.
    pub fn find_iter<'t>(&'static self, text: &'t str) -> impl Iterator<Item = usize> + 't {
        self.finder().find_iter(text.as_bytes())
    }
}

/// Where the first of `chars` starts in `text`, as `text.find(chars)` says, but found on
/// the characters' UTF-8 lead bytes instead of decoding every character: a lead byte occurs
/// only where a character starts, so each hit is checked where it stands. Up to four
/// distinct lead bytes are searched with `memchr` (a fourth by a second scan, up to the
/// first hit of the other three: a title's end, ". ? ! 。"); more with a byte table.
pub fn find_any(text: &str, chars: &[char]) -> Option<usize> {
    let mut leads = [0u8; 4];
    let mut count = 0;
    for c in chars {
        let mut buffer = [0u8; 4];
        let lead = c.encode_utf8(&mut buffer).as_bytes()[0];
        if !leads[..count].contains(&lead) {
            if count == 4 {
                return find_any_by_table(text, chars);
            }
            leads[count] = lead;
            count += 1;
        }
    }
    let bytes = text.as_bytes();
    let starts_one = |at: usize| chars.iter().any(|&c| text[at..].starts_with(c));
    match count {
        0 => None,
        1 => memchr::memchr_iter(leads[0], bytes).find(|&at| starts_one(at)),
        2 => memchr::memchr2_iter(leads[0], leads[1], bytes).find(|&at| starts_one(at)),
        3 => memchr::memchr3_iter(leads[0], leads[1], leads[2], bytes).find(|&at| starts_one(at)),
        _ => {
            let of_three = memchr::memchr3_iter(leads[0], leads[1], leads[2], bytes)
                .find(|&at| starts_one(at));
            let before = of_three.unwrap_or(bytes.len());
            memchr::memchr_iter(leads[3], &bytes[..before])
                .find(|&at| starts_one(at))
                .or(of_three)
        }
    }
}

/// The first offset at or after `from` in either of two ascending streams of offsets (two
/// vectorised scans, `memchr` or `memmem`, read side by side); the offsets before `from`
/// are dropped from both.
// Inlined: it runs once per stop the sentence splitter looks at.
#[inline(always)]
pub fn next_of_two(
    first: &mut std::iter::Peekable<impl Iterator<Item = usize>>,
    second: &mut std::iter::Peekable<impl Iterator<Item = usize>>,
    from: usize,
) -> Option<usize> {
    while first.next_if(|&at| at < from).is_some() {}
    while second.next_if(|&at| at < from).is_some() {}
    match (first.peek(), second.peek()) {
        (Some(&a), Some(&b)) => Some(a.min(b)),
        (Some(&at), None) | (None, Some(&at)) => Some(at),
        (None, None) => None,
    }
}

/// [`find_any`] for five or more lead bytes: a table of them, read byte by byte.
fn find_any_by_table(text: &str, chars: &[char]) -> Option<usize> {
    let mut is_lead = [false; 256];
    for c in chars {
        let mut buffer = [0u8; 4];
        is_lead[usize::from(c.encode_utf8(&mut buffer).as_bytes()[0])] = true;
    }
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| is_lead[usize::from(b)])
        .map(|(at, _)| at)
        .find(|&at| chars.iter().any(|&c| text[at..].starts_with(c)))
}

/// Strings built from `pieces`, for tests that compare a scanner with the regular expression
/// or slower routine it replaces: `count` strings of 1 to `most` pieces each, picked by a
/// fixed linear congruential sequence from `seed`, so every run tests the same strings.
#[cfg(test)]
pub(crate) fn generated_strings(
    pieces: &[&str],
    count: usize,
    most: u32,
    seed: u32,
) -> Vec<String> {
    let mut state = seed;
    (0..count)
        .map(|_| {
            let mut text = String::new();
            for _ in 0..(state % most + 1) {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                text.push_str(pieces[(state >> 16) as usize % pieces.len()]);
            }
            text
        })
        .collect()
}

/// Strings of one piece from each of `slots` in turn (a name, then a connector, then a
/// year…), picked as [`generated_strings`] picks: for patterns anchored at both ends, which
/// strings of pieces in any order seldom match.
#[cfg(test)]
pub(crate) fn generated_shapes(slots: &[&[&str]], count: usize, seed: u32) -> Vec<String> {
    let picks: Vec<Vec<String>> = slots
        .iter()
        .enumerate()
        .map(|(i, pieces)| generated_strings(pieces, count, 1, seed.wrapping_add(i as u32 * 7919)))
        .collect();
    (0..count)
        .map(|n| picks.iter().map(|slot| slot[n].as_str()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{
        find_any, generated_strings, holds_from_lead, holds_in_any_ascii_case, name_letters,
        opens_line, year_position,
    };

    #[test]
    fn literals_found_from_their_lead_byte_are_the_ones_str_contains_finds() {
        let pieces = [
            "]", "(", "](", "<", "http", "HTTP", "<ht", "ref", "(ref", "(Ref", "pmid", "PMID",
            "Pmid", "pMi", "p", "d", " ", "é", "臨", "\u{130}",
        ];
        let texts = generated_strings(&pieces, 20_000, 8, 0x1ead);
        let mut held = 0;
        for text in &texts {
            for needle in ["](", "<http", "(ref", "", "p"] {
                let expected = text.contains(needle);
                assert_eq!(
                    holds_from_lead(text, needle),
                    expected,
                    "{text:?} {needle:?}"
                );
                held += usize::from(expected && !needle.is_empty());
            }
            for needle in ["pmid", "http", ""] {
                let expected = text.to_ascii_lowercase().contains(needle);
                assert_eq!(
                    holds_in_any_ascii_case(text, needle),
                    expected,
                    "{text:?} {needle:?}"
                );
            }
        }
        assert!(held > 20_000, "only {held} texts hold a needle");
    }

    #[test]
    fn narrowed_letter_classes_read_latin_greek_and_cyrillic_names() {
        let capitalised = regex::Regex::new(&name_letters(r"^\p{Lu}\p{Ll}+(?:-\p{L}+)?$")).unwrap();
        for name in [
            "Smith",
            "Müller",
            "Øster",
            "Łukasiewicz",
            "Şahin",
            "Nguyễn",
            "Ðorđević",
            "Ángel",
            "Παπαδόπουλος",
            "Иванов",
            "Jean-Étienne",
            "Dvořák",
        ] {
            assert!(capitalised.is_match(name), "{name}");
        }
        for not_a_name in ["smith", "müller", "Smith1", "SMITH", "Ab·c", "A张"] {
            assert!(!capitalised.is_match(not_a_name), "{not_a_name}");
        }
    }

    #[test]
    fn find_any_finds_what_str_find_finds() {
        let pieces = [
            "a", ".", "．", ",", "，", ":", "：", "。", "临床", "é", " ", "（", "?", "!", "(",
        ];
        let sets: [&[char]; 6] = [
            &['.', '．'],
            &[',', '，', ':', '：'],
            &['.', '?', '!', '。'],
            &['*', '\\'],
            &['.', '，', 'é', '临'],
            &['.', '?', '!', '(', ':'],
        ];
        for text in generated_strings(&pieces, 5_000, 10, 0x5eed_1234) {
            for chars in sets {
                assert_eq!(
                    find_any(&text, chars),
                    text.find(chars),
                    "{text:?} {chars:?}"
                );
            }
        }
    }

    #[test]
    fn year_position_is_what_its_regex_finds() {
        let year =
            regex::Regex::new(r"(?:^|[^0-9])((?:1[89]|20)[0-9][0-9])[a-z]?(?:[^0-9]|$)").unwrap();
        let pieces = [
            "1", "2", "0", "9", "8", "18", "19", "20", "2019", "1850", "a", "x", " ", "(", ";", "é",
        ];
        let mut samples = generated_strings(&pieces, 10_000, 10, 0x7ea2_0001);
        samples.extend(["", "x2019y", "21999 2100 1850."].map(str::to_owned));
        let mut found = 0;
        for sample in &samples {
            let expected = year.captures(sample).map(|c| c.get(1).unwrap().start());
            assert_eq!(year_position(sample), expected, "{sample:?}");
            found += usize::from(expected.is_some());
        }
        assert!(found > 2_000, "only {found} years");
    }

    #[test]
    fn opens_line_sees_only_blanks_back_to_the_line_start() {
        assert!(opens_line(""));
        assert!(opens_line("   "));
        assert!(opens_line("a sentence.\n\t "));
        assert!(!opens_line("a sentence.\n 3"));
        assert!(!opens_line("Finding "));
    }
}
