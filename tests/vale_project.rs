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
fn the_built_in_packs_run_beside_the_vale_styles() {
    let r = common::run_in(
        &vale(),
        &["check", "--format", "concise", "content/guide.md"],
        None,
    );
    assert!(r.stdout.contains("[Demo.Hedge]"), "{}", r.stdout);
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

#[test]
fn unsupported_rule_types_fail_unless_skipped() {
    let dir = common::fixtures().join("vale-unsupported");
    let r = common::run_in(
        &dir,
        &["check", "--no-default-rules", "--format", "concise", "a.md"],
        None,
    );
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 2
    --- stdout
    --- stderr
    error: styles/Legacy/Spelling.yml:1:10: rule type `spelling` is not supported by hedgelint
    ");
    let r = common::run_in(
        &dir,
        &[
            "check",
            "--no-default-rules",
            "--skip-unsupported",
            "--format",
            "concise",
            "a.md",
        ],
        None,
    );
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    a.md:1:7: warning[Legacy.Very] Avoid very.
    --- stderr
    warning: styles/Legacy/Spelling.yml:1:10: rule type `spelling` is not supported by hedgelint (skipped)
    ");
}
