//! Command-line parsing into a typed [`Args`] struct. pkgconf accepts its
//! long options with one dash or two (`-cflags`, `--cflags`), unique
//! prefixes (`--modv`), `--opt=value` and `--opt value`, and options after
//! package names; clap does the parsing once single-dash long options have
//! been rewritten to their `--` form.

use clap::{CommandFactory, FromArgMatches, Parser, ValueHint};
use std::ffi::OsString;

// The headings of the man page's OPTIONS section (`cargo xtask man`), as
// the groups of `--help` (cli/src/help.txt).
const GENERAL: &str = "General";
const CROSS: &str = "Cross compilation";
const CHECKS: &str = "Checks";
const QUERIES: &str = "Queries";
const OUTPUT: &str = "Output";

/// Every option of pkgconf 3.0.7's command line. Options given more than
/// once: the last wins, except `--with-path`, `--define-variable`,
/// `--verbose` and (for `--json`) `--variable`, which add up.
///
/// The doc comments are the man page's descriptions (`cargo xtask man`
/// renders man/pkgconf-rs.1 from them) and the completions' summaries:
/// the first paragraph is the summary, the rest continues it in the man
/// page. `--help` prints cli/src/help.txt instead, in pkgconf's layout.
/// The fields keep their order (switches, then options with a value), not
/// the man page's: an ambiguous prefix names its candidates in this order,
/// and the man page lists the options of each heading in it.
#[derive(Debug, Default, Parser)]
#[command(
    name = "pkgconf-rs",
    about = "report compiler and linker flags for installed libraries",
    long_about = None,
    disable_help_flag = true,
    disable_version_flag = true,
    infer_long_args = true,
    args_override_self = true
)]
#[allow(clippy::struct_excessive_bools)]
pub struct Args {
    /// A package name, optionally followed by a version constraint (an operator
    /// and a version, in the same argument or the next two), or the path of a
    /// .pc file.
    ///
    /// All of them are read as one dependency list; see DESCRIPTION.
    #[arg(num_args = 0.., value_name = "PACKAGE")]
    pub packages: Vec<String>,

    /// Print a summary of the options and exit.
    #[arg(long, help_heading = GENERAL)]
    pub help: bool,
    /// Print the program's name, version and licence and exit.
    #[arg(long, help_heading = GENERAL)]
    pub about: bool,
    /// Print the pkg-config version this program implements (3.0.7) and exit.
    #[arg(long, help_heading = GENERAL)]
    pub version: bool,
    /// Be more talkative.
    ///
    /// Currently this prefixes each --modversion line with the package name.
    #[arg(long, action = clap::ArgAction::Count, help_heading = GENERAL)]
    pub verbose: u8,
    /// Write error messages to standard output instead of standard error.
    #[arg(long, help_heading = GENERAL)]
    pub errors_to_stdout: bool,
    /// Write error messages even for queries that are silent by default (such
    /// as --exists).
    #[arg(long, help_heading = GENERAL)]
    pub print_errors: bool,
    /// Write shorter error messages.
    ///
    /// They leave out the explanatory hints that normally accompany an error
    /// message (such as the advice to add a directory to PKG_CONFIG_PATH).
    #[arg(long, help_heading = GENERAL)]
    pub short_errors: bool,
    /// Never write error messages.
    #[arg(long, help_heading = GENERAL)]
    pub silence_errors: bool,
    /// List every package on the search path, with its name and description.
    ///
    /// Names supplied through Provides are listed too.
    #[arg(long, help_heading = GENERAL)]
    pub list_all: bool,
    /// Like --list-all, but print only the package names.
    #[arg(long, help_heading = GENERAL)]
    pub list_package_names: bool,
    /// Print the dependency graph that the query walks instead of flags.
    #[arg(long, help_heading = GENERAL)]
    pub simulate: bool,
    /// Accepted for compatibility; it has no effect.
    ///
    /// Each package is read once and walked once. pkgconf reads a package
    /// again at each requirement that names it, and walks it each time.
    #[arg(long, help_heading = GENERAL)]
    pub no_cache: bool,
    /// Derive each package's prefix variable from the location of its .pc file.
    ///
    /// The prefix is two levels above a pkgconfig directory; other variables
    /// that started with the old prefix are rewritten too.
    #[arg(long, help_heading = GENERAL)]
    pub define_prefix: bool,
    /// Never rewrite the prefix variable, even if PKG_CONFIG_RELOCATE_PATHS is
    /// set.
    #[arg(long, help_heading = GENERAL)]
    pub dont_define_prefix: bool,
    /// Accepted for compatibility and ignored; it has no effect.
    ///
    /// It does not turn off --define-prefix, PKG_CONFIG_RELOCATE_PATHS or the
    /// sysroot. pkgconf 3.0.7 on Linux prints the same output with and without
    /// it.
    #[arg(long, help_heading = GENERAL)]
    pub dont_relocate_paths: bool,
    /// Print the personality in use, in the personality file format.
    ///
    /// That is its triplet, sysroot, default search path, system include and
    /// library directories, and whether it defaults to static or pure linking.
    #[arg(long, help_heading = CROSS)]
    pub dump_personality: bool,
    /// Succeed if the packages, and everything they require, can be found and
    /// satisfy their constraints.
    ///
    /// Prints nothing unless --print-errors is given.
    #[arg(long, help_heading = CHECKS)]
    pub exists: bool,
    /// Succeed if the resolution uses at least one -uninstalled package.
    #[arg(long, help_heading = CHECKS)]
    pub uninstalled: bool,
    /// Never use NAME-uninstalled.pc files.
    #[arg(long, help_heading = CHECKS)]
    pub no_uninstalled: bool,
    /// Do not satisfy a requirement through another package's Provides field.
    #[arg(long, help_heading = CHECKS)]
    pub no_provides: bool,
    /// Resolve for static linking.
    ///
    /// Follow Requires.private and include Libs.private and Cflags.private.
    #[arg(long = "static", help_heading = CHECKS)]
    pub static_: bool,
    /// Resolve for shared linking (the default).
    ///
    /// Overrides --static and a personality that defaults to static linking.
    #[arg(long, help_heading = CHECKS)]
    pub shared: bool,
    /// With --static, leave out the private flags.
    ///
    /// Requires.private is still followed, but the Libs.private and
    /// Cflags.private fields are left out. A personality may turn this on by
    /// default.
    #[arg(long, help_heading = CHECKS)]
    pub pure: bool,
    /// Search only the --with-path directories and PKG_CONFIG_PATH.
    ///
    /// PKG_CONFIG_LIBDIR and the default path are ignored.
    #[arg(long, help_heading = CHECKS)]
    pub env_only: bool,
    /// Do not check Conflicts fields.
    #[arg(long, help_heading = CHECKS)]
    pub ignore_conflicts: bool,
    /// Report problems found in the packages' .pc files.
    ///
    /// The packages are loaded and the problems written on standard output, as
    /// PATH:LINE: warning: MESSAGE lines.
    #[arg(long, help_heading = CHECKS)]
    pub validate: bool,
    /// Print the compiler flags.
    #[arg(long, help_heading = QUERIES)]
    pub cflags: bool,
    /// Print only the -I compiler flags.
    #[arg(long = "cflags-only-I", help_heading = QUERIES)]
    pub cflags_only_include: bool,
    /// Print the compiler flags other than -I.
    #[arg(long, help_heading = QUERIES)]
    pub cflags_only_other: bool,
    /// Print the linker flags.
    #[arg(long, help_heading = QUERIES)]
    pub libs: bool,
    /// Print only the -L linker flags.
    #[arg(long = "libs-only-L", help_heading = QUERIES)]
    pub libs_only_libdirs: bool,
    /// Print only the -l linker flags.
    #[arg(long = "libs-only-l", help_heading = QUERIES)]
    pub libs_only_libnames: bool,
    /// Print the linker flags other than -L and -l.
    #[arg(long, help_heading = QUERIES)]
    pub libs_only_other: bool,
    /// Print the Requires of the packages.
    #[arg(long, help_heading = QUERIES)]
    pub print_requires: bool,
    /// Print the Requires.private (and Requires.internal) of the packages.
    #[arg(long, help_heading = QUERIES)]
    pub print_requires_private: bool,
    /// Print what the packages provide, including themselves with their
    /// version.
    #[arg(long, help_heading = QUERIES)]
    pub print_provides: bool,
    /// Print the names of the variables the package defines.
    #[arg(long, help_heading = QUERIES)]
    pub print_variables: bool,
    /// Print the dependency graph in Graphviz dot syntax.
    #[arg(long, help_heading = QUERIES)]
    pub digraph: bool,
    /// With --digraph, also print the query itself.
    ///
    /// It is a user:request node with an edge to each requested package.
    #[arg(long, help_heading = QUERIES)]
    pub print_digraph_query_nodes: bool,
    /// Print the resolved package list, one package per line.
    #[arg(long, help_heading = QUERIES)]
    pub solution: bool,
    /// Keep -I flags that name system include directories (normally removed).
    #[arg(long, help_heading = QUERIES)]
    pub keep_system_cflags: bool,
    /// Keep -L flags that name system library directories (normally removed).
    #[arg(long, help_heading = QUERIES)]
    pub keep_system_libs: bool,
    /// Print the path of the .pc file the package was read from.
    #[arg(long, help_heading = QUERIES)]
    pub path: bool,
    /// Print the version of each requested package.
    #[arg(long, help_heading = QUERIES)]
    pub modversion: bool,
    /// Keep the compiler flags of packages reached through Requires.internal.
    ///
    /// They are otherwise left out of a shared link.
    #[arg(long, help_heading = QUERIES)]
    pub internal_cflags: bool,
    /// Print each package's License as an SPDX expression.
    ///
    /// A package without one prints NOASSERTION.
    #[arg(long, help_heading = QUERIES)]
    pub license: bool,
    /// Print each package's License.file field.
    #[arg(long, help_heading = QUERIES)]
    pub license_file: bool,
    /// Print the language runtimes the packages need to be linked against.
    ///
    /// They come from the packages' Link.ABI fields (c when absent), sorted and
    /// without duplicates.
    #[arg(long, help_heading = QUERIES)]
    pub link_abi: bool,
    /// Print each package's Source field.
    #[arg(long, help_heading = QUERIES)]
    pub source: bool,
    /// Add -DHAVE_NAME to the compiler flags for each requested package found.
    ///
    /// NAME is the package name upper-cased, with - turned into _.
    #[arg(long, help_heading = QUERIES)]
    pub exists_cflags: bool,
    /// Print flags in the form the Microsoft compiler and linker expect.
    #[arg(long, help_heading = OUTPUT)]
    pub msvc_syntax: bool,
    /// Print the compiler and linker flags as an indented tree.
    #[arg(long, help_heading = OUTPUT)]
    pub fragment_tree: bool,
    /// Separate flags with newlines instead of spaces.
    #[arg(long, help_heading = OUTPUT)]
    pub newlines: bool,
    /// Write pkgconf-rs's own trace to standard error.
    ///
    /// It shows the personality, each search path directory, each .pc file the
    /// query used (read then, or earlier by the same process), the problems
    /// found in the files, and whether the dependencies could be resolved. This
    /// is not pkgconf's trace, which names pkgconf's own source files and
    /// functions.
    #[arg(long, help_heading = GENERAL)]
    pub debug: bool,
    /// Print one JSON document instead of text: the packages of the
    /// solution with their .pc files, the flags of --cflags --libs as text
    /// and as typed fragments, the variables asked for with --variable or
    /// --print-variables, every .pc file read, the outcome and the
    /// diagnostics.
    ///
    /// It replaces the other output options (combining them is an error)
    /// and is printed whether the query succeeds or not; the exit status is
    /// that of --cflags --libs. Error text goes to standard error, and only
    /// with --print-errors. The document's format (schema 1) is described in
    /// docs/json.md of the pkgconf-rs sources.
    #[arg(long, help_heading = OUTPUT)]
    pub json: bool,

    /// Exit successfully if the implemented pkg-config version is VERSION or
    /// newer, and with status 1 otherwise.
    #[arg(long, allow_hyphen_values = true, value_name = "VERSION", help_heading = GENERAL)]
    pub atleast_pkgconfig_version: Option<String>,
    /// Append the name and version of every package used by the query to FILE.
    #[arg(long, allow_hyphen_values = true, value_name = "FILE", help_heading = GENERAL, value_hint = ValueHint::FilePath)]
    pub log_file: Option<String>,
    /// Search DIR before every other directory.
    ///
    /// May be repeated; directories are searched in the order given.
    #[arg(long, allow_hyphen_values = true, action = clap::ArgAction::Append, value_name = "DIR", help_heading = GENERAL, value_hint = ValueHint::DirPath)]
    pub with_path: Vec<String>,
    /// Name of the variable that --define-prefix rewrites (default: prefix).
    #[arg(long, allow_hyphen_values = true, value_name = "NAME", help_heading = GENERAL)]
    pub prefix_variable: Option<String>,
    /// Use a target personality (see PERSONALITIES).
    ///
    /// An argument that contains a / or ends in .personality is read as a
    /// personality file; any other argument is a triplet whose
    /// TRIPLET.personality file is looked up in the personality directories. A
    /// triplet without a file falls back to the host personality.
    #[arg(long, allow_hyphen_values = true, value_name = "TRIPLET|FILE", help_heading = CROSS, value_hint = ValueHint::FilePath)]
    pub personality: Option<String>,
    /// Succeed only if every requested package is VERSION or newer.
    ///
    /// Applies to packages named without their own version constraint.
    #[arg(long, allow_hyphen_values = true, value_name = "VERSION", help_heading = CHECKS)]
    pub atleast_version: Option<String>,
    /// Succeed only if every requested package is exactly VERSION.
    #[arg(long, allow_hyphen_values = true, value_name = "VERSION", help_heading = CHECKS)]
    pub exact_version: Option<String>,
    /// Succeed only if every requested package is VERSION or older.
    #[arg(long, allow_hyphen_values = true, value_name = "VERSION", help_heading = CHECKS)]
    pub max_version: Option<String>,
    /// Follow dependencies at most N levels deep.
    ///
    /// -1 and 0 mean no limit; without the option (or
    /// PKG_CONFIG_MAXIMUM_TRAVERSE_DEPTH) there is no limit (pkgconf 3.0.7
    /// stops after about 256 levels).
    #[arg(long, allow_hyphen_values = true, value_name = "N", help_heading = CHECKS)]
    pub maximum_traverse_depth: Option<String>,
    /// Give variable NAME the value VALUE in every package, overriding the
    /// package's own definition.
    ///
    /// May be repeated.
    #[arg(long, allow_hyphen_values = true, action = clap::ArgAction::Append, value_name = "NAME=VALUE", help_heading = QUERIES)]
    pub define_variable: Vec<String>,
    /// Print the value of variable NAME.
    ///
    /// Given more than once, the last one is printed; with --json, each
    /// one is reported.
    #[arg(long, allow_hyphen_values = true, action = clap::ArgAction::Append, value_name = "NAME", help_heading = QUERIES)]
    pub variable: Vec<String>,
    /// Print only flags whose letter (the character after the dash) is in
    /// TYPES.
    ///
    /// For example, IL keeps the -I and -L flags.
    #[arg(long, allow_hyphen_values = true, value_name = "TYPES", help_heading = OUTPUT)]
    pub fragment_filter: Option<String>,
    /// Print the flags as shell assignments, PREFIX_CFLAGS='...' and
    /// PREFIX_LIBS='...'.
    ///
    /// With --variable or --print-variables, variables are printed as
    /// PREFIX_NAME='...', upper-cased. PREFIX may contain only letters and
    /// digits (no underscore); otherwise nothing is printed.
    #[arg(long, allow_hyphen_values = true, value_name = "PREFIX", help_heading = OUTPUT)]
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
                let (name, value) = l.split_once('=').map_or((l, None), |(n, v)| (n, Some(v)));
                let matches = long_matches(cmd, name);
                if matches.len() > 1 {
                    return Err(ambiguous(name, &matches));
                }
                // pkgconf's (getopt's) words for `--name=value` that
                // cannot be: the whole word for an unknown option.
                if value.is_some() {
                    match matches.first() {
                        None => return Err(UsageError(format!("unknown option -- {l}"))),
                        Some((_, false)) => {
                            return Err(UsageError(format!(
                                "option doesn't take an argument -- {name}"
                            )));
                        }
                        Some(_) => {}
                    }
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
///
/// Meant to be called once per process: the parser and its matches are
/// left allocated (freeing them cost 9% of a `--modversion` run's
/// instructions, and the process ends soon after).
pub fn parse(args: Vec<OsString>) -> Result<Args, UsageError> {
    // Building the command is most of the start-up cost: build it once.
    let mut cmd = Args::command();
    cmd.build();
    // clap gives each of the ~55 switches a "false" default that it parses
    // and stores on every run (a fifth of a `--modversion` run's
    // instructions). Without them only the options given are matched, and
    // the rest keep `Args::default()`, which holds the same defaults.
    cmd = cmd.mut_args(|a| a.default_values(Vec::<&str>::new()));
    let args = normalize(&cmd, args)?;
    let matches = cmd.try_get_matches_from_mut(args).map_err(usage_error)?;
    let mut parsed = Args::default();
    let updated = parsed
        .update_from_arg_matches(&matches)
        .map_err(usage_error);
    std::mem::forget(matches);
    std::mem::forget(cmd);
    updated.map(|()| parsed)
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
    fn a_value_where_none_can_be_is_worded_as_pkgconf() {
        let err = |args: &[&str]| p(args).err().map(|e| e.0).unwrap_or_default();
        assert_eq!(err(&["--bogus=1", "x"]), "unknown option -- bogus=1");
        assert_eq!(err(&["-bogus=2", "x"]), "unknown option -- bogus=2");
        assert_eq!(err(&["--bogus", "x"]), "unknown option -- bogus");
        assert_eq!(
            err(&["--cflags=3", "x"]),
            "option doesn't take an argument -- cflags"
        );
        // Named as written, as getopt does.
        assert_eq!(
            err(&["--modv=3", "x"]),
            "option doesn't take an argument -- modv"
        );
        assert!(p(&["--variable=prefix", "x"]).is_ok());
    }

    #[test]
    fn values_may_start_with_a_dash() {
        let m = p(&["--maximum-traverse-depth", "-1", "--libs", "bar"]).unwrap();
        assert_eq!(m.maximum_traverse_depth.as_deref(), Some("-1"));
        let m = p(&["-variable", "prefix", "foo"]).unwrap();
        assert_eq!(m.variable, ["prefix"]);
    }

    /// `parse` drops clap's defaults and starts from `Args::default()`:
    /// the two must agree, for every option (a `default_value` added to
    /// an option one day fails here).
    #[test]
    fn args_default_is_what_clap_defaults_to() {
        let matches = Args::command().get_matches_from(["pkgconf-rs"]);
        let clap_defaults = Args::from_arg_matches(&matches).unwrap();
        assert_eq!(
            format!("{clap_defaults:?}"),
            format!("{:?}", Args::default())
        );
        let none = p(&[]).unwrap();
        assert_eq!(format!("{none:?}"), format!("{:?}", Args::default()));
    }

    #[test]
    fn double_dash_ends_options_and_repeats_are_fine() {
        let m = p(&["--libs", "--libs", "--", "-weird"]).unwrap();
        assert_eq!(m.packages, ["-weird"]);
        let m = p(&["--with-path=/a", "--with-path", "/b", "x"]).unwrap();
        assert_eq!(m.with_path.len(), 2);
        let m = p(&["--variable=a", "--variable=b", "x"]).unwrap();
        assert_eq!(m.variable, ["a", "b"]);
    }
}
