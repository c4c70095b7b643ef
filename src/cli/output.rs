//! Writing to standard output and standard error.

use std::io::{self, Write};

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
