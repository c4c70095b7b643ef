//! Invariants of the engine, checked on arbitrary text and arbitrary sets of literal rules.
//!
//! For every generated case, in Plain and in Markdown:
//! - every span lies inside the text, on character boundaries, and is not empty;
//! - `line`, `column`, `end_line` and `end_column` agree with the byte offsets (recomputed here
//!   independently of `LineIndex`), and `byte_start`/`byte_end` are the span plus the BOM;
//! - findings are sorted by (span start, rule id), unique, and one rule's findings never overlap;
//! - linting twice, and with a second linter built from the same rules, gives the same output;
//! - each finding's `matched` is the source slice of its span;
//! - every output format renders without panicking, and the JSON lines agree with the findings;
//! - the findings are exactly Vale's leftmost-first matches of `\b(?:tok1|tok2|…)\b` over the
//!   normalised view (an independent oracle built with the `regex` crate);
//! - in plain text, the matched source text is one of the rule's tokens once white space is
//!   collapsed, with a word boundary on each side unless the rule is `nonword`.
//!
//! Crash regressions found by `cargo fuzz` (see docs/robustness.md) are at the end.

mod common;

use std::ops::Range;

use clap::ValueEnum;
use hedgelint::matcher::Matcher;
use hedgelint::render::{OutputFormat, render_file};
use hedgelint::rule::load::{RuleSource, load_rules};
use hedgelint::text::SourceText;
use hedgelint::text::source::{DecodeError, decode};
use hedgelint::{Document, Finding, Format, Linter, RuleSet};
use proptest::prelude::*;

/// Words and phrases that rules are made of and that text is sprinkled with, so that rules
/// fire often and overlap each other.
const VOCAB: &[&str] = &[
    "may",
    "may have",
    "it is",
    "it",
    "is",
    "is said",
    "said",
    "say",
    "sources say",
    "a",
    "ab",
    "a a",
    "b",
    "reportedly",
    "have",
];

/// Pieces of text that are not words: white space of every kind, multibyte characters,
/// quotation marks, Markdown punctuation, URLs and HTML.
const NOISE: &[&str] = &[
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\n",
    "\r\n",
    "\n\n",
    "\r\n\r\n",
    "\n  \n",
    "\u{a0}",
    "\u{2003}",
    "\u{2028}",
    "\u{200b}",
    "é",
    "ü",
    "ß",
    "İ",
    "\u{212a}",
    "e\u{301}",
    "中文",
    "😀",
    "\u{1f}",
    "\u{1e}",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    ".",
    ",",
    "?",
    "!",
    ";",
    ":",
    "-",
    "—",
    "*",
    "**",
    "_",
    "`",
    "```",
    "~~~",
    "~~",
    "# ",
    "## ",
    "> ",
    "- ",
    "* ",
    "1. ",
    "[",
    "]",
    "](",
    "(",
    ")",
    "![",
    "[^1]",
    "[^1]: ",
    "<",
    ">",
    "<b>",
    "</b>",
    "<!-- ",
    " -->",
    "|",
    "| --- |",
    "---\n",
    "+++\n",
    "\\",
    "$",
    "$$",
    "&amp;",
    "    ",
    "http://x.org/may",
    "https://a.b/it-is?x=1",
    "www.say.com",
    "<https://may.org>",
    "a@b.org",
    "Mr.",
    "U.S.",
    "3.5",
];

fn cased(word: &str, how: u8) -> String {
    match how % 4 {
        0 | 1 => word.to_owned(),
        2 => word.to_ascii_uppercase(),
        _ => {
            let mut c = word.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        }
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (prop::sample::select(VOCAB), any::<u8>()).prop_map(|(w, how)| cased(w, how)),
        2 => "[a-c]{1,3}",
        1 => "[A-Za-z]{1,8}",
        5 => prop::sample::select(NOISE).prop_map(str::to_owned),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

/// One literal rule: its tokens, `ignorecase` and `nonword`.
#[derive(Debug, Clone)]
struct RuleSpec {
    tokens: Vec<String>,
    ignorecase: bool,
    nonword: bool,
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(VOCAB).prop_map(str::to_owned),
        1 => "[a-c]{1,3}",
        1 => "[a-c]{1,2} [a-c]{1,2}",
    ]
}

fn rule_specs() -> impl Strategy<Value = Vec<RuleSpec>> {
    prop::collection::vec(
        (
            prop::collection::vec(token(), 1..5),
            any::<bool>(),
            prop::bool::weighted(0.25),
        )
            .prop_map(|(tokens, ignorecase, nonword)| RuleSpec {
                tokens,
                ignorecase,
                nonword,
            }),
        1..6,
    )
}

fn yaml(spec: &RuleSpec) -> String {
    let mut y = format!(
        "extends: existence\nmessage: \"'%s' (%s) 100%%\"\nignorecase: {}\nnonword: {}\ntokens:\n",
        spec.ignorecase, spec.nonword
    );
    for t in &spec.tokens {
        y.push_str(&format!("  - '{t}'\n"));
    }
    y
}

fn rule_set(specs: &[RuleSpec]) -> RuleSet {
    let sources: Vec<RuleSource> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| RuleSource {
            origin: format!("P/R{i}.yml"),
            pack: "P".into(),
            name: format!("R{i}"),
            text: yaml(s),
        })
        .collect();
    match load_rules(&sources) {
        Ok(set) => set,
        Err(errors) => panic!("generated rules did not load: {errors:?}"),
    }
}

/// 1-based line and character column of byte `offset`, computed from scratch.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// Everything a user can observe of a finding.
type Seen = (
    String,
    Range<usize>,
    usize,
    usize,
    usize,
    usize,
    usize,
    usize,
    String,
    String,
    String,
    Vec<String>,
);

fn seen(findings: &[Finding]) -> Vec<Seen> {
    findings
        .iter()
        .map(|f| {
            (
                f.rule.id.clone(),
                f.span.clone(),
                f.byte_start,
                f.byte_end,
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                f.matched.clone(),
                f.message.clone(),
                f.level.to_string(),
                f.suggestions.clone(),
            )
        })
        .collect()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Vale's matches of one literal rule over the normalised view, with the `regex` crate:
/// `\b(?:tok1|tok2|…)\b` (no `\b` when `nonword`), leftmost-first. Case folding is ASCII only,
/// as in the phrase automaton.
fn oracle(spec: &RuleSpec, view: &str) -> Vec<Range<usize>> {
    let flags = if spec.ignorecase { "(?i-u:" } else { "(?-u:" };
    let alts: Vec<String> = spec
        .tokens
        .iter()
        .map(|t| format!("{flags}{})", regex::escape(&collapse(t))))
        .collect();
    let body = alts.join("|");
    let pattern = if spec.nonword {
        format!("(?:{body})")
    } else {
        // Vale's `\b` is RE2's: an ASCII word boundary.
        format!(r"(?-u:\b)(?:{body})(?-u:\b)")
    };
    let re = regex::Regex::new(&pattern).expect("oracle regex");
    re.find_iter(view)
        .map(|m| m.range())
        .filter(|r| !r.is_empty())
        .collect()
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn check_case(
    text: &str,
    specs: &[RuleSpec],
    format: Format,
    bom: bool,
) -> Result<(), TestCaseError> {
    let bom_len = if bom { 3 } else { 0 };
    let doc = Document::new(
        SourceText {
            text: text.to_owned(),
            bom_len,
        },
        format,
    );
    prop_assert_eq!(&doc.text, text);
    let linter = Linter::new(rule_set(specs)).expect("linter");
    let findings = linter.lint(&doc).expect("literal rules never fail");

    for f in &findings {
        let s = f.span.clone();
        prop_assert!(
            s.start < s.end && s.end <= text.len(),
            "span {:?} outside text of {} bytes",
            s,
            text.len()
        );
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        prop_assert_eq!(&f.matched, &text[s.clone()]);
        prop_assert_eq!(
            (f.byte_start, f.byte_end),
            (s.start + bom_len, s.end + bom_len)
        );
        prop_assert_eq!(
            (f.line, f.column),
            position(text, s.start),
            "start of {:?}",
            s
        );
        prop_assert_eq!(
            (f.end_line, f.end_column),
            position(text, s.end),
            "end of {:?}",
            s
        );
        // A literal rule's message quotes what it matched, normalised.
        prop_assert!(f.message.ends_with(") 100%"), "message {:?}", f.message);
    }

    for w in findings.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        prop_assert!(
            (a.span.start, &a.rule.id) <= (b.span.start, &b.rule.id),
            "not sorted: {:?} {} then {:?} {}",
            a.span,
            a.rule.id,
            b.span,
            b.rule.id
        );
    }
    for (i, a) in findings.iter().enumerate() {
        for b in &findings[i + 1..] {
            prop_assert!(
                !(a.span == b.span && a.rule.id == b.rule.id),
                "duplicate finding {:?} {}",
                a.span,
                a.rule.id
            );
            if a.rule.id == b.rule.id {
                prop_assert!(
                    a.span.end <= b.span.start || b.span.end <= a.span.start,
                    "overlapping findings of {}: {:?} and {:?}",
                    a.rule.id,
                    a.span,
                    b.span
                );
            }
        }
    }

    // Deterministic: the same linter twice, and a second linter built from the same rules.
    let again = linter.lint(&doc).expect("second run");
    prop_assert_eq!(seen(&findings), seen(&again));
    let other = Linter::new(rule_set(specs)).expect("linter");
    prop_assert_eq!(seen(&findings), seen(&other.lint(&doc).expect("third run")));

    // The independent oracle over the normalised view.
    let view = doc.shadow.text.as_str();
    for (i, spec) in specs.iter().enumerate() {
        let id = format!("P.R{i}");
        let expected: Vec<Range<usize>> = oracle(spec, view)
            .into_iter()
            .map(|r| doc.shadow.source_range(r))
            .collect();
        let actual: Vec<Range<usize>> = findings
            .iter()
            .filter(|f| f.rule.id == id)
            .map(|f| f.span.clone())
            .collect();
        prop_assert_eq!(
            actual,
            expected,
            "rule {} {:?} over view {:?}",
            id,
            spec,
            view
        );
    }

    // In plain text the source of a match is the token itself, modulo white space.
    if format == Format::Plain {
        for f in &findings {
            let i: usize = f.rule.id["P.R".len()..].parse().unwrap();
            let spec = &specs[i];
            let got = collapse(&f.matched);
            let ok = spec.tokens.iter().any(|t| {
                let t = collapse(t);
                if spec.ignorecase {
                    t.eq_ignore_ascii_case(&got)
                } else {
                    t == got
                }
            });
            prop_assert!(ok, "{:?} is none of {:?}", f.matched, spec.tokens);
            if !spec.nonword {
                let before = text[..f.span.start].chars().next_back();
                let after = text[f.span.end..].chars().next();
                prop_assert!(
                    !is_word(before) && !is_word(after),
                    "{:?} at {:?} is inside a word",
                    f.matched,
                    f.span
                );
            }
        }
    }

    // Every output format renders, and the JSON lines say what the findings say.
    for fmt in OutputFormat::value_variants() {
        let _ = render_file(*fmt, "case.md", &doc, &findings);
    }
    let full = render_file(OutputFormat::Full, "case.md", &doc, &findings);
    for f in &findings {
        prop_assert!(full.contains(&f.rule.id));
    }
    let jsonl = render_file(OutputFormat::Jsonl, "case.md", &doc, &findings);
    let lines: Vec<&str> = jsonl.lines().collect();
    prop_assert_eq!(lines.len(), findings.len());
    for (line, f) in lines.iter().zip(&findings) {
        let v: serde_json::Value = serde_json::from_str(line).expect("jsonl line is JSON");
        prop_assert_eq!(v["rule"].as_str(), Some(f.rule.id.as_str()));
        prop_assert_eq!(v["matched"].as_str(), Some(f.matched.as_str()));
        prop_assert_eq!(v["line"].as_u64(), Some(f.line as u64));
        prop_assert_eq!(v["column"].as_u64(), Some(f.column as u64));
        prop_assert_eq!(v["end_line"].as_u64(), Some(f.end_line as u64));
        prop_assert_eq!(v["end_column"].as_u64(), Some(f.end_column as u64));
        prop_assert_eq!(v["byte_start"].as_u64(), Some(f.byte_start as u64));
        prop_assert_eq!(v["byte_end"].as_u64(), Some(f.byte_end as u64));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn plain_text_invariants(text in text(), specs in rule_specs(), bom in any::<bool>()) {
        check_case(&text, &specs, Format::Plain, bom)?;
    }

    #[test]
    fn markdown_invariants(text in text(), specs in rule_specs(), bom in any::<bool>()) {
        check_case(&text, &specs, Format::Markdown, bom)?;
    }

    /// Decoding never panics; what it accepts is the input less its BOM, and an invalid
    /// UTF-8 offset points at the first bad byte.
    #[test]
    fn decode_accepts_utf8_and_names_the_first_bad_byte(
        bytes in prop::collection::vec(
            prop_oneof![
                4 => any::<u8>(),
                4 => prop::sample::select(b"abc \n\xc3\xa9\xef\xbb\xbf".to_vec()),
            ],
            0..64,
        ),
        bom in any::<bool>(),
    ) {
        let mut input = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
        input.extend(&bytes);
        match decode(input.clone()) {
            Ok(src) => {
                prop_assert_eq!(src.text.as_bytes(), &input[src.bom_len..]);
                prop_assert!(src.bom_len == 0 || src.bom_len == 3);
                prop_assert_eq!(src.bom_len == 3, input.starts_with(b"\xef\xbb\xbf"));
                prop_assert!(!input.contains(&0));
            }
            Err(DecodeError::InvalidUtf8 { offset }) => {
                prop_assert!(offset < input.len());
                let skip = if input.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
                prop_assert!(std::str::from_utf8(&input[skip..offset]).is_ok());
                prop_assert!(std::str::from_utf8(&input[skip..]).is_err());
            }
            Err(DecodeError::Binary) => prop_assert!(input.contains(&0)),
            Err(DecodeError::Utf16) => {
                prop_assert!(input.starts_with(b"\xff\xfe") || input.starts_with(b"\xfe\xff"));
            }
        }
    }
}

/// The built-in packs with the default selection, compiled once.
fn builtin_linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| {
        let sources = hedgelint::rule::builtin::sources();
        let mut set = load_rules(&sources).expect("built-in rules load");
        set.select(&[], &[]).expect("default selection");
        Linter::new(set).expect("linter")
    })
}

/// The built-in packs on one text, in both formats, with the general invariants.
fn builtin_invariants(text: &str) {
    let linter = builtin_linter();
    for format in [Format::Plain, Format::Markdown] {
        let doc = Document::from_text(text, format);
        let findings = linter.lint(&doc).expect("built-in rules never give up");
        for f in &findings {
            assert!(f.span.start < f.span.end && f.span.end <= text.len());
            assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
            assert_eq!(f.matched, &text[f.span.clone()]);
            assert_eq!((f.line, f.column), position(text, f.span.start));
            assert_eq!((f.end_line, f.end_column), position(text, f.span.end));
        }
        for fmt in OutputFormat::value_variants() {
            let _ = render_file(*fmt, "case.md", &doc, &findings);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The built-in packs (patterns, `unless`, quotations, exceptions) keep the invariants too.
    #[test]
    fn builtin_rules_invariants(text in text()) {
        builtin_invariants(&text);
    }
}

/// Pattern rules whose matches land in awkward places: on any symbol (and so on the barriers
/// that stand for code, HTML and block ends in the view), across line breaks, from look-around
/// patterns, and a substitution.
fn awkward_linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| {
        let rules = [
            ("Symbol", "extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['[^\\w\\s]']\n"),
            ("Pair", "extends: existence\nmessage: '%s %s %%'\nnonword: true\ntokens: ['\\w\\s\\w', '\\S+\\s+\\S+']\n"),
            ("Look", "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: ['\\w+(?=\\W)', '(?<=\\s)\\w']\n"),
            ("Swap", "extends: substitution\nmessage: 'use %s, not %s'\nignorecase: true\nswap:\n  a b: c\n  é: e\n  it is: 'x|y'\n"),
            ("Quoted", "extends: existence\nmessage: '%s'\nquotes: skip\nunless: ['\\bsaid\\b']\nignorecase: true\ntokens: [may, 'it is', '\\bsay\\w*']\n"),
        ];
        let sources: Vec<RuleSource> = rules
            .iter()
            .map(|(name, text)| RuleSource {
                origin: format!("A/{name}.yml"),
                pack: "A".into(),
                name: (*name).into(),
                text: (*text).into(),
            })
            .collect();
        Linter::new(load_rules(&sources).expect("awkward rules load")).expect("linter")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Spans of pattern rules that can match punctuation, barriers and line breaks keep the
    /// invariants, and every output format renders them.
    #[test]
    fn awkward_pattern_rules_invariants(text in text(), md in any::<bool>(), bom in any::<bool>()) {
        let format = if md { Format::Markdown } else { Format::Plain };
        let bom_len = if bom { 3 } else { 0 };
        let doc = Document::new(SourceText { text: text.clone(), bom_len }, format);
        let findings = awkward_linter().lint(&doc).expect("no backtracking here");
        for f in &findings {
            let s = f.span.clone();
            prop_assert!(s.start < s.end && s.end <= text.len(), "{:?}", s);
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{:?}", s);
            prop_assert_eq!(&f.matched, &text[s.clone()]);
            prop_assert_eq!((f.byte_start, f.byte_end), (s.start + bom_len, s.end + bom_len));
            prop_assert_eq!((f.line, f.column), position(&text, s.start));
            prop_assert_eq!((f.end_line, f.end_column), position(&text, s.end));
        }
        for w in findings.windows(2) {
            prop_assert!((w[0].span.start, &w[0].rule.id) <= (w[1].span.start, &w[1].rule.id));
            prop_assert!(!(w[0].span == w[1].span && w[0].rule.id == w[1].rule.id));
        }
        prop_assert_eq!(seen(&findings), seen(&awkward_linter().lint(&doc).unwrap()));
        for fmt in OutputFormat::value_variants() {
            let _ = render_file(*fmt, "case.md", &doc, &findings);
        }
    }
}

#[test]
fn builtin_rules_on_a_news_paragraph_with_markup() {
    builtin_invariants(
        "# Talks\r\n\r\nThe minister *reportedly* resigned, \u{201c}it is believed\u{201d}.\r\n\
         Critics say it may have been \u{2014} according to reports \u{2014} a d\u{e9}j\u{e0} vu.\n\n\
         > Sources say `code` and <b>html</b> www.reportedly.com\n",
    );
}

/// The built-in packs and the awkward rules as one set, for the matcher alone.
fn matcher_rules() -> &'static (RuleSet, hedgelint::matcher::Matcher) {
    static SET: std::sync::OnceLock<(RuleSet, hedgelint::matcher::Matcher)> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut sources = hedgelint::rule::builtin::sources();
        sources.push(RuleSource {
            origin: "Pair.yml".into(),
            pack: "Awkward".into(),
            name: "Pair".into(),
            text: "extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['\\w\\s\\w', 'it\\s+is']\n"
                .into(),
        });
        let set = load_rules(&sources).expect("rules load");
        let matcher = hedgelint::matcher::Matcher::new(&set).expect("matcher");
        (set, matcher)
    })
}

/// Words of the built-in patterns' trigger and middle words, and what surrounds them.
const NEWS: &[&str] = &[
    "officials",
    "experts",
    "critics",
    "said",
    "say",
    "says",
    "told",
    "widely",
    "believed",
    "thought",
    "it",
    "is",
    "was",
    "are",
    "been",
    "to",
    "be",
    "have",
    "studies",
    "research",
    "show",
    "suggests",
    "media",
    "reported",
    "reports",
    "unclear",
    "whether",
    "likely",
    "sources",
    "according",
    "some",
    "many",
    "people",
    "the",
    "that",
    "this",
    "an",
    "a",
    "by",
    "who",
    "spoke",
    "familiar",
    "with",
    "matter",
    "there",
    "were",
    "reports",
    "may",
    "could",
    "dead",
    "feared",
    "government",
    "local",
    "senior",
    "said.",
    "saidé",
    "ſaid",
    "İt",
    "is—",
    "it's",
    "in",
    "among",
    "cases",
    "ways",
    "emerged",
    "has",
    "later",
    "quarters",
    "outlets",
    "generally",
    "unknown",
    "not",
    "clear",
    "speculation",
    "rumours",
];

fn news_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        8 => (prop::sample::select(NEWS), any::<u8>()).prop_map(|(w, how)| cased(w, how)),
        1 => "[a-z]{1,4}",
        1 => prop::sample::select(&[",", ".", "\n", "\n\n", "  ", "\u{201c}", "- ", "# "][..])
            .prop_map(str::to_owned),
    ];
    prop::collection::vec((word, prop::bool::weighted(0.8)), 0..120).prop_map(|v| {
        v.into_iter()
            .map(|(w, space)| if space { w + " " } else { w })
            .collect()
    })
}

/// The built-in packs and patterns whose matches start or end at trigger words in awkward
/// ways (several triggers in one match, matches that overlap, optional words after them).
fn windowed_rules() -> &'static (RuleSet, Matcher, Matcher) {
    static SET: std::sync::OnceLock<(RuleSet, Matcher, Matcher)> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut sources = hedgelint::rule::builtin::sources();
        let awkward = [
            ("Before", "extends: existence\nmessage: '%s'\ntokens: ['(?:a|an|the|it) (?:\\w{1,4} ){0,3}(?:said|told)']\n"),
            ("After", "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: ['(?:said|told)(?: \\w{1,4}){0,3}(?: it)?']\n"),
            ("Both", "extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['(?:is|was) (?:it|said)(?: said)?']\n"),
            ("Inner", "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: ['(?:in|it) (?:some|many) (?:\\w+ )*(?:said|ways)']\n"),
            // Triggers of two words, which the view meets across a line break.
            ("Spaced", "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: ['(?:it|is) (?:[0-9] )?(?:not clear|said it) \\w+']\n"),
            // An inner trigger right after a part that may end in a letter ("un|known").
            ("Glued", "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: ['(?:it|is) (?:[0-9] )?(?:un)?(?:clear|known) \\w+']\n"),
        ];
        for (name, text) in awkward {
            sources.push(RuleSource {
                origin: format!("{name}.yml"),
                pack: "Awkward".into(),
                name: name.into(),
                text: text.into(),
            });
        }
        let set = load_rules(&sources).expect("rules load");
        let windowed = Matcher::new(&set).expect("matcher");
        let whole = Matcher::exhaustive(&set).expect("matcher");
        (set, windowed, whole)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Patterns searched only where their trigger words occur (anchored at a first word, or in
    /// the stretch before a last word) find exactly what a search of every whole block finds.
    #[test]
    fn windowed_search_equals_whole_blocks(text in news_text(), md in any::<bool>()) {
        let (set, windowed, whole) = windowed_rules();
        let format = if md { Format::Markdown } else { Format::Plain };
        let doc = Document::from_text(&text, format);
        let found = windowed.find(set, &doc.shadow).0;
        prop_assert_eq!(&found, &whole.find(set, &doc.shadow).0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The view of a long text is built in stretches cut after blank lines, in parallel:
    /// wherever the cuts fall, it is the view of one pass (plain text, Markdown and rST).
    #[test]
    fn split_view_equals_one_pass(
        paragraphs in prop::collection::vec(prop_oneof![text(), news_text()], 1..10),
        joints in prop::collection::vec(prop::sample::select(&["\n\n", "\n\n\n", " \n\n ", "\r\n\r\n", "\n"][..]), 9),
        targets in prop::collection::vec(any::<u16>(), 0..6),
    ) {
        let mut text = String::new();
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                text.push_str(joints[i % joints.len()]);
            }
            text.push_str(p);
        }
        let mut targets: Vec<usize> = targets
            .iter()
            .map(|t| *t as usize % (text.len() + 1))
            .collect();
        targets.sort_unstable();
        use hedgelint::text::{markdown, rst, shadow::Shadow};
        let readings = [
            markdown::plain_pieces(&text),
            markdown::markdown_pieces(&text, &[]).0,
            rst::rst_pieces(&text).0,
        ];
        for pieces in readings {
            let whole = Shadow::build_split(&text, &pieces, &[]);
            let split = Shadow::build_split(&text, &pieces, &targets);
            prop_assert_eq!(&whole, &split, "cuts at {:?}", targets);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// A long text is searched in pieces that start at block boundaries, in parallel: wherever
    /// the cuts fall, the matches are those of one pass over the whole text.
    #[test]
    fn split_search_equals_one_pass(
        paragraphs in prop::collection::vec(text(), 1..12),
        cuts in prop::collection::vec(any::<u16>(), 0..8),
    ) {
        let (set, matcher) = matcher_rules();
        let text = paragraphs.join("\n\n");
        for format in [Format::Plain, Format::Markdown] {
            let doc = Document::from_text(&text, format);
            let blocks = doc.shadow.blocks.len().max(1);
            let mut starts: Vec<usize> = cuts.iter().map(|c| *c as usize % blocks).collect();
            starts.sort_unstable();
            let whole = matcher.find_split(set, &doc.shadow, &[]);
            let split = matcher.find_split(set, &doc.shadow, &starts);
            prop_assert_eq!(&whole.0, &split.0, "cuts before blocks {:?}", starts);
            prop_assert_eq!(whole.1.len(), split.1.len());
        }
    }
}

/// A document long enough to be searched and filtered in parallel pieces gives the findings
/// of one thread (the seed articles, repeated to 3 MB, with a transcript and quotations).
#[test]
fn a_long_document_gives_the_findings_of_one_thread() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut articles: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    articles.push("Q: Did officials say it may have failed?\n\nA: Sources say it reportedly did.\n\nQ: And then?\n\nA: It is believed so.\n".to_owned());
    let once = articles.join("\n\n");
    let text = once.repeat(3_000_000 / once.len() + 1);
    let linter = builtin_linter();
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let doc = Document::from_text(&text, Format::Plain);
            let findings = linter.lint(&doc).expect("built-in rules never give up");
            seen(&findings)
        })
    };
    let one = on(1);
    assert!(one.len() > 1000, "{} findings", one.len());
    assert_eq!(one, on(3));
}

/// Rules that count or compare across blocks (which need the whole view) next to a token
/// rule that skips quotations.
fn counting_linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| {
        let rules = [
            ("Repeat", "extends: repetition\nmessage: '%s again'\nalpha: true\ntokens: ['[^\\s]+']\n"),
            ("Often", "extends: occurrence\nmessage: 'too many'\nscope: sentence\nmax: 3\ntoken: '\\bsaid\\b'\n"),
            ("Quoted", "extends: existence\nmessage: '%s'\nquotes: skip\nignorecase: true\ntokens: [may, reportedly]\n"),
        ];
        let sources: Vec<RuleSource> = rules
            .iter()
            .map(|(name, text)| RuleSource {
                origin: format!("C/{name}.yml"),
                pack: "C".into(),
                name: (*name).into(),
                text: (*text).into(),
            })
            .collect();
        Linter::new(load_rules(&sources).expect("counting rules load")).expect("linter")
    })
}

/// A paragraph of a generated news text: prose, a speaker's turn of an interview, a short
/// line, a quotation or a suppression comment.
fn news_paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => news_text(),
        2 => text(),
        2 => (prop::sample::select(&["Q: ", "A: ", "SMITH: ", "JONES: ", "((Ann Lee)) ", "UPDATE: "][..]), news_text())
            .prop_map(|(label, t)| format!("{label}{t}")),
        1 => Just("Red deer: 7".to_owned()),
        1 => news_text().prop_map(|t| format!("\u{201c}{t}\u{201d} she said.")),
        1 => prop::sample::select(&[
            "<!-- hedgelint-disable -->",
            "<!-- hedgelint-enable -->",
            "<!-- hedgelint-disable-next-line -->",
            "<!-- hedgelint-disable Hedging -->",
        ][..]).prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A long document read in stretches (each stretch's view built, linted and dropped in
    /// parallel) gives the findings and errors of one pass over its whole view, wherever the
    /// stretches are cut: interview turns, quotations and suppression comments across
    /// stretches included, and rules that need the whole view included.
    #[test]
    fn stretched_lint_equals_one_pass(
        paragraphs in prop::collection::vec(news_paragraph(), 1..16),
        joints in prop::collection::vec(prop::sample::select(&["\n\n", "\n\n\n", " \n\n ", "\r\n\r\n", "\n"][..]), 15),
        stretch in 1usize..300,
        md in any::<bool>(),
    ) {
        let mut text = String::new();
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                text.push_str(joints[i % joints.len()]);
            }
            text.push_str(p);
        }
        let format = if md { Format::Markdown } else { Format::Plain };
        let read = |stretch_bytes| {
            let reading = hedgelint::text::Reading { stretch_bytes, ..Default::default() };
            let source = SourceText { text: text.clone(), bom_len: 0 };
            Document::read(source, format, &reading)
        };
        let (whole, stretched) = (read(None), read(Some(stretch)));
        prop_assert!(whole.stretches.is_empty());
        for linter in [builtin_linter(), awkward_linter(), counting_linter()] {
            let (a, a_errors) = linter.lint_all(&whole);
            let (b, b_errors) = linter.lint_all(&stretched);
            prop_assert_eq!(seen(&a), seen(&b), "stretches of {} bytes", stretch);
            prop_assert_eq!(a_errors, b_errors);
        }
        // The view built on demand is the one held.
        prop_assert_eq!(&*stretched.view(), &whole.shadow);
    }
}

/// A rule that matches the barrier standing for a URL in a comment, where the barrier maps to
/// a curly quote (three bytes), reports the whole character instead of panicking.
#[test]
fn a_match_on_a_barrier_before_a_multibyte_character_covers_the_character() {
    let text = "<!-- http://x.org/may\u{201c}\n\n -->";
    let doc = Document::from_text(text, Format::Plain);
    let (findings, _) = awkward_linter().lint_all(&doc);
    assert!(!findings.is_empty());
    for f in &findings {
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    assert!(
        findings.iter().any(|f| f.matched == "\u{201c}"),
        "{findings:?}"
    );
}
