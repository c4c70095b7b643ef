//! Command-line arguments: the raw flags as clap parses them, and what they resolve to
//! ([`CheckArgs::resolve`]): the library's session options and the output choices.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use hedgelint::records::RecordFields;
use hedgelint::rule::Level;
use hedgelint::rule::load::RuleOrigin;
use hedgelint::session::Options;
use hedgelint::settings::ConfigSource;
use hedgelint::text::Format;

use hedgelint::render::OutputFormat;
use hedgelint::settings::config::FailOn;

/// Finds hedged and unattributed phrasing in news text.
#[derive(Debug, Parser)]
#[command(name = "hedgelint", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files, folders (recursively, .gitignore respected) or standard input (-).
    Check(Box<CheckArgs>),
    /// List every loaded rule: id, level and what it flags.
    Rules(RulesArgs),
    /// Show a rule's description, examples and link.
    Explain(ExplainArgs),
    /// Check every rule's own examples (the built-in packs, or the packs in DIR).
    TestRules(TestRulesArgs),
    /// Write a commented starter hedgelint.toml in the current folder.
    Init,
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Run the language server on standard input and output, for editors.
    #[cfg(feature = "server")]
    Server,
}

/// `hedgelint completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where rules come from.
#[derive(Debug, Args, Clone, Default)]
pub struct RuleArgs {
    /// A folder of rule packs to load as well (a Vale `styles/` folder works); repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long, conflicts_with = "default_rules")]
    pub no_default_rules: bool,
    /// Load every built-in pack, also inside a Vale project (where only the packs its
    /// `.vale.ini` names run).
    #[arg(long)]
    pub default_rules: bool,
    /// Skip rules of a type hedgelint does not run (sequence, spelling, script) with a warning,
    /// instead of failing.
    #[arg(long)]
    pub skip_unsupported: bool,
}

impl RuleArgs {
    /// Where the rules come from.
    pub fn origin(&self) -> RuleOrigin {
        RuleOrigin {
            dirs: self.rules.clone(),
            no_default_rules: self.no_default_rules,
            default_rules: self.default_rules,
            skip_unsupported: self.skip_unsupported,
        }
    }
}

/// Which configuration files to read.
#[derive(Debug, Args, Clone, Default)]
pub struct ConfigArgs {
    /// Use this configuration file instead of looking for hedgelint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file (hedgelint.toml and .vale.ini).
    #[arg(long)]
    pub isolated: bool,
}

impl ConfigArgs {
    /// The configuration source the flags name.
    pub fn source(&self) -> ConfigSource {
        match (self.isolated, &self.config) {
            (true, _) => ConfigSource::Isolated,
            (false, Some(path)) => ConfigSource::File(path.clone()),
            (false, None) => ConfigSource::Discover,
        }
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `hedgelint check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to lint; `-` reads standard input. Default: the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Full)]
    pub format: OutputFormat,
    /// Exit with 1 when a finding is at or above this level [default: warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Report only findings at or above this level; the others are not shown, counted or
    /// failed on (Vale's --minAlertLevel).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_level: Option<Level>,
    /// Run only these rules or packs (repeatable, or comma-separated).
    #[arg(long, value_name = "ID|PACK", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules or packs (repeatable, or comma-separated).
    #[arg(long, value_name = "ID|PACK", value_delimiter = ',')]
    pub ignore: Vec<String>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// After the findings, print how many each rule produced (on standard error).
    #[arg(long)]
    pub statistics: bool,
    /// Print the findings and errors only: no summary line, notes or warnings.
    #[arg(short, long)]
    pub quiet: bool,
    /// Write the findings to this file instead of standard output (never coloured).
    #[arg(short, long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Lint on this many threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// The name to show for standard input (its extension picks Markdown or plain text).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
    #[command(flatten)]
    pub config_args: ConfigArgs,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this file (instead of printing them) and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Apply the configuration's `include` and `exclude` to files named on the command line
    /// too (for hooks, which name every changed file).
    #[arg(long)]
    pub force_exclude: bool,
    /// Print what would be linted, and why each other file under the paths is skipped; lint
    /// nothing.
    #[arg(long, conflicts_with_all = ["show_settings", "write_baseline"])]
    pub show_files: bool,
    /// Print the settings FILE would be linted with and where each came from (a flag, a line
    /// of hedgelint.toml, .vale.ini); lint nothing.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub show_settings: Option<PathBuf>,
    /// Skip files larger than this (bytes, or with a K, M or G suffix), with a warning.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// How the inputs are read: files (folders are walked), or JSONL records, one JSON object
    /// a line, each linted as a document of its own.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = InputFormat::Files,
          conflicts_with_all = ["show_files", "show_settings"])]
    pub input_format: InputFormat,
    /// Record mode: the field that holds a record's text (a dotted path reaches into
    /// objects: `article.body`).
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// Record mode: the field that holds a record's id (a record without one is known by its
    /// line number).
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// Record mode: how a record's text is read [default: by --stdin-filename's extension,
    /// else plain text].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub record_format: Option<RecordFormat>,
}

/// `--input-format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Files and folders.
    Files,
    /// JSON Lines: one object per line, its text in `--text-field`.
    Jsonl,
}

/// `--record-format` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// Plain text.
    Plain,
    /// Markdown.
    Markdown,
    /// reStructuredText.
    Rst,
}

/// What `check`'s flags resolve to.
#[derive(Debug)]
pub struct Check {
    /// The run.
    pub options: Options,
    /// How its results are written.
    pub output: OutputChoice,
}

/// How `check` writes its results.
#[derive(Debug)]
pub struct OutputChoice {
    /// The output format.
    pub format: OutputFormat,
    /// When to colour.
    pub color: ColorWhen,
    /// Whether to add the findings-per-rule table.
    pub statistics: bool,
    /// Findings and errors only.
    pub quiet: bool,
    /// Write the findings here instead of standard output.
    pub output_file: Option<PathBuf>,
    /// Print the file decisions instead of linting.
    pub show_files: bool,
    /// Print this file's resolved settings instead of linting.
    pub show_settings: Option<PathBuf>,
    /// Record the findings in this baseline file instead of printing them.
    pub write_baseline: Option<PathBuf>,
}

impl CheckArgs {
    /// Resolves the flags against the working folder `cwd`.
    pub fn resolve(self, cwd: PathBuf) -> Check {
        let config = self.config_args.source();
        Check {
            options: Options {
                cwd,
                paths: self.paths,
                rules: self.rule_args.origin(),
                select: trimmed(self.select),
                ignore: trimmed(self.ignore),
                fail_on: self.fail_on,
                config,
                baseline: self.baseline,
                config_baseline: self.write_baseline.is_none(),
                force_exclude: self.force_exclude,
                stdin_name: self.stdin_filename,
                max_file_size: self.max_file_size,
                min_level: self.min_level,
                threads: self.threads.map(usize::from),
                records: (self.input_format == InputFormat::Jsonl)
                    .then(|| RecordFields::new(&self.text_field, &self.id_field)),
                record_format: self.record_format.map(|f| match f {
                    RecordFormat::Plain => Format::Plain,
                    RecordFormat::Markdown => Format::Markdown,
                    RecordFormat::Rst => Format::Rst,
                }),
                keep_text: self.format.shows_source(),
                ..Options::default()
            },
            output: OutputChoice {
                format: self.format,
                color: self.color,
                statistics: self.statistics,
                quiet: self.quiet,
                output_file: self.output_file,
                show_files: self.show_files,
                show_settings: self.show_settings,
                write_baseline: self.write_baseline,
            },
        }
    }
}

/// Parses `123`, `64K`, `256M`, `2G` (binary units).
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, shift) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 10),
        Some((i, 'm' | 'M')) => (&s[..i], 20),
        Some((i, 'g' | 'G')) => (&s[..i], 30),
        _ => (s, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size such as 1048576, 512K, 256M or 2G"))?;
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("`{s}` is too large"))
}

/// `hedgelint rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Print every literal phrase of the loaded rules instead, one a line (for comparing with
    /// a phrase search such as `rg -i -w -f`).
    #[arg(long)]
    pub phrases: bool,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    #[command(flatten)]
    pub config_args: ConfigArgs,
}

/// `hedgelint explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. Attribution.Reportedly.
    #[arg(required_unless_present = "kind")]
    pub rule: Option<String>,
    /// Explain a rule type (its keys and what it checks) instead, e.g. `metric`.
    #[arg(long = "type", value_name = "TYPE", conflicts_with = "rule")]
    pub kind: Option<String>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    #[command(flatten)]
    pub config_args: ConfigArgs,
}

/// `hedgelint test-rules`.
#[derive(Debug, Args)]
pub struct TestRulesArgs {
    /// A folder of packs (or one pack) to test instead of the rules `check` would load (the
    /// built-in packs and those the configuration adds).
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub config_args: ConfigArgs,
}

/// A comma list's items without the spaces around them (`--select "Attribution, Hedging"`),
/// empty items dropped.
fn trimmed(items: Vec<String>) -> Vec<String> {
    items
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}
