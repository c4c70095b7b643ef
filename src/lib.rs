//! hedgelint finds hedged and unattributed phrasing in news text ("reportedly", "it is
//! believed", "sources say", "remains to be seen") and reports each span the way a compiler
//! reports an error.
//!
//! The library loads Vale-compatible YAML rules ([`rule`]), reads text and Markdown into a
//! normalised view ([`text`]), matches every rule in one pass ([`matcher`]), filters matches
//! by sentence and quotation context ([`lint`]) and renders findings ([`render`]). A
//! [`session::Session`] runs over files as `hedgelint check` does, with the configuration
//! layers of [`settings`]; the binary is a thin layer over it, and so is the language server
//! (`server`, with the `server` feature). The library never prints.

#![forbid(unsafe_code)]
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod error;
pub mod kinds;
pub mod lint;
pub mod matcher;
pub mod records;
pub mod render;
pub mod rule;
#[cfg(feature = "server")]
pub mod server;
pub mod session;
pub mod settings;
pub mod text;
pub mod walk;

pub use error::{Error, ErrorKind};
pub use lint::{Finding, LintError, Linter};
pub use rule::{Level, Rule, RuleSet};
pub use session::{Options, Session};
pub use text::{Document, Format};
