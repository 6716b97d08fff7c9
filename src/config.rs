//! Configuration: `citelint.toml` (or `[tool.citelint]` in `pyproject.toml`), found by
//! walking up from each checked file, or given with `--config`. Unknown keys and values are
//! errors naming the file, line and key. Resolves to the [`Settings`] for one file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use toml::Spanned;

use crate::model::{Category, Finding, Severity};

/// A configuration file that could not be used.
#[derive(Debug, Error, Diagnostic)]
#[error("{location}: {message}")]
#[diagnostic(code(citelint::config))]
pub struct ConfigError {
    pub location: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{message}")]
    pub span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigSpec {
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<OverrideSpec>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideSpec {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    language: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct PyProject {
    #[serde(default)]
    tool: Option<PyProjectTool>,
}

#[derive(Debug, Deserialize)]
struct PyProjectTool {
    #[serde(default)]
    citelint: Option<ConfigSpec>,
}

/// A rule selector: a code (EV001), a code prefix (EV) or a category (evidence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub enum Selector {
    Code(String),
    Category(Category),
}

impl From<Selector> for String {
    fn from(selector: Selector) -> String {
        match selector {
            Selector::Code(code) => code,
            Selector::Category(category) => category.id().to_owned(),
        }
    }
}

impl Selector {
    pub fn parse(text: &str) -> Option<Selector> {
        if let Some(category) = Category::from_id(text) {
            return Some(Selector::Category(category));
        }
        let valid = !text.is_empty()
            && text.chars().all(|c| c.is_ascii_alphanumeric())
            && text.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        valid.then(|| Selector::Code(text.to_owned()))
    }

    pub fn matches(&self, code: &str, category: Category) -> bool {
        match self {
            Selector::Code(prefix) => code.starts_with(prefix.as_str()),
            Selector::Category(c) => *c == category,
        }
    }
}

/// The language a document is in, or automatic detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LanguageHint {
    Auto,
    En,
    Zh,
    Mixed,
}

/// The effective settings for one file.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// The configuration file these came from, if any.
    pub config: Option<PathBuf>,
    pub select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub severity: BTreeMap<String, Severity>,
    pub fail_on: Option<Severity>,
    /// Whether `fail-on` was set (by the file or the command line).
    #[serde(skip)]
    pub fail_on_set: bool,
    pub rules: Vec<PathBuf>,
    pub language: LanguageHint,
    /// The overrides whose globs matched this file.
    pub overrides_applied: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            config: None,
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            fail_on: Some(Severity::Error),
            fail_on_set: false,
            rules: Vec::new(),
            language: LanguageHint::Auto,
            overrides_applied: Vec::new(),
        }
    }
}

impl Settings {
    /// Whether a finding of `code` in `category` is reported.
    pub fn enabled(&self, code: &str, category: Category) -> bool {
        let selected =
            self.select.is_empty() || self.select.iter().any(|s| s.matches(code, category));
        selected && !self.ignore.iter().any(|s| s.matches(code, category))
    }

    /// Applies select/ignore and severity overrides to `findings`.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| self.enabled(&f.code, f.category));
        for finding in findings.iter_mut() {
            if let Some(severity) = self.severity.get(&finding.code) {
                finding.severity = *severity;
            }
        }
    }
}

/// A loaded configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    spec: ConfigSpec,
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    /// Added to spans (0: spans are relative to the whole file).
    offset: usize,
}

impl Ctx<'_> {
    fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Box<ConfigError> {
        let span = span.map(|r| r.start + self.offset..r.end + self.offset);
        let location = match &span {
            Some(range) => {
                let before = &self.text[..range.start.min(self.text.len())];
                format!(
                    "{}:{}:{}",
                    self.path.display(),
                    before.matches('\n').count() + 1,
                    before.rsplit('\n').next().unwrap_or("").chars().count() + 1
                )
            }
            None => self.path.display().to_string(),
        };
        Box::new(ConfigError {
            location,
            message: message.into(),
            src: NamedSource::new(self.path.display().to_string(), self.text.to_owned()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
            help,
        })
    }
}

const CONFIG_HELP: &str = "keys: select, ignore, severity, fail-on, rules, language, overrides (see README, Configuration)";

impl Config {
    /// Reads and validates the configuration at `path` (`citelint.toml` or `pyproject.toml`).
    /// `Ok(None)` for a pyproject.toml without `[tool.citelint]`.
    pub fn load(path: &Path) -> Result<Option<Config>, Box<ConfigError>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Box::new(ConfigError {
                location: path.display().to_string(),
                message: format!("cannot read configuration: {e}"),
                src: NamedSource::new(path.display().to_string(), String::new()),
                span: None,
                help: None,
            })
        })?;
        let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
        let ctx = Ctx {
            path,
            text: &text,
            offset: 0,
        };
        let spec = if is_pyproject {
            let project: PyProject = toml::from_str(&text).map_err(|e| {
                ctx.error(e.span(), e.message().to_owned(), Some(CONFIG_HELP.into()))
            })?;
            match project.tool.and_then(|t| t.citelint) {
                Some(spec) => spec,
                None => return Ok(None),
            }
        } else {
            toml::from_str(&text).map_err(|e| {
                ctx.error(e.span(), e.message().to_owned(), Some(CONFIG_HELP.into()))
            })?
        };
        let config = Config {
            path: path.to_owned(),
            spec,
        };
        config.validate(&ctx)?;
        Ok(Some(config))
    }

    fn validate(&self, ctx: &Ctx) -> Result<(), Box<ConfigError>> {
        let check_selectors = |list: &[Spanned<String>]| -> Result<(), Box<ConfigError>> {
            for item in list {
                if Selector::parse(item.get_ref()).is_none() {
                    return Err(ctx.error(
                        Some(item.span()),
                        format!("{:?} is not a rule code, code prefix or category", item.get_ref()),
                        Some("use codes such as EV001, prefixes such as EV, or evidence, attribution, structure, reference".into()),
                    ));
                }
            }
            Ok(())
        };
        let check_severity =
            |map: &BTreeMap<String, Spanned<String>>| -> Result<(), Box<ConfigError>> {
                for value in map.values() {
                    if Severity::from_id(value.get_ref()).is_none() {
                        return Err(ctx.error(
                            Some(value.span()),
                            format!("unknown severity {:?}", value.get_ref()),
                            Some("severities: error, warning, info".into()),
                        ));
                    }
                }
                Ok(())
            };
        let check_language = |value: &Option<Spanned<String>>| -> Result<(), Box<ConfigError>> {
            if let Some(v) = value
                && parse_language(v.get_ref()).is_none()
            {
                return Err(ctx.error(
                    Some(v.span()),
                    format!("unknown language {:?}", v.get_ref()),
                    Some("languages: auto, en, zh, mixed".into()),
                ));
            }
            Ok(())
        };
        check_selectors(&self.spec.select)?;
        check_selectors(&self.spec.ignore)?;
        check_severity(&self.spec.severity)?;
        check_language(&self.spec.language)?;
        if let Some(fail_on) = &self.spec.fail_on
            && parse_fail_on(fail_on.get_ref()).is_none()
        {
            return Err(ctx.error(
                Some(fail_on.span()),
                format!("unknown fail-on level {:?}", fail_on.get_ref()),
                Some("levels: error, warning, info, never".into()),
            ));
        }
        for o in &self.spec.overrides {
            check_selectors(&o.select)?;
            check_selectors(&o.ignore)?;
            check_severity(&o.severity)?;
            check_language(&o.language)?;
            for glob in &o.paths {
                globset::Glob::new(glob.get_ref()).map_err(|e| {
                    ctx.error(Some(glob.span()), format!("invalid glob: {e}"), None)
                })?;
            }
        }
        Ok(())
    }

    /// The settings for `file`, starting from `base` (the command line's).
    pub fn settings_for(&self, file: &Path, base: &Settings) -> Settings {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let mut settings = base.clone();
        settings.config = Some(self.path.clone());
        apply_layer(
            &mut settings,
            &self.spec.select,
            &self.spec.ignore,
            &self.spec.severity,
            &self.spec.language,
        );
        if let Some(fail_on) = &self.spec.fail_on
            && !base.fail_on_set
        {
            settings.fail_on = parse_fail_on(fail_on.get_ref()).flatten();
        }
        settings
            .rules
            .extend(self.spec.rules.iter().map(|r| dir.join(r)));
        let relative = file.strip_prefix(dir).unwrap_or(file);
        for o in &self.spec.overrides {
            let matched = o.paths.iter().any(|g| {
                globset::Glob::new(g.get_ref())
                    .map(|g| g.compile_matcher())
                    .is_ok_and(|m| m.is_match(relative) || m.is_match(file))
            });
            if matched {
                apply_layer(
                    &mut settings,
                    &o.select,
                    &o.ignore,
                    &o.severity,
                    &o.language,
                );
                settings.overrides_applied.push(
                    o.paths
                        .iter()
                        .map(|p| p.get_ref().clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
        }
        settings
    }
}

fn apply_layer(
    settings: &mut Settings,
    select: &[Spanned<String>],
    ignore: &[Spanned<String>],
    severity: &BTreeMap<String, Spanned<String>>,
    language: &Option<Spanned<String>>,
) {
    if !select.is_empty() {
        settings.select = select
            .iter()
            .filter_map(|s| Selector::parse(s.get_ref()))
            .collect();
    }
    settings
        .ignore
        .extend(ignore.iter().filter_map(|s| Selector::parse(s.get_ref())));
    for (code, value) in severity {
        if let Some(s) = Severity::from_id(value.get_ref()) {
            settings.severity.insert(code.clone(), s);
        }
    }
    if let Some(language) = language.as_ref().and_then(|l| parse_language(l.get_ref())) {
        settings.language = language;
    }
}

fn parse_language(text: &str) -> Option<LanguageHint> {
    match text {
        "auto" => Some(LanguageHint::Auto),
        "en" => Some(LanguageHint::En),
        "zh" => Some(LanguageHint::Zh),
        "mixed" => Some(LanguageHint::Mixed),
        _ => None,
    }
}

/// `Some(None)` is "never".
pub fn parse_fail_on(text: &str) -> Option<Option<Severity>> {
    match text {
        "never" => Some(None),
        other => Severity::from_id(other).map(Some),
    }
}

/// The configuration file that governs `file`: the nearest `citelint.toml`,
/// `.citelint.toml` or `pyproject.toml` with `[tool.citelint]`, walking up.
pub fn discover(file: &Path) -> Result<Option<Config>, Box<ConfigError>> {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_owned());
    let mut dir = if absolute.is_dir() {
        Some(absolute.as_path())
    } else {
        absolute.parent()
    };
    while let Some(current) = dir {
        for name in ["citelint.toml", ".citelint.toml", "pyproject.toml"] {
            let candidate = current.join(name);
            if candidate.is_file()
                && let Some(config) = Config::load(&candidate)?
            {
                return Ok(Some(config));
            }
        }
        dir = current.parent();
    }
    Ok(None)
}
