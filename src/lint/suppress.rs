//! Suppression comments: `<!-- hedgelint-disable RULE, PACK -->`, `<!-- hedgelint-enable -->`,
//! `<!-- hedgelint-disable-next-line RULE -->`, `<!-- hedgelint-disable-line RULE -->` (at the
//! end of the line it covers) and Vale's `<!-- vale off -->`, `<!-- vale on -->`,
//! `<!-- vale Style.Rule = NO -->` / `= YES`.

use std::ops::Range;

use crate::rule::{Rule, RuleSet};
use crate::text::Document;

/// What a directive does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveKind {
    /// Turn the named rules off (all rules when none is named) from here on.
    Disable,
    /// Turn the named rules on again (all rules when none is named).
    Enable,
    /// Turn the named rules (all when none is named) off on the next line only.
    DisableNextLine,
    /// Turn the named rules (all when none is named) off on the comment's own line.
    DisableLine,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// The rule ids and pack names it names; empty for all rules.
    pub names: Vec<String>,
    /// Byte offset of the comment in the document text.
    pub offset: usize,
    /// 0-based line on which the comment starts.
    pub start_line: usize,
    /// 0-based line on which the comment ends.
    pub end_line: usize,
}

/// Parses the body of one HTML comment (between `<!--` and `-->`).
fn parse_body(body: &str) -> Option<(DirectiveKind, Vec<String>)> {
    let body = body.trim();
    let split_names = |s: &str| -> Vec<String> {
        s.split([',', ' ', '\t', '\n'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect()
    };
    // Longest keyword first: `hedgelint-disable` is a prefix of the next-line form.
    let keywords = [
        (
            "hedgelint-disable-next-line",
            DirectiveKind::DisableNextLine,
        ),
        ("hedgelint-disable-line", DirectiveKind::DisableLine),
        ("hedgelint-disable", DirectiveKind::Disable),
        ("hedgelint-enable", DirectiveKind::Enable),
    ];
    for (keyword, kind) in keywords {
        if let Some(rest) = body.strip_prefix(keyword) {
            return rest
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
                .then(|| (kind, split_names(rest)));
        }
    }
    let rest = body.strip_prefix("vale")?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim();
    match rest {
        "off" => return Some((DirectiveKind::Disable, Vec::new())),
        "on" => return Some((DirectiveKind::Enable, Vec::new())),
        _ => {}
    }
    // `vale Style.Rule = NO` (several may be given, separated by spaces).
    let mut kind = None;
    let mut names = Vec::new();
    let normalised = rest
        .replace(" = ", "=")
        .replace("= ", "=")
        .replace(" =", "=");
    for part in normalised.split_whitespace() {
        let (name, value) = part.split_once('=')?;
        let k = match value.to_ascii_uppercase().as_str() {
            "NO" => DirectiveKind::Disable,
            "YES" => DirectiveKind::Enable,
            _ => return None,
        };
        if kind.as_ref().is_some_and(|prev| *prev != k) {
            return None;
        }
        kind = Some(k);
        names.push(name.to_owned());
    }
    kind.map(|k| (k, names))
}

/// The suppression directives in `comments` (byte ranges of whole `<!-- ... -->` comments, or
/// of reStructuredText's `.. ...` comment lines).
pub fn directives(doc: &Document, comments: &[Range<usize>]) -> Vec<Directive> {
    comments
        .iter()
        .filter_map(|r| {
            let text = doc.text.get(r.clone())?;
            let body = match text.strip_prefix("<!--") {
                Some(rest) => rest.strip_suffix("-->")?,
                None => text.strip_prefix("..")?,
            };
            let (kind, names) = parse_body(body)?;
            Some(Directive {
                kind,
                names,
                offset: r.start,
                start_line: doc.lines().line_of(r.start),
                end_line: doc.lines().line_of(r.end.saturating_sub(1)),
            })
        })
        .collect()
}

/// Answers whether a finding is suppressed by the directives of its document.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

fn names_rule(names: &[String], rule: &Rule) -> bool {
    names.is_empty() || names.iter().any(|n| *n == rule.id || *n == rule.pack)
}

impl Suppressions {
    /// Suppressions from the directives of one document, in document order.
    pub fn new(mut directives: Vec<Directive>) -> Self {
        directives.sort_by_key(|d| d.offset);
        Suppressions { directives }
    }

    /// True when no directive can suppress anything.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Whether a finding of `rule` starting at byte `offset` on 0-based `line` is suppressed.
    pub fn suppresses(&self, rule: &Rule, offset: usize, line: usize) -> bool {
        let same_line = self.directives.iter().any(|d| {
            d.kind == DirectiveKind::DisableLine
                && (d.start_line..=d.end_line).contains(&line)
                && names_rule(&d.names, rule)
        });
        if same_line {
            return true;
        }
        let mut off = false;
        for d in self.directives.iter().take_while(|d| d.offset < offset) {
            match d.kind {
                DirectiveKind::Disable if names_rule(&d.names, rule) => off = true,
                DirectiveKind::Enable if names_rule(&d.names, rule) => off = false,
                DirectiveKind::DisableNextLine
                    if d.end_line + 1 == line && names_rule(&d.names, rule) =>
                {
                    return true;
                }
                _ => {}
            }
        }
        off
    }

    /// The names in directives that are neither a rule id nor a pack in `rules`, with the
    /// byte offset of their directive.
    pub fn unknown_names<'a>(
        &'a self,
        rules: &'a RuleSet,
    ) -> impl Iterator<Item = (&'a str, usize)> + 'a {
        self.directives
            .iter()
            .flat_map(|d| d.names.iter().map(move |n| (n.as_str(), d.offset)))
            .filter(|(n, _)| !rules.knows(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_bodies() {
        assert_eq!(
            parse_body(" hedgelint-disable "),
            Some((DirectiveKind::Disable, vec![]))
        );
        assert_eq!(
            parse_body(" hedgelint-disable Attribution.Reportedly, Hedging "),
            Some((
                DirectiveKind::Disable,
                vec!["Attribution.Reportedly".into(), "Hedging".into()]
            ))
        );
        assert_eq!(
            parse_body("hedgelint-enable"),
            Some((DirectiveKind::Enable, vec![]))
        );
        assert_eq!(
            parse_body("hedgelint-disable-next-line Hedging.Modal"),
            Some((DirectiveKind::DisableNextLine, vec!["Hedging.Modal".into()]))
        );
        assert_eq!(
            parse_body("hedgelint-disable-line Hedging"),
            Some((DirectiveKind::DisableLine, vec!["Hedging".into()]))
        );
        assert_eq!(parse_body("hedgelint-disable-lines"), None);
        assert_eq!(
            parse_body(" vale off "),
            Some((DirectiveKind::Disable, vec![]))
        );
        assert_eq!(parse_body("vale on"), Some((DirectiveKind::Enable, vec![])));
        assert_eq!(
            parse_body("vale Hedging.Modal = NO"),
            Some((DirectiveKind::Disable, vec!["Hedging.Modal".into()]))
        );
        assert_eq!(
            parse_body("vale Hedging.Modal = YES"),
            Some((DirectiveKind::Enable, vec!["Hedging.Modal".into()]))
        );
        assert_eq!(parse_body("hedgelint-disabled"), None);
        assert_eq!(parse_body("a comment"), None);
    }
}
