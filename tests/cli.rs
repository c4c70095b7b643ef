//! The command line over fixture files, with the whole output snapshotted.

mod common;

use common::{fixtures, run, run_in};

const STYLES: [&str; 3] = ["--no-default-rules", "--rules", "styles"];

fn check(extra: &[&str]) -> common::Run {
    let mut args = vec!["check"];
    args.extend_from_slice(&STYLES);
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn full_format_over_a_folder() {
    insta::assert_snapshot!(check(&["tree"]).transcript());
}

#[test]
fn concise_format() {
    insta::assert_snapshot!(check(&["--format", "concise", "tree"]).transcript());
}

#[test]
fn json_format() {
    let r = check(&["--format", "json", "tree"]);
    let parsed: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    assert_eq!(parsed.as_array().map(Vec::len), Some(7));
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn json_format_with_no_findings_is_an_empty_array() {
    insta::assert_snapshot!(check(&["--format", "json", "clean.txt"]).transcript(), @r"
    exit: 0
    --- stdout
    []
    --- stderr
    ");
}

#[test]
fn jsonl_format() {
    let r = check(&["--format", "jsonl", "tree"]);
    for line in r.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(v.get("byte_start").is_some());
    }
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn stdin_jsonl_has_every_field_and_exact_positions() {
    let r = run_in(
        &fixtures(),
        &["check", "--format", "jsonl", "-"],
        Some("The minister reportedly resigned.\n"),
    );
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    let fields = [
        "path",
        "rule",
        "level",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "byte_start",
        "byte_end",
        "matched",
        "suggestions",
        "link",
    ];
    let positions: Vec<usize> = fields
        .iter()
        .map(|f| lines[0].find(&format!("\"{f}\":")).expect("field present"))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "fields in schema order: {}",
        lines[0]
    );
    assert_eq!(v.as_object().unwrap().len(), fields.len());
    assert_eq!(v["path"], "<stdin>");
    assert_eq!(v["rule"], "Attribution.Reportedly");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(1), Some(14))
    );
    assert_eq!(
        (v["byte_start"].as_u64(), v["byte_end"].as_u64()),
        (Some(13), Some(23))
    );
    assert_eq!(v["matched"], "reportedly");
}

#[test]
fn stdin_filename_names_the_input_and_picks_markdown() {
    let r = run_in(
        &fixtures(),
        &[
            "check",
            "--no-default-rules",
            "--rules",
            "styles",
            "--format",
            "concise",
            "--stdin-filename",
            "draft.md",
            "-",
        ],
        Some("Code `reportedly` is skipped; prose reportedly is not.\n"),
    );
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    draft.md:1:37: warning[News.Reportedly] 'reportedly' passes a claim on without saying who made it.
    --- stderr
    ");
}

#[test]
fn exit_code_0_when_clean() {
    let r = check(&["clean.txt"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "No findings in 1 file.\n");
}

#[test]
fn fail_on_sets_the_threshold() {
    // notes.md has a suggestion (may) and warnings.
    assert_eq!(check(&["--fail-on", "error", "tree/notes.md"]).code, 0);
    assert_eq!(check(&["--fail-on", "never", "tree"]).code, 0);
    assert_eq!(check(&["--fail-on", "warning", "tree/notes.md"]).code, 1);
    assert_eq!(check(&["--fail-on", "error", "tree/article.txt"]).code, 1);
    let only_suggestion = run_in(
        &fixtures(),
        &[
            "check",
            "--no-default-rules",
            "--rules",
            "styles",
            "--fail-on",
            "warning",
            "-",
        ],
        Some("It may rain.\n"),
    );
    assert_eq!(only_suggestion.code, 0);
}

#[test]
fn exit_code_2_for_a_missing_path_and_other_files_are_still_linted() {
    insta::assert_snapshot!(check(&["--format", "concise", "no-such-file.txt", "crlf.txt"]).transcript(), @r"
    exit: 2
    --- stdout
    crlf.txt:2:4: warning[News.Reportedly] 'reportedly' passes a claim on without saying who made it.
    --- stderr
    error: no-such-file.txt: No such file or directory
    ");
}

#[test]
fn select_and_ignore_by_rule_and_pack() {
    let r = check(&[
        "--format",
        "concise",
        "--select",
        "News.Sources",
        "tree/article.txt",
    ]);
    assert!(
        r.stdout.lines().all(|l| l.contains("News.Sources")),
        "{}",
        r.stdout
    );
    let r = check(&[
        "--format",
        "concise",
        "--ignore",
        "News",
        "tree/article.txt",
    ]);
    assert_eq!(r.stdout, "");
    assert_eq!(r.code, 0);
    let r = check(&["--select", "News.Nope", "tree"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unknown rule or pack `News.Nope` (see `hedgelint rules`)\n"
    );
    let r = check(&["--select", "News.Source", "tree"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: unknown rule or pack `News.Source` (did you mean `News.Sources`?)\n"
        )
    );
    let r = check(&["--select", "Nwes", "tree"]);
    assert_eq!(
        r.stderr,
        "error: unknown rule or pack `Nwes` (did you mean `News`?)\n"
    );
    let r = check(&[
        "--format",
        "concise",
        "--select",
        " News.Sources , ",
        "tree/article.txt",
    ]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stdout.lines().all(|l| l.contains("News.Sources")),
        "{}",
        r.stdout
    );
}

#[test]
fn gitignore_is_respected_and_only_text_extensions_are_walked() {
    let r = check(&["--format", "concise", "tree"]);
    assert!(!r.stdout.contains("ignored.txt"));
    assert!(!r.stdout.contains("data.csv"));
    // Named on the command line, an ignored file or another extension is linted.
    let r = check(&[
        "--format",
        "concise",
        "tree/sub/ignored.txt",
        "tree/data.csv",
    ]);
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
}

#[test]
fn markdown_code_and_links_are_not_linted() {
    insta::assert_snapshot!(check(&["--format", "concise", "tree/notes.md"]).transcript(), @r"
    exit: 1
    --- stdout
    tree/notes.md:3:10: suggestion[News.Modal] 'may' hedges the claim.
    tree/notes.md:9:6: warning[News.Reportedly] 'allegedly' passes a claim on without saying who made it.
    tree/notes.md:9:16: warning[News.Wordy] Use 'use' instead of 'utilize'.
    tree/notes.md:9:24: warning[News.Wordy] Use 'some' or 'several' instead of 'a number of'.
    --- stderr
    ");
}

#[test]
fn crlf_file_full_output() {
    insta::assert_snapshot!(check(&["crlf.txt"]).transcript());
}

#[test]
fn multibyte_characters_before_a_span() {
    let r = check(&["--format", "jsonl", "multibyte.txt"]);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    let text = std::fs::read_to_string(fixtures().join("multibyte.txt")).unwrap();
    let start = text.find("reportedly").unwrap();
    assert_eq!(v["byte_start"].as_u64(), Some(start as u64));
    assert_eq!(
        v["column"].as_u64(),
        Some(text[..start].chars().count() as u64 + 1)
    );
    insta::assert_snapshot!(check(&["multibyte.txt"]).transcript());
}

#[test]
fn a_phrase_across_a_line_break_is_one_finding() {
    let r = check(&[
        "--format",
        "jsonl",
        "--select",
        "News.Sources",
        "tree/article.txt",
    ]);
    let matched: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["matched"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(matched, ["Sources said", "according to\nreports"]);
}

#[test]
fn statistics_follow_the_findings() {
    insta::assert_snapshot!(check(&["--format", "concise", "--statistics", "tree"]).transcript());
}

#[test]
fn colour_is_off_with_no_color_and_on_when_forced() {
    let plain = check(&["crlf.txt"]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let coloured = check(&["--color", "always", "crlf.txt"]);
    assert!(coloured.stdout.contains("\u{1b}["));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let line = "The minister reportedly resigned and allegedly left.\n".repeat(2000);
    for i in 0..50 {
        std::fs::write(dir.path().join(format!("f{i}.txt")), &line).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_hedgelint"))
        .args(["check", "--format", "concise", "."])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut buf = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut buf).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn rule_load_errors_name_file_line_and_column() {
    let r = run(&["check", "--no-default-rules", "--rules", "bad", "clean.txt"]);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 2
    --- stdout
    --- stderr
    error: bad/Misspelt.yml:3:1: unknown field `tokns`, expected one of extends, message, level, link, description, limit, scope, ignorecase, nonword, tokens, raw, append, exceptions, swap, action, vocab, token, max, min, alpha, either, first, second, match, indicators, threshold, prefix, capitalize, style, formula, condition, help, label, unless, quotes, enabled, examples
    ");
}

#[test]
fn rules_lists_and_explain_describes() {
    let r = run(&["rules", "--no-default-rules", "--rules", "styles"]);
    insta::assert_snapshot!(r.transcript());
    let r = run(&[
        "explain",
        "News.Reportedly",
        "--no-default-rules",
        "--rules",
        "styles",
    ]);
    insta::assert_snapshot!(r.transcript());
    let r = run(&[
        "explain",
        "Reportedly",
        "--no-default-rules",
        "--rules",
        "styles",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: unknown rule `Reportedly` (did you mean News.Reportedly?)\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    let r = run(&["check", "--format", "xml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'xml'"));
}

#[test]
fn test_rules_checks_the_marked_span_of_each_flag_example() {
    insta::assert_snapshot!(run(&["test-rules", "marked-examples"]).transcript(), @r"
    exit: 1
    --- stdout
    FAIL Marks.Reportedly: marks no span: put the words it must flag in [brackets]:
        Reportedly, the minister resigned.
    FAIL Marks.Reportedly: should flag 'The minister' but flags 'reportedly'; also flags 'reportedly', which is not marked:
        [The minister] reportedly resigned.
    FAIL Marks.Reportedly: marks no span: put the words it must flag in [brackets]:
        The minister resigned.
    FAIL Marks.Reportedly: a mark `[` is never closed:
        The [minister reportedly resigned.
    FAIL Marks.Reportedly: a pass example marks a span:
        The minister [resigned].
    FAIL Marks.Reportedly: should pass but is flagged at 'reportedly':
        The minister reportedly resigned, \[sic\].
    1 rules: 2 passed, 6 failed
    --- stderr
    ");
}

#[test]
fn restructuredtext_lints_prose_only() {
    // Literal blocks, code directives, inline literals, link targets and the line after a
    // suppression comment are not linted; an admonition's body is prose.
    let r = run(&["check", "--format", "concise", "rst/story.rst"]);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    rst/story.rst:5:14: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    rst/story.rst:5:48: warning[Attribution.AnonymousSource] 'sources say' cites a source the reader cannot identify.
    rst/story.rst:10:13: warning[Attribution.AgentlessPassive] 'are believed to have': by whom? The sentence hides who holds this view.
    rst/story.rst:13:25: suggestion[Hedging.Approximator] 'almost certainly' blurs the claim. Say how far it is true.
    --- stderr
    ");
}

#[test]
fn quiet_prints_findings_and_errors_only() {
    let r = check(&["-q", "tree", "nope.txt"]);
    insta::assert_snapshot!(r.transcript());
    assert!(!r.stdout.contains("Found "));
    assert_eq!(r.stderr, "error: nope.txt: No such file or directory\n");
    // An empty run warns, but not under --quiet.
    let empty = tempfile::tempdir().unwrap();
    let loud = run_in(empty.path(), &["check"], None);
    assert!(
        loud.stderr.starts_with("warning: no files to lint"),
        "{}",
        loud.stderr
    );
    let quiet = run_in(empty.path(), &["check", "--quiet"], None);
    assert_eq!(
        (quiet.code, quiet.stdout.as_str(), quiet.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn min_level_hides_findings_below_it_and_they_cannot_fail_the_run() {
    let all = check(&["--format", "concise", "tree"]);
    assert!(all.stdout.contains("suggestion[News.Modal]"));
    let r = check(&["--format", "concise", "--min-level", "warning", "tree"]);
    assert!(!r.stdout.contains("suggestion["), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), all.stdout.lines().count() - 1);
    // Only the suggestion is left below error, and the gate is on suggestions: it passes.
    let r = check(&[
        "--min-level",
        "error",
        "--fail-on",
        "suggestion",
        "--format",
        "concise",
        "tree/notes.md",
    ]);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 0
    --- stdout
    --- stderr
    ");
}

#[test]
fn output_file_takes_the_findings_and_stderr_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.txt");
    let out_arg = out.to_string_lossy().into_owned();
    let r = check(&[
        "--format",
        "concise",
        "--statistics",
        "--color",
        "always",
        "-o",
        &out_arg,
        "tree",
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.starts_with(" count  rule"), "{}", r.stderr);
    let written = std::fs::read_to_string(&out).unwrap();
    // A file never gets colour codes, and it holds what standard output would have.
    assert!(!written.contains('\u{1b}'));
    assert_eq!(written, check(&["--format", "concise", "tree"]).stdout);
    // The same for `full`, whose diagnostics are styled before the writer strips them.
    let r = check(&["--color", "always", "-o", &out_arg, "tree"]);
    assert_eq!(r.code, 1);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(!written.contains('\u{1b}'), "{written}");
    assert_eq!(written, check(&["tree"]).stdout);
    let r = check(&["-o", "no/such/folder/report.txt", "tree"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: no/such/folder/report.txt: No such file or directory\n"
    );
}

#[test]
fn threads_do_not_change_the_output() {
    let one = check(&["-j", "1", "--format", "jsonl", "tree"]);
    let many = check(&["--threads", "4", "--format", "jsonl", "tree"]);
    assert_eq!(one.stdout, many.stdout);
    assert!(!one.stdout.is_empty());
    let zero = check(&["-j", "0", "tree"]);
    assert_eq!(zero.code, 2);
    assert!(
        zero.stderr.contains("0 is not in 1..=65535"),
        "{}",
        zero.stderr
    );
}

#[test]
fn concise_is_coloured_when_forced() {
    let r = check(&["--format", "concise", "--color", "always", "tree/notes.md"]);
    let first = r.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "\u{1b}[1mtree/notes.md:3:10:\u{1b}[0m \u{1b}[1m\u{1b}[36msuggestion\u{1b}[0m\u{1b}[2m[News.Modal]\u{1b}[0m 'may' hedges the claim."
    );
    let plain = check(&["--format", "concise", "tree/notes.md"]);
    assert!(!plain.stdout.contains('\u{1b}'));
}

/// A plain-text file longer than the chunked-reading threshold, linted with a format that
/// shows no source, is read a chunk at a time; its findings are those of each of its parts
/// read on its own (the parts repeat one text, and nothing in it reaches across parts),
/// placed at the part's lines and bytes.
#[test]
fn a_long_plain_text_file_read_in_chunks_has_the_findings_of_its_parts() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut part = String::new();
    for name in [
        "cuba-bus-crash.txt",
        "pen-pal-diplomacy.txt",
        "white-house-self-immolation.txt",
    ] {
        part.push_str(
            std::fs::read_to_string(seeds.join(name))
                .unwrap()
                .trim_end(),
        );
        part.push_str("\n\n");
    }
    let copies = hedgelint::session::CHUNKED_OVER as usize / part.len() + 2;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("part.txt"), &part).unwrap();
    std::fs::write(dir.path().join("big.txt"), part.repeat(copies)).unwrap();
    let findings = |name: &str| -> Vec<serde_json::Value> {
        let run = run_in(dir.path(), &["check", "--format", "jsonl", name], None);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let one = findings("part.txt");
    assert!(!one.is_empty());
    let lines = part.matches('\n').count() as u64;
    let mut expected = Vec::new();
    for k in 0..copies as u64 {
        for f in &one {
            let mut f = f.clone();
            f["path"] = "big.txt".into();
            for (key, by) in [
                ("line", lines),
                ("end_line", lines),
                ("byte_start", part.len() as u64),
                ("byte_end", part.len() as u64),
            ] {
                f[key] = (f[key].as_u64().unwrap() + k * by).into();
            }
            expected.push(f);
        }
    }
    let got = findings("big.txt");
    assert_eq!(got.len(), expected.len());
    assert!(
        got == expected,
        "the findings differ from those of the parts"
    );
}

/// Plain text on standard input is linted a chunk at a time as it is read when the format
/// shows no source, with the findings of the same text read whole from a file.
#[test]
fn standard_input_read_in_chunks_has_the_findings_of_the_file_read_whole() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let article = std::fs::read_to_string(seeds.join("cuba-bus-crash.txt")).unwrap();
    // About 5 MB: more than two chunks, under the size at which a file is read in chunks.
    let text = format!("{}\r\n\r\n", article.trim_end()).repeat(5_000_000 / article.len() + 1);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.txt"), &text).unwrap();
    let file = run_in(dir.path(), &["check", "--format", "jsonl", "big.txt"], None);
    let piped = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "jsonl",
            "--stdin-filename",
            "big.txt",
            "-",
        ],
        Some(&text),
    );
    assert_eq!((file.code, piped.code), (1, 1), "{}", piped.stderr);
    assert!(file.stdout.lines().count() > 1000);
    assert!(piped.stdout == file.stdout, "the findings differ");
}

/// Standard input named twice is linted once, as a file named twice is: read first (`full`)
/// or as it is linted (`jsonl`).
#[test]
fn standard_input_named_twice_is_linted_once() {
    let text = "Critics argue that the plan reportedly failed.\n";
    for format in ["full", "jsonl"] {
        let args = ["check", "--color", "never", "--format", format, "-"];
        let once = run_in(&fixtures(), &args, Some(text));
        let twice = run_in(&fixtures(), &[&args[..], &["-"]].concat(), Some(text));
        assert_eq!(once.code, 1, "{}", once.stderr);
        assert!(once.stdout.contains("reportedly"));
        assert_eq!(twice.stdout, once.stdout, "{format}");
        assert_eq!(twice.code, once.code);
    }
}
