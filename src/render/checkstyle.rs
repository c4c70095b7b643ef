//! Checkstyle XML, read by Jenkins, GitLab code-quality converters and many editors.

use std::io::{self, Write};

use super::{Place, Sink};
use crate::lint::Finding;
use crate::rule::Level;
use crate::session::Summary;
use crate::text::Document;

/// The document's opening lines.
pub const CHECKSTYLE_HEADER: &str =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n";
/// The document's closing line.
pub const CHECKSTYLE_FOOTER: &str = "</checkstyle>\n";

/// Escapes text for an XML attribute value; characters XML 1.0 forbids become spaces.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One `<file>` element with the findings of one file.
pub fn render_checkstyle(path: &str, findings: &[Finding]) -> String {
    let mut out = format!("<file name=\"{}\">\n", escape(path));
    for f in findings {
        let severity = match f.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Suggestion => "info",
        };
        out.push_str(&format!(
            "<error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"{}\"/>\n",
            f.line,
            f.column,
            escape(&f.message),
            escape(&f.rule.id)
        ));
    }
    out.push_str("</file>\n");
    out
}

/// The `checkstyle` format: the XML header, one `<file>` element per file with findings, the
/// closing tag.
pub(super) struct CheckstyleSink<W> {
    out: W,
}

impl<W: Write> CheckstyleSink<W> {
    pub(super) fn new(out: W) -> Self {
        CheckstyleSink { out }
    }
}

impl<W: Write> Sink for CheckstyleSink<W> {
    fn begin(&mut self) -> io::Result<()> {
        self.out.write_all(CHECKSTYLE_HEADER.as_bytes())
    }

    fn file(
        &mut self,
        place: &Place,
        _doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()> {
        if findings.is_empty() {
            return Ok(());
        }
        self.out
            .write_all(render_checkstyle(place.name, findings).as_bytes())
    }

    fn finish(&mut self, _summary: Option<&Summary>) -> io::Result<()> {
        self.out.write_all(CHECKSTYLE_FOOTER.as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("a<b & \"c\"\n\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10; "
        );
    }
}
