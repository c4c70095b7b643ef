//! `hedgelint test-rules`: every rule's own examples.

use std::io::Write;
use std::sync::Arc;

use super::args::{ColorWhen, RuleArgs, TestRulesArgs};
use super::output::{self, write_or_stop};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load_rule_set, print_rule_errors};
use hedgelint::lint::Linter;
use hedgelint::rule::{Rule, RuleSet};
use hedgelint::text::{Document, Format};

/// One example that did not behave as its rule says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// The sentence.
    pub example: String,
    /// Whether the sentence should have been flagged.
    pub should_flag: bool,
}

/// Checks `rule`'s examples alone: each `flag` sentence must give a finding of the rule and
/// each `pass` sentence none. Returns the number of examples checked and the failures.
pub fn check_examples(rule: &Arc<Rule>) -> Result<(usize, Vec<ExampleFailure>), String> {
    let linter = Linter::new(RuleSet::new(vec![rule.clone()]))?;
    let mut failures = Vec::new();
    let mut n = 0;
    let cases = rule
        .examples
        .flag
        .iter()
        .map(|e| (e, true))
        .chain(rule.examples.pass.iter().map(|e| (e, false)));
    for (example, should_flag) in cases {
        n += 1;
        let doc = Document::from_text(example, Format::Plain);
        let flagged = !linter.lint(&doc).map_err(|e| e.to_string())?.is_empty();
        if flagged != should_flag {
            failures.push(ExampleFailure {
                rule: rule.id.clone(),
                example: example.clone(),
                should_flag,
            });
        }
    }
    Ok((n, failures))
}

/// Runs `test-rules` and returns the exit code.
pub fn run(args: TestRulesArgs) -> u8 {
    let rule_args = match args.dir {
        Some(dir) => RuleArgs {
            rules: vec![dir],
            no_default_rules: true,
            skip_unsupported: false,
        },
        None => RuleArgs::default(),
    };
    let set = match load_rule_set(&rule_args) {
        Ok(s) => s,
        Err(e) => {
            print_rule_errors(&e);
            return EXIT_ERROR;
        }
    };
    let mut report = String::new();
    let (mut passed, mut failed, mut without) = (0, 0, Vec::new());
    for rule in set.rules() {
        if rule.examples.flag.is_empty() && rule.examples.pass.is_empty() {
            without.push(rule.id.clone());
            continue;
        }
        match check_examples(rule) {
            Ok((n, failures)) => {
                passed += n - failures.len();
                failed += failures.len();
                for f in failures {
                    let what = if f.should_flag {
                        "should be flagged but is not"
                    } else {
                        "should pass but is flagged"
                    };
                    report.push_str(&format!("FAIL {}: {what}:\n    {}\n", f.rule, f.example));
                }
            }
            Err(e) => {
                failed += 1;
                report.push_str(&format!("FAIL {}: {e}\n", rule.id));
            }
        }
    }
    if !without.is_empty() {
        report.push_str(&format!(
            "note: {} without examples: {}\n",
            without.len(),
            without.join(", ")
        ));
    }
    report.push_str(&format!(
        "{} rules: {passed} passed, {failed} failed\n",
        set.len()
    ));
    let mut out = output::stdout(ColorWhen::Never);
    let _ = write_or_stop(&mut out, &report);
    let _ = out.flush();
    if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
