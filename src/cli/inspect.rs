//! `check --show-settings FILE` and `check --show-files`: what a run would decide, printed
//! instead of linting.

use std::io::Write;
use std::path::Path;

use hedgelint::session::Session;
use hedgelint::text::Format;

use super::args::ColorWhen;
use super::output::{self, write_or_stop};
use super::{EXIT_CLEAN, EXIT_ERROR};

/// A format's name as the report shows it.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Plain => "plain text",
        Format::Markdown => "Markdown",
        Format::Rst => "reStructuredText",
    }
}

/// Prints the settings `path` would be linted with, one line each, with where each came from.
pub fn show_settings(session: &Session, path: &Path) -> u8 {
    let r = session.settings_for(path);
    let none = || "none".to_owned();
    let mut text = String::new();
    let mut row = |key: &str, value: &str| text.push_str(&format!("{key:<12} {value}\n"));
    row("file", &r.path);
    row(
        "key",
        &format!("{} (relative to the project root)", r.key_path),
    );
    row("config", &r.config.clone().unwrap_or_else(none));
    row("vale", &r.vale.clone().unwrap_or_else(none));
    row(
        "format",
        &format!("{} ({})", format_name(r.format.0), r.format.1),
    );
    let fail_on = format!("{:?}", r.fail_on.0).to_lowercase();
    row("fail-on", &format!("{fail_on} ({})", r.fail_on.1));
    let min = r.min_level.0.map_or("none".to_owned(), |l| l.to_string());
    row("min-level", &format!("{min} ({})", r.min_level.1));
    let keys = match r.front_matter.0.join(", ") {
        k if k.is_empty() => "none".to_owned(),
        k => k,
    };
    row("front-matter", &format!("{keys} ({})", r.front_matter.1));
    let running = r.rules.iter().filter(|d| d.level.is_some()).count();
    text.push_str(&format!(
        "rules        {running} of {} run\n",
        r.rules.len()
    ));
    let width = r.rules.iter().map(|d| d.id.len()).max().unwrap_or(0);
    for d in &r.rules {
        let level = d.level.map_or("off", |l| l.as_str());
        text.push_str(&format!("  {:<width$}  {level:<10}  {}\n", d.id, d.origin));
    }
    let mut out = output::stdout(ColorWhen::Never);
    match write_or_stop(&mut out, &text).and_then(|_| out.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            output::error(&format!(
                "cannot write the output: {}",
                hedgelint::walk::io_message(&e)
            ));
            EXIT_ERROR
        }
    }
}

/// Prints each file under the paths: `lint PATH`, or `skip PATH: why`.
pub fn show_files(session: &Session) -> u8 {
    let survey = session.survey();
    let mut text = String::new();
    for entry in &survey.entries {
        match &entry.skipped {
            None => text.push_str(&format!("lint  {}\n", entry.path)),
            Some(why) => text.push_str(&format!("skip  {}: {why}\n", entry.path)),
        }
    }
    let linted = survey
        .entries
        .iter()
        .filter(|e| e.skipped.is_none())
        .count();
    let mut out = output::stdout(ColorWhen::Never);
    let written = write_or_stop(&mut out, &text).and_then(|_| out.flush());
    survey.errors.iter().for_each(|e| output::error(e));
    output::note(&format!(
        "{} would be linted, {} skipped",
        hedgelint::session::plural(linted, "file", "files"),
        survey.entries.len() - linted
    ));
    match written {
        Err(e) => {
            output::error(&format!(
                "cannot write the output: {}",
                hedgelint::walk::io_message(&e)
            ));
            EXIT_ERROR
        }
        Ok(_) if !survey.errors.is_empty() => EXIT_ERROR,
        Ok(_) => EXIT_CLEAN,
    }
}
