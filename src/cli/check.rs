//! `hedgelint check`: the flags become a [`Session`], its [`Run`] goes to the format's sink,
//! and the outcome becomes the exit code.

use std::io::{self, Write};
use std::path::PathBuf;

use hedgelint::render;
use hedgelint::session::{Run, Session, plural};
use hedgelint::walk::{display_path, io_message};

use super::args::{CheckArgs, OutputChoice};
use super::output;
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, print_rule_errors, print_skipped};

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
    print_skipped(session.skipped());
    let run = session.run(&output::Bar::default());
    run.errors.iter().for_each(|e| output::error(e));
    if run.files.is_empty() && !run.had_error() {
        output::warning(
            "no files to lint: no path holds a file with a linted extension that the \
             configuration does not exclude",
        );
    }
    for file in &run.files {
        file.warnings.iter().for_each(|w| output::warning(w));
        file.errors.iter().for_each(|e| output::error(e));
    }
    let out = &check.output;
    if let Some(path) = &out.write_baseline {
        if let Err(e) = std::fs::write(path, run.baseline().to_json()) {
            output::error(&format!("{}: {}", display_path(path), io_message(&e)));
            return EXIT_ERROR;
        }
        output::note(&format!(
            "wrote a baseline of {} to {}",
            plural(run.findings(), "finding", "findings"),
            display_path(path)
        ));
        return if run.had_error() {
            EXIT_ERROR
        } else {
            EXIT_CLEAN
        };
    }
    match report(&run, out) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return EXIT_CLEAN,
        Err(e) => {
            output::error(&format!("cannot write the output: {}", io_message(&e)));
            return EXIT_ERROR;
        }
    }
    if let Some(path) = session.baseline_path() {
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

/// Writes the run in the chosen format; the statistics of a machine format go to stderr.
fn report(run: &Run, out: &OutputChoice) -> io::Result<()> {
    let mut sink = out.format.sink(output::stdout(out.color), out.statistics);
    render::write_run(sink.as_mut(), run)?;
    if out.statistics && out.format.is_machine() {
        let _ = io::stderr().write_all(run.summary().statistics().as_bytes());
    }
    Ok(())
}
