//! The built-in rule packs, embedded from `rules/` at build time.

use super::load::RuleSource;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Prefix of the origin of built-in rules in messages.
pub const ORIGIN_PREFIX: &str = "<builtin>";

/// The embedded files: (path under `rules/`, contents).
pub fn files() -> &'static [(&'static str, &'static str)] {
    BUILTIN_RULES
}

/// The built-in rules as sources to compile.
pub fn sources() -> Vec<RuleSource> {
    BUILTIN_RULES
        .iter()
        .filter_map(|(path, text)| {
            let (pack, file) = path.split_once('/')?;
            let name = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            Some(RuleSource {
                origin: format!("{ORIGIN_PREFIX}/{path}"),
                pack: pack.to_owned(),
                name: name.to_owned(),
                text: (*text).to_owned(),
            })
        })
        .collect()
}
