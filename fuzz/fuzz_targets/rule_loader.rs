//! Arbitrary bytes as a rule file: loading never panics or hangs, and a rule that loads
//! compiles into a linter that can lint a short text.
#![no_main]

#[path = "common.rs"]
mod common;

use hedgelint::rule::load::{RuleSource, load_rules};
use hedgelint::{Document, Format, Linter};
use libfuzzer_sys::fuzz_target;

const TEXT: &str = "The minister reportedly said it may rain.\nSources say `x` is *likely*, \
                    according to reports. \u{201c}It is believed,\u{201d} he said. é ü 中文\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = RuleSource {
        origin: "fuzz.yml".into(),
        pack: "F".into(),
        name: "R".into(),
        text: text.to_owned(),
    };
    let Ok(mut set) = load_rules(&[src]) else {
        return;
    };
    let _ = set.select(&["F".to_owned()], &[]);
    let Ok(linter) = Linter::new(set) else {
        return;
    };
    for format in [Format::Plain, Format::Markdown] {
        let doc = Document::from_text(TEXT, format);
        if let Ok(findings) = linter.lint(&doc) {
            common::check_findings(&doc, &findings);
        }
    }
});
