//! A Vale project run unchanged: `.vale.ini`, a `styles/` folder with every supported rule
//! type, vocabularies, `[formats]`, `BlockIgnores` and `TokenIgnores`.

mod common;

fn vale() -> std::path::PathBuf {
    common::fixtures().join("vale")
}

#[test]
fn vale_project_findings() {
    let r = common::run_in(
        &vale(),
        &["check", "--no-default-rules", "--format", "concise"],
        None,
    );
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn json_carries_style_rule_ids() {
    let r = common::run_in(
        &vale(),
        &["check", "--no-default-rules", "--format", "json"],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let mut ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids,
        [
            "Demo.Acronyms",
            "Demo.Headings",
            "Demo.Hedge",
            "Demo.Jargon",
            "Demo.ListEtc",
            "Demo.NotInHeadings",
            "Demo.Repeated",
            "Demo.SentenceLength",
            "Demo.Spelling",
            "Demo.Wordiness",
            "Demo.Wordy",
            "Vale.Avoid"
        ]
    );
}

#[test]
fn a_vale_project_runs_only_the_packs_its_vale_ini_names() {
    let r = common::run_in(
        &vale(),
        &["check", "--format", "concise", "content/guide.md"],
        None,
    );
    assert!(r.stdout.contains("[Demo.Hedge]"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("[Attribution.") && !r.stdout.contains("[Hedging."),
        "built-in packs stay off unless named: {}",
        r.stdout
    );
    let r = common::run_in(
        &vale(),
        &[
            "check",
            "--isolated",
            "--format",
            "concise",
            "content/guide.md",
        ],
        None,
    );
    assert!(
        !r.stdout.contains("[Demo."),
        "--isolated ignores .vale.ini: {}",
        r.stdout
    );
}

/// A Vale project in a temporary folder: `.vale.ini` and `(path, text)` files.
fn project(ini: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".vale.ini"), ini).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const VERY: &str = "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [very]\n";

#[test]
fn only_named_styles_and_rules_are_read() {
    // A stray YAML file at the StylesPath root, a style nobody names and a broken rule
    // beside a rule turned on by name: none of them is read.
    let dir = project(
        "StylesPath = styles\n[*.md]\nHouse.Very = YES\n",
        &[
            ("styles/.yamllint.yml", "rules:\n  line-length: disable\n"),
            ("styles/Other/Broken.yml", "extends: nope\n"),
            ("styles/House/Very.yml", VERY),
            (
                "styles/House/Broken.yml",
                "extends: existence\ntokns: [x]\n",
            ),
            ("a.md", "It is very clear, reportedly.\n"),
        ],
    );
    let r = common::run_in(dir.path(), &["check", "--format", "concise", "."], None);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    a.md:1:7: warning[House.Very] Avoid 'very'.
    --- stderr
    ");
}

#[test]
fn a_built_in_pack_runs_where_based_on_styles_names_it() {
    let dir = project(
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House, Attribution\n",
        &[
            ("styles/House/Very.yml", VERY),
            ("a.md", "It is very clear, officials reportedly said.\n"),
        ],
    );
    let r = common::run_in(dir.path(), &["check", "--format", "concise", "."], None);
    assert!(r.stdout.contains("[House.Very]"), "{}", r.stdout);
    assert!(r.stdout.contains("[Attribution."), "{}", r.stdout);
    assert!(!r.stdout.contains("[Hedging."), "{}", r.stdout);
    let r = common::run_in(
        dir.path(),
        &["check", "--format", "concise", "--no-default-rules", "."],
        None,
    );
    assert!(!r.stdout.contains("[Attribution."), "{}", r.stdout);
    let dir = project(
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
        &[
            ("styles/House/Very.yml", VERY),
            ("a.md", "It is very clear, officials reportedly said.\n"),
        ],
    );
    let r = common::run_in(dir.path(), &["check", "--format", "concise", "."], None);
    assert!(!r.stdout.contains("[Attribution."), "{}", r.stdout);
    let r = common::run_in(
        dir.path(),
        &["check", "--format", "concise", "--default-rules", "."],
        None,
    );
    assert!(
        r.stdout.contains("[House.Very]") && r.stdout.contains("[Attribution."),
        "--default-rules adds the built-in packs: {}",
        r.stdout
    );
}

#[test]
fn a_broken_rule_leaves_the_others_running() {
    let dir = project(
        "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n",
        &[
            ("styles/House/Very.yml", VERY),
            (
                "styles/House/Bad.yml",
                "extends: existence\nmessage: m\ntokens:\n  - '(unclosed'\n",
            ),
            ("a.md", "It is very clear.\n"),
        ],
    );
    let r = common::run_in(dir.path(), &["check", "--format", "concise", "."], None);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 2
    --- stdout
    a.md:1:7: warning[House.Very] Avoid 'very'.
    --- stderr
    error: styles/House/Bad.yml:4:5: invalid regex in token `(unclosed`: unclosed group (rule left out)
    ");
}

#[test]
fn a_style_that_is_not_there_is_an_error_naming_the_line() {
    let dir = project(
        "StylesPath = styles\n\n[*.md]\nBasedOnStyles = Missing\n",
        &[("styles/House/Very.yml", VERY), ("a.md", "Very.\n")],
    );
    let r = common::run_in(dir.path(), &["check", "--format", "concise", "."], None);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 2
    --- stdout
    --- stderr
    error: .vale.ini:4:1: style `Missing` is not a folder of StylesPath `styles`
    ");
}

#[test]
fn unsupported_rule_types_are_skipped_with_a_warning() {
    let dir = common::fixtures().join("vale-unsupported");
    let r = common::run_in(&dir, &["check", "--format", "concise", "a.md"], None);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    a.md:1:7: warning[Legacy.Very] Avoid very.
    --- stderr
    warning: styles/Legacy/Spelling.yml:1:10: rule type `spelling` is not supported by hedgelint (skipped)
    ");
}
