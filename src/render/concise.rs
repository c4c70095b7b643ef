//! `path:line:col: level[Rule.Id] message`, one line per finding.

use anstyle::{AnsiColor, Style};

use crate::lint::Finding;
use crate::rule::Level;

/// One finding on one line (newlines in the message become spaces).
pub fn render_concise(path: &str, f: &Finding) -> String {
    render_concise_styled(path, f, false)
}

/// [`render_concise`], with the path in bold, the level in its colour and the rule id
/// dimmed when `color` is set.
pub(super) fn render_concise_styled(path: &str, f: &Finding, color: bool) -> String {
    let message = f.message.replace(['\r', '\n'], " ");
    if !color {
        return format!(
            "{path}:{}:{}: {}[{}] {message}",
            f.line, f.column, f.level, f.rule.id
        );
    }
    let bold = Style::new().bold();
    let level = Style::new().bold().fg_color(Some(
        match f.level {
            Level::Error => AnsiColor::Red,
            Level::Warning => AnsiColor::Yellow,
            Level::Suggestion => AnsiColor::Cyan,
        }
        .into(),
    ));
    let dim = Style::new().dimmed();
    format!(
        "{bold}{path}:{}:{}:{bold:#} {level}{}{level:#}{dim}[{}]{dim:#} {message}",
        f.line, f.column, f.level, f.rule.id
    )
}
