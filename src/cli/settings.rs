//! Settings for each checked file: the command line's, refined by the configuration file
//! found for the file's folder (once per folder) or given with `--config`; and the
//! `citelint config` command that prints them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::{FailOn, diagnostic_error};
use crate::config::{self, Config, ConfigError, Settings};
use crate::model::Severity;
use crate::report;

/// Settings from the command line, and the configuration files that refine them per file.
pub(super) struct SettingsResolver {
    base: Settings,
    explicit: Option<Config>,
    by_dir: HashMap<PathBuf, Option<Config>>,
}

impl SettingsResolver {
    pub(super) fn new(base: Settings, explicit: Option<&Path>) -> Result<Self, Box<ConfigError>> {
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

    pub(super) fn settings_for(&mut self, file: &Path) -> Result<Settings, Box<ConfigError>> {
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
        Err(error) => diagnostic_error(*error),
    }
}
