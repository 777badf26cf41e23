//! `pkgconf-rs-lint`: lints `.pc` files for distribution packagers, and,
//! run under the name `pccritic`, stands in for pkgconf's `pccritic`.
//!
//! The binary is thin: argv and the process environment become a library
//! [`libpkgconf::lint::Linter`] run, and its reports become bytes on stdout
//! (rendered by [`libpkgconf::lint::output`]) and an exit code.

mod pccritic;
mod run;
#[path = "../setup.rs"]
mod setup;

// The command line is defined in the library (src/lib.rs), where
// `cargo xtask` renders the man page and completions from it.
use pkgconf_rs_cli::lint_args as args;

use camino::Utf8Path;
use libpkgconf::lint::Target;
use std::ffi::OsString;
use std::io::{self, IsTerminal};
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let result = if invoked_as_pccritic(&argv) {
        pccritic::run(&argv)
    } else {
        run::run(argv)
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pkgconf-rs-lint: {e}");
            ExitCode::from(2)
        }
    }
}

/// Whether the program was started as `pccritic` (a link to this binary).
fn invoked_as_pccritic(argv: &[OsString]) -> bool {
    argv.first()
        .and_then(|a| std::path::Path::new(a).file_stem())
        .is_some_and(|stem| stem == "pccritic")
}

/// Whether to color stdout when asked to decide: it is a terminal and
/// `NO_COLOR` is unset or empty.
fn auto_color(env: &libpkgconf::Env) -> bool {
    io::stdout().is_terminal() && env.get_nonempty("NO_COLOR").is_none()
}

/// The context a lint run works on: the search path pkgconf-rs would use
/// (from the environment, `--with-path` and the personality), then every
/// directory among `targets` and the directory of every `.pc` file among
/// them, so that `Requires` between the files linted resolve.
fn context(
    program: &str,
    env: &libpkgconf::Env,
    with_path: &[String],
    defines: &[String],
    targets: &[String],
) -> Result<libpkgconf::Context, String> {
    let mut dirs = with_path.to_vec();
    for arg in targets {
        let dir = if !arg.ends_with(".pc") && Utf8Path::new(arg).is_dir() {
            arg.clone()
        } else if let Target::File(file) = Target::from_arg(arg) {
            match file.parent().map(Utf8Path::as_str) {
                None | Some("") => ".".to_owned(),
                Some(dir) => dir.to_owned(),
            }
        } else {
            continue;
        };
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    let options = setup::search_options(program, None, env, &dirs, defines)?;
    libpkgconf::Context::new(env, &options).map_err(|e| e.to_string())
}
