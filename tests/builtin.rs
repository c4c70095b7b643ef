//! The built-in packs: every file under `rules/` is embedded, loads, and carries examples.

use std::fs;
use std::path::Path;

use hedgelint::rule::builtin;

#[test]
fn every_file_in_rules_is_embedded_unchanged() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut on_disk = Vec::new();
    for pack in fs::read_dir(&root).unwrap() {
        let pack = pack.unwrap().path();
        assert!(
            pack.is_dir(),
            "only pack folders belong in rules/: {}",
            pack.display()
        );
        for file in fs::read_dir(&pack).unwrap() {
            let file = file.unwrap().path();
            let rel = file
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            assert!(
                rel.ends_with(".yml"),
                "rules/ holds only .yml rule files: {rel}"
            );
            on_disk.push((rel, fs::read_to_string(&file).unwrap()));
        }
    }
    on_disk.sort();
    let embedded: Vec<(String, String)> = builtin::files()
        .iter()
        .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
        .collect();
    assert_eq!(on_disk, embedded);
}

#[test]
fn built_in_rules_load_and_each_has_three_flag_and_three_pass_examples() {
    let set = hedgelint::rule::load_rules(&builtin::sources()).expect("built-in rules load");
    assert!(!set.is_empty());
    for rule in set.rules() {
        assert!(
            rule.examples.flag.len() >= 3,
            "{} needs at least 3 flag examples",
            rule.id
        );
        assert!(
            rule.examples.pass.len() >= 3,
            "{} needs at least 3 pass examples",
            rule.id
        );
        assert!(rule.help.is_some(), "{} needs a help line", rule.id);
        assert!(
            rule.description.is_some(),
            "{} needs a description",
            rule.id
        );
        assert!(rule.link.is_some(), "{} needs a link", rule.id);
    }
}

#[test]
fn built_in_examples_pass() {
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_hedgelint"))
        .arg("test-rules")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(r.status.success(), "{out}");
    assert!(out.ends_with(" 0 failed\n"), "{out}");
}
