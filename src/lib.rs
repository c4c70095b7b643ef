//! hedgelint finds hedged and unattributed phrasing in news text ("reportedly", "it is
//! believed", "sources say", "remains to be seen") and reports each span the way a compiler
//! reports an error.
//!
//! The library loads Vale-compatible YAML rules ([`rule`]), reads text and Markdown into a
//! normalised view ([`text`]), matches every rule in one pass ([`matcher`]), filters matches
//! by sentence and quotation context ([`lint`]) and renders findings ([`render`]). The binary
//! is a thin layer over [`cli::run`].

pub mod baseline;
pub mod cli;
pub mod config;
pub mod error;
pub mod lint;
pub mod matcher;
pub mod render;
pub mod rule;
pub mod text;
pub mod vale;
pub mod walk;

pub use error::RuleError;
pub use lint::{Finding, LintError, Linter};
pub use rule::{Level, Rule, RuleSet};
pub use text::{Document, Format};
