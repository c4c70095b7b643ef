//! Writing to standard output and standard error.

use std::io::{self, IsTerminal, Write};
use std::sync::OnceLock;

use hedgelint::session::Progress;

use anstream::AutoStream;
use anstyle::{AnsiColor, Style};

use super::args::ColorWhen;

/// Prints `hedgelint: error: msg` on standard error.
pub fn error(msg: &str) {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let mut err = AutoStream::auto(io::stderr());
    let _ = writeln!(err, "{style}error{style:#}: {msg}");
}

/// Prints `warning: msg` on standard error.
pub fn warning(msg: &str) {
    let style = Style::new().bold().fg_color(Some(AnsiColor::Yellow.into()));
    let mut err = AutoStream::auto(io::stderr());
    let _ = writeln!(err, "{style}warning{style:#}: {msg}");
}

/// Prints a plain line on standard error.
pub fn note(msg: &str) {
    let _ = writeln!(io::stderr(), "{msg}");
}

/// Standard output, coloured or not as asked (`auto` follows the terminal and NO_COLOR).
pub fn stdout(color: ColorWhen) -> AutoStream<io::StdoutLock<'static>> {
    let choice = match color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    AutoStream::new(io::stdout().lock(), choice)
}

/// Writes `s`; false when the reader has gone away (a closed pipe), so the caller can stop.
pub fn write_or_stop(out: &mut impl Write, s: &str) -> io::Result<bool> {
    match out.write_all(s.as_bytes()) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e),
    }
}

/// A progress bar on standard error for a long run on a terminal; never in a pipe or in CI.
#[derive(Default)]
pub struct Bar(OnceLock<Option<indicatif::ProgressBar>>);

/// Files above which a run shows a progress bar.
const PROGRESS_MIN_FILES: usize = 300;

impl Progress for Bar {
    fn start(&self, files: usize) {
        let in_ci = std::env::var_os("CI").is_some();
        let show = files >= PROGRESS_MIN_FILES && !in_ci && io::stderr().is_terminal();
        self.0.get_or_init(|| {
            show.then(|| {
                indicatif::ProgressBar::new(files as u64).with_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                )
            })
        });
    }

    fn advance(&self) {
        if let Some(Some(bar)) = self.0.get() {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(Some(bar)) = self.0.get() {
            bar.finish_and_clear();
        }
    }
}
