//! The `html` report: a snapshot of the page for the seed articles; the page parsed as HTML
//! (one `data-rule` element per finding, escaping, no network URLs); `--statistics` and
//! `--baseline`; and, where Chromium is installed, a headless screenshot that is not blank.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn select(page: &Html, css: &str) -> Vec<String> {
    let s = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"));
    page.select(&s).map(|e| e.html()).collect()
}

fn count(page: &Html, css: &str) -> usize {
    select(page, css).len()
}

/// How many findings the `json` format reports for `args`.
fn json_findings(dir: &Path, args: &[&str]) -> usize {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let r = common::run_in(dir, &all, None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json output");
    v.as_array().map_or(0, Vec::len)
}

#[test]
fn the_seed_articles_page() {
    let r = common::run_in(crate_root(), &["check", "--format", "html", "seeds/"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    insta::assert_snapshot!("seeds_html", r.stdout);
}

/// Checks that nothing on `page` would be fetched: no `src` anywhere, no stylesheet links,
/// styles without `url(` or `@import`, and `href`s only to anchors or (in finding notes) to
/// web pages a reader may follow.
fn assert_self_contained(page: &Html) {
    assert_eq!(count(page, "[src]"), 0, "an element with src");
    assert_eq!(count(page, "link"), 0, "a link element");
    for tag in ["img", "iframe", "object", "embed", "video", "audio", "base"] {
        assert_eq!(count(page, tag), 0, "a {tag} element");
    }
    for style in select(page, "style") {
        assert!(!style.contains("url("), "a url() in a style");
        assert!(!style.contains("@import"), "an @import in a style");
    }
    let hrefs = Selector::parse("[href]").expect("selector");
    let notes = Selector::parse(".finding .link a[href]").expect("selector");
    let note_links: Vec<_> = page.select(&notes).collect();
    for e in page.select(&hrefs) {
        let href = e.value().attr("href").unwrap_or_default();
        if href.starts_with('#') {
            continue;
        }
        assert!(
            note_links.contains(&e) && href.starts_with("https://"),
            "{href} is neither an anchor nor a rule link"
        );
        assert_eq!(e.value().name(), "a");
    }
    let csp = select(page, "meta[http-equiv=Content-Security-Policy]");
    assert_eq!(csp.len(), 1);
    assert!(csp[0].contains("default-src 'none'"));
}

#[test]
fn one_element_per_finding_escaped_and_self_contained() {
    let dir = common::fixtures().join("html");
    let r = common::run_in(&dir, &["check", "--format", "html", "hostile.txt"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let page = Html::parse_document(&r.stdout);
    assert!(page.errors.is_empty(), "{:?}", page.errors);

    let findings = json_findings(&dir, &["hostile.txt"]);
    assert_eq!(findings, 3);
    assert_eq!(count(&page, "[data-rule]"), findings);
    assert_eq!(count(&page, "li.finding[data-rule][data-level]"), findings);

    // The draft's markup is text: one script element (the page's own), no <b> from the draft.
    let scripts = select(&page, "script");
    assert_eq!(scripts.len(), 1);
    assert!(!scripts[0].contains("alert"));
    assert_eq!(count(&page, "b"), 0);
    assert_eq!(count(&page, "[onmouseover]"), 0);
    let context = Selector::parse(".context").expect("selector");
    let texts: Vec<String> = page
        .select(&context)
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(
        texts[0],
        "The minister reportedly resigned <script>alert(1)</script> on Tuesday, with \"quotes\" & ampersands left in."
    );
    assert!(texts[1].contains("<b onmouseover=\"alert(2)\">deal</b> may collapse & sources"));
    let marks = Selector::parse(".finding mark").expect("selector");
    let marked: Vec<String> = page
        .select(&marks)
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(marked, ["reportedly", "Officials said", "sources said"]);
    assert!(r.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(r.stdout.contains("\"quotes\" &amp; ampersands"));

    assert_self_contained(&page);
    // Without --statistics there is no statistics table.
    assert_eq!(count(&page, "#statistics"), 0);
}

#[test]
fn the_seeds_page_with_statistics_is_self_contained() {
    let r = common::run_in(
        crate_root(),
        &["check", "--format", "html", "--statistics", "seeds/"],
        None,
    );
    let page = Html::parse_document(&r.stdout);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    assert_eq!(
        count(&page, "[data-rule]"),
        json_findings(crate_root(), &["seeds/"])
    );
    assert_eq!(count(&page, "#statistics"), 1);
    // The statistics are in the page, and on standard error as for every format.
    assert!(r.stderr.starts_with(" count  rule "), "{}", r.stderr);
    assert!(r.stderr.ends_with("  total\n"), "{}", r.stderr);
    assert!(r.stdout.ends_with("</html>\n"));
    // Every file in the ranking links to a section that exists.
    let ranked = Selector::parse(".ranking td.file a").expect("selector");
    for a in page.select(&ranked) {
        let id = a
            .value()
            .attr("href")
            .unwrap_or_default()
            .trim_start_matches('#');
        assert_eq!(count(&page, &format!("section.file[id=\"{id}\"]")), 1);
    }
    assert_self_contained(&page);
}

#[test]
fn a_baseline_leaves_only_new_findings() {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let story = tmp.path().join("story.txt");
    std::fs::write(&story, "The minister reportedly resigned.\n").expect("write");
    let r = common::run_in(
        tmp.path(),
        &["check", "--write-baseline", "base.json", "story.txt"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::write(
        &story,
        "The minister reportedly resigned.\n\nOfficials said the deal may collapse.\n",
    )
    .expect("write");
    let r = common::run_in(
        tmp.path(),
        &[
            "check",
            "--format",
            "html",
            "--baseline",
            "base.json",
            "story.txt",
        ],
        None,
    );
    let page = Html::parse_document(&r.stdout);
    assert_eq!(
        select(&page, "[data-rule]")
            .iter()
            .filter(|e| e.contains("data-rule=\"Attribution.VagueSource\""))
            .count(),
        1
    );
    assert_eq!(count(&page, "[data-rule]"), 1);
    let note = Selector::parse(".masthead .note").expect("selector");
    let note: Vec<String> = page
        .select(&note)
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(
        note,
        ["New findings only: 1 finding recorded in the baseline is not shown."]
    );
}

/// The folder of news articles the screenshot is taken of (beside the crate, as CI lays it).
fn corpus() -> PathBuf {
    crate_root().join("../shared/corpus/wikinews")
}

/// A real browser renders the report for the corpus: the screenshot exists, has the window's
/// size and is not blank. Needs `chromium` (`.ci/run` installs it and runs this test);
/// `HEDGELINT_SCREENSHOT=PATH` keeps a copy of the image.
#[test]
#[ignore = "needs chromium and the news corpus; .ci/run runs it"]
fn a_browser_renders_the_corpus_report() {
    let corpus = corpus();
    assert!(corpus.is_dir(), "no corpus at {}", corpus.display());
    let tmp = tempfile::tempdir().expect("temporary folder");
    let r = common::run_in(
        crate_root(),
        &[
            "check",
            "--format",
            "html",
            "--statistics",
            "../shared/corpus/wikinews/",
        ],
        None,
    );
    assert!(r.code <= 1, "{}", r.stderr);
    let html = tmp.path().join("report.html");
    std::fs::write(&html, &r.stdout).expect("write the page");
    let png = tmp.path().join("report.png");
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", tmp.path().join("profile").display()),
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,2000",
            &format!("file://{}", html.display()),
        ])
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = std::fs::File::open(&png).expect("the screenshot exists");
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a buffer size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    assert_eq!((info.width, info.height), (1280, 2000));
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let pixels = buf[..info.buffer_size()].chunks(channels);
    let luma: Vec<f64> = pixels
        .map(|p| 0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]))
        .collect();
    let mean = luma.iter().sum::<f64>() / luma.len() as f64;
    let variance = luma.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / luma.len() as f64;
    let dark = luma.iter().filter(|&&l| l < 96.0).count() as f64 / luma.len() as f64;
    // A blank page has no variance; the report is mostly paper with text and bars on it.
    assert!(variance > 200.0, "luma variance {variance:.1}");
    assert!(dark > 0.01, "only {:.2}% dark pixels", dark * 100.0);
    assert!(
        mean > 150.0,
        "mean luma {mean:.1}: the page should be light"
    );
    if let Some(keep) = std::env::var_os("HEDGELINT_SCREENSHOT") {
        std::fs::copy(&png, keep).expect("copy the screenshot");
    }
}
