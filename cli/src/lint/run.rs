//! `pkgconf-rs-lint` under its own name: argv → a lint run → reports on
//! stdout and an exit code.

use crate::args::{Args, Format, When};
use crate::{auto_color, context, setup};
use clap::{CommandFactory, FromArgMatches};
use libpkgconf::lint::{self, FileReport, LintOptions, Linter, output};
use libpkgconf::{Code, Severity};
use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

/// The exit status of a usage error or a target that cannot be read.
const TROUBLE: u8 = 2;

/// Runs the command line `argv` (including `argv[0]`).
pub fn run(argv: Vec<OsString>) -> io::Result<ExitCode> {
    let program = argv
        .first()
        .map(|a| a.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed = Args::command()
        .try_get_matches_from(argv)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(a) => a,
        Err(e) => {
            // --help and --version go to stdout with 0, errors to stderr.
            e.print()?;
            return Ok(ExitCode::from(
                u8::try_from(e.exit_code()).unwrap_or(TROUBLE),
            ));
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = run_args(&args, &program, &mut out)?;
    out.flush()?;
    Ok(ExitCode::from(code))
}

fn run_args(args: &Args, program: &str, out: &mut dyn Write) -> io::Result<u8> {
    if let Some(code) = args.explain {
        out.write_all(output::explain(code).as_bytes())?;
        return Ok(0);
    }
    if args.list_rules {
        for r in Code::rules() {
            let severity = r.severity.name();
            writeln!(out, "{:<6} {:<27} {severity:<8} {}", r.id, r.name, r.title)?;
        }
        return Ok(0);
    }
    let env = setup::env_snapshot();
    let ctx = match context(
        program,
        &env,
        &args.with_path,
        &args.define_variable,
        &args.targets,
    ) {
        Ok(c) => c,
        Err(message) => {
            eprintln!("pkgconf-rs-lint: {message}");
            return Ok(TROUBLE);
        }
    };
    let linter = Linter::new(&ctx, lint_options(args));
    let reports: Vec<FileReport> = lint::expand_targets(&args.targets)
        .iter()
        .map(|t| linter.lint(t))
        .collect();
    let color = match args.color {
        When::Always => true,
        When::Never => false,
        When::Auto => auto_color(&env),
    };
    write_reports(args, &reports, color, out)?;
    Ok(status(args, &reports))
}

/// The lint options the command line sets.
fn lint_options(args: &Args) -> LintOptions {
    let mut o = LintOptions::new()
        .strict(args.strict)
        .min_severity(args.min_severity.unwrap_or(Severity::Warning));
    for &code in &args.deny {
        o = o.deny(code);
    }
    for &code in &args.allow {
        o = o.allow(code);
    }
    o
}

fn write_reports(
    args: &Args,
    reports: &[FileReport],
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match args.format {
        _ if args.quiet => {
            for r in reports {
                out.write_all(output::pccritic(r, true, color).as_bytes())?;
            }
        }
        Format::Json => out.write_all(output::json(reports).as_bytes())?,
        Format::Sarif => out.write_all(output::sarif(reports).as_bytes())?,
        Format::Human => {
            for r in reports {
                out.write_all(output::human(r, color).as_bytes())?;
            }
            writeln!(out, "{}", summary(reports))?;
        }
    }
    Ok(())
}

/// `N files, E errors, W warnings, I infos`.
fn summary(reports: &[FileReport]) -> String {
    let count = |s: Severity| reports.iter().map(|r| r.count(s)).sum::<usize>();
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    [
        plural(reports.len(), "file"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Info), "info"),
    ]
    .join(", ")
}

/// The exit status: see `AFTER_HELP` in `args.rs`.
fn status(args: &Args, reports: &[FileReport]) -> u8 {
    let gate = match (args.min_severity, args.min_score) {
        (Some(level), _) => Some(level),
        (None, Some(_)) => None,
        (None, None) => Some(Severity::Warning),
    };
    let status = lint::exit_status(reports, gate, args.min_score);
    let denied = reports
        .iter()
        .flat_map(|r| &r.findings)
        .any(|d| args.deny.contains(&d.code));
    if status == 0 && denied { 1 } else { status }
}
