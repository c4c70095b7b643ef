//! The language server's latency: the time from a `textDocument/didChange` on a 5,000-word
//! article to the `textDocument/publishDiagnostics` for that version, measured over the
//! server's standard input and output as an editor sees it.
//!
//! Run with `cargo bench --bench server`. The article is built from the Wikinews corpus
//! (`../shared/corpus/wikinews` relative to the crate root, or `HEDGELINT_BENCH_CORPUS=DIR`),
//! or from `seeds/` when the corpus is missing. Two figures: with the debounce turned off
//! (`debounceMs: 0`, the cost of linting and publishing) and with the default 100 ms pause.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WORDS: usize = 5_000;

fn article() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("HEDGELINT_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus/wikinews"));
    let (dir, origin) = if corpus.is_dir() {
        (corpus.clone(), corpus.display().to_string())
    } else {
        (root.join("seeds"), "seeds/ (corpus missing)".to_owned())
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"));
    files.sort();
    let mut total = 0;
    let mut text = String::new();
    'files: for _round in 0..50 {
        for f in &files {
            let Ok(body) = std::fs::read_to_string(f) else {
                continue;
            };
            for para in body.split("\n\n") {
                let mut words = Vec::new();
                for w in para.split_whitespace() {
                    words.push(w);
                    total += 1;
                    if total == WORDS {
                        break;
                    }
                }
                if words.is_empty() {
                    continue;
                }
                text.push_str(&words.join(" "));
                text.push_str("\n\n");
                if total == WORDS {
                    break 'files;
                }
            }
        }
    }
    (text, origin)
}

fn frame(stdin: &mut ChildStdin, msg: &Value) {
    let body = msg.to_string();
    let _ = write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = stdin.flush();
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Milliseconds from each change to its diagnostics, and the findings of the last.
fn measure(text: &str, debounce_ms: Option<u64>, rounds: usize) -> (Vec<f64>, usize) {
    let dir = std::env::temp_dir().join(format!("hedgelint-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_hedgelint"))
        .arg("server")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hedgelint server");
    let mut stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut out = BufReader::new(stdout);
        while let Some(m) = read_frame(&mut out) {
            if tx.send(m).is_err() {
                break;
            }
        }
    });
    let wait = |version: i64| -> usize {
        loop {
            let m = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("a message from the server");
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
            {
                return m["params"]["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    };
    let options = debounce_ms.map_or(Value::Null, |ms| json!({"debounceMs": ms}));
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "capabilities": {}, "initializationOptions": options}}),
    );
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let uri = format!("file://{}/article.md", dir.display());
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}}}),
    );
    let mut findings = wait(1);
    let mut times = Vec::new();
    for round in 0..rounds {
        let version = round as i64 + 2;
        // A one-word edit at the start, as typing makes.
        let word = if round % 2 == 0 { "Reportedly, " } else { "" };
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": format!("{word}{text}")}]}});
        let start = Instant::now();
        frame(&mut stdin, &change);
        findings = wait(version);
        times.push(start.elapsed().as_secs_f64() * 1e3);
    }
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    );
    frame(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    drop(stdin);
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    (times, findings)
}

fn report(label: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<28} median {:7.2} ms   p90 {:7.2} ms   min {:7.2} ms   max {:7.2} ms   ({} changes)",
        at(0.5),
        at(0.9),
        at(0.0),
        at(1.0),
        times.len()
    );
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not, and then one round
    // each is enough to show the harness works.
    let benching = std::env::args().any(|a| a == "--bench");
    let rounds = if benching { 60 } else { 1 };
    let (text, origin) = article();
    let words = text.split_whitespace().count();
    println!(
        "article: {words} words, {} bytes, from {origin}",
        text.len()
    );
    let (times, findings) = measure(&text, Some(0), rounds);
    println!("findings in the article: {findings}");
    report("didChange → diagnostics", times);
    let (times, _) = measure(&text, None, rounds.min(20));
    report("… with the 100 ms debounce", times);
}
