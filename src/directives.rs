//! Directives written in the manuscript itself, in HTML/Markdown (`<!-- … -->`) or LaTeX
//! (`% …`) comments:
//!
//! - `citelint-disable [CODES]` … `citelint-enable [CODES]`: suppress findings in between;
//! - `citelint-disable-next-line [CODES]`: suppress findings on the next line;
//! - `citelint: ref LABEL is DESIGN [phase PHASE]`: state a cited work's design when its
//!   title does not show it; the report records it as a user assertion.
//!
//! A suppression that suppresses nothing, and a directive citelint cannot read, are
//! themselves reported.

use regex::Regex;

use crate::config::Selector;
use crate::model::{Design, Finding, Phase, Reference};
use crate::source::{Source, Span};
use crate::text::Literal;
use crate::text::thread_regex::ThreadRegex;

static DIRECTIVE: ThreadRegex = ThreadRegex::new(|| {
    Regex::new(r"(?:<!--|%|//)\s*citelint(?P<kind>-disable-next-line|-disable|-enable|\s*:)(?P<rest>.*?)\s*(?:-->\s*)?$")
        .expect("directive regex compiles")
});

#[derive(Debug, Clone)]
pub enum Scope {
    /// Lines `from..=to`.
    Lines { from: usize, to: usize },
}

#[derive(Debug, Clone)]
pub struct Suppression {
    pub scope: Scope,
    /// Empty: every rule.
    pub selectors: Vec<Selector>,
    /// The directive itself.
    pub span: Span,
    pub text: String,
    pub used: bool,
}

#[derive(Debug, Clone)]
pub struct RefOverride {
    pub label: String,
    pub design: Design,
    pub phase: Option<Phase>,
    pub span: Span,
    pub text: String,
}

/// A directive that could not be read, with the reason.
#[derive(Debug, Clone)]
pub struct Invalid {
    pub span: Span,
    pub text: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct Directives {
    pub suppressions: Vec<Suppression>,
    pub overrides: Vec<RefOverride>,
    pub invalid: Vec<Invalid>,
}

fn selectors(text: &str) -> Result<Vec<Selector>, String> {
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            Selector::parse(s)
                .ok_or_else(|| format!("{s:?} is not a rule code, prefix or category"))
        })
        .collect()
}

/// The word every directive holds.
static DIRECTIVE_WORD: Literal = Literal::new("citelint");

/// Reads every directive in `source`.
pub fn parse(source: &Source) -> Directives {
    let mut directives = Directives::default();
    // A vectorised search of the whole text: most manuscripts hold no directive.
    if !DIRECTIVE_WORD.is_in(&source.text) {
        return directives;
    }
    let mut open: Vec<(usize, Vec<Selector>, Span, String)> = Vec::new();
    for line_number in 1..=source.line_count() {
        let line_span = source.line_span(line_number);
        let line = source.slice(line_span);
        if !DIRECTIVE_WORD.is_in(line) {
            continue;
        }
        let Some(caps) = DIRECTIVE.captures(line) else {
            continue;
        };
        let whole = caps.get(0).expect("group 0");
        let span = Span::new(
            line_span.start + whole.start(),
            line_span.start + whole.end(),
        );
        let text = whole.as_str().trim().to_owned();
        let rest = caps["rest"].trim();
        let invalid = |reason: String| Invalid {
            span,
            text: text.clone(),
            reason,
        };
        match caps["kind"].trim() {
            "-disable-next-line" => match selectors(rest) {
                Ok(selectors) => {
                    let next = (line_number + 1..=source.line_count())
                        .find(|n| !source.slice(source.line_span(*n)).trim().is_empty())
                        .unwrap_or(line_number + 1);
                    directives.suppressions.push(Suppression {
                        scope: Scope::Lines {
                            from: next,
                            to: next,
                        },
                        selectors,
                        span,
                        text,
                        used: false,
                    });
                }
                Err(reason) => directives.invalid.push(invalid(reason)),
            },
            "-disable" => match selectors(rest) {
                Ok(selectors) => open.push((line_number, selectors, span, text)),
                Err(reason) => directives.invalid.push(invalid(reason)),
            },
            "-enable" => match selectors(rest) {
                Ok(closing) => {
                    let mut still_open = Vec::new();
                    for (from, selectors, span, text) in open.drain(..) {
                        if closing.is_empty() || closing == selectors {
                            directives.suppressions.push(Suppression {
                                scope: Scope::Lines {
                                    from,
                                    to: line_number,
                                },
                                selectors,
                                span,
                                text,
                                used: false,
                            });
                        } else {
                            still_open.push((from, selectors, span, text));
                        }
                    }
                    open = still_open;
                }
                Err(reason) => directives.invalid.push(invalid(reason)),
            },
            _ => match parse_override(rest) {
                Ok((label, design, phase)) => directives.overrides.push(RefOverride {
                    label,
                    design,
                    phase,
                    span,
                    text,
                }),
                Err(reason) => directives.invalid.push(invalid(reason)),
            },
        }
    }
    for (from, selectors, span, text) in open {
        directives.suppressions.push(Suppression {
            scope: Scope::Lines {
                from,
                to: usize::MAX,
            },
            selectors,
            span,
            text,
            used: false,
        });
    }
    directives
}

/// `ref 21 is rct`, `ref leblanc2008 is clinical-trial phase II`.
fn parse_override(text: &str) -> Result<(String, Design, Option<Phase>), String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let usage = || "expected `citelint: ref LABEL is DESIGN [phase PHASE]`".to_owned();
    match words.as_slice() {
        ["ref", label, "is", design, tail @ ..] => {
            let design = Design::from_id(design).ok_or_else(|| {
                format!(
                    "unknown design id {design:?} (design ids: {})",
                    Design::ALL.map(Design::id).join(", ")
                )
            })?;
            let phase = match tail {
                [] => None,
                ["phase", phase] => Some(Phase::from_id(phase).ok_or_else(|| {
                    format!("unknown phase {phase:?} (I, I/II, II, II/III, III, IV)")
                })?),
                _ => return Err(usage()),
            };
            Ok(((*label).to_owned(), design, phase))
        }
        _ => Err(usage()),
    }
}

/// Applies the design overrides to `references`; overrides naming no reference become
/// invalid directives.
pub fn apply_overrides(directives: &mut Directives, references: &mut [Reference], source: &Source) {
    let mut unknown = Vec::new();
    for o in &directives.overrides {
        match references
            .iter_mut()
            .find(|r| r.label.eq_ignore_ascii_case(&o.label))
        {
            Some(reference) => {
                reference.design = o.design;
                reference.phase =
                    o.phase
                        .or(if matches!(o.design, Design::Rct | Design::ClinicalTrial) {
                            reference.phase
                        } else {
                            None
                        });
                if o.phase.is_some() || reference.phase.is_none() {
                    reference.phase_cue = None;
                }
                reference.confidence = 1.0;
                reference.user_asserted = true;
                reference.evidence.insert(
                    0,
                    format!(
                        "user: \"{}\" (line {})",
                        o.text,
                        source.line_of(o.span.start)
                    ),
                );
            }
            None => unknown.push(Invalid {
                span: o.span,
                text: o.text.clone(),
                reason: format!("no reference labelled {:?}", o.label),
            }),
        }
    }
    directives.invalid.extend(unknown);
}

/// Drops the findings a suppression covers, marking the suppressions used.
pub fn suppress(directives: &mut Directives, findings: &mut Vec<Finding>) {
    findings.retain(|finding| {
        let covering = directives.suppressions.iter_mut().find(|s| {
            let Scope::Lines { from, to } = s.scope;
            (from..=to).contains(&finding.line)
                && (s.selectors.is_empty()
                    || s.selectors
                        .iter()
                        .any(|sel| sel.matches(&finding.code, finding.category)))
        });
        match covering {
            Some(suppression) => {
                suppression.used = true;
                false
            }
            None => true,
        }
    });
}
