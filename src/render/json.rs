//! The JSON finding object shared by `json` and `jsonl` (documented in `docs/output.md`).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::value::RawValue;

use super::{Place, Sink};
use crate::lint::Finding;
use crate::session::Summary;
use crate::text::Document;

/// Version of the finding object's schema; raised when a field changes meaning, goes away or
/// comes in (2: `record`, in record mode).
pub const JSON_SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<&'a RawValue>,
    rule: &'a str,
    level: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    matched: &'a str,
    suggestions: &'a [String],
    link: Option<&'a str>,
}

/// The finding as one line of JSON, fields in schema order; `record` is the id (JSON text)
/// of the record the finding is in, in record mode.
pub fn json_object(path: &str, record: Option<&str>, f: &Finding) -> String {
    let record = record.and_then(|id| serde_json::from_str::<&RawValue>(id).ok());
    let obj = JsonFinding {
        path,
        record,
        rule: &f.rule.id,
        level: f.level.as_str(),
        message: &f.message,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        end_column: f.end_column,
        byte_start: f.byte_start,
        byte_end: f.byte_end,
        matched: &f.matched,
        suggestions: &f.suggestions,
        link: f.rule.link.as_deref(),
    };
    serde_json::to_string(&obj).unwrap_or_default()
}

/// A JSON array written one item a line as items arrive (`[]` when there is none).
#[derive(Debug, Default)]
pub(super) struct JsonArray {
    /// Whether an item has been written (so the next one needs a comma).
    opened: bool,
}

impl JsonArray {
    /// Appends `item` (one JSON value) to `text`, after the bracket or comma it needs.
    pub(super) fn push(&mut self, text: &mut String, item: &str) {
        text.push_str(if self.opened { ",\n  " } else { "[\n  " });
        self.opened = true;
        text.push_str(item);
    }

    /// What closes the array.
    pub(super) fn close(&self) -> &'static str {
        if self.opened { "\n]\n" } else { "[]\n" }
    }
}

/// The `json` format: one array of every finding object, one object a line.
pub(super) struct JsonSink<W> {
    out: W,
    array: JsonArray,
}

impl<W: Write> JsonSink<W> {
    pub(super) fn new(out: W) -> Self {
        JsonSink {
            out,
            array: JsonArray::default(),
        }
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn file(
        &mut self,
        place: &Place,
        _doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()> {
        let mut text = String::new();
        for f in findings {
            self.array
                .push(&mut text, &json_object(place.input, place.record, f));
        }
        self.out.write_all(text.as_bytes())
    }

    fn finish(&mut self, _summary: Option<&Summary>) -> io::Result<()> {
        self.out.write_all(self.array.close().as_bytes())?;
        self.out.flush()
    }
}
