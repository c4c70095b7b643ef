//! `hedgelint check`: the flags become a [`Session`], its [`Run`] goes to the format's sink,
//! and the outcome becomes the exit code.

use std::io::{self, Write};
use std::path::PathBuf;

use hedgelint::render::{self, SinkStyle};
use hedgelint::session::{FileReport, Session, Summary, plural};
use hedgelint::settings::{Baseline, Key};
use hedgelint::walk::{display_path, io_message};

use super::args::{CheckArgs, OutputChoice};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, print_rule_errors, print_skipped};
use super::{inspect, output};

/// Runs `check` and returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let check = args.resolve(cwd);
    let session = match Session::new(check.options) {
        Ok(s) => s,
        Err(failure) => {
            print_skipped(&failure.skipped);
            print_rule_errors(&failure.errors);
            return EXIT_ERROR;
        }
    };
    let out = &check.output;
    if let Some(path) = &out.show_settings {
        return inspect::show_settings(&session, path);
    }
    if out.show_files {
        return inspect::show_files(&session);
    }
    let quiet = out.quiet;
    if !quiet {
        print_skipped(session.skipped());
    }
    if session.options().records.is_some() {
        return run_records(&session, out);
    }
    run_files(&session, out)
}

/// Input linted per batch: enough to keep every core busy, little enough that memory stays
/// flat whatever the run's size (documents are dropped once written).
const BATCH_BYTES: usize = 4 << 20;

/// Lints the files of the session's paths, streaming each report through the format's sink
/// in input order as its batch is done.
fn run_files(session: &Session, out: &OutputChoice) -> u8 {
    let plan = session.plan();
    plan.errors.iter().for_each(|e| output::error(e));
    if plan.inputs.is_empty() && plan.errors.is_empty() && !out.quiet {
        output::warning(
            "no files to lint: no path holds a file with a linted extension that the \
             configuration does not exclude",
        );
    }
    let mut tally = Tally::new(out, Summary::default());
    tally.had_error = !plan.errors.is_empty();
    let bar = output::Bar::default();
    let stream = |tally: &mut Tally, mut sink: Option<&mut dyn render::Sink>| {
        if let Some(sink) = sink.as_deref_mut() {
            sink.project_root(&session.project_root());
            sink.begin()?;
            for e in &plan.errors {
                sink.problem(None, e)?;
            }
        }
        session.run_each(&plan, BATCH_BYTES, &bar, &mut |report| {
            tally.take(report, sink.as_deref_mut())
        })
    };
    if let Some(path) = &out.write_baseline {
        // Collecting into the tally never fails.
        let _ = stream(&mut tally, None);
        return tally.save_baseline(path);
    }
    let written = write_output(out, &mut |sink| {
        stream(&mut tally, Some(&mut *sink))?;
        sink.finish(tally.summary.unless_only_errors(tally.had_error))
    });
    let (error, failing) = (tally.had_error, tally.failing);
    conclude(session, out, written, &tally.summary, error, failing)
}

/// Prints a report's warnings (unless `quiet`) and errors on standard error.
fn print_messages(report: &FileReport, quiet: bool) {
    if !quiet {
        report.warnings.iter().for_each(|w| output::warning(w));
    }
    report.errors.iter().for_each(|e| output::error(e));
}

/// `--write-baseline`: writes `baseline` (of `findings` findings) to `path`, then the exit
/// code (2 when some input could not be linted).
fn save_baseline(
    path: &std::path::Path,
    baseline: &Baseline,
    findings: usize,
    quiet: bool,
    had_error: bool,
) -> u8 {
    if let Err(e) = std::fs::write(path, baseline.to_json()) {
        output::error(&format!("{}: {}", display_path(path), io_message(&e)));
        return EXIT_ERROR;
    }
    if !quiet {
        output::note(&format!(
            "wrote a baseline of {} to {}",
            plural(findings, "finding", "findings"),
            display_path(path)
        ));
    }
    if had_error { EXIT_ERROR } else { EXIT_CLEAN }
}

/// After the output is `written`: the statistics, the baseline note and the exit code.
fn conclude(
    session: &Session,
    out: &OutputChoice,
    written: Result<bool, String>,
    summary: &Summary,
    error: bool,
    failing: bool,
) -> u8 {
    match written {
        Ok(true) => {}
        Ok(false) => return EXIT_CLEAN,
        Err(e) => {
            output::error(&e);
            return EXIT_ERROR;
        }
    }
    if out.statistics {
        let _ = io::stderr().write_all(summary.statistics().as_bytes());
    }
    if let Some(path) = session.baseline_path().filter(|_| !out.quiet) {
        output::note(&format!(
            "{} suppressed by the baseline {}",
            plural(summary.baselined, "finding", "findings"),
            display_path(path)
        ));
    }
    match (error, failing) {
        (true, _) => EXIT_ERROR,
        (false, true) => EXIT_FINDINGS,
        (false, false) => EXIT_CLEAN,
    }
}

/// What a streamed run has seen so far.
struct Tally {
    summary: Summary,
    failing: bool,
    had_error: bool,
    /// The baseline keys of every finding, when recording a baseline.
    keys: Option<Vec<Key>>,
    quiet: bool,
}

impl Tally {
    fn new(out: &OutputChoice, summary: Summary) -> Tally {
        Tally {
            summary,
            failing: false,
            had_error: false,
            keys: out.write_baseline.as_ref().map(|_| Vec::new()),
            quiet: out.quiet,
        }
    }

    /// `--write-baseline`: writes the keys seen to `path`, then the exit code.
    fn save_baseline(&mut self, path: &std::path::Path) -> u8 {
        let baseline = Baseline::from_keys(self.keys.take().unwrap_or_default());
        let findings = self.summary.total();
        save_baseline(path, &baseline, findings, self.quiet, self.had_error)
    }

    /// Counts `report`, prints its warnings and errors, and writes it to `sink`.
    fn take<'s>(
        &mut self,
        report: FileReport,
        sink: Option<&mut (dyn render::Sink + 's)>,
    ) -> io::Result<()> {
        print_messages(&report, self.quiet);
        self.had_error |= !report.errors.is_empty();
        self.failing |= report.failing;
        self.summary.add(&report);
        if let Some(keys) = &mut self.keys {
            keys.extend(report.findings.iter().map(|f| Key::of(&report.key_path, f)));
        }
        match sink {
            Some(sink) => render::write_report(sink, &report),
            None => Ok(()),
        }
    }
}

/// Streams every record of the session's inputs into `tally` (and `sink`); the errors that
/// kept an input from being read are printed, given to the sink and counted.
fn stream_records<'s>(
    session: &Session,
    tally: &mut Tally,
    mut sink: Option<&mut (dyn render::Sink + 's)>,
) -> io::Result<()> {
    if let Some(sink) = sink.as_deref_mut() {
        sink.project_root(&session.project_root());
        sink.begin()?;
    }
    let errors = session.run_records(BATCH_BYTES, &mut |report| {
        tally.take(report, sink.as_deref_mut())
    })?;
    for e in &errors {
        output::error(e);
        if let Some(sink) = sink.as_deref_mut() {
            sink.problem(None, e)?;
        }
    }
    tally.had_error |= !errors.is_empty();
    Ok(())
}

/// `check --input-format jsonl`: streams the records through the format's sink as they are
/// linted, so memory holds one batch whatever the input's size.
fn run_records(session: &Session, out: &OutputChoice) -> u8 {
    let summary = Summary {
        records: true,
        ..Summary::default()
    };
    let mut tally = Tally::new(out, summary);
    if let Some(path) = &out.write_baseline {
        if let Err(e) = stream_records(session, &mut tally, None) {
            output::error(&format!("cannot read the records: {}", io_message(&e)));
            return EXIT_ERROR;
        }
        return tally.save_baseline(path);
    }
    let written = write_output(out, &mut |sink| {
        stream_records(session, &mut tally, Some(&mut *sink))?;
        sink.finish(tally.summary.unless_only_errors(tally.had_error))
    });
    let (error, failing) = (tally.had_error, tally.failing);
    conclude(session, out, written, &tally.summary, error, failing)
}

/// Gives `write` the chosen format's sink on standard output or the `--output-file`.
/// `Ok(false)`: the reader of standard output went away (a closed pipe), and the run ends
/// quietly.
fn write_output(
    out: &OutputChoice,
    write: &mut dyn FnMut(&mut dyn render::Sink) -> io::Result<()>,
) -> Result<bool, String> {
    let style = SinkStyle {
        summary: !out.quiet,
        statistics: out.statistics,
    };
    let written = match &out.output_file {
        None => {
            write(out.format.sink(output::stdout(out.color), style).as_mut()).map_err(|e| (e, None))
        }
        Some(path) => std::fs::File::create(path)
            .map_err(|e| (e, Some(path)))
            .and_then(|file| {
                // A file is never coloured: the stream strips the styles the sinks write.
                let file = io::BufWriter::new(anstream::StripStream::new(file));
                let mut sink = out.format.sink(file, style);
                write(sink.as_mut()).map_err(|e| (e, Some(path)))
            }),
    };
    match written {
        Ok(()) => Ok(true),
        Err((e, None)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err((e, None)) => Err(format!("cannot write the output: {}", io_message(&e))),
        Err((e, Some(path))) => Err(format!("{}: {}", display_path(path), io_message(&e))),
    }
}
