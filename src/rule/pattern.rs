//! Regular expressions of rules: the linear-time `regex` engine where it can compile the
//! pattern, `fancy-regex` under a backtrack limit where the pattern needs look-around or
//! back-references.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use regex_syntax::hir::Hir;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

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
    Fast(regex::Regex),
    /// Backtracking, bounded by [`BACKTRACK_LIMIT`] per start and [`DEADLINE`] per text.
    Fancy(Box<Bounded>),
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
        match regex::RegexBuilder::new(pattern)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(SIZE_LIMIT)
            .build()
        {
            Ok(re) => Ok(Pattern::Fast(re)),
            Err(fast_err) => {
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
            Pattern::Fast(re) => {
                re.find_iter(haystack).for_each(|m| f(m.range()));
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
            Pattern::Fast(re) => {
                for c in re.captures_iter(haystack) {
                    if let Some(m) = c.get(0) {
                        f(m.range(), c.get(1).map(|g| g.range()));
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
            Pattern::Fast(re) => Ok(re.is_match(haystack)),
            Pattern::Fancy(b) => Ok(!b.captures(haystack, true)?.is_empty()),
        }
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        match self {
            Pattern::Fast(re) => re.as_str(),
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

/// The words (lower-cased) that every match of `pattern` starts with (`kind` Prefix) or ends
/// with (Suffix), if there are at most `max` and each has two or more ASCII characters.
fn edge_words(hir: &Hir, kind: ExtractKind, max: usize) -> Option<Vec<String>> {
    let from_start = matches!(kind, ExtractKind::Prefix);
    let mut ex = Extractor::new();
    ex.kind(kind)
        .limit_class(8)
        .limit_repeat(2)
        .limit_literal_len(24)
        .limit_total(max * 4);
    let seq = ex.extract(hir);
    let mut out: Vec<String> = Vec::new();
    for lit in seq.literals()? {
        let s = std::str::from_utf8(lit.as_bytes()).ok()?;
        // A literal across white space would miss a match across a line break: keep the
        // word at the edge only.
        let word = if from_start {
            s.split(char::is_whitespace).next()
        } else {
            s.rsplit(char::is_whitespace).next()
        }
        .unwrap_or("");
        if word.chars().count() < 2 || !word.is_ascii() {
            return None;
        }
        let word = word.to_ascii_lowercase();
        if !out.contains(&word) {
            out.push(word);
        }
    }
    (!out.is_empty() && out.len() <= max).then_some(out)
}

/// Literal words, lower-cased, one of which every match of `pattern` starts or ends with:
/// the prefilter that decides where the pattern runs. Of the first and last words, the set
/// whose shortest word is longer is taken (rarer words mean fewer runs).
pub fn required_literals(pattern: &str, max: usize) -> Option<Vec<String>> {
    let hir = parse(pattern)?;
    let shortest = |v: &Vec<String>| v.iter().map(String::len).min().unwrap_or(0);
    match (
        edge_words(&hir, ExtractKind::Prefix, max),
        edge_words(&hir, ExtractKind::Suffix, max),
    ) {
        (Some(p), Some(s)) => Some(if shortest(&s) > shortest(&p) { s } else { p }),
        (p, s) => p.or(s),
    }
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

    #[test]
    fn trigger_words_for_prefiltering() {
        assert_eq!(
            required_literals("(?:is|was) \\w+ed to", 16).unwrap(),
            vec!["is", "was"]
        );
        assert_eq!(required_literals("\\w+ly", 16).unwrap(), vec!["ly"]);
        assert_eq!(required_literals("\\w+", 16), None);
        // The rarer edge wins: "considered" over "is".
        assert_eq!(
            required_literals("(?:is|are) (?:widely )?(?:considered|regarded)", 16).unwrap(),
            vec!["considered", "regarded"]
        );
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
