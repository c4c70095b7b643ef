//! `hedgelint.toml`: discovery, parsing and the per-file policy it yields.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use super::absolute;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, ErrorKind};
use crate::rule::{Level, Rule, RuleSet};

/// File names looked for, in order, in the working folder and each of its ancestors.
pub const CONFIG_NAMES: &[&str] = &["hedgelint.toml", ".hedgelint.toml"];

/// The level at or above which findings fail a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum FailOn {
    /// Any finding.
    Suggestion,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
    /// Never: exit 0 whatever is found.
    Never,
}

impl FailOn {
    /// True when a finding at `level` fails the run.
    pub fn reached_by(self, level: Level) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Suggestion => true,
            FailOn::Warning => level >= Level::Warning,
            FailOn::Error => level >= Level::Error,
        }
    }

    fn parse(s: &str) -> Option<FailOn> {
        match s {
            "suggestion" => Some(FailOn::Suggestion),
            "warning" => Some(FailOn::Warning),
            "error" => Some(FailOn::Error),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }
}

/// A rule's level as configured: a level, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelSetting {
    /// Report at this level.
    Level(Level),
    /// Do not run the rule.
    Off,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileSpec {
    fail_on: Option<Spanned<String>>,
    min_level: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    rules: Option<Vec<Spanned<String>>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    extensions: Option<Vec<Spanned<String>>>,
    baseline: Option<String>,
    front_matter: Option<Spanned<Vec<String>>>,
    levels: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    overrides: Option<Vec<OverrideSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideSpec {
    paths: Spanned<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    min_level: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    levels: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

/// Settings that can differ from one path to another.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// `Some`: only these rules or packs run (opt-in rules included); `None`: the rules
    /// enabled by default.
    pub select: Option<Vec<String>>,
    /// Rules or packs that do not run.
    pub ignore: Vec<String>,
    /// Level changes, by rule id or pack; a rule id beats its pack.
    pub levels: Vec<(String, LevelSetting)>,
    /// The threshold for the exit code.
    pub fail_on: Option<FailOn>,
    /// Findings below this level are not reported (and so cannot fail the run).
    pub min_level: Option<Level>,
    /// Where each setting came from (`hedgelint.toml:4`, `--fail-on`), by setting: `fail-on`,
    /// `min-level`, `select`, `ignore:NAME` and `levels:NAME`. For `--show-settings`.
    pub origins: BTreeMap<String, String>,
}

impl Policy {
    /// The level `rule` reports at under this policy, or `None` when it does not run.
    pub fn level_for(&self, rule: &Rule) -> Option<Level> {
        self.level_for_default(rule, rule.level)
    }

    /// As [`Policy::level_for`], with `default` in place of the rule's own level.
    pub fn level_for_default(&self, rule: &Rule, default: Level) -> Option<Level> {
        match self.decide(rule) {
            Decision::NotSelected | Decision::OptIn | Decision::Ignored(_) => None,
            Decision::Levels(_, LevelSetting::Off) => None,
            Decision::Levels(_, LevelSetting::Level(l)) => Some(l),
            Decision::Default => Some(default),
        }
    }

    /// Which of the policy's settings decides whether and at what level `rule` runs.
    pub fn decide(&self, rule: &Rule) -> Decision<'_> {
        let named = |n: &String| *n == rule.id || *n == rule.pack;
        match &self.select {
            None if !rule.enabled => return Decision::OptIn,
            Some(list) if !list.iter().any(named) => return Decision::NotSelected,
            _ => {}
        }
        if let Some(name) = self.ignore.iter().find(|n| named(n)) {
            return Decision::Ignored(name);
        }
        self.levels
            .iter()
            .rev()
            .find(|(n, _)| *n == rule.id)
            .or_else(|| self.levels.iter().rev().find(|(n, _)| *n == rule.pack))
            .map_or(Decision::Default, |(n, s)| Decision::Levels(n, *s))
    }

    /// Lays `other` over this policy: its `select`, `fail_on` and `min_level` replace, its `ignore` adds,
    /// and each of its `levels` replaces what this policy said for that rule or pack.
    pub fn overlay(&mut self, other: &Policy) {
        if other.select.is_some() {
            self.select.clone_from(&other.select);
        }
        self.ignore.extend(other.ignore.iter().cloned());
        for (name, setting) in &other.levels {
            // A later layer wins over an earlier one, even over a more specific name: a pack
            // set here replaces what came before for each of its rules.
            let pack_prefix = format!("{name}.");
            self.levels
                .retain(|(n, _)| n != name && !n.starts_with(&pack_prefix));
            self.origins.retain(|k, _| {
                !k.strip_prefix("levels:")
                    .is_some_and(|n| n.starts_with(&pack_prefix))
            });
            self.levels.push((name.clone(), *setting));
        }
        for (key, origin) in &other.origins {
            self.origins.insert(key.clone(), origin.clone());
        }
        if other.fail_on.is_some() {
            self.fail_on = other.fail_on;
        }
        if other.min_level.is_some() {
            self.min_level = other.min_level;
        }
    }
}

/// What decides a rule's level under a [`Policy`] ([`Policy::decide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision<'a> {
    /// `select` is set and names neither the rule nor its pack: it does not run.
    NotSelected,
    /// The rule is opt-in and `select` is unset: it does not run.
    OptIn,
    /// `ignore` names the rule or its pack (this name): it does not run.
    Ignored(&'a str),
    /// The `[levels]` entry for this name (the rule id, else its pack) sets it.
    Levels(&'a str, LevelSetting),
    /// Nothing in the policy changes it: it runs at its default level.
    Default,
}

/// An `[[overrides]]` entry.
#[derive(Debug, Clone)]
pub struct Override {
    /// The paths it applies to.
    pub paths: GlobSet,
    /// What it changes.
    pub policy: Policy,
}

/// A loaded configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file.
    pub path: PathBuf,
    /// Its folder: relative paths and globs in it are relative to this.
    pub dir: PathBuf,
    /// Top-level settings.
    pub policy: Policy,
    /// Extra rule folders.
    pub rules: Vec<PathBuf>,
    /// Only walked files matching one of these are linted.
    pub include: Option<GlobSet>,
    /// Walked files matching one of these are not linted.
    pub exclude: Option<GlobSet>,
    /// The `exclude` patterns as written, each with its `file:line`, in `exclude`'s order.
    exclude_written: Vec<(String, String)>,
    /// File extensions to lint when walking folders.
    pub extensions: Option<Vec<String>>,
    /// Per-path settings, applied in order.
    pub overrides: Vec<Override>,
    /// The baseline file to filter findings by, resolved against the file's folder.
    pub baseline: Option<PathBuf>,
    /// The front matter keys whose values are linted, when the file chooses them, with the
    /// `file:line` that does.
    pub front_matter: Option<(Vec<String>, String)>,
    /// Every rule or pack name the file mentions, with its place, for checking once the
    /// rules are loaded.
    names: Vec<(String, (u64, u64))>,
}

/// Finds the nearest configuration file in `start` or its ancestors; one in `start` itself
/// comes back as a relative path, for messages.
pub fn discover(start: &Path) -> Option<PathBuf> {
    super::discover(start, CONFIG_NAMES)
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, col)
}

struct Parser<'a> {
    origin: String,
    text: &'a str,
    names: Vec<(String, (u64, u64))>,
}

impl Parser<'_> {
    fn at<T>(&self, s: &Spanned<T>) -> (u64, u64) {
        line_col(self.text, s.span().start)
    }

    fn err<T>(&self, s: &Spanned<T>, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config, &self.origin, Some(self.at(s)), msg)
    }

    fn names(&mut self, list: &Option<Vec<Spanned<String>>>) -> Option<Vec<String>> {
        list.as_ref().map(|l| {
            l.iter()
                .map(|s| {
                    let at = self.at(s);
                    self.names.push((s.get_ref().clone(), at));
                    s.get_ref().clone()
                })
                .collect()
        })
    }

    /// A value that must be one of a few names: `parse` reads it, `key` and `expected` word
    /// the error.
    fn choice<T>(
        &self,
        s: &Option<Spanned<String>>,
        parse: fn(&str) -> Option<T>,
        key: &str,
        expected: &str,
    ) -> Result<Option<T>, Error> {
        match s {
            None => Ok(None),
            Some(v) => parse(v.get_ref()).map(Some).ok_or_else(|| {
                self.err(
                    v,
                    format!("invalid {key} `{}` (expected {expected})", v.get_ref()),
                )
            }),
        }
    }

    fn fail_on(&self, s: &Option<Spanned<String>>) -> Result<Option<FailOn>, Error> {
        let expected = "suggestion, warning, error or never";
        self.choice(s, FailOn::parse, "fail-on", expected)
    }

    fn min_level(&self, s: &Option<Spanned<String>>) -> Result<Option<Level>, Error> {
        self.choice(s, Level::parse, "min-level", "suggestion, warning or error")
    }

    /// `file:line` of a value, for `--show-settings`.
    fn place<T>(&self, s: &Spanned<T>) -> String {
        format!("{}:{}", self.origin, self.at(s).0)
    }

    /// Where each of a table's policy settings is written.
    fn origins(
        &self,
        fail_on: &Option<Spanned<String>>,
        min_level: &Option<Spanned<String>>,
        select: &Option<Vec<Spanned<String>>>,
        ignore: &Option<Vec<Spanned<String>>>,
        levels: &Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    ) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(v) = fail_on {
            out.insert("fail-on".to_owned(), self.place(v));
        }
        if let Some(v) = min_level {
            out.insert("min-level".to_owned(), self.place(v));
        }
        if let Some(first) = select.as_ref().and_then(|l| l.first()) {
            out.insert("select".to_owned(), self.place(first));
        } else if select.is_some() {
            out.insert("select".to_owned(), self.origin.clone());
        }
        for name in ignore.iter().flatten() {
            out.insert(format!("ignore:{}", name.get_ref()), self.place(name));
        }
        for name in levels.iter().flat_map(|m| m.keys()) {
            out.insert(format!("levels:{}", name.get_ref()), self.place(name));
        }
        out
    }

    fn levels(
        &mut self,
        map: &Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    ) -> Result<Vec<(String, LevelSetting)>, Error> {
        let mut out = Vec::new();
        let Some(map) = map else { return Ok(out) };
        let mut entries: Vec<_> = map.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        for (name, value) in entries {
            let setting = match value.get_ref().as_str() {
                "off" => LevelSetting::Off,
                other => LevelSetting::Level(Level::parse(other).ok_or_else(|| {
                    self.err(
                        value,
                        format!(
                            "invalid level `{other}` (expected suggestion, warning, error or off)"
                        ),
                    )
                })?),
            };
            let at = self.at(name);
            self.names.push((name.get_ref().clone(), at));
            out.push((name.get_ref().clone(), setting));
        }
        Ok(out)
    }

    fn globs(&self, list: &[Spanned<String>]) -> Result<GlobSet, Error> {
        let mut b = GlobSetBuilder::new();
        for g in list {
            let pattern = g.get_ref();
            // A pattern without a slash matches at any depth, as in .gitignore.
            let pattern = if pattern.contains('/') {
                pattern.trim_start_matches("./").to_owned()
            } else {
                format!("**/{pattern}")
            };
            // Case-insensitive, as extensions are: `*.MD` and `Drafts/**` match on any file
            // system, so a config behaves the same on macOS, Windows and Linux.
            let glob = GlobBuilder::new(&pattern)
                .case_insensitive(true)
                .build()
                .map_err(|e| {
                    self.err(g, format!("invalid glob `{}`: {}", g.get_ref(), e.kind()))
                })?;
            b.add(glob);
        }
        b.build()
            .map_err(|e| Error::new(ErrorKind::Config, &self.origin, None, e.to_string()))
    }
}

/// Adds a "did you mean" to serde's `unknown field `x`, expected one of `a`, `b`` when one
/// of the expected keys is a likely typo of the unknown one.
fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_owned();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_owned();
    };
    let closest = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|key| (strsim::normalized_damerau_levenshtein(unknown, key), key))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((_, key)) => format!("{message} (did you mean `{key}`?)"),
        None => message.to_owned(),
    }
}

impl Config {
    /// Parses `text`, the configuration file at `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let origin = crate::walk::display_path(path);
        let spec: FileSpec = toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| line_col(text, s.start));
            Error::new(
                ErrorKind::Config,
                &origin,
                at,
                with_suggestion(&e.message().trim_end().replace('\n', " ")),
            )
        })?;
        let mut p = Parser {
            origin,
            text,
            names: Vec::new(),
        };
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir = absolute(&cwd, path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let policy = Policy {
            select: p.names(&spec.select),
            ignore: p.names(&spec.ignore).unwrap_or_default(),
            levels: p.levels(&spec.levels)?,
            fail_on: p.fail_on(&spec.fail_on)?,
            min_level: p.min_level(&spec.min_level)?,
            origins: p.origins(
                &spec.fail_on,
                &spec.min_level,
                &spec.select,
                &spec.ignore,
                &spec.levels,
            ),
        };
        let rules = spec
            .rules
            .iter()
            .flatten()
            .map(|r| dir.join(r.get_ref()))
            .collect();
        let include = spec.include.as_deref().map(|g| p.globs(g)).transpose()?;
        let exclude = spec.exclude.as_deref().map(|g| p.globs(g)).transpose()?;
        let exclude_written = spec
            .exclude
            .iter()
            .flatten()
            .map(|g| (g.get_ref().clone(), p.place(g)))
            .collect();
        let extensions = spec.extensions.as_ref().map(|l| {
            l.iter()
                .map(|e| e.get_ref().trim_start_matches('.').to_ascii_lowercase())
                .collect()
        });
        let mut overrides = Vec::new();
        for o in spec.overrides.iter().flatten() {
            if o.paths.get_ref().is_empty() {
                return Err(p.err(&o.paths, "an override needs at least one path glob"));
            }
            let paths = p.globs(o.paths.get_ref())?;
            let policy = Policy {
                select: p.names(&o.select),
                ignore: p.names(&o.ignore).unwrap_or_default(),
                levels: p.levels(&o.levels)?,
                fail_on: p.fail_on(&o.fail_on)?,
                min_level: p.min_level(&o.min_level)?,
                origins: p.origins(&o.fail_on, &o.min_level, &o.select, &o.ignore, &o.levels),
            };
            overrides.push(Override { paths, policy });
        }
        let baseline = spec.baseline.as_ref().map(|b| dir.join(b));
        Ok(Config {
            path: path.to_path_buf(),
            dir,
            baseline,
            front_matter: spec
                .front_matter
                .as_ref()
                .map(|keys| (keys.get_ref().clone(), p.place(keys))),
            policy,
            rules,
            include,
            exclude,
            exclude_written,
            extensions,
            overrides,
            names: p.names,
        })
    }

    /// Reads and parses the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let (_, text) = super::read_text(path)?;
        Config::parse(path, &text)
    }

    /// Errors for every rule or pack name that `rules` does not know.
    pub fn check_names(&self, rules: &RuleSet) -> Vec<Error> {
        let origin = crate::walk::display_path(&self.path);
        self.names
            .iter()
            .filter(|(n, _)| !rules.knows(n))
            .map(|(n, at)| {
                Error::new(
                    ErrorKind::UnknownName,
                    &origin,
                    Some(*at),
                    match rules.closest(n) {
                        Some(known) => {
                            format!("unknown rule or pack `{n}` (did you mean `{known}`?)")
                        }
                        None => format!("unknown rule or pack `{n}`"),
                    },
                )
            })
            .collect()
    }

    /// `path` relative to the configuration's folder, with `/` separators, for glob matching.
    fn relative(&self, abs: &Path) -> PathBuf {
        abs.strip_prefix(&self.dir)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| abs.to_path_buf())
    }

    /// The policy for a file at absolute path `abs`: the top level, then each matching
    /// override in order.
    pub fn policy_for(&self, abs: &Path) -> Policy {
        let mut policy = self.policy.clone();
        let rel = self.relative(abs);
        for o in &self.overrides {
            if o.paths.is_match(&rel) {
                policy.overlay(&o.policy);
            }
        }
        policy
    }

    /// Whether a file met while walking is linted, by `include` and `exclude`.
    pub fn admits(&self, abs: &Path) -> bool {
        let rel = self.relative(abs);
        self.include.as_ref().is_none_or(|g| g.is_match(&rel))
            && !self.exclude.as_ref().is_some_and(|g| g.is_match(&rel))
    }

    /// Why `include` or `exclude` keep the file at absolute path `abs` out of a walk, or
    /// `None` when they admit it.
    pub fn exclusion(&self, abs: &Path) -> Option<String> {
        let rel = self.relative(abs);
        if let Some(exclude) = &self.exclude
            && let Some(&i) = exclude.matches(&rel).first()
            && let Some((pattern, place)) = self.exclude_written.get(i)
        {
            return Some(format!("excluded by `{pattern}` ({place})"));
        }
        match &self.include {
            Some(include) if !include.is_match(&rel) => Some(format!(
                "matches no `include` glob ({})",
                walk_display(&self.path)
            )),
            _ => None,
        }
    }

    /// True when some override can change the policy for some paths.
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty()
    }
}

fn walk_display(path: &Path) -> String {
    crate::walk::display_path(path)
}

/// The commented starter file `hedgelint init` writes.
pub const STARTER: &str = r#"# hedgelint configuration. Flags on the command line beat this file; this file beats the
# defaults. Reference: docs/configuration.md

# Exit with code 1 when a finding is at or above this level: suggestion, warning, error, never.
fail-on = "warning"

# Run only these rules or packs (default: the packs that are on by default, Attribution and
# Hedging). Naming an opt-in pack such as Weasel here turns it on.
# select = ["Attribution", "Hedging"]

# Rules or packs that never run.
# ignore = ["Hedging.AppearsSeems"]

# More rule folders (Vale styles work), relative to this file.
# rules = ["styles"]

# Which files a folder walk lints (globs relative to this file; a glob without a slash matches
# at any depth). Files named on the command line are always linted.
# include = ["articles/**"]
# exclude = ["archive/**", "drafts/scratch/**"]
# extensions = ["txt", "md", "markdown", "rst"]

# Front matter keys whose values are linted in Markdown (headline, standfirst); [] for none.
# front-matter = ["title", "description", "summary"]

# Change a rule's or a pack's level, or turn it off.
[levels]
# "Hedging.Modal" = "suggestion"
# "Hedging.AppearsSeems" = "off"

# Settings for some paths only, applied in order after the top level.
# [[overrides]]
# paths = ["archive/**"]
# fail-on = "never"
# [overrides.levels]
# "Hedging" = "off"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_parses() {
        let c = Config::parse(Path::new("/x/hedgelint.toml"), STARTER).unwrap();
        assert_eq!(c.policy.fail_on, Some(FailOn::Warning));
    }

    #[test]
    fn unknown_keys_point_at_line_and_column() {
        let e = Config::parse(
            Path::new("h.toml"),
            "fail-on = \"error\"\nselct = [\"A\"]\n",
        )
        .unwrap_err();
        assert_eq!(e.at(), Some((2, 1)));
        assert!(e.message.contains("unknown field `selct`"), "{}", e.message);
        assert!(
            e.message.ends_with("(did you mean `select`?)"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let e = Config::parse(
            Path::new("h.toml"),
            "[levels]\n\"Hedging.Modal\" = \"loud\"\n",
        )
        .unwrap_err();
        assert_eq!(e.at(), Some((2, 19)));
        let e = Config::parse(Path::new("h.toml"), "fail-on = \"sometimes\"\n").unwrap_err();
        assert_eq!(e.at(), Some((1, 11)));
        let e = Config::parse(Path::new("h.toml"), "\nmin-level = \"loud\"\n").unwrap_err();
        assert_eq!(e.at(), Some((2, 13)));
        assert!(e.to_string().contains("invalid min-level `loud`"), "{e}");
    }

    #[test]
    fn overrides_apply_in_order_to_matching_paths() {
        let text = "ignore = [\"A.X\"]\nmin-level = \"warning\"\n[[overrides]]\npaths = [\"archive/**\"]\nfail-on = \"never\"\nmin-level = \"error\"\n[overrides.levels]\n\"B\" = \"off\"\n";
        let c = Config::parse(Path::new("/repo/hedgelint.toml"), text).unwrap();
        let p = c.policy_for(Path::new("/repo/archive/2019/a.txt"));
        assert_eq!(p.fail_on, Some(FailOn::Never));
        assert_eq!(p.min_level, Some(Level::Error));
        assert_eq!(p.levels, vec![("B".to_owned(), LevelSetting::Off)]);
        assert_eq!(p.ignore, vec!["A.X".to_owned()]);
        let p = c.policy_for(Path::new("/repo/news/a.txt"));
        assert_eq!(p.fail_on, None);
        assert_eq!(p.min_level, Some(Level::Warning));
    }

    #[test]
    fn a_later_pack_level_beats_an_earlier_rule_level() {
        let mut p = Policy {
            levels: vec![("H.Modal".into(), LevelSetting::Level(Level::Warning))],
            ..Policy::default()
        };
        p.overlay(&Policy {
            levels: vec![("H".into(), LevelSetting::Off)],
            ..Policy::default()
        });
        assert_eq!(p.levels, vec![("H".to_owned(), LevelSetting::Off)]);
    }

    #[test]
    fn globs_without_slash_match_at_any_depth() {
        let c = Config::parse(
            Path::new("/r/h.toml"),
            "exclude = [\"*.draft.md\", \"old/**\"]\n",
        )
        .unwrap();
        assert!(!c.admits(Path::new("/r/a/b/x.draft.md")));
        assert!(!c.admits(Path::new("/r/old/x.md")));
        assert!(c.admits(Path::new("/r/new/old/x.md")));
    }

    #[test]
    fn paths_are_cleaned_lexically() {
        assert_eq!(
            absolute(Path::new("/a/b"), Path::new("./c/../d.txt")),
            PathBuf::from("/a/b/d.txt")
        );
    }
}
