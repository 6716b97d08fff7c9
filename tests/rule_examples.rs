//! Every rule carries examples that must fire and examples that must not; this test runs
//! each one, so a rule file change that breaks its own examples fails the suite.

mod common;

#[test]
fn every_rule_has_firing_and_quiet_examples() {
    for rule in &common::rules().rules {
        assert!(
            rule.examples.iter().any(|e| e.fires),
            "{} has no example that fires",
            rule.code
        );
        assert!(
            rule.examples.iter().any(|e| !e.fires),
            "{} has no example that stays quiet",
            rule.code
        );
    }
}

#[test]
fn rule_examples_behave_as_stated() {
    let mut failures = Vec::new();
    for rule in &common::rules().rules {
        for (index, example) in rule.examples.iter().enumerate() {
            let manuscript = example.manuscript();
            let report = citelint::check_text("example.txt", &manuscript, common::rules());
            let fired = report.findings.iter().any(|f| f.code == rule.code);
            if fired != example.fires {
                let found: Vec<String> = report
                    .findings
                    .iter()
                    .map(|f| format!("{} {}", f.code, f.message))
                    .collect();
                failures.push(format!(
                    "{} example {} should {}fire:\n{}\nfindings: {:#?}\nclaims: {:#?}\nreferences: {:#?}",
                    rule.code,
                    index + 1,
                    if example.fires { "" } else { "not " },
                    manuscript,
                    found,
                    report.citations.iter().map(|c| (&c.claim.designs, c.claim.negated, c.claim.need)).collect::<Vec<_>>(),
                    report.references.iter().map(|r| (&r.label, r.design, r.confidence, &r.evidence)).collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn rule_docs_name_what_they_check() {
    for rule in &common::rules().rules {
        let doc = citelint::cli::describe_rule(rule);
        assert!(
            doc.contains(&rule.code) && doc.contains(&rule.name) && doc.contains("What it checks"),
            "{doc}"
        );
        assert!(
            !rule.description.is_empty() && !rule.help.is_empty(),
            "{} lacks description or help",
            rule.code
        );
    }
}

#[test]
fn every_rule_file_is_embedded() {
    fn toml_files(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                toml_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(
                    path.strip_prefix(common::manifest_dir())
                        .unwrap()
                        .display()
                        .to_string(),
                );
            }
        }
    }
    let mut on_disk = Vec::new();
    toml_files(&common::manifest_dir().join("rules"), &mut on_disk);
    on_disk.sort();
    let mut embedded: Vec<String> = citelint::rules::embedded::DEFAULT_RULE_FILES
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    embedded.sort();
    assert_eq!(
        on_disk, embedded,
        "rules/ and src/rules/embedded.rs have drifted"
    );
}
