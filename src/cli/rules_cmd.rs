//! `hedgelint rules` and `hedgelint explain`.

use std::io::Write;

use super::args::{ColorWhen, ExplainArgs, RulesArgs};
use super::output::{self, write_or_stop};
use super::{EXIT_CLEAN, EXIT_ERROR, load_rule_set, print_rule_errors};

/// Runs `rules`: one line per rule.
pub fn list(args: RulesArgs) -> u8 {
    let (set, broken) = match load_rule_set(&args.rule_args, &args.config_args) {
        Ok(s) => s,
        Err(e) => {
            print_rule_errors(&e);
            return EXIT_ERROR;
        }
    };
    let mut text = String::new();
    if args.phrases {
        for phrase in set.phrases() {
            text.push_str(&phrase);
            text.push('\n');
        }
    } else {
        let width = set.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
        for r in set.rules() {
            let level = if r.enabled {
                r.level.as_str().to_owned()
            } else {
                format!("{} (opt-in)", r.level)
            };
            text.push_str(&format!("{:<width$}  {level:<21}  {}\n", r.id, r.summary()));
        }
    }
    let mut out = output::stdout(ColorWhen::Never);
    let _ = write_or_stop(&mut out, &text);
    let _ = out.flush();
    if broken { EXIT_ERROR } else { EXIT_CLEAN }
}

/// Runs `explain --type TYPE`: the rule type's documentation.
fn explain_kind(name: &str) -> u8 {
    let Some(kind) = hedgelint::kinds::find(name) else {
        let names: Vec<&str> = hedgelint::kinds::KINDS.iter().map(|k| k.name).collect();
        output::error(&format!(
            "unknown rule type `{name}` (expected one of {})",
            names.join(", ")
        ));
        return EXIT_ERROR;
    };
    let mut out = output::stdout(ColorWhen::Never);
    let _ = write_or_stop(&mut out, &kind.documentation());
    let _ = out.flush();
    EXIT_CLEAN
}

/// Runs `explain RULE` or `explain --type TYPE`.
pub fn explain(args: ExplainArgs) -> u8 {
    let wanted = match (&args.kind, &args.rule) {
        (Some(kind), _) => return explain_kind(kind),
        (None, Some(rule)) => rule.clone(),
        (None, None) => return EXIT_ERROR,
    };
    let (set, broken) = match load_rule_set(&args.rule_args, &args.config_args) {
        Ok(s) => s,
        Err(e) => {
            print_rule_errors(&e);
            return EXIT_ERROR;
        }
    };
    let Some(rule) = set.get(&wanted) else {
        let lower = wanted.to_lowercase();
        let close: Vec<&str> = set
            .rules()
            .iter()
            .filter(|r| {
                let id = r.id.to_lowercase();
                id.contains(&lower)
                    || lower.contains(&r.id.rsplit('.').next().unwrap_or("").to_lowercase())
            })
            .map(|r| r.id.as_str())
            .collect();
        let message = if close.is_empty() {
            set.unknown_name("rule", &wanted)
        } else {
            format!(
                "unknown rule `{wanted}` (did you mean {}?)",
                close.join(", ")
            )
        };
        output::error(&message);
        return EXIT_ERROR;
    };
    let mut out = output::stdout(ColorWhen::Never);
    let _ = write_or_stop(&mut out, &rule.explanation());
    let _ = out.flush();
    if broken { EXIT_ERROR } else { EXIT_CLEAN }
}
