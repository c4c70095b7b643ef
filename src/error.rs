//! Errors that stop a run: bad rules, bad configuration, unreadable input.

use std::fmt;

/// A problem with a rule or configuration file, pointing at the place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The file (or `<builtin>/Pack/Rule.yml`).
    pub path: String,
    /// 1-based line and column, when known.
    pub at: Option<(u64, u64)>,
    /// What is wrong, in one line.
    pub message: String,
}

impl RuleError {
    /// An error at a place in `path`.
    pub fn new(
        path: impl Into<String>,
        at: Option<(u64, u64)>,
        message: impl Into<String>,
    ) -> Self {
        RuleError {
            path: path.into(),
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => write!(f, "{}:{}:{}: {}", self.path, line, col, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for RuleError {}
