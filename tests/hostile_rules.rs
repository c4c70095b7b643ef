//! Hostile rule files: each is a clear error or works; none panics or hangs.
//!
//! Every case is a CLI run with the exact exit code and an assertion on standard error (the
//! file, and line:column where the YAML parser gives one). Runs that could hang are killed
//! after [`LIMIT`] and fail with what they printed so far; the limit is a hang detector, not a
//! performance assertion.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// A run that takes longer than this is taken to hang.
const LIMIT: Duration = Duration::from_secs(30);

/// Runs hedgelint in `dir` with colour off, killing it after `limit`. `Err` says it was killed,
/// with what it had printed.
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> Result<common::Run, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hedgelint"));
    cmd.args(args).current_dir(dir);
    common::run_command(cmd, None, limit)
}

/// A temp folder with the rule file `rules/P/<name>.yml` holding `yaml`, and `good.txt` with a
/// finding of the built-in `Attribution.Reportedly`.
fn setup(name: &str, yaml: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("rules/P");
    fs::create_dir_all(&pack).unwrap();
    fs::write(pack.join(format!("{name}.yml")), yaml).unwrap();
    fs::write(
        dir.path().join("good.txt"),
        "The minister reportedly resigned.\n",
    )
    .unwrap();
    dir
}

/// `check --no-default-rules --rules rules --format concise <files>`, killed after [`LIMIT`].
fn check(dir: &Path, files: &[&str]) -> common::Run {
    let mut args = vec![
        "check",
        "--no-default-rules",
        "--rules",
        "rules",
        "--format",
        "concise",
    ];
    args.extend(files);
    run_limited(dir, &args, LIMIT).unwrap_or_else(|e| panic!("{e}"))
}

/// Only the rule `P/<name>.yml` loading: exit 2 and stderr `error: rules/P/<name>.yml:<rest>`.
fn assert_load_error(name: &str, yaml: &[u8], prefix: &str) -> String {
    let dir = setup(name, yaml);
    let r = check(dir.path(), &["good.txt"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert_eq!(r.stdout, "", "{}", r.transcript());
    let want = format!("error: rules/P/{name}.yml{prefix}");
    assert!(
        r.stderr.starts_with(&want),
        "stderr should start with {want:?}\n{}",
        r.transcript()
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.transcript());
    r.stderr
}

const HEAD: &str = "extends: existence\nmessage: m\n";

// --- YAML bombs -----------------------------------------------------------------------------

/// The billion laughs, as the value of `tokens`: nine levels of nine aliases (9^9 strings once
/// expanded). The first nested list is a type error before anything is expanded.
#[test]
fn alias_bomb_in_tokens() {
    let mut y = format!("{HEAD}tokens:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for n in "bcdefghi".chars() {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        y.push_str(&format!("  - &{n} [{refs}]\n"));
        prev = n;
    }
    let err = assert_load_error("Bomb", y.as_bytes(), ":4:");
    assert!(err.contains("expected string"), "{err}");
}

/// The billion laughs at the top level: unknown keys are refused at the first one.
#[test]
fn alias_bomb_at_the_top_level() {
    let mut y = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for n in "bcdefghi".chars() {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        y.push_str(&format!("{n}: &{n} [{refs}]\n"));
        prev = n;
    }
    y.push_str(HEAD);
    y.push_str("tokens: [x]\n");
    let err = assert_load_error("Bomb", y.as_bytes(), ":1:1: unknown field `a`");
    assert!(err.contains("expected one of extends"), "{err}");
}

/// Many aliases of one string, each of which is a valid token: the alias budget stops it.
#[test]
fn thousands_of_aliases_hit_the_alias_budget() {
    let y = format!("{HEAD}tokens: [&a lol{}]\n", ", *a".repeat(5_000));
    let err = assert_load_error("Aliases", y.as_bytes(), ":3:");
    assert!(err.to_lowercase().contains("alias"), "{err}");
}

/// Flow lists nested 100,000 deep, as a token and inside `examples`.
#[test]
fn nesting_100_000_deep() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = assert_load_error("Deep", format!("{HEAD}tokens: {deep}\n").as_bytes(), ":3:");
    assert!(
        err.contains("recursion limit") || err.contains("depth"),
        "{err}"
    );
    let err = assert_load_error(
        "Deep",
        format!("{HEAD}tokens: [x]\nexamples: {{flag: {deep}}}\n").as_bytes(),
        ":4:",
    );
    assert!(
        err.contains("recursion limit") || err.contains("depth"),
        "{err}"
    );
    let maps = format!("{}x{}", "{a: ".repeat(100_000), "}".repeat(100_000));
    assert_load_error("Deep", format!("{HEAD}tokens: {maps}\n").as_bytes(), ":3:");
    let block = format!("{HEAD}tokens:\n{}x\n", "- ".repeat(100_000));
    assert_load_error("Deep", block.as_bytes(), ":4:");
}

/// A 50 MB rule file is refused by the size limit before it is parsed.
#[test]
fn a_50_mb_rule_file_is_refused() {
    let mut y = format!("{HEAD}tokens:\n").into_bytes();
    let item = b"  - abc\n";
    while y.len() < 50 << 20 {
        y.extend_from_slice(item);
    }
    let err = assert_load_error("Big", &y, ": file is larger than the ");
    assert!(err.contains("limit"), "{err}");
}

/// The library refuses a large rule text too (a rule pack read by another tool).
#[test]
fn a_large_rule_source_is_refused_by_the_library() {
    let text = format!("{HEAD}tokens: [x]\n# {}\n", "x".repeat(50 << 20));
    let src = hedgelint::rule::load::RuleSource {
        origin: "big.yml".into(),
        pack: "P".into(),
        name: "Big".into(),
        text,
    };
    let errors = hedgelint::rule::load_rules(&[src]).unwrap_err();
    assert_eq!(errors.len(), 1);
    let e = errors[0].to_string();
    assert!(e.starts_with("big.yml: file is larger than the "), "{e}");
}

// --- Regular expressions --------------------------------------------------------------------

/// Patterns that compile to huge programs hit the size limit; the error names the token.
#[test]
fn regex_that_compiles_to_a_huge_program() {
    for token in [r"\w{1000}{1000}", r"(?:a{100}){100}{100}"] {
        let y = format!("{HEAD}tokens:\n  - '{token}'\n");
        let err = assert_load_error(
            "Huge",
            y.as_bytes(),
            &format!(":4:5: invalid regex in token `{token}`: "),
        );
        assert!(err.contains("size limit"), "{err}");
    }
}

/// The same in `exceptions`, `unless` and `raw`: each error names the key and the pattern.
#[test]
fn huge_programs_in_exceptions_unless_and_raw() {
    let p = r"\w{1000}{1000}";
    let err = assert_load_error(
        "Huge",
        format!("{HEAD}tokens: [x]\nexceptions:\n  - '{p}'\n").as_bytes(),
        &format!(":5:5: invalid regex in exception `{p}`: "),
    );
    assert!(err.contains("size limit"), "{err}");
    let err = assert_load_error(
        "Huge",
        format!("{HEAD}tokens: [x]\nunless:\n  - '{p}'\n").as_bytes(),
        &format!(":5:5: invalid regex in `unless` pattern `{p}`: "),
    );
    assert!(err.contains("size limit"), "{err}");
    let err = assert_load_error(
        "Huge",
        format!("{HEAD}raw:\n  - '{p}'\n").as_bytes(),
        ":4:3: invalid regex in `raw` ",
    );
    assert!(err.contains("size limit"), "{err}");
}

/// A huge program inside a look-around pattern (compiled by fancy-regex): the error should say
/// why, as it does for the linear engine.
#[test]
fn huge_program_in_a_look_around_pattern_says_size_limit() {
    let token = r"x(?!y)(?:\w{1000}){1000}";
    let y = format!("{HEAD}tokens:\n  - '{token}'\n");
    let err = assert_load_error(
        "Huge",
        y.as_bytes(),
        &format!(":4:5: invalid regex in token `{token}`: "),
    );
    assert!(
        err.contains("size limit"),
        "the error should say the pattern is too big: {err}"
    );
}

/// Rules `P.Back` (the hostile pattern) and `P.Fine` (`reportedly`) over `aaa.txt` (hostile
/// text) and `good.txt`. The run ends well within [`LIMIT`] and `good.txt` is still linted.
/// With `must_give_up`, the pattern has to hit the backtrack limit: exit 2 and an error naming
/// the file and the rule. Otherwise either that, or the search completes (exit 1, no error):
/// what is not allowed is work that grows with the square of the text, unbounded.
fn backtracking_case(rule: &str, text: &str, must_give_up: bool) {
    let dir = setup("Back", rule.as_bytes());
    fs::write(
        dir.path().join("rules/P/Fine.yml"),
        "extends: existence\nmessage: found '%s'\ntokens: [reportedly]\n",
    )
    .unwrap();
    fs::write(dir.path().join("aaa.txt"), text).unwrap();
    let r = check(dir.path(), &["aaa.txt", "good.txt"]);
    assert!(
        r.stdout
            .contains("good.txt:1:14: warning[P.Fine] found 'reportedly'\n"),
        "{}",
        r.transcript()
    );
    if must_give_up || r.code == 2 {
        assert_eq!(r.code, 2, "{}", r.transcript());
        assert!(
            r.stderr.starts_with("error: aaa.txt: rule P.Back "),
            "{}",
            r.transcript()
        );
    } else {
        assert_eq!((r.code, r.stderr.as_str()), (1, ""), "{}", r.transcript());
    }
}

/// A megabyte of `a` in one paragraph.
fn megabyte_of_a(sep: &str) -> String {
    let mut s = format!("a{sep}").repeat(1_000_000 / (1 + sep.len()));
    s.push('\n');
    s
}

/// Exponential backtracking in fancy-regex's own VM: the backtrack limit stops it.
#[test]
fn look_ahead_with_exponential_backtracking() {
    backtracking_case(
        &format!("{HEAD}tokens:\n  - '(a|aa)+(?=c)'\n"),
        &megabyte_of_a(""),
        true,
    );
}

/// `(?=(a+)+b)a` without word boundaries on a megabyte of a's: fancy-regex hands the
/// look-ahead's body to the linear engine, so one attempt is linear, but it is tried at every
/// offset: quadratic work (about 10 s for 100 KB in a debug build) that the backtrack limit
/// never counts.
#[test]
fn look_ahead_rescanned_at_every_offset() {
    backtracking_case(
        &format!("{HEAD}nonword: true\ntokens:\n  - '(?=(a+)+b)a'\n"),
        &megabyte_of_a(""),
        false,
    );
}

/// The realistic shape of the same problem: `word(?=.*x)` over one long paragraph where the
/// word occurs often (every hit scans to the end of the paragraph).
#[test]
fn look_ahead_to_the_end_of_a_long_paragraph() {
    backtracking_case(
        &format!("{HEAD}tokens:\n  - 'a(?=.*c)'\n"),
        &megabyte_of_a(" "),
        false,
    );
}

/// A look-around `unless` pattern is run over the sentence around each hit: a long sentence
/// must not make it hang either.
#[test]
fn look_ahead_in_unless_over_a_long_sentence() {
    let dir = setup(
        "Back",
        format!("{HEAD}tokens: [reportedly]\nunless:\n  - '(?=(a+)+b)a'\n").as_bytes(),
    );
    fs::write(
        dir.path().join("aaa.txt"),
        format!("reportedly {}", megabyte_of_a("")),
    )
    .unwrap();
    let r = check(dir.path(), &["aaa.txt", "good.txt"]);
    assert!(
        r.stdout.contains("good.txt:1:14: warning[P.Back] m\n"),
        "{}",
        r.transcript()
    );
    if r.code == 2 {
        assert!(
            r.stderr.starts_with("error: aaa.txt: rule P.Back "),
            "{}",
            r.transcript()
        );
    } else {
        assert_eq!((r.code, r.stderr.as_str()), (1, ""), "{}", r.transcript());
        assert!(r.stdout.contains("aaa.txt:1:1: warning[P.Back] m\n"));
    }
}

/// When one rule gives up on a file, that is an error for that rule and that file only: the
/// other rules' findings in the same file are still reported.
#[test]
fn other_rules_still_report_on_the_file_where_one_gave_up() {
    let text = format!("It reportedly rained. {}", megabyte_of_a(""));
    let dir = setup(
        "Back",
        format!("{HEAD}nonword: true\ntokens:\n  - '(?=(a+)+b)a'\n").as_bytes(),
    );
    fs::write(
        dir.path().join("rules/P/Fine.yml"),
        "extends: existence\nmessage: found '%s'\ntokens: [reportedly]\n",
    )
    .unwrap();
    fs::write(dir.path().join("aaa.txt"), text).unwrap();
    let r = check(dir.path(), &["aaa.txt", "good.txt"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(
        r.stderr.starts_with("error: aaa.txt: rule P.Back "),
        "{}",
        r.transcript()
    );
    assert_eq!(
        r.stdout,
        "aaa.txt:1:4: warning[P.Fine] found 'reportedly'\ngood.txt:1:14: warning[P.Fine] found 'reportedly'\n",
        "{}",
        r.transcript()
    );
}

// --- Messages -------------------------------------------------------------------------------

fn message_of(message_yaml: &str) -> common::Run {
    let dir = setup(
        "Msg",
        format!("extends: existence\nmessage: {message_yaml}\ntokens: [reportedly]\n").as_bytes(),
    );
    check(dir.path(), &["good.txt"])
}

/// `%`, `%%`, too many `%s` and verbs Go would complain about: the message is printed, with
/// `%%` as `%`, a lone `%` kept, a `%s` without an argument empty and unknown verbs kept.
#[test]
fn percent_signs_in_messages() {
    let cases = [
        ("'%'", "%"),
        ("'%%'", "%"),
        ("'100%% sure'", "100% sure"),
        ("'50% of %s'", "50% of reportedly"),
        ("'%s %s %s!'", "reportedly  !"),
        ("'%s%%%s'", "reportedly%"),
        ("'%d %x %'", "%d %x %"),
        ("'%q'", "\"reportedly\""),
        ("'trailing %'", "trailing %"),
    ];
    for (yaml, shown) in cases {
        let r = message_of(yaml);
        assert_eq!(r.code, 1, "{yaml}: {}", r.transcript());
        assert_eq!(r.stderr, "", "{yaml}");
        assert_eq!(
            r.stdout,
            format!("good.txt:1:14: warning[P.Msg] {shown}\n"),
            "{yaml}"
        );
    }
}

/// A message of 1,000 `%s`: one argument is used and the rest are empty; nothing panics.
#[test]
fn a_thousand_placeholders() {
    let r = message_of(&format!("'{}'", "%s".repeat(1000)));
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(r.stdout, "good.txt:1:14: warning[P.Msg] reportedly\n");
}

// --- Empty tokens ---------------------------------------------------------------------------

/// Empty tokens are skipped, as in Vale; the other tokens still work.
#[test]
fn empty_tokens_are_skipped() {
    let dir = setup(
        "Empty",
        format!("{HEAD}tokens: ['', '   ', reportedly]\n").as_bytes(),
    );
    let r = check(dir.path(), &["good.txt"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(r.stdout, "good.txt:1:14: warning[P.Empty] m\n");
    assert_eq!(r.stderr, "");
}

/// A rule left with no token at all is a load error with the place of `tokens`.
#[test]
fn a_rule_with_only_empty_or_blank_tokens_is_an_error() {
    for tokens in ["['']", "[' ']", "[\"\\t \\n\"]", "[]", "['', '  ']"] {
        assert_load_error(
            "Empty",
            format!("{HEAD}tokens: {tokens}\n").as_bytes(),
            ":3:9: an `existence` rule needs at least one non-empty token or `raw` pattern\n",
        );
    }
    assert_load_error(
        "Empty",
        b"extends: substitution\nmessage: m\nswap:\n  '': x\n  ' ': y\n",
        ":4:3: `swap` has no non-empty key\n",
    );
}

/// A list item with nothing after the dash is YAML null: Vale (Go's YAML) reads it as an empty
/// string, so it is an empty token and is skipped like one.
#[test]
fn a_null_token_is_an_empty_token() {
    let dir = setup(
        "Null",
        format!("{HEAD}tokens:\n  -\n  - reportedly\n").as_bytes(),
    );
    let r = check(dir.path(), &["good.txt"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(r.stdout, "good.txt:1:14: warning[P.Null] m\n");
    assert_eq!(r.stderr, "");
}

/// A token that matches only the empty string never reports anything.
#[test]
fn a_token_that_matches_the_empty_string_reports_nothing() {
    let dir = setup(
        "Nothing",
        format!("{HEAD}nonword: true\ntokens: ['()', 'x*', '\\b']\n").as_bytes(),
    );
    let r = check(dir.path(), &["good.txt"]);
    assert_eq!(r.code, 0, "{}", r.transcript());
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "");
}

/// A white-space pattern (not a white-space-only token) is a real pattern and works, in every
/// output format.
#[test]
fn a_white_space_pattern_works_in_every_format() {
    let dir = setup(
        "Space",
        format!("{HEAD}nonword: true\ntokens: ['\\s']\n").as_bytes(),
    );
    let r = check(dir.path(), &["good.txt"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(
        r.stdout,
        "good.txt:1:4: warning[P.Space] m\ngood.txt:1:13: warning[P.Space] m\ngood.txt:1:24: warning[P.Space] m\n"
    );
    for format in ["full", "json", "jsonl"] {
        let r = run_limited(
            dir.path(),
            &[
                "check",
                "--no-default-rules",
                "--rules",
                "rules",
                "--format",
                format,
                "good.txt",
            ],
            LIMIT,
        )
        .unwrap();
        assert_eq!(r.code, 1, "{format}: {}", r.transcript());
        assert_eq!(r.stderr, "", "{format}");
    }
}

// --- Many rules -----------------------------------------------------------------------------

/// 3,000 rules (phrases, phrase sets and, one in ten, a pattern) load and lint, with every
/// rule that should fire firing once.
#[test]
fn three_thousand_rules() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("rules/Many");
    fs::create_dir_all(&pack).unwrap();
    let mut text = String::new();
    for i in 0..3000 {
        let mut y = format!(
            "extends: existence\nmessage: 'rule {i}: %s'\nignorecase: {}\ntokens:\n  - word{i}\n  - 'phrase{i} (?:one|two)'\n",
            i % 2 == 1
        );
        if i % 10 == 0 {
            y.push_str(&format!("  - 'pat{i}x\\d+'\n"));
        }
        fs::write(pack.join(format!("R{i:04}.yml")), y).unwrap();
        if i % 7 == 0 {
            text.push_str(&format!("Word{i} here. "));
        }
    }
    text.push_str("phrase10 two and pat20x99.\n");
    fs::write(dir.path().join("many.txt"), &text).unwrap();
    let r = check(dir.path(), &["many.txt"]);
    assert_eq!(r.code, 1, "{}", &r.stderr);
    assert_eq!(r.stderr, "");
    // Odd rules ignore case and match `WordN`; even ones are case-sensitive and do not.
    let expected = (0..3000).filter(|i| i % 7 == 0 && i % 2 == 1).count() + 2;
    assert_eq!(r.stdout.lines().count(), expected, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("warning[Many.R0010] rule 10: phrase10 two\n")
    );
    assert!(r.stdout.contains("warning[Many.R0020] rule 20: pat20x99\n"));
    assert!(r.stdout.contains("warning[Many.R0007] rule 7: Word7\n"));
    assert!(!r.stdout.contains("[Many.R0014]"));
}
