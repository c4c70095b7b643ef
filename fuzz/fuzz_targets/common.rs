//! Shared by the fuzz targets: the linters and the span invariants.
#![allow(dead_code)]

use std::sync::OnceLock;

use hedgelint::rule::load::{RuleSource, load_rules};
use hedgelint::{Document, Finding, Linter};

/// The built-in packs with the default selection, compiled once.
pub fn builtin() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| {
        let mut set = load_rules(&hedgelint::rule::builtin::sources()).expect("built-in rules");
        set.select(&[], &[]).expect("selection");
        Linter::new(set).expect("linter")
    })
}

/// Rules whose matches land in awkward places: on punctuation and symbols (and so on the
/// barriers that stand for code and block ends in the view), across line breaks, on single
/// multibyte characters, and from a look-around pattern. `limit` keeps the run fast: the
/// fuzzer moves what matters to the front.
const AWKWARD: &[(&str, &str)] = &[
    (
        "Symbol",
        "extends: existence\nmessage: '%s'\nlimit: 8\nnonword: true\ntokens: ['[^\\w\\s]']\n",
    ),
    (
        "Pair",
        "extends: existence\nmessage: '%s %s %%'\nlimit: 8\nnonword: true\ntokens: ['\\w\\s\\w', '\\S+\\s+\\S+']\n",
    ),
    (
        "Look",
        "extends: existence\nmessage: '%s'\nlimit: 8\nignorecase: true\ntokens: ['\\w+(?=\\W)', '(?<=\\s)\\w']\n",
    ),
    (
        "Phrase",
        "extends: substitution\nmessage: 'use %s, not %s'\nignorecase: true\nswap:\n  a b: c\n  é: e\n  it is: 'x|y'\n",
    ),
];

/// The built-in packs plus [`AWKWARD`], compiled once.
pub fn awkward() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| {
        let mut sources = hedgelint::rule::builtin::sources();
        for (name, text) in AWKWARD {
            sources.push(RuleSource {
                origin: format!("<fuzz>/F/{name}.yml"),
                pack: "F".into(),
                name: (*name).into(),
                text: (*text).into(),
            });
        }
        let mut set = load_rules(&sources).expect("fuzz rules");
        set.select(&[], &[]).expect("selection");
        Linter::new(set).expect("linter")
    })
}

/// 1-based line and character column of byte `offset`, computed from scratch.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[start..offset].chars().count() + 1)
}

/// Panics unless every finding's span and positions agree with the text, and the findings are
/// sorted and unique.
pub fn check_findings(doc: &Document, findings: &[Finding]) {
    let text = doc.text.as_str();
    for f in findings {
        let s = f.span.clone();
        assert!(
            s.start < s.end && s.end <= text.len(),
            "span {s:?} of {}",
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {s:?}"
        );
        assert_eq!(f.matched, &text[s.clone()]);
        assert_eq!(
            (f.byte_start, f.byte_end),
            (s.start + doc.bom_len, s.end + doc.bom_len)
        );
        assert_eq!(
            (f.line, f.column),
            position(text, s.start),
            "start of {s:?}"
        );
        assert_eq!(
            (f.end_line, f.end_column),
            position(text, s.end),
            "end of {s:?}"
        );
    }
    for w in findings.windows(2) {
        assert!((w[0].span.start, &w[0].rule.id) <= (w[1].span.start, &w[1].rule.id));
        assert!(!(w[0].span == w[1].span && w[0].rule.id == w[1].rule.id));
    }
}
