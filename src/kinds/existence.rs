//! `existence`: every match of the tokens is a finding.

use super::{Compiled, Keys, Kind, MAX_PREFIXES, WB, compile_token, documented, item_at};
use crate::error::Error;
use crate::rule::pattern::{Pattern, triggers};
use crate::rule::schema::ListItem;
use crate::rule::{Token, TokenMatcher};

documented! {
    /// Vale's `existence`: report every match of the `tokens`.
    ///
    /// Keys: `tokens` (phrases or patterns, matched as whole words unless `nonword: true`),
    /// `ignorecase`, `nonword`, `raw` (a pattern put before the tokens, or after them with
    /// `append: true`, into one regex), `exceptions` (matches whose text these match are
    /// dropped) and `vocab`. The message's `%s` is the matched text.
    ///
    /// Tokens that are plain phrases go into one phrase automaton shared by every rule;
    /// the others run as patterns over the blocks that hold one of their trigger words.
    pub struct Existence;
}

/// The `existence` row of the table.
pub const KIND: Kind = Kind {
    name: "existence",
    keys: &[
        "ignorecase",
        "nonword",
        "tokens",
        "raw",
        "append",
        "exceptions",
        "vocab",
    ],
    word_exceptions: false,
    doc: Existence::DOC,
    compile,
};

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let file = keys.file;
    let list: Vec<(&ListItem, Option<(u64, u64)>)> = file
        .tokens
        .iter()
        .flat_map(|l| l.value.0.iter().map(move |i| (i, item_at(i, l))))
        .filter(|(i, _)| !i.value.trim().is_empty())
        .collect();
    let raw: String = file
        .raw
        .iter()
        .flat_map(|l| l.value.0.iter())
        .map(|i| i.value.as_str())
        .collect();
    let mut tokens = Vec::new();
    if !raw.is_empty() {
        // Vale composes the raw pattern with the token alternation into one regex.
        for (item, where_) in &list {
            Pattern::compile(&item.value).map_err(|e| {
                keys.err(
                    *where_,
                    format!("invalid regex in token `{}`: {e}", item.value),
                )
            })?;
        }
        let joined: Vec<&str> = list.iter().map(|(i, _)| i.value.as_str()).collect();
        let template = if !keys.nonword && !list.is_empty() {
            format!("{WB}(?:{}){WB}", joined.join("|"))
        } else {
            format!("(?:{})", joined.join("|"))
        };
        let append = file.append.as_ref().is_some_and(|b| b.value);
        let body = if append {
            format!("{template}{raw}")
        } else {
            format!("{raw}{template}")
        };
        let composed = format!("(?m){}{body}", if keys.ignorecase { "(?i)" } else { "" });
        let raw_at = file.raw.as_ref().and_then(super::at);
        let pattern = Pattern::compile(&composed)
            .map_err(|e| keys.err(raw_at, format!("invalid regex in `raw` `{raw}`: {e}")))?;
        let triggers = triggers(&body, &pattern, MAX_PREFIXES);
        tokens.push(Token {
            source: composed,
            matcher: TokenMatcher::Pattern { pattern, triggers },
            replacement: None,
        });
    } else {
        if list.is_empty() {
            let where_ = file.tokens.as_ref().and_then(super::at).or(keys.anchor);
            return Err(keys.err(
                where_,
                "an `existence` rule needs at least one non-empty token or `raw` pattern",
            ));
        }
        for (item, where_) in list {
            tokens.push(Token {
                source: item.value.clone(),
                matcher: compile_token(keys, &item.value, where_)?,
                replacement: None,
            });
        }
    }
    Ok(Compiled {
        tokens,
        check: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_rule as compile;
    use crate::rule::TokenMatcher;

    #[test]
    fn phrases_become_literals_and_patterns_stay_patterns() {
        let r = compile(
            "extends: existence\nmessage: m\ntokens: [reportedly, 'said to (?:be|have)']\n",
        )
        .unwrap();
        assert!(matches!(r.tokens[0].matcher, TokenMatcher::Literals(_)));
        assert_eq!(r.tokens.len(), 2);
    }

    #[test]
    fn raw_composes_one_pattern() {
        let r =
            compile("extends: existence\nmessage: m\nraw: ['\\d+ ']\ntokens: [people]\n").unwrap();
        assert_eq!(r.tokens.len(), 1);
        assert!(r.tokens[0].source.contains("people"));
    }

    #[test]
    fn needs_a_token() {
        let e = compile("extends: existence\nmessage: m\ntokens: ['']\n").unwrap_err();
        assert!(e.contains("needs at least one non-empty token"), "{e}");
    }
}
