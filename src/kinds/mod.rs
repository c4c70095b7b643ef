//! The rule types, one module each, as Vale keeps one file per check: the keys a type takes,
//! how they compile, what the type checks, and the documentation `hedgelint explain --type`
//! prints. [`KINDS`] registers them; adding a type is one module and one row there.

mod capitalization;
mod conditional;
mod consistency;
mod existence;
mod metric;
mod occurrence;
mod repetition;
mod substitution;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde_saphyr::Spanned;

use crate::error::{Error, ErrorKind};
use crate::rule::pattern::{Pattern, PatternError, exact_literals, triggers};
use crate::rule::schema::{ListItem, RuleFile, StrList};
use crate::rule::{Rule, ScopeKind, ScopeUnit, Token, TokenMatcher};
use crate::text::shadow::BlockKind;
use crate::text::{Document, sentence};

pub use capitalization::CaseStyle;
pub use metric::{Counts, validate_metric};

/// Declares a rule type's marker with its doc comment, and makes that comment available as
/// `DOC` for `hedgelint explain --type`.
macro_rules! documented {
    ($(#[doc = $doc:literal])* $vis:vis struct $name:ident;) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        $vis struct $name;
        impl $name {
            /// The documentation above, as text.
            pub const DOC: &'static str = concat!($($doc, "\n"),*);
        }
    };
}
use documented;

/// A rule type: its `extends` name, the keys it takes beyond the common ones, how it
/// compiles and what it is for.
#[derive(Debug)]
pub struct Kind {
    /// The `extends` value.
    pub name: &'static str,
    /// Keys the type takes beyond those every rule may have.
    pub keys: &'static [&'static str],
    /// `exceptions` is a list of words rather than patterns.
    pub word_exceptions: bool,
    /// What the type checks, from its module's doc comment.
    pub doc: &'static str,
    /// Builds the type's matchers from the rule file.
    pub compile: fn(&Keys<'_>) -> Result<Compiled, Error>,
}

impl Kind {
    /// The documentation without the one space each doc-comment line starts with.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
            + "\n"
    }

    /// Whether `key` applies to rules of this type.
    pub fn allows(&self, key: &str) -> bool {
        self.keys.contains(&key)
    }
}

/// Every rule type hedgelint runs.
pub static KINDS: &[Kind] = &[
    existence::KIND,
    substitution::KIND,
    occurrence::KIND,
    repetition::KIND,
    consistency::KIND,
    conditional::KIND,
    capitalization::KIND,
    metric::KIND,
];

/// Vale rule types hedgelint does not run.
pub const UNSUPPORTED: &[&str] = &["sequence", "spelling", "script", "readability", "invalid"];

/// The rule type named `name`.
pub fn find(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// What compiling a rule type's keys gives.
#[derive(Debug, Default)]
pub struct Compiled {
    /// The alternatives the phrase automaton and pattern scan look for (existence and
    /// substitution).
    pub tokens: Vec<Token>,
    /// The document-level check (the other types).
    pub check: Option<Arc<dyn DocCheck>>,
}

/// A check that looks at the whole document (every type but existence and substitution).
pub trait DocCheck: fmt::Debug + Send + Sync {
    /// The hits of `rule` in `doc`.
    fn run(&self, rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError>;
}

/// One hit of a document-level rule: a view range and the message's `%s` arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckHit {
    /// Range in the normalised view.
    pub range: Range<usize>,
    /// The message arguments.
    pub args: Vec<String>,
}

impl CheckHit {
    fn new(range: Range<usize>, args: Vec<String>) -> CheckHit {
        CheckHit { range, args }
    }
}

/// Runs a document-level rule over `doc`.
pub fn run(rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError> {
    match &rule.check {
        Some(check) => check.run(rule, doc),
        None => Ok(Vec::new()),
    }
}

/// A rule file's keys as a rule type's compiler sees them.
pub struct Keys<'a> {
    /// The parsed file.
    pub file: &'a RuleFile,
    /// How errors name the file.
    pub origin: &'a str,
    /// The rule type's name.
    pub kind: &'static str,
    /// Where `extends` is, for errors about a missing key.
    pub anchor: Option<(u64, u64)>,
    /// `ignorecase`.
    pub ignorecase: bool,
    /// `nonword`.
    pub nonword: bool,
}

impl Keys<'_> {
    /// An invalid-rule error at `at`.
    pub fn err(&self, at: Option<(u64, u64)>, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Rule, self.origin, at, msg)
    }

    /// The error for a missing key.
    pub fn need(&self, key: &str) -> Error {
        self.err(self.anchor, format!("a `{}` rule needs `{key}`", self.kind))
    }

    /// A pattern from a key, with `(?i)` when `ignorecase`.
    pub fn pattern(
        &self,
        key: &str,
        value: &Spanned<String>,
        ignorecase: bool,
    ) -> Result<Pattern, Error> {
        let source = if ignorecase {
            format!("(?i){}", value.value)
        } else {
            value.value.clone()
        };
        Pattern::compile(&source).map_err(|e| {
            self.err(
                at(value),
                format!("invalid regex in `{key}` `{}`: {e}", value.value),
            )
        })
    }
}

/// The word boundary Vale puts around tokens. Vale's regular expressions (Go's RE2) treat
/// `\b` as an ASCII word boundary; so does hedgelint, which also lets the regex crate use its
/// fast DFA rather than a backtracker.
pub const WB: &str = "(?-u:\\b)";

/// Most phrases one token may expand to before it is run as a pattern instead.
const MAX_LITERALS_PER_TOKEN: usize = 512;
/// Most trigger words a pattern's prefilter may have.
pub const MAX_PREFIXES: usize = 256;

/// Where a key stands in the file.
pub fn at<T>(s: &Spanned<T>) -> Option<(u64, u64)> {
    (s.referenced.line() > 0).then(|| (s.referenced.line(), s.referenced.column()))
}

/// Where a list item stands, or its list when the item has no place.
pub fn item_at(item: &ListItem, list: &Spanned<StrList>) -> Option<(u64, u64)> {
    item.at.or_else(|| at(list))
}

/// True when ASCII case folding alone matches every case variant of `s`.
fn ascii_foldable(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii() || (!c.is_uppercase() && !c.is_lowercase()))
}

/// Compiles one token into a matcher, following Vale's `\b(?:token)\b` composition.
fn compile_token(
    keys: &Keys,
    token: &str,
    where_: Option<(u64, u64)>,
) -> Result<TokenMatcher, Error> {
    let (ignorecase, nonword) = (keys.ignorecase, keys.nonword);
    if let Some(lits) = exact_literals(token, MAX_LITERALS_PER_TOKEN)
        && (!ignorecase || lits.iter().all(|l| ascii_foldable(l)))
    {
        return Ok(TokenMatcher::Literals(lits));
    }
    let mut composed = String::from("(?m)");
    if ignorecase {
        composed.push_str("(?i)");
    }
    if nonword {
        composed.push_str(&format!("(?:{token})"));
    } else {
        composed.push_str(&format!("{WB}(?:{token}){WB}"));
    }
    let pattern = Pattern::compile(&composed)
        .map_err(|e| keys.err(where_, format!("invalid regex in token `{token}`: {e}")))?;
    let triggers = triggers(token, &pattern, MAX_PREFIXES);
    Ok(TokenMatcher::Pattern { pattern, triggers })
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

/// Matches of `p` over `range` of the view, in view offsets.
fn matches_in(
    p: &Pattern,
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

/// Words shared by the title and sentence checks: the word without surrounding punctuation.
fn core_word(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Compiles one rule from YAML, for the types' tests.
#[cfg(test)]
fn test_rule(yaml: &str) -> Result<Rule, String> {
    let src = crate::rule::load::RuleSource {
        origin: "T.yml".into(),
        pack: "P".into(),
        name: "T".into(),
        text: yaml.into(),
    };
    crate::rule::load::load_rules(&[src])
        .map(|s| (*s.rules()[0]).clone())
        .map_err(|e| e[0].to_string())
}

/// The matched text and message of each finding of the rule in `yaml` on `text` (Markdown).
#[cfg(test)]
fn test_lint(yaml: &str, text: &str) -> Vec<(String, String)> {
    let rule = test_rule(yaml).unwrap_or_else(|e| panic!("{e}"));
    let linter = crate::lint::Linter::new(crate::rule::RuleSet::new(vec![Arc::new(rule)]))
        .unwrap_or_else(|e| panic!("{e}"));
    let src =
        crate::text::source::decode(text.as_bytes().to_vec()).unwrap_or_else(|e| panic!("{e}"));
    let doc = Document::new(src, crate::text::Format::Markdown);
    linter
        .lint(&doc)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|f| (f.matched, f.message))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_documented_and_named_once() {
        for k in KINDS {
            assert!(k.documentation().starts_with("Vale's `"), "{}", k.name);
            assert_eq!(KINDS.iter().filter(|o| o.name == k.name).count(), 1);
            assert!(!UNSUPPORTED.contains(&k.name));
        }
        assert!(find("metric").is_some());
        assert!(find("spelling").is_none());
    }
}
