//! `hedgelint test-rules`: every rule's own examples.

use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use super::args::{ColorWhen, ConfigArgs, RuleArgs, TestRulesArgs};
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
    /// The sentence, as written in the rule (with its `[...]` marks).
    pub example: String,
    /// What went wrong, in words.
    pub problem: String,
}

/// A `flag` example with its marks resolved: the plain sentence and the byte ranges the rule
/// must report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedExample {
    /// The sentence without marks.
    pub text: String,
    /// The marked spans, in order.
    pub spans: Vec<Range<usize>>,
}

/// Reads the `[...]` marks of an example. `\[` and `\]` stand for literal brackets; marks do
/// not nest.
pub fn parse_marks(example: &str) -> Result<MarkedExample, String> {
    let mut text = String::with_capacity(example.len());
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    let mut chars = example.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('[' | ']' | '\\')) => text.push(e),
                Some(other) => {
                    text.push('\\');
                    text.push(other);
                }
                None => text.push('\\'),
            },
            '[' if open.is_some() => return Err("a mark opens inside another mark".into()),
            '[' => open = Some(text.len()),
            ']' => match open.take() {
                Some(start) if start < text.len() => spans.push(start..text.len()),
                Some(_) => return Err("an empty mark `[]`".into()),
                None => return Err("`]` without an opening `[`".into()),
            },
            c => text.push(c),
        }
    }
    if open.is_some() {
        return Err("a mark `[` is never closed".into());
    }
    Ok(MarkedExample { text, spans })
}

/// Checks `rule`'s examples alone. Each `flag` sentence marks the words the rule must report
/// (`"The minister [reportedly] resigned."`): every mark must be covered by a finding of the
/// rule, and every finding must touch a mark. Each `pass` sentence must give no finding.
/// Returns the number of examples checked and the failures.
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
        let problems = check_example(&linter, example, should_flag)?;
        if !problems.is_empty() {
            failures.push(ExampleFailure {
                rule: rule.id.clone(),
                example: example.clone(),
                problem: problems.join("; "),
            });
        }
    }
    Ok((n, failures))
}

/// Checks one example and returns what is wrong with it (nothing when it behaves).
fn check_example(linter: &Linter, example: &str, should_flag: bool) -> Result<Vec<String>, String> {
    let marked = match parse_marks(example) {
        Ok(m) => m,
        Err(e) => return Ok(vec![e]),
    };
    let doc = Document::from_text(&marked.text, Format::Plain);
    let found = linter.lint(&doc).map_err(|e| e.to_string())?;
    let quoted = |r: &Range<usize>| format!("'{}'", &marked.text[r.clone()]);
    if !should_flag {
        return Ok(if !marked.spans.is_empty() {
            vec!["a pass example marks a span".into()]
        } else if let Some(f) = found.first() {
            vec![format!("should pass but is flagged at {}", quoted(&f.span))]
        } else {
            Vec::new()
        });
    }
    if marked.spans.is_empty() {
        return Ok(vec![
            "marks no span: put the words it must flag in [brackets]".into(),
        ]);
    }
    if found.is_empty() {
        return Ok(vec!["should be flagged but is not".into()]);
    }
    let mut problems = Vec::new();
    for mark in &marked.spans {
        if !found
            .iter()
            .any(|f| f.span.start <= mark.start && mark.end <= f.span.end)
        {
            let got: Vec<String> = found.iter().map(|f| quoted(&f.span)).collect();
            problems.push(format!(
                "should flag {} but flags {}",
                quoted(mark),
                got.join(", ")
            ));
        }
    }
    for f in &found {
        if !marked
            .spans
            .iter()
            .any(|m| f.span.start < m.end && m.start < f.span.end)
        {
            problems.push(format!(
                "also flags {}, which is not marked",
                quoted(&f.span)
            ));
        }
    }
    Ok(problems)
}

/// Runs `test-rules` and returns the exit code.
pub fn run(args: TestRulesArgs) -> u8 {
    // A folder named on the command line is tested alone; otherwise every rule `check` loads.
    let (rule_args, config_args) = match args.dir {
        Some(dir) => (
            RuleArgs {
                rules: vec![dir],
                no_default_rules: true,
                default_rules: false,
                skip_unsupported: false,
            },
            ConfigArgs {
                config: None,
                isolated: true,
            },
        ),
        None => (RuleArgs::default(), args.config_args),
    };
    let (set, broken) = match load_rule_set(&rule_args, &config_args) {
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
                    report.push_str(&format!(
                        "FAIL {}: {}:\n    {}\n",
                        f.rule, f.problem, f.example
                    ));
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
    if broken {
        EXIT_ERROR
    } else if failed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_give_byte_spans_of_the_plain_text() {
        let m = parse_marks("The minister [reportedly] resigned, [it is said].").unwrap();
        assert_eq!(m.text, "The minister reportedly resigned, it is said.");
        assert_eq!(m.spans, vec![13..23, 34..44]);
    }

    #[test]
    fn escaped_brackets_are_text() {
        let m = parse_marks(r"He said \[sic\] it [may] rain.").unwrap();
        assert_eq!(m.text, "He said [sic] it may rain.");
        assert_eq!(m.spans, vec![17..20]);
    }

    #[test]
    fn broken_marks_are_errors() {
        assert!(parse_marks("an [open mark").is_err());
        assert!(parse_marks("a stray ] bracket").is_err());
        assert!(parse_marks("[nested [marks]]").is_err());
        assert!(parse_marks("an empty [] mark").is_err());
    }
}
