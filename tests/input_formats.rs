//! Input formats: the same claims in text, Markdown + BibTeX, LaTeX + BibTeX, JATS and DOCX
//! (made with python-docx: superscript citations, and Zotero field codes) give the same
//! findings, located in the original file; citations in comments, code blocks and front
//! matter are not reported; `--bib` takes CSL-JSON and RIS; broken files are clear errors.

mod common;

use common::{citelint, stdout};

/// (code, line, column) of every finding.
fn located(path: &str, extra: &[&str]) -> Vec<(String, usize, usize)> {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    args.push(path);
    let output = citelint(&args);
    let value: serde_json::Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("{path}: {e}: {}", stdout(&output)));
    assert_eq!(
        value["summary"]["failed"],
        0,
        "{path}: {}",
        common::stderr(&output)
    );
    value["documents"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap() as usize,
                f["column"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

fn expected(rows: [(usize, usize); 3]) -> Vec<(String, usize, usize)> {
    ["EV003", "EV004", "EV001"]
        .iter()
        .zip(rows)
        .map(|(code, (l, c))| (code.to_string(), l, c))
        .collect()
}

#[test]
fn every_format_gives_the_plain_text_findings_at_original_positions() {
    let dir = "tests/fixtures/formats";
    assert_eq!(
        located(&format!("{dir}/twin.txt"), &[]),
        expected([(3, 75), (4, 93), (5, 76)])
    );
    assert_eq!(
        located(&format!("{dir}/twin.md"), &[]),
        expected([(7, 75), (8, 93), (9, 76)])
    );
    assert_eq!(
        located(&format!("{dir}/twin.tex"), &[]),
        expected([(6, 75), (7, 100), (8, 76)])
    );
    assert_eq!(
        located(&format!("{dir}/twin.nxml"), &[]),
        // A character reference ("phase&#x000a0;III") and a tag inside a cue
        // ("randomized <italic>controlled</italic> trial") read as the words they show.
        expected([(13, 123), (14, 141), (15, 107)])
    );
    // DOCX lines are paragraph numbers (the title is paragraph 1).
    assert_eq!(
        located(&format!("{dir}/twin.docx"), &[]),
        expected([(2, 74), (3, 92), (4, 75)])
    );
    assert_eq!(
        located(&format!("{dir}/zotero.docx"), &[]),
        expected([(2, 75), (3, 93), (4, 76)])
    );
}

#[test]
fn the_report_says_which_format_was_read() {
    for (file, format) in [
        ("twin.txt", "text"),
        ("twin.md", "markdown"),
        ("twin.tex", "latex"),
        ("twin.nxml", "jats"),
        ("twin.docx", "docx"),
    ] {
        let output = citelint(&[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            &format!("tests/fixtures/formats/{file}"),
        ]);
        let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(value["documents"][0]["format"], format, "{file}");
    }
}

#[test]
fn comments_code_blocks_and_front_matter_are_not_citations() {
    for file in ["twin.md", "twin.tex", "twin.nxml"] {
        let output = citelint(&[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            &format!("tests/fixtures/formats/{file}"),
        ]);
        let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let citations = value["documents"][0]["citations"].as_array().unwrap();
        assert_eq!(citations.len(), 4, "{file}");
        assert!(
            citations.iter().all(|c| c["unresolved"].is_null()),
            "{file}: a hidden citation was read"
        );
        let text = serde_json::to_string(&value).unwrap();
        assert!(!text.contains("hidden"), "{file}");
    }
}

/// The reference labels and finding codes of the one document at `path`.
fn labels_and_codes(path: &str, extra: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut args = vec!["check", "--format", "json", "--fail-on", "never"];
    args.extend_from_slice(extra);
    args.push(path);
    let value: serde_json::Value = serde_json::from_str(&stdout(&citelint(&args))).unwrap();
    let strings = |key: &str, field: &str| {
        value["documents"][0][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[field].as_str().unwrap().to_owned())
            .collect()
    };
    (strings("references", "label"), strings("findings", "code"))
}

#[test]
fn a_bibliography_database_lists_only_the_works_cited() {
    // A .bib file is a library: BibTeX and pandoc print only the entries cited, so the
    // work nobody cites is neither in the reference list nor a finding.
    let dir = common::scratch("database");
    let formats = common::manifest_dir().join("tests/fixtures/formats");
    let mut bib = std::fs::read_to_string(formats.join("twin.bib")).unwrap();
    bib.push_str("\n@article{zed2001,\n  author = {Zed, Adam},\n  title = {A paper cited elsewhere},\n  journal = {J Other},\n  year = {2001}\n}\n");
    std::fs::write(dir.join("twin.bib"), &bib).unwrap();
    for file in ["twin.tex", "twin.md"] {
        std::fs::copy(formats.join(file), dir.join(file)).unwrap();
        let (labels, codes) = labels_and_codes(dir.join(file).to_str().unwrap(), &[]);
        assert_eq!(labels, ["ames2020", "cole2019", "lane2008"], "{file}");
        assert_eq!(codes, ["EV003", "EV004", "EV001"], "{file}");
    }
    let (labels, codes) = labels_and_codes(
        "tests/fixtures/formats/pandoc.md",
        &["--bib", dir.join("twin.bib").to_str().unwrap()],
    );
    assert!(!labels.contains(&"zed2001".to_owned()), "{labels:?}");
    assert!(!codes.contains(&"ST002".to_owned()), "{codes:?}");
    // A thebibliography list is the printed list itself: its uncited item is reported.
    let listed = dir.join("listed.tex");
    std::fs::write(
        &listed,
        "\\begin{document}\nA trial \\cite{ames}.\n\\begin{thebibliography}{9}\n\\bibitem{ames} Ames RT. A phase II randomized trial. Lancet. 2020;395:100-109.\n\\bibitem{zed} Zed A. A paper cited elsewhere. J Other. 2001;1:1-2.\n\\end{thebibliography}\n\\end{document}\n",
    )
    .unwrap();
    let (labels, codes) = labels_and_codes(listed.to_str().unwrap(), &[]);
    assert_eq!(labels, ["ames", "zed"]);
    assert_eq!(codes, ["ST002"]);
}

#[test]
fn bib_option_takes_csl_json_and_ris() {
    for bib in [
        "tests/fixtures/formats/twin.json",
        "tests/fixtures/formats/twin.ris",
        "tests/fixtures/formats/twin.bib",
    ] {
        let found = located("tests/fixtures/formats/pandoc.md", &["--bib", bib]);
        let codes: Vec<&str> = found.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(codes, ["EV003", "EV001"], "{bib}");
    }
}

#[test]
fn all_jats_articles_load_and_every_bibr_xref_links_including_ranges() {
    let dir = common::manifest_dir().join("../shared/corpora/manuscripts/jats");
    if !dir.is_dir() {
        eprintln!("../shared/corpora not found; skipping");
        return;
    }
    let output = citelint(&[
        "check",
        "--format",
        "json",
        "--fail-on",
        "never",
        dir.to_str().unwrap(),
    ]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let documents = value["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 8);
    assert_eq!(value["summary"]["failed"], 0);
    for document in documents {
        let citations = document["citations"].as_array().unwrap();
        assert!(!citations.is_empty(), "{}", document["path"]);
        assert!(
            citations.iter().all(|c| c["unresolved"].is_null()),
            "{}: an xref points to no reference",
            document["path"]
        );
        assert!(document["references"].as_array().unwrap().len() >= 30);
        // The articles cite every entry, many only inside ranges ("[1–9]" is two links
        // joined by a dash), and in order.
        let structure: Vec<&serde_json::Value> = document["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| matches!(f["code"].as_str(), Some("ST002" | "ST005")))
            .collect();
        assert!(structure.is_empty(), "{}: {structure:?}", document["path"]);
    }
}

fn failure_of(name: &str, content: &[u8], extra: &[&str]) -> String {
    let dir = common::scratch("formats");
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(extra);
    let target = if name.ends_with(".bib") {
        std::fs::write(dir.join("doc.md"), "A trial [@x].\n").unwrap();
        args.push("--bib");
        args.push(path.to_str().unwrap());
        dir.join("doc.md")
    } else {
        path.clone()
    };
    args.push(target.to_str().unwrap());
    let output = citelint(&args);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    stdout(&output)
}

#[test]
fn malformed_bib_xml_and_docx_are_clear_errors() {
    // (file, content, what the error says)
    let cases: [(&str, &[u8], &[&str]); 5] = [
        (
            "broken.bib",
            b"@article{a,\n  title = {ok},\n}\n@article{b,\n  title = {unclosed\n",
            &["broken.bib: error: 6:1: BibTeX: unexpected end of file"],
        ),
        (
            "broken.nxml",
            b"<article>\n  <body><p>Text <xref rid=\"B1\">1</p></body>\n</article>\n",
            &["broken.nxml: error: 2:", "XML"],
        ),
        (
            "inline.md",
            b"---\ntitle: A review\nreferences:\n- id: ames2020\n  title: A phase II trial\n---\n\nA phase III trial [@ames2020].\n",
            &["inline.md: error: 3:1: the front matter lists its references inline"],
        ),
        // A missing bibliography is reported at the manuscript line that names it.
        (
            "nobib.md",
            b"---\nbibliography: nothere.bib\n---\n\nA trial [@a].\n",
            &["nobib.md: error: 2:1: cannot read the bibliography", "nothere.bib"],
        ),
        (
            "broken.docx",
            b"PK\x03\x04 this is not a zip archive",
            &["broken.docx: error: 1:1: DOCX: not a Word document"],
        ),
    ];
    for (name, content, expected) in cases {
        let error = failure_of(name, content, &[]);
        for part in expected {
            assert!(error.contains(part), "{name}: {error}");
        }
    }
}

#[test]
fn jats_names_written_with_character_references_are_read_as_names() {
    // "M&#x000fc;ller" and "&#x000d6;zt&#x000fc;rk": a mismatch with the cited authors is
    // found, and a match is not reported.
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<article>
  <body>
    <p>M&#x000fc;ller et al. found that exosomes reduced infarcts in rats <xref ref-type="bibr" rid="B1">1</xref>.
&#x000d6;zt&#x000fc;rk et al. found the same in mice <xref ref-type="bibr" rid="B2">2</xref>.</p>
  </body>
  <back>
    <ref-list>
      <ref id="B1"><label>1</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Smith</surname><given-names>A</given-names></name></person-group><article-title>Exosomes in rats</article-title><source>J Med</source><year>2001</year></element-citation></ref>
      <ref id="B2"><label>2</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>&#x000d6;zt&#x000fc;rk</surname><given-names>B</given-names></name></person-group><article-title>Exosomes in mice</article-title><source>J Med</source><year>2002</year></element-citation></ref>
    </ref-list>
  </back>
</article>
"#;
    let report = citelint::check_text("names.nxml", xml, common::rules());
    let attributions: Vec<(&str, &str)> = report
        .findings
        .iter()
        .filter(|f| f.code.starts_with("AT"))
        .map(|f| (f.code.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(attributions.len(), 1, "{attributions:?}");
    assert!(
        attributions[0]
            .1
            .contains("names Müller et al., but reference 1 is by Smith"),
        "{attributions:?}"
    );
}
