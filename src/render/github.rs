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

/// A problem that kept a file (or the run) from being linted, as an error annotation, so that
/// a file the gate could not read shows on the pull request and not only in the log.
pub fn render_problem(path: Option<&str>, message: &str) -> String {
    match path {
        Some(path) => format!(
            "::error file={},title=hedgelint::{}",
            escape_property(path),
            escape_data(message)
        ),
        None => format!("::error title=hedgelint::{}", escape_data(message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }

    #[test]
    fn problems_are_error_annotations() {
        assert_eq!(
            render_problem(Some("a,b.txt"), "not valid UTF-8\nat 3"),
            "::error file=a%2Cb.txt,title=hedgelint::not valid UTF-8%0Aat 3"
        );
        assert_eq!(
            render_problem(None, "x: cannot read"),
            "::error title=hedgelint::x: cannot read"
        );
    }
}
