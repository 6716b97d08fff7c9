//! The default rule files, embedded in the binary at build time.

/// (path shown in errors, contents)
pub const DEFAULT_RULE_FILES: &[(&str, &str)] = &[
    (
        "rules/structure.toml",
        include_str!("../../rules/structure.toml"),
    ),
    (
        "rules/evidence.toml",
        include_str!("../../rules/evidence.toml"),
    ),
    (
        "rules/attribution.toml",
        include_str!("../../rules/attribution.toml"),
    ),
    (
        "rules/lexicon/designs.toml",
        include_str!("../../rules/lexicon/designs.toml"),
    ),
    (
        "rules/lexicon/populations.toml",
        include_str!("../../rules/lexicon/populations.toml"),
    ),
    (
        "rules/lexicon/modifiers.toml",
        include_str!("../../rules/lexicon/modifiers.toml"),
    ),
    (
        "rules/lexicon/signals.toml",
        include_str!("../../rules/lexicon/signals.toml"),
    ),
];
