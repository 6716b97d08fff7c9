//! Settings for each checked file: the command line's, refined by the configuration file
//! found for the file's folder (once per folder) or given with `--config`; and the
//! `citelint config` command that prints them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{FailOn, diagnostic_error};
use crate::config::{self, Config, ConfigError, Selector, Settings};
use crate::model::Severity;
use crate::report;
use crate::rules::RuleSet;

/// The command line's `--select` and `--ignore`. They apply after the configuration file
/// and its overrides, so they win: `--select` replaces the rules selected and ignored so
/// far, and `--ignore` adds to the rules ignored.
#[derive(Debug, Default)]
pub(super) struct CommandLineRules {
    pub(super) select: Vec<Selector>,
    pub(super) ignore: Vec<Selector>,
}

impl CommandLineRules {
    /// Parses the flags' values; the error names the first value that is no selector.
    pub(super) fn parse(select: &[String], ignore: &[String]) -> Result<Self, String> {
        let parse = |flag: &str, values: &[String]| -> Result<Vec<Selector>, String> {
            values
                .iter()
                .map(|value| {
                    Selector::parse(value.trim()).ok_or_else(|| {
                        format!(
                            "{flag} {value:?} is not a rule code, code prefix or category \
                             (codes such as EV001, prefixes such as EV, or evidence, \
                             attribution, structure, reference)"
                        )
                    })
                })
                .collect()
        };
        Ok(CommandLineRules {
            select: parse("--select", select)?,
            ignore: parse("--ignore", ignore)?,
        })
    }

    /// The first selector that no rule of `rule_sets` answers to, with its flag.
    pub(super) fn unmatched<'a>(
        &'a self,
        rule_sets: &[&RuleSet],
    ) -> Option<(&'static str, &'a Selector)> {
        let flagged = self
            .select
            .iter()
            .map(|s| ("--select", s))
            .chain(self.ignore.iter().map(|s| ("--ignore", s)));
        flagged.into_iter().find(|(_, selector)| {
            !rule_sets.iter().any(|set| {
                set.rules
                    .iter()
                    .any(|rule| selector.matches(&rule.code, rule.category))
            })
        })
    }

    fn apply(&self, settings: &mut Settings) {
        if !self.select.is_empty() {
            settings.select = self.select.clone();
            settings.ignore.clear();
        }
        settings.ignore.extend(self.ignore.iter().cloned());
    }
}

/// Settings from the command line, and the configuration files that refine them per file.
pub(super) struct SettingsResolver {
    base: Settings,
    command_line: CommandLineRules,
    explicit: Option<Config>,
    by_dir: HashMap<PathBuf, Option<Config>>,
}

impl SettingsResolver {
    pub(super) fn new(
        base: Settings,
        command_line: CommandLineRules,
        explicit: Option<&Path>,
    ) -> Result<Self, Box<ConfigError>> {
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
            command_line,
            explicit,
            by_dir: HashMap::new(),
        })
    }

    /// The command line's `--select` and `--ignore`.
    pub(super) fn command_line(&self) -> &CommandLineRules {
        &self.command_line
    }

    pub(super) fn settings_for(&mut self, file: &Path) -> Result<Settings, Box<ConfigError>> {
        let mut settings = match &self.explicit {
            Some(config) => config.settings_for(file, &self.base),
            None => {
                let dir = file.parent().map(Path::to_owned).unwrap_or_default();
                if !self.by_dir.contains_key(&dir) {
                    let found = config::discover(file)?;
                    self.by_dir.insert(dir.clone(), found);
                }
                match &self.by_dir[&dir] {
                    Some(config) => config.settings_for(file, &self.base),
                    None => self.base.clone(),
                }
            }
        };
        self.command_line.apply(&mut settings);
        Ok(settings)
    }
}

/// The command line's settings, before any configuration file.
pub(super) fn base_settings(rule_dirs: &[PathBuf], fail_on: Option<FailOn>) -> Settings {
    Settings {
        rules: rule_dirs.to_vec(),
        fail_on: fail_on.map_or(Some(Severity::Error), FailOn::level),
        fail_on_set: fail_on.is_some(),
        ..Settings::default()
    }
}

/// `citelint config`: the settings that apply to `path` (or the current folder).
pub(super) fn print_config(path: Option<&Path>, config: Option<&Path>) -> ExitCode {
    let file = path
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."));
    let settings = SettingsResolver::new(
        base_settings(&[], None),
        CommandLineRules::default(),
        config,
    )
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
        Err(error) => diagnostic_error(*error),
    }
}
