//! The author list at the head of an entry: where it ends (a full stop not followed by
//! another initial or name, "et al,", a BMC-style colon) and how it splits into names, with
//! APA initials joined to their surnames.

use crate::text::white_space::FastTrim;
use crate::text::{Literal, find_any, is_han};

/// The lower-case particles of surnames: "von Wyl", "van der Berg", "De Napoli".
const NAME_PARTICLES: [&str; 11] = [
    "von", "van", "de", "der", "den", "da", "del", "di", "du", "le", "la",
];

/// An author list: names, initials, commas and conjunctions, few lower-case words.
pub(super) fn looks_like_author_block(text: &str) -> bool {
    match lowercase_words_up_to_two(text) {
        0 => true,
        1 => !text.contains(". "),
        _ => false,
    }
}

/// The words of `text` (split at white space) that open with a lower-case letter and are
/// no particle or conjunction ("and", "et al.", "van"), counted up to two.
///
/// An entry's text is squashed ASCII: its words are found eight bytes at a time, and a
/// word is read whole only when it opens with a lower-case letter (most words of an author
/// list are names and initials). Other text is split at its white space.
fn lowercase_words_up_to_two(text: &str) -> usize {
    let bytes = text.as_bytes();
    let spaces_only = text.is_ascii()
        && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
        && memchr::memchr2(0x0B, 0x0C, bytes).is_none();
    if !spaces_only {
        return text
            .split_whitespace()
            .filter(|word| is_lowercase_word(word))
            .take(2)
            .count();
    }
    let mut count = 0;
    each_lowercase_word_start(bytes, |start| {
        let end = memchr::memchr(b' ', &bytes[start..]).map_or(bytes.len(), |len| start + len);
        count += usize::from(is_lowercase_word(&text[start..end]));
        count < 2
    });
    count
}

/// Calls `each(start)` for every word of `bytes` (ASCII, its only white space the space)
/// that opens with a lower-case letter, in order, until it returns false. Eight bytes at a
/// time: a byte opens such a word when it is a lower-case letter and the byte before it a
/// space (or it is the first), told by carry-free arithmetic on each byte of a word,
/// which no ASCII byte can carry out of.
fn each_lowercase_word_start(bytes: &[u8], mut each: impl FnMut(usize) -> bool) {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // A byte's high bit: it is at least `a` (added to 0x80 or more) and not past `z`.
    let lower = |w: u64| {
        let from_a = w.wrapping_add(ONES * u64::from(0x80 - b'a'));
        let past_z = w.wrapping_add(ONES * u64::from(0x80 - b'z' - 1));
        from_a & !past_z & HIGH
    };
    // A byte's high bit: it is the space (its seven low bits and its high bit all clear
    // once the space's bits are flipped).
    let space = |w: u64| {
        let flipped = w ^ (ONES * u64::from(b' '));
        !(((flipped & !HIGH).wrapping_add(!HIGH)) | flipped) & HIGH
    };
    // The first byte opens a word as if a space stood before it.
    let mut space_before_first = 0x80;
    for (chunk_index, chunk) in bytes.chunks(8).enumerate() {
        let mut eight = [0u8; 8];
        eight[..chunk.len()].copy_from_slice(chunk);
        let w = u64::from_le_bytes(eight);
        let spaces = space(w);
        let mut starts = lower(w) & ((spaces << 8) | space_before_first);
        space_before_first = spaces >> 56;
        while starts != 0 {
            let at = chunk_index * 8 + (starts.trailing_zeros() / 8) as usize;
            if !each(at) {
                return;
            }
            starts &= starts - 1;
        }
    }
}

/// Whether `word` opens with a lower-case letter and is no particle or conjunction.
fn is_lowercase_word(word: &str) -> bool {
    const PARTICLES: [&str; 14] = [
        "and", "et", "al", "al.", "van", "de", "der", "den", "von", "da", "del", "la", "le", "du",
    ];
    word.chars().next().is_some_and(char::is_lowercase)
        && !PARTICLES.contains(&word.trim_end_matches([',', '.']))
}

/// Whether `text` opens with a name: its first item (up to a comma, colon, semicolon or
/// "and") is one to four capitalised words ("Robinson AR", "AM Trinkoff", "The
/// International Study Group"), or one word before a comma ("SCHELLEKENS, Gerard A.").
pub(super) fn opens_with_a_name(text: &str) -> bool {
    let end = text.find([',', ':', ';']).unwrap_or(text.len());
    let first = text[..end].split(" and ").next().unwrap_or_default();
    let first = first.split(" & ").next().unwrap_or_default();
    let words: Vec<&str> = first.split_whitespace().collect();
    let capitalised = |word: &&str| word.chars().next().is_some_and(char::is_uppercase);
    (1..=4).contains(&words.len())
        && words.iter().all(capitalised)
        && (words.len() > 1 || text[end..].starts_with(','))
}

/// Where the author block ends: the byte offset of its end and where the rest resumes.
/// The block ends at the first full stop (or BMC-style colon) not followed by another
/// initial, surname or conjunction.
pub(super) fn author_block_end(text: &str) -> Option<(usize, usize)> {
    // "Wood CR et al, Title": the list closes with "et al," before any full stop.
    static ET_AL_COMMA: Literal = Literal::new(" et al, ");
    if let Some(etal) = ET_AL_COMMA.find(text)
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
        // "Hashimoto, K. and M. Kano, Functional …": the last name of a list whose names
        // come after their initials ends the list at its comma.
        if bmc.is_none_or(|colon| colon > dot)
            && let Some(comma) =
                surname_after_leading_initials(&text[..dot], &text[dot + dot_len..])
        {
            let end = dot + dot_len + comma;
            return Some((end, end + 1));
        }
        // "Mason EO, Jr., Baker CJ.": a suffix and a comma go on to the next name.
        let suffix_then_more = comma_break && ends_with_name_suffix(&text[..dot], false);
        if is_break
            && !suffix_then_more
            && !continues_authors(&text[..dot], after.fast_trim_start())
        {
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

/// The last author item of `before` when it is initials that open a name: "S. Biswas, S",
/// "Hashimoto, K. and M", "R.R"; not APA's "Pop, M", whose initials follow a surname and
/// its comma, nor Vancouver's "Smith J". Called at every full stop of an author list, so
/// it looks back only over the initials and the separator before them.
fn leading_initials_item(before: &str) -> Option<&str> {
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while start > 0 && matches!(bytes[start - 1], b'A'..=b'Z' | b'.' | b'-' | b' ') {
        start -= 1;
    }
    let item = before[start..].fast_trim_start();
    if item.is_empty() || !is_initials(item) {
        return None;
    }
    let head = &before[..start];
    if head.is_empty() || head.ends_with('&') || head.ends_with(" and") {
        return Some(item);
    }
    let previous_text = head.strip_suffix(',')?;
    // After a comma, the item before must be a whole name ending in its surname.
    let previous_start = [", ", " and ", " & "]
        .iter()
        .filter_map(|separator| {
            previous_text
                .rfind(separator)
                .map(|at| at + separator.len())
        })
        .max()
        .unwrap_or(0);
    let mut words = previous_text[previous_start..].split_whitespace();
    let last = words.next_back()?;
    (words.next().is_some() && !is_initials(last.trim_end_matches('.'))).then_some(item)
}

/// In a list whose names follow their initials ("S. Biswas, S. Bhattacharyya and A.
/// Agarwal, Title", "R.R. Zope, Title"): when `before` (the text up to a full stop) ends an
/// author item made of initials alone, and `after` opens with a surname ("Agarwal", "De
/// Napoli et al.") and a comma before a capitalised word that is not an initial, the
/// offset of that comma in `after`: the author list ends there. "Smith J. Diabetes,
/// Obesity …" does not: its initials follow a surname.
fn surname_after_leading_initials(before: &str, after: &str) -> Option<usize> {
    let item = leading_initials_item(before)?;
    let item_start = before.len() - item.len();
    let comma = after.find(',')?;
    let name = after[..comma].fast_trim();
    let name = name
        .strip_suffix(" et al.")
        .or_else(|| name.strip_suffix(" et al"))
        .unwrap_or(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    let surname_word = |word: &&str| {
        NAME_PARTICLES.contains(word)
            || (word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’')))
    };
    let title_word = after[comma + 1..].split_whitespace().next()?;
    let title_opens = title_word.chars().next().is_some_and(char::is_uppercase)
        && !is_initials(title_word.trim_end_matches([',', '.']))
        && !continues_authors(&before[..item_start], title_word);
    ((1..=3).contains(&words.len())
        && words.iter().all(surname_word)
        && words.last().is_some_and(|w| !NAME_PARTICLES.contains(w))
        && title_opens)
        .then_some(comma)
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
    if NAME_PARTICLES.contains(&next) {
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
        // "S. Bhattacharyya and A. Agarwal": a surname after its initials, then the next
        // name ("Bjelle A. Mycoplasma and …" is a title: its initial follows a surname).
        if matches!(following, "and" | "&")
            && next.chars().next().is_some_and(char::is_uppercase)
            && leading_initials_item(before).is_some()
        {
            return true;
        }
        // "Jones P. Smith AB. Title", "Breinich M S., Ferguson D JP, …": the next name's
        // initials close with a stop or a comma. A bare capital after a word opens a
        // title: "Brown K. Vitamin D and mortality …", "Smith J. Phase I trial of …".
        return following.trim_end_matches([',', '.']).chars().count() <= 2
            && initials_close_a_name(std::iter::once(following).chain(words))
            && next.chars().next().is_some_and(char::is_uppercase);
    }
    false
}

/// Whether `words` open with a run of initials ("D", "JP,") whose last closes with a comma
/// or a full stop, as the initials ending a name do; "D and mortality" does not.
fn initials_close_a_name<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    for word in words {
        let bare = word.trim_end_matches([',', '.']);
        let initials = (1..=3).contains(&bare.chars().count())
            && bare
                .chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '-'));
        if !initials {
            return false;
        }
        if word.ends_with([',', '.']) {
            return true;
        }
    }
    false
}

/// Whether a byte may open an [`author_items`] separator: ',', '&', ';', the space of
/// " and " and " et ", and the lead bytes of '，' and '；' (0xEF) and '、' (0xE3). A name's
/// letters are passed over by one load each.
const OPENS_A_SEPARATOR: [bool; 256] = {
    let mut opens = [false; 256];
    let mut at = 0;
    let leads = [b',', b'&', b';', b' ', 0xEF, 0xE3];
    while at < leads.len() {
        opens[leads[at] as usize] = true;
        at += 1;
    }
    opens
};

/// The items of an author block between its separators: commas, "&", " and ", " et ",
/// semicolons and the Chinese comma, enumeration comma and semicolon. Each item is a slice
/// of `block`, untrimmed.
fn author_items(block: &str) -> impl Iterator<Item = &str> {
    let bytes = block.as_bytes();
    let mut start = 0;
    let mut at = 0;
    std::iter::from_fn(move || {
        if start > bytes.len() {
            return None;
        }
        while at < bytes.len() {
            if !OPENS_A_SEPARATOR[usize::from(bytes[at])] {
                at += 1;
                continue;
            }
            let rest = &bytes[at..];
            let separator = match rest[0] {
                b',' | b'&' | b';' => 1,
                b' ' if rest.starts_with(b" and ") => 5,
                b' ' if rest.starts_with(b" et ") => 4,
                // '，' and '；' open with 0xEF, '、' with 0xE3: lead bytes, so never inside
                // another character.
                0xEF if rest.starts_with("，".as_bytes()) || rest.starts_with("；".as_bytes()) => {
                    3
                }
                0xE3 if rest.starts_with("、".as_bytes()) => 3,
                _ => 0,
            };
            if separator > 0 {
                let item = &block[start..at];
                at += separator;
                start = at;
                return Some(item);
            }
            at += 1;
        }
        let item = &block[start..];
        start = bytes.len() + 1;
        Some(item)
    })
}

/// The bytes a name is given beyond its surname for initials joined to it: " J. A.".
const INITIALS_ROOM: usize = 8;

/// Splits an author block into names, joining APA initials to their surnames.
pub fn split_authors(block: &str) -> Vec<String> {
    let block = block.fast_trim().trim_end_matches(['.', ',', ':']);
    if block.is_empty() {
        return Vec::new();
    }
    if let Some(organisation) = one_organisation(block) {
        return vec![organisation.to_owned()];
    }
    let mut names: Vec<String> = Vec::new();
    for item in author_items(block) {
        let item = item.fast_trim().trim_end_matches('.');
        let opens_et_al = item
            .get(..5)
            .is_some_and(|head| head.eq_ignore_ascii_case("et al"));
        if item.is_empty() || opens_et_al || item == "等" || item.eq_ignore_ascii_case("al") {
            continue;
        }
        let item = item.trim_end_matches('等').fast_trim();
        // Initials after a name that does not yet end with its own initials are that
        // name's ("Smith, J. A." is one name). Asked only of initials: most items are not.
        if is_initials(item)
            && let Some(last) = names.last_mut()
            && !ends_with_initials(last)
        {
            last.push(' ');
            last.push_str(item);
            continue;
        }
        // Room for initials that may follow as an item of their own ("Smith, J. A.").
        let mut name = String::with_capacity(item.len() + INITIALS_ROOM);
        name.push_str(item);
        names.push(name);
    }
    names.retain(|n| n.chars().any(char::is_alphabetic));
    names
}

/// The organisation `block` names when its name holds "and" ("Centers for Disease Control
/// and Prevention", "Department of Health and Human Services, 2020", "Food and Drug
/// Administration"): capitalised words and a small word besides "and", or a word naming a
/// body, that no list of personal names holds ("Kingma and Ba" is two authors), with no
/// list punctuation before the year, if the block holds it.
fn one_organisation(block: &str) -> Option<&str> {
    const SMALL_WORDS: [&str; 5] = ["of", "for", "the", "on", "in"];
    const BODIES: [&str; 14] = [
        "Administration",
        "Agency",
        "Association",
        "Authority",
        "Board",
        "Commission",
        "Committee",
        "Council",
        "Department",
        "Foundation",
        "Institute",
        "Ministry",
        "Organization",
        "Organisation",
    ];
    let (name, rest) = block
        .find([',', '('])
        .map_or((block, ""), |at| (&block[..at], &block[at..]));
    if rest.chars().any(char::is_alphabetic)
        || name.contains([';', '&', '，', '、', '；'])
        || !name.contains(" and ")
    {
        return None;
    }
    let mut small_word = false;
    let mut body = false;
    let all_name_words = name.split_whitespace().all(|word| {
        let small = SMALL_WORDS.contains(&word);
        small_word |= small;
        body |= BODIES.contains(&word);
        small || word == "and" || word.starts_with(char::is_uppercase)
    });
    (all_name_words && (small_word || body)).then_some(name.fast_trim())
}

/// Whether `name` is more than one word and its last word is initials.
fn ends_with_initials(name: &str) -> bool {
    let mut words = name.split_whitespace();
    matches!((words.next_back(), words.next_back()), (Some(last), Some(_)) if is_initials(last))
}

/// BMC style "Smith AB, Jones CD: Title": the author block ends at the first colon when
/// no digit comes before it and its last word is a run of capital initials. Returns the
/// end of those initials.
fn bmc_author_block_end(text: &str) -> Option<usize> {
    let colon = memchr::memchr(b':', text.as_bytes())?;
    if !text[colon + 1..].starts_with(char::is_whitespace) {
        return None;
    }
    let before = &text[..colon];
    if before.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let end = before.fast_trim_end().len();
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
    let colon = memchr::memchr(b':', text.as_bytes())?;
    if !text[colon + 1..].starts_with(char::is_whitespace) {
        return None;
    }
    let before = text[..colon].fast_trim_end();
    if before.bytes().any(|b| b.is_ascii_digit()) || !(3..=400).contains(&before.chars().count()) {
        return None;
    }
    let closing_word = before.rsplit([' ', ',']).next().unwrap_or("");
    let closes_with_et_al = matches!(closing_word, "al" | "al.")
        && before[..before.len() - closing_word.len()]
            .fast_trim_end()
            .ends_with(" et");
    (closes_with_et_al || ends_with_name_suffix(before, true)).then_some(before.len())
}

/// One to four capital initials, each with an optional full stop, white space and hyphen
/// after it: "J", "J.A.", "J-P", "A. B.".
pub(super) fn is_initials(text: &str) -> bool {
    // Most items asked are names: a capital then a lower-case letter ends it at once.
    if let [first, second, ..] = text.as_bytes()
        && (!first.is_ascii_uppercase() || second.is_ascii_lowercase())
    {
        return false;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::bibliography::fields::re;

    /// The initials and BMC-style author-list scanners agree with the regular expressions
    /// they replace.
    #[test]
    fn initials_and_colon_closed_lists_match_their_regex_specification() {
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
            let expected = bmc.captures(sample).map(|c| c.get(1).unwrap().end());
            assert_eq!(bmc_author_block_end(sample), expected, "bmc in {sample:?}");
        }
    }

    /// The author splitter reads the same names as the one it replaced, which turned the
    /// separators into commas in a copy of the block, split the copy at its commas, and
    /// asked of every item whether the name before it ended with initials.
    #[test]
    fn names_split_as_the_comma_normalising_splitter_split_them() {
        fn specification(block: &str) -> Vec<String> {
            let block = block.trim().trim_end_matches(['.', ',', ':']);
            if block.is_empty() {
                return Vec::new();
            }
            let mut normalised = String::new();
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
                    Some(r) => normalised.push_str(r),
                    None => normalised.push(c),
                }
                rest = &rest[skip..];
            }
            let mut names: Vec<String> = Vec::new();
            for part in normalised.split(',') {
                let part = part.trim().trim_end_matches('.');
                let opens_et_al = part
                    .get(..5)
                    .is_some_and(|head| head.eq_ignore_ascii_case("et al"));
                if part.is_empty() || opens_et_al || part == "等" || part.eq_ignore_ascii_case("al")
                {
                    continue;
                }
                let part = part.trim_end_matches('等').trim();
                let part_is_initials =
                    is_initials(part) && part.chars().filter(|c| c.is_alphabetic()).count() <= 4;
                let words = |n: &String| n.split_whitespace().count();
                let last_has_initials = names
                    .last()
                    .and_then(|n| n.split_whitespace().last())
                    .is_some_and(|w| is_initials(w) && names.last().map_or(0, words) > 1);
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
        let pieces = [
            "Smith", "Jones", "J.", "A. B.", "J-P", "-A.", "AB", " ", ", ", ",", " and ", " et ",
            "et al", "et al.", " & ", "&", ";", "；", "，", "、", "等", "等等", "al", ".", ":",
            "van", "Wang Wei", "王", "CD", "Jr", "\u{3000}", "é",
        ];
        let texts = crate::text::generated_strings(&pieces, 30_000, 14, 0x5a_17);
        let mut joined = 0;
        for text in &texts {
            let names = split_authors(text);
            assert_eq!(names, specification(text), "{text:?}");
            joined += names.iter().filter(|n| n.contains(". ")).count();
        }
        assert!(
            joined > 1_000,
            "only {joined} names joined to their initials"
        );
    }

    #[test]
    fn an_organisation_whose_name_holds_and_is_one_author() {
        assert_eq!(
            split_authors("Centers for Disease Control and Prevention"),
            ["Centers for Disease Control and Prevention"]
        );
        assert_eq!(
            split_authors("Department of Health and Human Services."),
            ["Department of Health and Human Services"]
        );
        assert_eq!(
            split_authors("Centers for Disease Control and Prevention, 2020"),
            ["Centers for Disease Control and Prevention"]
        );
        assert_eq!(
            split_authors("Food and Drug Administration"),
            ["Food and Drug Administration"]
        );
        assert_eq!(split_authors("Kingma and Ba"), ["Kingma", "Ba"]);
        assert_eq!(
            split_authors("Smith of Jones, and Brown"),
            ["Smith of Jones", "Brown"]
        );
    }

    /// The author-block test agrees with the one it replaced, which split the text at its
    /// white space and counted the lower-case words in full.
    #[test]
    fn author_blocks_are_told_as_the_word_splitting_test_told_them() {
        fn specification(text: &str) -> bool {
            const PARTICLES: [&str; 14] = [
                "and", "et", "al", "al.", "van", "de", "der", "den", "von", "da", "del", "la",
                "le", "du",
            ];
            let lowercase_words = text
                .split_whitespace()
                .filter(|w| {
                    w.chars().next().is_some_and(char::is_lowercase)
                        && !PARTICLES.contains(&w.trim_end_matches([',', '.']))
                })
                .take(2)
                .count();
            lowercase_words <= 1 && !text.contains(". ") || lowercase_words == 0
        }
        let pieces = [
            "Smith", "J.", "A. B.", " ", ", ", ". ", "and", "et", "al.", "al,", "van", "der", "of",
            "the", "ölund", "Ölund", "éa", "\u{a0}", "\u{3000}", "\t", "\n", "\u{b}", "\r", "王",
            "x", ".", "z", "`", "{",
        ];
        let texts = crate::text::generated_strings(&pieces, 30_000, 12, 0x0b_10c);
        let mut blocks = 0;
        for text in &texts {
            let expected = specification(text);
            assert_eq!(looks_like_author_block(text), expected, "{text:?}");
            blocks += usize::from(expected);
        }
        assert!(blocks > 3_000 && blocks < 27_000, "{blocks} author blocks");
    }
}
