//! No panic on any input: every fixture manuscript (plain text, Markdown, JATS, LaTeX, DOCX) and
//! bibliography (BibTeX, RIS, CSL JSON) mutated thousands of ways — cut short, pieces deleted, duplicated or swapped,
//! markers, headings, markup and stray bytes inserted — is read, checked and rendered in
//! every format. A read may fail (invalid UTF-8, broken XML), but only with an error.
//! The mutations come from a fixed seed, so a failure names an input that reproduces.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use citelint::InputFormat;
use citelint::report::{Format, RunReport};

/// What the mutator inserts: the tokens every scanner keys on, and bytes that break them.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "⁽",
    "⁾",
    "¹",
    "²³",
    "–",
    "-",
    ",",
    ";",
    "，",
    "；",
    "（",
    "）",
    "等",
    "等人",
    "et al.",
    " and ",
    "\n",
    "\n\n",
    "\r\n",
    "References\n",
    "## References\n",
    "参考文献\n",
    "1. ",
    "[12] ",
    "2019",
    "2019a",
    "(2019)",
    "[J]",
    "[M]. ",
    "doi:10.1000/x",
    "https://doi.org/",
    "PMID: 123456",
    "*",
    "**",
    "_",
    "\\",
    "\\cite{",
    "}",
    "[@",
    "@",
    "<xref ref-type=\"bibr\" rid=\"B1\">",
    "</xref>",
    "<ref id=\"B9\">",
    "&#x02013;",
    "&amp;",
    "\u{0}",
    "\u{feff}",
    "\u{200b}",
    "é",
    "𝒜",
    "\u{301}",
    "Phase II",
    "phase III trial",
    "随机对照试验",
    "II期临床试验",
    "in rats",
    "大鼠",
    "case report",
    "Smith et al. (2020)",
    "van den",
    "a meta-analysis",
    "<!-- citelint-disable -->",
    "citelint: design=review",
];

/// A small deterministic generator (xorshift64*).
struct Mutator(u64);

impl Mutator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// One to three edits of `bytes`; they may leave invalid UTF-8.
    fn mutate(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for _ in 0..1 + self.below(3) {
            let at = self.below(out.len() + 1);
            match self.below(6) {
                0 => out.truncate(at),
                1 => {
                    let end = (at + 1 + self.below(200)).min(out.len());
                    out.drain(at.min(end)..end);
                }
                2 => {
                    let end = (at + 1 + self.below(300)).min(out.len());
                    let piece = out[at.min(end)..end].to_vec();
                    let to = self.below(out.len() + 1);
                    out.splice(to..to, piece);
                }
                3 if out.len() > 1 => {
                    let other = self.below(out.len());
                    let here = at.min(out.len() - 1);
                    out.swap(here, other);
                }
                _ => {
                    let token = TOKENS[self.below(TOKENS.len())].as_bytes();
                    out.splice(at..at, token.iter().copied());
                }
            }
        }
        out
    }
}

/// Mutants per input: 150, or `CITELINT_FUZZ_ROUNDS` for a longer hunt
/// (`CITELINT_FUZZ_ROUNDS=20000 cargo test --release --test robustness`).
fn rounds() -> usize {
    std::env::var("CITELINT_FUZZ_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(150)
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for dir in [
        "tests/fixtures",
        "tests/fixtures/formats",
        "tests/fixtures/manuscripts",
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(common::manifest_dir().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .filter(|p| InputFormat::from_path(p).is_some())
            .collect();
        paths.sort();
        for path in paths {
            let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            found.push((name, std::fs::read(&path).unwrap()));
        }
    }
    found
}

/// Reads, checks and renders `bytes` as the file `name` in every format.
fn check_all_the_way(name: &str, bytes: &[u8]) {
    let format = InputFormat::from_path(Path::new(name)).unwrap_or(InputFormat::Text);
    let Ok(document) = citelint::document_from_bytes(name, bytes, format) else {
        return;
    };
    let report = RunReport {
        documents: vec![citelint::check_document(document, common::rules())],
        failures: Vec::new(),
    };
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Jsonl,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
    ] {
        report.render(format, common::rules());
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let inputs = inputs();
    assert!(inputs.len() >= 15, "{} inputs", inputs.len());
    let mut mutator = Mutator(0x9e37_79b9_7f4a_7c15);
    let rounds = rounds();
    let mut checked = 0;
    for (name, original) in &inputs {
        for round in 0..rounds {
            let mutant = mutator.mutate(original);
            let outcome = catch_unwind(AssertUnwindSafe(|| check_all_the_way(name, &mutant)));
            assert!(
                outcome.is_ok(),
                "{name}, round {round}, panicked on:\n{}",
                String::from_utf8_lossy(&mutant)
            );
            checked += 1;
        }
    }
    assert_eq!(checked, inputs.len() * rounds);
}

#[test]
fn empty_and_degenerate_inputs_never_panic() {
    let degenerate: [&[u8]; 9] = [
        b"",
        b"\n",
        b"\xef\xbb\xbf",
        b"[",
        b"References\n",
        b"References\n1.",
        "参考文献\n[1]".as_bytes(),
        b"\xff\xfe\x00",
        b"(2019)",
    ];
    for (name, _) in inputs() {
        for bytes in degenerate {
            check_all_the_way(&name, bytes);
        }
    }
}

#[test]
fn mutated_bibliographies_never_panic() {
    let dir = common::manifest_dir().join("tests/fixtures/formats");
    let scratch = common::scratch("robust-bib");
    let mut mutator = Mutator(0x2545_f491_4f6c_dd1d);
    let rounds = rounds();
    for name in ["twin.bib", "twin.ris", "twin.json"] {
        let original = std::fs::read(dir.join(name)).unwrap();
        let path = scratch.join(name);
        for round in 0..rounds {
            let mutant = mutator.mutate(&original);
            std::fs::write(&path, &mutant).unwrap();
            let outcome = catch_unwind(|| citelint::ingest::bibfile::load(&path).map(|r| r.len()));
            assert!(
                outcome.is_ok(),
                "{name}, round {round}, panicked on:\n{}",
                String::from_utf8_lossy(&mutant)
            );
        }
    }
}
