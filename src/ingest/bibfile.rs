//! Bibliography files: BibTeX/BibLaTeX (parsed with the biblatex crate), CSL-JSON and RIS,
//! turned into [`Reference`]s labelled by their keys. LaTeX markup is removed from titles
//! before classification. A malformed file is a [`ReadError`] naming where it broke.

use std::path::Path;

use biblatex::{Bibliography, ChunksExt, Person};
use serde_json::Value;

use crate::ingest::ReadError;
use crate::model::Reference;
use crate::source::{Source, Span};

/// Loads `path` by its extension: `.bib`, `.json` (CSL-JSON) or `.ris`.
pub fn load(path: &Path) -> Result<Vec<Reference>, ReadError> {
    let display = path.display().to_string();
    let text = String::from_utf8(crate::ingest::read_capped(path)?).map_err(|_| ReadError::Io {
        path: display.clone(),
        cause: "stream did not contain valid UTF-8".to_owned(),
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "json" => parse_csl_json(&display, &text),
        "ris" => parse_ris(&display, &text),
        _ => parse_bibtex(&display, &text),
    }
}

/// Loads every file in `paths` (relative paths resolved against `dir`). Findings about
/// these references point at `anchor`, the place in `document` that names the files, and
/// so does the error for a file that cannot be read ("m.tex:3:1: cannot read the
/// bibliography refs.bib: …"), so a run over many manuscripts says which one names it.
pub fn load_anchored(
    paths: &[String],
    dir: Option<&Path>,
    anchor: Span,
    document: &Source,
) -> Result<Vec<Reference>, ReadError> {
    let mut references = Vec::new();
    for file in paths {
        let path = dir.map_or_else(|| Path::new(file).to_owned(), |d| d.join(file));
        references.extend(load(&path).map_err(|error| match error {
            ReadError::Io { path, cause } => ReadError::parse_at(
                &document.path,
                &document.text,
                anchor.start,
                format!("cannot read the bibliography {path}: {cause}"),
            ),
            other => other,
        })?);
    }
    for reference in &mut references {
        reference.span = anchor;
        reference.label_span = anchor;
    }
    Ok(references)
}

/// Removes LaTeX markup: commands (keeping their arguments), braces, ties, dashes.
pub fn strip_tex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    // An escaped character: \& \% \_ \{ \}
                    if let Some(escaped) = chars.next() {
                        out.push(escaped);
                    }
                } else if chars.peek() == Some(&' ')
                    && !matches!(name.as_str(), "textit" | "emph" | "textbf")
                {
                    chars.next();
                }
            }
            '{' | '}' => {}
            '~' => out.push(' '),
            _ => out.push(c),
        }
    }
    crate::text::fold::squash_whitespace(&out.replace("---", "—").replace("--", "–"))
}

fn initials(given: &str) -> String {
    given
        .split([' ', '-', '.'])
        .filter_map(|part| part.chars().next())
        .filter(|c| c.is_alphabetic())
        .collect()
}

/// "Lai RC", "van Dooremalen SFJ".
fn person_name(family: &str, given: &str, prefix: &str) -> String {
    let family = strip_tex(family);
    let prefix = strip_tex(prefix);
    let initials = initials(&strip_tex(given));
    let mut name = if prefix.is_empty() {
        family
    } else {
        format!("{prefix} {family}")
    };
    if !initials.is_empty() {
        name.push(' ');
        name.push_str(&initials);
    }
    name
}

/// The display string of a reference made from fields (Vancouver-like).
fn raw_of(reference: &Reference) -> String {
    let mut raw = reference.authors.join(", ");
    if !raw.is_empty() {
        raw.push_str(". ");
    }
    if let Some(title) = &reference.title {
        raw.push_str(title);
        raw.push_str(". ");
    }
    if let Some(container) = &reference.container {
        raw.push_str(container);
        raw.push_str(". ");
    }
    if let Some(year) = reference.year {
        raw.push_str(&year.to_string());
    }
    if let Some(volume) = &reference.volume {
        raw.push_str(&format!(";{volume}"));
        if let Some(issue) = &reference.issue {
            raw.push_str(&format!("({issue})"));
        }
    }
    if let Some(pages) = &reference.pages {
        raw.push_str(&format!(":{pages}"));
    }
    raw.trim().to_owned()
}

fn year_of(text: &str) -> Option<u16> {
    let digits: String = text.chars().filter(char::is_ascii_digit).take(4).collect();
    digits.parse().ok().filter(|y| (1000..=2999).contains(y))
}

fn parse_bibtex(path: &str, text: &str) -> Result<Vec<Reference>, ReadError> {
    let bibliography = Bibliography::parse(text).map_err(|e| {
        ReadError::parse_at(path, text, e.span.start, format!("BibTeX: {}", e.kind))
    })?;
    let mut references = Vec::new();
    for entry in bibliography.iter() {
        let field = |name: &str| {
            entry
                .fields
                .get(name)
                .map(|chunks| strip_tex(&chunks.format_verbatim()))
                .filter(|s| !s.is_empty())
        };
        let mut reference = Reference::new(
            entry.key.clone(),
            String::new(),
            Span::default(),
            Span::default(),
        );
        if let Some(authors) = entry.fields.get("author")
            && let Ok(people) = authors.parse::<Vec<Person>>()
        {
            reference.authors = people
                .iter()
                .map(|p| person_name(&p.name, &p.given_name, &p.prefix))
                .collect();
        }
        reference.title = field("title");
        reference.container = field("journal")
            .or_else(|| field("journaltitle"))
            .or_else(|| field("booktitle"))
            .or_else(|| field("publisher"));
        reference.year = field("year")
            .or_else(|| field("date"))
            .and_then(|y| year_of(&y));
        reference.volume = field("volume");
        reference.issue = field("number").or_else(|| field("issue"));
        reference.pages = field("pages");
        reference.doi = field("doi");
        reference.pmid = field("pmid").or_else(|| {
            field("eprinttype")
                .filter(|t| t.eq_ignore_ascii_case("pubmed"))
                .and_then(|_| field("eprint"))
        });
        reference.raw = raw_of(&reference);
        references.push(reference);
    }
    Ok(references)
}

fn csl_string(item: &Value, key: &str) -> Option<String> {
    match item.get(key)? {
        Value::String(s) => Some(s.clone()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One CSL-JSON item (also used for Word field codes).
pub fn reference_from_csl(item: &Value, fallback_label: &str) -> Reference {
    let label = csl_string(item, "id")
        .or_else(|| csl_string(item, "citation-key"))
        .unwrap_or_else(|| fallback_label.to_owned());
    let mut reference = Reference::new(label, String::new(), Span::default(), Span::default());
    if let Some(Value::Array(authors)) = item.get("author") {
        reference.authors = authors
            .iter()
            .filter_map(|a| {
                if let Some(literal) = csl_string(a, "literal") {
                    return Some(literal);
                }
                let family = csl_string(a, "family")?;
                let given = csl_string(a, "given").unwrap_or_default();
                let particle = csl_string(a, "non-dropping-particle").unwrap_or_default();
                Some(person_name(&family, &given, &particle))
            })
            .collect();
    }
    reference.title = csl_string(item, "title").map(|t| strip_tex(&t));
    reference.container =
        csl_string(item, "container-title").or_else(|| csl_string(item, "container-title-short"));
    reference.year = item
        .get("issued")
        .and_then(|i| i.get("date-parts"))
        .and_then(|d| d.get(0))
        .and_then(|d| d.get(0))
        .and_then(|y| {
            y.as_u64()
                .or_else(|| y.as_str().and_then(|s| s.parse().ok()))
        })
        .and_then(|y| u16::try_from(y).ok())
        .or_else(|| {
            item.get("issued")
                .and_then(|i| csl_string(i, "raw"))
                .and_then(|r| year_of(&r))
        });
    reference.volume = csl_string(item, "volume");
    reference.issue = csl_string(item, "issue");
    reference.pages = csl_string(item, "page");
    reference.doi = csl_string(item, "DOI");
    reference.pmid = csl_string(item, "PMID");
    reference.raw = raw_of(&reference);
    reference
}

fn parse_csl_json(path: &str, text: &str) -> Result<Vec<Reference>, ReadError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ReadError::Parse {
        path: path.to_owned(),
        line: e.line(),
        column: e.column(),
        cause: format!("CSL-JSON: {e}"),
    })?;
    let items = match &value {
        Value::Array(items) => items.clone(),
        Value::Object(_) => vec![value.clone()],
        _ => {
            return Err(ReadError::Parse {
                path: path.to_owned(),
                line: 1,
                column: 1,
                cause: "CSL-JSON: expected an array of items".into(),
            });
        }
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| reference_from_csl(item, &format!("item{}", i + 1)))
        .collect())
}

fn parse_ris(path: &str, text: &str) -> Result<Vec<Reference>, ReadError> {
    let mut references = Vec::new();
    let mut current: Option<Reference> = None;
    let mut start_page: Option<String> = None;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let Some((tag, value)) = line.split_once("  -").map(|(t, v)| (t.trim(), v.trim())) else {
            return Err(ReadError::Parse {
                path: path.to_owned(),
                line: number + 1,
                column: 1,
                cause: format!("RIS: expected `TAG  - value`, found {line:?}"),
            });
        };
        if tag == "TY" {
            current = Some(Reference::new(
                String::new(),
                String::new(),
                Span::default(),
                Span::default(),
            ));
            start_page = None;
            continue;
        }
        let Some(reference) = current.as_mut() else {
            return Err(ReadError::Parse {
                path: path.to_owned(),
                line: number + 1,
                column: 1,
                cause: "RIS: a record must start with `TY  -`".into(),
            });
        };
        match tag {
            "AU" | "A1" => reference.authors.push(match value.split_once(',') {
                Some((family, given)) => person_name(family.trim(), given.trim(), ""),
                None => value.to_owned(),
            }),
            "TI" | "T1" => reference.title = Some(value.to_owned()),
            "JO" | "JF" | "T2" | "JA" if reference.container.is_none() => {
                reference.container = Some(value.to_owned())
            }
            "PY" | "Y1" | "DA" if reference.year.is_none() => reference.year = year_of(value),
            "VL" => reference.volume = Some(value.to_owned()),
            "IS" => reference.issue = Some(value.to_owned()),
            "SP" => start_page = Some(value.to_owned()),
            "EP" => {
                reference.pages = Some(format!(
                    "{}-{value}",
                    start_page.clone().unwrap_or_default()
                ))
            }
            "DO" => reference.doi = Some(value.to_owned()),
            "ID" => reference.label = value.to_owned(),
            "ER" => {
                let mut done = current.take().expect("inside a record");
                if done.pages.is_none() {
                    done.pages = start_page.take();
                }
                done.raw = raw_of(&done);
                references.push(done);
            }
            _ => {}
        }
    }
    crate::bibliography::assign_author_year_labels(&mut references);
    Ok(references)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_latex_markup() {
        assert_eq!(
            strip_tex(r"Exosomes in {MSC}s: \emph{in vitro} and in~vivo --- a {R}eview"),
            "Exosomes in MSCs: in vitro and in vivo — a Review"
        );
        assert_eq!(strip_tex(r"Drugs \& devices"), "Drugs & devices");
    }

    #[test]
    fn bibtex_fields_and_errors() {
        let bib = "@article{lai2010,\n  author = {Lai, Ruenn Chai and Arslan, Fatih and van der Berg, Jan},\n  title = {Exosomes reduce infarct size in {Pigs}},\n  journal = {Stem Cell Res},\n  year = {2010},\n  volume = {4},\n  pages = {214--222}\n}\n";
        let refs = parse_bibtex("a.bib", bib).unwrap();
        assert_eq!(refs[0].label, "lai2010");
        assert_eq!(refs[0].authors, ["Lai RC", "Arslan F", "van der Berg J"]);
        assert_eq!(
            refs[0].title.as_deref(),
            Some("Exosomes reduce infarct size in Pigs")
        );
        assert_eq!(refs[0].year, Some(2010));
        let broken = "@article{x,\n  title = {Unclosed\n";
        let error = parse_bibtex("b.bib", broken).unwrap_err();
        assert!(
            matches!(error, ReadError::Parse { ref path, .. } if path == "b.bib"),
            "{error}"
        );
    }

    #[test]
    fn csl_json_and_ris() {
        let csl = r#"[{"id": "smith2020", "author": [{"family": "Smith", "given": "John A"}], "title": "A randomized trial", "container-title": "Lancet", "issued": {"date-parts": [[2020, 5]]}}]"#;
        let refs = parse_csl_json("a.json", csl).unwrap();
        assert_eq!(
            (
                refs[0].label.as_str(),
                refs[0].authors[0].as_str(),
                refs[0].year
            ),
            ("smith2020", "Smith JA", Some(2020))
        );
        let ris = "TY  - JOUR\nAU  - Smith, John\nTI  - Exosomes in rats\nJO  - J Med\nPY  - 2019\nER  - \n";
        let refs = parse_ris("a.ris", ris).unwrap();
        assert_eq!(
            (refs[0].label.as_str(), refs[0].title.as_deref()),
            ("smith2019", Some("Exosomes in rats"))
        );
        assert!(parse_ris("b.ris", "AU  - Smith\n").is_err());
        assert!(matches!(
            parse_csl_json("c.json", "[{\"id\": }]"),
            Err(ReadError::Parse { line: 1, .. })
        ));
    }
}
