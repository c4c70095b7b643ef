//! A long plain-text file read a chunk at a time, so that it is never held whole: each chunk
//! ends right after a blank line (`\n\n`, or `\n\r\n` as in Windows line ends) outside
//! HTML comments, where the view has just ended a block, so each can be read as a document
//! of its own and the findings are those of the whole text (see
//! [`crate::lint::ChunkedLint`]).

use std::io::{self, Read};

use super::source::{self, DecodeError, SourceText};
use crate::lint::ChunkStart;

/// Bytes asked of the input at least, when the pending bytes are short of a cut.
const MIN_READ: usize = 64 << 10;

/// One chunk of the text.
#[derive(Debug)]
pub struct Chunk {
    /// Its text, with the file's byte order mark length (the mark itself is in no chunk).
    pub source: SourceText,
    /// Where it starts in the whole text.
    pub start: ChunkStart,
}

/// Why a file could not be read in chunks.
#[derive(Debug, thiserror::Error)]
pub enum ChunkError {
    /// The bytes are not text; reported as when the file is read whole.
    #[error("{0}")]
    Decode(DecodeError),
    /// Reading failed.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The file grew past the size cap while it was read.
    #[error("larger than the size cap")]
    TooLarge,
}

/// Reads `input` in chunks of about `chunk_bytes` bytes or more (a chunk runs on to the
/// next cut), decoded as [`super::source::decode`] decodes a whole file. A text with no
/// cut is read as one chunk. A decoding error is the one the whole file would give: a NUL
/// byte anywhere makes the file binary, even after a byte that is not UTF-8.
pub struct ChunkReader<R> {
    input: R,
    /// Bytes read; those from `head` on are not yet handed out.
    pending: Vec<u8>,
    head: usize,
    chunk_bytes: usize,
    /// Bytes of input allowed in all.
    cap: u64,
    /// Bytes of input read so far.
    read: u64,
    eof: bool,
    /// Once all is read: where the last `-->` in `pending` starts, if there is one.
    last_close: Option<usize>,
    /// No chunk is left, or an error has been given.
    done: bool,
    /// The byte order mark's length, once the first chunk is out.
    bom_len: Option<usize>,
    start: ChunkStart,
}

impl<R: Read> ChunkReader<R> {
    /// A reader of `input` in chunks of about `chunk_bytes`, failing once more than `cap`
    /// bytes have been read.
    pub fn new(input: R, chunk_bytes: usize, cap: u64) -> Self {
        ChunkReader {
            input,
            pending: Vec::new(),
            head: 0,
            chunk_bytes: chunk_bytes.max(2),
            cap,
            read: 0,
            eof: false,
            last_close: None,
            done: false,
            bom_len: None,
            start: ChunkStart::default(),
        }
    }

    /// The bytes read and not yet handed out.
    fn rest(&self) -> &[u8] {
        &self.pending[self.head..]
    }

    /// Reads more input into `pending`: enough to make up a chunk and look past its end, and
    /// at least [`MIN_READ`] bytes. A UTF-16 text is known from its first bytes.
    fn fill(&mut self) -> Result<(), ChunkError> {
        self.pending.drain(..self.head);
        self.head = 0;
        let have = self.pending.len();
        // Past a chunk's length with no cut yet, the pending bytes double on each read, so
        // that the searches for a cut, each from the start, add up to linear time.
        let want = if have < self.chunk_bytes {
            self.chunk_bytes - have + MIN_READ
        } else {
            (have - self.chunk_bytes).max(MIN_READ)
        };
        // Room for exactly what is asked: reading into a full buffer would double it.
        self.pending.reserve_exact(want);
        let n = (&mut self.input)
            .take(want as u64)
            .read_to_end(&mut self.pending)?;
        self.read += n as u64;
        self.eof = n == 0;
        if self.eof {
            self.last_close = memchr::memmem::rfind(&self.pending, b"-->");
        }
        if self.read > self.cap {
            return Err(ChunkError::TooLarge);
        }
        if self.bom_len.is_none() && source::starts_utf16(&self.pending) {
            return Err(ChunkError::Decode(DecodeError::Utf16));
        }
        Ok(())
    }

    /// Where the next chunk ends: right after the first blank line that ends at or after
    /// about `chunk_bytes` (a blank line may straddle that length) and that no HTML comment
    /// spans. `None`: more input is needed to know.
    fn cut(&self) -> Option<usize> {
        let bytes = self.rest();
        let close = memchr::memmem::Finder::new("-->");
        let mut from = self.chunk_bytes.saturating_sub(3);
        loop {
            let cut = blank_line_end(bytes, from)?;
            let Some(open) = super::unclosed_comment(&bytes[..cut]) else {
                return Some(cut);
            };
            // A `<!--` closed nowhere in the whole file opens no comment. Once all is read,
            // the last `-->` says so without a search.
            let closed_later = self.last_close.is_some_and(|at| at >= self.head + open + 4);
            if self.eof && !closed_later {
                return Some(cut);
            }
            match close.find(&bytes[open + 4..]) {
                Some(i) => from = open + 4 + i + 3,
                None => return None,
            }
        }
    }

    /// The next chunk's bytes, or `None` at the end.
    fn next_bytes(&mut self) -> Result<Option<Vec<u8>>, ChunkError> {
        let cut = loop {
            if let Some(cut) = self.cut() {
                break cut;
            }
            if self.eof {
                if self.rest().is_empty() && self.bom_len.is_some() {
                    return Ok(None);
                }
                break self.rest().len();
            }
            self.fill()?;
        };
        let end = self.head + cut;
        if self.head == 0 && 2 * end >= self.pending.len() {
            // The usual case, a little read past the cut: the buffer becomes the chunk, its
            // room trimmed when that was grown far past it, and the rest moves to a new one.
            let rest = self.pending.split_off(end);
            let mut bytes = std::mem::replace(&mut self.pending, rest);
            if bytes.capacity() - bytes.len() > MIN_READ {
                bytes.shrink_to_fit();
            }
            return Ok(Some(bytes));
        }
        // Far more was read than the chunk (past a long comment): it is copied out, so that
        // it holds no room for the rest.
        let bytes = self.pending[self.head..end].to_vec();
        self.head = end;
        Ok(Some(bytes))
    }

    /// The decoding error of a file whose bytes from here on are not UTF-8: that, unless a
    /// NUL byte follows, which makes it binary.
    fn not_utf8(&mut self, offset: usize) -> ChunkError {
        loop {
            if memchr::memchr(0, self.rest()).is_some() {
                return ChunkError::Decode(DecodeError::Binary);
            }
            self.pending.clear();
            self.head = 0;
            if self.eof {
                return ChunkError::Decode(DecodeError::InvalidUtf8 { offset });
            }
            if let Err(e) = self.fill() {
                return e;
            }
        }
    }

    fn next_chunk(&mut self) -> Result<Option<Chunk>, ChunkError> {
        let Some(mut bytes) = self.next_bytes()? else {
            return Ok(None);
        };
        let bom_len = match self.bom_len {
            Some(len) => len,
            None => {
                let len = source::utf8_bom_len(&bytes);
                bytes.drain(..len);
                self.bom_len = Some(len);
                len
            }
        };
        if memchr::memchr(0, &bytes).is_some() {
            return Err(ChunkError::Decode(DecodeError::Binary));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let offset = bom_len + self.start.offset + e.utf8_error().valid_up_to();
                return Err(self.not_utf8(offset));
            }
        };
        let start = self.start;
        self.start.offset += text.len();
        self.start.line += memchr::memchr_iter(b'\n', text.as_bytes()).count();
        Ok(Some(Chunk {
            source: SourceText { text, bom_len },
            start,
        }))
    }
}

/// The end of the first blank line in `bytes` from `from` on: of `\n\n`, or of `\n\r\n`
/// (a line break, a carriage return and a line break, as in `\r\n\r\n`). The view ends a
/// block at each, since the white space between the two breaks holds two of them.
fn blank_line_end(bytes: &[u8], from: usize) -> Option<usize> {
    let tail = bytes.get(from..)?;
    memchr::memchr_iter(b'\n', tail).find_map(|i| {
        let after = &tail[i + 1..];
        if after.starts_with(b"\n") {
            Some(from + i + 2)
        } else if after.starts_with(b"\r\n") {
            Some(from + i + 3)
        } else {
            None
        }
    })
}

impl<R: Read> Iterator for ChunkReader<R> {
    type Item = Result<Chunk, ChunkError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let next = self.next_chunk();
        self.done = !matches!(next, Ok(Some(_)));
        next.transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::source::decode;

    fn chunks(bytes: &[u8], size: usize) -> Result<Vec<Chunk>, ChunkError> {
        ChunkReader::new(bytes, size, u64::MAX).collect()
    }

    fn texts(bytes: &[u8], size: usize) -> Vec<String> {
        chunks(bytes, size)
            .map(|c| c.into_iter().map(|c| c.source.text).collect())
            .unwrap_or_default()
    }

    #[test]
    fn chunks_end_after_blank_lines_and_know_where_they_start() {
        let text = "One.\n\nTwo\nlines.\n\nThree.\n\n\nFour.";
        let got = chunks(text.as_bytes(), 3).unwrap_or_default();
        let parts: Vec<(&str, usize, usize)> = got
            .iter()
            .map(|c| (c.source.text.as_str(), c.start.offset, c.start.line))
            .collect();
        assert_eq!(
            parts,
            [
                ("One.\n\n", 0, 0),
                ("Two\nlines.\n\n", 6, 2),
                ("Three.\n\n", 18, 5),
                ("\nFour.", 26, 7),
            ]
        );
    }

    #[test]
    fn a_text_with_windows_line_ends_is_cut_after_its_blank_lines() {
        let text = "One.\r\n\r\nTwo\r\nlines.\r\n\r\n\r\nThree.\n\r\nFour.\r";
        assert_eq!(
            texts(text.as_bytes(), 1),
            [
                "One.\r\n\r\n",
                "Two\r\nlines.\r\n\r\n",
                "\r\nThree.\n\r\n",
                "Four.\r"
            ]
        );
        // A break and a return with no second break is no blank line.
        assert_eq!(texts(b"a\n\rb\n\r", 1), ["a\n\rb\n\r"]);
    }

    #[test]
    fn a_chunk_runs_on_past_a_comment_that_spans_blank_lines() {
        let text = "A.\n\n<!-- x\n\ny -->\n\nB.\n\nC.";
        assert_eq!(
            texts(text.as_bytes(), 1),
            ["A.\n\n", "<!-- x\n\ny -->\n\n", "B.\n\n", "C."]
        );
        // Never closed, a `<!--` is text like any other, and the cut stands.
        let open = "A <!-- x\n\nB.\n\nC.";
        assert_eq!(texts(open.as_bytes(), 1), ["A <!-- x\n\n", "B.\n\n", "C."]);
        // One closed, then one never closed.
        let both = "A.\n\n<!-- a\n\nb -->\n\nC <!-- x\n\nD.\n\nE.";
        assert_eq!(
            texts(both.as_bytes(), 1),
            [
                "A.\n\n",
                "<!-- a\n\nb -->\n\n",
                "C <!-- x\n\n",
                "D.\n\n",
                "E."
            ]
        );
    }

    #[test]
    fn a_text_without_blank_lines_is_one_chunk_and_an_empty_one_is_one_empty_chunk() {
        assert_eq!(texts(b"a\nb\nc", 1), ["a\nb\nc"]);
        assert_eq!(texts(b"", 4), [""]);
    }

    #[test]
    fn the_chunks_join_into_the_decoded_text() {
        let text = "\u{feff}Über.\n\nZwei «Sätze».\n\n\n\nDrei.\n".repeat(40);
        let whole = decode(text.clone().into_bytes())
            .map(|s| s.text)
            .unwrap_or_default();
        for size in [1, 7, 30, 200, 5000] {
            let got = chunks(text.as_bytes(), size).unwrap_or_default();
            assert!(got.iter().all(|c| c.source.bom_len == 3));
            let joined: String = got.iter().map(|c| c.source.text.as_str()).collect();
            assert_eq!(joined, whole, "chunks of {size}");
        }
    }

    #[test]
    fn decoding_errors_are_those_of_the_whole_file() {
        let mut bad = b"ok.\n\n".repeat(10);
        bad.extend(b"\xff more.\n\n");
        bad.extend(b"ok.\n\n".repeat(10));
        for size in [1, 4, 1000] {
            let err = chunks(&bad, size).map(|_| ()).map_err(|e| e.to_string());
            assert_eq!(err, Err("invalid UTF-8 at byte offset 50".to_owned()));
        }
        let mut nul_after = bad.clone();
        nul_after.extend(b"\0");
        assert!(matches!(
            chunks(&nul_after, 4),
            Err(ChunkError::Decode(DecodeError::Binary))
        ));
        assert!(matches!(
            chunks(b"\xff\xfea\0b", 1),
            Err(ChunkError::Decode(DecodeError::Utf16))
        ));
    }

    #[test]
    fn a_chunk_holds_no_room_for_what_was_read_past_it() {
        // An unclosed `<!--` makes the reader look to the end for its close.
        let text = format!("<!-- open\n\n{}", "A paragraph.\n\n".repeat(20_000));
        let got = chunks(text.as_bytes(), 1000).unwrap_or_default();
        assert!(got.len() > 100);
        for chunk in &got {
            let text = &chunk.source.text;
            assert!(
                text.capacity() <= text.len() + MIN_READ,
                "{}",
                text.capacity()
            );
        }
        let joined: String = got.iter().map(|c| c.source.text.as_str()).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn utf16_is_known_from_the_first_bytes() {
        // Endless input: only the first read can be made before the answer.
        let input = (&[0xff, 0xfe][..]).chain(io::repeat(b'a'));
        let got = ChunkReader::new(input, 4, 10 << 20).next();
        assert!(matches!(
            got,
            Some(Err(ChunkError::Decode(DecodeError::Utf16)))
        ));
    }

    #[test]
    fn reading_past_the_cap_fails() {
        let text = b"a.\n\n".repeat(100);
        let got: Result<Vec<Chunk>, _> = ChunkReader::new(&text[..], 8, 399).collect();
        assert!(matches!(got, Err(ChunkError::TooLarge)));
        let got: Result<Vec<Chunk>, _> = ChunkReader::new(&text[..], 8, 400).collect();
        assert!(got.is_ok());
    }
}
