//! The document-level rule types: occurrence, repetition, consistency, conditional,
//! capitalization and metric. Each works on the normalised view and returns view ranges.

use std::collections::HashSet;
use std::ops::Range;

use evalexpr::{ContextWithMutableVariables, HashMapContext, Value};

use crate::rule::pattern::PatternError;
use crate::rule::{CaseStyle, DocCheck, Rule, ScopeKind, ScopeUnit};
use crate::text::shadow::BlockKind;
use crate::text::{Document, sentence};

/// One hit of a document-level rule: a view range and the message's `%s` arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckHit {
    /// Range in the normalised view.
    pub range: Range<usize>,
    /// The message arguments.
    pub args: Vec<String>,
}

/// Whether a block of `kind` is in `scope`.
fn kind_matches(scope: ScopeKind, kind: BlockKind) -> bool {
    match (scope, kind) {
        (ScopeKind::Heading(0), BlockKind::Heading(_)) => true,
        (ScopeKind::Heading(n), BlockKind::Heading(m)) => n == m,
        (ScopeKind::List, BlockKind::ListItem) => true,
        (ScopeKind::BlockQuote, BlockKind::BlockQuote) => true,
        (ScopeKind::Table { header: None }, BlockKind::TableCell { .. }) => true,
        (ScopeKind::Table { header: Some(h) }, BlockKind::TableCell { header }) => h == header,
        (ScopeKind::Paragraph, BlockKind::Paragraph) => true,
        _ => false,
    }
}

/// Whether `rule` looks at blocks of `kind`.
pub fn in_scope(rule: &Rule, kind: BlockKind) -> bool {
    let scope = &rule.scope_filter;
    scope
        .only
        .as_ref()
        .is_none_or(|only| only.iter().any(|s| kind_matches(*s, kind)))
        && !scope.except.iter().any(|s| kind_matches(*s, kind))
}

/// The view ranges of the units a counting rule works on.
fn units(rule: &Rule, doc: &Document) -> Vec<Range<usize>> {
    let sh = &doc.shadow;
    let blocks: Vec<usize> = (0..sh.blocks.len())
        .filter(|&b| in_scope(rule, sh.block_kinds[b]))
        .collect();
    match rule.scope_filter.unit {
        ScopeUnit::Document => match (blocks.first(), blocks.last()) {
            (Some(&a), Some(&b)) => std::iter::once(sh.blocks[a].start..sh.blocks[b].end).collect(),
            _ => Vec::new(),
        },
        ScopeUnit::Block => blocks.iter().map(|&b| sh.blocks[b].clone()).collect(),
        ScopeUnit::Sentence => blocks
            .iter()
            .flat_map(|&b| {
                let r = sh.blocks[b].clone();
                let lo = sh.line_breaks.partition_point(|&x| x < r.start);
                let hi = sh.line_breaks.partition_point(|&x| x < r.end);
                let breaks: Vec<usize> =
                    sh.line_breaks[lo..hi].iter().map(|x| x - r.start).collect();
                sentence::split(&sh.text[r.clone()], &breaks)
                    .into_iter()
                    .map(move |s| r.start + s.start..r.start + s.end)
            })
            .collect(),
    }
}

/// Matches of `f`'s pattern over `range` of the view, in view offsets.
fn matches_in(
    p: &crate::rule::Pattern,
    text: &str,
    range: &Range<usize>,
) -> Result<Vec<Range<usize>>, PatternError> {
    let mut out = Vec::new();
    p.for_each_match(&text[range.clone()], |m| {
        if !m.is_empty() {
            out.push(range.start + m.start..range.start + m.end);
        }
    })?;
    Ok(out)
}

/// The first word of `range` (for hits about a whole unit).
fn first_word(text: &str, range: &Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = s.find(|c: char| !c.is_whitespace()).unwrap_or(0);
    let end = s[start..]
        .find(char::is_whitespace)
        .map_or(s.len(), |e| start + e);
    range.start + start
        ..range.start + end.max(start + s[start..].chars().next().map_or(0, char::len_utf8))
}

/// Runs a document-level rule over `doc`.
pub fn run(rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError> {
    let Some(check) = &rule.check else {
        return Ok(Vec::new());
    };
    let text = doc.shadow.text.as_str();
    let mut hits = Vec::new();
    let hit = |range: Range<usize>, args: Vec<String>| CheckHit { range, args };
    match check {
        DocCheck::Occurrence { token, max, min } => {
            for unit in units(rule, doc) {
                let found = matches_in(token, text, &unit)?;
                if let Some(max) = max
                    && found.len() > *max
                {
                    let over = found[*max].clone();
                    hits.push(hit(over.clone(), vec![text[over].to_owned()]));
                } else if let Some(min) = min
                    && found.len() < *min
                    && !text[unit.clone()].trim().is_empty()
                {
                    let w = first_word(text, &unit);
                    hits.push(hit(w.clone(), vec![text[w].to_owned()]));
                }
            }
        }
        DocCheck::Repetition {
            pattern,
            alpha,
            max,
        } => {
            for (b, range) in doc.shadow.blocks.iter().enumerate() {
                if !in_scope(rule, doc.shadow.block_kinds[b]) {
                    continue;
                }
                let found = matches_in(pattern, text, range)?;
                let mut run_start: Option<Range<usize>> = None;
                let mut run_len = 0usize;
                let mut prev: Option<Range<usize>> = None;
                for m in found {
                    let word = &text[m.clone()];
                    if *alpha && !word.chars().all(char::is_alphabetic) {
                        prev = None;
                        run_len = 0;
                        continue;
                    }
                    let repeats = prev.as_ref().is_some_and(|p| {
                        text[p.clone()].to_lowercase() == word.to_lowercase()
                            && text[p.end..m.start].trim().is_empty()
                    });
                    if repeats {
                        run_len += 1;
                        if run_len == max + 1 {
                            let start = run_start.as_ref().map_or(m.start, |r| r.start);
                            hits.push(hit(start..m.end, vec![word.to_owned()]));
                        }
                    } else {
                        run_start = Some(m.clone());
                        run_len = 0;
                    }
                    prev = Some(m);
                }
            }
        }
        DocCheck::Consistency { pairs } => {
            let scoped = units(rule, doc);
            for (a, b) in pairs {
                let mut ma = Vec::new();
                let mut mb = Vec::new();
                for u in &scoped {
                    ma.extend(matches_in(a, text, u)?);
                    mb.extend(matches_in(b, text, u)?);
                }
                if let (Some(fa), Some(fb)) = (ma.first(), mb.first()) {
                    let later = if fa.start > fb.start { ma } else { mb };
                    for m in later {
                        hits.push(hit(m.clone(), vec![text[m].to_owned()]));
                    }
                }
            }
        }
        DocCheck::Conditional { first, second } => {
            let scoped = units(rule, doc);
            let mut defined: HashSet<String> = HashSet::new();
            for u in &scoped {
                second.for_each_capture(&text[u.clone()], |whole, group| {
                    let g = group.unwrap_or(whole);
                    defined.insert(text[u.start + g.start..u.start + g.end].to_owned());
                })?;
            }
            for u in &scoped {
                let mut found = Vec::new();
                first.for_each_capture(&text[u.clone()], |whole, group| {
                    let g = group.unwrap_or(whole.clone());
                    found.push((
                        u.start + whole.start..u.start + whole.end,
                        u.start + g.start..u.start + g.end,
                    ));
                })?;
                for (whole, term) in found {
                    let t = &text[term];
                    if !defined.contains(t) && !rule.exception_words.iter().any(|e| e == t) {
                        hits.push(hit(whole, vec![t.to_owned()]));
                    }
                }
            }
        }
        DocCheck::Capitalization { style } => {
            for (b, range) in doc.shadow.blocks.iter().enumerate() {
                if !in_scope(rule, doc.shadow.block_kinds[b]) {
                    continue;
                }
                let t = text[range.clone()].trim();
                if t.is_empty() {
                    continue;
                }
                let ok = match style {
                    CaseStyle::Title => is_title_case(t, &rule.exception_words),
                    CaseStyle::Sentence => is_sentence_case(t, &rule.exception_words),
                    CaseStyle::Lower => t == t.to_lowercase(),
                    CaseStyle::Upper => t == t.to_uppercase(),
                    CaseStyle::Pattern(p) => p.is_match(t)?,
                };
                if !ok {
                    hits.push(hit(range.clone(), vec![t.to_owned()]));
                }
            }
        }
        DocCheck::Metric { formula, condition } => {
            let counts = Counts::of(doc);
            if let Ok((value, true)) = evaluate_metric(formula, condition, &counts)
                && let Some(first) = doc.shadow.blocks.first()
            {
                let w = first_word(text, first);
                hits.push(hit(w, vec![format!("{value:.2}")]));
            }
        }
    }
    Ok(hits)
}

/// Small words a title leaves in lower case (AP and Chicago agree on these).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "off", "on", "per", "to", "up", "via", "vs", "vs.", "from", "into", "onto", "with", "over",
];

fn core_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_exempt(word: &str, exceptions: &[String]) -> bool {
    exceptions.iter().any(|e| e == word)
        || !word.chars().any(char::is_alphabetic)
        || word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        || word.chars().any(|c| c.is_ascii_digit())
}

/// `$title`: every word capitalised but small words inside the title.
pub fn is_title_case(text: &str, exceptions: &[String]) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(core_word)
        .filter(|w| !w.is_empty())
        .collect();
    let last = words.len().saturating_sub(1);
    words.iter().enumerate().all(|(i, w)| {
        if is_exempt(w, exceptions) {
            return true;
        }
        let upper = w.chars().next().is_some_and(char::is_uppercase);
        let small = SMALL_WORDS.contains(&w.to_lowercase().as_str());
        if i == 0 || i == last || !small {
            upper
        } else {
            !upper || w.len() > 3
        }
    })
}

/// `$sentence`: the first word capitalised, the others not (but exceptions, acronyms and "I").
pub fn is_sentence_case(text: &str, exceptions: &[String]) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(core_word)
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().all(|(i, w)| {
        if is_exempt(w, exceptions) || *w == "I" {
            return true;
        }
        let upper = w.chars().next().is_some_and(char::is_uppercase);
        if i == 0 { upper } else { !upper }
    })
}

/// Counts of a document that metric formulas may use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    values: Vec<(&'static str, f64)>,
}

/// A rough syllable count: groups of vowels, less a silent final e, at least one.
fn syllables(word: &str) -> usize {
    let w = word.to_lowercase();
    let mut count = 0;
    let mut prev_vowel = false;
    for c in w.chars() {
        let v = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }
    if w.ends_with('e') && !w.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

impl Counts {
    /// Counts `doc`'s words, sentences, syllables and blocks.
    pub fn of(doc: &Document) -> Counts {
        let sh = &doc.shadow;
        let mut words = 0.0;
        let mut chars = 0.0;
        let mut syl = 0.0;
        let mut complex = 0.0;
        let mut long = 0.0;
        let mut sentences = 0.0;
        let mut paragraphs = 0.0;
        let mut headings = [0.0f64; 6];
        let mut lists = 0.0;
        let mut quotes = 0.0;
        for (b, r) in sh.blocks.iter().enumerate() {
            let t = &sh.text[r.clone()];
            match sh.block_kinds[b] {
                BlockKind::Heading(n) => headings[usize::from(n.clamp(1, 6)) - 1] += 1.0,
                BlockKind::ListItem => lists += 1.0,
                BlockKind::BlockQuote => quotes += 1.0,
                BlockKind::Paragraph => paragraphs += 1.0,
                BlockKind::TableCell { .. } => {}
            }
            sentences += sentence::split(t, &[]).len() as f64;
            for w in t
                .split_whitespace()
                .map(core_word)
                .filter(|w| w.chars().any(char::is_alphabetic))
            {
                words += 1.0;
                chars += w.chars().count() as f64;
                let s = syllables(w);
                syl += s as f64;
                if s >= 3 {
                    complex += 1.0;
                }
                if w.chars().count() > 6 {
                    long += 1.0;
                }
            }
        }
        Counts {
            values: vec![
                ("words", words),
                ("sentences", sentences.max(1.0)),
                ("characters", chars),
                ("syllables", syl),
                ("complex_words", complex),
                ("polysyllabic_words", complex),
                ("long_words", long),
                ("paragraphs", paragraphs),
                ("heading_h1", headings[0]),
                ("heading_h2", headings[1]),
                ("heading_h3", headings[2]),
                ("heading_h4", headings[3]),
                ("heading_h5", headings[4]),
                ("heading_h6", headings[5]),
                ("list", lists),
                ("blockquote", quotes),
                ("pre", 0.0),
            ],
        }
    }
}

/// Evaluates `formula` and `formula condition`: the value and whether the rule reports.
fn evaluate_metric(formula: &str, condition: &str, counts: &Counts) -> Result<(f64, bool), String> {
    let mut ctx = HashMapContext::<evalexpr::DefaultNumericTypes>::new();
    for (name, v) in &counts.values {
        ctx.set_value((*name).into(), Value::Float(*v))
            .map_err(|e| e.to_string())?;
    }
    let value = evalexpr::eval_number_with_context(formula, &ctx).map_err(|e| e.to_string())?;
    let fires = evalexpr::eval_boolean_with_context(&format!("({formula}) {condition}"), &ctx)
        .map_err(|e| e.to_string())?;
    Ok((value, fires))
}

/// Checks that a metric's formula and condition evaluate (with every count at 1).
pub fn validate_metric(formula: &str, condition: &str) -> Result<(), String> {
    let counts = Counts {
        values: Counts::default()
            .values
            .into_iter()
            .chain(
                [
                    "words",
                    "sentences",
                    "characters",
                    "syllables",
                    "complex_words",
                    "polysyllabic_words",
                    "long_words",
                    "paragraphs",
                    "heading_h1",
                    "heading_h2",
                    "heading_h3",
                    "heading_h4",
                    "heading_h5",
                    "heading_h6",
                    "list",
                    "blockquote",
                    "pre",
                ]
                .into_iter()
                .map(|n| (n, 1.0)),
            )
            .collect(),
    };
    evaluate_metric(formula, condition, &counts).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_sentence_case() {
        assert!(is_title_case(
            "The Quick Brown Fox Jumps over the Lazy Dog",
            &[]
        ));
        assert!(!is_title_case("The quick brown fox", &[]));
        assert!(is_title_case("Using the API With NASA", &[]));
        assert!(is_sentence_case("The quick brown fox from NASA", &[]));
        assert!(!is_sentence_case("The Quick brown fox", &[]));
        assert!(is_sentence_case("Talks with Biden", &["Biden".to_owned()]));
    }

    #[test]
    fn syllable_heuristic() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("reportedly"), 4);
        assert_eq!(syllables("make"), 1);
    }

    #[test]
    fn metric_formulas_evaluate() {
        assert!(validate_metric("(words / sentences)", "> 3").is_ok());
        assert!(validate_metric("words +", "> 3").is_err());
        assert!(validate_metric("nonsense_var * 2", "> 3").is_err());
    }
}
