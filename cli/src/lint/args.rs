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
///
/// The doc comments are also the man page's descriptions (`cargo xtask
/// man` renders man/pkgconf-rs-lint.1 from them): the first paragraph is
/// what `--help` says, the rest continues it in the man page only.
#[derive(Debug, Parser)]
#[command(
    name = "pkgconf-rs-lint",
    version,
    after_help = AFTER_HELP,
    long_about = None,
    max_term_width = 80,
    disable_help_flag = true,
    disable_version_flag = true
)]
pub struct Args {
    /// Package names, .pc files, and directories (every .pc file in them).
    #[arg(
        value_name = "TARGET",
        required_unless_present_any = ["explain", "list_rules"],
        value_hint = clap::ValueHint::AnyPath
    )]
    pub targets: Vec<String>,

    /// Output format: human, json (docs/lint-json.md) or sarif (SARIF 2.1.0).
    ///
    /// See OUTPUT FORMATS.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        default_value_t = Format::Human,
        hide_possible_values = true
    )]
    pub format: Format,

    /// Report only findings at or above this severity [default: warning].
    ///
    /// LEVEL is info, warning or error. Findings below it are neither
    /// printed nor counted, and do not fail the run.
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,

    /// Make CODE (an id such as PC013, or a name) an error; always reported.
    ///
    /// A name is, for example, undefined-variable. The rule's findings are
    /// reported whatever --min-severity says, and fail the run even when
    /// only --min-score decides. May be repeated.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub deny: Vec<Code>,

    /// Never report CODE (an id or a name).
    ///
    /// May be repeated. An unknown code given to --deny, --allow or
    /// --explain is a usage error.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub allow: Vec<Code>,

    /// Make every finding that makes a file ambiguous an error.
    ///
    /// Such a finding is one on which pkgconf and other readers of the file
    /// may disagree (a repeated field, an unknown field, invalid UTF-8,
    /// ...). --explain says which rules these are.
    #[arg(long)]
    pub strict: bool,

    /// Explain a rule (an id or a name) and exit.
    ///
    /// The explanation says what the rule checks, its default severity,
    /// whether --strict makes it an error, why it matters and the pccritic
    /// codes it covers.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub explain: Option<Code>,

    /// List every rule (id, name, default severity, title) and exit.
    #[arg(long)]
    pub list_rules: bool,

    /// Print only one line per target, as pccritic --quiet does:
    /// TARGET: SCORE/100 (GRADE).
    ///
    /// Nothing else is printed. Not allowed with --format.
    #[arg(long, short, conflicts_with = "format")]
    pub quiet: bool,

    /// Fail when a target's pccritic score is below N (0 through 100).
    ///
    /// The exit status is then 1. Given without --min-severity, only the
    /// scores (and --deny codes) decide the exit status; findings are still
    /// reported.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_score: Option<u8>,

    /// When to color the output: auto (stdout is a terminal and NO_COLOR
    /// is not set), always or never.
    ///
    /// With auto, the default, the output is colored when standard output
    /// is a terminal and NO_COLOR is unset or empty.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value_t = When::Auto,
        hide_possible_values = true
    )]
    pub color: When,

    /// Set variable NAME to VALUE in every package.
    ///
    /// The same as pkgconf-rs --define-variable. May be repeated.
    #[arg(long, value_name = "NAME=VALUE", value_parser = parse_define)]
    pub define_variable: Vec<String>,

    /// Search DIR for packages first (repeatable).
    ///
    /// It is searched before every other directory.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub with_path: Vec<String>,

    /// Print a summary of the options and exit.
    // The short help with `-h` and `--help` alike: what doc comments say
    // after their first paragraph is for the man page.
    #[arg(short, long, action = clap::ArgAction::HelpShort)]
    pub help: Option<bool>,

    /// Print pkgconf-rs-lint and its version, and exit.
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    pub version: Option<bool>,
}

/// How reports are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Compiler-style lines, each with its source line, then a summary.
    Human,
    /// One JSON document (docs/lint-json.md).
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

/// When to color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
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
