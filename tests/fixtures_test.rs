//! Fixture manuscripts (English, Chinese, mixed; every marker style): the findings each must
//! produce, asserted exactly, plus insta snapshots of the JSON and human output.

mod common;

use citelint::check::DocumentReport;
use citelint::report::{self, RunReport};

fn check_fixture(name: &str) -> DocumentReport {
    let path = common::fixture(name);
    let document = citelint::read_document(&path).expect("fixture reads");
    let mut report = citelint::check_document(document, common::rules());
    report.path = format!("tests/fixtures/{name}");
    report
}

/// (code, line, refs) of every finding.
fn findings(report: &DocumentReport) -> Vec<(String, usize, Vec<String>)> {
    report
        .findings
        .iter()
        .map(|f| (f.code.clone(), f.line, f.refs.clone()))
        .collect()
}

fn expect(list: &[(&str, usize, &[&str])]) -> Vec<(String, usize, Vec<String>)> {
    list.iter()
        .map(|(code, line, refs)| {
            (
                code.to_string(),
                *line,
                refs.iter().map(|r| r.to_string()).collect(),
            )
        })
        .collect()
}

#[test]
fn english_bracket_style() {
    let report = check_fixture("en_bracket.md");
    assert_eq!(report.references.len(), 14);
    assert_eq!(
        findings(&report),
        expect(&[
            ("EV003", 11, &["4"]),
            ("EV004", 12, &["5"]),
            ("EV007", 13, &["6"]),
            ("EV002", 14, &["7"]),
            ("EV005", 15, &["8"]),
            ("EV006", 23, &["14"]),
        ])
    );
    // Every bracket form is read and expanded.
    let markers: Vec<(&str, Vec<String>)> = report
        .citations
        .iter()
        .map(|c| (c.marker.as_str(), c.refs.clone()))
        .collect();
    assert!(markers.contains(&("[2,3]", vec!["2".into(), "3".into()])));
    assert!(markers.contains(&("[1–3]", vec!["1".into(), "2".into(), "3".into()])));
    assert!(markers.contains(&("[4]15-17", vec!["4".into()])));
    assert!(markers.contains(&("[2-3]", vec!["2".into(), "3".into()])));
    // Negated, need and animal claims are recognised as such.
    let claim_of = |marker: &str| {
        &report
            .citations
            .iter()
            .find(|c| c.marker == marker)
            .unwrap()
            .claim
    };
    assert!(claim_of("[10]").negated);
    assert!(claim_of("[11]").need);
    assert_eq!(
        claim_of("[9]").designs,
        vec![citelint::model::Design::Animal]
    );
}

#[test]
fn chinese_superscript_style() {
    let report = check_fixture("zh_superscript.txt");
    assert_eq!(report.language, "zh");
    assert_eq!(report.references.len(), 12);
    assert_eq!(
        findings(&report),
        expect(&[
            ("EV001", 9, &["4"]),
            ("EV001", 9, &["5"]),
            ("EV006", 9, &["6"]),
            ("EV001", 13, &["10"]),
            ("EV003", 13, &["12"]),
        ])
    );
    let claim_of = |marker: &str| {
        &report
            .citations
            .iter()
            .find(|c| c.marker == marker)
            .unwrap()
            .claim
    };
    // 临床前 is preclinical, not clinical; 尚无 negates; 需要通过…临床试验建立 is a need.
    assert!(!claim_of("⁽⁷⁾").designs.iter().any(|d| d.is_clinical()));
    assert!(claim_of("⁽⁸⁾").negated);
    assert!(claim_of("⁽⁹⁾").need);
    assert_eq!(claim_of("⁽⁴⁾").phase, Some(citelint::model::Phase::II));
    let gbt = &report.references[1];
    assert_eq!(
        (gbt.type_code.as_deref(), gbt.year, gbt.container.as_deref()),
        (Some("J"), Some(2016), Some("器官移植"))
    );
}

#[test]
fn mixed_bare_superscripts_skip_affiliations_isotopes_and_units() {
    let report = check_fixture("mixed_superscript.txt");
    assert_eq!(report.language, "mixed");
    let markers: Vec<&str> = report.citations.iter().map(|c| c.marker.as_str()).collect();
    assert_eq!(markers, ["¹", "²", "³", "⁴⁻⁵", "⁶"]);
    assert_eq!(
        findings(&report),
        expect(&[("EV001", 7, &["2"]), ("EV001", 7, &["3"])])
    );
}

#[test]
fn structure_findings() {
    let report = check_fixture("en_structure.txt");
    assert_eq!(report.references.len(), 26);
    assert_eq!(
        findings(&report),
        expect(&[("ST001", 5, &["27"]), ("ST003", 17, &["4", "9"])])
    );
    let duplicate = &report.findings[1];
    assert!(
        duplicate.message.contains("reference 9") && duplicate.message.contains("reference 4"),
        "{}",
        duplicate.message
    );
}

#[test]
fn snapshots_of_json_and_human_output() {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
        insta::glob!("fixtures/*.{txt,md}", |path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            let run = RunReport { documents: vec![check_fixture(name)], failures: Vec::new() };
            insta::assert_snapshot!("json", run.render(report::Format::Json, common::rules()));
            insta::assert_snapshot!("human", run.render(report::Format::Human, common::rules()));
            insta::assert_snapshot!("explain", report::explain::render(&run.documents[0]));
        });
    });
}
