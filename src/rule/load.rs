//! Reading rule files and folders of packs, and turning them into a [`RuleSet`].

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::schema::RuleFile;
use super::{Rule, RuleSet, compile_rule};
use crate::error::{Error, ErrorKind};

/// Largest rule file accepted, in bytes.
pub const MAX_RULE_FILE_BYTES: u64 = 1 << 20;

/// The text of one rule file and where it came from.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// How errors name the file.
    pub origin: String,
    /// The pack (folder) name.
    pub pack: String,
    /// The rule name (file stem).
    pub name: String,
    /// The YAML text.
    pub text: String,
}

fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_depth: 32,
            max_documents: 1,
            max_nodes: 100_000,
            max_total_scalar_bytes: 4 << 20,
            max_reader_input_bytes: Some(MAX_RULE_FILE_BYTES as usize),
        },
    }
}

/// Parses YAML text into `T` with hedgelint's input budgets, mapping errors to `origin`
/// with line and column.
pub fn parse_yaml<T: serde::de::DeserializeOwned>(origin: &str, text: &str) -> Result<T, Error> {
    if text.len() as u64 > MAX_RULE_FILE_BYTES {
        return Err(Error::new(
            ErrorKind::Yaml,
            origin,
            None,
            format!(
                "file is larger than the {} KiB limit",
                MAX_RULE_FILE_BYTES / 1024
            ),
        ));
    }
    serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| {
        let at = e
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| (l.line(), l.column()));
        let inner = e.without_snippet();
        let msg = yaml_message(&inner.to_string());
        Error::new(ErrorKind::Yaml, origin, at, msg)
    })
}

/// The first line of a YAML error, without the location the error already carries.
fn yaml_message(full: &str) -> String {
    let first = full.lines().next().unwrap_or(full).trim();
    let first = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    let first = first.trim_end_matches(':');
    // `budget breached: Aliases { aliases: 1001 }` -> `YAML input limit exceeded: aliases (1001)`.
    if let Some(rest) = first.strip_prefix("budget breached: ") {
        let what = rest.split(['{', ' ']).next().unwrap_or(rest);
        let mut words = String::new();
        for (i, c) in what.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                words.push(' ');
            }
            words.extend(c.to_lowercase());
        }
        let count: String = rest.chars().filter(char::is_ascii_digit).collect();
        return if count.is_empty() {
            format!("YAML input limit exceeded: {words}")
        } else {
            format!("YAML input limit exceeded: {words} ({count})")
        };
    }
    first.to_owned()
}

impl RuleSource {
    /// Parses and compiles the rule.
    pub fn compile(&self) -> Result<Rule, Error> {
        let file: RuleFile = parse_yaml(&self.origin, &self.text)?;
        let id = format!("{}.{}", self.pack, self.name);
        compile_rule(file, &id, &self.pack, &self.origin)
    }
}

fn is_rule_file(path: &Path) -> bool {
    path.is_file()
        && matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yml" | "yaml")
        )
}

/// Reads one rule file of `pack`.
pub fn read_rule(path: &Path, pack: &str) -> Result<RuleSource, Error> {
    let origin = path.display().to_string();
    let meta =
        fs::metadata(path).map_err(|e| Error::new(ErrorKind::Io, &origin, None, e.to_string()))?;
    if meta.len() > MAX_RULE_FILE_BYTES {
        return Err(Error::new(
            ErrorKind::Yaml,
            &origin,
            None,
            format!(
                "file is larger than the {} KiB limit",
                MAX_RULE_FILE_BYTES / 1024
            ),
        ));
    }
    let bytes =
        fs::read(path).map_err(|e| Error::new(ErrorKind::Io, &origin, None, e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Yaml,
            &origin,
            None,
            format!(
                "invalid UTF-8 at byte offset {}",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    Ok(RuleSource {
        origin,
        pack: pack.to_owned(),
        name,
        text,
    })
}

fn sorted_entries(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let origin = dir.display().to_string();
    let mut out: Vec<_> = fs::read_dir(dir)
        .map_err(|e| {
            Error::new(
                ErrorKind::Io,
                &origin,
                None,
                format!("cannot read rules folder: {e}"),
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    Ok(out)
}

/// Reads every rule file under `dir`. `dir` is a styles folder (one sub-folder per pack, as
/// Vale's `StylesPath`) or a pack folder itself (rule files directly inside, the pack named
/// after the folder). Sub-folders without rule files (such as Vale's `config/`) are skipped.
pub fn load_dir(dir: &Path) -> Result<Vec<RuleSource>, Error> {
    if !dir.is_dir() {
        return Err(Error::new(
            ErrorKind::Io,
            dir.display().to_string(),
            None,
            "rules folder not found",
        ));
    }
    let mut out = Vec::new();
    let own_pack = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
        .unwrap_or_else(|| "Rules".to_owned());
    for entry in sorted_entries(dir)? {
        if is_rule_file(&entry) {
            out.push(read_rule(&entry, &own_pack)?);
        } else if entry.is_dir() {
            let Some(pack) = entry
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_owned)
            else {
                continue;
            };
            if pack.starts_with('.') || pack == "config" {
                continue;
            }
            for file in sorted_entries(&entry)? {
                if is_rule_file(&file) {
                    out.push(read_rule(&file, &pack)?);
                }
            }
        }
    }
    Ok(out)
}

/// Reads the rule files directly inside the folder of `pack`, in name order.
pub fn load_pack(dir: &Path, pack: &str) -> Result<Vec<RuleSource>, Error> {
    sorted_entries(dir)?
        .iter()
        .filter(|f| is_rule_file(f))
        .map(|f| read_rule(f, pack))
        .collect()
}

/// Compiles rule sources into a set. Every bad rule is reported, not only the first; two
/// rules with the same id are an error naming both files.
pub fn load_rules(sources: &[RuleSource]) -> Result<RuleSet, Vec<Error>> {
    load_rules_skipping(sources, false).map(|(set, _)| set)
}

/// Where a run's rules come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOrigin {
    /// Folders of rule packs to load as well (a Vale `styles/` folder works).
    pub dirs: Vec<std::path::PathBuf>,
    /// Do not load the built-in packs.
    pub no_default_rules: bool,
    /// Load every built-in pack even inside a Vale project (which otherwise runs only the
    /// built-in packs its `.vale.ini` names).
    pub default_rules: bool,
    /// Leave out rules of a type hedgelint does not run instead of failing.
    pub skip_unsupported: bool,
}

/// The rules a load produced, and the rules it left out.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The rules that compiled.
    pub set: RuleSet,
    /// Rules left out for their type, as warnings.
    pub skipped: Vec<Error>,
    /// Rules of a Vale style that could not load; the others still run.
    pub broken: Vec<Error>,
}

/// Loads the built-in packs (unless `origin` turns them off), the packs in `dirs` and
/// `extra`. With `origin.skip_unsupported`, the errors of the rules left out for their type
/// come back beside the set.
pub fn load_packs(
    origin: &RuleOrigin,
    dirs: &[std::path::PathBuf],
    extra: Vec<RuleSource>,
) -> Result<(RuleSet, Vec<Error>), Vec<Error>> {
    let mut sources = if origin.no_default_rules {
        Vec::new()
    } else {
        super::builtin::sources()
    };
    let (mut more, errors) = read_dirs(dirs);
    sources.append(&mut more);
    sources.extend(extra);
    match load_sources(&sources, &[], origin.skip_unsupported) {
        Ok(loaded) if errors.is_empty() => Ok((loaded.set, loaded.skipped)),
        Ok(_) => Err(errors),
        Err(mut more) => {
            let mut all = errors;
            all.append(&mut more);
            Err(all)
        }
    }
}

/// Reads every rule folder in `dirs` (see [`load_dir`]); the folders that cannot be read come
/// back as errors.
pub fn read_dirs(dirs: &[std::path::PathBuf]) -> (Vec<RuleSource>, Vec<Error>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs {
        match load_dir(dir) {
            Ok(mut s) => sources.append(&mut s),
            Err(e) => errors.push(e),
        }
    }
    (sources, errors)
}

/// As [`load_rules`]; with `skip_unsupported`, rules of a type hedgelint refuses are left
/// out and returned beside the set instead of failing the load.
pub fn load_rules_skipping(
    sources: &[RuleSource],
    skip_unsupported: bool,
) -> Result<(RuleSet, Vec<Error>), Vec<Error>> {
    load_sources(sources, &[], skip_unsupported).map(|l| (l.set, l.skipped))
}

/// Compiles `strict` and `tolerant` sources into one set. A bad `strict` rule fails the load
/// (every one is reported); a bad `tolerant` rule (a Vale style's, as Vale runs the rest) is
/// left out and comes back in [`Loaded::broken`]. Rules of a type hedgelint does not run are
/// left out as [`Loaded::skipped`] when `skip_unsupported` or when tolerant. Two rules with
/// one id are an error naming both files.
pub fn load_sources(
    strict: &[RuleSource],
    tolerant: &[RuleSource],
    skip_unsupported: bool,
) -> Result<Loaded, Vec<Error>> {
    let mut out = Loaded::default();
    let mut errors = Vec::new();
    let mut rules: Vec<Arc<Rule>> = Vec::new();
    let mut seen: HashMap<String, String> = HashMap::new();
    let all: Vec<(&RuleSource, bool)> = strict
        .iter()
        .map(|s| (s, false))
        .chain(tolerant.iter().map(|s| (s, true)))
        .collect();
    // Compiled on every core, then taken in order, so that ids and errors come as from one
    // pass.
    let compiled: Vec<_> = all.par_iter().map(|(src, _)| src.compile()).collect();
    for ((src, lenient), compiled) in all.into_iter().zip(compiled) {
        match compiled {
            Ok(rule) => {
                if let Some(first) = seen.get(&rule.id) {
                    errors.push(Error::new(
                        ErrorKind::DuplicateRule,
                        &src.origin,
                        None,
                        format!("duplicate rule id `{}` (also defined in {first})", rule.id),
                    ));
                    continue;
                }
                seen.insert(rule.id.clone(), src.origin.clone());
                rules.push(Arc::new(rule));
            }
            Err(e) if (skip_unsupported || lenient) && e.kind == ErrorKind::UnsupportedType => {
                out.skipped.push(e)
            }
            Err(e) if lenient => out.broken.push(e),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        out.set = RuleSet::new(rules);
        Ok(out)
    } else {
        Err(errors)
    }
}
