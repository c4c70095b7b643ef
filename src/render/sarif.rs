//! SARIF 2.1.0 (one run; the rules that fired in `tool.driver.rules`), for GitHub code scanning
//! and other static-analysis dashboards.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::Sink;
use crate::lint::Finding;
use crate::rule::{Level, Rule};
use crate::session::Summary;
use crate::text::Document;

/// Characters percent-encoded in an artifact URI (a relative URI reference, RFC 3986).
const URI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A file path as a relative URI reference with `/` separators.
fn artifact_uri(path: &str) -> String {
    utf8_percent_encode(&path.replace('\\', "/"), URI_PATH).to_string()
}

fn result_level(level: Level) -> ResultLevel {
    match level {
        Level::Error => ResultLevel::Error,
        Level::Warning => ResultLevel::Warning,
        Level::Suggestion => ResultLevel::Note,
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Suggestion => "note",
    }
}

/// The SARIF result for one finding.
pub fn sarif_result(path: &str, f: &Finding) -> SarifResult {
    let region = Region::builder()
        .start_line(f.line as i64)
        .start_column(f.column as i64)
        .end_line(f.end_line as i64)
        .end_column(f.end_column as i64)
        .byte_offset(f.byte_start as i64)
        .byte_length((f.byte_end - f.byte_start) as i64)
        .build();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(artifact_uri(path)).build())
                .region(region)
                .build(),
        )
        .build();
    SarifResult::builder()
        .rule_id(f.rule.id.clone())
        .level(result_level(f.level))
        .message(Message::builder().text(f.message.clone()).build())
        .locations(vec![location])
        .build()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let short = rule
        .description
        .as_deref()
        .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or(&rule.message)
        .trim()
        .to_owned();
    let mut d = ReportingDescriptor::builder()
        .id(rule.id.clone())
        .short_description(MultiformatMessageString::builder().text(short).build())
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(level_name(rule.level)))
                .build(),
        )
        .build();
    if let Some(desc) = &rule.description {
        d.full_description = Some(
            MultiformatMessageString::builder()
                .text(desc.clone())
                .build(),
        );
    }
    if let Some(help) = &rule.help {
        d.help = Some(
            MultiformatMessageString::builder()
                .text(help.clone())
                .build(),
        );
    }
    d.help_uri.clone_from(&rule.link);
    d
}

/// The whole SARIF log: `rules` are the rules that fired (by id), `results` every finding.
pub fn sarif_log(rules: &BTreeMap<String, Arc<Rule>>, results: Vec<SarifResult>) -> String {
    let driver = ToolComponent::builder()
        .name("hedgelint".to_owned())
        .version(env!("CARGO_PKG_VERSION").to_owned())
        .rules(rules.values().map(|r| descriptor(r)).collect::<Vec<_>>())
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    let log = Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL.to_owned())
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

/// The `sarif` format: every result collected, the log written at the end with the rules
/// that fired.
pub(super) struct SarifSink<W> {
    out: W,
    rules: BTreeMap<String, Arc<Rule>>,
    results: Vec<SarifResult>,
}

impl<W: Write> SarifSink<W> {
    pub(super) fn new(out: W) -> Self {
        SarifSink {
            out,
            rules: BTreeMap::new(),
            results: Vec::new(),
        }
    }
}

impl<W: Write> Sink for SarifSink<W> {
    fn file(&mut self, path: &str, _doc: &Document, findings: &[Finding]) -> io::Result<()> {
        for f in findings {
            self.rules
                .entry(f.rule.id.clone())
                .or_insert_with(|| f.rule.clone());
            self.results.push(sarif_result(path, f));
        }
        Ok(())
    }

    fn finish(&mut self, _summary: Option<&Summary>) -> io::Result<()> {
        let results = std::mem::take(&mut self.results);
        self.out
            .write_all(sarif_log(&self.rules, results).as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::artifact_uri("news/story one#2.md"),
            "news/story%20one%232.md"
        );
        assert_eq!(super::artifact_uri("a\\b/ü.txt"), "a/b/%C3%BC.txt");
    }
}
