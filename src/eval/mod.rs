//! `citelint eval`: measures citelint against labelled corpora that live outside the
//! repository (../shared/corpora): reference-field accuracy on flattened reference strings
//! and GB/T 7714 pairs, design-classification precision and coverage on MEDLINE records
//! with publication types, (in `bibliographies`) how reference sections split into
//! entries, and (in `claims`) what the whole check says of real claim sentences.

/// `println!` that ends quietly when stdout's reader has gone (`… | head`).
macro_rules! say {
    ($($arg:tt)*) => {
        crate::report::print(&format!("{}\n", format_args!($($arg)*)))
    };
}

mod bibliographies;
mod claims;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::Value;

use crate::bibliography::fields::parse_fields;
use crate::bibliography::surname;
use crate::evidence::STRONG;
use crate::evidence::reference::classify_reference;
use crate::model::{Design, Reference};
use crate::source::Span;
use crate::text::fold::fold_for_compare;

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Corpus {
    /// `*.flat.jsonl` (AnyStyle, GROBID) and `gbt7714-*.pairs.jsonl` reference strings.
    References,
    /// `*.pubtypes.tsv` MEDLINE records with publication types.
    Pubtypes,
    /// `*.tei.xml` reference sections with gold entries (GROBID's reference segmenter).
    Bibliographies,
    /// `*_claims.jsonl` claim sentences with the metadata of each work they cite.
    Claims,
}

pub fn run(corpus: Corpus, paths: &[PathBuf]) -> ExitCode {
    let result = match corpus {
        Corpus::References => paths.iter().try_for_each(|p| eval_references(p)),
        Corpus::Pubtypes => paths.iter().try_for_each(|p| eval_pubtypes(p)),
        Corpus::Bibliographies => eval_bibliographies(paths),
        Corpus::Claims => match crate::rules::load::load_default() {
            Ok(rules) => paths
                .iter()
                .try_for_each(|p| claims::eval_claims(p, &rules)),
            Err(error) => Err(format!("the default rules: {error}")),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("citelint eval: {message}");
            ExitCode::from(2)
        }
    }
}

fn eval_bibliographies(paths: &[PathBuf]) -> Result<(), String> {
    let mut score = bibliographies::SplitScore::default();
    for path in paths {
        score.add_file(path, &read(path)?)?;
    }
    say!("{}", score.report());
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The JSON objects of a JSONL corpus `text` read from `path`, each with its line number
/// (blank lines skipped); a line that does not parse ends the reading with its place.
fn json_lines<'a, T: serde::de::DeserializeOwned>(
    path: &'a Path,
    text: &'a str,
) -> impl Iterator<Item = Result<(usize, T), String>> + 'a {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(move |(n, line)| {
            serde_json::from_str(line)
                .map(|value| (n + 1, value))
                .map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))
        })
}

/// Gold fields of one corpus line.
struct Gold {
    raw: String,
    title: Option<String>,
    year: Option<u16>,
    /// The journal's name.
    container: Option<String>,
    volume: Option<String>,
    pages: Option<String>,
    /// The author list as the corpus writes it, whole.
    authors: Option<String>,
}

fn first_string(fields: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match fields.get(k) {
        Some(Value::Array(values)) => values.first().and_then(Value::as_str).map(str::to_owned),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    })
}

fn year_in(text: &str) -> Option<u16> {
    let digits: Vec<char> = text.chars().collect();
    digits.windows(4).find_map(|w| {
        let s: String = w.iter().collect();
        s.parse::<u16>().ok().filter(|y| (1800..=2099).contains(y))
    })
}

fn gold_of(line: &Value) -> Option<Gold> {
    if let Some(raw) = line.get("raw").and_then(Value::as_str) {
        let fields = line.get("fields")?;
        return Some(Gold {
            raw: raw.to_owned(),
            title: first_string(fields, &["title", "title.a"]),
            year: first_string(fields, &["date"]).and_then(|d| year_in(&d)),
            container: first_string(fields, &["title.j", "journal"]),
            volume: first_string(fields, &["biblScope.vol", "biblScope.volume", "volume"]),
            pages: first_string(fields, &["biblScope.pp", "biblScope.page", "pages"]),
            authors: first_string(fields, &["author"]),
        });
    }
    let raw = line.get("reference").and_then(Value::as_str)?;
    let bib = line.get("bib")?;
    let text = |key: &str| {
        bib.get(key)
            .and_then(Value::as_str)
            .map(|t| t.replace(['{', '}'], ""))
    };
    Some(Gold {
        raw: raw.to_owned(),
        title: text("title"),
        year: bib.get("year").and_then(Value::as_str).and_then(year_in),
        container: text("journal"),
        volume: text("volume"),
        pages: text("pages"),
        authors: text("author"),
    })
}

/// A folded gold journal name, compared as it is.
fn gold_journal(value: String) -> String {
    value
}

/// A folded gold volume as the parser writes it: its first number. AnyStyle's gold tags
/// "38(5)" as the volume, and some gold writes "vol. 38".
fn gold_volume(value: String) -> String {
    let value = value.strip_prefix("vol ").unwrap_or(&value);
    value.split(' ').next().unwrap_or_default().to_owned()
}

/// Folded gold pages as the parser writes them: without AnyStyle's "p" or "pp".
fn gold_pages(value: String) -> String {
    value
        .strip_prefix("pp ")
        .or_else(|| value.strip_prefix("p "))
        .map_or(value.clone(), str::to_owned)
}

/// Whether `surname` is the first author's in the gold author list `gold` (both folded):
/// its words stand in the list's first name, whichever way round the corpus writes names
/// ("Bergk, V., Haefeli, W. E.", "AM Trinkoff, JA Lipscomb", "M. MOMENTEAU et B. LOOCK").
fn opens_author_list(gold: &str, surname: &str) -> bool {
    let surname = fold_for_compare(surname);
    if surname.is_empty() {
        return false;
    }
    // The first name of the gold list: up to its first comma, semicolon or conjunction
    // ("AM Trinkoff", "Reason", "王明"), or the first two names when the surname and
    // its initials are split by a comma ("Bergk, V.").
    let first_name = |separators: &[&str]| {
        let end = separators
            .iter()
            .filter_map(|s| gold.find(s))
            .min()
            .unwrap_or(gold.len());
        fold_for_compare(&gold[..end])
    };
    let surname_words: Vec<&str> = surname.split(' ').collect();
    let contains = |name: String| {
        let name_words: Vec<&str> = name.split(' ').collect();
        name_words
            .windows(surname_words.len())
            .any(|window| window == surname_words.as_slice())
    };
    contains(first_name(&[",", ";", " and ", " & ", " et ", ":"]))
        || contains(first_name(&[";", " and ", " & ", " et "]))
        || fold_for_compare(gold).starts_with(&surname)
}

#[derive(Default)]
struct FieldScore {
    gold: usize,
    predicted: usize,
    correct: usize,
}

impl FieldScore {
    /// Scores an exact match of `predicted` against `gold`.
    fn add(&mut self, gold: Option<&str>, predicted: Option<&str>) {
        let correct = matches!((gold, predicted), (Some(g), Some(p)) if g == p);
        self.record(gold.is_some(), predicted.is_some(), correct);
    }

    /// Scores one item: whether there is a gold value and a prediction, and whether they
    /// agree.
    fn record(&mut self, gold: bool, predicted: bool, correct: bool) {
        self.gold += usize::from(gold);
        self.predicted += usize::from(predicted);
        self.correct += usize::from(correct);
    }

    fn line(&self, name: &str) -> String {
        let precision = ratio(self.correct, self.predicted);
        let recall = ratio(self.correct, self.gold);
        let f1 = f1(precision, recall);
        format!(
            "  {name:<6} accuracy {:.3} (exact match on {} gold)  precision {precision:.3}  recall {recall:.3}  F1 {f1:.3}",
            recall, self.gold
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The harmonic mean of `precision` and `recall` (0 when both are).
fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Whether to print every disagreement or each file's counts (`CITELINT_EVAL_VERBOSE`).
fn verbose() -> bool {
    std::env::var_os("CITELINT_EVAL_VERBOSE").is_some()
}

fn eval_references(path: &Path) -> Result<(), String> {
    let text = read(path)?;
    let mut title = FieldScore::default();
    let mut year = FieldScore::default();
    let mut container = FieldScore::default();
    let mut volume = FieldScore::default();
    let mut pages = FieldScore::default();
    // The first author's surname, at the head of the gold author list.
    let mut first_author = FieldScore::default();
    let mut items = 0;
    for line in json_lines::<Value>(path, &text) {
        let (_, value) = line?;
        let Some(gold) = gold_of(&value) else {
            continue;
        };
        items += 1;
        let raw = strip_leading_number(&gold.raw);
        let parsed = parse_fields(raw);
        let gold_title = gold
            .title
            .as_deref()
            .map(fold_for_compare)
            .filter(|t| !t.is_empty());
        let predicted_title = parsed.title.as_deref().map(fold_for_compare);
        title.add(gold_title.as_deref(), predicted_title.as_deref());
        if verbose() && gold_title.is_some() && gold_title != predicted_title {
            eprintln!(
                "TITLE {:?} | got {:?} | {raw}",
                gold.title.as_deref().unwrap_or(""),
                parsed.title.as_deref().unwrap_or("")
            );
        }
        let gold_year = gold.year.map(|y| y.to_string());
        let predicted_year = parsed.year.map(|y| y.to_string());
        year.add(gold_year.as_deref(), predicted_year.as_deref());
        let folded = |text: &Option<String>| {
            text.as_deref()
                .map(fold_for_compare)
                .filter(|t| !t.is_empty())
        };
        let fields = [
            (
                "JOURNAL",
                &mut container,
                &gold.container,
                &parsed.container,
                gold_journal as fn(String) -> String,
            ),
            (
                "VOLUME",
                &mut volume,
                &gold.volume,
                &parsed.volume,
                gold_volume,
            ),
            ("PAGES", &mut pages, &gold.pages, &parsed.pages, gold_pages),
        ];
        for (name, score, gold_value, predicted, normalise) in fields {
            let gold_value = folded(gold_value).map(normalise);
            let predicted_value = folded(predicted);
            score.add(gold_value.as_deref(), predicted_value.as_deref());
            if verbose() && gold_value.is_some() && gold_value != predicted_value {
                eprintln!(
                    "{name} {:?} | got {:?} | {raw}",
                    gold_value.unwrap_or_default(),
                    predicted_value.unwrap_or_default()
                );
            }
        }
        if let Some(gold_authors) = gold.authors.as_deref().filter(|a| !a.trim().is_empty()) {
            let predicted = parsed.authors.first().map(|a| surname(a));
            let agrees = predicted.is_some_and(|s| opens_author_list(gold_authors, s));
            first_author.record(true, predicted.is_some(), agrees);
            if verbose() && !agrees {
                eprintln!(
                    "AUTHOR {gold_authors:?} | got {:?} | {raw}",
                    predicted.unwrap_or_default()
                );
            }
        }
    }
    say!("{} ({items} references)", path.display());
    say!("{}", title.line("title"));
    say!("{}", year.line("year"));
    say!("{}", container.line("journal"));
    say!("{}", volume.line("volume"));
    say!("{}", pages.line("pages"));
    say!("{}", first_author.line("author"));
    Ok(())
}

/// AnyStyle strings keep their list numbers ("33 Bergk, V. …"); the bibliography splitter
/// removes those before field parsing, so eval does too.
fn strip_leading_number(raw: &str) -> &str {
    let trimmed = raw.trim_start();
    // "12. ", "12 ", "[12] ", "(12) ", "[12]. ": the label a reference list would carry.
    let (open, close) = match trimmed.chars().next() {
        Some('[') => (1, Some(']')),
        Some('(') => (1, Some(')')),
        _ => (0, None),
    };
    let digits = trimmed[open..]
        .chars()
        .take_while(char::is_ascii_digit)
        .count();
    if digits > 0 && digits <= 3 {
        let mut rest = &trimmed[open + digits..];
        if let Some(close) = close {
            let Some(after) = rest.strip_prefix(close) else {
                return trimmed;
            };
            rest = after;
        }
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        if rest.starts_with(' ') {
            return rest.trim_start();
        }
    }
    trimmed
}

/// Whether MEDLINE's labels agree with a predicted design.
fn labelled_as(
    design: Design,
    pubtypes: &str,
    animals: bool,
    humans: bool,
    in_vitro: bool,
) -> Option<bool> {
    let has = |t: &str| pubtypes.split('|').any(|p| p == t);
    let any_trial = pubtypes.split('|').any(|p| {
        p.starts_with("Clinical Trial")
            || p == "Randomized Controlled Trial"
            || p == "Controlled Clinical Trial"
    });
    Some(match design {
        Design::Rct => has("Randomized Controlled Trial"),
        Design::ClinicalTrial => any_trial,
        Design::MetaAnalysis => has("Meta-Analysis"),
        Design::SystematicReview => {
            has("Systematic Review") || has("Meta-Analysis") || has("Review")
        }
        // Not a primary study: reviews and the opinion pieces MEDLINE types separately.
        Design::Review => [
            "Review",
            "Systematic Review",
            "Comment",
            "Editorial",
            "Letter",
            "News",
        ]
        .iter()
        .any(|t| has(t)),
        Design::CaseReport => has("Case Reports"),
        Design::Animal => animals,
        Design::InVitro => in_vitro,
        Design::HumanStudy => humans,
        Design::Observational => has("Observational Study") || has("Comparative Study") || humans,
        Design::Guideline => {
            has("Guideline") || has("Practice Guideline") || has("Consensus Development Conference")
        }
        Design::Statistics | Design::Unknown => return None,
    })
}

#[derive(Default)]
struct DesignScore {
    predicted: usize,
    correct: usize,
}

fn eval_pubtypes(path: &Path) -> Result<(), String> {
    let text = read(path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().ok_or("empty file")?.split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(format!("{}: no column {name}", path.display()))
    };
    let (title_col, journal_col, types_col) = (
        column("title")?,
        header
            .iter()
            .position(|h| *h == "journal_abbr" || *h == "journal_iso")
            .ok_or("no journal column")?,
        column("publication_types")?,
    );
    let (animals_col, humans_col, vitro_col) = (
        column("mesh_animals")?,
        column("mesh_humans")?,
        column("mesh_in_vitro")?,
    );
    // Records not yet indexed carry no MeSH and only "Journal Article": their labels say
    // nothing, so they are left out when the file has a MeSH column.
    let mesh_col = header.iter().position(|h| *h == "mesh_headings");
    let mut unindexed = 0usize;
    let lexicon_rules = crate::rules::load::load_default().map_err(|e| e.to_string())?;
    let mut high: BTreeMap<Design, DesignScore> = BTreeMap::new();
    let mut low: BTreeMap<Design, DesignScore> = BTreeMap::new();
    let mut total = 0usize;
    let mut covered = 0usize;
    let mut phase_predicted = 0usize;
    let mut phase_correct = 0usize;
    let verbose = verbose();
    for row in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = row.split('\t').collect();
        let get = |i: usize| cells.get(i).copied().unwrap_or("");
        if mesh_col.is_some_and(|c| get(c).trim().is_empty()) {
            unindexed += 1;
            continue;
        }
        total += 1;
        let mut reference = Reference::new(
            String::new(),
            get(title_col).to_owned(),
            Span::default(),
            Span::default(),
        );
        reference.title = Some(get(title_col).trim().to_owned());
        reference.container = Some(get(journal_col).to_owned());
        classify_reference(&mut reference, &lexicon_rules.lexicon);
        if reference.design == Design::Unknown {
            continue;
        }
        covered += 1;
        let flag = |i: usize| get(i).eq_ignore_ascii_case("true");
        let Some(agrees) = labelled_as(
            reference.design,
            get(types_col),
            flag(animals_col),
            flag(humans_col),
            flag(vitro_col),
        ) else {
            continue;
        };
        let bucket = if reference.confidence >= STRONG {
            &mut high
        } else {
            &mut low
        };
        let score = bucket.entry(reference.design).or_default();
        score.predicted += 1;
        score.correct += usize::from(agrees);
        if verbose && !agrees {
            eprintln!(
                "MISS {} {:.1} [{}] {} | {}",
                reference.design,
                reference.confidence,
                reference.evidence.join("; "),
                get(title_col),
                get(types_col)
            );
        }
        if let Some(phase) = reference.phase {
            phase_predicted += 1;
            let label = match phase.id() {
                "I" => "Clinical Trial, Phase I",
                "II" => "Clinical Trial, Phase II",
                "III" => "Clinical Trial, Phase III",
                "IV" => "Clinical Trial, Phase IV",
                _ => "",
            };
            phase_correct += usize::from(!label.is_empty() && get(types_col).contains(label));
        }
    }
    if unindexed > 0 {
        say!(
            "{} ({total} indexed records; {unindexed} unindexed left out)",
            path.display()
        );
    } else {
        say!("{} ({total} records)", path.display());
    }
    say!(
        "  (review counts as agreeing when MEDLINE types the record Review, Comment, Editorial, Letter or News)"
    );
    say!(
        "  coverage (design not unknown): {covered}/{total} = {:.3}",
        ratio(covered, total)
    );
    for (name, table) in [("high confidence", &high), ("low confidence", &low)] {
        say!("  {name}:");
        for (design, score) in table {
            say!(
                "    {:<18} precision {:.3} ({}/{})",
                design.id(),
                ratio(score.correct, score.predicted),
                score.correct,
                score.predicted
            );
        }
    }
    if phase_predicted > 0 {
        say!("  phase: {phase_correct}/{phase_predicted} predicted phases match MEDLINE's label");
    }
    Ok(())
}
