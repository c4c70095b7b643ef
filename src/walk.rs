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

impl std::fmt::Display for WalkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
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
    // A file, or standard input, named twice is linted once.
    inputs.dedup_by(|a, b| match (a, b) {
        (Input::File { path: pa, .. }, Input::File { path: pb, .. }) => pa == pb,
        (Input::Stdin { .. }, Input::Stdin { .. }) => true,
        _ => false,
    });
    (inputs, errors)
}

/// A path met while collecting inputs, with why it is not linted (`None`: it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surveyed {
    /// The input (a file, or standard input), or for a skipped folder, the folder.
    pub input: Input,
    /// Why it is skipped, in words.
    pub skipped: Option<String>,
}

/// Like [`collect`], but also reports what the walk leaves out and why: hidden entries,
/// entries an ignore file matches (a folder is reported once, not walked), files whose
/// extension is not linted, and links and special files.
pub fn survey(
    paths: &[PathBuf],
    extensions: &[String],
    stdin_name: &str,
) -> (Vec<Surveyed>, Vec<WalkError>) {
    let (inputs, errors) = collect(paths, extensions, stdin_name);
    let mut out: Vec<Surveyed> = inputs
        .iter()
        .cloned()
        .map(|input| Surveyed {
            input,
            skipped: None,
        })
        .collect();
    let linted: std::collections::HashSet<PathBuf> = inputs
        .into_iter()
        .filter_map(|i| match i {
            Input::File { path, .. } => Some(path),
            Input::Stdin { .. } => None,
        })
        .collect();
    for dir in paths.iter().filter(|p| p.is_dir()) {
        // What the walk with ignore files visits: anything under `dir` it does not visit was
        // left out by an ignore file or for being hidden.
        let visited: std::collections::HashSet<PathBuf> = walker(dir)
            .build()
            .filter_map(Result::ok)
            .map(ignore::DirEntry::into_path)
            .collect();
        survey_dir(dir, &visited, &linted, extensions, &mut out);
    }
    out.sort_by(|a, b| a.input.cmp(&b.input));
    out.dedup_by(|a, b| a.input == b.input);
    (out, errors)
}

fn survey_dir(
    dir: &Path,
    visited: &std::collections::HashSet<PathBuf>,
    linted: &std::collections::HashSet<PathBuf>,
    extensions: &[String],
    out: &mut Vec<Surveyed>,
) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = read.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = dir.join(entry.file_name());
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // A skipped folder is shown with a trailing separator.
        let shown = if kind.is_dir() {
            path.join("")
        } else {
            path.clone()
        };
        let skip = |why: String| Surveyed {
            input: Input::File {
                path: shown.clone(),
                explicit: false,
            },
            skipped: Some(why),
        };
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let what = if kind.is_dir() { "folder" } else { "file" };
        if !visited.contains(&path) {
            out.push(skip(if hidden {
                format!("hidden {what}")
            } else {
                format!("{what} matched by an ignore file (.gitignore, .ignore or {IGNORE_FILE})")
            }));
        } else if kind.is_dir() {
            survey_dir(&path, visited, linted, extensions, out);
        } else if kind.is_symlink() {
            out.push(skip("symbolic link (not followed)".to_owned()));
        } else if !kind.is_file() {
            out.push(skip("not a regular file".to_owned()));
        } else if !linted.contains(&path) {
            let why = match path.extension().and_then(|e| e.to_str()) {
                Some(ext) => format!(
                    "extension `.{ext}` is not linted (linted: {})",
                    extensions.join(", ")
                ),
                None => format!("no extension (linted: {})", extensions.join(", ")),
            };
            out.push(skip(why));
        }
    }
}

/// The walk of `dir` that every run makes: ignore files respected (with or without git),
/// hidden entries skipped, links not followed.
fn walker(dir: &Path) -> WalkBuilder {
    let mut b = WalkBuilder::new(dir);
    b.require_git(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .follow_links(false);
    b
}

/// Walks `dir` on several threads; the caller sorts what it finds.
fn walk_dir(
    dir: &Path,
    extensions: &[String],
    inputs: &mut Vec<Input>,
    errors: &mut Vec<WalkError>,
) {
    let found: std::sync::Mutex<(Vec<Input>, Vec<WalkError>)> = Default::default();
    walker(dir).build_parallel().run(|| {
        Box::new(|entry| {
            let add = |input: Option<Input>, error: Option<WalkError>| {
                if let Ok(mut found) = found.lock() {
                    found.0.extend(input);
                    found.1.extend(error);
                }
            };
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file()) {
                        let path = entry.into_path();
                        let ext = path
                            .extension()
                            .and_then(|e| e.to_str())
                            .map(str::to_ascii_lowercase);
                        if ext
                            .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(&e)))
                        {
                            add(
                                Some(Input::File {
                                    path,
                                    explicit: false,
                                }),
                                None,
                            );
                        }
                    }
                }
                Err(e) => add(None, Some(walk_error(dir, &e))),
            }
            ignore::WalkState::Continue
        })
    });
    let (mut found_inputs, mut found_errors) = found
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    found_errors.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.message.cmp(&b.message)));
    inputs.append(&mut found_inputs);
    errors.append(&mut found_errors);
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
