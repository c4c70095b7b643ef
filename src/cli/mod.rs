//! The command line: argument parsing and the subcommands, each a thin layer over the
//! library. [`run`] is all `main` calls.

pub mod args;
mod check;
mod inspect;
mod output;
mod rules_cmd;
#[cfg(feature = "server")]
mod server;
mod test_rules;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, ConfigArgs, RuleArgs};
use hedgelint::error::Error;
use hedgelint::rule::RuleSet;

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
        Command::Check(a) => check::run(*a),
        Command::Rules(a) => rules_cmd::list(a),
        Command::Explain(a) => rules_cmd::explain(a),
        Command::TestRules(a) => test_rules::run(a),
        Command::Init => init(),
        #[cfg(feature = "server")]
        Command::Server => server::run(),
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
    let path = std::path::Path::new(hedgelint::settings::config::CONFIG_NAMES[0]);
    if let Some(existing) = hedgelint::settings::config::CONFIG_NAMES
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
        .and_then(|mut f| {
            std::io::Write::write_all(&mut f, hedgelint::settings::config::STARTER.as_bytes())
        });
    match written {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            EXIT_CLEAN
        }
        Err(e) => {
            output::error(&format!(
                "{}: {}",
                path.display(),
                hedgelint::walk::io_message(&e)
            ));
            EXIT_ERROR
        }
    }
}

/// Loads the rules `check` would load with these flags, reading the same configuration
/// (hedgelint.toml's rule folders, the Vale styles `.vale.ini` names). Rules skipped for their
/// type are reported as warnings and Vale rules that could not load as errors; the flag is true
/// when there were such errors.
pub fn load_rule_set(rules: &RuleArgs, config: &ConfigArgs) -> Result<(RuleSet, bool), Vec<Error>> {
    let options = hedgelint::session::Options {
        cwd: std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from(".")),
        rules: rules.origin(),
        config: config.source(),
        ..Default::default()
    };
    match hedgelint::session::load_rules(&options) {
        Ok(loaded) => {
            print_skipped(&loaded.skipped);
            for e in &loaded.broken {
                output::error(&format!("{e} (rule left out)"));
            }
            Ok((loaded.rules, !loaded.broken.is_empty()))
        }
        Err(failure) => {
            print_skipped(&failure.skipped);
            Err(failure.errors)
        }
    }
}

/// Prints errors to standard error, one per line.
pub fn print_rule_errors(errors: &[Error]) {
    for e in errors {
        output::error(&e.to_string());
    }
}

/// Prints a warning for each rule skipped for its type.
pub fn print_skipped(skipped: &[Error]) {
    for e in skipped {
        output::warning(&format!("{e} (skipped)"));
    }
}
