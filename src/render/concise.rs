//! `path:line:col: level[Rule.Id] message`, one line per finding.

use anstyle::{AnsiColor, Style};

use crate::lint::Finding;
use crate::rule::Level;

/// One finding on one line (newlines in the message become spaces).
pub fn render_concise(path: &str, f: &Finding) -> String {
    let message = f.message.replace(['\r', '\n'], " ");
    format!(
        "{path}:{}:{}: {}[{}] {message}",
        f.line, f.column, f.level, f.rule.id
    )
}

/// [`render_concise`] with ANSI styles: the path in bold, the level in its colour and the
/// rule id dimmed (the `concise` sink's line; its writer strips them when not colouring).
pub(super) fn render_concise_styled(path: &str, f: &Finding) -> String {
    let message = f.message.replace(['\r', '\n'], " ");
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
