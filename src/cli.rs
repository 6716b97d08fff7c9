//! The command line: `citelint check`, `rules`, `explain` and `eval`. Parses arguments,
//! takes the inputs a batch at a time (walked files or `--stdin-jsonl` requests), checks
//! them in parallel, streams the report in input order and
//! picks the exit code (0 clean, 1 findings at or above the fail level, 2 usage,
//! configuration or I/O error).

use std::io::{BufRead, IsTerminal, Read, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use std::collections::HashMap;

use crate::baseline::{Baseline, BaselineWriter};
use crate::check::{self, DocumentReport, check_document};
use crate::config::{self, Config, ConfigError, Settings};
use crate::ingest::{self, InputFormat, ReadOptions};
use crate::model::Severity;
use crate::ordered;
use crate::report::{self, Failure, Format, RunSummary, Sink};
use crate::rules::preload::Preload;
use crate::rules::{self, RuleKind, RuleSet};
use crate::walk::{PathFilter, PathWalk};

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

/// How far ahead of what is written the workers may check: bounds the results held in memory
/// (about 8 MB of JSONL for 100 KB manuscripts) while leaving slack for uneven documents.
const WINDOW: usize = 32;
/// Runs over folders, `--stdin-jsonl` or at least this many files build a cue DFA on
/// another thread (a few milliseconds), which pays back over many documents.
const DFA_FROM: usize = 32;
/// The report writer's buffer: large, so a corpus run makes few write calls.
const OUTPUT_BUFFER: usize = 256 << 10;
/// Runs with more files than this show a progress bar on a terminal.
const PROGRESS_FROM: usize = 50;
/// `--stdin-jsonl` requests checked per batch at most: enough to keep the workers busy, few
/// enough that memory stays flat (256 manuscripts of 50 KB are 13 MB). A batch takes what
/// has arrived, so a client that waits for each answer gets it.
const REQUEST_BATCH: usize = 256;

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
        Command::Config { path, config } => print_config(path.as_deref(), config.as_deref()),
        Command::Eval { corpus, paths } => crate::eval::run(corpus, &paths),
    }
}

/// A checked document ready to write.
struct Done {
    output: Output,
    /// Its contribution to the run's summary.
    tally: RunSummary,
    /// Whether it has a finding at or above its fail level.
    fails: bool,
    /// Its findings before the baseline, for `--write-baseline`.
    entries: Vec<crate::baseline::Entry>,
}

/// What the writer writes for a document.
enum Output {
    /// The sink's bytes, rendered on the worker (the report was dropped there).
    Rendered(Vec<u8>),
    /// The report, for formats that render on the writer's side.
    Report(Box<DocumentReport>),
}

/// Settings from the command line, and the configuration files that refine them per file.
struct SettingsResolver {
    base: Settings,
    explicit: Option<Config>,
    by_dir: HashMap<PathBuf, Option<Config>>,
}

impl SettingsResolver {
    fn new(base: Settings, explicit: Option<&Path>) -> Result<Self, Box<ConfigError>> {
        let explicit = match explicit {
            Some(path) => Some(Config::load(path)?.ok_or_else(|| {
                Box::new(ConfigError {
                    location: path.display().to_string(),
                    message: "no [tool.citelint] table in this file".into(),
                    src: miette::NamedSource::new(path.display().to_string(), String::new()),
                    span: None,
                    help: None,
                })
            })?),
            None => None,
        };
        Ok(SettingsResolver {
            base,
            explicit,
            by_dir: HashMap::new(),
        })
    }

    fn settings_for(&mut self, file: &Path) -> Result<Settings, Box<ConfigError>> {
        if let Some(config) = &self.explicit {
            return Ok(config.settings_for(file, &self.base));
        }
        let dir = file.parent().map(Path::to_owned).unwrap_or_default();
        if !self.by_dir.contains_key(&dir) {
            let found = config::discover(file)?;
            self.by_dir.insert(dir.clone(), found);
        }
        Ok(match &self.by_dir[&dir] {
            Some(config) => config.settings_for(file, &self.base),
            None => self.base.clone(),
        })
    }
}

fn base_settings(rule_dirs: &[PathBuf], fail_on: Option<FailOn>) -> Settings {
    Settings {
        rules: rule_dirs.to_vec(),
        fail_on: fail_on.map_or(Some(Severity::Error), FailOn::level),
        fail_on_set: fail_on.is_some(),
        ..Settings::default()
    }
}

fn print_config(path: Option<&Path>, config: Option<&Path>) -> ExitCode {
    let file = path
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."));
    let settings = SettingsResolver::new(base_settings(&[], None), config)
        .and_then(|mut r| r.settings_for(&file));
    match settings {
        Ok(settings) => {
            let text = toml::to_string_pretty(&settings).unwrap_or_default();
            report::print(&format!(
                "# effective configuration for {}\n{text}",
                file.display()
            ));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(*error));
            ExitCode::from(2)
        }
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

fn usage_error(message: &str) -> ExitCode {
    eprintln!("citelint: {message}");
    ExitCode::from(2)
}

/// What to check.
#[derive(Debug, Clone)]
enum Input {
    File(PathBuf),
    Stdin,
    /// A `--stdin-jsonl` request.
    Request(Request),
    /// A `--stdin-jsonl` line that is not a request: its error record keeps its place.
    Unreadable(Failure),
}

#[derive(Debug, Clone)]
struct Request {
    id: serde_json::Value,
    path: Option<PathBuf>,
    text: Option<String>,
    format: InputFormat,
}

/// Settings per input (configuration files are found once per folder) and the index of its
/// rule set in `rule_sets`, loading a set the first time its list of rule folders appears.
/// A configuration or rule error is reported and ends the run (exit 2).
fn plan_inputs(
    inputs: Vec<Input>,
    resolver: &mut SettingsResolver,
    preload: &mut Preload,
    rule_sets: &mut Vec<(Vec<PathBuf>, RuleSet)>,
) -> Result<Vec<(Input, Settings, usize)>, ExitCode> {
    let mut plan = Vec::with_capacity(inputs.len());
    for input in inputs {
        let anchor = match &input {
            Input::File(path) => path.clone(),
            Input::Request(Request {
                path: Some(path), ..
            }) => path.clone(),
            _ => PathBuf::from("-"),
        };
        let settings = match resolver.settings_for(&anchor) {
            Ok(settings) => settings,
            Err(error) => {
                eprintln!("{:?}", miette::Report::new(*error));
                return Err(ExitCode::from(2));
            }
        };
        let index = match rule_sets
            .iter()
            .position(|(dirs, _)| *dirs == settings.rules)
        {
            Some(index) => index,
            None => match preload.rules_for(&settings.rules) {
                Ok(set) => {
                    rule_sets.push((settings.rules.clone(), set));
                    rule_sets.len() - 1
                }
                Err(error) => {
                    eprintln!("{:?}", miette::Report::new(*error));
                    return Err(ExitCode::from(2));
                }
            },
        };
        plan.push((input, settings, index));
    }
    Ok(plan)
}

fn run_check(args: CheckArgs) -> ExitCode {
    let started = Instant::now();
    let filter = match PathFilter::new(&args.include, &args.exclude) {
        Ok(filter) => filter,
        Err(message) => return usage_error(&message),
    };
    // The command line's rules load on another thread from the start, while the settings
    // are resolved and the inputs gathered; a run that will likely check many documents
    // builds their cue DFA there next.
    let many_documents = args.stdin_jsonl
        || args.paths.len() >= DFA_FROM
        || args.paths.iter().any(|path| path.is_dir());
    let mut preload = Preload::start(&args.rule_dirs, many_documents);
    // The worker threads start with the first batch of more than one document: a single
    // manuscript is checked on this thread, with no threads to start and none spinning
    // while the rules load.
    let mut pool: Option<rayon::ThreadPool> = None;
    let mut resolver = match SettingsResolver::new(
        base_settings(&args.rule_dirs, args.fail_on),
        args.config.as_deref(),
    ) {
        Ok(resolver) => resolver,
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(*error));
            return ExitCode::from(2);
        }
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(message) => return usage_error(&message),
    };
    let read_options = ReadOptions {
        bib: args.bib.clone(),
    };
    // Inputs are read and checked a batch at a time, so memory stays flat and records
    // stream out however many files or requests there are.
    let (mut inputs, mut failures) = if args.stdin_jsonl {
        (InputBatches::Requests(RequestReader::spawn()), Vec::new())
    } else {
        let (walk, missing) = PathWalk::new(&args.paths, filter);
        let failures: Vec<Failure> = missing
            .iter()
            .map(|path| Failure::new(path.display().to_string(), "no such file or directory"))
            .collect();
        let stdin = args.paths.iter().any(|path| path.as_os_str() == "-");
        (InputBatches::Paths { walk, stdin }, failures)
    };
    let batch = inputs.next_batch();
    // A lone document is read, and its references, citations and sentences found, while
    // its rules load on the other thread.
    let mut prepared_early = match batch.as_slice() {
        [only] => Some(prepare_input(only, &read_options)),
        _ => None,
    };
    // One rule set per distinct list of rule folders.
    let mut rule_sets: Vec<(Vec<PathBuf>, RuleSet)> = Vec::new();
    let mut plan = match plan_inputs(batch, &mut resolver, &mut preload, &mut rule_sets) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    if rule_sets.is_empty() {
        match preload.rules_for(&args.rule_dirs) {
            Ok(set) => rule_sets.push((args.rule_dirs.clone(), set)),
            Err(error) => {
                eprintln!("{:?}", miette::Report::new(*error));
                return ExitCode::from(2);
            }
        }
    }
    let stdout_tty = std::io::stdout().is_terminal() && args.output.is_none();
    let format = if args.stdin_jsonl {
        Format::Jsonl
    } else {
        args.format.unwrap_or(if stdout_tty {
            Format::Human
        } else {
            Format::Concise
        })
    };
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
    };
    // Workers write, so the output is `Send`: stdout itself, locked per flush of the buffer.
    let mut out: Box<dyn Write + Send> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(std::io::BufWriter::with_capacity(OUTPUT_BUFFER, file)),
            Err(e) => return usage_error(&format!("cannot write {}: {e}", path.display())),
        },
        None => Box::new(std::io::BufWriter::with_capacity(
            OUTPUT_BUFFER,
            std::io::stdout(),
        )),
    };
    // The total grows as the walk goes on: each batch adds its files.
    let progress = (!args.no_progress
        && !args.stdin_jsonl
        && std::io::stderr().is_terminal()
        && plan.len() >= PROGRESS_FROM)
        .then(|| indicatif::ProgressBar::new(plan.len() as u64));
    let mut sink = report::sink(format, &rule_sets[0].1, color);
    let mut summary = RunSummary::default();
    let mut writer = args
        .write_baseline
        .as_ref()
        .map(|_| BaselineWriter::default());
    let mut fails = false;
    // Workers render with their own instance; stateless formats need no shared state.
    let renderer = report::sink(format, &rule_sets[0].1, color);
    let sink_ref: &dyn Sink = &*renderer;
    let mut io_result: std::io::Result<()> = Ok(());
    loop {
        let finish_one = |prepared: Result<Prepared, Failure>,
                          settings: &Settings,
                          index: usize|
         -> Result<Done, Failure> {
            let mut document = check_prepared(prepared?, &rule_sets[index].1, settings)?;
            let entries = if args.write_baseline.is_some() {
                BaselineWriter::entries_of(&document)
            } else {
                Vec::new()
            };
            if let Some(baseline) = &baseline {
                baseline.filter(&mut document);
            }
            let mut tally = RunSummary::default();
            tally.add_document(&document);
            let fails = settings
                .fail_on
                .is_some_and(|l| document.findings.iter().any(|f| f.severity >= l));
            let output = match sink_ref.prerender(&document) {
                Some(bytes) => Output::Rendered(bytes),
                None => Output::Report(Box::new(document)),
            };
            Ok(Done {
                output,
                tally,
                fails,
                entries,
            })
        };
        let check_one = |(input, settings, index): &(Input, Settings, usize)| {
            finish_one(prepare_input(input, &read_options), settings, *index)
        };
        let mut write_result = |result: Result<Done, Failure>| {
            io_result = match result {
                Ok(done) => {
                    if let Some(writer) = writer.as_mut() {
                        writer.record(done.entries);
                    }
                    fails |= done.fails;
                    summary.merge(done.tally);
                    match done.output {
                        Output::Rendered(bytes) => sink.document_bytes(bytes, &mut *out),
                        Output::Report(document) => sink.document(&document, &mut *out),
                    }
                }
                Err(failure) => {
                    summary.failed += 1;
                    sink.failure(&failure, &mut *out)
                }
            };
            if let Some(bar) = &progress {
                bar.inc(1);
            }
            if io_result.is_err() {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        };
        if let [(input, settings, index)] = plan.as_slice() {
            let prepared = prepared_early
                .take()
                .unwrap_or_else(|| prepare_input(input, &read_options));
            let _ = write_result(finish_one(prepared, settings, *index));
        } else {
            if pool.is_none() {
                match rayon::ThreadPoolBuilder::new()
                    .num_threads(args.jobs.unwrap_or(0))
                    .build()
                {
                    Ok(built) => pool = Some(built),
                    Err(e) => return usage_error(&format!("cannot start worker threads: {e}")),
                }
            }
            let workers = pool.as_ref().expect("the pool was just built");
            // Workers check documents; whichever finishes the next one in path order writes it.
            ordered::for_each_in_order(workers, &plan, WINDOW, check_one, write_result);
        }
        if io_result.is_err() {
            break;
        }
        // Each batch's records go out before the next batch is awaited.
        io_result = out.flush();
        let batch = inputs.next_batch();
        if batch.is_empty() {
            break;
        }
        if let Some(bar) = &progress {
            bar.inc_length(batch.len() as u64);
        }
        plan = match plan_inputs(batch, &mut resolver, &mut preload, &mut rule_sets) {
            Ok(plan) => plan,
            Err(code) => {
                let _ = out.flush();
                return code;
            }
        };
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    // Paths that do not exist or could not be walked, after every document.
    if let InputBatches::Paths { walk, .. } = &mut inputs {
        failures.extend(
            walk.take_errors()
                .into_iter()
                .map(|(path, cause)| Failure::new(path, cause)),
        );
    }
    for failure in failures {
        summary.failed += 1;
        io_result = io_result.and_then(|()| sink.failure(&failure, &mut *out));
    }
    if args.timing {
        summary.elapsed_seconds = Some((started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0);
    }
    let io_result = io_result
        .and_then(|()| sink.finish(&summary, &mut *out))
        .and_then(|()| out.flush());
    drop(out);
    if let Err(e) = io_result
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return usage_error(&format!("cannot write the report: {e}"));
    }
    if let (Some(writer), Some(path)) = (writer, &args.write_baseline) {
        if let Err(message) = writer.write(path) {
            return usage_error(&message);
        }
        eprintln!("citelint: wrote the baseline to {}", path.display());
    }
    if format != Format::Human {
        eprintln!(
            "citelint: {} in {} ({} could not be read) in {:.2}s",
            report::counts_text(summary.counts),
            crate::text::counted(summary.documents, "document", "documents"),
            summary.failed,
            started.elapsed().as_secs_f64()
        );
        if summary.documents > 1 {
            let sets: Vec<&RuleSet> = rule_sets.iter().map(|(_, set)| set).collect();
            eprint!(
                "{}",
                report::rule_breakdown(&summary, &report::rule_names(&sets))
            );
        }
    }
    if summary.failed > 0 {
        ExitCode::from(2)
    } else if fails && args.write_baseline.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Files checked per batch: enough that the batch barrier costs nothing, few enough that
/// the plan of a million-file walk stays small.
const FILE_BATCH: usize = 4096;

/// Where a run's inputs come from, a batch at a time.
enum InputBatches {
    /// The command line's files and folders, walked lazily in path order; then stdin if
    /// `-` was among them.
    Paths { walk: PathWalk, stdin: bool },
    /// `--stdin-jsonl` requests.
    Requests(RequestReader),
}

impl InputBatches {
    /// The next inputs; empty when there are none left.
    fn next_batch(&mut self) -> Vec<Input> {
        match self {
            InputBatches::Paths { walk, stdin } => {
                let mut batch: Vec<Input> =
                    walk.by_ref().take(FILE_BATCH).map(Input::File).collect();
                if batch.len() < FILE_BATCH && std::mem::take(stdin) {
                    batch.push(Input::Stdin);
                }
                batch
            }
            InputBatches::Requests(reader) => reader.next_batch(),
        }
    }
}

/// `--stdin-jsonl` requests, read on their own thread so that a batch is whatever has
/// arrived: requests piped in bulk fill whole batches, and a client that writes one request
/// and waits for its records gets them. A malformed line is an `Unreadable` input in its
/// place, not a stop; a line past the input cap is skipped with one.
struct RequestReader {
    requests: std::sync::mpsc::Receiver<Input>,
}

impl RequestReader {
    fn spawn() -> Self {
        let (sender, requests) = std::sync::mpsc::sync_channel(REQUEST_BATCH);
        if let Err(error) = std::thread::Builder::new()
            .name("stdin-requests".into())
            .spawn(move || {
                read_requests(std::io::stdin().lock(), |input| sender.send(input).is_ok())
            })
        {
            // No thread to be had: the run reports it as its one failure.
            let (sender, requests) = std::sync::mpsc::channel();
            let _ = sender.send(Input::Unreadable(Failure::new(
                "stdin",
                format!("cannot start the request reader: {error}"),
            )));
            return RequestReader { requests };
        }
        RequestReader { requests }
    }

    /// The next requests: waits for one, then takes those already read, up to a batch.
    /// Empty once stdin is exhausted.
    fn next_batch(&self) -> Vec<Input> {
        let Ok(first) = self.requests.recv() else {
            return Vec::new();
        };
        let mut batch = vec![first];
        while batch.len() < REQUEST_BATCH {
            match self.requests.try_recv() {
                Ok(input) => batch.push(input),
                Err(_) => break,
            }
        }
        batch
    }
}

/// Reads request lines from `stdin` and hands each on as an input until `deliver` refuses
/// one or the input ends.
fn read_requests(mut stdin: impl BufRead, mut deliver: impl FnMut(Input) -> bool) {
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        number += 1;
        let place = format!("stdin:{number}");
        let input = match (&mut stdin)
            .take(ingest::MAX_INPUT_BYTES + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return,
            Ok(_) if line.len() as u64 > ingest::MAX_INPUT_BYTES => {
                let cut_short = !line.ends_with(b"\n");
                line.clear();
                let too_large = Failure::new(place, ingest::ReadError::too_large("-").cause());
                if cut_short && let Err(e) = stdin.skip_until(b'\n') {
                    deliver(Input::Unreadable(too_large));
                    deliver(Input::Unreadable(Failure::new(
                        format!("stdin:{number}"),
                        e.to_string(),
                    )));
                    return;
                }
                Input::Unreadable(too_large)
            }
            Ok(_) => match std::str::from_utf8(&line) {
                Err(_) => Input::Unreadable(Failure::new(place, "the line is not valid UTF-8")),
                Ok(request) => {
                    let request = request.trim_end_matches(['\n', '\r']);
                    if request.trim().is_empty() {
                        continue;
                    }
                    match parse_request(request) {
                        Ok(request) => Input::Request(request),
                        Err(message) => {
                            let mut failure = Failure::new(place, message);
                            failure.id = serde_json::from_str::<serde_json::Value>(request)
                                .ok()
                                .and_then(|v| v.get("id").cloned());
                            Input::Unreadable(failure)
                        }
                    }
                }
            },
            Err(e) => {
                deliver(Input::Unreadable(Failure::new(place, e.to_string())));
                return;
            }
        };
        if !deliver(input) {
            return;
        }
    }
}

fn parse_request(line: &str) -> Result<Request, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    let id = object.get("id").cloned().unwrap_or(serde_json::Value::Null);
    let path = object
        .get("path")
        .and_then(|p| p.as_str())
        .map(PathBuf::from);
    let text = object
        .get("text")
        .and_then(|t| t.as_str())
        .map(str::to_owned);
    let format = match object.get("format").and_then(|f| f.as_str()) {
        None => path
            .as_deref()
            .and_then(InputFormat::from_path)
            .unwrap_or(InputFormat::Text),
        Some(name) => InputFormat::from_name(name)
            .ok_or_else(|| format!("unknown format {name:?} (text, markdown, latex, jats)"))?,
    };
    if path.is_none() && text.is_none() {
        return Err("a request needs \"path\" or \"text\"".into());
    }
    Ok(Request {
        id,
        path,
        text,
        format,
    })
}

/// A document read and taken as far as needs no rules ([`check::extract`]).
struct Prepared {
    extracted: check::Extracted,
    path: String,
    /// The caller's id for the document (`--stdin-jsonl`).
    id: Option<serde_json::Value>,
}

/// Reads `input` and finds its references, citations and sentences.
fn prepare_input(input: &Input, options: &ReadOptions) -> Result<Prepared, Failure> {
    let (document, id) = match input {
        Input::File(path) => (ingest::read_document_with(path, options), None),
        Input::Unreadable(failure) => return Err(failure.clone()),
        Input::Stdin => {
            let document = ingest::read_capped_from(std::io::stdin(), 0, "-").and_then(|bytes| {
                ingest::document_from_vec("-", bytes, InputFormat::Text, None, options)
            });
            (document, None)
        }
        Input::Request(request) => {
            let document = match (&request.text, &request.path) {
                (Some(text), path) => {
                    let name = path.as_ref().map_or_else(
                        || {
                            request
                                .id
                                .as_str()
                                .map_or_else(|| request.id.to_string(), str::to_owned)
                        },
                        |p| p.display().to_string(),
                    );
                    let dir = path.as_deref().and_then(Path::parent);
                    ingest::document_from_vec(
                        &name,
                        text.as_bytes().to_vec(),
                        request.format,
                        dir,
                        options,
                    )
                }
                (None, Some(path)) => ingest::read_document_with(path, options).map(|mut d| {
                    d.format = request.format;
                    d
                }),
                (None, None) => unreachable!("parse_request requires path or text"),
            };
            (document, Some(request.id.clone()))
        }
    };
    let document = document.map_err(|e| {
        let mut failure = Failure::new(e.path(), e.cause());
        failure.id = id.clone();
        failure
    })?;
    let path = document.source.path.clone();
    let extracted = std::panic::catch_unwind(|| check::extract(document))
        .map_err(|_| internal_error(&path, &id))?;
    Ok(Prepared {
        extracted,
        path,
        id,
    })
}

/// The failure record of a document whose check panicked.
fn internal_error(path: &str, id: &Option<serde_json::Value>) -> Failure {
    let mut failure = Failure::new(
        path.to_owned(),
        "internal error while checking this file (please report it)",
    );
    failure.id = id.clone();
    failure
}

/// Checks a prepared document with its rules and settings.
fn check_prepared(
    prepared: Prepared,
    rules: &RuleSet,
    settings: &Settings,
) -> Result<DocumentReport, Failure> {
    let Prepared {
        extracted,
        path,
        id,
    } = prepared;
    let mut report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check::check_extracted_with(extracted, rules, settings)
    }))
    .map_err(|_| internal_error(&path, &id))?;
    if let Some(reason) = report.refused.take() {
        let mut failure = Failure::new(report.path, reason);
        failure.id = id;
        return Err(failure);
    }
    report.id = id;
    Ok(report)
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
                return usage_error(&format!("no rule {code}; `citelint rules` lists them"));
            };
            out.push_str(&describe_rule(rule));
        }
    }
    report::print(&out);
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
            report::print(&report::explain::render(&report));
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}
