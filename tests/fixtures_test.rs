//! Fixture manuscripts (English, Chinese, mixed; every marker style): the findings each must
//! produce, asserted exactly, plus insta snapshots of the JSON and human output.

mod common;

use citelint::check::DocumentReport;
use citelint::report::{self, RunReport};

/// Checks a fixture by its path relative to the crate root (where cargo runs tests), so
/// paths and the fingerprints built from them are the same on every machine.
fn check_fixture(name: &str) -> DocumentReport {
    let path = std::path::PathBuf::from("tests/fixtures").join(name);
    let document = citelint::read_document(&path).expect("fixture reads");
    citelint::check_document(document, common::rules())
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
fn a_pdf_list_numbered_without_stops_is_read_entry_by_entry() {
    // "1 World Health …": bare numbers, entries wrapped, one wrap opening with a number.
    let report = check_fixture("en_numbered_pdf.txt");
    let labels: Vec<&str> = report.references.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3", "4", "5"]);
    assert!(
        report.references[3]
            .raw
            .contains("12 International Congress")
    );
    assert_eq!(
        findings(&report),
        expect(&[
            ("EV003", 8, &["3"]),
            ("EV001", 9, &["4"]),
            ("ST001", 10, &["6"]),
        ])
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
        (Some("J"), Some(2017), Some("免疫学杂志"))
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
fn english_round_bracket_style() {
    // Numbers in round brackets cite the numbered list; the enumeration "(1) does …, and
    // (2) is it safe?", the ages "(18-65)", the confidence interval and "(Table 1)" do not.
    let report = check_fixture("en_paren.txt");
    assert_eq!(report.references.len(), 10);
    assert_eq!(
        findings(&report),
        expect(&[
            ("EV001", 10, &["4"]),
            ("EV003", 11, &["5"]),
            ("ST001", 14, &["11"]),
        ])
    );
    let markers: Vec<&str> = report.citations.iter().map(|c| c.marker.as_str()).collect();
    assert_eq!(
        markers,
        [
            "(1)", "(2, 3)", "(4)", "(5)", "(6)", "(7-9)", "(10)", "(11)"
        ]
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

#[test]
fn english_author_year_forms_link_and_report() {
    let report = check_fixture("en_author_year.md");
    let refs_of = |marker: &str| {
        report
            .citations
            .iter()
            .find(|c| c.marker == marker)
            .unwrap_or_else(|| {
                panic!(
                    "{marker} not found in {:?}",
                    report
                        .citations
                        .iter()
                        .map(|c| &c.marker)
                        .collect::<Vec<_>>()
                )
            })
            .refs
            .clone()
    };
    assert_eq!(refs_of("(Marsh & Dunmore, 2006)"), ["marsh2006"]);
    assert_eq!(
        refs_of("(Garcia et al., 2009; Pinto and Pereira 2016)"),
        ["garcia2009", "pinto2016"]
    );
    assert_eq!(refs_of("Smith and colleagues (2019)"), ["smith2019"]);
    assert_eq!(refs_of("(Nakamura et al., 2015, p. 4)"), ["nakamura2015"]);
    assert_eq!(refs_of("Van Dongen et al. (2017)"), ["vandongen2017"]);
    assert_eq!(refs_of("[Visser 2017]"), ["visser2017"]);
    assert_eq!(refs_of("Gorombei et al. (2018)"), ["gorombei2018"]);
    assert_eq!(refs_of("(see Görömbei et al., 2018)"), ["gorombei2018"]);
    assert_eq!(refs_of("Le Roux and Ferrante (2010)"), ["leroux2010"]);
    assert_eq!(refs_of("(e.g., Le Roux, 2010)"), ["leroux2010"]);
    assert_eq!(refs_of("(Ward, 2020b)"), ["ward2020b"]);
    assert_eq!(refs_of("Béraud et al. (2019)"), ["beraud2019"]);
    assert_eq!(
        findings(&report),
        expect(&[
            ("EV007", 6, &["nakamura2015"]),
            ("ST009", 10, &["ward2020a", "ward2020b"]),
            ("ST001", 11, &["Zhou, 2015"]),
            ("ST002", 26, &["ward2020a"]),
        ])
    );
}

#[test]
fn author_year_text_extracted_from_a_pdf() {
    let report = check_fixture("en_author_year_pdf.txt");
    // DOI lines, a page range carried to the next line ("24-" / "34. doi:…"), page furniture
    // and a running header all stay inside their entries; "H. and" and particle author
    // lists open new ones.
    let labels: Vec<&str> = report.references.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "ames2001a",
            "ames2001b",
            "bell2003",
            "dunn2006",
            "egan2007",
            "ford2008",
            "grant2008",
            "hale2009",
            "irwin2010",
            "kerr2011",
            "labuda2004",
            "lowe2012",
            "nash2013",
            "vandenberg2005",
        ]
    );
    // A group over three lines with a bare year ("2001b; 2001a"), an inner capital (LaBuda)
    // and two particles (van den Berg) links every item.
    assert_eq!(
        report.citations[0].refs,
        [
            "ames2001b",
            "ames2001a",
            "bell2003",
            "labuda2004",
            "vandenberg2005",
            "dunn2006",
            "egan2007",
            "ford2008",
            "hale2009",
            "irwin2010",
            "kerr2011",
        ]
    );
    // A group broken by a page (a running header, repeated on every page, and a page
    // number between "Kerr et" and "al., 2011") reads as one.
    assert_eq!(
        report.citations[1].marker,
        "(Ames et al., 2001a; Kerr et al., 2011)"
    );
    assert_eq!(report.citations[1].refs, ["ames2001a", "kerr2011"]);
    // A meta-analysis crediting the three studies it pooled is no EV005; one crediting a
    // single mouse study is.
    assert_eq!(
        findings(&report),
        expect(&[("EV005", 16, &["hale2009"]), ("ST002", 35, &["grant2008"])])
    );
}

#[test]
fn chinese_author_year_forms_link_and_report() {
    let report = check_fixture("zh_author_year.txt");
    let markers: Vec<(&str, Vec<String>)> = report
        .citations
        .iter()
        .map(|c| (c.marker.as_str(), c.refs.clone()))
        .collect();
    assert_eq!(
        markers,
        vec![
            ("（张伟等，2019）", vec!["张伟2019".to_owned()]),
            ("刘洋等(2021)", vec!["刘洋2021".to_owned()]),
            ("Smith等(2019)", vec!["smith2019".to_owned()]),
            (
                "（王明，2017；李华等，2020）",
                vec!["王明2017".to_owned(), "李华2020".to_owned()]
            ),
            ("陈刚等人(2015)", vec!["陈刚2015".to_owned()]),
            ("（赵磊，2016）", vec![]),
        ]
    );
    assert_eq!(
        findings(&report),
        expect(&[("EV001", 3, &["刘洋2021"]), ("ST001", 5, &["赵磊，2016"])])
    );
}

#[test]
fn attribution_with_numbered_citations() {
    let report = check_fixture("en_attribution.txt");
    assert_eq!(
        findings(&report),
        expect(&[
            ("AT001", 3, &["1"]),
            ("AT002", 4, &["2"]),
            ("AT001", 6, &["2"])
        ])
    );
    assert!(
        report.findings[0]
            .message
            .contains("names Smith et al., but reference 1 is by Tanaka L"),
        "{}",
        report.findings[0].message
    );
    assert!(
        report.findings[1]
            .message
            .contains("dates Halvorsen and Quirke (2014) to 2014, but reference 2 is from 2013")
    );
    // Eponyms and names inside the reference list are not authors.
    assert!(
        report
            .citations
            .iter()
            .find(|c| c.marker == "[4]")
            .unwrap()
            .named_author
            .is_none()
    );
}

#[test]
fn cues_read_across_line_breaks_and_in_latex_spelling() {
    let designs_of = |text: &str| {
        let report = citelint::check_text(
            "a.txt",
            &format!("{text}\n\nReferences\n\n1. Ames B. Exosomes in rats. J Med. 2001;1:1-2.\n"),
            common::rules(),
        );
        let claim = &report.citations[0].claim;
        (claim.designs.clone(), claim.phase)
    };
    // A hard-wrapped line splits "phase II"; the claim still names the phase.
    let (designs, phase) = designs_of("Patients improved in a phase\nII trial of exosomes [1].");
    assert_eq!(phase.map(|p| p.id()), Some("II"));
    assert!(
        designs.contains(&citelint::model::Design::ClinicalTrial),
        "{designs:?}"
    );
    // LaTeX writes the en dash of "case–control" as "--".
    let (designs, _) = designs_of("A case--control study of patients found the same [1].");
    assert!(
        designs.contains(&citelint::model::Design::Observational),
        "{designs:?}"
    );
}

#[test]
fn markdown_emphasis_and_entities_read_as_the_words_they_mark() {
    let text = "A randomized *controlled* trial in patients improved outcomes [1]. A case&ndash;control study agreed [1].\n\n## References\n\n1. Ames B. Exosomes in rats. *J Med*. 2001;1:1-2.\n";
    let report = citelint::check_text("a.md", text, common::rules());
    let claims: Vec<(&str, Vec<citelint::model::Design>)> = report
        .citations
        .iter()
        .map(|c| (c.claim.text.as_str(), c.claim.designs.clone()))
        .collect();
    assert_eq!(
        claims[0],
        (
            "A randomized controlled trial in patients improved outcomes [1].",
            vec![citelint::model::Design::Rct]
        )
    );
    assert_eq!(claims[1].0, "A case–control study agreed [1].");
    assert!(
        claims[1]
            .1
            .contains(&citelint::model::Design::Observational)
    );
    // The entry reads without its emphasis marks too.
    assert_eq!(
        report.references[0].raw,
        "Ames B. Exosomes in rats. J Med. 2001;1:1-2."
    );
}

#[test]
fn claims_reach_back_only_through_a_continuation() {
    let references = "\n\nReferences\n\n1. Ames B. Exosomes reduce infarcts in rats. J Med. 2001;1:1-2.\n2. Bell C. Prevalence of diabetes: a nationwide cohort study. J Med. 2010;1:1-2.\n";
    // "However, …" continues the uncited trial sentence before it: EV001 fires.
    let continued = format!(
        "In a phase II trial, patients improved after infusion. However, further studies are needed [1].{references}"
    );
    let report = citelint::check_text("a.txt", &continued, common::rules());
    assert_eq!(
        report
            .findings
            .iter()
            .map(|f| f.code.as_str())
            .filter(|c| c.starts_with("EV"))
            .collect::<Vec<_>>(),
        ["EV001"]
    );
    // A fresh background clause does not inherit "meta-analysis" from the sentence before.
    let fresh = format!(
        "For the meta-analysis, data were extracted from 27 studies [1]. Because of differences in prevalence, [2] subgroups were formed.{references}"
    );
    let report = citelint::check_text("b.txt", &fresh, common::rules());
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.code == "EV005" && f.refs == ["2"]),
        "{:?}",
        report
            .findings
            .iter()
            .map(|f| (&f.code, &f.refs))
            .collect::<Vec<_>>()
    );
    let claim = &report
        .citations
        .iter()
        .find(|c| c.marker == "[2]")
        .unwrap()
        .claim;
    assert!(claim.designs.is_empty(), "{:?}", claim.designs);
}

#[test]
fn page_furniture_inside_a_reference_list_is_skipped() {
    let text = "A [1]. B [2]. C [3].\n\nReferences\n\n1. Ames B. One study. J Med. 2001;1:1-2.\n2. Bell C. Another study. J Med. 2002;2:3-4.\nbioRxiv preprint doi: https://doi.org/10.1101/000000; this version posted 2020.\n12\n3. Cole D. Third study. J Med. 2003;3:5-6.\n";
    let report = citelint::check_text("c.txt", text, common::rules());
    let labels: Vec<&str> = report.references.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["1", "2", "3"]);
    assert!(
        report.references[1].raw.ends_with("2002;2:3-4."),
        "{}",
        report.references[1].raw
    );
    assert_no_findings(&report);
}

#[test]
fn a_review_with_more_than_999_references_is_read_to_its_end() {
    // Entry 1000 onwards and the citations of them; the last work cited is an animal study
    // cited for a trial, which only a reader of the whole list can see.
    let body: String = (1..=1003)
        .map(|i| format!("Finding {i} was reported [{i}]. "))
        .collect();
    let claim = "A phase II trial in patients confirmed this [1004].";
    let list: String = (1..=1004)
        .map(|i| {
            let title = if i == 1004 {
                "Exosomes in rats"
            } else {
                "Exosome biology"
            };
            format!("{i}. Ames B, Bell C{i}. {title} topic {i}. J Med. 2001;1:1-2.\n")
        })
        .collect();
    let text = format!("{body}\n\n{claim}\n\nReferences\n\n{list}");
    let report = citelint::check_text("long_review.txt", &text, common::rules());
    assert_eq!(report.references.len(), 1004);
    assert_eq!(report.citations.len(), 1004);
    assert_eq!(
        findings(&report),
        expect(&[("EV001", 3, &["1004"])]),
        "{:?}",
        report.findings
    );
}

#[test]
fn counts_in_messages_agree_with_their_nouns() {
    let message_of = |text: &str| {
        let report = citelint::check_text("m.txt", text, common::rules());
        report.findings[0].message.clone()
    };
    assert_eq!(
        message_of("Exosomes helped.\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n"),
        "1 reference but no citation markers in the text"
    );
    assert_eq!(
        message_of(
            "Exosomes helped.\n\nReferences\n\n1. Ames B. A study. J Med. 2001;1:1-2.\n2. Bell C. Trials. J Med. 2002;2:3-4.\n"
        ),
        "2 references but no citation markers in the text"
    );
    assert_eq!(
        message_of("Exosomes helped in a trial [1].\n"),
        "1 citation marker but no reference list was found"
    );
}

/// A full-length review (13 KB, 30 references, sections, numbers in brackets, confidence
/// intervals, units): exactly the five planted mismatches fire, and nothing else does.
#[test]
fn a_full_length_review_flags_only_its_planted_mismatches() {
    let report = check_fixture("manuscripts/en_review.md");
    assert_eq!(report.references.len(), 30);
    assert_eq!(report.citations.len(), 31);
    assert_eq!(
        findings(&report),
        expect(&[
            ("AT001", 88, &["17"]),
            ("EV003", 96, &["18"]),
            ("EV001", 102, &["20"]),
            ("EV005", 115, &["23"]),
            ("ST001", 149, &["31"]),
        ])
    );
    // The phase mismatch names the cue that gave the cited phase, not the design's.
    let phase = &report.findings[1];
    assert!(
        phase.message.ends_with("(title: \"phase II\")"),
        "{}",
        phase.message
    );
    let trial = report.references.iter().find(|r| r.label == "18").unwrap();
    assert_eq!(
        trial.evidence[..2],
        ["title: \"randomized trial\"", "title: \"phase II\""]
    );
}

/// A full-length Chinese review (8 KB, GB/T 7714 references in Chinese and English, bracket
/// markers): exactly the five planted mismatches fire, and nothing else does.
#[test]
fn a_full_length_chinese_review_flags_only_its_planted_mismatches() {
    let report = check_fixture("manuscripts/zh_review.txt");
    assert_eq!(report.language, "zh");
    assert_eq!(report.references.len(), 25);
    assert_eq!(report.citations.len(), 26);
    assert_eq!(
        findings(&report),
        expect(&[
            ("EV001", 29, &["10"]),
            ("EV002", 35, &["14"]),
            ("EV003", 35, &["15"]),
            ("EV005", 39, &["17"]),
            ("ST001", 57, &["26"]),
        ])
    );
    let rabbit = report.references.iter().find(|r| r.label == "10").unwrap();
    assert_eq!(rabbit.evidence[0], "title: \"兔\" (rabbit)");
}

#[test]
fn a_year_in_the_journal_name_is_not_the_publication_year() {
    // NLM writes Spine as "Spine (Phila Pa 1976)": the reference is from 2010, and the
    // author-year citation to it resolves.
    let text = "Back pain improved after fusion (Kumar et al., 2010).\n\nReferences\n\nKumar R, Lee S, Ortiz M. Lumbar fusion outcomes in older adults. Spine (Phila Pa 1976). 2010;35(3):320-327.\n";
    let report = citelint::check_text("spine.md", text, common::rules());
    assert_eq!(report.references[0].year, Some(2010));
    assert_eq!(
        report.references[0].container.as_deref(),
        Some("Spine (Phila Pa 1976)")
    );
    assert_no_findings(&report);
}

/// How many AT001 warnings "{who} et al." raises in `sentence` (which holds `{who}`)
/// citing the one entry of `references`.
fn named_author_warnings(sentence: &str, who: &str, references: &str) -> usize {
    let text = format!("{}{references}", sentence.replace("{who}", who));
    citelint::check_text("named.md", &text, common::rules())
        .findings
        .iter()
        .filter(|f| f.code == "AT001")
        .count()
}

#[test]
fn particles_after_the_initials_do_not_hide_the_surname() {
    // "Veen P H v d" is van der Veen: naming him raises no attribution warning, and naming
    // somebody else still does.
    let references = "\n\nReferences\n\n1. Veen P H v d, Muller M, Vincken K L, et al. Brain volumes on MRI in patients with arterial disease. J Neurol Sci. 2014;337:112-118.\n";
    let sentence = "Brain volumes fell over time, as {who} et al. reported [1].";
    assert_eq!(
        named_author_warnings(sentence, "van der Veen", references),
        0
    );
    assert_eq!(named_author_warnings(sentence, "Karussis", references), 1);
}

#[test]
fn a_latin_name_names_a_chinese_author_by_any_spelling_of_the_family_name() {
    // An English sentence names the Chinese author of a Chinese reference in Latin letters:
    // Wang (or the Cantonese Wong) is 王, Zhang is not.
    let references = "\n\nReferences\n\n1. 王伟, 李娜. 心力衰竭患者运动康复的效果[J]. 中华心血管病杂志, 2018, 46(3): 201-205.\n";
    let sentence = "Patients improved after exercise, as {who} et al. reported [1].";
    assert_eq!(named_author_warnings(sentence, "Wang", references), 0);
    assert_eq!(named_author_warnings(sentence, "Wong", references), 0);
    assert_eq!(named_author_warnings(sentence, "Zhang", references), 1);
}

#[test]
fn a_han_name_names_a_latin_author_by_any_spelling_of_the_family_name() {
    // A Chinese sentence names the author of an English reference in Han characters: 张强
    // is Zhang, 李明 may be Lee; 王伟 is not Zhang. A Western name written in Han
    // characters (史密斯 for Smith) cannot be compared and is left alone.
    let references = "\n\n参考文献\n\n[1] Zhang Q, Lee M, Smith J. Exercise training in patients with heart failure. Circulation. 2018;137:100-108.\n";
    let sentence = "{who}等人[1]发现运动训练可以改善心力衰竭患者的预后。";
    assert_eq!(named_author_warnings(sentence, "张强", references), 0);
    assert_eq!(
        named_author_warnings(sentence, "研究显示张强", references),
        0
    );
    assert_eq!(named_author_warnings(sentence, "王伟", references), 1);
    let led_by_lee = references.replace("Zhang Q, Lee M", "Lee M, Zhang Q");
    assert_eq!(named_author_warnings(sentence, "李明", &led_by_lee), 0);
    let led_by_smith = references.replace("Zhang Q, Lee M, Smith J", "Smith J, Zhang Q");
    assert_eq!(named_author_warnings(sentence, "史密斯", &led_by_smith), 0);
}

#[test]
fn a_chinese_author_year_citation_resolves_to_an_english_entry() {
    let text = "运动训练可以改善心力衰竭患者的预后（王伟等，2018）。\n\n参考文献\n\n\
Wang W, Li N. Exercise training in patients with heart failure. Circulation. 2018;137:100-108.\n";
    let report = citelint::check_text("mixed.txt", text, common::rules());
    assert_eq!(report.citations.len(), 1);
    assert_no_findings(&report);
    let other = text.replace("王伟等", "张强等");
    let report = citelint::check_text("mixed.txt", &other, common::rules());
    assert!(report.findings.iter().any(|f| f.code == "ST001"));
}

#[test]
fn an_english_author_year_citation_resolves_to_a_chinese_entry() {
    let text = "Patients improved after exercise (Wang et al., 2018). Rats recovered too \
(Zhang and Liu, 2019).\n\n# References\n\n\
王伟, 李娜, 陈静. 心力衰竭患者运动康复的效果[J]. 中华心血管病杂志, 2018, 46(3): 201-205.\n\n\
张强, 刘洋. 外泌体减轻大鼠心肌缺血再灌注损伤的实验研究[J]. 中国病理生理杂志, 2019, 35(2): 100-105.\n";
    let report = citelint::check_text("mixed.md", text, common::rules());
    assert_eq!(report.citations.len(), 2);
    assert_no_findings(&report);
    // A name that spells another family name stays unresolved.
    let other = text.replace("(Wang et al., 2018)", "(Li et al., 2018)");
    let report = citelint::check_text("mixed.md", &other, common::rules());
    assert!(report.findings.iter().any(|f| f.code == "ST001"));
}

#[test]
fn author_year_names_with_apostrophes_hyphens_and_written_out_umlauts_resolve() {
    let text = "Exosomes help (Smith-Jones et al., 2010). O'Brien et al. (2011) agree, as do \
Mueller and Brown (2012) and (D'Amico, 2013).\n\n# References\n\n\
D'Amico, R. (2013). A study of cells. J Med, 1, 1-2.\n\
Müller, T., & Brown, K. (2012). A study of cells. J Med, 1, 1-2.\n\
OBrien, P., & Brown, K. (2011). A study of cells. J Med, 1, 1-2.\n\
Smith-Jones, A., & Brown, K. (2010). A study of cells. J Med, 1, 1-2.\n";
    let report = citelint::check_text("names.md", text, common::rules());
    assert_eq!(report.citations.len(), 4);
    assert_no_findings(&report);
}

/// Asserts that `report` has no findings, listing any it has by code and message.
/// The labels the report's citations cite, in text order.
fn cited_labels(report: &citelint::DocumentReport) -> Vec<&str> {
    report
        .citations
        .iter()
        .flat_map(|c| c.refs.iter().map(String::as_str))
        .collect()
}

fn assert_no_findings(report: &citelint::DocumentReport) {
    assert!(
        report.findings.is_empty(),
        "{:?}",
        report
            .findings
            .iter()
            .map(|f| (&f.code, &f.message))
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_organisations_acronym_cites_its_entry_in_brackets_or_in_the_sentence() {
    let text = "Diabetes has doubled (WHO, 2021). One adult in ten has it (CDC, 2020). \
Guidance puts metformin first (NICE, 2019). The FDA (2018) approved the class. Nothing \
cites the UK (2019) or COVID (2020) here.\n\n# References\n\n\
Centers for Disease Control and Prevention. (2020). National diabetes statistics report. CDC.\n\
Food and Drug Administration. (2018). FDA approves new treatment. Silver Spring, MD.\n\
National Institute for Health and Care Excellence. (2019). Type 2 diabetes in adults. NICE.\n\
World Health Organization. (2021). Global report on diabetes. Geneva: WHO.\n";
    let report = citelint::check_text("acronyms.md", text, common::rules());
    assert_eq!(
        cited_labels(&report),
        [
            "worldhealthorganization2021",
            "centersfordiseasecontrolandprevention2020",
            "nationalinstituteforhealthandcareexcellence2019",
            "foodanddrugadministration2018",
        ]
    );
    assert_no_findings(&report);
    // Two organisations of one acronym and year: the citation is ambiguous, not guessed.
    let two = text.replace(
        "Food and Drug Administration. (2018). FDA approves new treatment. Silver Spring, MD.\n",
        "Food and Drug Administration. (2018). FDA approves new treatment. Silver Spring, MD.\n\
Federal Drug Agency. (2018). Annual report. Berlin.\n",
    );
    assert_ne!(two, text);
    let report = citelint::check_text("acronyms.md", &two, common::rules());
    assert!(
        report.findings.iter().any(|f| f.code == "ST009"),
        "{:?}",
        report.findings.iter().map(|f| &f.code).collect::<Vec<_>>()
    );
}

#[test]
fn a_chinese_organisation_as_author_cites_its_entry() {
    let text = "糖尿病的患病率持续上升（中华医学会糖尿病学分会，2021）。二甲双胍仍是一线用药（张伟等，2019）。\
全球糖尿病负担沉重（世界卫生组织，2016）。\n\n参考文献\n\n\
张伟, 李明, 王强. 二甲双胍治疗2型糖尿病的疗效分析[J]. 中华内科杂志, 2019, 58(2): 101-106.\n\
中华医学会糖尿病学分会. 中国2型糖尿病防治指南(2020年版)[J]. 中华糖尿病杂志, 2021, 13(4): 315-409.\n\
世界卫生组织. 全球糖尿病报告[R]. 日内瓦: 世界卫生组织, 2016.\n";
    let report = citelint::check_text("organisations.txt", text, common::rules());
    assert_eq!(
        cited_labels(&report),
        ["中华医学会糖尿病学分会2021", "张伟2019", "世界卫生组织2016"]
    );
    assert_no_findings(&report);
}

#[test]
fn group_authors_and_mc_names_resolve_in_author_year_text() {
    // An organisation as author, in the list and in the text; "McDonald" cited for a
    // list that spells it "MacDonald".
    let text = "Diabetes is common (World Health Organization, 2021). Obesity is rising \
(Centers for Disease Control and Prevention, 2020; NICE, 2019). McDonald et al. (2016) \
saw rats recover.\n\n# References\n\n\
MacDonald, K., Ross, L., 2016. Recovery after nerve injury in rats. J Neurosci 7, 61-70.\n\
World Health Organization, 2021. Global report on diabetes. WHO, Geneva.\n\
Centers for Disease Control and Prevention, 2020. Adult obesity facts. CDC, Atlanta.\n\
NICE, 2019. Obesity: identification and management. NICE, London.\n";
    let report = citelint::check_text("groups.md", text, common::rules());
    assert_eq!(report.citations.len(), 3);
    assert_eq!(
        cited_labels(&report),
        [
            "worldhealthorganization2021",
            "centersfordiseasecontrolandprevention2020",
            "nice2019",
            "macdonald2016"
        ]
    );
    assert_no_findings(&report);
    // Capitalised words before a year that no reference answers cite nothing: no ST001
    // for "(Accessed March, 2020)" or "(Phase Three, 2019)".
    // Named in the sentence: "Control and Prevention (2020)" reads as two names that end
    // the organisation's.
    let narrative = text.replace(
        "Obesity is rising (Centers for Disease Control and Prevention, 2020; NICE, 2019).",
        "The Centers for Disease Control and Prevention (2020) and the World Health \
Organization (2021) agree (NICE, 2019).",
    );
    assert_ne!(narrative, text);
    let report = citelint::check_text("groups.md", &narrative, common::rules());
    assert_eq!(report.citations.len(), 5);
    assert_no_findings(&report);
    let other = text.replace(
        "(NICE, 2019)",
        "(Accessed March, 2020); (Phase Three, 2019)",
    );
    let report = citelint::check_text("groups.md", &other, common::rules());
    assert!(
        !report.findings.iter().any(|f| f.code == "ST001"),
        "{:?}",
        report
            .findings
            .iter()
            .map(|f| &f.message)
            .collect::<Vec<_>>()
    );
}
