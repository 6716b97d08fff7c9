//! Attribution checks: a name in author position ("Smith et al.", "Tjalsma等人",
//! "Hare and colleagues") that is not the first author of the cited entry (for two-author
//! forms, not among its authors), and a year given with it that differs from the entry's.

use crate::check::Checked;
use crate::citation::author_year::name_matches;
use crate::citation::han_surnames;
use crate::model::citation::NamedAuthor;
use crate::model::{Citation, Reference};
use crate::rules::engine::{FindingDraft, Vars};
use crate::text::is_han;

fn cited<'a>(doc: &'a Checked, citation: &'a Citation) -> impl Iterator<Item = &'a Reference> {
    citation
        .refs
        .iter()
        .filter_map(|label| doc.reference(label))
}

/// Whether the name `cited` (as the sentence writes it) names the list author `author`, as
/// the linker matches names ("Wang" names 王伟, and 王伟 names "Wang W", through the family
/// name's Latin spellings). A name in one script beside an author in the other that the
/// family-name table cannot compare is given the benefit of the doubt.
fn cited_names(cited: &str, author: &str) -> bool {
    name_matches(cited, author) || cannot_compare(cited, author)
}

/// A Latin name beside a Han author whose family name the table does not know, or a Han
/// name beside a Latin author where either is no Chinese name the table knows ("史密斯等人"
/// for Smith J).
fn cannot_compare(cited: &str, author: &str) -> bool {
    match (cited.chars().any(is_han), author.chars().any(is_han)) {
        (false, true) => han_surnames::latin_spellings(author.trim()).is_none(),
        (true, false) => han_surnames::han_name_spelled(cited, author).is_none(),
        _ => false,
    }
}

/// Whether `named` names `reference`: the first author, or for "Smith and Lee" both among
/// its authors.
fn names(named: &NamedAuthor, reference: &Reference) -> bool {
    let Some(first) = reference.authors.first() else {
        return false;
    };
    match &named.second {
        None => cited_names(&named.first, first),
        Some(second) => {
            reference
                .authors
                .iter()
                .any(|a| cited_names(&named.first, a))
                && reference.authors.iter().any(|a| cited_names(second, a))
        }
    }
}

pub fn named_author_mismatch(doc: &Checked) -> Vec<FindingDraft> {
    let mut out = Vec::new();
    for citation in &doc.citations {
        let Some(named) = &citation.named_author else {
            continue;
        };
        let references: Vec<&Reference> = cited(doc, citation).collect();
        // Entries whose authors were not parsed cannot be judged.
        if references.is_empty() || references.iter().any(|r| r.authors.is_empty()) {
            continue;
        }
        if references.iter().any(|r| names(named, r)) {
            continue;
        }
        let reference = references[0];
        let mut vars = Vars::new();
        vars.insert("named", named.text.trim().to_owned());
        vars.insert("label", reference.label.clone());
        vars.insert("first_author", reference.authors[0].clone());
        vars.insert("authors", reference.authors.join(", "));
        let mut draft = FindingDraft::at_citation(citation, vec![reference.label.clone()], vars);
        draft.related = Some((
            format!(
                "reference {}: first author {}",
                reference.label, reference.authors[0]
            ),
            reference.label_span,
        ));
        out.push(draft);
    }
    out
}

pub fn year_mismatch(doc: &Checked) -> Vec<FindingDraft> {
    let mut out = Vec::new();
    for citation in &doc.citations {
        let Some(named) = &citation.named_author else {
            continue;
        };
        let Some(year) = named.year else { continue };
        // Compare with the entry the name points at (or the only one cited).
        let references: Vec<&Reference> = cited(doc, citation).collect();
        let target = references
            .iter()
            .find(|r| names(named, r))
            .or(if references.len() == 1 {
                references.first()
            } else {
                None
            });
        let Some(reference) = target else { continue };
        let Some(entry_year) = reference.year else {
            continue;
        };
        if entry_year == year {
            continue;
        }
        let mut vars = Vars::new();
        vars.insert("named", named.text.trim().to_owned());
        vars.insert("year", year.to_string());
        vars.insert("label", reference.label.clone());
        vars.insert("entry_year", entry_year.to_string());
        let mut draft = FindingDraft::at_citation(citation, vec![reference.label.clone()], vars);
        draft.related = Some((
            format!("reference {}: {}", reference.label, entry_year),
            reference.label_span,
        ));
        out.push(draft);
    }
    out
}
