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

fn main() {
    divan::main();
}
