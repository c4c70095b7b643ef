//! The YAML rule file as written: Vale's keys plus hedgelint's own.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A string with where it stands in the rule file.
pub type SpannedStr = Spanned<String>;

/// One rule file, key by key. Every key is optional here; which keys a rule type needs or
/// allows is checked when the rule is compiled, so that the error can point at the key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub extends: Option<SpannedStr>,
    pub message: Option<SpannedStr>,
    pub level: Option<SpannedStr>,
    pub link: Option<SpannedStr>,
    pub description: Option<SpannedStr>,
    pub limit: Option<Spanned<usize>>,
    pub scope: Option<Spanned<StrList>>,
    pub ignorecase: Option<Spanned<bool>>,
    pub nonword: Option<Spanned<bool>>,
    pub tokens: Option<Spanned<StrList>>,
    pub raw: Option<Spanned<StrList>>,
    pub append: Option<Spanned<bool>>,
    pub exceptions: Option<Spanned<StrList>>,
    pub swap: Option<Spanned<SwapMap>>,
    pub action: Option<Spanned<ActionSpec>>,
    pub vocab: Option<Spanned<bool>>,
    /// occurrence: the pattern to count.
    pub token: Option<SpannedStr>,
    /// occurrence: most matches allowed in a scope; repetition: repeats allowed.
    pub max: Option<Spanned<usize>>,
    /// occurrence: fewest matches required in a scope.
    pub min: Option<Spanned<usize>>,
    /// repetition: only alphabetic tokens count.
    pub alpha: Option<Spanned<bool>>,
    /// consistency: pairs of spellings, of which a document should use one.
    pub either: Option<Spanned<SwapMap>>,
    /// conditional: the pattern that needs a definition.
    pub first: Option<SpannedStr>,
    /// conditional: the pattern that defines it.
    pub second: Option<SpannedStr>,
    /// capitalization: `$title`, `$sentence`, `$lower`, `$upper` or a pattern.
    #[serde(rename = "match")]
    pub match_: Option<SpannedStr>,
    /// capitalization: words after which the next word may start a new sentence (`:`).
    pub indicators: Option<Spanned<StrList>>,
    /// capitalization: the share of words that must follow the style (0 to 1).
    pub threshold: Option<Spanned<f64>>,
    /// capitalization: a pattern for a prefix (such as `a. `) left out of the check.
    pub prefix: Option<SpannedStr>,
    /// substitution: capitalise the replacement when the match starts with a capital.
    pub capitalize: Option<Spanned<bool>>,
    /// capitalization: the title style (`AP` or `Chicago`).
    pub style: Option<SpannedStr>,
    /// metric: the formula over the document's counts.
    pub formula: Option<SpannedStr>,
    /// metric: the comparison that reports, such as `> 8`.
    pub condition: Option<SpannedStr>,
    /// hedgelint: one line of fix advice shown as `= help:`.
    pub help: Option<SpannedStr>,
    /// hedgelint: a short label under the underlined span.
    pub label: Option<SpannedStr>,
    /// hedgelint: drop a finding when one of these matches in the same sentence.
    pub unless: Option<Spanned<StrList>>,
    /// hedgelint: `skip` or `report` a match inside a direct quotation.
    pub quotes: Option<SpannedStr>,
    /// hedgelint: `false` makes the rule opt-in (it runs only when selected by name).
    pub enabled: Option<Spanned<bool>>,
    /// hedgelint: sentences the rule must flag and must pass.
    pub examples: Option<Spanned<ExamplesSpec>>,
}

/// Vale's `action` key.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub params: Vec<String>,
}

/// hedgelint's `examples` key.
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    #[serde(default)]
    pub flag: Vec<String>,
    #[serde(default)]
    pub pass: Vec<String>,
}

/// A list of strings that may also be written as one string, each with its place in the file
/// when the file gave one.
#[derive(Debug, Default)]
pub struct StrList(pub Vec<ListItem>);

/// One string of a [`StrList`].
#[derive(Debug)]
pub struct ListItem {
    pub value: String,
    /// 1-based line and column, when known.
    pub at: Option<(u64, u64)>,
}

impl<'de> Deserialize<'de> for StrList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StrList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrList, E> {
                Ok(StrList(vec![ListItem {
                    value: v.to_owned(),
                    at: None,
                }]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StrList, A::Error> {
                let mut out = Vec::new();
                // A null item (`- ~`) is an empty token, which Vale skips.
                while let Some(item) = seq.next_element::<Spanned<Option<String>>>()? {
                    let at = (item.referenced.line() > 0)
                        .then(|| (item.referenced.line(), item.referenced.column()));
                    out.push(ListItem {
                        value: item.value.unwrap_or_default(),
                        at,
                    });
                }
                Ok(StrList(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<StrList, E> {
                Ok(StrList::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// Vale's `swap` map, in file order, each key with its place.
#[derive(Debug, Default)]
pub struct SwapMap(pub Vec<(ListItem, String)>);

impl<'de> Deserialize<'de> for SwapMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SwapMap;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from pattern to replacement")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SwapMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Spanned<String>, String>()? {
                    let at = (k.referenced.line() > 0)
                        .then(|| (k.referenced.line(), k.referenced.column()));
                    out.push((ListItem { value: k.value, at }, v));
                }
                Ok(SwapMap(out))
            }
        }
        d.deserialize_map(V)
    }
}
