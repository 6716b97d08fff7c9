//! Configuration discovery, select/ignore, severity overrides, config errors, every
//! suppression form, reference-design overrides, and baselines.

mod common;

use std::path::Path;

use common::{citelint, stderr, stdout};

fn project(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("chapters")).unwrap();
    dir
}

/// A manuscript with an EV001 error (rat study cited for a trial) and an ST002 warning.
const MANUSCRIPT: &str = "A phase II trial in patients improved outcomes [1].\n\nReferences\n\n1. Ames B. Exosomes reduce infarcts in rats. J Med. 2001;1:1-2.\n2. Bell C. Another study. J Med. 2002;2:3-4.\n";

fn codes(output: &std::process::Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter_map(|l| {
            l.split(": ")
                .nth(1)
                .map(|rest| rest.split(' ').next().unwrap().to_owned())
        })
        .collect()
}

fn check(dir: &Path, extra: &[&str], file: &str) -> std::process::Output {
    let path = dir.join(file);
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    citelint(&args)
}

#[test]
fn config_is_found_walking_up_and_applies_select_ignore_and_severity() {
    let dir = project("walk");
    std::fs::write(dir.join("chapters/one.txt"), MANUSCRIPT).unwrap();
    assert_eq!(
        codes(&check(&dir, &[], "chapters/one.txt")),
        ["EV001", "ST002"]
    );

    std::fs::write(
        dir.join("citelint.toml"),
        "ignore = [\"structure\"]\n[severity]\nEV001 = \"warning\"\n",
    )
    .unwrap();
    let output = check(&dir, &[], "chapters/one.txt");
    assert_eq!(codes(&output), ["EV001"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "EV001 lowered to a warning no longer fails the run"
    );

    std::fs::write(
        dir.join("citelint.toml"),
        "select = [\"ST\"]\nfail-on = \"warning\"\n",
    )
    .unwrap();
    let output = check(&dir, &[], "chapters/one.txt");
    assert_eq!(codes(&output), ["ST002"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "fail-on = warning from the file"
    );
    // The command line's --fail-on wins over the file.
    assert_eq!(
        check(&dir, &["--fail-on", "error"], "chapters/one.txt")
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn select_and_ignore_flags_win_over_the_configuration() {
    let dir = project("flags");
    std::fs::write(dir.join("chapters/one.txt"), MANUSCRIPT).unwrap();
    assert_eq!(
        codes(&check(&dir, &["--select", "EV"], "chapters/one.txt")),
        ["EV001"]
    );
    assert_eq!(
        codes(&check(
            &dir,
            &["--ignore", "EV001,structure"],
            "chapters/one.txt"
        )),
        Vec::<String>::new()
    );
    // The file ignores structure rules and an override ignores evidence rules; the
    // command line's --select replaces both, and its --ignore adds to the file's.
    std::fs::write(
        dir.join("citelint.toml"),
        "ignore = [\"structure\"]\n[[overrides]]\npaths = [\"chapters/**\"]\nignore = [\"EV\"]\n",
    )
    .unwrap();
    assert!(codes(&check(&dir, &[], "chapters/one.txt")).is_empty());
    assert_eq!(
        codes(&check(
            &dir,
            &["--select", "ST002,EV001"],
            "chapters/one.txt"
        )),
        ["EV001", "ST002"]
    );
    assert_eq!(
        codes(&check(
            &dir,
            &[
                "--select", "evidence", "--select", "ST", "--ignore", "EV001"
            ],
            "chapters/one.txt"
        )),
        ["ST002"]
    );
    // A value that is no selector, or that no rule answers to, is a usage error.
    for bad in ["ev001", "XX9"] {
        let output = check(&dir, &["--select", bad], "chapters/one.txt");
        assert_eq!(output.status.code(), Some(2), "--select {bad}");
        assert!(stderr(&output).contains(bad), "{}", stderr(&output));
        assert!(stdout(&output).is_empty());
    }
}

#[test]
fn pyproject_tool_table_and_per_path_overrides() {
    let dir = project("pyproject");
    std::fs::write(dir.join("chapters/one.txt"), MANUSCRIPT).unwrap();
    std::fs::write(dir.join("draft.txt"), MANUSCRIPT).unwrap();
    std::fs::write(
        dir.join("pyproject.toml"),
        "[project]\nname = \"paper\"\n\n[tool.citelint]\nignore = [\"ST002\"]\n\n[[tool.citelint.overrides]]\npaths = [\"chapters/**\"]\nignore = [\"EV\"]\n",
    )
    .unwrap();
    assert_eq!(codes(&check(&dir, &[], "draft.txt")), ["EV001"]);
    assert!(codes(&check(&dir, &[], "chapters/one.txt")).is_empty());
    let shown = stdout(&citelint(&[
        "config",
        dir.join("chapters/one.txt").to_str().unwrap(),
    ]));
    assert!(
        shown.contains("pyproject.toml") && shown.contains("chapters/**"),
        "{shown}"
    );
}

#[test]
fn unknown_config_key_is_an_error_with_file_line_and_key() {
    let dir = project("badkey");
    std::fs::write(dir.join("chapters/one.txt"), MANUSCRIPT).unwrap();
    std::fs::write(
        dir.join("citelint.toml"),
        "select = [\"EV\"]\nfail_level = \"warning\"\n",
    )
    .unwrap();
    let output = check(&dir, &[], "chapters/one.txt");
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output)
        .replace(['│', '×'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        message.contains("citelint.toml:2:1: unknown field `fail_level`"),
        "{message}"
    );
    std::fs::write(dir.join("citelint.toml"), "[severity]\nEV001 = \"fatal\"\n").unwrap();
    let message = stderr(&check(&dir, &[], "chapters/one.txt"))
        .replace(['│', '×'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        message.contains("citelint.toml:2:9: unknown severity \"fatal\""),
        "{message}"
    );
}

#[test]
fn explicit_config_overrides_discovery() {
    let dir = project("explicit");
    std::fs::write(dir.join("chapters/one.txt"), MANUSCRIPT).unwrap();
    std::fs::write(dir.join("citelint.toml"), "ignore = [\"evidence\"]\n").unwrap();
    std::fs::write(dir.join("strict.toml"), "select = [\"evidence\"]\n").unwrap();
    let config = dir.join("strict.toml");
    assert_eq!(
        codes(&check(
            &dir,
            &["--config", config.to_str().unwrap()],
            "chapters/one.txt"
        )),
        ["EV001"]
    );
}

#[test]
fn markdown_suppression_forms() {
    let dir = project("suppress");
    let text = "<!-- citelint-disable-next-line EV001 -->\nA phase II trial in patients improved outcomes [1].\n\n<!-- citelint-disable evidence -->\nA randomized controlled trial in patients confirmed it [1].\n<!-- citelint-enable -->\n\nA case report described a patient who improved [1].\n\n<!-- citelint-disable-next-line ST001 -->\nNothing to suppress here.\n\nReferences\n\n1. Ames B. Exosomes reduce infarcts in rats. J Med. 2001;1:1-2.\n";
    std::fs::write(dir.join("doc.md"), text).unwrap();
    let output = check(&dir, &[], "doc.md");
    let lines: Vec<String> = stdout(&output)
        .lines()
        .map(|l| l.split_once(':').unwrap().1.to_owned())
        .collect();
    assert_eq!(
        lines,
        [
            "8:48: EV001 claim asserts a case report, but reference 1 is an animal study (title: \"rats\" (rat))",
            "10:1: ST007 this suppression suppresses nothing: <!-- citelint-disable-next-line ST001 -->"
        ]
    );
}

#[test]
fn latex_comment_suppression_and_invalid_directives() {
    let dir = project("latex");
    let text = "% citelint-disable-next-line EV001\nA phase II trial in patients improved outcomes [1].\n% citelint-disable-next-line XX\nA phase II trial in patients improved outcomes again [1].\n\nReferences\n\n1. Ames B. Exosomes reduce infarcts in rats. J Med. 2001;1:1-2.\n";
    std::fs::write(dir.join("doc.txt"), text).unwrap();
    let found = codes(&check(&dir, &[], "doc.txt"));
    // XX is a valid code prefix (it matches nothing), so the line is suppressed for no rule:
    // EV001 fires on line 4 and the directive is reported unused.
    assert_eq!(found, ["ST007", "EV001"]);
    std::fs::write(dir.join("bad.txt"), "<!-- citelint: ref 1 is mouse-study -->\nText [1].\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n").unwrap();
    let output = check(&dir, &[], "bad.txt");
    assert!(
        stdout(&output)
            .contains("ST008 cannot read this directive (unknown design id \"mouse-study\""),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_reference_design_override_changes_the_finding() {
    let dir = project("override");
    // Without the override the title shows no design: EV007 (no clinical signal).
    let plain = "A phase II trial in patients improved outcomes [1].\n\nReferences\n\n1. Ames B. Exosomes ameliorate nephropathy via paracrine effects. J Med. 2001;1:1-2.\n";
    std::fs::write(dir.join("plain.md"), plain).unwrap();
    assert_eq!(codes(&check(&dir, &[], "plain.md")), ["EV007"]);
    // Stating that reference 1 is a phase II trial silences it…
    std::fs::write(
        dir.join("trial.md"),
        format!("<!-- citelint: ref 1 is clinical-trial phase II -->\n{plain}"),
    )
    .unwrap();
    assert!(codes(&check(&dir, &[], "trial.md")).is_empty());
    // …and stating a phase III trial turns it into a phase mismatch, recorded as a user assertion.
    std::fs::write(
        dir.join("phase3.md"),
        format!("<!-- citelint: ref 1 is clinical-trial phase III -->\n{plain}"),
    )
    .unwrap();
    assert_eq!(codes(&check(&dir, &[], "phase3.md")), ["EV003"]);
    let json = citelint(&[
        "check",
        "--format",
        "json",
        dir.join("phase3.md").to_str().unwrap(),
    ]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let reference = &value["documents"][0]["references"][0];
    assert_eq!(reference["user_asserted"], true);
    assert_eq!(reference["confidence"], 1.0);
    assert!(
        reference["evidence"][0]
            .as_str()
            .unwrap()
            .starts_with("user: ")
    );
}

#[test]
fn baseline_hides_old_findings_while_a_new_one_fails_the_run() {
    let dir = project("baseline");
    let doc = dir.join("paper.md");
    std::fs::write(&doc, MANUSCRIPT).unwrap();
    let baseline = dir.join("citelint-baseline.json");
    let written = citelint(&[
        "check",
        "--format",
        "concise",
        "--write-baseline",
        baseline.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert_eq!(
        written.status.code(),
        Some(0),
        "writing a baseline accepts the current findings"
    );
    // Edits elsewhere (a new paragraph on top) keep the old findings hidden.
    std::fs::write(
        &doc,
        format!("An introduction that moves every line down.\n\n{MANUSCRIPT}"),
    )
    .unwrap();
    let quiet = citelint(&[
        "check",
        "--format",
        "concise",
        "--baseline",
        baseline.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert_eq!(quiet.status.code(), Some(0), "{}", stdout(&quiet));
    assert!(stdout(&quiet).is_empty());
    // A new mismatch still fails.
    let with_new = MANUSCRIPT
        .replace(
            "\n\nReferences",
            " A randomized controlled trial confirmed it [2].\n\nReferences",
        )
        .replace(
            "Bell C. Another study.",
            "Bell C. Vesicles protect cardiomyocytes in vitro.",
        );
    std::fs::write(&doc, with_new).unwrap();
    let failing = citelint(&[
        "check",
        "--format",
        "concise",
        "--baseline",
        baseline.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert_eq!(failing.status.code(), Some(1));
    assert_eq!(codes(&failing), ["EV001"]);
    assert!(stdout(&failing).contains("reference 2"));
}
