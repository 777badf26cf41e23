//! `cargo xtask`: the project's tasks that need more than `cargo build`
//! (the alias is in .cargo/config.toml).
//!
//! - `cargo xtask man [--check]`: renders man/pkgconf-rs.1 and
//!   man/pkgconf-rs-lint.1 from the clap definitions the programs parse
//!   with (cli/src/args.rs, cli/src/lint/args.rs) and the hand-written
//!   parts in man/src/; `--check` writes nothing and fails naming every
//!   page that is not what would be rendered.
//! - `cargo xtask completions --out DIR`: bash, zsh and fish completions
//!   for both programs.
//! - `cargo xtask build`: the release build as installed: the C library,
//!   and the programs linked statically on glibc (see `install::build`).
//! - `cargo xtask hot-code [--check]`: writes cli/hot-code.txt, the
//!   functions short queries run, which `build` has the linker lay out
//!   first; `--check` fails when the list no longer matches the build
//!   (see `hot`).
//! - `cargo xtask install --prefix P [--destdir D]`: builds the release
//!   and installs the programs, man pages, completions and the C library.

mod completions;
mod hot;
mod install;
mod man;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A task's failure, worded for the user.
type Result<T> = std::result::Result<T, String>;

/// The project's tasks.
#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "The project's tasks: man pages, completions, install"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Render man/pkgconf-rs.1 and man/pkgconf-rs-lint.1 from the clap
    /// definitions and man/src/*.in.
    Man {
        /// Write nothing; fail, naming each page, when a committed page is
        /// not what would be rendered.
        #[arg(long)]
        check: bool,
    },
    /// Write bash, zsh and fish completions for pkgconf-rs and
    /// pkgconf-rs-lint into DIR.
    Completions {
        /// The directory to write them to (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Build the release as it is installed: the C library, and the
    /// programs linked statically on glibc (in target/release).
    Build,
    /// Write cli/hot-code.txt: the functions short queries run (gdb over a
    /// build with symbols), which `build` lays out first.
    HotCode {
        /// Write nothing; fail when fewer than nine in ten of the listed
        /// functions are in the build (the list is stale).
        #[arg(long)]
        check: bool,
    },
    /// Build the release and install the programs, man pages, completions
    /// and the C library under PREFIX.
    Install(install::Options),
}

/// The workspace root: xtask/ is one level below it.
fn root() -> &'static Path {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest)
}

fn main() -> ExitCode {
    let result = match Cli::parse().task {
        Task::Man { check: false } => man::write(root()),
        Task::Man { check: true } => man::check(root()),
        Task::Completions { out } => completions::write_to(&out).map(|written| {
            for path in written {
                println!("wrote {}", path.display());
            }
        }),
        Task::Build => install::build(root()),
        Task::HotCode { check: false } => hot::write(root()),
        Task::HotCode { check: true } => hot::check(root()),
        Task::Install(options) => install::install(root(), &options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
