//! Output formats: one module per format, each with a [`Sink`] that writes the format's whole
//! document for a run: a JSON array owns its brackets, checkstyle its header and footer, SARIF
//! collects every result and writes the log at the end. A new format is one module with a
//! `Sink` and one [`OutputFormat`] variant.

mod checkstyle;
mod concise;
mod full;
mod github;
mod gitlab;
mod html;
mod json;
mod sarif;

use std::io::{self, Write};
use std::path::Path;

pub use checkstyle::{CHECKSTYLE_FOOTER, CHECKSTYLE_HEADER, render_checkstyle};
pub use concise::render_concise;
pub use full::render_full;
pub use github::render_github;
pub use json::{JSON_SCHEMA_VERSION, json_object};
pub use sarif::{sarif_log, sarif_result};

use crate::lint::Finding;
use crate::session::{FileReport, Run, Summary};
use crate::text::Document;

/// The `--format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    /// Compiler-style diagnostics with the source line and the span underlined.
    Full,
    /// One line per finding: `path:line:col: level[Rule.Id] message`.
    Concise,
    /// One JSON array of finding objects.
    Json,
    /// One JSON object per finding per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// Checkstyle XML, for Jenkins.
    Checkstyle,
    /// A GitLab Code Quality report (Code Climate JSON), for merge requests.
    Gitlab,
    /// One self-contained HTML report page: summary, charts and every finding in context.
    Html,
}

impl OutputFormat {
    /// Whether the format shows the source text around findings, so a run must keep each
    /// file's text until it is written (see [`crate::session::Options::keep_text`]).
    pub fn shows_source(self) -> bool {
        matches!(self, OutputFormat::Full | OutputFormat::Html)
    }

    /// Every format.
    pub const ALL: [OutputFormat; 9] = [
        OutputFormat::Full,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::Jsonl,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Checkstyle,
        OutputFormat::Gitlab,
        OutputFormat::Html,
    ];

    /// True for a format read by programs: anything but its document (such as the
    /// `--statistics` table) belongs on standard error.
    pub fn is_machine(self) -> bool {
        matches!(
            self,
            OutputFormat::Json
                | OutputFormat::Jsonl
                | OutputFormat::Sarif
                | OutputFormat::Checkstyle
                | OutputFormat::Gitlab
        )
    }

    /// The sink that writes this format to `out`. `style` chooses what the formats for
    /// people add around the findings.
    pub fn sink<'a, W: Write + 'a>(self, out: W, style: SinkStyle) -> Box<dyn Sink + 'a> {
        match self {
            OutputFormat::Full => Box::new(full::FullSink::new(out, style.summary)),
            OutputFormat::Concise => Box::new(LineSink::new(out, |place, f| {
                concise::render_concise_styled(place.name, f)
            })),
            OutputFormat::Github => Box::new(
                LineSink::new(out, |place, f| render_github(place.name, f))
                    .with_problems(github::render_problem),
            ),
            OutputFormat::Jsonl => Box::new(LineSink::new(out, |place, f| {
                json_object(place.input, place.record, f)
            })),
            OutputFormat::Json => Box::new(json::JsonSink::new(out)),
            OutputFormat::Checkstyle => Box::new(checkstyle::CheckstyleSink::new(out)),
            OutputFormat::Gitlab => Box::new(gitlab::GitlabSink::new(out)),
            OutputFormat::Sarif => Box::new(sarif::SarifSink::new(out)),
            OutputFormat::Html => Box::new(html::HtmlSink::new(out, style.statistics)),
        }
    }
}

/// What the formats for people add around the findings. (The formats for people always
/// write ANSI styles; the writer they are given strips them when the output is not coloured.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SinkStyle {
    /// `full`: end with the summary line.
    pub summary: bool,
    /// `html`: add the findings-per-rule table to the page.
    pub statistics: bool,
}

impl Default for SinkStyle {
    fn default() -> Self {
        SinkStyle {
            summary: true,
            statistics: false,
        }
    }
}

/// Where a run's results go. The caller calls [`Sink::begin`], then [`Sink::file`] for each
/// linted file in order, then [`Sink::finish`]; each format writes its whole document.
pub trait Sink {
    /// Writes what comes before the first file.
    fn begin(&mut self) -> io::Result<()> {
        Ok(())
    }

    /// Told the project root (absolute) before the first file, for formats that locate files
    /// relative to it.
    fn project_root(&mut self, _root: &Path) {}

    /// A problem that kept the file shown as `path` (or, with `None`, the run) from being
    /// linted fully. Formats with a place for it (GitHub annotations, SARIF notifications)
    /// write it; the others leave it to standard error, where it is always printed.
    fn problem(&mut self, _path: Option<&str>, _message: &str) -> io::Result<()> {
        Ok(())
    }

    /// Writes (or collects) the findings of one document: a file, or a record of one. `doc`
    /// is the document, unless its text was not kept (a long file linted as it was read:
    /// see [`crate::session::Options::keep_text`]); formats that show the source then show
    /// each finding without it.
    fn file(
        &mut self,
        place: &Place,
        doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()>;

    /// Writes what comes after the last file (closing brackets; with a `summary`, the
    /// summary line and statistics of the formats that show them) and flushes.
    fn finish(&mut self, summary: Option<&Summary>) -> io::Result<()>;
}

/// Where a document came from, as the formats name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// As shown in output: the file's path, or `input#id` for a record.
    pub name: &'a str,
    /// The input as shown: the file itself, or the JSONL file a record came from.
    pub input: &'a str,
    /// The input's path relative to the project root, when the run knows the root.
    pub project_path: Option<&'a str>,
    /// The path baselines and fingerprints key the findings by: relative to the project root,
    /// with `#id` for a record.
    pub key_path: &'a str,
    /// For a record: its id as JSON text, as the input wrote it.
    pub record: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// A file known only by the name shown for it.
    pub fn file(path: &'a str) -> Place<'a> {
        Place {
            name: path,
            input: path,
            project_path: None,
            key_path: path,
            record: None,
        }
    }

    /// Where `report`'s document came from.
    pub fn of(report: &'a FileReport) -> Place<'a> {
        match &report.record {
            Some(record) => Place {
                name: &report.name,
                input: &record.input,
                // The key path is the input's project path, `#`, and the label (either may
                // hold a `#` of its own).
                project_path: report
                    .key_path
                    .strip_suffix(record.label.as_str())
                    .and_then(|p| p.strip_suffix('#')),
                key_path: &report.key_path,
                record: Some(&record.id),
            },
            None => Place {
                name: &report.name,
                input: &report.name,
                project_path: Some(&report.key_path),
                key_path: &report.key_path,
                record: None,
            },
        }
    }
}

/// Writes one report through `sink`: its problems, then its findings.
pub fn write_report(sink: &mut dyn Sink, file: &FileReport) -> io::Result<()> {
    let prefix = format!("{}: ", file.name);
    for e in &file.errors {
        sink.problem(Some(&file.name), e.strip_prefix(&prefix).unwrap_or(e))?;
    }
    if !file.linted {
        return Ok(());
    }
    sink.file(&Place::of(file), file.doc.as_ref(), &file.findings)
}

/// Writes a whole run through `sink`: every linted file in input order, then the summary. A
/// run that linted nothing because of errors has no summary: the errors say it all.
pub fn write_run(sink: &mut dyn Sink, run: &Run) -> io::Result<()> {
    sink.project_root(&run.root);
    sink.begin()?;
    for e in &run.errors {
        sink.problem(None, e)?;
    }
    for file in &run.files {
        write_report(sink, file)?;
    }
    let summary = run.summary();
    sink.finish(summary.unless_only_errors(run.had_error()))
}

/// A format of one line per finding, with the statistics table at the end when asked for.
struct LineSink<W, F> {
    out: W,
    line: F,
    problem: Option<fn(Option<&str>, &str) -> String>,
}

impl<W: Write, F: Fn(&Place, &Finding) -> String> LineSink<W, F> {
    fn new(out: W, line: F) -> Self {
        LineSink {
            out,
            line,
            problem: None,
        }
    }

    /// Writes each problem as a line too, as `problem` renders it.
    fn with_problems(mut self, problem: fn(Option<&str>, &str) -> String) -> Self {
        self.problem = Some(problem);
        self
    }
}

impl<W: Write, F: Fn(&Place, &Finding) -> String> Sink for LineSink<W, F> {
    fn problem(&mut self, path: Option<&str>, message: &str) -> io::Result<()> {
        match self.problem {
            Some(render) => writeln!(self.out, "{}", render(path, message)),
            None => Ok(()),
        }
    }

    fn file(
        &mut self,
        place: &Place,
        _doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()> {
        // Written in slices: a long file's lines are never all held at once.
        const SLICE: usize = 64 << 10;
        let mut text = String::new();
        for f in findings {
            text.push_str(&(self.line)(place, f));
            text.push('\n');
            if text.len() >= SLICE {
                self.out.write_all(text.as_bytes())?;
                text.clear();
            }
        }
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self, _summary: Option<&Summary>) -> io::Result<()> {
        self.out.flush()
    }
}

/// One file's findings as `format`'s whole document (without a summary): what a run over
/// that one file would print.
pub fn render_file(
    format: OutputFormat,
    path: &str,
    doc: &Document,
    findings: &[Finding],
) -> String {
    let mut out = Vec::new();
    {
        let mut sink = format.sink(&mut out, SinkStyle::default());
        let written = sink
            .begin()
            .and_then(|()| sink.file(&Place::file(path), Some(doc), findings))
            .and_then(|()| sink.finish(None));
        debug_assert!(written.is_ok(), "writing to memory does not fail");
    }
    String::from_utf8(out).unwrap_or_default()
}

/// The help line for a finding: its suggestions if it has any, else the rule's advice.
pub fn help_text(f: &Finding) -> Option<String> {
    if !f.suggestions.is_empty() {
        let quoted: Vec<String> = f.suggestions.iter().map(|s| format!("'{s}'")).collect();
        return Some(format!("use {}", join_or(&quoted)));
    }
    f.rule.help.clone()
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
