//! Output formats: one module per format. Each renders one file's findings to a string, so
//! files can be rendered in parallel and printed in order.

mod checkstyle;
mod concise;
mod full;
mod github;
mod json;
mod sarif;

use clap::ValueEnum;

pub use checkstyle::{CHECKSTYLE_FOOTER, CHECKSTYLE_HEADER, render_checkstyle};
pub use concise::render_concise;
pub use full::render_full;
pub use github::render_github;
pub use json::{JSON_SCHEMA_VERSION, json_object};
pub use sarif::{sarif_log, sarif_result};

use crate::lint::Finding;
use crate::text::Document;

/// The `--format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Compiler-style diagnostics with the source line and the span underlined.
    Full,
    /// One line per finding: `path:line:col: level[Rule.Id] message`.
    Concise,
    /// One JSON array of finding objects.
    Json,
    /// One JSON object per finding per line.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// Checkstyle XML, for Jenkins and GitLab tooling.
    Checkstyle,
}

/// Renders the findings of one file in `format`. For `json`, the objects are joined with
/// `,\n` and the caller writes the brackets; for `checkstyle` the caller writes the header and
/// footer; `sarif` is assembled by the caller from [`sarif_result`]s.
pub fn render_file(
    format: OutputFormat,
    path: &str,
    doc: &Document,
    findings: &[Finding],
) -> String {
    let mut out = String::new();
    match format {
        OutputFormat::Full => {
            for f in findings {
                out.push_str(&render_full(path, doc, f));
                out.push('\n');
            }
        }
        OutputFormat::Concise => {
            for f in findings {
                out.push_str(&render_concise(path, f));
                out.push('\n');
            }
        }
        OutputFormat::Jsonl => {
            for f in findings {
                out.push_str(&json_object(path, f));
                out.push('\n');
            }
        }
        OutputFormat::Json => {
            let objects: Vec<String> = findings
                .iter()
                .map(|f| format!("  {}", json_object(path, f)))
                .collect();
            out.push_str(&objects.join(",\n"));
        }
        OutputFormat::Github => {
            for f in findings {
                out.push_str(&render_github(path, f));
                out.push('\n');
            }
        }
        OutputFormat::Checkstyle if !findings.is_empty() => {
            out.push_str(&render_checkstyle(path, findings));
        }
        OutputFormat::Checkstyle | OutputFormat::Sarif => {}
    }
    out
}

/// The help line for a finding: its suggestions if it has any, else the rule's advice.
pub fn help_text(f: &Finding) -> Option<String> {
    if !f.suggestions.is_empty() {
        let quoted: Vec<String> = f.suggestions.iter().map(|s| format!("'{s}'")).collect();
        return Some(format!("use {}", join_or(&quoted)));
    }
    f.rule.help.clone()
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
