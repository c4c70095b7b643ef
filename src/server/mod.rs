//! `hedgelint server`: a language server that lints the documents an editor has open and
//! publishes the findings as diagnostics, with hover text and quick fixes.
//!
//! Built on `lsp-server` and `lsp-types`, the synchronous pair rust-analyzer uses, rather
//! than `tower-lsp-server`: linting is CPU-bound and takes milliseconds, so an async runtime
//! would add weight and nothing else. The main loop answers requests on one thread; a
//! worker thread lints changed documents after a short pause in typing, newest version
//! first. Like the command line, the server is a thin layer over [`crate::Session`], with the
//! settings of the nearest `hedgelint.toml` and `.vale.ini` of each document. It never
//! writes to the user's files: edits are offered to the editor, which applies them.

mod convert;
pub mod position;
mod sessions;
pub mod transport;
mod worker;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crossbeam_channel::{RecvError, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionOptions, CodeActionParams, CodeActionProviderCapability, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    ExecuteCommandOptions, ExecuteCommandParams, FileSystemWatcher, GlobPattern, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, MessageType, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;

pub use convert::EXPLAIN_COMMAND;
use convert::Placed;
use position::Encoding;
use sessions::Sessions;
pub use transport::{Transport, connect};
use worker::Job;

use crate::session::FileReport;
use crate::text::Format;

/// How a server run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`, as the protocol asks: exit code 0.
    Clean,
    /// `exit` without `shutdown`, or the input closed: exit code 1.
    Abrupt,
}

/// The pause after the last change before a document is linted, unless the client's
/// `initializationOptions` set `debounceMs`.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(100);

/// An open document.
#[derive(Debug, Clone)]
struct Doc {
    uri: Uri,
    version: i32,
    text: String,
    /// The file it is (or, for an unsaved buffer, would be) on disk.
    path: PathBuf,
}

/// What the main loop and the worker share.
#[derive(Debug)]
struct Shared {
    sessions: Mutex<Sessions>,
    sender: Sender<Message>,
    encoding: Encoding,
    /// Where documents that are not files (unsaved buffers) take their settings from.
    root: PathBuf,
}

impl Shared {
    fn notify<P: serde::Serialize>(&self, method: &str, params: P) {
        let _ = self
            .sender
            .send(Notification::new(method.to_owned(), params).into());
    }

    fn show(&self, typ: MessageType, message: String) {
        self.notify("window/showMessage", ShowMessageParams { typ, message });
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify(
            "window/logMessage",
            lsp_types::LogMessageParams { typ, message },
        );
    }

    /// Lints `text` as the file at `path`, reporting a settings error once and the
    /// document's own problems as log lines. `None` when nothing can lint.
    fn lint(&self, path: &Path, text: &str) -> Option<FileReport> {
        let dir = path.parent().unwrap_or(&self.root);
        let loaded = self
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .for_dir(dir);
        let loaded = match loaded {
            Ok(l) => l,
            Err(e) => {
                self.show(MessageType::ERROR, e);
                return None;
            }
        };
        if let Some(e) = loaded.error {
            self.show(MessageType::ERROR, e);
        }
        let name = crate::walk::display_path(path);
        let report = loaded
            .session
            .lint_bytes(&name, path, text.as_bytes().to_vec(), true);
        for e in &report.errors {
            self.log(MessageType::ERROR, format!("hedgelint: {e}"));
        }
        for w in &report.warnings {
            self.log(MessageType::WARNING, format!("hedgelint: {w}"));
        }
        Some(report)
    }
}

/// The file path of a `file:` URI, or `None` for another scheme.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    // `file:///C:/x` on Windows.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() > 2 && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// Where a document's settings and format come from: its file, or for an unsaved buffer a
/// name in `root` with the extension of its language.
fn doc_path(uri: &Uri, language: &str, root: &Path) -> PathBuf {
    if let Some(p) = uri_path(uri) {
        return p;
    }
    let last = uri
        .as_str()
        .rsplit(['/', ':'])
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("untitled");
    let mut path = root.join(last);
    if path.extension().is_none() && language == "markdown" {
        path.set_extension("md");
    }
    path
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(true),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![lsp_types::CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![EXPLAIN_COMMAND.to_owned()],
            ..ExecuteCommandOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// Serves `conn` until the client says `exit` or goes away. `cwd` is where unsaved buffers
/// take their settings from when the client names no workspace folder.
pub fn serve(conn: Connection, cwd: &Path) -> Ending {
    let Some((id, params)) = wait_for_initialize(&conn) else {
        return Ending::Abrupt;
    };
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())
        .and_then(uri_path)
        .unwrap_or_else(|| cwd.to_path_buf());
    let debounce = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("debounceMs"))
        .and_then(serde_json::Value::as_u64)
        .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "hedgelint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let _ = conn.sender.send(Response::new_ok(id, result).into());
    let shared = Arc::new(Shared {
        sessions: Mutex::new(Sessions::default()),
        sender: conn.sender.clone(),
        encoding,
        root,
    });
    let (jobs, worker) = match worker::spawn(Arc::clone(&shared), debounce) {
        Ok(w) => w,
        Err(e) => {
            shared.show(
                MessageType::ERROR,
                format!("hedgelint: could not start the linting thread: {e}"),
            );
            return Ending::Abrupt;
        }
    };
    let mut server = Server {
        shared,
        jobs,
        docs: HashMap::new(),
        shut_down: false,
        watch,
    };
    let ending = server.run(&conn);
    drop(server);
    let _ = worker.join();
    ending
}

/// Answers everything before `initialize` with an error, as the protocol says; `None` when
/// the client exits or goes away first.
fn wait_for_initialize(conn: &Connection) -> Option<(RequestId, InitializeParams)> {
    loop {
        match conn.receiver.recv().ok()? {
            Message::Request(req) if req.method == "initialize" => {
                match serde_json::from_value::<InitializeParams>(req.params) {
                    Ok(params) => return Some((req.id, params)),
                    Err(e) => reply_err(
                        conn,
                        req.id,
                        ErrorCode::InvalidParams,
                        format!("initialize: {e}"),
                    ),
                }
            }
            Message::Request(req) => reply_err(
                conn,
                req.id,
                ErrorCode::ServerNotInitialized,
                format!("{}: the server is not initialized yet", req.method),
            ),
            Message::Notification(n) if n.method == "exit" => return None,
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

fn reply_err(conn: &Connection, id: RequestId, code: ErrorCode, message: String) {
    let _ = conn
        .sender
        .send(Response::new_err(id, code as i32, message).into());
}

struct Server {
    shared: Arc<Shared>,
    jobs: Sender<Job>,
    /// Open documents by URI text (`Uri` caches parts of itself in cells).
    docs: HashMap<String, Doc>,
    shut_down: bool,
    watch: bool,
}

/// Why a request got no result.
type Failure = (ErrorCode, String);

fn params<P: DeserializeOwned>(method: &str, value: serde_json::Value) -> Result<P, Failure> {
    serde_json::from_value(value).map_err(|e| (ErrorCode::InvalidParams, format!("{method}: {e}")))
}

impl Server {
    fn run(&mut self, conn: &Connection) -> Ending {
        loop {
            let message = match conn.receiver.recv() {
                Ok(m) => m,
                Err(RecvError) => return Ending::Abrupt,
            };
            match message {
                Message::Request(req) => {
                    let id = req.id.clone();
                    let response = match self.request(req) {
                        Ok(value) => Response::new_ok(id, value),
                        Err((code, message)) => Response::new_err(id, code as i32, message),
                    };
                    let _ = conn.sender.send(response.into());
                }
                Message::Notification(n) if n.method == "exit" => {
                    return if self.shut_down {
                        Ending::Clean
                    } else {
                        Ending::Abrupt
                    };
                }
                Message::Notification(n) => {
                    let method = n.method.clone();
                    if let Err((_, message)) = self.notification(n) {
                        self.shared.log(
                            MessageType::ERROR,
                            format!("hedgelint: {method}: {message}"),
                        );
                    }
                }
                Message::Response(_) => {}
            }
        }
    }

    fn request(&mut self, req: Request) -> Result<serde_json::Value, Failure> {
        if self.shut_down {
            return Err((
                ErrorCode::InvalidRequest,
                format!("{}: the server is shutting down", req.method),
            ));
        }
        let value = match req.method.as_str() {
            "shutdown" => {
                self.shut_down = true;
                serde_json::Value::Null
            }
            "textDocument/hover" => {
                let p: HoverParams = params(&req.method, req.params)?;
                let hover = self.hover(&p);
                serde_json::to_value(hover).unwrap_or_default()
            }
            "textDocument/codeAction" => {
                let p: CodeActionParams = params(&req.method, req.params)?;
                let actions = self.code_actions(&p);
                serde_json::to_value(actions).unwrap_or_default()
            }
            "workspace/executeCommand" => {
                let p: ExecuteCommandParams = params(&req.method, req.params)?;
                self.execute(&p)?
            }
            other => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("{other}: not a method hedgelint serves"),
                ));
            }
        };
        Ok(value)
    }

    fn notification(&mut self, n: Notification) -> Result<(), Failure> {
        match n.method.as_str() {
            "initialized" => self.register_watchers(),
            "textDocument/didOpen" => {
                let p: DidOpenTextDocumentParams = params(&n.method, n.params)?;
                let d = p.text_document;
                let path = doc_path(&d.uri, &d.language_id, &self.shared.root);
                let doc = Doc {
                    uri: d.uri.clone(),
                    version: d.version,
                    text: d.text,
                    path,
                };
                self.lint(&doc, false);
                self.docs.insert(d.uri.as_str().to_owned(), doc);
            }
            "textDocument/didChange" => {
                let p: DidChangeTextDocumentParams = params(&n.method, n.params)?;
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(uri.as_str()) else {
                    return Err((
                        ErrorCode::InvalidParams,
                        format!("{} is not open", uri.as_str()),
                    ));
                };
                for change in p.content_changes {
                    position::apply_change(&mut doc.text, change, self.shared.encoding);
                }
                doc.version = p.text_document.version;
                let doc = doc.clone();
                self.lint(&doc, true);
            }
            "textDocument/didSave" => {
                let p: DidSaveTextDocumentParams = params(&n.method, n.params)?;
                let uri = p.text_document.uri;
                if let Some(doc) = self.docs.get_mut(uri.as_str()) {
                    if let Some(text) = p.text {
                        doc.text = text;
                    }
                    let doc = doc.clone();
                    self.lint(&doc, false);
                }
            }
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = params(&n.method, n.params)?;
                self.docs.remove(p.text_document.uri.as_str());
                let _ = self.jobs.send(Job::Close(p.text_document.uri));
            }
            "workspace/didChangeWatchedFiles" => {
                self.shared
                    .sessions
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clear();
                for doc in self.docs.values() {
                    self.lint(doc, false);
                }
            }
            // `$/cancelRequest`, `$/setTrace`, `workspace/didChangeConfiguration` and other
            // notifications need nothing from a server that answers at once.
            _ => {}
        }
        Ok(())
    }

    fn lint(&self, doc: &Doc, debounce: bool) {
        let _ = self.jobs.send(Job::Lint {
            uri: doc.uri.clone(),
            version: doc.version,
            text: doc.text.clone(),
            path: doc.path.clone(),
            debounce,
        });
    }

    /// Asks the client to report changes to the settings files.
    fn register_watchers(&self) {
        if !self.watch {
            return;
        }
        let watchers = ["**/hedgelint.toml", "**/.hedgelint.toml", "**/.vale.ini"]
            .iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*glob).to_owned()),
                kind: None,
            })
            .collect();
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "hedgelint-settings".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let req = Request::new(
            RequestId::from("hedgelint-watch".to_owned()),
            "client/registerCapability".to_owned(),
            params,
        );
        let _ = self.shared.sender.send(req.into());
    }

    fn hover(&self, p: &HoverParams) -> Option<lsp_types::Hover> {
        let doc = self
            .docs
            .get(p.text_document_position_params.text_document.uri.as_str())?;
        let report = self.shared.lint(&doc.path, &doc.text)?;
        let placed = Placed::new(&doc.text, self.shared.encoding);
        let offset = placed.offset(p.text_document_position_params.position);
        convert::hover(&report.findings, offset, &placed)
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let Some(report) = self.shared.lint(&doc.path, &doc.text) else {
            return Vec::new();
        };
        let format = report
            .doc
            .as_ref()
            .map_or_else(|| Format::for_path(&doc.path), |d| d.format);
        let placed = Placed::new(&doc.text, self.shared.encoding);
        let start = placed.offset(p.range.start);
        let end = placed.offset(p.range.end).max(start);
        convert::code_actions(
            &report.findings,
            start,
            end,
            &p.text_document.uri,
            format,
            &placed,
        )
    }

    /// `hedgelint.explain RULE [URI]`: shows the rule's explanation and returns it.
    fn execute(&self, p: &ExecuteCommandParams) -> Result<serde_json::Value, Failure> {
        if p.command != EXPLAIN_COMMAND {
            return Err((
                ErrorCode::InvalidParams,
                format!("{}: not a command hedgelint has", p.command),
            ));
        }
        let Some(id) = p.arguments.first().and_then(|a| a.as_str()) else {
            return Err((
                ErrorCode::InvalidParams,
                format!("{EXPLAIN_COMMAND}: expected a rule id"),
            ));
        };
        let dir = match p.arguments.get(1).and_then(|a| a.as_str()) {
            Some(uri) => self
                .docs
                .get(uri)
                .and_then(|d| d.path.parent().map(Path::to_path_buf)),
            None => None,
        }
        .unwrap_or_else(|| self.shared.root.clone());
        let loaded = self
            .shared
            .sessions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .for_dir(&dir)
            .map_err(|e| (ErrorCode::InternalError, e))?;
        let Some(rule) = loaded.session.rules().get(id) else {
            return Err((
                ErrorCode::InvalidParams,
                loaded.session.rules().unknown_name("rule", id),
            ));
        };
        let text = rule.explanation();
        self.shared.show(MessageType::INFO, text.clone());
        Ok(serde_json::Value::String(text))
    }
}
