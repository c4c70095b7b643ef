//! `gitlab`: a GitLab Code Quality report (the Code Climate issue format GitLab reads), one
//! JSON array of issues, so that findings show in the merge request widget and diff.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;

use super::json::JsonArray;
use super::{Place, Sink};
use crate::lint::Finding;
use crate::rule::Level;
use crate::session::Summary;
use crate::settings::Key;
use crate::text::Document;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    check_name: &'a str,
    description: &'a str,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    positions: Positions,
}

#[derive(Serialize)]
struct Positions {
    begin: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

/// Code Climate's severity for a level (GitLab shows `info`, `minor` and `major` in the widget).
fn severity(level: Level) -> &'static str {
    match level {
        Level::Suggestion => "info",
        Level::Warning => "minor",
        Level::Error => "major",
    }
}

/// The `gitlab` format: every finding as a Code Quality issue in one array. Paths are relative
/// to the project root and fingerprints come from the baseline key (plus the occurrence number
/// of a key met more than once in a file, as GitLab needs every fingerprint to be unique), so a
/// finding keeps its fingerprint when lines above it change.
pub(super) struct GitlabSink<W> {
    out: W,
    array: JsonArray,
}

impl<W: Write> GitlabSink<W> {
    pub(super) fn new(out: W) -> Self {
        GitlabSink {
            out,
            array: JsonArray::default(),
        }
    }
}

impl<W: Write> Sink for GitlabSink<W> {
    fn file(
        &mut self,
        place: &Place,
        _doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()> {
        let path = place.project_path.unwrap_or(place.input);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut text = String::new();
        for f in findings {
            let key = Key::of(place.key_path, f).fingerprint();
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 { key } else { format!("{key}-{n}") };
            let issue = Issue {
                kind: "issue",
                check_name: &f.rule.id,
                description: &f.message,
                categories: ["Style"],
                severity: severity(f.level),
                fingerprint,
                location: IssueLocation {
                    path,
                    positions: Positions {
                        begin: Position {
                            line: f.line,
                            column: f.column,
                        },
                        end: Position {
                            line: f.end_line,
                            column: f.end_column,
                        },
                    },
                },
            };
            self.array.push(
                &mut text,
                &serde_json::to_string(&issue).unwrap_or_default(),
            );
        }
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self, _summary: Option<&Summary>) -> io::Result<()> {
        self.out.write_all(self.array.close().as_bytes())?;
        self.out.flush()
    }
}
