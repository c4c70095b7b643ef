//! One fixture through every `--format`, a named snapshot each, and the same for a run with
//! no findings; and `full` with colour forced on.

mod common;

use std::path::PathBuf;

const FORMATS: [&str; 9] = [
    "full",
    "concise",
    "json",
    "jsonl",
    "github",
    "checkstyle",
    "gitlab",
    "sarif",
    "html",
];

fn formats_fixture() -> PathBuf {
    common::fixtures().join("formats")
}

#[test]
fn every_format_with_findings() {
    for format in FORMATS {
        let r = common::run_in(
            &formats_fixture(),
            &[
                "check",
                "--format",
                format,
                "--statistics",
                "story & notes.md",
            ],
            None,
        );
        insta::assert_snapshot!(
            format!("output_format_{format}"),
            r.transcript_without_root()
        );
    }
}

#[test]
fn every_format_with_no_findings() {
    for format in FORMATS {
        let r = common::run_in(
            &formats_fixture(),
            &["check", "--format", format, "clean"],
            None,
        );
        insta::assert_snapshot!(format!("no_findings_{format}"), r.transcript_without_root());
    }
}

#[test]
fn colour_forced_on() {
    let r = common::run_in(
        &formats_fixture(),
        &["check", "--color", "always", "story & notes.md"],
        None,
    );
    insta::assert_snapshot!("color_always_full", r.transcript());
}

/// Output that cannot be written (a full disk) is an error, not a clean exit; only a closed
/// pipe ends a run quietly.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error() {
    let full = std::fs::File::create("/dev/full").expect("/dev/full exists on Linux");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hedgelint"))
        .args(["check", "story & notes.md"])
        .current_dir(formats_fixture())
        .env("NO_COLOR", "1")
        .stdout(full)
        .output()
        .expect("hedgelint runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot write the output: No space left on device\n"
    );
}
