//! Vale's composition of existence and substitution rules, through `--rules DIR`.

mod common;

use std::fs;

/// Lints `text` with one rule written to a temporary styles folder; returns `field` of each
/// JSON finding.
fn field_of_findings(rule: &str, text: &str, field: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("Vale");
    fs::create_dir(&pack).unwrap();
    fs::write(pack.join("Rule.yml"), rule).unwrap();
    let args = [
        "check",
        "--no-default-rules",
        "--rules",
        ".",
        "--format",
        "jsonl",
        "-",
    ];
    let r = common::run_in(dir.path(), &args, Some(text));
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()[field]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// The matched texts.
fn matched(rule: &str, text: &str) -> Vec<String> {
    field_of_findings(rule, text, "matched")
}

/// The messages.
fn messages(rule: &str, text: &str) -> Vec<String> {
    field_of_findings(rule, text, "message")
}

#[test]
fn existence_is_case_sensitive_unless_ignorecase() {
    let rule = "extends: existence\nmessage: '%s'\ntokens: [Obviously]\n";
    assert_eq!(matched(rule, "Obviously, obviously."), ["Obviously"]);
    let rule = "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: [Obviously]\n";
    assert_eq!(
        matched(rule, "Obviously, OBVIOUSLY."),
        ["Obviously", "OBVIOUSLY"]
    );
}

#[test]
fn word_boundaries_unless_nonword() {
    let rule = "extends: existence\nmessage: '%s'\ntokens: [port]\n";
    assert_eq!(matched(rule, "report port ports"), ["port"]);
    let rule = "extends: existence\nmessage: '%s'\nnonword: true\ntokens: [port]\n";
    assert_eq!(matched(rule, "report port ports"), ["port", "port", "port"]);
    let rule = "extends: existence\nmessage: '%s'\nnonword: true\ntokens: ['!{2,}']\n";
    assert_eq!(matched(rule, "Wow!! No!"), ["!!"]);
}

#[test]
fn word_boundaries_are_ascii_as_in_vale() {
    // Go's RE2, which Vale uses, has an ASCII `\b`: a non-ASCII letter is not a word character.
    let rule = "extends: existence\nmessage: '%s'\ntokens: [is]\n";
    assert_eq!(matched(rule, "éis isé this"), ["is", "is"]);
}

#[test]
fn raw_is_prepended_or_appended() {
    // raw + \b(?:tokens)\b
    let rule = "extends: existence\nmessage: '%s'\nraw: ['very ']\ntokens: [good, bad]\n";
    assert_eq!(
        matched(rule, "a very good and very bad and good day"),
        ["very good", "very bad"]
    );
    // \b(?:tokens)\b + raw with append
    let rule =
        "extends: existence\nmessage: '%s'\nappend: true\nraw: ['\\s+indeed']\ntokens: [good]\n";
    assert_eq!(matched(rule, "good indeed, good"), ["good indeed"]);
    // raw alone
    let rule = "extends: existence\nmessage: '%s'\nraw: ['\\d+ percent']\n";
    assert_eq!(matched(rule, "up 40 percent"), ["40 percent"]);
}

#[test]
fn exceptions_drop_matches_that_contain_them() {
    let rule =
        "extends: existence\nmessage: '%s'\ntokens: ['[A-Z]{2,}']\nexceptions: [NASA, NATO]\n";
    assert_eq!(
        matched(rule, "NASA and NATO met the EU and FBI"),
        ["EU", "FBI"]
    );
    // Exceptions are case-sensitive unless they say otherwise.
    let rule =
        "extends: existence\nmessage: '%s'\nignorecase: true\ntokens: [may]\nexceptions: [May]\n";
    assert_eq!(matched(rule, "May 4; it may rain"), ["may"]);
}

#[test]
fn swap_prefers_longer_keys_and_skips_what_is_already_right() {
    let rule = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nignorecase: true\nswap:\n  data: data\n  a lot: many\n  a lot of: many\n";
    assert_eq!(matched(rule, "We have a lot of data."), ["a lot of"]);
    assert_eq!(
        messages(rule, "A lot of work."),
        ["Use 'many' instead of 'A lot of'."]
    );
    let rule = "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nswap:\n  '(?:e-mail|email)': email\n";
    assert_eq!(matched(rule, "Send an email or an e-mail."), ["e-mail"]);
}

#[test]
fn action_params_become_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("Vale");
    fs::create_dir(&pack).unwrap();
    fs::write(
        pack.join("Rule.yml"),
        "extends: existence\nmessage: \"Avoid '%s'.\"\ntokens: [utilize]\naction:\n  name: replace\n  params: [use]\n",
    )
    .unwrap();
    let r = common::run_in(
        dir.path(),
        &[
            "check",
            "--no-default-rules",
            "--rules",
            ".",
            "--format",
            "jsonl",
            "-",
        ],
        Some("We utilize it."),
    );
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["suggestions"], serde_json::json!(["use"]));
}

#[test]
fn go_style_message_formatting() {
    let rule = "extends: existence\nmessage: \"100%% sure that '%s' is weak\"\ntokens: [clearly]\n";
    assert_eq!(
        messages(rule, "It is clearly so."),
        ["100% sure that 'clearly' is weak"]
    );
}

#[test]
fn a_single_string_token_list_loads() {
    let rule = "extends: existence\nmessage: '%s'\ntokens: clearly\n";
    assert_eq!(matched(rule, "It is clearly so."), ["clearly"]);
}

#[test]
fn look_around_patterns_use_the_bounded_engine() {
    let rule = "extends: existence\nmessage: '%s'\ntokens: ['may(?! \\d)']\n";
    assert_eq!(matched(rule, "on may 4 it may rain"), ["may"]);
}
