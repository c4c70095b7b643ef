//! One [`Session`] per set of settings files: the nearest `hedgelint.toml` and `.vale.ini`
//! of a document's folder, each with its modification time, so that an edited file is read
//! again on the next lint.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::session::{Options, Session};
use crate::settings::{ConfigSource, config, vale};

/// A settings file and when it was last modified.
type Stamped = Option<(PathBuf, Option<SystemTime>)>;

/// Which settings files apply, and how old they are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Stamp {
    config: Stamped,
    vale: Stamped,
}

/// At most this many sessions are kept; past it the cache starts again.
const MAX_SESSIONS: usize = 64;

/// The sessions loaded so far.
#[derive(Debug, Default)]
pub struct Sessions {
    by_stamp: HashMap<Stamp, Arc<Session>>,
    builtin: Option<Arc<Session>>,
}

/// A session to lint with, and the error that kept the settings from loading, the first
/// time it is met.
#[derive(Debug)]
pub struct Loaded {
    /// The session: the settings' own, or the built-in rules when they failed to load.
    pub session: Arc<Session>,
    /// Why the settings failed to load (reported once per version of the files).
    pub error: Option<String>,
}

fn stamped(dir: &Path, found: Option<PathBuf>) -> Stamped {
    let path = found?;
    let path = if path.is_absolute() {
        path
    } else {
        dir.join(path)
    };
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    Some((path, modified))
}

impl Sessions {
    /// Forgets every session, so that the settings are read again.
    pub fn clear(&mut self) {
        self.by_stamp.clear();
    }

    /// The session for documents in folder `dir` (absolute); an error only when not even
    /// the built-in rules load.
    pub fn for_dir(&mut self, dir: &Path) -> Result<Loaded, String> {
        let stamp = Stamp {
            config: stamped(dir, config::discover(dir)),
            vale: stamped(dir, vale::discover(dir)),
        };
        if let Some(session) = self.by_stamp.get(&stamp) {
            return Ok(Loaded {
                session: Arc::clone(session),
                error: None,
            });
        }
        let options = Options {
            cwd: dir.to_path_buf(),
            config: match &stamp.config {
                Some((path, _)) => ConfigSource::File(path.clone()),
                None => ConfigSource::Discover,
            },
            ..Options::default()
        };
        let (session, error) = match Session::new(options) {
            Ok(session) => (Arc::new(session), None),
            Err(failure) => {
                let errors: Vec<String> = failure.errors.iter().map(|e| e.to_string()).collect();
                let message = format!(
                    "hedgelint: the settings could not be loaded; linting with the built-in rules \
                     until they are fixed: {}",
                    errors.join("; ")
                );
                match self.builtin() {
                    Ok(session) => (session, Some(message)),
                    Err(e) => return Err(format!("{message}; {e}")),
                }
            }
        };
        if self.by_stamp.len() >= MAX_SESSIONS {
            self.by_stamp.clear();
        }
        self.by_stamp.insert(stamp, Arc::clone(&session));
        Ok(Loaded { session, error })
    }

    /// The built-in rules without any settings file.
    fn builtin(&mut self) -> Result<Arc<Session>, String> {
        if let Some(s) = &self.builtin {
            return Ok(Arc::clone(s));
        }
        let options = Options {
            config: ConfigSource::Isolated,
            ..Options::default()
        };
        let session = Session::new(options).map_err(|f| {
            let errors: Vec<String> = f.errors.iter().map(|e| e.to_string()).collect();
            errors.join("; ")
        })?;
        let session = Arc::new(session);
        self.builtin = Some(Arc::clone(&session));
        Ok(session)
    }
}
