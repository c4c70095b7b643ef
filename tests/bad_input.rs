//! Bad input files: each case is a CLI run with the exact exit code
//! and message. After every per-file error the other files are still linted, and the exit code
//! is 2. A run that could hang is killed after a limit and fails with what it printed.
//!
//! Unix-only: FIFOs, symbolic links, permissions and `/dev/zero`.
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

const BIN: &str = env!("CARGO_BIN_EXE_hedgelint");

/// What `good.txt` holds, and the line hedgelint prints for it in `concise` format.
const GOOD: &str = "good reportedly\n";
const GOOD_LINE: &str = "good.txt:1:6: warning[Attribution.Reportedly] 'reportedly' passes a claim on without saying who made it.\n";

/// `hedgelint <args>` in `dir`, killed after `limit`.
fn hedgelint(dir: &Path, args: &[&str], limit: Duration) -> common::Run {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir);
    common::run_command(cmd, None, limit).unwrap_or_else(|e| panic!("{e}"))
}

/// `hedgelint check --format concise <paths>` in `dir` (built-in rules), killed after 10 s.
fn check(dir: &Path, paths: &[&str]) -> common::Run {
    let mut args = vec!["check", "--format", "concise"];
    args.extend(paths);
    hedgelint(dir, &args, Duration::from_secs(10))
}

/// A temp folder with `good.txt` in it.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    dir
}

fn assert_run(r: &common::Run, code: i32, stdout: &str, stderr: &str) {
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (code, stdout, stderr),
        "\n{}",
        r.transcript()
    );
}

// --- Empty files and byte order marks -------------------------------------------------------

#[test]
fn empty_file() {
    let dir = folder();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("empty.md"), "").unwrap();
    assert_run(&check(dir.path(), &["empty.txt", "empty.md"]), 0, "", "");
    let r = hedgelint(dir.path(), &["check", "empty.txt"], Duration::from_secs(10));
    assert_run(&r, 0, "No findings in 1 file.\n", "");
}

#[test]
fn file_with_only_a_bom() {
    let dir = folder();
    fs::write(dir.path().join("bom.txt"), b"\xef\xbb\xbf").unwrap();
    fs::write(dir.path().join("bom.md"), b"\xef\xbb\xbf").unwrap();
    assert_run(&check(dir.path(), &["bom.txt", "bom.md"]), 0, "", "");
}

/// Columns do not count the BOM; byte offsets do.
#[test]
fn bom_before_text() {
    let dir = folder();
    fs::write(
        dir.path().join("bom.txt"),
        "\u{feff}It reportedly rained.\n",
    )
    .unwrap();
    let r = check(dir.path(), &["bom.txt"]);
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert!(
        r.stdout
            .starts_with("bom.txt:1:4: warning[Attribution.Reportedly] ")
    );
    let r = hedgelint(
        dir.path(),
        &["check", "--format", "jsonl", "bom.txt"],
        Duration::from_secs(10),
    );
    assert!(
        r.stdout
            .contains(r#""line":1,"column":4,"end_line":1,"end_column":14,"byte_start":6,"byte_end":16,"matched":"reportedly""#),
        "{}",
        r.stdout
    );
}

// --- Invalid UTF-8 and UTF-16 ---------------------------------------------------------------

/// Invalid UTF-8 is refused (not decoded lossily): the error names the file and the offset of
/// the first bad byte in the file, and the other files are still linted.
#[test]
fn invalid_utf8_in_the_middle() {
    let dir = folder();
    fs::write(dir.path().join("bad.txt"), b"abcde\xff reportedly\n").unwrap();
    assert_run(
        &check(dir.path(), &["bad.txt", "good.txt"]),
        2,
        GOOD_LINE,
        "error: bad.txt: invalid UTF-8 at byte offset 5\n",
    );
    // The offset counts a BOM; a truncated character at the end is found too.
    fs::write(dir.path().join("bom.txt"), b"\xef\xbb\xbfab\xffc").unwrap();
    fs::write(dir.path().join("cut.md"), b"caf\xc3").unwrap();
    assert_run(
        &check(dir.path(), &["bom.txt", "cut.md", "good.txt"]),
        2,
        GOOD_LINE,
        "error: bom.txt: invalid UTF-8 at byte offset 5\nerror: cut.md: invalid UTF-8 at byte offset 3\n",
    );
}

/// The same while walking a folder (it is text, not binary: an error, not a skip).
#[test]
fn invalid_utf8_in_a_walked_folder() {
    let dir = folder();
    fs::write(dir.path().join("bad.txt"), b"abcde\xff reportedly\n").unwrap();
    assert_run(
        &check(dir.path(), &["."]),
        2,
        GOOD_LINE,
        "error: bad.txt: invalid UTF-8 at byte offset 5\n",
    );
}

#[test]
fn invalid_utf8_on_standard_input() {
    let dir = folder();
    let mut cmd = Command::new(BIN);
    cmd.args(["check", "--format", "concise", "-", "good.txt"])
        .current_dir(dir.path());
    let r = common::run_command(
        cmd,
        Some(b"ok \xc3\x28 reportedly".to_vec()),
        Duration::from_secs(10),
    )
    .unwrap();
    assert_run(
        &r,
        2,
        GOOD_LINE,
        "error: <stdin>: invalid UTF-8 at byte offset 3\n",
    );
}

/// UTF-16 with a BOM (either byte order) is refused with a clear message, named or walked.
#[test]
fn utf16_with_bom_is_refused() {
    let dir = folder();
    let text = "It reportedly rained.\n";
    let mut le = vec![0xff, 0xfe];
    let mut be = vec![0xfe, 0xff];
    for u in text.encode_utf16() {
        le.extend(u.to_le_bytes());
        be.extend(u.to_be_bytes());
    }
    fs::write(dir.path().join("le.txt"), &le).unwrap();
    fs::write(dir.path().join("be.md"), &be).unwrap();
    let msg = "UTF-16 text is not supported; convert it to UTF-8";
    assert_run(
        &check(dir.path(), &["le.txt", "be.md", "good.txt"]),
        2,
        GOOD_LINE,
        &format!("error: be.md: {msg}\nerror: le.txt: {msg}\n"),
    );
    assert_run(
        &check(dir.path(), &["."]),
        2,
        GOOD_LINE,
        &format!("error: be.md: {msg}\nerror: le.txt: {msg}\n"),
    );
}

// --- Binary files ---------------------------------------------------------------------------

/// A binary file (a NUL byte) met while walking is skipped quietly, as ripgrep does.
#[test]
fn binary_file_in_a_walked_folder_is_skipped() {
    let dir = folder();
    fs::write(dir.path().join("bin.txt"), b"a\x00b reportedly\n").unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(
        dir.path().join("sub/data.md"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    assert_run(&check(dir.path(), &["."]), 1, GOOD_LINE, "");
}

// --- Very long lines ------------------------------------------------------------------------

/// A single line of about `bytes` bytes: clean news sentences with a `reportedly` sentence
/// every `every` sentences. Returns the text and how many findings it holds.
fn long_line(bytes: usize, every: usize) -> (String, usize) {
    let clean = "The council approved the budget on Tuesday after a long debate. ";
    let hit = "The minister reportedly resigned. ";
    let mut s = String::with_capacity(bytes + 100);
    let mut n = 0;
    let mut i = 0;
    while s.len() < bytes {
        i += 1;
        if i % every == 0 {
            s.push_str(hit);
            n += 1;
        } else {
            s.push_str(clean);
        }
    }
    (s, n)
}

fn long_line_case(bytes: usize, every: usize, format: &str, limit: Duration) {
    let dir = folder();
    let (text, n) = long_line(bytes, every);
    fs::write(dir.path().join("long.txt"), &text).unwrap();
    drop(text);
    let r = hedgelint(
        dir.path(),
        &["check", "--format", format, "long.txt", "good.txt"],
        limit,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let count = r.stdout.matches("warning[Attribution.Reportedly]").count();
    assert_eq!(count, n + 1);
    if format == "concise" {
        assert!(r.stdout.starts_with(GOOD_LINE));
        let last = r.stdout.lines().last().unwrap();
        let col = text_column_of_last_hit(bytes, every);
        assert!(
            last.starts_with(&format!("long.txt:1:{col}: ")),
            "{last} (expected column {col})"
        );
    }
}

/// The column of the last `reportedly` in [`long_line`] (all ASCII, so bytes = characters).
fn text_column_of_last_hit(bytes: usize, every: usize) -> usize {
    let (text, _) = long_line(bytes, every);
    text.rfind("reportedly").unwrap() + 1
}

/// A 5 MB line with about 5,000 findings, `concise`.
#[test]
fn five_mb_single_line_concise() {
    long_line_case(5 << 20, 16, "concise", Duration::from_secs(30));
}

/// The same in the default `full` format, which shows the source line under each finding.
#[test]
fn five_mb_single_line_full_format() {
    long_line_case(5 << 20, 16, "full", Duration::from_secs(30));
}

/// A 5 MB line where every sentence is a finding (about 160,000 findings).
#[test]
fn five_mb_single_line_dense_findings() {
    long_line_case(5 << 20, 1, "concise", Duration::from_secs(30));
}

/// A 100 MB single line (about 100,000 findings). Slow in a debug build even when linear;
/// run with `cargo test --release --test bad_input -- --ignored`.
#[test]
#[ignore = "100 MB: run with --ignored"]
fn hundred_mb_single_line() {
    long_line_case(100 << 20, 16, "concise", Duration::from_secs(120));
}

/// A file above `--max-file-size` is skipped with a warning, not an error.
#[test]
fn file_above_the_size_cap_is_skipped_with_a_note() {
    let dir = folder();
    fs::write(dir.path().join("big.txt"), "reportedly ".repeat(200)).unwrap();
    let r = hedgelint(
        dir.path(),
        &[
            "check",
            "--format",
            "concise",
            "--max-file-size",
            "1K",
            "big.txt",
            "good.txt",
        ],
        Duration::from_secs(10),
    );
    assert_run(
        &r,
        1,
        GOOD_LINE,
        "warning: big.txt: skipped, larger than the 1 KiB size cap (--max-file-size)\n",
    );
}

// --- Paths that are not files ---------------------------------------------------------------

/// A file that disappears between listing and reading cannot be staged deterministically; a
/// path list with one missing file in the middle stands for it.
#[test]
fn missing_file_in_a_path_list() {
    let dir = folder();
    fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    fs::write(dir.path().join("b.txt"), GOOD).unwrap();
    let a = GOOD_LINE.replace("good.txt", "a.txt");
    let b = GOOD_LINE.replace("good.txt", "b.txt");
    assert_run(
        &check(dir.path(), &["a.txt", "gone.txt", "b.txt"]),
        2,
        &format!("{a}{b}"),
        "error: gone.txt: No such file or directory\n",
    );
}

#[test]
fn a_missing_file_alone_prints_only_its_error() {
    let dir = folder();
    let r = hedgelint(dir.path(), &["check", "nope.txt"], Duration::from_secs(10));
    assert_run(&r, 2, "", "error: nope.txt: No such file or directory\n");
}

const NOTHING_TO_LINT: &str = "warning: no files to lint: no path holds a file with a linted \
     extension that the configuration does not exclude\n";

#[test]
fn a_run_that_lints_nothing_warns_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    fs::create_dir(dir.path().join("other")).unwrap();
    fs::write(dir.path().join("other/notes.csv"), GOOD).unwrap();
    fs::create_dir(dir.path().join("excluded")).unwrap();
    fs::write(dir.path().join("excluded/story.txt"), GOOD).unwrap();
    fs::write(
        dir.path().join("hedgelint.toml"),
        "exclude = [\"excluded/**\"]\n",
    )
    .unwrap();
    for path in ["empty", "other", "excluded"] {
        let r = hedgelint(dir.path(), &["check", path], Duration::from_secs(10));
        assert_run(&r, 0, "No files linted.\n", NOTHING_TO_LINT);
    }
    let r = hedgelint(
        dir.path(),
        &["check", "--format", "json", "empty"],
        Duration::from_secs(10),
    );
    assert_run(&r, 0, "[]\n", NOTHING_TO_LINT);
}

#[test]
fn symlink_loop_named_on_the_command_line() {
    let dir = folder();
    std::os::unix::fs::symlink("loop2", dir.path().join("loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", dir.path().join("loop2")).unwrap();
    std::os::unix::fs::symlink("missing.txt", dir.path().join("dangling.txt")).unwrap();
    assert_run(
        &check(dir.path(), &["loop1", "dangling.txt", "good.txt"]),
        2,
        GOOD_LINE,
        "error: loop1: Too many levels of symbolic links\nerror: dangling.txt: No such file or directory\n",
    );
}

/// Inside a walked folder, symbolic links are not followed (as in ripgrep without `-L`), so a
/// loop is never entered and a link to a folder or file is skipped quietly.
#[test]
fn symlink_loop_inside_a_walked_folder() {
    let dir = folder();
    let sub = dir.path().join("d");
    fs::create_dir(&sub).unwrap();
    std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
    std::os::unix::fs::symlink("../d", sub.join("self")).unwrap();
    std::os::unix::fs::symlink("l2.txt", sub.join("l1.txt")).unwrap();
    std::os::unix::fs::symlink("l1.txt", sub.join("l2.txt")).unwrap();
    std::os::unix::fs::symlink("../good.txt", sub.join("link.txt")).unwrap();
    fs::write(sub.join("x.txt"), GOOD).unwrap();
    let x = GOOD_LINE.replace("good.txt", "d/x.txt");
    assert_run(
        &check(dir.path(), &["."]),
        1,
        &format!("{x}{GOOD_LINE}"),
        "",
    );
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(ok.success());
}

/// A FIFO named on the command line is refused at once; nothing waits for a writer.
#[test]
fn fifo_named_on_the_command_line() {
    let dir = folder();
    mkfifo(&dir.path().join("fifo.txt"));
    assert_run(
        &check(dir.path(), &["fifo.txt", "good.txt"]),
        2,
        GOOD_LINE,
        "error: fifo.txt: not a regular file\n",
    );
}

/// A FIFO met while walking is not a file: skipped.
#[test]
fn fifo_in_a_walked_folder() {
    let dir = folder();
    mkfifo(&dir.path().join("fifo.txt"));
    assert_run(&check(dir.path(), &["."]), 1, GOOD_LINE, "");
}

/// A device that never ends (`/dev/zero`) is refused, not read into memory. The run is given
/// 2 GB of address space so that a regression fails instead of eating the machine.
#[test]
fn endless_device_named_on_the_command_line() {
    let dir = folder();
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        &format!("ulimit -v 2000000; exec '{BIN}' check --format concise /dev/zero good.txt"),
    ])
    .current_dir(dir.path());
    let r =
        common::run_command(cmd, None, Duration::from_secs(10)).unwrap_or_else(|e| panic!("{e}"));
    assert_run(&r, 2, GOOD_LINE, "error: /dev/zero: not a regular file\n");
}

// --- Permissions ----------------------------------------------------------------------------

/// Runs hedgelint as `nobody` with `setpriv` when we are root (permissions do not apply to
/// root); `None` when that is not possible.
fn as_nobody(dir: &Path, args: &[&str]) -> Option<common::Run> {
    let probe = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            BIN,
            "--version",
        ])
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .args(args)
        .current_dir(dir);
    Some(common::run_command(cmd, None, Duration::from_secs(10)).unwrap_or_else(|e| panic!("{e}")))
}

/// A folder and a file without read permission: an error naming each, the rest linted. As
/// root, permissions do not apply: the run is made as `nobody` with `setpriv`.
#[test]
fn directory_and_file_without_read_permission() {
    let dir = folder();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(
        dir.path().join("good.txt"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("inside.txt"), GOOD).unwrap();
    fs::write(dir.path().join("secret.txt"), GOOD).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(
        dir.path().join("secret.txt"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let args = ["check", "--format", "concise", "."];
    let expected_err = "error: locked: Permission denied\nerror: secret.txt: Permission denied\n";
    let r = if fs::read_dir(&locked).is_ok() {
        let r = as_nobody(dir.path(), &args);
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
        r.unwrap_or_else(|| panic!("running as root, and setpriv cannot run hedgelint as nobody"))
    } else {
        check(dir.path(), &args[3..])
    };
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_run(&r, 2, GOOD_LINE, expected_err);
}

// --- Never writes ---------------------------------------------------------------------------

/// Every file under `root`: (path, bytes, modification time, permissions).
fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime, u32)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let meta = fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                stack.push(p.clone());
            }
            let bytes = if meta.is_file() {
                fs::read(&p).unwrap()
            } else {
                Vec::new()
            };
            out.push((
                p,
                bytes,
                meta.modified().unwrap(),
                meta.permissions().mode(),
            ));
        }
    }
    out.sort();
    out
}

/// The inputs of the write checks.
const NEVER_WRITTEN: [(&str, &str); 4] = [
    (
        "a.txt",
        "The minister reportedly resigned.\r\nCritics say it may rain.\n",
    ),
    (
        "b.md",
        "# Title\n\nSources say *it is believed* that `x`.\n",
    ),
    (
        "sub/c.txt",
        "\u{feff}It is said the deal allegedly fell through.\n",
    ),
    (
        "sub/d.markdown",
        "---\nslug: reportedly\n---\n\nSome experts say so.\n",
    ),
];

/// A folder holding [`NEVER_WRITTEN`], each file dated long ago.
fn never_written_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("sub")).unwrap();
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for (name, text) in NEVER_WRITTEN {
        let p = root.join(name);
        fs::write(&p, text).unwrap();
        fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    dir
}

/// A run leaves every linted file byte-identical with the same modification time, and creates
/// nothing beside them.
#[test]
fn a_run_never_writes_to_linted_files() {
    let dir = never_written_folder();
    let root = dir.path();
    let files = NEVER_WRITTEN;
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let before = snapshot(root);
    for format in ["full", "concise", "json", "jsonl"] {
        let r = hedgelint(
            root,
            &["check", "--format", format, "."],
            Duration::from_secs(20),
        );
        assert_eq!(r.code, 1, "{format}: {}", r.transcript());
        assert_eq!(
            r.stdout.matches("Attribution.Reportedly").count(),
            1,
            "{format}: {}",
            r.stdout
        );
    }
    let r = hedgelint(
        root,
        &["check", "a.txt", "b.md", "sub/c.txt", "sub/d.markdown"],
        Duration::from_secs(20),
    );
    assert_eq!(r.code, 1, "{}", r.transcript());
    assert_eq!(snapshot(root), before, "a run changed the linted folder");
    for (name, _) in files {
        let mtime = fs::metadata(root.join(name)).unwrap().modified().unwrap();
        assert_eq!(mtime, old, "{name}");
    }
}

/// Under `strace`, every input is opened read-only and nothing is renamed, truncated or
/// removed. Needs strace: `cargo test --test bad_input -- --ignored opened_read_only`.
#[test]
#[ignore = "needs strace; run with --ignored"]
fn inputs_are_opened_read_only() {
    let dir = never_written_folder();
    let root = dir.path();
    let files = NEVER_WRITTEN;
    let trace = root.join("..").join(format!(
        "hedgelint-trace-{}.txt",
        root.file_name().unwrap().to_string_lossy()
    ));
    let status = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=open,openat,openat2,creat,truncate,ftruncate,rename,renameat,renameat2,unlink,unlinkat,utimensat", "-o"])
        .arg(&trace)
        .arg(BIN)
        .args(["check", "--format", "concise", "."])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let log = match status {
        Ok(s) if s.code() == Some(1) => fs::read_to_string(&trace).unwrap_or_default(),
        other => {
            let _ = fs::remove_file(&trace);
            panic!("strace could not trace hedgelint here: {other:?}");
        }
    };
    let _ = fs::remove_file(&trace);
    let mut opened = 0;
    for line in log.lines() {
        let names_input = files.iter().any(|(name, _)| {
            line.contains(&format!("\"{name}\"")) || line.contains(&format!("/{name}\""))
        });
        if !names_input {
            continue;
        }
        assert!(
            !line.contains("unlink")
                && !line.contains("rename")
                && !line.contains("truncate")
                && !line.contains("utimensat")
                && !line.contains("creat("),
            "hedgelint changed an input: {line}"
        );
        if line.contains("open") {
            opened += 1;
            assert!(
                line.contains("O_RDONLY")
                    && !line.contains("O_WRONLY")
                    && !line.contains("O_RDWR")
                    && !line.contains("O_CREAT")
                    && !line.contains("O_TRUNC"),
                "input not opened read-only: {line}"
            );
        }
    }
    assert!(
        opened >= files.len(),
        "strace saw {opened} opens of inputs:\n{log}"
    );
}
