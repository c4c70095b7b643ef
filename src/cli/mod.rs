//! The command line: argument parsing, rule loading and the subcommands. [`run`] is all the
//! binary calls.

pub mod args;
mod check;
mod output;
mod rules_cmd;
mod test_rules;

use std::process::ExitCode;

use clap::Parser;

use crate::error::RuleError;
use crate::rule::{self, RuleSet, builtin};
use args::{Cli, Command, RuleArgs};

/// Exit code: nothing at or above `--fail-on` was found.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: a usage, configuration, rule or input error.
pub const EXIT_ERROR: u8 = 2;

/// Parses the arguments, runs the command and returns the exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    let code = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Rules(a) => rules_cmd::list(a),
        Command::Explain(a) => rules_cmd::explain(a),
        Command::TestRules(a) => test_rules::run(a),
        Command::Init => init(),
        Command::Completions(a) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(a.shell, &mut cmd, "hedgelint", &mut std::io::stdout());
            EXIT_CLEAN
        }
    };
    ExitCode::from(code)
}

/// Writes the starter configuration, refusing to replace an existing file.
fn init() -> u8 {
    let path = std::path::Path::new(crate::config::CONFIG_NAMES[0]);
    if let Some(existing) = crate::config::CONFIG_NAMES
        .iter()
        .map(std::path::Path::new)
        .find(|p| p.exists())
    {
        output::error(&format!(
            "{} already exists; not replacing it",
            existing.display()
        ));
        return EXIT_ERROR;
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, crate::config::STARTER.as_bytes()));
    match written {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            EXIT_CLEAN
        }
        Err(e) => {
            output::error(&format!(
                "{}: {}",
                path.display(),
                crate::walk::io_message(&e)
            ));
            EXIT_ERROR
        }
    }
}

/// Loads the built-in packs (unless turned off) and every `--rules` folder.
pub fn load_rule_set(args: &RuleArgs) -> Result<RuleSet, Vec<RuleError>> {
    load_rules_from(args, &args.rules, Vec::new())
}

/// Loads the built-in packs (unless `--no-default-rules`), the packs in `dirs` and `extra`.
/// Rules of an unsupported type are skipped with a warning under `--skip-unsupported`.
pub fn load_rules_from(
    args: &RuleArgs,
    dirs: &[std::path::PathBuf],
    extra: Vec<rule::RuleSource>,
) -> Result<RuleSet, Vec<RuleError>> {
    let mut sources = if args.no_default_rules {
        Vec::new()
    } else {
        builtin::sources()
    };
    let mut errors = Vec::new();
    for dir in dirs {
        match rule::load_dir(dir) {
            Ok(mut s) => sources.append(&mut s),
            Err(e) => errors.push(e),
        }
    }
    sources.extend(extra);
    match rule::load::load_rules_skipping(&sources, args.skip_unsupported) {
        Ok((set, skipped)) if errors.is_empty() => {
            for e in skipped {
                output::warning(&format!("{e} (skipped)"));
            }
            Ok(set)
        }
        Ok(_) => Err(errors),
        Err(mut more) => {
            errors.append(&mut more);
            Err(errors)
        }
    }
}

/// Prints rule errors to standard error, one per line.
pub fn print_rule_errors(errors: &[RuleError]) {
    for e in errors {
        output::error(&e.to_string());
    }
}
