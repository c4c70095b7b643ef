//! Baselines: the findings an archive already has, recorded so that a CI gate reports only new
//! ones. Findings are keyed by path, rule, matched text and a hash of their sentence, not by
//! line, so edits elsewhere in a file do not bring them back; editing the sentence does.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::lint::Finding;

/// Version of the baseline file format.
pub const BASELINE_VERSION: u32 = 1;

/// What identifies a finding across edits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Key {
    /// The file, as hedgelint shows it (relative to where it runs), with `/` separators.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// The matched text, white space collapsed.
    pub matched: String,
    /// FNV-1a hash of the normalised sentence, in hex.
    pub sentence: String,
}

impl Key {
    /// The key of `finding` in the file shown as `path`.
    pub fn of(path: &str, finding: &Finding) -> Key {
        Key {
            path: path.replace('\\', "/"),
            rule: finding.rule.id.clone(),
            matched: finding
                .matched
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            sentence: format!("{:016x}", finding.sentence_hash),
        }
    }

    /// The key as one stable hex hash (for SARIF's `partialFingerprints`, so that code
    /// scanning follows a finding across edits as a baseline does).
    pub fn fingerprint(&self) -> String {
        let joined = [&self.path, &self.rule, &self.matched, &self.sentence].map(String::as_str);
        format!("{:016x}", crate::lint::stable_hash(&joined.join("\u{1f}")))
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(flatten)]
    key: Key,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// Recorded findings, counted by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
}

impl Baseline {
    /// A baseline of `keys` (a key may repeat).
    pub fn from_keys(keys: impl IntoIterator<Item = Key>) -> Baseline {
        let mut counts = BTreeMap::new();
        for k in keys {
            *counts.entry(k).or_insert(0) += 1;
        }
        Baseline { counts }
    }

    /// The file's contents: stable, sorted JSON that diffs well.
    pub fn to_json(&self) -> String {
        let file = BaselineFile {
            version: BASELINE_VERSION,
            findings: self
                .counts
                .iter()
                .map(|(k, &count)| Entry {
                    key: k.clone(),
                    count,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, Error> {
        let (origin, text) = super::read_text(path)?;
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            Error::new(
                ErrorKind::Baseline,
                &origin,
                Some((e.line() as u64, e.column() as u64)),
                format!("invalid baseline: {e}"),
            )
        })?;
        if file.version != BASELINE_VERSION {
            return Err(Error::new(
                ErrorKind::Baseline,
                &origin,
                None,
                format!(
                    "baseline version {} is not supported (expected {BASELINE_VERSION})",
                    file.version
                ),
            ));
        }
        Ok(Baseline::from_keys(
            file.findings
                .into_iter()
                .flat_map(|e| std::iter::repeat_n(e.key, e.count)),
        ))
    }

    /// The counts recorded for the file shown as `path` (to consume as findings match).
    pub fn for_path(&self, path: &str) -> BTreeMap<Key, usize> {
        let path = path.replace('\\', "/");
        self.counts
            .iter()
            .filter(|(k, _)| k.path == path)
            .map(|(k, &n)| (k.clone(), n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_is_stable() {
        let k = |p: &str, m: &str| Key {
            path: p.into(),
            rule: "A.B".into(),
            matched: m.into(),
            sentence: "00ff".into(),
        };
        let b = Baseline::from_keys([k("b.txt", "x"), k("a.txt", "y"), k("a.txt", "y")]);
        let json = b.to_json();
        assert!(json.find("a.txt").unwrap() < json.find("b.txt").unwrap());
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("base.json");
        std::fs::write(&p, &json).unwrap();
        assert_eq!(Baseline::load(&p).unwrap(), b);
        assert_eq!(Baseline::load(&p).unwrap().to_json(), json);
    }
}
