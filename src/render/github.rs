//! GitHub Actions workflow commands: one `::warning file=...::message` line per finding, which
//! GitHub shows as an annotation on the pull request.

use crate::lint::Finding;
use crate::rule::Level;

/// Escapes a command's message (`%`, CR and LF), as the runner requires.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: the message escapes plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One finding as a workflow command.
pub fn render_github(path: &str, f: &Finding) -> String {
    let command = match f.level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Suggestion => "notice",
    };
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(path),
        f.line,
        f.column,
        f.end_line,
        f.end_column,
        escape_property(&f.rule.id),
        escape_data(&f.message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
