//! Loading rule files: the embedded defaults plus any `--rules DIR` files, each parsed and
//! validated. Unknown keys, unknown design ids, bad regexes and duplicate codes are
//! [`RuleFileError`]s that point at the offending key in the TOML file.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use regex::Regex;
use thiserror::Error;
use toml::Spanned;

use crate::evidence::lexicon::{
    Cue, CueKind, Field, Lexicon, Modifier, PatternCue, Scope, Strength,
};
use crate::model::{Category, Design, Phase, Population, Severity};
use crate::rules::checks::Check;
use crate::rules::embedded::DEFAULT_RULE_FILES;
use crate::rules::schema::{CueSpec, PatternSpec, RuleFileSpec, RuleSpec, WhenSpec};
use crate::rules::{Condition, Example, Rule, RuleKind, RuleSet};

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

struct FileCtx<'a> {
    path: &'a str,
    text: &'a str,
}

impl FileCtx<'_> {
    fn error(
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

    fn at<T>(
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
            patterns.push(compile_pattern(&ctx, pattern_spec)?);
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

fn compile_rule(ctx: &FileCtx, spec: &RuleSpec) -> Result<Rule, Box<RuleFileError>> {
    let code = spec.code.get_ref().trim().to_owned();
    let valid_code = code.len() >= 3
        && code.chars().all(|c| c.is_ascii_alphanumeric())
        && code.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    if !valid_code {
        return Err(ctx.at(
            &spec.code,
            format!("invalid rule code {code:?}"),
            Some("codes are letters then digits, such as EV001".into()),
        ));
    }
    let category = Category::from_id(spec.category.get_ref()).ok_or_else(|| {
        ctx.at(
            &spec.category,
            format!("unknown category {:?}", spec.category.get_ref()),
            Some("categories: evidence, attribution, structure, reference".into()),
        )
    })?;
    let severity = parse_severity(ctx, &spec.severity)?;
    let kind = match (&spec.check, &spec.when) {
        (Some(check), None) => {
            RuleKind::Check(Check::from_id(check.get_ref()).ok_or_else(|| {
                ctx.at(
                    check,
                    format!("unknown check {:?}", check.get_ref()),
                    Some(format!("checks: {}", Check::ALL.map(Check::id).join(", "))),
                )
            })?)
        }
        (None, Some(when)) => RuleKind::Evidence(compile_condition(ctx, when)?),
        _ => {
            return Err(ctx.at(
                &spec.code,
                format!("rule {code} needs exactly one of `check` or `when`"),
                None,
            ));
        }
    };
    Ok(Rule {
        code,
        name: spec.name.get_ref().clone(),
        category,
        severity,
        summary: spec.summary.trim().to_owned(),
        description: spec.description.trim().to_owned(),
        message: spec.message.trim().to_owned(),
        help: spec.help.trim().to_owned(),
        kind,
        examples: spec
            .example
            .iter()
            .map(|e| Example {
                claim: e.claim.clone(),
                reference: e.reference.clone(),
                document: e.document.clone(),
                fires: e.fires,
            })
            .collect(),
        origin: ctx.path.to_owned(),
    })
}

fn parse_severity(ctx: &FileCtx, value: &Spanned<String>) -> Result<Severity, Box<RuleFileError>> {
    Severity::from_id(value.get_ref()).ok_or_else(|| {
        ctx.at(
            value,
            format!("unknown severity {:?}", value.get_ref()),
            Some("severities: error, warning, info".into()),
        )
    })
}

fn design(ctx: &FileCtx, value: &Spanned<String>) -> Result<Design, Box<RuleFileError>> {
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

fn population(ctx: &FileCtx, value: &Spanned<String>) -> Result<Population, Box<RuleFileError>> {
    Population::from_id(value.get_ref()).ok_or_else(|| {
        ctx.at(
            value,
            format!("unknown population {:?}", value.get_ref()),
            Some("populations: human, animal, cells".into()),
        )
    })
}

fn designs(ctx: &FileCtx, values: &[Spanned<String>]) -> Result<Vec<Design>, Box<RuleFileError>> {
    values.iter().map(|v| design(ctx, v)).collect()
}

fn compile_condition(ctx: &FileCtx, when: &WhenSpec) -> Result<Condition, Box<RuleFileError>> {
    let confidence_ok = |c: f32| (0.0..=1.0).contains(&c);
    if !confidence_ok(when.min_confidence) || when.warning_below.is_some_and(|c| !confidence_ok(c))
    {
        return Err(ctx.error(None, "confidences must lie between 0 and 1", None));
    }
    Ok(Condition {
        claim_designs: designs(ctx, &when.claim_designs)?,
        claim_population: when
            .claim_population
            .as_ref()
            .map(|p| population(ctx, p))
            .transpose()?,
        cited_designs: designs(ctx, &when.cited_designs)?,
        cited_signals: when
            .cited_signals
            .iter()
            .map(|s| s.get_ref().clone())
            .collect(),
        cited_without_signals: when
            .cited_without_signals
            .iter()
            .map(|s| s.get_ref().clone())
            .collect(),
        cited_without_population: when
            .cited_without_population
            .as_ref()
            .map(|p| population(ctx, p))
            .transpose()?,
        cited_pools: when
            .cited_pools
            .as_ref()
            .map(|p| population(ctx, p))
            .transpose()?,
        phase_differs: when.phase_differs,
        max_cited_works: when.max_cited_works,
        min_confidence: when.min_confidence,
        warning_below: when.warning_below,
    })
}

fn strength(
    ctx: &FileCtx,
    value: &Option<Spanned<String>>,
) -> Result<Strength, Box<RuleFileError>> {
    match value {
        None => Ok(Strength::Strong),
        Some(v) => match v.get_ref().as_str() {
            "strong" => Ok(Strength::Strong),
            "weak" => Ok(Strength::Weak),
            other => Err(ctx.at(
                v,
                format!("unknown strength {other:?}"),
                Some("strengths: strong, weak".into()),
            )),
        },
    }
}

fn scope(ctx: &FileCtx, value: &Option<Spanned<String>>) -> Result<Scope, Box<RuleFileError>> {
    match value {
        None => Ok(Scope::Both),
        Some(v) => match v.get_ref().as_str() {
            "both" => Ok(Scope::Both),
            "claim" => Ok(Scope::Claim),
            "reference" => Ok(Scope::Reference),
            other => Err(ctx.at(
                v,
                format!("unknown scope {other:?}"),
                Some("scopes: claim, reference, both".into()),
            )),
        },
    }
}

/// The kind keys of a cue or pattern, of which exactly one must be set.
struct KindKeys<'a> {
    design: Option<&'a Spanned<String>>,
    phase: Option<&'a Spanned<String>>,
    population: Option<&'a Spanned<String>>,
    species: Option<&'a String>,
    modifier: Option<&'a Spanned<String>>,
    signal: Option<&'a Spanned<String>>,
}

/// The one kind a cue or pattern declares.
fn cue_kind(
    ctx: &FileCtx,
    anchor: Range<usize>,
    keys: KindKeys,
) -> Result<CueKind, Box<RuleFileError>> {
    let KindKeys {
        design: design_spec,
        phase: phase_spec,
        population: population_spec,
        species,
        modifier: modifier_spec,
        signal: signal_spec,
    } = keys;
    let declared = [
        design_spec.is_some(),
        phase_spec.is_some(),
        population_spec.is_some(),
        modifier_spec.is_some(),
        signal_spec.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if declared != 1 {
        return Err(ctx.error(
            Some(anchor),
            "a cue names exactly one of design, phase, population, modifier or signal",
            None,
        ));
    }
    if let Some(d) = design_spec {
        return Ok(CueKind::Design(design(ctx, d)?));
    }
    if let Some(p) = phase_spec {
        return Phase::from_id(p.get_ref())
            .map(CueKind::Phase)
            .ok_or_else(|| {
                ctx.at(
                    p,
                    format!("unknown phase {:?}", p.get_ref()),
                    Some("phases: I, I/II, II, II/III, III, IV".into()),
                )
            });
    }
    if let Some(p) = population_spec {
        return Ok(CueKind::Population(population(ctx, p)?, species.cloned()));
    }
    if let Some(m) = modifier_spec {
        return Modifier::from_id(m.get_ref())
            .map(CueKind::Modifier)
            .ok_or_else(|| {
                ctx.at(
                    m,
                    format!("unknown modifier {:?}", m.get_ref()),
                    Some("modifiers: negation, need, hedge, continuation".into()),
                )
            });
    }
    let signal = signal_spec.expect("one kind declared");
    let id = signal.get_ref();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return Err(ctx.at(
            signal,
            format!("signal ids are lower-case words joined by '-', not {id:?}"),
            None,
        ));
    }
    Ok(CueKind::Signal(id.clone()))
}

fn compile_cue(ctx: &FileCtx, spec: &CueSpec) -> Result<Vec<Cue>, Box<RuleFileError>> {
    let terms: Vec<&Spanned<String>> = spec.en.iter().chain(spec.zh.iter()).collect();
    let Some(first) = terms.first() else {
        let anchor = [
            &spec.design,
            &spec.phase,
            &spec.population,
            &spec.modifier,
            &spec.signal,
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|s| s.span());
        return Err(ctx.error(
            anchor,
            "a cue needs at least one term in `en` or `zh`",
            None,
        ));
    };
    let kind = cue_kind(
        ctx,
        first.span(),
        KindKeys {
            design: spec.design.as_ref(),
            phase: spec.phase.as_ref(),
            population: spec.population.as_ref(),
            species: spec.species.as_ref(),
            modifier: spec.modifier.as_ref(),
            signal: spec.signal.as_ref(),
        },
    )?;
    let strength = strength(ctx, &spec.strength)?;
    let scope = scope(ctx, &spec.scope)?;
    let field = match &spec.field {
        None => Field::Title,
        Some(v) => match v.get_ref().as_str() {
            "title" => Field::Title,
            "container" => Field::Container,
            other => {
                return Err(ctx.at(
                    v,
                    format!("unknown field {other:?}"),
                    Some("fields: title, container".into()),
                ));
            }
        },
    };
    terms
        .into_iter()
        .map(|term| {
            let text = term.get_ref().trim();
            if text.is_empty() {
                return Err(ctx.at(term, "empty cue term", None));
            }
            Ok(Cue {
                kind: kind.clone(),
                strength,
                scope,
                field,
                term: text.to_owned(),
            })
        })
        .collect()
}

fn compile_pattern(ctx: &FileCtx, spec: &PatternSpec) -> Result<PatternCue, Box<RuleFileError>> {
    let kind = cue_kind(
        ctx,
        spec.regex.span(),
        KindKeys {
            design: spec.design.as_ref(),
            phase: None,
            population: spec.population.as_ref(),
            species: None,
            modifier: None,
            signal: spec.signal.as_ref(),
        },
    )?;
    let source = spec.regex.get_ref();
    if source.contains(r"\b") && !source.contains(r"(?-u:\b)") {
        return Err(ctx.at(
            &spec.regex,
            "Unicode \\b is not allowed in cue patterns (it runs 400x slower on Chinese text)",
            Some("use (?-u:\\b) for ASCII word boundaries".into()),
        ));
    }
    let regex =
        Regex::new(source).map_err(|e| ctx.at(&spec.regex, format!("invalid regex: {e}"), None))?;
    let requires = match &spec.requires {
        Some(literal) if literal.get_ref().trim().is_empty() => {
            return Err(ctx.at(
                literal,
                "`requires` must not be empty",
                Some("a word every match of the regex contains, or leave the key out".into()),
            ));
        }
        Some(literal) => Some(literal.get_ref().clone()),
        None => None,
    };
    Ok(PatternCue {
        kind,
        strength: strength(ctx, &spec.strength)?,
        scope: scope(ctx, &spec.scope)?,
        regex,
        requires,
        note: spec.note.clone(),
    })
}
