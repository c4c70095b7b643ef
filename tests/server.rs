//! `hedgelint server`: the language server spoken to over its standard input and output, as
//! an editor would.

#![cfg(feature = "server")]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{Value, json};

/// How long one message may take before the test fails instead of waiting for ever.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

const ARTICLE: &str = "# Vote\n\nOfficials reportedly said the count was over.\n";

/// One running server and the messages it sent that no call has taken yet.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    seen: Vec<Value>,
    next_id: i64,
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

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

impl Client {
    /// Starts the server in `dir` and initializes it with `capabilities`.
    fn start(dir: &Path, capabilities: Value) -> Client {
        Self::start_with(dir, capabilities, json!(null))
    }

    fn start_with(dir: &Path, capabilities: Value, options: Value) -> Client {
        let mut client = Self::spawn(dir);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(dir),
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        assert_eq!(result["result"]["serverInfo"]["name"], "hedgelint");
        client.notify("initialized", json!({}));
        client
    }

    fn spawn(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hedgelint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hedgelint server");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(msg) = read_frame(&mut out) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming: rx,
            seen: Vec::new(),
            next_id: 1,
        }
    }

    fn send_raw(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, msg: Value) {
        self.send_raw(&msg.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message the server sends; fails the test after [`READ_TIMEOUT`].
    fn next(&mut self) -> Value {
        match self.incoming.recv_timeout(READ_TIMEOUT) {
            Ok(v) => v,
            Err(e) => panic!(
                "no message from the server ({e}); seen so far: {:#?}",
                self.seen
            ),
        }
    }

    /// The first message (already seen or still to come) that `wanted` accepts.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&wanted) {
            return self.seen.remove(i);
        }
        loop {
            let msg = self.next();
            if wanted(&msg) {
                return msg;
            }
            self.seen.push(msg);
        }
    }

    /// Sends a request and returns the whole response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next diagnostics published for `uri` at `version` (any version when `None`).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let msg = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
        self.diagnostics(uri, Some(1))
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Sends `shutdown` (when asked) and `exit`, and returns the exit code.
    fn finish(mut self, shutdown: bool) -> Option<i32> {
        if shutdown {
            let r = self.request("shutdown", json!(null));
            assert_eq!(r["result"], Value::Null, "{r}");
        }
        self.notify("exit", json!(null));
        drop(self.stdin.take());
        self.child.wait().expect("wait").code()
    }
}

fn rule_ids(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The byte offset of a UTF-16 position in `text`.
fn offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let character = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// `text` with the edits of a code action's workspace edit applied.
fn apply(text: &str, action: &Value, uri: &str) -> String {
    let mut edits: Vec<&Value> = action["edit"]["changes"][uri]
        .as_array()
        .expect("edits for the document")
        .iter()
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(text, &e["range"]["start"])));
    let mut out = text.to_owned();
    for e in edits {
        let (s, t) = (
            offset(text, &e["range"]["start"]),
            offset(text, &e["range"]["end"]),
        );
        out.replace_range(s..t, e["newText"].as_str().unwrap());
    }
    out
}

fn project() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("article.md");
    std::fs::write(&path, ARTICLE).expect("write article");
    let u = uri(&path);
    (dir, u)
}

#[test]
fn open_publishes_full_diagnostics_and_close_clears_them() {
    let (dir, u) = project();
    let mut c = Client::start(dir.path(), json!({}));
    let diags = c.open(&u, ARTICLE);
    assert_eq!(
        diags,
        vec![json!({
            "range": {"start": {"line": 2, "character": 10}, "end": {"line": 2, "character": 20}},
            "severity": 2,
            "code": "Attribution.Reportedly",
            "codeDescription": {"href": "https://en.wikipedia.org/wiki/Wikipedia:Manual_of_Style/Words_to_watch#Unsupported_attributions"},
            "source": "hedgelint",
            "message": "'reportedly' passes a claim on without saying who made it.\nName who reported it (\"The Times reported that ...\"), or confirm it and drop the adverb."
        })]
    );
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": u}}));
    assert_eq!(c.diagnostics(&u, None), Vec::<Value>::new());
    assert_eq!(c.finish(true), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("article.md")).unwrap(),
        ARTICLE
    );
}

#[test]
fn full_and_incremental_changes() {
    let (dir, u) = project();
    let mut c = Client::start(dir.path(), json!({}));
    assert_eq!(c.open(&u, ARTICLE).len(), 1);
    c.change(&u, 2, json!([{"text": "# Vote\n\nThe count was over.\n"}]));
    assert_eq!(c.diagnostics(&u, Some(2)), Vec::<Value>::new());
    // Insert "sources say " before "count", then "reportedly " before "over".
    c.change(
        &u,
        3,
        json!([
            {"range": {"start": {"line": 2, "character": 4}, "end": {"line": 2, "character": 4}}, "text": "sources say "},
            {"range": {"start": {"line": 2, "character": 26}, "end": {"line": 2, "character": 26}}, "text": "reportedly "},
        ]),
    );
    let diags = c.diagnostics(&u, Some(3));
    assert_eq!(
        rule_ids(&diags),
        ["Attribution.AnonymousSource", "Attribution.Reportedly"]
    );
    assert_eq!(
        diags[1]["range"]["start"],
        json!({"line": 2, "character": 26})
    );
    // Deleting across line breaks.
    c.change(
        &u,
        4,
        json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}, "text": ""}]),
    );
    let diags = c.diagnostics(&u, Some(4));
    assert_eq!(
        diags[1]["range"]["start"],
        json!({"line": 0, "character": 26})
    );
    assert_eq!(c.finish(true), Some(0));
}

#[test]
fn a_burst_of_changes_ends_with_the_newest_version() {
    let (dir, u) = project();
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&u, ARTICLE);
    for v in 2..=8 {
        let text = format!("Version {v}: officials reportedly agreed.\n");
        c.change(&u, v, json!([{"text": text}]));
    }
    let last = c.diagnostics(&u, Some(8));
    assert_eq!(rule_ids(&last), ["Attribution.Reportedly"]);
    // Whatever was published before the newest version was older, in order.
    let versions: Vec<i64> = c
        .seen
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    assert!(versions.iter().all(|v| *v < 8), "{versions:?}");
    assert_eq!(c.finish(true), Some(0));
}

#[test]
fn ranges_follow_the_negotiated_position_encoding() {
    let text = "😀 Officials reportedly said so.\n";
    for (offered, expected_encoding, start, end) in [
        (json!(null), "utf-16", 13, 23),
        (json!(["utf-8"]), "utf-8", 15, 25),
        (json!(["utf-32", "utf-16"]), "utf-32", 12, 22),
    ] {
        let (dir, u) = project();
        let mut c = Client::spawn(dir.path());
        let caps = if offered.is_null() {
            json!({})
        } else {
            json!({"general": {"positionEncodings": offered}})
        };
        let init = c.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(dir.path()), "capabilities": caps}),
        );
        assert_eq!(
            init["result"]["capabilities"]["positionEncoding"],
            expected_encoding
        );
        c.notify("initialized", json!({}));
        let diags = c.open(&u, text);
        assert_eq!(
            diags[0]["range"],
            json!({"start": {"line": 0, "character": start}, "end": {"line": 0, "character": end}}),
            "{expected_encoding}"
        );
        // An incremental edit in the same encoding: replace the span with "said".
        c.change(
            &u,
            2,
            json!([{"range": diags[0]["range"], "text": "plainly"}]),
        );
        assert_eq!(c.diagnostics(&u, Some(2)), Vec::<Value>::new());
        let hover = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": start}}),
        );
        assert_eq!(hover["result"], Value::Null);
        assert_eq!(c.finish(true), Some(0));
    }
}

#[test]
fn hover_shows_description_and_help_as_markdown() {
    let (dir, u) = project();
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&u, ARTICLE);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": 14}}),
    );
    let contents = &hover["result"]["contents"];
    assert_eq!(contents["kind"], "markdown");
    let value = contents["value"].as_str().unwrap();
    assert!(
        value.starts_with("**Attribution.Reportedly** (warning)\n\n'reportedly' passes a claim on"),
        "{value}"
    );
    assert!(value.contains("Adverbs such as \"reportedly\""), "{value}");
    assert!(value.contains("**Fix:** Name who reported it"), "{value}");
    assert_eq!(
        hover["result"]["range"],
        json!({"start": {"line": 2, "character": 10}, "end": {"line": 2, "character": 20}})
    );
    let nothing = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 1}}),
    );
    assert_eq!(nothing["result"], Value::Null);
    assert_eq!(c.finish(true), Some(0));
}

fn actions_at(c: &mut Client, u: &str, line: u32, character: u32) -> Vec<Value> {
    let r = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": u},
            "range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}},
            "context": {"diagnostics": []}
        }),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

fn titles(actions: &[Value]) -> Vec<&str> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect()
}

#[test]
fn disable_for_this_line_inserts_a_comment_that_works() {
    let (dir, u) = project();
    let text = "# Vote\n\n> Officials reportedly said so.\n\nIt reportedly rained.\n";
    let mut c = Client::start(dir.path(), json!({}));
    assert_eq!(c.open(&u, text).len(), 2);
    let actions = actions_at(&mut c, &u, 2, 14);
    assert_eq!(
        titles(&actions),
        [
            "Disable Attribution.Reportedly for this line",
            "Explain Attribution.Reportedly"
        ]
    );
    let fixed = apply(text, &actions[0], &u);
    assert_eq!(
        fixed,
        "# Vote\n\n> <!-- hedgelint-disable-next-line Attribution.Reportedly -->\n> Officials reportedly said so.\n\nIt reportedly rained.\n"
    );
    c.change(&u, 2, json!([{"text": fixed}]));
    let diags = c.diagnostics(&u, Some(2));
    assert_eq!(diags.len(), 1);
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 5, "character": 3})
    );
    // The same in a plain-text file.
    let txt = dir.path().join("note.txt");
    let tu = uri(&txt);
    let plain = "It is believed that it will rain.\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": tu, "languageId": "plaintext", "version": 1, "text": plain}}),
    );
    assert_eq!(c.diagnostics(&tu, Some(1)).len(), 1);
    let actions = actions_at(&mut c, &tu, 0, 3);
    let fixed = apply(plain, &actions[0], &tu);
    assert_eq!(
        fixed,
        "<!-- hedgelint-disable-next-line Attribution.AgentlessPassive -->\nIt is believed that it will rain.\n"
    );
    c.change(&tu, 2, json!([{"text": fixed}]));
    assert_eq!(c.diagnostics(&tu, Some(2)), Vec::<Value>::new());
    assert_eq!(c.finish(true), Some(0));
    assert!(!txt.exists(), "the server wrote a file");
}

fn project_with_styles() -> (tempfile::TempDir, String) {
    let (dir, u) = project();
    let styles = dir.path().join("styles/News");
    std::fs::create_dir_all(&styles).unwrap();
    std::fs::write(
        styles.join("Wordy.yml"),
        "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nlevel: suggestion\nignorecase: true\nswap:\n  utilize: use\n  a number of: some|several\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("hedgelint.toml"), "rules = [\"styles\"]\n").unwrap();
    (dir, u)
}

#[test]
fn replace_with_each_suggestion() {
    let (dir, u) = project_with_styles();
    let text = "They met a number of times.\n";
    let mut c = Client::start(dir.path(), json!({}));
    let diags = c.open(&u, text);
    assert_eq!(rule_ids(&diags), ["News.Wordy"]);
    assert_eq!(diags[0]["severity"], 3);
    let actions = actions_at(&mut c, &u, 0, 12);
    assert_eq!(
        titles(&actions),
        [
            "Replace with \u{201c}some\u{201d}",
            "Replace with \u{201c}several\u{201d}",
            "Disable News.Wordy for this line",
            "Explain News.Wordy"
        ]
    );
    assert_eq!(actions[0]["isPreferred"], true);
    for (action, expected) in [
        (&actions[0], "They met some times.\n"),
        (&actions[1], "They met several times.\n"),
    ] {
        let fixed = apply(text, action, &u);
        assert_eq!(fixed, expected);
    }
    let fixed = apply(text, &actions[1], &u);
    c.change(&u, 2, json!([{"text": fixed}]));
    assert_eq!(c.diagnostics(&u, Some(2)), Vec::<Value>::new());
    assert_eq!(c.finish(true), Some(0));
}

#[test]
fn explain_shows_the_rule_explanation() {
    let (dir, u) = project();
    let mut c = Client::start(dir.path(), json!({}));
    c.open(&u, ARTICLE);
    let actions = actions_at(&mut c, &u, 2, 14);
    let explain = actions
        .iter()
        .find(|a| a["title"] == "Explain Attribution.Reportedly")
        .expect("explain action");
    let command = &explain["command"];
    assert_eq!(command["command"], "hedgelint.explain");
    let r = c.request(
        "workspace/executeCommand",
        json!({"command": command["command"], "arguments": command["arguments"]}),
    );
    let text = r["result"].as_str().unwrap();
    assert!(
        text.starts_with("Attribution.Reportedly (warning, existence)\n\nAdverbs such as"),
        "{text}"
    );
    let shown = c.wait(|m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 3);
    assert_eq!(shown["params"]["message"], text);
    let unknown = c.request(
        "workspace/executeCommand",
        json!({"command": "hedgelint.explain", "arguments": ["No.Such"]}),
    );
    assert_eq!(unknown["error"]["code"], -32602);
    assert_eq!(c.finish(true), Some(0));
}

#[test]
fn settings_are_read_again_when_they_change() {
    let (dir, u) = project();
    let text = "Officials reportedly said so. It is believed that it will rain.\n";
    let mut c = Client::start(dir.path(), json!({}));
    assert_eq!(
        rule_ids(&c.open(&u, text)),
        ["Attribution.Reportedly", "Attribution.AgentlessPassive"]
    );
    let config = dir.path().join("hedgelint.toml");
    std::fs::write(&config, "ignore = [\"Attribution.Reportedly\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 1}]}),
    );
    assert_eq!(
        rule_ids(&c.diagnostics(&u, Some(1))),
        ["Attribution.AgentlessPassive"]
    );
    // A bad file: an error naming the file and line, and the server keeps linting.
    std::fs::write(
        &config,
        "fail-on = \"warning\"\nignore = [\"Attribution.Reportedly\"\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let shown = c.wait(|m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1);
    let message = shown["params"]["message"].as_str().unwrap();
    let named = format!("{}:", config.display());
    let after = message.split(&named).nth(1).unwrap_or_default();
    assert!(after.starts_with(|c: char| c.is_ascii_digit()), "{message}");
    assert_eq!(
        rule_ids(&c.diagnostics(&u, Some(1))),
        ["Attribution.Reportedly", "Attribution.AgentlessPassive"]
    );
    // Fixed again, found by the modification time without a notification.
    std::fs::write(&config, "ignore = [\"Attribution.AgentlessPassive\"]\n").unwrap();
    c.change(&u, 2, json!([{"text": text}]));
    assert_eq!(
        rule_ids(&c.diagnostics(&u, Some(2))),
        ["Attribution.Reportedly"]
    );
    assert_eq!(c.finish(true), Some(0));
}

#[test]
fn watchers_are_registered_when_the_client_can() {
    let (dir, _) = project();
    let mut c = Client::start(
        dir.path(),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let reg = c.wait(|m| m["method"] == "client/registerCapability");
    let watchers = &reg["params"]["registrations"][0]["registerOptions"]["watchers"];
    assert_eq!(watchers[0]["globPattern"], "**/hedgelint.toml");
    assert_eq!(watchers[2]["globPattern"], "**/.vale.ini");
    let id = reg["id"].clone();
    c.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));
    assert_eq!(c.finish(true), Some(0));
}

#[test]
fn bad_messages_get_an_error_or_a_log_line_and_the_server_goes_on() {
    let (dir, u) = project();
    let mut c = Client::start(dir.path(), json!({}));
    c.send_raw("{this is not json");
    let log = c.wait(|m| m["method"] == "window/logMessage");
    assert_eq!(log["params"]["type"], 1);
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .starts_with("hedgelint: skipped a malformed message"),
        "{log}"
    );
    let unknown = c.request("textDocument/formatting", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let bad = c.request("textDocument/hover", json!({"position": "nowhere"}));
    assert_eq!(bad["error"]["code"], -32602);
    c.notify("textDocument/didChange", json!({"textDocument": 3}));
    let log = c.wait(|m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .starts_with("hedgelint: textDocument/didChange:"),
        "{log}"
    );
    c.notify("workspace/somethingNew", json!({}));
    assert_eq!(c.open(&u, ARTICLE).len(), 1);
    assert_eq!(c.finish(true), Some(0));
}

#[test]
fn requests_before_initialize_are_refused() {
    let (dir, _) = project();
    let mut c = Client::spawn(dir.path());
    let early = c.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    assert_eq!(c.finish(false), Some(1));
}

#[test]
fn exit_codes() {
    let (dir, _) = project();
    let c = Client::start(dir.path(), json!({}));
    assert_eq!(c.finish(true), Some(0));
    let c = Client::start(dir.path(), json!({}));
    assert_eq!(c.finish(false), Some(1));
    let mut c = Client::start(dir.path(), json!({}));
    drop(c.stdin.take());
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
    // After shutdown, requests are refused until exit.
    let mut c = Client::start(dir.path(), json!({}));
    let r = c.request("shutdown", json!(null));
    assert_eq!(r["result"], Value::Null);
    let late = c.request("textDocument/hover", json!({}));
    assert_eq!(late["error"]["code"], -32600);
    assert_eq!(c.finish(false), Some(0));
}
