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
use crate::text::{Document, quotes, sentence};

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

/// Sentences and quotations of blocks, computed only for blocks that have a match.
#[derive(Default)]
struct BlockContext {
    sentences: HashMap<usize, Vec<Range<usize>>>,
    quotations: HashMap<usize, Vec<Range<usize>>>,
    /// The blocks that open an interview turn, when the document reads as a transcript
    /// (computed on first use).
    turns: Option<Vec<usize>>,
}

impl BlockContext {
    fn sentence<'d>(&mut self, doc: &'d Document, block: usize, at: usize) -> &'d str {
        &doc.shadow.text[self.sentence_range(doc, block, at)]
    }

    /// The view range of the sentence of `block` that holds view offset `at` (the whole block
    /// when no sentence does).
    fn sentence_range(&mut self, doc: &Document, block: usize, at: usize) -> Range<usize> {
        let range = doc.shadow.blocks[block].clone();
        let text = &doc.shadow.text[range.clone()];
        let list = self.sentences.entry(block).or_insert_with(|| {
            let lo = doc.shadow.line_breaks.partition_point(|&b| b < range.start);
            let hi = doc.shadow.line_breaks.partition_point(|&b| b < range.end);
            let breaks: Vec<usize> = doc.shadow.line_breaks[lo..hi]
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

    fn in_quotation(&mut self, doc: &Document, block: usize, span: Range<usize>) -> bool {
        let range = doc.shadow.blocks[block].clone();
        let turns = self.turns.get_or_insert_with(|| {
            quotes::transcript_turns(
                doc.shadow
                    .blocks
                    .iter()
                    .map(|b| &doc.shadow.text[b.clone()]),
            )
        });
        // A turn's answer may run on for a few paragraphs without a new speaker label.
        let last_turn = turns
            .partition_point(|&t| t <= block)
            .checked_sub(1)
            .map(|i| turns[i]);
        // Short lines inside an answer (the rows of a list or table the speaker reads out) do
        // not use up the paragraphs a turn may run on for.
        // Counting stops past the limit: a turn far back in a long document costs no more.
        let in_turn = last_turn.is_some_and(|t| {
            doc.shadow.blocks[t + 1..=block]
                .iter()
                .filter(|b| !quotes::is_short_line(&doc.shadow.text[(*b).clone()]))
                .nth(quotes::TURN_CONTINUATION_BLOCKS)
                .is_none()
        });
        let list = self.quotations.entry(block).or_insert_with(|| {
            let text = &doc.shadow.text[range.clone()];
            if in_turn {
                std::iter::once(0..text.len()).collect()
            } else {
                quotes::quotations(text)
            }
        });
        let (s, e) = (span.start - range.start, span.end - range.start);
        // Quotations are sorted and disjoint.
        let i = list.partition_point(|q| q.start <= s);
        i.checked_sub(1).is_some_and(|i| e <= list[i].end)
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

    /// Lints one document. A rule whose pattern gives up (backtrack limit or deadline) reports
    /// nothing on it and comes back as an error; every other rule's findings are kept.
    pub fn lint_all(&self, doc: &Document) -> (Vec<Finding>, Vec<LintError>) {
        let (candidates, failed) = self.matcher.find(&self.rules, &doc.shadow);
        let mut errors: Vec<(usize, LintError)> = failed
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
        let (mut found, token_errors) = self.token_findings(doc, &candidates, &errors);
        errors.extend(token_errors);
        let mut ctx = BlockContext::default();
        for (ri, rule) in self.rules.rules().iter().enumerate() {
            if rule.check.is_none() {
                continue;
            }
            let hits = match checks::run(rule, doc) {
                Ok(h) => h,
                Err(e) => {
                    errors.push((
                        ri,
                        LintError {
                            rule: rule.id.clone(),
                            message: e.0,
                        },
                    ));
                    continue;
                }
            };
            for hit in hits {
                let args: Vec<&str> = hit.args.iter().map(String::as_str).collect();
                let message = rule.format_message(&args);
                match self.finish(doc, rule, hit.range, message, Vec::new(), &mut ctx) {
                    Ok(Some(f)) => found.push((ri, f)),
                    Ok(None) => {}
                    Err(e) => {
                        errors.push((ri, e));
                        break;
                    }
                }
            }
        }
        found.retain(|(ri, _)| !errors.iter().any(|(r, _)| r == ri));
        // Document order, so that `limit` keeps the first findings of each rule.
        found.sort_by_key(|(_, f)| f.span.start);
        let suppressions = suppress::Suppressions::new(suppress::directives(doc, &doc.comments));
        if !suppressions.is_empty() {
            found.retain(|(ri, f)| {
                !suppressions.suppresses(
                    &self.rules.rules()[*ri],
                    f.span.start,
                    doc.lines.line_of(f.span.start),
                )
            });
        }
        one_finding_per_span(&mut found);
        let mut per_rule_count: HashMap<usize, usize> = HashMap::new();
        let mut findings = Vec::new();
        for (ri, f) in found {
            let rule = &self.rules.rules()[ri];
            let n = per_rule_count.entry(ri).or_default();
            if rule.limit.is_some_and(|limit| *n >= limit) {
                continue;
            }
            *n += 1;
            findings.push(f);
        }
        findings.sort_by(|a: &Finding, b: &Finding| {
            (a.span.start, &a.rule.id, a.span.end).cmp(&(b.span.start, &b.rule.id, b.span.end))
        });
        findings.dedup_by(|a, b| a.span == b.span && a.rule.id == b.rule.id);
        set_positions(&mut findings, doc);
        (findings, errors.into_iter().map(|(_, e)| e).collect())
    }

    /// The findings of the token matches `candidates` (sorted by rule and start), and the
    /// first error of each rule that gives up (none of its findings count then), leaving out
    /// the rules of `failed`. A long document is filtered in parallel, in pieces of whole
    /// blocks, each with its own block context; the result is that of one pass.
    fn token_findings(
        &self,
        doc: &Document,
        candidates: &[Candidate],
        failed: &[(usize, LintError)],
    ) -> (RuleFindings, RuleErrors) {
        let pieces = crate::matcher::parallel_pieces(doc.shadow.text.len());
        // The candidates of each piece, by index: blocks are split into `pieces` even runs.
        let pieces = pieces.max(1);
        let mut by_piece: Vec<Vec<usize>> = vec![Vec::new(); pieces];
        let blocks = doc.shadow.blocks.len().max(1);
        for (i, c) in candidates.iter().enumerate() {
            let block = doc.shadow.block_of(c.start).unwrap_or(0);
            by_piece[block * pieces / blocks].push(i);
        }
        let run = |indices: &Vec<usize>| {
            let mut ctx = BlockContext::default();
            let mut found = Vec::new();
            let mut errors: Vec<(usize, usize, LintError)> = Vec::new();
            for &i in indices {
                let c = &candidates[i];
                if failed.iter().any(|(ri, _)| *ri == c.rule)
                    || errors.iter().any(|(ri, _, _)| *ri == c.rule)
                {
                    continue;
                }
                let rule = &self.rules.rules()[c.rule];
                match self.token_finding(doc, rule, c, &mut ctx) {
                    Ok(Some(f)) => found.push((c.rule, f)),
                    Ok(None) => {}
                    Err(e) => errors.push((c.rule, i, e)),
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
        // A rule's error is the one of its first failing match, as in one pass.
        errors.sort_by_key(|(_, i, _)| *i);
        let mut first: Vec<(usize, LintError)> = Vec::new();
        for (ri, _, e) in errors {
            if !first.iter().any(|(r, _)| *r == ri) {
                first.push((ri, e));
            }
        }
        found.retain(|(ri, _)| !first.iter().any(|(r, _)| r == ri));
        (found, first)
    }

    /// The finding for a match of one of an existence or substitution rule's tokens.
    fn token_finding(
        &self,
        doc: &Document,
        rule: &Arc<Rule>,
        c: &Candidate,
        ctx: &mut BlockContext,
    ) -> Result<Option<Finding>, LintError> {
        let fail = |e: crate::rule::pattern::PatternError| LintError {
            rule: rule.id.clone(),
            message: e.0,
        };
        let view = &doc.shadow.text[c.start..c.end];
        let observed = view.trim();
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
            _ => rule.format_message(&[&collapse_spaces(view)]),
        };
        if let Some(action) = &rule.action
            && action.name == "replace"
            && !action.params.is_empty()
        {
            suggestions = action.params.clone();
        }
        self.finish(doc, rule, c.start..c.end, message, suggestions, ctx)
    }

    /// Applies the context conditions (scope, quotations, `unless`) to a match at view
    /// range `range` and builds its finding.
    fn finish(
        &self,
        doc: &Document,
        rule: &Arc<Rule>,
        range: std::ops::Range<usize>,
        message: String,
        suggestions: Vec<String>,
        ctx: &mut BlockContext,
    ) -> Result<Option<Finding>, LintError> {
        let fail = |e: crate::rule::pattern::PatternError| LintError {
            rule: rule.id.clone(),
            message: e.0,
        };
        let view = &doc.shadow.text[range.clone()];
        let block = doc.shadow.block_of(range.start);
        let mut sentence_hash = stable_hash(view.trim());
        if let Some(b) = block {
            if !checks::in_scope(rule, doc.shadow.block_kinds[b]) {
                return Ok(None);
            }
            sentence_hash = stable_hash(ctx.sentence(doc, b, range.start));
            if rule.quotes == QuoteMode::Skip && ctx.in_quotation(doc, b, range.clone()) {
                return Ok(None);
            }
            if !rule.unless.is_empty() {
                // A match that lies inside the finding is the phrase itself ("is forecast to"
                // against a "forecast" condition), not evidence elsewhere in the sentence.
                let at = ctx.sentence_range(doc, b, range.start);
                let own = range.start.saturating_sub(at.start)..range.end.saturating_sub(at.start);
                let sentence = evidence_clause(&doc.shadow.text[at.clone()], own.end);
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
        let span = doc.shadow.source_range(range);
        Ok(Some(Finding::new(
            doc,
            rule.clone(),
            span,
            message,
            suggestions,
            sentence_hash,
        )))
    }
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
