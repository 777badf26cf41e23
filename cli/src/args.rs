//! Command-line parsing. pkgconf accepts its long options with one dash or
//! two (`-cflags`, `--cflags`), unique prefixes (`--modv`), `--opt=value` and
//! `--opt value`, and options after package names; clap does the parsing
//! once single-dash long options have been rewritten to their `--` form.

use clap::{Arg, ArgAction, ArgMatches, Command};
use std::ffi::OsString;

/// Options that take no value, by their long name.
pub const FLAGS: &[&str] = &[
    "help",
    "about",
    "version",
    "verbose",
    "errors-to-stdout",
    "print-errors",
    "short-errors",
    "silence-errors",
    "list-all",
    "list-package-names",
    "simulate",
    "no-cache",
    "define-prefix",
    "dont-define-prefix",
    "dont-relocate-paths",
    "dump-personality",
    "exists",
    "uninstalled",
    "no-uninstalled",
    "no-provides",
    "static",
    "shared",
    "pure",
    "env-only",
    "ignore-conflicts",
    "validate",
    "cflags",
    "cflags-only-I",
    "cflags-only-other",
    "libs",
    "libs-only-L",
    "libs-only-l",
    "libs-only-other",
    "print-requires",
    "print-requires-private",
    "print-provides",
    "print-variables",
    "digraph",
    "print-digraph-query-nodes",
    "solution",
    "keep-system-cflags",
    "keep-system-libs",
    "path",
    "modversion",
    "internal-cflags",
    "license",
    "license-file",
    "link-abi",
    "source",
    "exists-cflags",
    "msvc-syntax",
    "fragment-tree",
    "newlines",
    "debug",
];

/// Options that take a value (`--name=value` or `--name value`).
pub const VALUED: &[&str] = &[
    "atleast-pkgconfig-version",
    "log-file",
    "with-path",
    "prefix-variable",
    "personality",
    "atleast-version",
    "exact-version",
    "max-version",
    "maximum-traverse-depth",
    "define-variable",
    "variable",
    "fragment-filter",
    "env",
];

/// Options whose every occurrence counts (the rest: the last one wins).
const REPEATABLE: &[&str] = &["with-path", "define-variable", "verbose"];

fn command() -> Command {
    let mut cmd = Command::new("pkgconf-rs")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .infer_long_args(true)
        .args_override_self(true)
        .arg(
            Arg::new("packages")
                .action(ArgAction::Append)
                .num_args(0..)
                .allow_hyphen_values(false),
        );
    for &name in FLAGS {
        let action = if name == "verbose" {
            ArgAction::Count
        } else {
            ArgAction::SetTrue
        };
        cmd = cmd.arg(Arg::new(name).long(name).action(action));
    }
    for &name in VALUED {
        let action = if REPEATABLE.contains(&name) {
            ArgAction::Append
        } else {
            ArgAction::Set
        };
        cmd = cmd.arg(
            Arg::new(name)
                .long(name)
                .action(action)
                .num_args(1)
                .allow_hyphen_values(true),
        );
    }
    cmd
}

/// Resolves a long option name the way getopt_long does: an exact match, or
/// else a unique prefix.
fn resolve_long(name: &str) -> Option<&'static str> {
    let all = FLAGS.iter().chain(VALUED.iter()).copied();
    if let Some(exact) = all.clone().find(|n| *n == name) {
        return Some(exact);
    }
    let mut hits = all.filter(|n| n.starts_with(name));
    let first = hits.next()?;
    hits.next().is_none().then_some(first)
}

/// Rewrites `-name` to `--name`, leaving option values and everything after
/// `--` alone.
pub fn normalize(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut value_next = false;
    let mut rest = false;
    for (i, arg) in args.into_iter().enumerate() {
        if i == 0 || rest || value_next {
            value_next = false;
            out.push(arg);
            continue;
        }
        let Some(s) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if s == "--" {
            rest = true;
            out.push(arg);
            continue;
        }
        let long = if let Some(l) = s.strip_prefix("--") {
            Some(l)
        } else if s.len() > 1 && s.starts_with('-') {
            Some(&s[1..])
        } else {
            None
        };
        match long {
            Some(l) => {
                let (name, has_value) = match l.split_once('=') {
                    Some((n, _)) => (n, true),
                    None => (l, false),
                };
                if !has_value && resolve_long(name).is_some_and(|n| VALUED.contains(&n)) {
                    value_next = true;
                }
                out.push(OsString::from(format!("--{l}")));
            }
            None => out.push(arg),
        }
    }
    out
}

/// A parse failure, worded for the user.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Parses argv (including `argv[0]`).
pub fn parse(args: Vec<OsString>) -> Result<ArgMatches, UsageError> {
    let args = normalize(args);
    command().try_get_matches_from(args).map_err(|e| {
        use clap::error::{ContextKind, ErrorKind};
        let what = e
            .get(ContextKind::InvalidArg)
            .map(|v| v.to_string())
            .unwrap_or_default();
        let what = what
            .split_once(' ')
            .map_or(what.as_str(), |(a, _)| a)
            .trim_start_matches('-')
            .to_owned();
        match e.kind() {
            ErrorKind::UnknownArgument => UsageError(format!("unknown option -- {what}")),
            ErrorKind::InvalidValue | ErrorKind::NoEquals | ErrorKind::WrongNumberOfValues => {
                UsageError(format!("option requires an argument -- {what}"))
            }
            _ => UsageError(
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or("invalid arguments")
                    .to_owned(),
            ),
        }
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<ArgMatches, UsageError> {
        let mut v = vec![OsString::from("pkgconf-rs")];
        v.extend(args.iter().map(OsString::from));
        parse(v)
    }

    #[test]
    fn single_dash_and_prefixes() {
        let m = p(&["-cflags", "--modv", "foo"]).unwrap();
        assert!(m.get_flag("cflags"));
        assert!(m.get_flag("modversion"));
        assert!(p(&["--cfl", "foo"]).is_err(), "ambiguous prefix");
        assert!(p(&["-h"]).unwrap().get_flag("help"));
        assert!(p(&["--bogus-flag"]).is_err());
    }

    #[test]
    fn values_may_start_with_a_dash() {
        let m = p(&["--maximum-traverse-depth", "-1", "--libs", "bar"]).unwrap();
        assert_eq!(m.get_one::<String>("maximum-traverse-depth").unwrap(), "-1");
        let m = p(&["-variable", "prefix", "foo"]).unwrap();
        assert_eq!(m.get_one::<String>("variable").unwrap(), "prefix");
    }

    #[test]
    fn double_dash_ends_options_and_repeats_are_fine() {
        let m = p(&["--libs", "--libs", "--", "-weird"]).unwrap();
        let pk: Vec<&String> = m.get_many::<String>("packages").unwrap().collect();
        assert_eq!(pk, ["-weird"]);
        let m = p(&["--with-path=/a", "--with-path", "/b", "x"]).unwrap();
        assert_eq!(m.get_many::<String>("with-path").unwrap().count(), 2);
    }
}
