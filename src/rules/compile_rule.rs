//! Compiling one `[[rule]]` table: its code, category, severity, texts and examples, and
//! its check or evidence condition, each value validated against the rule file.

use toml::Spanned;

use crate::model::{Category, Design, Severity};
use crate::rules::checks::Check;
use crate::rules::load::{FileCtx, RuleFileError, design, population};
use crate::rules::schema::{RuleSpec, WhenSpec};
use crate::rules::{Condition, Example, Rule, RuleKind};

pub(super) fn compile_rule(ctx: &FileCtx, spec: &RuleSpec) -> Result<Rule, Box<RuleFileError>> {
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
        claim_one_study: when.claim_one_study,
        claim_silent_on_cited: when.claim_silent_on_cited,
        claim_outcome_only: when.claim_outcome_only,
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
