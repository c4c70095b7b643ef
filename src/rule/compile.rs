//! From a parsed rule file to a [`Rule`], with Vale's composition of tokens.

use serde_saphyr::Spanned;

use super::pattern::{Pattern, exact_literals, required_literals};
use super::schema::{ListItem, RuleFile, StrList};
use super::{
    Action, CaseStyle, DocCheck, Examples, Level, QuoteMode, Rule, RuleKind, Scope, ScopeKind,
    ScopeUnit, Token, TokenMatcher,
};
use crate::error::{Error, ErrorKind};

/// The word boundary Vale puts around tokens. Vale's regular expressions (Go's RE2) treat
/// `\b` as an ASCII word boundary; so does hedgelint, which also lets the regex crate use its
/// fast DFA rather than a backtracker.
const WB: &str = "(?-u:\\b)";

/// Most phrases one token may expand to before it is run as a pattern instead.
const MAX_LITERALS_PER_TOKEN: usize = 512;
/// Most trigger words a pattern's prefilter may have.
const MAX_PREFIXES: usize = 32;

fn at<T>(s: &Spanned<T>) -> Option<(u64, u64)> {
    (s.referenced.line() > 0).then(|| (s.referenced.line(), s.referenced.column()))
}

fn item_at(item: &ListItem, list: &Spanned<StrList>) -> Option<(u64, u64)> {
    item.at.or_else(|| at(list))
}

/// True when ASCII case folding alone matches every case variant of `s`.
fn ascii_foldable(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii() || (!c.is_uppercase() && !c.is_lowercase()))
}

struct Ctx<'a> {
    origin: &'a str,
}

impl Ctx<'_> {
    fn err(&self, at: Option<(u64, u64)>, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Rule, self.origin, at, msg)
    }
}

/// Keys each rule type allows beyond the common ones.
fn allowed(kind: RuleKind, key: &str) -> bool {
    let key = key.trim_end_matches('_');
    match kind {
        RuleKind::Existence => {
            matches!(
                key,
                "ignorecase" | "nonword" | "tokens" | "raw" | "append" | "exceptions" | "vocab"
            )
        }
        RuleKind::Substitution => {
            matches!(
                key,
                "ignorecase" | "nonword" | "swap" | "exceptions" | "vocab"
            )
        }
        RuleKind::Occurrence => matches!(key, "ignorecase" | "token" | "max" | "min"),
        RuleKind::Repetition => matches!(key, "ignorecase" | "tokens" | "alpha" | "max"),
        RuleKind::Consistency => matches!(key, "ignorecase" | "nonword" | "either"),
        RuleKind::Conditional => matches!(key, "ignorecase" | "first" | "second" | "exceptions"),
        RuleKind::Capitalization => {
            matches!(
                key,
                "match" | "style" | "exceptions" | "vocab" | "indicators" | "threshold"
            )
        }
        RuleKind::Metric => matches!(key, "formula" | "condition"),
    }
}

/// Parses Vale's `scope` values.
fn parse_scope(ctx: &Ctx, list: Option<&Spanned<StrList>>) -> Result<Scope, Error> {
    let mut scope = Scope::default();
    let Some(list) = list else { return Ok(scope) };
    let mut only = Vec::new();
    for item in &list.value.0 {
        let (negated, name) = match item.value.trim().strip_prefix('~') {
            Some(rest) => (true, rest),
            None => (false, item.value.trim()),
        };
        let kind = match name {
            "text" | "summary" => None,
            "sentence" => {
                scope.unit = ScopeUnit::Sentence;
                None
            }
            "paragraph" => {
                scope.unit = ScopeUnit::Block;
                Some(ScopeKind::Paragraph)
            }
            "raw" => {
                scope.raw = true;
                None
            }
            "heading" => Some(ScopeKind::Heading(0)),
            "list" => Some(ScopeKind::List),
            "blockquote" => Some(ScopeKind::BlockQuote),
            "table" | "table.cell" => Some(ScopeKind::Table { header: None }),
            "table.header" => Some(ScopeKind::Table { header: Some(true) }),
            h if h.starts_with("heading.h") => match h["heading.h".len()..].parse::<u8>() {
                Ok(n) if (1..=6).contains(&n) => Some(ScopeKind::Heading(n)),
                _ => return Err(ctx.err(item_at(item, list), format!("unknown scope `{name}`"))),
            },
            "code" | "comment" | "alt" | "attr" => {
                return Err(ctx.err(
                    item_at(item, list),
                    format!("scope `{name}` is not supported (hedgelint lints prose, not code)"),
                ));
            }
            _ => return Err(ctx.err(item_at(item, list), format!("unknown scope `{name}`"))),
        };
        if let Some(k) = kind {
            if negated {
                scope.except.push(k);
            } else {
                if scope.unit == ScopeUnit::Document && !matches!(k, ScopeKind::Paragraph) {
                    scope.unit = ScopeUnit::Block;
                }
                only.push(k);
            }
        }
    }
    if !only.is_empty() {
        scope.only = Some(only);
    }
    Ok(scope)
}

/// A pattern from a rule key, with `(?i)` when the rule ignores case.
fn key_pattern(
    ctx: &Ctx,
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
        ctx.err(
            at(value),
            format!("invalid regex in `{key}` `{}`: {e}", value.value),
        )
    })
}

/// The document-level check of the rule types other than existence and substitution.
fn compile_check(
    ctx: &Ctx,
    kind: RuleKind,
    file: &RuleFile,
    ignorecase: bool,
    nonword: bool,
    anchor: Option<(u64, u64)>,
) -> Result<Option<DocCheck>, Error> {
    let need = |key: &str| ctx.err(anchor, format!("a `{}` rule needs `{key}`", kind.name()));
    let check = match kind {
        RuleKind::Existence | RuleKind::Substitution => return Ok(None),
        RuleKind::Occurrence => {
            let token = file.token.as_ref().ok_or_else(|| need("token"))?;
            let max = file.max.as_ref().map(|m| m.value);
            let min = file.min.as_ref().map(|m| m.value);
            if max.is_none() && min.is_none() {
                return Err(need("max` or `min"));
            }
            DocCheck::Occurrence {
                token: key_pattern(ctx, "token", token, ignorecase)?,
                max,
                min,
            }
        }
        RuleKind::Repetition => {
            let tokens: Vec<&str> = file
                .tokens
                .iter()
                .flat_map(|l| l.value.0.iter())
                .map(|i| i.value.as_str())
                .collect();
            if tokens.is_empty() {
                return Err(need("tokens"));
            }
            let source = format!(
                "(?m){}{WB}(?:{}){WB}",
                if ignorecase { "(?i)" } else { "" },
                tokens.join("|")
            );
            let pattern = Pattern::compile(&source).map_err(|e| {
                ctx.err(
                    file.tokens.as_ref().and_then(at),
                    format!("invalid regex in `tokens`: {e}"),
                )
            })?;
            DocCheck::Repetition {
                pattern,
                alpha: file.alpha.as_ref().is_some_and(|a| a.value),
                max: file.max.as_ref().map_or(0, |m| m.value),
            }
        }
        RuleKind::Consistency => {
            let either = file.either.as_ref().ok_or_else(|| need("either"))?;
            let mut pairs = Vec::new();
            for (key, other) in &either.value.0 {
                let wrap = |p: &str| {
                    let flags = if ignorecase { "(?i)" } else { "" };
                    if nonword {
                        format!("{flags}(?:{p})")
                    } else {
                        format!("{flags}{WB}(?:{p}){WB}")
                    }
                };
                let where_ = key.at.or_else(|| at(either));
                let a = Pattern::compile(&wrap(&key.value)).map_err(|e| {
                    ctx.err(
                        where_,
                        format!("invalid regex in `either` `{}`: {e}", key.value),
                    )
                })?;
                let b = Pattern::compile(&wrap(other)).map_err(|e| {
                    ctx.err(where_, format!("invalid regex in `either` `{other}`: {e}"))
                })?;
                pairs.push((a, b));
            }
            DocCheck::Consistency { pairs }
        }
        RuleKind::Conditional => {
            let first = file.first.as_ref().ok_or_else(|| need("first"))?;
            let second = file.second.as_ref().ok_or_else(|| need("second"))?;
            DocCheck::Conditional {
                first: key_pattern(ctx, "first", first, ignorecase)?,
                second: key_pattern(ctx, "second", second, ignorecase)?,
            }
        }
        RuleKind::Capitalization => {
            let m = file.match_.as_ref().ok_or_else(|| need("match"))?;
            let style = match m.value.as_str() {
                "$title" => CaseStyle::Title,
                "$sentence" => CaseStyle::Sentence,
                "$lower" => CaseStyle::Lower,
                "$upper" => CaseStyle::Upper,
                _ => CaseStyle::Pattern(key_pattern(ctx, "match", m, false)?),
            };
            if let Some(s) = &file.style
                && !matches!(s.value.as_str(), "AP" | "Chicago")
            {
                return Err(ctx.err(
                    at(s),
                    format!("unknown style `{}` (expected AP or Chicago)", s.value),
                ));
            }
            DocCheck::Capitalization { style }
        }
        RuleKind::Metric => {
            let formula = file.formula.as_ref().ok_or_else(|| need("formula"))?;
            let condition = file.condition.as_ref().ok_or_else(|| need("condition"))?;
            crate::lint::checks::validate_metric(&formula.value, &condition.value)
                .map_err(|e| ctx.err(at(formula), format!("invalid metric: {e}")))?;
            DocCheck::Metric {
                formula: formula.value.clone(),
                condition: condition.value.clone(),
            }
        }
    };
    Ok(Some(check))
}

/// Compiles one token into a matcher, following Vale's `\b(?:token)\b` composition.
fn compile_token(
    ctx: &Ctx,
    token: &str,
    where_: Option<(u64, u64)>,
    ignorecase: bool,
    nonword: bool,
) -> Result<TokenMatcher, Error> {
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
        .map_err(|e| ctx.err(where_, format!("invalid regex in token `{token}`: {e}")))?;
    Ok(TokenMatcher::Pattern {
        pattern,
        triggers: required_literals(token, MAX_PREFIXES),
    })
}

/// Vale's exceptions: `\b(?:e1|e2)\b`, longest first, each case-sensitive unless it says `(?i)`.
fn compile_exceptions(ctx: &Ctx, list: &Spanned<StrList>) -> Result<Option<Pattern>, Error> {
    let mut items: Vec<&ListItem> = list
        .value
        .0
        .iter()
        .filter(|i| !i.value.is_empty())
        .collect();
    if items.is_empty() {
        return Ok(None);
    }
    for item in &items {
        Pattern::compile(&item.value).map_err(|e| {
            ctx.err(
                item_at(item, list),
                format!("invalid regex in exception `{}`: {e}", item.value),
            )
        })?;
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.value.len()));
    let joined: Vec<String> = items
        .iter()
        .map(|i| {
            if i.value.starts_with("(?i)") {
                i.value.clone()
            } else {
                format!("(?-i){}", i.value)
            }
        })
        .collect();
    let pattern = format!("(?m){WB}(?:{}){WB}", joined.join("|"));
    Pattern::compile(&pattern)
        .map(Some)
        .map_err(|e| ctx.err(at(list), format!("invalid exceptions: {e}")))
}

/// Compiles a parsed rule file. `origin` names the file in errors.
pub fn compile_rule(file: RuleFile, id: &str, pack: &str, origin: &str) -> Result<Rule, Error> {
    let ctx = Ctx { origin };
    let extends = file.extends.as_ref().ok_or_else(|| {
        ctx.err(
            Some((1, 1)),
            "missing `extends` (the rule type, e.g. `existence`)",
        )
    })?;
    let kind = match extends.value.as_str() {
        "existence" => RuleKind::Existence,
        "substitution" => RuleKind::Substitution,
        "occurrence" => RuleKind::Occurrence,
        "repetition" => RuleKind::Repetition,
        "consistency" => RuleKind::Consistency,
        "conditional" => RuleKind::Conditional,
        "capitalization" => RuleKind::Capitalization,
        "metric" => RuleKind::Metric,
        "sequence" | "spelling" | "script" | "readability" | "invalid" => {
            return Err(Error::new(
                ErrorKind::UnsupportedType,
                origin,
                at(extends),
                format!(
                    "rule type `{}` is not supported by hedgelint",
                    extends.value
                ),
            ));
        }
        other => {
            return Err(ctx.err(
                at(extends),
                format!(
                    "unknown rule type `{other}` (expected existence, substitution, occurrence, \
                     repetition, consistency, conditional, capitalization or metric)"
                ),
            ));
        }
    };

    macro_rules! check_allowed {
        ($($field:ident),*) => {$(
            if let Some(v) = &file.$field {
                if !allowed(kind, stringify!($field)) {
                    return Err(ctx.err(at(v), format!(
                        "key `{}` does not apply to `{}` rules",
                        stringify!($field).trim_end_matches('_'), extends.value)));
                }
            }
        )*};
    }
    check_allowed!(
        ignorecase, nonword, tokens, raw, append, exceptions, swap, vocab, token, max, min, alpha,
        either, first, second, match_, style, formula, condition
    );

    let message = file
        .message
        .as_ref()
        .ok_or_else(|| ctx.err(at(extends), "missing `message`"))?
        .value
        .clone();
    let level = match &file.level {
        None => Level::Warning,
        Some(l) => Level::parse(&l.value).ok_or_else(|| {
            ctx.err(
                at(l),
                format!(
                    "invalid level `{}` (expected suggestion, warning or error)",
                    l.value
                ),
            )
        })?,
    };
    let quotes = match &file.quotes {
        None => QuoteMode::Report,
        Some(q) => match q.value.as_str() {
            "skip" => QuoteMode::Skip,
            "report" => QuoteMode::Report,
            other => {
                return Err(ctx.err(
                    at(q),
                    format!("invalid `quotes` value `{other}` (expected skip or report)"),
                ));
            }
        },
    };
    let action = match &file.action {
        None => None,
        Some(a) => {
            let name = a.value.name.clone();
            if !matches!(
                name.as_str(),
                "replace" | "remove" | "suggest" | "edit" | ""
            ) {
                return Err(ctx.err(
                    at(a),
                    format!("unknown action `{name}` (expected replace, remove, suggest or edit)"),
                ));
            }
            Some(Action {
                name,
                params: a.value.params.clone(),
            })
        }
    };
    let ignorecase = file.ignorecase.as_ref().is_some_and(|b| b.value);
    let nonword = file.nonword.as_ref().is_some_and(|b| b.value);
    let append = file.append.as_ref().is_some_and(|b| b.value);

    let mut tokens = Vec::new();
    match kind {
        RuleKind::Existence => {
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
            if !raw.is_empty() {
                // Vale composes the raw pattern with the token alternation into one regex.
                for (item, where_) in &list {
                    Pattern::compile(&item.value).map_err(|e| {
                        ctx.err(
                            *where_,
                            format!("invalid regex in token `{}`: {e}", item.value),
                        )
                    })?;
                }
                let joined: Vec<&str> = list.iter().map(|(i, _)| i.value.as_str()).collect();
                let template = if !nonword && !list.is_empty() {
                    format!("{WB}(?:{}){WB}", joined.join("|"))
                } else {
                    format!("(?:{})", joined.join("|"))
                };
                let body = if append {
                    format!("{template}{raw}")
                } else {
                    format!("{raw}{template}")
                };
                let composed = format!("(?m){}{body}", if ignorecase { "(?i)" } else { "" });
                let raw_at = file.raw.as_ref().and_then(at);
                let pattern = Pattern::compile(&composed)
                    .map_err(|e| ctx.err(raw_at, format!("invalid regex in `raw` `{raw}`: {e}")))?;
                tokens.push(Token {
                    source: composed,
                    matcher: TokenMatcher::Pattern {
                        pattern,
                        triggers: required_literals(&body, MAX_PREFIXES),
                    },
                    replacement: None,
                });
            } else {
                if list.is_empty() {
                    let where_ = file.tokens.as_ref().and_then(at).or(at(extends));
                    return Err(ctx.err(
                        where_,
                        "an `existence` rule needs at least one non-empty token or `raw` pattern",
                    ));
                }
                for (item, where_) in list {
                    tokens.push(Token {
                        source: item.value.clone(),
                        matcher: compile_token(&ctx, &item.value, where_, ignorecase, nonword)?,
                        replacement: None,
                    });
                }
            }
        }
        RuleKind::Substitution => {
            let swap = file
                .swap
                .as_ref()
                .ok_or_else(|| ctx.err(at(extends), "a `substitution` rule needs a `swap` map"))?;
            let mut entries: Vec<&(ListItem, String)> = swap
                .value
                .0
                .iter()
                .filter(|(k, _)| !k.value.trim().is_empty())
                .collect();
            if entries.is_empty() {
                return Err(ctx.err(at(swap), "`swap` has no non-empty key"));
            }
            // Longest keys first, so that the longest alternative wins where several match.
            entries.sort_by_key(|e| std::cmp::Reverse(e.0.value.len()));
            for (key, replacement) in entries {
                let where_ = key.at.or_else(|| at(swap));
                tokens.push(Token {
                    source: key.value.clone(),
                    matcher: compile_token(&ctx, &key.value, where_, ignorecase, nonword)?,
                    replacement: Some(replacement.clone()),
                });
            }
        }
        _ => {}
    }
    let check = compile_check(&ctx, kind, &file, ignorecase, nonword, at(extends))?;
    let scope_filter = parse_scope(&ctx, file.scope.as_ref())?;
    let word_exceptions = matches!(kind, RuleKind::Capitalization | RuleKind::Conditional);
    let exception_words: Vec<String> = if word_exceptions {
        file.exceptions
            .iter()
            .flat_map(|l| l.value.0.iter())
            .map(|i| i.value.clone())
            .collect()
    } else {
        Vec::new()
    };

    let exceptions = match &file.exceptions {
        Some(list) if !word_exceptions => compile_exceptions(&ctx, list)?,
        _ => None,
    };
    let mut unless = Vec::new();
    if let Some(list) = &file.unless {
        for item in &list.value.0 {
            if item.value.trim().is_empty() {
                return Err(ctx.err(item_at(item, list), "empty `unless` pattern"));
            }
            unless.push(Pattern::compile(&item.value).map_err(|e| {
                ctx.err(
                    item_at(item, list),
                    format!("invalid regex in `unless` pattern `{}`: {e}", item.value),
                )
            })?);
        }
    }
    let examples = file
        .examples
        .as_ref()
        .map(|e| Examples {
            flag: e.value.flag.clone(),
            pass: e.value.pass.clone(),
        })
        .unwrap_or_default();

    Ok(Rule {
        id: id.to_owned(),
        pack: pack.to_owned(),
        origin: origin.to_owned(),
        kind,
        message,
        level,
        link: file.link.map(|s| s.value),
        description: file.description.map(|s| s.value.trim_end().to_owned()),
        help: file.help.map(|s| s.value),
        label: file.label.map(|s| s.value),
        limit: file.limit.map(|s| s.value).filter(|&n| n > 0),
        scope: file
            .scope
            .map(|s| s.value.0.into_iter().map(|i| i.value).collect())
            .unwrap_or_default(),
        ignorecase,
        nonword,
        tokens,
        exceptions,
        unless,
        quotes,
        action,
        examples,
        enabled: file.enabled.is_none_or(|b| b.value),
        check,
        scope_filter,
        exception_words,
    })
}
