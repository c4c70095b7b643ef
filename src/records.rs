//! Record mode: a JSONL stream (one JSON object per line) in which each object's text field is
//! a document of its own, as news archives and crawls come. [`RecordReader`] reads the stream
//! in batches of bounded size; [`parse_line`] turns one line into a [`RecordText`] or the error
//! that names what is wrong with it.

use std::collections::HashMap;
use std::io::{self, BufRead};

use serde_json::value::RawValue;

/// Which fields of a record hold its text and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFields {
    /// The text field: a name, or a dotted path into nested objects (`article.body`).
    pub text: Vec<String>,
    /// The id field, likewise. A record without one is known by its line number.
    pub id: Vec<String>,
}

impl RecordFields {
    /// Fields from their dotted names.
    pub fn new(text: &str, id: &str) -> RecordFields {
        let path = |s: &str| s.split('.').map(str::to_owned).collect();
        RecordFields {
            text: path(text),
            id: path(id),
        }
    }
}

impl Default for RecordFields {
    fn default() -> Self {
        RecordFields::new("text", "id")
    }
}

/// Where a linted record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The input the record was read from, as shown in output.
    pub input: String,
    /// Its 1-based line in the input.
    pub line: usize,
    /// Its id as JSON text, exactly as the input wrote it (the line number when it has none).
    pub id: String,
    /// The id for people: a string id without its quotes, any other as written.
    pub label: String,
}

impl Record {
    /// The record as output names it: `input#label`.
    pub fn name(&self) -> String {
        format!("{}#{}", self.input, self.label)
    }
}

/// One record's text and identity, read from its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordText {
    /// Where it came from.
    pub record: Record,
    /// The value of the text field.
    pub text: String,
}

/// Why one line is not a record hedgelint can lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    /// The line is not a JSON object.
    NotJson(String),
    /// A field on the text path is missing.
    NoText(String),
    /// The text field holds something other than a string.
    TextNotString(String, &'static str),
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::NotJson(e) => write!(f, "not a JSON object: {e}"),
            LineError::NoText(field) => write!(f, "no `{field}` field"),
            LineError::TextNotString(field, kind) => {
                write!(f, "`{field}` is {kind}, not a string")
            }
        }
    }
}

/// The JSON kind of a raw value, for messages.
fn kind_of(raw: &RawValue) -> &'static str {
    match raw.get().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// A JSON error without serde's `at line 1` (the line is the input's, named already).
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text);
    format!("{message} at column {}", e.column())
}

/// A JSON object's members, borrowed from its text.
type Members<'a> = HashMap<std::borrow::Cow<'a, str>, &'a RawValue>;

/// The raw value at `path` in the object `top` (`None` when a name on the path is missing or
/// a value on the way is not an object).
fn field<'a>(top: &Members<'a>, path: &[String]) -> Option<&'a RawValue> {
    let (first, rest) = path.split_first()?;
    let mut found = *top.get(first.as_str())?;
    for name in rest {
        let object: Members<'a> = serde_json::from_str(found.get()).ok()?;
        found = *object.get(name.as_str())?;
    }
    Some(found)
}

/// Reads line `line` (1-based) of `input` as a record. The line is parsed once; only the
/// objects on a dotted path are parsed again.
pub fn parse_line(
    input: &str,
    line: usize,
    json: &str,
    fields: &RecordFields,
) -> Result<RecordText, LineError> {
    let top: Members =
        serde_json::from_str(json).map_err(|e| LineError::NotJson(json_error(&e)))?;
    let text_name = fields.text.join(".");
    let raw_text = field(&top, &fields.text).ok_or_else(|| LineError::NoText(text_name.clone()))?;
    let text: String = match kind_of(raw_text) {
        "a string" => {
            serde_json::from_str(raw_text.get()).map_err(|e| LineError::NotJson(json_error(&e)))?
        }
        kind => return Err(LineError::TextNotString(text_name, kind)),
    };
    let (id, label) = match field(&top, &fields.id) {
        Some(raw) if kind_of(raw) == "a string" => {
            let label: String = serde_json::from_str(raw.get()).unwrap_or_default();
            (raw.get().to_owned(), label)
        }
        Some(raw) => (raw.get().to_owned(), raw.get().to_owned()),
        None => (line.to_string(), line.to_string()),
    };
    Ok(RecordText {
        record: Record {
            input: input.to_owned(),
            line,
            id,
            label,
        },
        text,
    })
}

/// One line of a record stream, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLine {
    /// Its 1-based line number.
    pub number: usize,
    /// Its text without the line break; `Err` with the reason when it is not UTF-8.
    pub text: Result<String, String>,
}

/// Reads a record stream in batches: each batch ends at a line break once it holds
/// `batch_bytes` bytes, so memory stays bounded whatever the input's size. Blank lines are
/// skipped.
pub struct RecordReader<R> {
    reader: R,
    batch_bytes: usize,
    line: usize,
    done: bool,
}

impl<R: BufRead> RecordReader<R> {
    /// A reader of `reader` that gives batches of about `batch_bytes` bytes.
    pub fn new(reader: R, batch_bytes: usize) -> RecordReader<R> {
        RecordReader {
            reader,
            batch_bytes: batch_bytes.max(1),
            line: 0,
            done: false,
        }
    }

    /// The next batch of lines; empty at the end of the input.
    pub fn next_batch(&mut self) -> io::Result<Vec<RawLine>> {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while !self.done && bytes < self.batch_bytes {
            let mut buf = Vec::new();
            if self.reader.read_until(b'\n', &mut buf)? == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            bytes += buf.len();
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = String::from_utf8(buf).map_err(|e| {
                format!(
                    "not UTF-8 (invalid byte at column {})",
                    e.utf8_error().valid_up_to() + 1
                )
            });
            batch.push(RawLine {
                number: self.line,
                text,
            });
        }
        Ok(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str, fields: &RecordFields) -> Result<RecordText, String> {
        parse_line("a.jsonl", 3, json, fields).map_err(|e| e.to_string())
    }

    #[test]
    fn text_and_id_come_from_their_fields() {
        let r = parse(
            r#"{"id": "n-1", "text": "He \"reportedly\" left."}"#,
            &RecordFields::default(),
        )
        .unwrap();
        assert_eq!(r.text, "He \"reportedly\" left.");
        assert_eq!(
            (r.record.id.as_str(), r.record.label.as_str()),
            ("\"n-1\"", "n-1")
        );
        assert_eq!(r.record.name(), "a.jsonl#n-1");
        let r = parse(r#"{"id": 1.50, "text": "x"}"#, &RecordFields::default()).unwrap();
        assert_eq!(r.record.id, "1.50", "the id is kept as written");
    }

    #[test]
    fn nested_paths_reach_into_objects() {
        let fields = RecordFields::new("article.body", "meta.url");
        let r = parse(
            r#"{"meta": {"url": "https://x.org/a"}, "article": {"title": "t", "body": "Text."}}"#,
            &fields,
        )
        .unwrap();
        assert_eq!(
            (r.text.as_str(), r.record.label.as_str()),
            ("Text.", "https://x.org/a")
        );
    }

    #[test]
    fn a_record_without_an_id_is_known_by_its_line() {
        let r = parse(r#"{"text": "x"}"#, &RecordFields::default()).unwrap();
        assert_eq!((r.record.id.as_str(), r.record.label.as_str()), ("3", "3"));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        let f = RecordFields::default();
        assert_eq!(
            parse("{\"text\": ", &f).unwrap_err(),
            "not a JSON object: EOF while parsing a value at column 9"
        );
        assert!(
            parse("[1, 2]", &f)
                .unwrap_err()
                .starts_with("not a JSON object: ")
        );
        assert_eq!(
            parse(r#"{"body": "x"}"#, &f).unwrap_err(),
            "no `text` field"
        );
        assert_eq!(
            parse(r#"{"text": 5}"#, &f).unwrap_err(),
            "`text` is a number, not a string"
        );
        assert_eq!(
            parse(
                r#"{"article": "x"}"#,
                &RecordFields::new("article.body", "id")
            )
            .unwrap_err(),
            "no `article.body` field"
        );
    }

    #[test]
    fn batches_end_at_line_breaks_and_skip_blank_lines() {
        let input = "{\"text\":\"a\"}\n\n{\"text\":\"b\"}\r\n{\"text\":\"c\"}";
        let mut reader = RecordReader::new(input.as_bytes(), 14);
        let first = reader.next_batch().unwrap();
        assert_eq!(first.iter().map(|l| l.number).collect::<Vec<_>>(), [1]);
        let second = reader.next_batch().unwrap();
        assert_eq!(second.iter().map(|l| l.number).collect::<Vec<_>>(), [3]);
        assert_eq!(second[0].text.as_deref(), Ok("{\"text\":\"b\"}"));
        assert_eq!(reader.next_batch().unwrap()[0].number, 4);
        assert!(reader.next_batch().unwrap().is_empty());
    }
}
