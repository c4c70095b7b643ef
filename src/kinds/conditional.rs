//! `conditional`: a term used without its definition.

use std::collections::HashSet;
use std::sync::Arc;

use super::{CheckHit, Compiled, DocCheck, Keys, Kind, documented, units};
use crate::error::Error;
use crate::rule::Rule;
use crate::rule::pattern::{Pattern, PatternError};
use crate::text::Document;

documented! {
    /// Vale's `conditional`: a term used without its definition (an acronym never spelled
    /// out).
    ///
    /// Keys: `first` (the pattern of a term that needs a definition; its first group, if it
    /// has one, is the term), `second` (the pattern that defines a term, its first group the
    /// term defined), `exceptions` (terms, as plain words, that need no definition) and
    /// `ignorecase`. Every match of `first` whose term no match of `second` in the document
    /// defines is reported; the message's `%s` is the term.
    pub struct Conditional;
}

/// The `conditional` row of the table.
pub const KIND: Kind = Kind {
    name: "conditional",
    keys: &["ignorecase", "first", "second", "exceptions"],
    word_exceptions: true,
    doc: Conditional::DOC,
    compile,
};

#[derive(Debug)]
struct Check {
    first: Pattern,
    second: Pattern,
}

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let first = keys.file.first.as_ref().ok_or_else(|| keys.need("first"))?;
    let second = keys
        .file
        .second
        .as_ref()
        .ok_or_else(|| keys.need("second"))?;
    Ok(Compiled {
        tokens: Vec::new(),
        check: Some(Arc::new(Check {
            first: keys.pattern("first", first, keys.ignorecase)?,
            second: keys.pattern("second", second, keys.ignorecase)?,
        })),
    })
}

impl DocCheck for Check {
    fn run(&self, rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError> {
        let text = doc.shadow.text.as_str();
        let mut hits = Vec::new();
        let scoped = units(rule, doc);
        let mut defined: HashSet<String> = HashSet::new();
        for u in &scoped {
            self.second
                .for_each_capture(&text[u.clone()], |whole, group| {
                    let g = group.unwrap_or(whole);
                    defined.insert(text[u.start + g.start..u.start + g.end].to_owned());
                })?;
        }
        for u in &scoped {
            let mut found = Vec::new();
            self.first
                .for_each_capture(&text[u.clone()], |whole, group| {
                    let g = group.unwrap_or(whole.clone());
                    found.push((
                        u.start + whole.start..u.start + whole.end,
                        u.start + g.start..u.start + g.end,
                    ));
                })?;
            for (whole, term) in found {
                let t = &text[term];
                if !defined.contains(t) && !rule.exception_words.iter().any(|e| e == t) {
                    hits.push(CheckHit::new(whole, vec![t.to_owned()]));
                }
            }
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{test_lint, test_rule};

    const RULE: &str = "extends: conditional\nmessage: \"'%s' has no definition\"\nfirst: '\\b([A-Z]{3,5})\\b'\nsecond: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\nexceptions: [NATO]\n";

    #[test]
    fn undefined_acronyms_only() {
        let hits = test_lint(
            RULE,
            "The World Health Organization (WHO) met. WHO and NATO and IAEA spoke.\n",
        );
        assert_eq!(
            hits,
            vec![("IAEA".to_owned(), "'IAEA' has no definition".to_owned())]
        );
    }

    #[test]
    fn needs_first_and_second() {
        let e = test_rule("extends: conditional\nmessage: m\nfirst: x\n").unwrap_err();
        assert!(e.contains("needs `second`"), "{e}");
    }
}
