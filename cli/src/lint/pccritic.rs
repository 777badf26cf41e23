//! `pkgconf-rs-lint` run as `pccritic`: pkgconf's pccritic command line
//! (long options with one dash or two, unique prefixes, `--opt=value` or
//! `--opt value`), its messages and its exit status, over the library's
//! pccritic assessment.

use crate::{auto_color, context, setup};
use libpkgconf::PKGCONF_COMPAT_VERSION;
use libpkgconf::lint::{LintOptions, Linter, Target, output};
use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

const USAGE: &str = "\
usage: pccritic [--flags] [module-or-file ...]

Scores each package (looked up on the pkg-config search path) or .pc file
from 0 to 100 and lists what it finds, the way pkgconf's pccritic does.

  --help                        show this text and exit
  --about                       show the version, copyright and licence
  --version                     show the pccritic version implemented
  --quiet                       one line per target: TARGET: SCORE/100 (GRADE)
  --min-score N                 exit with 1 when a score is below N (0-100)
  --color[=WHEN]                color the report: always (without WHEN),
                                never or auto (a terminal, NO_COLOR unset)
  --define-variable=NAME=VALUE  set variable NAME in every package

Long options may also be written with one dash (-quiet).
The score is 100 - 25 x critical - 10 x major - 4 x minor - 1 x info,
clamped to 0-100; grades: A >= 90, B >= 80, C >= 70, D >= 60, else F.
";

/// The options pccritic knows: name and whether it takes a value
/// (`Some(true)` required, `Some(false)` only after `=`).
const OPTIONS: [(&str, Option<bool>); 7] = [
    ("help", None),
    ("about", None),
    ("version", None),
    ("quiet", None),
    ("min-score", Some(true)),
    ("color", Some(false)),
    ("define-variable", Some(true)),
];

/// A parsed pccritic command line.
#[derive(Debug, Default)]
struct PcArgs {
    flags: Vec<&'static str>,
    min_score: Option<u8>,
    color: Option<String>,
    defines: Vec<String>,
    targets: Vec<String>,
}

impl PcArgs {
    fn has(&self, flag: &str) -> bool {
        self.flags.contains(&flag)
    }
}

/// Runs pccritic's command line `argv` (including `argv[0]`).
pub fn run(argv: &[OsString]) -> io::Result<ExitCode> {
    let words: Vec<String> = argv
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let args = match parse(&words) {
        Ok(a) => a,
        Err(message) => return Ok(refuse(&message)),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    // pccritic's order: --about, then --version, then --help.
    if args.has("about") {
        out.write_all(about().as_bytes())?;
    } else if args.has("version") {
        writeln!(out, "pccritic {PKGCONF_COMPAT_VERSION}")?;
    } else if args.has("help") {
        out.write_all(USAGE.as_bytes())?;
    } else if args.targets.is_empty() {
        return Ok(refuse("no module or file given (see --help)"));
    } else {
        let code = critique(&args, &mut out)?;
        out.flush()?;
        return Ok(code);
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One line on stderr, and failure.
fn refuse(message: &str) -> ExitCode {
    eprintln!("pccritic: {message}");
    ExitCode::FAILURE
}

fn about() -> String {
    format!(
        "pccritic (pkgconf-rs {})\n\
         Copyright (c) 2026 the pkgconf-rs authors\n\
         Distributed under the ISC licence: use, copy, modify and distribute it\n\
         freely; it comes without any warranty.\n\n\
         Report bugs at <{}>.\n",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY"),
    )
}

/// Scores every target; 1 when one could not be loaded or scored below
/// `--min-score`.
fn critique(args: &PcArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    let env = setup::env_snapshot();
    let ctx = match context("pccritic", &env, &[], &args.defines, &args.targets) {
        Ok(c) => c,
        Err(message) => return Ok(refuse(&message)),
    };
    let color = match args.color.as_deref() {
        Some("always") => true,
        Some("auto") => auto_color(&env),
        _ => false,
    };
    let linter = Linter::new(&ctx, LintOptions::new());
    let mut failed = false;
    for arg in &args.targets {
        let target = Target::from_arg(arg);
        // pccritic scores a package name only when pkgconf would use it; a
        // path is scored even when pkgconf refuses the file.
        let usable = !matches!(&target, Target::Package(name) if ctx.find(name).is_none());
        let report = linter.lint(&target);
        if !usable || !report.readable {
            // Say so after what came before, in order.
            out.flush()?;
            eprintln!("pccritic: '{arg}' is neither a usable package nor a readable .pc file");
            failed = true;
            continue;
        }
        out.write_all(output::pccritic(&report, args.has("quiet"), color).as_bytes())?;
        failed |= args.min_score.is_some_and(|m| report.pccritic.score < m);
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The option a word names (without its dashes and `=value`): the exact
/// name, or the only one it is a prefix of.
fn option(name: &str) -> Result<(&'static str, Option<bool>), String> {
    if let Some(&exact) = OPTIONS.iter().find(|(n, _)| *n == name) {
        return Ok(exact);
    }
    let matches: Vec<_> = OPTIONS
        .iter()
        .filter(|(n, _)| n.starts_with(name))
        .collect();
    match matches.as_slice() {
        [only] if !name.is_empty() => Ok(**only),
        [] | [_] => Err(format!("unknown option '{name}' (see --help)")),
        _ => Err(format!("ambiguous option '{name}' (see --help)")),
    }
}

/// Parses pccritic's arguments (without `argv[0]`).
fn parse(words: &[String]) -> Result<PcArgs, String> {
    let mut args = PcArgs::default();
    let mut rest = words.iter();
    while let Some(word) = rest.next() {
        if word == "--" {
            args.targets.extend(rest.by_ref().cloned());
            break;
        }
        let Some(body) = word.strip_prefix("--").or_else(|| word.strip_prefix('-')) else {
            args.targets.push(word.clone());
            continue;
        };
        if body.is_empty() {
            args.targets.push(word.clone());
            continue;
        }
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (body, None),
        };
        let (name, takes) = option(name)?;
        let value = match (takes, inline) {
            (None, Some(_)) => return Err(format!("option '--{name}' takes no value")),
            (Some(true), None) => Some(
                rest.next()
                    .cloned()
                    .ok_or_else(|| format!("option '--{name}' requires a value"))?,
            ),
            (_, inline) => inline,
        };
        set(&mut args, name, value)?;
    }
    Ok(args)
}

/// A score as C's `strtol` reads it (leading whitespace, an optional sign,
/// digits, nothing after), within 0 to 100.
fn score(v: &str) -> Option<u8> {
    let t = v.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    if digits.len() > 3 {
        return None;
    }
    let n: u8 = if digits.is_empty() {
        0
    } else {
        digits.parse().ok()?
    };
    match (negative, n) {
        (_, 0) => Some(0),
        (false, n) if n <= 100 => Some(n),
        _ => None,
    }
}

/// Records option `name` with its value.
fn set(args: &mut PcArgs, name: &'static str, value: Option<String>) -> Result<(), String> {
    match (name, value) {
        ("min-score", Some(v)) => {
            let invalid = || format!("--min-score takes a whole number from 0 to 100, not '{v}'");
            args.min_score = Some(score(&v).ok_or_else(invalid)?);
        }
        ("color", v) => {
            // A bare --color means always; --color= names no mode.
            let when = v.unwrap_or_else(|| "always".to_owned());
            if !["always", "never", "auto"].contains(&when.as_str()) {
                return Err(format!(
                    "invalid --color value '{when}' (use always, never or auto)"
                ));
            }
            args.color = Some(when);
        }
        ("define-variable", Some(v)) => args.defines.push(v),
        (flag, _) => args.flags.push(flag),
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn p(words: &[&str]) -> Result<PcArgs, String> {
        parse(&words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn options_with_one_or_two_dashes_and_prefixes() {
        let a = p(&["-quiet", "--min-score", "90", "--color", "x.pc", "-min=5"]).unwrap();
        assert!(a.has("quiet"));
        assert_eq!(a.min_score, Some(5));
        assert_eq!(a.color.as_deref(), Some("always"));
        assert!(p(&["--color="]).is_err());
        assert_eq!(p(&["--min-score", " +5"]).unwrap().min_score, Some(5));
        assert_eq!(p(&["--min-score=-0"]).unwrap().min_score, Some(0));
        assert!(p(&["--min-score", "5x"]).is_err());
        assert!(p(&["--min-score", "-1"]).is_err());
        assert!(p(&["--min-score", ""]).is_err());
        assert_eq!(a.targets, ["x.pc"]);
        assert!(p(&["--bogus"]).is_err());
        assert!(p(&["--color=blue"]).is_err());
        assert_eq!(
            p(&["--min-score", "101"]).err().unwrap(),
            "--min-score takes a whole number from 0 to 100, not '101'"
        );
        assert_eq!(p(&["--", "-x"]).unwrap().targets, ["-x"]);
    }
}
