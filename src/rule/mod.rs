//! Rules: the YAML format, loading, compiling and the built-in packs.

pub mod builtin;
mod compile;
pub mod load;
pub mod pattern;
pub mod schema;

use std::fmt;
use std::sync::Arc;

pub use compile::compile_rule;
pub use load::{RuleSource, load_dir, load_rules};
pub use pattern::{Pattern, Triggers};

use crate::kinds::{DocCheck, Kind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Level {
    /// A matter of style an editor may take or leave.
    Suggestion,
    /// Should be fixed before publication.
    Warning,
    /// Must be fixed.
    Error,
}

impl Level {
    /// The level's name as written in rule files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Suggestion => "suggestion",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// Parses a level name.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "suggestion" => Some(Level::Suggestion),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in a document a rule looks (Vale's `scope`).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Block kinds the rule runs in (`None`: all prose).
    pub only: Option<Vec<ScopeKind>>,
    /// Block kinds it skips (`~heading`).
    pub except: Vec<ScopeKind>,
    /// The unit an occurrence or capitalization rule works on.
    pub unit: ScopeUnit,
    /// `raw`: the rule sees the file's markup too.
    pub raw: bool,
}

/// A kind of block a scope can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// `heading`, or `heading.h1` to `heading.h6` (level 0: any).
    Heading(u8),
    /// `list`.
    List,
    /// `blockquote`.
    BlockQuote,
    /// `table.cell` / `table.header`.
    Table { header: Option<bool> },
    /// `paragraph` (a block of prose that is none of the above).
    Paragraph,
}

/// The unit a counting rule works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScopeUnit {
    /// The whole document.
    #[default]
    Document,
    /// Each block.
    Block,
    /// Each sentence.
    Sentence,
}

/// What a rule does with a match inside a direct quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteMode {
    /// Report it like any other match.
    Report,
    /// Leave it alone: the words are the speaker's.
    Skip,
}

/// How one token of a rule is matched.
#[derive(Debug, Clone)]
pub enum TokenMatcher {
    /// The token is exactly these phrases (white space normalised), in preference order:
    /// they are found by the shared phrase automaton.
    Literals(Vec<String>),
    /// A true pattern, run where one of its `triggers` occurs, or over every block when it
    /// has none.
    Pattern {
        pattern: Pattern,
        triggers: Option<Triggers>,
    },
}

/// One alternative of a rule (a token, a swap key, or the whole composed pattern).
#[derive(Debug, Clone)]
pub struct Token {
    /// The token as written in the rule file.
    pub source: String,
    /// How it is matched.
    pub matcher: TokenMatcher,
    /// For substitution rules: the replacement (`a|b` for alternatives).
    pub replacement: Option<String>,
}

/// Vale's `action`: a fix a tool could apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Action {
    /// `replace`, `remove`, `suggest`, `edit`.
    pub name: String,
    /// The action's parameters (for `replace`, the replacements).
    pub params: Vec<String>,
}

/// A rule's own test sentences.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Sentences the rule must flag.
    pub flag: Vec<String>,
    /// Sentences the rule must not flag.
    pub pass: Vec<String>,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `Pack.Name`.
    pub id: String,
    /// The pack (folder) name.
    pub pack: String,
    /// Where the rule came from (a path, or `<builtin>/Pack/Name.yml`).
    pub origin: String,
    /// The rule type.
    pub kind: &'static Kind,
    /// The message, with Go-style `%s` placeholders.
    pub message: String,
    /// The level of its findings.
    pub level: Level,
    /// A page that explains the rule.
    pub link: Option<String>,
    /// Longer explanation for `hedgelint explain`.
    pub description: Option<String>,
    /// One line of fix advice.
    pub help: Option<String>,
    /// A short label under the span.
    pub label: Option<String>,
    /// At most this many findings per file.
    pub limit: Option<usize>,
    /// Vale scopes as written.
    pub scope: Vec<String>,
    /// Whether tokens match regardless of case.
    pub ignorecase: bool,
    /// Whether tokens are matched without word boundaries.
    pub nonword: bool,
    /// substitution: whether the replacement takes the match's initial capital.
    pub capitalize: bool,
    /// The alternatives, in Vale's preference order.
    pub tokens: Vec<Token>,
    /// A match whose text this matches is dropped.
    pub exceptions: Option<Pattern>,
    /// A match is dropped when one of these matches in its sentence.
    pub unless: Vec<Pattern>,
    /// What to do inside direct quotations.
    pub quotes: QuoteMode,
    /// The fix, if any.
    pub action: Option<Action>,
    /// Test sentences.
    pub examples: Examples,
    /// False for an opt-in rule: it runs only when `--select` (or the configuration's
    /// `select`) names it or its pack.
    pub enabled: bool,
    /// For the document-level rule types, what to check.
    pub check: Option<Arc<dyn DocCheck>>,
    /// Where the rule looks.
    pub scope_filter: Scope,
    /// Exceptions as plain words (capitalization and conditional rules).
    pub exception_words: Vec<String>,
}

impl Rule {
    /// Whether the rule is one of the packs built into the binary.
    pub fn is_builtin(&self) -> bool {
        self.origin.starts_with(builtin::ORIGIN_PREFIX)
    }

    /// The rule in one complete sentence: the first sentence of its description, or its
    /// message when it has none. `hedgelint rules` and SARIF's `shortDescription` show it.
    pub fn summary(&self) -> String {
        let text = self
            .description
            .as_deref()
            .and_then(|d| d.split("\n\n").map(str::trim).find(|p| !p.is_empty()))
            .unwrap_or(&self.message);
        as_sentence(first_sentence(text))
    }

    /// The full explanation of the rule, as `hedgelint explain` prints it.
    pub fn explanation(&self) -> String {
        let r = self;
        let kind = r.kind.name;
        let opt_in = if r.enabled {
            ""
        } else {
            ", opt-in: run it with --select"
        };
        let mut s = format!("{} ({}, {kind}{opt_in})\n\n", r.id, r.level);
        if let Some(d) = &r.description {
            s.push_str(d.trim());
            s.push_str("\n\n");
        }
        s.push_str(&format!("Message: {}\n", r.message));
        if let Some(h) = &r.help {
            s.push_str(&format!("Fix: {h}\n"));
        }
        if let Some(l) = &r.link {
            s.push_str(&format!("More: {l}\n"));
        }
        if !r.examples.flag.is_empty() {
            s.push_str("\nFlagged:\n");
            for e in &r.examples.flag {
                s.push_str(&format!("  - {e}\n"));
            }
        }
        if !r.examples.pass.is_empty() {
            s.push_str("\nNot flagged:\n");
            for e in &r.examples.pass {
                s.push_str(&format!("  - {e}\n"));
            }
        }
        s
    }

    /// The message for a match: Go-style `%s` placeholders filled from `args` in order, `%%`
    /// written as `%`. A placeholder without an argument is left empty.
    pub fn format_message(&self, args: &[&str]) -> String {
        format_go(&self.message, args)
    }
}

/// Fills Go-style `%s` placeholders (and `%v`, `%q`) from `args`; `%%` is a literal percent.
pub fn format_go(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut next = 0;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('%') => {
                chars.next();
                out.push('%');
            }
            Some('s' | 'v') => {
                chars.next();
                out.push_str(args.get(next).copied().unwrap_or(""));
                next += 1;
            }
            Some('q') => {
                chars.next();
                out.push('"');
                out.push_str(args.get(next).copied().unwrap_or(""));
                out.push('"');
                next += 1;
            }
            _ => out.push('%'),
        }
    }
    out
}

/// A loaded set of rules, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Arc<Rule>>,
}

impl RuleSet {
    /// A set of the given rules, sorted by id.
    pub fn new(mut rules: Vec<Arc<Rule>>) -> RuleSet {
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        RuleSet { rules }
    }

    /// The rules, sorted by id.
    pub fn rules(&self) -> &[Arc<Rule>] {
        &self.rules
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Arc<Rule>> {
        self.rules
            .binary_search_by(|r| r.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// True when `name` is a rule id or a pack name in this set.
    pub fn knows(&self, name: &str) -> bool {
        self.rules.iter().any(|r| r.id == name || r.pack == name)
    }

    /// The known rule id or pack name closest to an unknown `name`, when one is close enough
    /// to be a likely typo (`Attribution.Reportedy` → `Attribution.Reportedly`).
    pub fn closest(&self, name: &str) -> Option<&str> {
        let wanted = name.to_lowercase();
        // A dotted name is meant as a rule id, a bare one as a pack.
        let as_id = name.contains('.');
        self.rules
            .iter()
            .map(|r| {
                if as_id {
                    r.id.as_str()
                } else {
                    r.pack.as_str()
                }
            })
            .map(|known| {
                let score = strsim::normalized_damerau_levenshtein(&wanted, &known.to_lowercase());
                (score, known)
            })
            .filter(|(score, _)| *score >= 0.75)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, known)| known)
    }

    /// The message for a name that is neither a rule id nor a pack: a "did you mean" when a
    /// known name is close, else a pointer to `hedgelint rules`.
    pub fn unknown_name(&self, what: &str, name: &str) -> String {
        match self.closest(name) {
            Some(known) => format!("unknown {what} `{name}` (did you mean `{known}`?)"),
            None => format!("unknown {what} `{name}` (see `hedgelint rules`)"),
        }
    }

    /// Applies a selection: with `select` empty, the rules enabled by default; otherwise the
    /// rules `select` names by id or pack (opt-in rules included). Then drops the rules
    /// `ignore` names. An unknown name is an error.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Result<(), String> {
        for name in select.iter().chain(ignore) {
            if !self.knows(name) {
                return Err(self.unknown_name("rule or pack", name));
            }
        }
        let named = |list: &[String], r: &Rule| list.iter().any(|n| *n == r.id || *n == r.pack);
        self.retain(|r| {
            let chosen = if select.is_empty() {
                r.enabled
            } else {
                named(select, r)
            };
            chosen && !named(ignore, r)
        });
        Ok(())
    }

    /// Keeps the rules that `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&Rule) -> bool) {
        self.rules.retain(|r| keep(r));
    }

    /// Every literal phrase of every rule (lower-cased where the rule ignores case), sorted and
    /// without duplicates. Pattern tokens are not phrases and are left out.
    pub fn phrases(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .rules
            .iter()
            .flat_map(|r| {
                r.tokens.iter().flat_map(move |t| match &t.matcher {
                    TokenMatcher::Literals(lits) => lits
                        .iter()
                        .map(|l| {
                            if r.ignorecase {
                                l.to_lowercase()
                            } else {
                                l.clone()
                            }
                        })
                        .collect::<Vec<_>>(),
                    TokenMatcher::Pattern { .. } => Vec::new(),
                })
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// The first sentence of `text`, with runs of white space as one space: up to the first
/// `.`, `?` or `!` outside quotes and brackets that is followed by a space and a capital
/// letter or an opening quote.
fn first_sentence(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    let (mut in_quote, mut depth) = (false, 0usize);
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '"' => in_quote = !in_quote,
            '\u{201c}' => in_quote = true,
            '\u{201d}' => in_quote = false,
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '.' | '?' | '!' if !in_quote && depth == 0 => {
                let next = chars.get(i + 2).copied();
                if chars.get(i + 1) == Some(&' ')
                    && next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '\u{201c}'))
                {
                    return chars[..=i].iter().collect();
                }
            }
            _ => {}
        }
    }
    flat
}

/// `text` with a capital first letter and closing punctuation.
fn as_sentence(text: String) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '?', '!', '"', '\u{201d}']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_is_the_first_whole_sentence() {
        let first = |t: &str| as_sentence(first_sentence(t));
        assert_eq!(
            first(
                "Adverbs such as \"reportedly\" tell the reader that\n  somebody said this. The reader cannot weigh it."
            ),
            "Adverbs such as \"reportedly\" tell the reader that somebody said this."
        );
        assert_eq!(
            first("\"It remains to be seen.\" Tells nothing (e.g. Dr. Who). Then more."),
            "\"It remains to be seen.\" Tells nothing (e.g. Dr. Who)."
        );
        assert_eq!(first(" flags 'reportedly'"), "Flags 'reportedly'.");
        assert_eq!(first("Who says so?"), "Who says so?");
        assert_eq!(first(""), "");
    }

    #[test]
    fn go_style_formatting() {
        assert_eq!(
            format_go("Use '%s' instead of '%s'.", &["a", "b"]),
            "Use 'a' instead of 'b'."
        );
        assert_eq!(format_go("100%% sure: %s %s", &["x"]), "100% sure: x ");
        assert_eq!(format_go("odd % end %", &[]), "odd % end %");
        assert_eq!(format_go("%q", &["x"]), "\"x\"");
    }

    #[test]
    fn close_names_are_suggested_and_distant_ones_are_not() {
        use crate::rule::load::{RuleSource, load_rules};
        let source = |pack: &str, name: &str| RuleSource {
            origin: format!("{pack}/{name}.yml"),
            pack: pack.into(),
            name: name.into(),
            text: "extends: existence\nmessage: m\ntokens: [x]\n".into(),
        };
        let set = load_rules(&[
            source("News", "Sources"),
            source("Attribution", "Reportedly"),
        ])
        .unwrap();
        assert_eq!(set.closest("News.Source"), Some("News.Sources"));
        assert_eq!(
            set.closest("attribution.reportedy"),
            Some("Attribution.Reportedly")
        );
        assert_eq!(set.closest("Nwes"), Some("News"));
        assert_eq!(set.closest("News.Nope"), None);
        assert_eq!(set.closest("Style"), None);
    }
}
