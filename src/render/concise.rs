//! `path:line:col: level[Rule.Id] message`, one line per finding.

use crate::lint::Finding;

/// One finding on one line (newlines in the message become spaces).
pub fn render_concise(path: &str, f: &Finding) -> String {
    let message = f.message.replace(['\r', '\n'], " ");
    format!(
        "{path}:{}:{}: {}[{}] {message}",
        f.line, f.column, f.level, f.rule.id
    )
}
