//! The one-pass matcher: every phrase of every rule in one automaton, patterns only where
//! their trigger words occur.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::rule::pattern::{Linear, PatternError, Reach};
use crate::rule::{Pattern, Rule, RuleSet, TokenMatcher};
use crate::text::Shadow;

/// What one automaton pattern stands for.
#[derive(Debug, Clone)]
enum Entry {
    /// A phrase of a token: a candidate match once boundaries (and case) are checked.
    Phrase {
        rule: u32,
        token: u32,
        rank: u32,
        exact: Option<Box<str>>,
    },
    /// A trigger word of a pattern token: the pattern must run where it occurs.
    Trigger {
        rule: u32,
        token: u32,
        reach: Reach,
        at_boundary: bool,
    },
}

/// A match of one token of one rule, in view offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// Start offset in the view.
    pub start: usize,
    /// Index of the token in the rule (lower wins at the same start).
    pub token: usize,
    /// Preference of the phrase inside its token (lower wins).
    pub rank: usize,
    /// End offset in the view (exclusive).
    pub end: usize,
}

/// The compiled matcher for a rule set.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The phrases and trigger words, ASCII case folded.
    keys: Option<Keyed>,
    /// The spellings of case-insensitive keys with the long s or the Kelvin sign, built the
    /// first time a text holds one of those letters.
    folded: Folded,
    /// Pattern tokens with no usable trigger word: run over every block.
    everywhere: Vec<(usize, usize)>,
}

/// An automaton and what each of its patterns stands for.
#[derive(Debug, Clone)]
struct Keyed {
    automaton: AhoCorasick,
    entries: Vec<Vec<Entry>>,
}

/// Keys and their entries gathered before the automaton is built; one key, one pattern.
#[derive(Debug, Clone, Default)]
struct KeySet {
    keys: Vec<String>,
    entries: Vec<Vec<Entry>>,
    index: HashMap<String, usize>,
}

impl KeySet {
    fn add(&mut self, key: String, entry: &Entry) {
        let id = *self.index.entry(key.clone()).or_insert_with(|| {
            self.keys.push(key);
            self.entries.push(Vec::new());
            self.entries.len() - 1
        });
        self.entries[id].push(entry.clone());
    }

    /// The automaton over the keys (none without keys): a DFA, fastest to search, for the
    /// keys every text is searched for.
    fn build(self, dfa: bool) -> Result<Option<Keyed>, String> {
        if self.keys.is_empty() {
            return Ok(None);
        }
        let mut builder = AhoCorasick::builder();
        builder
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard);
        if dfa {
            builder.kind(Some(aho_corasick::AhoCorasickKind::DFA));
        }
        let automaton = builder
            .build(&self.keys)
            .map_err(|e| format!("cannot build the phrase automaton: {e}"))?;
        Ok(Some(Keyed {
            automaton,
            entries: self.entries,
        }))
    }
}

/// The automaton of the folded spellings, built on first use.
#[derive(Debug, Clone, Default)]
struct Folded {
    keys: KeySet,
    built: std::sync::OnceLock<Option<Keyed>>,
}

impl Folded {
    /// The automaton, if there are folded keys (and it could be built).
    fn get(&self) -> Option<&Keyed> {
        self.built
            .get_or_init(|| self.keys.clone().build(false).ok().flatten())
            .as_ref()
    }
}

/// Whether `text` holds a letter that only Unicode case folding matches with an ASCII one.
fn has_folded_letter(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), "\u{17f}".as_bytes()).is_some()
        || memchr::memmem::find(text.as_bytes(), "\u{212a}".as_bytes()).is_some()
}

/// Most spellings of one key [`unicode_fold_variants`] gives.
const MAX_FOLD_VARIANTS: usize = 1 << crate::rule::pattern::MAX_FOLDED_LETTERS;

/// The spellings of lower-case `key` in which some `s` are LATIN SMALL LETTER LONG S and
/// some `k` are KELVIN SIGN: Unicode simple case folding (the regex engines' `(?i)`) matches
/// those letters with `s` and `k`, and ASCII folding does not. None for a key with more
/// than six of them.
fn unicode_fold_variants(key: &str) -> Vec<String> {
    let spots: Vec<usize> = key
        .char_indices()
        .filter(|(_, c)| matches!(c, 's' | 'k'))
        .map(|(i, _)| i)
        .collect();
    if spots.is_empty() || 1 << spots.len() > MAX_FOLD_VARIANTS {
        return Vec::new();
    }
    (1..1usize << spots.len())
        .map(|mask| {
            let mut out = String::with_capacity(key.len() + 2 * spots.len());
            let mut last = 0;
            for (bit, &at) in spots.iter().enumerate() {
                out.push_str(&key[last..at]);
                let c = &key[at..at + 1];
                out.push_str(match (mask >> bit & 1, c) {
                    (1, "s") => "\u{17f}",
                    (1, _) => "\u{212a}",
                    _ => c,
                });
                last = at + 1;
            }
            out.push_str(&key[last..]);
            out
        })
        .collect()
}

fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn char_at(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// Whether `c` is a word character to Vale's `\b` (ASCII, as in Go's RE2).
fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Vale's `\b` (an ASCII word boundary, as in Go's RE2) at offset `i` of `s`.
fn is_boundary(s: &str, i: usize) -> bool {
    let before = char_before(s, i).is_some_and(is_ascii_word);
    let after = char_at(s, i).is_some_and(is_ascii_word);
    before != after
}

impl Matcher {
    /// Builds the automaton over all phrases and pattern trigger words of `rules`.
    pub fn new(rules: &RuleSet) -> Result<Matcher, String> {
        Matcher::build(rules, true)
    }

    /// A matcher that runs every pattern over every block, ignoring trigger words: slower,
    /// and the reference that the prefiltered search must equal.
    pub fn exhaustive(rules: &RuleSet) -> Result<Matcher, String> {
        Matcher::build(rules, false)
    }

    fn build(rules: &RuleSet, prefilter: bool) -> Result<Matcher, String> {
        let mut keys = KeySet::default();
        let mut folded = KeySet::default();
        let mut everywhere = Vec::new();
        // The automaton folds ASCII case only; a case-insensitive key also gets the spellings
        // with the two non-ASCII letters that fold to ASCII ones, in the second automaton.
        let mut add = |key: &str, entry: Entry, fold: bool| {
            let key = key.to_ascii_lowercase();
            if fold {
                for variant in unicode_fold_variants(&key) {
                    folded.add(variant, &entry);
                }
            }
            keys.add(key, &entry);
        };
        for (ri, rule) in rules.rules().iter().enumerate() {
            for (ti, token) in rule.tokens.iter().enumerate() {
                match &token.matcher {
                    TokenMatcher::Literals(lits) => {
                        for (rank, lit) in lits.iter().enumerate() {
                            let exact = (!rule.ignorecase).then(|| lit.clone().into_boxed_str());
                            let entry = Entry::Phrase {
                                rule: ri as u32,
                                token: ti as u32,
                                rank: rank as u32,
                                exact,
                            };
                            add(lit, entry, rule.ignorecase);
                        }
                    }
                    TokenMatcher::Pattern {
                        triggers: Some(triggers),
                        ..
                    } if prefilter => {
                        for p in &triggers.words {
                            let entry = Entry::Trigger {
                                rule: ri as u32,
                                token: ti as u32,
                                reach: triggers.reach,
                                at_boundary: triggers.at_boundary,
                            };
                            add(p, entry, true);
                        }
                    }
                    TokenMatcher::Pattern { .. } => everywhere.push((ri, ti)),
                }
            }
        }
        Ok(Matcher {
            keys: keys.build(true)?,
            folded: Folded {
                keys: folded,
                built: std::sync::OnceLock::new(),
            },
            everywhere,
        })
    }

    /// Every match of every rule in `shadow`, after Vale's leftmost-first choice among a
    /// rule's tokens, sorted by (rule, start). A long text is searched in parallel, in
    /// pieces that start at block boundaries; the result is the same as in one piece.
    pub fn find(
        &self,
        rules: &RuleSet,
        shadow: &Shadow,
    ) -> (Vec<Candidate>, Vec<(usize, PatternError)>) {
        let (candidates, failures) = self.find_all(rules, shadow, true);
        (candidates, first_failures(failures))
    }

    /// [`Matcher::find`] with every pattern failure met, each with the block it was met in,
    /// and the candidates of the rules that failed left out. `parallel`: search a long text
    /// in parallel pieces.
    pub fn find_all(
        &self,
        rules: &RuleSet,
        shadow: &Shadow,
        parallel: bool,
    ) -> (Vec<Candidate>, Vec<Failure>) {
        let starts: Vec<usize> = if parallel {
            let pieces = parallel_pieces(shadow.text.len());
            let step = shadow.blocks.len().div_ceil(pieces.max(1)).max(1);
            (1..pieces).map(|i| i * step).collect()
        } else {
            Vec::new()
        };
        self.find_split_all(rules, shadow, &starts)
    }

    /// [`Matcher::find`] with the text cut before each block of `starts` (indices of blocks,
    /// ascending), the pieces searched in parallel.
    pub fn find_split(
        &self,
        rules: &RuleSet,
        shadow: &Shadow,
        starts: &[usize],
    ) -> (Vec<Candidate>, Vec<(usize, PatternError)>) {
        let (candidates, failures) = self.find_split_all(rules, shadow, starts);
        (candidates, first_failures(failures))
    }

    fn find_split_all(
        &self,
        rules: &RuleSet,
        shadow: &Shadow,
        starts: &[usize],
    ) -> (Vec<Candidate>, Vec<Failure>) {
        let text_len = shadow.text.len();
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        let (mut from_block, mut from_byte) = (0, 0);
        for &b in starts.iter().filter(|&&b| b > 0 && b < shadow.blocks.len()) {
            if b <= from_block {
                continue;
            }
            let at = shadow.blocks[b].start;
            cuts.push((from_byte, from_block));
            (from_block, from_byte) = (b, at);
        }
        cuts.push((from_byte, from_block));
        let pieces: Vec<Piece> = cuts
            .iter()
            .enumerate()
            .map(|(i, &(byte, block))| {
                let (end_byte, end_block) = cuts
                    .get(i + 1)
                    .copied()
                    .unwrap_or((text_len, shadow.blocks.len()));
                Piece {
                    bytes: byte..end_byte,
                    blocks: block..end_block,
                }
            })
            .collect();
        let found: Vec<(Vec<Candidate>, Vec<Failure>)> = if pieces.len() == 1 {
            vec![self.find_in(rules, shadow, &pieces[0])]
        } else {
            use rayon::prelude::*;
            pieces
                .par_iter()
                .map(|piece| self.find_in(rules, shadow, piece))
                .collect()
        };
        let mut candidates = Vec::new();
        let mut failures: Vec<Failure> = Vec::new();
        for (c, f) in found {
            candidates.extend(c);
            failures.extend(f);
        }
        // A rule that gave up reports nothing on this text; the others are unaffected.
        candidates.retain(|c| !failures.iter().any(|f| f.rule == c.rule));
        candidates.sort_unstable();
        // Leftmost-first per rule: at each start the best-ranked alternative wins, and a match
        // never overlaps the one chosen before it.
        let mut chosen = Vec::with_capacity(candidates.len());
        let mut last: Option<(usize, usize)> = None;
        for c in candidates {
            if let Some((rule, end)) = last
                && rule == c.rule
                && c.start < end
            {
                continue;
            }
            last = Some((c.rule, c.end));
            chosen.push(c);
        }
        (chosen, failures)
    }

    /// The candidates in one piece of the view, and the pattern failures met there.
    fn find_in(
        &self,
        rules: &RuleSet,
        shadow: &Shadow,
        piece: &Piece,
    ) -> (Vec<Candidate>, Vec<Failure>) {
        let mut failed: Vec<Failure> = Vec::new();
        let text = shadow.text.as_str();
        let base_byte = piece.bytes.start;
        let all = rules.rules();
        let mut found: Vec<Candidate> = Vec::new();
        let mut pattern_runs: Vec<(usize, usize, usize)> = Vec::new();
        let mut last_block: HashMap<(usize, usize), usize> = HashMap::new();
        // Where trigger words let windowed patterns match, as (rule, token, view offset), for
        // one block at a time: hits come in text order, and one that runs past the end of its
        // block can neither begin nor end a match inside it.
        let mut spots: Vec<(usize, usize, usize)> = Vec::new();
        let mut spots_block = 0;
        let mut on_hit = |list: &[Entry], s: usize, e: usize| {
            for entry in list {
                match entry {
                    Entry::Phrase {
                        rule,
                        token,
                        rank,
                        exact,
                    } => {
                        if let Some(exact) = exact
                            && &text[s..e] != exact.as_ref()
                        {
                            continue;
                        }
                        let r: &Rule = &all[*rule as usize];
                        if !(r.nonword || is_boundary(text, s) && is_boundary(text, e)) {
                            continue;
                        }
                        found.push(Candidate {
                            rule: *rule as usize,
                            start: s,
                            token: *token as usize,
                            rank: *rank as usize,
                            end: e,
                        });
                    }
                    Entry::Trigger {
                        rule,
                        token,
                        reach,
                        at_boundary,
                    } => {
                        let run = (*rule as usize, *token as usize);
                        let Some(b) = shadow.block_of(s) else {
                            continue;
                        };
                        let block = &shadow.blocks[b];
                        let at = match reach {
                            // Hits come in text order: a block is queued once per token
                            // unless the token's triggers alternate between blocks.
                            Reach::Block => {
                                if last_block.get(&run) != Some(&b) {
                                    last_block.insert(run, b);
                                    pattern_runs.push((run.0, run.1, b));
                                }
                                continue;
                            }
                            _ if e > block.end => continue,
                            Reach::Start | Reach::Inside { .. } => s,
                            Reach::End { .. } => e,
                        };
                        if *at_boundary {
                            let misplaced = match reach {
                                // The word's part follows a non-word character.
                                Reach::Inside { .. } => {
                                    char_before(text, at).is_some_and(is_ascii_word)
                                }
                                // At a block's edge the pattern sees no text beyond it.
                                _ => at != block.start && at != block.end && !is_boundary(text, at),
                            };
                            if misplaced {
                                continue;
                            }
                        }
                        if b != spots_block {
                            run_spots(all, shadow, spots_block, &mut spots, &mut found);
                            spots_block = b;
                        }
                        spots.push((run.0, run.1, at));
                    }
                }
            }
        };
        let hay = &text[piece.bytes.clone()];
        // Only rules that ignore case have folded spellings; most texts hold neither letter.
        let folded = (!self.folded.keys.keys.is_empty() && has_folded_letter(hay))
            .then(|| self.folded.get())
            .flatten();
        match (&self.keys, folded) {
            (Some(keys), None) => {
                for m in keys.automaton.find_overlapping_iter(hay) {
                    let (s, e) = (base_byte + m.start(), base_byte + m.end());
                    on_hit(&keys.entries[m.pattern().as_usize()], s, e);
                }
            }
            (keys, folded) => {
                // Both automata's hits, merged in text order.
                let mut hits: Vec<(usize, usize, &[Entry])> = Vec::new();
                for k in keys.iter().chain(folded) {
                    for m in k.automaton.find_overlapping_iter(hay) {
                        let (s, e) = (base_byte + m.start(), base_byte + m.end());
                        hits.push((s, e, &k.entries[m.pattern().as_usize()]));
                    }
                }
                hits.sort_by_key(|&(s, e, _)| (s, e));
                for (s, e, list) in hits {
                    on_hit(list, s, e);
                }
            }
        }
        run_spots(all, shadow, spots_block, &mut spots, &mut found);
        for &(rule, token) in &self.everywhere {
            pattern_runs.extend(piece.blocks.clone().map(|b| (rule, token, b)));
        }
        pattern_runs.sort_unstable();
        pattern_runs.dedup();
        for (rule, token, block) in pattern_runs {
            let TokenMatcher::Pattern { pattern, .. } = &all[rule].tokens[token].matcher else {
                continue;
            };
            let range = shadow.blocks[block].clone();
            let base = range.start;
            if failed.iter().any(|f| f.rule == rule) {
                continue;
            }
            let result = pattern.for_each_match(&text[range], |m| {
                if !m.is_empty() {
                    found.push(Candidate {
                        rule,
                        start: base + m.start,
                        token,
                        rank: 0,
                        end: base + m.end,
                    });
                }
            });
            if let Err(error) = result {
                failed.push(Failure {
                    rule,
                    token,
                    block,
                    error,
                });
            }
        }
        (found, failed)
    }
}

/// Runs the windowed patterns at the `spots` (rule, token, view offset) of one block, adds
/// their matches to `found` and empties `spots`.
fn run_spots(
    all: &[std::sync::Arc<Rule>],
    shadow: &Shadow,
    block: usize,
    spots: &mut Vec<(usize, usize, usize)>,
    found: &mut Vec<Candidate>,
) {
    if spots.is_empty() {
        return;
    }
    spots.sort_unstable();
    spots.dedup();
    let range = shadow.blocks[block].clone();
    let hay = &shadow.text[range.clone()];
    for group in spots.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        let (rule, token, _) = group[0];
        let TokenMatcher::Pattern {
            pattern: Pattern::Fast(lin),
            triggers: Some(triggers),
        } = &all[rule].tokens[token].matcher
        else {
            continue;
        };
        let at = group.iter().map(|g| g.2 - range.start);
        let matches = match triggers.reach {
            Reach::Start => around_starts(lin, hay, at),
            Reach::End { max_len } => around_spots(lin, hay, at, max_len, Some(max_len), true),
            Reach::Inside { back, max_len } => around_spots(lin, hay, at, back, max_len, false),
            Reach::Block => continue,
        };
        found.extend(matches.into_iter().map(|m| Candidate {
            rule,
            start: range.start + m.start,
            token,
            rank: 0,
            end: range.start + m.end,
        }));
    }
    spots.clear();
}

/// The matches a leftmost-first search of `hay` finds, for a pattern whose every match starts
/// at one of `starts` (ascending): the pattern is tried, anchored, at each start not inside
/// the previous match.
fn around_starts(
    lin: &Linear,
    hay: &str,
    starts: impl Iterator<Item = usize>,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut done = 0;
    for at in starts {
        if at < done {
            continue;
        }
        if let Some(m) = lin.match_at(hay, at).filter(|m| !m.is_empty()) {
            done = m.end;
            out.push(m);
        }
    }
    out
}

/// The matches a leftmost-first search of `hay` finds, for a pattern whose every match starts
/// in the `back` bytes before one of `spots` (ascending) or at it: the end of a last word, or
/// the start of an inner one. For each spot the stretch where such a match could start is
/// searched, with room after it for the longest match (`max_len`; to the end of `hay` when
/// unbounded) from any start in it: a match found starting in the stretch is the one a
/// search of the whole text finds there, while one found starting later is not trusted, and
/// the next spot goes on from there. With `ends`, the spots are match ends, and one that no
/// match can end at (the reversed pattern, anchored there, says so in a few bytes) is passed
/// over.
fn around_spots(
    lin: &Linear,
    hay: &str,
    spots: impl Iterator<Item = usize>,
    back: usize,
    max_len: Option<usize>,
    ends: bool,
) -> Vec<Range<usize>> {
    let ceil = |mut i: usize| {
        while !hay.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    // Every match that starts before `done` is in `out`, and none starts in [done, from).
    // Passing over a spot keeps both true.
    let (mut done, mut from) = (0, 0);
    for spot in spots {
        if ends && spot > done && !lin.may_end_at(hay, spot) {
            continue;
        }
        while spot >= done {
            let lo = ceil(done.max(from).max(spot.saturating_sub(back)));
            if lo > spot {
                break;
            }
            let hi = max_len.map_or(hay.len(), |len| {
                ceil(spot.saturating_add(len).min(hay.len()))
            });
            match lin.find_within(hay, lo..hi) {
                Some(m) if m.start <= spot && !m.is_empty() => {
                    done = m.end;
                    from = done;
                    out.push(m);
                }
                _ => {
                    from = ceil((spot + 1).min(hay.len()));
                    break;
                }
            }
        }
    }
    out
}

/// View text above which a document is searched and filtered in parallel, per piece.
const PARALLEL_PIECE: usize = 1 << 20;

/// How many pieces a view of `len` bytes is worked on in: one per thread of the pool, but
/// none shorter than [`PARALLEL_PIECE`] (a short document is one piece).
pub fn parallel_pieces(len: usize) -> usize {
    rayon::current_num_threads().min(len / PARALLEL_PIECE + 1)
}

/// A stretch of the view searched on its own: whole blocks, and the text between them.
struct Piece {
    bytes: Range<usize>,
    blocks: Range<usize>,
}

/// A pattern that gave up on a block.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// Index of the token in the rule.
    pub token: usize,
    /// Index of the block in the view searched.
    pub block: usize,
    /// Why it gave up.
    pub error: PatternError,
}

/// The error each failing rule gives: that of its first failing (token, block), as in one
/// pass over the text. Sorted by rule.
pub fn first_failures(mut failures: Vec<Failure>) -> Vec<(usize, PatternError)> {
    failures.sort_by_key(|f| (f.rule, f.token, f.block));
    failures.dedup_by_key(|f| f.rule);
    failures.into_iter().map(|f| (f.rule, f.error)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::load::{RuleSource, load_rules};
    use crate::text::{Document, Format};

    fn rules(yaml: &[(&str, &str)]) -> RuleSet {
        let sources: Vec<RuleSource> = yaml
            .iter()
            .map(|(name, text)| RuleSource {
                origin: format!("{name}.yml"),
                pack: "T".into(),
                name: (*name).into(),
                text: (*text).into(),
            })
            .collect();
        load_rules(&sources).unwrap()
    }

    /// The windowed search and the search of every whole block agree on `text`, and find
    /// something there.
    fn windowed_agrees(token: &str, text: &str) {
        let yaml =
            format!("extends: existence\nmessage: '%s'\nignorecase: true\ntokens: ['{token}']\n");
        let set = rules(&[("R", yaml.as_str())]);
        let doc = Document::from_text(text, Format::Plain);
        let windowed = Matcher::new(&set).unwrap().find(&set, &doc.shadow).0;
        let whole = Matcher::exhaustive(&set).unwrap().find(&set, &doc.shadow).0;
        assert!(!whole.is_empty(), "{token} finds nothing in {text:?}");
        assert_eq!(windowed, whole, "{token} over {text:?}");
    }

    #[test]
    fn a_long_s_in_a_trigger_of_many_s_and_k_is_still_met() {
        windowed_agrees("kiss kiss kiss \\w+", "kiſs kiss kiss me");
    }

    #[test]
    fn a_kelvin_sign_in_a_pattern_may_stand_for_the_letter_before_an_inner_word() {
        windowed_agrees(
            "(?:it|is) \\x{212A}?(?:believed|thought) \\w+",
            "it kbelieved x",
        );
    }

    fn matches(set: &RuleSet, text: &str) -> Vec<(String, String)> {
        let doc = Document::from_text(text, Format::Plain);
        let m = Matcher::new(set).unwrap();
        m.find(set, &doc.shadow)
            .0
            .into_iter()
            .map(|c| {
                (
                    set.rules()[c.rule].id.clone(),
                    doc.shadow.text[c.start..c.end].to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn phrases_match_across_line_breaks_with_word_boundaries() {
        let set = rules(&[(
            "A",
            "extends: existence\nmessage: m\nignorecase: true\ntokens: [according to reports, may]\n",
        )]);
        assert_eq!(
            matches(&set, "According to\n  reports, the mayor may go."),
            vec![
                ("T.A".into(), "According to reports".into()),
                ("T.A".into(), "may".into())
            ]
        );
    }

    #[test]
    fn first_alternative_wins_at_the_same_start() {
        let set = rules(&[(
            "A",
            "extends: existence\nmessage: m\ntokens: [may, may have]\n",
        )]);
        assert_eq!(
            matches(&set, "it may have"),
            vec![("T.A".into(), "may".into())]
        );
        let set = rules(&[(
            "A",
            "extends: existence\nmessage: m\ntokens: [may have, may]\n",
        )]);
        assert_eq!(
            matches(&set, "it may have"),
            vec![("T.A".into(), "may have".into())]
        );
    }

    #[test]
    fn case_sensitive_rules_check_case() {
        let set = rules(&[("A", "extends: existence\nmessage: m\ntokens: [May]\n")]);
        assert_eq!(matches(&set, "may May"), vec![("T.A".into(), "May".into())]);
    }

    #[test]
    fn patterns_run_where_their_trigger_occurs_and_everywhere_without_one() {
        let set = rules(&[
            (
                "P",
                "extends: existence\nmessage: m\ntokens: ['is \\w+ed to']\n",
            ),
            (
                "Q",
                "extends: existence\nmessage: m\ntokens: ['\\w+ly said']\n",
            ),
        ]);
        assert_eq!(
            matches(&set, "He is believed to be\nthere. It reportedly said so."),
            vec![
                ("T.P".into(), "is believed to".into()),
                ("T.Q".into(), "reportedly said".into())
            ]
        );
    }

    #[test]
    fn case_insensitive_keys_match_the_letters_unicode_folds_to_ascii() {
        assert_eq!(
            unicode_fold_variants("ks"),
            vec!["\u{212a}s", "k\u{17f}", "\u{212a}\u{17f}"]
        );
        assert!(unicode_fold_variants("ab").is_empty());
        assert!(unicode_fold_variants("sssssss").is_empty());
        // Go's and Vale's `\b` is ASCII: the letters count only inside a word.
        let set = rules(&[
            (
                "A",
                "extends: existence\nmessage: m\nignorecase: true\ntokens: [raised eyebrows]\n",
            ),
            (
                "B",
                "extends: existence\nmessage: m\nignorecase: true\ntokens: ['asked \\w+ly']\n",
            ),
            (
                "C",
                "extends: existence\nmessage: m\ntokens: [raised eyebrows]\n",
            ),
        ]);
        assert_eq!(
            matches(
                &set,
                "It RAI\u{17f}ED eyebrows. He a\u{17f}\u{212a}ed badly."
            ),
            vec![
                ("T.A".into(), "RAI\u{17f}ED eyebrows".into()),
                ("T.B".into(), "a\u{17f}\u{212a}ed badly".into())
            ]
        );
    }

    #[test]
    fn nonword_rules_match_inside_words() {
        let set = rules(&[(
            "A",
            "extends: existence\nmessage: m\nnonword: true\ntokens: [port]\n",
        )]);
        assert_eq!(
            matches(&set, "reportedly"),
            vec![("T.A".into(), "port".into())]
        );
    }
}
