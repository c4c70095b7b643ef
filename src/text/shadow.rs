//! The normalised view of a document that rules are matched against.
//!
//! Lintable text is copied with every run of white space collapsed to one space (except spaces
//! after a full stop, question or exclamation mark, which stay as they are), markup that
//! sits inside a sentence (emphasis markers, link targets) removed, inline code and HTML
//! replaced by an opaque [`INLINE_BARRIER`], and block boundaries (paragraphs, headings, blank
//! lines) replaced by a [`BLOCK_BARRIER`]. A phrase therefore matches across line breaks but
//! never across paragraphs or code. Every byte of the view maps back to a byte of the source.

use std::ops::Range;

/// Stands for inline code, HTML or a URL: a phrase never matches across it.
pub const INLINE_BARRIER: char = '\u{1f}';
/// Separates two blocks (paragraphs, headings, list items) in the view.
pub const BLOCK_BARRIER: char = '\u{1e}';

/// One piece of a document as the Markdown or plain-text reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Source text to lint.
    Text(Range<usize>),
    /// White space that is not in the source text (a soft line break at the given offset).
    Space { at: usize, newline: bool },
    /// Something that is not linted and that no phrase may span (inline code, HTML, a URL).
    Barrier { at: usize },
    /// The end of a block.
    Break,
    /// The kind of the blocks that follow (until the next `Kind`).
    Kind(BlockKind),
}

/// What a block is in the document's structure (for rule scopes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockKind {
    /// A paragraph of prose (all of plain text).
    #[default]
    Paragraph,
    /// A heading of level 1 to 6.
    Heading(u8),
    /// A list item.
    ListItem,
    /// A block quotation.
    BlockQuote,
    /// A table cell (`header` for the head row).
    TableCell { header: bool },
}

/// The normalised view of a document, with the map back to source offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shadow {
    /// The normalised text.
    pub text: String,
    /// (view offset, source offset) at every place where the two stop advancing together.
    checkpoints: Vec<(usize, usize)>,
    /// View offsets of spaces that stand for a single line break (for the sentence splitter).
    pub line_breaks: Vec<usize>,
    /// View ranges of the blocks, in order.
    pub blocks: Vec<Range<usize>>,
    /// The kind of each block (same index as `blocks`).
    pub block_kinds: Vec<BlockKind>,
}

/// A run of white space in the source, not yet written to the view.
#[derive(Debug, Clone, Copy)]
struct PendingSpace {
    /// Source offset of the run.
    at: usize,
    /// Line breaks in the run.
    newlines: usize,
    /// The run's length in bytes while it holds only plain spaces, else `None`.
    spaces: Option<usize>,
}

struct Builder<'a> {
    source: &'a str,
    out: Shadow,
    /// White space waiting to be written.
    pending_space: Option<PendingSpace>,
    block_start: usize,
    /// The kind announced for blocks from here on.
    kind: BlockKind,
    /// The kind of the block being written (fixed by its first content).
    block_kind: BlockKind,
}

impl<'a> Builder<'a> {
    fn push_mapped(&mut self, s: &str, source_at: usize) {
        let view_at = self.out.text.len();
        if view_at == self.block_start {
            self.block_kind = self.kind;
        }
        let in_step = match self.out.checkpoints.last() {
            Some(&(v, o)) => o + (view_at - v) == source_at,
            None => false,
        };
        if !in_step {
            self.out.checkpoints.push((view_at, source_at));
        }
        self.out.text.push_str(s);
    }

    fn flush_space(&mut self) {
        if let Some(run) = self.pending_space.take() {
            if run.newlines >= 2 {
                self.end_block();
            } else if self.out.text.len() > self.block_start {
                if run.newlines == 1 {
                    self.out.line_breaks.push(self.out.text.len());
                }
                match run.spaces {
                    // Spaces after a full stop, question or exclamation mark stay as they
                    // are: how sentences are spaced is itself a style question.
                    Some(n)
                        if n > 1
                            && self.out.text.ends_with(['.', '?', '!'])
                            && self
                                .source
                                .get(run.at..run.at + n)
                                .is_some_and(|s| s.bytes().all(|b| b == b' ')) =>
                    {
                        let source = self.source;
                        self.push_mapped(&source[run.at..run.at + n], run.at);
                    }
                    _ => self.push_mapped(" ", run.at),
                }
            }
        }
    }

    fn add_space(&mut self, at: usize, newlines: usize, plain: bool) {
        match &mut self.pending_space {
            Some(run) => {
                run.newlines += newlines;
                run.spaces = run.spaces.filter(|_| plain).map(|n| n + 1);
            }
            None => {
                self.pending_space = Some(PendingSpace {
                    at,
                    newlines,
                    spaces: plain.then_some(1),
                })
            }
        }
    }

    fn end_block(&mut self) {
        self.pending_space = None;
        let len = self.out.text.len();
        if len > self.block_start {
            self.out.blocks.push(self.block_start..len);
            self.out.block_kinds.push(self.block_kind);
            let at = self.last_source_end();
            self.push_mapped(BLOCK_BARRIER.encode_utf8(&mut [0; 4]), at);
            self.block_start = self.out.text.len();
        }
    }

    fn last_source_end(&self) -> usize {
        match self.out.checkpoints.last() {
            Some(&(v, o)) => o + (self.out.text.len() - v),
            None => 0,
        }
    }

    fn text(&mut self, range: Range<usize>) {
        let source = self.source;
        let bytes = &source.as_bytes()[..range.end];
        let mut i = range.start;
        let mut run_start = i;
        while i < range.end {
            if run_start < i {
                // Inside a run, eight bytes of ASCII words and single spaces at a time.
                while let Some(chunk) = bytes.get(i..i + 8) {
                    let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
                    if !plain_chunk(word) {
                        break;
                    }
                    i += 8;
                }
                // A single plain space between two words is written as it stands, so it
                // stays inside the run: the run is written with one copy.
                if bytes.get(i) == Some(&b' ')
                    && bytes
                        .get(i + 1)
                        .is_some_and(|&n| n < 0x80 && !is_ascii_space(n))
                {
                    i += 1;
                    continue;
                }
                if i >= range.end {
                    break;
                }
            }
            let b = bytes[i];
            let (is_space, width) = if b < 0x80 {
                (is_ascii_space(b), 1)
            } else {
                let c = source[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            };
            if is_space {
                if run_start < i {
                    self.flush_space();
                    self.push_mapped(&source[run_start..i], run_start);
                }
                self.add_space(i, usize::from(b == b'\n'), b == b' ');
                i += width;
                run_start = i;
            } else {
                i += width;
            }
        }
        if run_start < range.end {
            self.flush_space();
            self.push_mapped(&source[run_start..range.end], run_start);
        }
    }

    fn barrier(&mut self, at: usize) {
        self.flush_space();
        self.push_mapped(INLINE_BARRIER.encode_utf8(&mut [0; 4]), at);
    }
}

/// Removes `cuts` (byte ranges of the source, each a block or an inline span) from the text
/// pieces: a block cut becomes a block break, an inline cut a barrier.
pub fn carve(pieces: &[Piece], cuts: &mut [(Range<usize>, bool)]) -> Vec<Piece> {
    cuts.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = Vec::with_capacity(pieces.len() + cuts.len() * 2);
    for piece in pieces {
        let Piece::Text(range) = piece else {
            out.push(piece.clone());
            continue;
        };
        let mut at = range.start;
        for (cut, block) in cuts
            .iter()
            .filter(|(c, _)| c.start < range.end && c.end > range.start)
        {
            let (cs, ce) = (cut.start.max(range.start), cut.end.min(range.end));
            if cs > at {
                out.push(Piece::Text(at..cs));
            }
            if ce > at {
                out.push(if *block {
                    Piece::Break
                } else {
                    Piece::Barrier { at: cs }
                });
                at = ce;
            }
        }
        if at < range.end {
            out.push(Piece::Text(at..range.end));
        }
    }
    out
}

impl Shadow {
    /// Builds the view of `source` from the reader's pieces. A long source is built in
    /// parallel, in stretches cut after blank lines; the view is the same as in one pass.
    pub fn build(source: &str, pieces: &[Piece]) -> Shadow {
        let stretches = crate::matcher::parallel_pieces(source.len());
        let targets: Vec<usize> = (1..stretches)
            .map(|i| i * source.len() / stretches)
            .collect();
        Shadow::build_split(source, pieces, &targets)
    }

    /// [`Shadow::build`] with the pieces cut at the first blank line of a text piece at or
    /// after each of `targets` (source offsets, ascending), the stretches built in parallel.
    pub fn build_split(source: &str, pieces: &[Piece], targets: &[usize]) -> Shadow {
        let stretches = Stretch::cut(source, pieces, targets);
        if stretches.len() <= 1 {
            let mut out = build_stretch(source, pieces, BlockKind::Paragraph);
            trim_last_barrier(&mut out);
            return out;
        }
        Stretch::join_views(source, &stretches)
    }

    /// The views of consecutive stretches, each ending with a block barrier, joined into the
    /// view of the whole (without the barrier after its last block). Each part is dropped as
    /// soon as it is copied.
    fn join(parts: Vec<Shadow>) -> Shadow {
        let mut parts = parts.into_iter();
        let Some(mut out) = parts.next() else {
            return Shadow::default();
        };
        let rest = parts.as_slice();
        out.text.reserve(rest.iter().map(|b| b.text.len()).sum());
        out.checkpoints
            .reserve(rest.iter().map(|b| b.checkpoints.len()).sum());
        out.line_breaks
            .reserve(rest.iter().map(|b| b.line_breaks.len()).sum());
        out.blocks
            .reserve(rest.iter().map(|b| b.blocks.len()).sum());
        out.block_kinds.reserve(rest.len());
        for part in parts {
            let base = out.text.len();
            let mut checkpoints = part.checkpoints.into_iter();
            // A stretch's first checkpoint is redundant when the text runs on in step.
            if let (Some(&(v, o)), Some(&(pv, po))) =
                (part_first(&checkpoints), out.checkpoints.last())
                && po + (base + v - pv) == o
            {
                checkpoints.next();
            }
            out.checkpoints
                .extend(checkpoints.map(|(v, o)| (base + v, o)));
            out.text.push_str(&part.text);
            out.line_breaks
                .extend(part.line_breaks.iter().map(|b| base + b));
            out.blocks
                .extend(part.blocks.iter().map(|b| base + b.start..base + b.end));
            out.block_kinds.extend(part.block_kinds);
        }
        trim_last_barrier(&mut out);
        out
    }

    /// The source offset of the view byte at `offset`.
    pub fn source_offset(&self, offset: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(v, _)| v <= offset);
        match i.checked_sub(1).and_then(|i| self.checkpoints.get(i)) {
            Some(&(v, o)) => o + (offset - v),
            None => offset,
        }
    }

    /// The source byte range of the non-empty view range `range`.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(range.start);
        let end = self.source_offset(range.end.saturating_sub(1).max(range.start)) + 1;
        start..end.max(start)
    }

    /// The index of the block that holds view offset `offset`, if any.
    pub fn block_of(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.end <= offset);
        (i < self.blocks.len() && self.blocks[i].start <= offset).then_some(i)
    }
}

fn part_first(checkpoints: &std::vec::IntoIter<(usize, usize)>) -> Option<&(usize, usize)> {
    checkpoints.as_slice().first()
}

/// Drops the block barrier after the last block.
fn trim_last_barrier(shadow: &mut Shadow) {
    if shadow.text.ends_with(BLOCK_BARRIER) {
        shadow.text.pop();
    }
}

/// The view of one stretch of pieces that starts a block, with `kind` the kind announced
/// before it; its view ends with a block barrier.
/// ASCII white space as the view reads it (with the vertical tab, unlike
/// [`u8::is_ascii_whitespace`]).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Whether eight source bytes (little-endian in `word`) can be copied to the view as they
/// stand, inside a run of text: printable ASCII whose spaces are single and not last (a
/// space is kept only between two non-space bytes).
fn plain_chunk(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of 0x80 or above: UTF-8, which may hold white space.
    if word & HIGH != 0 {
        return false;
    }
    // A byte below 0x21: a control character, other white space, or a space.
    let low = word.wrapping_sub(ONES * 0x21) & !word & HIGH;
    if low == 0 {
        return true;
    }
    let spaces = word ^ (ONES * 0x20);
    let is_space = spaces.wrapping_sub(ONES) & !spaces & HIGH;
    // Below 0x21 and not a space (the borrow of `is_space` only marks too many bytes,
    // which sends a chunk to the byte-by-byte path, never too few).
    if low & !is_space != 0 {
        return false;
    }
    is_space & (is_space << 8) == 0 && is_space >> 56 == 0
}

fn build_stretch(source: &str, pieces: &[Piece], kind: BlockKind) -> Shadow {
    build_stretch_in(source, pieces, kind, Shadow::default())
}

/// [`build_stretch`] into the buffers of `out`, whose contents are dropped first.
fn build_stretch_in(source: &str, pieces: &[Piece], kind: BlockKind, mut out: Shadow) -> Shadow {
    out.text.clear();
    out.checkpoints.clear();
    out.line_breaks.clear();
    out.blocks.clear();
    out.block_kinds.clear();
    out.text.reserve(
        pieces
            .iter()
            .map(|p| match p {
                Piece::Text(r) => r.len(),
                _ => 1,
            })
            .sum(),
    );
    let mut b = Builder {
        source,
        out,
        pending_space: None,
        block_start: 0,
        kind,
        block_kind: kind,
    };
    for piece in pieces {
        match piece {
            Piece::Text(r) => b.text(r.clone()),
            Piece::Space { at, newline } => b.add_space(*at, usize::from(*newline), false),
            Piece::Barrier { at } => b.barrier(*at),
            Piece::Break => b.end_block(),
            Piece::Kind(k) => b.kind = *k,
        }
    }
    b.end_block();
    b.out
}

/// A run of a document's pieces that starts a block, so that its view can be built on its
/// own: the views of a document's stretches, one after another, are the document's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// The reader's pieces of the stretch.
    pub pieces: Vec<Piece>,
    /// The block kind announced before the stretch.
    pub kind: BlockKind,
}

impl Stretch {
    /// `pieces` cut right after the first blank line (`\n\n`) of a text piece at or after
    /// each of `targets` (source offsets, ascending).
    pub fn cut(source: &str, pieces: &[Piece], targets: &[usize]) -> Vec<Stretch> {
        split_at_blank_lines(source, pieces, targets)
    }

    /// `pieces` cut into stretches of about `bytes` bytes of source each.
    pub fn cut_every(source: &str, pieces: &[Piece], bytes: usize) -> Vec<Stretch> {
        let targets: Vec<usize> = (1..source.len().div_ceil(bytes.max(1)))
            .map(|i| i * bytes)
            .collect();
        Stretch::cut(source, pieces, &targets)
    }

    /// The view of this stretch of `source`. It ends with a block barrier unless `last` (the
    /// document's last stretch, whose view ends the document's).
    pub fn view(&self, source: &str, last: bool) -> Shadow {
        self.view_in(source, last, Shadow::default())
    }

    /// [`Stretch::view`] built in the buffers of `spare` (a view no longer needed), so that
    /// views built one after another reuse one allocation.
    pub fn view_in(&self, source: &str, last: bool, spare: Shadow) -> Shadow {
        let mut out = build_stretch_in(source, &self.pieces, self.kind, spare);
        if last {
            trim_last_barrier(&mut out);
        }
        out
    }

    /// The whole view of a document cut into `stretches` (in order).
    pub fn join_views(source: &str, stretches: &[Stretch]) -> Shadow {
        use rayon::prelude::*;
        let built: Vec<Shadow> = stretches
            .par_iter()
            .map(|s| build_stretch(source, &s.pieces, s.kind))
            .collect();
        Shadow::join(built)
    }
}

/// The pieces cut into stretches, each with the block kind announced before it: a cut falls
/// right after the first blank line (`\n\n`) of a text piece at or after each target. There
/// the view has just ended a block, whatever came before, so each stretch can be built on
/// its own.
fn split_at_blank_lines(source: &str, pieces: &[Piece], targets: &[usize]) -> Vec<Stretch> {
    let mut out: Vec<Stretch> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut kind = BlockKind::Paragraph;
    let mut current_kind = kind;
    let mut targets = targets.iter().copied().peekable();
    let finder = memchr::memmem::Finder::new("\n\n");
    for piece in pieces {
        let Piece::Text(range) = piece else {
            if let Piece::Kind(k) = piece {
                kind = *k;
            }
            current.push(piece.clone());
            continue;
        };
        let mut at = range.start;
        while let Some(&target) = targets.peek() {
            if target >= range.end {
                break;
            }
            let from = target.max(at);
            let Some(i) = finder.find(&source.as_bytes()[from..range.end]) else {
                break;
            };
            let cut = from + i + 2;
            current.push(Piece::Text(at..cut));
            out.push(Stretch {
                pieces: std::mem::take(&mut current),
                kind: current_kind,
            });
            current_kind = kind;
            at = cut;
            while targets.peek().is_some_and(|&t| t < cut) {
                targets.next();
            }
        }
        if at < range.end {
            current.push(Piece::Text(at..range.end));
        }
    }
    out.push(Stretch {
        pieces: current,
        kind: current_kind,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Shadow {
        Shadow::build(s, &[Piece::Text(0..s.len())])
    }

    #[test]
    fn a_view_is_cut_after_blank_lines_and_built_in_stretches() {
        let src = "One  para.\n\nTwo\nlines.\n\n\n  Three.";
        let pieces = [Piece::Text(0..src.len())];
        let cut = Stretch::cut(src, &pieces, &[1, 2, 14]);
        let texts: Vec<Vec<&str>> = cut
            .iter()
            .map(|s| {
                s.pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(r) => &src[r.clone()],
                        _ => "?",
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["One  para.\n\n"],
                vec!["Two\nlines.\n\n"],
                vec!["\n  Three."]
            ]
        );
        let whole = Shadow::build_split(src, &pieces, &[]);
        assert_eq!(whole.text, "One para.\u{1e}Two lines.\u{1e}Three.");
        assert_eq!(Shadow::build_split(src, &pieces, &[1, 2, 14]), whole);
        assert_eq!(Stretch::join_views(src, &cut), whole);
        // Each stretch's own view, the last without its closing barrier, reads as the whole.
        let views: Vec<String> = cut
            .iter()
            .enumerate()
            .map(|(i, s)| s.view(src, i + 1 == cut.len()).text)
            .collect();
        assert_eq!(views.concat(), whole.text);
    }

    #[test]
    fn collapses_white_space_and_maps_back() {
        let src = "according  to\n\treports, it said";
        let sh = plain(src);
        assert_eq!(sh.text, "according to reports, it said");
        let at = sh.text.find("reports").unwrap();
        let r = sh.source_range(at..at + 7);
        assert_eq!(&src[r], "reports");
        assert_eq!(sh.line_breaks, vec![12]);
    }

    #[test]
    fn spaces_between_sentences_stay_as_written() {
        let src = "It ended.  Then  it rained!   Yes.\t\tNo.\n  More?  Fine";
        let sh = plain(src);
        assert_eq!(sh.text, "It ended.  Then it rained!   Yes. No. More?  Fine");
        let at = sh.text.find("Fine").unwrap();
        assert_eq!(sh.source_offset(at), src.find("Fine").unwrap());
    }

    #[test]
    fn single_spaces_are_copied_with_their_words_and_map_back() {
        let src = "a b \u{a0}c d\te  f. G h\n i \u{2003}j k";
        let sh = plain(src);
        assert_eq!(sh.text, "a b c d e f. G h i j k");
        assert_eq!(sh.line_breaks, vec![sh.text.find(" i").unwrap()]);
        for (at, c) in sh.text.char_indices() {
            let from = sh.source_offset(at);
            let found = src[from..].chars().next().unwrap();
            assert!(
                c == found || c == ' ' && found.is_whitespace(),
                "{c:?} at {at}"
            );
        }
    }

    #[test]
    fn a_plain_chunk_is_printable_ascii_with_single_inner_spaces() {
        let naive = |bytes: [u8; 8]| {
            bytes
                .iter()
                .all(|&b| b == b' ' || (0x21..0x80).contains(&b))
                && bytes.windows(2).all(|w| w != b"  ")
                && bytes[7] != b' '
        };
        let alphabet = [
            0x00, 0x09, 0x0a, 0x0d, 0x1f, b' ', b'!', b'"', b'a', b'Z', 0x7f, 0x80, 0xc2, 0xe2,
            0xff,
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            let mut bytes = [0u8; 8];
            for b in &mut bytes {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                *b = alphabet[(state % alphabet.len() as u64) as usize];
            }
            let fast = plain_chunk(u64::from_le_bytes(bytes));
            // Never a chunk the byte-by-byte path would treat differently; a space before
            // `!` may send a plain chunk there too.
            assert!(!fast || naive(bytes), "{bytes:?}");
            if naive(bytes) && !bytes.windows(2).any(|w| w == b" !") {
                assert!(fast, "{bytes:?}");
            }
        }
        assert!(plain_chunk(u64::from_le_bytes(*b"said it.")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"said it ")));
        assert!(!plain_chunk(u64::from_le_bytes(*b"said\nit.")));
    }

    #[test]
    fn blank_lines_end_blocks() {
        let src = "First para\nstill first.\n\n  Second para.";
        let sh = plain(src);
        assert_eq!(sh.blocks.len(), 2);
        assert_eq!(&sh.text[sh.blocks[0].clone()], "First para still first.");
        assert_eq!(&sh.text[sh.blocks[1].clone()], "Second para.");
        let at = sh.text.find("Second").unwrap();
        assert_eq!(sh.source_offset(at), src.find("Second").unwrap());
    }

    #[test]
    fn multibyte_white_space_and_text_map_exactly() {
        let src = "é\u{a0}\u{a0}reportedly ü";
        let sh = plain(src);
        assert_eq!(sh.text, "é reportedly ü");
        let at = sh.text.find("reportedly").unwrap();
        assert_eq!(&src[sh.source_range(at..at + 10)], "reportedly");
        let u = sh.text.find('ü').unwrap();
        assert_eq!(&src[sh.source_range(u..u + 2)], "ü");
    }

    #[test]
    fn barriers_and_dropped_markup() {
        let src = "according to *reports* and `code` here";
        let pieces = vec![
            Piece::Text(0..13),
            Piece::Text(14..21),
            Piece::Text(22..27),
            Piece::Barrier { at: 27 },
            Piece::Text(33..38),
        ];
        let sh = Shadow::build(src, &pieces);
        assert_eq!(sh.text, "according to reports and \u{1f} here");
        let at = sh.text.find("reports").unwrap();
        assert_eq!(&src[sh.source_range(at..at + 7)], "reports");
        let h = sh.text.find("here").unwrap();
        assert_eq!(&src[sh.source_range(h..h + 4)], "here");
    }
}
