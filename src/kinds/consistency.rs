//! `consistency`: both spellings of a pair in one document.

use super::{CheckHit, Compiled, DocCheck, Keys, Kind, WB, at, documented, matches_in, units};
use crate::error::Error;
use crate::rule::Rule;
use crate::rule::pattern::{Pattern, PatternError};
use crate::text::Document;
use std::sync::Arc;

documented! {
    /// Vale's `consistency`: both spellings of a pair in one document.
    ///
    /// Keys: `either` (a map whose key and value are the two spellings, as patterns matched
    /// as whole words unless `nonword: true`), `ignorecase` and `nonword`. When a document
    /// uses both, every match of the spelling that appears later is reported.
    pub struct Consistency;
}

/// The `consistency` row of the table.
pub const KIND: Kind = Kind {
    name: "consistency",
    keys: &["ignorecase", "nonword", "either"],
    word_exceptions: false,
    doc: Consistency::DOC,
    compile,
};

#[derive(Debug)]
struct Check {
    pairs: Vec<(Pattern, Pattern)>,
}

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let either = keys
        .file
        .either
        .as_ref()
        .ok_or_else(|| keys.need("either"))?;
    let mut pairs = Vec::new();
    for (key, other) in &either.value.0 {
        let wrap = |p: &str| {
            let flags = if keys.ignorecase { "(?i)" } else { "" };
            if keys.nonword {
                format!("{flags}(?:{p})")
            } else {
                format!("{flags}{WB}(?:{p}){WB}")
            }
        };
        let where_ = key.at.or_else(|| at(either));
        let a = Pattern::compile(&wrap(&key.value)).map_err(|e| {
            keys.err(
                where_,
                format!("invalid regex in `either` `{}`: {e}", key.value),
            )
        })?;
        let b = Pattern::compile(&wrap(other))
            .map_err(|e| keys.err(where_, format!("invalid regex in `either` `{other}`: {e}")))?;
        pairs.push((a, b));
    }
    Ok(Compiled {
        tokens: Vec::new(),
        check: Some(Arc::new(Check { pairs })),
    })
}

impl DocCheck for Check {
    fn run(&self, rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError> {
        let text = doc.shadow.text.as_str();
        let mut hits = Vec::new();
        let scoped = units(rule, doc);
        for (a, b) in &self.pairs {
            let mut ma = Vec::new();
            let mut mb = Vec::new();
            for u in &scoped {
                ma.extend(matches_in(a, text, u)?);
                mb.extend(matches_in(b, text, u)?);
            }
            if let (Some(fa), Some(fb)) = (ma.first(), mb.first()) {
                let later = if fa.start > fb.start { ma } else { mb };
                for m in later {
                    hits.push(CheckHit::new(m.clone(), vec![text[m].to_owned()]));
                }
            }
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_lint, test_rule};

    #[test]
    fn the_later_spelling_is_reported() {
        let rule =
            "extends: consistency\nmessage: \"Inconsistent: '%s'\"\neither:\n  advisor: adviser\n";
        let hits = test_lint(rule, "The adviser met the advisor. The adviser left.\n");
        assert_eq!(
            hits,
            vec![("advisor".to_owned(), "Inconsistent: 'advisor'".to_owned())]
        );
    }

    #[test]
    fn needs_either() {
        let e = test_rule("extends: consistency\nmessage: m\n").unwrap_err();
        assert!(e.contains("needs `either`"), "{e}");
    }
}
