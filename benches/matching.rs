//! Library benchmarks (divan): the text model, matching and rendering over the Wikinews corpus.
//!
//! Run with `cargo bench` (or `cargo bench --bench matching`). The corpus is read at run time
//! from `../shared/corpus/wikinews` relative to the crate root (override with
//! `HEDGELINT_BENCH_CORPUS=DIR`); if it is missing, a small synthetic text is used instead and a
//! note says so on stderr. Figures are per whole corpus; divan prints throughput from the byte
//! counters.
//!
//! Benchmarks:
//! - `build_linter_from_builtin_packs`: loading and compiling the built-in packs, default
//!   selection (once per process in the CLI).
//! - `document_and_lint`: `Document::from_text` + `Linter::lint` over the corpus concatenated
//!   into one text (what `check` does for one big file, minus reading and output).
//! - `document_only`: decoding-free document build alone (Markdown/plain reader, masking,
//!   normalised view, line index).
//! - `lint_only`: `Linter::lint` on a prebuilt document (matching, filters, findings).
//! - `per_file_document_and_lint`: the same work, one document per corpus file (many files).
//! - `render_full` / `render_jsonl`: rendering the findings of the concatenated corpus.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::counter::{BytesCount, ItemsCount};
use divan::{Bencher, black_box};
use hedgelint::render::{OutputFormat, render_file};
use hedgelint::{Document, Finding, Format, Linter};

fn main() {
    // Force the corpus (and its note) before divan starts printing its table.
    let corpus = &*CORPUS;
    eprintln!(
        "corpus: {} ({} files, {:.2} MB concatenated; {} findings with the built-in rules)",
        corpus.origin,
        corpus.files.len(),
        corpus.joined.len() as f64 / 1e6,
        FINDINGS.len()
    );
    divan::main();
}

/// The benchmark input.
struct Corpus {
    /// Where it came from (a folder, or "synthetic").
    origin: String,
    /// Each file's text, in path order.
    files: Vec<String>,
    /// All files joined by a blank line.
    joined: String,
}

fn corpus_dir() -> PathBuf {
    match std::env::var_os("HEDGELINT_BENCH_CORPUS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wikinews"),
    }
}

fn read_corpus(dir: &Path) -> Option<Vec<String>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "txt" | "md" | "markdown"))
        })
        .collect();
    paths.sort();
    let files: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    (!files.is_empty()).then_some(files)
}

/// A few paragraphs of news-like text, with hedges, quotations and URLs, repeated to ~1 MB.
fn synthetic() -> Vec<String> {
    let article = "Minister reportedly resigns\n\n\
        The minister reportedly resigned on Tuesday, according to reports in two newspapers. \
        Officials allegedly knew of the plan for weeks; \"it was reportedly agreed in May,\" \
        one aide said.\nThe opposition called it a cover-up.\n\n\
        Critics say the move may have been planned. Some experts believe it could signal a \
        wider reshuffle, see https://example.org/reportedly/news for details.\n\n\
        The prime minister's office did not respond to a request for comment by Wednesday \
        evening, and the ministry declined to confirm the report.\n";
    (0..1_500).map(|_| article.to_owned()).collect()
}

static CORPUS: LazyLock<Corpus> = LazyLock::new(|| {
    let dir = corpus_dir();
    let (origin, files) = match read_corpus(&dir) {
        Some(files) => (dir.display().to_string(), files),
        None => {
            eprintln!(
                "note: no corpus at {}; benchmarking a synthetic text instead \
                 (figures are not comparable with docs/performance.md)",
                dir.display()
            );
            ("synthetic".to_owned(), synthetic())
        }
    };
    let joined = files.join("\n\n");
    Corpus {
        origin,
        files,
        joined,
    }
});

fn build_linter() -> Linter {
    let sources = hedgelint::rule::builtin::sources();
    let mut rules = hedgelint::rule::load_rules(&sources).expect("the built-in rules load");
    // What `check` runs by default: the rules enabled by default (opt-in packs left out).
    rules.select(&[], &[]).expect("an empty selection is valid");
    Linter::new(rules).expect("the built-in rules compile")
}

static LINTER: LazyLock<Linter> = LazyLock::new(build_linter);

static DOC: LazyLock<Document> =
    LazyLock::new(|| Document::from_text(&CORPUS.joined, Format::Plain));

static FINDINGS: LazyLock<Vec<Finding>> =
    LazyLock::new(|| LINTER.lint(&DOC).expect("the corpus lints"));

#[divan::bench(sample_count = 20)]
fn build_linter_from_builtin_packs() -> Linter {
    build_linter()
}

#[divan::bench(sample_count = 20)]
fn document_and_lint(bencher: Bencher) {
    let text = CORPUS.joined.as_str();
    let linter = &*LINTER;
    bencher.counter(BytesCount::of_str(text)).bench(|| {
        let doc = Document::from_text(black_box(text), Format::Plain);
        linter.lint(&doc).expect("lints").len()
    });
}

#[divan::bench(sample_count = 20)]
fn document_only(bencher: Bencher) {
    let text = CORPUS.joined.as_str();
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| Document::from_text(black_box(text), Format::Plain));
}

#[divan::bench(sample_count = 20)]
fn lint_only(bencher: Bencher) {
    let doc = &*DOC;
    let linter = &*LINTER;
    bencher
        .counter(BytesCount::of_str(&doc.text))
        .bench(|| linter.lint(black_box(doc)).expect("lints"));
}

#[divan::bench(sample_count = 20)]
fn per_file_document_and_lint(bencher: Bencher) {
    let files = &CORPUS.files;
    let linter = &*LINTER;
    let bytes: usize = files.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut n = 0;
        for text in files {
            let doc = Document::from_text(black_box(text), Format::Plain);
            n += linter.lint(&doc).expect("lints").len();
        }
        n
    });
}

#[divan::bench(sample_count = 20)]
fn render_full(bencher: Bencher) {
    let doc = &*DOC;
    let findings = &*FINDINGS;
    bencher
        .counter(ItemsCount::new(findings.len()))
        .bench(|| render_file(OutputFormat::Full, "corpus.txt", doc, black_box(findings)));
}

#[divan::bench(sample_count = 20)]
fn render_jsonl(bencher: Bencher) {
    let doc = &*DOC;
    let findings = &*FINDINGS;
    bencher
        .counter(ItemsCount::new(findings.len()))
        .bench(|| render_file(OutputFormat::Jsonl, "corpus.txt", doc, black_box(findings)));
}
