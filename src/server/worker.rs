//! The thread that lints documents and publishes their diagnostics. A change waits for a
//! pause in typing (the debounce); a newer version of a document replaces the one waiting,
//! so only the newest is linted. Opening and saving lint at once.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};
use lsp_types::{PublishDiagnosticsParams, Uri};

use super::Shared;
use super::convert::{self, Placed};

/// Work for the linting thread.
#[derive(Debug)]
pub enum Job {
    /// Lint this version of a document.
    Lint {
        /// The document.
        uri: Uri,
        /// Its version.
        version: i32,
        /// Its text.
        text: String,
        /// Where its settings come from.
        path: PathBuf,
        /// Wait for a pause in changes first.
        debounce: bool,
    },
    /// The document is closed: drop what waits and clear its diagnostics.
    Close(Uri),
}

struct Waiting {
    uri: Uri,
    version: i32,
    text: String,
    path: PathBuf,
    due: Instant,
}

/// Starts the linting thread; it ends when the returned sender is dropped.
pub fn spawn(
    shared: Arc<Shared>,
    debounce: Duration,
) -> std::io::Result<(Sender<Job>, JoinHandle<()>)> {
    let (tx, rx) = unbounded();
    let handle = thread::Builder::new()
        .name("hedgelint-lint".to_owned())
        .spawn(move || work(&shared, &rx, debounce))?;
    Ok((tx, handle))
}

fn work(shared: &Shared, jobs: &Receiver<Job>, debounce: Duration) {
    // By URI text: `Uri` caches parts of itself in cells, so it makes a poor key.
    let mut waiting: HashMap<String, Waiting> = HashMap::new();
    loop {
        let next_due = waiting.values().map(|w| w.due).min();
        let job = match next_due {
            None => match jobs.recv() {
                Ok(job) => Some(job),
                Err(_) => return,
            },
            Some(due) => match jobs.recv_timeout(due.saturating_duration_since(Instant::now())) {
                Ok(job) => Some(job),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => return,
            },
        };
        match job {
            Some(Job::Lint {
                uri,
                version,
                text,
                path,
                debounce: wait,
            }) => {
                let due = if wait {
                    Instant::now() + debounce
                } else {
                    Instant::now()
                };
                waiting.insert(
                    uri.as_str().to_owned(),
                    Waiting {
                        uri,
                        version,
                        text,
                        path,
                        due,
                    },
                );
            }
            Some(Job::Close(uri)) => {
                waiting.remove(uri.as_str());
                publish(shared, uri, Vec::new(), None);
            }
            None => {}
        }
        // Take in every job already sent before linting, so that a burst of changes ends in
        // one lint of the newest version.
        if !jobs.is_empty() {
            continue;
        }
        let now = Instant::now();
        let due: Vec<String> = waiting
            .iter()
            .filter(|(_, w)| w.due <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            if let Some(w) = waiting.remove(&uri) {
                let diagnostics = match shared.lint(&w.path, &w.text) {
                    Some(report) => {
                        let placed = Placed::new(&w.text, shared.encoding);
                        report
                            .findings
                            .iter()
                            .map(|f| convert::diagnostic(f, &placed))
                            .collect()
                    }
                    None => Vec::new(),
                };
                publish(shared, w.uri, diagnostics, Some(w.version));
            }
        }
    }
}

fn publish(
    shared: &Shared,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) {
    shared.notify(
        "textDocument/publishDiagnostics",
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    );
}
