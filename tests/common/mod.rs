//! Running the hedgelint binary in tests.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The folder of test fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// What a run printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The transcript with the machine's absolute `file:///…/` URIs (SARIF's project root)
    /// shown as `file:///[project root]/`.
    pub fn transcript_without_root(&self) -> String {
        let uri = regex::Regex::new(r#"file:///[^"]*/""#).expect("a valid pattern");
        uri.replace_all(&self.transcript(), r#"file:///[project root]/""#)
            .into_owned()
    }
}

/// Runs hedgelint with `args` in `dir`, feeding `stdin`, with colour off (killed after a
/// minute, so that a hang fails the test instead of stalling the suite).
pub fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hedgelint"));
    cmd.args(args).current_dir(dir);
    run_command(
        cmd,
        stdin.map(|s| s.as_bytes().to_vec()),
        Duration::from_secs(60),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Runs hedgelint in the fixtures folder.
pub fn run(args: &[&str]) -> Run {
    run_in(&fixtures(), args, None)
}

/// Runs `cmd` (stdout and stderr captured, `stdin` fed), killing it after `limit`. `Err` says
/// it was killed, with what it had printed.
pub fn run_command(
    mut cmd: Command,
    stdin: Option<Vec<u8>>,
    limit: Duration,
) -> Result<Run, String> {
    cmd.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let shown = format!("{cmd:?}");
    let mut child = cmd.spawn().expect("spawn");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    match status {
        Some(s) => Ok(Run {
            code: s.code().unwrap_or(-1),
            stdout,
            stderr,
        }),
        None => Err(format!(
            "{shown} did not finish within {limit:?} (killed)\n--- stdout (first 2000 characters)\n{}\n--- stderr\n{}",
            stdout.chars().take(2000).collect::<String>(),
            stderr
        )),
    }
}
