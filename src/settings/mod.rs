//! What decides a run besides the rules: `hedgelint.toml` ([`config`]), `.vale.ini`
//! ([`vale`]), the command-line flags and the baseline ([`baseline`]). [`Settings`] holds them
//! as layers of one policy and answers, for each file, which findings it reports and at what
//! level ([`FilePolicy`]).

pub mod baseline;
pub mod config;
pub mod vale;

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, ErrorKind};
use crate::lint::Finding;
use crate::rule::{Level, Pattern, RuleSet, load::RuleSource};
use crate::text::{Document, Format, Reading, SourceText, front_matter};
use crate::walk;

pub use baseline::{Baseline, Key};
pub use config::{Config, Decision, FailOn, LevelSetting, Policy};
pub use vale::ValeConfig;

/// Finds the nearest file named one of `names` (tried in order) in `start` or its
/// ancestors; one in `start` itself comes back as a relative path, for messages.
pub fn discover(start: &Path, names: &[&str]) -> Option<PathBuf> {
    let found = start
        .ancestors()
        .find_map(|dir| names.iter().map(|n| dir.join(n)).find(|p| p.is_file()))?;
    Some(
        found
            .strip_prefix(start)
            .map(Path::to_path_buf)
            .unwrap_or(found),
    )
}

/// A lexically cleaned absolute path (no `.` or `..`), without touching the file system.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Reads a settings file: its name as shown in messages, and its text.
pub fn read_text(path: &Path) -> Result<(String, String), Error> {
    let origin = walk::display_path(path);
    match std::fs::read_to_string(path) {
        Ok(text) => Ok((origin, text)),
        Err(e) => Err(Error::new(
            ErrorKind::Io,
            origin,
            None,
            walk::io_message(&e),
        )),
    }
}

/// Which `hedgelint.toml` a run uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigSource {
    /// The nearest one in the working folder or its ancestors (and the nearest `.vale.ini`).
    #[default]
    Discover,
    /// This file (and the nearest `.vale.ini`).
    File(PathBuf),
    /// None, and no `.vale.ini` either.
    Isolated,
}

/// The layers of policy for a run, lowest first: `.vale.ini`, `hedgelint.toml` (with its
/// overrides), the flags, and the baseline.
#[derive(Debug, Default)]
pub struct Settings {
    /// The working folder, against which relative paths are matched.
    pub cwd: PathBuf,
    /// The configuration file, if any.
    pub config: Option<Config>,
    /// The Vale configuration, if any.
    pub vale: Option<ValeConfig>,
    /// The policy set by command-line flags, laid over the configuration's.
    pub flags: Policy,
    /// Findings not to report again.
    pub baseline: Option<Baseline>,
    /// The vocabularies' accepted terms, as one pattern.
    accept: Option<Pattern>,
    /// The front matter keys whose values are linted, and what chose them.
    front_matter: (Vec<String>, String),
}

impl Settings {
    /// Loads the configuration files `source` asks for, with `flags` on top.
    pub fn load(cwd: &Path, source: &ConfigSource, flags: Policy) -> Result<Settings, Error> {
        let config = match source {
            ConfigSource::Isolated => None,
            ConfigSource::File(path) => Some(Config::load(path)?),
            ConfigSource::Discover => config::discover(cwd)
                .map(|p| Config::load(&p))
                .transpose()?,
        };
        let vale = match source {
            ConfigSource::Isolated => None,
            _ => vale::discover(cwd)
                .map(|p| ValeConfig::load(&p))
                .transpose()?,
        };
        let accept = vale.as_ref().and_then(ValeConfig::accept_pattern);
        // Vale does not lint front matter, so a Vale project keeps its output unless
        // hedgelint.toml asks for more.
        let front_matter = match (&config, &vale) {
            (
                Some(Config {
                    front_matter: Some(chosen),
                    ..
                }),
                _,
            ) => chosen.clone(),
            (_, Some(v)) => (
                Vec::new(),
                format!(
                    "{}: Vale lints no front matter",
                    walk::display_path(&v.path)
                ),
            ),
            _ => (
                front_matter::DEFAULT_KEYS.map(str::to_owned).to_vec(),
                "default".to_owned(),
            ),
        };
        Ok(Settings {
            front_matter,
            cwd: cwd.to_path_buf(),
            config,
            vale,
            flags,
            baseline: None,
            accept,
        })
    }

    /// The rule folders `hedgelint.toml` names.
    pub fn rule_dirs(&self) -> Vec<PathBuf> {
        self.config
            .as_ref()
            .map(|c| c.rules.clone())
            .unwrap_or_default()
    }

    /// The rule files `.vale.ini` names under its `StylesPath` (see
    /// [`ValeConfig::rule_sources`]); `provided` are the pack names hedgelint has built in.
    pub fn vale_sources(
        &self,
        provided: &std::collections::BTreeSet<String>,
    ) -> vale::StyleSources {
        self.vale
            .as_ref()
            .map(|v| v.rule_sources(provided))
            .unwrap_or_default()
    }

    /// Which built-in packs run: all of them outside a Vale project; inside one, those its
    /// `.vale.ini` names (`BasedOnStyles = Attribution`) and that no folder of `StylesPath`
    /// shadows, so that a Vale project gives Vale's output unless asked for more.
    pub fn runs_builtin_pack(&self, pack: &str) -> bool {
        match &self.vale {
            None => true,
            Some(v) => v.styles.contains(pack) && v.style_dir(pack).is_none(),
        }
    }

    /// Rules the configuration files make (the vocabularies' reject lists).
    pub fn extra_rules(&self) -> Vec<RuleSource> {
        self.vale
            .iter()
            .filter_map(ValeConfig::reject_rule)
            .collect()
    }

    /// Errors for the rule and pack names the configuration mentions that `known` lacks.
    pub fn check_names(&self, known: &RuleSet) -> Vec<Error> {
        self.config
            .as_ref()
            .map(|c| c.check_names(known))
            .unwrap_or_default()
    }

    /// The extensions of the files to lint when walking a folder.
    pub fn extensions(&self) -> Vec<String> {
        let mut extensions: Vec<String> = self
            .config
            .as_ref()
            .and_then(|c| c.extensions.clone())
            .unwrap_or_else(|| {
                walk::DEFAULT_EXTENSIONS
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect()
            });
        for (ext, _) in self.vale.iter().flat_map(|v| v.formats.iter()) {
            if !extensions.contains(ext) {
                extensions.push(ext.clone());
            }
        }
        extensions
    }

    /// The project root: the folder that holds `hedgelint.toml`, else the working folder.
    /// Baselines record paths relative to it, so one works from any folder of the project.
    pub fn root(&self) -> &Path {
        self.config.as_ref().map_or(&self.cwd, |c| c.dir.as_path())
    }

    /// The front matter keys whose string values are linted in Markdown files: the
    /// configuration's `front-matter`, else `title`, `description` and `summary`, else none
    /// in a Vale project.
    pub fn front_matter(&self) -> &[String] {
        &self.front_matter.0
    }

    /// The baseline file the configuration names, if any.
    pub fn config_baseline(&self) -> Option<&Path> {
        self.config.as_ref().and_then(|c| c.baseline.as_deref())
    }

    /// Whether a file met while walking is linted (the configuration's include and exclude).
    pub fn admits(&self, path: &Path) -> bool {
        self.config
            .as_ref()
            .is_none_or(|c| c.admits(&absolute(&self.cwd, path)))
    }

    /// Why the configuration's include and exclude keep `path` out of a walk (`None`: they
    /// admit it).
    pub fn exclusion(&self, path: &Path) -> Option<String> {
        self.config
            .as_ref()
            .and_then(|c| c.exclusion(&absolute(&self.cwd, path)))
    }

    /// The rules worth compiling: those some path's policy can turn on.
    pub fn rules_to_run(&self, set: &RuleSet) -> RuleSet {
        let config = self.config.as_ref();
        let mut policies = Vec::new();
        let mut base = config.map(|c| c.policy.clone()).unwrap_or_default();
        let mut top = base.clone();
        top.overlay(&self.flags);
        policies.push(top);
        for o in config.map(|c| c.overrides.as_slice()).unwrap_or_default() {
            let mut p = base.clone();
            p.overlay(&o.policy);
            p.overlay(&self.flags);
            policies.push(p);
        }
        base.overlay(&self.flags);
        let mut out = set.clone();
        out.retain(|r| policies.iter().any(|p| p.level_for(r).is_some()));
        out
    }

    /// The policy for the file shown as `name` at `path` (relative to the working folder).
    pub fn for_file(&self, name: &str, path: &Path) -> FilePolicy<'_> {
        let abs = absolute(&self.cwd, path);
        let mut policy = match &self.config {
            Some(c) => c.policy_for(&abs),
            None => Policy::default(),
        };
        policy.overlay(&self.flags);
        FilePolicy {
            settings: self,
            name: name.to_owned(),
            vale: self.vale.as_ref().map(|v| v.settings_for(&abs)),
            abs,
            policy,
        }
    }
}

/// The settings one file is linted with, each with the layer that set it: a flag
/// (`--fail-on`), a line of `hedgelint.toml` (`hedgelint.toml:4`), `.vale.ini` or a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedSettings {
    /// The file as shown in output.
    pub path: String,
    /// Its path relative to the project root (as baselines and SARIF record it).
    pub key_path: String,
    /// The `hedgelint.toml` in use.
    pub config: Option<String>,
    /// The `.vale.ini` in use.
    pub vale: Option<String>,
    /// How the file is read.
    pub format: (Format, String),
    /// The exit-code threshold.
    pub fail_on: (FailOn, String),
    /// The display threshold.
    pub min_level: (Option<Level>, String),
    /// The front matter keys whose values are linted (in Markdown).
    pub front_matter: (Vec<String>, String),
    /// Every loaded rule: its level for this file (`None`: it does not run) and why.
    pub rules: Vec<RuleDecision>,
}

/// One rule's level for one file, and which setting decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDecision {
    /// The rule id.
    pub id: String,
    /// The level it reports at, or `None` when it does not run on the file.
    pub level: Option<Level>,
    /// What decided: `the rule's own level`, a flag, a `hedgelint.toml` line, `.vale.ini`.
    pub origin: String,
}

/// What the layered settings say about one file.
#[derive(Debug)]
pub struct FilePolicy<'a> {
    settings: &'a Settings,
    /// The file as shown in output.
    name: String,
    abs: PathBuf,
    vale: Option<vale::FileSettings>,
    policy: Policy,
}

impl FilePolicy<'_> {
    /// The file's path as a baseline records it: relative to the project root, with `/`
    /// separators (the shown name for a file outside the root).
    pub fn key_path(&self) -> String {
        match self.abs.strip_prefix(self.settings.root()) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            _ => self.name.replace('\\', "/"),
        }
    }

    /// The format to read the file as: `.vale.ini`'s `[formats]` can map its extension.
    pub fn format(&self, default: Format) -> Format {
        let ext = self.abs.extension().and_then(|e| e.to_str());
        match (&self.settings.vale, ext) {
            (Some(v), Some(ext)) => match v.format_of(&ext.to_ascii_lowercase()) {
                Some("md" | "markdown") => Format::Markdown,
                Some("rst") => Format::Rst,
                Some(_) => Format::Plain,
                None => default,
            },
            _ => default,
        }
    }

    /// The document for `src`, without the text `.vale.ini` tells Vale to ignore, and with
    /// the front matter values the settings choose; a long one is read in stretches of about
    /// `stretch_bytes` when that is set (see [`Reading::stretch_bytes`]).
    pub fn document(
        &self,
        src: SourceText,
        format: Format,
        stretch_bytes: Option<usize>,
    ) -> Document {
        let reading = Reading {
            stretch_bytes,
            front_matter: self.settings.front_matter(),
            block_ignores: self.vale.as_ref().map_or(&[], |s| &s.block_ignores),
            token_ignores: self.vale.as_ref().map_or(&[], |s| &s.token_ignores),
        };
        Document::read(src, format, &reading)
    }

    /// Whether patterns mask parts of the file's text before it is linted (`.vale.ini`'s
    /// `BlockIgnores` and `TokenIgnores`): they are matched over the whole text.
    pub fn masks_patterns(&self) -> bool {
        self.vale
            .as_ref()
            .is_some_and(|v| !v.block_ignores.is_empty() || !v.token_ignores.is_empty())
    }

    /// Keeps the findings the policy reports, each at the level it sets.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        let vale = self.settings.vale.as_ref();
        let styles = vale.map(|v| &v.styles);
        let min_level = self
            .policy
            .min_level
            .or_else(|| vale.and_then(|v| v.min_alert_level));
        findings.retain_mut(|f| {
            let from_style = styles.is_some_and(|s| s.contains(&f.rule.pack));
            let default = match (&self.vale, styles) {
                (Some(settings), Some(styles)) => match settings.level_for(&f.rule, styles) {
                    Some(level) => level,
                    None => return false,
                },
                _ => f.rule.level,
            };
            if from_style
                && let Some(accept) = &self.settings.accept
                && accept.is_match(f.matched.trim()).unwrap_or(false)
            {
                return false;
            }
            match self.policy.level_for_default(&f.rule, default) {
                Some(level) if min_level.is_none_or(|min| level >= min) => {
                    f.level = level;
                    true
                }
                _ => false,
            }
        });
    }

    /// Drops the findings the baseline records for the document it knows as `path` (the
    /// file's [`FilePolicy::key_path`], with `#id` for a record); returns how many it dropped.
    pub fn apply_baseline(&self, findings: &mut Vec<Finding>, path: &str) -> usize {
        let Some(baseline) = &self.settings.baseline else {
            return 0;
        };
        let mut left = baseline.for_path(path);
        let mut dropped = 0;
        if !left.is_empty() {
            findings.retain(|f| match left.get_mut(&Key::of(path, f)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    dropped += 1;
                    false
                }
                _ => true,
            });
        }
        dropped
    }

    /// What the layers decide for this file, and which layer decided each setting (the
    /// `--show-settings` report). `rules` are every loaded rule.
    pub fn resolved(&self, rules: &RuleSet) -> ResolvedSettings {
        let origin = |key: &str| self.policy.origins.get(key).cloned();
        let vale_file = self
            .settings
            .vale
            .as_ref()
            .map(|v| walk::display_path(&v.path));
        let by_extension = Format::for_path(&self.abs);
        let format = self.format(by_extension);
        let format_origin = if format == by_extension {
            "the file's extension".to_owned()
        } else {
            format!("{} [formats]", vale_file.clone().unwrap_or_default())
        };
        let fail_on = (
            self.fail_on(),
            origin("fail-on").unwrap_or_else(|| "default".to_owned()),
        );
        let vale_min = self.settings.vale.as_ref().and_then(|v| v.min_alert_level);
        let min_level = match (self.policy.min_level, vale_min) {
            (Some(l), _) => (Some(l), origin("min-level").unwrap_or_default()),
            (None, Some(l)) => (
                Some(l),
                format!("{} MinAlertLevel", vale_file.clone().unwrap_or_default()),
            ),
            (None, None) => (None, "default".to_owned()),
        };
        let styles = self.settings.vale.as_ref().map(|v| &v.styles);
        let rules = rules
            .rules()
            .iter()
            .map(|rule| {
                let (default, mut from) = match (&self.vale, styles) {
                    (Some(v), Some(styles)) => match v.level_for(rule, styles) {
                        None => {
                            return RuleDecision {
                                id: rule.id.clone(),
                                level: None,
                                origin: vale_file.clone().unwrap_or_default(),
                            };
                        }
                        Some(l) if l != rule.level || styles.contains(&rule.pack) => {
                            (l, vale_file.clone().unwrap_or_default())
                        }
                        Some(l) => (l, "the rule's own level".to_owned()),
                    },
                    _ => (rule.level, "the rule's own level".to_owned()),
                };
                let level = self.policy.level_for_default(rule, default);
                match self.policy.decide(rule) {
                    Decision::NotSelected => from = origin("select").unwrap_or_default(),
                    Decision::OptIn => from = "opt-in: off unless selected".to_owned(),
                    Decision::Ignored(name) => {
                        from = origin(&format!("ignore:{name}")).unwrap_or_default();
                    }
                    Decision::Levels(name, _) => {
                        from = origin(&format!("levels:{name}")).unwrap_or_default();
                    }
                    // An opt-in rule runs because `select` names it.
                    Decision::Default if !rule.enabled => {
                        from = origin("select").unwrap_or_default();
                    }
                    Decision::Default => {}
                }
                let level = match (level, min_level.0) {
                    (Some(l), Some(min)) if l < min => {
                        from = format!("below min-level ({})", min_level.1);
                        None
                    }
                    (l, _) => l,
                };
                RuleDecision {
                    id: rule.id.clone(),
                    level,
                    origin: from,
                }
            })
            .collect();
        ResolvedSettings {
            path: self.name.clone(),
            key_path: self.key_path(),
            config: self
                .settings
                .config
                .as_ref()
                .map(|c| walk::display_path(&c.path)),
            vale: vale_file,
            front_matter: self.settings.front_matter.clone(),
            format: (format, format_origin),
            fail_on,
            min_level,
            rules,
        }
    }

    /// The level at or above which a finding fails the run.
    pub fn fail_on(&self) -> FailOn {
        self.policy.fail_on.unwrap_or(FailOn::Warning)
    }
}
