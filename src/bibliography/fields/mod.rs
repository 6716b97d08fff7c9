//! Parsing one reference string into fields: authors, year, title, container, volume,
//! issue, pages, DOI, PMID and the GB/T 7714 type code. Covers GB/T 7714 (Chinese and Latin
//! names), Vancouver/AMA (with or without Markdown italics) and APA/Harvard. This module
//! cleans the entry (links, URLs, identifiers) and picks the style's reading; `authors`
//! reads the author list, `title` the title, `numbers` the container, volume, issue and
//! pages, `doi` finds the DOI, and `gbt` reads a GB/T 7714 entry by its type code.

mod authors;
mod doi;
mod gbt;
mod numbers;
mod title;

use std::borrow::Cow;
use std::ops::Range;

use regex::Regex;

use crate::text::fold::{squash_whitespace, squashed};
use crate::text::thread_regex::ThreadRegex;
use crate::text::{HTTP, holds_from_lead, holds_in_any_ascii_case, year_position};

use crate::text::white_space::FastTrim;
use authors::{author_block_end, looks_like_author_block, opens_with_a_name};
use doi::doi_at;
use gbt::{parse_gbt, type_code};
use numbers::fill_container_and_numbers;
use title::{looks_like_container_then_year, quoted_title, take_title};

pub use authors::split_authors;

/// Fields parsed from one reference string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub authors: Vec<String>,
    pub year: Option<u16>,
    pub title: Option<String>,
    pub container: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub type_code: Option<String>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("field regex compiles")
}

/// What follows an italic container: a year, or a volume with its separator.
static AFTER_ITALIC_CONTAINER: ThreadRegex =
    ThreadRegex::new(|| re(r"^\s*[.,]?\s*(?:[0-9]{4}|\([0-9]{4}\)|[0-9]+\s*[(:;,])"));
static MARKDOWN_LINK: ThreadRegex = ThreadRegex::new(|| re(r"\[([^\]]*)\]\([^)]*\)"));
static ANGLE_URL: ThreadRegex = ThreadRegex::new(|| re(r"<https?://[^>]*>"));
static URL: ThreadRegex =
    ThreadRegex::new(|| re(r"(?i)(?:available\s+(?:at|from):?\s*)?https?://\S+"));
static ACCESSED: ThreadRegex =
    ThreadRegex::new(|| re(r"(?i)[\[(]\s*(?:accessed|cited|引用日期)[^)\]]*[)\]]\.?"));
static EDITOR_MARK: ThreadRegex = ThreadRegex::new(|| re(r"\(ref\s*[0-9]+\)\s*$"));
static PMID: ThreadRegex = ThreadRegex::new(|| re(r"(?i)PMID\s*[:：]?\s*([0-9]{5,9})"));
static APA_YEAR: ThreadRegex = ThreadRegex::new(|| {
    re(r"\(\s*((?:1[89]|20)[0-9][0-9])[a-z]?\s*(?:,[^)]{0,30})?\)\s*[.,:]?\s*")
});
/// The literals without which the cleaning patterns above cannot match, each looked for
/// where its rare first byte stands ([`holds_from_lead`]).
const MARKDOWN_LINK_MIDDLE: &str = "](";
const ANGLE_URL_OPEN: &str = "<http";
const EDITOR_MARK_OPEN: &str = "(ref";
/// In any ASCII case: the PMID pattern reads "PMID" in any case ("Pmid"), and none of its
/// letters folds to anything outside ASCII.
const PMID_LOWER: &str = "pmid";

impl Fields {
    /// Moves the parsed fields into `reference`.
    pub fn apply_to(self, reference: &mut crate::model::Reference) {
        reference.authors = self.authors;
        reference.year = self.year;
        reference.title = self.title;
        reference.container = self.container;
        reference.volume = self.volume;
        reference.issue = self.issue;
        reference.pages = self.pages;
        reference.doi = self.doi;
        reference.pmid = self.pmid;
        reference.type_code = self.type_code;
    }
}

/// Parses `raw` (the entry text without its label).
pub fn parse_fields(raw: &str) -> Fields {
    parse_fields_of(raw, false)
}

/// Parses `reading`, an entry's text as [`reading_text`](crate::text::fold::reading_text)
/// gives it: its white space squashed already, which is not checked again.
pub fn parse_reading_fields(reading: &str) -> Fields {
    debug_assert!(crate::text::fold::is_squashed(reading), "{reading:?}");
    parse_fields_of(reading, true)
}

/// Parses `raw`; `squashed_already` when its white space is squashed.
fn parse_fields_of(raw: &str, squashed_already: bool) -> Fields {
    let mut fields = Fields::default();
    // Each pass runs only when its literal is present: most entries need few of them.
    let italic_container = italic_container(raw)
        .map(|container| squash_whitespace(segment_ends_trimmed(container)))
        .filter(|c| !c.eq_ignore_ascii_case("et al") && !c.eq_ignore_ascii_case("et al."));
    // The entry is read as it is until a pass changes it: most entries are already clean.
    let mut text = Cow::Borrowed(raw);
    if holds_from_lead(raw, MARKDOWN_LINK_MIDDLE) {
        replace_all(&mut text, &MARKDOWN_LINK, "$1");
    }
    if holds_from_lead(&text, ANGLE_URL_OPEN) {
        replace_all(&mut text, &ANGLE_URL, "");
    }
    if memchr::memchr2(b'*', b'\\', text.as_bytes()).is_some() {
        text = Cow::Owned(crate::text::fold::strip_markdown_emphasis(&text));
    }
    if let Some(found) = doi_at(&text, 0) {
        // The DOI is the match from its "10." on: what may come before ("doi:",
        // "https://doi.org/") holds no "10.".
        let matched = &text[found.clone()];
        let doi = &matched[matched.find("10.").unwrap_or(0)..];
        fields.doi = Some(doi.trim_end_matches(['.', ')', ']']).to_owned());
        remove_matches(&mut text, found, doi_at);
    }
    if holds_in_any_ascii_case(&text, PMID_LOWER)
        && let Some(c) = PMID.captures(&text)
    {
        fields.pmid = Some(c[1].to_owned());
        let first = c.get_match().range();
        remove_matches(&mut text, first, |text, from| {
            PMID.find_at(text, from).map(|m| m.range())
        });
    }
    if holds_access_note(&text) {
        replace_all(&mut text, &ACCESSED, "");
    }
    if holds_from_lead(&text, EDITOR_MARK_OPEN)
        && let Cow::Owned(replaced) = EDITOR_MARK.replace(&text, "")
    {
        text = Cow::Owned(replaced);
    }
    if HTTP.is_in(&text) {
        replace_all(&mut text, &URL, "");
    }
    let text = match text {
        Cow::Borrowed(text) if squashed_already => Cow::Borrowed(text),
        Cow::Borrowed(text) => squashed(text),
        Cow::Owned(text) => Cow::Owned(squash_whitespace(&text)),
    };

    if let Some(code) = type_code(&text) {
        fields.type_code = Some(text[code.code.clone()].replace([' ', '\t'], ""));
        parse_gbt(&text, code.whole.start, code.whole.end, &mut fields);
    } else if let Some(whole) = has_bracketed_year(&text)
        .then(|| APA_YEAR.find(&text))
        .flatten()
        .filter(|m| m.start() < 400 && m.start() > 1 && looks_like_author_block(&text[..m.start()]))
    {
        // The year is the four digits after the bracket and any white space.
        let year = whole.as_str()[1..].fast_trim_start();
        fields.year = year.get(..4).and_then(|digits| digits.parse().ok());
        fields.authors = split_authors(&text[..whole.start()]);
        let rest = &text[whole.end()..];
        let (title, after) = take_title(rest);
        fields.title = title;
        fill_container_and_numbers(after, &mut fields, true);
    } else if let Some((title, open, end)) = quoted_title(&text) {
        fields.authors = split_authors(&text[..open]);
        fields.title = Some(title);
        fill_container_and_numbers(&text[end..], &mut fields, false);
        if fields.year.is_none() {
            fields.year = first_year(&text);
        }
    } else {
        // A work without authors opens with its title: "Criteria for diagnosis of
        // Behçet's disease. Lancet 1990; 335:1078-1080." A first sentence that neither
        // reads as authors nor opens with a name, with the journal straight after it, is
        // that title.
        let author_end = author_block_end(&text).filter(|&(end, resume)| {
            looks_like_author_block(&text[..end])
                || opens_with_a_name(&text[..end])
                || !looks_like_container_then_year(&text[resume..])
        });
        let (authors, rest) = match author_end {
            Some((end, resume)) => (&text[..end], &text[resume..]),
            None => ("", &*text),
        };
        fields.authors = split_authors(authors);
        let (title, after) = take_title(rest);
        fields.title = title;
        fill_container_and_numbers(after, &mut fields, true);
        if fields.year.is_none() {
            fields.year = first_year(&text);
        }
    }
    if let Some(container) = italic_container
        && fields.type_code.is_none()
    {
        fields.container = Some(container);
    }
    fields
}

/// Replaces every match of `regex` in `text` with `with`; a text without one is left as
/// it is, not copied.
fn replace_all(text: &mut Cow<'_, str>, regex: &Regex, with: &str) {
    if let Cow::Owned(replaced) = regex.replace_all(text, with) {
        *text = Cow::Owned(replaced);
    }
}

/// Removes every match of a pattern from `text`, as the regex crate's `replace_all(text,
/// "")` does, given the first match (already found to read a field from), so that the
/// text is not searched from its start a second time. `find_at(text, from)` finds the
/// first match from `from`, never an empty one.
fn remove_matches(
    text: &mut Cow<'_, str>,
    first: Range<usize>,
    find_at: impl Fn(&str, usize) -> Option<Range<usize>>,
) {
    let mut kept = String::with_capacity(text.len());
    kept.push_str(&text[..first.start]);
    let mut last = first.end;
    while let Some(next) = find_at(text, last) {
        kept.push_str(&text[last..next.start]);
        last = next.end;
    }
    kept.push_str(&text[last..]);
    *text = Cow::Owned(kept);
}

/// Whether `text` may hold an access note ([`ACCESSED`]: "[cited 2020 May 1]", "(accessed
/// …)", "[引用日期]"): a bracket whose first word, past white space, opens with `a`, `c`
/// or 引. No other character folds to `a` or `c`, so the case-insensitive regex needs one;
/// most brackets of an entry hold a year or an issue, and the regex does not run.
fn holds_access_note(text: &str) -> bool {
    memchr::memchr2_iter(b'(', b'[', text.as_bytes()).any(|open| {
        text[open + 1..]
            .fast_trim_start()
            .chars()
            .next()
            .is_some_and(|c| matches!(c, 'a' | 'A' | 'c' | 'C' | '引'))
    })
}

/// The first `*…*` span of 2 to 120 characters followed by a year or a volume: a Markdown
/// italic container ("*Circ Res.* 2011;109"). The text between two stars is the text up to
/// the next star, so each star is tried with the one after it.
fn italic_container(raw: &str) -> Option<&str> {
    let mut stars = memchr::memchr_iter(b'*', raw.as_bytes()).peekable();
    while let Some(open) = stars.next() {
        let close = *stars.peek()?;
        let inner = &raw[open + 1..close];
        if (2..=120).contains(&inner.chars().count())
            && AFTER_ITALIC_CONTAINER.is_match(&raw[close + 1..])
        {
            return Some(inner);
        }
    }
    None
}

/// Where the white space that starts at byte `at` of `text` ends.
fn past_white_space(text: &str, at: usize) -> usize {
    text.len() - text[at..].fast_trim_start().len()
}

/// Whether `text` holds a year in brackets, "(2020" or "( 2020".
fn has_bracketed_year(text: &str) -> bool {
    memchr::memchr_iter(b'(', text.as_bytes()).any(|i| {
        let after = text[i + 1..].fast_trim_start();
        after.starts_with("19") || after.starts_with("20") || after.starts_with("18")
    })
}

fn first_year(text: &str) -> Option<u16> {
    year_position(text).and_then(|y| text[y..y + 4].parse().ok())
}

/// A piece of the squashed entry (its title, its container), without the white space,
/// punctuation and quotes at its ends: squashed itself, as only its ends are cut.
fn clean_segment(text: &str) -> String {
    let trimmed = segment_ends_trimmed(text);
    debug_assert!(crate::text::fold::is_squashed(trimmed), "{trimmed:?}");
    trimmed.to_owned()
}

/// `text` without white space, punctuation and quotes at its ends.
fn segment_ends_trimmed(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '/' | '“' | '”' | '"' | '\'' | '‘' | '’'
            )
    })
}

/// `pages` without its spaces ("1215 - 1224" → "1215-1224"); most pages have none, and
/// are copied as they are.
fn without_spaces(pages: &str) -> String {
    if memchr::memchr(b' ', pages.as_bytes()).is_none() {
        return pages.to_owned();
    }
    pages.replace(' ', "")
}

fn nonempty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The literal test that lets the access-note regex run holds wherever it matches, and
    /// the year read from an APA year's match is its capture group.
    #[test]
    fn the_cleaning_prefilters_pass_every_match() {
        let pieces = [
            "10.",
            "1000",
            "10.1056/NEJMoa",
            "/",
            "doi:",
            "DOI ",
            "https://doi.org/",
            "2010.",
            "(",
            ")",
            "[",
            "]",
            " ",
            "cited",
            "Cited",
            "accessed",
            "ACCESSED",
            "引用日期",
            "x",
            "2019",
            "1987a",
            ", ",
            "( ",
            "\u{3000}",
            "Smith J",
            ".",
            "(2019)",
            "(1987a, p. 3)",
            "(\u{3000}2001)",
        ];
        let texts = crate::text::generated_strings(&pieces, 20_000, 10, 0x0d_01);
        let (mut notes, mut years) = (0, 0);
        for text in &texts {
            if ACCESSED.is_match(text) {
                notes += 1;
                assert!(holds_access_note(text), "{text:?}");
            }
            if let Some(c) = APA_YEAR.captures(text) {
                years += 1;
                let whole = c.get(0).expect("group 0").as_str();
                assert_eq!(whole[1..].trim_start().get(..4), Some(&c[1]), "{text:?}");
            }
        }
        assert!(notes > 100 && years > 100, "{notes} {years}");
    }

    /// Removing the DOI and PMID matches after the first, already found, leaves what
    /// `replace_all` leaves.
    #[test]
    fn identifiers_are_removed_as_replace_all_removes_them() {
        let pieces = [
            "10.1056/NEJMoa",
            "10.1",
            "/x",
            "doi: ",
            "https://doi.org/",
            "PMID: 1234567",
            "pmid 98765",
            "；",
            ", ",
            " ",
            "Smith J.",
            "2010.",
        ];
        let texts = crate::text::generated_strings(&pieces, 20_000, 8, 0x1d_0a);
        let doi =
            re(r"(?i)(?:doi\s*[:：]?\s*|https?://(?:dx\.)?doi\.org/)?(10\.[0-9]{4,9}/[^\s,;]+)");
        let pmid_at = |text: &str, from| PMID.find_at(text, from).map(|m| m.range());
        let mut removed = 0;
        for text in &texts {
            for (regex, find_at) in [
                (&doi, &doi_at as &dyn Fn(&str, usize) -> _),
                (&PMID, &pmid_at),
            ] {
                let Some(first) = find_at(text, 0) else {
                    continue;
                };
                removed += 1;
                let mut kept = Cow::Borrowed(text.as_str());
                remove_matches(&mut kept, first, find_at);
                assert_eq!(kept, regex.replace_all(text, ""), "{text:?}");
            }
        }
        assert!(removed > 1000, "{removed}");
    }

    /// The italic-container scanner agrees with the regular expression it replaces.
    #[test]
    fn italic_container_matches_its_regex_specification() {
        let italic = re(r"\*([^*]{2,120}?)\*\s*[.,]?\s*(?:[0-9]{4}|\([0-9]{4}\)|[0-9]+\s*[(:;,])");
        let long = format!("*{}* 2010;1:2 *Cells.* 2019", "x".repeat(121));
        for sample in [
            "",
            "*",
            "*J Mol Cell Cardiol*. 2010;48:1",
            "A, *et al*. Title. *Circ Res.* 2011;109:923",
            "*a* 2010",
            "*ab* 2010",
            "*ab*, (2010)",
            "*ab*. 12 (3)",
            "*ab* 12x",
            "*ab*c* 12:",
            "**ab** 2010",
            "*Ünïcödé* 2020",
            long.as_str(),
        ] {
            let expected = italic.captures(sample).map(|c| c.get(1).unwrap().as_str());
            assert_eq!(italic_container(sample), expected, "italic in {sample:?}");
        }
    }

    #[test]
    fn vancouver_with_markdown_italics() {
        let f = parse_fields(
            "Nakamura R, Ortiz F, Sato SS, *et al*. Isolation and characterization of fetal stromal cells: A source of cardioprotective vesicles. *J Mol Cell Cardiol*. 2011;52:880-889.",
        );
        assert_eq!(f.authors, ["Nakamura R", "Ortiz F", "Sato SS"]);
        assert_eq!(
            f.title.as_deref(),
            Some(
                "Isolation and characterization of fetal stromal cells: A source of cardioprotective vesicles"
            )
        );
        assert_eq!(f.container.as_deref(), Some("J Mol Cell Cardiol"));
        assert_eq!(f.year, Some(2011));
        assert_eq!(
            (f.volume.as_deref(), f.pages.as_deref()),
            (Some("52"), Some("880-889"))
        );
    }

    #[test]
    fn author_lists_closed_by_et_al_or_a_suffix() {
        // "et al:" and "Jr:" before a BMC-style colon.
        let f = parse_fields(
            "Stuart H, Chen SP, Christie R, et al: Opening minds in Canada: background and rationale. Can J Psychiatry 59: S8-S12, 2014",
        );
        assert_eq!(
            f.title.as_deref(),
            Some("Opening minds in Canada: background and rationale")
        );
        let f = parse_fields(
            "Veal CF, Cooper JA Jr: Hyperoxia stimulates interleukin-8 release from alveolar macrophages. Am J Physiol 267: L187-L192, 1994",
        );
        assert_eq!(
            f.title.as_deref(),
            Some("Hyperoxia stimulates interleukin-8 release from alveolar macrophages")
        );
        // "et al," with no stop after the list.
        let f = parse_fields(
            "Urbani S, Amadei B, Cavallo MC et al, Restoration of HCV-specific T cell functions by PD-1/PD-L1 blockade. J Hepatol 2008; 48: 548-58.",
        );
        assert_eq!(
            f.title.as_deref(),
            Some("Restoration of HCV-specific T cell functions by PD-1/PD-L1 blockade")
        );
        // "Jr.," goes on to the next author.
        let f = parse_fields(
            "Campbell JR, Mason EO, Jr., Baker CJ. Epidemiological analysis of outbreaks in a neonatal intensive-care unit. Infect Control Hosp Epidemiol 1998;19:494-6.",
        );
        assert_eq!(
            f.title.as_deref(),
            Some("Epidemiological analysis of outbreaks in a neonatal intensive-care unit")
        );
        assert_eq!(f.year, Some(1998));
    }

    #[test]
    fn quoted_titles_in_each_kind_of_quotation_mark() {
        // The full stop inside ends no title between quotation marks.
        let title = "Cell therapy in MS. A randomized trial";
        for (open, close) in [("“", "”"), ("«", "»"), ("\"", "\"")] {
            let f = parse_fields(&format!(
                "A. Ames and B. Brown, {open}{title},{close} IEEE Trans. Med. Imaging, vol. 3, pp. 1-9, 2019."
            ));
            assert_eq!(f.title.as_deref(), Some(title), "{open}");
            assert_eq!(f.authors, ["A. Ames", "B. Brown"], "{open}");
        }
    }

    #[test]
    fn a_pmid_is_read_in_any_case() {
        for written in [
            "PMID: 12345678",
            "pmid 12345678",
            "Pmid: 12345678",
            "PubMed PMid:12345678",
        ] {
            let f = parse_fields(&format!("Ames B. Rats. J Med. 2001;1:1-2. {written}"));
            assert_eq!(f.pmid.as_deref(), Some("12345678"), "{written}");
        }
    }

    #[test]
    fn question_title() {
        let f = parse_fields(
            "Ekberg L, Tamm M. Does intrathecal cell therapy slow disability in multiple sclerosis? *Mult Scler.* 2019;25:911-920.",
        );
        assert_eq!(
            f.title.as_deref(),
            Some("Does intrathecal cell therapy slow disability in multiple sclerosis?")
        );
        assert_eq!(f.container.as_deref(), Some("Mult Scler"));
    }

    #[test]
    fn a_subtitle_sentence_before_the_journal_joins_the_title() {
        let title_and_container = |raw: &str| {
            let f = parse_fields(raw);
            (f.title.unwrap_or_default(), f.container.unwrap_or_default())
        };
        // A design in a subtitle sentence, with a journal abbreviated with and without stops.
        assert_eq!(
            title_and_container(
                "Smith A, Jones B. Risk factors for hepatitis C virus infection. A case-control study of blood donors. Epidemiol Infect. 1998;120:1-5."
            ),
            (
                "Risk factors for hepatitis C virus infection. A case-control study of blood donors".into(),
                "Epidemiol Infect".into()
            )
        );
        assert_eq!(
            title_and_container(
                "Pittas AG, Lau J. The role of vitamin D and calcium in type 2 diabetes. A systematic review and meta-analysis. J. Clin. Endocrinol. Metab. 2007;92:2017-29."
            ),
            (
                "The role of vitamin D and calcium in type 2 diabetes. A systematic review and meta-analysis".into(),
                "J. Clin. Endocrinol. Metab".into()
            )
        );
        // NLM's "Spine (Phila Pa 1976)": the year in brackets qualifies the journal's name.
        assert_eq!(
            title_and_container(
                "Ito K, Sato T. Aneurysmal bone cyst of the atlas in a child. A case report. Spine (Phila Pa 1976). 1999;24:1-5."
            ),
            (
                "Aneurysmal bone cyst of the atlas in a child. A case report".into(),
                "Spine (Phila Pa 1976)".into()
            )
        );
        // A subtitle that asks keeps its question mark; so does APA's title.
        assert_eq!(
            title_and_container(
                "Sadras VO (2005). Water deficit and growth. Co-ordinating processes without an orchestrator? Current Opinion in Plant Biology, 8, 1-5."
            ),
            (
                "Water deficit and growth. Co-ordinating processes without an orchestrator?".into(),
                "Current Opinion in Plant Biology".into()
            )
        );
        // Not a subtitle: a study group (no prose), a book's editor, a month before the
        // year, a series volume.
        assert_eq!(
            title_and_container(
                "Anderson FA, Wheeler HB. A population based survey of thrombosis. The Worcester DVT Study. Arch Intern Med. 1991;151:933-8."
            ),
            (
                "A population based survey of thrombosis".into(),
                "The Worcester DVT Study. Arch Intern Med".into()
            )
        );
        assert_eq!(
            title_and_container(
                "Smith A. Heart failure in older people. In: Jones B, editor. Textbook of medicine. New York: Wiley; 2001. p. 1-5."
            )
            .0,
            "Heart failure in older people"
        );
        assert_eq!(
            title_and_container(
                "Guerin A, Chen L. Therapy adherence in chronic myeloid leukemia. Current medical research and opinion. Jul 2012;28(7):1155-1162."
            )
            .0,
            "Therapy adherence in chronic myeloid leukemia"
        );
        assert_eq!(
            title_and_container(
                "Smith A, Jones B. Glossa in quatuor libros sententiarum. Bibliotheca Franciscana scholastica medii aevi, vols. 12-15. Rome, 1951."
            )
            .0,
            "Glossa in quatuor libros sententiarum"
        );
    }

    #[test]
    fn a_work_without_authors_opens_with_its_title() {
        let f = parse_fields(
            "The Cardiac Insufficiency Bisoprolol Study II (CIBIS-II): a randomised trial. Lancet 1999; 353:9-13.",
        );
        assert!(f.authors.is_empty(), "{:?}", f.authors);
        assert_eq!(
            f.title.as_deref(),
            Some("The Cardiac Insufficiency Bisoprolol Study II (CIBIS-II): a randomised trial")
        );
        assert_eq!(
            (f.container.as_deref(), f.year),
            (Some("Lancet"), Some(1999))
        );
        // Names, even followed by a title after a colon, stay authors; so do bodies.
        let f = parse_fields(
            "H Johansson, P Sjolander and J Pedersen: Pathophysiological mechanisms behind work-related muscle pain syndromes. Am J Ind Med 1999; 36:1-5.",
        );
        assert_eq!(f.authors.first().map(String::as_str), Some("H Johansson"));
        let f = parse_fields("World Health Organization. Geneva: WHO; 2020.");
        assert_eq!(f.authors, ["World Health Organization"]);
    }

    /// The authors and title the parser reads from `raw`.
    fn parsed(raw: &str) -> (Vec<String>, String) {
        let f = parse_fields(raw);
        (f.authors, f.title.unwrap_or_default())
    }

    #[test]
    fn names_after_their_initials_end_at_the_last_surname_comma() {
        let (authors, title) = parsed(
            "Okafor, T. and R. Lindqvist, Synaptic pruning in the developing retina. Neuron, 2011. 70(2): p. 210-22.",
        );
        assert_eq!(authors, ["Okafor T", "R. Lindqvist"]);
        assert_eq!(title, "Synaptic pruning in the developing retina");
        let (authors, title) = parsed(
            "P. Marsh, K. Oduya and L. Brandt, Heat transport in a layered superconductor, Phys. Rev. B 12, 4410 (2009).",
        );
        assert_eq!(authors, ["P. Marsh", "K. Oduya", "L. Brandt"]);
        assert!(
            title.starts_with("Heat transport in a layered superconductor"),
            "{title}"
        );
        let (authors, title) =
            parsed("H.J. Weller, Thermal limits of coral symbionts, Mar. Biol. 41 (2008) 1101.");
        assert_eq!(authors, ["H.J. Weller"]);
        assert!(
            title.starts_with("Thermal limits of coral symbionts"),
            "{title}"
        );
        // Initials after a surname are APA's, and "and" after them opens the title.
        let (authors, title) = parsed(
            "Dunmore, B., Iqbal, R. & Vance, S. L. Fast and exact matching of reads to a reference. Genome Res 12, 1-10 (2012).",
        );
        assert_eq!(authors.len(), 3, "{authors:?}");
        assert_eq!(title, "Fast and exact matching of reads to a reference");
        let (authors, title) = parsed(
            "Hale KR, Bjelle A. Arthritis and bacteria in synovial fluid. Ann Rheum Dis 1983; 32:319-325.",
        );
        assert_eq!(authors, ["Hale KR", "Bjelle A"]);
        assert_eq!(title, "Arthritis and bacteria in synovial fluid");
    }

    #[test]
    fn a_title_opening_with_a_word_and_a_capital_is_no_author() {
        // "Vitamin D", "Phase I", "Hepatitis B" after the list open the title; a name
        // whose initials close with a comma or stop goes on with the list.
        for (raw, title) in [
            (
                "Hale KR, Bjelle A. Vitamin D and mortality in older adults: a randomized trial. Lancet. 2017;389:300-309.",
                "Vitamin D and mortality in older adults: a randomized trial",
            ),
            (
                "Hale KR. Phase I trial of an immunoconjugate in epithelial tumours. J Clin Oncol. 2000;18:1-9.",
                "Phase I trial of an immunoconjugate in epithelial tumours",
            ),
            (
                "Hale KR, Bjelle A. Hepatitis B in Asia. Lancet. 2017;389:300-309.",
                "Hepatitis B in Asia",
            ),
        ] {
            let (authors, parsed_title) = parsed(raw);
            assert_eq!(parsed_title, title, "{authors:?}");
        }
        let (authors, title) = parsed(
            "Hale K S., Bjelle D JP, Foth B J., et al. A dynamin in parasite organelles. Curr Biol. 2009;19:277-286.",
        );
        assert_eq!(authors.len(), 3, "{authors:?}");
        assert_eq!(title, "A dynamin in parasite organelles");
    }

    #[test]
    fn a_journal_run_into_its_title_without_a_stop_is_split_off() {
        let fields = |raw: &str| {
            let f = parse_fields(raw);
            (f.title, f.container, f.volume, f.pages, f.year)
        };
        let owned = |t: &str, c: &str, v: &str, p: &str, y| {
            (
                Some(t.to_owned()),
                Some(c.to_owned()),
                Some(v.to_owned()),
                Some(p.to_owned()),
                Some(y),
            )
        };
        assert_eq!(
            fields(
                "Moreau P, Lind K. Zinc supplements and wound healing in older adults Am J Clin Nutr 2004; 79:510-517."
            ),
            owned(
                "Zinc supplements and wound healing in older adults",
                "Am J Clin Nutr",
                "79",
                "510-517",
                2004
            )
        );
        // The year in brackets before the volume, or after the pages.
        assert_eq!(
            fields(
                "Ito K. Cytokine release by human keratinocytes after ultraviolet exposure J Invest Dermatol (1999) 112:40-46."
            ),
            owned(
                "Cytokine release by human keratinocytes after ultraviolet exposure",
                "J Invest Dermatol",
                "112",
                "40-46",
                1999
            )
        );
        assert_eq!(
            fields("Ruiz A: Pulp anaesthesia after palatal infiltration, J Endod 31: 120, 2005."),
            owned(
                "Pulp anaesthesia after palatal infiltration",
                "J Endod",
                "31",
                "120",
                2005
            )
        );
        // A capitalised word after a preposition ends the title, not the journal's start.
        assert_eq!(
            fields("Ngata T. Rising antibiotic resistance of pneumococci in Finland N Engl J Med 2002; 347:11-18.").1,
            Some("N Engl J Med".to_owned())
        );
        // Elsevier's "Journal, volume (year), pp. pages".
        assert_eq!(
            fields(
                "R.M. Hale, T. Osei. Telephone coaching for adults with asthma: a randomized trial Respir Med, 48 (2011), pp. 301-309"
            ),
            owned(
                "Telephone coaching for adults with asthma: a randomized trial",
                "Respir Med",
                "48",
                "301-309",
                2011
            )
        );
        // A title in title case is left whole: where its journal starts is a guess.
        let (title, container, ..) = fields(
            "Park J. Regulation of Hepatic Glucose Output by Insulin in Fasting Mice Cell Metab 2008; 7:12-20.",
        );
        assert!(title.is_some_and(|t| t.contains("Cell Metab")));
        assert_eq!(container, None);
    }

    #[test]
    fn gbt_numbers_in_full_width_punctuation_and_after_a_year() {
        let numbers = |raw: &str| {
            let f = parse_fields(raw);
            (f.year, f.volume, f.issue, f.pages)
        };
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            numbers(
                "王明, 李华. 某药物治疗高血压的随机对照试验[J]. 中华医学杂志，2019，99（12）：901-905."
            ),
            (Some(2019), some("99"), some("12"), some("901-905"))
        );
        // A book's cited pages, before an access date too.
        assert_eq!(
            numbers("张三. 临床流行病学[M]. 北京：人民卫生出版社，2018：35."),
            (Some(2018), None, None, some("35"))
        );
        assert_eq!(
            numbers(
                "KOVAC J. Field guide to wetland birds[M/OL]. Leeds: Marsh Press, 2016: 12-14[2020-01-05]. http://example.org/book."
            ),
            (Some(2016), None, None, some("12-14"))
        );
        // A journal's issue without a volume.
        assert_eq!(
            numbers("李四. 社区干预研究[J]. 中国全科医学, 2007 (4): 20-23."),
            (Some(2007), None, some("4"), some("20-23"))
        );
    }

    #[test]
    fn the_journal_name_stops_before_a_month_or_a_written_out_volume() {
        let journal = |raw: &str| parse_fields(raw).container;
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            journal(
                "Hale KR, Bjelle A. Foot blisters in military recruits. Mil Med. Jul 2012;177(7):820-825."
            ),
            some("Mil Med")
        );
        assert_eq!(
            journal(
                "Park J, Ito K. Bone density after long flights. Am J Sports Med. May-Jun 2009;37(3):100-108."
            ),
            some("Am J Sports Med")
        );
        assert_eq!(
            journal(
                "Ruiz A. “Lens transport in ageing mice,” Invest. Ophthalmol. Vis. Sci., vol. 27, no. 5, pp. 755–771, May 1986."
            ),
            some("Invest. Ophthalmol. Vis. Sci")
        );
        assert_eq!(
            journal(
                "Morel C. Soins et famille. Soins Psychiatrie, novembre 2011, n°277. p. 20-24."
            ),
            some("Soins Psychiatrie")
        );
        // The numbers after their words: volume, number and pages.
        let f = parse_fields(
            "Ruiz A. “Lens transport in ageing mice,” Invest. Ophthalmol. Vis. Sci., vol. 27, no. 5, pp. 755–771, May 1986.",
        );
        assert_eq!(
            (f.volume, f.issue, f.pages),
            (some("27"), some("5"), some("755–771"))
        );
        // A journal without a month or volume is left whole.
        assert_eq!(
            journal("Lee S. A trial of zinc in children. Lancet. 2001;357:100-104."),
            some("Lancet")
        );
    }

    #[test]
    fn gbt_chinese_and_latin() {
        let f = parse_fields(
            "黄立,郑岩. 骨髓基质细胞免疫调节机制的研究进展[J]. 免疫学杂志, 2017, 33(5):441-446.",
        );
        assert_eq!(f.authors, ["黄立", "郑岩"]);
        assert_eq!(
            f.title.as_deref(),
            Some("骨髓基质细胞免疫调节机制的研究进展")
        );
        assert_eq!(f.container.as_deref(), Some("免疫学杂志"));
        assert_eq!((f.year, f.type_code.as_deref()), (Some(2017), Some("J")));
        assert_eq!(
            (f.volume.as_deref(), f.issue.as_deref(), f.pages.as_deref()),
            (Some("33"), Some("5"), Some("441-446"))
        );
        let f = parse_fields(
            "LE BLANC K, FRASSONI F. Mesenchymal stem cells for steroid-resistant graft-versus-host disease[J/OL]. Lancet, 2008, 371(9624): 1579-1586. DOI: 10.1016/S0140-6736(08)60690-X.",
        );
        assert_eq!(f.authors, ["LE BLANC K", "FRASSONI F"]);
        assert_eq!(f.type_code.as_deref(), Some("J/OL"));
        assert_eq!(f.doi.as_deref(), Some("10.1016/S0140-6736(08)60690-X"));
    }

    #[test]
    fn apa_and_nature_styles() {
        let f = parse_fields(
            "Tran, S. (2023). Stromal cell vesicles: A new agent against photoaged skin. Biomedical Research and Therapy, 10(4), 5501-5512.",
        );
        assert_eq!(f.authors, ["Tran S"]);
        assert_eq!(f.year, Some(2023));
        assert_eq!(
            f.container.as_deref(),
            Some("Biomedical Research and Therapy")
        );
        let f = parse_fields(
            "Bergk, V., Haefeli, W. E., Gasse, C. & Martin- Facklam, M. Information deficits in drug interactions: a comparison. European Journal of Clinical Pharmacology 2005, 61, 327–335.",
        );
        assert_eq!(f.authors.len(), 4);
        assert_eq!(
            f.title.as_deref(),
            Some("Information deficits in drug interactions: a comparison")
        );
        assert_eq!(
            f.container.as_deref(),
            Some("European Journal of Clinical Pharmacology")
        );
        assert_eq!(f.year, Some(2005));
    }

    #[test]
    fn organisation_author_with_url() {
        let f = parse_fields(
            "World Health Organization. Heart failure (HF). Geneva: World Health Organization; 2022. [https://www.who.int/x](https://www.who.int/x) (accessed May 3, 2024).",
        );
        assert_eq!(f.authors, ["World Health Organization"]);
        assert_eq!(f.title.as_deref(), Some("Heart failure (HF)"));
        assert_eq!(f.year, Some(2022));
    }
}
