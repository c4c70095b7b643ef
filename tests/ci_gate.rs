//! The CI gate: configuration, suppression comments, baselines and the CI output formats.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::run_in;

fn gate() -> PathBuf {
    common::fixtures().join("gate")
}

#[test]
fn sarif_format() {
    let r = run_in(&gate(), &["check", "--format", "sarif"], None);
    assert_eq!(r.code, 1);
    let log: serde_sarif::sarif::Sarif =
        serde_json::from_str(&r.stdout).expect("SARIF parses with serde-sarif");
    assert_eq!(log.version, serde_json::json!("2.1.0"));
    assert_eq!(log.runs.len(), 1);
    let run = &log.runs[0];
    assert_eq!(
        run.column_kind,
        Some(serde_json::json!("unicodeCodePoints"))
    );
    let base = &run
        .original_uri_base_ids
        .as_ref()
        .expect("originalUriBaseIds")["%SRCROOT%"];
    let root_uri = base.uri.clone().expect("a root URI");
    assert!(
        root_uri.starts_with("file:///") && root_uri.ends_with("/gate/"),
        "{root_uri}"
    );
    let invocation = &run.invocations.as_ref().expect("invocations")[0];
    assert!(invocation.execution_successful);
    let result = &run.results.as_ref().expect("results")[0];
    let fingerprints = result
        .partial_fingerprints
        .as_ref()
        .expect("partialFingerprints");
    assert_eq!(fingerprints["hedgelintKey/v1"].len(), 16);
    let rules = run.tool.driver.rules.as_ref().expect("rules");
    for r in rules {
        let short = r
            .short_description
            .as_ref()
            .expect("shortDescription")
            .text
            .as_str();
        assert!(short.ends_with(['.', '?', '!']), "{}: {short}", r.id);
    }
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "Attribution.AgentlessPassive",
            "Attribution.AnonymousSource",
            "Attribution.Reportedly",
            "Gate.Odd",
            "Hedging.Modal",
            "Hedging.UnclearWhether"
        ]
    );
    insta::assert_snapshot!(r.transcript_without_root());
}

#[test]
fn github_format() {
    insta::assert_snapshot!(run_in(&gate(), &["check", "--format", "github"], None).transcript());
}

#[test]
fn checkstyle_format() {
    insta::assert_snapshot!(
        run_in(&gate(), &["check", "--format", "checkstyle"], None).transcript()
    );
}

#[test]
fn statistics_and_fail_on_work_with_every_format() {
    for format in [
        "full",
        "concise",
        "json",
        "jsonl",
        "sarif",
        "github",
        "checkstyle",
    ] {
        let r = run_in(
            &gate(),
            &[
                "check",
                "--format",
                format,
                "--statistics",
                "--fail-on",
                "error",
            ],
            None,
        );
        assert_eq!(r.code, 1, "{format}: the Gate.Odd error fails the run");
        assert!(
            r.stdout.contains("     1  Gate.Odd") || r.stderr.contains("     1  Gate.Odd"),
            "{format}: statistics missing\n{}{}",
            r.stdout,
            r.stderr
        );
        let r = run_in(
            &gate(),
            &[
                "check",
                "--format",
                format,
                "--fail-on",
                "never",
                "news/brief.txt",
            ],
            None,
        );
        assert_eq!(r.code, 0, "{format}");
    }
}

#[test]
fn config_is_found_from_a_subfolder() {
    // hedgelint.toml two folders up raises Hedging.Modal to an error.
    let r = run_in(
        &gate().join("sub/deeper"),
        &["check", "--format", "concise", "note.txt"],
        None,
    );
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    note.txt:1:1: warning[Attribution.AgentlessPassive] 'It is believed that': by whom? The sentence hides who holds this view.
    note.txt:1:53: error[Hedging.Modal] 'may have worked' speculates about what happened. Do we know?
    --- stderr
    ");
}

#[test]
fn isolated_ignores_the_config() {
    let r = run_in(
        &gate().join("sub/deeper"),
        &["check", "--isolated", "--format", "concise", "note.txt"],
        None,
    );
    assert!(r.stdout.contains("warning[Hedging.Modal]"), "{}", r.stdout);
    let r = run_in(
        &gate(),
        &["check", "--isolated", "--format", "concise", "news"],
        None,
    );
    assert!(
        !r.stdout.contains("Gate.Odd"),
        "the config's rules folder is not loaded: {}",
        r.stdout
    );
}

#[test]
fn an_override_glob_changes_levels_and_fail_on_for_its_paths() {
    let r = run_in(&gate(), &["check", "--format", "concise", "archive"], None);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 0
    --- stdout
    archive/old.txt:1:11: suggestion[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    --- stderr
    ");
    // A flag beats the file.
    let r = run_in(
        &gate(),
        &[
            "check",
            "--format",
            "concise",
            "--fail-on",
            "suggestion",
            "archive",
        ],
        None,
    );
    assert_eq!(r.code, 1);
}

fn temp_project(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if !config.is_empty() {
        fs::write(dir.path().join("hedgelint.toml"), config).unwrap();
    }
    for (name, text) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

fn concise(dir: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec!["check", "--format", "concise"];
    args.extend_from_slice(extra);
    run_in(dir, &args, None)
}

#[test]
fn a_level_set_to_off_turns_the_rule_off() {
    let d = temp_project(
        "[levels]\n\"Attribution.Reportedly\" = \"off\"\n",
        &[("a.txt", "He reportedly left. It may have rained.\n")],
    );
    let r = concise(d.path(), &["a.txt"]);
    assert!(!r.stdout.contains("Reportedly"), "{}", r.stdout);
    assert!(r.stdout.contains("Hedging.Modal"), "{}", r.stdout);
}

#[test]
fn select_in_the_config_turns_on_an_opt_in_pack() {
    let d = temp_project(
        "select = [\"Weasel\"]\n",
        &[("a.txt", "Many people consider it one of the best films.\n")],
    );
    let r = concise(d.path(), &["a.txt"]);
    assert!(r.stdout.contains("Weasel.Quantifier"), "{}", r.stdout);
}

#[test]
fn include_exclude_and_extensions_filter_the_walk() {
    let d = temp_project(
        "exclude = [\"drafts/**\"]\nextensions = [\"txt\", \"rst\"]\n",
        &[
            ("a.txt", "He reportedly left.\n"),
            ("b.rst", "He reportedly left.\n"),
            ("c.md", "He reportedly left.\n"),
            ("drafts/d.txt", "He reportedly left.\n"),
        ],
    );
    let files: Vec<String> = concise(d.path(), &["."])
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(files, ["a.txt", "b.rst"]);
    // A file named on the command line is linted whatever the globs say...
    assert_eq!(concise(d.path(), &["drafts/d.txt"]).code, 1);
    // ...unless --force-exclude asks for the globs to hold, as a hook does.
    let r = concise(d.path(), &["--force-exclude", "drafts/d.txt", "a.txt"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(!r.stdout.contains("drafts"), "{}", r.stdout);
    let r = concise(d.path(), &["--force-exclude", "drafts/d.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert!(
        r.stderr.contains("warning: no files to lint"),
        "{}",
        r.stderr
    );
}

#[test]
fn globs_ignore_case_as_extensions_do() {
    let d = temp_project(
        "exclude = [\"Drafts/**\", \"*.OLD.txt\"]\n",
        &[
            ("a.TXT", "He reportedly left.\n"),
            ("b.old.txt", "He reportedly left.\n"),
            ("drafts/c.txt", "He reportedly left.\n"),
        ],
    );
    let files: Vec<String> = concise(d.path(), &["."])
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_owned())
        .collect();
    assert_eq!(files, ["a.TXT"]);
}

#[test]
fn the_config_baseline_is_keyed_from_the_project_root_and_works_from_any_folder() {
    let text = "The minister reportedly resigned.\n";
    let d = temp_project(
        "baseline = \"ci/baseline.json\"\n",
        &[("news/a.txt", text), ("ci/.keep", "")],
    );
    // Written from a subfolder, the keys are still relative to the project root.
    let w = concise(
        &d.path().join("news"),
        &["--write-baseline", "../ci/baseline.json", "a.txt"],
    );
    assert_eq!(w.code, 0, "{}", w.transcript());
    let json = fs::read_to_string(d.path().join("ci/baseline.json")).unwrap();
    assert!(json.contains("\"path\": \"news/a.txt\""), "{json}");
    // The configured baseline applies without a flag, from the root and from a subfolder.
    let r = concise(d.path(), &["news"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.transcript());
    assert_eq!(
        r.stderr,
        "1 finding suppressed by the baseline ci/baseline.json\n"
    );
    let r = concise(&d.path().join("news"), &["a.txt"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.transcript());
    // A new finding still fails the gate.
    fs::write(
        d.path().join("news/a.txt"),
        format!("{text}Sources said so.\n"),
    )
    .unwrap();
    let r = concise(d.path(), &["news"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    // A configured baseline that is missing is an error, not a silent pass or fail.
    fs::remove_file(d.path().join("ci/baseline.json")).unwrap();
    let r = concise(d.path(), &["news"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert!(r.stderr.contains("ci/baseline.json"), "{}", r.stderr);
}

#[test]
fn hedgelintignore_is_respected() {
    let d = temp_project(
        "",
        &[
            (".hedgelintignore", "skip/\n"),
            ("skip/a.txt", "He reportedly left.\n"),
            ("b.txt", "He reportedly left.\n"),
        ],
    );
    let r = concise(d.path(), &["."]);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("b.txt"));
}

#[test]
fn directive_comments_in_plain_text_are_not_linted_and_disable_line_works() {
    let txt = "\
Intro. <!-- hedgelint-disable-next-line Attribution.Reportedly -->
It reportedly fell.
It reportedly rose. <!-- hedgelint-disable-line Attribution -->
It reportedly held. It may have rained. <!-- hedgelint-disable-line Hedging.Modal -->
";
    for (name, text) in [
        ("a.txt", txt.to_owned()),
        ("a.md", txt.replace("Intro. ", "")),
    ] {
        let d = temp_project("", &[(name, &text)]);
        let r = concise(d.path(), &[name]);
        assert_eq!(r.code, 1, "{}", r.transcript());
        assert_eq!(
            r.stdout,
            format!(
                "{name}:4:4: warning[Attribution.Reportedly] 'reportedly' passes a claim on \
                 without saying who made it.\n"
            ),
            "{}",
            r.transcript()
        );
    }
}

#[test]
fn suppression_comments() {
    let md = "\
He reportedly left.

<!-- hedgelint-disable Attribution.Reportedly -->
She reportedly stayed. It may have rained.
<!-- hedgelint-enable -->

They reportedly met.

<!-- hedgelint-disable-next-line -->
It reportedly snowed. It may have snowed.
It reportedly hailed.

<!-- hedgelint-disable Hedging, Attribution -->
It reportedly thundered. It may have thundered.
<!-- hedgelint-enable Hedging -->
It may have cleared. It reportedly cleared.

<!-- vale off -->
It reportedly poured.
<!-- vale on -->

<!-- vale Hedging.Modal = NO -->
It may have poured. It reportedly poured again.
<!-- vale Hedging.Modal = YES -->
It may have dried.
";
    let d = temp_project("", &[("a.md", md)]);
    let r = concise(d.path(), &["a.md"]);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    a.md:1:4: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    a.md:4:27: warning[Hedging.Modal] 'may have rained' speculates about what happened. Do we know?
    a.md:7:6: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    a.md:11:4: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    a.md:16:4: warning[Hedging.Modal] 'may have cleared' speculates about what happened. Do we know?
    a.md:23:24: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    a.md:25:4: warning[Hedging.Modal] 'may have dried' speculates about what happened. Do we know?
    --- stderr
    ");
}

#[test]
fn a_directive_naming_an_unknown_rule_is_a_warning() {
    let d = temp_project(
        "",
        &[(
            "a.md",
            "<!-- hedgelint-disable Attribution.Reportedy -->\nHe reportedly left.\n",
        )],
    );
    let r = concise(d.path(), &["a.md"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "warning: a.md:1:1: unknown rule or pack `Attribution.Reportedy` in a suppression comment\n"
    );
    assert!(
        r.stdout.contains("Reportedly"),
        "an unknown name suppresses nothing: {}",
        r.stdout
    );
}

#[test]
fn directives_inside_code_blocks_do_nothing() {
    let d = temp_project(
        "",
        &[(
            "a.md",
            "```\n<!-- hedgelint-disable -->\n```\n\nHe reportedly left.\n",
        )],
    );
    assert_eq!(concise(d.path(), &["a.md"]).stdout.lines().count(), 1);
}

#[test]
fn baseline_round_trip() {
    let text = "The minister reportedly resigned. The ministry said the talks went on.\n\nSources said the vote was delayed.\n";
    let d = temp_project("", &[("news/a.txt", text)]);
    let w = concise(d.path(), &["--write-baseline", "baseline.json", "news"]);
    assert_eq!((w.code, w.stdout.as_str()), (0, ""));
    assert_eq!(
        w.stderr,
        "wrote a baseline of 2 findings to baseline.json\n"
    );
    let json = fs::read_to_string(d.path().join("baseline.json")).unwrap();
    insta::assert_snapshot!(json);

    // Nothing new.
    let r = concise(d.path(), &["--baseline", "baseline.json", "news"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(
        r.stderr,
        "2 findings suppressed by the baseline baseline.json\n"
    );

    // Lines added above a baselined finding do not bring it back; a new finding is reported.
    let moved = format!("A new intro line.\n\nIt is believed that rain fell.\n\n{text}");
    fs::write(d.path().join("news/a.txt"), &moved).unwrap();
    let r = concise(d.path(), &["--baseline", "baseline.json", "news"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "news/a.txt:3:1: warning[Attribution.AgentlessPassive] 'It is believed that': by whom? The sentence hides who holds this view.\n"
    );

    // Editing the sentence brings its finding back.
    let edited = moved.replace(
        "The minister reportedly resigned.",
        "The minister reportedly resigned on Friday.",
    );
    fs::write(d.path().join("news/a.txt"), edited).unwrap();
    let r = concise(d.path(), &["--baseline", "baseline.json", "news"]);
    assert!(
        r.stdout
            .contains("news/a.txt:5:14: warning[Attribution.Reportedly]"),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stderr,
        "1 finding suppressed by the baseline baseline.json\n"
    );
}

#[test]
fn init_writes_a_starter_that_loads_and_refuses_to_overwrite() {
    let d = temp_project("", &[("a.txt", "He reportedly left.\n")]);
    let r = run_in(d.path(), &["init"], None);
    assert_eq!((r.code, r.stderr.as_str()), (0, "wrote hedgelint.toml\n"));
    assert_eq!(concise(d.path(), &["a.txt"]).code, 1);
    let r = run_in(d.path(), &["init"], None);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            2,
            "error: hedgelint.toml already exists; not replacing it\n"
        )
    );
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let r = run_in(&gate(), &["completions", shell], None);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("hedgelint"), "{shell}");
        assert!(r.stdout.contains("check"), "{shell}");
    }
}

#[test]
fn file_errors_reach_github_annotations_and_sarif_notifications() {
    let d = temp_project("", &[("a.txt", "He reportedly left.\n")]);
    fs::write(d.path().join("bad.txt"), b"caf\xe9 au lait\n").unwrap();
    let r = run_in(
        d.path(),
        &["check", "--format", "github", "a.txt", "bad.txt"],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].starts_with("::warning file=a.txt,"),
        "{}",
        r.stdout
    );
    assert!(
        lines[1].starts_with("::error file=bad.txt,title=hedgelint::"),
        "{}",
        r.stdout
    );

    let r = run_in(
        d.path(),
        &["check", "--format", "sarif", "a.txt", "bad.txt"],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.transcript());
    let log: serde_sarif::sarif::Sarif = serde_json::from_str(&r.stdout).unwrap();
    let invocation = &log.runs[0].invocations.as_ref().unwrap()[0];
    assert!(!invocation.execution_successful);
    let notes = invocation.tool_execution_notifications.as_ref().unwrap();
    assert_eq!(notes.len(), 1);
    let location = &notes[0].locations.as_ref().unwrap()[0];
    let uri = location
        .physical_location
        .as_ref()
        .unwrap()
        .artifact_location
        .as_ref()
        .unwrap();
    assert_eq!(uri.uri.as_deref(), Some("bad.txt"));
    assert_eq!(log.runs[0].results.as_ref().unwrap().len(), 1);
}

#[test]
fn rules_explain_and_test_rules_read_the_configuration() {
    // hedgelint.toml's `rules = ["styles"]` adds Gate.Odd, as it does for `check`.
    let listed = run_in(&gate(), &["rules"], None);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(listed.stdout.lines().any(|l| l.starts_with("Gate.Odd ")));
    let isolated = run_in(&gate(), &["rules", "--isolated"], None);
    assert!(!isolated.stdout.contains("Gate.Odd"));
    let explained = run_in(&gate(), &["explain", "Gate.Odd"], None);
    assert_eq!(explained.code, 0, "{}", explained.stderr);
    assert!(
        explained
            .stdout
            .starts_with("Gate.Odd (error, existence)\n")
    );
    let tested = run_in(&gate(), &["test-rules"], None);
    assert!(
        tested
            .stdout
            .contains("note: 1 without examples: Gate.Odd\n"),
        "{}",
        tested.stdout
    );
    // A Vale project lists the styles its .vale.ini names, and not the news packs.
    let vale = common::fixtures().join("vale");
    let listed = run_in(&vale, &["rules"], None);
    assert!(listed.stdout.lines().any(|l| l.starts_with("Demo.Hedge ")));
    assert!(!listed.stdout.contains("Attribution."));
    let with_news = run_in(&vale, &["rules", "--default-rules"], None);
    assert!(with_news.stdout.contains("Attribution.Reportedly"));
    // `--config` names the file, as with `check`.
    let by_flag = run_in(
        &common::fixtures(),
        &["rules", "--config", "gate/hedgelint.toml"],
        None,
    );
    assert!(by_flag.stdout.contains("Gate.Odd"), "{}", by_flag.stderr);
}

#[test]
fn gitlab_code_quality_format() {
    let r = run_in(&gate(), &["check", "--format", "gitlab"], None);
    assert_eq!(r.code, 1);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("a JSON array");
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::BTreeSet::new();
    for issue in &issues {
        // The fields GitLab's Code Quality widget requires.
        for field in [
            "description",
            "check_name",
            "fingerprint",
            "severity",
            "location",
        ] {
            assert!(issue.get(field).is_some(), "{field} missing in {issue}");
        }
        assert!(["info", "minor", "major"].contains(&issue["severity"].as_str().unwrap_or("")));
        assert!(issue["location"]["positions"]["begin"]["line"].as_u64() >= Some(1));
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap_or("").to_owned()));
    }
    // Paths and fingerprints are the same when the run starts in a subfolder.
    let sub = run_in(
        &gate().join("news"),
        &["check", "--format", "gitlab", "."],
        None,
    );
    let sub: Vec<serde_json::Value> = serde_json::from_str(&sub.stdout).expect("a JSON array");
    let in_news: Vec<&serde_json::Value> = issues
        .iter()
        .filter(|i| {
            i["location"]["path"]
                .as_str()
                .is_some_and(|p| p.starts_with("news/"))
        })
        .collect();
    assert_eq!(sub.iter().collect::<Vec<_>>(), in_news);
    insta::assert_snapshot!(r.transcript());
}

#[test]
fn gitlab_fingerprints_are_unique_for_repeated_phrases() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    fs::write(
        dir.path().join("a.txt"),
        "He reportedly left, and reportedly came back, reportedly.\n",
    )
    .expect("write");
    let r = run_in(dir.path(), &["check", "--format", "gitlab", "a.txt"], None);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("a JSON array");
    let prints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(prints.len(), 3);
    assert_eq!(prints[1], format!("{}-2", prints[0]));
    assert_eq!(prints[2], format!("{}-3", prints[0]));
}

#[test]
fn show_files_says_what_is_linted_and_why_the_rest_is_skipped() {
    let dir = temp_project(
        "include = [\"news/**\", \"drafts/**\"]\nexclude = [\"drafts/scratch/**\"]\n",
        &[
            (".gitignore", "build/\n"),
            ("build/out.txt", "x\n"),
            (".cache/a.txt", "x\n"),
            ("news/a.txt", "x\n"),
            ("news/b.MD", "x\n"),
            ("news/photo.jpg", "x\n"),
            ("drafts/scratch/c.txt", "x\n"),
            ("notes/d.txt", "x\n"),
        ],
    );
    let r = run_in(dir.path(), &["check", "--show-files"], None);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 0
    --- stdout
    skip  .cache/: hidden folder
    skip  .gitignore: hidden file
    skip  build/: folder matched by an ignore file (.gitignore, .ignore or .hedgelintignore)
    skip  drafts/scratch/c.txt: excluded by `drafts/scratch/**` (hedgelint.toml:2)
    skip  hedgelint.toml: extension `.toml` is not linted (linted: txt, md, markdown, rst)
    lint  news/a.txt
    lint  news/b.MD
    skip  news/photo.jpg: extension `.jpg` is not linted (linted: txt, md, markdown, rst)
    skip  notes/d.txt: matches no `include` glob (hedgelint.toml)
    --- stderr
    2 files would be linted, 7 skipped
    ");
    // A file named on the command line is linted whatever `exclude` says, unless
    // --force-exclude applies the configuration to it too; nothing is linted either way.
    let named = run_in(dir.path(), &["check", "--show-files", "notes/d.txt"], None);
    assert_eq!(named.stdout, "lint  notes/d.txt\n");
    let forced = run_in(
        dir.path(),
        &["check", "--show-files", "--force-exclude", "notes/d.txt"],
        None,
    );
    assert_eq!(
        forced.stdout,
        "skip  notes/d.txt: matches no `include` glob (hedgelint.toml)\n"
    );
}

#[test]
fn show_settings_names_where_each_setting_came_from() {
    let r = run_in(
        &gate(),
        &[
            "check",
            "--show-settings",
            "archive/old.txt",
            "--select",
            "Attribution.Reportedly,Hedging,Gate",
            "--min-level",
            "suggestion",
        ],
        None,
    );
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 0
    --- stdout
    file         archive/old.txt
    key          archive/old.txt (relative to the project root)
    config       hedgelint.toml
    vale         none
    format       plain text (the file's extension)
    fail-on      never (hedgelint.toml:10)
    min-level    suggestion (--min-level)
    front-matter title, description, summary (default)
    rules        2 of 22 run
      Attribution.AccordingTo       off         --select
      Attribution.AgentlessPassive  off         --select
      Attribution.Allegedly         off         --select
      Attribution.AnonymousSource   off         --select
      Attribution.IsConsidered      off         --select
      Attribution.Reportedly        suggestion  hedgelint.toml:13
      Attribution.SecondHandReport  off         --select
      Attribution.UnnamedStudies    off         --select
      Attribution.VagueSource       off         --select
      Gate.Odd                      error       the rule's own level
      Hedging.AppearsSeems          off         hedgelint.toml:14
      Hedging.Approximator          off         hedgelint.toml:14
      Hedging.Likely                off         hedgelint.toml:14
      Hedging.Modal                 off         hedgelint.toml:14
      Hedging.Probably              off         hedgelint.toml:14
      Hedging.Speculation           off         hedgelint.toml:14
      Hedging.UnclearWhether        off         hedgelint.toml:14
      Hedging.VagueQuantifier       off         hedgelint.toml:14
      Weasel.Generalization         off         --select
      Weasel.Peacock                off         --select
      Weasel.Puffery                off         --select
      Weasel.Quantifier             off         --select
    --- stderr
    ");
    let r = run_in(
        &gate(),
        &["check", "--show-settings", "news/brief.txt"],
        None,
    );
    assert!(
        r.stdout
            .contains("\nfail-on      warning (hedgelint.toml:2)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\n  Hedging.Modal                 error       hedgelint.toml:6\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "\n  Weasel.Puffery                off         opt-in: off unless selected\n"
        ),
        "{}",
        r.stdout
    );
    // A Vale project's levels come from .vale.ini.
    let vale = common::fixtures().join("vale");
    let r = run_in(
        &vale,
        &["check", "--show-settings", "content/guide.md"],
        None,
    );
    assert!(
        r.stdout.contains("\nvale         .vale.ini\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\nfront-matter none (.vale.ini: Vale lints no front matter)\n"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\n  Demo.Exclaim         off         .vale.ini\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn front_matter_values_are_linted_at_their_place_and_the_config_chooses_the_keys() {
    let story = "---\ntitle: Minister reportedly quits\ndate: 2024-05-01\n\
                 description: \"Critics argue the plan will fail\"\n\
                 author: Sources say\ntags: [reportedly]\n---\n\nThe minister quit on Monday.\n";
    let toml_story =
        "+++\ntitle = 'It is believed to be over'\nslug = \"reportedly\"\n+++\n\nText.\n";
    let dir = temp_project(
        "",
        &[
            ("story.md", story),
            ("toml.md", toml_story),
            ("plain.txt", story),
        ],
    );
    let r = run_in(
        dir.path(),
        &["check", "--format", "concise", "story.md", "toml.md"],
        None,
    );
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    story.md:2:17: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    story.md:4:15: warning[Attribution.VagueSource] 'Critics argue' leans on an unnamed crowd. Who, exactly?
    toml.md:2:10: warning[Attribution.AgentlessPassive] 'It is believed': by whom? The sentence hides who holds this view.
    --- stderr
    ");
    // In plain text a `---` block is prose like the rest (and YAML's quotes are quotes).
    let r = run_in(
        dir.path(),
        &["check", "--format", "concise", "plain.txt"],
        None,
    );
    let places: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.split(": ").next())
        .collect();
    assert_eq!(places, ["plain.txt:2:17", "plain.txt:5:9", "plain.txt:6:8"]);
    // The configuration chooses the keys; an empty list lints no front matter.
    fs::write(
        dir.path().join("hedgelint.toml"),
        "front-matter = [\"author\"]\n",
    )
    .unwrap();
    let r = run_in(
        dir.path(),
        &["check", "--format", "concise", "story.md"],
        None,
    );
    assert_eq!(
        r.stdout,
        "story.md:5:9: warning[Attribution.AnonymousSource] 'Sources say' cites a source the reader cannot identify.\n"
    );
    let r = run_in(dir.path(), &["check", "--show-settings", "story.md"], None);
    assert!(
        r.stdout
            .contains("\nfront-matter author (hedgelint.toml:1)\n"),
        "{}",
        r.stdout
    );
    fs::write(dir.path().join("hedgelint.toml"), "front-matter = []\n").unwrap();
    let r = run_in(dir.path(), &["check", "story.md", "toml.md"], None);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "No findings in 2 files.\n")
    );
}
