//! `metric`: a formula over the document's counts crosses a threshold.

use std::sync::Arc;

use evalexpr::{ContextWithMutableVariables, HashMapContext, Value};

use super::{CheckHit, Compiled, DocCheck, Keys, Kind, at, core_word, documented, first_word};
use crate::error::Error;
use crate::rule::Rule;
use crate::rule::pattern::PatternError;
use crate::text::shadow::BlockKind;
use crate::text::{Document, sentence};

documented! {
    /// Vale's `metric`: a formula over the document's counts crosses a threshold.
    ///
    /// Keys: `formula` (an arithmetic expression) and `condition` (the comparison that
    /// reports, such as `> 8`). The formula may use `words`, `sentences`, `characters`,
    /// `syllables`, `complex_words`, `polysyllabic_words`, `long_words` (more than six
    /// letters), `paragraphs`, `heading_h1` to `heading_h6`, `list`, `blockquote` and `pre`.
    /// Both keys are checked when the rule loads. The finding sits on the document's first
    /// word; the message's `%s` is the formula's value, to two decimals.
    pub struct Metric;
}

/// The `metric` row of the table.
pub const KIND: Kind = Kind {
    name: "metric",
    keys: &["formula", "condition"],
    word_exceptions: false,
    doc: Metric::DOC,
    compile,
};

#[derive(Debug)]
struct Check {
    formula: String,
    condition: String,
}

fn compile(keys: &Keys) -> Result<Compiled, Error> {
    let formula = keys
        .file
        .formula
        .as_ref()
        .ok_or_else(|| keys.need("formula"))?;
    let condition = keys
        .file
        .condition
        .as_ref()
        .ok_or_else(|| keys.need("condition"))?;
    validate_metric(&formula.value, &condition.value)
        .map_err(|e| keys.err(at(formula), format!("invalid metric: {e}")))?;
    Ok(Compiled {
        tokens: Vec::new(),
        check: Some(Arc::new(Check {
            formula: formula.value.clone(),
            condition: condition.value.clone(),
        })),
    })
}

impl DocCheck for Check {
    fn run(&self, _rule: &Rule, doc: &Document) -> Result<Vec<CheckHit>, PatternError> {
        let text = doc.shadow.text.as_str();
        let mut hits = Vec::new();
        let counts = Counts::of(doc);
        if let Ok((value, true)) = evaluate_metric(&self.formula, &self.condition, &counts)
            && let Some(first) = doc.shadow.blocks.first()
        {
            let w = first_word(text, first);
            hits.push(CheckHit::new(w, vec![format!("{value:.2}")]));
        }
        Ok(hits)
    }
}

/// Counts of a document that metric formulas may use.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counts {
    values: Vec<(&'static str, f64)>,
}

/// A rough syllable count: groups of vowels, less a silent final e, at least one.
fn syllables(word: &str) -> usize {
    let w = word.to_lowercase();
    let mut count = 0;
    let mut prev_vowel = false;
    for c in w.chars() {
        let v = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }
    if w.ends_with('e') && !w.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// The names a formula may use, in the order [`Counts::of`] gives them.
const NAMES: [&str; 17] = [
    "words",
    "sentences",
    "characters",
    "syllables",
    "complex_words",
    "polysyllabic_words",
    "long_words",
    "paragraphs",
    "heading_h1",
    "heading_h2",
    "heading_h3",
    "heading_h4",
    "heading_h5",
    "heading_h6",
    "list",
    "blockquote",
    "pre",
];

impl Counts {
    /// Counts `doc`'s words, sentences, syllables and blocks.
    pub fn of(doc: &Document) -> Counts {
        let sh = &doc.shadow;
        let mut words = 0.0;
        let mut chars = 0.0;
        let mut syl = 0.0;
        let mut complex = 0.0;
        let mut long = 0.0;
        let mut sentences = 0.0;
        let mut paragraphs = 0.0;
        let mut headings = [0.0f64; 6];
        let mut lists = 0.0;
        let mut quotes = 0.0;
        for (b, r) in sh.blocks.iter().enumerate() {
            let t = &sh.text[r.clone()];
            match sh.block_kinds[b] {
                BlockKind::Heading(n) => headings[usize::from(n.clamp(1, 6)) - 1] += 1.0,
                BlockKind::ListItem => lists += 1.0,
                BlockKind::BlockQuote => quotes += 1.0,
                BlockKind::Paragraph => paragraphs += 1.0,
                BlockKind::TableCell { .. } => {}
            }
            sentences += sentence::split(t, &[]).len() as f64;
            for w in t
                .split_whitespace()
                .map(core_word)
                .filter(|w| w.chars().any(char::is_alphabetic))
            {
                words += 1.0;
                chars += w.chars().count() as f64;
                let s = syllables(w);
                syl += s as f64;
                if s >= 3 {
                    complex += 1.0;
                }
                if w.chars().count() > 6 {
                    long += 1.0;
                }
            }
        }
        let values = [
            words,
            sentences.max(1.0),
            chars,
            syl,
            complex,
            complex,
            long,
            paragraphs,
            headings[0],
            headings[1],
            headings[2],
            headings[3],
            headings[4],
            headings[5],
            lists,
            quotes,
            0.0,
        ];
        Counts {
            values: NAMES.into_iter().zip(values).collect(),
        }
    }
}

/// Evaluates `formula` and `formula condition`: the value and whether the rule reports.
fn evaluate_metric(formula: &str, condition: &str, counts: &Counts) -> Result<(f64, bool), String> {
    let mut ctx = HashMapContext::<evalexpr::DefaultNumericTypes>::new();
    for (name, v) in &counts.values {
        ctx.set_value((*name).into(), Value::Float(*v))
            .map_err(|e| e.to_string())?;
    }
    let value = evalexpr::eval_number_with_context(formula, &ctx).map_err(|e| e.to_string())?;
    let fires = evalexpr::eval_boolean_with_context(&format!("({formula}) {condition}"), &ctx)
        .map_err(|e| e.to_string())?;
    Ok((value, fires))
}

/// Checks that a metric's formula and condition evaluate (with every count at 1).
pub fn validate_metric(formula: &str, condition: &str) -> Result<(), String> {
    let counts = Counts {
        values: NAMES.into_iter().map(|n| (n, 1.0)).collect(),
    };
    evaluate_metric(formula, condition, &counts).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::super::{test_lint, test_rule};
    use super::*;

    #[test]
    fn syllable_heuristic() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("reportedly"), 4);
        assert_eq!(syllables("make"), 1);
    }

    #[test]
    fn metric_formulas_evaluate() {
        assert!(validate_metric("(words / sentences)", "> 3").is_ok());
        assert!(validate_metric("words +", "> 3").is_err());
        assert!(validate_metric("nonsense_var * 2", "> 3").is_err());
    }

    #[test]
    fn long_sentences_on_average() {
        let rule = "extends: metric\nmessage: 'Average sentence: %s words'\nformula: words / sentences\ncondition: '> 3'\n";
        let hits = test_lint(rule, "One two three four five six. Seven eight.\n");
        assert_eq!(
            hits,
            vec![("One".to_owned(), "Average sentence: 4.00 words".to_owned())]
        );
        assert!(test_lint(rule, "Short one. And two.\n").is_empty());
        let e = test_rule("extends: metric\nmessage: m\nformula: 'words +'\ncondition: '> 1'\n")
            .unwrap_err();
        assert!(e.contains("invalid metric"), "{e}");
    }
}
