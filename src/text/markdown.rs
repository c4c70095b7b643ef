//! Readers that turn a source file into [`Piece`]s: plain text and Markdown.
//!
//! In Markdown, code blocks, inline code, link targets, autolinks, HTML and front matter are
//! not linted; emphasis markers and link brackets disappear so that a phrase still matches
//! across them. In both readers, bare URLs are masked.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::front_matter::{self, Syntax};
use super::shadow::{BlockKind, Piece};

/// The pieces of a plain-text file: all of it, with bare URLs masked.
pub fn plain_pieces(text: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    push_text(&mut pieces, text, 0..text.len());
    pieces
}

/// The pieces of a Markdown file, and the byte ranges of its HTML comments (outside code).
/// Of the front matter, only the string values of `front_matter` keys are linted, each as a
/// block of its own.
pub fn markdown_pieces(text: &str, front_matter: &[String]) -> (Vec<Piece>, Vec<Range<usize>>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_MATH;
    let mut pieces = Vec::new();
    let mut comments = Vec::new();
    // Depth of elements whose text is not linted (code blocks, front matter, autolinks).
    let mut hidden = 0usize;
    // Open containers that give a block its kind (innermost last).
    let mut containers: Vec<BlockKind> = Vec::new();
    let mut in_table_head = false;
    // For each open link: whether it is an autolink (its text is a URL).
    let mut links: Vec<bool> = Vec::new();
    // The front matter block being read: its syntax and the extent of its text so far.
    let mut metadata: Option<(Syntax, Option<Range<usize>>)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::HtmlBlock => {
                    push_comments(&mut comments, text, range.clone());
                    hidden += 1;
                    pieces.push(Piece::Break);
                }
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                    if let Tag::MetadataBlock(kind) = tag {
                        let syntax = match kind {
                            MetadataBlockKind::YamlStyle => Syntax::Yaml,
                            MetadataBlockKind::PlusesStyle => Syntax::Toml,
                        };
                        metadata = Some((syntax, None));
                    }
                    hidden += 1;
                    pieces.push(Piece::Break);
                }
                Tag::Link { link_type, .. } => {
                    let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    if auto {
                        hidden += 1;
                        pieces.push(Piece::Barrier { at: range.start });
                    }
                    links.push(auto);
                }
                Tag::Heading { level, .. } => {
                    containers.push(BlockKind::Heading(level as u8));
                    pieces.push(Piece::Break);
                    pieces.push(Piece::Kind(BlockKind::Heading(level as u8)));
                }
                Tag::BlockQuote(_) | Tag::Item | Tag::TableCell => {
                    let kind = match tag {
                        Tag::BlockQuote(_) => BlockKind::BlockQuote,
                        Tag::Item => BlockKind::ListItem,
                        _ => BlockKind::TableCell {
                            header: in_table_head,
                        },
                    };
                    containers.push(kind);
                    pieces.push(Piece::Break);
                    pieces.push(Piece::Kind(kind));
                }
                Tag::TableHead => {
                    in_table_head = true;
                    pieces.push(Piece::Break);
                }
                Tag::Paragraph
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::TableRow
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionList
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => pieces.push(Piece::Break),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                    if let Some((syntax, Some(block))) = metadata.take() {
                        let values =
                            front_matter::value_ranges(&text[block.clone()], syntax, front_matter);
                        for value in values {
                            let range = block.start + value.start..block.start + value.end;
                            push_text(&mut pieces, text, range);
                            pieces.push(Piece::Break);
                        }
                    }
                    hidden = hidden.saturating_sub(1);
                    pieces.push(Piece::Break);
                }
                TagEnd::Link if links.pop() == Some(true) => hidden = hidden.saturating_sub(1),
                TagEnd::Heading(_) | TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::TableCell => {
                    containers.pop();
                    pieces.push(Piece::Break);
                    pieces.push(Piece::Kind(containers.last().copied().unwrap_or_default()));
                }
                TagEnd::TableHead => {
                    in_table_head = false;
                    pieces.push(Piece::Break);
                }
                TagEnd::Paragraph
                | TagEnd::List(_)
                | TagEnd::Table
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => pieces.push(Piece::Break),
                _ => {}
            },
            Event::Text(_) if hidden == 0 => push_text(&mut pieces, text, range),
            Event::Text(_) if hidden == 1 && metadata.is_some() => {
                if let Some((_, block)) = &mut metadata {
                    *block = Some(match block.take() {
                        Some(b) => b.start.min(range.start)..b.end.max(range.end),
                        None => range,
                    });
                }
            }
            Event::Text(_) => {}
            Event::InlineHtml(_) => {
                push_comments(&mut comments, text, range.clone());
                pieces.push(Piece::Barrier { at: range.start });
            }
            Event::Html(_) => pieces.push(Piece::Break),
            Event::Code(_) | Event::InlineMath(_) | Event::FootnoteReference(_) => {
                pieces.push(Piece::Barrier { at: range.start })
            }
            Event::DisplayMath(_) | Event::Rule => pieces.push(Piece::Break),
            Event::SoftBreak | Event::HardBreak => pieces.push(Piece::Space {
                at: range.start,
                newline: true,
            }),
            Event::TaskListMarker(_) => {}
        }
    }
    comments.dedup();
    (pieces, comments)
}

/// Adds the HTML comments inside `range` of `text` to `out`.
fn push_comments(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let base = range.start;
    out.extend(
        super::html_comments(&text[range])
            .into_iter()
            .map(|c| base + c.start..base + c.end),
    );
}

/// Pushes `range` of `text` as text pieces, with bare URLs replaced by barriers.
pub(crate) fn push_text(pieces: &mut Vec<Piece>, text: &str, range: Range<usize>) {
    let mut start = range.start;
    for url in bare_urls(&text[range.clone()]) {
        let (us, ue) = (range.start + url.start, range.start + url.end);
        if start < us {
            pieces.push(Piece::Text(start..us));
        }
        pieces.push(Piece::Barrier { at: us });
        start = ue;
    }
    if start < range.end {
        pieces.push(Piece::Text(start..range.end));
    }
}

/// Byte ranges of bare URLs (`http://`, `https://`, `www.`) in `s`.
pub fn bare_urls(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let finder = memchr::memmem::Finder::new("://");
    let mut search_from = 0;
    let mut candidates: Vec<usize> = Vec::new();
    while let Some(i) = finder.find(&bytes[search_from..]) {
        let at = search_from + i;
        let scheme_start = bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_alphanumeric() && !matches!(b, b'+' | b'-' | b'.'))
            .map_or(0, |p| p + 1);
        if scheme_start < at {
            candidates.push(scheme_start);
        }
        search_from = at + 3;
    }
    for i in memchr::memmem::find_iter(bytes, "www.") {
        let boundary = i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'/';
        if boundary {
            candidates.push(i);
        }
    }
    candidates.sort_unstable();
    let mut last_end = 0;
    for start in candidates {
        if start < last_end {
            continue;
        }
        let mut end = s[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
            .map_or(s.len(), |e| start + e);
        // Trailing punctuation ends the sentence, not the URL.
        while end > start
            && matches!(
                bytes[end - 1],
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'\''
            )
        {
            end -= 1;
        }
        if end > start {
            out.push(start..end);
            last_end = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::shadow::Shadow;

    fn view(md: &str) -> String {
        Shadow::build(md, &markdown_pieces(md, &[]).0)
            .text
            .replace('\u{1e}', "|")
            .replace('\u{1f}', "#")
    }

    #[test]
    fn code_html_front_matter_and_links_are_masked() {
        let md = "---\ntitle: reportedly\n---\n\n# Head\n\nSee `reportedly` and [the report](https://x.org/reportedly) <b>x</b>.\n\n```\nreportedly\n```\n\n    indented reportedly\n\n<!-- reportedly -->\n";
        assert_eq!(view(md), "Head|See # and the report #x#.");
    }

    #[test]
    fn chosen_front_matter_values_are_blocks_of_their_own() {
        let md = "---\ntitle: Officials reportedly left\nslug: reportedly\nsummary: 'Sources say'\n---\n\nBody.\n";
        let keys = ["title".to_owned(), "summary".to_owned()];
        let (pieces, _) = markdown_pieces(md, &keys);
        let text = Shadow::build(md, &pieces).text.replace('\u{1e}', "|");
        assert_eq!(text, "Officials reportedly left|Sources say|Body.");
    }

    #[test]
    fn emphasis_disappears_and_soft_breaks_are_spaces() {
        assert_eq!(
            view("according to\n*reports* here"),
            "according to reports here"
        );
    }

    #[test]
    fn blocks_know_their_kind() {
        let md =
            "# Title\n\nBody text.\n\n- item one\n- item two\n\n> quoted\n\n| a |\n|---|\n| b |\n";
        let sh = Shadow::build(md, &markdown_pieces(md, &[]).0);
        let kinds: Vec<(String, BlockKind)> = sh
            .blocks
            .iter()
            .zip(&sh.block_kinds)
            .map(|(b, k)| (sh.text[b.clone()].to_owned(), *k))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("Title".to_owned(), BlockKind::Heading(1)),
                ("Body text.".to_owned(), BlockKind::Paragraph),
                ("item one".to_owned(), BlockKind::ListItem),
                ("item two".to_owned(), BlockKind::ListItem),
                ("quoted".to_owned(), BlockKind::BlockQuote),
                ("a".to_owned(), BlockKind::TableCell { header: true }),
                ("b".to_owned(), BlockKind::TableCell { header: false }),
            ]
        );
    }

    #[test]
    fn bare_urls_are_found() {
        let s = "see https://example.com/a?b=reportedly. and www.x.org, ok";
        let urls: Vec<&str> = bare_urls(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            urls,
            vec!["https://example.com/a?b=reportedly", "www.x.org"]
        );
    }
}
