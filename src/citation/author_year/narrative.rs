//! Narrative author–year citations, `Smith et al. (2020)`, `Smith and colleagues (2020)`,
//! `张三等(2020)`: searched bracket by bracket, each in a window from a few words before its
//! bracketed year to the closing bracket, which keeps hostile text linear.

use regex_automata::meta;

use crate::text::name_letters;
use crate::text::thread_regex::ThreadRegex;

use super::{ACRONYM, HAN_NAME, LATIN_NAME, YEAR, YEAR_BRACKETS, short};

/// A narrative citation: `Smith et al. (2020)`, `张三等(2020)`, or an organisation's acronym,
/// `the WHO (2021)`. Searched only in the window before each bracketed year
/// ([`narrative_citations`]).
static NARRATIVE: ThreadRegex<meta::Regex> = ThreadRegex::new(|| short(&narrative_pattern()));

/// Compiles [`NARRATIVE`], ahead of the search (see [`crate::text::compile_ahead`]).
pub(super) fn compile_patterns() {
    NARRATIVE.compile();
}

fn narrative_pattern() -> String {
    name_letters(&format!(
        r"(?:(?P<first>{LATIN_NAME}|{HAN_NAME})(?:\s*(?P<etal>et\s+al\.?|等人?|and\s+colleagues|and\s+co-?workers)|\s+(?:&|and)\s+(?P<second>{LATIN_NAME}))?|(?P<acronym>{ACRONYM}))\s*[(（](?P<year>{YEAR})(?:\s*[,，]\s*(?:p|pp)\.?\s*[0-9]+(?:\s*[-–]\s*[0-9]+)?)?[)）]"
    ))
}

/// A character no narrative citation holds before its bracket: one that neither a name,
/// "et al.", 等人, "&" nor white space can contain. Other characters outside ASCII count as
/// name characters, which only widens the window searched.
fn ends_name_run(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphabetic()
            || c.is_ascii_whitespace()
            || matches!(c, '\x0B' | '\'' | '-' | '.' | '&'))
    } else {
        matches!(
            c,
            '（' | '）'
                | '，'
                | '。'
                | '、'
                | '；'
                | '：'
                | '“'
                | '”'
                | '‘'
                | '《'
                | '》'
                | '！'
                | '？'
        )
    }
}

/// The most words (runs of characters between white space) a narrative citation holds
/// before its bracket: a particle and a surname, then "and", a particle and a surname
/// ("van Dijk and de Vries (2020)"), or "et al.", "and colleagues".
const NARRATIVE_WORDS: usize = 5;

/// Where a narrative citation with its bracket at `bracket` starts at the earliest, not
/// before `from`: after the last character no name can hold ([`ends_name_run`]), and at
/// the start of the fifth word back ([`NARRATIVE_WORDS`]) at most. A match may start
/// inside its first word, never before it.
fn name_run_start(region: &str, from: usize, bracket: usize) -> usize {
    let mut words = 0;
    let mut in_word = false;
    let mut earliest = bracket;
    for (at, c) in region[from..bracket].char_indices().rev() {
        if ends_name_run(c) {
            return from + at + c.len_utf8();
        }
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == NARRATIVE_WORDS {
                    return earliest;
                }
            }
        } else {
            in_word = true;
        }
        earliest = from + at;
    }
    from
}

/// Where a narrative citation whose year starts at `from` ends at the latest: just past the
/// first closing bracket, or at the first character that neither the rest of a year nor a
/// page range ("2020a, pp. 12–14") can hold, which no match can reach past. Characters
/// outside ASCII count as page-range characters (Unicode digits and spaces are), which only
/// widens the window searched. Bounding the window so keeps a text of brackets that never
/// close linear.
fn year_tail_end(region: &str, from: usize) -> usize {
    for (at, c) in region[from..].char_indices() {
        let ends_here = match c {
            ')' | '）' => return from + at + c.len_utf8(),
            '（' => true,
            c if c.is_ascii() => {
                !(c.is_ascii_digit()
                    || c.is_ascii_lowercase()
                    || c.is_ascii_whitespace()
                    || matches!(c, '\x0B' | ',' | '.' | '-'))
            }
            _ => false,
        };
        if ends_here {
            return from + at;
        }
    }
    region.len()
}

/// Calls `each` with the narrative citations in `region`, as `captures_iter` of a
/// `regex::Regex` finds them (leftmost first, each from the end of the one before), until
/// it returns false.
///
/// Each match holds one opening bracket, its year's, with at most five words of name
/// characters before it ([`name_run_start`]) and a year and page range after it, up to a
/// closing bracket ([`year_tail_end`]). So the matches are found bracket by bracket, each
/// in that window: a short text, searched without a lazy DFA, whose states a whole body of
/// Unicode-class matching would have had to build.
pub(super) fn narrative_citations(
    region: &str,
    mut each: impl FnMut(&regex_automata::util::captures::Captures) -> bool,
) {
    let narrative = &*NARRATIVE;
    let mut caps = narrative.create_captures();
    let mut searched_to = 0;
    for cue in YEAR_BRACKETS.find_iter(region) {
        let bracket = cue.start();
        if bracket < searched_to {
            continue;
        }
        let run_start = name_run_start(region, searched_to, bracket);
        let window_end = year_tail_end(region, cue.end());
        let input = regex_automata::Input::new(region).span(run_start..window_end);
        narrative.search_captures(&input, &mut caps);
        if let Some(whole) = caps.get_match() {
            searched_to = whole.end();
            if !each(&caps) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn narrative_citations_are_what_the_whole_region_regex_finds() {
        let pieces: Vec<&str> = "Smith| et al. |et al.|van |De |Müller|O’Brien|Li|Jones|张三|王小明|等|等人| and | & | and colleagues |(|)|（|）| |\n|2020|1999a|(2020)|（2019）|, p. 3|, pp. 12–14|, |，|。|; |x|7|the |Smith (|Wang 等（"
            .split('|')
            .collect();
        let mut texts = crate::text::generated_strings(&pieces, 30_000, 14, 0x4a_7e11);
        // Whole narrative citations, up to the five words before the bracket.
        texts.extend(crate::text::generated_shapes(
            &[
                &["", "As shown by ", "x, ", "Earlier work by  ", "研究显示"],
                &["", "", "van ", "De "],
                &["Smith", "Müller", "Dijk", "Li", "张三", "smith"],
                &[
                    "",
                    " et al. ",
                    " and ",
                    " & ",
                    " and colleagues ",
                    "等",
                    "等人",
                    "  and   ",
                ],
                &["", "", "de ", "van "],
                &["", "Vries", "Jones", "O’Brien", "王五"],
                &["", " ", "\n"],
                &["(", "（", "["],
                &[
                    "2020",
                    "1999a",
                    "2021, pp. 3–4",
                    "2020, p. 12",
                    "2020 x",
                    "20",
                ],
                &[")", "）", "", ") (2021)", " (2019)"],
            ],
            20_000,
            0x5_0a1,
        ));
        use crate::text::thread_regex::{GroupSpans, automata_group_spans, regex_group_spans};
        let whole_region = Regex::new(&narrative_pattern()).expect("pattern compiles");
        let mut matches = 0;
        for text in &texts {
            let expected = regex_group_spans(&whole_region, text);
            let mut found: GroupSpans = Vec::new();
            narrative_citations(text, |c| {
                found.push(automata_group_spans(c));
                true
            });
            assert_eq!(found, expected, "{text:?}");
            matches += expected.len();
        }
        assert!(matches > 2_000, "{matches}");
    }
}
