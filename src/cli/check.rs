//! `hedgelint check`.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::path::Path;

use rayon::prelude::*;

use super::args::{CheckArgs, FailOn};
use super::output::{self, write_or_stop};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load_rule_set, print_rule_errors};
use crate::lint::{Finding, Linter};
use crate::render::{OutputFormat, render_file};
use crate::rule::Level;
use crate::text::{Document, Format, source};
use crate::walk::{self, Input};

/// What linting one input produced.
struct Outcome {
    /// The rendered findings.
    rendered: String,
    /// (rule id, level) of every finding, for counts and statistics.
    fired: Vec<(String, Level)>,
    /// A problem that kept the input from being linted.
    error: Option<String>,
}

impl Outcome {
    fn error(name: &str, msg: impl std::fmt::Display) -> Outcome {
        Outcome {
            rendered: String::new(),
            fired: Vec::new(),
            error: Some(format!("{name}: {msg}")),
        }
    }
    fn skipped() -> Outcome {
        Outcome {
            rendered: String::new(),
            fired: Vec::new(),
            error: None,
        }
    }
}

fn lint_text(linter: &Linter, format: OutputFormat, name: &str, doc: &Document) -> Outcome {
    match linter.lint(doc) {
        Ok(findings) => Outcome {
            rendered: render_file(format, name, doc, &findings),
            fired: findings
                .iter()
                .map(|f: &Finding| (f.rule.id.clone(), f.level))
                .collect(),
            error: None,
        },
        Err(e) => Outcome::error(name, e),
    }
}

fn lint_input(
    linter: &Linter,
    format: OutputFormat,
    input: &Input,
    stdin: Option<&[u8]>,
) -> Outcome {
    let name = input.display_name();
    let (bytes, explicit, fmt) = match input {
        Input::Stdin { name } => (
            stdin.unwrap_or_default().to_vec(),
            true,
            Format::for_path(Path::new(name)),
        ),
        Input::File { path, explicit } => match std::fs::read(path) {
            Ok(b) => (b, *explicit, Format::for_path(path)),
            Err(e) => return Outcome::error(&name, walk::io_message(&e)),
        },
    };
    match source::decode(bytes) {
        Ok(src) => lint_text(linter, format, &name, &Document::new(src, fmt)),
        Err(source::DecodeError::Binary) if !explicit => Outcome::skipped(),
        Err(e) => Outcome::error(&name, e),
    }
}

fn reaches(level: Level, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::Suggestion => true,
        FailOn::Warning => level >= Level::Warning,
        FailOn::Error => level >= Level::Error,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Runs `check` and returns the exit code.
pub fn run(args: CheckArgs) -> u8 {
    let mut set = match load_rule_set(&args.rule_args) {
        Ok(set) => set,
        Err(errors) => {
            print_rule_errors(&errors);
            return EXIT_ERROR;
        }
    };
    if let Err(e) = set.select(&args.select, &args.ignore) {
        output::error(&e);
        return EXIT_ERROR;
    }
    let linter = match Linter::new(set) {
        Ok(l) => l,
        Err(e) => {
            output::error(&e);
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() {
        vec![".".into()]
    } else {
        args.paths.clone()
    };
    let extensions: Vec<String> = walk::DEFAULT_EXTENSIONS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let (inputs, walk_errors) = walk::collect(&paths, &extensions, &args.stdin_filename);
    let mut had_error = !walk_errors.is_empty();
    for e in &walk_errors {
        output::error(&format!("{}: {}", e.path, e.message));
    }
    let stdin = if inputs.iter().any(|i| matches!(i, Input::Stdin { .. })) {
        let mut buf = Vec::new();
        if let Err(e) = io::stdin().lock().read_to_end(&mut buf) {
            output::error(&format!(
                "{}: {}",
                args.stdin_filename,
                walk::io_message(&e)
            ));
            had_error = true;
        }
        Some(buf)
    } else {
        None
    };

    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .map(|input| lint_input(&linter, args.format, input, stdin.as_deref()))
        .collect();

    let mut out = output::stdout(args.color);
    let mut counts: BTreeMap<String, (usize, Level)> = BTreeMap::new();
    let mut by_level = [0usize; 3];
    let mut failing = false;
    let mut files_with_findings = 0;
    let mut json_first = true;
    let mut open = true;
    if args.format == OutputFormat::Json {
        open = write_or_stop(&mut out, "[").unwrap_or(false);
    }
    for outcome in &outcomes {
        if let Some(e) = &outcome.error {
            output::error(e);
            had_error = true;
        }
        if !outcome.fired.is_empty() {
            files_with_findings += 1;
        }
        for (id, level) in &outcome.fired {
            counts.entry(id.clone()).or_insert((0, *level)).0 += 1;
            by_level[*level as usize] += 1;
            failing |= reaches(*level, args.fail_on);
        }
        if open && !outcome.rendered.is_empty() {
            let chunk = if args.format == OutputFormat::Json {
                let sep = if json_first { "\n" } else { ",\n" };
                json_first = false;
                format!("{sep}{}", outcome.rendered)
            } else {
                outcome.rendered.clone()
            };
            open = write_or_stop(&mut out, &chunk).unwrap_or(false);
        }
    }
    if open && args.format == OutputFormat::Json {
        open = write_or_stop(&mut out, if json_first { "]\n" } else { "\n]\n" }).unwrap_or(false);
    }
    let total: usize = by_level.iter().sum();
    if open && args.format == OutputFormat::Full {
        let summary = if total == 0 {
            format!(
                "No findings in {}.\n",
                plural(outcomes.len(), "file", "files")
            )
        } else {
            let mut parts = Vec::new();
            for (i, (one, many)) in [
                ("error", "errors"),
                ("warning", "warnings"),
                ("suggestion", "suggestions"),
            ]
            .iter()
            .enumerate()
            {
                let n = by_level[2 - i];
                if n > 0 {
                    parts.push(plural(n, one, many));
                }
            }
            format!(
                "Found {} ({}) in {} of {}.\n",
                plural(total, "finding", "findings"),
                parts.join(", "),
                plural(files_with_findings, "file", "files"),
                outcomes.len()
            )
        };
        open = write_or_stop(&mut out, &summary).unwrap_or(false);
    }
    if args.statistics && open {
        let mut rows: Vec<(&String, &(usize, Level))> = counts.iter().collect();
        rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
        let mut table = String::new();
        for (id, (n, level)) in rows {
            table.push_str(&format!("{n:>6}  {id:<36} {level}\n"));
        }
        table.push_str(&format!("{total:>6}  total\n"));
        if matches!(args.format, OutputFormat::Json | OutputFormat::Jsonl) {
            let _ = io::stderr().write_all(table.as_bytes());
        } else {
            open = write_or_stop(&mut out, &table).unwrap_or(false);
        }
    }
    if !open {
        return EXIT_CLEAN;
    }
    let _ = out.flush();
    if had_error {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
