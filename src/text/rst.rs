//! The reStructuredText reader: the prose of a `.rst` file as [`Piece`]s.
//!
//! Section titles are headings (levels in the order their adornment styles first appear),
//! bullet and enumerated items are list items, indented paragraphs are block quotations.
//! Literal blocks (after `::`), comments, directives other than admonitions, tables,
//! inline literals, roles, substitution and footnote references and link targets are not
//! linted; emphasis markers disappear so that a phrase still matches across them.

use std::ops::Range;

use super::markdown::push_text;
use super::shadow::{BlockKind, Piece};

/// Characters a section adornment may be made of.
const ADORNMENT: &str = "=-`:'\"~^_*+#<>.";

/// Directives whose body is prose.
const ADMONITIONS: &[&str] = &[
    "admonition",
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "tip",
    "warning",
    "seealso",
    "topic",
    "sidebar",
];

/// One line: its range without the line break, and the offset where its text starts.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indent: usize,
}

impl Line {
    fn text<'t>(&self, src: &'t str) -> &'t str {
        &src[self.start + self.indent..self.end]
    }

    fn blank(&self, src: &str) -> bool {
        self.text(src).trim().is_empty()
    }
}

fn lines(src: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in src.split_inclusive('\n') {
        let end = start + piece.trim_end_matches(['\n', '\r']).len();
        let body = &src[start..end];
        let indent = body.len() - body.trim_start().len();
        out.push(Line { start, end, indent });
        start += piece.len();
    }
    out
}

/// Whether `s` is a section adornment or transition: one punctuation character repeated.
fn adornment(s: &str) -> Option<char> {
    let s = s.trim_end();
    let first = s.chars().next()?;
    (ADORNMENT.contains(first) && s.chars().count() >= 2 && s.chars().all(|c| c == first))
        .then_some(first)
}

/// The length of a list marker at the start of `s` (`* `, `- `, `1. `, `(a) `, `#. `).
fn list_marker(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'*' | b'-' | b'+') && b[1] == b' ' {
        return Some(2);
    }
    if let Some(rest) = s.strip_prefix('•')
        && rest.starts_with(' ')
    {
        return Some('•'.len_utf8() + 1);
    }
    let open = usize::from(b.first() == Some(&b'('));
    let body = b[open..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
        .count();
    let is_enumerator = body > 0
        && (body <= 3 || b[open..open + body].iter().all(u8::is_ascii_digit))
        && (b[open..open + body].iter().all(u8::is_ascii_digit)
            || body == 1
            || b[open..open + body].iter().all(|c| b"ivxlcdm".contains(c)));
    let close = open + body;
    if is_enumerator
        && close + 1 < b.len()
        && (b[close] == b'.' || b[close] == b')')
        && (open == 0 || b[close] == b')')
        && b[close + 1] == b' '
    {
        return Some(close + 2);
    }
    None
}

/// A grid table row or border, or a simple table border.
fn table_line(s: &str) -> bool {
    let t = s.trim_end();
    (t.starts_with('+') && t.ends_with('+') && t.contains("-+"))
        || (t.starts_with('+') && t.contains("=+"))
        || (t.starts_with('|') && t.ends_with('|'))
        || (t.contains(' ') && t.chars().all(|c| c == '=' || c == ' ') && t.contains("=="))
}

/// Skips the lines after `i` indented deeper than `indent` (and the blank lines among them);
/// returns the index of the first line that is not.
fn skip_indented(src: &str, ls: &[Line], mut i: usize, indent: usize) -> usize {
    while i < ls.len() {
        if ls[i].blank(src) || ls[i].indent > indent {
            i += 1;
        } else {
            break;
        }
    }
    // Give back trailing blank lines: they end the block, not belong to it.
    while i > 0 && i <= ls.len() && ls[i - 1].blank(src) {
        i -= 1;
    }
    i
}

/// The pieces of a reStructuredText file, and the byte ranges of its one-line comments
/// (`.. vale off`, `.. hedgelint-disable-next-line Rule`: where directives live).
pub fn rst_pieces(src: &str) -> (Vec<Piece>, Vec<Range<usize>>) {
    let ls = lines(src);
    let mut pieces = Vec::new();
    let mut comments = Vec::new();
    let mut styles: Vec<(char, bool)> = Vec::new();
    let mut level_of = |style: (char, bool)| -> u8 {
        let n = match styles.iter().position(|s| *s == style) {
            Some(n) => n,
            None => {
                styles.push(style);
                styles.len() - 1
            }
        };
        (n + 1).min(6) as u8
    };
    // The kind of the block being written, and the indent of a list item's text.
    let mut in_block = false;
    let mut kind = BlockKind::Paragraph;
    let mut item_indent: Option<usize> = None;
    // The last paragraph ended in `::`: the indented block that follows is literal.
    let mut literal_next = false;
    let mut i = 0;
    let end_block = |pieces: &mut Vec<Piece>, in_block: &mut bool| {
        if *in_block {
            pieces.push(Piece::Break);
            *in_block = false;
        }
    };
    while i < ls.len() {
        let line = ls[i];
        let text = line.text(src);
        if line.blank(src) {
            end_block(&mut pieces, &mut in_block);
            i += 1;
            continue;
        }
        if item_indent.is_some_and(|n| line.indent < n) && !in_block {
            item_indent = None;
            if kind != BlockKind::Paragraph {
                kind = BlockKind::Paragraph;
                pieces.push(Piece::Kind(kind));
            }
        }
        if literal_next && !in_block {
            literal_next = false;
            let base = ls[..i]
                .iter()
                .rev()
                .find(|l| !l.blank(src))
                .map_or(0, |l| l.indent);
            if line.indent > base {
                i = skip_indented(src, &ls, i, base);
                continue;
            }
        }
        // Comments and directives.
        if text == ".." || text.starts_with(".. ") {
            end_block(&mut pieces, &mut in_block);
            let name = text[2..].trim_start();
            let admonition = name
                .split_once("::")
                .filter(|(n, _)| !n.contains(' '))
                .map(|(n, rest)| (n.trim().to_ascii_lowercase(), rest.trim()));
            match admonition {
                Some((n, rest)) if ADMONITIONS.contains(&n.as_str()) => {
                    if !rest.is_empty() {
                        let at = line.end - rest.len();
                        pieces.push(Piece::Kind(kind));
                        inline(&mut pieces, src, at..line.end);
                        in_block = true;
                    }
                    i += 1;
                }
                _ => {
                    if !text.contains("::") {
                        comments.push(line.start + line.indent..line.end);
                    }
                    i = skip_indented(src, &ls, i + 1, line.indent);
                }
            }
            continue;
        }
        if table_line(text) {
            end_block(&mut pieces, &mut in_block);
            while i < ls.len() && !ls[i].blank(src) {
                i += 1;
            }
            continue;
        }
        // Section titles: over- and underlined, or underlined.
        if let Some(c) = adornment(text) {
            let title = ls.get(i + 1).filter(|l| !l.blank(src));
            let under = ls.get(i + 2).and_then(|l| adornment(l.text(src)));
            if let (Some(t), Some(u)) = (title, under)
                && u == c
                && !in_block
            {
                let level = level_of((c, true));
                heading(&mut pieces, src, *t, level, kind);
                i += 3;
                continue;
            }
            // A transition, or a stray adornment.
            end_block(&mut pieces, &mut in_block);
            i += 1;
            continue;
        }
        if !in_block
            && let Some(next) = ls.get(i + 1)
            && let Some(c) = adornment(next.text(src))
            && next.indent == line.indent
            && next.text(src).trim_end().chars().count() >= text.trim_end().chars().count().min(3)
        {
            let level = level_of((c, false));
            heading(&mut pieces, src, line, level, kind);
            i += 2;
            continue;
        }
        // List items.
        if let Some(n) = list_marker(text) {
            end_block(&mut pieces, &mut in_block);
            kind = BlockKind::ListItem;
            pieces.push(Piece::Kind(kind));
            item_indent = Some(line.indent + n);
            let start = line.start + line.indent + n;
            inline(&mut pieces, src, start..line.end);
            in_block = true;
            literal_next = text.trim_end().ends_with("::");
            i += 1;
            continue;
        }
        if !in_block {
            let quoted = line.indent > 0 && item_indent.is_none_or(|n| line.indent > n);
            let want = if quoted {
                BlockKind::BlockQuote
            } else if item_indent.is_some() {
                BlockKind::ListItem
            } else {
                BlockKind::Paragraph
            };
            if want != kind {
                kind = want;
                pieces.push(Piece::Kind(kind));
            }
        } else {
            pieces.push(Piece::Space {
                at: line.start,
                newline: true,
            });
        }
        inline(&mut pieces, src, line.start + line.indent..line.end);
        in_block = true;
        literal_next = text.trim_end().ends_with("::");
        i += 1;
    }
    pieces.push(Piece::Break);
    (pieces, comments)
}

fn heading(pieces: &mut Vec<Piece>, src: &str, line: Line, level: u8, after: BlockKind) {
    pieces.push(Piece::Break);
    pieces.push(Piece::Kind(BlockKind::Heading(level)));
    inline(pieces, src, line.start + line.indent..line.end);
    pieces.push(Piece::Break);
    pieces.push(Piece::Kind(after));
}

/// Pushes one line of running text: inline literals, roles, references and link targets
/// become barriers, emphasis markers are dropped.
fn inline(pieces: &mut Vec<Piece>, src: &str, range: Range<usize>) {
    let s = &src[range.clone()];
    let b = s.as_bytes();
    let base = range.start;
    let mut text_from = 0;
    let mut i = 0;
    let flush = |pieces: &mut Vec<Piece>, from: usize, to: usize| {
        if from < to {
            push_text(pieces, src, base + from..base + to);
        }
    };
    let word_start = |i: usize| i == 0 || !b[i - 1].is_ascii_alphanumeric();
    while i < b.len() {
        // ``literal``
        if b[i..].starts_with(b"``")
            && let Some(close) = s[i + 2..].find("``")
        {
            flush(pieces, text_from, i);
            pieces.push(Piece::Barrier { at: base + i });
            i += 2 + close + 2;
            text_from = i;
            continue;
        }
        // :role:`text`
        if b[i] == b':'
            && word_start(i)
            && let Some(len) = s[i + 1..].find(":`").filter(|n| {
                *n > 0
                    && s[i + 1..i + 1 + n].bytes().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':')
                    })
            })
            && let Some(close) = s[i + len + 3..].find('`')
        {
            flush(pieces, text_from, i);
            pieces.push(Piece::Barrier { at: base + i });
            i += len + 3 + close + 1;
            text_from = i;
            continue;
        }
        // `text <target>`_ and `interpreted text`
        if b[i] == b'`'
            && let Some(close) = s[i + 1..].find('`')
        {
            let inner = i + 1..i + 1 + close;
            let mut after = inner.end + 1;
            while after < b.len() && b[after] == b'_' {
                after += 1;
            }
            flush(pieces, text_from, i);
            let label = &s[inner.clone()];
            let label_end = match label.rfind(" <") {
                Some(p) if label.ends_with('>') => inner.start + p,
                _ => inner.end,
            };
            if label_end > inner.start {
                push_text(pieces, src, base + inner.start..base + label_end);
            }
            if label_end < inner.end {
                pieces.push(Piece::Barrier {
                    at: base + label_end,
                });
            }
            i = after;
            text_from = i;
            continue;
        }
        // |substitution| and [footnote]_
        if (b[i] == b'|' || b[i] == b'[')
            && word_start(i)
            && let Some(close) = s[i + 1..].find(if b[i] == b'|' { "|" } else { "]_" })
            && close > 0
            && !s[i + 1..i + 1 + close].starts_with(' ')
        {
            flush(pieces, text_from, i);
            pieces.push(Piece::Barrier { at: base + i });
            i += 1 + close + if b[i] == b'|' { 1 } else { 2 };
            text_from = i;
            continue;
        }
        // *emphasis* and **strong**: the markers go, the words stay.
        if b[i] == b'*' {
            let opens = word_start(i) && b.get(i + 1).is_some_and(|c| !c.is_ascii_whitespace());
            let closes = i > 0 && !b[i - 1].is_ascii_whitespace();
            if opens || closes {
                flush(pieces, text_from, i);
                i += 1;
                text_from = i;
                continue;
            }
        }
        // reference_ and reference__
        if b[i] == b'_'
            && i > 0
            && b[i - 1].is_ascii_alphanumeric()
            && b.get(i + 1).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            let mut end = i + 1;
            while end < b.len() && b[end] == b'_' {
                end += 1;
            }
            if b.get(end).is_none_or(|c| !c.is_ascii_alphanumeric()) {
                flush(pieces, text_from, i);
                i = end;
                text_from = i;
                continue;
            }
        }
        i += s[i..].chars().next().map_or(1, char::len_utf8);
    }
    flush(pieces, text_from, b.len());
}

#[cfg(test)]
mod tests {
    use crate::text::{Document, Format};

    fn blocks(text: &str) -> Vec<(String, crate::text::shadow::BlockKind)> {
        let doc = Document::from_text(text, Format::Rst);
        doc.shadow
            .blocks
            .iter()
            .zip(&doc.shadow.block_kinds)
            .map(|(r, k)| (doc.shadow.text[r.clone()].replace('\u{1f}', "|"), *k))
            .collect()
    }

    use crate::text::shadow::BlockKind::*;

    #[test]
    fn titles_lists_and_paragraphs() {
        let got = blocks(
            "=====\nTitle\n=====\n\nIntro text\nover two lines.\n\nSection\n-------\n\n* first item\n  goes on\n* second\n\nAfter.\n",
        );
        assert_eq!(
            got,
            [
                ("Title".into(), Heading(1)),
                ("Intro text over two lines.".into(), Paragraph),
                ("Section".into(), Heading(2)),
                ("first item goes on".into(), ListItem),
                ("second".into(), ListItem),
                ("After.".into(), Paragraph),
            ]
        );
    }

    #[test]
    fn literals_directives_and_comments_are_not_prose() {
        let got = blocks(
            "Run this::\n\n    reportedly code\n\n.. code-block:: python\n\n   x = 1\n\n.. a comment\n   that goes on\n\n.. note:: Mind the gap.\n\nText with ``code`` and :ref:`a-target` and `a link <https://x.org>`_ here.\n",
        );
        assert_eq!(
            got,
            [
                ("Run this::".into(), Paragraph),
                ("Mind the gap.".into(), Paragraph),
                ("Text with | and | and a link| here.".into(), Paragraph),
            ]
        );
    }

    #[test]
    fn emphasis_markers_go_and_offsets_map_back() {
        let text = "It was *reportedly* **true**, sources_ said.\n";
        let doc = Document::from_text(text, Format::Rst);
        assert_eq!(
            doc.shadow.text.trim_end_matches('\u{1e}'),
            "It was reportedly true, sources said."
        );
        let at = doc.shadow.text.find("reportedly").unwrap();
        assert_eq!(
            doc.shadow.source_offset(at),
            text.find("reportedly").unwrap()
        );
    }

    #[test]
    fn tables_and_transitions_are_skipped() {
        let got =
            blocks("Before.\n\n+-----+-----+\n| a   | b   |\n+-----+-----+\n\n----\n\nAfter.\n");
        assert_eq!(
            got,
            [("Before.".into(), Paragraph), ("After.".into(), Paragraph)]
        );
    }
}
