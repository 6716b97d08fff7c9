//! The command line: `citelint check`, `rules`, `explain` and `eval`. Parses arguments,
//! collects files, checks them in parallel, prints a report and picks the exit code
//! (0 clean, 1 findings at or above the fail level, 2 usage, configuration or I/O error).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use crate::check::check_document;
use crate::ingest::{self, InputFormat};
use crate::model::Severity;
use crate::report::{self, Failure, RunReport};
use crate::rules::{self, RuleKind, RuleSet};

#[derive(Parser, Debug)]
#[command(
    name = "citelint",
    version,
    about = "Checks that claimed evidence matches the design of the cited work"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check manuscripts (files, folders, or - for stdin).
    Check(CheckArgs),
    /// List every rule, or explain one: `citelint rules EV001`.
    Rules {
        /// A rule code.
        code: Option<String>,
        /// Extra rule folders (add or override rules and cues).
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
    },
    /// Show, per citation, what the claim asserts, what each cited work is, and why.
    Explain {
        path: PathBuf,
        #[arg(long = "rules", value_name = "DIR")]
        rule_dirs: Vec<PathBuf>,
    },
    /// Measure accuracy on labelled corpora (see README, "Measuring").
    Eval {
        #[arg(value_enum)]
        corpus: crate::eval::Corpus,
        /// Corpus files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files and folders to check; `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format (default: human on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Extra rule folders (add or override rules and cues).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Concise,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn level(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules { code, rule_dirs } => {
            with_rules(&rule_dirs, |rules| list_rules(rules, code.as_deref()))
        }
        Command::Explain { path, rule_dirs } => {
            with_rules(&rule_dirs, |rules| explain(rules, &path))
        }
        Command::Eval { corpus, paths } => crate::eval::run(corpus, &paths),
    }
}

fn with_rules(dirs: &[PathBuf], f: impl FnOnce(&RuleSet) -> ExitCode) -> ExitCode {
    match rules::load::load(dirs) {
        Ok(rules) => f(&rules),
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(*error));
            ExitCode::from(2)
        }
    }
}

fn run_check(args: CheckArgs) -> ExitCode {
    if let Some(jobs) = args.jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global();
    }
    with_rules(&args.rule_dirs, |rules| {
        let (inputs, mut failures) = collect_inputs(&args.paths);
        let results: Vec<Result<crate::check::DocumentReport, Failure>> = inputs
            .par_iter()
            .map(|input| check_input(input, rules))
            .collect();
        let mut run = RunReport::default();
        for result in results {
            match result {
                Ok(document) => run.documents.push(document),
                Err(failure) => failures.push(failure),
            }
        }
        run.failures = failures;
        let stdout_tty = std::io::stdout().is_terminal();
        let format = args.format.unwrap_or(if stdout_tty {
            Format::Human
        } else {
            Format::Concise
        });
        let color = match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
        };
        let text = match format {
            Format::Human => report::human::render(&run, color, 100),
            Format::Concise => report::concise::render(&run),
            Format::Json => report::json::render(&run),
        };
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
        drop(stdout);
        if format == Format::Concise {
            eprintln!(
                "citelint: {} in {} documents",
                report::counts_text(run.counts()),
                run.documents.len()
            );
        }
        if !run.failures.is_empty() && format != Format::Human && format != Format::Concise {
            for failure in &run.failures {
                eprintln!("citelint: {}: {}", failure.path, failure.error);
            }
        }
        if !run.failures.is_empty() {
            ExitCode::from(2)
        } else if run.fails_at(args.fail_on.level()) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    })
}

/// What to check: a path on disk or stdin.
#[derive(Debug, Clone)]
enum Input {
    File(PathBuf),
    Stdin,
}

/// Expands folders (respecting .gitignore) into the files citelint reads, sorted by path.
fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    let mut stdin = false;
    for path in paths {
        if path.as_os_str() == "-" {
            stdin = true;
        } else if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path).hidden(true).build();
            let mut found: Vec<PathBuf> = walker
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(|e| e.into_path())
                .filter(|p| InputFormat::from_path(p).is_some())
                .collect();
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            failures.push(Failure {
                path: path.display().to_string(),
                error: "no such file or directory".to_owned(),
            });
        }
    }
    files.sort();
    files.dedup();
    let mut inputs: Vec<Input> = files.into_iter().map(Input::File).collect();
    if stdin {
        inputs.push(Input::Stdin);
    }
    (inputs, failures)
}

fn check_input(input: &Input, rules: &RuleSet) -> Result<crate::check::DocumentReport, Failure> {
    let document = match input {
        Input::File(path) => ingest::read_document(path),
        Input::Stdin => {
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => ingest::document_from_bytes("-", &bytes, InputFormat::Text),
                Err(e) => Err(ingest::ReadError::Io {
                    path: "-".into(),
                    cause: e.to_string(),
                }),
            }
        }
    }
    .map_err(|e| Failure {
        path: e.path().to_owned(),
        error: e
            .to_string()
            .split_once(": ")
            .map_or_else(|| e.to_string(), |(_, cause)| cause.to_owned()),
    })?;
    let path = document.source.path.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_document(document, rules)
    }))
    .map_err(|_| Failure {
        path,
        error: "internal error while checking this file (please report it)".to_owned(),
    })
}

fn list_rules(rules: &RuleSet, code: Option<&str>) -> ExitCode {
    let mut out = String::new();
    match code {
        None => {
            out.push_str(&format!(
                "{:<7} {:<40} {:<10} {:<8} {}\n",
                "CODE", "NAME", "CATEGORY", "SEVERITY", "SUMMARY"
            ));
            for rule in &rules.rules {
                out.push_str(&format!(
                    "{:<7} {:<40} {:<10} {:<8} {}\n",
                    rule.code,
                    rule.name,
                    rule.category.id(),
                    rule.severity.id(),
                    rule.summary
                ));
            }
        }
        Some(code) => {
            let Some(rule) = rules.rule(code) else {
                eprintln!("citelint: no rule {code}; `citelint rules` lists them");
                return ExitCode::from(2);
            };
            out.push_str(&describe_rule(rule));
        }
    }
    print!("{out}");
    ExitCode::SUCCESS
}

/// The text `citelint rules CODE` prints.
pub fn describe_rule(rule: &rules::Rule) -> String {
    let mut out = format!(
        "{} {} ({}, {} by default)\n\n{}\n\n## What it checks and why\n\n{}\n",
        rule.code,
        rule.name,
        rule.category.id(),
        rule.severity.id(),
        rule.summary,
        rule.description
    );
    if let RuleKind::Check(check) = &rule.kind {
        out.push_str(&format!("\nBuilt-in check: {}\n", check.id()));
    }
    let firing: Vec<&rules::Example> = rule.examples.iter().filter(|e| e.fires).collect();
    let quiet: Vec<&rules::Example> = rule.examples.iter().filter(|e| !e.fires).collect();
    for (heading, list) in [("Fires on", firing), ("Does not fire on", quiet)] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {heading}\n"));
        for example in list {
            out.push_str("\n    ");
            out.push_str(&example.manuscript().trim().replace('\n', "\n    "));
            out.push('\n');
        }
    }
    out.push_str(&format!("\nDefined in {}\n", rule.origin));
    out
}

fn explain(rules: &RuleSet, path: &Path) -> ExitCode {
    match ingest::read_document(path) {
        Ok(document) => {
            let report = check_document(document, rules);
            print!("{}", report::explain::render(&report));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}
