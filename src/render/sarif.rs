//! SARIF 2.1.0 (one run; the rules that fired in `tool.driver.rules`), for GitHub code scanning
//! and other static-analysis dashboards.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::{Place, Sink};
use crate::lint::Finding;
use crate::rule::{Level, Rule};
use crate::session::Summary;
use crate::settings::Key;
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

/// The base id the artifact URIs are relative to: the project root.
const SRCROOT: &str = "%SRCROOT%";

/// The key of `partialFingerprints`: the baseline key, hashed.
const FINGERPRINT: &str = "hedgelintKey/v1";

/// An absolute folder as a `file:` URI ending in `/`, as `originalUriBaseIds` requires.
fn folder_uri(dir: &Path) -> String {
    let path = dir.to_string_lossy().replace('\\', "/");
    let path = path.trim_end_matches('/');
    let lead = if path.starts_with('/') { "" } else { "/" };
    format!("file://{lead}{}/", utf8_percent_encode(path, URI_PATH))
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

/// The SARIF result for one finding, its location the file shown as `path`.
pub fn sarif_result(path: &str, f: &Finding) -> SarifResult {
    result_at(
        ArtifactLocation::builder().uri(artifact_uri(path)).build(),
        f,
    )
}

/// The SARIF result for one finding in the file at `project_path` (relative to the project
/// root), with the baseline key (under `key_path`) as its fingerprint.
fn project_result(project_path: &str, key_path: &str, f: &Finding) -> SarifResult {
    let artifact = ArtifactLocation::builder()
        .uri(artifact_uri(project_path))
        .uri_base_id(SRCROOT.to_owned())
        .build();
    let mut result = result_at(artifact, f);
    let key = Key::of(key_path, f).fingerprint();
    result.partial_fingerprints = Some(BTreeMap::from([(FINGERPRINT.to_owned(), key)]));
    result
}

fn result_at(artifact: ArtifactLocation, f: &Finding) -> SarifResult {
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
                .artifact_location(artifact)
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
    let short = rule.summary();
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
    sarif_log_for(rules, results, None, &[])
}

/// The whole SARIF log of a run: with the project root its URIs are relative to, and the
/// problems (file errors) as the invocation's notifications.
fn sarif_log_for(
    rules: &BTreeMap<String, Arc<Rule>>,
    results: Vec<SarifResult>,
    root: Option<&Path>,
    problems: &[(Option<String>, String)],
) -> String {
    let driver = ToolComponent::builder()
        .name("hedgelint".to_owned())
        .version(env!("CARGO_PKG_VERSION").to_owned())
        .rules(rules.values().map(|r| descriptor(r)).collect::<Vec<_>>())
        .build();
    let notifications: Vec<Notification> = problems
        .iter()
        .map(|(path, message)| {
            let mut n = Notification::builder()
                .message(Message::builder().text(message.clone()).build())
                .level(serde_json::json!("error"))
                .build();
            if let Some(path) = path {
                let artifact = ArtifactLocation::builder().uri(artifact_uri(path)).build();
                n.locations = Some(vec![
                    Location::builder()
                        .physical_location(
                            PhysicalLocation::builder()
                                .artifact_location(artifact)
                                .build(),
                        )
                        .build(),
                ]);
            }
            n
        })
        .collect();
    let mut invocation = Invocation::builder()
        .execution_successful(problems.is_empty())
        .build();
    if !notifications.is_empty() {
        invocation.tool_execution_notifications = Some(notifications);
    }
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .build();
    if let Some(root) = root {
        run.original_uri_base_ids = Some(BTreeMap::from([(
            SRCROOT.to_owned(),
            ArtifactLocation::builder().uri(folder_uri(root)).build(),
        )]));
    }
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
    root: Option<PathBuf>,
    problems: Vec<(Option<String>, String)>,
}

impl<W: Write> SarifSink<W> {
    pub(super) fn new(out: W) -> Self {
        SarifSink {
            out,
            rules: BTreeMap::new(),
            results: Vec::new(),
            root: None,
            problems: Vec::new(),
        }
    }
}

impl<W: Write> SarifSink<W> {
    fn collect(&mut self, findings: &[Finding], result: impl Fn(&Finding) -> SarifResult) {
        for f in findings {
            self.rules
                .entry(f.rule.id.clone())
                .or_insert_with(|| f.rule.clone());
            self.results.push(result(f));
        }
    }
}

impl<W: Write> Sink for SarifSink<W> {
    fn project_root(&mut self, root: &Path) {
        self.root = Some(root.to_path_buf());
    }

    fn problem(&mut self, path: Option<&str>, message: &str) -> io::Result<()> {
        self.problems
            .push((path.map(str::to_owned), message.to_owned()));
        Ok(())
    }

    fn file(
        &mut self,
        place: &Place,
        _doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()> {
        let record = place
            .record
            .and_then(|id| serde_json::from_str::<serde_json::Value>(id).ok());
        let in_project = place.project_path.filter(|_| self.root.is_some());
        self.collect(findings, |f| {
            let mut result = match in_project {
                Some(path) => project_result(path, place.key_path, f),
                None => sarif_result(place.input, f),
            };
            if let Some(id) = &record {
                let bag = PropertyBag::builder()
                    .additional_properties(BTreeMap::from([("record".to_owned(), id.clone())]))
                    .build();
                result.properties = Some(bag);
            }
            result
        });
        Ok(())
    }

    fn finish(&mut self, _summary: Option<&Summary>) -> io::Result<()> {
        let results = std::mem::take(&mut self.results);
        let log = sarif_log_for(&self.rules, results, self.root.as_deref(), &self.problems);
        self.out.write_all(log.as_bytes())?;
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
        assert_eq!(
            super::folder_uri(std::path::Path::new("/srv/news room/")),
            "file:///srv/news%20room/"
        );
    }
}
