//! `hedgelint check`: the flags become a [`Session`], its [`Run`] goes to the format's sink,
//! and the outcome becomes the exit code.

use std::io::{self, Write};
use std::path::PathBuf;

use hedgelint::render::{self, SinkStyle};
use hedgelint::session::{Run, Session, plural};
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
    let run = session.run(&output::Bar::default());
    run.errors.iter().for_each(|e| output::error(e));
    if run.files.is_empty() && !run.had_error() && !quiet {
        output::warning(
            "no files to lint: no path holds a file with a linted extension that the \
             configuration does not exclude",
        );
    }
    for file in &run.files {
        if !quiet {
            file.warnings.iter().for_each(|w| output::warning(w));
        }
        file.errors.iter().for_each(|e| output::error(e));
    }
    if let Some(path) = &out.write_baseline {
        if let Err(e) = std::fs::write(path, run.baseline().to_json()) {
            output::error(&format!("{}: {}", display_path(path), io_message(&e)));
            return EXIT_ERROR;
        }
        if !quiet {
            output::note(&format!(
                "wrote a baseline of {} to {}",
                plural(run.findings(), "finding", "findings"),
                display_path(path)
            ));
        }
        return if run.had_error() {
            EXIT_ERROR
        } else {
            EXIT_CLEAN
        };
    }
    match report(&run, out) {
        Ok(true) => {}
        Ok(false) => return EXIT_CLEAN,
        Err(e) => {
            output::error(&e);
            return EXIT_ERROR;
        }
    }
    if let Some(path) = session.baseline_path().filter(|_| !quiet) {
        output::note(&format!(
            "{} suppressed by the baseline {}",
            plural(run.baselined(), "finding", "findings"),
            display_path(path)
        ));
    }
    match (run.had_error(), run.failing()) {
        (true, _) => EXIT_ERROR,
        (false, true) => EXIT_FINDINGS,
        (false, false) => EXIT_CLEAN,
    }
}

/// Writes the run in the chosen format to standard output or the `--output-file`, then the
/// statistics table (whatever the format) to standard error. `Ok(false)`: the reader of
/// standard output went away (a closed pipe), and the run ends quietly.
fn report(run: &Run, out: &OutputChoice) -> Result<bool, String> {
    let style = SinkStyle {
        summary: !out.quiet,
        statistics: out.statistics,
    };
    let written = match &out.output_file {
        None => render::write_run(
            out.format.sink(output::stdout(out.color), style).as_mut(),
            run,
        )
        .map_err(|e| (e, None)),
        Some(path) => std::fs::File::create(path)
            .map_err(|e| (e, Some(path)))
            .and_then(|file| {
                // A file is never coloured: the stream strips the styles the sinks write.
                let file = io::BufWriter::new(anstream::StripStream::new(file));
                let mut sink = out.format.sink(file, style);
                render::write_run(sink.as_mut(), run).map_err(|e| (e, Some(path)))
            }),
    };
    match written {
        Ok(()) => {}
        Err((e, None)) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(false),
        Err((e, None)) => return Err(format!("cannot write the output: {}", io_message(&e))),
        Err((e, Some(path))) => return Err(format!("{}: {}", display_path(path), io_message(&e))),
    }
    if out.statistics {
        let _ = io::stderr().write_all(run.summary().statistics().as_bytes());
    }
    Ok(true)
}
