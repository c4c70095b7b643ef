//! Arbitrary text, linted with the built-in rules plus rules whose matches land in awkward
//! places, then rendered in every output format (`full` above all: annotate-snippets panics on
//! a span that splits a character or runs past the text).
#![no_main]

#[path = "common.rs"]
mod common;

use clap::ValueEnum;
use hedgelint::render::{OutputFormat, render_file};
use hedgelint::text::SourceText;
use hedgelint::{Document, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let format = if flags & 1 == 0 {
        Format::Markdown
    } else {
        Format::Plain
    };
    let bom_len = if flags & 2 == 0 { 0 } else { 3 };
    let doc = Document::new(SourceText { text, bom_len }, format);
    let Ok(findings) = common::awkward().lint(&doc) else {
        return;
    };
    common::check_findings(&doc, &findings);
    for fmt in OutputFormat::value_variants() {
        let out = render_file(*fmt, "fuzz.md", &doc, &findings);
        if *fmt == OutputFormat::Full || *fmt == OutputFormat::Concise {
            for f in &findings {
                assert!(out.contains(&f.rule.id));
            }
        }
    }
});
