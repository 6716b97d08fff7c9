//! LaTeX: comments (`%`) and verbatim-like environments are blanked; `\cite`, `\citep`,
//! `\citet`, `\parencite`, `\textcite`, `\autocite`, `\supercite`, `\citeauthor`,
//! `\citeyear` (optional arguments, starred forms, several keys) become keyed citations;
//! the bibliography comes from `\bibliography{}` / `\addbibresource{}` (BibTeX/BibLaTeX,
//! relative to the document) or from `thebibliography` `\bibitem`s. Command names and
//! braces are blanked in the prose view so cue words read as text.

use std::ops::Range;
use std::path::Path;

use regex::Regex;

use crate::bibliography::fields::parse_fields;
use crate::ingest::bibfile::{self, strip_tex};
use crate::ingest::decode::TextEncoding;
use crate::ingest::{Document, InputFormat, KeyedCitation, ReadError, mask};
use crate::model::Reference;
use crate::source::{Source, Span};
use crate::text::thread_regex::ThreadRegex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("latex regex compiles")
}

static VERBATIM: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"(?s)\\begin\{(verbatim|Verbatim|lstlisting|minted|comment)\*?\}.*?\\end\{(verbatim|Verbatim|lstlisting|minted|comment)\*?\}",
    )
});
static CITE: ThreadRegex = ThreadRegex::new(|| {
    re(
        r"\\(?:[Cc]ite[pt]?|[Pp]arencite|[Tt]extcite|[Aa]utocite|[Ss]upercite|citeauthor|citeyear|footcite|citealp|citealt)\*?(?:\s*\[[^\]]*\]){0,2}\s*\{(?P<keys>[^}]*)\}",
    )
});
static BIBLIOGRAPHY: ThreadRegex = ThreadRegex::new(|| {
    re(r"\\(?P<cmd>bibliography|addbibresource)(?:\[[^\]]*\])?\{(?P<files>[^}]*)\}")
});
static THEBIBLIOGRAPHY: ThreadRegex = ThreadRegex::new(|| {
    re(r"(?s)\\begin\{thebibliography\}(?:\{[^}]*\})?(?P<body>.*?)\\end\{thebibliography\}")
});
static BIBITEM: ThreadRegex =
    ThreadRegex::new(|| re(r"\\bibitem\s*(?:\[[^\]]*\])?\s*\{(?P<key>[^}]*)\}"));
static COMMAND: ThreadRegex = ThreadRegex::new(|| re(r"\\[A-Za-z]+\*?|[{}]"));

/// Comment ranges: from an unescaped `%` to the end of its line.
fn comments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if bytes[i] == b'%' {
                out.push(line_start + i..line_start + line.trim_end_matches(['\n', '\r']).len());
                break;
            }
            i += 1;
        }
        line_start += line.len();
    }
    out
}

pub fn read(
    source: Source,
    encoding: TextEncoding,
    dir: Option<&Path>,
) -> Result<Document, ReadError> {
    let text = &source.text;
    let mut blank = comments(text);
    blank.extend(VERBATIM.find_iter(text).map(|m| m.range()));
    // The preamble is not prose.
    if let Some(start) = text.find("\\begin{document}") {
        blank.push(0..start + "\\begin{document}".len());
    }
    let uncommented = mask::mask(text, &blank);
    let citations: Vec<KeyedCitation> = CITE
        .captures_iter(&uncommented)
        .map(|caps| {
            let whole = caps.get(0).expect("group 0");
            KeyedCitation {
                shown: None,
                span: Span::new(whole.start(), whole.end()),
                keys: caps["keys"]
                    .split(',')
                    .map(|k| k.trim().to_owned())
                    .filter(|k| !k.is_empty())
                    .collect(),
            }
        })
        .collect();
    let mut references: Option<Vec<Reference>> = None;
    for caps in BIBLIOGRAPHY.captures_iter(&uncommented) {
        let whole = caps.get(0).expect("group 0");
        let files: Vec<String> = caps["files"]
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(|f| {
                if Path::new(f).extension().is_some() {
                    f.to_owned()
                } else {
                    format!("{f}.bib")
                }
            })
            .collect();
        let anchor = Span::new(whole.start(), whole.end());
        let loaded = bibfile::load_anchored(&files, dir, anchor, &source)?;
        references.get_or_insert_with(Vec::new).extend(loaded);
    }
    // Entries so far come from `\bibliography{}` files; a `thebibliography` list is read
    // only when there are none.
    let from_database = references.is_some();
    let mut prose_blank = blank.clone();
    if let Some(caps) = THEBIBLIOGRAPHY.captures(&uncommented) {
        let environment = caps.get(0).expect("group 0");
        prose_blank.push(environment.range());
        if references.is_none() {
            references = Some(bibitems(
                &source,
                &uncommented,
                caps.name("body").expect("body").range(),
            ));
        }
    }
    let mut prose = mask::mask(text, &prose_blank);
    let markup: Vec<Range<usize>> = COMMAND.find_iter(&prose).map(|m| m.range()).collect();
    prose = mask::mask(&prose, &markup);
    let mut document = Document::plain(source, InputFormat::Latex, encoding);
    document.prose = Some(document.source.same_lines(prose));
    document.citations = Some(citations);
    document.references = references;
    document.references_from_database = from_database;
    Ok(document)
}

/// `\bibitem{key} text` entries of a `thebibliography` body.
fn bibitems(source: &Source, uncommented: &str, body: Range<usize>) -> Vec<Reference> {
    let region = &uncommented[body.clone()];
    let items: Vec<regex::Captures> = BIBITEM.captures_iter(region).collect();
    let mut references = Vec::new();
    for (i, caps) in items.iter().enumerate() {
        let command = caps.get(0).expect("group 0");
        let end = items
            .get(i + 1)
            .map_or(region.len(), |next| next.get(0).expect("group 0").start());
        let raw = strip_tex(&region[command.end()..end]);
        let start = body.start + command.start();
        let mut reference = Reference::new(
            caps["key"].trim().to_owned(),
            raw.clone(),
            Span::new(start, body.start + end),
            Span::new(start, body.start + command.end()),
        );
        reference.line = source.line_of(start);
        parse_fields(&raw).apply_to(&mut reference);
        references.push(reference);
    }
    references
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cite_forms_and_comments() {
        let text = "\\begin{document}\nA \\cite{a}. B \\citep[see][p.~3]{b,c}. C \\textcite*{d}.\n% \\cite{hidden}\n50\\% of \\parencite{e}.\n\\begin{verbatim}\n\\cite{code}\n\\end{verbatim}\n\\end{document}\n";
        let document = read(Source::new("t.tex", text), TextEncoding::Utf8, None).unwrap();
        let keys: Vec<Vec<String>> = document
            .citations
            .unwrap()
            .into_iter()
            .map(|c| c.keys)
            .collect();
        assert_eq!(keys, vec![vec!["a"], vec!["b", "c"], vec!["d"], vec!["e"]]);
    }

    #[test]
    fn thebibliography_items() {
        let text = "\\begin{document}\nA trial \\cite{lai}.\n\\begin{thebibliography}{9}\n\\bibitem{lai} Lai RC, Arslan F. Exosomes reduce infarct size in \\emph{rats}. Stem Cell Res. 2010;4:214-222.\n\\end{thebibliography}\n\\end{document}\n";
        let document = read(Source::new("t.tex", text), TextEncoding::Utf8, None).unwrap();
        let references = document.references.unwrap();
        assert_eq!(references[0].label, "lai");
        assert_eq!(
            references[0].title.as_deref(),
            Some("Exosomes reduce infarct size in rats")
        );
        assert!(!document.prose.unwrap().text.contains("Stem Cell Res"));
    }
}
