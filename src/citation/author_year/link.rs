//! Linking an author–year item to its reference: the first author's surname (and the
//! second's, for two-author forms) and the year with its a/b suffix, names folded for case
//! and diacritics and read with or without their particles.

use crate::bibliography::surname;
use crate::citation::han_surnames;
use crate::hashing::FastMap;
use crate::model::Reference;
use crate::text::fold::fold_name;
use crate::text::is_han;

use super::Item;

const PARTICLES: [&str; 16] = [
    "van", "von", "de", "del", "della", "der", "den", "di", "da", "du", "le", "la", "dos", "das",
    "ten", "ter",
];

/// Folded forms a cited name may match: whole, without particles, last word.
fn cited_forms(name: &str) -> Vec<String> {
    if !name.is_empty() && !name.chars().any(char::is_whitespace) {
        // One word, as most names are: it is the whole name, the name without particles
        // (or nothing, when the word is a particle) and the last word all at once.
        let folded = fold_name(name);
        let mut forms = Vec::with_capacity(2);
        if writes_out_an_umlaut(&folded) {
            let written_out = without_written_umlauts(&folded);
            forms.extend([folded, written_out]);
        } else if !folded.is_empty() {
            forms.push(folded);
        }
        forms.extend(
            forms
                .iter()
                .filter_map(|f| mc_for_mac(f))
                .collect::<Vec<_>>(),
        );
        return forms;
    }
    forms_by_word(name)
}

/// [`cited_forms`] for a name of any number of words.
fn forms_by_word(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let without_particles: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| PARTICLES.iter().any(|p| w.eq_ignore_ascii_case(p)))
        .collect();
    let mut forms = vec![fold_name(name), fold_name(&without_particles.join(" "))];
    if let Some(last) = words.last() {
        forms.push(fold_name(last));
    }
    // German umlauts written out ("Mueller" for "Müller"): folded, both read "muller".
    let written_out: Vec<String> = forms
        .iter()
        .filter(|f| writes_out_an_umlaut(f))
        .map(|f| without_written_umlauts(f))
        .collect();
    forms.extend(written_out);
    let mc: Vec<String> = forms.iter().filter_map(|f| mc_for_mac(f)).collect();
    forms.extend(mc);
    forms.retain(|f| !f.is_empty());
    forms.dedup();
    forms
}

/// Whether a folded name holds "ae", "oe" or "ue", as a German umlaut is written out.
fn writes_out_an_umlaut(folded: &str) -> bool {
    folded
        .as_bytes()
        .windows(2)
        .any(|pair| matches!(pair, [b'a' | b'o' | b'u', b'e']))
}

/// A folded "Mac" name spelled "Mc" ("macdonald" → "mcdonald"), as the two spellings are
/// confused: every name gets this form on both sides, so it only ever matches a "Mc" name
/// with its "Mac" spelling ("Machado" → "mchado" matches no name).
fn mc_for_mac(folded: &str) -> Option<String> {
    folded
        .strip_prefix("mac")
        .filter(|rest| rest.len() >= 3)
        .map(|rest| format!("mc{rest}"))
}

/// A folded name with its written-out umlauts read as the vowels ("mueller" → "muller").
fn without_written_umlauts(folded: &str) -> String {
    folded
        .replace("ae", "a")
        .replace("oe", "o")
        .replace("ue", "u")
}

/// Whether `cited` (a name as written in the text) names `author` (as written in the list).
/// Han names match when the text's run of characters ends with the author's name
/// ("研究表明张三" names 张三), and a Latin name names a Han author when it spells the
/// family name ("Wang" names 王伟).
pub fn name_matches(cited: &str, author: &str) -> bool {
    NameKey::cited(cited).names(&NameKey::author(author))
}

/// A name prepared for matching once: as written, and its folded forms.
#[derive(Debug, Clone)]
pub struct NameKey {
    /// The name as cited, or a list author's family name.
    text: String,
    han: bool,
    forms: Vec<String>,
}

impl NameKey {
    /// A name as the text writes it ("Smith", "van Dooremalen", "研究显示张三").
    pub fn cited(name: &str) -> NameKey {
        NameKey {
            text: name.to_owned(),
            han: name.chars().any(is_han),
            forms: cited_forms(name),
        }
    }

    /// A list author ("Gyöngyösi M"), by family name.
    pub fn author(author: &str) -> NameKey {
        NameKey::cited(surname(author))
    }

    /// Whether this cited name names `author` (a key made by [`NameKey::author`]).
    pub fn names(&self, author: &NameKey) -> bool {
        // "(Wang et al., 2018)" in English for an entry by 王伟: a Latin spelling of the
        // family name ([`han_surnames`]).
        if author.han && !self.han {
            return han_surnames::spells(&self.text, &author.text) == Some(true);
        }
        // "（王伟等，2018）" for an entry by Wang W.
        if self.han && !author.han {
            return han_surnames::han_name_spelled(&self.text, &author.text) == Some(true);
        }
        if author.han || self.han {
            let family = author.text.as_str();
            let cited = self.text.trim_end_matches(['等', '人']);
            return !family.is_empty()
                && (cited.ends_with(family)
                    || family.starts_with(cited) && cited.chars().count() >= 2);
        }
        self.forms.iter().any(|c| author.forms.contains(c))
    }
}

/// The outcome of linking one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    Resolved(String),
    Ambiguous(Vec<String>),
    Unresolved,
}

/// Links author–year items to one document's references, preparing each name once.
pub struct Linker<'r> {
    references: &'r [Reference],
    first_authors: Vec<Option<NameKey>>,
    /// The references of each year, by index in list order: an item is matched against
    /// its year's references only, not the whole list (a long review lists hundreds).
    by_year: FastMap<u16, Vec<usize>>,
    cited: FastMap<String, NameKey>,
}

impl<'r> Linker<'r> {
    pub fn new(references: &'r [Reference]) -> Self {
        let mut by_year: FastMap<u16, Vec<usize>> = FastMap::default();
        for (index, reference) in references.iter().enumerate() {
            if let Some(year) = reference.year {
                by_year.entry(year).or_default().push(index);
            }
        }
        Linker {
            references,
            first_authors: references
                .iter()
                .map(|r| r.authors.first().map(|a| NameKey::author(a)))
                .collect(),
            by_year,
            cited: FastMap::default(),
        }
    }

    /// The indices of the references of `year`, in list order.
    fn of_year(&self, year: u16) -> &[usize] {
        self.by_year.get(&year).map_or(&[], Vec::as_slice)
    }

    fn remember(&mut self, name: &str) {
        if !self.cited.contains_key(name) {
            self.cited.insert(name.to_owned(), NameKey::cited(name));
        }
    }

    /// Links `item` by first author (and second, for two-author forms), year and suffix.
    pub fn link(&mut self, item: &Item) -> Link {
        self.remember(&item.first);
        if let Some(second) = &item.second {
            self.remember(second);
        }
        let first = &self.cited[&item.first];
        let second = item.second.as_ref().map(|name| &self.cited[name]);
        // "The Centers for Disease Control and Prevention (2020)" reads as two names,
        // "Control" and "Prevention", that together end one organisation's name.
        let joined = item
            .second
            .as_ref()
            .map(|second| fold_name(&format!("{} and {second}", item.first)));
        let ends_organisation = |key: &NameKey| {
            joined.as_ref().is_some_and(|joined| {
                key.forms
                    .first()
                    .is_some_and(|whole| whole.len() > joined.len() && whole.ends_with(joined))
            })
        };
        let candidates: Vec<&Reference> = self
            .of_year(item.year)
            .iter()
            .map(|&index| (&self.references[index], &self.first_authors[index]))
            .filter(|(r, key)| {
                let Some(key) = key else { return false };
                let by_names = first.names(key)
                    && second.is_none_or(|second| {
                        r.authors
                            .iter()
                            .skip(1)
                            .any(|a| second.names(&NameKey::author(a)))
                    });
                by_names || ends_organisation(key)
            })
            .map(|(r, _)| r)
            .collect();
        if candidates.is_empty() && item.group_author && item.second.is_none() {
            return choose(item, &self.abbreviated_by(&item.first, item.year));
        }
        choose(item, &candidates)
    }

    /// The references of `year` whose first author is an organisation `acronym` stands
    /// for: "(WHO, 2021)" for an entry by the World Health Organization.
    fn abbreviated_by(&self, acronym: &str, year: u16) -> Vec<&'r Reference> {
        if !is_acronym(acronym) {
            return Vec::new();
        }
        self.of_year(year)
            .iter()
            .map(|&index| &self.references[index])
            .filter(|r| {
                r.authors
                    .first()
                    .is_some_and(|author| abbreviates(acronym, author))
            })
            .collect()
    }
}

/// Whether `name` is written as an acronym: two to ten capital letters, as the citation
/// patterns read one (`acronym!` in `src/text/mod.rs`).
fn is_acronym(name: &str) -> bool {
    (2..=10).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether `acronym` abbreviates the organisation `name`: its letters are initials of the
/// name's capitalised words, in order, the first the first word's ("WHO" for World Health
/// Organization, "CDC" for Centers for Disease Control and Prevention, "NICE" for National
/// Institute for Health and Care Excellence). Two letters must be all the initials there
/// are; a name of one word, or a person's ("Smith JA"), abbreviates nothing.
fn abbreviates(acronym: &str, name: &str) -> bool {
    let initials: Vec<u8> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| word.bytes().any(|b| b.is_ascii_lowercase()))
        .filter_map(|word| word.bytes().next())
        .filter(u8::is_ascii_uppercase)
        .collect();
    let letters = acronym.as_bytes();
    if initials.len() < 2 || initials[0] != letters[0] {
        return false;
    }
    if letters.len() == 2 {
        return initials == letters;
    }
    let mut rest = initials[1..].iter();
    letters[1..]
        .iter()
        .all(|letter| rest.any(|initial| initial == letter))
}

/// The link among the references that match an item's names and year.
fn choose(item: &Item, candidates: &[&Reference]) -> Link {
    match (candidates.len(), item.suffix) {
        (0, _) => Link::Unresolved,
        (1, _) => Link::Resolved(candidates[0].label.clone()),
        (_, Some(suffix)) => {
            // 2020a is the first of the same-name, same-year works in list order.
            let index = (suffix as u8 - b'a') as usize;
            candidates
                .iter()
                .find(|r| {
                    r.label.ends_with(suffix)
                        && r.label
                            .chars()
                            .rev()
                            .nth(1)
                            .is_some_and(|c| c.is_ascii_digit())
                })
                .or_else(|| candidates.get(index))
                .map_or(Link::Unresolved, |r| Link::Resolved(r.label.clone()))
        }
        (_, None) => Link::Ambiguous(candidates.iter().map(|r| r.label.clone()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_written_without_umlaut_or_apostrophe_still_match() {
        assert!(name_matches("Mueller", "Müller T"));
        assert!(name_matches("Müller", "Mueller T"));
        assert!(name_matches("O'Brien", "OBrien P"));
        assert!(name_matches("Smith-Jones", "Smith-Jones A"));
        assert!(!name_matches("Jones", "Smith-Jones A"));
        assert!(!name_matches("Mueller", "Miller T"));
        // "Mc" and "Mac" are one name spelled two ways; other names in "Mac" keep theirs.
        assert!(name_matches("McDonald", "MacDonald K"));
        assert!(name_matches("MacArthur", "McArthur J"));
        assert!(name_matches("van der McLean", "McLean A"));
        assert!(!name_matches("Machado", "Mcado P"));
        assert!(!name_matches("Macey", "Mace T"));
    }

    #[test]
    fn an_acronym_abbreviates_the_initials_of_an_organisations_capitalised_words() {
        assert!(abbreviates("WHO", "World Health Organization"));
        assert!(abbreviates(
            "CDC",
            "Centers for Disease Control and Prevention"
        ));
        assert!(abbreviates(
            "NICE",
            "National Institute for Health and Care Excellence"
        ));
        assert!(abbreviates("FDA", "Food and Drug Administration"));
        assert!(abbreviates("UK", "United Kingdom"));
        assert!(!abbreviates("AD", "American Diabetes Association"));
        assert!(!abbreviates("WHO", "Health Organization of the World"));
        assert!(!abbreviates("WHO", "Whorf B"));
        assert!(!abbreviates("SJA", "Smith JA"));
        assert!(!abbreviates(
            "NHS",
            "National Institute for Health and Care Excellence"
        ));
        assert!(is_acronym("NICE") && !is_acronym("Nice") && !is_acronym("N"));
    }

    #[test]
    fn names_fold_case_diacritics_and_particles() {
        assert!(name_matches("Gyongyosi", "Gyöngyösi M"));
        assert!(name_matches("Le Blanc", "LE BLANC K"));
        assert!(name_matches("Thery", "Théry C"));
        assert!(name_matches("van Dooremalen", "van Dooremalen SFJ"));
        assert!(name_matches("研究显示张三", "张三"));
        assert!(!name_matches("Smith", "Smithson A"));
    }

    #[test]
    fn one_word_names_get_the_forms_the_word_by_word_reading_gives() {
        for name in [
            "Smith",
            "Mueller",
            "Müller",
            "Goethe",
            "van",
            "De",
            "O'Brien",
            "Smith-Jones",
            "-",
            "'",
            "张三",
            "研究显示张三",
            "Sáez",
            "Boer",
            "Queue",
            "ae",
            "MacDonald",
            "McDonald",
            "Mac",
            "Maceira",
        ] {
            assert_eq!(cited_forms(name), forms_by_word(name), "{name}");
        }
        assert_eq!(cited_forms("Mueller"), ["mueller", "muller"]);
        assert_eq!(cited_forms("MacDonald"), ["macdonald", "mcdonald"]);
    }
}
