//! Arbitrary bytes as a file: decoding, the Markdown and plain-text readers, the normalised
//! view and the engine with the built-in rules; every finding keeps the span invariants.
#![no_main]

#[path = "common.rs"]
mod common;

use hedgelint::text::source::decode;
use hedgelint::{Document, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = decode(data.to_vec()) else {
        return;
    };
    for format in [Format::Markdown, Format::Plain] {
        let doc = Document::new(src.clone(), format);
        assert_eq!(doc.text, src.text);
        let findings = common::builtin()
            .lint(&doc)
            .expect("built-in rules never give up");
        common::check_findings(&doc, &findings);
    }
});
