//! From a parsed rule file to a [`Rule`], with Vale's composition of tokens.

use serde_saphyr::Spanned;

use super::pattern::{Pattern, exact_literals, required_literals};
use super::schema::{ListItem, RuleFile, StrList};
use super::{Action, Examples, Level, QuoteMode, Rule, RuleKind, Token, TokenMatcher};
use crate::error::RuleError;

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
    fn err(&self, at: Option<(u64, u64)>, msg: impl Into<String>) -> RuleError {
        RuleError::new(self.origin, at, msg)
    }
}

/// Keys each rule type allows beyond the common ones.
fn allowed(kind: RuleKind, key: &str) -> bool {
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
    }
}

/// Compiles one token into a matcher, following Vale's `\b(?:token)\b` composition.
fn compile_token(
    ctx: &Ctx,
    token: &str,
    where_: Option<(u64, u64)>,
    ignorecase: bool,
    nonword: bool,
) -> Result<TokenMatcher, RuleError> {
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
        composed.push_str(&format!("\\b(?:{token})\\b"));
    }
    let pattern = Pattern::compile(&composed)
        .map_err(|e| ctx.err(where_, format!("invalid regex in token `{token}`: {e}")))?;
    Ok(TokenMatcher::Pattern {
        pattern,
        triggers: required_literals(token, MAX_PREFIXES),
    })
}

/// Vale's exceptions: `\b(?:e1|e2)\b`, longest first, each case-sensitive unless it says `(?i)`.
fn compile_exceptions(ctx: &Ctx, list: &Spanned<StrList>) -> Result<Option<Pattern>, RuleError> {
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
    let pattern = format!("(?m)\\b(?:{})\\b", joined.join("|"));
    Pattern::compile(&pattern)
        .map(Some)
        .map_err(|e| ctx.err(at(list), format!("invalid exceptions: {e}")))
}

/// Compiles a parsed rule file. `origin` names the file in errors.
pub fn compile_rule(file: RuleFile, id: &str, pack: &str, origin: &str) -> Result<Rule, RuleError> {
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
        "occurrence" | "repetition" | "consistency" | "conditional" | "capitalization"
        | "metric" | "sequence" | "spelling" | "script" | "readability" | "invalid" => {
            return Err(ctx.err(
                at(extends),
                format!(
                    "unsupported rule type `{}` (hedgelint runs `existence` and `substitution`)",
                    extends.value
                ),
            ));
        }
        other => {
            return Err(ctx.err(
                at(extends),
                format!("unknown rule type `{other}` (expected `existence` or `substitution`)"),
            ));
        }
    };

    macro_rules! check_allowed {
        ($($field:ident),*) => {$(
            if let Some(v) = &file.$field {
                if !allowed(kind, stringify!($field)) {
                    return Err(ctx.err(at(v), format!(
                        "key `{}` does not apply to `{}` rules", stringify!($field), extends.value)));
                }
            }
        )*};
    }
    check_allowed!(
        ignorecase, nonword, tokens, raw, append, exceptions, swap, vocab
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
                    format!("\\b(?:{})\\b", joined.join("|"))
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
    }

    let exceptions = match &file.exceptions {
        Some(list) => compile_exceptions(&ctx, list)?,
        None => None,
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
    })
}
