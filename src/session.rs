//! A run over files, as `hedgelint check` does it: [`Options`] in; the rules and settings
//! loaded once ([`Session::new`]); the inputs walked, linted in parallel, filtered by each
//! file's settings and the baseline; and a [`Run`] out, one [`FileReport`] per input in a
//! stable order. Rendering is the [`crate::render::Sink`]'s business; nothing here prints.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind};
use crate::lint::{Finding, LintError, Linter, suppress};
use crate::records::{self, Record, RecordFields, RecordReader};
use crate::rule::{Level, RuleSet, load::RuleOrigin};
use crate::settings::FilePolicy;
use crate::settings::{Baseline, ConfigSource, FailOn, Key, Policy, Settings, vale};
use crate::text::chunks::{ChunkError, ChunkReader};
use crate::text::{Document, Format, SourceText, source};
use crate::walk::{self, Input};

/// The stretch a long document is read in (see [`Session::stretch_bytes`]): long enough that
/// the work per stretch dwarfs its set-up, short enough that a view per thread stays small.
const STRETCH_BYTES: usize = 1 << 20;

/// How long a chunk of a long plain-text file read as it is linted is, at least (see
/// [`Options::keep_text`]): two stretches, linted in parallel. Longer chunks are no faster
/// and hold more.
const CHUNK_BYTES: usize = 2 * STRETCH_BYTES;

/// Plain-text files longer than this are linted a chunk at a time by default, when their
/// text need not be kept ([`Options::chunked_over`]).
pub const CHUNKED_OVER: u64 = 16 << 20;

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The working folder: configuration discovery and relative paths start here.
    pub cwd: PathBuf,
    /// Files or folders to lint; `-` is standard input. Empty: the working folder.
    pub paths: Vec<PathBuf>,
    /// Where the rules come from.
    pub rules: RuleOrigin,
    /// Run only these rules or packs (empty: the rules enabled by default).
    pub select: Vec<String>,
    /// Do not run these rules or packs.
    pub ignore: Vec<String>,
    /// The level at or above which a finding fails the run (over the configuration's).
    pub fail_on: Option<FailOn>,
    /// Which configuration files to use.
    pub config: ConfigSource,
    /// Report only findings not recorded in this baseline file (over the configuration's).
    pub baseline: Option<PathBuf>,
    /// Whether the configuration's `baseline` applies when `baseline` is unset (not when the
    /// run is recording a new baseline).
    pub config_baseline: bool,
    /// Apply the configuration's `include` and `exclude` to files named explicitly too (for
    /// hooks that pass every changed file).
    pub force_exclude: bool,
    /// The name shown for standard input (its extension picks Markdown or plain text).
    pub stdin_name: String,
    /// Files larger than this many bytes are skipped with a warning.
    pub max_file_size: u64,
    /// Findings below this level are not reported (over the configuration's `min-level` and
    /// `.vale.ini`'s `MinAlertLevel`).
    pub min_level: Option<Level>,
    /// Lint on this many threads (`None`: one per core).
    pub threads: Option<usize>,
    /// Record mode: read the inputs as JSONL records with these fields (`None`: files).
    pub records: Option<RecordFields>,
    /// How a record's text is read; `None`: by `stdin_name`'s extension.
    pub record_format: Option<Format>,
    /// Keep each file's text in its report, for output that shows the source. Without it, a
    /// plain-text file longer than [`Options::chunked_over`] bytes is linted a chunk at a
    /// time as it is read, so that it is never held whole, and its report holds no document.
    pub keep_text: bool,
    /// Plain-text files longer than this are linted a chunk at a time when their text is not
    /// kept (default [`CHUNKED_OVER`]).
    pub chunked_over: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cwd: PathBuf::from("."),
            paths: Vec::new(),
            rules: RuleOrigin::default(),
            select: Vec::new(),
            ignore: Vec::new(),
            fail_on: None,
            config: ConfigSource::Discover,
            baseline: None,
            config_baseline: true,
            force_exclude: false,
            stdin_name: "<stdin>".to_owned(),
            max_file_size: 256 << 20,
            min_level: None,
            threads: None,
            records: None,
            record_format: None,
            keep_text: true,
            chunked_over: CHUNKED_OVER,
        }
    }
}

/// Told how a run gets on, from the threads that lint.
pub trait Progress: Sync {
    /// The run is about to lint `inputs` inputs.
    fn start(&self, inputs: usize) {
        let _ = inputs;
    }
    /// One more input is linted.
    fn advance(&self) {}
    /// Every input is linted.
    fn finish(&self) {}
}

/// A [`Progress`] that ignores everything.
impl Progress for () {}

/// The loaded rules and settings of a run, ready to lint any number of inputs.
#[derive(Debug)]
pub struct Session {
    options: Options,
    /// Every loaded rule (suppression comments may name any of them).
    known: RuleSet,
    linter: Linter,
    settings: Settings,
    /// Rules left out because hedgelint does not run their type.
    skipped: Vec<Error>,
    /// Rules of a Vale style left out because they could not load.
    broken: Vec<Error>,
    /// The baseline file the findings are filtered by.
    baseline_path: Option<PathBuf>,
}

/// Why a session could not start.
#[derive(Debug, Clone)]
pub struct LoadFailure {
    /// Rules left out for their type before the failure.
    pub skipped: Vec<Error>,
    /// What stopped the load, in the order met.
    pub errors: Vec<Error>,
}

/// What linting one input produced.
#[derive(Debug, Default)]
pub struct FileReport {
    /// The input as shown in output (`input#id` for a record).
    pub name: String,
    /// In record mode: the record the document is.
    pub record: Option<Record>,
    /// Whether the input was read, decoded and linted: its findings are reported.
    pub linted: bool,
    /// The document, when the input was linted and its text kept (see
    /// [`Options::keep_text`]).
    pub doc: Option<Document>,
    /// The reported findings, in document order, at the levels the settings give them.
    pub findings: Vec<Finding>,
    /// Whether a finding reached the file's `fail-on` level.
    pub failing: bool,
    /// How many findings the baseline hid.
    pub baselined: usize,
    /// The input's path as a baseline records it (relative to the project root).
    pub key_path: String,
    /// Warnings about the input (skipped for its size, unknown names in suppression comments).
    pub warnings: Vec<String>,
    /// Problems: one that kept the input from being linted, or rules that gave up on it.
    pub errors: Vec<String>,
}

impl FileReport {
    /// The report of an input skipped for being larger than `cap` bytes.
    fn too_large(name: &str, cap: u64) -> FileReport {
        FileReport {
            warnings: vec![format!(
                "{name}: skipped, larger than the {} size cap (--max-file-size)",
                format_size(cap)
            )],
            name: name.to_owned(),
            ..FileReport::default()
        }
    }

    fn error(name: &str, msg: impl std::fmt::Display) -> FileReport {
        FileReport {
            name: name.to_owned(),
            errors: vec![format!("{name}: {msg}")],
            ..FileReport::default()
        }
    }
}

/// What a run would lint, and what it would skip and why ([`Session::survey`]).
#[derive(Debug, Default)]
pub struct Survey {
    /// Every file (and skipped folder) under the paths, in path order.
    pub entries: Vec<SurveyEntry>,
    /// Paths that could not be walked.
    pub errors: Vec<String>,
}

/// One path of a [`Survey`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyEntry {
    /// The path as shown in output.
    pub path: String,
    /// Why it is not linted; `None` when it is.
    pub skipped: Option<String>,
}

/// What a run lints ([`Session::plan`]).
#[derive(Debug)]
pub struct Plan {
    /// The inputs, in input order.
    pub inputs: Vec<Input>,
    /// Paths that could not be walked or read, rules left out, as messages.
    pub errors: Vec<String>,
    stdin: Option<Vec<u8>>,
    pool: Option<rayon::ThreadPool>,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Run {
    /// The project root (absolute): the folder of `hedgelint.toml`, else the working folder.
    pub root: PathBuf,
    /// Paths that could not be walked or read before linting, as messages.
    pub errors: Vec<String>,
    /// One report per input, in input order.
    pub files: Vec<FileReport>,
}

impl Run {
    /// True when some input could not be linted, wholly or in part.
    pub fn had_error(&self) -> bool {
        !self.errors.is_empty() || self.files.iter().any(|f| !f.errors.is_empty())
    }

    /// True when some finding reached its file's `fail-on` level.
    pub fn failing(&self) -> bool {
        self.files.iter().any(|f| f.failing)
    }

    /// How many findings are reported.
    pub fn findings(&self) -> usize {
        self.files.iter().map(|f| f.findings.len()).sum()
    }

    /// How many findings the baseline hid.
    pub fn baselined(&self) -> usize {
        self.files.iter().map(|f| f.baselined).sum()
    }

    /// A baseline recording every reported finding.
    pub fn baseline(&self) -> Baseline {
        Baseline::from_keys(
            self.files
                .iter()
                .flat_map(|f| f.findings.iter().map(|x| Key::of(&f.key_path, x))),
        )
    }

    /// The counts the summary and `--statistics` show.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        self.files.iter().for_each(|f| summary.add(f));
        summary
    }
}

/// Counts over a run's findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs linted (or skipped).
    pub files: usize,
    /// Inputs with at least one finding.
    pub files_with_findings: usize,
    /// Findings by level, indexed by `Level as usize`.
    pub by_level: [usize; 3],
    /// Findings by rule id, with the level of the first.
    pub by_rule: BTreeMap<String, (usize, Level)>,
    /// Findings the baseline hid.
    pub baselined: usize,
    /// Whether the inputs were records (the summary counts records, not files).
    pub records: bool,
}

/// `1 file`, `2 files`: a count with its noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary {
    /// Counts one more input. In a summary of records, a bad line is not a record and is
    /// not counted.
    pub fn add(&mut self, report: &FileReport) {
        if self.records && report.record.is_none() {
            return;
        }
        self.files += 1;
        if !report.findings.is_empty() {
            self.files_with_findings += 1;
        }
        for f in &report.findings {
            self.by_level[f.level as usize] += 1;
            self.by_rule
                .entry(f.rule.id.clone())
                .or_insert((0, f.level))
                .0 += 1;
        }
        self.baselined += report.baselined;
    }

    /// The summary for a sink's end: `None` when nothing was linted because of errors (the
    /// errors say it all).
    pub fn unless_only_errors(&self, had_error: bool) -> Option<&Summary> {
        (self.files > 0 || !had_error).then_some(self)
    }

    /// Every finding.
    pub fn total(&self) -> usize {
        self.by_level.iter().sum()
    }

    /// The closing line of the `full` format.
    pub fn line(&self) -> String {
        let total = self.total();
        let (one, many) = if self.records {
            ("record", "records")
        } else {
            ("file", "files")
        };
        if self.files == 0 {
            return format!("No {many} linted.\n");
        }
        if total == 0 {
            return format!("No findings in {}.\n", plural(self.files, one, many));
        }
        let names = [
            ("error", "errors"),
            ("warning", "warnings"),
            ("suggestion", "suggestions"),
        ];
        let parts: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, (one, many))| (self.by_level[2 - i], one, many))
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, one, many)| plural(n, one, many))
            .collect();
        format!(
            "Found {} ({}) in {} of {}.\n",
            plural(total, "finding", "findings"),
            parts.join(", "),
            plural(self.files_with_findings, one, many),
            self.files
        )
    }

    /// The `--statistics` table: a header, findings per rule, most first, and the total.
    pub fn statistics(&self) -> String {
        let mut rows: Vec<_> = self.by_rule.iter().collect();
        rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        let mut table = format!("{:>6}  {:<36} {}\n", "count", "rule", "level");
        for (id, (n, level)) in rows {
            table.push_str(&format!("{n:>6}  {id:<36} {level}\n"));
        }
        table.push_str(&format!("{:>6}  total\n", self.total()));
        table
    }
}

impl Session {
    /// Loads the settings and rules `options` name and compiles the rules to run.
    pub fn new(options: Options) -> Result<Session, LoadFailure> {
        let LoadedRules {
            mut settings,
            rules: known,
            skipped,
            broken,
        } = load_rules(&options)?;
        let fail = |skipped: &[Error], e: Vec<Error>| LoadFailure {
            skipped: skipped.to_vec(),
            errors: e,
        };
        for name in options.select.iter().chain(&options.ignore) {
            if !known.knows(name) {
                let e = Error::general(
                    ErrorKind::UnknownName,
                    known.unknown_name("rule or pack", name),
                );
                return Err(fail(&skipped, vec![e]));
            }
        }
        let baseline_path = options.baseline.clone().or_else(|| {
            options
                .config_baseline
                .then(|| {
                    settings
                        .config_baseline()
                        .map(|p| relative_to(&options.cwd, p))
                })
                .flatten()
        });
        if let Some(path) = &baseline_path {
            let b = Baseline::load(path).map_err(|e| fail(&skipped, vec![e]))?;
            settings.baseline = Some(b);
        }
        let linter = Linter::new(settings.rules_to_run(&known))
            .map_err(|e| fail(&skipped, vec![Error::general(ErrorKind::Matcher, e)]))?;
        Ok(Session {
            options,
            known,
            linter,
            settings,
            skipped,
            broken,
            baseline_path,
        })
    }

    /// What the run was asked to do.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The project root (absolute): the folder of `hedgelint.toml`, else the working folder.
    pub fn project_root(&self) -> PathBuf {
        crate::settings::absolute(&self.options.cwd, self.settings.root())
    }

    /// The baseline file the findings are filtered by: `--baseline`, else the configuration's.
    pub fn baseline_path(&self) -> Option<&Path> {
        self.baseline_path.as_deref()
    }

    /// Rules left out because hedgelint does not run their type (with `skip_unsupported`).
    pub fn skipped(&self) -> &[Error] {
        &self.skipped
    }

    /// Rules of a Vale style that could not load; the run goes on without them and reports
    /// each as an error.
    pub fn broken(&self) -> &[Error] {
        &self.broken
    }

    /// Every loaded rule, including those the settings do not run.
    pub fn rules(&self) -> &RuleSet {
        &self.known
    }

    /// The settings the run uses.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The settings `path` would be linted with, and where each came from.
    pub fn settings_for(&self, path: &Path) -> crate::settings::ResolvedSettings {
        let name = walk::display_path(path);
        self.settings.for_file(&name, path).resolved(&self.known)
    }

    /// The paths the options name; none means the working folder.
    fn paths(&self) -> Vec<PathBuf> {
        if self.options.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            self.options.paths.clone()
        }
    }

    /// The inputs the options name, after the configuration's include and exclude, and the
    /// paths that could not be walked.
    pub fn inputs(&self) -> (Vec<Input>, Vec<String>) {
        let paths = self.paths();
        let (mut inputs, errors) = walk::collect(
            &paths,
            &self.settings.extensions(),
            &self.options.stdin_name,
        );
        let force = self.options.force_exclude;
        inputs.retain(|i| match i {
            Input::File { path, explicit } if force || !explicit => self.settings.admits(path),
            _ => true,
        });
        let errors = errors.into_iter().map(|e| e.to_string()).collect();
        (inputs, errors)
    }

    /// Every path under the options' paths with what the run would do with it: the inputs
    /// [`Session::inputs`] gives, and why each other file is skipped (hidden, ignore files,
    /// extension, the configuration's include and exclude, the size cap). Nothing is read.
    pub fn survey(&self) -> Survey {
        let paths = self.paths();
        let (found, errors) = walk::survey(
            &paths,
            &self.settings.extensions(),
            &self.options.stdin_name,
        );
        let force = self.options.force_exclude;
        let cap = self.options.max_file_size;
        let entries = found
            .into_iter()
            .map(|s| {
                let path = s.input.display_name();
                let skipped = s.skipped.or_else(|| match &s.input {
                    Input::File { path, explicit } => {
                        let excluded = (force || !explicit)
                            .then(|| self.settings.exclusion(path))
                            .flatten();
                        excluded.or_else(|| {
                            std::fs::metadata(path)
                                .is_ok_and(|m| m.len() > cap)
                                .then(|| {
                                    format!(
                                        "larger than the {} size cap (--max-file-size)",
                                        format_size(cap)
                                    )
                                })
                        })
                    }
                    Input::Stdin { .. } => None,
                });
                SurveyEntry { path, skipped }
            })
            .collect();
        Survey {
            entries,
            errors: errors.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    /// Walks and lints every input in parallel (standard input too, if it is one), telling
    /// `progress` how far it got. Every report is held until the end: for big runs,
    /// [`Session::plan`] and [`Session::run_each`] stream them instead.
    pub fn run(&self, progress: &dyn Progress) -> Run {
        let plan = self.plan();
        let mut files = Vec::with_capacity(plan.inputs.len());
        let collected: io::Result<()> = self.run_each(&plan, usize::MAX, progress, &mut |r| {
            files.push(r);
            Ok(())
        });
        // Collecting never fails.
        debug_assert!(collected.is_ok());
        Run {
            root: self.project_root(),
            errors: plan.errors,
            files,
        }
    }

    /// What a run lints: the walk's inputs, what standard input held if it is one of them and
    /// cannot be linted as it is read (see [`Session::lint_stream`]), and the errors met so
    /// far (paths that could not be walked, rules left out, a thread pool that could not
    /// start).
    pub fn plan(&self) -> Plan {
        let (mut inputs, mut errors) = self.inputs();
        errors.splice(
            0..0,
            self.broken.iter().map(|e| format!("{e} (rule left out)")),
        );
        let stdin_input = inputs.iter().find_map(|i| match i {
            Input::Stdin { name } => Some(name.as_str()),
            Input::File { .. } => None,
        });
        // Standard input is read before the run unless it can be linted as it is read.
        let read_first =
            stdin_input.filter(|name| self.reads_in_chunks(name, Path::new(name)).is_none());
        let stdin = if read_first.is_some() {
            let mut buf = Vec::new();
            if let Err(e) = io::stdin().lock().read_to_end(&mut buf) {
                errors.push(format!(
                    "{}: {}",
                    self.options.stdin_name,
                    walk::io_message(&e)
                ));
                buf.clear();
            }
            Some(buf)
        } else {
            None
        };
        let pool = match self.pool() {
            Ok(pool) => pool,
            Err(e) => {
                errors.push(e);
                inputs.clear();
                None
            }
        };
        Plan {
            inputs,
            errors,
            stdin,
            pool,
        }
    }

    /// Lints the inputs of `plan` in parallel batches of about `batch_bytes` of input (at
    /// least one input each) and gives `each` every report in input order, so that memory
    /// holds one batch's documents whatever the run's size. When `each` fails, the run
    /// stops with its error.
    pub fn run_each(
        &self,
        plan: &Plan,
        batch_bytes: usize,
        progress: &dyn Progress,
        each: &mut dyn FnMut(FileReport) -> io::Result<()>,
    ) -> io::Result<()> {
        let stdin = plan.stdin.as_deref();
        let size = |input: &Input| match input {
            Input::Stdin { .. } => stdin.map_or(0, |s| s.len() as u64),
            Input::File { path, .. } => std::fs::metadata(path).map_or(0, |m| m.len()),
        };
        progress.start(plan.inputs.len());
        // Batches: at least one input each, about `batch_bytes` of input.
        let mut batches: Vec<&[Input]> = Vec::new();
        let mut rest = plan.inputs.as_slice();
        while !rest.is_empty() {
            let mut bytes = 0u64;
            let mut n = 0;
            while n < rest.len() && (n == 0 || bytes < batch_bytes as u64) {
                bytes = bytes.saturating_add(size(&rest[n]));
                n += 1;
            }
            let (batch, next) = rest.split_at(n);
            batches.push(batch);
            rest = next;
        }
        let lint = |batch: &[Input]| -> Vec<FileReport> {
            install(plan.pool.as_ref(), || {
                batch
                    .par_iter()
                    .map(|input| {
                        let report = self.lint_input(input, stdin);
                        progress.advance();
                        report
                    })
                    .collect()
            })
        };
        // Each batch is handed over while the next one is linted.
        let delivered = std::thread::scope(|scope| -> io::Result<()> {
            let mut batches = batches.into_iter();
            let mut pending = batches.next().map(|b| scope.spawn(move || lint(b)));
            while let Some(linting) = pending.take() {
                let reports = match linting.join() {
                    Ok(reports) => reports,
                    Err(panic) => std::panic::resume_unwind(panic),
                };
                pending = batches.next().map(|b| scope.spawn(move || lint(b)));
                for report in reports {
                    each(report)?;
                }
            }
            Ok(())
        });
        progress.finish();
        delivered
    }

    /// The thread pool `--threads` asks for (`None`: rayon's global pool, one thread a core).
    fn pool(&self) -> Result<Option<rayon::ThreadPool>, String> {
        self.options
            .threads
            .map(|n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| format!("cannot start {n} threads: {e}"))
            })
            .transpose()
    }

    /// Record mode: reads each input (a path, or `-` for standard input; none: standard
    /// input) as JSONL records and lints every record as a document of its own, in parallel
    /// batches of about `batch_bytes` of input, so memory stays bounded whatever the input's
    /// size. `each` gets every report in input order, a record's or a bad line's (an error
    /// naming the input and line); when it fails, the run stops with its error. Returns the
    /// errors that kept an input from being read.
    pub fn run_records(
        &self,
        batch_bytes: usize,
        each: &mut dyn FnMut(FileReport) -> io::Result<()>,
    ) -> Result<Vec<String>, io::Error> {
        let fields = self.options.records.clone().unwrap_or_default();
        let pool = match self.pool() {
            Ok(pool) => pool,
            Err(e) => return Ok(vec![e]),
        };
        let mut errors: Vec<String> = self
            .broken
            .iter()
            .map(|e| format!("{e} (rule left out)"))
            .collect();
        let paths = if self.options.paths.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.options.paths.clone()
        };
        for path in paths {
            let stdin = path.as_os_str() == "-";
            let name = if stdin {
                self.options.stdin_name.clone()
            } else {
                walk::display_path(&path)
            };
            let reader: Box<dyn io::BufRead + Send> = if stdin {
                Box::new(io::BufReader::new(io::stdin()))
            } else if path.is_dir() {
                errors.push(format!(
                    "{name}: a folder; record mode reads JSONL files or standard input"
                ));
                continue;
            } else {
                match std::fs::File::open(&path) {
                    Ok(f) => Box::new(io::BufReader::with_capacity(1 << 16, f)),
                    Err(e) => {
                        errors.push(format!("{name}: {}", walk::io_message(&e)));
                        continue;
                    }
                }
            };
            let policy = self.settings.for_file(&name, &path);
            let format = self
                .options
                .record_format
                .unwrap_or_else(|| Format::for_path(Path::new(&self.options.stdin_name)));
            let mut reader = RecordReader::new(reader, batch_bytes);
            let lint_batch = |batch: Vec<records::RawLine>| -> Vec<FileReport> {
                batch
                    .into_par_iter()
                    .map(|line| self.lint_line(&name, line, &fields, &policy, format))
                    .collect()
            };
            let mut batch = reader.next_batch();
            loop {
                let lines = match batch {
                    Ok(lines) if lines.is_empty() => break,
                    Ok(lines) => lines,
                    Err(e) => {
                        errors.push(format!("{name}: {}", walk::io_message(&e)));
                        break;
                    }
                };
                // The next batch is read while this one is linted.
                let (reports, next) = install(pool.as_ref(), || {
                    rayon::join(|| lint_batch(lines), || reader.next_batch())
                });
                batch = next;
                for report in reports {
                    each(report)?;
                }
            }
        }
        Ok(errors)
    }

    /// One line of a record stream: the record's report, or a report with the line's error.
    fn lint_line(
        &self,
        input: &str,
        line: records::RawLine,
        fields: &RecordFields,
        policy: &FilePolicy,
        format: Format,
    ) -> FileReport {
        let parsed = line.text.and_then(|text| {
            records::parse_line(input, line.number, &text, fields).map_err(|e| e.to_string())
        });
        match parsed {
            Ok(rec) => {
                let name = rec.record.name();
                let source = SourceText {
                    text: rec.text,
                    bom_len: 0,
                };
                let doc = policy.document(source, format, self.stretch_bytes());
                let key_path = format!("{}#{}", policy.key_path(), rec.record.label);
                let mut report = self.lint_document(&name, policy, doc, key_path);
                report.record = Some(rec.record);
                report
            }
            Err(e) => FileReport {
                name: input.to_owned(),
                errors: vec![format!("{input}:{}: {e}", line.number)],
                ..FileReport::default()
            },
        }
    }

    /// How long a stretch of a long document is read in, when the rules allow it: each
    /// stretch's view is built, linted and dropped in turn, so that memory stays near the
    /// size of the text (see [`Linter::lints_in_stretches`]).
    fn stretch_bytes(&self) -> Option<usize> {
        self.linter.lints_in_stretches().then_some(STRETCH_BYTES)
    }

    /// Lints one input; `stdin` is what standard input held, or `None` when it is to be read
    /// now.
    pub fn lint_input(&self, input: &Input, stdin: Option<&[u8]>) -> FileReport {
        let name = input.display_name();
        let (path, explicit) = match input {
            Input::Stdin { name: path } => {
                let path = Path::new(path);
                return match stdin {
                    Some(bytes) => self.lint_bytes(&name, path, bytes.to_vec(), true),
                    None => self.lint_stream(&name, path, io::stdin().lock()),
                };
            }
            Input::File { path, explicit } => (path, *explicit),
        };
        let cap = self.options.max_file_size;
        let opened = std::fs::File::open(path).and_then(|file| {
            let len = file.metadata()?.len();
            Ok((file, len))
        });
        let (file, len) = match opened {
            Ok(opened) => opened,
            Err(e) => return FileReport::error(&name, walk::io_message(&e)),
        };
        if len > cap {
            return FileReport::too_large(&name, cap);
        }
        if len > self.options.chunked_over
            && let Some(policy) = self.reads_in_chunks(&name, path)
        {
            return self.lint_chunks(&name, &policy, file, explicit, CHUNK_BYTES, cap);
        }
        match read_all(file, len, cap) {
            Ok(Some(bytes)) => self.lint_bytes(&name, path, bytes, explicit),
            Ok(None) => FileReport::too_large(&name, cap),
            Err(e) => FileReport::error(&name, walk::io_message(&e)),
        }
    }

    /// Lints what `input` holds as the file shown as `name` at `path`, named explicitly: a
    /// chunk at a time as it is read, whatever its length, when its text is not kept and it is
    /// plain text with nothing masked across it; else read whole. No size cap applies.
    pub fn lint_stream(&self, name: &str, path: &Path, mut input: impl Read) -> FileReport {
        if let Some(policy) = self.reads_in_chunks(name, path) {
            return self.lint_chunks(name, &policy, input, true, CHUNK_BYTES, u64::MAX);
        }
        let mut bytes = Vec::new();
        match input.read_to_end(&mut bytes) {
            Ok(_) => self.lint_bytes(name, path, bytes, true),
            Err(e) => FileReport::error(name, walk::io_message(&e)),
        }
    }

    /// The policy of the file shown as `name` at `path` when it may be linted a chunk at a
    /// time: its text need not be kept, it is read as plain text with nothing masked across
    /// it (no `BlockIgnores` or `TokenIgnores`), and every rule lints in stretches.
    fn reads_in_chunks(&self, name: &str, path: &Path) -> Option<FilePolicy<'_>> {
        if self.options.keep_text || !self.linter.lints_in_stretches() {
            return None;
        }
        let policy = self.settings.for_file(name, path);
        let plain = policy.format(Format::for_path(path)) == Format::Plain;
        (plain && !policy.masks_patterns()).then_some(policy)
    }

    /// Lints `input`, the file shown as `name`, a chunk of at least `chunk_bytes` at a time
    /// as it is read (see [`Options::keep_text`]), skipping it once more than `cap` bytes
    /// have been read. The report is that of the whole file, without its document.
    fn lint_chunks(
        &self,
        name: &str,
        policy: &FilePolicy,
        input: impl Read,
        explicit: bool,
        chunk_bytes: usize,
        cap: u64,
    ) -> FileReport {
        let mut lint = self.linter.chunked();
        let mut warnings = Vec::new();
        for chunk in ChunkReader::new(input, chunk_bytes, cap) {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(ChunkError::Decode(source::DecodeError::Binary)) if !explicit => {
                    return FileReport {
                        name: name.to_owned(),
                        ..FileReport::default()
                    };
                }
                Err(ChunkError::Decode(e)) => return FileReport::error(name, e),
                Err(ChunkError::Io(e)) => return FileReport::error(name, walk::io_message(&e)),
                Err(ChunkError::TooLarge) => return FileReport::too_large(name, cap),
            };
            let doc = policy.document(chunk.source, Format::Plain, self.stretch_bytes());
            warnings.extend(self.unknown_names(name, &doc, chunk.start.line));
            lint.add(&doc, chunk.start);
        }
        let (findings, rule_errors) = lint.finish();
        self.report(
            name,
            policy,
            (findings, rule_errors),
            warnings,
            policy.key_path(),
            None,
        )
    }

    /// Lints `bytes` as the file shown as `name` at `path`. A binary file that was not
    /// named explicitly is skipped without a word.
    pub fn lint_bytes(
        &self,
        name: &str,
        path: &Path,
        bytes: Vec<u8>,
        explicit: bool,
    ) -> FileReport {
        let policy = self.settings.for_file(name, path);
        let format = policy.format(Format::for_path(path));
        let doc = match source::decode(bytes) {
            Ok(src) => policy.document(src, format, self.stretch_bytes()),
            Err(source::DecodeError::Binary) if !explicit => {
                return FileReport {
                    name: name.to_owned(),
                    ..FileReport::default()
                };
            }
            Err(e) => return FileReport::error(name, e),
        };
        self.lint_document(name, &policy, doc, policy.key_path())
    }

    /// Lints `doc`, shown as `name`, under `policy`: the rules, suppression comments, the
    /// policy's levels and the baseline, which knows the document as `key_path`.
    fn lint_document(
        &self,
        name: &str,
        policy: &FilePolicy,
        doc: Document,
        key_path: String,
    ) -> FileReport {
        let linted = self.linter.lint_all(&doc);
        let warnings = self.unknown_names(name, &doc, 0);
        self.report(name, policy, linted, warnings, key_path, Some(doc))
    }

    /// Warnings for the names in `doc`'s suppression comments that are neither a rule nor a
    /// pack; `doc` starts on 0-based line `first_line` of the file shown as `name`.
    fn unknown_names(&self, name: &str, doc: &Document, first_line: usize) -> Vec<String> {
        if doc.comments.is_empty() {
            return Vec::new();
        }
        let sup = suppress::Suppressions::new(suppress::directives(doc, &doc.comments));
        sup.unknown_names(&self.known)
            .map(|(unknown, offset)| {
                let (line, col) = doc.lines().position(&doc.text, offset);
                let line = line + first_line;
                format!(
                    "{name}:{line}:{col}: unknown rule or pack `{unknown}` in a suppression comment"
                )
            })
            .collect()
    }

    /// The report of a linted input shown as `name`: its findings and rule errors under
    /// `policy` (levels, `fail-on` and the baseline, which knows the input as `key_path`),
    /// with `warnings` and the document if kept.
    fn report(
        &self,
        name: &str,
        policy: &FilePolicy,
        (mut findings, rule_errors): (Vec<Finding>, Vec<LintError>),
        warnings: Vec<String>,
        key_path: String,
        doc: Option<Document>,
    ) -> FileReport {
        policy.apply(&mut findings);
        let baselined = policy.apply_baseline(&mut findings, &key_path);
        let fail_on = policy.fail_on();
        FileReport {
            name: name.to_owned(),
            errors: rule_errors.iter().map(|e| format!("{name}: {e}")).collect(),
            warnings,
            baselined,
            key_path,
            failing: findings.iter().any(|f| fail_on.reached_by(f.level)),
            findings,
            linted: true,
            doc,
            ..FileReport::default()
        }
    }
}

/// Runs `work` on `pool`, or on rayon's global pool.
fn install<T: Send>(pool: Option<&rayon::ThreadPool>, work: impl FnOnce() -> T + Send) -> T {
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// The settings and every rule a run with `options` loads: the built-in packs it keeps, the
/// configuration's and `options`' rule folders and the Vale styles `.vale.ini` names. What
/// `check` runs and what `rules`, `explain` and `test-rules` show.
#[derive(Debug)]
pub struct LoadedRules {
    /// The layered settings.
    pub settings: Settings,
    /// Every loaded rule, including those the settings do not run.
    pub rules: RuleSet,
    /// Rules left out because hedgelint does not run their type (with `skip_unsupported`).
    pub skipped: Vec<Error>,
    /// Rules of a Vale style left out because they could not load.
    pub broken: Vec<Error>,
}

/// Loads the settings and rules `options` name (see [`LoadedRules`]).
pub fn load_rules(options: &Options) -> Result<LoadedRules, LoadFailure> {
    let fail = |skipped: &[Error], e: Vec<Error>| LoadFailure {
        skipped: skipped.to_vec(),
        errors: e,
    };
    let mut origins = std::collections::BTreeMap::new();
    if !options.select.is_empty() {
        origins.insert("select".to_owned(), "--select".to_owned());
    }
    for name in &options.ignore {
        origins.insert(format!("ignore:{name}"), "--ignore".to_owned());
    }
    if options.fail_on.is_some() {
        origins.insert("fail-on".to_owned(), "--fail-on".to_owned());
    }
    if options.min_level.is_some() {
        origins.insert("min-level".to_owned(), "--min-level".to_owned());
    }
    let flags = Policy {
        select: (!options.select.is_empty()).then(|| options.select.clone()),
        ignore: options.ignore.clone(),
        levels: Vec::new(),
        fail_on: options.fail_on,
        min_level: options.min_level,
        origins,
    };
    let settings =
        Settings::load(&options.cwd, &options.config, flags).map_err(|e| fail(&[], vec![e]))?;
    let mut dirs = settings.rule_dirs();
    dirs.extend(options.rules.dirs.iter().cloned());
    let builtin = if options.rules.no_default_rules {
        Vec::new()
    } else {
        let mut all = crate::rule::builtin::sources();
        if !options.rules.default_rules {
            all.retain(|s| settings.runs_builtin_pack(&s.pack));
        }
        all
    };
    let provided: std::collections::BTreeSet<String> = crate::rule::builtin::sources()
        .into_iter()
        .map(|s| s.pack)
        .collect();
    let vale::StyleSources {
        sources: vale_sources,
        errors: mut load_errors,
        warnings: vale_warnings,
    } = settings.vale_sources(&provided);
    let (mut strict, mut dir_errors) = crate::rule::load::read_dirs(&dirs);
    load_errors.append(&mut dir_errors);
    strict.splice(0..0, builtin);
    strict.extend(settings.extra_rules());
    let loaded =
        crate::rule::load::load_sources(&strict, &vale_sources, options.rules.skip_unsupported);
    let loaded = match loaded {
        Ok(l) if load_errors.is_empty() => l,
        Ok(l) => return Err(fail(&l.skipped, load_errors)),
        Err(mut e) => {
            load_errors.append(&mut e);
            return Err(fail(&[], load_errors));
        }
    };
    let (known, broken) = (loaded.set, loaded.broken);
    let mut skipped = vale_warnings;
    skipped.extend(loaded.skipped);
    let errors = settings.check_names(&known);
    if !errors.is_empty() {
        return Err(fail(&skipped, errors));
    }
    Ok(LoadedRules {
        settings,
        rules: known,
        skipped,
        broken,
    })
}

/// `path` relative to `cwd` when it lies below it (for messages), else as it is.
fn relative_to(cwd: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(cwd)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads `file`, `len` bytes long when it was opened, or `None` when it holds more than
/// `cap` bytes.
fn read_all(file: std::fs::File, len: u64, cap: u64) -> io::Result<Option<Vec<u8>>> {
    // One byte of room past the expected length, so that reading to the end does not have to
    // grow (and so double) the buffer just to find that there is nothing more.
    let mut buf = Vec::with_capacity(len.min(cap) as usize + 1);
    // Read one byte past the cap so that a file that grew while being read is caught too.
    file.take(cap + 1).read_to_end(&mut buf)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A session of the built-in rules in an empty folder, keeping no text.
    fn session(dir: &Path) -> Option<Session> {
        Session::new(Options {
            cwd: dir.to_path_buf(),
            config: ConfigSource::Isolated,
            keep_text: false,
            ..Options::default()
        })
        .ok()
    }

    /// A temporary folder (kept while the result lives) and a [`session`] in it.
    fn session_in_temp_folder() -> (tempfile::TempDir, Session) {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temporary folder");
        };
        let Some(session) = session(dir.path()) else {
            panic!("the built-in rules load");
        };
        (dir, session)
    }

    /// What a report says, in full, as text to compare.
    fn said(report: &FileReport) -> String {
        let findings: Vec<String> = report
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{} {:?} {:?} {}-{} {}:{}-{}:{} {:?} {:?} {:?} {}",
                    f.rule.id,
                    f.level,
                    f.span,
                    f.byte_start,
                    f.byte_end,
                    f.line,
                    f.column,
                    f.end_line,
                    f.end_column,
                    f.message,
                    f.matched,
                    f.suggestions,
                    f.sentence_hash
                )
            })
            .collect();
        format!(
            "{}\nwarnings {:?}\nerrors {:?}\nfailing {} baselined {}\n",
            findings.join("\n"),
            report.warnings,
            report.errors,
            report.failing,
            report.baselined
        )
    }

    /// Linting `text` a chunk at a time, with chunks of many sizes, gives the report of
    /// linting it whole.
    fn chunked_as_whole(text: &[u8], sizes: &[usize]) {
        let (dir, session) = session_in_temp_folder();
        let (name, path) = ("big.txt", dir.path().join("big.txt"));
        let whole = session.lint_bytes(name, &path, text.to_vec(), true);
        assert!(whole.doc.is_some() && !whole.findings.is_empty());
        let expected = said(&whole);
        let policy = session.settings.for_file(name, &path);
        for &size in sizes {
            let chunked = session.lint_chunks(name, &policy, text, true, size, u64::MAX);
            assert!(chunked.linted && chunked.doc.is_none());
            assert_eq!(said(&chunked), expected, "chunks of {size} bytes");
        }
    }

    /// Sizes from 1 byte to about `most`, some of them odd.
    fn sizes(most: usize) -> Vec<usize> {
        let mut out = vec![1, 2, 97, 4096];
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..6 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            out.push(1 + (x % most as u64) as usize);
        }
        out
    }

    /// About 90 news articles, with suppression comments that reach across chunks.
    fn news_text() -> String {
        // The news corpus where it is at hand, else the project's seed articles.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = root.join("../shared/corpus/wikinews");
        let folder = if corpus.is_dir() {
            corpus
        } else {
            root.join("seeds")
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
        files.sort();
        assert!(!files.is_empty(), "no articles in {}", folder.display());
        // Comments across chunks: a rule turned off and on again far apart, the next line of
        // a comment, an unknown name, a comment over a blank line and one never closed; and
        // phrases across a line break, where no chunk may end.
        let inserts = [
            "<!-- hedgelint-disable Hedging -->\n\n",
            "Critics argue that the plan reportedly failed.\n\n<!-- hedgelint-enable -->\n\n",
            "<!-- hedgelint-disable-next-line -->\nSources say it remains to be seen.\n\n",
            "<!-- vale Attribution.VagueSource = NO -->\n\n<!-- hedgelint-disable Nope.Rule -->\n\n",
            "<!-- a comment\n\nover a blank line; it is believed -->\n\n",
            "The plan, it is\nwidely believed, failed, and sources\nsay so.\n\n",
        ];
        let mut text = String::from("\u{feff}It is believed that officials reportedly lied.\n\n");
        for (i, file) in files.iter().cycle().take(90).enumerate() {
            text.push_str(&std::fs::read_to_string(file).unwrap_or_default());
            text.push_str("\n\n");
            if i % 15 == 7 {
                text.push_str(inserts[(i / 15) % inserts.len()]);
            }
        }
        text.push_str("An open <!-- mark.\n\nIt is reportedly so, many say.\n");
        text
    }

    #[test]
    fn a_news_text_linted_in_chunks_gives_the_findings_of_the_whole() {
        chunked_as_whole(news_text().as_bytes(), &sizes(60_000));
    }

    #[test]
    fn a_news_text_with_windows_line_ends_is_cut_and_gives_the_findings_of_the_whole() {
        let text = news_text().replace('\n', "\r\n");
        let cuts = ChunkReader::new(text.as_bytes(), 10_000, u64::MAX).count();
        assert!(cuts > 10, "{cuts} chunks");
        chunked_as_whole(text.as_bytes(), &sizes(60_000));
    }

    #[test]
    fn only_a_long_plain_text_whose_text_is_not_kept_is_read_in_chunks() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("no temporary folder");
        };
        let text = "It is believed that officials reportedly lied.\n\n".repeat(100);
        for name in ["a.txt", "a.md"] {
            if std::fs::write(dir.path().join(name), &text).is_err() {
                panic!("cannot write {name}");
            }
        }
        let read = |name: &str, keep_text: bool, chunked_over: u64| {
            let session = Session::new(Options {
                cwd: dir.path().to_path_buf(),
                config: ConfigSource::Isolated,
                keep_text,
                chunked_over,
                ..Options::default()
            });
            let Ok(session) = session else {
                panic!("the built-in rules load");
            };
            let input = Input::File {
                path: dir.path().join(name),
                explicit: true,
            };
            let report = session.lint_input(&input, None);
            assert_eq!(report.findings.len(), 200, "{name}");
            report.doc.is_none()
        };
        let long = text.len() as u64 - 1;
        assert!(read("a.txt", false, long), "plain text, not kept, long");
        assert!(
            !read("a.txt", false, long + 1),
            "not longer than the threshold"
        );
        assert!(!read("a.txt", true, long), "its text kept");
        assert!(!read("a.md", false, long), "Markdown");
        // Standard input is read in chunks whatever its length, with the same findings.
        let Some(session) = session(dir.path()) else {
            panic!("the built-in rules load");
        };
        let streamed = session.lint_stream("<stdin>", Path::new("<stdin>"), text.as_bytes());
        assert!(streamed.doc.is_none() && streamed.linted);
        assert_eq!(streamed.findings.len(), 200);
        let streamed = session.lint_stream("<stdin>", Path::new("in.md"), text.as_bytes());
        assert!(streamed.doc.is_some(), "Markdown is read whole");
        // So the run does not read it first.
        let session = Session::new(Options {
            cwd: dir.path().to_path_buf(),
            paths: vec![PathBuf::from("-")],
            config: ConfigSource::Isolated,
            keep_text: false,
            ..Options::default()
        });
        let Ok(session) = session else {
            panic!("the built-in rules load");
        };
        let plan = session.plan();
        assert!(matches!(plan.inputs.as_slice(), [Input::Stdin { .. }]));
        assert!(plan.stdin.is_none(), "standard input was read first");
    }

    #[test]
    fn a_file_that_is_not_text_far_in_is_reported_as_when_read_whole() {
        let (dir, session) = session_in_temp_folder();
        let (name, path) = ("big.txt", dir.path().join("big.txt"));
        let policy = session.settings.for_file(name, &path);
        let good = "It is believed that officials reportedly lied.\n\n".repeat(200);
        for tail in [
            &b"\xff bad.\n\n"[..],
            b"a \0 byte.\n\n",
            b"\xff, then \0.\n\n",
        ] {
            let mut bytes = good.clone().into_bytes();
            bytes.extend(tail);
            bytes.extend(good.as_bytes());
            for explicit in [true, false] {
                let whole = session.lint_bytes(name, &path, bytes.clone(), explicit);
                let chunked =
                    session.lint_chunks(name, &policy, &bytes[..], explicit, 500, u64::MAX);
                assert_eq!(
                    said(&chunked),
                    said(&whole),
                    "{tail:?}, explicit: {explicit}"
                );
                assert_eq!(chunked.linted, whole.linted);
                assert!(whole.findings.is_empty());
            }
        }
    }

    #[test]
    fn formats_that_show_the_source_show_a_report_without_its_text_as_best_they_can() {
        use crate::render::{self, OutputFormat, SinkStyle};
        let (dir, session) = session_in_temp_folder();
        let (name, path) = ("big.txt", dir.path().join("big.txt"));
        let policy = session.settings.for_file(name, &path);
        let text = "It is believed that officials lied.\n\nCritics argue it failed.\n\n";
        let whole = session.lint_bytes(name, &path, text.as_bytes().to_vec(), true);
        let chunked = session.lint_chunks(name, &policy, text.as_bytes(), true, 8, u64::MAX);
        assert_eq!(whole.findings.len(), 2);
        let shown = |format: OutputFormat, report: &FileReport| {
            let mut out = Vec::new();
            let mut sink = format.sink(&mut out, SinkStyle::default());
            let written =
                render::write_report(sink.as_mut(), report).and_then(|()| sink.finish(None));
            assert!(written.is_ok());
            drop(sink);
            String::from_utf8(out).unwrap_or_default()
        };
        let concise = shown(OutputFormat::Concise, &whole);
        assert_eq!(
            shown(OutputFormat::Full, &chunked),
            concise.replace('\n', "\n\n"),
            "full without the text: the concise lines"
        );
        assert!(shown(OutputFormat::Full, &whole).contains("It is believed that officials"));
        let page = shown(OutputFormat::Html, &chunked);
        assert!(page.contains("It is believed") && page.contains("Critics argue"));
        assert!(
            !page.contains("officials lied"),
            "no sentence around the span"
        );
    }

    #[test]
    fn an_interview_linted_in_chunks_keeps_quiet_in_its_answers_as_the_whole_does() {
        let mut text = String::from("The minister spoke to us. Critics reportedly disagree.\n\n");
        for i in 0..150 {
            text.push_str(&format!(
                "Q: What happened in round {i}?\n\nA: It is believed the figures were \
                 reportedly wrong, and sources say so.\n\nSome say more.\n\n"
            ));
        }
        text.push_str("Afterwards, it is believed, nothing changed.\n");
        chunked_as_whole(text.as_bytes(), &sizes(3_000));
    }
}
