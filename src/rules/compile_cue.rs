//! Compiling `[[cue]]` and `[[pattern]]` tables into the lexicon's cues: the one kind each
//! declares (design, phase, population, modifier or signal), its strength and scope, and a
//! pattern's regular expression and required literal.

use std::ops::Range;

use regex::Regex;
use toml::Spanned;

use crate::evidence::lexicon::{
    Cue, CueKind, CueRegex, Field, Modifier, PatternCue, Scope, Strength,
};
use crate::model::Phase;
use crate::rules::load::{FileCtx, RuleFileError, design, population};
use crate::rules::schema::{CueSpec, PatternSpec};

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
                    Some(
                        "modifiers: negation, need, hedge, continuation, topic-lead, not-subjects, own-study, several, one, method, question-word"
                            .into(),
                    ),
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

pub(super) fn compile_cue(ctx: &FileCtx, spec: &CueSpec) -> Result<Vec<Cue>, Box<RuleFileError>> {
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

/// A `[[pattern]]` cue. A user file's regex is compiled here, so that any error names its
/// place; a built-in one (`user` false) on first use, see [`CueRegex`].
pub(super) fn compile_pattern(
    ctx: &FileCtx,
    spec: &PatternSpec,
    user: bool,
) -> Result<PatternCue, Box<RuleFileError>> {
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
    let regex = if user {
        CueRegex::compiled(
            Regex::new(source)
                .map_err(|e| ctx.at(&spec.regex, format!("invalid regex: {e}"), None))?,
        )
    } else {
        CueRegex::deferred(source)
    };
    let requires = match &spec.requires {
        Some(literals) => {
            let list = literals.get_ref().as_slice();
            if list.is_empty() || list.iter().any(|literal| literal.trim().is_empty()) {
                return Err(ctx.at(
                    literals,
                    "`requires` must not be empty",
                    Some(
                        "a word every match of the regex contains, a list of words one of \
                         which every match contains, or leave the key out"
                            .into(),
                    ),
                ));
            }
            list.to_vec()
        }
        None => Vec::new(),
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
