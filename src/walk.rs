//! Finding the files to lint: paths named on the command line and folders walked with
//! `.gitignore` and `.hedgelintignore` respected.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

/// The file extensions linted by default when walking a folder.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "rst"];

/// Name of hedgelint's own ignore file (gitignore syntax).
pub const IGNORE_FILE: &str = ".hedgelintignore";

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file, and whether it was named on the command line (then it is linted whatever its
    /// extension, and a binary file is an error rather than skipped).
    File { path: PathBuf, explicit: bool },
    /// Standard input, shown under `name`.
    Stdin { name: String },
}

impl Input {
    /// The name shown in output.
    pub fn display_name(&self) -> String {
        match self {
            Input::File { path, .. } => display_path(path),
            Input::Stdin { name } => name.clone(),
        }
    }
}

/// A path as shown in output: without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// A path that could not be read while collecting inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    /// The path, as shown.
    pub path: String,
    /// What went wrong.
    pub message: String,
}

/// Collects the inputs for `paths` (`-` is standard input). Files come out sorted by path
/// within each folder; the errors say which paths could not be read.
pub fn collect(
    paths: &[PathBuf],
    extensions: &[String],
    stdin_name: &str,
) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin {
                name: stdin_name.to_owned(),
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(WalkError {
                path: display_path(path),
                message: io_message(&e),
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, extensions, &mut inputs, &mut errors),
            // A FIFO, socket or device would block or never end: refuse it.
            Ok(meta) if !meta.is_file() => errors.push(WalkError {
                path: display_path(path),
                message: "not a regular file".to_owned(),
            }),
            Ok(_) => inputs.push(Input::File {
                path: path.clone(),
                explicit: true,
            }),
        }
    }
    inputs.sort();
    inputs.dedup_by(|a, b| match (a, b) {
        (Input::File { path: pa, .. }, Input::File { path: pb, .. }) => pa == pb,
        _ => false,
    });
    (inputs, errors)
}

fn walk_dir(
    dir: &Path,
    extensions: &[String],
    inputs: &mut Vec<Input>,
    errors: &mut Vec<WalkError>,
) {
    let walker = WalkBuilder::new(dir)
        .require_git(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                let path = entry.into_path();
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                if ext.is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(&e))) {
                    inputs.push(Input::File {
                        path,
                        explicit: false,
                    });
                }
            }
            Err(e) => errors.push(walk_error(dir, &e)),
        }
    }
}

fn walk_error(dir: &Path, err: &ignore::Error) -> WalkError {
    fn find(err: &ignore::Error, path: Option<&Path>) -> (Option<PathBuf>, String) {
        match err {
            ignore::Error::WithPath { path, err } => find(err, Some(path)),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                find(err, path)
            }
            ignore::Error::Loop { child, .. } => {
                (Some(child.clone()), "symbolic link loop".to_owned())
            }
            ignore::Error::Io(e) => (path.map(Path::to_path_buf), io_message(e)),
            other => (path.map(Path::to_path_buf), other.to_string()),
        }
    }
    let (path, message) = find(err, None);
    WalkError {
        path: display_path(path.as_deref().unwrap_or(dir)),
        message,
    }
}

/// An I/O error's message without Rust's "(os error N)" suffix or the walker's
/// "IO error for operation on PATH: " prefix (the path is shown separately).
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    let s = match s.strip_prefix("IO error for operation on ") {
        Some(rest) => rest.rsplit_once(": ").map_or(rest, |(_, m)| m).to_owned(),
        None => s,
    };
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}
