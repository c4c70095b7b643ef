//! `.vale.ini`: run an existing Vale project unchanged. Discovery, the keys that matter for
//! linting (`StylesPath`, `MinAlertLevel`, `Vocab`, `[formats]`, and per-glob `BasedOnStyles`,
//! `Style.Rule = YES|NO|level`, `BlockIgnores`, `TokenIgnores`) and the per-file decisions
//! they yield.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::{Error, ErrorKind};
use crate::rule::load::RuleSource;
use crate::rule::{Level, Pattern, Rule};

/// File names of a Vale configuration, in the order Vale looks for them.
pub const VALE_NAMES: &[&str] = &[".vale.ini", "_vale.ini", "vale.ini"];

/// The pack that holds the rule made from the vocabularies' reject lists.
pub const VALE_PACK: &str = "Vale";

/// A rule setting in a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    /// `NO`.
    Off,
    /// `YES`.
    On,
    /// A level.
    Level(Level),
}

/// One `[glob]` section.
#[derive(Debug, Clone)]
pub struct Section {
    /// The section name as written.
    pub name: String,
    globs: GlobSet,
    /// `BasedOnStyles`, when the section sets it.
    pub based_on: Option<Vec<String>>,
    /// `Style.Rule = ...` settings.
    pub rules: Vec<(String, RuleSetting)>,
    /// `BlockIgnores` patterns.
    pub block_ignores: Vec<Pattern>,
    /// `TokenIgnores` patterns.
    pub token_ignores: Vec<Pattern>,
}

/// A loaded `.vale.ini`.
#[derive(Debug, Clone)]
pub struct ValeConfig {
    /// The file.
    pub path: PathBuf,
    /// Its folder.
    pub dir: PathBuf,
    /// `StylesPath`, resolved.
    pub styles_path: Option<PathBuf>,
    /// `MinAlertLevel`.
    pub min_alert_level: Option<Level>,
    /// `[formats]`: extension -> the format it is read as.
    pub formats: Vec<(String, String)>,
    /// The sections, in file order.
    pub sections: Vec<Section>,
    /// Terms accepted by the vocabularies (exceptions for the Vale styles' rules).
    pub accept: Vec<String>,
    /// Terms rejected by the vocabularies (the `Vale.Avoid` rule).
    pub reject: Vec<String>,
    /// The styles the sections name (in `BasedOnStyles` or a `Style.Rule` line): the packs
    /// whose rules `.vale.ini` decides for.
    pub styles: BTreeSet<String>,
    /// Each style or rule the sections name, with the place that names it.
    named: Vec<Named>,
}

/// The rule files a `.vale.ini` names, and what went wrong finding them.
#[derive(Debug, Default)]
pub struct StyleSources {
    /// The rule files, in the order the sections name them.
    pub sources: Vec<RuleSource>,
    /// Styles that are not there, folders that cannot be read: the run cannot start.
    pub errors: Vec<Error>,
    /// Lines that name a rule the style lacks (ignored, as Vale ignores them).
    pub warnings: Vec<Error>,
}

/// A style (`BasedOnStyles = Style`) or one rule (`Style.Rule = YES`) a section names.
#[derive(Debug, Clone)]
struct Named {
    style: String,
    /// The rule's name inside its style, for a `Style.Rule` line.
    rule: Option<String>,
    at: Option<(u64, u64)>,
}

/// What a `.vale.ini` decides for one file.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    /// Styles to run.
    pub based_on: Vec<String>,
    /// Rule settings, later ones winning.
    pub rules: Vec<(String, RuleSetting)>,
    /// Patterns whose matches are not linted, as blocks and as inline tokens.
    pub block_ignores: Vec<Pattern>,
    /// See `block_ignores`.
    pub token_ignores: Vec<Pattern>,
}

/// Finds the nearest Vale configuration in `start` or its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    super::discover(start, VALE_NAMES)
}

fn split_list(v: &str) -> Vec<String> {
    v.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn section_globs(name: &str) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    let pattern = if name.contains('/') {
        name.trim_start_matches("./").to_owned()
    } else {
        format!("**/{name}")
    };
    b.add(Glob::new(&pattern)?);
    b.build()
}

fn read_terms(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

impl ValeConfig {
    /// Reads and parses the `.vale.ini` at `path`.
    pub fn load(path: &Path) -> Result<ValeConfig, Error> {
        let (origin, text) = super::read_text(path)?;
        let opt = ini::ParseOption {
            enabled_escape: false,
            enabled_quote: false,
            ..Default::default()
        };
        let parsed = ini::Ini::load_from_str_opt(&text, opt).map_err(|e| {
            Error::new(
                ErrorKind::Vale,
                &origin,
                Some((e.line as u64 + 1, e.col as u64 + 1)),
                e.msg.to_string(),
            )
        })?;
        let cwd = std::env::current_dir().unwrap_or_default();
        let dir = super::absolute(&cwd, path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map(|i| (i as u64 + 1, 1))
        };
        let mut cfg = ValeConfig {
            path: path.to_path_buf(),
            dir: dir.clone(),
            styles_path: None,
            min_alert_level: None,
            formats: Vec::new(),
            sections: Vec::new(),
            accept: Vec::new(),
            reject: Vec::new(),
            styles: BTreeSet::new(),
            named: Vec::new(),
        };
        let mut vocabs = Vec::new();
        for (section, props) in parsed.iter() {
            match section {
                None => {
                    for (k, v) in props.iter() {
                        match k {
                            "StylesPath" => {
                                let abs = dir.join(v.trim());
                                let shown =
                                    abs.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(abs);
                                cfg.styles_path = Some(shown);
                            }
                            "MinAlertLevel" => {
                                cfg.min_alert_level =
                                    Some(Level::parse(v.trim()).ok_or_else(|| {
                                        Error::new(
                                            ErrorKind::Vale,
                                            &origin,
                                            line_of(k),
                                            format!("invalid MinAlertLevel `{v}`"),
                                        )
                                    })?);
                            }
                            "Vocab" => vocabs.extend(split_list(v)),
                            // Keys that do not change what is linted (Packages, IgnoredScopes, ...).
                            _ => {}
                        }
                    }
                }
                Some("formats") => {
                    for (k, v) in props.iter() {
                        cfg.formats
                            .push((k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()));
                    }
                }
                Some(name) => {
                    let globs = section_globs(name).map_err(|e| {
                        Error::new(
                            ErrorKind::Vale,
                            &origin,
                            line_of(name),
                            format!("invalid section glob `{name}`: {}", e.kind()),
                        )
                    })?;
                    let mut s = Section {
                        name: name.to_owned(),
                        globs,
                        based_on: None,
                        rules: Vec::new(),
                        block_ignores: Vec::new(),
                        token_ignores: Vec::new(),
                    };
                    for (k, v) in props.iter() {
                        match k {
                            "BasedOnStyles" => {
                                let list = split_list(v);
                                for style in &list {
                                    cfg.named.push(Named {
                                        style: style.clone(),
                                        rule: None,
                                        at: line_of(k),
                                    });
                                }
                                s.based_on = Some(list);
                            }
                            "BlockIgnores" | "TokenIgnores" => {
                                for p in split_list(v) {
                                    let compiled =
                                        Pattern::compile(&format!("(?m){p}")).map_err(|e| {
                                            Error::new(
                                                ErrorKind::Vale,
                                                &origin,
                                                line_of(&p),
                                                format!("invalid regex in {k} `{p}`: {e}"),
                                            )
                                        })?;
                                    if k == "BlockIgnores" {
                                        s.block_ignores.push(compiled);
                                    } else {
                                        s.token_ignores.push(compiled);
                                    }
                                }
                            }
                            rule if rule.contains('.') => {
                                let setting = match v.trim() {
                                    "YES" | "yes" => RuleSetting::On,
                                    "NO" | "no" => RuleSetting::Off,
                                    other => RuleSetting::Level(Level::parse(other).ok_or_else(|| {
                                        Error::new(ErrorKind::Vale,
                                            &origin,
                                            line_of(rule),
                                            format!("invalid setting `{other}` for {rule} (expected YES, NO or a level)"),
                                        )
                                    })?),
                                };
                                if setting != RuleSetting::Off
                                    && let Some((style, name)) = rule.split_once('.')
                                {
                                    cfg.named.push(Named {
                                        style: style.to_owned(),
                                        rule: Some(name.to_owned()),
                                        at: line_of(rule),
                                    });
                                }
                                s.rules.push((rule.to_owned(), setting));
                            }
                            _ => {}
                        }
                    }
                    cfg.sections.push(s);
                }
            }
        }
        if let Some(styles) = &cfg.styles_path {
            for name in vocabs {
                for base in [
                    styles.join("config/vocabularies").join(&name),
                    styles.join("Vocab").join(&name),
                ] {
                    cfg.accept.extend(read_terms(&base.join("accept.txt")));
                    cfg.reject.extend(read_terms(&base.join("reject.txt")));
                }
            }
        }
        cfg.styles = cfg.named.iter().map(|n| n.style.clone()).collect();
        if !cfg.reject.is_empty() {
            cfg.styles.insert(VALE_PACK.to_owned());
        }
        Ok(cfg)
    }

    /// The folder of `style` under `StylesPath`, when there is one.
    pub fn style_dir(&self, style: &str) -> Option<PathBuf> {
        let dir = self.styles_path.as_ref()?.join(style);
        (style != "config" && !style.starts_with('.') && dir.is_dir()).then_some(dir)
    }

    /// The rule files the sections name under `StylesPath`, as Vale loads them: every rule of
    /// each style a `BasedOnStyles` lists, and each rule a `Style.Rule` line turns on from a
    /// style no `BasedOnStyles` lists. Nothing else there is read: files at the `StylesPath`
    /// root, `config/` and styles no section names are left alone. A named style that is
    /// neither a folder there nor one of `provided` (the built-in packs, and `Vale`) is an
    /// error naming the line of `.vale.ini`; a `Style.Rule` line whose file the style lacks
    /// is ignored, as Vale ignores it, and comes back as a warning.
    pub fn rule_sources(&self, provided: &BTreeSet<String>) -> StyleSources {
        let origin = crate::walk::display_path(&self.path);
        let whole: BTreeSet<&str> = self
            .named
            .iter()
            .filter(|n| n.rule.is_none())
            .map(|n| n.style.as_str())
            .collect();
        let mut out = StyleSources::default();
        let (sources, errors) = (&mut out.sources, &mut out.errors);
        let mut done: BTreeSet<(String, Option<String>)> = BTreeSet::new();
        for n in &self.named {
            if n.rule.is_some() && whole.contains(n.style.as_str()) {
                continue;
            }
            if !done.insert((n.style.clone(), n.rule.clone())) {
                continue;
            }
            let Some(dir) = self.style_dir(&n.style) else {
                if !provided.contains(&n.style) && n.style != VALE_PACK {
                    let place = match &self.styles_path {
                        Some(p) => format!("StylesPath `{}`", crate::walk::display_path(p)),
                        None => "StylesPath (not set)".to_owned(),
                    };
                    errors.push(Error::new(
                        ErrorKind::Vale,
                        &origin,
                        n.at,
                        format!("style `{}` is not a folder of {place}", n.style),
                    ));
                }
                continue;
            };
            match &n.rule {
                None => match crate::rule::load::load_pack(&dir, &n.style) {
                    Ok(mut s) => sources.append(&mut s),
                    Err(e) => errors.push(e),
                },
                Some(rule) => {
                    let file = ["yml", "yaml"]
                        .iter()
                        .map(|ext| dir.join(format!("{rule}.{ext}")))
                        .find(|p| p.is_file());
                    match file {
                        Some(file) => match crate::rule::load::read_rule(&file, &n.style) {
                            Ok(s) => sources.push(s),
                            Err(e) => errors.push(e),
                        },
                        None if provided.contains(&n.style) => {}
                        None => out.warnings.push(Error::new(
                            ErrorKind::Vale,
                            &origin,
                            n.at,
                            format!(
                                "rule `{}.{rule}` has no file {rule}.yml in {}",
                                n.style,
                                crate::walk::display_path(&dir)
                            ),
                        )),
                    }
                }
            }
        }
        out
    }

    /// The rule made from the vocabularies' reject lists, as a rule file.
    pub fn reject_rule(&self) -> Option<RuleSource> {
        if self.reject.is_empty() {
            return None;
        }
        let tokens: Vec<String> = self
            .reject
            .iter()
            .map(|t| format!("  - '{}'", t.replace('\'', "''")))
            .collect();
        Some(RuleSource {
            origin: format!(
                "{} (Vocab reject lists)",
                crate::walk::display_path(&self.path)
            ),
            pack: VALE_PACK.to_owned(),
            name: "Avoid".to_owned(),
            text: format!(
                "extends: existence\nmessage: \"Avoid using '%s'.\"\nlevel: error\nignorecase: false\ndescription: Terms the project's vocabulary rejects.\ntokens:\n{}\n",
                tokens.join("\n")
            ),
        })
    }

    /// A pattern matching any accepted vocabulary term, word-bounded, when there are terms.
    pub fn accept_pattern(&self) -> Option<Pattern> {
        if self.accept.is_empty() {
            return None;
        }
        Pattern::compile(&format!("^(?:{})$", self.accept.join("|"))).ok()
    }

    /// The settings for a file at absolute path `abs`: every matching section, in order.
    pub fn settings_for(&self, abs: &Path) -> FileSettings {
        let rel = abs.strip_prefix(&self.dir).unwrap_or(abs);
        let mut out = FileSettings::default();
        for s in self.sections.iter().filter(|s| s.globs.is_match(rel)) {
            if let Some(b) = &s.based_on {
                out.based_on.clone_from(b);
            }
            out.rules.extend(s.rules.iter().cloned());
            out.block_ignores.extend(s.block_ignores.iter().cloned());
            out.token_ignores.extend(s.token_ignores.iter().cloned());
        }
        out
    }

    /// The extension a `[formats]` entry maps `ext` to, if any.
    pub fn format_of(&self, ext: &str) -> Option<&str> {
        self.formats
            .iter()
            .find(|(from, _)| from == ext)
            .map(|(_, to)| to.as_str())
    }
}

impl FileSettings {
    /// For a rule from a Vale style: `None` when `.vale.ini` turns it off for this file, else
    /// the level it reports at. Rules of other packs are not the `.vale.ini`'s to decide and
    /// come back unchanged.
    pub fn level_for(&self, rule: &Rule, styles: &BTreeSet<String>) -> Option<Level> {
        let explicit = self
            .rules
            .iter()
            .rev()
            .find(|(n, _)| *n == rule.id)
            .map(|(_, s)| *s);
        match explicit {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Level(l)) => Some(l),
            Some(RuleSetting::On) => Some(rule.level),
            None if !styles.contains(&rule.pack) => Some(rule.level),
            None => self.based_on.contains(&rule.pack).then_some(rule.level),
        }
    }
}
