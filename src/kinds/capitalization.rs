//! `capitalization`: a heading (or other block) not in the required case.

use std::sync::Arc;

use super::{CheckHit, Compiled, DocCheck, Keys, Kind, at, core_word, documented, in_scope};
use crate::error::Error;
use crate::rule::Rule;
use crate::rule::pattern::{Pattern, PatternError};
use crate::text::Document;

documented! {
    /// Vale's `capitalization`: a heading (or other scope) not in the required case.
    ///
    /// Keys: `match` (`$title`, `$sentence`, `$lower`, `$upper`, or a pattern the whole text
    /// must match), `style` (`AP` or `Chicago`, for `$title`), `exceptions` (words, such as
    /// names, exempt from the check) and `vocab`. Each block in scope is checked as a whole;
    /// words in capitals, with digits or without letters are exempt. The message's `%s` is
    /// the block's text.
    pub struct Capitalization;
}

/// The `capitalization` row of the table.
pub const KIND: Kind = Kind {
    name: "capitalization",
    keys: &["match", "style", "exceptions", "vocab"],
    word_exceptions: true,
    doc: Capitalization::DOC,
    compile,
};

/// The case a capitalization rule requires.
#[derive(Debug, Clone)]
pub enum CaseStyle {
    /// Major words capitalised (`$title`).
    Title,
    /// Only the first word capitalised (`$sentence`).
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
}

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let file = keys.file;
    let m = file.match_.as_ref().ok_or_else(|| keys.need("match"))?;
    let style = match m.value.as_str() {
        "$title" => CaseStyle::Title,
        "$sentence" => CaseStyle::Sentence,
        "$lower" => CaseStyle::Lower,
        "$upper" => CaseStyle::Upper,
        _ => CaseStyle::Pattern(keys.pattern("match", m, false)?),
    };
    if let Some(s) = &file.style
        && !matches!(s.value.as_str(), "AP" | "Chicago")
    {
        return Err(keys.err(
            at(s),
            format!("unknown style `{}` (expected AP or Chicago)", s.value),
        ));
    }
    Ok(Compiled {
        tokens: Vec::new(),
        check: Some(Arc::new(Check { style })),
    })
}

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
            let ok = match &self.style {
                CaseStyle::Title => is_title_case(t, &rule.exception_words),
                CaseStyle::Sentence => is_sentence_case(t, &rule.exception_words),
                CaseStyle::Lower => t == t.to_lowercase(),
                CaseStyle::Upper => t == t.to_uppercase(),
                CaseStyle::Pattern(p) => p.is_match(t)?,
            };
            if !ok {
                hits.push(CheckHit::new(range.clone(), vec![t.to_owned()]));
            }
        }
        Ok(hits)
    }
}

/// Small words a title leaves in lower case (AP and Chicago agree on these).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as", "at", "by", "in", "of",
    "off", "on", "per", "to", "up", "via", "vs", "vs.", "from", "into", "onto", "with", "over",
];

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

#[cfg(test)]
mod tests {
    use super::super::{test_lint, test_rule};
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
    fn headings_in_sentence_case() {
        let rule = "extends: capitalization\nmessage: \"'%s' should be in sentence case\"\nscope: heading\nmatch: $sentence\n";
        let hits = test_lint(
            rule,
            "# Talks Resume Today\n\nBody Text Here.\n\n# Talks resume\n",
        );
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].1, "'Talks Resume Today' should be in sentence case");
    }

    #[test]
    fn the_dead_keys_are_refused() {
        for key in ["indicators: [':']", "threshold: 0.8"] {
            let e = test_rule(&format!(
                "extends: capitalization\nmessage: m\nmatch: $title\n{key}\n"
            ))
            .unwrap_err();
            assert!(e.contains("unknown field"), "{e}");
        }
        let e = test_rule("extends: capitalization\nmessage: m\nmatch: $title\nstyle: MLA\n")
            .unwrap_err();
        assert!(e.contains("unknown style `MLA`"), "{e}");
    }
}
