//! Line and column lookup for byte offsets in a document.

/// Byte offsets of the start of every line, for turning offsets into 1-based line and
/// character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text` (lines end at `\n`; a `\r` before it belongs to the line).
    pub fn new(text: &str) -> Self {
        // Counted first, so that a long text's index is allocated once, at its size.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut starts = Vec::with_capacity(lines + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 0-based line that holds byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(0)
    }

    /// The byte range of 0-based `line` in `text`, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and 1-based column (counted in Unicode scalar values) of byte `offset`.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// How many lines the text has.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when the index holds no line at all (never: an empty text has one empty line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// Positions of offsets that mostly increase, found by counting line breaks from the previous
/// offset instead of looking them up in a [`LineIndex`]: the same 1-based line and column.
#[derive(Debug, Clone, Default)]
pub struct LineCursor {
    /// The offset of the last position asked for.
    offset: usize,
    /// Its 0-based line.
    line: usize,
    /// Where that line starts.
    line_start: usize,
    /// Its 0-based column (in characters).
    column: usize,
}

impl LineCursor {
    /// 1-based line and column of byte `offset` of `text`, as [`LineIndex::position`].
    pub fn position(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let offset = offset.min(bytes.len());
        let chars =
            |from: usize, to: usize| text.get(from..to).map_or(to - from, |s| s.chars().count());
        if offset >= self.offset {
            let between = &bytes[self.offset..offset];
            match memchr::memrchr(b'\n', between) {
                Some(last) => {
                    self.line += memchr::memchr_iter(b'\n', between).count();
                    self.line_start = self.offset + last + 1;
                    self.column = chars(self.line_start, offset);
                }
                None => self.column += chars(self.offset, offset),
            }
        } else {
            self.line -= memchr::memchr_iter(b'\n', &bytes[offset..self.offset]).count();
            self.line_start = memchr::memrchr(b'\n', &bytes[..offset]).map_or(0, |i| i + 1);
            self.column = chars(self.line_start, offset);
        }
        self.offset = offset;
        (self.line + 1, self.column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "ab\nçé reportedly\r\nx";
        let idx = LineIndex::new(text);
        let off = text.find("reportedly").unwrap();
        assert_eq!(idx.position(text, off), (2, 4));
        assert_eq!(idx.position(text, 0), (1, 1));
        assert_eq!(idx.position(text, text.len()), (3, 2));
    }

    #[test]
    fn the_line_cursor_agrees_with_the_index() {
        let text = "aé b\nçd reportedly x\n\ny\r\nz";
        let idx = LineIndex::new(text);
        let mut cur = LineCursor::default();
        let offsets: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let jumps = [3, 0, 14, 9, 22, 1];
        for &o in offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(jumps.iter())
        {
            assert_eq!(cur.position(text, o), idx.position(text, o), "offset {o}");
        }
    }

    #[test]
    fn line_range_drops_crlf() {
        let text = "one\r\ntwo\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(&text[idx.line_range(text, 0)], "one");
        assert_eq!(&text[idx.line_range(text, 1)], "two");
        assert_eq!(&text[idx.line_range(text, 2)], "");
    }
}
