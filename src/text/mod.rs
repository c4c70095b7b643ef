//! The text model: decoding, Markdown masking, the normalised view, lines and sentences.

pub mod chunks;
pub mod front_matter;
pub mod lines;
pub mod markdown;
pub mod quotes;
pub mod rst;
pub mod sentence;
pub mod shadow;
pub mod source;

use std::ops::Range;
use std::path::Path;

pub use lines::{LineCursor, LineIndex};
pub use shadow::{Shadow, Stretch};
pub use source::{DecodeError, SourceText};

/// How a document's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: everything is linted.
    Plain,
    /// Markdown: code, URLs, HTML and front matter are not linted.
    Markdown,
    /// reStructuredText: literal blocks, directives, comments and inline literals are not
    /// linted.
    Rst,
}

impl Format {
    /// The format for a file name: Markdown for `.md` and `.markdown`, reStructuredText for
    /// `.rst`, plain text otherwise.
    pub fn for_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
        {
            Some(e) if e == "md" || e == "markdown" => Format::Markdown,
            Some(e) if e == "rst" => Format::Rst,
            _ => Format::Plain,
        }
    }
}

/// Byte ranges of every `<!-- ... -->` comment in `text`.
pub fn html_comments(text: &str) -> Vec<Range<usize>> {
    scan_comments(text.as_bytes()).0
}

/// Where a `<!--` that no `-->` closes starts in `bytes`, pairing marks as
/// [`html_comments`] does. Such a mark opens no comment in the whole text, but a text cut
/// after it may still be closed further on.
pub(crate) fn unclosed_comment(bytes: &[u8]) -> Option<usize> {
    scan_comments(bytes).1
}

/// The HTML comments of `bytes` and the start of an unclosed `<!--` after them.
fn scan_comments(bytes: &[u8]) -> (Vec<Range<usize>>, Option<usize>) {
    let mut out = Vec::new();
    let mut from = 0;
    let (open, close) = (
        memchr::memmem::Finder::new("<!--"),
        memchr::memmem::Finder::new("-->"),
    );
    while let Some(start) = open.find(&bytes[from..]).map(|i| from + i) {
        let Some(end) = close.find(&bytes[start + 4..]).map(|i| start + 4 + i + 3) else {
            return (out, Some(start));
        };
        out.push(start..end);
        from = end;
    }
    (out, None)
}

/// A document ready to be linted.
#[derive(Debug, Clone)]
pub struct Document {
    /// The source text, without a byte order mark.
    pub text: String,
    /// Bytes of byte order mark before the text in the file (added to reported byte offsets).
    pub bom_len: usize,
    /// How the text was read.
    pub format: Format,
    /// The normalised view rules match against; empty when the document is read in
    /// `stretches` (see [`Document::view`]).
    pub shadow: Shadow,
    /// A long document read in stretches: its view is built, linted and dropped one stretch
    /// at a time, so that it is never held whole. Empty when `shadow` is the whole view.
    pub stretches: Vec<Stretch>,
    /// Line starts of `text`, indexed on first use (see [`Document::lines`]).
    lines: std::sync::OnceLock<LineIndex>,
    /// Byte ranges of HTML comments (suppression directives live there).
    pub comments: Vec<std::ops::Range<usize>>,
}

/// What, beyond its format, decides which parts of a document are linted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading<'a> {
    /// Front matter keys whose string values are linted (Markdown only).
    pub front_matter: &'a [String],
    /// Matches not linted as whole blocks, as Vale's `BlockIgnores`.
    pub block_ignores: &'a [crate::rule::Pattern],
    /// Matches not linted inline, like code, as Vale's `TokenIgnores`.
    pub token_ignores: &'a [crate::rule::Pattern],
    /// Read a text longer than twice this many bytes in stretches of about this size, without
    /// building its whole view (`None`: always build the whole view).
    pub stretch_bytes: Option<usize>,
}

impl Document {
    /// Builds a document from decoded source text, with nothing of its front matter linted.
    pub fn new(source: SourceText, format: Format) -> Document {
        Document::read(source, format, &Reading::default())
    }

    /// Builds a document from decoded source text, reading it as `reading` says.
    pub fn read(source: SourceText, format: Format, reading: &Reading) -> Document {
        let SourceText { text, bom_len } = source;
        let (pieces, comments) = match format {
            Format::Plain => (markdown::plain_pieces(&text), html_comments(&text)),
            Format::Markdown => markdown::markdown_pieces(&text, reading.front_matter),
            Format::Rst => rst::rst_pieces(&text),
        };
        // Comments in plain text (suppression directives among them) are markup, never prose.
        let mut cuts: Vec<(Range<usize>, bool)> = match format {
            Format::Plain => comments.iter().map(|r| (r.clone(), false)).collect(),
            _ => Vec::new(),
        };
        for (patterns, block) in [
            (reading.block_ignores, true),
            (reading.token_ignores, false),
        ] {
            for p in patterns {
                // A pattern that gives up here masks nothing; the rules still run.
                let _ = p.for_each_match(&text, |m| {
                    if !m.is_empty() {
                        cuts.push((m, block));
                    }
                });
            }
        }
        let pieces = if cuts.is_empty() {
            pieces
        } else {
            shadow::carve(&pieces, &mut cuts)
        };
        let stretches = match reading.stretch_bytes {
            Some(bytes) if text.len() > bytes.saturating_mul(2) => {
                Stretch::cut_every(&text, &pieces, bytes)
            }
            _ => Vec::new(),
        };
        let (shadow, stretches) = if stretches.len() > 1 {
            (Shadow::default(), stretches)
        } else {
            (Shadow::build(&text, &pieces), Vec::new())
        };
        Document {
            text,
            bom_len,
            format,
            shadow,
            stretches,
            lines: std::sync::OnceLock::new(),
            comments,
        }
    }

    /// The line starts of `text`, indexed on first use: findings get their positions
    /// without it ([`crate::lint::set_positions`]), so a run that prints none of the source
    /// never builds it.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The whole view: the one held, or for a document read in stretches, one built now.
    pub fn view(&self) -> std::borrow::Cow<'_, Shadow> {
        if self.stretches.is_empty() {
            std::borrow::Cow::Borrowed(&self.shadow)
        } else {
            std::borrow::Cow::Owned(Stretch::join_views(&self.text, &self.stretches))
        }
    }

    /// This document with its whole view held (a copy when it was read in stretches).
    pub fn whole(&self) -> std::borrow::Cow<'_, Document> {
        if self.stretches.is_empty() {
            return std::borrow::Cow::Borrowed(self);
        }
        std::borrow::Cow::Owned(Document {
            shadow: self.view().into_owned(),
            stretches: Vec::new(),
            ..self.clone()
        })
    }

    /// Builds a plain-text or Markdown document from a string.
    pub fn from_text(text: &str, format: Format) -> Document {
        Document::new(
            SourceText {
                text: text.to_owned(),
                bom_len: 0,
            },
            format,
        )
    }
}

#[cfg(test)]
mod comment_tests {
    use super::html_comments;

    #[test]
    fn comments_are_found() {
        let t = "a <!-- x --> b <!--y--> <!-- open";
        let c: Vec<&str> = html_comments(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(c, ["<!-- x -->", "<!--y-->"]);
    }
}
