//! Per-document pipeline benchmark (divan): reading is excluded; bibliography, citations,
//! claims, classification and rules are included. English, Chinese and mixed manuscripts.
//! Run with `cargo bench`.

use std::sync::OnceLock;

fn rules() -> &'static citelint::RuleSet {
    static RULES: OnceLock<citelint::RuleSet> = OnceLock::new();
    RULES.get_or_init(|| citelint::load_default().expect("rules load"))
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

#[divan::bench(args = ["en_bracket.md", "zh_superscript.txt", "mixed_superscript.txt", "en_structure.txt", "manuscripts/en_review.md", "manuscripts/zh_review.txt"])]
fn check_document(bencher: divan::Bencher, name: &str) {
    let text = fixture(name);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| citelint::check_text(name, divan::black_box(&text), rules()));
}

#[divan::bench]
fn load_rules() -> citelint::RuleSet {
    citelint::load_default().expect("rules load")
}

/// The cue lexicon alone, over a review's reference titles and cited sentences, English
/// and Chinese: most of its calls are on texts of 50–150 bytes, where the cost per call,
/// not per byte, decides.
#[divan::bench(args = ["en titles", "en claims", "zh titles", "zh claims"])]
fn lexicon_find(bencher: divan::Bencher, what: &str) {
    use citelint::evidence::lexicon::Target;
    let lexicon = &rules().lexicon;
    let (language, what) = what.split_once(' ').expect("a language and what to search");
    let name = match language {
        "zh" => "manuscripts/zh_review.txt",
        _ => "manuscripts/en_review.md",
    };
    let report = citelint::check_text(name, &fixture(name), rules());
    let (texts, target): (Vec<String>, Target) = match what {
        "titles" => (
            report
                .references
                .iter()
                .filter_map(|r| r.title.clone())
                .collect(),
            Target::Title,
        ),
        _ => (
            report
                .citations
                .iter()
                .map(|c| c.claim.text.clone())
                .collect(),
            Target::Claim,
        ),
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .counter(divan::counter::ItemsCount::new(texts.len()))
        .bench(|| {
            texts
                .iter()
                .map(|t| lexicon.find(divan::black_box(t), target).len())
                .sum::<usize>()
        });
}

fn main() {
    divan::main();
}
