//! Positions as the Language Server Protocol counts them: lines end at `\n`, `\r\n` or `\r`,
//! and columns are counted in the encoding the client and server agreed on (UTF-16 code units
//! unless the client offers UTF-8 bytes or UTF-32 code points).

use lsp_types::{Position, PositionEncodingKind, TextDocumentContentChangeEvent};

/// The unit of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 bytes.
    Utf8,
    /// UTF-16 code units (the protocol's default).
    Utf16,
    /// Unicode code points.
    Utf32,
}

impl Encoding {
    /// The first encoding of the client's list that the server knows (all three are known);
    /// UTF-16 when the client lists none.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(|k| match k.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    /// The protocol's name for the encoding.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// The byte offset at which each line of a text starts.
#[derive(Debug, Clone)]
pub struct LineMap {
    starts: Vec<usize>,
}

impl LineMap {
    /// The line starts of `text`.
    pub fn new(text: &str) -> LineMap {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineMap { starts }
    }

    /// The byte offset at which 0-based `line` ends, before its line break.
    fn line_end(&self, text: &str, line: usize) -> usize {
        let start = self.starts[line];
        let next = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let body = &text[start..next];
        let body = body
            .strip_suffix("\r\n")
            .or_else(|| body.strip_suffix('\n'))
            .or_else(|| body.strip_suffix('\r'))
            .unwrap_or(body);
        start + body.len()
    }

    /// The position of byte `offset` of `text` (rounded down to a character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column: usize = text[start..offset].chars().map(|c| encoding.units(c)).sum();
        Position::new(line as u32, column as u32)
    }

    /// The byte offset of `pos` in `text`. A column past the end of its line means the end of
    /// the line, a line past the last one the end of the text, and a column inside a
    /// character the end of that character.
    pub fn offset(&self, text: &str, pos: Position, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.line_end(text, line);
        let wanted = pos.character as usize;
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            if units >= wanted {
                return start + i;
            }
            units += encoding.units(c);
        }
        end
    }

    /// The byte offset at which the line holding byte `offset` starts.
    pub fn line_start_of(&self, offset: usize) -> usize {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        self.starts[line]
    }
}

/// Applies one `didChange` event to `text`: a whole new text, or a range replaced.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let map = LineMap::new(text);
            let start = map.offset(text, range.start, encoding);
            let end = map.offset(text, range.end, encoding).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Range;

    const TEXT: &str = "a😀b\r\nsecond é line\rthird\n";

    #[test]
    fn columns_in_each_encoding() {
        let map = LineMap::new(TEXT);
        let b = TEXT.find('b').unwrap();
        assert_eq!(map.position(TEXT, b, Encoding::Utf8), Position::new(0, 5));
        assert_eq!(map.position(TEXT, b, Encoding::Utf16), Position::new(0, 3));
        assert_eq!(map.position(TEXT, b, Encoding::Utf32), Position::new(0, 2));
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let pos = map.position(TEXT, b, enc);
            assert_eq!(map.offset(TEXT, pos, enc), b);
        }
    }

    #[test]
    fn every_line_break_counts() {
        let map = LineMap::new(TEXT);
        let third = TEXT.find("third").unwrap();
        assert_eq!(
            map.position(TEXT, third, Encoding::Utf16),
            Position::new(2, 0)
        );
        let line = TEXT.find("line").unwrap();
        assert_eq!(
            map.position(TEXT, line, Encoding::Utf16),
            Position::new(1, 9)
        );
        assert_eq!(
            map.position(TEXT, line, Encoding::Utf8),
            Position::new(1, 10)
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let map = LineMap::new(TEXT);
        let end_of_first = TEXT.find('\r').unwrap();
        assert_eq!(
            map.offset(TEXT, Position::new(0, 99), Encoding::Utf16),
            end_of_first
        );
        assert_eq!(
            map.offset(TEXT, Position::new(40, 0), Encoding::Utf16),
            TEXT.len()
        );
        // Inside the surrogate pair of the emoji: the end of the emoji.
        assert_eq!(map.offset(TEXT, Position::new(0, 2), Encoding::Utf16), 5);
        assert_eq!(
            map.position(TEXT, 2, Encoding::Utf16),
            Position::new(0, 1),
            "an offset inside a character rounds down"
        );
    }

    #[test]
    fn incremental_changes() {
        let mut text = "one 😀 two\nthree".to_owned();
        let change = |sl, sc, el, ec, t: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: t.to_owned(),
        };
        apply_change(&mut text, change(0, 7, 0, 10, "2"), Encoding::Utf16);
        assert_eq!(text, "one 😀 2\nthree");
        apply_change(&mut text, change(0, 8, 1, 0, " "), Encoding::Utf16);
        assert_eq!(text, "one 😀 2 three");
        apply_change(&mut text, change(0, 4, 0, 5, ":)"), Encoding::Utf32);
        assert_eq!(text, "one :) 2 three");
        let whole = TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "new".to_owned(),
        };
        apply_change(&mut text, whole, Encoding::Utf8);
        assert_eq!(text, "new");
    }
}
