//! Every kind of rule-load error: exit 2 and file:line:col on standard error.

mod common;

use std::fs;

fn load_error(name: &str, yaml: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("Style");
    fs::create_dir(&pack).unwrap();
    fs::write(pack.join(format!("{name}.yml")), yaml).unwrap();
    fs::write(dir.path().join("a.txt"), "text\n").unwrap();
    let r = common::run_in(
        dir.path(),
        &["check", "--no-default-rules", "--rules", ".", "a.txt"],
        None,
    );
    (r.code, r.stderr)
}

#[test]
fn wrong_type() {
    let (code, err) = load_error(
        "R",
        "extends: existence\nmessage: m\ntokens: [a]\nlimit: lots\n",
    );
    assert_eq!(code, 2);
    assert!(err.starts_with("error: ./Style/R.yml:4:8: "), "{err}");
}

#[test]
fn missing_message() {
    let (code, err) = load_error("R", "extends: existence\ntokens: [a]\n");
    assert_eq!(code, 2);
    assert_eq!(err, "error: ./Style/R.yml:1:10: missing `message`\n");
}

#[test]
fn invalid_level() {
    let (code, err) = load_error(
        "R",
        "extends: existence\nmessage: m\nlevel: loud\ntokens: [a]\n",
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: ./Style/R.yml:3:8: invalid level `loud` (expected suggestion, warning or error)\n"
    );
}

#[test]
fn key_of_another_rule_type() {
    let (code, err) = load_error(
        "R",
        "extends: existence\nmessage: m\ntokens: [a]\nswap:\n  a: b\n",
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: ./Style/R.yml:5:3: key `swap` does not apply to `existence` rules"),
        "{err}"
    );
}

#[test]
fn duplicate_id() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["one", "two"] {
        let pack = dir.path().join(sub).join("Attribution");
        fs::create_dir_all(&pack).unwrap();
        fs::write(
            pack.join("Reportedly.yml"),
            "extends: existence\nmessage: m\ntokens: [a]\n",
        )
        .unwrap();
    }
    let r = common::run_in(
        dir.path(),
        &[
            "check",
            "--no-default-rules",
            "--rules",
            "one",
            "--rules",
            "two",
            "-",
        ],
        Some(""),
    );
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: two/Attribution/Reportedly.yml: duplicate rule id `Attribution.Reportedly` (also defined in one/Attribution/Reportedly.yml)\n"
    );
    // The same pack beside the built-in one is a duplicate too.
    let r = common::run_in(dir.path(), &["check", "--rules", "one", "-"], Some(""));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("duplicate rule id `Attribution.Reportedly`"),
        "{}",
        r.stderr
    );
}

#[test]
fn every_bad_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("S");
    fs::create_dir(&pack).unwrap();
    fs::write(pack.join("A.yml"), "extends: existence\n").unwrap();
    fs::write(pack.join("B.yml"), "extends: nope\nmessage: m\n").unwrap();
    let r = common::run_in(
        dir.path(),
        &["rules", "--no-default-rules", "--rules", "."],
        None,
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
}

#[test]
fn yaml_bombs_are_refused() {
    // Aliases in keys the rule type takes, so they are expanded rather than refused for an
    // unknown key: below the budget they replay (the exceptions drop the token's match) ...
    let replay = "extends: existence\nmessage: m\ntokens: &t [&a text, *a]\nexceptions: *t\n";
    let (code, err) = load_error("Replay", replay);
    assert_eq!((code, err.as_str()), (0, ""));
    // ... and past it the load stops at the alias that breaks it.
    let bomb = format!(
        "extends: existence\nmessage: m\ntokens: &t [&a lol{}]\nexceptions: *t\n",
        ", *a".repeat(1_200)
    );
    let (code, err) = load_error("Bomb", &bomb);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: ./Style/Bomb.yml:3:4021: YAML input limit exceeded: aliases (1001)\n"
    );
    let deep = format!(
        "extends: existence\nmessage: m\ntokens: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (code, err) = load_error("Deep", &deep);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: ./Style/Deep.yml:3:264: recursion limit exceeded\n"
    );
}
