//! Errors that stop a run: bad rules, bad configuration, unreadable input. Each has a
//! [`ErrorKind`] that callers decide on, and the place it points at.

use std::fmt;

/// What went wrong, for callers that act on the kind of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A file could not be read or written.
    Io,
    /// A rule file is not valid YAML, or breaks an input limit.
    Yaml,
    /// A rule is invalid (a missing or misapplied key, a bad pattern).
    Rule,
    /// A rule is of a Vale type hedgelint does not run (`sequence`, `spelling`, `script`).
    UnsupportedType,
    /// Two rules have the same id.
    DuplicateRule,
    /// `hedgelint.toml` is invalid.
    Config,
    /// `.vale.ini` is invalid.
    Vale,
    /// A baseline file is invalid.
    Baseline,
    /// A rule or pack name that no loaded rule has.
    UnknownName,
    /// The rules could not be compiled into one matcher.
    Matcher,
}

/// A place in a file: the path (or `<builtin>/Pack/Rule.yml`) and, when known, the 1-based
/// line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub path: String,
    /// 1-based line and column, when known.
    pub at: Option<(u64, u64)>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => write!(f, "{}:{}:{}", self.path, line, col),
            None => f.write_str(&self.path),
        }
    }
}

/// A problem with a rule, configuration or baseline file, pointing at the place in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    /// What kind of problem it is.
    pub kind: ErrorKind,
    /// Where it is, when it is in a file.
    pub location: Option<Location>,
    /// What is wrong, in one line.
    pub message: String,
}

impl Error {
    /// An error of `kind` at a place in `path`.
    pub fn new(
        kind: ErrorKind,
        path: impl Into<String>,
        at: Option<(u64, u64)>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            location: Some(Location {
                path: path.into(),
                at,
            }),
            message: message.into(),
        }
    }

    /// An error of `kind` that is in no file.
    pub fn general(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            location: None,
            message: message.into(),
        }
    }

    /// The 1-based line and column the error points at, when known.
    pub fn at(&self) -> Option<(u64, u64)> {
        self.location.as_ref().and_then(|l| l.at)
    }

    /// The file the error points at, if any.
    pub fn path(&self) -> Option<&str> {
        self.location.as_ref().map(|l| l.path.as_str())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
