//! `hedgelint check`.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indicatif::ParallelProgressIterator;
use rayon::prelude::*;

use super::args::CheckArgs;
use super::output::{self, write_or_stop};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load_rules_from, print_rule_errors};
use crate::baseline::{Baseline, Key};
use crate::config::{self, Config, FailOn, Policy};
use crate::error::RuleError;
use crate::lint::{Linter, suppress};
use crate::render::{self, OutputFormat, render_file};
use crate::rule::{Level, Rule, RuleSet};
use crate::text::{Document, Format, source};
use crate::vale::{self, ValeConfig};
use crate::walk::{self, Input};

/// What linting one input produced.
#[derive(Default)]
struct Outcome {
    /// The rendered findings.
    rendered: String,
    /// Each reported finding's rule and level.
    fired: Vec<(Arc<Rule>, Level)>,
    /// Whether a finding reached the file's `fail-on` level.
    failing: bool,
    /// Baseline keys of the findings (with `--write-baseline`).
    keys: Vec<Key>,
    /// SARIF results (with `--format sarif`).
    sarif: Vec<serde_sarif::sarif::Result>,
    /// How many findings the baseline hid.
    baselined: usize,
    /// Warnings about the file (unknown rules in suppression comments).
    warnings: Vec<String>,
    /// Problems: one that kept the input from being linted, or rules that gave up on it.
    errors: Vec<String>,
}

impl Outcome {
    fn error(name: &str, msg: impl std::fmt::Display) -> Outcome {
        Outcome {
            errors: vec![format!("{name}: {msg}")],
            ..Outcome::default()
        }
    }
}

/// Everything a worker needs to lint one input.
struct Job<'a> {
    linter: &'a Linter,
    known: &'a RuleSet,
    args: &'a CheckArgs,
    config: Option<&'a Config>,
    /// The policy set by command-line flags, laid over the configuration's.
    flags: &'a Policy,
    cwd: &'a Path,
    baseline: Option<&'a Baseline>,
    stdin: Option<&'a [u8]>,
    vale: Option<&'a ValeConfig>,
    /// The vocabularies' accepted terms, as one pattern.
    accept: Option<crate::rule::Pattern>,
}

impl Job<'_> {
    fn policy_for(&self, input: &Input) -> Policy {
        let mut policy = match (self.config, input) {
            (Some(c), Input::File { path, .. }) => c.policy_for(&config::absolute(self.cwd, path)),
            (Some(c), Input::Stdin { name }) => {
                c.policy_for(&config::absolute(self.cwd, Path::new(name)))
            }
            (None, _) => Policy::default(),
        };
        policy.overlay(self.flags);
        policy
    }

    fn lint_input(&self, input: &Input) -> Outcome {
        let name = input.display_name();
        let (bytes, explicit, fmt) = match input {
            Input::Stdin { name } => (
                self.stdin.unwrap_or_default().to_vec(),
                true,
                Format::for_path(Path::new(name)),
            ),
            Input::File { path, explicit } => match read_capped(path, self.args.max_file_size) {
                Ok(Some(b)) => (b, *explicit, Format::for_path(path)),
                Ok(None) => {
                    return Outcome {
                        warnings: vec![format!(
                            "{name}: skipped, larger than the {} size cap (--max-file-size)",
                            format_size(self.args.max_file_size)
                        )],
                        ..Outcome::default()
                    };
                }
                Err(e) => return Outcome::error(&name, walk::io_message(&e)),
            },
        };
        let shown_path = match input {
            Input::File { path, .. } => config::absolute(self.cwd, path),
            Input::Stdin { name } => config::absolute(self.cwd, Path::new(name)),
        };
        let vale_settings = self.vale.map(|v| v.settings_for(&shown_path));
        let fmt = match (self.vale, shown_path.extension().and_then(|e| e.to_str())) {
            (Some(v), Some(ext)) => match v.format_of(&ext.to_ascii_lowercase()) {
                Some("md" | "markdown") => Format::Markdown,
                Some(_) => Format::Plain,
                None => fmt,
            },
            _ => fmt,
        };
        let doc = match source::decode(bytes) {
            Ok(src) => match &vale_settings {
                Some(s) if !s.block_ignores.is_empty() || !s.token_ignores.is_empty() => {
                    Document::with_ignores(src, fmt, &s.block_ignores, &s.token_ignores)
                }
                _ => Document::new(src, fmt),
            },
            Err(source::DecodeError::Binary) if !explicit => return Outcome::default(),
            Err(e) => return Outcome::error(&name, e),
        };
        let (mut findings, rule_errors) = self.linter.lint_all(&doc);
        let mut out = Outcome {
            errors: rule_errors.iter().map(|e| format!("{name}: {e}")).collect(),
            ..Outcome::default()
        };
        if !doc.comments.is_empty() {
            let sup = suppress::Suppressions::new(suppress::directives(&doc, &doc.comments));
            for (unknown, offset) in sup.unknown_names(self.known) {
                let (line, col) = doc.lines.position(&doc.text, offset);
                out.warnings.push(format!(
                    "{name}:{line}:{col}: unknown rule or pack `{unknown}` in a suppression comment"
                ));
            }
        }
        let policy = self.policy_for(input);
        let styles = self.vale.map(|v| &v.styles);
        let min_level = self.vale.and_then(|v| v.min_alert_level);
        findings.retain_mut(|f| {
            let from_style = styles.is_some_and(|s| s.contains(&f.rule.pack));
            let default = match (&vale_settings, styles) {
                (Some(settings), Some(styles)) => match settings.level_for(&f.rule, styles) {
                    Some(level) => level,
                    None => return false,
                },
                _ => f.rule.level,
            };
            if from_style
                && let Some(accept) = &self.accept
                && accept.is_match(f.matched.trim()).unwrap_or(false)
            {
                return false;
            }
            match policy.level_for_default(&f.rule, default) {
                Some(level) if min_level.is_none_or(|min| level >= min) => {
                    f.level = level;
                    true
                }
                _ => false,
            }
        });
        if let Some(baseline) = self.baseline {
            let mut left = baseline.for_path(&name);
            if !left.is_empty() {
                findings.retain(|f| match left.get_mut(&Key::of(&name, f)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        out.baselined += 1;
                        false
                    }
                    _ => true,
                });
            }
        }
        let fail_on = policy.fail_on.unwrap_or(FailOn::Warning);
        out.failing = findings.iter().any(|f| fail_on.reached_by(f.level));
        out.fired = findings.iter().map(|f| (f.rule.clone(), f.level)).collect();
        if self.args.write_baseline.is_some() {
            out.keys = findings.iter().map(|f| Key::of(&name, f)).collect();
        } else if self.args.format == OutputFormat::Sarif {
            out.sarif = findings
                .iter()
                .map(|f| render::sarif_result(&name, f))
                .collect();
        } else {
            out.rendered = render_file(self.args.format, &name, &doc, &findings);
        }
        out
    }
}

/// Reads a file opened read-only, or `None` when it is larger than `cap` bytes.
fn read_capped(path: &Path, cap: u64) -> io::Result<Option<Vec<u8>>> {
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > cap {
        return Ok(None);
    }
    // One byte of room past the expected length, so that reading to the end does not have to
    // grow (and so double) the buffer just to find that there is nothing more.
    let mut buf = Vec::with_capacity(len as usize + 1);
    // Read one byte past the cap so that a file that grew while being read is caught too.
    (&mut file).take(cap + 1).read_to_end(&mut buf)?;
    Ok((buf.len() as u64 <= cap).then_some(buf))
}

/// A byte count in the largest binary unit that divides it (`256 MiB`).
fn format_size(bytes: u64) -> String {
    for (unit, size) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {unit}", bytes / size);
        }
    }
    format!("{bytes} bytes")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Files above which a run shows a progress bar.
const PROGRESS_MIN_FILES: usize = 300;

/// A progress bar on standard error for a long run on a terminal; never in a pipe or in CI.
fn progress_bar(files: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let in_ci = std::env::var_os("CI").is_some();
    if files < PROGRESS_MIN_FILES || in_ci || !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}

/// Loads the `.vale.ini` of the tree, if there is one and the flags allow it.
fn load_vale(args: &CheckArgs, cwd: &Path) -> Result<Option<ValeConfig>, RuleError> {
    if args.isolated {
        return Ok(None);
    }
    vale::discover(cwd)
        .map(|p| ValeConfig::load(&p))
        .transpose()
}

/// Loads the configuration the flags ask for, if any.
fn load_config(args: &CheckArgs, cwd: &Path) -> Result<Option<Config>, RuleError> {
    if args.isolated {
        return Ok(None);
    }
    match &args.config {
        Some(path) => Config::load(path).map(Some),
        None => config::discover(cwd).map(|p| Config::load(&p)).transpose(),
    }
}

/// The rules worth compiling: those some path's policy can turn on.
fn rules_to_run(set: &RuleSet, config: Option<&Config>, flags: &Policy) -> RuleSet {
    let mut policies = Vec::new();
    let mut base = config.map(|c| c.policy.clone()).unwrap_or_default();
    let mut top = base.clone();
    top.overlay(flags);
    policies.push(top);
    for o in config.map(|c| c.overrides.as_slice()).unwrap_or_default() {
        let mut p = base.clone();
        p.overlay(&o.policy);
        p.overlay(flags);
        policies.push(p);
    }
    base.overlay(flags);
    let mut out = set.clone();
    out.retain(|r| policies.iter().any(|p| p.level_for(r).is_some()));
    out
}

fn stdin_bytes(inputs: &[Input], name: &str) -> Result<Option<Vec<u8>>, String> {
    if !inputs.iter().any(|i| matches!(i, Input::Stdin { .. })) {
        return Ok(None);
    }
    let mut buf = Vec::new();
    io::stdin()
        .lock()
        .read_to_end(&mut buf)
        .map_err(|e| format!("{name}: {}", walk::io_message(&e)))?;
    Ok(Some(buf))
}

/// Runs `check` and returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let config = match load_config(&args, &cwd) {
        Ok(c) => c,
        Err(e) => {
            print_rule_errors(&[e]);
            return EXIT_ERROR;
        }
    };
    let mut dirs: Vec<PathBuf> = config.as_ref().map(|c| c.rules.clone()).unwrap_or_default();
    dirs.extend(args.rule_args.rules.iter().cloned());
    let vale = match load_vale(&args, &cwd) {
        Ok(v) => v,
        Err(e) => {
            print_rule_errors(&[e]);
            return EXIT_ERROR;
        }
    };
    if let Some(styles) = vale.as_ref().and_then(|v| v.styles_path.clone()) {
        dirs.insert(0, styles);
    }
    let extra: Vec<_> = vale.iter().filter_map(ValeConfig::reject_rule).collect();
    let known = match load_rules_from(&args.rule_args, &dirs, extra) {
        Ok(set) => set,
        Err(errors) => {
            print_rule_errors(&errors);
            return EXIT_ERROR;
        }
    };
    if let Some(c) = &config {
        let errors = c.check_names(&known);
        if !errors.is_empty() {
            print_rule_errors(&errors);
            return EXIT_ERROR;
        }
    }
    for name in args.select.iter().chain(&args.ignore) {
        if !known.knows(name) {
            output::error(&format!(
                "unknown rule or pack `{name}` (see `hedgelint rules`)"
            ));
            return EXIT_ERROR;
        }
    }
    let flags = Policy {
        select: (!args.select.is_empty()).then(|| args.select.clone()),
        ignore: args.ignore.clone(),
        levels: Vec::new(),
        fail_on: args.fail_on,
    };
    let baseline = match &args.baseline {
        Some(path) => match Baseline::load(path) {
            Ok(b) => Some(b),
            Err(e) => {
                print_rule_errors(&[e]);
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let linter = match Linter::new(rules_to_run(&known, config.as_ref(), &flags)) {
        Ok(l) => l,
        Err(e) => {
            output::error(&e);
            return EXIT_ERROR;
        }
    };

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let extensions: Vec<String> = config
        .as_ref()
        .and_then(|c| c.extensions.clone())
        .unwrap_or_else(|| {
            walk::DEFAULT_EXTENSIONS
                .iter()
                .map(|s| (*s).to_owned())
                .collect()
        });
    let mut extensions = extensions;
    for (ext, _) in vale.iter().flat_map(|v| v.formats.iter()) {
        if !extensions.contains(ext) {
            extensions.push(ext.clone());
        }
    }
    let (mut inputs, walk_errors) = walk::collect(&paths, &extensions, &args.stdin_filename);
    if let Some(c) = &config {
        inputs.retain(|i| match i {
            Input::File {
                path,
                explicit: false,
            } => c.admits(&config::absolute(&cwd, path)),
            _ => true,
        });
    }
    let mut had_error = !walk_errors.is_empty();
    for e in &walk_errors {
        output::error(&format!("{}: {}", e.path, e.message));
    }
    let stdin = match stdin_bytes(&inputs, &args.stdin_filename) {
        Ok(b) => b,
        Err(e) => {
            output::error(&e);
            had_error = true;
            Some(Vec::new())
        }
    };

    let job = Job {
        linter: &linter,
        known: &known,
        args: &args,
        config: config.as_ref(),
        flags: &flags,
        cwd: &cwd,
        baseline: baseline.as_ref(),
        stdin: stdin.as_deref(),
        vale: vale.as_ref(),
        accept: vale.as_ref().and_then(ValeConfig::accept_pattern),
    };
    let outcomes: Vec<Outcome> = match progress_bar(inputs.len()) {
        Some(bar) => {
            let outcomes = inputs
                .par_iter()
                .progress_with(bar.clone())
                .map(|i| job.lint_input(i))
                .collect();
            bar.finish_and_clear();
            outcomes
        }
        None => inputs
            .par_iter()
            .map(|input| job.lint_input(input))
            .collect(),
    };

    let mut report = Report::new(&args);
    for o in &outcomes {
        for w in &o.warnings {
            output::warning(w);
        }
        for e in &o.errors {
            output::error(e);
            had_error = true;
        }
    }
    if let Some(path) = &args.write_baseline {
        let keys: Vec<Key> = outcomes
            .iter()
            .flat_map(|o| o.keys.iter().cloned())
            .collect();
        let n = keys.len();
        if let Err(e) = std::fs::write(path, Baseline::from_keys(keys).to_json()) {
            output::error(&format!(
                "{}: {}",
                walk::display_path(path),
                walk::io_message(&e)
            ));
            return EXIT_ERROR;
        }
        eprintln!(
            "wrote a baseline of {} to {}",
            plural(n, "finding", "findings"),
            walk::display_path(path)
        );
        return if had_error { EXIT_ERROR } else { EXIT_CLEAN };
    }
    let failing = outcomes.iter().any(|o| o.failing);
    if !report.print(&outcomes) {
        return EXIT_CLEAN;
    }
    let baselined: usize = outcomes.iter().map(|o| o.baselined).sum();
    if let Some(path) = &args.baseline {
        eprintln!(
            "{} suppressed by the baseline {}",
            plural(baselined, "finding", "findings"),
            walk::display_path(path)
        );
    }
    if had_error {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Prints the findings in order, the summary and the statistics.
struct Report<'a> {
    args: &'a CheckArgs,
    out: anstream::AutoStream<io::StdoutLock<'static>>,
}

impl<'a> Report<'a> {
    fn new(args: &'a CheckArgs) -> Self {
        Report {
            args,
            out: output::stdout(args.color),
        }
    }

    fn write(&mut self, s: &str) -> bool {
        write_or_stop(&mut self.out, s).unwrap_or(false)
    }

    /// Prints everything; false when the reader went away.
    fn print(&mut self, outcomes: &[Outcome]) -> bool {
        let format = self.args.format;
        let ok = match format {
            OutputFormat::Sarif => {
                let mut rules: BTreeMap<String, Arc<Rule>> = BTreeMap::new();
                for o in outcomes {
                    for (r, _) in &o.fired {
                        rules.entry(r.id.clone()).or_insert_with(|| r.clone());
                    }
                }
                let results = outcomes
                    .iter()
                    .flat_map(|o| o.sarif.iter().cloned())
                    .collect();
                self.write(&render::sarif_log(&rules, results))
            }
            OutputFormat::Json => {
                let parts: Vec<&str> = outcomes
                    .iter()
                    .map(|o| o.rendered.as_str())
                    .filter(|s| !s.is_empty())
                    .collect();
                if parts.is_empty() {
                    self.write("[]\n")
                } else {
                    self.write("[\n")
                        && parts.iter().enumerate().all(|(i, p)| {
                            let sep = if i == 0 { "" } else { ",\n" };
                            self.write(sep) && self.write(p)
                        })
                        && self.write("\n]\n")
                }
            }
            OutputFormat::Checkstyle => {
                self.write(render::CHECKSTYLE_HEADER)
                    && outcomes.iter().all(|o| self.write(&o.rendered))
                    && self.write(render::CHECKSTYLE_FOOTER)
            }
            _ => outcomes.iter().all(|o| self.write(&o.rendered)),
        };
        if !ok {
            return false;
        }
        let mut by_level = [0usize; 3];
        let mut counts: BTreeMap<&str, (usize, Level)> = BTreeMap::new();
        for o in outcomes {
            for (r, level) in &o.fired {
                by_level[*level as usize] += 1;
                counts.entry(r.id.as_str()).or_insert((0, *level)).0 += 1;
            }
        }
        let total: usize = by_level.iter().sum();
        if format == OutputFormat::Full {
            let files = outcomes.len();
            let summary = if total == 0 {
                format!("No findings in {}.\n", plural(files, "file", "files"))
            } else {
                let names = [
                    ("error", "errors"),
                    ("warning", "warnings"),
                    ("suggestion", "suggestions"),
                ];
                let parts: Vec<String> = names
                    .iter()
                    .enumerate()
                    .map(|(i, (one, many))| (by_level[2 - i], one, many))
                    .filter(|(n, _, _)| *n > 0)
                    .map(|(n, one, many)| plural(n, one, many))
                    .collect();
                let with = outcomes.iter().filter(|o| !o.fired.is_empty()).count();
                format!(
                    "Found {} ({}) in {} of {}.\n",
                    plural(total, "finding", "findings"),
                    parts.join(", "),
                    plural(with, "file", "files"),
                    files
                )
            };
            if !self.write(&summary) {
                return false;
            }
        }
        if self.args.statistics {
            let mut rows: Vec<_> = counts.into_iter().collect();
            rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
            let mut table = String::new();
            for (id, (n, level)) in rows {
                table.push_str(&format!("{n:>6}  {id:<36} {level}\n"));
            }
            table.push_str(&format!("{total:>6}  total\n"));
            let machine = matches!(
                format,
                OutputFormat::Json
                    | OutputFormat::Jsonl
                    | OutputFormat::Sarif
                    | OutputFormat::Checkstyle
            );
            if machine {
                let _ = io::stderr().write_all(table.as_bytes());
            } else if !self.write(&table) {
                return false;
            }
        }
        let _ = self.out.flush();
        true
    }
}
