//! From a parsed rule file to a [`Rule`], with Vale's composition of tokens.

use serde_saphyr::Spanned;

use super::pattern::Pattern;
use super::schema::{ListItem, RuleFile, StrList};
use super::{Action, Examples, Level, QuoteMode, Rule, Scope, ScopeKind, ScopeUnit};
use crate::error::{Error, ErrorKind};
use crate::kinds::{self, Keys, WB, at, item_at};

struct Ctx<'a> {
    origin: &'a str,
}

impl Ctx<'_> {
    fn err(&self, at: Option<(u64, u64)>, msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Rule, self.origin, at, msg)
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
    let Some(kind) = kinds::find(&extends.value) else {
        if kinds::UNSUPPORTED.contains(&extends.value.as_str()) {
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
        let names: Vec<&str> = kinds::KINDS.iter().map(|k| k.name).collect();
        let (last, rest) = names.split_last().unwrap_or((&"", &[]));
        return Err(ctx.err(
            at(extends),
            format!(
                "unknown rule type `{}` (expected {} or {last})",
                extends.value,
                rest.join(", ")
            ),
        ));
    };

    macro_rules! check_allowed {
        ($($field:ident),*) => {$(
            if let Some(v) = &file.$field {
                let key = stringify!($field).trim_end_matches('_');
                if !kind.allows(key) {
                    return Err(ctx.err(at(v), format!(
                        "key `{key}` does not apply to `{}` rules", extends.value)));
                }
            }
        )*};
    }
    check_allowed!(
        ignorecase, nonword, tokens, raw, append, exceptions, swap, vocab, token, max, min, alpha,
        either, first, second, match_, style, formula, condition, indicators, threshold,
        capitalize, prefix
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
                "replace" | "remove" | "suggest" | "edit" | "convert" | ""
            ) {
                return Err(ctx.err(
                    at(a),
                    format!(
                        "unknown action `{name}` (expected replace, remove, suggest, edit or convert)"
                    ),
                ));
            }
            Some(Action {
                name,
                params: a.value.params.clone(),
            })
        }
    };
    let ignorecase = file.ignorecase.as_ref().is_some_and(|b| b.value);
    let capitalize = file.capitalize.as_ref().is_some_and(|b| b.value);
    let nonword = file.nonword.as_ref().is_some_and(|b| b.value);
    let compiled = (kind.compile)(&Keys {
        file: &file,
        origin,
        kind: kind.name,
        anchor: at(extends),
        ignorecase,
        nonword,
    })?;
    let scope_filter = parse_scope(&ctx, file.scope.as_ref())?;
    let word_exceptions = kind.word_exceptions;
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
        capitalize,
        tokens: compiled.tokens,
        exceptions,
        unless,
        quotes,
        action,
        examples,
        enabled: file.enabled.is_none_or(|b| b.value),
        check: compiled.check,
        scope_filter,
        exception_words,
    })
}
