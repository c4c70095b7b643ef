//! The values of chosen keys in a Markdown file's front matter (YAML between `---` lines or
//! TOML between `+++` lines), so that a headline or a standfirst is linted like prose while
//! the rest of the metadata (dates, slugs, tags) is not.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

/// The keys linted when the configuration does not choose: the ones a reader sees.
pub const DEFAULT_KEYS: [&str; 3] = ["title", "description", "summary"];

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML, between `---` lines.
    Yaml,
    /// TOML, between `+++` lines.
    Toml,
}

/// A YAML value: a string is linted, anything else (numbers, lists, maps) is not.
#[derive(Deserialize)]
#[serde(untagged)]
enum YamlValue {
    Text(#[allow(dead_code)] String),
    Other(serde::de::IgnoredAny),
}

/// Byte ranges in `block` (the text between the fences) of the string values of the
/// top-level `keys`, without their quotes, in the order they appear. A block that does not
/// parse gives nothing: the page generator reports it, and no value can be trusted.
pub fn value_ranges(block: &str, syntax: Syntax, keys: &[String]) -> Vec<Range<usize>> {
    if keys.is_empty() {
        return Vec::new();
    }
    let mut out = match syntax {
        Syntax::Yaml => yaml_values(block, keys),
        Syntax::Toml => toml_values(block, keys),
    };
    out.sort_by_key(|r| r.start);
    out
}

fn yaml_values(block: &str, keys: &[String]) -> Vec<Range<usize>> {
    let Ok(map) =
        serde_saphyr::from_str::<BTreeMap<String, serde_saphyr::Spanned<YamlValue>>>(block)
    else {
        return Vec::new();
    };
    map.iter()
        .filter(|(k, v)| keys.contains(k) && matches!(v.value, YamlValue::Text(_)))
        .filter_map(|(_, v)| {
            let span = v.referenced.span();
            let start = usize::try_from(span.byte_offset()?).ok()?;
            let len = usize::try_from(span.byte_len()?).ok()?;
            block.get(start..start + len)?;
            Some(unquote(block, start..start + len))
        })
        .collect()
}

fn toml_values(block: &str, keys: &[String]) -> Vec<Range<usize>> {
    let Ok(table) = toml::de::DeTable::parse(block) else {
        return Vec::new();
    };
    table
        .get_ref()
        .iter()
        .filter(|(k, v)| {
            keys.iter().any(|key| key == k.get_ref().as_ref())
                && matches!(v.get_ref(), toml::de::DeValue::String(_))
        })
        .filter_map(|(_, v)| {
            let span = v.span();
            block.get(span.clone())?;
            Some(unquote(block, span))
        })
        .collect()
}

/// `range` without the quotes around a quoted scalar (`"…"`, `'…'`, `"""…"""`, `'''…'''`).
/// A YAML block scalar's span already starts after its `|` or `>` line.
fn unquote(block: &str, range: Range<usize>) -> Range<usize> {
    let s = &block[range.clone()];
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if s.len() >= 2 * q.len() && s.starts_with(q) && s.ends_with(q) {
            return range.start + q.len()..range.end - q.len();
        }
    }
    range
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values<'a>(block: &'a str, syntax: Syntax, keys: &[&str]) -> Vec<&'a str> {
        let keys: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        value_ranges(block, syntax, &keys)
            .into_iter()
            .map(|r| &block[r])
            .collect()
    }

    #[test]
    fn yaml_plain_quoted_and_block_values() {
        let y = "title: Police reportedly raid office\ndate: 2024-01-02\n\
                 description: \"It is believed to be\"\nsummary: >\n  Sources say the\n  plan fails.\n\
                 tags: [a, b]\nslug: 'x'\n";
        assert_eq!(
            values(y, Syntax::Yaml, &DEFAULT_KEYS),
            [
                "Police reportedly raid office",
                "It is believed to be",
                "Sources say the\n  plan fails.\n"
            ]
        );
    }

    #[test]
    fn a_literal_block_scalar_starts_after_its_indicator() {
        let y = "summary: |\n  Sources say\n  more.\n";
        assert_eq!(
            values(y, Syntax::Yaml, &DEFAULT_KEYS),
            ["Sources say\n  more.\n"]
        );
    }

    #[test]
    fn yaml_non_strings_and_other_keys_are_left_alone() {
        let y = "title: 5\nsummary: [reportedly]\nauthor: Critics argue\n";
        assert!(values(y, Syntax::Yaml, &DEFAULT_KEYS).is_empty());
        assert_eq!(values(y, Syntax::Yaml, &["author"]), ["Critics argue"]);
    }

    #[test]
    fn toml_values_without_quotes() {
        let t = "title = \"Sources say\"\ndraft = true\nsummary = '''\nIt is thought\n'''\n";
        assert_eq!(
            values(t, Syntax::Toml, &DEFAULT_KEYS),
            ["Sources say", "\nIt is thought\n"]
        );
    }

    #[test]
    fn broken_front_matter_gives_nothing() {
        assert!(values("title: [unclosed\n", Syntax::Yaml, &DEFAULT_KEYS).is_empty());
        assert!(values("title = \n", Syntax::Toml, &DEFAULT_KEYS).is_empty());
        assert!(values("title: x\n", Syntax::Yaml, &[]).is_empty());
    }
}
