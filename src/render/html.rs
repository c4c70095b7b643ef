//! The `html` format: one self-contained report page for a standards desk.
//!
//! The page has a summary (files, words, findings by level, findings per 1,000 words), an
//! inline-SVG chart of findings by rule, a table ranking files by density with a link to each
//! file's section, and every finding in its sentence with the span highlighted. Each finding
//! is one `<li class="finding">` with `data-rule` and `data-level` attributes. Filters by
//! level and rule are a form that a few lines of inline script reveal and apply; without
//! script the form stays hidden and every finding shows.
//!
//! Nothing on the page is fetched: styles and script are inline, there are no images, fonts
//! or frames, and a `Content-Security-Policy` meta tag forbids any request the page might
//! otherwise make. The only URLs are rule links (`http` and `https` only, as plain
//! `<a href>` that a reader may follow) and `#` anchors within the page.
//!
//! Escaping uses the `html-escape` crate: the page has one fixed shape written with
//! `write!`, so a template engine would add a macro build for little, while `html-escape`
//! gives separate, tested encoders for text and for double-quoted attribute values. Every
//! piece of document, rule or path text goes through [`text`] or [`attr`].
//!
//! Findings are gathered into sections by a key ([`SectionKey`]); today every section is one
//! file. Grouping by another key (a record id, when one input holds many records) needs a new
//! key and nothing else: counting, ranking and rendering work on sections.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::Range;

use super::{Place, Sink, help_text};
use crate::lint::Finding;
use crate::rule::Level;
use crate::session::{Summary, plural};
use crate::text::{Document, Shadow, sentence};

/// The levels, most serious first, as the page lists them.
const LEVELS: [Level; 3] = [Level::Error, Level::Warning, Level::Suggestion];

/// Characters of context kept on each side of a span when its sentence is long.
const CONTEXT_CHARS: usize = 240;
/// A span longer than this many characters is shown as its start and end.
const SPAN_CHARS: usize = 400;

/// The page's style sheet.
const STYLE: &str = include_str!("html/report.css");
/// The page's filter script.
const SCRIPT: &str = include_str!("html/filter.js");

/// Escapes `s` for an HTML text node, after replacing control characters.
fn text(s: &str) -> String {
    html_escape::encode_text(&printable(s)).into_owned()
}

/// Escapes `s` for a double-quoted HTML attribute value, after replacing control characters.
fn attr(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(&printable(s)).into_owned()
}

/// `s` with every run of white space made one space and other control characters (which
/// HTML does not allow) replaced by U+FFFD.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.push(if c.is_control() { '\u{fffd}' } else { c });
    }
    out
}

/// A rule link fit for an `href`: only absolute `http` and `https` URLs.
fn web_link(link: &str) -> Option<&str> {
    let link = link.trim();
    let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(link)
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Findings per 1,000 words, to one decimal; a dash when there are no words.
fn density(findings: usize, words: usize) -> Option<f64> {
    (words > 0).then(|| findings as f64 * 1000.0 / words as f64)
}

fn density_text(findings: usize, words: usize) -> String {
    density(findings, words).map_or_else(|| "\u{2014}".to_owned(), |d| format!("{d:.1}"))
}

/// Words of a document: white-space separated pieces of its linted text holding a letter
/// (as the `metric` rule type counts them).
fn word_count(sh: &Shadow) -> usize {
    sh.blocks
        .iter()
        .map(|r| {
            sh.text[r.clone()]
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count()
        })
        .sum()
}

/// The largest char boundary of `s` at or before `i`.
fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or after `i`.
fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The sentences of a document in source byte ranges, found block by block on demand.
struct Sentences<'d> {
    doc: &'d Document,
    /// The document's view (built for a document read in stretches).
    view: std::borrow::Cow<'d, Shadow>,
    /// Source range of each block of the view.
    blocks: Vec<Range<usize>>,
    /// Source ranges of the sentences of the blocks split so far.
    split: HashMap<usize, Vec<Range<usize>>>,
}

impl<'d> Sentences<'d> {
    fn new(doc: &'d Document) -> Self {
        let view = doc.view();
        let blocks = view
            .blocks
            .iter()
            .map(|b| view.source_range(b.clone()))
            .collect();
        Sentences {
            doc,
            view,
            blocks,
            split: HashMap::new(),
        }
    }

    /// The source range of the sentence that holds `span`, widened to hold all of `span`;
    /// the span's lines when it lies outside every block.
    fn around(&mut self, span: &Range<usize>) -> Range<usize> {
        let text = &self.doc.text;
        let i = self.blocks.partition_point(|b| b.end <= span.start);
        let within = self.blocks.get(i).is_some_and(|b| b.start <= span.start);
        let found = if within {
            let sh: &Shadow = &self.view;
            let sentences = self.split.entry(i).or_insert_with(|| {
                let r = sh.blocks[i].clone();
                let lo = sh.line_breaks.partition_point(|&x| x < r.start);
                let hi = sh.line_breaks.partition_point(|&x| x < r.end);
                let breaks: Vec<usize> =
                    sh.line_breaks[lo..hi].iter().map(|x| x - r.start).collect();
                sentence::split(&sh.text[r.clone()], &breaks)
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| sh.source_range(r.start + s.start..r.start + s.end))
                    .collect()
            });
            let j = sentences.partition_point(|s| s.start <= span.start);
            j.checked_sub(1)
                .map(|j| sentences[j].clone())
                .filter(|s| span.start < s.end)
                .unwrap_or_else(|| self.blocks[i].clone())
        } else {
            let lines = self.doc.lines();
            let first = lines.line_range(text, lines.line_of(span.start));
            let last = lines.line_range(text, lines.line_of(span.end.saturating_sub(1)));
            first.start..last.end
        };
        let start = floor_boundary(text, found.start.min(span.start));
        let end = ceil_boundary(text, found.end.max(span.end));
        start..end
    }
}

/// One finding as the page shows it.
struct Item {
    rule: String,
    level: Level,
    message: String,
    help: Option<String>,
    link: Option<String>,
    line: usize,
    column: usize,
    /// Sentence text before the span (ellipsis included when cut).
    before: String,
    /// The span (its start and end only, when long).
    matched: String,
    /// Sentence text after the span.
    after: String,
}

impl Item {
    fn new(doc: &Document, sentences: &mut Sentences<'_>, f: &Finding) -> Item {
        let t = &doc.text;
        let span = floor_boundary(t, f.span.start)..ceil_boundary(t, f.span.end.max(f.span.start));
        let around = sentences.around(&span);
        let before = &t[around.start..span.start];
        let after = &t[span.end..around.end];
        let before = match before.char_indices().rev().nth(CONTEXT_CHARS) {
            Some((i, _)) => format!("\u{2026}{}", &before[i..]),
            None => before.to_owned(),
        };
        let after = match after.char_indices().nth(CONTEXT_CHARS) {
            Some((i, _)) => format!("{}\u{2026}", &after[..i]),
            None => after.to_owned(),
        };
        Item::with(f, before, shortened(&t[span.clone()]), after)
    }

    /// The item of a finding whose document's text was not kept: the span without the
    /// sentence around it.
    fn bare(f: &Finding) -> Item {
        Item::with(f, String::new(), shortened(&f.matched), String::new())
    }

    fn with(f: &Finding, before: String, matched: String, after: String) -> Item {
        Item {
            rule: f.rule.id.clone(),
            level: f.level,
            message: f.message.clone(),
            help: help_text(f),
            link: f.rule.link.clone(),
            line: f.line,
            column: f.column,
            before,
            matched,
            after,
        }
    }
}

/// `matched` as an item shows it: its start and end only, when long.
fn shortened(matched: &str) -> String {
    match (
        matched.char_indices().nth(SPAN_CHARS / 2),
        matched.char_indices().rev().nth(SPAN_CHARS / 2),
    ) {
        (Some((head, _)), Some((tail, _))) if matched.chars().count() > SPAN_CHARS => {
            format!("{} \u{2026} {}", &matched[..head], &matched[tail..])
        }
        _ => matched.to_owned(),
    }
}

/// Rows of the density ranking shown before the rest fold away.
const RANKED_OPEN: usize = 15;

/// The folder (ending in a separator) that holds every one of `paths`; empty when none does.
fn common_folder<'p>(mut paths: impl Iterator<Item = &'p str>) -> &'p str {
    let Some(first) = paths.next() else {
        return "";
    };
    let mut len = first.len();
    for p in paths {
        len = first
            .bytes()
            .zip(p.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    let prefix = &first[..floor_boundary(first, len)];
    prefix.rfind(['/', '\\']).map_or("", |i| &first[..=i])
}

/// What a section of the page stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum SectionKey {
    /// One input file, by the name shown in output.
    File(String),
}

impl SectionKey {
    /// The heading of the section.
    fn title(&self) -> &str {
        match self {
            SectionKey::File(path) => path,
        }
    }
}

/// The findings of one section and the words they are counted against.
struct Section {
    key: SectionKey,
    words: usize,
    items: Vec<Item>,
}

impl Section {
    fn anchor(index: usize) -> String {
        format!("s{}", index + 1)
    }
}

/// Per-rule counts for the chart and the statistics table.
#[derive(Default)]
struct RuleCount {
    findings: usize,
    level: Option<Level>,
    sections: usize,
}

/// The `html` format: sections collected file by file, the page written at the end.
pub(super) struct HtmlSink<W> {
    out: W,
    statistics: bool,
    sections: Vec<Section>,
    index: HashMap<SectionKey, usize>,
}

impl<W: Write> HtmlSink<W> {
    pub(super) fn new(out: W, statistics: bool) -> Self {
        HtmlSink {
            out,
            statistics,
            sections: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The section for `key`, opened at the end of the page if new.
    fn section(&mut self, key: SectionKey) -> &mut Section {
        let i = *self.index.entry(key.clone()).or_insert_with(|| {
            self.sections.push(Section {
                key,
                words: 0,
                items: Vec::new(),
            });
            self.sections.len() - 1
        });
        &mut self.sections[i]
    }
}

impl<W: Write> Sink for HtmlSink<W> {
    fn file(
        &mut self,
        place: &Place,
        doc: Option<&Document>,
        findings: &[Finding],
    ) -> io::Result<()> {
        let (items, words): (Vec<Item>, usize) = match doc {
            Some(doc) => {
                let mut sentences = Sentences::new(doc);
                let items = findings
                    .iter()
                    .map(|f| Item::new(doc, &mut sentences, f))
                    .collect();
                (items, word_count(&sentences.view))
            }
            None => (findings.iter().map(Item::bare).collect(), 0),
        };
        let section = self.section(SectionKey::File(place.name.to_owned()));
        section.words += words;
        section.items.extend(items);
        Ok(())
    }

    fn finish(&mut self, summary: Option<&Summary>) -> io::Result<()> {
        let page = Page {
            sections: &self.sections,
            statistics: self.statistics,
            baselined: summary.map_or(0, |s| s.baselined),
        }
        .render();
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

/// Everything the page is written from.
struct Page<'a> {
    sections: &'a [Section],
    statistics: bool,
    baselined: usize,
}

impl Page<'_> {
    fn render(&self) -> String {
        let mut rules: BTreeMap<&str, RuleCount> = BTreeMap::new();
        let mut by_level = [0usize; 3];
        for s in self.sections {
            let mut seen = Vec::new();
            for item in &s.items {
                by_level[item.level as usize] += 1;
                let r = rules.entry(&item.rule).or_default();
                r.findings += 1;
                r.level.get_or_insert(item.level);
                if !seen.contains(&item.rule.as_str()) {
                    seen.push(&item.rule);
                    r.sections += 1;
                }
            }
        }
        let mut ranked: Vec<(&str, &RuleCount)> = rules.iter().map(|(k, v)| (*k, v)).collect();
        ranked.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
        let words: usize = self.sections.iter().map(|s| s.words).sum();
        let total: usize = by_level.iter().sum();

        let mut h = String::with_capacity(64 * 1024);
        h.push_str(concat!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
            "<meta name=\"referrer\" content=\"no-referrer\">\n",
            "<meta name=\"generator\" content=\"hedgelint\">\n",
            "<title>hedgelint report</title>\n<style>\n"
        ));
        h.push_str(STYLE);
        h.push_str("</style>\n</head>\n<body>\n<header class=\"masthead\">\n");
        h.push_str("<p class=\"kicker\">Standards desk \u{b7} hedgelint</p>\n");
        h.push_str("<h1>Hedges and unattributed claims</h1>\n");
        let with = self.sections.iter().filter(|s| !s.items.is_empty()).count();
        let _ = writeln!(
            h,
            "<p class=\"dek\">{} in {} of {}.</p>",
            plural(total, "finding", "findings"),
            with,
            plural(self.sections.len(), "file", "files")
        );
        if self.baselined > 0 {
            let _ = writeln!(
                h,
                "<p class=\"note\">New findings only: {} recorded in the baseline {} not shown.</p>",
                plural(self.baselined, "finding", "findings"),
                if self.baselined == 1 { "is" } else { "are" }
            );
        }
        h.push_str("</header>\n<main>\n");
        self.summary(&mut h, words, total, &by_level);
        h.push_str("<div class=\"charts\">\n");
        rule_chart(&mut h, &ranked);
        self.ranking(&mut h);
        h.push_str("</div>\n");
        if self.statistics {
            statistics_table(&mut h, &ranked, total, words);
        }
        self.findings(&mut h, &ranked, total);
        h.push_str("</main>\n<footer>Generated by hedgelint ");
        h.push_str(env!("CARGO_PKG_VERSION"));
        h.push_str(
            ". Findings flag phrasing for an editor to weigh; they are not errors of fact.</footer>\n",
        );
        h.push_str("<script>\n");
        h.push_str(SCRIPT);
        h.push_str("</script>\n</body>\n</html>\n");
        h
    }

    fn summary(&self, h: &mut String, words: usize, total: usize, by_level: &[usize; 3]) {
        h.push_str("<section class=\"summary\" aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n<dl class=\"figures\">\n");
        let mut figure = |class: &str, label: &str, value: String| {
            let _ = writeln!(
                h,
                "<div class=\"figure {class}\"><dt>{label}</dt><dd>{value}</dd></div>"
            );
        };
        figure("count", "Files", thousands(self.sections.len()));
        figure("count", "Words", thousands(words));
        figure("count", "Findings", thousands(total));
        for level in LEVELS {
            let name = level.as_str();
            let label = match level {
                Level::Error => "Errors",
                Level::Warning => "Warnings",
                Level::Suggestion => "Suggestions",
            };
            figure(
                &format!("lvl-{name}"),
                label,
                thousands(by_level[level as usize]),
            );
        }
        figure("density", "Per 1,000 words", density_text(total, words));
        h.push_str("</dl>\n</section>\n");
    }

    /// Files ranked by findings per 1,000 words, each linking to its section.
    fn ranking(&self, h: &mut String) {
        h.push_str("<section class=\"ranking\" aria-labelledby=\"ranking\">\n<h2 id=\"ranking\">Files by density</h2>\n");
        let mut order: Vec<usize> = (0..self.sections.len())
            .filter(|&i| !self.sections[i].items.is_empty())
            .collect();
        let d = |i: usize| {
            let s = &self.sections[i];
            density(s.items.len(), s.words).unwrap_or(f64::INFINITY)
        };
        order.sort_by(|&a, &b| {
            d(b).total_cmp(&d(a))
                .then(
                    self.sections[b]
                        .items
                        .len()
                        .cmp(&self.sections[a].items.len()),
                )
                .then(a.cmp(&b))
        });
        if order.is_empty() {
            h.push_str("<p class=\"empty\">No file has a finding.</p>\n</section>\n");
            return;
        }
        let top = order.first().map_or(0.0, |&i| d(i));
        let top = if top.is_finite() { top } else { 1.0 };
        let folder = common_folder(self.sections.iter().map(|s| s.key.title()));
        let caption = if folder.is_empty() {
            String::new()
        } else {
            format!(" Paths are under <code>{}</code>.", text(folder))
        };
        let _ = writeln!(
            h,
            "<p class=\"caption\">Findings per 1,000 words, highest first.{caption}</p>"
        );
        const HEAD: &str = "<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">File</th><th scope=\"col\" class=\"num\">Words</th><th scope=\"col\" class=\"num\">Findings</th><th scope=\"col\" class=\"num\">Per 1,000</th></tr></thead>\n<tbody>\n";
        h.push_str(HEAD);
        for (rank, &i) in order.iter().enumerate() {
            if rank == RANKED_OPEN {
                let _ = writeln!(
                    h,
                    "</tbody>\n</table>\n<details class=\"more\"><summary>The other {}</summary>",
                    plural(order.len() - RANKED_OPEN, "file", "files")
                );
                h.push_str(HEAD);
            }
            let s = &self.sections[i];
            let value = d(i);
            let width = if value.is_finite() && top > 0.0 {
                (value / top * 100.0).clamp(0.0, 100.0)
            } else {
                100.0
            };
            let title = s.key.title();
            let _ = writeln!(
                h,
                "<tr><td class=\"rank\">{}</td><td class=\"file\"><a href=\"#{}\" title=\"{}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num bar\"><span class=\"track\"><span class=\"fill\" style=\"width:{width:.1}%\"></span></span><span class=\"value\">{}</span></td></tr>",
                rank + 1,
                Section::anchor(i),
                attr(title),
                text(title.get(folder.len()..).unwrap_or(title)),
                thousands(s.words),
                thousands(s.items.len()),
                density_text(s.items.len(), s.words)
            );
        }
        h.push_str("</tbody>\n</table>\n");
        if order.len() > RANKED_OPEN {
            h.push_str("</details>\n");
        }
        let clean = self.sections.len() - order.len();
        if clean > 0 {
            let _ = writeln!(
                h,
                "<details class=\"clean\"><summary>{} with no findings</summary><ul>",
                plural(clean, "file", "files")
            );
            for s in self.sections.iter().filter(|s| s.items.is_empty()) {
                let _ = writeln!(h, "<li>{}</li>", text(s.key.title()));
            }
            h.push_str("</ul></details>\n");
        }
        h.push_str("</section>\n");
    }

    /// The filter form and every section with findings.
    fn findings(&self, h: &mut String, ranked: &[(&str, &RuleCount)], total: usize) {
        h.push_str("<section class=\"findings-all\" aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings in context</h2>\n");
        if total == 0 {
            h.push_str("<p class=\"empty\">Nothing to review.</p>\n</section>\n");
            return;
        }
        h.push_str(
            "<form id=\"filters\" class=\"filters\" hidden>\n<fieldset><legend>Levels</legend>\n",
        );
        for level in LEVELS {
            let name = level.as_str();
            let _ = writeln!(
                h,
                "<label class=\"lvl-{name}\"><input type=\"checkbox\" name=\"level\" value=\"{name}\" checked> {name}</label>"
            );
        }
        h.push_str("</fieldset>\n<label class=\"rule-pick\">Rule <select name=\"rule\">\n<option value=\"\">All rules</option>\n");
        for (rule, count) in ranked {
            let _ = writeln!(
                h,
                "<option value=\"{}\">{} ({})</option>",
                attr(rule),
                text(rule),
                count.findings
            );
        }
        let _ = writeln!(
            h,
            "</select></label>\n<p class=\"shown\" aria-live=\"polite\"><span id=\"shown\">{total}</span> of {total} shown</p>\n</form>"
        );
        for (i, s) in self.sections.iter().enumerate() {
            if s.items.is_empty() {
                continue;
            }
            let _ = writeln!(
                h,
                "<section class=\"file\" id=\"{}\">\n<h3>{}</h3>\n<p class=\"meta\">{} \u{b7} {} \u{b7} {} per 1,000 words \u{b7} <a href=\"#ranking\">back to the ranking</a></p>\n<ol class=\"findings\">",
                Section::anchor(i),
                text(s.key.title()),
                plural(s.words, "word", "words"),
                plural(s.items.len(), "finding", "findings"),
                density_text(s.items.len(), s.words)
            );
            for item in &s.items {
                finding(h, item);
            }
            h.push_str("</ol>\n</section>\n");
        }
        h.push_str("</section>\n");
    }
}

/// One finding: one element with `data-rule` and `data-level`.
fn finding(h: &mut String, item: &Item) {
    let level = item.level.as_str();
    let _ = write!(
        h,
        "<li class=\"finding lvl-{level}\" data-rule=\"{}\" data-level=\"{level}\">\n<p class=\"head\"><span class=\"badge\">{level}</span> <code class=\"rule\">{}</code> <span class=\"pos\">line {}, column {}</span></p>\n<blockquote class=\"context\">{}<mark>{}</mark>{}</blockquote>\n<p class=\"message\">{}</p>\n",
        attr(&item.rule),
        text(&item.rule),
        item.line,
        item.column,
        text(&item.before),
        text(&item.matched),
        text(&item.after),
        text(&item.message)
    );
    if let Some(help) = &item.help {
        let _ = writeln!(
            h,
            "<p class=\"help\"><span class=\"label\">Help</span> {}</p>",
            text(help)
        );
    }
    if let Some(link) = &item.link {
        match web_link(link) {
            Some(url) => {
                let _ = writeln!(
                    h,
                    "<p class=\"link\"><a href=\"{}\" rel=\"noopener noreferrer\">{}</a></p>",
                    attr(url),
                    text(url)
                );
            }
            None => {
                let _ = writeln!(h, "<p class=\"link\">{}</p>", text(link));
            }
        }
    }
    h.push_str("</li>\n");
}

/// Inline-SVG bar chart of findings by rule, most first.
fn rule_chart(h: &mut String, ranked: &[(&str, &RuleCount)]) {
    h.push_str("<section class=\"by-rule\" aria-labelledby=\"by-rule\">\n<h2 id=\"by-rule\">Findings by rule</h2>\n");
    if ranked.is_empty() {
        h.push_str("<p class=\"empty\">No rule fired.</p>\n</section>\n");
        return;
    }
    const ROW: usize = 24;
    const LABEL: usize = 250;
    const BAR: usize = 280;
    const WIDTH: usize = LABEL + BAR + 50;
    let max = ranked.first().map_or(1, |r| r.1.findings.max(1));
    let height = ranked.len() * ROW + 8;
    let _ = writeln!(
        h,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"by-rule-title\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\">\n<title id=\"by-rule-title\">Findings by rule, most first</title>"
    );
    for (row, (rule, count)) in ranked.iter().enumerate() {
        let y = row * ROW + 4;
        // The label column holds about 34 characters; the title keeps the whole id.
        let label = match rule.char_indices().nth(33) {
            Some((i, _)) => format!("{}\u{2026}", &rule[..i]),
            None => (*rule).to_owned(),
        };
        let w = (count.findings as f64 / max as f64 * BAR as f64).max(2.0);
        let level = count.level.unwrap_or(Level::Warning).as_str();
        let _ = writeln!(
            h,
            "<g class=\"lvl-{level}\"><title>{}: {} ({level})</title><text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" rx=\"2\"></rect><text class=\"count\" x=\"{:.1}\" y=\"{}\">{}</text></g>",
            text(rule),
            plural(count.findings, "finding", "findings"),
            LABEL - 8,
            y + 16,
            text(&label),
            LABEL,
            y + 4,
            ROW - 8,
            LABEL as f64 + w + 6.0,
            y + 16,
            count.findings
        );
    }
    h.push_str("</svg>\n<p class=\"legend\"><span class=\"key lvl-error\">error</span> <span class=\"key lvl-warning\">warning</span> <span class=\"key lvl-suggestion\">suggestion</span></p>\n</section>\n");
}

/// The `--statistics` table: findings per rule with their share and spread.
fn statistics_table(h: &mut String, ranked: &[(&str, &RuleCount)], total: usize, words: usize) {
    h.push_str("<section class=\"statistics\" aria-labelledby=\"statistics\">\n<h2 id=\"statistics\">Statistics</h2>\n<table>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Level</th><th scope=\"col\" class=\"num\">Findings</th><th scope=\"col\" class=\"num\">Share</th><th scope=\"col\" class=\"num\">Files</th><th scope=\"col\" class=\"num\">Per 1,000 words</th></tr></thead>\n<tbody>\n");
    for (rule, count) in ranked {
        let level = count.level.unwrap_or(Level::Warning).as_str();
        let share = count.findings as f64 * 100.0 / total.max(1) as f64;
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td class=\"lvl-{level}\">{level}</td><td class=\"num\">{}</td><td class=\"num\">{share:.1}%</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            text(rule),
            thousands(count.findings),
            thousands(count.sections),
            density(count.findings, words)
                .map_or_else(|| "\u{2014}".to_owned(), |d| format!("{d:.2}"))
        );
    }
    let _ = writeln!(
        h,
        "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th><td class=\"num\">{}</td><td class=\"num\">100%</td><td></td><td class=\"num\">{}</td></tr></tfoot>\n</table>\n</section>",
        thousands(total),
        density_text(total, words)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_text_and_attributes() {
        assert_eq!(
            text("<script>alert(1)</script> & \"q\""),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"q\""
        );
        assert_eq!(attr("a\"b<c>&"), "a&quot;b&lt;c&gt;&amp;");
        assert_eq!(text("a\n\t b\u{1}c"), "a b\u{fffd}c");
    }

    #[test]
    fn only_web_links_become_hrefs() {
        assert_eq!(web_link(" https://x.org/a "), Some("https://x.org/a"));
        assert_eq!(web_link("HTTP://x.org"), Some("HTTP://x.org"));
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link("styles/guide.md"), None);
    }

    #[test]
    fn the_folder_every_path_shares() {
        assert_eq!(
            common_folder(["a/b/c.txt", "a/b/d.txt"].into_iter()),
            "a/b/"
        );
        assert_eq!(common_folder(["a/bc.txt", "a/bd.txt"].into_iter()), "a/");
        assert_eq!(common_folder(["x.txt", "y.txt"].into_iter()), "");
        assert_eq!(common_folder(["seeds/one.txt"].into_iter()), "seeds/");
        assert_eq!(common_folder(std::iter::empty()), "");
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(density_text(3, 1500), "2.0");
        assert_eq!(density_text(3, 0), "\u{2014}");
    }

    #[test]
    fn the_sentence_around_a_span() {
        let doc = Document::from_text(
            "First one. The crash reportedly\nkilled seven. Last one.",
            crate::text::Format::Plain,
        );
        let mut s = Sentences::new(&doc);
        let at = doc.text.find("reportedly").unwrap_or(0);
        let r = s.around(&(at..at + 10));
        assert_eq!(&doc.text[r], "The crash reportedly\nkilled seven.");
        assert_eq!(word_count(&doc.shadow), 9);
    }
}
