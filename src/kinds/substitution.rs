//! `substitution`: a match of a `swap` key is a finding that suggests its value.

use super::{Compiled, Keys, Kind, at, compile_token, documented};
use crate::error::Error;
use crate::rule::Token;
use crate::rule::schema::ListItem;

documented! {
    /// Vale's `substitution`: report a match of a `swap` key and suggest its value.
    ///
    /// Keys: `swap` (a map from pattern to replacement; `a|b` offers either), `ignorecase`,
    /// `nonword`, `exceptions` and `vocab`. The message's first `%s` is the replacement and
    /// the second the matched text. A match that already is the replacement is not reported.
    /// Longer keys are tried first, so the longest alternative wins where several match.
    pub struct Substitution;
}

/// The `substitution` row of the table.
pub const KIND: Kind = Kind {
    name: "substitution",
    keys: &[
        "ignorecase",
        "nonword",
        "swap",
        "exceptions",
        "vocab",
        "capitalize",
    ],
    word_exceptions: false,
    doc: Substitution::DOC,
    compile,
};

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let swap = keys
        .file
        .swap
        .as_ref()
        .ok_or_else(|| keys.err(keys.anchor, "a `substitution` rule needs a `swap` map"))?;
    let mut entries: Vec<&(ListItem, String)> = swap
        .value
        .0
        .iter()
        .filter(|(k, _)| !k.value.trim().is_empty())
        .collect();
    if entries.is_empty() {
        return Err(keys.err(at(swap), "`swap` has no non-empty key"));
    }
    // Longest keys first, so that the longest alternative wins where several match.
    entries.sort_by_key(|e| std::cmp::Reverse(e.0.value.len()));
    let mut tokens = Vec::new();
    for (key, replacement) in entries {
        let where_ = key.at.or_else(|| at(swap));
        tokens.push(Token {
            source: key.value.clone(),
            matcher: compile_token(keys, &key.value, where_)?,
            replacement: Some(replacement.clone()),
        });
    }
    Ok(Compiled {
        tokens,
        check: None,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_rule as compile;

    #[test]
    fn longest_key_first() {
        let r =
            compile("extends: substitution\nmessage: m\nswap:\n  a: b\n  a lot: many\n").unwrap();
        assert_eq!(r.tokens[0].source, "a lot");
        assert_eq!(r.tokens[0].replacement.as_deref(), Some("many"));
    }

    const CONTRACTIONS: &str = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nignorecase: true\naction:\n  name: replace\nswap:\n  does not: doesn't\n  cell ?phone: phone|mobile phone\n";

    fn messages(rule: &str, text: &str) -> Vec<String> {
        super::super::test_lint(rule, text)
            .into_iter()
            .map(|(_, m)| m)
            .collect()
    }

    #[test]
    fn replacements_keep_their_case_unless_capitalize_is_set() {
        assert_eq!(
            messages(CONTRACTIONS, "Does not work.\n"),
            ["Use 'doesn't' instead of 'Does not'."]
        );
        let rule = format!("{CONTRACTIONS}capitalize: true\n");
        assert_eq!(
            messages(&rule, "Does not work. It does not.\n"),
            [
                "Use 'Doesn't' instead of 'Does not'.",
                "Use 'doesn't' instead of 'does not'."
            ]
        );
    }

    #[test]
    fn a_pattern_replacement_must_match_the_whole_match() {
        // "phone" matches inside "cell phone", which is still reported.
        assert_eq!(
            messages(CONTRACTIONS, "My cell phone rang.\n"),
            ["Use 'phone' or 'mobile phone' instead of 'cell phone'."]
        );
    }

    #[test]
    fn without_its_own_fix_the_swap_value_is_shown_as_written() {
        let rule = "extends: substitution\nmessage: \"Use '%s', not '%s'.\"\nswap:\n  utilise: use|employ\n";
        assert_eq!(
            messages(rule, "We utilise it.\n"),
            ["Use 'use|employ', not 'utilise'."]
        );
    }

    #[test]
    fn needs_swap() {
        let e = compile("extends: substitution\nmessage: m\n").unwrap_err();
        assert!(e.contains("needs a `swap` map"), "{e}");
        let e = compile("extends: substitution\nmessage: m\nswap: {'': x}\n").unwrap_err();
        assert!(e.contains("no non-empty key"), "{e}");
    }
}
