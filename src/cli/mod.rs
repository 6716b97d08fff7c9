//! The command line: its arguments and subcommands, and which module runs each. `check`
//! is `check_command`; `rules` and `explain` are `rules_command`; `config` is `settings`;
//! `eval` is `crate::eval`. Exit codes: 0 clean, 1 findings at or above the
//! fail level, 2 usage, configuration or I/O error.

mod check_command;
mod inputs;
mod output;
mod prepare;
mod rules_command;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::model::Severity;
use crate::report::Format;
use crate::rules::{self, RuleSet};

pub use rules_command::describe_rule;

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
    Check(Box<CheckArgs>),
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
    /// Print the effective configuration for a file (or the current folder).
    Config {
        path: Option<PathBuf>,
        /// Use this configuration file instead of discovering one.
        #[arg(long)]
        config: Option<PathBuf>,
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
    #[arg(required_unless_present = "stdin_jsonl")]
    pub paths: Vec<PathBuf>,
    /// Output format (default: human on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this severity [default: error, or the
    /// configuration's `fail-on`].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Use this configuration file instead of discovering citelint.toml / pyproject.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only these rules: codes (EV001), code prefixes (EV) or categories (evidence),
    /// comma-separated. Replaces the configuration's `select` and `ignore`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules (codes, prefixes or categories, comma-separated), as well as those
    /// the configuration ignores.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// A bibliography (.bib, CSL-JSON .json or .ris) for documents that do not name one.
    #[arg(long, value_name = "FILE")]
    pub bib: Vec<PathBuf>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Extra rule folders (add or override rules and cues).
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Only check files whose path matches one of these globs (folders are walked).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip files whose path matches one of these globs.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Worker threads (default: one per core). Output is identical whatever the number.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Read one JSON object per line from stdin (`{"id": …, "path": …}` or
    /// `{"id": …, "text": …, "format": …}`) and write JSONL records tagged with the id.
    #[arg(long)]
    pub stdin_jsonl: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
    /// Put the run's wall time in the JSON and JSONL summary (`elapsed_seconds`); the
    /// report then differs from run to run
    #[arg(long)]
    pub timing: bool,
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
        Command::Check(args) => check_command::run_check(*args),
        Command::Rules { code, rule_dirs } => with_rules(&rule_dirs, |rules| {
            rules_command::list_rules(rules, code.as_deref())
        }),
        Command::Explain { path, rule_dirs } => {
            with_rules(&rule_dirs, |rules| rules_command::explain(rules, &path))
        }
        Command::Config { path, config } => {
            settings::print_config(path.as_deref(), config.as_deref())
        }
        Command::Eval { corpus, paths } => crate::eval::run(corpus, &paths),
    }
}

/// Runs `f` with the embedded rules and those in `dirs`; a rule error is reported (exit 2).
fn with_rules(dirs: &[PathBuf], f: impl FnOnce(&RuleSet) -> ExitCode) -> ExitCode {
    match rules::load::load(dirs) {
        Ok(rules) => f(&rules),
        Err(error) => diagnostic_error(*error),
    }
}

/// Reports a usage or I/O error on stderr: exit 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("citelint: {message}");
    ExitCode::from(2)
}

/// Reports a configuration, rule-file or input error on stderr as a miette diagnostic,
/// pointing into the file: exit 2.
fn diagnostic_error(error: impl miette::Diagnostic + Send + Sync + 'static) -> ExitCode {
    eprintln!("{:?}", miette::Report::new(error));
    ExitCode::from(2)
}
