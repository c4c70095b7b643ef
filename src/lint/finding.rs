//! One reported problem.

use std::ops::Range;
use std::sync::Arc;

use crate::rule::{Level, Rule};
use crate::text::Document;

/// A finding: a rule, a span of the source and what to say about it.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that fired.
    pub rule: Arc<Rule>,
    /// Its level (the rule's, unless configuration changed it).
    pub level: Level,
    /// The message with its placeholders filled.
    pub message: String,
    /// Byte range in the document text (after any byte order mark).
    pub span: Range<usize>,
    /// Byte range in the file (counting any byte order mark).
    pub byte_start: usize,
    /// End of the byte range in the file (exclusive).
    pub byte_end: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in characters.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end (exclusive), in characters.
    pub end_column: usize,
    /// The source text of the span.
    pub matched: String,
    /// Replacements to offer.
    pub suggestions: Vec<String>,
    /// A hash of the normalised sentence that holds the finding (for baselines).
    pub sentence_hash: u64,
}

impl Finding {
    /// A finding for `span` of `doc`, with positions computed from the span.
    pub fn new(
        doc: &Document,
        rule: Arc<Rule>,
        span: Range<usize>,
        message: String,
        suggestions: Vec<String>,
        sentence_hash: u64,
    ) -> Self {
        // Positions are filled in by `set_positions` once findings are sorted.
        let (line, column, end_line, end_column) = (0, 0, 0, 0);
        Finding {
            level: rule.level,
            rule,
            message,
            byte_start: span.start + doc.bom_len,
            byte_end: span.end + doc.bom_len,
            line,
            column,
            end_line,
            end_column,
            matched: doc.text[span.clone()].to_owned(),
            span,
            suggestions,
            sentence_hash,
        }
    }
}

/// Fills in the line and column fields of `findings` (sorted by start), counting lines from
/// one finding to the next, without a line index.
pub fn set_positions(findings: &mut [Finding], doc: &Document) {
    let mut starts = crate::text::LineCursor::default();
    let mut ends = crate::text::LineCursor::default();
    for f in findings {
        (f.line, f.column) = starts.position(&doc.text, f.span.start);
        (f.end_line, f.end_column) = ends.position(&doc.text, f.span.end);
    }
}

/// FNV-1a, 64 bits: a stable hash (the same on every platform and release) for baselines.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
