//! `capitalization`: a heading (or other block) not in the required case.

use std::sync::Arc;

use super::{CheckHit, Compiled, DocCheck, Keys, Kind, at, documented, in_scope};
use crate::error::Error;
use crate::rule::Rule;
use crate::rule::pattern::{Pattern, PatternError};
use crate::text::Document;

documented! {
    /// Vale's `capitalization`: a heading (or other scope) not in the required case.
    ///
    /// Keys: `match` (`$title`, `$sentence`, `$lower`, `$upper`, or a pattern the whole text
    /// must match), `style` (`AP` or `Chicago`, for `$title`), `exceptions` (words or patterns,
    /// such as names, kept as written), `indicators` (endings, such as `:`, after which
    /// `$sentence` expects a capital), `threshold` (the share of words that must already be in
    /// the expected case, 0.8 by default), `prefix` (a pattern left out at the start) and
    /// `vocab`. As Vale does, the text is converted to the case and compared word by word; in
    /// `$sentence` a first word not capitalised fails outright. The message's first `%s` is
    /// the block's text, the second the text in the expected case.
    pub struct Capitalization;
}

/// The `capitalization` row of the table.
pub const KIND: Kind = Kind {
    name: "capitalization",
    keys: &[
        "match",
        "style",
        "exceptions",
        "vocab",
        "indicators",
        "threshold",
        "prefix",
    ],
    word_exceptions: true,
    doc: Capitalization::DOC,
    compile,
};

/// The share of words that must be in the expected case when a rule does not set one.
pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// The case a capitalization rule requires.
#[derive(Debug, Clone)]
pub enum CaseStyle {
    /// Major words capitalised (`$title`); `true` for Chicago's list of lower-case words.
    Title { chicago: bool },
    /// Only the first word (and words after an indicator) capitalised (`$sentence`).
    Sentence,
    /// All lower case (`$lower`).
    Lower,
    /// All upper case (`$upper`).
    Upper,
    /// The whole text must match this pattern.
    Pattern(Pattern),
}

#[derive(Debug)]
struct Check {
    style: CaseStyle,
    /// The exceptions as one word-bounded pattern, each case-sensitive unless it says `(?i)`.
    except: Option<Pattern>,
    /// Words: an exception, or a run of letters and digits up to the next space.
    words: Pattern,
    indicators: Vec<String>,
    threshold: f64,
    prefix: Option<Pattern>,
}

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let file = keys.file;
    let m = file.match_.as_ref().ok_or_else(|| keys.need("match"))?;
    let chicago = match &file.style {
        None => false,
        Some(s) => match s.value.as_str() {
            "AP" => false,
            "Chicago" => true,
            other => {
                return Err(keys.err(
                    at(s),
                    format!("unknown style `{other}` (expected AP or Chicago)"),
                ));
            }
        },
    };
    let style = match m.value.as_str() {
        "$title" => CaseStyle::Title { chicago },
        "$sentence" => CaseStyle::Sentence,
        "$lower" => CaseStyle::Lower,
        "$upper" => CaseStyle::Upper,
        _ => CaseStyle::Pattern(keys.pattern("match", m, false)?),
    };
    let mut exceptions: Vec<String> = file
        .exceptions
        .iter()
        .flat_map(|l| l.value.0.iter())
        .map(|i| i.value.clone())
        .filter(|v| !v.is_empty())
        .collect();
    exceptions.sort_by_key(|e| std::cmp::Reverse(e.len()));
    let exceptions_at = file.exceptions.as_ref().and_then(at);
    let bad = |e: String| keys.err(exceptions_at, format!("invalid exceptions: {e}"));
    let (except, words) = if exceptions.is_empty() {
        (None, Pattern::compile(WORD).map_err(bad)?)
    } else {
        let joined: Vec<String> = exceptions
            .iter()
            .map(|e| {
                if e.starts_with("(?i)") {
                    e.clone()
                } else {
                    format!("(?-i:{e})")
                }
            })
            .collect();
        let except = format!(r"\b(?:{})\b", joined.join("|"));
        (
            Some(Pattern::compile(&format!("(?m){except}")).map_err(bad)?),
            Pattern::compile(&format!("(?m){except}|{WORD}")).map_err(bad)?,
        )
    };
    let threshold = match &file.threshold {
        None => DEFAULT_THRESHOLD,
        Some(t) if t.value > 0.0 && t.value <= 1.0 => t.value,
        // Vale reads 0 as "not set".
        Some(t) if t.value == 0.0 => DEFAULT_THRESHOLD,
        Some(t) => {
            return Err(keys.err(
                at(t),
                format!("`threshold` must be between 0 and 1, not {}", t.value),
            ));
        }
    };
    let prefix = file
        .prefix
        .as_ref()
        .map(|p| keys.pattern("prefix", p, false))
        .transpose()?;
    Ok(Compiled {
        tokens: Vec::new(),
        check: Some(Arc::new(Check {
            style,
            except,
            words,
            indicators: file
                .indicators
                .iter()
                .flat_map(|l| l.value.0.iter())
                .map(|i| i.value.clone())
                .collect(),
            threshold,
            prefix,
        })),
    })
}

/// A word, as Vale splits a block to compare cases.
const WORD: &str = r"[\p{N}\p{L}*]+\S*";

impl DocCheck for Check {
    fn run(&self, rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError> {
        let text = doc.shadow.text.as_str();
        let mut hits = Vec::new();
        for (b, range) in doc.shadow.blocks.iter().enumerate() {
            if !in_scope(rule, doc.shadow.block_kinds[b]) {
                continue;
            }
            let t = text[range.clone()].trim();
            if t.is_empty() {
                continue;
            }
            let (expected, ok) = match &self.style {
                CaseStyle::Title { chicago } => {
                    let expected = self.title_case(t, *chicago)?;
                    let ok = self.share(t, &expected, false)? >= self.threshold;
                    (expected, ok)
                }
                CaseStyle::Sentence => {
                    let expected = self.sentence_case(t)?;
                    let ok = self.share(t, &expected, true)? >= self.threshold;
                    (expected, ok)
                }
                CaseStyle::Lower => {
                    let e = t.to_lowercase();
                    let ok = t == e || self.excepted(t)?;
                    (e, ok)
                }
                CaseStyle::Upper => {
                    let e = t.to_uppercase();
                    let ok = t == e || self.excepted(t)?;
                    (e, ok)
                }
                CaseStyle::Pattern(p) => {
                    (p.as_str().to_owned(), p.is_match(t)? || self.excepted(t)?)
                }
            };
            if !ok {
                hits.push(CheckHit::new(range.clone(), vec![t.to_owned(), expected]));
            }
        }
        Ok(hits)
    }
}

/// Chicago's lower-case words besides the small words: prepositions of any length.
const PREPOSITIONS: &[&str] = &[
    "with",
    "from",
    "into",
    "during",
    "including",
    "until",
    "against",
    "among",
    "throughout",
    "despite",
    "towards",
    "upon",
    "concerning",
    "about",
    "over",
    "through",
    "before",
    "between",
    "after",
    "since",
    "without",
    "under",
    "within",
    "along",
    "following",
    "across",
    "beyond",
    "around",
    "down",
    "near",
    "above",
];

/// Articles, short conjunctions and prepositions a title leaves in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "on", "or",
    "per", "the", "to", "vs", "vs.", "via", "v", "v.",
];

/// `word` with its first character in upper case and, when `strict`, the rest in lower case.
fn to_title(word: &str, strict: bool) -> String {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let rest: String = chars.collect();
    let rest = if strict { rest.to_lowercase() } else { rest };
    first.to_uppercase().chain(rest.chars()).collect()
}

/// Each word of `word` (split at non-letters) capitalised, the rest lower case.
fn title_each(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start && c.is_alphanumeric() {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

impl Check {
    fn excepted(&self, word: &str) -> Result<bool, PatternError> {
        match &self.except {
            Some(p) => p.is_match(word),
            None => Ok(false),
        }
    }

    fn words<'t>(&self, text: &'t str) -> Result<Vec<&'t str>, PatternError> {
        let mut out = Vec::new();
        self.words.for_each_match(text, |r| out.push(&text[r]))?;
        Ok(out)
    }

    /// The text without the `prefix` match at its start, and that match.
    fn split_prefix<'t>(&self, text: &'t str) -> Result<(&'t str, &'t str), PatternError> {
        let Some(p) = &self.prefix else {
            return Ok(("", text));
        };
        let mut first = None;
        p.for_each_match(text, |r| {
            if first.is_none() {
                first = Some(r);
            }
        })?;
        Ok(match first {
            Some(r) if r.start == 0 => (&text[..r.end], &text[r.end..]),
            _ => ("", text),
        })
    }

    fn indicates(&self, word: &str, index: usize) -> bool {
        self.indicators.iter().any(|i| word.ends_with(i.as_str()))
            || (index == 0 && has_list_number(word))
    }

    /// `text` in sentence case: the first word and each word after an indicator capitalised,
    /// exceptions as written, every other word in lower case.
    fn sentence_case(&self, text: &str) -> Result<String, PatternError> {
        let (prefix, rest) = self.split_prefix(text)?;
        let tokens = self.words(rest)?;
        let mut made = Vec::with_capacity(tokens.len());
        for (i, token) in tokens.iter().enumerate() {
            if self.excepted(token)? {
                made.push((*token).to_owned());
            } else if i == 0 || self.indicates(tokens[i - 1], i - 1) {
                made.push(to_title(token, true));
            } else {
                made.push(token.to_lowercase());
            }
        }
        Ok(format!("{prefix}{}", made.join(" ")))
    }

    /// `text` in title case: every word capitalised but the small words (and, for Chicago,
    /// prepositions) that neither start nor end it and follow a space, hyphen or slash.
    fn title_case(&self, text: &str, chicago: bool) -> Result<String, PatternError> {
        let (prefix, rest) = self.split_prefix(text)?;
        let chars: Vec<char> = rest.chars().collect();
        let at = |i: isize| -> char {
            usize::try_from(i)
                .ok()
                .and_then(|i| chars.get(i).copied())
                .map_or('\0', |c| match c {
                    '\u{2013}' | '\u{2014}' => '-',
                    c => c,
                })
        };
        let mut matches = Vec::new();
        SPLIT
            .get_or_init(|| Pattern::compile(r"[\p{N}\p{L}]+[^\s\-/]*").ok())
            .as_ref()
            .map(|p| p.for_each_match(rest, |r| matches.push(r)))
            .transpose()?;
        let mut out = String::with_capacity(rest.len());
        let mut last = 0;
        let end = chars.len() as isize;
        for r in matches {
            let char_pos = rest[..r.start].chars().count() as isize;
            let m = &rest[r.clone()];
            let ext = m.chars().count() as isize;
            let after = char_pos + ext;
            out.push_str(&rest[last..r.start]);
            last = r.end;
            let lower = m.to_lowercase();
            let bounding = char_pos == 0 || after == end;
            let small = SMALL_WORDS.contains(&lower.as_str())
                || (chicago && PREPOSITIONS.contains(&lower.as_str()));
            let prev = at(char_pos - 1);
            if self.excepted(m)? {
                out.push_str(m);
            } else if !bounding
                && small
                && matches!(prev, ' ' | '-' | '/')
                && at(char_pos - 2) != ':'
                && at(char_pos - 2) != '-'
                && (at(after) != '-' || prev == '-')
            {
                out.push_str(&lower);
            } else {
                out.push_str(&to_title(m, false));
            }
        }
        out.push_str(&rest[last..]);
        Ok(format!("{prefix}{out}"))
    }

    /// The share of the words of `text` that are as in `expected` (or exceptions; in title
    /// case, words in capitals too). In sentence case, a first word that is not capitalised
    /// fails outright (share 0).
    fn share(&self, text: &str, expected: &str, sentence: bool) -> Result<f64, PatternError> {
        let got = self.words(text)?;
        let want = self.words(expected)?;
        if got.is_empty() {
            return Ok(1.0);
        }
        let mut count = 0usize;
        for (i, w) in got.iter().enumerate() {
            match want.get(i) {
                None => count += 1,
                Some(e) if e == w => count += 1,
                Some(_) if self.excepted(w)? => count += 1,
                Some(_) if !sentence && *w == w.to_uppercase() => count += 1,
                Some(_) if sentence && i == 0 && *w != title_each(w) => return Ok(0.0),
                Some(_) => {}
            }
        }
        Ok(count as f64 / got.len() as f64)
    }
}

static SPLIT: std::sync::OnceLock<Option<Pattern>> = std::sync::OnceLock::new();

/// Whether `word` holds a list number such as `8.`.
fn has_list_number(word: &str) -> bool {
    let b = word.as_bytes();
    b.windows(2).any(|w| w[0].is_ascii_digit() && w[1] == b'.')
}

#[cfg(test)]
mod tests {
    use super::super::{test_lint, test_rule};

    const SENTENCE: &str = "extends: capitalization\nmessage: \"'%s' should be '%s'\"\nscope: heading\nmatch: $sentence\n";

    fn headings(rule: &str, text: &str) -> Vec<String> {
        test_lint(rule, text).into_iter().map(|(_, m)| m).collect()
    }

    #[test]
    fn sentence_case_fails_below_the_threshold() {
        // 3 of 4 words as expected is under the default 0.8.
        assert_eq!(
            headings(SENTENCE, "# Talks Resume today now\n"),
            ["'Talks Resume today now' should be 'Talks resume today now'"]
        );
        // 4 of 5 words as expected is enough.
        assert!(headings(SENTENCE, "# Talks resume in Geneva today\n").is_empty());
        let strict = format!("{SENTENCE}threshold: 1\n");
        assert_eq!(
            headings(&strict, "# Talks resume in Geneva today\n").len(),
            1
        );
    }

    #[test]
    fn a_lower_case_first_word_fails_outright() {
        assert_eq!(
            headings(SENTENCE, "# talks resume in the capital today\n"),
            ["'talks resume in the capital today' should be 'Talks resume in the capital today'"]
        );
    }

    #[test]
    fn indicators_and_list_numbers_expect_a_capital_after_them() {
        let rule = format!("{SENTENCE}indicators: [':']\n");
        assert!(headings(&rule, "# Update: Talks resume in the capital\n").is_empty());
        assert_eq!(headings(SENTENCE, "# Update: Talks resume\n").len(), 1);
        assert!(headings(SENTENCE, "# 8. Do step eight\n").is_empty());
    }

    #[test]
    fn exceptions_keep_their_case() {
        let rule = format!("{SENTENCE}exceptions: [Geneva, New York]\n");
        assert!(headings(&rule, "# Talks in New York and Geneva\n").is_empty());
        assert_eq!(
            headings(SENTENCE, "# Talks in New York and Geneva\n").len(),
            1
        );
    }

    #[test]
    fn title_case_ap_and_chicago() {
        let ap = "extends: capitalization\nmessage: \"'%s' should be '%s'\"\nscope: heading\nmatch: $title\n";
        // AP capitalises "over"; 3 of 4 words right is under the threshold.
        assert_eq!(
            headings(ap, "# Fox Jumps over Dogs\n"),
            ["'Fox Jumps over Dogs' should be 'Fox Jumps Over Dogs'"]
        );
        assert!(headings(ap, "# The Quick Brown Fox Jumps Over the Lazy Dog\n").is_empty());
        assert_eq!(
            headings(ap, "# the quick brown fox\n"),
            ["'the quick brown fox' should be 'The Quick Brown Fox'"]
        );
        let chicago = format!("{ap}style: Chicago\n");
        assert!(headings(&chicago, "# Fox Jumps over Dogs\n").is_empty());
        // Words in capitals count as right in a title.
        assert!(headings(ap, "# Using the API With NASA\n").is_empty());
    }

    #[test]
    fn bad_values_are_refused() {
        let e = test_rule("extends: capitalization\nmessage: m\nmatch: $title\nstyle: MLA\n")
            .unwrap_err();
        assert!(e.contains("unknown style `MLA`"), "{e}");
        let e = test_rule("extends: capitalization\nmessage: m\nmatch: $title\nthreshold: 2\n")
            .unwrap_err();
        assert!(e.contains("between 0 and 1"), "{e}");
    }
}
