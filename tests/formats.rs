//! The CI formats: SARIF validated against the official SARIF 2.1.0 schema (shipped inside
//! the serde-sarif crate that cargo fetched), GitHub workflow commands exactly as GitHub
//! parses them, unique GitLab fingerprints, JUnit XML that parses, JSONL records, and
//! --fail-on in every format.

mod common;

use std::path::PathBuf;

use citelint::report::{Format, RunReport};

fn run_of(names: &[&str]) -> RunReport {
    let documents = names
        .iter()
        .map(|name| {
            let path = std::path::PathBuf::from("tests/fixtures").join(name);
            citelint::check_document(citelint::read_document(&path).unwrap(), common::rules())
        })
        .collect();
    RunReport {
        documents,
        failures: Vec::new(),
    }
}

/// The SARIF 2.1.0 schema from the serde-sarif source cargo unpacked to build citelint.
fn sarif_schema() -> Option<serde_json::Value> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let registry = cargo_home.join("registry/src");
    for index in std::fs::read_dir(registry).ok()?.filter_map(Result::ok) {
        for krate in std::fs::read_dir(index.path()).ok()?.filter_map(Result::ok) {
            let name = krate.file_name().to_string_lossy().into_owned();
            if name.starts_with("serde-sarif-") {
                let text = std::fs::read_to_string(krate.path().join("src/schema.json")).ok()?;
                // The official schema's `language` patterns carry a stray `]` that the
                // meta-schema's regex check rejects. citelint writes no `language`; mend them.
                let text = text.replace(
                    r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#,
                    r#"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"#,
                );
                return serde_json::from_str(&text).ok();
            }
        }
    }
    None
}

#[test]
fn sarif_validates_against_the_schema_with_stable_ids_and_fingerprints() {
    let run = run_of(&["en_bracket.md", "zh_superscript.txt"]);
    let sarif: serde_json::Value =
        serde_json::from_str(&run.render(Format::Sarif, common::rules())).unwrap();
    let schema = sarif_schema().expect("serde-sarif's schema.json is in the cargo registry");
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(sarif["version"], "2.1.0");
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let rules = runs[0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "EV001" && r["name"] == "clinical-claim-cites-preclinical")
    );
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 11);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(
            result["partialFingerprints"]["citelint/v1"]
                .as_str()
                .unwrap()
                .len(),
            16
        );
        assert!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    // Fingerprints do not depend on line numbers: shifting the text keeps them.
    let text = std::fs::read_to_string(common::fixture("en_bracket.md")).unwrap();
    let shifted = citelint::check_text(
        "tests/fixtures/en_bracket.md",
        &format!("\n\n\n{text}"),
        common::rules(),
    );
    let original = &citelint::check_text("tests/fixtures/en_bracket.md", &text, common::rules());
    assert_eq!(
        shifted
            .findings
            .iter()
            .map(|f| &f.fingerprint)
            .collect::<Vec<_>>(),
        original
            .findings
            .iter()
            .map(|f| &f.fingerprint)
            .collect::<Vec<_>>()
    );
    assert_ne!(shifted.findings[0].line, original.findings[0].line);
}

#[test]
fn github_workflow_commands_are_exact_and_escaped() {
    let output = run_of(&["en_structure.txt"]).render(Format::Github, common::rules());
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=tests/fixtures/en_structure.txt,line=5,col=57,endLine=5,endColumn=61,title=ST001 unresolved-citation::citation [27] points to reference 27, which the reference list does not hold (it ends at 26)"
    );
    assert!(lines[1].starts_with("::warning file=tests/fixtures/en_structure.txt,line=17,col=1,"));
    assert_eq!(
        citelint::report::github::escape_data("50% done\r\nnext"),
        "50%25 done%0D%0Anext"
    );
    assert_eq!(
        citelint::report::github::escape_property("a:b,c%"),
        "a%3Ab%2Cc%25"
    );
}

#[test]
fn gitlab_code_quality_has_unique_fingerprints() {
    // The same claim twice in one document yields the same citelint fingerprint; GitLab
    // needs them unique.
    let text = "A phase II trial in patients improved outcomes [1].\n\nA phase II trial in patients improved outcomes [1].\n\nReferences\n\n1. Ames B. Exosomes in rats. J Med. 2001;1:1-2.\n";
    let run = RunReport {
        documents: vec![citelint::check_text("twice.txt", text, common::rules())],
        failures: Vec::new(),
    };
    let issues: serde_json::Value =
        serde_json::from_str(&run.render(Format::Gitlab, common::rules())).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    let fingerprints: std::collections::HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), 2);
    for issue in issues {
        assert_eq!(issue["check_name"], "EV001");
        assert_eq!(issue["severity"], "major");
        assert_eq!(issue["location"]["path"], "twice.txt");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn junit_parses_as_junit_xml() {
    let xml = run_of(&["en_structure.txt", "mixed_superscript.txt"])
        .render(Format::Junit, common::rules());
    let doc = roxmltree::Document::parse(&xml).expect("JUnit XML parses");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    assert_eq!(
        suites[0].attribute("name"),
        Some("tests/fixtures/en_structure.txt")
    );
    assert_eq!(suites[0].attribute("failures"), Some("2"));
    let failure = suites[0]
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("reference 27")
    );
}

#[test]
fn jsonl_records_have_kinds_and_paths() {
    let output = run_of(&["en_structure.txt"]).render(Format::Jsonl, common::rules());
    let records: Vec<serde_json::Value> = output
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records[0]["kind"], "document");
    assert_eq!(records[0]["path"], "tests/fixtures/en_structure.txt");
    let kinds: std::collections::BTreeSet<&str> = records
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["citation", "document", "finding", "reference", "summary"]
            .into_iter()
            .collect()
    );
    assert_eq!(records.last().unwrap()["kind"], "summary");
    assert_eq!(records.last().unwrap()["rules"]["ST001"], 1);
}

#[test]
fn human_headers_count_columns_in_characters_like_concise() {
    // miette counts bytes; a Chinese line puts the marker at three bytes a character.
    for name in [
        "zh_author_year.txt",
        "zh_superscript.txt",
        "mixed_superscript.txt",
    ] {
        let run = run_of(&[name]);
        let concise: Vec<String> = run
            .render(Format::Concise, common::rules())
            .lines()
            .filter_map(|l| l.split(": ").next())
            .filter(|place| place.starts_with("tests/"))
            .map(str::to_owned)
            .collect();
        let human = run.render(Format::Human, common::rules());
        let headers: Vec<&str> = human
            .lines()
            .filter_map(|l| {
                l.split_once("╭─[")
                    .map(|(_, rest)| rest.trim_end_matches(']'))
            })
            .collect();
        assert!(!concise.is_empty(), "{name}");
        for place in &concise {
            assert!(
                headers.contains(&place.as_str()),
                "{name}: {place} not in {headers:?}"
            );
        }
    }
}

#[test]
fn every_format_follows_fail_on() {
    for format in [
        "human", "concise", "json", "jsonl", "sarif", "github", "gitlab", "junit",
    ] {
        let failing = common::citelint(&[
            "check",
            "--format",
            format,
            "tests/fixtures/en_structure.txt",
        ]);
        assert_eq!(failing.status.code(), Some(1), "{format}");
        let lenient = common::citelint(&[
            "check",
            "--format",
            format,
            "--fail-on",
            "never",
            "tests/fixtures/en_structure.txt",
        ]);
        assert_eq!(lenient.status.code(), Some(0), "{format}");
    }
}

#[test]
fn output_goes_to_a_file() {
    let dir = common::scratch("out");
    let path = dir.join("report.sarif");
    let output = common::citelint(&[
        "check",
        "--format",
        "sarif",
        "--output",
        path.to_str().unwrap(),
        "tests/fixtures/en_structure.txt",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(common::stdout(&output).is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn snapshots_of_ci_formats() {
    let run = run_of(&["en_structure.txt"]);
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true}, {
        for (name, format) in [("sarif", Format::Sarif), ("github", Format::Github), ("gitlab", Format::Gitlab), ("junit", Format::Junit), ("jsonl", Format::Jsonl), ("concise", Format::Concise)] {
            insta::assert_snapshot!(format!("{name}@en_structure.txt"), run.render(format, common::rules()));
        }
    });
}
