//! Loading rule files: the embedded defaults plus any `--rules DIR` files, each parsed and
//! validated. Unknown keys, unknown design ids, bad regexes and duplicate codes are
//! [`RuleFileError`]s that point at the offending key in the TOML file. A file's rules are
//! compiled in `compile_rule`, its cues and patterns in `compile_cue`.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;
use toml::Spanned;

use crate::evidence::lexicon::Lexicon;
use crate::model::{Design, Population};
use crate::rules::compile_cue::{compile_cue, compile_pattern};
use crate::rules::compile_rule::compile_rule;
use crate::rules::embedded::DEFAULT_RULE_FILES;
use crate::rules::schema::RuleFileSpec;
use crate::rules::{Rule, RuleSet};

/// A rule file that could not be loaded.
#[derive(Debug, Error, Diagnostic)]
#[error("{location}: {message}")]
#[diagnostic(code(citelint::rules))]
pub struct RuleFileError {
    /// `path:line:column` of the offending key (or just the path).
    pub location: String,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

/// The rule file being compiled, for errors that point into it.
pub(super) struct FileCtx<'a> {
    pub(super) path: &'a str,
    text: &'a str,
}

impl FileCtx<'_> {
    pub(super) fn error(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Box<RuleFileError> {
        let message = message.into();
        let location = match &span {
            Some(range) => {
                let before = &self.text[..range.start.min(self.text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                format!("{}:{line}:{column}", self.path)
            }
            None => self.path.to_owned(),
        };
        Box::new(RuleFileError {
            location,
            label: message.clone(),
            message,
            src: NamedSource::new(self.path, self.text.to_owned()),
            span: span.map(|r| SourceSpan::from(r.start..r.end)),
            help,
        })
    }

    pub(super) fn at<T>(
        &self,
        value: &Spanned<T>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Box<RuleFileError> {
        self.error(Some(value.span()), message, help)
    }
}

/// Loads the embedded default rules.
pub fn load_default() -> Result<RuleSet, Box<RuleFileError>> {
    load(&[])
}

/// Loads the defaults, then every `*.toml` file in each of `extra_dirs` (in name order).
/// A user rule with a default rule's code replaces it; user cues extend the lexicon.
pub fn load(extra_dirs: &[PathBuf]) -> Result<RuleSet, Box<RuleFileError>> {
    let mut files: Vec<(String, String, bool)> = DEFAULT_RULE_FILES
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned(), false))
        .collect();
    for dir in extra_dirs {
        files.extend(read_user_dir(dir)?.into_iter().map(|(p, t)| (p, t, true)));
    }
    let mut rules: Vec<Rule> = Vec::new();
    let mut origin_of: HashMap<String, (usize, bool)> = HashMap::new();
    let mut cues = Vec::new();
    let mut patterns = Vec::new();
    let mut words = Vec::new();
    for (path, text, user) in &files {
        let ctx = FileCtx { path, text };
        let spec: RuleFileSpec = toml::from_str(text)
            .map_err(|e| ctx.error(e.span(), e.message().to_owned(), Some(schema_help())))?;
        for rule_spec in &spec.rule {
            let rule = compile_rule(&ctx, rule_spec)?;
            let key = rule.code.to_ascii_uppercase();
            match origin_of.get(&key) {
                Some(&(index, false)) if *user => rules[index] = rule,
                Some(_) => {
                    return Err(ctx.at(
                        &rule_spec.code,
                        format!("duplicate rule code {}", rule.code),
                        Some("each rule needs its own code; to replace a default rule, put it in a --rules directory".into()),
                    ));
                }
                None => {
                    origin_of.insert(key, (rules.len(), *user));
                    rules.push(rule);
                }
            }
        }
        for cue_spec in &spec.cue {
            cues.extend(compile_cue(&ctx, cue_spec)?);
        }
        for pattern_spec in &spec.pattern {
            patterns.push(compile_pattern(&ctx, pattern_spec, *user)?);
        }
        if let Some(segmenter) = &spec.segmenter {
            words.extend(segmenter.words.iter().cloned());
        }
    }
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(RuleSet {
        rules,
        lexicon: Lexicon::build(cues, patterns, words),
    })
}

fn schema_help() -> String {
    "rule files hold [[rule]], [[cue]], [[pattern]] and [segmenter] tables; see rules/evidence.toml for the keys each takes".into()
}

fn read_user_dir(dir: &Path) -> Result<Vec<(String, String)>, Box<RuleFileError>> {
    let io_error = |path: &Path, e: std::io::Error| -> Box<RuleFileError> {
        Box::new(RuleFileError {
            location: path.display().to_string(),
            message: format!("cannot read rules: {e}"),
            src: NamedSource::new(path.display().to_string(), String::new()),
            span: None,
            label: String::new(),
            help: Some("--rules takes a directory of .toml rule files".into()),
        })
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, e))?;
            Ok((path.display().to_string(), text))
        })
        .collect()
}

pub(super) fn design(ctx: &FileCtx, value: &Spanned<String>) -> Result<Design, Box<RuleFileError>> {
    Design::from_id(value.get_ref()).ok_or_else(|| {
        ctx.at(
            value,
            format!("unknown design id {:?}", value.get_ref()),
            Some(format!(
                "design ids: {}",
                Design::ALL.map(Design::id).join(", ")
            )),
        )
    })
}

pub(super) fn population(
    ctx: &FileCtx,
    value: &Spanned<String>,
) -> Result<Population, Box<RuleFileError>> {
    Population::from_id(value.get_ref()).ok_or_else(|| {
        ctx.at(
            value,
            format!("unknown population {:?}", value.get_ref()),
            Some("populations: human, animal, cells".into()),
        )
    })
}
