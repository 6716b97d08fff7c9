//! The command line as a user meets it: exit codes, formats, bad input that is reported
//! while the run carries on, encodings, stdin, `rules`, `explain`, and rule-file errors.

mod common;

use common::{citelint, fixture, stderr, stdout};

fn temp_dir(name: &str) -> common::Scratch {
    common::scratch(name)
}

/// `citelint check --format jsonl --fail-on never` over `paths`.
fn check_jsonl(paths: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--format", "jsonl", "--fail-on", "never"];
    args.extend_from_slice(paths);
    citelint(&args)
}

#[test]
fn exit_codes_follow_fail_on() {
    let path = "tests/fixtures/en_bracket.md";
    assert_eq!(
        citelint(&["check", "--format", "concise", path])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        citelint(&["check", "--format", "concise", "--fail-on", "never", path])
            .status
            .code(),
        Some(0)
    );
    // en_structure has an error and a warning; mixed has only errors; a clean file has none.
    let clean_dir = temp_dir("clean");
    let clean = clean_dir.join("clean.txt");
    std::fs::write(
        &clean,
        "Exosomes are vesicles [1].\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n",
    )
    .unwrap();
    let clean = clean.to_str().unwrap();
    assert_eq!(
        citelint(&["check", "--format", "json", clean])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        citelint(&["check", "--format", "json", "--fail-on", "info", clean])
            .status
            .code(),
        Some(0)
    );
    let warning_dir = temp_dir("warn");
    let warning_only = warning_dir.join("warn.txt");
    std::fs::write(&warning_only, "Exosomes are vesicles [1].\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n2. Bell C. Another. J Med. 2002;2:3-4.\n").unwrap();
    let warning_only = warning_only.to_str().unwrap();
    assert_eq!(
        citelint(&["check", "--format", "concise", warning_only])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        citelint(&[
            "check",
            "--format",
            "concise",
            "--fail-on",
            "warning",
            warning_only
        ])
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn concise_format_is_path_line_col_code_message() {
    let output = citelint(&[
        "check",
        "--format",
        "concise",
        "tests/fixtures/en_structure.txt",
    ]);
    assert_eq!(
        stdout(&output).lines().next().unwrap(),
        "tests/fixtures/en_structure.txt:5:57: ST001 citation [27] points to reference 27, which the reference list does not hold (it ends at 26)"
    );
}

#[test]
fn json_report_has_schema_version_and_summary() {
    let output = citelint(&["check", "--format", "json", "tests/fixtures"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON parses");
    assert_eq!(value["schema_version"], 1);
    assert_eq!(value["tool"]["name"], "citelint");
    assert_eq!(value["summary"]["documents"], 19);
    let paths: Vec<&str> = value["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "documents come in path order");
    let finding = &value["documents"][0]["findings"][0];
    for key in [
        "code",
        "rule",
        "category",
        "severity",
        "message",
        "help",
        "line",
        "column",
        "end_line",
        "end_column",
        "span",
        "refs",
        "fingerprint",
    ] {
        assert!(!finding[key].is_null(), "finding lacks {key}");
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let one = citelint(&["check", "--format", "json", "--jobs", "1", "tests/fixtures"]);
    let two = citelint(&["check", "--format", "json", "--jobs", "2", "tests/fixtures"]);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn a_run_over_several_documents_ends_with_findings_per_rule() {
    let dir = temp_dir("per-rule");
    std::fs::copy(fixture("en_structure.txt"), dir.join("a.txt")).unwrap();
    std::fs::copy(fixture("en_structure.txt"), dir.join("b.txt")).unwrap();
    let folder = dir.to_str().unwrap();
    // Machine formats: the people's summary on stderr names each rule's count, most
    // frequent first; stdout stays the report alone.
    let machine = citelint(&["check", "--format", "jsonl", folder]);
    let err = stderr(&machine);
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("citelint: 2 errors, 2 warnings, 0 infos in 2 documents"),
        "{err}"
    );
    assert_eq!(
        lines[1..],
        [
            "  2  ST001  unresolved-citation",
            "  2  ST003  duplicate-reference"
        ][..],
        "{err}"
    );
    assert!(!stdout(&machine).contains("unresolved-citation\n"));
    // Human format: the same lines end the report.
    let human = stdout(&citelint(&["check", "--format", "human", folder]));
    assert!(
        human.ends_with(
            "in 2 documents\n  2  ST001  unresolved-citation\n  2  ST003  duplicate-reference\n"
        ),
        "{human}"
    );
    // One document: its findings are the breakdown.
    let single = citelint(&[
        "check",
        "--format",
        "jsonl",
        "tests/fixtures/en_structure.txt",
    ]);
    assert_eq!(stderr(&single).lines().count(), 1, "{}", stderr(&single));
}

#[test]
fn bad_files_are_reported_and_the_run_carries_on() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Caf\xe9 \xff\xfe\xfd text").unwrap();
    std::fs::copy(fixture("en_structure.txt"), dir.join("good.txt")).unwrap();
    let missing = dir.join("missing.txt");
    let output = citelint(&[
        "check",
        "--format",
        "concise",
        dir.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let out = stdout(&output);
    assert!(out.contains("good.txt:5:57: ST001"), "{out}");
    assert!(
        out.contains("binary.txt: error: looks like a binary file"),
        "{out}"
    );
    assert!(
        out.contains("latin1.txt: error: not valid UTF-8, UTF-16 or GB18030"),
        "{out}"
    );
    assert!(
        out.contains("missing.txt: error: no such file or directory"),
        "{out}"
    );
}

#[test]
fn a_file_far_larger_than_a_manuscript_is_reported_not_loaded() {
    let dir = temp_dir("huge");
    // Sparse: 300 MB long, no disk used, and never read.
    std::fs::File::create(dir.join("dump.txt"))
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    std::fs::copy(fixture("en_structure.txt"), dir.join("good.txt")).unwrap();
    let output = citelint(&["check", "--format", "concise", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let out = stdout(&output);
    assert!(
        out.contains(
            "dump.txt: error: larger than 256 MB, far more than a manuscript; not checked"
        ),
        "{out}"
    );
    assert!(out.contains("good.txt:5:57: ST001"), "{out}");
}

#[test]
fn gbk_utf16_and_crlf_manuscripts_read_like_utf8() {
    let dir = temp_dir("encodings");
    let text = std::fs::read_to_string(fixture("zh_superscript.txt")).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(dir.join("gbk.txt"), &gbk).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(dir.join("utf16.txt"), utf16).unwrap();
    std::fs::write(dir.join("crlf.txt"), text.replace('\n', "\r\n")).unwrap();
    let codes = |path: &str| {
        let output = citelint(&["check", "--format", "concise", path]);
        stdout(&output)
            .lines()
            .map(|l| {
                l.split_once(": ")
                    .unwrap()
                    .0
                    .rsplit(':')
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(":")
                    + " "
                    + l.split(": ").nth(1).unwrap().split(' ').next().unwrap()
            })
            .collect::<Vec<_>>()
    };
    let expected = codes(fixture("zh_superscript.txt").to_str().unwrap());
    assert_eq!(expected.len(), 5);
    for name in ["gbk.txt", "utf16.txt", "crlf.txt"] {
        assert_eq!(codes(dir.join(name).to_str().unwrap()), expected, "{name}");
    }
}

#[test]
fn stdin_is_read_with_a_dash() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_citelint"))
        .args(["check", "--format", "concise", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"A trial [2].\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        stdout(&output).starts_with("-:1:9: ST001"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(citelint(&["check"]).status.code(), Some(2));
    assert_eq!(
        citelint(&["check", "--format", "yaml", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(citelint(&["rules", "XX999"]).status.code(), Some(2));
}

#[test]
fn rules_lists_and_explains() {
    let list = stdout(&citelint(&["rules"]));
    for code in [
        "ST001", "ST002", "ST003", "ST004", "ST005", "EV001", "EV002", "EV003", "EV004", "EV005",
        "EV006", "EV007",
    ] {
        assert!(list.contains(code), "{code} missing from\n{list}");
    }
    let one = stdout(&citelint(&["rules", "EV001"]));
    assert!(
        one.starts_with("EV001 clinical-claim-cites-preclinical (evidence, error by default)"),
        "{one}"
    );
    assert!(
        one.contains("## Fires on") && one.contains("## Does not fire on"),
        "{one}"
    );
}

#[test]
fn explain_shows_claims_designs_and_cues() {
    let output = citelint(&["explain", "tests/fixtures/zh_superscript.txt"]);
    let out = stdout(&output);
    assert!(out.contains("[4] animal (confidence 0.9)"), "{out}");
    assert!(out.contains("cues: title: \"大鼠\" (rat)"), "{out}");
    assert!(
        out.contains("rules: EV001 clinical-claim-cites-preclinical (error)"),
        "{out}"
    );
}

fn rule_error(name: &str, toml: &str) -> String {
    let dir = temp_dir(name);
    std::fs::write(dir.join("bad.toml"), toml).unwrap();
    let output = citelint(&[
        "check",
        "--rules",
        dir.to_str().unwrap(),
        "tests/fixtures/en_structure.txt",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // The headline of the miette report, unwrapped.
    let message = stderr(&output);
    let headline: Vec<&str> = message
        .lines()
        .skip_while(|l| !l.contains("bad.toml"))
        .take_while(|l| !l.contains('╭'))
        .map(|l| l.trim().trim_start_matches(['×', '│']).trim())
        .collect();
    let headline = headline.join(" ");
    headline
        .split_once("bad.toml")
        .map(|(_, rest)| format!("bad.toml{rest}"))
        .unwrap_or(message)
}

#[test]
fn malformed_rule_files_point_at_the_offending_line() {
    let unknown_key = "[[rule]]\ncode = \"EV900\"\nname = \"x\"\ncategory = \"evidence\"\nseverity = \"error\"\nsummary = \"s\"\ndescription = \"d\"\nmessage = \"m\"\nhelp = \"h\"\ncolour = \"red\"\n[rule.when]\nclaim_designs = [\"rct\"]\n";
    assert!(rule_error("key", unknown_key).starts_with("bad.toml:10:1: unknown field `colour`"));
    let unknown_design = unknown_key
        .replace("colour = \"red\"\n", "")
        .replace("[\"rct\"]", "[\"rct\", \"mouse-study\"]");
    assert_eq!(
        rule_error("design", &unknown_design).replace(' ', ""),
        "bad.toml:11:25:unknowndesignid\"mouse-study\""
    );
    let broken_regex = "[[pattern]]\ndesign = \"animal\"\nregex = \"(?i)in (rats\"\n";
    let message = rule_error("regex", broken_regex);
    assert!(
        message.starts_with("bad.toml:3:9: invalid regex"),
        "{message}"
    );
    let unicode_boundary = "[[pattern]]\ndesign = \"animal\"\nregex = \"\\\\bin rats\\\\b\"\n";
    assert!(
        rule_error("boundary", unicode_boundary)
            .starts_with("bad.toml:3:9: Unicode \\b is not allowed")
    );
    let empty_literal = "[[pattern]]\ndesign = \"animal\"\nregex = \"in rats\"\nrequires = \" \"\n";
    let message = rule_error("requires", empty_literal);
    assert!(
        message.starts_with("bad.toml:4:12: `requires` must not be empty"),
        "{message}"
    );
    // A list of literals: neither empty nor holding an empty one; a number is no literal.
    for (name, requires) in [("list", "[]"), ("member", "[\"rats\", \"\"]")] {
        let rule = empty_literal.replace("\" \"", requires);
        let message = rule_error(name, &rule);
        assert!(
            message.starts_with("bad.toml:4:12: `requires` must not be empty"),
            "{message}"
        );
    }
    let number = empty_literal.replace("\" \"", "7");
    let message = rule_error("number", &number);
    assert!(
        message.starts_with(
            "bad.toml:4:12: invalid type: integer `7`, expected a string or a list of strings"
        ),
        "{message}"
    );
}

/// A pattern cue's `requires` may list literals, one of which every match contains: a
/// user's pattern whose regex only runs where one occurs.
#[test]
fn a_pattern_cue_may_require_one_of_several_literals() {
    let out = check_with_rule_file(
        "requires-list",
        "[[pattern]]\npopulation = \"animal\"\nscope = \"claim\"\nregex = \"(?i)in (?:alpacas|llamas)\"\nrequires = [\"alpaca\", \"llama\"]\n",
        (
            "doc.md",
            "A randomized controlled trial found it safe in llamas [1].\n\n## References\n\n1. Ames B. Randomized controlled trial of vesicles. J Med. 2001;1:1-2.\n",
        ),
        "jsonl",
    );
    assert!(out.contains(r#"claim: \"in llamas\""#), "{out}");
}

#[test]
fn user_rules_override_defaults_and_extend_the_lexicon() {
    let out = check_with_rule_file(
        "override",
        "[[cue]]\npopulation = \"animal\"\nspecies = \"alpaca\"\nen = [\"alpacas\"]\n\n[[rule]]\ncode = \"ST002\"\nname = \"uncited-reference\"\ncategory = \"structure\"\nseverity = \"error\"\ncheck = \"uncited-reference\"\nsummary = \"s\"\ndescription = \"d\"\nmessage = \"reference {label} is not cited (local rule)\"\nhelp = \"h\"\n",
        (
            "doc.txt",
            "A phase II trial in patients improved outcomes [1].\n\nReferences\n\n1. Ames B. Vesicles in alpacas. J Med. 2001;1:1-2.\n2. Bell C. Another. J Med. 2002;2:3-4.\n",
        ),
        "concise",
    );
    assert!(out.contains("EV001 claim asserts a phase II trial, but reference 1 is an animal study (title: \"alpacas\" (alpaca))"), "{out}");
    assert!(
        out.contains("ST002 reference 2 is not cited (local rule)"),
        "{out}"
    );
}

/// The report in `format` (findings never failing the run) of the manuscript `document`
/// (its file name and text), checked with a rule folder holding `rules` as `local.toml`.
fn check_with_rule_file(name: &str, rules: &str, document: (&str, &str), format: &str) -> String {
    let dir = temp_dir(name);
    std::fs::write(dir.join("local.toml"), rules).unwrap();
    let doc = dir.join(document.0);
    std::fs::write(&doc, document.1).unwrap();
    let output = citelint(&[
        "check",
        "--format",
        format,
        "--fail-on",
        "never",
        "--rules",
        dir.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    stdout(&output)
}

/// citelint started with piped standard streams.
fn spawn_piped(args: &[&str]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_citelint"))
        .args(args)
        .current_dir(common::manifest_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

fn run_with_stdin(args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = spawn_piped(args);
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn stdin_jsonl_contract_tags_every_record_with_its_id() {
    let requests = [
        serde_json::json!({"id": "paper-1", "path": "tests/fixtures/en_structure.txt"}),
        serde_json::json!({"id": 2, "text": "A phase II trial in patients improved [1].\n\nReferences\n\n1. Ames B. Exosomes in rats. J Med. 2001;1:1-2.\n", "format": "text"}),
        serde_json::json!({"id": "bad", "text": 5}),
        serde_json::json!({"id": "missing", "path": "no/such/file.txt"}),
    ];
    let input: String = requests
        .iter()
        .map(|r| format!("{r}\n"))
        .collect::<String>()
        + "not json\n";
    let output = run_with_stdin(&["check", "--stdin-jsonl"], &input);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad request makes the run exit 2"
    );
    let records = common::jsonl_records(&output);
    let first_document = records.iter().find(|r| r["kind"] == "document").unwrap();
    assert_eq!(first_document["id"], "paper-1");
    let findings_of = |id: serde_json::Value| {
        records
            .iter()
            .filter(|r| r["kind"] == "finding" && r["id"] == id)
            .map(|r| r["code"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        findings_of(serde_json::json!("paper-1")),
        ["ST001", "ST003"]
    );
    assert_eq!(findings_of(serde_json::json!(2)), ["EV001"]);
    let errors: Vec<&serde_json::Value> = records.iter().filter(|r| r["kind"] == "error").collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors.iter().any(|e| e["id"] == "missing"));
    assert!(errors.iter().any(|e| e["id"] == "bad"));
    assert_eq!(records.last().unwrap()["kind"], "summary");
    assert_eq!(records.last().unwrap()["documents"], 2);
}

#[test]
fn stdin_jsonl_streams_batch_after_batch_in_input_order() {
    // More requests than one batch holds, with a malformed line in the second batch.
    let mut input = String::new();
    for id in 0..600 {
        if id == 400 {
            input.push_str("{\"id\": 400, \"text\": 5}\n");
            continue;
        }
        let request = serde_json::json!({"id": id, "text": format!("Case {id} improved [1].\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n"), "format": "text"});
        input.push_str(&format!("{request}\n"));
    }
    let output = run_with_stdin(&["check", "--stdin-jsonl"], &input);
    let records = common::jsonl_records(&output);
    let documents: Vec<i64> = records
        .iter()
        .filter(|r| r["kind"] == "document")
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    let expected: Vec<i64> = (0..600).filter(|&id| id != 400).collect();
    assert_eq!(documents, expected);
    let error = records.iter().position(|r| r["kind"] == "error").unwrap();
    assert_eq!(
        (
            records[error]["id"].as_i64(),
            records[error]["path"].as_str()
        ),
        (Some(400), Some("stdin:401"))
    );
    // The error record sits between the records of the requests around it.
    let document_before = records[..error]
        .iter()
        .rev()
        .find(|r| r["kind"] == "document")
        .unwrap();
    let document_after = records[error..]
        .iter()
        .find(|r| r["kind"] == "document")
        .unwrap();
    assert_eq!(
        (
            document_before["id"].as_i64(),
            document_after["id"].as_i64()
        ),
        (Some(399), Some(401))
    );
    let summary = records.last().unwrap();
    assert_eq!(
        (summary["documents"].as_i64(), summary["failed"].as_i64()),
        (Some(599), Some(1))
    );
}

#[test]
fn stdin_jsonl_reports_a_line_of_invalid_utf8_and_reads_on() {
    use std::io::Write;
    let mut child = spawn_piped(&["check", "--stdin-jsonl", "--fail-on", "never"]);
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": 1, \"text\": \"A [1].\"}\n");
    input.extend_from_slice(b"{\"id\": 2, \"text\": \"\xff\xfe\"}\n");
    input.extend_from_slice(b"{\"id\": 3, \"text\": \"B [1].\"}\n");
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    let records = common::jsonl_records(&output);
    let order: Vec<(String, String)> = records
        .iter()
        .filter(|r| r["kind"] == "document" || r["kind"] == "error")
        .map(|r| {
            let what = r["kind"].as_str().unwrap().to_owned();
            let place = if what == "error" {
                r["path"].as_str().unwrap().to_owned()
            } else {
                r["id"].to_string()
            };
            (what, place)
        })
        .collect();
    let expected = [("document", "1"), ("error", "stdin:2"), ("document", "3")]
        .map(|(what, place)| (what.to_owned(), place.to_owned()));
    assert_eq!(order, expected);
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unreadable request exits 2"
    );
}

#[test]
fn stdin_jsonl_answers_each_request_while_its_input_stays_open() {
    // A client that writes one request and waits for its records before the next one, as
    // a request-response loop does: each answer must come with stdin still open.
    use std::io::{BufRead, Write};
    let mut child = spawn_piped(&["check", "--stdin-jsonl", "--fail-on", "never"]);
    let mut stdin = child.stdin.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut answered = Vec::new();
    for id in 0..3 {
        writeln!(stdin, "{}", serde_json::json!({"id": id, "text": "Text [1].\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n"})).unwrap();
        stdin.flush().unwrap();
        let record = receiver.recv_timeout(std::time::Duration::from_secs(30));
        let Ok(record) = record else { break };
        let record: serde_json::Value = serde_json::from_str(&record).unwrap();
        answered.push((record["kind"].clone(), record["id"].clone()));
        // The rest of this request's records.
        while let Ok(more) = receiver.recv_timeout(std::time::Duration::from_millis(200)) {
            let more: serde_json::Value = serde_json::from_str(&more).unwrap();
            assert_eq!(more["id"], id, "{more}");
        }
    }
    drop(stdin);
    let _ = child.wait();
    let expected: Vec<_> = (0..3)
        .map(|id| (serde_json::json!("document"), serde_json::json!(id)))
        .collect();
    assert_eq!(
        answered, expected,
        "each request answered before the next was sent"
    );
}

#[test]
fn a_walk_of_more_files_than_one_batch_streams_in_path_order() {
    // More files than a batch holds (4,096), in nested folders, plus a missing path: every
    // file once, in path order, and the missing path's error after them.
    let dir = temp_dir("many");
    let text = "A phase II trial improved outcomes [1].\n\nReferences\n\n1. Ames B. Exosomes in rats. J Med. 2001;1:1-2.\n";
    for folder in 0..5 {
        let sub = dir.join(format!("j{folder}"));
        std::fs::create_dir(&sub).unwrap();
        for file in 0..850 {
            std::fs::write(sub.join(format!("{file:04}.txt")), text).unwrap();
        }
    }
    let missing = dir.join("missing.txt");
    let output = check_jsonl(&[dir.to_str().unwrap(), missing.to_str().unwrap()]);
    let records = common::jsonl_records(&output);
    let paths: Vec<&str> = records
        .iter()
        .filter(|r| r["kind"] == "document")
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 5 * 850);
    assert!(paths.windows(2).all(|pair| pair[0] < pair[1]), "path order");
    let kinds: Vec<&str> = records
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[kinds.len() - 2..], ["error", "summary"]);
    assert_eq!(records.last().unwrap()["documents"], 5 * 850);
}

#[test]
fn documents_past_the_item_limits_are_refused_and_the_run_goes_on() {
    // Generated files whose report would take gigabytes: a line of 50,001 markers, 20,001
    // reference entries, a million and one blank lines. Each gets an error record saying
    // why; the manuscript after them is checked as usual.
    let markers = format!(
        "Text {}.\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n",
        "[1]".repeat(50_001)
    );
    let entries: String = (0..20_001)
        .map(|i| {
            format!(
                "Ames B, Bell C. {}. A study of rats {i}. J Med 1:1-2.\n",
                1900 + i % 120
            )
        })
        .collect();
    let entries = format!("Text (Ames and Bell, 2001).\n\nReferences\n\n{entries}");
    let blank_lines = "\n".repeat(1_000_001);
    let fine = "A phase II trial in patients improved [1].\n\nReferences\n\n1. Ames B. Exosomes in rats. J Med. 2001;1:1-2.\n";
    let input: String = [
        ("markers", markers.as_str()),
        ("entries", entries.as_str()),
        ("lines", blank_lines.as_str()),
        ("fine", fine),
    ]
    .iter()
    .map(|(id, text)| format!("{}\n", serde_json::json!({"id": id, "text": text})))
    .collect();
    let output = run_with_stdin(&["check", "--stdin-jsonl", "--fail-on", "never"], &input);
    assert_eq!(output.status.code(), Some(2), "refused documents exit 2");
    let records = common::jsonl_records(&output);
    let error_of = |id: &str| -> String {
        records
            .iter()
            .find(|r| r["kind"] == "error" && r["id"] == id)
            .map(|r| r["error"].as_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    assert!(
        error_of("markers").starts_with("50001 citation markers"),
        "{}",
        error_of("markers")
    );
    assert!(
        error_of("entries").starts_with("20001 reference entries"),
        "{}",
        error_of("entries")
    );
    assert!(
        error_of("lines").starts_with("1000001 lines"),
        "{}",
        error_of("lines")
    );
    let fine_findings: Vec<&str> = records
        .iter()
        .filter(|r| r["kind"] == "finding" && r["id"] == "fine")
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(fine_findings, ["EV001"]);
}

#[test]
fn a_reference_library_past_the_entry_limit_is_trimmed_not_refused() {
    // A whole library exported to BibTeX holds more entries than any reference list; only
    // the cited ones count, so the manuscript is checked.
    let dir = temp_dir("library");
    let library: String = (0..20_001)
        .map(|i| format!("@article{{k{i},\n  author = {{Ames, B.}},\n  title = {{Exosomes in rats {i}}},\n  journal = {{J Med}},\n  year = {{2001}}\n}}\n"))
        .collect();
    std::fs::write(dir.join("library.bib"), library).unwrap();
    let manuscript = dir.join("paper.md");
    std::fs::write(
        &manuscript,
        "---\nbibliography: library.bib\n---\n\nA phase II trial in patients improved [@k7].\n",
    )
    .unwrap();
    let output = check_jsonl(&[manuscript.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records = common::jsonl_records(&output);
    let codes: Vec<&str> = records
        .iter()
        .filter(|r| r["kind"] == "finding")
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["EV001"]);
}

#[test]
fn the_machine_summary_carries_wall_time_only_when_asked() {
    let summary_of = |extra: &[&str]| -> serde_json::Value {
        let mut paths = extra.to_vec();
        paths.push("tests/fixtures");
        let records = common::jsonl_records(&check_jsonl(&paths));
        records.last().unwrap().clone()
    };
    let plain = summary_of(&[]);
    assert_eq!(plain["kind"], "summary");
    assert!(plain.get("elapsed_seconds").is_none(), "{plain}");
    let timed = summary_of(&["--timing"]);
    let seconds = timed["elapsed_seconds"]
        .as_f64()
        .expect("a number of seconds");
    assert!((0.0..60.0).contains(&seconds), "{timed}");
    assert_eq!(timed["documents"], plain["documents"]);
}

#[test]
fn include_and_exclude_globs_filter_walked_files() {
    let output = citelint(&[
        "check",
        "--format",
        "json",
        "--include",
        "*.txt",
        "--exclude",
        "zh_*",
        "tests/fixtures",
    ]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let paths: Vec<&str> = value["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "tests/fixtures/en_attribution.txt",
            "tests/fixtures/en_author_year_pdf.txt",
            "tests/fixtures/en_numbered_pdf.txt",
            "tests/fixtures/en_paren.txt",
            "tests/fixtures/en_structure.txt",
            "tests/fixtures/formats/twin.txt",
            "tests/fixtures/mixed_superscript.txt"
        ]
    );
    assert_eq!(
        citelint(&["check", "--include", "[", "tests/fixtures"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    // `citelint … | head`: the reader is gone before citelint writes.
    for args in [
        &["rules"][..],
        &["rules", "EV001"],
        &["explain", "tests/fixtures/en_bracket.md"],
        &["config", "tests/fixtures/en_bracket.md"],
        &["check", "--format", "json", "tests/fixtures/en_bracket.md"],
        &["check", "--format", "jsonl", "tests/fixtures"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_citelint"))
            .args(args)
            .current_dir(common::manifest_dir())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(output.status.code(), Some(101), "{args:?}");
    }
}

#[test]
fn eval_references_scores_every_field_against_the_gold() {
    let dir = temp_dir("eval_references");
    let corpus = dir.join("gold.jsonl");
    // Two GROBID-shaped lines and one BibTeX-shaped line, all parsed right but the second
    // line's pages, which the gold gives wrongly on purpose.
    let lines = [
        r#"{"raw": "Ames B, Cole D. Exosomes reduce infarcts in rats. J Med Res 2001; 12:100-108.", "fields": {"author": ["Ames B, Cole D"], "title.a": ["Exosomes reduce infarcts in rats"], "title.j": ["J Med Res"], "biblScope.vol": ["12"], "biblScope.pp": ["100-108"], "date": ["2001"]}}"#,
        r#"{"raw": "R. Lindqvist and T. Okafor, Synaptic pruning in the developing retina. Neuron, 2011. 70(2): p. 210-22.", "fields": {"author": ["R. Lindqvist and T. Okafor"], "title.a": ["Synaptic pruning in the developing retina"], "title.j": ["Neuron"], "biblScope.vol": ["70"], "biblScope.pp": ["999"], "date": ["2011"]}}"#,
        r#"{"reference": "王明, 李华. 某药物治疗高血压的随机对照试验[J]. 中华医学杂志，2019，99（12）：901-905.", "bib": {"author": "王明 and 李华", "title": "某药物治疗高血压的随机对照试验", "journal": "中华医学杂志", "year": "2019", "volume": "99", "pages": "901--905"}}"#,
    ];
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let output = citelint(&["eval", "references", corpus.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    for expected in [
        "(3 references)",
        "title  accuracy 1.000 (exact match on 3 gold)",
        "year   accuracy 1.000 (exact match on 3 gold)",
        "journal accuracy 1.000 (exact match on 3 gold)",
        "volume accuracy 1.000 (exact match on 3 gold)",
        "pages  accuracy 0.667 (exact match on 3 gold)",
        "author accuracy 1.000 (exact match on 3 gold)",
    ] {
        assert!(report.contains(expected), "{expected:?} in\n{report}");
    }
}
