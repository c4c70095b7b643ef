//! `occurrence`: too many, or too few, matches of a token in each scope unit.

use super::{CheckHit, Compiled, DocCheck, Keys, Kind, documented, first_word, matches_in, units};
use crate::error::Error;
use crate::rule::Rule;
use crate::rule::pattern::{Pattern, PatternError};
use crate::text::Document;
use std::sync::Arc;

documented! {
    /// Vale's `occurrence`: too many (or too few) matches of a token in a scope.
    ///
    /// Keys: `token` (the pattern to count), `max` (most matches allowed in a unit), `min`
    /// (fewest required) and `ignorecase`; at least one of `max` and `min`. The unit is the
    /// document unless `scope` names blocks (`paragraph`, `heading`, ...) or `sentence`.
    /// Over `max`, the first match past it is reported; under `min`, the unit's first word.
    pub struct Occurrence;
}

/// The `occurrence` row of the table.
pub const KIND: Kind = Kind {
    name: "occurrence",
    keys: &["ignorecase", "token", "max", "min"],
    word_exceptions: false,
    doc: Occurrence::DOC,
    compile,
};

#[derive(Debug)]
struct Check {
    token: Pattern,
    max: Option<usize>,
    min: Option<usize>,
}

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let file = keys.file;
    let token = file.token.as_ref().ok_or_else(|| keys.need("token"))?;
    let max = file.max.as_ref().map(|m| m.value);
    let min = file.min.as_ref().map(|m| m.value);
    if max.is_none() && min.is_none() {
        return Err(keys.need("max` or `min"));
    }
    Ok(Compiled {
        tokens: Vec::new(),
        check: Some(Arc::new(Check {
            token: keys.pattern("token", token, keys.ignorecase)?,
            max,
            min,
        })),
    })
}

impl DocCheck for Check {
    fn run(&self, rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError> {
        let text = doc.shadow.text.as_str();
        let mut hits = Vec::new();
        for unit in units(rule, doc) {
            let found = matches_in(&self.token, text, &unit)?;
            if let Some(max) = self.max
                && found.len() > max
            {
                let over = found[max].clone();
                hits.push(CheckHit::new(over.clone(), vec![text[over].to_owned()]));
            } else if let Some(min) = self.min
                && found.len() < min
                && !text[unit.clone()].trim().is_empty()
            {
                let w = first_word(text, &unit);
                hits.push(CheckHit::new(w.clone(), vec![text[w].to_owned()]));
            }
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_lint, test_rule};

    #[test]
    fn reports_the_match_past_max() {
        let rule = "extends: occurrence\nmessage: 'Too many: %s'\nscope: sentence\ntoken: '\\bsaid\\b'\nmax: 1\n";
        let hits = test_lint(rule, "He said she said so.\n");
        assert_eq!(hits, vec![("said".to_owned(), "Too many: said".to_owned())]);
    }

    #[test]
    fn needs_max_or_min() {
        let e = test_rule("extends: occurrence\nmessage: m\ntoken: x\n").unwrap_err();
        assert!(e.contains("needs `max` or `min`"), "{e}");
    }
}
