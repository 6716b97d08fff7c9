//! `citelint check`: plans each batch of inputs (settings and rule set per file), checks
//! them (on this thread for a lone document, in parallel and a language and a batch at a
//! time otherwise), streams the report in input order, and ends with the summary, the
//! baseline and the exit code.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::baseline::{Baseline, BaselineWriter};
use crate::check::DocumentReport;
use crate::cli::inputs::{Input, InputBatches, Request, RequestReader};
use crate::cli::output::ReportOutput;
use crate::cli::prepare::{
    LANGUAGE_GROUPS, Prepared, ReadInput, check_prepared, prepare_input, prepare_read, read_input,
};
use crate::cli::settings::{CommandLineRules, SettingsResolver, base_settings};
use crate::cli::{CheckArgs, Color, diagnostic_error, usage_error};
use crate::config::Settings;
use crate::ingest::ReadOptions;
use crate::ordered;
use crate::report::{self, Failure, Format, RunSummary, Sink};
use crate::rules::RuleSet;
use crate::rules::preload::Preload;
use crate::walk::{PathFilter, PathWalk};

/// How far ahead of what is written the workers may read and check: bounds the documents and
/// results held in memory while leaving slack for uneven documents, and sets how far a
/// worker looks for documents of its language (each takes at most its share of the window
/// at once, see [`BATCH`]). A window of 32 let one worker's batch of one language span it,
/// and the other wait: two threads checked the 2 KB fixtures 16% and the 11 KB reviews 3%
/// slower than with 64. Over 1,200 manuscripts of 100 KB, peak memory was the same at both
/// (25 MB with one thread, 38 MB with two): reading ahead stops at the waiting budget
/// first.
const WINDOW: usize = 64;
/// How many bytes of documents read may wait for their language's turn before a worker
/// turns to them: room for a batch of each language. Before batches, holding more cost long
/// manuscripts more than the runs saved: at 256 KB or without a cap, the long and real
/// corpora ran 2–3% slower than checked in path order, so the budget was 128 KB. With
/// batches, 256 KB gives the 11 KB reviews batches of nine to sixteen, and long and real
/// ran within the noise of 128 KB (−2%, +3%); 512 KB cost real and text 2–3%.
const WAITING_BUDGET: usize = 256 * 1024;
/// How many documents of one language a worker takes at once: it finds the references,
/// citations and sentences of each, then checks and renders each, so that each step's code
/// and tables stay in the processor's caches from one document to the next. That pays for
/// short documents, which leave a step before it is warm: batched, the 11 KB reviews of the
/// paper corpus ran about 5% faster and the 2 KB rule fixtures about 10%. A document of
/// 16 KB or more warms the caches by itself, and holding several 30 KB ones at once ran a
/// few per cent slower, so it is checked alone. With two workers each takes at most half
/// the window.
const BATCH: ordered::Batch = ordered::Batch {
    items: 32,
    weight: 128 * 1024,
    alone_from: 16 * 1024,
};
/// Runs with more files than this show a progress bar on a terminal.
const PROGRESS_FROM: usize = 50;

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
            Err(error) => return Err(diagnostic_error(*error)),
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
                Err(error) => return Err(diagnostic_error(*error)),
            },
        };
        plan.push((input, settings, index));
    }
    Ok(plan)
}

/// Runs `citelint check` and returns the exit code.
pub(super) fn run_check(args: CheckArgs) -> ExitCode {
    let started = Instant::now();
    let filter = match PathFilter::new(&args.include, &args.exclude) {
        Ok(filter) => filter,
        Err(message) => return usage_error(&message),
    };
    let command_line_rules = match CommandLineRules::parse(&args.select, &args.ignore) {
        Ok(rules) => rules,
        Err(message) => return usage_error(&message),
    };
    // The command line's rules load on another thread from the start, while the settings
    // are resolved and the inputs gathered.
    let mut preload = Preload::start(&args.rule_dirs);
    let mut resolver = match SettingsResolver::new(
        base_settings(&args.rule_dirs, args.fail_on),
        command_line_rules,
        args.config.as_deref(),
    ) {
        Ok(resolver) => resolver,
        Err(error) => return diagnostic_error(*error),
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
    let (mut inputs, failures) = input_batches(&args, filter);
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
            Err(error) => return diagnostic_error(*error),
        }
    }
    let loaded: Vec<&RuleSet> = rule_sets.iter().map(|(_, set)| set).collect();
    if let Some((flag, selector)) = resolver.command_line().unmatched(&loaded) {
        return usage_error(&format!(
            "{flag} {}: no rule answers to it (`citelint rules` lists them)",
            String::from(selector.clone())
        ));
    }
    let stdout_tty = std::io::stdout().is_terminal() && args.output.is_none();
    let format = report_format(&args, stdout_tty);
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout_tty && std::env::var_os("NO_COLOR").is_none(),
    };
    let out = match open_output(&args) {
        Ok(out) => out,
        Err(code) => return code,
    };
    // The total grows as the walk goes on: each batch adds its files.
    let progress = (!args.no_progress
        && !args.stdin_jsonl
        && std::io::stderr().is_terminal()
        && plan.len() >= PROGRESS_FROM)
        .then(|| indicatif::ProgressBar::new(plan.len() as u64));
    let mut writer = RunWriter {
        sink: report::sink(format, &rule_sets[0].1, color),
        out,
        summary: RunSummary::default(),
        baseline_entries: args
            .write_baseline
            .as_ref()
            .map(|_| BaselineWriter::default()),
        fails: false,
        progress,
        io_result: Ok(()),
    };
    // Workers render with their own instance; stateless formats need no shared state.
    let renderer = report::sink(format, &rule_sets[0].1, color);
    let finisher = Finisher {
        baseline: baseline.as_ref(),
        keeps_entries: args.write_baseline.is_some(),
        renderer: &*renderer,
    };
    // The worker threads start with the first batch of more than one document: a single
    // manuscript is checked on this thread, with no threads to start and none spinning
    // while the rules load.
    let mut pool: Option<rayon::ThreadPool> = None;
    loop {
        if let [(input, settings, index)] = plan.as_slice() {
            let prepared = prepared_early
                .take()
                .unwrap_or_else(|| prepare_input(input, &read_options));
            // Rendered by the writer: streamed to the output, never held whole in memory.
            let _ = writer.write(finisher.finish(prepared, &rule_sets[*index].1, settings, false));
        } else {
            if pool.is_none() {
                // Workers compile what they need as they go; the helper compiling the same
                // would only take a core from them.
                crate::text::compile_ahead::close();
                match rayon::ThreadPoolBuilder::new()
                    .num_threads(args.jobs.unwrap_or(0))
                    .build()
                {
                    Ok(built) => pool = Some(built),
                    Err(e) => return usage_error(&format!("cannot start worker threads: {e}")),
                }
            }
            let workers = pool.as_ref().expect("the pool was just built");
            let read_one = |(input, _, _): &(Input, Settings, usize)| {
                let value = read_input(input, &read_options);
                ordered::Read {
                    group: value.as_ref().map_or(0, ReadInput::language_group),
                    weight: value.as_ref().map_or(0, ReadInput::weight),
                    value,
                }
            };
            let prepare_one =
                |_: &(Input, Settings, usize), read| Result::and_then(read, prepare_read);
            let check_one = |(_, settings, index): &(Input, Settings, usize), prepared| {
                finisher.finish(prepared, &rule_sets[*index].1, settings, true)
            };
            // Workers read documents and check them a language and a batch at a time;
            // whichever finishes the next one in path order writes it.
            ordered::for_each_in_order(
                workers,
                &plan,
                ordered::Schedule {
                    window: WINDOW,
                    groups: LANGUAGE_GROUPS,
                    waiting_budget: WAITING_BUDGET,
                    batch: BATCH,
                },
                read_one,
                prepare_one,
                check_one,
                |result| writer.write(result),
            );
        }
        if writer.io_result.is_err() {
            break;
        }
        // Each batch's records go out before the next batch is awaited.
        writer.io_result = writer.out.flush();
        let batch = inputs.next_batch();
        if batch.is_empty() {
            break;
        }
        if let Some(bar) = &writer.progress {
            bar.inc_length(batch.len() as u64);
        }
        plan = match plan_inputs(batch, &mut resolver, &mut preload, &mut rule_sets) {
            Ok(plan) => plan,
            Err(code) => {
                let _ = writer.out.flush();
                return code;
            }
        };
    }
    // Paths that do not exist or could not be walked, after every document.
    let mut unread = failures;
    if let InputBatches::Paths { walk, .. } = &mut inputs {
        unread.extend(
            walk.take_errors()
                .into_iter()
                .map(|(path, cause)| Failure::new(path, cause)),
        );
    }
    let elapsed = args
        .timing
        .then(|| (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0);
    let (summary, fails) = match writer.finish(unread, elapsed, args.write_baseline.as_deref()) {
        Ok(done) => done,
        Err(code) => return code,
    };
    if format != Format::Human {
        print_run_summary(&summary, &rule_sets, started);
    }
    if summary.failed > 0 {
        ExitCode::from(2)
    } else if fails && args.write_baseline.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The run's inputs, and the command line's paths that do not exist (reported after every
/// document).
fn input_batches(args: &CheckArgs, filter: PathFilter) -> (InputBatches, Vec<Failure>) {
    if args.stdin_jsonl {
        return (InputBatches::Requests(RequestReader::spawn()), Vec::new());
    }
    let (walk, missing) = PathWalk::new(&args.paths, filter);
    let failures = missing
        .iter()
        .map(|path| Failure::new(path.display().to_string(), "no such file or directory"))
        .collect();
    let stdin = args.paths.iter().any(|path| path.as_os_str() == "-");
    (InputBatches::Paths { walk, stdin }, failures)
}

/// `--format`, or human on a terminal and concise otherwise; always JSONL for
/// `--stdin-jsonl`.
fn report_format(args: &CheckArgs, stdout_tty: bool) -> Format {
    if args.stdin_jsonl {
        return Format::Jsonl;
    }
    args.format.unwrap_or(if stdout_tty {
        Format::Human
    } else {
        Format::Concise
    })
}

/// Where the report goes: `--output`'s file or stdout.
fn open_output(args: &CheckArgs) -> Result<ReportOutput, ExitCode> {
    let file: Box<dyn Write + Send> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                return Err(usage_error(&format!(
                    "cannot write {}: {e}",
                    path.display()
                )));
            }
        },
        None => Box::new(std::io::stdout()),
    };
    Ok(ReportOutput::new(file))
}

/// Finishes a prepared document into what the writer needs: the check, the baseline's
/// filter, its tally, and its records rendered on the worker when the format allows.
struct Finisher<'a> {
    baseline: Option<&'a Baseline>,
    /// Whether `--write-baseline` needs each document's findings.
    keeps_entries: bool,
    renderer: &'a dyn Sink,
}

impl Finisher<'_> {
    /// `on_worker`: render the records here, on a worker thread, when the format allows.
    fn finish(
        &self,
        prepared: Result<Prepared, Failure>,
        rules: &RuleSet,
        settings: &Settings,
        on_worker: bool,
    ) -> Result<Done, Failure> {
        let mut document = check_prepared(prepared?, rules, settings)?;
        let entries = if self.keeps_entries {
            BaselineWriter::entries_of(&document)
        } else {
            Vec::new()
        };
        if let Some(baseline) = self.baseline {
            baseline.filter(&mut document);
        }
        let mut tally = RunSummary::default();
        tally.add_document(&document);
        let fails = settings
            .fail_on
            .is_some_and(|l| document.findings.iter().any(|f| f.severity >= l));
        let rendered = if on_worker {
            self.renderer.prerender(&document)
        } else {
            None
        };
        let output = match rendered {
            Some(bytes) => Output::Rendered(bytes),
            None => Output::Report(Box::new(document)),
        };
        Ok(Done {
            output,
            tally,
            fails,
            entries,
        })
    }
}

/// The writing side of a run: documents in input order, then the failures and the summary.
struct RunWriter {
    sink: Box<dyn Sink>,
    out: ReportOutput,
    summary: RunSummary,
    /// The findings recorded for `--write-baseline`.
    baseline_entries: Option<BaselineWriter>,
    /// Whether any document has a finding at or above its fail level.
    fails: bool,
    progress: Option<indicatif::ProgressBar>,
    /// The first write error ends the run.
    io_result: std::io::Result<()>,
}

impl RunWriter {
    /// Writes one document's records (or its error record); breaks on a write error.
    fn write(&mut self, result: Result<Done, Failure>) -> ControlFlow<()> {
        self.io_result = match result {
            Ok(done) => {
                if let Some(entries) = self.baseline_entries.as_mut() {
                    entries.record(done.entries);
                }
                self.fails |= done.fails;
                self.summary.merge(done.tally);
                match done.output {
                    Output::Rendered(bytes) => self.sink.document_bytes(bytes, &mut self.out),
                    Output::Report(document) => self.sink.document(&document, &mut self.out),
                }
            }
            Err(failure) => {
                self.summary.failed += 1;
                self.sink.failure(&failure, &mut self.out)
            }
        };
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
        if self.io_result.is_err() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    /// Writes the inputs that could not be read, the summary (with `elapsed` seconds, for
    /// `--timing`) and the baseline file; returns the summary and whether the run fails.
    fn finish(
        mut self,
        unread: Vec<Failure>,
        elapsed: Option<f64>,
        baseline_path: Option<&std::path::Path>,
    ) -> Result<(RunSummary, bool), ExitCode> {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let mut io_result = self.io_result;
        for failure in unread {
            self.summary.failed += 1;
            io_result = io_result.and_then(|()| self.sink.failure(&failure, &mut self.out));
        }
        self.summary.elapsed_seconds = elapsed;
        let io_result = io_result
            .and_then(|()| self.sink.finish(&self.summary, &mut self.out))
            .and_then(|()| self.out.flush());
        drop(self.out);
        if let Err(e) = io_result
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            return Err(usage_error(&format!("cannot write the report: {e}")));
        }
        if let (Some(entries), Some(path)) = (self.baseline_entries, baseline_path) {
            if let Err(message) = entries.write(path) {
                return Err(usage_error(&message));
            }
            eprintln!("citelint: wrote the baseline to {}", path.display());
        }
        Ok((self.summary, self.fails))
    }
}

/// The run's counts on stderr, and the findings per rule when there were several documents.
fn print_run_summary(
    summary: &RunSummary,
    rule_sets: &[(Vec<PathBuf>, RuleSet)],
    started: Instant,
) {
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
            report::rule_breakdown(summary, &report::rule_names(&sets))
        );
    }
}
