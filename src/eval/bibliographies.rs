//! `citelint eval bibliographies`: how well the splitter cuts a reference section into
//! entries, on GROBID's reference-segmenter corpus (TEI files whose `<bibl>` elements are
//! the gold entries and `<lb/>` the line breaks of the original page).

use std::path::Path;

use super::{f1, ratio, verbose};
use crate::bibliography::lines::lines;
use crate::bibliography::split::split_entries;
use crate::source::{Source, Span};

/// One TEI file as the text a PDF extractor gives, with the gold entries' spans in it.
struct GoldSection {
    text: String,
    entries: Vec<Span>,
}

/// Rebuilds the reference section of `tei`: each `<bibl>` as its lines, `<lb/>` a line
/// break, and nothing between entries but a line break.
fn gold_section(tei: &str, path: &Path) -> Result<GoldSection, String> {
    let document =
        roxmltree::Document::parse(tei).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::new();
    let mut entries = Vec::new();
    for bibl in document.descendants().filter(|n| n.has_tag_name("bibl")) {
        let start = text.len();
        for node in bibl.descendants() {
            if node.has_tag_name("lb") {
                text.push('\n');
            } else if let Some(piece) = node.text().filter(|_| node.is_text()) {
                text.push_str(piece);
            }
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let entry = &text[start..];
        let trimmed_start = start + (entry.len() - entry.trim_start().len());
        let trimmed_end = start + entry.trim_end().len();
        if trimmed_start < trimmed_end {
            entries.push(Span::new(trimmed_start, trimmed_end));
        }
    }
    Ok(GoldSection { text, entries })
}

/// Entry counts over a corpus.
#[derive(Default)]
pub struct SplitScore {
    files: usize,
    gold: usize,
    predicted: usize,
    /// Predicted entries that start where a gold entry starts.
    starts_right: usize,
    /// Predicted entries with a gold entry's start and end.
    exact: usize,
}

impl SplitScore {
    /// Splits one TEI file and counts against its gold entries.
    pub fn add_file(&mut self, path: &Path, tei: &str) -> Result<(), String> {
        let section = gold_section(tei, path)?;
        let source = Source::new(path.display().to_string(), section.text);
        let predicted = split_entries(&lines(&source), Span::new(0, source.text.len()));
        let gold_starts: Vec<usize> = section.entries.iter().map(|e| e.start).collect();
        self.files += 1;
        self.gold += section.entries.len();
        self.predicted += predicted.len();
        let starts_right_before = self.starts_right;
        for entry in &predicted {
            let text = &source.text[entry.span.start..entry.span.end];
            let end = entry.span.start + text.trim_end().len();
            if gold_starts.binary_search(&entry.span.start).is_ok() {
                self.starts_right += 1;
            }
            if section
                .entries
                .iter()
                .any(|g| g.start == entry.span.start && g.end == end)
            {
                self.exact += 1;
            }
        }
        if verbose() {
            say!(
                "{}: {} gold, {} predicted, {} start right",
                path.display(),
                section.entries.len(),
                predicted.len(),
                self.starts_right - starts_right_before
            );
            // The gold entries whose start the splitter missed, by their first line.
            let predicted_starts: Vec<usize> = predicted.iter().map(|e| e.span.start).collect();
            for gold in &section.entries {
                if predicted_starts.binary_search(&gold.start).is_err() {
                    let first_line = source.text[gold.start..gold.end].lines().next();
                    say!("  missed: {}", first_line.unwrap_or(""));
                }
            }
        }
        Ok(())
    }

    /// The report: entry boundaries (precision, recall, F1) and whole entries.
    pub fn report(&self) -> String {
        let precision = ratio(self.starts_right, self.predicted);
        let recall = ratio(self.starts_right, self.gold);
        let f1 = f1(precision, recall);
        format!(
            "bibliographies ({} files, {} gold entries, {} predicted)\n  entry starts: precision {precision:.3}, recall {recall:.3}, F1 {f1:.3}\n  whole entries (start and end): precision {:.3}, recall {:.3}",
            self.files,
            self.gold,
            self.predicted,
            ratio(self.exact, self.predicted),
            ratio(self.exact, self.gold),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (gold, predicted, starts right, exact) for one TEI section.
    fn counts(tei: &str) -> (usize, usize, usize, usize) {
        let mut score = SplitScore::default();
        score.add_file(Path::new("t.tei.xml"), tei).unwrap();
        (score.gold, score.predicted, score.starts_right, score.exact)
    }

    #[test]
    fn scores_a_section_split_right_and_one_split_wrong() {
        let right = "<tei><listBibl>\n<bibl>[1] Ames B. A study of rats.<lb/> J Med. 2001;1:1-2.<lb/></bibl>\n<bibl>[2] Bell C. Another study. J Med. 2002;2:3-4.<lb/></bibl>\n</listBibl></tei>";
        assert_eq!(counts(right), (2, 2, 2, 2));
        // A gold entry the splitter cannot tell from the one before (no number, no year
        // until its second line) counts against recall.
        let merged = "<tei><listBibl>\n<bibl>Ames B. A study. J Med. 2001;1:1-2.<lb/></bibl>\n<bibl>and a second part without a year<lb/></bibl>\n</listBibl></tei>";
        assert_eq!(counts(merged), (2, 1, 1, 0));
    }
}
