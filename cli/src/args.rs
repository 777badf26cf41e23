//! Command-line parsing into a typed [`Args`] struct. pkgconf accepts its
//! long options with one dash or two (`-cflags`, `--cflags`), unique
//! prefixes (`--modv`), `--opt=value` and `--opt value`, and options after
//! package names; clap does the parsing once single-dash long options have
//! been rewritten to their `--` form.

use clap::{CommandFactory, FromArgMatches, Parser};
use std::ffi::OsString;

/// Every option of pkgconf 3.0.7's command line. Options given more than
/// once: the last wins, except `--with-path`, `--define-variable` and
/// `--verbose`, which add up.
#[derive(Debug, Default, Parser)]
#[command(
    name = "pkgconf-rs",
    disable_help_flag = true,
    disable_version_flag = true,
    infer_long_args = true,
    args_override_self = true
)]
#[allow(clippy::struct_excessive_bools)]
pub struct Args {
    /// Package names, version constraints and `.pc` paths.
    #[arg(num_args = 0..)]
    pub packages: Vec<String>,

    #[arg(long)]
    pub help: bool,
    #[arg(long)]
    pub about: bool,
    #[arg(long)]
    pub version: bool,
    #[arg(long, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[arg(long)]
    pub errors_to_stdout: bool,
    #[arg(long)]
    pub print_errors: bool,
    #[arg(long)]
    pub short_errors: bool,
    #[arg(long)]
    pub silence_errors: bool,
    #[arg(long)]
    pub list_all: bool,
    #[arg(long)]
    pub list_package_names: bool,
    #[arg(long)]
    pub simulate: bool,
    /// Accepted for compatibility; every file is read once anyway.
    #[arg(long)]
    pub no_cache: bool,
    #[arg(long)]
    pub define_prefix: bool,
    #[arg(long)]
    pub dont_define_prefix: bool,
    /// Accepted for compatibility; it has no effect (as in pkgconf 3.0.7
    /// on Linux).
    #[arg(long)]
    pub dont_relocate_paths: bool,
    #[arg(long)]
    pub dump_personality: bool,
    #[arg(long)]
    pub exists: bool,
    #[arg(long)]
    pub uninstalled: bool,
    #[arg(long)]
    pub no_uninstalled: bool,
    #[arg(long)]
    pub no_provides: bool,
    #[arg(long = "static")]
    pub static_: bool,
    #[arg(long)]
    pub shared: bool,
    #[arg(long)]
    pub pure: bool,
    #[arg(long)]
    pub env_only: bool,
    #[arg(long)]
    pub ignore_conflicts: bool,
    #[arg(long)]
    pub validate: bool,
    #[arg(long)]
    pub cflags: bool,
    #[arg(long = "cflags-only-I")]
    pub cflags_only_include: bool,
    #[arg(long)]
    pub cflags_only_other: bool,
    #[arg(long)]
    pub libs: bool,
    #[arg(long = "libs-only-L")]
    pub libs_only_libdirs: bool,
    #[arg(long = "libs-only-l")]
    pub libs_only_libnames: bool,
    #[arg(long)]
    pub libs_only_other: bool,
    #[arg(long)]
    pub print_requires: bool,
    #[arg(long)]
    pub print_requires_private: bool,
    #[arg(long)]
    pub print_provides: bool,
    #[arg(long)]
    pub print_variables: bool,
    #[arg(long)]
    pub digraph: bool,
    #[arg(long)]
    pub print_digraph_query_nodes: bool,
    #[arg(long)]
    pub solution: bool,
    #[arg(long)]
    pub keep_system_cflags: bool,
    #[arg(long)]
    pub keep_system_libs: bool,
    #[arg(long)]
    pub path: bool,
    #[arg(long)]
    pub modversion: bool,
    #[arg(long)]
    pub internal_cflags: bool,
    #[arg(long)]
    pub license: bool,
    #[arg(long)]
    pub license_file: bool,
    #[arg(long)]
    pub link_abi: bool,
    #[arg(long)]
    pub source: bool,
    #[arg(long)]
    pub exists_cflags: bool,
    #[arg(long)]
    pub msvc_syntax: bool,
    #[arg(long)]
    pub fragment_tree: bool,
    #[arg(long)]
    pub newlines: bool,
    #[arg(long)]
    pub debug: bool,

    #[arg(long, allow_hyphen_values = true)]
    pub atleast_pkgconfig_version: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub log_file: Option<String>,
    #[arg(long, allow_hyphen_values = true, action = clap::ArgAction::Append)]
    pub with_path: Vec<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub prefix_variable: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub personality: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub atleast_version: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub exact_version: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub max_version: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub maximum_traverse_depth: Option<String>,
    #[arg(long, allow_hyphen_values = true, action = clap::ArgAction::Append)]
    pub define_variable: Vec<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub variable: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub fragment_filter: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub env: Option<String>,
}

/// The long options a name can mean, the way getopt_long resolves it: the
/// exact match, or else every option it is a prefix of. Each comes with
/// whether it takes a value.
fn long_matches<'c>(cmd: &'c clap::Command, name: &str) -> Vec<(&'c str, bool)> {
    let longs: Vec<(&str, bool)> = cmd
        .get_arguments()
        .filter_map(|a| Some((a.get_long()?, a.get_action().takes_values())))
        .collect();
    if let Some(&exact) = longs.iter().find(|(n, _)| *n == name) {
        return vec![exact];
    }
    longs
        .into_iter()
        .filter(|(n, _)| n.starts_with(name))
        .collect()
}

/// The `--name` form of a `-name` or `--name[=value]` word, if it is one.
fn long_form(word: &str) -> Option<&str> {
    match word.strip_prefix("--") {
        Some(l) => Some(l),
        None if word.len() > 1 && word.starts_with('-') => Some(&word[1..]),
        None => None,
    }
}

/// pkgconf's message for a prefix of several options, and our line naming
/// them.
fn ambiguous(name: &str, candidates: &[(&str, bool)]) -> UsageError {
    let names: Vec<String> = candidates.iter().map(|(n, _)| format!("--{n}")).collect();
    let (last, rest) = names
        .split_last()
        .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
    UsageError(format!(
        "ambiguous option -- {name}\npkgconf-rs: --{name} could be {} or {last}",
        rest.join(", ")
    ))
}

/// Rewrites `-name` to `--name`, leaving option values and everything after
/// `--` alone; a prefix of several options is refused, as getopt_long does.
pub fn normalize(cmd: &clap::Command, args: Vec<OsString>) -> Result<Vec<OsString>, UsageError> {
    let mut out = Vec::with_capacity(args.len());
    let mut value_next = false;
    let mut rest = false;
    for (i, arg) in args.into_iter().enumerate() {
        let word = arg.to_str().filter(|_| i > 0 && !rest && !value_next);
        value_next = false;
        let Some(s) = word else {
            out.push(arg);
            continue;
        };
        if s == "--" {
            rest = true;
            out.push(arg);
            continue;
        }
        match long_form(s) {
            Some(l) => {
                let name = l.split_once('=').map_or(l, |(n, _)| n);
                let matches = long_matches(cmd, name);
                if matches.len() > 1 {
                    return Err(ambiguous(name, &matches));
                }
                value_next = !l.contains('=') && matches.first().is_some_and(|(_, v)| *v);
                out.push(OsString::from(format!("--{l}")));
            }
            None => out.push(arg),
        }
    }
    Ok(out)
}

/// A parse failure, worded for the user.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Parses argv (including `argv[0]`).
pub fn parse(args: Vec<OsString>) -> Result<Args, UsageError> {
    // Building the command is most of the start-up cost: build it once.
    let mut cmd = Args::command();
    let args = normalize(&cmd, args)?;
    let matches = cmd.try_get_matches_from_mut(args).map_err(usage_error)?;
    Args::from_arg_matches(&matches).map_err(usage_error)
}

/// pkgconf's wording of clap's errors.
fn usage_error(e: clap::Error) -> UsageError {
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
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Args, UsageError> {
        let mut v = vec![OsString::from("pkgconf-rs")];
        v.extend(args.iter().map(OsString::from));
        parse(v)
    }

    #[test]
    fn single_dash_and_prefixes() {
        let m = p(&["-cflags", "--modv", "foo"]).unwrap();
        assert!(m.cflags);
        assert!(m.modversion);
        let ambiguous = p(&["--cfl", "foo"]).err().map(|e| e.0).unwrap_or_default();
        assert_eq!(
            ambiguous,
            "ambiguous option -- cfl\npkgconf-rs: --cfl could be --cflags, \
             --cflags-only-I or --cflags-only-other"
        );
        assert!(
            p(&["--print-requires", "x"]).is_ok(),
            "an exact name is never ambiguous"
        );
        assert!(p(&["-h"]).unwrap().help);
        assert!(p(&["--bogus-flag"]).is_err());
        assert!(
            p(&["--cflags-only-I", "--libs-only-L", "x"])
                .unwrap()
                .cflags_only_include
        );
    }

    #[test]
    fn values_may_start_with_a_dash() {
        let m = p(&["--maximum-traverse-depth", "-1", "--libs", "bar"]).unwrap();
        assert_eq!(m.maximum_traverse_depth.as_deref(), Some("-1"));
        let m = p(&["-variable", "prefix", "foo"]).unwrap();
        assert_eq!(m.variable.as_deref(), Some("prefix"));
    }

    #[test]
    fn double_dash_ends_options_and_repeats_are_fine() {
        let m = p(&["--libs", "--libs", "--", "-weird"]).unwrap();
        assert_eq!(m.packages, ["-weird"]);
        let m = p(&["--with-path=/a", "--with-path", "/b", "x"]).unwrap();
        assert_eq!(m.with_path.len(), 2);
        let m = p(&["--variable=a", "--variable=b", "x"]).unwrap();
        assert_eq!(m.variable.as_deref(), Some("b"));
    }
}
