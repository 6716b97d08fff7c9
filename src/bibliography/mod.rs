//! The reference list of a document: find it, split it into entries, parse each entry's
//! fields, and give every entry a label (its number, or a stable author–year label).

pub mod fields;
pub mod lines;
pub mod locate;
pub mod split;

use crate::hashing::{FastMap, fast_map};

use crate::model::Reference;
use crate::source::{Source, Span};
use crate::text::fold::fold_name;
use crate::text::white_space::FastTrim;

/// The bibliography of one document.
#[derive(Debug, Clone, Default)]
pub struct Bibliography {
    pub heading: Option<Span>,
    /// Where the reference section begins; the body is everything before it.
    pub start: Option<usize>,
    pub references: Vec<Reference>,
    /// The number of entries, when there are more than [`MAX_ENTRIES`]: none are parsed.
    pub too_many: Option<usize>,
}

/// The most entries one reference list is read with. The longest reviews list a few
/// thousand; each entry costs a few kilobytes to parse, classify and report, so a generated
/// file of a million lines would take gigabytes.
pub const MAX_ENTRIES: usize = 20_000;

/// How a reference list is numbered: what [`extract_announcing`] tells as soon as the list
/// is split, before its entries are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering {
    /// Entries labelled with a number.
    pub numbered: usize,
    pub entries: usize,
}

/// Finds and parses the bibliography of `source`.
pub fn extract(source: &Source) -> Bibliography {
    extract_announcing(source, |_| {})
}

/// [`extract`], telling `announce` how the list is numbered (no list: no entries) as soon
/// as it is split, before the entries' fields are read: what comes next can be prepared
/// meanwhile.
pub fn extract_announcing(source: &Source, announce: impl FnOnce(Numbering)) -> Bibliography {
    let all_lines = lines::lines(source);
    let Some(located) = locate::locate(source, &all_lines) else {
        announce(Numbering {
            numbered: 0,
            entries: 0,
        });
        return Bibliography::default();
    };
    let entries = split::split_entries(&all_lines, located.region);
    if entries.len() > MAX_ENTRIES {
        return Bibliography {
            too_many: Some(entries.len()),
            ..Bibliography::default()
        };
    }
    announce(Numbering {
        numbered: entries
            .iter()
            .filter(|e| e.label.as_deref().is_some_and(|l| l.parse::<u32>().is_ok()))
            .count(),
        entries: entries.len(),
    });
    if entries.is_empty() {
        return Bibliography::default();
    }
    let mut references: Vec<Reference> = entries
        .into_iter()
        .map(|entry| {
            // Read without the invisible characters of a PDF or a decoded character reference.
            let text = crate::text::fold::into_reading_text(entry.text);
            let parsed = fields::parse_reading_fields(&text);
            let mut reference = Reference::new(
                entry.label.unwrap_or_default(),
                text,
                entry.span,
                entry.label_span,
            );
            reference.line = source.line_of(entry.span.start);
            parsed.apply_to(&mut reference);
            reference
        })
        .collect();
    assign_author_year_labels(&mut references);
    let start = located
        .heading
        .map(|h| h.start)
        .unwrap_or(located.region.start);
    Bibliography {
        heading: located.heading,
        start: Some(start),
        references,
        too_many: None,
    }
}

/// The surname of an author as written in a reference ("Lai RC" → "Lai",
/// "LE BLANC K" → "LE BLANC", "Bergk V." → "Bergk", "张三" → "张三").
pub fn surname(author: &str) -> &str {
    let author = author.fast_trim();
    if author.chars().any(crate::text::is_han) {
        return author;
    }
    if let Some((surname, _)) = author.split_once(',') {
        return surname.fast_trim();
    }
    // A name is a few words: they are gathered on the stack, and only a longer one spills.
    let mut gathered = [""; 8];
    let mut count = 0;
    let mut spilled: Vec<&str> = Vec::new();
    for word in author.split_whitespace() {
        if count < gathered.len() {
            gathered[count] = word;
            count += 1;
        } else {
            if spilled.is_empty() {
                spilled.extend_from_slice(&gathered);
            }
            spilled.push(word);
        }
    }
    let words: &[&str] = if spilled.is_empty() {
        &gathered[..count]
    } else {
        &spilled
    };
    // Drop trailing particles written after the initials ("Veen PH van der", "Veen P H v
    // d"), then the initials: "RC", "K", "W. E.", "J.-P."
    let mut end = words.len();
    while end > 2 && TRAILING_PARTICLES.contains(&words[end - 1]) {
        end -= 1;
    }
    if end == words.len() || !is_initials(words[end - 1]) {
        end = words.len();
    }
    while end > 1 && is_initials(words[end - 1]) {
        end -= 1;
    }
    if end == words.len()
        && words.len() > 1
        && words[..words.len() - 1].iter().all(|w| is_initials(w))
    {
        // Initials first: "J. Smith".
        return words[words.len() - 1];
    }
    let first_word = words.first().copied().unwrap_or(author);
    let start_offset = first_word.as_ptr() as usize - author.as_ptr() as usize;
    let last = words[end.max(1) - 1];
    let end_offset = last.as_ptr() as usize - author.as_ptr() as usize + last.len();
    &author[start_offset..end_offset]
}

/// Surname particles as Vancouver lists write them after the initials, in full or cut
/// to a letter: "Veen PH van der", "Veen P H v d".
const TRAILING_PARTICLES: [&str; 14] = [
    "v", "d", "vd", "v.d.", "van", "der", "den", "de", "von", "da", "del", "di", "ten", "ter",
];

/// Whether `word` is a surname's initials: one to three letters, all capitals, with a
/// stop ("W.E.", "J.-P.") or with nothing but capitals and hyphens ("RC", "J-P").
fn is_initials(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if letters > 3 || !c.is_uppercase() {
            return false;
        }
    }
    letters > 0
        && (word.contains('.')
            || word
                .chars()
                .all(|c| c.is_uppercase() || c == '-' || c == '.'))
}

/// Unnumbered entries get "surnameYEAR" labels (with a, b … on clashes), stable across runs.
pub fn assign_author_year_labels(references: &mut [Reference]) {
    let mut counts: FastMap<String, usize> = fast_map(references.len());
    let bases: Vec<Option<String>> = references
        .iter()
        .enumerate()
        .map(|(index, r)| {
            r.label.is_empty().then(|| {
                let name = r
                    .authors
                    .first()
                    .map(|a| fold_name(surname(a)))
                    .unwrap_or_default();
                let year = r.year.map(|y| y.to_string()).unwrap_or_default();
                if name.is_empty() && year.is_empty() {
                    format!("ref{}", index + 1)
                } else {
                    format!("{name}{year}")
                }
            })
        })
        .collect();
    for base in bases.iter().flatten() {
        *counts.entry(base.clone()).or_default() += 1;
    }
    let mut seen: FastMap<String, usize> = FastMap::default();
    for (reference, base) in references.iter_mut().zip(bases) {
        let Some(base) = base else { continue };
        if counts[&base] > 1 {
            let n = seen.entry(base.clone()).or_default();
            let suffix = char::from(b'a' + (*n % 26) as u8);
            *n += 1;
            reference.label = format!("{base}{suffix}");
        } else {
            reference.label = base;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Initials are told as the letters collected into a list told them.
    #[test]
    fn initials_are_told_without_collecting_the_letters() {
        fn collected(word: &str) -> bool {
            let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
            !letters.is_empty()
                && letters.len() <= 3
                && letters.iter().all(|c| c.is_uppercase())
                && (word.contains('.')
                    || word
                        .chars()
                        .all(|c| c.is_uppercase() || c == '-' || c == '.'))
        }
        let pieces = ["A", "b", ".", "-", "É", "é", "张", "1", " ", "RC", "ß"];
        let words = crate::text::generated_strings(&pieces, 5_000, 6, 0x1417);
        for word in words
            .iter()
            .map(String::as_str)
            .chain(["", "W.E.", "J.-P.", "Lai"])
        {
            assert_eq!(is_initials(word), collected(word), "{word:?}");
        }
        assert!(is_initials("RC") && is_initials("J.-P.") && !is_initials("ABCD"));
    }

    #[test]
    fn surnames() {
        assert_eq!(surname("Lai RC"), "Lai");
        assert_eq!(surname("LE BLANC K"), "LE BLANC");
        assert_eq!(surname("Bergk V."), "Bergk");
        assert_eq!(surname("Rajool Dezfuly A"), "Rajool Dezfuly");
        assert_eq!(surname("J. Smith"), "Smith");
        assert_eq!(surname("张三"), "张三");
        // Particles after the initials: in full, or cut to a letter.
        assert_eq!(surname("Veen P H v d"), "Veen");
        assert_eq!(surname("Graaf Y van der"), "Graaf");
        // Without initials before them they are part of the name.
        assert_eq!(surname("Jan de"), "Jan de");
        assert_eq!(
            surname("World Health Organization"),
            "World Health Organization"
        );
        // Names of more words than are gathered on the stack read the same.
        assert_eq!(
            surname("Maria de la Cruz y Garcia del Monte Santos JA"),
            "Maria de la Cruz y Garcia del Monte Santos"
        );
        assert_eq!(
            surname("Maria de la Cruz y Garcia del Monte JA v d"),
            "Maria de la Cruz y Garcia del Monte"
        );
        assert_eq!(surname("J. A. B. C. D. E. F. G. Smith"), "Smith");
    }

    /// What `extract_announcing` announces for `text`, and how many references it returns.
    fn announced(text: &str) -> (Option<Numbering>, usize) {
        let source = Source::new("t.txt", text.to_owned());
        let mut told = None;
        let bibliography = extract_announcing(&source, |numbering| told = Some(numbering));
        (told, bibliography.references.len())
    }

    #[test]
    fn the_list_s_numbering_is_announced_as_the_references_are_labelled() {
        let numbered = "Body text [1].\n\nReferences\n\n1. Smith J. A trial. Lancet. 2020;1:1-2.\n2. Lee K. A review. BMJ. 2019;2:3-4.\n";
        assert_eq!(
            announced(numbered),
            (
                Some(Numbering {
                    numbered: 2,
                    entries: 2
                }),
                2
            )
        );
        let author_year = "Body text (Smith, 2020).\n\nReferences\n\nSmith, J. (2020). A trial. Lancet, 1, 1-2.\nLee, K. (2019). A review. BMJ, 2, 3-4.\n";
        assert_eq!(
            announced(author_year),
            (
                Some(Numbering {
                    numbered: 0,
                    entries: 2
                }),
                2
            )
        );
        assert_eq!(
            announced("No list here.\n"),
            (
                Some(Numbering {
                    numbered: 0,
                    entries: 0
                }),
                0
            )
        );
    }
}
