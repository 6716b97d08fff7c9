//! Parsing one reference string into fields: authors, year, title, container, volume,
//! issue, pages, DOI, PMID and the GB/T 7714 type code. Covers GB/T 7714 (Chinese and Latin
//! names), Vancouver/AMA (with or without Markdown italics) and APA/Harvard.

use regex::Regex;

use crate::text::find_any;
use crate::text::fold::squash_whitespace;
use crate::text::thread_regex::ThreadRegex;
use crate::text::{is_han, year_position};

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
    ThreadRegex::new(|| re(r"^\s*[.,]?\s*(?:\d{4}|\(\d{4}\)|\d+\s*[(:;,])"));
static MARKDOWN_LINK: ThreadRegex = ThreadRegex::new(|| re(r"\[([^\]]*)\]\([^)]*\)"));
static ANGLE_URL: ThreadRegex = ThreadRegex::new(|| re(r"<https?://[^>]*>"));
static URL: ThreadRegex =
    ThreadRegex::new(|| re(r"(?i)(?:available\s+(?:at|from):?\s*)?https?://\S+"));
static ACCESSED: ThreadRegex =
    ThreadRegex::new(|| re(r"(?i)[\[(]\s*(?:accessed|cited|引用日期)[^)\]]*[)\]]\.?"));
static EDITOR_MARK: ThreadRegex = ThreadRegex::new(|| re(r"\(ref\s*\d+\)\s*$"));
static DOI: ThreadRegex = ThreadRegex::new(|| {
    re(r"(?i)(?:doi\s*[:：]?\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s,;]+)")
});
static PMID: ThreadRegex = ThreadRegex::new(|| re(r"(?i)PMID\s*[:：]?\s*(\d{5,9})"));
static APA_YEAR: ThreadRegex =
    ThreadRegex::new(|| re(r"\(\s*((?:1[89]|20)\d\d)[a-z]?\s*(?:,[^)]{0,30})?\)\s*[.,:]?\s*"));
static VOLUME_PAGES: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"(?:^|[\s;,.:])(\d{1,5})\s*(?:\(\s*([^)]{1,20}?)\s*\))?\s*[:,]\s*([A-Za-z]?\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+[A-Za-z]?)?)",
    )
});

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
    let mut fields = Fields::default();
    // Each pass runs only when its literal is present: most entries need few of them.
    let italic_container = italic_container(raw)
        .map(clean_segment)
        .filter(|c| !c.eq_ignore_ascii_case("et al") && !c.eq_ignore_ascii_case("et al."));
    let mut text = if raw.contains("](") {
        MARKDOWN_LINK.replace_all(raw, "$1").into_owned()
    } else {
        raw.to_owned()
    };
    if text.contains("<http") {
        text = ANGLE_URL.replace_all(&text, "").into_owned();
    }
    if memchr::memchr2(b'*', b'\\', text.as_bytes()).is_some() {
        text = crate::text::fold::strip_markdown_emphasis(&text);
    }
    if text.contains("10.") {
        if let Some(c) = DOI.captures(&text) {
            fields.doi = Some(c[1].trim_end_matches(['.', ')', ']']).to_owned());
        }
        text = DOI.replace_all(&text, "").into_owned();
    }
    if text.contains("PMID") || text.contains("pmid") {
        if let Some(c) = PMID.captures(&text) {
            fields.pmid = Some(c[1].to_owned());
        }
        text = PMID.replace_all(&text, "").into_owned();
    }
    if text.contains("ccessed") || text.contains("ited") || text.contains("引用日期") {
        text = ACCESSED.replace_all(&text, "").into_owned();
    }
    if text.contains("(ref") {
        text = EDITOR_MARK.replace(&text, "").into_owned();
    }
    if text.contains("http") {
        text = URL.replace_all(&text, "").into_owned();
    }
    let text = squash_whitespace(&text);

    if let Some(code) = type_code(&text) {
        fields.type_code = Some(text[code.code.clone()].replace([' ', '\t'], ""));
        parse_gbt(&text, code.whole.start, code.whole.end, &mut fields);
    } else if let Some(year) = has_bracketed_year(&text)
        .then(|| APA_YEAR.captures(&text))
        .flatten()
        .filter(|c| {
            c.get(0).is_some_and(|m| {
                m.start() < 400 && m.start() > 1 && looks_like_author_block(&text[..m.start()])
            })
        })
    {
        let whole = year.get(0).expect("group 0");
        fields.year = year[1].parse().ok();
        fields.authors = split_authors(&text[..whole.start()]);
        let rest = &text[whole.end()..];
        let (title, after) = take_title(rest);
        fields.title = title;
        fill_container_and_numbers(after, &mut fields);
    } else if let Some((title, end)) = quoted_title(&text) {
        let open = text.find(['“', '"']).unwrap_or(0);
        fields.authors = split_authors(&text[..open]);
        fields.title = Some(title);
        fill_container_and_numbers(&text[end..], &mut fields);
        if fields.year.is_none() {
            fields.year = first_year(&text);
        }
    } else {
        let author_end = author_block_end(&text);
        let (authors, rest) = match author_end {
            Some((end, resume)) => (&text[..end], &text[resume..]),
            None => ("", text.as_str()),
        };
        fields.authors = split_authors(authors);
        let (title, after) = take_title(rest);
        fields.title = title;
        fill_container_and_numbers(after, &mut fields);
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

/// A volume with its issue and pages ("109(11):923-940", "7(6): 484-489", "12, 45"), as
/// [`VOLUME_PAGES`] matches it.
#[derive(Debug, PartialEq, Eq)]
struct VolumePages<'a> {
    /// Where the match starts (at the separator before the volume, if there is one).
    start: usize,
    volume: &'a str,
    issue: Option<&'a str>,
    pages: &'a str,
}

impl VolumePages<'_> {
    fn apply_to(&self, fields: &mut Fields) {
        fields.volume = Some(self.volume.to_owned());
        fields.issue = self.issue.map(str::to_owned);
        fields.pages = Some(self.pages.replace(' ', ""));
    }
}

/// The first [`VOLUME_PAGES`] match, its groups read from the match: finding a match is
/// much cheaper than capturing its groups, and within a match each group's extent follows
/// from the characters around it.
fn volume_pages(text: &str) -> Option<VolumePages<'_>> {
    let found = VOLUME_PAGES.find(text)?;
    let matched = found.as_str();
    let skip_space = |at: usize| past_white_space(matched, at);
    // A match opens with the volume's digits or with one separator character before them.
    let first = matched.chars().next()?;
    let volume_start = if first.is_numeric() {
        0
    } else {
        first.len_utf8()
    };
    let volume_end = volume_start
        + matched[volume_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '(' | ':' | ','))?;
    let mut at = skip_space(volume_end);
    let mut issue = None;
    if matched[at..].starts_with('(') {
        let inside = at + 1;
        let close = inside + matched[inside..].find(')')?;
        let within = &matched[inside..close];
        // The issue is lazy and at least one character: trimmed of white space, or the
        // last white-space character when there is nothing else.
        let trimmed = within.trim();
        issue = Some(if trimmed.is_empty() {
            let last = within.chars().next_back()?;
            &within[within.len() - last.len_utf8()..]
        } else {
            trimmed
        });
        at = skip_space(close + 1);
    }
    // The separator (':' or ','), then the pages to the end of the match.
    let pages_start = skip_space(at + 1);
    Some(VolumePages {
        start: found.start(),
        volume: &matched[volume_start..volume_end],
        issue,
        pages: &matched[pages_start..],
    })
}

/// A GB/T 7714 document type code: where the bracketed code lies, and the code in it.
/// Where the white space that starts at byte `at` of `text` ends.
fn past_white_space(text: &str, at: usize) -> usize {
    text.len() - text[at..].trim_start().len()
}

struct TypeCode {
    whole: std::ops::Range<usize>,
    code: std::ops::Range<usize>,
}

/// The GB/T 7714 type codes, with the online mark "/OL" that may follow them.
const TYPE_CODES: [&str; 16] = [
    "J", "M", "C", "D", "R", "S", "P", "N", "G", "Z", "A", "EB", "DB", "CP", "CM", "DS",
];

/// The first bracketed type code ("[J]", "[EB/OL]", "[ M ]"): a code, optionally "/OL",
/// white space allowed inside the brackets.
fn type_code(text: &str) -> Option<TypeCode> {
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

/// An author list: names, initials, commas and conjunctions, few lower-case words.
fn looks_like_author_block(text: &str) -> bool {
    const PARTICLES: [&str; 14] = [
        "and", "et", "al", "al.", "van", "de", "der", "den", "von", "da", "del", "la", "le", "du",
    ];
    let lowercase_words = text
        .split_whitespace()
        .filter(|w| {
            w.chars().next().is_some_and(char::is_lowercase)
                && !PARTICLES.contains(&w.trim_end_matches([',', '.']))
        })
        .count();
    lowercase_words <= 1 && !text.contains(". ") || lowercase_words == 0
}

/// A quoted title, as IEEE and some Harvard styles write it: “Title,” or "Title."
fn quoted_title(text: &str) -> Option<(String, usize)> {
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
    if before.trim().is_empty() || !looks_like_author_block(&before) {
        return None;
    }
    let inner = clean_segment(&text[open + text[open..].chars().next()?.len_utf8()..close]);
    (inner.chars().count() >= 10).then(|| {
        (
            inner,
            close + text[close..].chars().next().map_or(1, char::len_utf8),
        )
    })
}

/// GB/T 7714: `Authors. Title[J]. Container, Year, Volume(Issue): Pages.`
fn parse_gbt(text: &str, code_start: usize, code_end: usize, fields: &mut Fields) {
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
    if let Some(numbers) = volume_pages(&after[numbers_from..]) {
        numbers.apply_to(fields);
    }
}

/// Where the author block ends: the byte offset of its end and where the rest resumes.
/// The block ends at the first full stop (or BMC-style colon) not followed by another
/// initial, surname or conjunction.
fn author_block_end(text: &str) -> Option<(usize, usize)> {
    // "Wood CR et al, Title": the list closes with "et al," before any full stop.
    if let Some(etal) = text.find(" et al, ")
        && !text[..etal].contains(['.', ':'])
    {
        let end = etal + " et al".len();
        return Some((end, end + 1));
    }
    let bmc = bmc_author_block_end(text).or_else(|| closed_list_colon(text));
    let mut search_from = 0;
    while let Some(rel) = find_any(&text[search_from..], &['.', '．']) {
        let dot = search_from + rel;
        let dot_len = text[dot..].chars().next().map_or(1, char::len_utf8);
        let after = &text[dot + dot_len..];
        let next_char = after.chars().next();
        let comma_break =
            matches!(next_char, Some(',' | ':')) && after[1..].starts_with(char::is_whitespace);
        let after = if comma_break { &after[1..] } else { after };
        let is_break = match next_char {
            None => true,
            Some(',' | ':') => comma_break,
            Some(c) if c.is_whitespace() => true,
            Some(c) if is_han(c) || c == '“' => true,
            _ => false,
        };
        // "Mason EO, Jr., Baker CJ.": a suffix and a comma go on to the next name.
        let suffix_then_more = comma_break && ends_with_name_suffix(&text[..dot], false);
        if is_break && !suffix_then_more && !continues_authors(&text[..dot], after.trim_start()) {
            if let Some(colon) = bmc.filter(|colon| *colon < dot) {
                return Some((colon, colon + text[colon..].find(':').map_or(0, |p| p + 1)));
            }
            let resume = dot + dot_len + usize::from(comma_break);
            return Some((dot, resume));
        }
        search_from = dot + dot_len;
    }
    bmc.map(|colon| (colon, colon + text[colon..].find(':').map_or(0, |p| p + 1)))
}

/// Whether `before` ends with a generational suffix: "Jr", "Sr" (or "Jr.", "Sr." when
/// `with_stop`).
fn ends_with_name_suffix(before: &str, with_stop: bool) -> bool {
    let last_word = before.rsplit([' ', ',']).next().unwrap_or("");
    let word = if with_stop {
        last_word.strip_suffix('.').unwrap_or(last_word)
    } else {
        last_word
    };
    matches!(word, "Jr" | "Sr")
}

/// After a full stop inside the author block: another initial ("W. E."), an APA surname
/// ("Haefeli,"), a conjunction, or an initial directly before the stop followed by more names.
fn continues_authors(before: &str, after: &str) -> bool {
    let mut words = after.split_whitespace();
    let Some(next) = words.next() else {
        return false;
    };
    if next.starts_with('&') || next == "and" || next == "et" || next == "&amp;" {
        return true;
    }
    // Name particles: "A.U., von Wyl, V."
    if matches!(
        next,
        "von" | "van" | "de" | "der" | "den" | "da" | "del" | "di" | "du" | "le" | "la"
    ) {
        return true;
    }
    let bare = next.trim_end_matches([',', '.', ';']);
    let token = next.trim_end_matches([',', ';']);
    if is_initials(token)
        && token.contains('.')
        && bare.chars().count() <= 3
        && bare
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-')
    {
        return true;
    }
    // "Haefeli, W." — a surname followed by a comma, then initials.
    if next.ends_with(',') && next.chars().next().is_some_and(char::is_uppercase) {
        let following = words.next().unwrap_or("");
        return is_initials(following.trim_end_matches(','))
            || following.ends_with('.')
            || following == "and"
            || following == "et"
            || following.starts_with('&');
    }
    // "Smith J. A." style: the stop follows a lone initial and a capitalised name follows
    // with its own initials.
    let last_word = before.rsplit([' ', ',']).next().unwrap_or("");
    if last_word.chars().count() == 1 && last_word.chars().all(char::is_uppercase) {
        // "P. Perret. 1996." — an initial, then a surname that closes with its own stop.
        if next.chars().next().is_some_and(char::is_uppercase)
            && next.ends_with(['.', ','])
            && next.chars().filter(|c| c.is_alphabetic()).count() > 1
        {
            return true;
        }
        let following = words.next().unwrap_or("");
        return following.trim_end_matches([',', '.']).chars().count() <= 2
            && following.chars().next().is_some_and(char::is_uppercase)
            && next.chars().next().is_some_and(char::is_uppercase);
    }
    false
}

/// Takes the title from the start of `rest`: up to the first sentence end. A question mark
/// ends the title only when a container and year follow it.
fn take_title(rest: &str) -> (Option<String>, &str) {
    let mut rest = rest.trim_start_matches([' ', '.', ',']);
    // "Willoughby RE. 1997. Title…": a bare year between authors and title.
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '(')
        && let Some(m) = LEADING_YEAR.find(rest)
    {
        rest = &rest[m.end()..];
    }
    let rest = match rest.find(" //") {
        Some(gost) => &rest[..gost + 1],
        None => rest,
    };
    let mut search_from = 0;
    while let Some(rel) = find_any(&rest[search_from..], &['.', '?', '!', '。']) {
        let stop = search_from + rel;
        let stop_char = rest[stop..].chars().next().unwrap_or('.');
        let after = &rest[stop + stop_char.len_utf8()..];
        let continues_lowercase = after
            .trim_start()
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
                return (nonempty(clean_segment(&rest[..stop])), after);
            }
        }
        search_from = stop + stop_char.len_utf8();
    }
    (nonempty(clean_segment(rest)), "")
}

fn ends_in_abbreviation(before: &str) -> bool {
    // "…thaliana: I. Pleiotropy…": a part number after a colon.
    let trimmed = before.trim_end();
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
    matches!(
        word.to_ascii_lowercase().as_str(),
        "vs" | "e.g" | "i.e" | "st" | "no" | "spp" | "sp" | "al" | "var" | "subsp" | "ssp"
    ) || (word.chars().count() == 1
        && word.chars().all(|c| c.is_ascii_uppercase())
        && before.len() < 3)
}

static LEADING_YEAR: ThreadRegex = ThreadRegex::new(|| re(r"^\(?(?:1[89]|20)\d\d[a-z]?\)?[.,]\s+"));
static YEAR_TAIL: ThreadRegex = ThreadRegex::new(|| re(r"[,.(\s]*(?:1[89]|20)\d\d[a-z]?\)?$"));
static GBT_TITLE_TAIL: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"\s*[:：]\s*(?:第\s*[\d一二三四五六七八九十]+\s*[卷册辑]|[上中下]|[一二三四五六七八九十]+卷|[A-Z]{0,8}[ /-]*[\dA-Z][\dA-Z./—\-: ]*\d[\dA-Z./—\-]*)$",
    )
});
static CONTAINER_YEAR: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"^\s*[A-Z][^.?!]{1,80}?[.,]?\s*(?:\(?(?:1[89]|20)\d\d|\d{1,4}\s*(?:\([^)]{1,12}\))?\s*:\s*[A-Za-z]?\d)",
    )
});

fn looks_like_container_then_year(text: &str) -> bool {
    CONTAINER_YEAR.is_match(text)
}

/// After the title: the container up to the year or the volume, then volume/issue/pages.
fn fill_container_and_numbers(after: &str, fields: &mut Fields) {
    let after = after.trim_start_matches([' ', '.', ',']);
    let after = after
        .strip_prefix("In:")
        .or_else(|| after.strip_prefix("In "))
        .unwrap_or(after);
    let year_pos = year_position(after).map(|y| (y, &after[y..y + 4]));
    let first_numbers = volume_pages(after);
    let volume_pos = first_numbers.as_ref().map(|numbers| numbers.start);
    let container_end = match (year_pos, volume_pos) {
        (Some((y, _)), Some(v)) => y.min(v),
        (Some((y, _)), None) => y,
        (None, Some(v)) => v,
        (None, None) => after.find(['.', ',']).unwrap_or(after.len()),
    };
    fields.container = nonempty(clean_segment(&after[..container_end]));
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
    if let Some(numbers) = numbers {
        numbers.apply_to(fields);
    }
}

/// Turns "&", " and ", " et " and Chinese or semicolon separators into commas, in one pass.
fn normalise_author_separators(block: &str) -> String {
    let mut out = String::with_capacity(block.len() + 8);
    let mut rest = block;
    while let Some(c) = rest.chars().next() {
        let (replacement, skip) = if rest.starts_with(" and ") {
            (Some(", "), 5)
        } else if rest.starts_with(" et ") {
            (Some(", "), 4)
        } else {
            match c {
                '&' => (Some(", "), 1),
                '，' | '、' | ';' | '；' => (Some(","), c.len_utf8()),
                _ => (None, c.len_utf8()),
            }
        };
        match replacement {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
        rest = &rest[skip..];
    }
    out
}

/// Whether `text` holds a year in brackets, "(2020" or "( 2020".
fn has_bracketed_year(text: &str) -> bool {
    text.match_indices('(').any(|(i, _)| {
        let after = text[i + 1..].trim_start();
        after.starts_with("19") || after.starts_with("20") || after.starts_with("18")
    })
}

/// Splits an author block into names, joining APA initials to their surnames.
pub fn split_authors(block: &str) -> Vec<String> {
    let block = block.trim().trim_end_matches(['.', ',', ':']);
    if block.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = Vec::new();
    let normalised = normalise_author_separators(block);
    for part in normalised.split(',') {
        let part = part.trim().trim_end_matches('.');
        let opens_et_al = part
            .get(..5)
            .is_some_and(|head| head.eq_ignore_ascii_case("et al"));
        if part.is_empty() || opens_et_al || part == "等" || part.eq_ignore_ascii_case("al") {
            continue;
        }
        let part = part.trim_end_matches('等').trim();
        let part_is_initials =
            is_initials(part) && part.chars().filter(|c| c.is_alphabetic()).count() <= 4;
        let last_has_initials = names
            .last()
            .and_then(|n| n.split_whitespace().last())
            .is_some_and(|w| is_initials(w) && n_words(names.last()) > 1);
        if part_is_initials
            && !last_has_initials
            && let Some(last) = names.last_mut()
        {
            last.push(' ');
            last.push_str(part);
            continue;
        }
        names.push(part.to_owned());
    }
    names.retain(|n| n.chars().any(char::is_alphabetic));
    names
}

fn n_words(name: Option<&String>) -> usize {
    name.map_or(0, |n| n.split_whitespace().count())
}

fn first_year(text: &str) -> Option<u16> {
    year_position(text).and_then(|y| text[y..y + 4].parse().ok())
}

/// BMC style "Smith AB, Jones CD: Title": the author block ends at the first colon when
/// no digit comes before it and its last word is a run of capital initials. Returns the
/// end of those initials.
fn bmc_author_block_end(text: &str) -> Option<usize> {
    let colon = text.find(':')?;
    if !text[colon + 1..].starts_with(char::is_whitespace) {
        return None;
    }
    let before = &text[..colon];
    if before.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let end = before.trim_end().len();
    let bytes = before.as_bytes();
    // The initials: at most seven of [A-Z.] ending at `end`, opening with a capital
    // after a non-word byte; the longest such run wins.
    let run_start = (end.saturating_sub(7)..end)
        .rev()
        .take_while(|&i| bytes[i].is_ascii_uppercase() || bytes[i] == b'.')
        .last()?;
    (run_start..end)
        .find(|&start| {
            bytes[start].is_ascii_uppercase()
                && start > 0
                && !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_')
                && (3..=400).contains(&before[..start].chars().count())
        })
        .map(|_| end)
}

/// "Reader A, Nist R, et al: Title", "Veal CF, Cooper JA Jr: Title": the BMC-style colon
/// after a list that closes with "et al" or a generational suffix instead of initials.
/// Returns the end of that closing word.
fn closed_list_colon(text: &str) -> Option<usize> {
    let colon = text.find(':')?;
    if !text[colon + 1..].starts_with(char::is_whitespace) {
        return None;
    }
    let before = text[..colon].trim_end();
    if before.bytes().any(|b| b.is_ascii_digit()) || !(3..=400).contains(&before.chars().count()) {
        return None;
    }
    let closing_word = before.rsplit([' ', ',']).next().unwrap_or("");
    let closes_with_et_al = matches!(closing_word, "al" | "al.")
        && before[..before.len() - closing_word.len()]
            .trim_end()
            .ends_with(" et");
    (closes_with_et_al || ends_with_name_suffix(before, true)).then_some(before.len())
}

/// One to four capital initials, each with an optional full stop, white space and hyphen
/// after it: "J", "J.A.", "J-P", "A. B.".
fn is_initials(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let mut initials = 0;
    while let Some(c) = chars.next() {
        initials += 1;
        if !c.is_ascii_uppercase() || initials > 4 {
            return false;
        }
        chars.next_if_eq(&'.');
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        chars.next_if_eq(&'-');
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
    }
    initials > 0
}

/// Squashes white space and trims white space, punctuation and quotes from both ends.
fn clean_segment(text: &str) -> String {
    // Trimming first gives the same result: white space is among the trimmed characters.
    squash_whitespace(text.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '.' | ',' | ';' | ':' | '/' | '“' | '”' | '"' | '\'' | '‘' | '’'
            )
    }))
}

fn nonempty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written scanners agree with the regular expressions they replace.
    #[test]
    fn scanners_match_their_regex_specification() {
        let year = re(r"(?:^|[^0-9])((?:1[89]|20)[0-9][0-9])[a-z]?(?:[^0-9]|$)");
        let bmc = re(r"^([^:0-9]{3,400}?(?-u:\b)[A-Z][A-Z.]{0,6})\s*:\s+");
        let initials = re(r"^(?:[A-Z]\.?\s*-?\s*){1,4}$");
        for sample in [
            "", "J", "J.", "J.A.", "J-P", "A. B.", "A.-B.", "ABCD", "ABCDE", "A-.B", "Ab", "a",
            "J. ", " J", "É", "A..B", "A - B",
        ] {
            assert_eq!(is_initials(sample), initials.is_match(sample), "{sample:?}");
        }
        let samples = [
            "",
            "2020",
            "12020 1999",
            "(2019a) x",
            "x2019y",
            "21999 2100 1850.",
            "vol 2005;12:3",
            "Smith AB, Jones CD: Title here",
            "Smith AB, Jones CD : Title",
            "Smith AB, Jones CD:Title",
            "AB: too short",
            "Ab CD: x",
            "Smith ABCDEFGHI: x",
            "Smith X.ABCDEF: x",
            "Smith 2 AB: x",
            "Wang 王 AB: x",
            "Li_AB: x",
            "Smith A.B.: x",
            "Garcia-Lopez J, Müller K: Title: subtitle",
        ];
        for sample in samples {
            let expected = year.captures(sample).map(|c| c.get(1).unwrap().start());
            assert_eq!(year_position(sample), expected, "year in {sample:?}");
            let expected = bmc.captures(sample).map(|c| c.get(1).unwrap().end());
            assert_eq!(bmc_author_block_end(sample), expected, "bmc in {sample:?}");
        }
        let italic = re(r"\*([^*]{2,120}?)\*\s*[.,]?\s*(?:\d{4}|\(\d{4}\)|\d+\s*[(:;,])");
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
        // Volume, issue and pages: real shapes, then many strings built from their pieces.
        let mut samples: Vec<String> = [
            "Circ Res. 2011;109(11):923-940.",
            "器官移植, 2016, 7(6): 484-489.",
            "Cells 12, 45",
            "J Med. 2001;1:1-2",
            "Nature 5 ( 3 ):e12 - e19",
            "x 12 ( ):5",
            "x 12 (\u{3000}):5",
            "vol 12 (suppl 2), S5–S9",
            "123456:7",
            "１２:３４",
        ]
        .map(str::to_owned)
        .to_vec();
        let pieces = [
            "1", "23", "4567", "(", ")", "(3)", "( 4 )", "(S1", " ", ":", ",", ";", ".", "-", "–",
            "a", "S", "x", "\u{a0}", "12:", ", 45", "(2)", ":e5", "-7",
        ];
        samples.extend(crate::text::generated_strings(
            &pieces,
            20_000,
            12,
            0x2545_f491,
        ));
        let (mut matched, mut with_issue) = (0, 0);
        for sample in &samples {
            let expected = VOLUME_PAGES.captures(sample).map(|c| VolumePages {
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

    #[test]
    fn vancouver_with_markdown_italics() {
        let f = parse_fields(
            "Lai RC, Arslan F, Tan SS, *et al*. Derivation and characterization of human fetal MSCs: An alternative cell source. *J Mol Cell Cardiol*. 2010;48:1215-1224.",
        );
        assert_eq!(f.authors, ["Lai RC", "Arslan F", "Tan SS"]);
        assert_eq!(
            f.title.as_deref(),
            Some("Derivation and characterization of human fetal MSCs: An alternative cell source")
        );
        assert_eq!(f.container.as_deref(), Some("J Mol Cell Cardiol"));
        assert_eq!(f.year, Some(2010));
        assert_eq!(
            (f.volume.as_deref(), f.pages.as_deref()),
            (Some("48"), Some("1215-1224"))
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
    fn question_title() {
        let f = parse_fields(
            "Olanow CW, Kordower JH. Can cellular transplantation improve motor function in Parkinson's disease? *Mov Disord.* 2018;33:1041-1050.",
        );
        assert_eq!(
            f.title.as_deref(),
            Some("Can cellular transplantation improve motor function in Parkinson's disease?")
        );
        assert_eq!(f.container.as_deref(), Some("Mov Disord"));
    }

    #[test]
    fn gbt_chinese_and_latin() {
        let f = parse_fields(
            "陈强星,张剑. 间充质干细胞免疫调节作用的研究进展[J]. 器官移植, 2016, 7(6):484-489.",
        );
        assert_eq!(f.authors, ["陈强星", "张剑"]);
        assert_eq!(
            f.title.as_deref(),
            Some("间充质干细胞免疫调节作用的研究进展")
        );
        assert_eq!(f.container.as_deref(), Some("器官移植"));
        assert_eq!((f.year, f.type_code.as_deref()), (Some(2016), Some("J")));
        assert_eq!(
            (f.volume.as_deref(), f.issue.as_deref(), f.pages.as_deref()),
            (Some("7"), Some("6"), Some("484-489"))
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
            "Nguyen, S. (2024). Exosomes derived from mesenchymal stem cells: A novel agent for skin aging treatment. Biomedical Research and Therapy, 11(12), 7003-7014.",
        );
        assert_eq!(f.authors, ["Nguyen S"]);
        assert_eq!(f.year, Some(2024));
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
            "World Health Organization. Cardiovascular diseases (CVDs). Geneva: World Health Organization; 2021. [https://www.who.int/x](https://www.who.int/x) (accessed October 30, 2023).",
        );
        assert_eq!(f.authors, ["World Health Organization"]);
        assert_eq!(f.title.as_deref(), Some("Cardiovascular diseases (CVDs)"));
        assert_eq!(f.year, Some(2021));
    }
}
