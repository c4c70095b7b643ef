//! The lint engine: matches, context filters and findings.

mod finding;
pub mod suppress;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub use finding::{Finding, set_positions, stable_hash};

use crate::kinds as checks;
use crate::matcher::{Candidate, Matcher};
use crate::rule::{Pattern, QuoteMode, Rule, RuleSet, format_go};
use crate::text::{Document, Shadow, quotes, sentence};

/// A rule's pattern failed on a document (it hit the backtrack limit).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {rule} gave up: {message}")]
pub struct LintError {
    /// The rule whose pattern failed.
    pub rule: String,
    /// What happened.
    pub message: String,
}

/// A rule set compiled for matching. Build it once and lint many documents with it, from
/// any number of threads.
#[derive(Debug, Clone)]
pub struct Linter {
    rules: RuleSet,
    matcher: Matcher,
}

/// Sentences and quotations of the blocks of one view, computed only for blocks that have a
/// match.
#[derive(Default)]
struct BlockContext {
    sentences: HashMap<usize, Vec<Range<usize>>>,
    quotations: HashMap<usize, Vec<Range<usize>>>,
}

impl BlockContext {
    fn sentence<'v>(&mut self, view: &'v Shadow, block: usize, at: usize) -> &'v str {
        &view.text[self.sentence_range(view, block, at)]
    }

    /// The view range of the sentence of `block` that holds view offset `at` (the whole block
    /// when no sentence does).
    fn sentence_range(&mut self, view: &Shadow, block: usize, at: usize) -> Range<usize> {
        let range = view.blocks[block].clone();
        let text = &view.text[range.clone()];
        let list = self.sentences.entry(block).or_insert_with(|| {
            let lo = view.line_breaks.partition_point(|&b| b < range.start);
            let hi = view.line_breaks.partition_point(|&b| b < range.end);
            let breaks: Vec<usize> = view.line_breaks[lo..hi]
                .iter()
                .map(|b| b - range.start)
                .collect();
            sentence::split(text, &breaks)
        });
        let rel = at - range.start;
        // Sentences are sorted and disjoint: the candidate is the last one starting at or
        // before `rel`.
        let i = list.partition_point(|s| s.start <= rel);
        i.checked_sub(1)
            .map(|i| &list[i])
            .filter(|s| rel < s.end)
            .map_or(range.clone(), |s| {
                range.start + s.start..range.start + s.end
            })
    }

    /// Whether `span` of `block` lies inside a quotation of that block. (Whether the whole
    /// block is an interview answer depends on the whole document: see [`TurnFacts`].)
    fn in_quotation(&mut self, view: &Shadow, block: usize, span: Range<usize>) -> bool {
        let range = view.blocks[block].clone();
        let list = self
            .quotations
            .entry(block)
            .or_insert_with(|| quotes::quotations(&view.text[range.clone()]));
        let (s, e) = (span.start - range.start, span.end - range.start);
        // Quotations are sorted and disjoint.
        let i = list.partition_point(|q| q.start <= s);
        i.checked_sub(1).is_some_and(|i| e <= list[i].end)
    }
}

/// What decides which blocks are interview answers, where a rule that skips quotations
/// stays quiet: the speaker labels that open blocks and which blocks are short lines. A
/// document reads as a transcript or not as a whole, so this is gathered from every block
/// (of every stretch) before the findings it affects are kept or dropped.
#[derive(Debug, Default)]
struct TurnFacts {
    /// (block, index in `names`) for each block that opens with a speaker label.
    labels: Vec<(usize, u32)>,
    /// The distinct labels (a long interview repeats a few names many times).
    names: Vec<String>,
    /// Whether each block is a short line (see [`quotes::is_short_line`]).
    short: Vec<bool>,
}

impl TurnFacts {
    /// The facts of `view`'s blocks. Which blocks are short lines matters only in a
    /// transcript: without `short`, they are looked at only if the labels make `view` one.
    fn of(view: &Shadow, short: bool) -> TurnFacts {
        let blocks = || view.blocks.iter().map(|b| &view.text[b.clone()]);
        let mut facts = TurnFacts::default();
        let mut ids: HashMap<&str, u32> = HashMap::new();
        for (i, block) in blocks().enumerate() {
            if let Some(label) = quotes::speaker_label(block) {
                let id = *ids.entry(label).or_insert_with(|| {
                    facts.names.push(label.to_owned());
                    (facts.names.len() - 1) as u32
                });
                facts.labels.push((i, id));
            }
        }
        if short || !facts.turns().is_empty() {
            facts.short = blocks().map(quotes::is_short_line).collect();
        } else {
            facts.short = vec![false; view.blocks.len()];
        }
        facts
    }

    /// The facts of `blocks` blocks of which none opens with a speaker label.
    fn unlabelled(blocks: usize) -> TurnFacts {
        TurnFacts {
            short: vec![false; blocks],
            ..TurnFacts::default()
        }
    }

    /// The blocks that open a speaker's turn, if the blocks so far read as a transcript.
    fn turns(&self) -> Vec<usize> {
        let sides: Vec<Option<bool>> = self
            .names
            .iter()
            .map(|n| quotes::question_or_answer(n))
            .collect();
        quotes::transcript_turns_by(&self.labels, |id| sides[id as usize])
    }

    /// Appends the facts of the next stretch's blocks.
    fn append(&mut self, next: TurnFacts) {
        let base = self.short.len();
        let mut known: HashMap<&str, u32> = HashMap::new();
        for (i, n) in self.names.iter().enumerate() {
            known.insert(n, i as u32);
        }
        let mut added = Vec::new();
        let ids: Vec<u32> = next
            .names
            .into_iter()
            .map(|name| match known.get(name.as_str()) {
                Some(&i) => i,
                None => {
                    added.push(name);
                    (self.names.len() + added.len() - 1) as u32
                }
            })
            .collect();
        self.names.extend(added);
        self.labels.extend(
            next.labels
                .into_iter()
                .map(|(b, id)| (base + b, ids[id as usize])),
        );
        self.short.extend(next.short);
    }

    /// A test for whether a block lies in a speaker's turn: the document is a transcript and
    /// the block is a labelled turn or one of the few paragraphs after one.
    fn in_turn(&self) -> impl Fn(usize) -> bool + '_ {
        let turns = self.turns();
        move |block| {
            // A turn's answer may run on for a few paragraphs without a new speaker label.
            let Some(last) = turns
                .partition_point(|&t| t <= block)
                .checked_sub(1)
                .map(|i| turns[i])
            else {
                return false;
            };
            // Short lines inside an answer (the rows of a list or table the speaker reads
            // out) do not use up the paragraphs a turn may run on for. Counting stops past
            // the limit: a turn far back in a long document costs no more.
            self.short[last + 1..=block]
                .iter()
                .filter(|short| !**short)
                .nth(quotes::TURN_CONTINUATION_BLOCKS)
                .is_none()
        }
    }
}

/// A finding or an error that stands unless `turn_block` (a block of the view it was found
/// in) turns out to be a speaker's turn in an interview transcript.
type Held<T> = (T, Option<usize>);

/// Findings, each with its rule, held until interview turns are known.
type HeldFindings = Vec<Held<(usize, Finding)>>;

/// Errors of token matches (rule, index of the match in the view, error), held until
/// interview turns are known.
type HeldTokenErrors = Vec<Held<(usize, usize, LintError)>>;

/// What linting one view (the whole document's, or one stretch's) gives.
#[derive(Default)]
struct PartOutcome {
    found: HeldFindings,
    token_errors: HeldTokenErrors,
    /// Errors of the other rules, in rule order.
    check_errors: Vec<Held<(usize, LintError)>>,
    /// Every pattern failure of the search.
    failures: Vec<crate::matcher::Failure>,
    /// The view's blocks.
    blocks: usize,
    /// For a stretch: its turn facts (its view is gone when they are needed).
    facts: Option<TurnFacts>,
}

/// Where a chunk of a longer text starts in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChunkStart {
    /// Byte offset of the chunk's first byte in the whole text.
    pub offset: usize,
    /// The 0-based line of the whole text that the chunk starts (a chunk starts a line).
    pub line: usize,
}

/// A long text linted a chunk at a time, so that only the chunk in hand is held: each chunk
/// is read as a document of its own ([`ChunkedLint::add`]) and what crosses chunks (interview
/// turns, suppression comments, each rule's `limit`, one finding per span) is settled at the
/// end ([`ChunkedLint::finish`]). Chunks must end right after a blank line (two line breaks
/// with nothing but white space between them) outside HTML comments, where the view of the
/// whole text ends a block; the findings are then those of linting the whole text at once.
pub struct ChunkedLint<'l> {
    linter: &'l Linter,
    /// The views linted so far, their findings placed in the whole text.
    parts: Vec<PartOutcome>,
    /// The suppression comments read so far, placed in the whole text.
    directives: Vec<suppress::Directive>,
}

impl ChunkedLint<'_> {
    /// Lints `chunk`, the next chunk of the text, which starts at `start`. Its document's
    /// `bom_len` is that of the whole file.
    pub fn add(&mut self, chunk: &Document, start: ChunkStart) {
        let mut parts = self.linter.lint_parts(chunk);
        if let [part] = parts.as_mut_slice()
            && part.facts.is_none()
        {
            part.facts = Some(TurnFacts::of(&chunk.shadow, true));
        }
        // Positions are counted in the chunk, in text order, then moved to the whole text.
        let mut found: Vec<&mut Finding> = parts
            .iter_mut()
            .flat_map(|p| p.found.iter_mut().map(|((_, f), _)| f))
            .collect();
        found.sort_by_key(|f| f.span.start);
        let mut starts = crate::text::LineCursor::default();
        let mut ends = crate::text::LineCursor::default();
        for f in found {
            let (line, column) = starts.position(&chunk.text, f.span.start);
            let (end_line, end_column) = ends.position(&chunk.text, f.span.end);
            f.line = line + start.line;
            f.column = column;
            f.end_line = end_line + start.line;
            f.end_column = end_column;
            f.span = f.span.start + start.offset..f.span.end + start.offset;
            f.byte_start += start.offset;
            f.byte_end += start.offset;
        }
        self.directives.extend(
            suppress::directives(chunk, &chunk.comments)
                .into_iter()
                .map(|mut d| {
                    d.offset += start.offset;
                    d.start_line += start.line;
                    d.end_line += start.line;
                    d
                }),
        );
        self.parts.extend(parts);
    }

    /// The findings and errors of the whole text, as [`Linter::lint_all`] gives them.
    pub fn finish(self) -> (Vec<Finding>, Vec<LintError>) {
        let (found, errors) = self.linter.merge(None, self.parts);
        self.linter.settle(found, errors, self.directives, None)
    }
}

/// Findings, each with the index of its rule.
type RuleFindings = Vec<(usize, Finding)>;

/// Errors, each with the index of its rule.
type RuleErrors = Vec<(usize, LintError)>;

/// Spans longer than this are not compared for overlap (no built-in phrase comes near it).
const LONGEST_COMPARED_SPAN: usize = 512;

/// One span, one finding: where findings of two different built-in rules overlap, only the
/// more specific one stays: the higher level, then the longer span, then the first rule id.
/// Rules from other packs and Vale styles report as Vale does, each on its own. `found` is
/// sorted by span start and stays so.
fn one_finding_per_span(found: &mut Vec<(usize, Finding)>) {
    let rank = |f: &Finding| {
        (
            f.rule.level,
            f.span.len(),
            std::cmp::Reverse(f.rule.id.clone()),
        )
    };
    let mut keep = vec![true; found.len()];
    for i in 0..found.len() {
        let a = &found[i].1;
        if !a.rule.is_builtin() {
            continue;
        }
        for j in (0..i).rev() {
            let b = &found[j].1;
            if b.span.start + LONGEST_COMPARED_SPAN < a.span.start {
                break;
            }
            if !keep[j] || !b.rule.is_builtin() || b.rule.id == a.rule.id {
                continue;
            }
            if b.span.end > a.span.start && b.span.start < a.span.end {
                if rank(a) > rank(b) {
                    keep[j] = false;
                } else {
                    keep[i] = false;
                    break;
                }
            }
        }
    }
    let mut flags = keep.into_iter();
    found.retain(|_| flags.next().unwrap_or(true));
}

/// True when `observed` already is the replacement, as Vale decides it: a replacement of
/// plain words (letters, digits, spaces, hyphens) must equal the match; any other is a
/// pattern (`a|b`) that must match all of it, case-sensitively either way.
fn already_replaced(expected: &str, observed: &str) -> bool {
    let plain = expected
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-');
    if plain {
        return expected == observed;
    }
    match Pattern::compile(&format!("^(?:{expected})$")) {
        Ok(p) => p.is_match(observed).unwrap_or(false),
        Err(_) => expected == observed,
    }
}

/// `s` with its first character in upper case.
fn cap_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Vale's list of alternatives: `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
fn quoted_alternatives(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, [one])) => format!("{one} or {last}"),
        Some((last, rest)) => format!("{}, or {last}", rest.join(", ")),
    }
}

/// A message whose two placeholders are both quoted (`'%s' ... '%s'`) loses the quotes
/// of the first, which is filled with alternatives that carry their own.
fn unquote_first_placeholder(message: &str) -> String {
    for spec in ["'%s'", "\"%s\""] {
        if message.matches(spec).count() == 2 {
            return message.replacen(spec, "%s", 1);
        }
    }
    message.to_owned()
}

impl Linter {
    /// Compiles the matcher for `rules`.
    pub fn new(rules: RuleSet) -> Result<Linter, String> {
        let matcher = Matcher::new(&rules)?;
        Ok(Linter { rules, matcher })
    }

    /// The rules this linter runs.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Lints one document. Findings are sorted by offset, then rule id. When a rule gives up
    /// on the document, its error is returned instead (see [`Linter::lint_all`]).
    pub fn lint(&self, doc: &Document) -> Result<Vec<Finding>, LintError> {
        let (findings, mut errors) = self.lint_all(doc);
        match errors.drain(..).next() {
            Some(e) => Err(e),
            None => Ok(findings),
        }
    }

    /// Whether a document read in stretches ([`Document::stretches`]) is linted stretch by
    /// stretch: true when every rule looks at one block at a time (token rules). A rule that
    /// counts or compares across the document needs its whole view.
    pub fn lints_in_stretches(&self) -> bool {
        self.rules.rules().iter().all(|r| r.check.is_none())
    }

    /// Lints one document. A rule whose pattern gives up (backtrack limit or deadline) reports
    /// nothing on it and comes back as an error; every other rule's findings are kept. A
    /// document read in stretches is linted a stretch at a time, in parallel, with each
    /// stretch's view dropped once linted; the findings are those of one pass.
    pub fn lint_all(&self, doc: &Document) -> (Vec<Finding>, Vec<LintError>) {
        if !doc.stretches.is_empty() && !self.lints_in_stretches() {
            return self.lint_all(&doc.whole());
        }
        let parts = self.lint_parts(doc);
        let (found, errors) = self.merge(Some(&doc.shadow), parts);
        let directives = suppress::directives(doc, &doc.comments);
        self.settle(found, errors, directives, Some(doc))
    }

    /// A text too long to hold, linted a chunk at a time as it is read: see [`ChunkedLint`].
    /// Only for rules that lint in stretches ([`Linter::lints_in_stretches`]).
    pub fn chunked(&self) -> ChunkedLint<'_> {
        ChunkedLint {
            linter: self,
            parts: Vec::new(),
            directives: Vec::new(),
        }
    }

    /// Lints the views of `doc`: its whole view, or each of its stretches in parallel, each
    /// stretch's view dropped once linted.
    fn lint_parts(&self, doc: &Document) -> Vec<PartOutcome> {
        if doc.stretches.is_empty() {
            return vec![self.lint_view(doc, &doc.shadow, true)];
        }
        use rayon::prelude::*;
        let last = doc.stretches.len() - 1;
        // Views done with, kept for the next stretch to be built in: a few allocations of a
        // stretch's size serve the whole document.
        let spare: std::sync::Mutex<Vec<Shadow>> = std::sync::Mutex::default();
        doc.stretches
            .par_iter()
            .enumerate()
            .map(|(i, stretch)| {
                let buffers = spare.lock().ok().and_then(|mut s| s.pop());
                let view = stretch.view_in(&doc.text, i == last, buffers.unwrap_or_default());
                let mut part = self.lint_view(doc, &view, false);
                part.facts = Some(TurnFacts::of(&view, true));
                if let Ok(mut s) = spare.lock() {
                    s.push(view);
                }
                part
            })
            .collect()
    }

    /// What the merged findings of a whole text come to: the findings of rules that gave up
    /// dropped, suppression comments (`directives`) applied, one finding per span, each
    /// rule's `limit`, and document order. With `doc`, the text is at hand and positions
    /// are counted here; without it, they were set chunk by chunk.
    fn settle(
        &self,
        mut found: RuleFindings,
        errors: RuleErrors,
        directives: Vec<suppress::Directive>,
        doc: Option<&Document>,
    ) -> (Vec<Finding>, Vec<LintError>) {
        found.retain(|(ri, _)| !errors.iter().any(|(r, _)| r == ri));
        // Document order, so that `limit` keeps the first findings of each rule.
        found.sort_by_key(|(_, f)| f.span.start);
        let suppressions = suppress::Suppressions::new(directives);
        if !suppressions.is_empty() {
            let line_of = |f: &Finding| match doc {
                Some(doc) => doc.lines().line_of(f.span.start),
                None => f.line.saturating_sub(1),
            };
            found.retain(|(ri, f)| {
                !suppressions.suppresses(&self.rules.rules()[*ri], f.span.start, line_of(f))
            });
        }
        one_finding_per_span(&mut found);
        let mut per_rule_count: HashMap<usize, usize> = HashMap::new();
        found.retain(|(ri, _)| {
            let n = per_rule_count.entry(*ri).or_default();
            *n += 1;
            self.rules.rules()[*ri]
                .limit
                .is_none_or(|limit| *n <= limit)
        });
        // Collected in place: a long document's findings are not held twice.
        let mut findings: Vec<Finding> = found.into_iter().map(|(_, f)| f).collect();
        findings.sort_by(|a: &Finding, b: &Finding| {
            (a.span.start, &a.rule.id, a.span.end).cmp(&(b.span.start, &b.rule.id, b.span.end))
        });
        findings.dedup_by(|a, b| a.span == b.span && a.rule.id == b.rule.id);
        if let Some(doc) = doc {
            set_positions(&mut findings, doc);
        }
        (findings, errors.into_iter().map(|(_, e)| e).collect())
    }

    /// Lints `view`, the whole view of `doc` or the view of one of its stretches: the token
    /// rules, and for the whole view the other rules too. `parallel`: a long view is searched
    /// and filtered in parallel pieces.
    fn lint_view(&self, doc: &Document, view: &Shadow, parallel: bool) -> PartOutcome {
        let (candidates, failures) = self.matcher.find_all(&self.rules, view, parallel);
        let (found, token_errors) =
            self.token_findings(doc, view, &candidates, &failures, parallel);
        let mut part = PartOutcome {
            found,
            token_errors,
            failures,
            blocks: view.blocks.len(),
            ..PartOutcome::default()
        };
        if !doc.stretches.is_empty() {
            return part;
        }
        let mut ctx = BlockContext::default();
        for (ri, rule) in self.rules.rules().iter().enumerate() {
            if rule.check.is_none() {
                continue;
            }
            let hits = match checks::run(rule, doc) {
                Ok(h) => h,
                Err(e) => {
                    part.check_errors.push((
                        (
                            ri,
                            LintError {
                                rule: rule.id.clone(),
                                message: e.0,
                            },
                        ),
                        None,
                    ));
                    continue;
                }
            };
            for hit in hits {
                let args: Vec<&str> = hit.args.iter().map(String::as_str).collect();
                let message = rule.format_message(&args);
                match self.finish(doc, view, rule, hit.range, message, Vec::new(), &mut ctx) {
                    Ok(Some((f, turn))) => part.found.push(((ri, f), turn)),
                    Ok(None) => {}
                    Err((e, turn)) => {
                        part.check_errors.push(((ri, e), turn));
                        if turn.is_none() {
                            break;
                        }
                    }
                }
            }
        }
        part
    }

    /// The findings and errors of the views of a text linted part by part, as one pass over
    /// the whole view gives them: a rule's error is that of its first failure, and what
    /// stands only outside interview answers is dropped inside them. `whole` is the whole
    /// view, where a part (the only one) comes without its turn facts.
    fn merge(
        &self,
        whole: Option<&Shadow>,
        mut parts: Vec<PartOutcome>,
    ) -> (RuleFindings, RuleErrors) {
        let held = parts.iter().any(|p| {
            p.found.iter().any(|(_, t)| t.is_some())
                || p.token_errors.iter().any(|(_, t)| t.is_some())
                || p.check_errors.iter().any(|(_, t)| t.is_some())
        });
        // Block indices of each part, in the whole view, start at `bases[i]`.
        let mut bases = Vec::with_capacity(parts.len());
        let mut facts = TurnFacts::default();
        let mut base = 0;
        for part in &mut parts {
            bases.push(base);
            base += part.blocks;
            if held {
                match (part.facts.take(), whole) {
                    (Some(f), _) => facts.append(f),
                    (None, Some(view)) => facts.append(TurnFacts::of(view, false)),
                    (None, None) => facts.append(TurnFacts::unlabelled(part.blocks)),
                }
            }
        }
        let in_turn = facts.in_turn();
        let stands = |i: usize, turn: Option<usize>| turn.is_none_or(|b| !in_turn(bases[i] + b));
        let mut failures = Vec::new();
        let mut found = Vec::with_capacity(parts.iter().map(|p| p.found.len()).sum());
        let mut token_errors = Vec::new();
        let mut check_errors = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            failures.extend(part.failures.into_iter().map(|mut f| {
                f.block += bases[i];
                f
            }));
            found.extend(
                part.found
                    .into_iter()
                    .filter(|(_, t)| stands(i, *t))
                    .map(|(f, _)| f),
            );
            token_errors.extend(
                part.token_errors
                    .into_iter()
                    .filter(|(_, t)| stands(i, *t))
                    .map(|((ri, at, e), _)| (ri, (i, at), e)),
            );
            check_errors.extend(
                part.check_errors
                    .into_iter()
                    .filter(|(_, t)| stands(i, *t))
                    .map(|(e, _)| e),
            );
        }
        let mut errors: RuleErrors = crate::matcher::first_failures(failures)
            .into_iter()
            .map(|(ri, e)| {
                (
                    ri,
                    LintError {
                        rule: self.rules.rules()[ri].id.clone(),
                        message: e.0,
                    },
                )
            })
            .collect();
        // A rule's error is the one of its first failing match, as in one pass.
        token_errors.sort_by_key(|(_, at, _)| *at);
        for (ri, _, e) in token_errors {
            if !errors.iter().any(|(r, _)| *r == ri) {
                errors.push((ri, e));
            }
        }
        let before_checks = errors.len();
        for (ri, e) in check_errors {
            if !errors[before_checks..].iter().any(|(r, _)| *r == ri) {
                errors.push((ri, e));
            }
        }
        (found, errors)
    }

    /// The findings of the token matches `candidates` of `view` (sorted by rule and start),
    /// and the errors of the matches whose rule gives up, leaving out the rules of `failed`.
    /// After an error that stands whatever the rest of the document says, a rule's later
    /// matches are not tried. With `parallel`, a long view is filtered in pieces of whole
    /// blocks, each with its own block context; the result is that of one pass.
    fn token_findings(
        &self,
        doc: &Document,
        view: &Shadow,
        candidates: &[Candidate],
        failed: &[crate::matcher::Failure],
        parallel: bool,
    ) -> (HeldFindings, HeldTokenErrors) {
        let pieces = if parallel {
            crate::matcher::parallel_pieces(view.text.len()).max(1)
        } else {
            1
        };
        // The candidates of each piece, by index: blocks are split into `pieces` even runs.
        let mut by_piece: Vec<Vec<usize>> = vec![Vec::new(); pieces];
        let blocks = view.blocks.len().max(1);
        for (i, c) in candidates.iter().enumerate() {
            let block = view.block_of(c.start).unwrap_or(0);
            by_piece[block * pieces / blocks].push(i);
        }
        let run = |indices: &Vec<usize>| {
            let mut ctx = BlockContext::default();
            let mut found = Vec::new();
            let mut errors: HeldTokenErrors = Vec::new();
            for &i in indices {
                let c = &candidates[i];
                if failed.iter().any(|f| f.rule == c.rule)
                    || errors
                        .iter()
                        .any(|((ri, _, _), turn)| *ri == c.rule && turn.is_none())
                {
                    continue;
                }
                let rule = &self.rules.rules()[c.rule];
                match self.token_finding(doc, view, rule, c, &mut ctx) {
                    Ok(Some((f, turn))) => found.push(((c.rule, f), turn)),
                    Ok(None) => {}
                    Err((e, turn)) => errors.push(((c.rule, i, e), turn)),
                }
            }
            (found, errors)
        };
        let parts: Vec<_> = if by_piece.len() == 1 {
            by_piece.iter().map(run).collect()
        } else {
            use rayon::prelude::*;
            by_piece.par_iter().map(run).collect()
        };
        let mut found = Vec::new();
        let mut errors = Vec::new();
        for (f, e) in parts {
            found.extend(f);
            errors.extend(e);
        }
        (found, errors)
    }

    /// The finding for a match of one of an existence or substitution rule's tokens.
    fn token_finding(
        &self,
        doc: &Document,
        view: &Shadow,
        rule: &Arc<Rule>,
        c: &Candidate,
        ctx: &mut BlockContext,
    ) -> Result<Option<Held<Finding>>, Held<LintError>> {
        let fail = |e: crate::rule::pattern::PatternError| {
            (
                LintError {
                    rule: rule.id.clone(),
                    message: e.0,
                },
                None,
            )
        };
        let text = &view.text[c.start..c.end];
        let observed = text.trim();
        if let Some(exc) = &rule.exceptions
            && exc.is_match(observed).map_err(fail)?
        {
            return Ok(None);
        }
        let token = &rule.tokens[c.token];
        let mut suggestions = Vec::new();
        let message = match (&token.replacement, rule.kind.name) {
            (Some(replacement), "substitution") => {
                let capital = rule.capitalize && observed == cap_first(observed);
                let expected = if capital {
                    cap_first(replacement)
                } else {
                    replacement.clone()
                };
                if already_replaced(&expected, observed) {
                    return Ok(None);
                }
                let alternatives: Vec<String> = expected
                    .split('|')
                    .map(|s| if capital { cap_first(s) } else { s.to_owned() })
                    .collect();
                let own_fix = rule
                    .action
                    .as_ref()
                    .is_some_and(|a| a.name == "replace" && a.params.is_empty());
                let message = if own_fix {
                    format_go(
                        &unquote_first_placeholder(&rule.message),
                        &[&quoted_alternatives(&alternatives), observed],
                    )
                } else {
                    rule.format_message(&[&expected, observed])
                };
                suggestions = alternatives
                    .into_iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                message
            }
            // Vale fills an existence message with the match as it stands, edge spaces
            // included, but with each run of spaces shown as one.
            _ => rule.format_message(&[&collapse_spaces(text)]),
        };
        if let Some(action) = &rule.action
            && action.name == "replace"
            && !action.params.is_empty()
        {
            suggestions = action.params.clone();
        }
        self.finish(doc, view, rule, c.start..c.end, message, suggestions, ctx)
    }

    /// Applies the context conditions (scope, quotations, `unless`) to a match at range
    /// `range` of `view` and builds its finding. For a rule that skips quotations, the
    /// finding (or error) comes with the match's block: it stands only if that block is not
    /// an interview answer, which the whole document decides.
    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        doc: &Document,
        view: &Shadow,
        rule: &Arc<Rule>,
        range: std::ops::Range<usize>,
        message: String,
        suggestions: Vec<String>,
        ctx: &mut BlockContext,
    ) -> Result<Option<Held<Finding>>, Held<LintError>> {
        let text = &view.text[range.clone()];
        let block = view.block_of(range.start);
        let mut sentence_hash = stable_hash(text.trim());
        let mut turn = None;
        if let Some(b) = block {
            if !checks::in_scope(rule, view.block_kinds[b]) {
                return Ok(None);
            }
            sentence_hash = stable_hash(ctx.sentence(view, b, range.start));
            if rule.quotes == QuoteMode::Skip {
                if ctx.in_quotation(view, b, range.clone()) {
                    return Ok(None);
                }
                turn = Some(b);
            }
            if !rule.unless.is_empty() {
                let fail = |e: crate::rule::pattern::PatternError| {
                    (
                        LintError {
                            rule: rule.id.clone(),
                            message: e.0,
                        },
                        turn,
                    )
                };
                // A match that lies inside the finding is the phrase itself ("is forecast to"
                // against a "forecast" condition), not evidence elsewhere in the sentence.
                let at = ctx.sentence_range(view, b, range.start);
                let own = range.start.saturating_sub(at.start)..range.end.saturating_sub(at.start);
                let sentence = evidence_clause(&view.text[at.clone()], own.end);
                for p in &rule.unless {
                    let mut elsewhere = false;
                    p.for_each_match(sentence, |m| {
                        elsewhere |= m.start < own.start || m.end > own.end;
                    })
                    .map_err(fail)?;
                    if elsewhere {
                        return Ok(None);
                    }
                }
            }
        }
        // A match may end on a barrier that stands for markup starting with a multi-byte
        // character: the span covers that character whole.
        let span = char_span(&doc.text, view.source_range(range));
        Ok(Some((
            Finding::new(doc, rule.clone(), span, message, suggestions, sentence_hash),
            turn,
        )))
    }
}

/// `span` widened to the nearest char boundaries of `text`.
fn char_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// The part of `sentence` that can attribute a match ending at byte `end`: the whole
/// sentence, cut at the first colon or semicolon after the match. What follows such a
/// break is a new clause ("the order appears to allow it: potentially, according to Al
/// Jazeera, $3.6 billion ..."), and a source named there vouches for that clause only.
fn evidence_clause(sentence: &str, end: usize) -> &str {
    let tail = sentence.get(end..).unwrap_or("");
    let cut = tail.char_indices().find_map(|(i, c)| {
        let next = tail[i + c.len_utf8()..].chars().next();
        // A clock time or a ratio ("8:30", "3:1") is not a clause break.
        ((c == ':' || c == ';') && next.is_none_or(char::is_whitespace)).then_some(i)
    });
    match cut {
        Some(i) => &sentence[..end + i],
        None => sentence,
    }
}

/// `text` with every run of two or more spaces written as one.
fn collapse_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("  ") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{collapse_spaces, evidence_clause};

    #[test]
    fn existence_messages_show_a_run_of_spaces_as_one() {
        assert_eq!(collapse_spaces("y.   T"), "y. T");
        assert_eq!(collapse_spaces(" edge "), " edge ");
    }

    #[test]
    fn a_source_after_a_colon_does_not_cover_the_clause_before_it() {
        let s =
            "The order appears to allow it: potentially, according to Al Jazeera, $3.6 billion.";
        let end = "The order appears to".len();
        assert_eq!(evidence_clause(s, end), "The order appears to allow it");
    }

    #[test]
    fn a_semicolon_ends_the_clause_too() {
        let s = "Talks may resume; the minister said nothing.";
        assert_eq!(evidence_clause(s, 9), "Talks may resume");
    }

    #[test]
    fn clock_times_and_ratios_are_not_breaks() {
        let s = "The fire may have started at 8:30, police said.";
        assert_eq!(evidence_clause(s, 12), s);
    }

    #[test]
    fn a_source_before_the_match_still_counts() {
        let s = "The Treasury said: growth could slow.";
        let end = "The Treasury said: growth could".len();
        assert_eq!(evidence_clause(s, end), s);
    }
}
