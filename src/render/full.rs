//! Compiler-style diagnostics, rendered with annotate-snippets.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};

use super::help_text;
use super::{Place, Sink};
use crate::lint::Finding;
use crate::rule::Level;
use crate::session::Summary;
use crate::text::Document;

/// Widest a rendered source line may be before it is cut around the span.
const TERM_WIDTH: usize = 120;
/// Source lines longer than this (bytes) are handed to the renderer as a window.
const LONG_LINE: usize = 2048;
/// Bytes of context kept on each side of the span in such a window.
const WINDOW: usize = 240;

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn title_level(level: Level) -> SnippetLevel<'static> {
    match level {
        Level::Error => SnippetLevel::ERROR,
        Level::Warning => SnippetLevel::WARNING,
        Level::Suggestion => SnippetLevel::HELP.with_name(Some("suggestion")),
    }
}

/// Renders one finding with ANSI styles (the output stream strips them when colour is off).
pub fn render_full(path: &str, doc: &Document, f: &Finding) -> String {
    let text = doc.text.as_str();
    let first = doc.lines().line_of(f.span.start);
    let last = doc
        .lines()
        .line_of(f.span.end.saturating_sub(1).max(f.span.start));
    let start = doc.lines().line_start(first);
    let end = doc.lines().line_range(text, last).end.max(f.span.end);
    let valid = start <= f.span.start
        && f.span.end <= end
        && end <= text.len()
        && text.is_char_boundary(start)
        && text.is_char_boundary(end)
        && text.is_char_boundary(f.span.start)
        && text.is_char_boundary(f.span.end);
    if !valid {
        return format!("{}\n", super::render_concise(path, f));
    }
    // A very long line is cut to a window around the span before rendering, so that the
    // renderer's work does not grow with the line; the location then comes from the finding.
    let long = end - start > LONG_LINE;
    let (start, end) = if long {
        (
            floor_boundary(text, f.span.start.saturating_sub(WINDOW).max(start)),
            ceil_boundary(text, (f.span.end + WINDOW).min(end)),
        )
    } else {
        (start, end)
    };
    let source = &text[start..end];
    let span = (f.span.start - start)..(f.span.end - start);
    let mut annotation = AnnotationKind::Primary.span(span);
    if let Some(label) = &f.rule.label {
        annotation = annotation.label(label.as_str());
    }
    let snippet = Snippet::source(source)
        .line_start(first + 1)
        .annotation(annotation);
    let mut group = title_level(f.level)
        .primary_title(f.message.as_str())
        .id(f.rule.id.as_str())
        .element(snippet.path(path));
    let help = help_text(f);
    if let Some(help) = &help {
        group = group.element(SnippetLevel::HELP.message(help.as_str()));
    }
    if let Some(link) = &f.rule.link {
        group = group.element(SnippetLevel::NOTE.message(link.as_str()));
    }
    let report: [Group; 1] = [group];
    let renderer = Renderer::styled().term_width(TERM_WIDTH);
    let mut out = renderer.render(&report);
    if long && start > doc.lines().line_start(first) {
        // The renderer counted columns from the window's start: put the line's own back.
        let window_col = text[start..f.span.start].chars().count() + 1;
        let shown = format!("{path}:{}:{window_col}", f.line);
        out = out.replacen(&shown, &format!("{path}:{}:{}", f.line, f.column), 1);
    }
    format!("{out}\n")
}

/// The `full` format: each finding as a diagnostic, then (unless turned off) the summary
/// line.
pub(super) struct FullSink<W> {
    out: W,
    summary: bool,
}

impl<W: Write> FullSink<W> {
    pub(super) fn new(out: W, summary: bool) -> Self {
        FullSink { out, summary }
    }
}

impl<W: Write> Sink for FullSink<W> {
    fn file(
        &mut self,
        place: &Place,
        doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()> {
        let mut text = String::new();
        for f in findings {
            match doc {
                Some(doc) => text.push_str(&render_full(place.name, doc, f)),
                None => {
                    text.push_str(&super::concise::render_concise_styled(place.name, f));
                    text.push('\n');
                }
            }
            text.push('\n');
        }
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self, summary: Option<&Summary>) -> io::Result<()> {
        if let Some(summary) = summary.filter(|_| self.summary) {
            self.out.write_all(summary.line().as_bytes())?;
        }
        self.out.flush()
    }
}
