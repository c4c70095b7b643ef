//! Regular expressions of rules: the linear-time engine of the `regex` crate where it can
//! compile the pattern, `fancy-regex` under a backtrack limit where the pattern needs
//! look-around or back-references.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::time::Duration;

use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, MatchKind};
use regex_automata::{hybrid, meta, nfa};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, Look, LookSet};

/// Compiled program size limit for one pattern.
const SIZE_LIMIT: usize = 8 << 20;
/// Backtracking steps a look-around pattern may take from one starting position.
pub const BACKTRACK_LIMIT: usize = 100_000;
/// Texts up to this many bytes are searched with a look-around pattern in place; longer ones
/// on a worker thread under [`DEADLINE`].
const INLINE_LIMIT: usize = 1024;
/// Longest a look-around pattern may search one text.
pub const DEADLINE: Duration = Duration::from_secs(1);

/// A compiled pattern.
#[derive(Debug, Clone)]
pub enum Pattern {
    /// Linear time.
    Fast(Box<Linear>),
    /// Backtracking, bounded by [`BACKTRACK_LIMIT`] per start and [`DEADLINE`] per text.
    Fancy(Box<Bounded>),
}

/// A linear-time pattern, which can also be searched from one position or within a span.
#[derive(Debug, Clone)]
pub struct Linear {
    re: meta::Regex,
    source: Box<str>,
    /// The longest match in bytes, when the pattern has a bound.
    max_len: Option<usize>,
    /// Whether every match starts, and whether every match ends, at an ASCII word boundary.
    bounded: (bool, bool),
    /// The pattern reversed, built when first asked whether a match ends somewhere (`None`
    /// when it cannot be built: the answer is then always "perhaps").
    reverse: Arc<OnceLock<Option<Reverse>>>,
}

/// A reversed lazy DFA with a cache for each thread that searches with it.
struct Reverse {
    dfa: hybrid::dfa::DFA,
    caches: Pool<hybrid::dfa::Cache, CacheMaker>,
}

type CacheMaker = Box<dyn Fn() -> hybrid::dfa::Cache + Send + Sync + std::panic::RefUnwindSafe>;

impl std::fmt::Debug for Reverse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Reverse")
    }
}

impl Reverse {
    fn build(pattern: &str) -> Option<Reverse> {
        let dfa = hybrid::dfa::DFA::builder()
            .configure(
                hybrid::dfa::DFA::config()
                    .match_kind(MatchKind::All)
                    .unicode_word_boundary(true)
                    .cache_capacity(SIZE_LIMIT),
            )
            .syntax(regex_automata::util::syntax::Config::new().utf8(true))
            .thompson(
                nfa::thompson::Config::new()
                    .reverse(true)
                    .which_captures(nfa::thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(SIZE_LIMIT)),
            )
            .build(pattern)
            .ok()?;
        let maker = dfa.clone();
        let caches: Pool<hybrid::dfa::Cache, CacheMaker> =
            Pool::new(Box::new(move || maker.create_cache()));
        Some(Reverse { dfa, caches })
    }
}

impl Linear {
    /// The match that starts exactly at `at` in `haystack`, if there is one. Look-behind
    /// assertions (`\b`, `^`) see the text before `at`.
    pub fn match_at(&self, haystack: &str, at: usize) -> Option<Range<usize>> {
        let input = Input::new(haystack)
            .span(at..haystack.len())
            .anchored(Anchored::Yes);
        self.re.search(&input).map(|m| m.range())
    }

    /// False when no match of the pattern can end at `end` of `haystack`; true when one may.
    pub fn may_end_at(&self, haystack: &str, end: usize) -> bool {
        let Some(rev) = self.reverse.get_or_init(|| Reverse::build(&self.source)) else {
            return true;
        };
        let input = Input::new(haystack)
            .range(..end)
            .anchored(Anchored::Yes)
            .earliest(true);
        let mut cache = rev.caches.get();
        // A search that quits (a Unicode word boundary over non-ASCII text) cannot rule out
        // a match.
        !matches!(rev.dfa.try_search_rev(&mut cache, &input), Ok(None))
    }

    /// The leftmost match inside `span` of `haystack`. Assertions at the span's edges see the
    /// text around it.
    pub fn find_within(&self, haystack: &str, span: Range<usize>) -> Option<Range<usize>> {
        self.re
            .search(&Input::new(haystack).span(span))
            .map(|m| m.range())
    }
}

/// A backtracking pattern with the flag that stops it for good once it has overrun.
#[derive(Debug, Clone)]
pub struct Bounded {
    re: fancy_regex::Regex,
    /// Set when a search overran [`DEADLINE`]: the worker may still be running, so the
    /// pattern is not started again in this run.
    gave_up: Arc<AtomicBool>,
}

/// A match and its first capture group.
type Capture = (Range<usize>, Option<Range<usize>>);

fn collect(
    re: &fancy_regex::Regex,
    haystack: &str,
    first_only: bool,
) -> Result<Vec<Capture>, String> {
    let mut out = Vec::new();
    for c in re.captures_iter(haystack) {
        let c = c.map_err(|e| e.to_string())?;
        if let Some(m) = c.get(0) {
            out.push((m.range(), c.get(1).map(|g| g.range())));
            if first_only {
                break;
            }
        }
    }
    Ok(out)
}

impl Bounded {
    /// Every match (or only the first), within the limits.
    fn captures(&self, haystack: &str, first_only: bool) -> Result<Vec<Capture>, PatternError> {
        if self.gave_up.load(Ordering::Relaxed) {
            return Err(PatternError(format!(
                "the pattern took longer than {} s on an earlier text and is not run again",
                DEADLINE.as_secs()
            )));
        }
        if haystack.len() <= INLINE_LIMIT {
            return collect(&self.re, haystack, first_only).map_err(PatternError);
        }
        let (tx, rx) = mpsc::channel();
        let re = self.re.clone();
        let owned = haystack.to_owned();
        let worker = std::thread::spawn(move || {
            let _ = tx.send(collect(&re, &owned, first_only));
        });
        match rx.recv_timeout(DEADLINE) {
            Ok(result) => {
                // The worker has sent its result and is about to end: wait for it, so that no
                // thread outlives a search that finished in time.
                let _ = worker.join();
                result.map_err(PatternError)
            }
            Err(_) => {
                self.gave_up.store(true, Ordering::Relaxed);
                Err(PatternError(format!(
                    "the pattern took longer than {} s on this text",
                    DEADLINE.as_secs()
                )))
            }
        }
    }
}

/// True when `pattern` uses look-around or a backreference, which only the backtracking
/// engine runs.
fn needs_backtracking(pattern: &str) -> bool {
    use regex_syntax::ast::{ErrorKind, parse::Parser};
    match Parser::new().parse(pattern) {
        Ok(_) => false,
        Err(e) => matches!(
            e.kind(),
            ErrorKind::UnsupportedLookAround | ErrorKind::UnsupportedBackreference
        ),
    }
}

/// True when the backtracking engine refused a pattern for its size.
fn too_large(e: &fancy_regex::Error) -> bool {
    use fancy_regex::CompileError;
    match e {
        fancy_regex::Error::CompileError(c) => match c.as_ref() {
            CompileError::InnerError(inner) => inner.size_limit().is_some(),
            CompileError::DfaBuildError(..) | CompileError::PatternTooComplex => true,
            _ => false,
        },
        _ => false,
    }
}

/// A pattern gave up on a text (it hit the backtrack limit or the deadline).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatternError(pub String);

impl Pattern {
    /// Compiles `pattern`, or says in one line why it cannot be compiled.
    pub fn compile(pattern: &str) -> Result<Pattern, String> {
        // The configuration of `regex::RegexBuilder`, whose errors are the messages users see.
        let built = meta::Builder::new()
            .configure(
                meta::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .utf8_empty(true)
                    .nfa_size_limit(Some(SIZE_LIMIT))
                    .hybrid_cache_capacity(SIZE_LIMIT),
            )
            .syntax(regex_automata::util::syntax::Config::new().utf8(true))
            .build(pattern);
        let refused = match built {
            Ok(re) => {
                let hir = parse(pattern);
                let props = hir.as_ref().map(|h| h.properties());
                let word = |set: LookSet| set.contains(Look::WordAscii);
                return Ok(Pattern::Fast(Box::new(Linear {
                    re,
                    source: pattern.into(),
                    max_len: props.and_then(|p| p.maximum_len()),
                    bounded: props.map_or((false, false), |p| {
                        (word(p.look_set_prefix()), word(p.look_set_suffix()))
                    }),
                    reverse: Arc::default(),
                })));
            }
            Err(_) => regex::RegexBuilder::new(pattern)
                .size_limit(SIZE_LIMIT)
                .dfa_size_limit(SIZE_LIMIT)
                .build()
                .err(),
        };
        match refused {
            None => Err(format!("cannot compile the pattern `{pattern}`")),
            Some(fast_err) => {
                if !matches!(fast_err, regex::Error::Syntax(_)) || !needs_backtracking(pattern) {
                    return Err(one_line(&fast_err.to_string()));
                }
                // fancy-regex has no inline Unicode switch; its own `\b` stands in for the
                // ASCII boundary that rule composition uses.
                let pattern = pattern.replace("(?-u:\\b)", "\\b");
                fancy_regex::RegexBuilder::new(&pattern)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .delegate_size_limit(SIZE_LIMIT)
                    .delegate_dfa_size_limit(SIZE_LIMIT)
                    .build()
                    .map(|re| {
                        Pattern::Fancy(Box::new(Bounded {
                            re,
                            gave_up: Arc::default(),
                        }))
                    })
                    .map_err(|e| {
                        let msg = one_line(&e.to_string());
                        if too_large(&e) {
                            format!("the pattern is too large to compile (size limit): {msg}")
                        } else {
                            msg
                        }
                    })
            }
        }
    }

    /// Calls `f` with the range of every non-overlapping match in `haystack`.
    pub fn for_each_match(
        &self,
        haystack: &str,
        mut f: impl FnMut(Range<usize>),
    ) -> Result<(), PatternError> {
        match self {
            Pattern::Fast(lin) => {
                lin.re.find_iter(haystack).for_each(|m| f(m.range()));
                Ok(())
            }
            Pattern::Fancy(b) => {
                b.captures(haystack, false)?
                    .into_iter()
                    .for_each(|(m, _)| f(m));
                Ok(())
            }
        }
    }

    /// Calls `f` with the range of every non-overlapping match and of its first capture group
    /// (when the pattern has one and it took part in the match).
    pub fn for_each_capture(
        &self,
        haystack: &str,
        mut f: impl FnMut(Range<usize>, Option<Range<usize>>),
    ) -> Result<(), PatternError> {
        match self {
            Pattern::Fast(lin) => {
                for c in lin.re.captures_iter(haystack) {
                    if let Some(m) = c.get_match() {
                        f(m.range(), c.get_group(1).map(|g| g.range()));
                    }
                }
                Ok(())
            }
            Pattern::Fancy(b) => {
                b.captures(haystack, false)?
                    .into_iter()
                    .for_each(|(m, g)| f(m, g));
                Ok(())
            }
        }
    }

    /// True when the pattern matches somewhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> Result<bool, PatternError> {
        match self {
            Pattern::Fast(lin) => Ok(lin.re.is_match(haystack)),
            Pattern::Fancy(b) => Ok(!b.captures(haystack, true)?.is_empty()),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        match self {
            Pattern::Fast(lin) => &lin.source,
            Pattern::Fancy(b) => b.re.as_str(),
        }
    }
}

/// The last informative line of a multi-line regex error ("unclosed group").
fn one_line(err: &str) -> String {
    err.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().trim_start_matches("error: ").to_owned())
        .unwrap_or_else(|| err.to_owned())
}

fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()
}

/// Collapses white space runs to one space and trims.
pub fn normalise_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// When `pattern` matches exactly a small finite set of literal strings (and has no anchors
/// or word boundaries of its own), those strings in the order a leftmost-first search would
/// prefer them, with white space normalised.
pub fn exact_literals(pattern: &str, max: usize) -> Option<Vec<String>> {
    let hir = parse(pattern)?;
    if !hir.properties().look_set().is_empty() {
        return None;
    }
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix)
        .limit_class(8)
        .limit_repeat(4)
        .limit_literal_len(256)
        .limit_total(max);
    let seq = ex.extract(&hir);
    if !seq.is_exact() {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for lit in seq.literals()? {
        let s = std::str::from_utf8(lit.as_bytes()).ok()?;
        let s = normalise_space(s);
        if s.is_empty() {
            return None;
        }
        if !out.contains(&s) {
            out.push(s);
        }
    }
    (!out.is_empty() && out.len() <= max).then_some(out)
}

/// The literals (lower-cased) that every match of `pattern` starts with (`kind` Prefix) or
/// ends with (Suffix), if there are at most `max` and each holds two or more ASCII
/// characters besides white space. A literal may span words ("not clear"): the view writes
/// every run of white space inside a block as spaces, so a pattern's literal space meets
/// the same text there as the literal does. When the whole literals are too many, the words
/// at their edge are used instead ("said" for "officials said" and "media said").
fn edge_words(hir: &Hir, kind: ExtractKind, max: usize) -> Option<Vec<String>> {
    let from_start = matches!(kind, ExtractKind::Prefix);
    let mut ex = Extractor::new();
    ex.kind(kind)
        .limit_class(8)
        .limit_repeat(2)
        .limit_literal_len(24)
        .limit_total(max * 4);
    let seq = ex.extract(hir);
    let mut whole: Vec<String> = Vec::new();
    for lit in seq.literals()? {
        let s = std::str::from_utf8(lit.as_bytes()).ok()?;
        if !s.is_ascii() {
            return None;
        }
        let s = s.to_ascii_lowercase();
        if !whole.contains(&s) {
            whole.push(s);
        }
    }
    // A case-insensitive key is also searched in its spellings with the long s and the
    // Kelvin sign, which the matcher gives only to keys with at most six `s` and `k`.
    let usable = |lits: &[String]| {
        !lits.is_empty()
            && lits.len() <= max
            && lits.iter().all(|l| {
                l.chars().filter(|c| !c.is_whitespace()).count() >= 2
                    && l.chars().filter(|c| matches!(c, 's' | 'k')).count() <= MAX_FOLDED_LETTERS
            })
    };
    if usable(&whole) {
        return Some(whole);
    }
    let mut edges: Vec<String> = Vec::new();
    for lit in &whole {
        let word = if from_start {
            lit.split(char::is_whitespace).next()
        } else {
            lit.rsplit(char::is_whitespace).next()
        }
        .unwrap_or("");
        if !edges.iter().any(|e| e == word) {
            edges.push(word.to_owned());
        }
    }
    usable(&edges).then_some(edges)
}

/// Most letters `s` and `k` in a trigger literal: the matcher spells a case-insensitive key
/// with the long s and the Kelvin sign at up to this many places.
pub const MAX_FOLDED_LETTERS: usize = 6;

/// Whether every match of `hir` ends with an ASCII character that is not a word character
/// (so that what follows it starts after a non-word character). A non-ASCII last character
/// does not count: the Kelvin sign or the long s of a case-insensitive pattern also matches
/// an ASCII letter.
fn ends_outside_words(hir: &Hir) -> bool {
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Suffix)
        .limit_class(16)
        .limit_repeat(2)
        .limit_literal_len(4)
        .limit_total(256);
    let seq = ex.extract(hir);
    seq.literals().is_some_and(|lits| {
        !lits.is_empty()
            && lits.iter().all(|l| {
                l.as_bytes()
                    .last()
                    .is_some_and(|&b| b.is_ascii() && !(b.is_ascii_alphanumeric() || b == b'_'))
            })
    })
}

/// How a pattern with trigger words is searched where one of them occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every match starts with a trigger word: the pattern is tried at each one, anchored.
    Start,
    /// Every match ends with a trigger word and is at most `max_len` bytes long: the pattern
    /// is searched in the stretch of text that can hold such a match.
    End {
        /// The longest match in bytes.
        max_len: usize,
    },
    /// Every match holds a trigger word, in a required part that starts at most `back` bytes
    /// after the match: searched like [`Reach::End`], from the word's start, up to the
    /// longest match after it (`max_len`, or the end of the block when there is no bound).
    Inside {
        /// The farthest the word's part starts from the match's start, in bytes.
        back: usize,
        /// The longest match in bytes, if bounded.
        max_len: Option<usize>,
    },
    /// The pattern is searched over each whole block where a trigger word occurs.
    Block,
}

/// The prefilter that decides where a pattern runs: literal words, lower-cased, one of which
/// every match starts with, ends with or holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triggers {
    /// The words.
    pub words: Vec<String>,
    /// How the pattern is searched around them.
    pub reach: Reach,
    /// Whether the edge of every match where its trigger word lies (the start for
    /// [`Reach::Start`], the end for [`Reach::End`]) is an ASCII word boundary: a trigger
    /// word found inside a word there cannot begin or end a match. For [`Reach::Inside`]:
    /// whether the text before the word's part always ends with a character that is not an
    /// ASCII word character, so that a word found right after a word character is not it.
    pub at_boundary: bool,
}

/// English words so frequent in news text that a pattern searched at each of them is
/// searched almost everywhere: trigger sets without them are preferred.
const FREQUENT_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "being",
    "but", "by", "can", "could", "did", "do", "for", "from", "had", "has", "have", "he", "her",
    "his", "i", "if", "in", "into", "is", "it", "it's", "its", "more", "most", "new", "no", "not",
    "now", "of", "on", "one", "or", "other", "our", "over", "said", "say", "says", "she", "so",
    "some", "than", "that", "the", "their", "them", "there", "these", "they", "this", "those",
    "to", "told", "two", "up", "was", "we", "were", "when", "which", "who", "will", "with",
    "would", "year", "you",
];

/// How good a trigger set is as a prefilter (greater is better): free of frequent literals
/// (made of frequent words only) first, then the length of its shortest literal, then fewer
/// literals.
fn rarity(words: &[String]) -> (bool, usize, std::cmp::Reverse<usize>) {
    let frequent = words.iter().any(|w| {
        w.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
            .filter(|part| !part.is_empty())
            .all(|part| FREQUENT_WORDS.contains(&part))
    });
    let shortest = words.iter().map(|w| w.trim().len()).min().unwrap_or(0);
    (!frequent, shortest, std::cmp::Reverse(words.len()))
}

/// For each required part of `hir` after its first (the parts of a top-level concatenation)
/// that the parts before it bound in length: the words one of which every match of that part
/// starts with, and the farthest the part can start from the match's start. That bound is
/// three times the parts' length, as case-insensitive matching may meet a letter's case
/// variants, which are up to three times as long in UTF-8 (`k` and the Kelvin sign). And
/// whether the parts before it always end with a character that is not a word character.
fn inner_words(hir: &Hir, max: usize) -> Vec<(Vec<String>, usize, bool)> {
    use regex_syntax::hir::HirKind;
    let mut hir = hir;
    while let HirKind::Capture(c) = hir.kind() {
        hir = &c.sub;
    }
    let HirKind::Concat(parts) = hir.kind() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut before = Some(0usize);
    for (i, part) in parts.iter().enumerate() {
        if i > 0
            && let Some(len) = before
            && let Some(words) = edge_words(part, ExtractKind::Prefix, max)
        {
            let outside = ends_outside_words(&Hir::concat(parts[..i].to_vec()));
            out.push((words, len.saturating_mul(3), outside));
        }
        before = before
            .zip(part.properties().maximum_len())
            .map(|(a, b)| a + b);
    }
    out
}

/// The trigger words of `source` (the pattern as the rule wrote it, before composition) for
/// its compiled form `pattern`: of its first words, its last words and the first words of
/// each required part, the rarest set (see [`rarity`]); at equal rarity the cheaper search
/// (anchored at first words, then before last words, then around inner ones). Searches
/// around last or inner words need a bound on the match length; whole blocks are searched
/// only when nothing else is possible (last words alone, with no bound). A backtracking
/// pattern has no trigger words: the literal extractor cannot read look-around.
pub fn triggers(source: &str, pattern: &Pattern, max: usize) -> Option<Triggers> {
    let Pattern::Fast(lin) = pattern else {
        return None;
    };
    let hir = parse(source)?;
    let first = edge_words(&hir, ExtractKind::Prefix, max);
    let last = edge_words(&hir, ExtractKind::Suffix, max);
    let (max_len, bounded) = (lin.max_len, lin.bounded);
    // (words, reach, cost rank: lower is cheaper, at_boundary)
    let mut choices: Vec<(Vec<String>, Reach, u8, bool)> = Vec::new();
    if let Some(first) = first {
        choices.push((first, Reach::Start, 0, bounded.0));
    }
    if let Some(last) = last {
        match max_len {
            Some(max_len) => choices.push((last, Reach::End { max_len }, 1, bounded.1)),
            None => choices.push((last, Reach::Block, 3, false)),
        }
    }
    for (words, back, outside) in inner_words(&hir, max) {
        choices.push((words, Reach::Inside { back, max_len }, 2, outside));
    }
    // A search over whole blocks is the last resort, whatever its words.
    let key = |c: &(Vec<String>, Reach, u8, bool)| {
        (c.1 != Reach::Block, rarity(&c.0), std::cmp::Reverse(c.2))
    };
    let (words, reach, _, at_boundary) = choices.into_iter().max_by(|a, b| key(a).cmp(&key(b)))?;
    Some(Triggers {
        words,
        reach,
        at_boundary,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_sets_are_expanded_in_preference_order() {
        assert_eq!(
            exact_literals("sources? (?:say|said)", 64).unwrap(),
            vec!["sources say", "sources said", "source say", "source said"]
        );
        assert_eq!(exact_literals("it is\\s+believed", 64), None);
        assert_eq!(exact_literals("^reportedly", 64), None);
        assert_eq!(exact_literals("report\\w+", 64), None);
    }

    fn trigger(source: &str) -> Option<Triggers> {
        triggers(source, &Pattern::compile(source).unwrap(), 16)
    }

    #[test]
    fn trigger_words_for_prefiltering() {
        // A literal keeps the space after its word: "is " is never the start of "isn't".
        let start = trigger("(?:is|was) \\w+ed to").unwrap();
        assert_eq!(
            (start.words, start.reach),
            (vec!["is ".into(), "was ".into()], Reach::Start)
        );
        // Unbounded before its last word: searched over the block.
        let block = trigger("\\w+ly").unwrap();
        assert_eq!(
            (block.words, block.reach),
            (vec!["ly".into()], Reach::Block)
        );
        assert_eq!(trigger("\\w+"), None);
        // Every match is one of a few phrases: they are the triggers, each found where it
        // starts.
        let end = trigger("(?:is|are) (?:widely )?(?:considered|regarded)").unwrap();
        assert_eq!(end.reach, Reach::Start);
        assert_eq!(end.words.len(), 8);
        assert!(end.words.contains(&"are widely regarded".to_owned()));
        // The rarer edge wins: "considered" over "is", and the match is at most 21 bytes.
        let end = trigger("(?:is|are) (?:widely )?[a-z]?(?:considered|regarded)").unwrap();
        assert_eq!(
            (end.words, end.reach),
            (
                vec!["considered".into(), "regarded".into()],
                Reach::End { max_len: 22 }
            )
        );
        // With a bounded start but an unbounded middle, the first words are the triggers.
        let start = trigger("(?:is|are) \\w+ (?:considered|regarded)").unwrap();
        assert_eq!(
            (start.words, start.reach),
            (vec!["is ".into(), "are ".into()], Reach::Start)
        );
        // Look-around is beyond the literal extractor: such a pattern runs over every block.
        assert_eq!(trigger("(?:is|was) \\w+ed to(?! be)"), None);
        // Vale's composition puts an ASCII word boundary at both edges.
        let Pattern::Fast(lin) = Pattern::compile("(?-u:\\b)(?:is|are) said(?-u:\\b)").unwrap()
        else {
            panic!("a linear pattern")
        };
        assert_eq!(lin.bounded, (true, true));
        let t = triggers("(?:is|are) said", &Pattern::Fast(lin), 16).unwrap();
        assert!(t.at_boundary);
        assert!(!trigger("(?:is|are) said").unwrap().at_boundary);
        // Frequent words at the start and no literal end: a rarer required part inside is
        // searched around.
        let inside =
            trigger("(?:it is|is) (?:widely |[0-9] )?(?:believed|thought) to\\w?").unwrap();
        assert_eq!(
            (inside.words, inside.at_boundary),
            (vec!["believed".into(), "thought".into()], true)
        );
        assert!(matches!(inside.reach, Reach::Inside { back: 39, .. }));
        // Words are kept together when a word alone would be frequent ("not clear").
        let inside = trigger("(?:it is|is) (?:[0-9] )?(?:not clear|unclear) \\w+").unwrap();
        assert_eq!(
            (inside.words, inside.at_boundary),
            (vec!["not clear".into(), "unclear".into()], true)
        );
        // Too many whole literals: the words at their edge stand in for them.
        let words: Vec<String> = (0..20).map(|i| format!("w{i}x")).collect();
        let many = trigger(&format!("(?:{}) (?:said|told)", words.join("|"))).unwrap();
        assert_eq!(
            (many.words, many.reach),
            (
                vec!["said".into(), "told".into()],
                Reach::End { max_len: 9 }
            )
        );
        // An inner word after a part that may end inside a word ("e" of "it ethought") is
        // looked for after word characters too.
        let glued = trigger("(?:it|its) [a-z]?(?:believed|thought) \\w+").unwrap();
        assert_eq!(
            (glued.reach, glued.at_boundary),
            (
                Reach::Inside {
                    back: 15,
                    max_len: None
                },
                false
            )
        );
        // An optional part is not required, and an unbounded pattern has no inner search.
        assert!(!matches!(
            trigger("(?:it is|is) (?:widely )?to").unwrap().reach,
            Reach::Inside { .. }
        ));
        assert_eq!(
            trigger("(?:it is|is) \\w+ (?:believed|thought) to")
                .unwrap()
                .reach,
            Reach::Start
        );
        // What follows the inner word may be unbounded.
        assert_eq!(
            trigger("(?:in|among) [0-9]? ?(?:quarters|circles) \\w+")
                .unwrap()
                .reach,
            Reach::Inside {
                back: 24,
                max_len: None
            }
        );
    }

    #[test]
    fn anchored_and_windowed_searches_see_the_text_around_them() {
        let Pattern::Fast(lin) = Pattern::compile("(?-u:\\b)said(?-u:\\b)").unwrap() else {
            panic!("a linear pattern")
        };
        assert_eq!(lin.match_at("he said so", 3), Some(3..7));
        assert_eq!(lin.match_at("unsaid", 2), None);
        assert_eq!(lin.find_within("he saidso", 0..7), None);
        assert_eq!(lin.find_within("he said so", 0..7), Some(3..7));
        assert!(lin.may_end_at("he said so", 7));
        assert!(!lin.may_end_at("he saidso", 7));
        assert!(!lin.may_end_at("he sa said", 5));
        // A Unicode word boundary over non-ASCII text cannot be ruled out.
        let Pattern::Fast(lin) = Pattern::compile("\\bsaid\\b").unwrap() else {
            panic!("a linear pattern")
        };
        assert!(!lin.may_end_at("he saidso", 7));
        assert!(lin.may_end_at("he saidé", 7));
    }

    #[test]
    fn look_around_uses_the_bounded_engine() {
        let p = Pattern::compile("may(?! \\d)").unwrap();
        assert!(matches!(p, Pattern::Fancy(_)));
        assert!(p.is_match("it may rain").unwrap());
        assert!(!p.is_match("on may 4").unwrap());
    }

    #[test]
    fn errors_are_one_line() {
        let e = Pattern::compile("(foo").unwrap_err();
        assert_eq!(e, "unclosed group");
    }
}
