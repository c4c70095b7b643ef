//! Findings in the protocol's terms: diagnostics, hover text and code actions.

use std::collections::{BTreeSet, HashMap};
use std::str::FromStr;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, Command, Diagnostic,
    DiagnosticSeverity, Hover, HoverContents, MarkupContent, MarkupKind, NumberOrString, Position,
    Range, TextEdit, Uri, WorkspaceEdit,
};

use super::position::{Encoding, LineMap};
use crate::lint::Finding;
use crate::rule::Level;
use crate::text::Format;

/// The command that shows a rule's explanation; its arguments are the rule id and the
/// document's URI.
pub const EXPLAIN_COMMAND: &str = "hedgelint.explain";

/// A text and the line map to place findings in it.
#[derive(Debug)]
pub struct Placed<'a> {
    /// The document text, as the editor has it.
    pub text: &'a str,
    /// Its lines.
    pub map: LineMap,
    /// The column unit.
    pub encoding: Encoding,
}

impl<'a> Placed<'a> {
    /// `text` with its line map.
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        Placed {
            text,
            map: LineMap::new(text),
            encoding,
        }
    }

    /// The range of a finding.
    pub fn range(&self, f: &Finding) -> Range {
        Range::new(
            self.map.position(self.text, f.byte_start, self.encoding),
            self.map.position(self.text, f.byte_end, self.encoding),
        )
    }

    /// The byte offset of a position.
    pub fn offset(&self, pos: Position) -> usize {
        self.map.offset(self.text, pos, self.encoding)
    }
}

/// The severity for a level: a suggestion is information, so that editors still mark it.
pub fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Suggestion => DiagnosticSeverity::INFORMATION,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Error => DiagnosticSeverity::ERROR,
    }
}

/// The diagnostic for a finding: the message, then the rule's help on a line of its own.
pub fn diagnostic(f: &Finding, placed: &Placed<'_>) -> Diagnostic {
    let message = match f.rule.help.as_deref().map(str::trim) {
        Some(help) if !help.is_empty() => format!("{}\n{help}", f.message),
        _ => f.message.clone(),
    };
    Diagnostic {
        range: placed.range(f),
        severity: Some(severity(f.level)),
        code: Some(NumberOrString::String(f.rule.id.clone())),
        code_description: f
            .rule
            .link
            .as_deref()
            .and_then(|l| Uri::from_str(l).ok())
            .map(|href| CodeDescription { href }),
        source: Some("hedgelint".to_owned()),
        message,
        ..Diagnostic::default()
    }
}

/// The hover for the findings at byte `offset`: each rule's message, description and help,
/// as Markdown; `None` when no finding covers the offset.
pub fn hover(findings: &[Finding], offset: usize, placed: &Placed<'_>) -> Option<Hover> {
    let here: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.byte_start <= offset && offset <= f.byte_end)
        .collect();
    let first = here.first()?;
    let sections: Vec<String> = here.iter().map(|f| hover_text(f)).collect();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: Some(placed.range(first)),
    })
}

fn hover_text(f: &Finding) -> String {
    let r = &f.rule;
    let mut s = format!("**{}** ({})\n\n{}", r.id, f.level, f.message);
    if let Some(d) = r
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        s.push_str("\n\n");
        s.push_str(d);
    }
    if let Some(h) = r.help.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        s.push_str(&format!("\n\n**Fix:** {h}"));
    }
    if let Some(l) = &r.link {
        s.push_str(&format!("\n\n[More about {}]({l})", r.id));
    }
    s
}

/// The comment that turns `rule` off for the next line, in a document of `format`: an HTML
/// comment, or a reStructuredText comment in `.rst`.
pub fn disable_next_line(format: Format, rule: &str) -> String {
    match format {
        Format::Markdown | Format::Plain => {
            format!("<!-- hedgelint-disable-next-line {rule} -->")
        }
        Format::Rst => format!(".. hedgelint-disable-next-line {rule}"),
    }
}

/// The code actions for the findings that touch byte range `start..end` of a document:
/// a replacement for each suggestion, a comment that disables the rule for the line, and the
/// rule's explanation.
pub fn code_actions(
    findings: &[Finding],
    start: usize,
    end: usize,
    uri: &Uri,
    format: Format,
    placed: &Placed<'_>,
) -> Vec<CodeActionOrCommand> {
    let text = placed.text;
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let edit = |range: Range, new_text: String| WorkspaceEdit {
        changes: Some(HashMap::from([(
            uri.clone(),
            vec![TextEdit { range, new_text }],
        )])),
        ..WorkspaceEdit::default()
    };
    let mut replacements = Vec::new();
    let mut disables = Vec::new();
    let mut explains = Vec::new();
    let mut disabled: BTreeSet<(usize, &str)> = BTreeSet::new();
    let mut explained: BTreeSet<&str> = BTreeSet::new();
    for f in findings
        .iter()
        .filter(|f| f.byte_start <= end && start <= f.byte_end)
    {
        let id = f.rule.id.as_str();
        let diag = diagnostic(f, placed);
        for (i, s) in f.suggestions.iter().enumerate() {
            replacements.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace with \u{201c}{s}\u{201d}"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(placed.range(f), s.clone())),
                is_preferred: Some(i == 0),
                ..CodeAction::default()
            }));
        }
        let line_start = placed.map.line_start_of(f.byte_start);
        if disabled.insert((line_start, id)) {
            let line = &text[line_start..];
            let prefix_len = line
                .find(|c: char| !(c == ' ' || c == '\t' || c == '>'))
                .unwrap_or(line.len());
            let at = placed.map.position(text, line_start, placed.encoding);
            let comment = disable_next_line(format, id);
            disables.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Disable {id} for this line"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(
                    Range::new(at, at),
                    format!("{}{comment}{eol}", &line[..prefix_len]),
                )),
                ..CodeAction::default()
            }));
        }
        if explained.insert(id) {
            let title = format!("Explain {id}");
            explains.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag]),
                command: Some(Command {
                    title,
                    command: EXPLAIN_COMMAND.to_owned(),
                    arguments: Some(vec![
                        serde_json::Value::from(id),
                        serde_json::Value::from(uri.as_str()),
                    ]),
                }),
                ..CodeAction::default()
            }));
        }
    }
    replacements.extend(disables);
    replacements.extend(explains);
    replacements
}
