//! Record mode (`check --input-format jsonl`): each JSON line's text is a document of its own.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::run_in;
use hedgelint::records::RecordFields;
use hedgelint::session::{Options, Session};

fn records() -> PathBuf {
    common::fixtures().join("records")
}

fn jsonl(extra: &[&str]) -> common::Run {
    let mut args = vec!["check", "--input-format", "jsonl"];
    args.extend_from_slice(extra);
    run_in(&records(), &args, None)
}

#[test]
fn each_record_is_a_document_and_bad_lines_are_errors_with_their_line() {
    let r = jsonl(&["archive.jsonl"]);
    insta::assert_snapshot!(r.transcript(), @r#"
    exit: 2
    --- stdout
    warning[Attribution.Reportedly]: 'reportedly' passes a claim on without saying who made it.
     --> archive.jsonl#wn-101:1:14
      |
    1 | The minister reportedly resigned on Monday.
      |              ^^^^^^^^^^ whose claim?
      |
      = help: Name who reported it ("The Times reported that ..."), or confirm it and drop the adverb.
      = note: https://en.wikipedia.org/wiki/Wikipedia:Manual_of_Style/Words_to_watch#Unsupported_attributions

    warning[Attribution.AnonymousSource]: 'Sources say' cites a source the reader cannot identify.
     --> archive.jsonl#wn-101:3:1
      |
    3 | Sources say the deal collapsed.
      | ^^^^^^^^^^^ who is the source?
      |
      = help: Say why the source is anonymous and how they know ("an official who was in the room, speaking on condition of anonymity because ...").
      = note: https://www.spj.org/ethicscode.asp

    warning[Attribution.AgentlessPassive]: 'It is believed that': by whom? The sentence hides who holds this view.
     --> archive.jsonl#7:1:1
      |
    1 | It is believed that the plan will fail.
      | ^^^^^^^^^^^^^^^^^^^ by whom?
      |
      = help: Name the source ("Police believe ...", "Officials said he ..."), or state the fact yourself if it is confirmed.
      = note: https://en.wikipedia.org/wiki/Wikipedia:Manual_of_Style/Words_to_watch#Unsupported_attributions

    Found 3 findings (3 warnings) in 2 records of 3.
    --- stderr
    error: archive.jsonl:3: not a JSON object: EOF while parsing a string at column 33
    error: archive.jsonl:4: no `text` field
    error: archive.jsonl:6: `text` is an array, not a string
    "#);
}

#[test]
fn machine_formats_carry_the_record_id_as_written() {
    let r = jsonl(&["--format", "jsonl", "archive.jsonl"]);
    let ids: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| {
            assert_eq!(v["path"], "archive.jsonl");
            v["record"].clone()
        })
        .collect();
    assert_eq!(
        ids,
        [
            serde_json::json!("wn-101"),
            serde_json::json!("wn-101"),
            serde_json::json!(7)
        ]
    );
    let r = jsonl(&["--format", "json", "archive.jsonl"]);
    let all: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(all[0]["record"], "wn-101");
    assert_eq!(
        (all[0]["line"].as_u64(), all[0]["column"].as_u64()),
        (Some(1), Some(14))
    );
    let r = jsonl(&["--format", "sarif", "archive.jsonl"]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["properties"]["record"], "wn-101");
    assert_eq!(results[2]["properties"]["record"], 7);
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "archive.jsonl");
    // The fingerprints of two records' findings differ even at the same place.
    let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes.as_array().map(Vec::len), Some(3), "{notes}");
}

#[test]
fn nested_fields_and_the_record_format() {
    let nested = |extra: &[&str]| {
        let mut args = vec!["--format", "concise", "--text-field", "article.body"];
        args.extend(["--id-field", "meta.url", "nested.jsonl"]);
        args.extend_from_slice(extra);
        jsonl(&args)
    };
    let r = nested(&["--record-format", "markdown"]);
    insta::assert_snapshot!(r.transcript(), @r"
    exit: 1
    --- stdout
    nested.jsonl#https://example.org/a:3:1: warning[Attribution.VagueSource] 'Officials said' leans on an unnamed crowd. Who, exactly?
    nested.jsonl#https://example.org/a:3:26: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.
    --- stderr
    ");
    // Read as plain text, the code block's "reportedly" counts too.
    let r = nested(&[]);
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
}

#[test]
fn standard_input_is_read_when_no_file_is_named() {
    let input = "{\"id\": 1, \"text\": \"He reportedly left.\"}\n";
    let r = run_in(
        &records(),
        &["check", "--input-format", "jsonl", "--format", "concise"],
        Some(input),
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (
            1,
            "<stdin>#1:1:4: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.\n"
        )
    );
    let r = run_in(
        &records(),
        &[
            "check",
            "--input-format",
            "jsonl",
            "--stdin-filename",
            "feed.md",
            "-",
        ],
        Some("{\"id\": 1, \"text\": \"`reportedly`\"}\n"),
    );
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "No findings in 1 record.\n")
    );
}

#[test]
fn unreadable_inputs_and_folders_are_errors_and_the_rest_is_linted() {
    let r = jsonl(&["--format", "concise", "missing.jsonl", ".", "archive.jsonl"]);
    assert_eq!(r.code, 2, "{}", r.transcript());
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
    assert!(r.stderr.contains("error: missing.jsonl: "), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: .: a folder; record mode reads JSONL files or standard input"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_baseline_of_records_hides_their_findings_again() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(records().join("archive.jsonl"), dir.path().join("a.jsonl")).unwrap();
    let args = ["check", "--input-format", "jsonl", "a.jsonl"];
    let mut write = args.to_vec();
    write.extend(["--write-baseline", "b.json"]);
    let r = run_in(dir.path(), &write, None);
    assert!(
        r.stderr.contains("wrote a baseline of 3 findings"),
        "{}",
        r.stderr
    );
    let mut with = args.to_vec();
    with.extend(["--baseline", "b.json", "--format", "concise"]);
    let r = run_in(dir.path(), &with, None);
    assert_eq!(r.stdout, "", "{}", r.transcript());
    assert!(
        r.stderr.contains("3 findings suppressed by the baseline"),
        "{}",
        r.stderr
    );
}

/// The findings of a run, as (document, rule, line, column, end line, end column, matched).
type Places = BTreeSet<(String, String, usize, usize, usize, usize, String)>;

fn places(run: &hedgelint::session::Run) -> Places {
    run.files
        .iter()
        .flat_map(|f| {
            f.findings.iter().map(|x| {
                (
                    f.name.clone(),
                    x.rule.id.clone(),
                    x.line,
                    x.column,
                    x.end_line,
                    x.end_column,
                    x.matched.clone(),
                )
            })
        })
        .collect()
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wikinews");
    dir.is_dir().then_some(dir)
}

/// Every article of the corpus as a record gives the findings the article gives as a file,
/// read in batches small enough that the stream is linted in many of them.
#[test]
fn records_give_the_findings_of_the_same_text_as_files() {
    let Some(corpus) = corpus() else {
        eprintln!("SKIPPED: no corpus at ../shared/corpus/wikinews");
        return;
    };
    let mut names: Vec<PathBuf> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    assert!(names.len() > 100, "{} articles", names.len());
    let dir = tempfile::tempdir().unwrap();
    let mut stream = String::new();
    for path in &names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(path).unwrap();
        stream.push_str(&serde_json::json!({"id": name, "text": text}).to_string());
        stream.push('\n');
        fs::write(dir.path().join(&name), &text).unwrap();
    }
    fs::write(dir.path().join("corpus.jsonl"), &stream).unwrap();
    let options = |paths: Vec<PathBuf>, records: bool| Options {
        cwd: dir.path().to_path_buf(),
        paths,
        config: hedgelint::settings::ConfigSource::Isolated,
        records: records.then(RecordFields::default),
        ..Options::default()
    };
    // Paths are read as given (relative ones from the process's folder), so absolute here.
    let files = Session::new(options(vec![dir.path().to_path_buf()], false))
        .unwrap()
        .run(&());
    // Streamed in small batches: the same reports in the same order, and an error from
    // `each` stops the run there.
    let session = Session::new(options(vec![dir.path().to_path_buf()], false)).unwrap();
    let plan = session.plan();
    assert_eq!(plan.inputs.len(), names.len());
    let mut streamed = hedgelint::session::Run::default();
    session
        .run_each(&plan, 16 << 10, &(), &mut |r| {
            streamed.files.push(r);
            Ok(())
        })
        .unwrap();
    let order = |run: &hedgelint::session::Run| -> Vec<String> {
        run.files.iter().map(|f| f.name.clone()).collect()
    };
    assert_eq!(order(&streamed), order(&files));
    assert_eq!(places(&streamed), places(&files));
    let mut seen = 0;
    let stopped = session.run_each(&plan, 16 << 10, &(), &mut |_| {
        seen += 1;
        if seen == 10 {
            Err(std::io::Error::other("the disk is full"))
        } else {
            Ok(())
        }
    });
    assert_eq!(
        stopped.map_err(|e| e.to_string()),
        Err("the disk is full".into())
    );
    assert_eq!(seen, 10);
    let by_file: Places = places(&files)
        .into_iter()
        .map(|(name, a, b, c, d, e, f)| {
            let file = Path::new(&name).file_name().unwrap().to_string_lossy();
            (file.into_owned(), a, b, c, d, e, f)
        })
        .collect();
    let session = Session::new(options(vec![dir.path().join("corpus.jsonl")], true)).unwrap();
    let mut reports = hedgelint::session::Run::default();
    let errors = session
        .run_records(64 << 10, &mut |r| {
            reports.files.push(r);
            Ok(())
        })
        .unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(reports.files.len(), names.len());
    let by_record: Places = places(&reports)
        .into_iter()
        .map(|(name, a, b, c, d, e, f)| {
            let id = name
                .split_once("corpus.jsonl#")
                .map(|(_, id)| id.to_owned());
            (id.unwrap_or(name), a, b, c, d, e, f)
        })
        .collect();
    assert!(by_file.len() > 100, "{} findings", by_file.len());
    assert_eq!(by_record, by_file);
}

#[test]
fn the_html_report_gives_each_record_a_section() {
    let r = jsonl(&["--format", "html", "archive.jsonl"]);
    let page = scraper::Html::parse_document(&r.stdout);
    let findings = scraper::Selector::parse("[data-rule]").unwrap();
    assert_eq!(page.select(&findings).count(), 3);
    let text = page.root_element().text().collect::<String>();
    assert!(text.contains("archive.jsonl#wn-101"), "{}", r.stdout);
    assert!(text.contains("archive.jsonl#7"), "{}", r.stdout);
}

#[test]
fn an_id_with_a_hash_keeps_the_input_path_whole() {
    let r = jsonl(&["--format", "sarif", "hashes.jsonl"]);
    let log: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["properties"]["record"], "a#b");
    let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "hashes.jsonl");
    let r = jsonl(&["--format", "gitlab", "hashes.jsonl"]);
    let issues: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(issues[0]["location"]["path"], "hashes.jsonl");
}
