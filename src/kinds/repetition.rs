//! `repetition`: the same token twice in a row ("the the").

use super::{CheckHit, Compiled, DocCheck, Keys, Kind, WB, at, documented, in_scope, matches_in};
use crate::error::Error;
use crate::rule::Rule;
use crate::rule::pattern::{Pattern, PatternError};
use crate::text::Document;
use std::ops::Range;
use std::sync::Arc;

documented! {
    /// Vale's `repetition`: a token repeated back to back ("the the").
    ///
    /// Keys: `tokens` (patterns joined into one, matched as whole words), `alpha` (only
    /// alphabetic matches count), `max` (repeats allowed before one is reported, default 0)
    /// and `ignorecase`. Repeats are compared without regard to case and must be separated
    /// by white space only. The message's `%s` is the repeated word.
    pub struct Repetition;
}

/// The `repetition` row of the table.
pub const KIND: Kind = Kind {
    name: "repetition",
    keys: &["ignorecase", "tokens", "alpha", "max"],
    word_exceptions: false,
    doc: Repetition::DOC,
    compile,
};

#[derive(Debug)]
struct Check {
    pattern: Pattern,
    alpha: bool,
    max: usize,
}

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let file = keys.file;
    let tokens: Vec<&str> = file
        .tokens
        .iter()
        .flat_map(|l| l.value.0.iter())
        .map(|i| i.value.as_str())
        .collect();
    if tokens.is_empty() {
        return Err(keys.need("tokens"));
    }
    let source = format!(
        "(?m){}{WB}(?:{}){WB}",
        if keys.ignorecase { "(?i)" } else { "" },
        tokens.join("|")
    );
    let pattern = Pattern::compile(&source).map_err(|e| {
        keys.err(
            file.tokens.as_ref().and_then(at),
            format!("invalid regex in `tokens`: {e}"),
        )
    })?;
    Ok(Compiled {
        tokens: Vec::new(),
        check: Some(Arc::new(Check {
            pattern,
            alpha: file.alpha.as_ref().is_some_and(|a| a.value),
            max: file.max.as_ref().map_or(0, |m| m.value),
        })),
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
            let found = matches_in(&self.pattern, text, range)?;
            let mut run_start: Option<Range<usize>> = None;
            let mut run_len = 0usize;
            let mut prev: Option<Range<usize>> = None;
            for m in found {
                let word = &text[m.clone()];
                if self.alpha && !word.chars().all(char::is_alphabetic) {
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
                    if run_len == self.max + 1 {
                        let start = run_start.as_ref().map_or(m.start, |r| r.start);
                        hits.push(CheckHit::new(start..m.end, vec![word.to_owned()]));
                    }
                } else {
                    run_start = Some(m.clone());
                    run_len = 0;
                }
                prev = Some(m);
            }
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_lint, test_rule};

    #[test]
    fn a_doubled_word() {
        let rule = "extends: repetition\nmessage: \"'%s' is repeated\"\nalpha: true\ntokens: ['[^\\s]+']\n";
        let hits = test_lint(rule, "It was the the end.\n");
        assert_eq!(
            hits,
            vec![("the the".to_owned(), "'the' is repeated".to_owned())]
        );
    }

    #[test]
    fn needs_tokens() {
        let e = test_rule("extends: repetition\nmessage: m\n").unwrap_err();
        assert!(e.contains("needs `tokens`"), "{e}");
    }
}
