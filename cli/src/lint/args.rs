//! The command line of `pkgconf-rs-lint`, parsed by clap.

use clap::{Parser, ValueEnum};
use libpkgconf::{Code, Severity};

/// What `--help` says after the options.
const AFTER_HELP: &str = "\
Exit status:
  0  no finding at or above the gate, and every score at least --min-score
  1  a finding at or above the gate (--min-severity, or a --deny'd code),
     or a score below --min-score
  2  a usage error, or a target that could not be found or read

With --min-score and no --min-severity, only the scores (and --deny'd codes)
decide the exit status. Run as 'pccritic' (a link), the program behaves as
pkgconf's pccritic. See pkgconf-rs-lint(1).";

/// Lint .pc files: findings with their place in the file, and the score
/// pkgconf's pccritic gives.
#[derive(Debug, Parser)]
#[command(
    name = "pkgconf-rs-lint",
    version,
    after_help = AFTER_HELP,
    max_term_width = 80
)]
pub struct Args {
    /// Package names, .pc files, and directories (every .pc file in them).
    #[arg(value_name = "TARGET", required_unless_present_any = ["explain", "list_rules"])]
    pub targets: Vec<String>,

    /// Output format: human, json (docs/lint-json.md) or sarif (SARIF 2.1.0).
    #[arg(long, value_enum, default_value_t = Format::Human, hide_possible_values = true)]
    pub format: Format,

    /// Report only findings at or above this severity [default: warning].
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,

    /// Make CODE (an id such as PC013, or a name) an error; always reported.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub deny: Vec<Code>,

    /// Never report CODE (an id or a name).
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub allow: Vec<Code>,

    /// Make every finding that makes a file ambiguous an error.
    #[arg(long)]
    pub strict: bool,

    /// Explain a rule (an id or a name) and exit.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub explain: Option<Code>,

    /// List every rule (id, name, default severity, title) and exit.
    #[arg(long)]
    pub list_rules: bool,

    /// Print only one line per target, as pccritic --quiet does:
    /// TARGET: SCORE/100 (GRADE).
    #[arg(long, short, conflicts_with = "format")]
    pub quiet: bool,

    /// Fail when a target's pccritic score is below N (0 through 100).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,

    /// When to color the output: auto (stdout is a terminal and NO_COLOR
    /// is not set), always or never.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value_t = When::Auto,
        hide_possible_values = true
    )]
    pub color: When,

    /// Set variable NAME to VALUE in every package.
    #[arg(long, value_name = "NAME=VALUE", value_parser = parse_define)]
    pub define_variable: Vec<String>,

    /// Search DIR for packages first (repeatable).
    #[arg(long, value_name = "DIR")]
    pub with_path: Vec<String>,
}

/// How reports are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    // `path:line:col: severity[CODE]: message`, the source line, a summary.
    Human,
    // One JSON document (docs/lint-json.md).
    Json,
    // SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// When to color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    // When stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

/// A rule by id or name.
pub fn parse_code(s: &str) -> Result<Code, String> {
    Code::from_id(s)
        .ok_or_else(|| format!("no rule '{s}' (run 'pkgconf-rs-lint --list-rules' for the list)"))
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::from_name(s).ok_or_else(|| format!("'{s}' is not info, warning or error"))
}

fn parse_define(s: &str) -> Result<String, String> {
    if s.split_once('=').is_some_and(|(name, _)| !name.is_empty()) {
        Ok(s.to_owned())
    } else {
        Err(format!("'{s}' is not NAME=VALUE"))
    }
}
